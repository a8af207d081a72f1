/**
 * The ZooKeeper commands of the {@code jsonmmap} tool, as picocli commands that the tool registers:
 * {@link org.jsonmmap.zookeeper.cli.BridgeCommand} ({@code bridge}, with its subcommand {@code zookeeper}) and
 * {@link org.jsonmmap.zookeeper.cli.ZkPutCommand} ({@code zk-put}). Each returns its exit code (listed in its
 * help) and writes through its command line's writers; neither calls {@code System.exit}. They pick up the
 * tool's inherited {@code --dir} and {@code --debug} options when registered under it.
 */
package org.jsonmmap.zookeeper.cli;
