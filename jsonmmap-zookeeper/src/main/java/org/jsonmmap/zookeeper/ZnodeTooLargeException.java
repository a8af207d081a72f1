package org.jsonmmap.zookeeper;

import org.jsonmmap.CapacityExceededException;

/**
 * A document does not fit in one ZooKeeper request: it is larger than
 * {@link ZooKeeperOptions#maxDocumentBytes(String)}, the node limit (ZooKeeper's {@code jute.maxbuffer}) less
 * the request's path and headers. Thrown before anything is sent: the znode is unchanged.
 */
public class ZnodeTooLargeException extends CapacityExceededException {
    private static final long serialVersionUID = 1L;

    /** The document's size in bytes. */
    private final long size;
    /** The largest document size allowed. */
    private final long limit;

    /**
     * @param znode the znode that was to be written
     * @param size the document's size in bytes
     * @param limit the largest document size allowed
     * @param nodeLimit the node limit it derives from (jute.maxbuffer)
     */
    public ZnodeTooLargeException(String znode, long size, long limit, long nodeLimit) {
        super("document for znode '" + znode + "' is too large: " + size + " bytes, at most " + limit
                + " bytes fit in ZooKeeper's node limit of " + nodeLimit + " bytes (jute.maxbuffer, with the"
                + " request's path and headers); nothing was sent");
        this.size = size;
        this.limit = limit;
    }

    /** @return the document's size in bytes */
    public long size() {
        return size;
    }

    /** @return the largest size allowed, in bytes */
    public long limit() {
        return limit;
    }
}
