/**
 * jsonmmap's core library: one JSON document shared between the processes of a machine through a
 * memory-mapped file, one writer and many readers.
 *
 * <p>Exports only {@code org.jsonmmap}, the public API; the protocol's plumbing
 * ({@code org.jsonmmap.internal}) stays inside the module and may change in any release.
 */
module org.jsonmmap {
    requires transitive tools.jackson.databind;

    exports org.jsonmmap;
}
