package org.jsonmmap;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jsonmmap.internal.RegionLayout;

/**
 * The futures of {@link RegionReader#nextVersion(long)}: one daemon thread per reader waits while any is
 * pending (sleeping on the futex where available), completes each with the first version above its
 * {@code since}, and exits when none is left.
 */
final class VersionFutures implements Runnable {
    private final RegionReader reader;
    private final ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean();

    private static final class Pending {
        final long since;
        final CompletableFuture<Long> future = new CompletableFuture<>();

        Pending(long since) {
            this.since = since;
        }
    }

    VersionFutures(RegionReader reader) {
        this.reader = reader;
    }

    CompletableFuture<Long> add(long since) {
        Pending p = new Pending(since);
        pending.add(p);
        if (running.compareAndSet(false, true)) {
            Thread t = new Thread(this, "jsonmmap-await-" + reader.region().name());
            t.setDaemon(true);
            t.start();
        }
        return p.future;
    }

    @Override
    public void run() {
        IdleStrategy idle = reader.options().idleStrategy().copy();
        long checkEvery = reader.options().fileCheckInterval().toNanos();
        long nextCheck = System.nanoTime() + checkEvery;
        while (true) {
            try {
                long w = reader.commitWord();
                long v = RegionLayout.versionOf(w);
                boolean completed = pending.removeIf(p -> p.future.isDone() || (v > p.since && p.future.complete(v)));
                if (pending.isEmpty()) {
                    running.set(false);
                    // a future added after the isEmpty check finds running false and starts a thread, or we go on
                    if (pending.isEmpty() || !running.compareAndSet(false, true)) {
                        return;
                    }
                    continue;
                }
                if (completed) {
                    idle.reset();
                }
                nextCheck = reader.checkFileAndIdle(idle, w, nextCheck, checkEvery);
            } catch (InternalError e) {
                failAll(reader.faulted(e));
                return;
            } catch (JsonMmapException e) {
                failAll(e);
                return;
            }
        }
    }

    /** Fails every pending future and stops this thread (a later future starts a new one, which looks again). */
    private void failAll(JsonMmapException e) {
        running.set(false);
        for (Pending p; (p = pending.poll()) != null; ) {
            p.future.completeExceptionally(e);
        }
    }

    /** The reader closed: every pending future fails; the waiting thread wakes and exits. */
    void closed() {
        failAll(new RegionClosedException("the reader of region '" + reader.region().name() + "' is closed"));
        reader.wakeSleepers();
    }
}
