package org.jsonmmap.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.jsonmmap.Region;
import org.jsonmmap.RegionStatus;
import org.jsonmmap.RegionWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.origin.PropertySourceOrigin;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * One Spring Boot application, started once with {@code spring.config.import=jsonmmap:...} against a real
 * region, through a sequence of changes: binding, rebinding, failed rebinding, health, metrics, loss and
 * return of the region. The tests run in order and share the application (starting it costs a second).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StarterApplicationTest {
    private Path dir;
    private Region region;
    private RegionWriter writer;
    private ConfigurableApplicationContext app;
    private TestApp.Events events;

    @BeforeAll
    void start() throws Exception {
        dir = Files.createTempDirectory("jsonmmap-starter-test");
        region = Region.named("starter", dir);
        writer = region.openWriter();
        writer.publishJson("{\"db\":{\"url\":\"jdbc:pg://one\",\"poolSize\":8,\"replicas\":[\"r1\",\"r2\"]},"
                + "\"limits\":{\"max\":5},\"frozen\":{\"name\":\"ice\"}}");
        app = new SpringApplicationBuilder(TestApp.class).web(WebApplicationType.NONE)
                .run("--spring.config.import=jsonmmap:starter?dir=" + dir);
        events = app.getBean(TestApp.Events.class);
    }

    @AfterAll
    void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        if (writer != null) {
            writer.close();
        }
        FileSystemUtils.deleteRecursively(dir);
    }

    @BeforeEach
    void forgetEarlierEvents() {
        events.clear();
    }

    private TestApp.Db db() {
        return app.getBean(TestApp.Db.class);
    }

    private Health health() {
        return app.getBean(JsonMmapHealthIndicator.class).health();
    }

    @Test
    @Order(1)
    void theDocumentIsBoundWithRelaxedNamesAndTheRegionAsOrigin() {
        assertThat(db().getUrl()).isEqualTo("jdbc:pg://one");
        assertThat(db().getPoolSize()).isEqualTo(8);
        assertThat(db().getReplicas()).containsExactly("r1", "r2");
        assertThat(app.getBean(TestApp.Frozen.class).name()).isEqualTo("ice");
        assertThat(app.getEnvironment().getProperty("db.pool-size")).isEqualTo("8");

        ConfigurationProperty property = null;
        for (ConfigurationPropertySource s : ConfigurationPropertySources.get(app.getEnvironment())) {
            property = s.getConfigurationProperty(ConfigurationPropertyName.of("db.pool-size"));
            if (property != null) {
                break;
            }
        }
        assertThat(property).isNotNull();
        assertThat(property.getOrigin()).isInstanceOf(PropertySourceOrigin.class);
        assertThat(((PropertySourceOrigin) property.getOrigin()).getOrigin()).isInstanceOf(RegionOrigin.class)
                .hasToString("region 'starter' (" + region.path() + ") version 1, /db/poolSize");
        assertThat(health().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    @Order(2)
    void aChangeRebindsTheBeansAndPublishesAnEventNamingTheChangedKeys() throws Exception {
        long v = writer.publishJson("{\"db\":{\"url\":\"jdbc:pg://two\",\"poolSize\":16,\"replicas\":[\"r1\"]},"
                + "\"limits\":{\"max\":5},\"frozen\":{\"name\":\"ice\"}}");
        RegionChangedEvent event = events.next();

        assertThat(event.region()).isEqualTo("starter");
        assertThat(event.oldVersion()).isEqualTo(v - 1);
        assertThat(event.newVersion()).isEqualTo(v);
        assertThat(event.changedKeys()).containsExactlyInAnyOrder("db.url", "db.poolSize", "db.replicas[1]");
        assertThat(event.reboundBeans()).containsExactly("db-" + TestApp.Db.class.getName());
        assertThat(event.rebindFailures()).isEmpty();
        assertThat(db().getUrl()).isEqualTo("jdbc:pg://two");
        assertThat(db().getPoolSize()).isEqualTo(16);
        assertThat(db().getReplicas()).containsExactly("r1");
        assertThat(app.getEnvironment().getProperty("db.url")).isEqualTo("jdbc:pg://two");
    }

    @Test
    @Order(3)
    void aKeyRemovedFromTheDocumentGoesBackToItsDefault() throws Exception {
        writer.publishJson("{\"db\":{\"url\":\"jdbc:pg://two\"},\"limits\":{\"max\":5},\"frozen\":{\"name\":\"ice\"}}");
        RegionChangedEvent event = events.next();

        assertThat(event.changedKeys()).containsExactlyInAnyOrder("db.poolSize", "db.replicas[0]");
        assertThat(db().getPoolSize()).as("the field's default").isEqualTo(4);
        assertThat(db().getReplicas()).isEmpty();
    }

    @Test
    @Order(4)
    void aValueThatDoesNotConvertKeepsTheOldValuesAndTheEventSaysWhy() throws Exception {
        writer.publishJson("{\"db\":{\"url\":\"jdbc:pg://three\",\"poolSize\":\"lots\"},\"limits\":{\"max\":5},"
                + "\"frozen\":{\"name\":\"ice\"}}");
        RegionChangedEvent event = events.next();

        assertThat(event.reboundBeans()).isEmpty();
        assertThat(event.rebindFailures()).containsOnlyKeys("db-" + TestApp.Db.class.getName());
        assertThat(event.rebindFailures().values().iterator().next())
                .contains("keeps its old values").contains("db.pool-size").contains("lots");
        assertThat(db().getUrl()).as("all or nothing: not even the url that did convert").isEqualTo("jdbc:pg://two");
        assertThat(db().getPoolSize()).isEqualTo(4);
    }

    @Test
    @Order(5)
    void aValueThatFailsValidationKeepsTheOldValuesAndTheEventSaysWhy() throws Exception {
        writer.publishJson("{\"db\":{\"url\":\"jdbc:pg://two\"},\"limits\":{\"max\":0},\"frozen\":{\"name\":\"ice\"}}");
        RegionChangedEvent event = events.next();

        assertThat(event.changedKeys()).contains("limits.max");
        assertThat(event.rebindFailures()).containsOnlyKeys("limits-" + TestApp.Limits.class.getName());
        assertThat(event.rebindFailures().values().iterator().next()).contains("limits.max must be positive");
        assertThat(app.getBean(TestApp.Limits.class).getMax()).isEqualTo(5);
    }

    @Test
    @Order(6)
    void aBeanBoundThroughItsConstructorIsReportedAsNotRebound() throws Exception {
        writer.publishJson("{\"db\":{\"url\":\"jdbc:pg://two\"},\"limits\":{\"max\":5},\"frozen\":{\"name\":\"water\"}}");
        RegionChangedEvent event = events.next();

        assertThat(event.rebindFailures()).containsKey("frozen-" + TestApp.Frozen.class.getName());
        assertThat(event.rebindFailures().get("frozen-" + TestApp.Frozen.class.getName())).contains("constructor");
        assertThat(app.getBean(TestApp.Frozen.class).name()).isEqualTo("ice");
        assertThat(app.getEnvironment().getProperty("frozen.name")).isEqualTo("water");
    }

    @Test
    @Order(7)
    void metricsCountVersionsChangesAndErrors() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        app.getBean(RegionMetrics.class).bindTo(registry);
        assertThat(registry.get("jsonmmap.region.version").tag("region", "starter").gauge().value())
                .isEqualTo(writer.version());
        assertThat(registry.get("jsonmmap.region.changes").tag("region", "starter").functionCounter().count())
                .isEqualTo(5);
        assertThat(registry.get("jsonmmap.region.read.errors").functionCounter().count()).isZero();
        assertThat(registry.get("jsonmmap.region.age").timeGauge().value()).isGreaterThanOrEqualTo(0);
        assertThat(registry.get("jsonmmap.region.connected").gauge().value()).isEqualTo(1);
    }

    @Test
    @Order(8)
    void aMirrorWhoseSourceIsDisconnectedIsOutOfService() {
        writer.setStatus(RegionStatus.SOURCE_DISCONNECTED);
        Health h = health();
        assertThat(h.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
        assertThat(h.getDetails().get("starter")).asString().contains("source=disconnected since");
        writer.setStatus(0);
        assertThat(health().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    @Order(9)
    void whenTheRegionIsDeletedTheLastGoodValuesStayAndHealthIsDown() throws Exception {
        long last = writer.version();
        writer.close();
        region.delete();

        Health h = health();
        assertThat(h.getStatus()).isEqualTo(Status.DOWN);
        assertThat(h.getDetails().get("starter")).asString().contains("was deleted").contains("version=" + last);
        assertThat(app.getEnvironment().getProperty("db.url")).isEqualTo("jdbc:pg://two");
        assertThat(db().getUrl()).isEqualTo("jdbc:pg://two");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        app.getBean(RegionMetrics.class).bindTo(registry);
        assertThat(registry.get("jsonmmap.region.read.errors").functionCounter().count()).isEqualTo(1);
        assertThat(registry.get("jsonmmap.region.connected").gauge().value()).isZero();
    }

    @Test
    @Order(10)
    void aNewMasterOnTheSameRegionIsFollowed() throws Exception {
        writer = region.openWriter();
        writer.publishJson("{\"db\":{\"url\":\"jdbc:pg://reborn\"},\"limits\":{\"max\":5},\"frozen\":{\"name\":\"ice\"}}");
        RegionChangedEvent event = events.next();

        assertThat(event.newVersion()).isEqualTo(1);
        assertThat(event.changedKeys()).containsExactly("db.url", "frozen.name");
        assertThat(db().getUrl()).isEqualTo("jdbc:pg://reborn");
        assertThat(health().getStatus()).isEqualTo(Status.UP);
        assertThat(List.of(app.getBean(RegionWatcher.class).sources().get(0).getPropertyNames()))
                .contains("db.url", "limits.max", "frozen.name");
    }
}
