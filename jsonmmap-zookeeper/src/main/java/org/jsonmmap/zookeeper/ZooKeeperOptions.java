package org.jsonmmap.zookeeper;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

import org.jsonmmap.WriterOptions;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.BoundedExponentialBackoffRetry;

/**
 * How the bridge and the publisher talk to ZooKeeper: timeouts and the znode size limit. Immutable; each
 * {@code with*} returns a copy.
 *
 * <p>The defaults suit a production ensemble: a 30 s session, 10 s to establish a connection, 30 s for
 * the first connection and read at start, and ZooKeeper's default node limit (1 MiB - 1 byte, of which a document gets all but the request's
 * path and headers).
 *
 * @param sessionTimeout the session timeout asked of the server (it clamps it to its own limits); after this
 *     long without a connection the session expires and the bridge reports the connection lost
 * @param connectionTimeout how long one connection attempt may take
 * @param startTimeout how long starting may wait for the first connection and the first read of the znode
 * @param maxNodeBytes the node limit ({@code jute.maxbuffer}) that requests must fit in, in bytes
 * @param writerOptions the settings of the bridge's writer of the local region
 */
public record ZooKeeperOptions(Duration sessionTimeout, Duration connectionTimeout, Duration startTimeout,
                               int maxNodeBytes, WriterOptions writerOptions) {
    /** ZooKeeper's default {@code jute.maxbuffer}: the largest znode value a default server accepts. */
    public static final int DEFAULT_MAX_NODE_BYTES = 0xfffff;
    /** Default session timeout (the server clamps it to [2, 20] ticks). */
    public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(30);
    /** Default time to establish one connection. */
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(10);
    /** Default time to wait for the first connection and the first read when starting. */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(30);

    /**
     * Bytes of a write request besides the document and the path: the header and a default create's ACL
     * list and flags take 47; the rest is headroom for a chroot prefix and longer ACLs.
     */
    static final int REQUEST_HEADROOM = 256;

    private static final ZooKeeperOptions DEFAULTS = new ZooKeeperOptions(DEFAULT_SESSION_TIMEOUT,
            DEFAULT_CONNECTION_TIMEOUT, DEFAULT_START_TIMEOUT, DEFAULT_MAX_NODE_BYTES, WriterOptions.defaults());

    /**
     * Options as given; {@link #defaults()} and the {@code with*} copies are the usual way to make them.
     *
     * @param sessionTimeout the session timeout asked of the server
     * @param connectionTimeout how long one connection attempt may take
     * @param startTimeout how long starting may wait for the first connection and read
     * @param maxNodeBytes the node limit that requests must fit in, over 256 bytes (the request headroom)
     * @param writerOptions the settings of the bridge's writer of the local region
     * @throws IllegalArgumentException if a timeout is not positive or the node limit too small
     * @throws NullPointerException if a timeout or the writer options are null
     */
    public ZooKeeperOptions {
        positive(sessionTimeout, "session timeout");
        positive(connectionTimeout, "connection timeout");
        positive(startTimeout, "start timeout");
        if (maxNodeBytes <= REQUEST_HEADROOM) {
            throw new IllegalArgumentException("max node bytes must be over " + REQUEST_HEADROOM + ", was "
                    + maxNodeBytes);
        }
        Objects.requireNonNull(writerOptions, "options");
    }

    /**
     * The settings of the bridge's writer of the local region, e.g. its file mode:
     * {@code WriterOptions.defaults().withMode(FileMode.parse("0640"))} lets a group of followers running as
     * other users read the mirrored region (see the README, "Several users").
     *
     * @param options the writer's settings
     * @return a copy with them
     */
    public ZooKeeperOptions withWriterOptions(WriterOptions options) {
        return new ZooKeeperOptions(sessionTimeout, connectionTimeout, startTimeout, maxNodeBytes, options);
    }

    /** @return the defaults */
    public static ZooKeeperOptions defaults() {
        return DEFAULTS;
    }

    /**
     * @param timeout the session timeout asked of the server (it clamps it to its own limits); after this
     *     long without a connection the session expires and the bridge reports the connection lost
     * @return a copy with it
     */
    public ZooKeeperOptions withSessionTimeout(Duration timeout) {
        return new ZooKeeperOptions(timeout, connectionTimeout, startTimeout, maxNodeBytes, writerOptions);
    }

    /**
     * @param timeout how long one connection attempt may take
     * @return a copy with it
     */
    public ZooKeeperOptions withConnectionTimeout(Duration timeout) {
        return new ZooKeeperOptions(sessionTimeout, timeout, startTimeout, maxNodeBytes, writerOptions);
    }

    /**
     * @param timeout how long starting may wait for the first connection and the first read of the znode
     * @return a copy with it
     */
    public ZooKeeperOptions withStartTimeout(Duration timeout) {
        return new ZooKeeperOptions(sessionTimeout, connectionTimeout, timeout, maxNodeBytes, writerOptions);
    }

    /**
     * @param bytes the largest request the ensemble accepts: its {@code jute.maxbuffer} (documents must fit
     *     in it with the path and headers, see {@link #maxDocumentBytes(String)})
     * @return a copy with it
     */
    public ZooKeeperOptions withMaxNodeBytes(int bytes) {
        return new ZooKeeperOptions(sessionTimeout, connectionTimeout, startTimeout, bytes, writerOptions);
    }

    /**
     * The largest document that fits in one write request to {@code znode}: the node limit less the request's
     * own bytes (the path, the header, the ACL list and flags, with headroom for a chroot and longer ACLs). A
     * server drops the connection on a request over its limit, so this is checked before sending.
     *
     * @param znode the znode path
     * @return the largest document size, in bytes
     */
    public int maxDocumentBytes(String znode) {
        return Math.max(0, maxNodeBytes - REQUEST_HEADROOM - znode.getBytes(StandardCharsets.UTF_8).length);
    }

    /** A new, not yet started Curator client for {@code connectString} with these timeouts. */
    CuratorFramework newClient(String connectString) {
        Objects.requireNonNull(connectString, "connectString");
        if (connectString.isBlank()) {
            throw new IllegalArgumentException("connect string is empty: expected HOST:PORT[,HOST:PORT...][/chroot]");
        }
        return CuratorFrameworkFactory.builder()
                .connectString(connectString)
                .sessionTimeoutMs(millis(sessionTimeout))
                .connectionTimeoutMs(millis(connectionTimeout.compareTo(sessionTimeout) <= 0 ? connectionTimeout
                        : sessionTimeout)) // never above the session timeout (Curator warns)
                // retries of one operation back off up to 2 s; the bridge itself never gives up
                .retryPolicy(new BoundedExponentialBackoffRetry(100, 2000, 20))
                .build();
    }

    private static int millis(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, d.toMillis());
    }

    private static void positive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, was " + d);
        }
    }
}
