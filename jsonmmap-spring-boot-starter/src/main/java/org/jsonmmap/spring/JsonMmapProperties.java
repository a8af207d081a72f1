package org.jsonmmap.spring;

import java.time.Duration;

import org.jsonmmap.WriterOptions;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The starter's settings, under {@code jsonmmap}.
 *
 * <pre>
 * jsonmmap.dir=/dev/shm/jsonmmap-app          # default region directory for jsonmmap: imports (or JSONMMAP_DIR)
 * jsonmmap.health.max-age=                    # OUT_OF_SERVICE when the latest version is older (default: no limit)
 * jsonmmap.health.require-writer=false        # OUT_OF_SERVICE when no writer holds the region
 * jsonmmap.writer.name=app-config             # master side: a RegionWriter bean for this region
 * jsonmmap.writer.dir=                        # its directory (default jsonmmap.dir, then the core's default)
 * jsonmmap.writer.mode=0600                   # its file mode (0640: readable by the group)
 * jsonmmap.writer.initial-capacity=64KB
 * jsonmmap.writer.durable=false               # msync every publish
 * </pre>
 */
@ConfigurationProperties("jsonmmap")
public class JsonMmapProperties {
    private String dir;
    private final Health health = new Health();
    private final Writer writer = new Writer();

    /** Creates the settings with their defaults. */
    public JsonMmapProperties() {
    }

    /** @return the default region directory, or null for the core's default */
    public String getDir() {
        return dir;
    }

    /** @param dir the default region directory */
    public void setDir(String dir) {
        this.dir = dir;
    }

    /** @return the health indicator's settings */
    public Health getHealth() {
        return health;
    }

    /** @return the master-side writer's settings */
    public Writer getWriter() {
        return writer;
    }

    /** The health indicator's settings, under {@code jsonmmap.health}. */
    public static class Health {
        private Duration maxAge;
        private boolean requireWriter;

        /** Creates the settings with their defaults. */
        public Health() {
        }

        /** @return the age beyond which the latest version makes the region OUT_OF_SERVICE, or null */
        public Duration getMaxAge() {
            return maxAge;
        }

        /** @param maxAge the age beyond which the latest version makes the region OUT_OF_SERVICE */
        public void setMaxAge(Duration maxAge) {
            this.maxAge = maxAge;
        }

        /** @return whether a region without a live writer is OUT_OF_SERVICE */
        public boolean isRequireWriter() {
            return requireWriter;
        }

        /** @param requireWriter whether a region without a live writer is OUT_OF_SERVICE */
        public void setRequireWriter(boolean requireWriter) {
            this.requireWriter = requireWriter;
        }
    }

    /** The master-side writer's settings, under {@code jsonmmap.writer}. */
    public static class Writer {
        private String name;
        private String dir;
        private String mode = "0600";
        private DataSize initialCapacity = DataSize.ofBytes(WriterOptions.DEFAULT_INITIAL_CAPACITY);
        private boolean durable;

        /** Creates the settings with their defaults. */
        public Writer() {
        }

        /** @return the region to write (a name, or a path if it contains {@code /}); null: no writer bean */
        public String getName() {
            return name;
        }

        /** @param name the region to write */
        public void setName(String name) {
            this.name = name;
        }

        /** @return the region directory, or null for {@code jsonmmap.dir} or the core's default */
        public String getDir() {
            return dir;
        }

        /** @param dir the region directory */
        public void setDir(String dir) {
            this.dir = dir;
        }

        /** @return the region file's mode, in octal */
        public String getMode() {
            return mode;
        }

        /** @param mode the region file's mode, in octal, e.g. {@code 0640} */
        public void setMode(String mode) {
            this.mode = mode;
        }

        /** @return the capacity the region file starts with (it grows as needed) */
        public DataSize getInitialCapacity() {
            return initialCapacity;
        }

        /** @param initialCapacity the capacity the region file starts with, e.g. {@code 64KB} */
        public void setInitialCapacity(DataSize initialCapacity) {
            this.initialCapacity = initialCapacity;
        }

        /** @return whether every publish is msynced before it returns */
        public boolean isDurable() {
            return durable;
        }

        /** @param durable whether every publish is msynced before it returns */
        public void setDurable(boolean durable) {
            this.durable = durable;
        }
    }
}
