package org.jsonmmap.reliability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;

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
    private ForcedDeleteRole() {
    }

    public static void main(String[] args) throws Exception {
        boolean writer = args[0].equals("writer");
        Region region = Region.named(args[2], Paths.get(args[1]));
        int trials = Integer.parseInt(args[3]);
        Path markers = Paths.get(args[4]);
        long after = 0;
        long errors = 0;
        int done = 0;
        System.out.println("READY " + ProcessHandle.current().pid());
        System.out.flush();
        for (int n = 0; n < trials; n++) {
            if (!await(markers.resolve("go-" + n), 60_000)) {
                System.out.println("ERROR no go-" + n);
                errors++;
                break;
            }
            Path deleted = markers.resolve("deleted-" + n);
            long end = System.nanoTime() + 30_000_000_000L;
            if (writer) {
                try (RegionWriter w = region.openWriter()) {
                    w.publishJson(Doc.build(w.version() + 1, 1024, false));
                    System.out.println("OPEN " + n);
                    System.out.flush();
                    while (System.nanoTime() < end) {
                        boolean before = Files.exists(deleted);
                        w.publishJson(Doc.build(w.version() + 1, 1024, false));
                        if (before) {
                            after++;
                            System.out.println("PUBLISHED-AFTER-DELETE trial " + n + " version " + w.version());
                        }
                    }
                    errors++;
                    System.out.println("ERROR trial " + n + ": never fenced");
                } catch (StaleWriterException e) {
                    System.out.println("FENCED " + n);
                } catch (JsonMmapException e) {
                    errors++;
                    System.out.println("ERROR trial " + n + ": " + e);
                }
            } else {
                try (RegionReader r = awaitValue(region)) {
                    System.out.println("READING " + n);
                    System.out.flush();
                    while (System.nanoTime() < end) {
                        boolean before = Files.exists(deleted);
                        if (r.get().isPresent() && before) {
                            after++;
                            System.out.println("READ-AFTER-DELETE trial " + n + " version " + r.version());
                        }
                    }
                    errors++;
                    System.out.println("ERROR trial " + n + ": never told");
                } catch (RegionReplacedException e) {
                    System.out.println("GONE " + n);
                } catch (JsonMmapException e) {
                    errors++;
                    System.out.println("ERROR trial " + n + ": " + e);
                }
            }
            done++;
            System.out.flush();
        }
        System.out.println("RESULT trials=" + done + " after=" + after + " errors=" + errors);
        System.exit(0);
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
