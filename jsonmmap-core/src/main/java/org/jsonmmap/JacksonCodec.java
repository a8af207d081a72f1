package org.jsonmmap;

import java.io.OutputStream;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jsonmmap.internal.Frozen;
import org.jsonmmap.internal.JsonValidator;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/**
 * The default {@link JsonCodec}, on Jackson 3.
 *
 * <p>Values it reads back are frozen where Jackson allows: objects and arrays of a {@link JsonNode}
 * tree, and {@code List}, {@code Set}, {@code Map} and {@code Collection} properties, refuse every
 * change once the parse is finished (see {@link RegionReader} for why). It never enables polymorphic
 * typing, and it refuses trailing content after the one value.
 */
public final class JacksonCodec implements JsonCodec {
    /** Default limit on the nesting depth of arrays and objects that readers accept. */
    public static final int DEFAULT_MAX_NESTING_DEPTH = 1000;

    private static final JacksonCodec DEFAULT = new JacksonCodec(DEFAULT_MAX_NESTING_DEPTH);

    private final int maxNestingDepth;
    private final int maxNumberLength;
    private final JsonMapper mapper;
    private final ObjectReader treeReader;
    private final ConcurrentHashMap<Type, ObjectReader> readers = new ConcurrentHashMap<>();

    private JacksonCodec(int maxNestingDepth) {
        this.maxNestingDepth = maxNestingDepth;
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(maxNestingDepth)
                        .maxDocumentLength(-1)
                        .maxStringLength(Integer.MAX_VALUE)
                        .build())
                .build();
        this.mapper = JsonMapper.builder(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .addModule(freezingCollections())
                .build();
        this.treeReader = mapper.readerFor(JsonNode.class).with(new Frozen.NodeFactory());
        this.maxNumberLength = factory.streamReadConstraints().getMaxNumberLength();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static SimpleModule freezingCollections() {
        SimpleModule module = new SimpleModule("jsonmmap-frozen-collections");
        module.addAbstractTypeMapping((Class) List.class, (Class) Frozen.FreezableList.class);
        module.addAbstractTypeMapping((Class) Collection.class, (Class) Frozen.FreezableList.class);
        module.addAbstractTypeMapping((Class) Set.class, (Class) Frozen.FreezableSet.class);
        module.addAbstractTypeMapping((Class) Map.class, (Class) Frozen.FreezableMap.class);
        return module;
    }

    /**
     * The shared default codec (nesting depth limit {@value #DEFAULT_MAX_NESTING_DEPTH}).
     *
     * @return the default codec
     */
    public static JacksonCodec defaults() {
        return DEFAULT;
    }

    /**
     * The mapper this codec writes with; useful to build trees ({@code mapper().createObjectNode()}).
     *
     * @return the Jackson mapper
     */
    public JsonMapper mapper() {
        return mapper;
    }

    @Override
    public JsonCodec withMaxNestingDepth(int maxDepth) {
        if (maxDepth < 1) {
            throw new IllegalArgumentException("maxNestingDepth must be at least 1, was " + maxDepth);
        }
        return maxDepth == maxNestingDepth ? this : new JacksonCodec(maxDepth);
    }

    /**
     * The nesting depth limit of this codec.
     *
     * @return the largest nesting depth accepted
     */
    public int maxNestingDepth() {
        return maxNestingDepth;
    }

    @Override
    public void write(Object value, OutputStream out) {
        try {
            mapper.writeValue(out, value);
        } catch (JacksonException e) {
            throw new SerializationException("cannot serialize a value of " + describe(value) + " as JSON: "
                    + e.getOriginalMessage(), e);
        } catch (RuntimeException | StackOverflowError e) {
            throw new SerializationException("cannot serialize a value of " + describe(value) + " as JSON: " + e, e);
        }
    }

    private static String describe(Object value) {
        return value == null ? "null" : value.getClass().getName();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T read(byte[] bytes, int offset, int length, Type type) {
        ObjectReader reader = type == JsonNode.class ? treeReader
                : readers.computeIfAbsent(type, t -> mapper.readerFor(mapper.constructType(t))
                        .with(treeReader.getConfig().getNodeFactory()));
        try {
            Object value = reader.readValue(bytes, offset, length);
            if (value == null) {
                throw new SerializationException("the document is JSON null, which " + type.getTypeName()
                        + " cannot hold");
            }
            return (T) value;
        } catch (JacksonException e) {
            if (isSyntaxOrLimit(e)) {
                throw new InvalidJsonException("not valid JSON: " + e.getOriginalMessage() + " " + where(e), e);
            }
            throw new SerializationException("the JSON does not fit " + type.getTypeName() + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    private static void touch(JsonParser p, JsonToken t) {
        if (t == JsonToken.VALUE_STRING || t == JsonToken.PROPERTY_NAME) {
            p.getStringLength();
        } else if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
            p.getNumberType();
        }
    }

    /** Malformed input or a broken limit (as opposed to well-formed JSON of the wrong shape). */
    private static boolean isSyntaxOrLimit(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StreamReadException || t instanceof StreamConstraintsException) {
                return true;
            }
        }
        return false;
    }

    private static String where(JacksonException e) {
        return e.getLocation() == null ? "" : "(at byte " + e.getLocation().getByteOffset() + ")";
    }

    /**
     * Checks that the bytes are exactly one JSON value in strict UTF-8 (no byte-order mark), nested no deeper
     * than this codec's limit, with numbers no longer than Jackson's limit. One pass that builds nothing
     * (no tokens, strings or numbers); only invalid input is parsed again, to say what is wrong.
     */
    @Override
    public void validate(byte[] bytes, int offset, int length) {
        int bad = JsonValidator.check(bytes, offset, length, maxNestingDepth, maxNumberLength);
        if (bad < 0) {
            return;
        }
        explainInvalid(bytes, offset, length);
        // the parser accepted what the strict check refuses (a byte-order mark, overlong or surrogate UTF-8)
        int at = bad - offset;
        throw new InvalidJsonException("not valid JSON: " + (at < length ? "unexpected byte 0x"
                + Integer.toHexString(bytes[bad] & 0xFF) + " (expected strict UTF-8 JSON without a byte-order mark)"
                : "unexpected end of input") + " (at byte " + at + ")");
    }

    /** The parser's pass: throws {@link InvalidJsonException} with its explanation if it finds the bytes invalid. */
    private void explainInvalid(byte[] bytes, int offset, int length) {
        try (JsonParser p = mapper.createParser(bytes, offset, length)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new InvalidJsonException("not valid JSON: the input is empty (expected one JSON value)");
            }
            // walk every token (not skipChildren, which skims strings) so that a bad escape or
            // invalid UTF-8 anywhere in the document is found
            int depth = first.isStructStart() ? 1 : 0;
            touch(p, first);
            while (depth > 0) {
                JsonToken t = p.nextToken();
                if (t == null) {
                    throw new InvalidJsonException("not valid JSON: the document ends inside an array or object");
                }
                if (t.isStructStart()) {
                    depth++;
                } else if (t.isStructEnd()) {
                    depth--;
                }
                touch(p, t);
            }
            JsonToken trailing = p.nextToken();
            if (trailing != null) {
                throw new InvalidJsonException("not valid JSON: expected one JSON value, found more content after it"
                        + " at byte " + p.currentTokenLocation().getByteOffset() + " (" + trailing + ")");
            }
        } catch (JacksonException e) {
            throw new InvalidJsonException("not valid JSON: " + e.getOriginalMessage() + " " + where(e), e);
        }
    }
}
