package org.jsonmmap.reliability;

import java.util.LinkedHashSet;
import java.util.Set;

import org.jsonmmap.JsonMmapException;
import org.jsonmmap.RegionWriter;
import org.jsonmmap.StaleWriterException;
import org.jsonmmap.WriterOptions;

/**
 * Child main: a writer publishing a small document every 2 ms while the scenario damages its file. It prints
 * {@code READY} after its first publish, {@code ERROR Class message} for each new kind of error, and
 * {@code FAULT} for an {@link InternalError} (the JVM's report of SIGBUS), and ends with
 * {@code EXIT published=N lastVersion=V faults=F errors=Class,…}. Args: dir name seconds stopFile.
 */
public final class FaultWriterRole {
    private FaultWriterRole() {
    }

    public static void main(String[] args) throws Exception {
        RoleArgs role = RoleArgs.parse(args, 3);
        long published = 0;
        long last = 0;
        long faults = 0;
        Set<String> errors = new LinkedHashSet<>();
        try (RegionWriter w = role.region().openWriter(WriterOptions.defaults().withInitialCapacity(4096))) {
            int i = 0;
            boolean stale = false;
            // the JVM delivers a SIGBUS as an InternalError at the thread's next safepoint poll, which may be outside
            // the iteration's try (the loop's back-edge): the outer loop counts it and goes on publishing
            while (!stale && role.until().running()) {
                try {
                    while (role.until().running()) {
                        try {
                            last = w.publishJson(Doc.build(w.version() + 1, Doc.SIZES[i++ % 3], false));
                            published++;
                            if (published == 1) {
                                System.out.println("READY");
                                System.out.flush();
                            }
                        } catch (StaleWriterException e) {
                            errors.add(e.getClass().getSimpleName());
                            System.out.println("ERROR " + e.getClass().getSimpleName() + " " + e.getMessage());
                            stale = true;
                            break;
                        } catch (JsonMmapException e) {
                            if (errors.add(e.getClass().getSimpleName())) {
                                System.out.println("ERROR " + e.getClass().getSimpleName() + " " + e.getMessage());
                            }
                            Thread.sleep(50);
                        }
                        Thread.sleep(2);
                    }
                } catch (InternalError e) {
                    if (faults++ == 0) {
                        System.out.println("FAULT " + e.getMessage());
                    }
                    Thread.sleep(50);
                }
            }
        } catch (JsonMmapException e) {
            errors.add("close:" + e.getClass().getSimpleName());
        } catch (InternalError e) {
            faults++;
        }
        System.out.println("EXIT published=" + published + " lastVersion=" + last + " faults=" + faults + " errors="
                + (errors.isEmpty() ? "none" : String.join(",", errors)));
        System.exit(0);
    }
}
