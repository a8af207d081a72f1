package org.jsonmmap.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Paths;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jsonmmap.Region;
import org.jsonmmap.RegionWriter;
import org.jsonmmap.WriterOptions;
import org.jsonmmap.testkit.SelfCheckingDocuments;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Child main: publishes documents of alternating sizes as fast as it can for N seconds. Args: dir name seconds
 * [{@code until-stdin-closes}]: with the fourth argument it stops as soon as its standard input closes, and N
 * seconds is only the cap (so a test can run it exactly as long as its readers need, however loaded the machine).
 */
public final class TortureWriter {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    public static void main(String[] args) throws Exception {
        Region region = Region.named(args[1], Paths.get(args[0]));
        long seconds = Long.parseLong(args[2]);
        AtomicBoolean stop = new AtomicBoolean();
        if (args.length > 3 && args[3].equals("until-stdin-closes")) {
            Thread watcher = new Thread(() -> {
                try {
                    System.in.transferTo(OutputStream.nullOutputStream());
                } catch (IOException e) {
                    // a broken standard input is a closed one
                }
                stop.set(true);
            }, "stdin-watcher");
            watcher.setDaemon(true);
            watcher.start();
        }
        // pre-build the documents so the loop publishes as fast as possible
        JsonNode[][] docs = new JsonNode[SelfCheckingDocuments.TORTURE_KINDS][];
        int distinct = 8;
        for (int k = 0; k < docs.length; k++) {
            docs[k] = new JsonNode[distinct];
        }
        try (RegionWriter w = region.openWriter(WriterOptions.defaults().withInitialCapacity(4096))) {
            System.out.println("READY " + ProcessHandle.current().pid());
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            long n = 0;
            while (System.nanoTime() < end && !stop.get()) {
                n++;
                int kind = SelfCheckingDocuments.kindOf(n);
                int idx = (int) (n / SelfCheckingDocuments.TORTURE_KINDS % distinct);
                long docN = n % (distinct * SelfCheckingDocuments.TORTURE_KINDS);
                if (docs[kind][idx] == null) {
                    docs[kind][idx] = MAPPER.readTree(SelfCheckingDocuments.document(docN, kind));
                }
                w.publish(docs[kind][idx]);
            }
            System.out.println("DONE published=" + n + " version=" + w.version());
        }
    }
}
