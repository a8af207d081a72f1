package org.jsonmmap;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;

/**
 * How a subscription runs ({@link RegionReader#subscribe(Consumer, SubscriptionOptions)} and the typed and raw
 * variants): on which thread it watches and delivers, and where read errors go. Immutable; each
 * {@code with*} returns a copy.
 *
 * <p>A subscription watches and delivers on one thread: by default a daemon thread of its own named
 * {@code jsonmmap-subscriber-REGION-N}; {@link #withThreadName(String)} names it, {@link #withThreadFactory}
 * makes it, and {@link #withExecutor(Executor)} runs the watch loop as one task of an executor, which holds one
 * of its threads until the subscription is closed. The listener is called on that thread, one version at a
 * time. At most one of the thread name, the thread factory and the executor is set.
 *
 * @param threadName the name of the subscription's own daemon thread, or null for the default name
 * @param threadFactory makes the subscription's thread, or null
 * @param executor runs the watch loop as one long task, or null
 * @param onError receives errors reading the region, or null for the log
 */
public record SubscriptionOptions(String threadName, ThreadFactory threadFactory, Executor executor,
                                  Consumer<JsonMmapException> onError) {
    private static final SubscriptionOptions DEFAULTS = new SubscriptionOptions(null, null, null, null);

    /**
     * Options as given; {@link #defaults()} and the {@code with*} copies are the usual way to make them.
     *
     * @throws IllegalArgumentException if more than one of the thread name, the thread factory and the
     *     executor is set
     */
    public SubscriptionOptions {
        int ways = (threadName != null ? 1 : 0) + (threadFactory != null ? 1 : 0) + (executor != null ? 1 : 0);
        if (ways > 1) {
            throw new IllegalArgumentException("a subscription runs on a named thread, a factory's thread or an"
                    + " executor, not several: name " + threadName + ", factory " + threadFactory + ", executor "
                    + executor);
        }
    }

    /** @return a daemon thread of its own, errors to the log */
    public static SubscriptionOptions defaults() {
        return DEFAULTS;
    }

    /**
     * @param name the name of the subscription's own daemon thread
     * @return a copy that names the thread (and makes it itself: no factory, no executor)
     */
    public SubscriptionOptions withThreadName(String name) {
        return new SubscriptionOptions(Objects.requireNonNull(name, "name"), null, null, onError);
    }

    /**
     * @param factory makes the subscription's thread (its name, daemon status, priority, group are the factory's)
     * @return a copy that uses the factory (no executor)
     */
    public SubscriptionOptions withThreadFactory(ThreadFactory factory) {
        return new SubscriptionOptions(null, Objects.requireNonNull(factory, "factory"), null, onError);
    }

    /**
     * @param executor runs the watch loop as one long task, until the subscription is closed
     * @return a copy that uses the executor (no thread of its own)
     */
    public SubscriptionOptions withExecutor(Executor executor) {
        return new SubscriptionOptions(null, null, Objects.requireNonNull(executor, "executor"), onError);
    }

    /**
     * @param onError receives errors reading the region (not the listener's own exceptions, which are logged)
     * @return a copy that sends read errors there instead of the log
     */
    public SubscriptionOptions withOnError(Consumer<JsonMmapException> onError) {
        return new SubscriptionOptions(threadName, threadFactory, executor, Objects.requireNonNull(onError, "onError"));
    }
}
