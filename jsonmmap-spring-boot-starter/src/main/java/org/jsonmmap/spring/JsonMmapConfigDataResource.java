package org.jsonmmap.spring;

import java.time.Duration;
import java.util.Objects;

import org.jsonmmap.Region;
import org.springframework.boot.context.config.ConfigDataResource;

/**
 * One region named by {@code spring.config.import=jsonmmap:NAME?dir=...&optional=true&wait=10s}, resolved
 * to its file ({@link JsonMmapConfigDataLocationResolver}) and loaded as a {@link RegionPropertySource}
 * ({@link JsonMmapConfigDataLoader}).
 */
public final class JsonMmapConfigDataResource extends ConfigDataResource {
    private final Region region;
    private final boolean optional;
    private final Duration wait;

    JsonMmapConfigDataResource(Region region, boolean optional, Duration wait) {
        super(optional);
        this.region = Objects.requireNonNull(region, "region");
        this.optional = optional;
        this.wait = Objects.requireNonNull(wait, "wait");
    }

    /** @return the region */
    public Region region() {
        return region;
    }

    /** @return whether the application starts without the region (it is then watched for) */
    public boolean optional() {
        return optional;
    }

    /** @return how long start-up waits for the region to appear (zero: not at all) */
    public Duration waitFor() {
        return wait;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsonMmapConfigDataResource other && region.equals(other.region);
    }

    @Override
    public int hashCode() {
        return region.hashCode();
    }

    /** @return e.g. {@code jsonmmap region 'cfg' (/dev/shm/jsonmmap-app/cfg.jmm)} */
    @Override
    public String toString() {
        return "jsonmmap region '" + region.name() + "' (" + region.path() + ")";
    }
}
