package org.jsonmmap;

/**
 * A running subscription to a region's changes ({@link RegionReader#subscribe}). Close it to stop
 * delivery; closing the reader closes it too.
 */
public interface Subscription extends AutoCloseable {
    /**
     * Stops delivery and waits for the delivering thread to finish the listener call in progress
     * (unless called from the listener itself). Idempotent.
     */
    @Override
    void close();

    /** @return true until the subscription is closed or has stopped for good (region deleted or replaced) */
    boolean isActive();

    /** @return the last version handed to the listener (0 if none yet) */
    long lastDeliveredVersion();
}
