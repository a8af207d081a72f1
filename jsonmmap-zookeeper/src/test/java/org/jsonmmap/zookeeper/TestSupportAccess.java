package org.jsonmmap.zookeeper;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** For tests in other packages: {@link TestSupport}'s polling. */
public final class TestSupportAccess {
    private TestSupportAccess() {
    }

    /**
     * @param timeout the longest wait
     * @param what named in the failure
     * @param condition polled every 5 ms
     */
    public static void awaitUntil(Duration timeout, String what, BooleanSupplier condition) {
        TestSupport.awaitUntil(timeout, what, condition);
    }
}
