package org.jsonmmap.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jsonmmap.FileMode;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Option value parsers for every command: durations, byte sizes, file modes. A bad value is a usage error
 * naming the value.
 */
public final class Converters {
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(?:([kmg])(?:i?b)?|b)?");

    private Converters() {
    }

    /** {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code 1.5s}, a bare number of seconds, or ISO-8601 {@code PT5S}. */
    public static final class DurationConverter implements ITypeConverter<Duration> {
        /** Created by picocli. */
        public DurationConverter() {
        }

        @Override
        public Duration convert(String value) {
            return parseDuration(value);
        }
    }

    /** Bytes: {@code 65536}, {@code 64k}, {@code 64KiB}, {@code 16m}, {@code 1g} (powers of 1024). */
    static final class SizeConverter implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return parseSize(value);
        }
    }

    /** An octal mode such as {@code 0640}. */
    public static final class FileModeConverter implements ITypeConverter<FileMode> {
        @Override
        public FileMode convert(String value) {
            try {
                return FileMode.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static Duration parseDuration(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.startsWith("pt") || v.startsWith("p")) {
            try {
                Duration d = Duration.parse(value.trim());
                if (!d.isNegative()) {
                    return d;
                }
            } catch (DateTimeParseException e) {
                // reported below
            }
        }
        Matcher m = DURATION.matcher(v);
        if (!m.matches()) {
            throw new TypeConversionException("'" + value + "' is not a duration (expected e.g. 500ms, 5s, 2m, 1h)");
        }
        double amount = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double millis = amount * (unit.equals("ms") ? 1 : unit.equals("s") ? 1_000 : unit.equals("m") ? 60_000 : 3_600_000);
        if (millis > Long.MAX_VALUE / 2) {
            throw new TypeConversionException("'" + value + "' is too long a duration");
        }
        return Duration.ofNanos(Math.round(millis * 1_000_000));
    }

    static long parseSize(String value) {
        Matcher m = SIZE.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new TypeConversionException("'" + value + "' is not a size in bytes (expected e.g. 65536, 64k, 16m)");
        }
        long shift = m.group(2) == null ? 0 : m.group(2).equals("k") ? 10 : m.group(2).equals("m") ? 20 : 30;
        try {
            long n = Long.parseLong(m.group(1));
            if (n > (Long.MAX_VALUE >> shift)) {
                throw new NumberFormatException();
            }
            return n << shift;
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is too large a size");
        }
    }
}
