package org.jsonmmap.testing;

import java.nio.file.Paths;
import java.time.Duration;
import java.util.Optional;

import org.jsonmmap.Region;
import org.jsonmmap.RegionReader;
import org.jsonmmap.testkit.SelfCheckingDocuments;

import tools.jackson.databind.JsonNode;

/**
 * Child main: reads in a tight loop for N seconds, checking every read. Args: dir name seconds.
 * Prints {@code RESULT reads=R distinct=D bad=B backwards=K}.
 */
public final class TortureReader {
    public static void main(String[] args) throws Exception {
        Region region = Region.named(args[1], Paths.get(args[0]));
        long seconds = Long.parseLong(args[2]);
        long reads = 0;
        long distinct = 0;
        long bad = 0;
        long backwards = 0;
        try (RegionReader r = region.awaitCreation(Duration.ofSeconds(30))) {
            System.out.println("READY " + ProcessHandle.current().pid());
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            long lastVersion = 0;
            JsonNode last = null;
            while (System.nanoTime() < end) {
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
