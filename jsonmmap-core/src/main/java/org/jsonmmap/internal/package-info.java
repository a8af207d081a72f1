/**
 * Plumbing of the core: the file layout constants ({@link org.jsonmmap.internal.RegionLayout}), ordered
 * accessors over a mapping ({@link org.jsonmmap.internal.RegionBuffer}), the writer lock, checksums and
 * frozen collections; the wake protocol ({@link org.jsonmmap.internal.CommitSignal}) over the futex
 * ({@link org.jsonmmap.internal.Futex}, FFM in the jar's JDK 22 layer) and the one-pass JSON validator
 * ({@link org.jsonmmap.internal.JsonValidator}). Not an API: anything here may change without notice.
 */
package org.jsonmmap.internal;
