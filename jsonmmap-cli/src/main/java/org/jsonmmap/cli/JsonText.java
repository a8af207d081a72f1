package org.jsonmmap.cli;

import java.nio.charset.StandardCharsets;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonPointer;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reformats valid JSON text without parsing it into values, so numbers, escapes and key order stay
 * exactly as published: {@link #compact} drops the whitespace between tokens, {@link #pretty} indents.
 * Both assume their input is one valid JSON value (the library validated it on publish).
 */
final class JsonText {
    private JsonText() {
    }

    /**
     * The exact published text of the value at {@code pointer} in a valid document, or null when nothing is
     * there: the bytes between the value's first and last token, never a re-serialization (which would
     * round numbers beyond double precision and change escapes). With duplicate keys the last one wins, as
     * in a parsed tree.
     *
     * @param doc one valid JSON value, UTF-8
     * @param pointer where to look
     * @return the value's text, or null
     */
    static String at(byte[] doc, JsonPointer pointer) {
        try (JsonParser p = JsonMapper.shared().createParser(doc)) {
            p.nextToken();
            long[] range = range(p, pointer);
            return range == null ? null : new String(doc, (int) range[0], (int) (range[1] - range[0]),
                    StandardCharsets.UTF_8);
        }
    }

    /** The byte range of the value at {@code rest} below the current token, consuming the current value. */
    private static long[] range(JsonParser p, JsonPointer rest) {
        JsonToken t = p.currentToken();
        if (rest.matches()) {
            long start = p.currentTokenLocation().getByteOffset();
            if (t.isStructStart()) {
                p.skipChildren();
                return new long[] {start, p.currentLocation().getByteOffset()};
            }
            // a string's content is read lazily: finish it so the location is past its closing quote (a number
            // ends where the character after it begins, which the parser has not consumed)
            p.finishToken();
            return new long[] {start, p.currentLocation().getByteOffset()};
        }
        long[] found = null;
        if (t == JsonToken.START_OBJECT) {
            String name = rest.getMatchingProperty();
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                boolean match = p.currentName().equals(name);
                p.nextToken();
                if (match) {
                    found = range(p, rest.tail());
                } else {
                    p.skipChildren();
                }
            }
        } else if (t == JsonToken.START_ARRAY) {
            int index = rest.getMatchingIndex();
            int i = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                if (i++ == index) {
                    found = range(p, rest.tail());
                } else {
                    p.skipChildren();
                }
            }
        }
        return found;
    }

    /**
     * The same JSON on one line: whitespace outside strings removed.
     *
     * @param json one valid JSON value
     * @return the compact text
     */
    static String compact(String json) {
        StringBuilder out = null;
        StringTracker strings = new StringTracker();
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (!strings.inString(c) && isWhitespace(c)) {
                if (out == null) {
                    out = new StringBuilder(json.length()).append(json, 0, i);
                }
                continue;
            }
            if (out != null) {
                out.append(c);
            }
        }
        return out == null ? json : out.toString();
    }

    /**
     * The same JSON indented by two spaces, one member or element per line, {@code "key": value}.
     *
     * @param json one valid JSON value
     * @return the indented text (no trailing newline)
     */
    static String pretty(String json) {
        StringBuilder out = new StringBuilder(json.length() * 2);
        int depth = 0;
        StringTracker strings = new StringTracker();
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (strings.inString(c)) {
                out.append(c);
                continue;
            }
            switch (c) {
                case '{':
                case '[':
                    out.append(c);
                    int next = skipWhitespace(json, i + 1);
                    if (next < json.length() && (json.charAt(next) == '}' || json.charAt(next) == ']')) {
                        out.append(json.charAt(next));
                        i = next;
                    } else {
                        newline(out, ++depth);
                    }
                    break;
                case '}':
                case ']':
                    newline(out, --depth);
                    out.append(c);
                    break;
                case ',':
                    out.append(c);
                    newline(out, depth);
                    break;
                case ':':
                    out.append(": ");
                    break;
                default:
                    if (!isWhitespace(c)) {
                        out.append(c);
                    }
            }
        }
        return out.toString();
    }

    /** Follows JSON text one character at a time and tells which characters belong to a string. */
    private static final class StringTracker {
        private boolean inString;
        private boolean escaped;

        /** @return whether {@code c}, the next character, is part of a string, its quotes included */
        boolean inString(char c) {
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (c == '\\') {
                    escaped = true;
                } else if (c == '"') {
                    inString = false;
                }
                return true;
            }
            inString = c == '"';
            return inString;
        }
    }

    private static int skipWhitespace(String s, int i) {
        while (i < s.length() && isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static void newline(StringBuilder out, int depth) {
        out.append('\n');
        for (int d = 0; d < depth; d++) {
            out.append("  ");
        }
    }

    /** The four whitespace characters of JSON (RFC 8259, section 2). */
    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }
}
