/**
 * jsonmmap: one JSON document shared by the processes of a machine through a memory-mapped file, with one
 * writer (the master) and any number of readers (the followers).
 *
 * <h2>Where to start</h2>
 * <ul>
 *   <li>{@link org.jsonmmap.Region}: a region's name and file; opens its writer and readers; info, verify,
 *       delete, list.</li>
 *   <li>{@link org.jsonmmap.RegionWriter}: the master; {@code publish} makes a new version visible
 *       atomically and returns its number.</li>
 *   <li>{@link org.jsonmmap.RegionReader}: a follower; {@code get} returns the latest complete version,
 *       cached and read-only; {@code awaitChange} and {@code subscribe} wait for changes.</li>
 *   <li>The file layout and protocols: {@code docs/FORMAT.md} (the contract) and
 *       {@code org.jsonmmap.internal.RegionLayout} (its offsets).</li>
 * </ul>
 *
 * <h2>What it promises</h2>
 * <ul>
 *   <li>A reader never returns a torn, partial or mixed document, and never waits for the writer.</li>
 *   <li>Versions strictly increase for the life of a region, across writer restarts and crashes.</li>
 *   <li>Exactly one writer at a time (an OS lock); a dead writer's lock is released by the OS.</li>
 *   <li>Every failure is a {@link org.jsonmmap.JsonMmapException} subclass that says what is wrong; nothing
 *       stale is ever returned in place of an error.</li>
 *   <li>The critical paths: {@code RegionReader.get()} of an unchanged value is one acquire-load and a
 *       compare, with no allocation and no system call; a publish is one serialization, one copy, one
 *       CRC-32 pass and a few ordered stores.</li>
 * </ul>
 *
 * <h2>What it does not promise</h2>
 * <ul>
 *   <li>Sharing across machines (see the ZooKeeper bridge) or over network file systems.</li>
 *   <li>Every intermediate version to a subscriber: delivery is conflated, always ending on the latest.</li>
 *   <li>Durability across power loss unless the writer is opened with {@code withDurable(true)} on a disk
 *       directory.</li>
 *   <li>Protection against a process that writes the file outside jsonmmap: such damage is detected
 *       (checksums, bounds) and reported, not prevented.</li>
 * </ul>
 */
package org.jsonmmap;
