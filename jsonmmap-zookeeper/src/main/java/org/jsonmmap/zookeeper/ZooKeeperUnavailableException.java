package org.jsonmmap.zookeeper;

/**
 * The ensemble could not be reached in time: no connection within the start timeout, or the connection
 * was lost during an operation and not regained before Curator's retries gave up.
 */
public class ZooKeeperUnavailableException extends ZooKeeperException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what could not be reached, and for how long it was tried
     */
    public ZooKeeperUnavailableException(String message) {
        super(message);
    }

    /**
     * @param message what could not be reached, and for how long it was tried
     * @param cause the ZooKeeper or Curator failure
     */
    public ZooKeeperUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
