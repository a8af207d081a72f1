package org.jsonmmap.zookeeper;

import org.jsonmmap.JsonMmapException;

/**
 * ZooKeeper refused or failed an operation on a znode (an error code other than the ones with a subclass
 * of their own: conflict, not found, unavailable). The message names the znode and the ZooKeeper error.
 */
public class ZooKeeperException extends JsonMmapException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, naming the znode
     */
    public ZooKeeperException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong, naming the znode
     * @param cause the ZooKeeper or Curator failure
     */
    public ZooKeeperException(String message, Throwable cause) {
        super(message, cause);
    }
}
