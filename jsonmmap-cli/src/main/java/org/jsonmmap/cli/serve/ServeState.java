package org.jsonmmap.cli.serve;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import org.jsonmmap.Region;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a running {@code jsonmmap serve} serves, kept in a small sidecar file beside the region
 * ({@code NAME.jmm.serve}) for {@code jsonmmap stat}: the source file, since when, the last good version,
 * and since when and why the source is invalid. The region file's layout is not touched: the document and
 * the status word (source invalid, since) are in the region, as for every writer; only these details live
 * here. Written whole to a temporary file and renamed into place, so a reader never sees half of it; removed
 * when serve stops cleanly. A sidecar whose pid is not the region's live writer is stale (serve was killed).
 *
 * @param pid the serving process
 * @param file the source file, absolute
 * @param schema the schema file, absolute, or null
 * @param since when this serve started
 * @param lastGood the last version published or kept from a good source (0 if none)
 * @param invalidSince since when the source has been invalid, or null if it is good
 * @param reason why the source is invalid (one sentence), or null
 */
public record ServeState(long pid, String file, String schema, Instant since, long lastGood, Instant invalidSince,
                         String reason) {
    /** File name suffix of the sidecar, after the region file's name. */
    public static final String SUFFIX = ".serve";

    /**
     * The sidecar's path for a region.
     *
     * @param region the region
     * @return {@code DIR/NAME.jmm.serve}
     */
    public static Path sidecar(Region region) {
        return region.path().resolveSibling(region.path().getFileName() + SUFFIX);
    }

    /**
     * @param version the version now good
     * @return a copy: that last good version, source valid
     */
    public ServeState good(long version) {
        return new ServeState(pid, file, schema, since, version, null, null);
    }

    /**
     * @param when since when the source is invalid
     * @param why why
     * @return a copy: source invalid
     */
    public ServeState invalid(Instant when, String why) {
        return new ServeState(pid, file, schema, since, lastGood, when, why);
    }

    /**
     * Reads a region's sidecar.
     *
     * @param region the region
     * @return the state, or empty if there is none or it is unreadable
     */
    public static Optional<ServeState> read(Region region) {
        try {
            byte[] bytes = Files.readAllBytes(sidecar(region));
            JsonNode o = JsonMapper.shared().readTree(bytes);
            return Optional.of(new ServeState(o.path("pid").asLong(), o.path("file").asString(),
                    o.path("schema").isString() ? o.path("schema").asString() : null,
                    Instant.parse(o.path("since").asString()), o.path("lastGood").asLong(),
                    o.path("invalidSince").isString() ? Instant.parse(o.path("invalidSince").asString()) : null,
                    o.path("reason").isString() ? o.path("reason").asString() : null));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** @return the sidecar's JSON (field names are read by {@code stat}) */
    public ObjectNode toJson() {
        ObjectNode o = JsonMapper.shared().createObjectNode();
        o.put("pid", pid);
        o.put("file", file);
        if (schema == null) {
            o.putNull("schema");
        } else {
            o.put("schema", schema);
        }
        o.put("since", since.toString());
        o.put("lastGood", lastGood);
        if (invalidSince == null) {
            o.putNull("invalidSince");
            o.putNull("reason");
        } else {
            o.put("invalidSince", invalidSince.toString());
            o.put("reason", reason);
        }
        return o;
    }

    /**
     * Writes this state as the region's sidecar, readable by whoever may read the region file.
     *
     * @param region the region
     * @throws IOException if it cannot be written
     */
    public void write(Region region) throws IOException {
        Path target = sidecar(region);
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName() + "-", ".tmp");
        try {
            Files.write(tmp, (toJson().toString() + "\n").getBytes(StandardCharsets.UTF_8));
            try {
                Set<PosixFilePermission> mode = EnumSet.copyOf(Files.getPosixFilePermissions(region.path(),
                        LinkOption.NOFOLLOW_LINKS));
                mode.removeAll(EnumSet.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
                        PosixFilePermission.OTHERS_EXECUTE));
                Files.setPosixFilePermissions(tmp, mode);
            } catch (UnsupportedOperationException | IllegalArgumentException e) {
                // not a POSIX file system: the temporary file's own mode stays
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Removes the sidecar of a deleted region, whoever wrote it (the region is gone, so is what it served).
     *
     * @param region the region, already deleted
     */
    public static void removeStale(Region region) {
        try {
            Files.deleteIfExists(sidecar(region));
        } catch (IOException e) {
            // a stale sidecar is ignored by stat (its pid is not the writer's)
        }
    }

    /**
     * Removes the region's sidecar, if process {@code pid} wrote it.
     *
     * @param region the region
     * @param pid the serving process
     */
    public static void remove(Region region, long pid) {
        Optional<ServeState> s = read(region);
        if (s.isPresent() && s.get().pid() == pid) {
            try {
                Files.deleteIfExists(sidecar(region));
            } catch (IOException e) {
                // stale sidecars are recognised by their pid
            }
        }
    }
}
