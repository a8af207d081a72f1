package org.jsonmmap.testing;

import java.nio.file.Paths;

import org.jsonmmap.Region;
import org.jsonmmap.RegionWriter;
import org.jsonmmap.WriterOptions;
import org.jsonmmap.testkit.SelfCheckingDocuments;

/**
 * Child main: takes the region over, prints {@code READY epoch=E version=V}, then publishes documents of
 * alternating sizes until it is killed. Args: dir name.
 */
public final class CrashWriter {
    public static void main(String[] args) throws Exception {
        Region region = Region.named(args[1], Paths.get(args[0]));
        try (RegionWriter w = region.openWriter(WriterOptions.defaults().withInitialCapacity(1024))) {
            System.out.println("READY epoch=" + w.epoch() + " version=" + w.version());
            long n = w.version();
            while (true) {
                n++;
                w.publishJson(SelfCheckingDocuments.bytes(n, SelfCheckingDocuments.kindOf(n) % 3));
            }
        }
    }
}
