package org.jsonmmap;

import java.time.Instant;

/**
 * One published version of a region's document, with what the writer recorded beside it.
 *
 * @param version the version number: strictly increasing for the life of the region, starting at 1
 * @param value the document (read-only when it came from a reader; see {@link RegionReader})
 * @param epoch the writer epoch that published it (one more for every writer that took the region over)
 * @param publishedAt when the writer published it (wall clock of the writer's machine, microsecond precision)
 * @param tag the application tag published with it (0 when none; the ZooKeeper bridge stores the znode's mzxid)
 * @param <T> the type of the document
 */
public record Versioned<T>(long version, T value, long epoch, Instant publishedAt, long tag) {
}
