/**
 * The ZooKeeper commands of the {@code jsonmmap} tool: {@code bridge zookeeper}
 * ({@link org.jsonmmap.cli.zookeeper.ZooKeeperBridgeCommand}, under {@link org.jsonmmap.cli.zookeeper.BridgeCommand})
 * and {@code zk-put} ({@link org.jsonmmap.cli.zookeeper.ZkPutCommand}), over the {@code jsonmmap-zookeeper} library.
 * Like every command they throw their failures, which the tool's one error mapping turns into an exit code of
 * {@link org.jsonmmap.cli.ExitCode}: a conflict is 9, a missing znode 3, an unreachable ensemble 6.
 */
package org.jsonmmap.cli.zookeeper;
