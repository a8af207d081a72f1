package org.jsonmmap.zookeeper;

import org.apache.curator.framework.state.ConnectionState;
import org.jsonmmap.JsonMmapException;

/**
 * Hears what a {@link ZooKeeperBridge} does, for logging or metrics. Every method has an empty default.
 * Calls come from Curator's threads, in the order the bridge acts; keep them short and never block.
 */
public interface BridgeListener {
    /** A listener that ignores everything. */
    BridgeListener NONE = new BridgeListener() { };

    /**
     * The connection to the ensemble changed state (connected, suspended, lost, reconnected, read-only).
     *
     * @param state the new state
     */
    default void connectionStateChanged(ConnectionState state) {
    }

    /**
     * A value of the znode was published into the region.
     *
     * @param regionVersion the region version it became
     * @param value what was read from the znode
     */
    default void published(long regionVersion, ZnodeValue value) {
    }

    /**
     * The znode was read (after a change notice, a reconnect or a session expiry) and holds the bytes the
     * region already has: nothing was published.
     *
     * @param value what was read from the znode
     */
    default void unchanged(ZnodeValue value) {
    }

    /**
     * The znode holds a value the bridge refused (not one JSON value, or too large for the region): the
     * region keeps its last good value and its status says {@code SOURCE_INVALID}.
     *
     * @param value what was read from the znode
     * @param reason why it was refused
     */
    default void refused(ZnodeValue value, String reason) {
    }

    /** The znode does not exist (at start, or it was deleted): the region keeps its last value. */
    default void missing() {
    }

    /**
     * The bridge stopped because of an error it cannot ride out (e.g. another writer took the region over).
     *
     * @param error what happened
     */
    default void failed(JsonMmapException error) {
    }
}
