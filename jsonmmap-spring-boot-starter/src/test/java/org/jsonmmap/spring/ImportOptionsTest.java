package org.jsonmmap.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.jsonmmap.Region;
import org.jsonmmap.RegionWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.config.ConfigDataResourceNotFoundException;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/** Start-up with and without the region, per the import's options, and the master-side writer bean. */
@ExtendWith(OutputCaptureExtension.class)
class ImportOptionsTest {
    @TempDir
    Path dir;

    private ConfigurableApplicationContext run(String... args) {
        return new SpringApplicationBuilder(TestApp.class).web(WebApplicationType.NONE).run(args);
    }

    @Test
    void aMissingRegionFailsStartUpNamingTheFileAndWhatToDo(CapturedOutput output) {
        Path file = dir.resolve("absent.jmm");
        assertThatThrownBy(() -> run("--spring.config.import=jsonmmap:absent?dir=" + dir))
                .isInstanceOf(ConfigDataResourceNotFoundException.class)
                .hasMessageContaining("jsonmmap region 'absent' (" + file + ")")
                .cause().hasMessageContaining("region 'absent' does not exist: no file " + file)
                .hasMessageContaining("?optional=true");
        assertThat(output).contains("Config data resource 'jsonmmap region 'absent' (" + file + ")' via location "
                + "'jsonmmap:absent?dir=" + dir + "' does not exist");
    }

    @Test
    void anOptionalRegionThatIsMissingIsPickedUpWhenItsMasterCreatesIt() throws Exception {
        try (ConfigurableApplicationContext app = run("--spring.config.import=jsonmmap:later?optional=true&dir=" + dir)) {
            TestApp.Events events = app.getBean(TestApp.Events.class);
            assertThat(app.getEnvironment().getProperty("db.url")).isNull();
            assertThat(app.getBean(JsonMmapHealthIndicator.class).health().getStatus()).isEqualTo(Status.DOWN);

            try (RegionWriter writer = Region.named("later", dir).openWriter()) {
                writer.publishJson("{\"db\":{\"url\":\"jdbc:pg://late\"}}");
                RegionChangedEvent event = events.next();
                assertThat(event.changedKeys()).containsExactly("db.url");
                assertThat(app.getBean(TestApp.Db.class).getUrl()).isEqualTo("jdbc:pg://late");
                assertThat(app.getBean(JsonMmapHealthIndicator.class).health().getStatus()).isEqualTo(Status.UP);
            }
        }
    }

    @Test
    void springsOptionalPrefixMeansTheSame() {
        try (ConfigurableApplicationContext app = run("--spring.config.import=optional:jsonmmap:absent?dir=" + dir)) {
            assertThat(app.getEnvironment().getProperty("db.url")).isNull();
        }
    }

    @Test
    void waitLetsTheWorkerStartBeforeItsMaster() throws Exception {
        Region region = Region.named("slow", dir);
        CompletableFuture<RegionWriter> master = CompletableFuture.supplyAsync(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            RegionWriter w = region.openWriter();
            w.publishJson("{\"db\":{\"url\":\"jdbc:pg://slow\"}}");
            return w;
        });
        try (ConfigurableApplicationContext app = run("--spring.config.import=jsonmmap:slow?wait=10s&dir=" + dir)) {
            // the region appears empty for an instant before the first publish: the watcher catches up
            TestApp.Db db = app.getBean(TestApp.Db.class);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!"jdbc:pg://slow".equals(db.getUrl()) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(db.getUrl()).isEqualTo("jdbc:pg://slow");
        } finally {
            master.get(10, TimeUnit.SECONDS).close();
        }
    }

    @Test
    void anUnknownOptionFailsStartUpListingTheKnownOnes() {
        assertThatThrownBy(() -> run("--spring.config.import=jsonmmap:cfg?optinal=true&dir=" + dir))
                .hasStackTraceContaining("spring.config.import 'jsonmmap:cfg?optinal=true&dir=" + dir
                        + "': unknown option 'optinal' (known: dir, optional, wait)");
        assertThatThrownBy(() -> run("--spring.config.import=jsonmmap:cfg?wait=soon&dir=" + dir))
                .hasStackTraceContaining("wait must be a duration such as 10s or 500ms, found 'soon'");
    }

    @Test
    void aMasterGetsAWriterBeanFromProperties() throws Exception {
        Region region = Region.named("master-out", dir);
        try (ConfigurableApplicationContext app = run("--jsonmmap.writer.name=master-out", "--jsonmmap.writer.dir=" + dir,
                "--jsonmmap.writer.mode=0640")) {
            RegionWriter writer = app.getBean(RegionWriter.class);
            writer.publishJson("{\"hello\":\"workers\"}");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(region.path()))).isEqualTo("rw-r-----");
            assertThat(region.writerAlive()).isTrue();
            assertThat(region.info().version()).isEqualTo(1);
        }
        assertThat(region.writerAlive()).as("closed with the application").isFalse();
    }
}
