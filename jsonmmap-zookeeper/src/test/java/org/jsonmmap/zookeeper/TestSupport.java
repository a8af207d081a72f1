package org.jsonmmap.zookeeper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.jsonmmap.testkit.ChildJvm;

/** Helpers of the ZooKeeper tests: clients, fresh znodes, child JVMs (the test kit's). */
final class TestSupport {
    private static final AtomicInteger NODES = new AtomicInteger();

    private TestSupport() {
    }

    /** A started, connected Curator client with short timeouts. */
    static CuratorFramework client(String connectString, Duration sessionTimeout) {
        CuratorFramework c = CuratorFrameworkFactory.builder().connectString(connectString)
                .sessionTimeoutMs((int) sessionTimeout.toMillis()).connectionTimeoutMs(2000)
                .retryPolicy(new RetryOneTime(100)).build();
        c.start();
        try {
            if (!c.blockUntilConnected(10, TimeUnit.SECONDS)) {
                c.close();
                throw new IllegalStateException("test client did not connect to " + connectString);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return c;
    }

    /** A znode path no other test uses. */
    static String freshZnode(String prefix) {
        return "/jsonmmap-test/" + prefix + "-" + NODES.incrementAndGet() + "-" + System.nanoTime();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Starts {@code main} in a child JVM on the test class path (small heap), standard error merged into its output. */
    static ChildJvm childJvm(Class<?> main, String... args) {
        try {
            return ChildJvm.java(main, args).heap("64m").jvmOptions("-XX:TieredStopAtLevel=1").mergeStderr().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
