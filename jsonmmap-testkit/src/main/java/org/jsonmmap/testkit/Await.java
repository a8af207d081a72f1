package org.jsonmmap.testkit;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting for a condition with a deadline: the tests' one polling loop. */
public final class Await {
    private Await() {
    }

    /**
     * Polls {@code condition} every 5 ms until it holds.
     *
     * @param timeout the longest wait
     * @param what named in the failure, e.g. "the second value"
     * @param condition what to wait for
     * @throws AssertionError naming {@code what}, after {@code timeout}
     */
    public static void until(Duration timeout, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }
}
