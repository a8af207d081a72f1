package org.jsonmmap.spring;

import java.nio.file.Path;

import org.jsonmmap.FileMode;
import org.jsonmmap.Region;
import org.jsonmmap.RegionWriter;
import org.jsonmmap.WriterOptions;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;

import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Auto-configuration of the starter:
 *
 * <ul>
 *   <li>worker side: a {@link RegionWatcher} for the regions imported with
 *       {@code spring.config.import=jsonmmap:NAME} (events, rebinding, reconnection), a
 *       {@link JsonMmapHealthIndicator} when Actuator's health support is present (disable it with
 *       {@code management.health.jsonmmap.enabled=false}), and {@link RegionMetrics} when Micrometer is;</li>
 *   <li>master side: a {@link RegionWriter} bean when {@code jsonmmap.writer.name} is set (closed with the
 *       application, which releases the region to the next writer).</li>
 * </ul>
 */
@AutoConfiguration
@EnableConfigurationProperties(JsonMmapProperties.class)
public class JsonMmapAutoConfiguration {
    /** Created by Spring Boot. */
    public JsonMmapAutoConfiguration() {
    }

    /**
     * @param environment the environment holding the imported regions
     * @param context where to publish events and find the beans to rebind
     * @return the watcher of the imported regions
     */
    @Bean
    @ConditionalOnMissingBean
    public RegionWatcher jsonmmapRegionWatcher(ConfigurableEnvironment environment, ApplicationContext context) {
        return new RegionWatcher(environment, context);
    }

    /**
     * The master side: a writer of {@code jsonmmap.writer.name}.
     *
     * @param properties the settings
     * @return the writer, which holds the region until the application stops
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "jsonmmap.writer", name = "name")
    public RegionWriter jsonmmapRegionWriter(JsonMmapProperties properties) {
        JsonMmapProperties.Writer w = properties.getWriter();
        String dir = w.getDir() != null ? w.getDir() : properties.getDir();
        Region region;
        if (w.getName().contains("/")) {
            region = Region.at(Path.of(w.getName()));
        } else if (dir != null && !dir.isEmpty()) {
            region = Region.named(w.getName(), Path.of(dir));
        } else {
            region = Region.named(w.getName());
        }
        WriterOptions options = WriterOptions.defaults()
                .withMode(FileMode.parse(w.getMode()))
                .withInitialCapacity(w.getInitialCapacity().toBytes())
                .withDurable(w.isDurable());
        return region.openWriter(options);
    }

    /** The health indicator, with Actuator. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    @ConditionalOnEnabledHealthIndicator("jsonmmap")
    static class Health {
        @Bean
        @ConditionalOnMissingBean(name = "jsonmmapHealthIndicator")
        JsonMmapHealthIndicator jsonmmapHealthIndicator(RegionWatcher watcher, JsonMmapProperties properties) {
            return new JsonMmapHealthIndicator(watcher, properties.getHealth());
        }
    }

    /** The metrics, with Micrometer. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterBinder.class)
    static class Metrics {
        @Bean
        @ConditionalOnMissingBean
        RegionMetrics jsonmmapRegionMetrics(RegionWatcher watcher) {
            return new RegionMetrics(watcher);
        }
    }
}
