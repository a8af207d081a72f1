package org.jsonmmap;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A description of a region, read from its header without parsing the document ({@link Region#info()}).
 *
 * @param name the region's name
 * @param path the region file
 * @param formatVersion the file's format version
 * @param version the latest version (0: nothing published yet)
 * @param size bytes of the latest document (0 if none)
 * @param capacity bytes available to the latest document's slot without growing
 * @param fileLength length of the region file the header declares
 * @param epoch the writer epoch in the header (one more per writer that took the region over)
 * @param writerPid pid of the last writer that opened the region
 * @param writerAlive whether a writer holds the region now
 * @param created when the region file was created
 * @param lastPublish when the latest version was published, or null if none
 * @param tag the application tag of the latest version
 * @param mode the region file's POSIX mode, e.g. {@code "0600"}
 * @param status the writer's status word (source disconnected / invalid, since when)
 */
public record RegionInfo(String name, Path path, int formatVersion, long version, long size, long capacity,
                         long fileLength, long epoch, long writerPid, boolean writerAlive, Instant created,
                         Instant lastPublish, long tag, String mode, RegionStatus status) {
}
