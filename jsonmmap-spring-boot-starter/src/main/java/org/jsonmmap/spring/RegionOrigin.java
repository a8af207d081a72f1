package org.jsonmmap.spring;

import java.nio.file.Path;
import java.util.Objects;

import org.springframework.boot.origin.Origin;

/**
 * Where a property from a region came from: the region, the version that held it and the JSON Pointer of
 * its value. Spring shows it wherever it reports origins (binding failures, the Actuator's {@code env} and
 * {@code configprops} endpoints).
 */
public final class RegionOrigin implements Origin {
    private final String region;
    private final Path path;
    private final long version;
    private final String pointer;

    /**
     * @param region the region's name
     * @param path the region file
     * @param version the version that held the value
     * @param pointer the value's JSON Pointer in the document, e.g. {@code /db/url}
     */
    public RegionOrigin(String region, Path path, long version, String pointer) {
        this.region = Objects.requireNonNull(region, "region");
        this.path = Objects.requireNonNull(path, "path");
        this.version = version;
        this.pointer = Objects.requireNonNull(pointer, "pointer");
    }

    /** @return the region's name */
    public String region() {
        return region;
    }

    /** @return the region file */
    public Path path() {
        return path;
    }

    /** @return the version that held the value */
    public long version() {
        return version;
    }

    /** @return the value's JSON Pointer in the document */
    public String pointer() {
        return pointer;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RegionOrigin other && region.equals(other.region) && path.equals(other.path)
                && version == other.version && pointer.equals(other.pointer);
    }

    @Override
    public int hashCode() {
        return Objects.hash(region, path, version, pointer);
    }

    /** @return e.g. {@code region 'cfg' (/dev/shm/jsonmmap-app/cfg.jmm) version 7, /db/url} */
    @Override
    public String toString() {
        return "region '" + region + "' (" + path + ") version " + version + ", " + pointer;
    }
}
