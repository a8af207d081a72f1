package org.jsonmmap.zookeeper;

import org.apache.zookeeper.KeeperException;

/** Maps ZooKeeper and Curator failures to this module's exceptions: the one place that does. */
final class KeeperErrors {
    private KeeperErrors() {
    }

    /**
     * @param e what Curator threw
     * @param znode the znode operated on
     * @param action what was being done, e.g. "read", "write"
     * @return the exception to throw
     */
    static ZooKeeperException translate(Exception e, String znode, String action) {
        if (e instanceof ZooKeeperException) {
            return (ZooKeeperException) e;
        }
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return new ZooKeeperException("interrupted while trying to " + action + " znode '" + znode + "'", e);
        }
        if (e instanceof KeeperException) {
            KeeperException k = (KeeperException) e;
            switch (k.code()) {
                case NONODE:
                    return new ZnodeNotFoundException("znode '" + znode + "' does not exist", e);
                case CONNECTIONLOSS:
                case SESSIONEXPIRED:
                case OPERATIONTIMEOUT:
                case SESSIONMOVED:
                    return new ZooKeeperUnavailableException("cannot " + action + " znode '" + znode
                            + "': ZooKeeper unreachable (" + k.code() + ")", e);
                default:
                    return new ZooKeeperException("cannot " + action + " znode '" + znode + "': ZooKeeper says "
                            + k.code() + (k.getMessage() == null ? "" : " (" + k.getMessage() + ")"), e);
            }
        }
        return new ZooKeeperException("cannot " + action + " znode '" + znode + "': " + e, e);
    }
}
