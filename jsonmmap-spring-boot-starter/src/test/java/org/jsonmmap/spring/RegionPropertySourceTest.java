package org.jsonmmap.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.jsonmmap.ReaderOptions;
import org.jsonmmap.Region;
import org.jsonmmap.RegionWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;

/** The property source alone, over a real region: names, values, relaxed binding, origins, liveness. */
class RegionPropertySourceTest {
    @TempDir
    Path dir;

    private RegionPropertySource open(Region region) {
        return new RegionPropertySource("jsonmmap:" + region.name(), region, region.openReader(), ReaderOptions.defaults());
    }

    @Test
    void documentFieldsBecomePropertiesNamedTheSpringWay() {
        Region region = Region.named("flat", dir);
        try (RegionWriter writer = region.openWriter()) {
            writer.publishJson("{\"db\":{\"url\":\"jdbc:pg://a\",\"poolSize\":8},\"features\":[\"search\",\"cart\"],"
                    + "\"labels\":{\"team.name\":\"core\",\"a/b\":1},\"empty\":{},\"none\":[],\"nothing\":null,"
                    + "\"ratio\":0.5,\"on\":true,\"matrix\":[[1,2],[3]]}");
            RegionPropertySource source = open(region);

            assertThat(source.getPropertyNames()).containsExactly("db.url", "db.poolSize", "features[0]", "features[1]",
                    "labels[team.name]", "labels.a/b", "empty", "none", "nothing", "ratio", "on", "matrix[0][0]",
                    "matrix[0][1]", "matrix[1][0]");
            assertThat(source.getProperty("db.url")).isEqualTo("jdbc:pg://a");
            assertThat(source.getProperty("db.poolSize")).isEqualTo(8);
            assertThat(source.getProperty("features[1]")).isEqualTo("cart");
            assertThat(source.getProperty("labels[team.name]")).isEqualTo("core");
            assertThat(source.getProperty("empty")).isEqualTo("");
            assertThat(source.getProperty("nothing")).isEqualTo("");
            assertThat(source.getProperty("ratio")).isEqualTo(0.5);
            assertThat(source.getProperty("on")).isEqualTo(true);
            assertThat(source.getProperty("missing")).isNull();
            assertThat(source.getOrigin("labels.a/b")).hasToString(
                    "region 'flat' (" + region.path() + ") version 1, /labels/a~1b");
            assertThat(source.getOrigin("matrix[1][0]")).isEqualTo(new RegionOrigin("flat", region.path(), 1, "/matrix/1/0"));
            source.close();
        }
    }

    @Test
    void bindsWithRelaxedNamesAndReportsTheRegionAsOrigin() {
        Region region = Region.named("relaxed", dir);
        try (RegionWriter writer = region.openWriter()) {
            writer.publishJson("{\"db\":{\"url\":\"jdbc:pg://a\",\"poolSize\":8,\"replicas\":[\"r1\",\"r2\"]}}");
            StandardEnvironment env = new StandardEnvironment();
            env.getPropertySources().addFirst(open(region));
            ConfigurationPropertySources.attach(env);

            // the test application's JavaBean, bound here without Spring Boot's context
            TestApp.Db db = Binder.get(env).bind("db", Bindable.of(TestApp.Db.class)).get();
            assertThat(db.getUrl()).isEqualTo("jdbc:pg://a");
            assertThat(db.getPoolSize()).isEqualTo(8);
            assertThat(db.getReplicas()).containsExactly("r1", "r2");
            assertThat(env.getProperty("db.pool-size")).isEqualTo("8");

            ConfigurationProperty property = null;
            for (ConfigurationPropertySource s : ConfigurationPropertySources.get(env)) {
                property = s.getConfigurationProperty(ConfigurationPropertyName.of("db.pool-size"));
                if (property != null) {
                    break;
                }
            }
            assertThat(property).isNotNull();
            assertThat(property.getOrigin()).hasToString("region 'relaxed' (" + region.path() + ") version 1, /db/poolSize");
        }
    }

    @Test
    void everyLookupSeesTheLatestVersionWithoutAWatcher() {
        Region region = Region.named("live", dir);
        try (RegionWriter writer = region.openWriter()) {
            writer.publishJson("{\"db\":{\"url\":\"one\"}}");
            RegionPropertySource source = open(region);
            assertThat(source.getProperty("db.url")).isEqualTo("one");
            writer.publishJson("{\"db\":{\"url\":\"two\",\"poolSize\":3}}");
            assertThat(source.getProperty("db.url")).isEqualTo("two");
            assertThat(source.getPropertyNames()).containsExactly("db.url", "db.poolSize");
            assertThat(source.version()).isEqualTo(2);
            source.close();
        }
    }

    @Test
    void keepsTheLastGoodValuesWhenTheRegionIsDeletedAndFollowsItWhenItComesBack() {
        Region region = Region.named("gone", dir);
        RegionPropertySource source;
        try (RegionWriter writer = region.openWriter()) {
            writer.publishJson("{\"db\":{\"url\":\"kept\"}}");
            source = open(region);
            assertThat(source.isConnected()).isTrue();
            region.delete(true);
        }
        assertThat(source.getProperty("db.url")).isEqualTo("kept");
        assertThat(source.isConnected()).isFalse();
        assertThat(source.lastError()).get().extracting(Throwable::getMessage).asString().contains("deleted");
        assertThat(source.readErrors()).isEqualTo(1);
        assertThat(source.reopenIfPossible()).as("nothing to reopen yet").isFalse();

        try (RegionWriter writer = region.openWriter()) {
            writer.publishJson("{\"db\":{\"url\":\"new master\"}}");
            assertThat(source.reopenIfPossible()).isTrue();
            assertThat(source.getProperty("db.url")).isEqualTo("new master");
            assertThat(source.lastError()).isEmpty();
            assertThat(source.version()).isEqualTo(1);
        }
        source.close();
    }
}
