/**
 * Plumbing of the core. Not an API: anything here may change without notice.
 *
 * <p>The protocol of docs/FORMAT.md lives here, over a buffer and never touching a file, the way Agrona's
 * broadcast transmitter and receiver work on an {@code AtomicBuffer}:
 * {@link org.jsonmmap.internal.RegionLayout} (every offset and the encodings of the commit word and the slot
 * sequence), {@link org.jsonmmap.internal.RegionBuffer} (little-endian accessors whose names carry their memory
 * ordering, and compare-and-set), {@link org.jsonmmap.internal.ReadProtocol} (the seqlock read, its remap and
 * the verify variant) and {@link org.jsonmmap.internal.WriteProtocol} (the header of a new region, takeover
 * with its fence, claim, growth, write, commit, status, tombstone). Their unit tests run them on direct
 * buffers, one interleaving per test.
 *
 * <p>The file side: {@link org.jsonmmap.internal.WriterLock} (the writer's lock, checked against the path,
 * registered by device and inode, probed through {@code /proc/locks}), {@link org.jsonmmap.internal.HeaderCheck}
 * (the header read with ordinary reads before anything is mapped), path safety and file modes.
 *
 * <p>Waiting: {@link org.jsonmmap.internal.CommitSignal} (the wake protocol: the waiter count, the waker's
 * promise, sleep and wake) over {@link org.jsonmmap.internal.Futex} (the futex system call through the Foreign
 * Function API in the jar's JDK 22 layer; unavailable, and so polling, elsewhere). Publishing raw JSON:
 * {@link org.jsonmmap.internal.JsonValidator} (one pass, builds nothing).
 * {@code RegionReader} and {@code RegionWriter} own the files, the mappings, options, caching, typed views,
 * waits and subscriptions.
 */
package org.jsonmmap.internal;
