package org.jsonmmap;

import java.util.Objects;

/**
 * One rule a document breaks, as a {@link DocumentValidator} reports it.
 *
 * @param path where in the document, as a JSON path such as {@code $.db.port} ({@code $} is the whole document)
 * @param keyword the rule broken, e.g. the JSON Schema keyword {@code required} or {@code maximum}
 * @param message a sentence for people, e.g. {@code $.db.port: must have a maximum value of 65535}
 */
public record Violation(String path, String keyword, String message) {
    /**
     * Checks that no part is null.
     *
     * @param path where
     * @param keyword which rule
     * @param message what is wrong
     */
    public Violation {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(keyword, "keyword");
        Objects.requireNonNull(message, "message");
    }

    /** @return {@code path keyword: message}, e.g. {@code $.db.port maximum: must have a maximum value of 65535} */
    @Override
    public String toString() {
        return path + " " + keyword + ": " + message;
    }
}
