package org.jsonmmap;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import org.jsonmmap.internal.CommitSignal;

/**
 * How a waiting reader spends the time between two looks at the region ({@link RegionReader#awaitChange},
 * subscriptions). A strategy instance keeps per-waiter state: each waiter gets its own from
 * {@link #copy()}.
 *
 * <p>The choice is a trade of latency against CPU: {@link #busySpin()} reacts within nanoseconds and burns a
 * core; {@link #yielding()} gives the core to others between looks; {@link #backoff(Duration)} (the default,
 * with a 10 ms ceiling) spins a little, yields a little, then sleeps.
 *
 * <p><b>Futex wake-ups.</b> Where the follower's JVM can use the Linux futex (JDK 22+ with
 * {@code --enable-native-access=ALL-UNNAMED}; see docs/FORMAT.md, "Waiting") and the region's writer
 * promises to wake (a JDK 22+ writer with native access, or the Python writer), {@code backoff} sleeps in the
 * kernel on the commit word until the writer's wake, bounded only by the reader's
 * {@linkplain ReaderOptions#fileCheckInterval() file-check interval}: an idle follower then costs about one
 * wake-up a second, and a change is seen within microseconds. Otherwise (JDK 17, no native access, a writer
 * that cannot wake, a follower that may not write the file's waiter count) it parks for exponentially longer
 * up to its ceiling. Idle, it then wakes about 100 times a second, which costs well under 1% of a core (on the 2-core
 * virtual machine of docs/BENCHMARKS.md a wake-up of a park is charged 20 to 35 µs of CPU: a 1 ms ceiling
 * measured 1.5% of a core, 5 ms about 1%); it adds at most the ceiling to the latency of a change that
 * comes after a quiet spell, and nothing to changes that come in quick succession (the back-off restarts
 * from 1 µs after every change). Choose {@code backoff(Duration)} with a lower ceiling, or
 * {@link #busySpin()}, where the first change after a quiet spell must be seen within microseconds.
 */
public abstract class IdleStrategy {
    /** Default ceiling of {@link #defaults()}. */
    public static final Duration DEFAULT_MAX_PARK = Duration.ofMillis(10);

    IdleStrategy() {
    }

    /**
     * Waits a little; called after a look that found nothing new.
     */
    public abstract void idle();

    /**
     * Waits a little while the commit word is {@code seenWord}; strategies that can sleep on the futex
     * override it. {@code waiter} is null when this JVM has no futex.
     */
    void idle(CommitSignal.Waiter waiter, long seenWord, long maxNanos) {
        idle();
    }

    /**
     * Forgets the back-off; called after a look that found something.
     */
    public abstract void reset();

    /**
     * A fresh instance with the same settings and no state.
     *
     * @return a new strategy
     */
    public abstract IdleStrategy copy();

    /**
     * The default: {@code backoff(10 ms)}.
     *
     * @return the default strategy
     */
    public static IdleStrategy defaults() {
        return backoff(DEFAULT_MAX_PARK);
    }

    /**
     * Spins on the CPU ({@link Thread#onSpinWait()}): lowest latency, one busy core per waiter.
     *
     * @return a busy-spin strategy
     */
    public static IdleStrategy busySpin() {
        return new Stateless("busySpin", Thread::onSpinWait);
    }

    /**
     * Yields the CPU ({@link Thread#yield()}) between looks.
     *
     * @return a yielding strategy
     */
    public static IdleStrategy yielding() {
        return new Stateless("yielding", Thread::yield);
    }

    /** A strategy that does the same thing every time and so can be shared. */
    private static final class Stateless extends IdleStrategy {
        private final String name;
        private final Runnable action;

        Stateless(String name, Runnable action) {
            this.name = name;
            this.action = action;
        }

        @Override
        public void idle() {
            action.run();
        }

        @Override
        public void reset() {
        }

        @Override
        public IdleStrategy copy() {
            return this;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * Spins 100 times, yields 10 times, then parks from 1 µs doubling up to {@code maxPark}.
     *
     * @param maxPark the longest single park, the bound on the latency it adds (at least 1 µs)
     * @return a back-off strategy
     */
    public static IdleStrategy backoff(Duration maxPark) {
        long max = maxPark.toNanos();
        if (max < 1_000) {
            throw new IllegalArgumentException("maxPark must be at least 1 µs, was " + maxPark);
        }
        return new Backoff(max);
    }

    private static final class Backoff extends IdleStrategy {
        private static final int SPINS = 100;
        private static final int YIELDS = 10;
        private final long maxParkNanos;
        private int count;
        private long parkNanos = 1_000;

        Backoff(long maxParkNanos) {
            this.maxParkNanos = maxParkNanos;
        }

        @Override
        public void idle() {
            if (count < SPINS) {
                count++;
                Thread.onSpinWait();
            } else if (count < SPINS + YIELDS) {
                count++;
                Thread.yield();
            } else {
                LockSupport.parkNanos(parkNanos);
                parkNanos = Math.min(parkNanos << 1, maxParkNanos);
            }
        }

        @Override
        void idle(CommitSignal.Waiter waiter, long seenWord, long maxNanos) {
            if (count < SPINS + YIELDS || waiter == null || !waiter.wakePromised()) {
                idle();
            } else {
                // the writer wakes us after its next commit: sleep until then, or the caller's bound
                waiter.sleepWhileUnchanged(seenWord, maxNanos);
            }
        }

        @Override
        public void reset() {
            count = 0;
            parkNanos = 1_000;
        }

        @Override
        public IdleStrategy copy() {
            return new Backoff(maxParkNanos);
        }

        @Override
        public String toString() {
            return "backoff(max park " + maxParkNanos / 1_000 + " µs)";
        }
    }
}
