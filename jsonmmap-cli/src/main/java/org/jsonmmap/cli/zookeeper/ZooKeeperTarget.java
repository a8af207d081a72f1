package org.jsonmmap.cli.zookeeper;

import java.time.Duration;

import org.jsonmmap.zookeeper.ZooKeeperOptions;

import picocli.CommandLine.Option;

/** The ensemble and the znode a ZooKeeper command works on: {@code --connect} and {@code --znode}. A picocli mixin. */
public final class ZooKeeperTarget {
    @Option(names = "--connect", required = true, paramLabel = "HOST:PORT[,...][/chroot]",
            description = "The ensemble's connect string.")
    private String connect;

    @Option(names = "--znode", required = true, paramLabel = "PATH", description = "The znode, e.g. /config/app.")
    private String znode;

    /** Created by picocli. */
    public ZooKeeperTarget() {
    }

    /** @return the connect string */
    public String connect() {
        return connect;
    }

    /** @return the znode's path */
    public String znode() {
        return znode;
    }

    /**
     * The options of a command that waits at most {@code startTimeout} for the ensemble: each connection attempt
     * gets the default connection timeout, or less if the start timeout is shorter.
     *
     * @param startTimeout how long to wait for the connection (and, for the bridge, the first read)
     * @return the options
     */
    public ZooKeeperOptions options(Duration startTimeout) {
        Duration attempt = ZooKeeperOptions.DEFAULT_CONNECTION_TIMEOUT;
        return ZooKeeperOptions.defaults()
                .withConnectionTimeout(startTimeout.compareTo(attempt) < 0 ? startTimeout : attempt)
                .withStartTimeout(startTimeout);
    }
}
