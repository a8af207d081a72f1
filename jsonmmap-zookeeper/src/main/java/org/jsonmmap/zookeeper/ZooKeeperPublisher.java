package org.jsonmmap.zookeeper;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.imps.CuratorFrameworkState;
import org.apache.curator.utils.PathUtils;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.jsonmmap.InvalidJsonException;
import org.jsonmmap.JsonDocuments;

/**
 * Edits the znode that a {@link ZooKeeperBridge} mirrors, for the one master that edits configuration. Every
 * write is a compare-and-set on the znode's version ({@code Stat.version}): it succeeds only if nobody changed
 * the znode since the editor read it, so two editors cannot silently overwrite each other; the loser gets a
 * {@link ConfigConflictException} naming the expected and actual versions.
 *
 * <p>Before anything is sent, a document is checked to be exactly one JSON value and no larger than
 * {@link ZooKeeperOptions#maxDocumentBytes(String)} (the node limit less the request's own bytes). Thread-safe. Cost of a write: one validation pass and one
 * round trip to the ensemble leader (plus one read to name the actual version on a conflict).
 */
public final class ZooKeeperPublisher implements AutoCloseable {

    private final CuratorFramework client;
    private final boolean ownsClient;
    private final String znode;
    private final ZooKeeperOptions options;
    private volatile boolean closed;

    private ZooKeeperPublisher(CuratorFramework client, boolean ownsClient, String znode, ZooKeeperOptions options) {
        this.client = client;
        this.ownsClient = ownsClient;
        this.znode = znode;
        this.options = options;
    }

    /**
     * Connects to an ensemble and returns a publisher that owns the connection (closed with it).
     *
     * @param connectString {@code HOST:PORT[,HOST:PORT...][/chroot]}
     * @param znode the absolute znode path, e.g. {@code /config/app}
     * @param options timeouts and the node size limit
     * @return the publisher, connected
     * @throws ZooKeeperUnavailableException if no connection was made within the start timeout
     * @throws IllegalArgumentException if the znode path is not valid
     */
    public static ZooKeeperPublisher connect(String connectString, String znode, ZooKeeperOptions options) {
        validatePath(znode);
        CuratorFramework client = options.newClient(connectString);
        client.start();
        try {
            awaitConnected(client, connectString, options.startTimeout());
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
        return new ZooKeeperPublisher(client, true, znode, options);
    }

    /**
     * A publisher on a client the caller owns (and closes).
     *
     * @param client a started Curator client
     * @param znode the absolute znode path
     * @param options the node size limit (timeouts are the client's own)
     * @return the publisher
     */
    public static ZooKeeperPublisher on(CuratorFramework client, String znode, ZooKeeperOptions options) {
        validatePath(znode);
        if (client.getState() != CuratorFrameworkState.STARTED) {
            throw new IllegalStateException("the Curator client must be started, it is " + client.getState());
        }
        return new ZooKeeperPublisher(client, false, znode, Objects.requireNonNull(options, "options"));
    }

    static void validatePath(String znode) {
        Objects.requireNonNull(znode, "znode");
        try {
            PathUtils.validatePath(znode);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid znode path '" + znode + "': " + e.getMessage(), e);
        }
    }

    static void awaitConnected(CuratorFramework client, String connectString, Duration timeout) {
        try {
            if (!client.blockUntilConnected((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()),
                    TimeUnit.MILLISECONDS)) {
                throw new ZooKeeperUnavailableException("cannot connect to ZooKeeper at '" + connectString
                        + "' within " + timeout.toMillis() + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ZooKeeperUnavailableException("interrupted while connecting to ZooKeeper at '"
                    + connectString + "'", e);
        }
    }

    /** @return the znode this publisher writes */
    public String znode() {
        return znode;
    }

    /**
     * Reads the znode.
     *
     * @return its bytes and versions, or empty if it does not exist
     * @throws ZooKeeperException if ZooKeeper fails or cannot be reached
     */
    public Optional<ZnodeValue> read() {
        checkOpen();
        Stat stat = new Stat();
        try {
            byte[] data = client.getData().storingStatIn(stat).forPath(znode);
            return Optional.of(ZnodeValue.of(data, stat));
        } catch (KeeperException.NoNodeException e) {
            return Optional.empty();
        } catch (Exception e) {
            throw KeeperErrors.translate(e, znode, "read");
        }
    }

    /**
     * Writes {@code json} to the znode if, and only if, it is still at {@code expectedVersion}.
     *
     * @param json UTF-8 JSON: exactly one JSON value
     * @param expectedVersion the {@link ZnodeValue#version()} this edit is based on (0 or more)
     * @return the znode's new version
     * @throws ConfigConflictException if the znode is at another version or was deleted (nothing written)
     * @throws InvalidJsonException if {@code json} is not exactly one JSON value (nothing sent)
     * @throws ZnodeTooLargeException if {@code json} is over the node limit (nothing sent)
     * @throws ZooKeeperException if ZooKeeper fails or cannot be reached
     */
    public int publish(byte[] json, int expectedVersion) {
        if (expectedVersion < 0) {
            throw new IllegalArgumentException("expected version must be 0 or more, was " + expectedVersion
                    + " (a compare-and-set needs the version that was read; use create() for a new znode)");
        }
        checkOpen();
        check(json);
        try {
            Stat stat = client.setData().withVersion(expectedVersion).forPath(znode, json);
            return stat.getVersion();
        } catch (KeeperException.BadVersionException | KeeperException.NoNodeException e) {
            throw new ConfigConflictException(znode, expectedVersion, actualVersion());
        } catch (Exception e) {
            throw KeeperErrors.translate(e, znode, "write");
        }
    }

    /**
     * Serializes {@code value} (a tree, record, POJO, Map or List) and writes it like {@link #publish(byte[], int)}.
     *
     * @param value the document
     * @param expectedVersion the version this edit is based on
     * @return the znode's new version
     */
    public int publish(Object value, int expectedVersion) {
        return publish(serialize(value), expectedVersion);
    }

    /**
     * Creates the znode (and missing parents) holding {@code json}; fails if it already exists.
     *
     * @param json UTF-8 JSON: exactly one JSON value
     * @return the new znode's version (0)
     * @throws ConfigConflictException if the znode exists (another editor created it)
     * @throws InvalidJsonException if {@code json} is not exactly one JSON value (nothing sent)
     * @throws ZnodeTooLargeException if {@code json} is over the node limit (nothing sent)
     * @throws ZooKeeperException if ZooKeeper fails or cannot be reached
     */
    public int create(byte[] json) {
        checkOpen();
        check(json);
        try {
            Stat stat = new Stat();
            client.create().creatingParentContainersIfNeeded().storingStatIn(stat).forPath(znode, json);
            return stat.getVersion();
        } catch (KeeperException.NodeExistsException e) {
            throw new ConfigConflictException(znode, ConfigConflictException.EXPECTED_ABSENT, actualVersion());
        } catch (Exception e) {
            throw KeeperErrors.translate(e, znode, "create");
        }
    }

    /**
     * Serializes {@code value} and creates the znode like {@link #create(byte[])}.
     *
     * @param value the document
     * @return the new znode's version (0)
     */
    public int create(Object value) {
        return create(serialize(value));
    }

    private static byte[] serialize(Object value) {
        return JsonDocuments.serialize(value);
    }

    private void check(byte[] json) {
        checkDocument(znode, json, options);
    }

    /**
     * Checks a document as every write does before sending it: size first (cheap), then that it is exactly
     * one JSON value. Lets a tool refuse a bad document before it even connects.
     *
     * @param znode the znode it is meant for (named in the error)
     * @param json the document
     * @param options the node size limit
     * @throws ZnodeTooLargeException if it is over {@link ZooKeeperOptions#maxDocumentBytes(String)}
     * @throws InvalidJsonException if it is not exactly one JSON value
     */
    public static void checkDocument(String znode, byte[] json, ZooKeeperOptions options) {
        Objects.requireNonNull(json, "json");
        int max = options.maxDocumentBytes(znode);
        if (json.length > max) {
            throw new ZnodeTooLargeException(znode, json.length, max, options.maxNodeBytes());
        }
        try {
            JsonDocuments.validate(json);
        } catch (InvalidJsonException e) {
            throw new InvalidJsonException("document for znode '" + znode + "' is not valid JSON: "
                    + e.getMessage() + "; nothing was sent", e);
        }
    }

    /** The version now, to name it in a conflict; {@link ConfigConflictException#ABSENT} if gone. */
    private int actualVersion() {
        try {
            Stat stat = client.checkExists().forPath(znode);
            return stat == null ? ConfigConflictException.ABSENT : stat.getVersion();
        } catch (Exception e) {
            throw KeeperErrors.translate(e, znode, "read the version of");
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("publisher for znode '" + znode + "' is closed");
        }
    }

    /** Closes the connection if this publisher opened it. Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            if (ownsClient) {
                client.close();
            }
        }
    }
}
