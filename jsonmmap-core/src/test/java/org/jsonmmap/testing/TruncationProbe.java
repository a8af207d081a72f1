package org.jsonmmap.testing;

import java.io.RandomAccessFile;
import java.nio.file.Paths;

import org.jsonmmap.Region;
import org.jsonmmap.RegionReader;
import org.jsonmmap.RegionTruncatedException;

/**
 * Child main: opens a reader, reads, then truncates the region file to {@code length} bytes under it and
 * checks and reads again. Prints {@code TRUNCATED message} when the reader reports it, {@code FAULT} when
 * the JVM reported the SIGBUS of a bare mapped access, {@code VALUE ...} if a read still worked (the page
 * read is still inside the file), and {@code EXIT} at the end. A JVM crash shows as a non-zero exit without
 * {@code EXIT}. Args: dir name length.
 */
public final class TruncationProbe {
    public static void main(String[] args) throws Exception {
        Region region = Region.named(args[1], Paths.get(args[0]));
        try (RegionReader r = region.openReader()) {
            System.out.println("BEFORE " + r.text().orElse("<none>"));
            try (RandomAccessFile f = new RandomAccessFile(region.path().toFile(), "rw")) {
                f.setLength(Long.parseLong(args[2]));
            }
            // a reader that waits checks the size before touching the mapping: a specific error
            try {
                r.checkFile();
                System.out.println("UNNOTICED");
            } catch (RegionTruncatedException e) {
                System.out.println("TRUNCATED " + e.getMessage());
            }
            // a bare get() touches the mapping: the kernel sends SIGBUS for a page past the end, which the JVM
            // turns into an InternalError (delivered at the next safepoint poll); the JVM must survive it
            for (int i = 0; i < 3; i++) {
                try {
                    String value = r.get().map(Object::toString).orElse("<none>");
                    System.out.println("VALUE " + value);
                } catch (RegionTruncatedException e) {
                    System.out.println("TRUNCATED " + e.getMessage());
                } catch (InternalError e) {
                    System.out.println("FAULT " + e.getMessage());
                }
            }
        }
        System.out.println("EXIT");
    }
}
