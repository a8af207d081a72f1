package org.jsonmmap.zookeeper;

import java.time.Instant;

import org.apache.zookeeper.data.Stat;

/**
 * One read of a znode: its bytes and the two numbers that identify the change that wrote them.
 *
 * @param data the znode's bytes (the caller's copy; records compare arrays by reference)
 * @param version the znode's data version ({@code Stat.version}): what a compare-and-set expects
 * @param mzxid the zxid of the change that wrote the bytes ({@code Stat.mzxid}): unique and increasing across
 *     the whole ensemble; the bridge records it as the region's tag
 * @param modified when that change was made (the leader's clock)
 */
public record ZnodeValue(byte[] data, int version, long mzxid, Instant modified) {
    static ZnodeValue of(byte[] data, Stat stat) {
        return new ZnodeValue(data == null ? new byte[0] : data, stat.getVersion(), stat.getMzxid(),
                Instant.ofEpochMilli(stat.getMtime()));
    }
}
