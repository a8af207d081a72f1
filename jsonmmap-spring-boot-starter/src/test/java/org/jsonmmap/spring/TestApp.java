package org.jsonmmap.spring;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/** The application the starter's tests start with Spring Boot: three kinds of properties beans and an event log. */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableConfigurationProperties({TestApp.Db.class, TestApp.Limits.class, TestApp.Frozen.class})
public class TestApp {
    @Bean
    Events events() {
        return new Events();
    }

    /** Every {@link RegionChangedEvent}, in order. */
    public static class Events {
        private final BlockingQueue<RegionChangedEvent> queue = new LinkedBlockingQueue<>();

        @EventListener
        void on(RegionChangedEvent event) {
            queue.add(event);
        }

        /** The next event, failing the test if none comes within 5 s. */
        public RegionChangedEvent next() throws InterruptedException {
            RegionChangedEvent e = queue.poll(5, TimeUnit.SECONDS);
            if (e == null) {
                throw new AssertionError("no RegionChangedEvent within 5 s");
            }
            return e;
        }

        public void clear() {
            queue.clear();
        }
    }

    /** A JavaBean: rebound on a change. */
    @ConfigurationProperties("db")
    public static class Db {
        private String url;
        private int poolSize = 4;
        private final List<String> replicas = new ArrayList<>();

        public String getUrl() {
            return url;
        }

        public void setUrl(String url) {
            this.url = url;
        }

        public int getPoolSize() {
            return poolSize;
        }

        public void setPoolSize(int poolSize) {
            this.poolSize = poolSize;
        }

        public List<String> getReplicas() {
            return replicas;
        }
    }

    /** A JavaBean that validates itself: {@code max} must be positive. */
    @ConfigurationProperties("limits")
    public static class Limits implements Validator {
        private int max = 10;

        public int getMax() {
            return max;
        }

        public void setMax(int max) {
            this.max = max;
        }

        @Override
        public boolean supports(Class<?> type) {
            return Limits.class.isAssignableFrom(type);
        }

        @Override
        public void validate(Object target, Errors errors) {
            if (((Limits) target).getMax() <= 0) {
                errors.rejectValue("max", "positive", "limits.max must be positive");
            }
        }
    }

    /**
     * Bound through its constructor: cannot be rebound.
     *
     * @param name a name
     */
    @ConfigurationProperties("frozen")
    public record Frozen(String name) {
    }
}
