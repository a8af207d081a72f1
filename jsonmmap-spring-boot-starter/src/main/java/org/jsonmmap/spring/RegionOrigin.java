package org.jsonmmap.spring;

import java.nio.file.Path;
import java.util.Objects;

import org.springframework.boot.origin.Origin;

/**
 * Where a property from a region came from: the region, the version that held it and the JSON Pointer of
 * its value. Spring shows it wherever it reports origins (binding failures, the Actuator's {@code env} and
 * {@code configprops} endpoints). Two origins are equal when all four parts are.
 *
 * @param region the region's name
 * @param path the region file
 * @param version the version that held the value
 * @param pointer the value's JSON Pointer in the document, e.g. {@code /db/url}
 */
public record RegionOrigin(String region, Path path, long version, String pointer) implements Origin {
    /**
     * @param region the region's name
     * @param path the region file
     * @param version the version that held the value
     * @param pointer the value's JSON Pointer in the document
     * @throws NullPointerException if {@code region}, {@code path} or {@code pointer} is null
     */
    public RegionOrigin {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(pointer, "pointer");
    }

    /** @return e.g. {@code region 'cfg' (/dev/shm/jsonmmap-app/cfg.jmm) version 7, /db/url} */
    @Override
    public String toString() {
        return "region '" + region + "' (" + path + ") version " + version + ", " + pointer;
    }
}
