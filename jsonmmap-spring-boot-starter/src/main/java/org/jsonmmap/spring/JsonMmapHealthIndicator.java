package org.jsonmmap.spring;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.jsonmmap.JsonMmapException;
import org.jsonmmap.RegionReader;
import org.jsonmmap.RegionReplacedException;
import org.jsonmmap.RegionStatus;
import org.jsonmmap.RegionTruncatedException;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * Actuator health of the imported regions (contributor {@code jsonmmap}), one detail entry per region,
 * the overall status being the worst of them:
 *
 * <ul>
 *   <li>{@code DOWN}: the region cannot be read: it does not exist (an optional import not created yet),
 *       it was deleted, replaced or truncated, or its latest version fails validation. The application keeps
 *       the last good values (detail {@code version}) and the detail {@code error} says what happened.</li>
 *   <li>{@code OUT_OF_SERVICE}: readable, but its writer says the source it mirrors is disconnected or
 *       invalid (a bridged or served region, since when), or the latest version is older than
 *       {@code jsonmmap.health.max-age}, or no writer holds it and {@code jsonmmap.health.require-writer}
 *       is set.</li>
 *   <li>{@code UP} otherwise. Details: path, version, last publish and age, writer alive.</li>
 *   <li>{@code UNKNOWN} when no region is imported.</li>
 * </ul>
 *
 * Each check costs a few system calls (the file's identity, the writer's lock): it is meant for health
 * probes, not for hot paths.
 */
public final class JsonMmapHealthIndicator implements HealthIndicator {
    private final RegionWatcher watcher;
    private final JsonMmapProperties.Health settings;

    /**
     * @param watcher the imported regions
     * @param settings {@code jsonmmap.health.*}
     */
    public JsonMmapHealthIndicator(RegionWatcher watcher, JsonMmapProperties.Health settings) {
        this.watcher = watcher;
        this.settings = settings;
    }

    @Override
    public Health health() {
        if (watcher.sources().isEmpty()) {
            return Health.unknown().withDetail("regions", "none imported (spring.config.import=jsonmmap:NAME)").build();
        }
        Status worst = Status.UP;
        Map<String, Object> details = new LinkedHashMap<>();
        for (RegionPropertySource source : watcher.sources()) {
            Map<String, Object> d = new LinkedHashMap<>();
            Status s = check(source, d);
            d.put("status", s.getCode());
            details.put(source.region().name(), d);
            worst = worse(worst, s);
        }
        return Health.status(worst).withDetails(details).build();
    }

    private Status check(RegionPropertySource source, Map<String, Object> d) {
        d.put("path", source.region().path().toString());
        RegionReader reader = source.reader();
        if (reader != null) {
            try {
                reader.checkFile();
            } catch (RegionReplacedException | RegionTruncatedException e) {
                source.lost(reader, e);
            } catch (JsonMmapException e) {
                d.put("error", e.getMessage());
            }
        }
        FlatDocument doc = source.current();
        d.put("version", doc.version);
        if (doc.publishedAt != null) {
            d.put("lastPublish", doc.publishedAt.toString());
            d.put("age", Duration.between(doc.publishedAt, Instant.now()).toString());
        }
        Optional<JsonMmapException> error = source.lastError();
        if (!source.isConnected() || error.isPresent()) {
            d.put("error", error.map(Throwable::getMessage).orElse("disconnected"));
            source.lastErrorAt().ifPresent(at -> d.put("since", at.toString()));
            if (doc.version > 0) {
                d.put("serving", "the last good version, " + doc.version);
            }
            return Status.DOWN;
        }
        boolean writerAlive = source.region().writerAlive();
        d.put("writerAlive", writerAlive);
        Status status = Status.UP;
        RegionStatus rs = source.reader() == null ? RegionStatus.NONE : source.reader().status();
        if (rs.sourceDisconnected() || rs.sourceInvalid()) {
            d.put("source", (rs.sourceDisconnected() ? "disconnected" : "invalid") + " since " + rs.since());
            status = Status.OUT_OF_SERVICE;
        }
        if (settings.getMaxAge() != null && doc.publishedAt != null
                && Duration.between(doc.publishedAt, Instant.now()).compareTo(settings.getMaxAge()) > 0) {
            d.put("stale", "older than jsonmmap.health.max-age=" + settings.getMaxAge());
            status = Status.OUT_OF_SERVICE;
        }
        if (settings.isRequireWriter() && !writerAlive) {
            d.put("writer", "none holds the region (jsonmmap.health.require-writer=true)");
            status = Status.OUT_OF_SERVICE;
        }
        return status;
    }

    private static Status worse(Status a, Status b) {
        return rank(b) > rank(a) ? b : a;
    }

    private static int rank(Status s) {
        if (Status.DOWN.equals(s)) {
            return 3;
        }
        if (Status.OUT_OF_SERVICE.equals(s)) {
            return 2;
        }
        return Status.UP.equals(s) ? 1 : 0;
    }
}
