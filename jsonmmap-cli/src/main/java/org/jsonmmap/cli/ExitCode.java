package org.jsonmmap.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The exit codes of the {@code jsonmmap} tool, for every command: one table, listed once by
 * {@code jsonmmap --help}. {@link Errors} maps exceptions to them. Scripts may rely on them; a code never changes
 * meaning.
 */
public enum ExitCode {
    /** The command did what was asked. */
    OK(0, "success"),
    /** Any failure without a code of its own (a full file system, a torn read in the demo, ...). */
    FAILURE(1, "failure (file system full, ZooKeeper refused, ...)"),
    /** The command line is wrong: unknown option, missing argument, bad region name, bad value. */
    USAGE(2, "usage error (bad option, argument or region name)"),
    /** The region (or znode) does not exist, holds no value yet, or holds nothing at the given pointer. */
    NOT_FOUND(3, "region or znode not found, or no value (at that pointer)"),
    /** The region file is not a valid region (docs/FORMAT.md), or {@code verify} found problems. */
    CORRUPT(4, "region corrupt (verify: unhealthy)"),
    /** Another writer holds the region (a second publisher, or {@code rm} without {@code --force}). */
    LOCKED(5, "region held by a running writer"),
    /** A {@code --timeout} (or {@code --start-timeout}) expired, or the ZooKeeper ensemble was not reached in time. */
    TIMEOUT(6, "timed out (--timeout), or ZooKeeper not reached in time"),
    /** The input given to {@code publish} is not exactly one JSON value (per document or per line). */
    INVALID_JSON(7, "input is not valid JSON"),
    /** A document is larger than the region's maximum capacity, or than a znode can hold. */
    TOO_LARGE(8, "document larger than --max-capacity or the znode limit"),
    /** {@code zk-put}: another editor changed the znode since it was read (compare-and-set failed). */
    CONFLICT(9, "conflict: the znode changed since it was read (zk-put)"),
    /** The document breaks the JSON Schema given with {@code --schema} ({@code publish}, {@code zk-put}). */
    SCHEMA_VIOLATION(10, "document breaks the schema (--schema)"),
    /** The operating system refused access to a region, its lock file or its directory. */
    PERMISSION_DENIED(11, "permission denied (see README, 'Several users')"),
    /** A directory or file someone else could have planted or could write (a region's trust rules). */
    UNTRUSTED(12, "refused: a directory or file others could plant or write"),
    /** An I/O failure: a path that is not a directory, a file system error, ... */
    IO_ERROR(13, "I/O error (not a directory, file system error, ...)"),
    /** The process was interrupted (Ctrl-C, SIGINT): the JVM's own convention, 128 + 2. */
    INTERRUPTED(130, "interrupted (Ctrl-C)");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    /**
     * The number the process exits with.
     *
     * @return the exit status
     */
    public int code() {
        return code;
    }

    /**
     * What the code means, as listed in the help.
     *
     * @return a short description
     */
    public String meaning() {
        return meaning;
    }

    /**
     * The codes as the help lists them, in order: code to meaning.
     *
     * @return an ordered map for picocli's exit code list
     */
    public static Map<String, String> helpList() {
        Map<String, String> list = new LinkedHashMap<>();
        for (ExitCode c : values()) {
            list.put(String.format("%3d", c.code), c.meaning);
        }
        return list;
    }
}
