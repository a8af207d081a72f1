package org.jsonmmap.spring;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jsonmmap.JsonMmapException;
import org.jsonmmap.Region;
import org.springframework.boot.context.config.ConfigDataLocation;
import org.springframework.boot.context.config.ConfigDataLocationResolver;
import org.springframework.boot.context.config.ConfigDataLocationResolverContext;
import org.springframework.boot.convert.DurationStyle;

/**
 * Resolves {@code spring.config.import} locations of the form
 * {@code jsonmmap:NAME[?dir=DIR&optional=true|false&wait=DURATION]} to a region.
 *
 * <ul>
 *   <li>{@code NAME}: a region name, or a path to a region file if it contains {@code /} (as for the
 *       command-line tool).</li>
 *   <li>{@code dir}: the region directory; default the property {@code jsonmmap.dir} (or the environment
 *       variable {@code JSONMMAP_DIR}), else the core's default, {@code /dev/shm/jsonmmap-$USER}.</li>
 *   <li>{@code optional}: start without the region if it does not exist (default false; Spring's own
 *       {@code optional:jsonmmap:NAME} prefix means the same). The region is then watched for and its
 *       properties appear when a master creates it.</li>
 *   <li>{@code wait}: how long start-up waits for the region to appear, e.g. {@code 10s} or
 *       {@code 500ms} (default 0: not at all).</li>
 * </ul>
 *
 * Registered in {@code META-INF/spring.factories}; an unknown option fails start-up with a message that
 * names the known ones.
 */
public final class JsonMmapConfigDataLocationResolver implements ConfigDataLocationResolver<JsonMmapConfigDataResource> {
    /** The location prefix: {@code jsonmmap:}. */
    public static final String PREFIX = "jsonmmap:";

    /** Creates the resolver (Spring Boot does, through {@code spring.factories}). */
    public JsonMmapConfigDataLocationResolver() {
    }

    @Override
    public boolean isResolvable(ConfigDataLocationResolverContext context, ConfigDataLocation location) {
        return location.hasPrefix(PREFIX);
    }

    @Override
    public List<JsonMmapConfigDataResource> resolve(ConfigDataLocationResolverContext context,
                                                    ConfigDataLocation location) {
        String value = location.getNonPrefixedValue(PREFIX);
        int q = value.indexOf('?');
        String name = q < 0 ? value : value.substring(0, q);
        Map<String, String> query = parseQuery(location, q < 0 ? "" : value.substring(q + 1));
        if (name.isEmpty()) {
            throw invalid(location, "the region name is missing, e.g. jsonmmap:app-config");
        }
        String dir = query.get("dir");
        if (dir == null) {
            dir = context.getBinder().bind("jsonmmap.dir", String.class).orElse(null);
        }
        Region region;
        try {
            if (name.contains("/")) {
                region = Region.at(Path.of(name));
            } else if (dir != null && !dir.isEmpty()) {
                region = Region.named(name, Path.of(dir));
            } else {
                region = Region.named(name);
            }
        } catch (JsonMmapException e) {
            throw invalid(location, e.getMessage());
        }
        boolean optional = location.isOptional() || parseBoolean(location, query.getOrDefault("optional", "false"));
        Duration wait = parseDuration(location, query.getOrDefault("wait", "0s"));
        return List.of(new JsonMmapConfigDataResource(region, optional, wait));
    }

    private static Map<String, String> parseQuery(ConfigDataLocation location, String query) {
        Map<String, String> options = new LinkedHashMap<>();
        if (query.isEmpty()) {
            return options;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String val = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            if (!List.of("dir", "optional", "wait").contains(key)) {
                throw invalid(location, "unknown option '" + key + "' (known: dir, optional, wait)");
            }
            options.put(key, val);
        }
        return options;
    }

    private static boolean parseBoolean(ConfigDataLocation location, String value) {
        if (value.equals("true") || value.isEmpty()) {
            return true;
        }
        if (value.equals("false")) {
            return false;
        }
        throw invalid(location, "optional must be true or false, found '" + value + "'");
    }

    private static Duration parseDuration(ConfigDataLocation location, String value) {
        try {
            Duration d = DurationStyle.detectAndParse(value);
            if (d.isNegative()) {
                throw new IllegalArgumentException("negative");
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw invalid(location, "wait must be a duration such as 10s or 500ms, found '" + value + "'");
        }
    }

    private static IllegalStateException invalid(ConfigDataLocation location, String why) {
        return new IllegalStateException("spring.config.import '" + location + "': " + why);
    }
}
