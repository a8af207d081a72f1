package org.jsonmmap.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Checks that bytes are exactly one JSON value (RFC 8259) in strict UTF-8, in one pass and without building
 * anything: no tokens, no strings, no numbers. What a writer needs before it publishes raw JSON; what a reader
 * later parses is checked again by its parser under its own limits.
 *
 * <p>Stricter than a general parser where the format requires it: no byte-order mark, no overlong UTF-8, no
 * encoded surrogates, nothing after the value but whitespace.
 *
 * <p>Where the time goes on configuration documents is the number of tokens, not their length, so every
 * token is recognised with as few data-dependent branches as possible: string bodies and runs of digits are
 * read eight bytes at a time (one little-endian {@code long}) and the first byte that ends them is found with
 * bit arithmetic, whatever the length; {@code true}, {@code false} and {@code null} are one {@code int}
 * comparison each; whitespace costs one comparison when there is none; the nesting stack lives in a register
 * for the first 64 levels. Only quotes, escapes, control characters and non-ASCII bytes inside strings are
 * looked at byte by byte.
 *
 * <p>{@link #check} returns -1 for valid input or the index of the first byte found wrong (a caller that
 * wants a sentence re-parses the rare invalid input with a parser that explains). Thread-safe (no state).
 */
public final class JsonValidator {
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long QUOTES = 0x2222222222222222L;
    private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;
    private static final long SPACES = 0x2020202020202020L;
    private static final long ZEROS = 0x3030303030303030L;
    /** Added to a byte, sets its high bit if the byte is above '9' (0x39 + 0x46 = 0x7F). */
    private static final long ABOVE_NINE = 0x4646464646464646L;
    private static final int TRUE = 't' | 'r' << 8 | 'u' << 16 | 'e' << 24;
    private static final int ALSE = 'a' | 'l' << 8 | 's' << 16 | 'e' << 24;
    private static final int NULL = 'n' | 'u' << 8 | 'l' << 16 | 'l' << 24;
    /** Nesting levels whose kind (object or array) is kept in a register; deeper ones in an array. */
    private static final int REGISTER_DEPTH = 64;
    /** Bytes a string may hold as they are: printable ASCII other than the quote and the backslash. */
    private static final boolean[] PLAIN = new boolean[256];

    static {
        for (int c = 0x20; c < 0x80; c++) {
            PLAIN[c] = c != '"' && c != '\\';
        }
    }

    private JsonValidator() {
    }

    /**
     * Checks {@code length} bytes of {@code b} from {@code offset}.
     *
     * @param b the bytes
     * @param offset where the value starts
     * @param length how many bytes
     * @param maxDepth the deepest nesting of arrays and objects accepted
     * @param maxNumberLength the longest number (in characters) accepted
     * @return -1 if the bytes are exactly one JSON value within the limits, else the index of the first bad byte
     */
    public static int check(byte[] b, int offset, int length, int maxDepth, int maxNumberLength) {
        int end = offset + length;
        // bit d: 1 = the container at depth d+1 is an object; levels from REGISTER_DEPTH on live in deep[]
        long kinds = 0;
        long[] deep = null;
        int depth = 0;
        int i = ws(b, offset, end);
        // expecting a value
        while (true) {
            if (i >= end) {
                return i;
            }
            int c = b[i];
            switch (c) {
                case '{':
                case '[':
                    if (depth >= maxDepth) {
                        return i;
                    }
                    boolean object = c == '{';
                    if (depth < REGISTER_DEPTH) {
                        kinds = object ? kinds | 1L << depth : kinds & ~(1L << depth);
                    } else {
                        if (deep == null) {
                            deep = new long[(maxDepth >>> 6) + 1];
                        }
                        long word = deep[depth >>> 6];
                        deep[depth >>> 6] = object ? word | 1L << depth : word & ~(1L << depth);
                    }
                    depth++;
                    i = ws(b, i + 1, end);
                    if (i < end && b[i] == (object ? '}' : ']')) {
                        depth--;
                        i++;
                        break;
                    }
                    if (object) {
                        i = key(b, i, end);
                        if (i < 0) {
                            return ~i;
                        }
                    }
                    continue;
                case '"':
                    i = string(b, i + 1, end);
                    if (i < 0) {
                        return ~i;
                    }
                    break;
                case 't':
                    if (i + 4 > end || (int) INT_LE.get(b, i) != TRUE) {
                        return i;
                    }
                    i += 4;
                    break;
                case 'f':
                    if (i + 5 > end || (int) INT_LE.get(b, i + 1) != ALSE) {
                        return i;
                    }
                    i += 5;
                    break;
                case 'n':
                    if (i + 4 > end || (int) INT_LE.get(b, i) != NULL) {
                        return i;
                    }
                    i += 4;
                    break;
                default:
                    i = number(b, i, end, maxNumberLength);
                    if (i < 0) {
                        return ~i;
                    }
                    break;
            }
            // after a value: a separator, the end of a container, or the end of the input
            while (true) {
                i = ws(b, i, end);
                if (depth == 0) {
                    return i == end ? -1 : i;
                }
                if (i >= end) {
                    return i;
                }
                int d = depth - 1;
                boolean inObject = d < REGISTER_DEPTH ? (kinds & 1L << d) != 0 : (deep[d >>> 6] & 1L << d) != 0;
                c = b[i];
                if (c == ',') {
                    i = ws(b, i + 1, end);
                    if (inObject) {
                        i = key(b, i, end);
                        if (i < 0) {
                            return ~i;
                        }
                    }
                    break;
                }
                if (c == (inObject ? '}' : ']')) {
                    depth--;
                    i++;
                    continue;
                }
                return i;
            }
        }
    }

    /** A property name and its colon, then whitespace; returns the index of the value or ~(bad index). */
    private static int key(byte[] b, int i, int end) {
        if (i >= end || b[i] != '"') {
            return ~i;
        }
        i = string(b, i + 1, end);
        if (i < 0) {
            return i;
        }
        if (i < end && b[i] == ':') {
            return ws(b, i + 1, end);
        }
        i = ws(b, i, end);
        if (i >= end || b[i] != ':') {
            return ~i;
        }
        return ws(b, i + 1, end);
    }

    private static int ws(byte[] b, int i, int end) {
        while (i < end) {
            int c = b[i];
            // one comparison for the usual case, a byte that is not whitespace (negative bytes fall through)
            if (c > ' ' || c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return i;
            }
            i++;
        }
        return i;
    }

    /** The rest of a string after its opening quote; returns the index after the closing quote or ~(bad index). */
    private static int string(byte[] b, int i, int end) {
        while (true) {
            if (i + 8 <= end) {
                // eight bytes at once: the first quote, backslash, control character or high-bit byte, if any
                long x = (long) LONG_LE.get(b, i);
                long quotes = hasZero(x ^ QUOTES) & HIGHS;
                long others = (hasZero(x ^ BACKSLASHES) | ((x - SPACES) & ~x) | x) & HIGHS;
                // a flag can be false only above a true one (a borrow), so the lowest flag of each kind is real.
                // The usual case, a closing quote with nothing special before it, is decided first: the next
                // token's position then waits only for the quote flags, the check of the others runs beside it
                long quote = quotes & -quotes;
                if (quote != 0 && (others & (quote - 1)) == 0) {
                    return i + (Long.numberOfTrailingZeros(quotes) >>> 3) + 1;
                }
                long special = quotes | others;
                if (special == 0) {
                    i += 8;
                    continue;
                }
                i += Long.numberOfTrailingZeros(special) >>> 3;
            } else {
                // the last few bytes of the input
                while (i < end && PLAIN[b[i] & 0xFF]) {
                    i++;
                }
                if (i >= end) {
                    return ~i;
                }
            }
            int c = b[i] & 0xFF;
            if (c == '"') {
                return i + 1;
            } else if (c == '\\') {
                i = escape(b, i, end);
                if (i < 0) {
                    return i;
                }
            } else if (c < 0x20) {
                return ~i;
            } else {
                i = utf8(b, i, c, end);
                if (i < 0) {
                    return i;
                }
            }
        }
    }

    /** Nonzero high bit in every byte of {@code x} that is zero (and possibly in bytes above one that is). */
    private static long hasZero(long x) {
        return (x - ONES) & ~x;
    }

    private static int escape(byte[] b, int i, int end) {
        if (i + 1 >= end) {
            return ~(i + 1);
        }
        switch (b[i + 1]) {
            case '"':
            case '\\':
            case '/':
            case 'b':
            case 'f':
            case 'n':
            case 'r':
            case 't':
                return i + 2;
            case 'u':
                if (i + 6 > end) {
                    return ~end;
                }
                for (int k = i + 2; k < i + 6; k++) {
                    int h = b[k];
                    if (!((h >= '0' && h <= '9') || (h >= 'a' && h <= 'f') || (h >= 'A' && h <= 'F'))) {
                        return ~k;
                    }
                }
                return i + 6;
            default:
                return ~(i + 1);
        }
    }

    /** One multi-byte UTF-8 sequence starting with {@code c} at {@code i} (RFC 3629, table 3-7 of Unicode). */
    private static int utf8(byte[] b, int i, int c, int end) {
        int n;
        int lo = 0x80;
        int hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            n = 1;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 2;
            if (c == 0xE0) {
                lo = 0xA0;
            } else if (c == 0xED) {
                hi = 0x9F; // no encoded surrogates
            }
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 3;
            if (c == 0xF0) {
                lo = 0x90;
            } else if (c == 0xF4) {
                hi = 0x8F; // nothing above U+10FFFF
            }
        } else {
            return ~i;
        }
        if (i + n >= end) {
            return ~end;
        }
        int c1 = b[i + 1] & 0xFF;
        if (c1 < lo || c1 > hi) {
            return ~(i + 1);
        }
        for (int k = i + 2; k <= i + n; k++) {
            if ((b[k] & 0xC0) != 0x80) {
                return ~k;
            }
        }
        return i + n + 1;
    }

    /** {@code -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?}; returns the index after it or ~(bad index). */
    private static int number(byte[] b, int i, int end, int maxNumberLength) {
        int start = i;
        if (b[i] == '-') {
            i++;
        }
        if (i >= end) {
            return ~i;
        }
        if (b[i] == '0') {
            i++;
        } else if (b[i] >= '1' && b[i] <= '9') {
            i = digits(b, i + 1, end);
        } else {
            return ~i;
        }
        if (i < end && b[i] == '.') {
            int d = digits(b, i + 1, end);
            if (d == i + 1) {
                return ~d;
            }
            i = d;
        }
        if (i < end && (b[i] | 0x20) == 'e') {
            i++;
            if (i < end && (b[i] == '+' || b[i] == '-')) {
                i++;
            }
            int d = digits(b, i, end);
            if (d == i) {
                return ~d;
            }
            i = d;
        }
        if (i - start > maxNumberLength) {
            return ~start;
        }
        return i;
    }

    /** The index of the first byte from {@code i} that is not an ASCII digit (or {@code end}). */
    private static int digits(byte[] b, int i, int end) {
        while (i + 8 <= end) {
            long x = (long) LONG_LE.get(b, i);
            // high bit of a byte set if it is above '9' (0x3A to 0xB9 by the sum, 0xBA up by the difference) or
            // below '0'; as in string(), carries and borrows can only raise flags above a true one, so the lowest
            // flag is the first non-digit
            long other = ((x + ABOVE_NINE) | (x - ZEROS)) & HIGHS;
            if (other != 0) {
                return i + (Long.numberOfTrailingZeros(other) >>> 3);
            }
            i += 8;
        }
        while (i < end && b[i] >= '0' && b[i] <= '9') {
            i++;
        }
        return i;
    }
}
