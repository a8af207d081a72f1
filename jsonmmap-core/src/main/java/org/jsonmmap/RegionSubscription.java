package org.jsonmmap;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import tools.jackson.databind.JsonNode;

/** The delivering thread behind {@link RegionReader#subscribe}. */
final class RegionSubscription implements Subscription, Runnable {
    private static final System.Logger LOG = System.getLogger(RegionSubscription.class.getName());
    private static final AtomicInteger IDS = new AtomicInteger();
    private static final long ERROR_PAUSE_NANOS = 100_000_000L;
    private static final long REATTACH_PAUSE_NANOS = 10_000_000L;

    private final RegionReader reader;
    private final Consumer<Versioned<JsonNode>> listener;
    private final Consumer<JsonMmapException> onError;
    private final IdleStrategy idle;
    private final long checkEveryNanos;
    private final Thread thread;
    private volatile boolean active = true;
    private volatile long delivered;
    /** The reader this subscription opened itself after the region was replaced, if any. */
    private volatile RegionReader own;

    RegionSubscription(RegionReader reader, Consumer<Versioned<JsonNode>> listener,
                       Consumer<JsonMmapException> onError, IdleStrategy idle, Duration fileCheckInterval) {
        this.reader = reader;
        this.listener = listener;
        this.onError = onError;
        this.idle = idle;
        this.checkEveryNanos = fileCheckInterval.toNanos();
        this.thread = new Thread(this, "jsonmmap-subscriber-" + reader.region().name() + "-"
                + IDS.incrementAndGet());
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    @Override
    public void run() {
        RegionReader from = reader;
        boolean deliveredFromThisFile = false;
        long nextCheck = System.nanoTime() + checkEveryNanos;
        String lastError = null;
        try {
            while (active) {
                try {
                    long v = from.version();
                    if (v != 0 && v != delivered) {
                        Optional<Versioned<JsonNode>> snap = from.snapshot();
                        if (snap.isPresent() && snap.get().version() != delivered) {
                            deliver(snap.get());
                            deliveredFromThisFile = true;
                        }
                        idle.reset();
                        lastError = null;
                        continue;
                    }
                    long now = System.nanoTime();
                    if (now - nextCheck >= 0) {
                        from.checkFile();
                        nextCheck = now + checkEveryNanos;
                    }
                    idle.idle();
                } catch (RegionClosedException e) {
                    return;
                } catch (RegionReplacedException e) {
                    // deleted or replaced (a master that restarts does both): say so, then follow the next
                    // file at the same path from its first version, like 'jsonmmap watch'
                    if (from == reader || deliveredFromThisFile) {
                        report(e);
                    }
                    if (from != reader) {
                        from.close();
                    }
                    from = reattach();
                    if (from == null) {
                        return;
                    }
                    own = from;
                    delivered = 0;
                    deliveredFromThisFile = false;
                    lastError = null;
                    nextCheck = System.nanoTime() + checkEveryNanos;
                } catch (InternalError e) {
                    // the SIGBUS of a read past a truncated end, delivered at a safepoint poll anywhere in
                    // this loop (often in the idle strategy): the mapping is unusable, so report and stop
                    report(from.faulted(e));
                    return;
                } catch (RegionTruncatedException e) {
                    // the file at the path is broken, not replaced: nothing to follow until it is
                    RegionReader.absorbLateFault();
                    report(e);
                    return;
                } catch (JsonMmapException e) {
                    if (!e.getMessage().equals(lastError)) {
                        report(e);
                        lastError = e.getMessage();
                    }
                    LockSupport.parkNanos(ERROR_PAUSE_NANOS);
                }
            }
        } catch (InternalError e) {
            // the same late fault surfacing outside the inner try: inside one of its handlers (the absorbing
            // of a fault already reported) or at the loop's back edge; the mapping is unusable: report and stop
            report(from.faulted(e));
        } finally {
            active = false;
            reader.unregister(this);
            RegionReader mine = own;
            if (mine != null) {
                mine.close();
            }
        }
    }

    /** Waits (while active) for a region file at the same path and opens a reader on it; null once closed. */
    private RegionReader reattach() {
        Region region = reader.region();
        String lastError = null;
        while (active && !reader.isClosed()) {
            try {
                if (region.exists()) {
                    return region.openReader(reader.options());
                }
            } catch (RegionNotFoundException e) {
                // deleted again between the check and the open: keep waiting
            } catch (JsonMmapException e) {
                if (!String.valueOf(e.getMessage()).equals(lastError)) {
                    report(e);
                    lastError = String.valueOf(e.getMessage());
                }
            }
            LockSupport.parkNanos(REATTACH_PAUSE_NANOS);
        }
        return null;
    }

    private void deliver(Versioned<JsonNode> value) {
        delivered = value.version();
        try {
            listener.accept(value);
        } catch (Throwable t) {
            // an Error too (an AssertionError in a test's listener): reported, never the end of delivery
            report(new JsonMmapException("the listener of region '" + reader.region().name()
                    + "' threw on version " + value.version() + ": " + t + "; the subscription goes on", t));
        }
    }

    private void report(JsonMmapException e) {
        try {
            onError.accept(e);
        } catch (InternalError late) {
            // a fault of a load past a truncated end, delivered late, inside the handler: report again
            report(e);
        } catch (Throwable r) {
            LOG.log(Level.WARNING, "error handler of a subscription failed on: " + e.getMessage(), r);
        }
    }

    @Override
    public void close() {
        active = false;
        LockSupport.unpark(thread);
        if (Thread.currentThread() != thread) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isActive() {
        return active;
    }

    @Override
    public long lastDeliveredVersion() {
        return delivered;
    }
}
