package org.jsonmmap.example.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

import org.jsonmmap.JsonMmapException;
import org.jsonmmap.Region;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.Environment;
import org.springframework.util.FileSystemUtils;

/**
 * The example worker, started by Spring Boot's test support against the region a real master process
 * publishes ({@code bin/jsonmmap publish worker-config --lines}, a child JVM): it starts with the master's
 * settings, follows each edit within a second without a restart, rejects an edit that does not bind while
 * keeping its settings, keeps its last good settings and reports DOWN when the region is deleted, and
 * follows the next master. One application for the whole class (the tests run in order).
 */
@SpringBootTest(properties = {"spring.main.keep-alive=false", "spring.jmx.enabled=true",
        "management.endpoints.jmx.exposure.include=health"})
@ExtendWith(OutputCaptureExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkerApplicationTest {
    private static Path home;
    private static Path dir;
    private static Master master;

    @Autowired
    WorkerSettings settings;
    @Autowired
    Environment environment;
    @Autowired
    HealthEndpoint health;

    @BeforeAll
    static void startTheMaster() throws Exception {
        home = Files.createTempDirectory("jsonmmap-worker-test");
        dir = Files.createDirectory(home.resolve("regions"));
        // the application's import resolves the region directory from jsonmmap.dir
        System.setProperty("jsonmmap.dir", dir.toString());
        master = Master.streaming(dir, "worker-config");
        master.publish("{\"worker\":{\"greeting\":\"hello\",\"batchSize\":10,\"queues\":[\"a\"]}}");
        Region region = Region.named("worker-config", dir);
        waitUntil(Duration.ofSeconds(30), () -> {
            try {
                return region.exists() && region.info().version() == 1;
            } catch (JsonMmapException e) {
                return false;                  // not fully created yet
            }
        });
    }

    @AfterAll
    static void stopTheMaster() throws Exception {
        System.clearProperty("jsonmmap.dir");
        if (master != null) {
            master.close();
        }
        FileSystemUtils.deleteRecursively(home);
    }

    private static void waitUntil(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + timeout.toMillis() + " ms");
            }
            Thread.sleep(2);
        }
    }

    private Status regionHealth() {
        return health.healthForPath("jsonmmap").getStatus();
    }

    @Test
    @Order(1)
    void startsWithTheSettingsTheMasterPublished(CapturedOutput output) {
        assertThat(settings.getGreeting()).isEqualTo("hello");
        assertThat(settings.getBatchSize()).isEqualTo(10);
        assertThat(settings.getQueues()).containsExactly("a");
        assertThat(environment.getProperty("worker.batch-size")).isEqualTo("10");
        assertThat(regionHealth()).isEqualTo(Status.UP);
    }

    @Test
    @Order(2)
    void followsAnEditWithinASecondWithoutARestart(CapturedOutput output) throws Exception {
        master.publish("{\"worker\":{\"greeting\":\"bonjour\",\"batchSize\":20,\"queues\":[\"a\",\"b\"]}}");
        long written = System.nanoTime();
        // the event (logged by SettingsLog) comes once the settings are rebound, all fields
        waitUntil(Duration.ofSeconds(1), () -> output.getOut().contains("worker settings now (version 2"));
        System.out.printf("the worker was rebound %.1f ms after the master was handed the edit%n",
                (System.nanoTime() - written) / 1e6);

        assertThat(settings.getGreeting()).isEqualTo("bonjour");
        assertThat(settings.getBatchSize()).isEqualTo(20);
        assertThat(settings.getQueues()).containsExactly("a", "b");
        assertThat(output.getOut()).contains("changed [worker.batchSize, worker.greeting, worker.queues[1]]");
    }

    @Test
    @Order(3)
    void anEditThatDoesNotBindIsRejectedAndTheSettingsStay(CapturedOutput output) throws Exception {
        master.publish("{\"worker\":{\"greeting\":\"hola\",\"batchSize\":\"many\",\"queues\":[\"a\",\"b\"]}}");
        waitUntil(Duration.ofSeconds(5), () -> output.getOut().contains("worker keeps its settings (version 3"));

        assertThat(output.getOut()).contains("Failed to bind properties under 'worker.batch-size' to int");
        assertThat(settings.getGreeting()).isEqualTo("bonjour");
        assertThat(settings.getBatchSize()).isEqualTo(20);
    }

    @Test
    @Order(4)
    void keepsItsLastGoodSettingsAndReportsDownWhenTheRegionIsDeleted() throws Exception {
        Master.run(dir, "", "rm", "worker-config", "--force");
        waitUntil(Duration.ofSeconds(2), () -> regionHealth().equals(Status.DOWN));
        master.close();

        assertThat(settings.getGreeting()).isEqualTo("bonjour");
        assertThat(environment.getProperty("worker.greeting")).isEqualTo("hola");
        assertThat(environment.getProperty("worker.batch-size")).isEqualTo("many");
        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
    }

    @Test
    @Order(5)
    void followsTheNextMaster(CapturedOutput output) throws Exception {
        Master.run(dir, "{\"worker\":{\"greeting\":\"again\",\"batchSize\":5,\"queues\":[\"c\"]}}",
                "publish", "worker-config");
        waitUntil(Duration.ofSeconds(5), () -> output.getOut().contains("worker settings now (version 1"));

        assertThat(settings.getGreeting()).isEqualTo("again");
        assertThat(settings.getBatchSize()).isEqualTo(5);
        assertThat(settings.getQueues()).containsExactly("c");
        assertThat(regionHealth()).isEqualTo(Status.UP);
    }

    @Test
    @Order(6)
    void withoutItsRegionTheWorkerDoesNotStartAndSaysWhy() {
        assertThatThrownBy(() -> SpringApplication.run(WorkerApplication.class,
                "--spring.config.import=jsonmmap:no-such-region", "--spring.main.keep-alive=false"))
                .hasMessageContaining("jsonmmap region 'no-such-region' (" + dir.resolve("no-such-region.jmm") + ")")
                .cause().hasMessageContaining("start its master (or `jsonmmap publish no-such-region`) first");
    }
}
