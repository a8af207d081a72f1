package org.jsonmmap;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToLongFunction;

import org.jsonmmap.internal.RegionLayout;

/**
 * The watch loop behind {@link RegionReader#subscribe} and its typed and raw variants: runs on a thread of its
 * own, of a factory, or as a task of an executor ({@link SubscriptionOptions}).
 *
 * @param <T> what the listener receives
 */
final class RegionSubscription<T> implements Subscription, Runnable {
    private static final System.Logger LOG = System.getLogger(RegionSubscription.class.getName());
    private static final AtomicInteger IDS = new AtomicInteger();
    private static final long ERROR_PAUSE_NANOS = 100_000_000L;
    private static final long REATTACH_PAUSE_NANOS = 10_000_000L;

    private final RegionReader reader;
    private final Function<RegionReader, Optional<T>> read;
    private final ToLongFunction<T> versionOf;
    private final Consumer<? super T> listener;
    private final Consumer<JsonMmapException> onError;
    private final IdleStrategy idle;
    private final long checkEveryNanos;
    private final SubscriptionOptions delivery;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile Thread runner;
    private volatile boolean active = true;
    private volatile long delivered;
    /** The reader this subscription opened itself after the region was replaced, if any. */
    private volatile RegionReader own;

    RegionSubscription(RegionReader reader, Function<RegionReader, Optional<T>> read, ToLongFunction<T> versionOf,
                       Consumer<? super T> listener, Consumer<JsonMmapException> onError, IdleStrategy idle,
                       Duration fileCheckInterval, SubscriptionOptions delivery) {
        this.reader = reader;
        this.read = read;
        this.versionOf = versionOf;
        this.listener = listener;
        this.onError = onError;
        this.idle = idle;
        this.checkEveryNanos = fileCheckInterval.toNanos();
        this.delivery = delivery;
    }

    void start() {
        if (delivery.executor() != null) {
            delivery.executor().execute(this);
            return;
        }
        Thread t;
        if (delivery.threadFactory() != null) {
            t = delivery.threadFactory().newThread(this);
            if (t == null) {
                throw new IllegalStateException("the subscription's ThreadFactory returned no thread");
            }
        } else {
            String name = delivery.threadName() != null ? delivery.threadName()
                    : "jsonmmap-subscriber-" + reader.region().name() + "-" + IDS.incrementAndGet();
            t = new Thread(this, name);
            t.setDaemon(true);
        }
        runner = t;
        t.start();
    }

    @Override
    public void run() {
        runner = Thread.currentThread();
        RegionReader from = reader;
        boolean deliveredFromThisFile = false;
        long nextCheck = System.nanoTime() + checkEveryNanos;
        String lastError = null;
        try {
            while (active) {
                try {
                    long w = from.commitWord();
                    long v = RegionLayout.versionOf(w);
                    if (v != 0 && v != delivered) {
                        Optional<T> snap = read.apply(from);
                        if (snap.isPresent() && versionOf.applyAsLong(snap.get()) != delivered) {
                            deliver(snap.get());
                            deliveredFromThisFile = true;
                        }
                        idle.reset();
                        lastError = null;
                        continue;
                    }
                    nextCheck = from.checkFileAndIdle(idle, w, nextCheck, checkEveryNanos);
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
            finished.countDown();
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

    private void deliver(T value) {
        long v = versionOf.applyAsLong(value);
        delivered = v;
        try {
            listener.accept(value);
        } catch (Throwable t) {
            // an Error too (an AssertionError in a test's listener): reported, never the end of delivery
            report(new JsonMmapException("the listener of region '" + reader.region().name()
                    + "' threw on version " + v + ": " + t + "; the subscription goes on", t));
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
        Thread t = runner;
        if (t != null) {
            LockSupport.unpark(t);
        }
        reader.wakeSleepers();
        if (Thread.currentThread() != t) {
            try {
                if (delivery.executor() == null && t != null) {
                    t.join(10_000);
                } else if (t != null) {
                    // an executor's thread lives on; an executor that has not started the task yet will see
                    // the flag and return at once
                    finished.await(10, TimeUnit.SECONDS);
                }
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
