/**
 * The ZooKeeper bridge: shares one JSON document across machines by mirroring a znode into a local region on
 * each machine, and edits that znode safely.
 *
 * <h2>Where to start</h2>
 * <ul>
 *   <li>{@link org.jsonmmap.zookeeper.ZooKeeperBridge}: follows a znode with Curator's {@code CuratorCache} and
 *       publishes each change into a region, as its one writer; readers use the plain core API.</li>
 *   <li>{@link org.jsonmmap.zookeeper.ZooKeeperPublisher}: writes the znode with a compare-and-set on its
 *       version; a lost race is a {@link org.jsonmmap.zookeeper.ConfigConflictException}.</li>
 *   <li>{@link org.jsonmmap.zookeeper.ZooKeeperOptions}: timeouts and the znode size limit.</li>
 * </ul>
 *
 * <h2>What it promises</h2>
 * <ul>
 *   <li>Readers on a machine never see a torn value (the core's promise), and see versions in the ensemble's
 *       order; each version's tag is the znode's {@code mzxid}.</li>
 *   <li>While the ensemble is unreachable, or the znode holds invalid JSON or is deleted, readers keep the last
 *       good value and see why, and since when, in the region's status word; reads never fail for it.</li>
 *   <li>A write never silently overwrites another editor's write, and a document over the node limit or not
 *       valid JSON is refused before anything is sent.</li>
 * </ul>
 *
 * <h2>What it does not promise</h2>
 * <ul>
 *   <li>Every intermediate value: changes made faster than the bridge reads them are conflated; the last one
 *       always arrives.</li>
 *   <li>Freshness beyond ZooKeeper's own: a bridge connected to a lagging follower serves what that follower
 *       has (ZooKeeper's sequential consistency, not linearizable reads).</li>
 *   <li>Several bridges into one region: a region has exactly one writer.</li>
 * </ul>
 */
package org.jsonmmap.zookeeper;
