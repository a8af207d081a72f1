package org.jsonmmap.cli.zookeeper;

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
}
