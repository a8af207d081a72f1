package org.jsonmmap.reliability;

import java.nio.file.Paths;

import org.jsonmmap.Region;
import org.jsonmmap.RegionWriter;
import org.jsonmmap.WriterOptions;

/**
 * Child main: the soak writer. For each round it creates region {@code PREFIX-r}, publishes documents of
 * the sizes in {@link Doc#SIZES} in turn (64 B to 1 MiB; a 4 KiB initial capacity makes the first ones grow
 * the file) as fast as it can for the round's seconds, then publishes a final document marked
 * {@code "last":true}. Every document carries the version it is published as. Args: dir prefix rounds
 * roundSeconds. Prints {@code READY}, {@code ROUND r published=N final=V maxPublishMicros=M} and
 * {@code RESULT published=N}; any error is printed and ends it with exit code 1.
 */
public final class SoakWriterRole {
    private SoakWriterRole() {
    }

    public static void main(String[] args) {
        String dir = args[0];
        String prefix = args[1];
        int rounds = Integer.parseInt(args[2]);
        long roundNanos = Long.parseLong(args[3]) * 1_000_000_000L;
        long total = 0;
        System.out.println("READY " + ProcessHandle.current().pid());
        try {
            for (int round = 0; round < rounds; round++) {
                Region region = Region.named(prefix + "-" + round, Paths.get(dir));
                long published = 0;
                long maxMicros = 0;
                try (RegionWriter w = region.openWriter(WriterOptions.defaults().withInitialCapacity(4096))) {
                    long end = System.nanoTime() + roundNanos;
                    int i = 0;
                    while (System.nanoTime() < end) {
                        long v = w.version() + 1;
                        byte[] doc = Doc.build(v, Doc.SIZES[i++ % Doc.SIZES.length], false);
                        long t0 = System.nanoTime();
                        long got = w.publishJson(doc);
                        maxMicros = Math.max(maxMicros, (System.nanoTime() - t0) / 1000);
                        if (got != v) {
                            System.out.println("ERROR published as version " + got + ", expected " + v);
                            System.exit(1);
                        }
                        published++;
                    }
                    long v = w.version() + 1;
                    w.publishJson(Doc.build(v, 64, true));
                    published++;
                    total += published;
                    System.out.println("ROUND " + round + " published=" + published + " final=" + v
                            + " maxPublishMicros=" + maxMicros);
                    System.out.flush();
                }
            }
        } catch (RuntimeException e) {
            System.out.println("ERROR " + e);
            e.printStackTrace();
            System.exit(1);
        }
        System.out.println("RESULT published=" + total);
        System.exit(0);
    }
}
