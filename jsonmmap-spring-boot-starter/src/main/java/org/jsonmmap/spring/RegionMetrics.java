package org.jsonmmap.spring;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Micrometer metrics of the imported regions, each tagged {@code region=NAME}:
 *
 * <ul>
 *   <li>{@code jsonmmap.region.version} (gauge): the version the properties come from;</li>
 *   <li>{@code jsonmmap.region.age} (time gauge, seconds): how long ago that version was published
 *       (NaN before the first one);</li>
 *   <li>{@code jsonmmap.region.changes} (counter): changes announced since start;</li>
 *   <li>{@code jsonmmap.region.read.errors} (counter): failed reads (a version that fails validation,
 *       the region deleted or replaced), each counted once;</li>
 *   <li>{@code jsonmmap.region.connected} (gauge): 1 while the region is read, 0 while it is gone.</li>
 * </ul>
 *
 * Spring Boot binds it to the application's {@code MeterRegistry} (it is a {@code MeterBinder} bean).
 */
public final class RegionMetrics implements MeterBinder {
    private final RegionWatcher watcher;

    /** @param watcher the imported regions */
    public RegionMetrics(RegionWatcher watcher) {
        this.watcher = watcher;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (RegionPropertySource source : watcher.sources()) {
            Tags tags = Tags.of("region", source.region().name());
            Gauge.builder("jsonmmap.region.version", source, RegionPropertySource::version)
                    .description("the region version the properties come from").tags(tags).register(registry);
            TimeGauge.builder("jsonmmap.region.age", source, TimeUnit.MILLISECONDS, RegionMetrics::ageMillis)
                    .description("time since that version was published").tags(tags).register(registry);
            FunctionCounter.builder("jsonmmap.region.changes", source, watcher::changes)
                    .description("changes of the region seen since start").tags(tags).register(registry);
            FunctionCounter.builder("jsonmmap.region.read.errors", source, RegionPropertySource::readErrors)
                    .description("failed reads of the region").tags(tags).register(registry);
            Gauge.builder("jsonmmap.region.connected", source, s -> s.isConnected() ? 1 : 0)
                    .description("1 while the region is read, 0 while it is gone").tags(tags).register(registry);
        }
    }

    private static double ageMillis(RegionPropertySource source) {
        return source.publishedAt().map(t -> (double) Duration.between(t, Instant.now()).toMillis()).orElse(Double.NaN);
    }
}
