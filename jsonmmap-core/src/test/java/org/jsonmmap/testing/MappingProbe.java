package org.jsonmmap.testing;

import java.nio.ReadOnlyBufferException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.jsonmmap.Region;
import org.jsonmmap.RegionReader;

/**
 * Child main: opens a reader, reads, prints {@code MAP <line>} for each of its mappings of the region file
 * (from /proc/self/maps), and whether the reader's buffer refuses a write. Args: dir name.
 */
public final class MappingProbe {
    public static void main(String[] args) throws Exception {
        Region region = Region.named(args[1], Paths.get(args[0]));
        try (RegionReader r = region.openReader()) {
            r.get();
            String real = region.path().toRealPath().toString();
            for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
                if (line.endsWith(real)) {
                    System.out.println("MAP " + line);
                }
            }
            java.lang.reflect.Field f = RegionReader.class.getDeclaredField("buffer");
            f.setAccessible(true);
            Object buffer = f.get(r);
            java.lang.reflect.Field inner = buffer.getClass().getDeclaredField("buffer");
            inner.setAccessible(true);
            java.nio.ByteBuffer bb = (java.nio.ByteBuffer) inner.get(buffer);
            try {
                bb.put(100, (byte) 1);
                System.out.println("WRITE-ALLOWED");
            } catch (ReadOnlyBufferException e) {
                System.out.println("WRITE-REFUSED");
            }
        }
    }
}
