package org.jsonmmap;

import java.util.Objects;
import java.util.Optional;

/**
 * Immutable settings of a {@link RegionWriter}. Start from {@link #defaults()} and derive copies with
 * the {@code with*} methods. Each setting keeps the value it was given, whatever the order of the calls:
 * an initial capacity set explicitly larger than the maximum is refused (by whichever call makes them
 * conflict), never silently raised or lowered. When no initial capacity is set, it is
 * {@value #DEFAULT_INITIAL_CAPACITY} bytes, or the maximum capacity if that is smaller.
 */
public final class WriterOptions {
    /** Default initial payload capacity of each of the two slots: 64 KiB. */
    public static final int DEFAULT_INITIAL_CAPACITY = 64 * 1024;
    /** Largest document the file format can hold in a Java mapping: 512 MiB. */
    public static final long FORMAT_MAX_CAPACITY = 512L * 1024 * 1024;

    private static final WriterOptions DEFAULTS =
            new WriterOptions(0, FORMAT_MAX_CAPACITY, FileMode.OWNER_ONLY, false, null);

    /** The initial capacity set explicitly, or 0 for the default. */
    private final long initialCapacity;
    private final long maxCapacity;
    private final FileMode mode;
    private final boolean durable;
    private final DocumentValidator validator;

    private WriterOptions(long initialCapacity, long maxCapacity, FileMode mode, boolean durable,
                          DocumentValidator validator) {
        this.initialCapacity = initialCapacity;
        this.maxCapacity = maxCapacity;
        this.mode = mode;
        this.durable = durable;
        this.validator = validator;
    }

    /**
     * Defaults: 64 KiB initial capacity, 512 MiB maximum, mode 0600, not durable.
     *
     * @return the defaults
     */
    public static WriterOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Payload capacity of each slot when the region is created (it grows as needed).
     *
     * @param bytes at least 1, at most the maximum capacity
     * @return a copy with that capacity
     * @throws IllegalArgumentException if out of range or larger than the maximum capacity
     */
    public WriterOptions withInitialCapacity(long bytes) {
        if (bytes < 1 || bytes > FORMAT_MAX_CAPACITY) {
            throw new IllegalArgumentException("initial capacity must be 1.." + FORMAT_MAX_CAPACITY + " bytes, was " + bytes);
        }
        checkOrder(bytes, maxCapacity);
        return new WriterOptions(bytes, maxCapacity, mode, durable, validator);
    }

    private static void checkOrder(long initial, long max) {
        if (initial > max) {
            throw new IllegalArgumentException("initial capacity " + initial + " bytes is larger than the max capacity "
                    + max + " bytes: raise the max capacity or lower the initial capacity");
        }
    }

    /**
     * Largest document the writer will publish; a larger one fails with {@link CapacityExceededException}
     * and the previous version stays.
     *
     * @param bytes at least 1, at most {@value #FORMAT_MAX_CAPACITY}
     * @return a copy with that maximum
     * @throws IllegalArgumentException if out of range or smaller than an initial capacity set explicitly
     */
    public WriterOptions withMaxCapacity(long bytes) {
        if (bytes < 1 || bytes > FORMAT_MAX_CAPACITY) {
            throw new IllegalArgumentException("max capacity must be 1.." + FORMAT_MAX_CAPACITY + " bytes, was " + bytes);
        }
        checkOrder(initialCapacity, bytes);
        return new WriterOptions(initialCapacity, bytes, mode, durable, validator);
    }

    /**
     * Mode of the region and lock files the writer creates (existing files keep theirs).
     *
     * @param mode e.g. {@code FileMode.parse("0640")} for a group of followers
     * @return a copy with that mode
     */
    public WriterOptions withMode(FileMode mode) {
        return new WriterOptions(initialCapacity, maxCapacity, Objects.requireNonNull(mode, "mode"), durable, validator);
    }

    /**
     * When true, {@code publish} forces the new version to storage ({@code msync}) before it returns, so a
     * region in a disk directory keeps every acknowledged version across a power loss.
     *
     * @param durable whether to force each publish
     * @return a copy with that setting
     */
    public WriterOptions withDurable(boolean durable) {
        return new WriterOptions(initialCapacity, maxCapacity, mode, durable, validator);
    }

    /**
     * A check applied to every document before it is published ({@code publish}, {@code publishJson},
     * {@code update} and their {@code IfChanged} forms): a document it refuses fails with
     * {@link ValidationFailedException} listing every violation, nothing is published and the previous
     * version stays. Costs one parse of the serialized document per publish, plus the check.
     *
     * @param validator the check, e.g. a JSON Schema from the {@code jsonmmap-schema} module; {@code null} for none
     * @return a copy with that validator
     */
    public WriterOptions withValidator(DocumentValidator validator) {
        return new WriterOptions(initialCapacity, maxCapacity, mode, durable, validator);
    }

    /** @return the check applied to every document before it is published, if any */
    public Optional<DocumentValidator> validator() {
        return Optional.ofNullable(validator);
    }

    /** @return initial payload capacity of each slot (the one set, or the default bounded by the maximum) */
    public long initialCapacity() {
        return initialCapacity != 0 ? initialCapacity : Math.min(DEFAULT_INITIAL_CAPACITY, maxCapacity);
    }

    /** @return largest document accepted */
    public long maxCapacity() {
        return maxCapacity;
    }

    /** @return mode of created files */
    public FileMode mode() {
        return mode;
    }

    /** @return whether each publish is forced to storage */
    public boolean durable() {
        return durable;
    }

    @Override
    public String toString() {
        return "WriterOptions[initialCapacity=" + initialCapacity() + ", maxCapacity=" + maxCapacity + ", mode=" + mode
                + ", durable=" + durable + (validator == null ? "" : ", validator=" + validator) + "]";
    }
}
