package org.jsonmmap;

import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * A POSIX file mode for region files, such as {@code 0600} (owner only, the default) or {@code 0640} (a
 * group of followers may read). Only the owner may write: a mode with a write bit for group or others is
 * refused, since anyone who can write a region can hand every follower a document of their choosing (and
 * readers refuse such a file). A region is never executable.
 */
public final class FileMode {
    /** Owner read and write: the default. */
    public static final FileMode OWNER_ONLY = new FileMode(0600);

    private final int bits;

    private FileMode(int bits) {
        this.bits = bits;
    }

    /**
     * A mode from its octal bits.
     *
     * @param bits the mode, e.g. {@code 0640}
     * @return the mode
     * @throws IllegalArgumentException if it has bits other than read/write, lacks owner read and write, or
     *     lets group or others write
     */
    public static FileMode of(int bits) {
        if ((bits & ~0666) != 0) {
            throw new IllegalArgumentException("file mode " + octal(bits)
                    + " is not allowed: only read and write bits (a subset of 0666) may be set");
        }
        if ((bits & 0022) != 0) {
            throw new IllegalArgumentException("file mode " + octal(bits) + " is not allowed: only the owner (the"
                    + " writer) may write a region; give others read access only, e.g. 0640 or 0644");
        }
        if ((bits & 0600) != 0600) {
            throw new IllegalArgumentException("file mode " + octal(bits)
                    + " is not allowed: the owner (the writer) needs read and write (0600)");
        }
        return new FileMode(bits);
    }

    /**
     * A mode from its octal text.
     *
     * @param octal e.g. {@code "0640"} or {@code "640"}
     * @return the mode
     * @throws IllegalArgumentException if the text is not an octal mode or the mode is not allowed
     */
    public static FileMode parse(String octal) {
        if (octal == null || !octal.matches("0?[0-7]{3}")) {
            throw new IllegalArgumentException("file mode '" + octal + "' is not an octal mode like 0600 or 0640");
        }
        return of(Integer.parseInt(octal, 8));
    }

    /**
     * The octal bits.
     *
     * @return the mode bits
     */
    public int bits() {
        return bits;
    }

    /**
     * The same mode as a set of permissions.
     *
     * @return the permissions
     */
    public Set<PosixFilePermission> permissions() {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE,
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE,
        };
        for (int i = 0; i < order.length; i++) {
            if ((bits & (0400 >> i)) != 0) {
                set.add(order[i]);
            }
        }
        return set;
    }

    /**
     * The mode of a set of permissions, as octal bits.
     *
     * @param permissions the permissions
     * @return the mode bits
     */
    public static int bitsOf(Set<PosixFilePermission> permissions) {
        int bits = 0;
        for (PosixFilePermission p : permissions) {
            bits |= 0400 >> p.ordinal();
        }
        return bits;
    }

    /**
     * Formats bits as a four-digit octal mode.
     *
     * @param bits mode bits
     * @return e.g. {@code "0640"}
     */
    public static String octal(int bits) {
        return String.format("0%03o", bits);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FileMode && ((FileMode) o).bits == bits;
    }

    @Override
    public int hashCode() {
        return bits;
    }

    @Override
    public String toString() {
        return octal(bits);
    }
}
