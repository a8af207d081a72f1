/**
 * Plumbing of the core: the file layout constants ({@link org.jsonmmap.internal.RegionLayout}), ordered
 * accessors over a mapping ({@link org.jsonmmap.internal.RegionBuffer}), the writer lock, checksums and
 * frozen collections. Not an API: anything here may change without notice.
 */
package org.jsonmmap.internal;
