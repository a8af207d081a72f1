package org.jsonmmap.spring;

import java.util.List;

import org.jsonmmap.ReaderOptions;
import org.jsonmmap.Region;
import org.jsonmmap.RegionNotFoundException;
import org.jsonmmap.RegionReader;
import org.springframework.boot.context.config.ConfigData;
import org.springframework.boot.context.config.ConfigDataLoader;
import org.springframework.boot.context.config.ConfigDataLoaderContext;
import org.springframework.boot.context.config.ConfigDataResourceNotFoundException;

/**
 * Loads a {@link JsonMmapConfigDataResource}: opens a reader of the region (waiting for it to appear if
 * asked) and hands Spring a live {@link RegionPropertySource}.
 *
 * <p>A region that does not exist fails start-up, with Spring Boot's "config data resource ... does not
 * exist" report naming the region file, unless the import is optional: then the application starts
 * without its properties, and {@link RegionWatcher} adds them when a master creates the region.
 * Imports and profile settings inside the document are ignored ({@code spring.config.import},
 * {@code spring.profiles.*}): a region holds values, not configuration of the configuration.
 */
public final class JsonMmapConfigDataLoader implements ConfigDataLoader<JsonMmapConfigDataResource> {
    /** Creates the loader (Spring Boot does, through {@code spring.factories}). */
    public JsonMmapConfigDataLoader() {
    }

    @Override
    public ConfigData load(ConfigDataLoaderContext context, JsonMmapConfigDataResource resource) {
        Region region = resource.region();
        ReaderOptions options = ReaderOptions.defaults();
        RegionReader reader = null;
        try {
            if (!resource.waitFor().isZero()) {
                reader = region.awaitCreation(resource.waitFor(), options);
            } else if (region.exists()) {
                reader = region.openReader(options);
            }
        } catch (RegionNotFoundException e) {
            reader = null;
        }
        if (reader == null && !resource.optional()) {
            throw new ConfigDataResourceNotFoundException(resource, new RegionNotFoundException(
                    "region '" + region.name() + "' does not exist: no file " + region.path()
                    + (resource.waitFor().isZero() ? "" : " after waiting " + resource.waitFor().toMillis() + " ms")
                    + "; start its master (or `jsonmmap publish " + region.name() + "`) first, add ?wait=10s to wait"
                    + " for it, or ?optional=true to start without it"));
        }
        RegionPropertySource source = new RegionPropertySource("jsonmmap:" + region.name(), region, reader, options);
        return new ConfigData(List.of(source), ConfigData.Option.IGNORE_IMPORTS, ConfigData.Option.IGNORE_PROFILES);
    }
}
