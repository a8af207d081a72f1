package org.jsonmmap.reliability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

import org.jsonmmap.JsonMmapException;
import org.jsonmmap.Region;
import org.jsonmmap.RegionNotFoundException;
import org.jsonmmap.RegionReader;
import org.jsonmmap.RegionReplacedException;
import org.jsonmmap.RegionWriter;
import org.jsonmmap.StaleWriterException;

/**
 * Child main: the writer or a reader in the forced-delete race. For each trial {@code n} it waits for the
 * marker file {@code go-n}, then the writer opens the region and publishes as fast as it can, the reader opens
 * it and reads as fast as it can, until the scenario's forced delete stops them. The scenario creates the
 * marker {@code deleted-n} right after {@code delete(true)} returned: a publish or a read that began after
 * that marker existed and still succeeded is a failure. Args: writer|reader dir name trials markerDir. Prints
 * {@code OPEN n} (writer) or {@code READING n} (reader), then {@code FENCED n} / {@code GONE n}, and
 * {@code RESULT trials=T after=A errors=E}.
 */
public final class ForcedDeleteRole {
    /** The writer opens, publishes, and is told by a {@link StaleWriterException}. */
    private static final Side<RegionWriter> WRITER = new Side<>(Region::openWriter, true, ForcedDeleteRole::publish,
            RegionWriter::version, StaleWriterException.class, "OPEN", "PUBLISHED-AFTER-DELETE", "FENCED", "fenced");
    /** The reader waits for a value, reads, and is told by a {@link RegionReplacedException}. */
    private static final Side<RegionReader> READER = new Side<>(ForcedDeleteRole::awaitValue, false,
            r -> r.get().isPresent(), RegionReader::version, RegionReplacedException.class, "READING",
            "READ-AFTER-DELETE", "GONE", "told");

    private ForcedDeleteRole() {
    }

    public static void main(String[] args) throws Exception {
        Side<?> side = args[0].equals("writer") ? WRITER : READER;
        Region region = Region.named(args[2], Paths.get(args[1]));
        int trials = Integer.parseInt(args[3]);
        Path markers = Paths.get(args[4]);
        Tally tally = new Tally("trials", "after", "errors");
        System.out.println("READY " + ProcessHandle.current().pid());
        System.out.flush();
        for (int n = 0; n < trials; n++) {
            if (!await(markers.resolve("go-" + n), 60_000)) {
                System.out.println("ERROR no go-" + n);
                tally.increment("errors");
                break;
            }
            side.trial(region, n, markers.resolve("deleted-" + n), tally);
            tally.increment("trials");
            System.out.flush();
        }
        System.out.println(tally.resultLine());
        System.exit(0);
    }

    private static boolean publish(RegionWriter w) {
        w.publishJson(Doc.build(w.version() + 1, 1024, false));
        return true;
    }

    /**
     * One side of the race and the words it prints: how it opens the region (and whether it accesses it once
     * before saying so), what one access is (true if it succeeded), and the exception that tells it of the delete.
     */
    private record Side<T extends AutoCloseable>(Function<Region, T> open, boolean accessFirst, Predicate<T> access,
            ToLongFunction<T> version, Class<? extends JsonMmapException> told, String opened, String accessedAfter,
            String toldWord, String never) {

        /**
         * Trial {@code n}: accesses the region for up to 30 s, counting an access that succeeded although it began
         * after the marker {@code deleted} existed; being told of the delete ends the trial as it should.
         */
        void trial(Region region, int n, Path deleted, Tally tally) throws Exception {
            long end = System.nanoTime() + 30_000_000_000L;
            try (T handle = open.apply(region)) {
                if (accessFirst) {
                    access.test(handle);
                }
                System.out.println(opened + " " + n);
                System.out.flush();
                while (System.nanoTime() < end) {
                    boolean before = Files.exists(deleted);
                    if (access.test(handle) && before) {
                        tally.increment("after");
                        System.out.println(accessedAfter + " trial " + n + " version " + version.applyAsLong(handle));
                    }
                }
                tally.increment("errors");
                System.out.println("ERROR trial " + n + ": never " + never);
            } catch (JsonMmapException e) {
                if (told.isInstance(e)) {
                    System.out.println(toldWord + " " + n);
                } else {
                    tally.increment("errors");
                    System.out.println("ERROR trial " + n + ": " + e);
                }
            }
        }
    }

    private static RegionReader awaitValue(Region region) {
        long end = System.nanoTime() + 30_000_000_000L;
        while (true) {
            try {
                RegionReader r = region.awaitCreation(Duration.ofSeconds(30));
                if (r.version() > 0) {
                    return r;
                }
                r.close();
            } catch (RegionNotFoundException e) {
                // not created yet
            }
            if (System.nanoTime() > end) {
                throw new JsonMmapException("region '" + region.name() + "' got no value within 30 s");
            }
            Util.sleep(1);
        }
    }

    private static boolean await(Path marker, long millis) {
        long end = System.currentTimeMillis() + millis;
        while (!Files.exists(marker)) {
            if (System.currentTimeMillis() > end) {
                return false;
            }
            Util.sleep(1);
        }
        return true;
    }
}
