package org.jsonmmap.reliability;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.jsonmmap.JsonMmapException;
import org.jsonmmap.Region;
import org.jsonmmap.RegionReader;
import org.jsonmmap.RegionReplacedException;
import org.jsonmmap.Subscription;
import org.jsonmmap.Versioned;

import tools.jackson.databind.JsonNode;

/**
 * Child main: a reader ({@code reader}: tight snapshot loop, {@link RegionReader#checkFile()} every 100 ms,
 * as an application that watches its file would) or a subscriber while the scenario damages the file.
 * On the first error it records the error's class, whether the previous version is still readable through
 * the same reader ({@code prev}), and what a fresh reader gets ({@code reopen}). An {@link InternalError}
 * (SIGBUS reported by the JVM) is counted as a fault. Prints {@code READY}, then
 * {@code EXIT mode=… checked=N bad=B lastVersion=V faults=F error=Class prev=… reopen=…}.
 * Args: dir name seconds stopFile mode.
 */
public final class FaultReaderRole {
    private FaultReaderRole() {
    }

    public static void main(String[] args) throws Exception {
        RoleArgs role = RoleArgs.parse(args, 3);
        boolean subscriber = args[4].equals("subscriber");
        long checked = 0;
        long bad = 0;
        long lastVersion = 0;
        long faults = 0;
        String error = "none";
        String prev = "na";
        String reopen = "na";
        try (RegionReader r = role.region().openReader()) {
            System.out.println("READY");
            System.out.flush();
            if (subscriber) {
                AtomicLong last = new AtomicLong();
                AtomicLong badCount = new AtomicLong();
                AtomicLong count = new AtomicLong();
                AtomicReference<String> err = new AtomicReference<>("none");
                try (Subscription sub = r.subscribe(x -> {
                    count.incrementAndGet();
                    if (Doc.check(x.value(), x.version()) != null || x.version() <= last.get()) {
                        badCount.incrementAndGet();
                    }
                    last.set(x.version());
                }, e -> {
                    if (e instanceof RegionReplacedException) {
                        // the subscription follows the file that replaced the region, whose versions start
                        // again (told here first, on the delivering thread): a new sequence, not a step back
                        last.set(0);
                    }
                    err.compareAndSet("none", e.getClass().getSimpleName());
                    System.out.println("ERROR " + e.getClass().getSimpleName() + " " + e.getMessage());
                })) {
                    while (role.until().running()) {
                        Thread.sleep(20);
                    }
                }
                checked = count.get();
                bad = badCount.get();
                lastVersion = last.get();
                error = err.get();
            } else {
                Reading reading = new Reading(r, role);
                // the JVM delivers the SIGBUS of a mapped read as an InternalError at the thread's next safepoint
                // poll, which may be outside any try in the loop (its back-edge, say): one outside the loop's own
                // handler ends run() and is counted here, and the loop goes on where it was
                while (true) {
                    try {
                        reading.run();
                        break;
                    } catch (InternalError e) {
                        reading.fault(e);
                    }
                }
                checked = reading.checked;
                bad = reading.bad;
                lastVersion = reading.lastVersion;
                faults = reading.faults;
                error = reading.error;
                prev = reading.prev;
                reopen = reading.reopen;
            }
        } catch (JsonMmapException e) {
            error = "close:" + e.getClass().getSimpleName();
        }
        System.out.println("EXIT mode=" + args[4] + " checked=" + checked + " bad=" + bad + " lastVersion=" + lastVersion
                + " faults=" + faults + " error=" + error + " prev=" + prev + " reopen=" + reopen);
        System.exit(0);
    }

    /** Whether the same reader still gives the version it had, intact ({@code ok}), or what it throws. */
    private static String previous(RegionReader r, long lastVersion) {
        try {
            Optional<Versioned<JsonNode>> s = r.snapshot();
            if (s.isPresent() && s.get().version() >= lastVersion && Doc.check(s.get().value(), s.get().version()) == null) {
                return "ok";
            }
            return "stale-or-bad";
        } catch (JsonMmapException e) {
            return e.getClass().getSimpleName();
        } catch (InternalError e) {
            return "InternalError";
        }
    }

    /** What a fresh reader gets now: {@code ok} with a valid value, or the error's class. */
    private static String reopen(Region region) {
        try (RegionReader fresh = region.openReader()) {
            Optional<Versioned<JsonNode>> s = fresh.snapshot();
            return s.isEmpty() ? "ok-empty" : Doc.check(s.get().value(), s.get().version()) == null ? "ok" : "bad";
        } catch (JsonMmapException e) {
            return e.getClass().getSimpleName();
        } catch (InternalError e) {
            return "InternalError";
        }
    }

    /** The tight snapshot loop of mode {@code reader}, its counts kept across a fault delivered outside it. */
    private static final class Reading {
        private final RegionReader r;
        private final RoleArgs role;
        private Versioned<JsonNode> last;
        private long nextCheck = System.nanoTime() + 100_000_000L;
        long checked;
        long bad;
        long lastVersion;
        long faults;
        String error = "none";
        String prev = "na";
        String reopen = "na";

        Reading(RegionReader r, RoleArgs role) {
            this.r = r;
            this.role = role;
        }

        /** Reads until the role's time is up or the first error; a fault inside an iteration is counted there. */
        void run() {
            while (role.until().running() && error.equals("none")) {
                try {
                    if (System.nanoTime() - nextCheck >= 0) {
                        r.checkFile();
                        nextCheck = System.nanoTime() + 100_000_000L;
                    }
                    Optional<Versioned<JsonNode>> s = r.snapshot();
                    if (s.isPresent() && s.get() != last) {
                        checked++;
                        if (Doc.check(s.get().value(), s.get().version()) != null || s.get().version() < lastVersion) {
                            bad++;
                        }
                        last = s.get();
                        lastVersion = last.version();
                    }
                } catch (JsonMmapException e) {
                    error = e.getClass().getSimpleName();
                    System.out.println("ERROR " + error + " " + e.getMessage());
                    prev = previous(r, lastVersion);
                    reopen = reopen(role.region());
                } catch (InternalError e) {
                    fault(e);
                }
            }
        }

        /** Counts a fault (SIGBUS reported by the JVM); past 100 of them the reader gives up. */
        void fault(InternalError e) {
            if (faults++ == 0) {
                System.out.println("FAULT " + e.getMessage());
            }
            if (faults > 100) {
                error = "InternalError";
            }
        }
    }
}
