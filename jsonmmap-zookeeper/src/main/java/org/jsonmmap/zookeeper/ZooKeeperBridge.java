package org.jsonmmap.zookeeper;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.CuratorEvent;
import org.apache.curator.framework.imps.CuratorFrameworkState;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.watch.PersistentWatcher;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.jsonmmap.CapacityExceededException;
import org.jsonmmap.InvalidJsonException;
import org.jsonmmap.JsonMmapException;
import org.jsonmmap.Region;
import org.jsonmmap.RegionStatus;
import org.jsonmmap.RegionWriter;

/**
 * Mirrors one znode holding a JSON document into a local region, as the region's writer, so that the
 * processes of this machine read the cluster's configuration at memory speed.
 *
 * <p>What it promises:
 * <ul>
 *   <li><b>At once.</b> {@link #start} returns after the znode's current value is in the region (or it found
 *       the znode missing, or the region already held those exact bytes).</li>
 *   <li><b>In order.</b> Every change is published in the order of the ensemble's transaction ids: a value
 *       older than the one published is never published after it. Changes made faster than they can be read
 *       may be conflated (ZooKeeper reports the latest data), but the last one always arrives.</li>
 *   <li><b>Tag = mzxid.</b> Each publish records the znode's {@code Stat.mzxid} (the zxid of the change that
 *       wrote it) as the version's tag ({@code Versioned.tag()}): unique and increasing across the ensemble,
 *       never 0, and still increasing when the znode is deleted and created again (its {@code Stat.version}
 *       would restart at 0).</li>
 *   <li><b>Status, not errors.</b> While the ensemble is unreachable (Curator SUSPENDED or LOST) the region
 *       keeps its last good value and its status says {@link RegionStatus#SOURCE_DISCONNECTED} since when.
 *       When the znode holds something that is not one JSON value, or is deleted, nothing is published, the
 *       last good value stays, and the status says {@link RegionStatus#SOURCE_INVALID}. Readers see both
 *       through {@code RegionReader.status()}.</li>
 *   <li><b>Only real changes.</b> After a reconnect or a session expiry the bridge reads the znode again and
 *       publishes only if its bytes differ from the region's; only then does it clear the disconnected flag.
 *       A write of identical bytes is never published again (the tag keeps the mzxid of the change that first
 *       wrote those bytes).</li>
 * </ul>
 *
 * <p>How: a persistent ZooKeeper watch on the znode ({@code addWatch}, mode PERSISTENT, through Curator's
 * {@link PersistentWatcher}, which sets it again after every reconnect). Every event of the watch, and every
 * time the watch is (re)set, makes the bridge read the znode itself; the reply decides: data is published, "no
 * node" is a deletion. The bridge keeps no cache whose state could differ from what it read: a deletion is seen
 * even when it comes before any other read (it was missed when deletions came from a cache whose first read had
 * not landed yet). The first read is made only once the watch is set, so no change falls between the two.
 *
 * <p>Threads: Curator's and ZooKeeper's event thread. Cost per change: one {@code getData} round trip and one
 * region publish. {@link #close()} leaves {@code SOURCE_DISCONNECTED} set: the region's value is no longer followed.
 */
public final class ZooKeeperBridge implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ZooKeeperBridge.class.getName());

    private final CuratorFramework client;
    private final boolean ownsClient;
    private final RegionWriter writer;
    private final boolean ownsWriter;
    private final String znode;
    private final BridgeListener listener;
    private final PersistentWatcher watch;
    private final ConnectionStateListener stateListener = (c, state) -> onConnectionState(state);
    private final CountDownLatch firstSync = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);

    // guarded by this
    private long lastMzxid;
    private byte[] regionBytes;
    private int flags;
    private boolean closed;
    private JsonMmapException failure;
    private JsonMmapException firstSyncError;

    private ZooKeeperBridge(CuratorFramework client, boolean ownsClient, RegionWriter writer, boolean ownsWriter,
            String znode, BridgeListener listener) {
        this.client = client;
        this.ownsClient = ownsClient;
        this.writer = writer;
        this.ownsWriter = ownsWriter;
        this.znode = znode;
        this.listener = listener;
        this.watch = new PersistentWatcher(client, znode, false);
        this.regionBytes = writer.currentBytes().orElse(null);
    }

    /**
     * Connects to an ensemble, opens {@code region}'s writer and starts mirroring {@code znode} into it. The
     * bridge owns the connection and the writer, and closes both.
     *
     * @param connectString {@code HOST:PORT[,HOST:PORT...][/chroot]}
     * @param znode the absolute znode path, e.g. {@code /config/app}
     * @param region the local region to publish into
     * @param options timeouts ({@link ZooKeeperOptions#startTimeout()} bounds this call)
     * @param listener hears state changes and publishes ({@link BridgeListener#NONE} for none)
     * @return the running bridge, the znode's current value already published
     * @throws ZooKeeperUnavailableException if the ensemble was not reached, or the znode not read, in time
     * @throws ZooKeeperException if ZooKeeper refused the read (e.g. no permission)
     * @throws org.jsonmmap.WriterLockedException if another writer holds the region
     * @throws IllegalArgumentException if the znode path is not valid
     */
    public static ZooKeeperBridge start(String connectString, String znode, Region region, ZooKeeperOptions options,
            BridgeListener listener) {
        ZooKeeperPublisher.validatePath(znode);
        CuratorFramework client = options.newClient(connectString);
        RegionWriter writer;
        try {
            writer = region.openWriter(options.writerOptions());
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
        ZooKeeperBridge bridge = new ZooKeeperBridge(client, true, writer, true, znode, listener);
        bridge.run(connectString, options.startTimeout());
        return bridge;
    }

    /**
     * Starts mirroring {@code znode} through a client and into a writer that the caller owns: closing the
     * bridge stops the mirroring but closes neither.
     *
     * @param client a Curator client, started or not (a latent one is started)
     * @param znode the absolute znode path
     * @param writer the region's writer
     * @param startTimeout how long to wait for the connection and the first read
     * @param listener hears state changes and publishes
     * @return the running bridge, the znode's current value already published
     * @throws ZooKeeperUnavailableException if the ensemble was not reached, or the znode not read, in time
     */
    public static ZooKeeperBridge start(CuratorFramework client, String znode, RegionWriter writer,
            Duration startTimeout, BridgeListener listener) {
        ZooKeeperPublisher.validatePath(znode);
        ZooKeeperBridge bridge = new ZooKeeperBridge(Objects.requireNonNull(client, "client"), false,
                Objects.requireNonNull(writer, "writer"), false, znode, Objects.requireNonNull(listener, "listener"));
        bridge.run(client.getZookeeperClient().getCurrentConnectionString(), startTimeout);
        return bridge;
    }

    private void run(String connectString, Duration startTimeout) {
        long deadline = System.nanoTime() + startTimeout.toNanos();
        try {
            // not followed until the first read: the region may hold a previous run's value
            setFlag(RegionStatus.SOURCE_DISCONNECTED, true);
            client.getConnectionStateListenable().addListener(stateListener);
            if (client.getState() == CuratorFrameworkState.LATENT) {
                client.start();
            }
            ZooKeeperPublisher.awaitConnected(client, connectString, startTimeout);
            watch.getListenable().addListener(this::onWatchEvent);
            // called each time the watch is set, at start and after every reconnect: the znode is read again,
            // so that no change can fall between a read and the watch
            watch.getResetListenable().addListener(() -> resync("watch set"));
            watch.start();
            // sent after the watch's addWatch on the same session, so the server sets the watch first; its reply
            // (or its error, e.g. no permission) tells when the region is current
            resync("start");
            long left = deadline - System.nanoTime();
            if (!firstSync.await(Math.max(0, left), TimeUnit.NANOSECONDS)) {
                throw new ZooKeeperUnavailableException("connected to ZooKeeper at '" + connectString
                        + "' but could not read znode '" + znode + "' within " + startTimeout.toMillis() + " ms");
            }
            synchronized (this) {
                if (firstSyncError != null) {
                    throw firstSyncError;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new ZooKeeperUnavailableException("interrupted while starting the bridge of znode '" + znode + "'", e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Any event of the watch (created, changed, deleted): the znode is read again and the reply decides. */
    private void onWatchEvent(WatchedEvent event) {
        if (event.getType() != Watcher.Event.EventType.None) {
            resync(event.getType().toString());
        }
    }

    /** Reads the znode now; its reply publishes if the bytes changed and clears the disconnected flag. */
    private void resync(String why) {
        try {
            client.getData().inBackground((c, event) -> onResync(event, why)).forPath(znode);
        } catch (Exception e) {
            LOG.log(Level.WARNING, "bridge of znode ''{0}'': cannot read it after {1}: {2}", znode, why, e);
        }
    }

    private void onResync(CuratorEvent event, String why) {
        KeeperException.Code code = KeeperException.Code.get(event.getResultCode());
        if (code == KeeperException.Code.OK) {
            onData(new ChildData(event.getPath(), event.getStat(), event.getData()), why);
            setFlag(RegionStatus.SOURCE_DISCONNECTED, false);
        } else if (code == KeeperException.Code.NONODE) {
            onDeleted();
            setFlag(RegionStatus.SOURCE_DISCONNECTED, false);
        } else {
            ZooKeeperException e = KeeperErrors.translate(KeeperException.create(code, znode), znode, "read");
            LOG.log(Level.WARNING, "bridge of znode ''{0}'': read after {1} failed: {2}", znode, why, e.getMessage());
            synchronized (this) {
                if (firstSync.getCount() > 0) {
                    firstSyncError = e;
                }
            }
        }
        firstSync.countDown();
    }

    private synchronized void onData(ChildData data, String why) {
        if (closed || data == null || data.getStat() == null) {
            return;
        }
        ZnodeValue value = ZnodeValue.of(data.getData(), data.getStat());
        if (value.mzxid() <= lastMzxid) {
            return; // already seen, or older than what was seen: order is kept
        }
        lastMzxid = value.mzxid();
        if (regionBytes != null && Arrays.equals(regionBytes, value.data())) {
            setFlag(RegionStatus.SOURCE_INVALID, false);
            LOG.log(Level.DEBUG, "bridge of znode ''{0}'': {1}: unchanged (version {2}, mzxid 0x{3})", znode, why,
                    value.version(), Long.toHexString(value.mzxid()));
            listener.unchanged(value);
            return;
        }
        try {
            if (value.data().length == 0) {
                throw new InvalidJsonException("the znode is empty");
            }
            long version = writer.publishJson(value.data(), value.mzxid());
            regionBytes = value.data();
            setFlag(RegionStatus.SOURCE_INVALID, false);
            LOG.log(Level.DEBUG, "bridge of znode ''{0}'': published region version {1} (znode version {2}, mzxid 0x{3})",
                    znode, version, value.version(), Long.toHexString(value.mzxid()));
            listener.published(version, value);
        } catch (InvalidJsonException | CapacityExceededException e) {
            setFlag(RegionStatus.SOURCE_INVALID, true);
            String reason = e.getMessage();
            LOG.log(Level.WARNING, "bridge of znode ''{0}'': znode version {1} (mzxid 0x{2}) refused, the region keeps"
                    + " its last good value: {3}", znode, value.version(), Long.toHexString(value.mzxid()), reason);
            listener.refused(value, reason);
        } catch (JsonMmapException e) {
            fail(e);
        }
    }

    private synchronized void onDeleted() {
        if (closed) {
            return;
        }
        boolean wasFlagged = (flags & RegionStatus.SOURCE_INVALID) != 0;
        setFlag(RegionStatus.SOURCE_INVALID, true);
        if (!wasFlagged || regionBytes != null) {
            LOG.log(Level.WARNING, "bridge of znode ''{0}'': the znode does not exist; the region keeps its last value",
                    znode);
        }
        listener.missing();
    }

    private void onConnectionState(ConnectionState state) {
        LOG.log(Level.INFO, "bridge of znode ''{0}'': connection {1}", znode, state);
        listener.connectionStateChanged(state);
        if (state == ConnectionState.SUSPENDED || state == ConnectionState.LOST) {
            setFlag(RegionStatus.SOURCE_DISCONNECTED, true);
        }
        // on RECONNECTED the watch is set again, and then the znode read (resync)
    }

    private synchronized void setFlag(int flag, boolean on) {
        if (closed) {
            return;
        }
        int next = on ? flags | flag : flags & ~flag;
        if (next == flags) {
            return;
        }
        try {
            writer.setStatus(next);
            flags = next;
        } catch (JsonMmapException e) {
            fail(e);
        }
    }

    private synchronized void fail(JsonMmapException e) {
        if (failure != null || closed) {
            return;
        }
        failure = e;
        LOG.log(Level.ERROR, "bridge of znode ''{0}'' stops: {1}", znode, e.getMessage());
        listener.failed(e);
        // not on Curator's own thread: closing the client waits for it
        Thread stopper = new Thread(this::close, "jsonmmap-zookeeper-bridge-stop");
        stopper.setDaemon(true);
        stopper.start();
    }

    /** @return the znode this bridge follows */
    public String znode() {
        return znode;
    }

    /** @return the region this bridge publishes into */
    public Region region() {
        return writer.region();
    }

    /**
     * @return the mzxid of the last change of the znode seen (published, or identical to the region's value);
     *     0 before the first read
     */
    public synchronized long lastMzxid() {
        return lastMzxid;
    }

    /** @return the region's latest version (0 if nothing was ever published) */
    public long regionVersion() {
        return writer.version();
    }

    /** @return the status flags as last set ({@link RegionStatus#SOURCE_DISCONNECTED}, {@code SOURCE_INVALID}) */
    public synchronized int statusFlags() {
        return flags;
    }

    /** @return the error that stopped the bridge, if one did */
    public synchronized Optional<JsonMmapException> failure() {
        return Optional.ofNullable(failure);
    }

    /** @return whether the bridge is stopped (closed, or failed) */
    public synchronized boolean isClosed() {
        return closed;
    }

    /**
     * Waits until the bridge stops: {@link #close()} was called, or an error stopped it (see {@link #failure()}).
     *
     * @param timeout the longest wait
     * @return whether it stopped
     * @throws InterruptedException if the waiting thread is interrupted
     */
    public boolean awaitStopped(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Stops mirroring: sets {@code SOURCE_DISCONNECTED} (readers keep the last value and see it is no longer
     * followed), stops the cache, and closes the connection and the writer if the bridge opened them.
     * Idempotent.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            if (failure == null && !writer.isClosed()) {
                try {
                    writer.setStatus(flags | RegionStatus.SOURCE_DISCONNECTED);
                } catch (JsonMmapException e) {
                    LOG.log(Level.DEBUG, "bridge of znode ''{0}'': cannot set the status at close: {1}", znode,
                            e.getMessage());
                }
            }
            closed = true;
        }
        try {
            client.getConnectionStateListenable().removeListener(stateListener);
            watch.close();
            if (ownsClient) {
                client.close();
            }
        } finally {
            if (ownsWriter) {
                writer.close();
            }
            stopped.countDown();
        }
    }

    @Override
    public String toString() {
        return "ZooKeeperBridge[znode=" + znode + ", region=" + writer.region().name() + "]";
    }
}
