package org.jsonmmap.testing;

import java.nio.file.Paths;
import java.time.Duration;
import java.util.Optional;

import org.jsonmmap.Region;
import org.jsonmmap.RegionReader;
import org.jsonmmap.testkit.SelfCheckingDocuments;

import tools.jackson.databind.JsonNode;

/**
 * Child main: reads in a tight loop for N seconds, checking every read. Args: dir name seconds [minDistinct
 * capSeconds]: with the optional pair it goes on past N seconds until it has seen minDistinct versions, but never
 * past capSeconds (progress, not time, ends it on a loaded machine). Prints
 * {@code RESULT reads=R distinct=D bad=B backwards=K}.
 */
public final class TortureReader {
    public static void main(String[] args) throws Exception {
        Region region = Region.named(args[1], Paths.get(args[0]));
        long seconds = Long.parseLong(args[2]);
        long minDistinct = args.length > 3 ? Long.parseLong(args[3]) : 0;
        long capSeconds = args.length > 4 ? Long.parseLong(args[4]) : seconds;
        long reads = 0;
        long distinct = 0;
        long bad = 0;
        long backwards = 0;
        try (RegionReader r = region.awaitCreation(Duration.ofSeconds(30))) {
            System.out.println("READY " + ProcessHandle.current().pid());
            long start = System.nanoTime();
            long end = start + seconds * 1_000_000_000L;
            long cap = start + Math.max(seconds, capSeconds) * 1_000_000_000L;
            long lastVersion = 0;
            JsonNode last = null;
            for (long now = start; now < cap && (now < end || distinct < minDistinct); now = System.nanoTime()) {
                long before = r.version();
                Optional<JsonNode> v = r.get();
                reads++;
                if (v.isEmpty()) {
                    continue;
                }
                JsonNode doc = v.get();
                if (doc != last) {
                    distinct++;
                    if (!SelfCheckingDocuments.isIntact(doc.toString())) {
                        bad++;
                        System.out.println("BAD " + doc.toString().substring(0, Math.min(200, doc.toString().length())));
                    }
                    last = doc;
                }
                if (before < lastVersion) {
                    backwards++;
                }
                lastVersion = before;
            }
        }
        System.out.println("RESULT reads=" + reads + " distinct=" + distinct + " bad=" + bad + " backwards=" + backwards);
    }
}
