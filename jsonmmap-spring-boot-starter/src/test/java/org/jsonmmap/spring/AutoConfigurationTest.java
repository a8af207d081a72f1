package org.jsonmmap.spring;

import static org.assertj.core.api.Assertions.assertThat;

import org.jsonmmap.RegionWriter;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.micrometer.core.instrument.binder.MeterBinder;

/** Which beans the auto-configuration makes, with and without Actuator and Micrometer on the class path. */
class AutoConfigurationTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JsonMmapAutoConfiguration.class));

    @Test
    void withActuatorAndMicrometerThereAreAHealthIndicatorAndMetrics() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(RegionWatcher.class).hasSingleBean(JsonMmapHealthIndicator.class)
                    .hasSingleBean(RegionMetrics.class).doesNotHaveBean(RegionWriter.class);
            assertThat(context.getBean(JsonMmapHealthIndicator.class).health().getStatus()).as("no region imported")
                    .isEqualTo(Status.UNKNOWN);
        });
    }

    @Test
    void withoutThemTheWatcherStillWorks() {
        runner.withClassLoader(new FilteredClassLoader(HealthIndicator.class, MeterBinder.class)).run(context ->
                assertThat(context).hasNotFailed().hasSingleBean(RegionWatcher.class)
                        .doesNotHaveBean(JsonMmapHealthIndicator.class).doesNotHaveBean(RegionMetrics.class));
    }

    @Test
    void theHealthIndicatorCanBeTurnedOff() {
        runner.withPropertyValues("management.health.jsonmmap.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(JsonMmapHealthIndicator.class));
    }
}
