package org.jsonmmap;

import java.io.OutputStream;
import java.lang.reflect.Type;

/**
 * The JSON library behind a region, behind a small interface so that another one can be plugged in.
 * {@link JacksonCodec} is the default and the only implementation shipped.
 *
 * <p>Implementations must be thread-safe and must read only plain JSON: no polymorphic type handling
 * driven by the document, since a reader parses what another process wrote.
 */
public interface JsonCodec {
    /**
     * Serializes {@code value} as one UTF-8 JSON document.
     *
     * @param value any value the library can serialize
     * @param out where the bytes go
     * @throws SerializationException if the value cannot be serialized
     */
    void write(Object value, OutputStream out);

    /**
     * Parses exactly one JSON value into {@code type}.
     *
     * @param bytes the buffer
     * @param offset first byte of the document
     * @param length number of bytes of the document
     * @param type the target type; {@code JsonNode.class} asks for a tree
     * @param <T> the target type
     * @return the value (never null: a JSON {@code null} is returned as the library's null node or
     *     raises {@link SerializationException} for types that cannot hold it)
     * @throws InvalidJsonException if the bytes are not exactly one JSON value within the limits
     * @throws SerializationException if the JSON does not fit the type
     */
    <T> T read(byte[] bytes, int offset, int length, Type type);

    /**
     * Checks that the bytes hold exactly one JSON value within this codec's limits, without building it.
     *
     * @param bytes the buffer
     * @param offset first byte
     * @param length number of bytes
     * @throws InvalidJsonException naming what is wrong and where
     */
    void validate(byte[] bytes, int offset, int length);

    /**
     * A codec like this one whose parser refuses documents nested deeper than {@code maxDepth}.
     *
     * @param maxDepth largest nesting depth of arrays and objects accepted
     * @return a codec with that limit
     */
    JsonCodec withMaxNestingDepth(int maxDepth);
}
