package org.jsonmmap;

import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * Checks a document before a {@link RegionWriter} publishes it (set through
 * {@link WriterOptions#withValidator(DocumentValidator)}); a document with any {@link Violation} is refused
 * with {@link ValidationFailedException}, nothing is published and the previous version stays.
 *
 * <p>The core carries no schema library: the {@code jsonmmap-schema} module implements this interface with
 * JSON Schema (draft 2020-12). Any other rule set can implement it too. An implementation must be
 * thread-safe (a writer may be shared by threads) and must not modify the tree it is given, which is
 * read-only.
 */
@FunctionalInterface
public interface DocumentValidator {
    /**
     * Every rule {@code document} breaks, in the order found.
     *
     * @param document the document about to be published, read-only
     * @return the violations; empty when the document may be published
     */
    List<Violation> validate(JsonNode document);
}
