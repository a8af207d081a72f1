package org.jsonmmap;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import org.jsonmmap.internal.RegionLayout;

import tools.jackson.databind.JsonNode;

/** The delivering thread behind {@link RegionReader#subscribe}. */
final class RegionSubscription implements Subscription, Runnable {
    private static final System.Logger LOG = System.getLogger(RegionSubscription.class.getName());
    private static final AtomicInteger IDS = new AtomicInteger();
    private static final long ERROR_PAUSE_NANOS = 100_000_000L;

    private final RegionReader reader;
    private final Consumer<Versioned<JsonNode>> listener;
    private final Consumer<JsonMmapException> onError;
    private final IdleStrategy idle;
    private final long checkEveryNanos;
    private final Thread thread;
    private volatile boolean active = true;
    private volatile long delivered;

    RegionSubscription(RegionReader reader, Consumer<Versioned<JsonNode>> listener,
                       Consumer<JsonMmapException> onError, IdleStrategy idle, Duration fileCheckInterval) {
        this.reader = reader;
        this.listener = listener;
        this.onError = onError;
        this.idle = idle;
        this.checkEveryNanos = fileCheckInterval.toNanos();
        this.thread = new Thread(this, "jsonmmap-subscriber-" + reader.regionForSubscription().name() + "-"
                + IDS.incrementAndGet());
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    @Override
    public void run() {
        long nextCheck = System.nanoTime() + checkEveryNanos;
        String lastError = null;
        try {
            while (active) {
                try {
                    long w = reader.commitWord();
                    long v = RegionLayout.versionOf(w);
                    if (v != 0 && v != delivered) {
                        Optional<Versioned<JsonNode>> snap = reader.snapshot();
                        if (snap.isPresent() && snap.get().version() != delivered) {
                            deliver(snap.get());
                        }
                        idle.reset();
                        lastError = null;
                        continue;
                    }
                    long now = System.nanoTime();
                    if (now - nextCheck >= 0) {
                        reader.checkFile();
                        nextCheck = now + checkEveryNanos;
                    }
                    idle.idle(reader.waiter(), w, nextCheck - now);
                } catch (RegionClosedException e) {
                    return;
                } catch (RegionReplacedException e) {
                    report(e);
                    return;
                } catch (InternalError e) {
                    // the SIGBUS of a read past a truncated end, delivered at a safepoint poll anywhere in
                    // this loop (often in the idle strategy): the mapping is unusable, so report and stop
                    report(reader.faulted(e));
                    return;
                } catch (JsonMmapException e) {
                    if (!e.getMessage().equals(lastError)) {
                        report(e);
                        lastError = e.getMessage();
                    }
                    LockSupport.parkNanos(ERROR_PAUSE_NANOS);
                }
            }
        } finally {
            active = false;
            reader.unregister(this);
        }
    }

    private void deliver(Versioned<JsonNode> value) {
        delivered = value.version();
        try {
            listener.accept(value);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "listener of region '" + reader.regionForSubscription().name() + "' failed on version "
                    + value.version() + "; the subscription goes on", e);
        }
    }

    private void report(JsonMmapException e) {
        try {
            onError.accept(e);
        } catch (RuntimeException r) {
            LOG.log(Level.WARNING, "error handler of a subscription failed", r);
        }
    }

    @Override
    public void close() {
        active = false;
        LockSupport.unpark(thread);
        reader.wakeSleepers();
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
