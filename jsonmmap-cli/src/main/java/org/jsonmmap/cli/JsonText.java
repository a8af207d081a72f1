package org.jsonmmap.cli;

/**
 * Reformats valid JSON text without parsing it into values, so numbers, escapes and key order stay
 * exactly as published: {@link #compact} drops the whitespace between tokens, {@link #pretty} indents.
 * Both assume their input is one valid JSON value (the library validated it on publish).
 */
final class JsonText {
    private JsonText() {
    }

    /**
     * The same JSON on one line: whitespace outside strings removed.
     *
     * @param json one valid JSON value
     * @return the compact text
     */
    static String compact(String json) {
        StringBuilder out = null;
        boolean inString = false;
        boolean escaped = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (c == '\\') {
                    escaped = true;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (isWhitespace(c)) {
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
        boolean inString = false;
        boolean escaped = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                out.append(c);
                if (escaped) {
                    escaped = false;
                } else if (c == '\\') {
                    escaped = true;
                } else if (c == '"') {
                    inString = false;
                }
                continue;
            }
            switch (c) {
                case '"':
                    inString = true;
                    out.append(c);
                    break;
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
