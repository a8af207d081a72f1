package org.jsonmmap.reliability;


import org.jsonmmap.JsonMmapException;
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
        RoleArgs role = RoleArgs.parse(args, 4);
        String id = args[3];
        Tally tally = new Tally("sessions", "fenced", "published", "busy", "errors");
        System.out.println("READY " + ProcessHandle.current().pid());
        System.out.flush();
        int i = 0;
        while (role.until().running()) {
            RegionWriter w;
            try {
                w = role.region().openWriter(WriterOptions.defaults().withInitialCapacity(4096));
            } catch (WriterLockedException e) {
                Util.sleep(2);
                continue;
            } catch (JsonMmapException e) {
                tally.increment("errors");
                System.out.println("ERROR open: " + e);
                Util.sleep(2);
                continue;
            }
            if (role.until().stopAsked()) {
                // the handover when the last owner stopped: not a takeover of a live writer, and nobody fences it
                w.close();
                break;
            }
            tally.increment("sessions");
            long epoch = w.epoch();
            System.out.println("OWNER " + epoch);
            System.out.flush();
            long mine = 0;
            try {
                while (role.until().running()) {
                    long v = w.version() + 1;
                    byte[] doc = Doc.build(v, SIZES[i++ % SIZES.length], false, id + "-" + epoch);
                    long got = w.publishJson(doc);
                    if (got != v) {
                        tally.increment("errors");
                        System.out.println("ERROR published as version " + got + ", expected " + v);
                    }
                    mine++;
                }
            } catch (StaleWriterException e) {
                tally.increment("fenced");
                System.out.println("FENCED " + epoch + " published=" + mine);
            } catch (WriterLockedException e) {
                tally.increment("busy");
                System.out.println("BUSY " + e.getMessage());
            } catch (JsonMmapException e) {
                tally.increment("errors");
                System.out.println("ERROR publish: " + e);
            } finally {
                tally.add("published", mine);
                w.close();
            }
            System.out.flush();
        }
        System.out.println(tally.resultLine());
        System.exit(0);
    }
}
