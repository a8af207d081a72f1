package org.jsonmmap.zookeeper;

/**
 * A compare-and-set write lost: the znode is no longer at the version the editor read, because another
 * editor changed it (or created or deleted it) in between. Nothing was written; read again, merge and retry.
 */
public class ConfigConflictException extends ZooKeeperException {
    private static final long serialVersionUID = 1L;

    /** {@link #actualVersion()} when the znode does not exist. */
    public static final int ABSENT = -1;
    /** {@link #expectedVersion()} when the write expected to create the znode. */
    public static final int EXPECTED_ABSENT = -1;

    /** The znode written. */
    private final String znode;
    /** The version the write was based on. */
    private final int expectedVersion;
    /** The version found. */
    private final int actualVersion;

    /**
     * @param znode the znode
     * @param expectedVersion the version the write was based on ({@link #EXPECTED_ABSENT} for a create)
     * @param actualVersion the version found ({@link #ABSENT} if the znode is gone)
     */
    public ConfigConflictException(String znode, int expectedVersion, int actualVersion) {
        super("conflict on znode '" + znode + "': expected " + describe(expectedVersion, "no znode")
                + ", found " + describe(actualVersion, "no znode") + "; another editor changed it since it was read."
                + " Nothing was written: read it again, merge, and retry");
        this.znode = znode;
        this.expectedVersion = expectedVersion;
        this.actualVersion = actualVersion;
    }

    private static String describe(int version, String absent) {
        return version < 0 ? absent : "version " + version;
    }

    /** @return the znode */
    public String znode() {
        return znode;
    }

    /** @return the version the write expected ({@link #EXPECTED_ABSENT}: it expected to create the znode) */
    public int expectedVersion() {
        return expectedVersion;
    }

    /** @return the version found at the time of the conflict ({@link #ABSENT}: the znode does not exist) */
    public int actualVersion() {
        return actualVersion;
    }
}
