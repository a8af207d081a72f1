package org.jsonmmap.reliability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

import org.jsonmmap.JsonMmapException;
import org.jsonmmap.Region;
import org.jsonmmap.RegionNotFoundException;
import org.jsonmmap.RegionReader;
import org.jsonmmap.Versioned;

import tools.jackson.databind.JsonNode;

/**
 * Child main: a reader that follows the regions {@code PREFIX-0, PREFIX-1, …} of the crash loop while their
 * writers are killed and replaced, checking every new document and that versions never go back. It moves to
 * the next region when that appears, and stops when {@code stopFile} exists or after {@code seconds}.
 * Args: dir prefix stopFile seconds. Prints {@code RESULT reads=R checked=C bad=B backwards=K errors=E}.
 */
public final class CrashReaderRole {
    private CrashReaderRole() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Paths.get(args[0]);
        String prefix = args[1];
        Path stop = Paths.get(args[2]);
        long end = System.nanoTime() + Long.parseLong(args[3]) * 1_000_000_000L;
        long reads = 0;
        long checked = 0;
        long bad = 0;
        long backwards = 0;
        long errors = 0;
        int chain = 0;
        System.out.println("READY");
        System.out.flush();
        outer:
        while (System.nanoTime() < end && !Files.exists(stop)) {
            Region region = Region.named(prefix + "-" + chain, dir);
            RegionReader r;
            try {
                r = region.awaitCreation(Duration.ofMillis(200));
            } catch (RegionNotFoundException e) {
                continue;
            }
            try (r) {
                Region next = Region.named(prefix + "-" + (chain + 1), dir);
                Versioned<JsonNode> last = null;
                long lastVersion = 0;
                long i = 0;
                while (System.nanoTime() < end) {
                    if (++i % 256 == 0 && (next.exists() || Files.exists(stop))) {
                        chain++;
                        continue outer;
                    }
                    try {
                        Optional<Versioned<JsonNode>> s = r.snapshot();
                        reads++;
                        if (s.isEmpty() || s.get() == last) {
                            // nothing new: leave the CPU to the writers starting and dying (2 cores)
                            LockSupport.parkNanos(50_000);
                            continue;
                        }
                        Versioned<JsonNode> x = s.get();
                        checked++;
                        if (x.version() < lastVersion) {
                            backwards++;
                            System.out.println("BACKWARDS " + x.version() + " after " + lastVersion);
                        }
                        String problem = Doc.check(x.value(), x.version());
                        if (problem != null) {
                            bad++;
                            System.out.println("BAD " + problem);
                        }
                        last = x;
                        lastVersion = x.version();
                    } catch (JsonMmapException e) {
                        errors++;
                        System.out.println("ERROR " + e);
                        Thread.sleep(5);
                    }
                }
            }
        }
        System.out.println("RESULT reads=" + reads + " checked=" + checked + " bad=" + bad + " backwards=" + backwards
                + " errors=" + errors);
        System.exit(0);
    }
}
