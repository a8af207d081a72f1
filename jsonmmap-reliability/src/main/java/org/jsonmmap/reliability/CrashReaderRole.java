package org.jsonmmap.reliability;

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
        Until until = Until.parse(args[3], args[2]);
        Tally tally = new Tally("reads", "checked", "bad", "backwards", "errors");
        int chain = 0;
        System.out.println("READY");
        System.out.flush();
        outer:
        while (until.running()) {
            Region region = Region.named(prefix + "-" + chain, dir);
            RegionReader r;
            try {
                r = region.awaitCreation(Duration.ofMillis(200));
            } catch (RegionNotFoundException e) {
                continue;
            }
            try (r) {
                Region next = Region.named(prefix + "-" + (chain + 1), dir);
                ReadCheck check = new ReadCheck(tally);
                Versioned<JsonNode> last = null;
                long i = 0;
                while (until.timeLeft()) {
                    if (++i % 256 == 0 && (next.exists() || until.stopAsked())) {
                        chain++;
                        continue outer;
                    }
                    try {
                        Optional<Versioned<JsonNode>> s = r.snapshot();
                        tally.increment("reads");
                        if (s.isEmpty() || s.get() == last) {
                            // nothing new: leave the CPU to the writers starting and dying (2 cores)
                            LockSupport.parkNanos(50_000);
                            continue;
                        }
                        last = s.get();
                        check.check(last.version(), last.value());
                    } catch (JsonMmapException e) {
                        tally.increment("errors");
                        System.out.println("ERROR " + e);
                        Thread.sleep(5);
                    }
                }
            }
        }
        System.out.println(tally.resultLine());
        System.exit(0);
    }
}
