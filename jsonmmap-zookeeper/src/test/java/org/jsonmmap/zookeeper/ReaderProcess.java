package org.jsonmmap.zookeeper;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.jsonmmap.Region;
import org.jsonmmap.RegionReader;
import org.jsonmmap.RegionStatus;
import org.jsonmmap.Versioned;

import tools.jackson.databind.JsonNode;

/**
 * A reader in its own JVM, started by the tests. Usage: {@code ReaderProcess REGION_PATH MODE ARG TIMEOUT_MS}:
 * <ul>
 *   <li>{@code tag N}: waits until the region holds a version whose tag is at least N;</li>
 *   <li>{@code status FLAGS}: waits until the region's status flags equal FLAGS;</li>
 * </ul>
 * then prints one line {@code version=V tag=T flags=F since=MICROS value=JSON} and exits 0; on timeout it
 * prints what it last saw and exits 6.
 */
public final class ReaderProcess {
    private ReaderProcess() {
    }

    /**
     * @param args region path, mode, argument, timeout in ms
     * @throws Exception on any failure (exit code 1)
     */
    public static void main(String[] args) throws Exception {
        Region region = Region.at(Path.of(args[0]));
        String mode = args[1];
        long arg = Long.parseLong(args[2]);
        long deadline = System.nanoTime() + Duration.ofMillis(Long.parseLong(args[3])).toNanos();
        try (RegionReader reader = region.awaitCreation(Duration.ofMillis(Long.parseLong(args[3])))) {
            while (true) {
                Optional<Versioned<JsonNode>> v = reader.snapshot();
                RegionStatus status = reader.status();
                boolean done = mode.equals("tag") ? v.isPresent() && v.get().tag() >= arg : status.flags() == arg;
                if (done || System.nanoTime() > deadline) {
                    System.out.println("version=" + v.map(Versioned::version).orElse(0L)
                            + " tag=" + v.map(Versioned::tag).orElse(0L)
                            + " flags=" + status.flags()
                            + " since=" + java.time.temporal.ChronoUnit.MICROS.between(java.time.Instant.EPOCH, status.since())
                            + " value=" + v.map(x -> x.value().toString()).orElse(""));
                    System.out.flush();
                    System.exit(done ? 0 : 6);
                }
                Thread.sleep(2);
            }
        }
    }
}
