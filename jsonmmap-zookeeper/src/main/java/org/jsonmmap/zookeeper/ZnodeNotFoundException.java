package org.jsonmmap.zookeeper;

/** The znode does not exist (or was deleted between a read and a write). */
public class ZnodeNotFoundException extends ZooKeeperException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message which znode is missing
     */
    public ZnodeNotFoundException(String message) {
        super(message);
    }

    /**
     * @param message which znode is missing
     * @param cause the ZooKeeper failure
     */
    public ZnodeNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
