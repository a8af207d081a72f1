package org.jsonmmap.reliability;

import java.nio.file.Paths;
import java.util.SplittableRandom;

import org.jsonmmap.Region;
import org.jsonmmap.RegionWriter;
import org.jsonmmap.WriterOptions;

/**
 * Child main: a writer to be killed. Takes the region over (or creates it with a 1 KiB initial capacity),
 * prints {@code READY epoch=E version=V}, then publishes durable documents of random sizes up to
 * {@code maxSize} until it is killed, printing {@code C v} after each publish returned (acknowledged).
 * Args: dir name maxSize seed.
 */
public final class CrashWriterRole {
    private CrashWriterRole() {
    }

    public static void main(String[] args) {
        Region region = Region.named(args[1], Paths.get(args[0]));
        int maxSize = Integer.parseInt(args[2]);
        SplittableRandom random = new SplittableRandom(Long.parseLong(args[3]));
        try (RegionWriter w = region.openWriter(WriterOptions.defaults().withInitialCapacity(1024).withDurable(true))) {
            System.out.println("READY epoch=" + w.epoch() + " version=" + w.version());
            System.out.flush();
            long end = System.nanoTime() + 60_000_000_000L; // bounded even if nobody kills it
            while (System.nanoTime() < end) {
                long v = w.version() + 1;
                // half of the documents near the life's maximum, so that growth happens early and often
                int size = random.nextBoolean() ? maxSize - random.nextInt(Math.max(1, maxSize / 8))
                        : 64 + random.nextInt(Math.max(1, maxSize - 64));
                long got = w.publishJson(Doc.build(v, size, false));
                System.out.println("C " + got);
                System.out.flush();
            }
        } catch (RuntimeException e) {
            System.out.println("ERROR " + e);
            System.exit(1);
        }
        System.exit(0);
    }
}
