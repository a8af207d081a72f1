package org.jsonmmap.reliability;

import java.nio.file.Paths;

import org.jsonmmap.JsonMmapException;
import org.jsonmmap.Region;
import org.jsonmmap.RegionWriter;
import org.jsonmmap.StaleWriterException;
import org.jsonmmap.WriterLockedException;
import org.jsonmmap.WriterOptions;

/**
 * Child main: a writer in the lock-deletion race. Until its deadline it tries to open the region (a refused
 * open is retried after 2 ms); once it owns it, it publishes self-checking documents that name it ({@code
 * "w":"ID-EPOCH"}) of 16 KiB to 256 KiB as fast as it can, until a publish tells it that it was fenced. It
 * stops (opening no new session) once the file {@code STOP} exists, or after {@code maxSeconds}. Args: dir name
 * maxSeconds id STOP. Prints {@code OWNER epoch}, {@code FENCED epoch published=N} and at the end
 * {@code RESULT sessions=S fenced=F published=P busy=B errors=E}.
 */
public final class RaceWriterRole {
    private static final int[] SIZES = {16 * 1024, 64 * 1024, 256 * 1024};

    private RaceWriterRole() {
    }

    public static void main(String[] args) {
        Region region = Region.named(args[1], Paths.get(args[0]));
        long deadline = System.nanoTime() + Long.parseLong(args[2]) * 1_000_000_000L;
        String id = args[3];
        java.nio.file.Path stop = Paths.get(args[4]);
        long sessions = 0;
        long fenced = 0;
        long published = 0;
        long busy = 0;
        long errors = 0;
        System.out.println("READY " + ProcessHandle.current().pid());
        System.out.flush();
        int i = 0;
        while (System.nanoTime() < deadline && !java.nio.file.Files.exists(stop)) {
            RegionWriter w;
            try {
                w = region.openWriter(WriterOptions.defaults().withInitialCapacity(4096));
            } catch (WriterLockedException e) {
                Util.sleep(2);
                continue;
            } catch (JsonMmapException e) {
                errors++;
                System.out.println("ERROR open: " + e);
                Util.sleep(2);
                continue;
            }
            sessions++;
            long epoch = w.epoch();
            System.out.println("OWNER " + epoch);
            System.out.flush();
            long mine = 0;
            try {
                while (System.nanoTime() < deadline && !java.nio.file.Files.exists(stop)) {
                    long v = w.version() + 1;
                    byte[] doc = Doc.build(v, SIZES[i++ % SIZES.length], false, id + "-" + epoch);
                    long got = w.publishJson(doc);
                    if (got != v) {
                        errors++;
                        System.out.println("ERROR published as version " + got + ", expected " + v);
                    }
                    mine++;
                }
            } catch (StaleWriterException e) {
                fenced++;
                System.out.println("FENCED " + epoch + " published=" + mine);
            } catch (WriterLockedException e) {
                busy++;
                System.out.println("BUSY " + e.getMessage());
            } catch (JsonMmapException e) {
                errors++;
                System.out.println("ERROR publish: " + e);
            } finally {
                published += mine;
                w.close();
            }
            System.out.flush();
        }
        System.out.println("RESULT sessions=" + sessions + " fenced=" + fenced + " published=" + published + " busy="
                + busy + " errors=" + errors);
        System.exit(0);
    }
}
