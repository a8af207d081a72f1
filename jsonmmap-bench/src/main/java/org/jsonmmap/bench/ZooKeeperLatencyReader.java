package org.jsonmmap.bench;

import java.nio.file.Path;
import java.time.Duration;

import org.jsonmmap.Region;
import org.jsonmmap.RegionReader;

import tools.jackson.databind.JsonNode;

/**
 * The benchmark's reader, in its own JVM: {@code ZooKeeperLatencyReader REGION_PATH LAST_SEQ TIMEOUT_MS} spins on
 * the region and prints {@code seq nanoTime} the first time it sees each {@code {"seq":N}}, until it sees
 * LAST_SEQ or the timeout passes. {@code System.nanoTime()} is CLOCK_MONOTONIC on Linux, shared by the JVMs.
 */
public final class ZooKeeperLatencyReader {
    private ZooKeeperLatencyReader() {
    }

    /**
     * @param args region path, last sequence number, timeout in ms
     * @throws Exception on any failure
     */
    public static void main(String[] args) throws Exception {
        long last = Long.parseLong(args[1]);
        long deadline = System.nanoTime() + Duration.ofMillis(Long.parseLong(args[2])).toNanos();
        StringBuilder out = new StringBuilder();
        try (RegionReader reader = Region.at(Path.of(args[0])).awaitCreation(Duration.ofSeconds(30))) {
            long seen = Long.MIN_VALUE;
            System.out.println("ready");
            System.out.flush();
            while (seen < last && System.nanoTime() < deadline) {
                JsonNode doc = reader.get().orElse(null);
                long now = System.nanoTime();
                if (doc != null && doc.has("seq") && doc.get("seq").asLong() != seen) {
                    seen = doc.get("seq").asLong();
                    out.append(seen).append(' ').append(now).append('\n');
                }
                Thread.onSpinWait();
            }
        }
        System.out.print(out);
        System.out.flush();
    }
}
