package org.jsonmmap.internal;

import java.io.OutputStream;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.NavigableSet;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jsonmmap.InvalidJsonException;
import org.jsonmmap.SerializationException;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonGeneratorDecorator;
import tools.jackson.core.util.JsonGeneratorDelegate;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.BeanProperty;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.KeyDeserializer;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.SerializationConfig;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.deser.jackson.JsonNodeDeserializer;
import tools.jackson.databind.cfg.MapperConfig;
import tools.jackson.databind.introspect.AnnotatedMember;
import tools.jackson.databind.introspect.AnnotationIntrospectorPair;
import tools.jackson.databind.introspect.NopAnnotationIntrospector;
import tools.jackson.databind.jsontype.TypeDeserializer;
import tools.jackson.databind.module.SimpleDeserializers;
import tools.jackson.databind.type.LogicalType;
import tools.jackson.databind.exc.InvalidDefinitionException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.ser.ValueSerializerModifier;
import tools.jackson.databind.type.CollectionType;
import tools.jackson.databind.type.MapType;

/**
 * The core's one Jackson 3 configuration: how documents are written, validated and read. jsonmmap is built
 * on Jackson 3 ({@code tools.jackson}): its API hands out Jackson's {@link JsonNode}, and this class is not
 * a plug-in point.
 *
 * <ul>
 *   <li>Writing refuses what would be published as something other than what the caller meant: a value
 *       with no properties ({@code new Object()} would be {@code {}}), a non-finite number (JSON has no NaN
 *       or Infinity; Jackson would write the string {@code "NaN"}), and a Jackson 2 tree or value
 *       ({@code com.fasterxml.jackson...}), which Jackson 3 would dump as a bean of its getters.</li>
 *   <li>Reading accepts exactly one RFC 8259 value (no byte-order mark, no trailing content) within the
 *       nesting limit; errors name the line and column and what was expected, in words.</li>
 *   <li>Typed reading fails, with the JSON Pointer of the field, on a missing record component, a null for
 *       a primitive, a fraction for an integer and a value of the wrong type. Unknown properties are
 *       ignored unless {@link #withFailOnUnknownProperties(boolean) strict}: off by default, so that a
 *       master can add fields before its followers upgrade.</li>
 *   <li>What it reads is read-only: trees are rebuilt over the JDK's unmodifiable maps and lists, and
 *       {@code List}, {@code Set}, {@code Collection} and {@code Map} properties are wrapped in the JDK's
 *       unmodifiable views (which the JDK keeps complete as it adds methods).</li>
 * </ul>
 */
public final class Jackson {
    /** Default limit on the nesting depth of arrays and objects that readers accept. */
    public static final int DEFAULT_MAX_NESTING_DEPTH = 1000;

    private static final Jackson DEFAULT = new Jackson(DEFAULT_MAX_NESTING_DEPTH, false);
    /** Reader attribute marking a parse whose result is shared, hence read-only. */
    private static final Object SHARED = new Object();
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final int maxNestingDepth;
    private final int maxNumberLength;
    private final boolean failOnUnknownProperties;
    private final JsonMapper mapper;
    private final ObjectReader treeReader;
    /** Reads trees for sharing: its nodes keep their own map or list, which {@link #freeze} wraps in place. */
    private final ObjectReader sharedTreeReader;
    private final ConcurrentHashMap<Type, ObjectReader> readers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Type, ObjectReader> privateReaders = new ConcurrentHashMap<>();

    private Jackson(int maxNestingDepth, boolean failOnUnknownProperties) {
        this.maxNestingDepth = maxNestingDepth;
        this.failOnUnknownProperties = failOnUnknownProperties;
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(maxNestingDepth)
                        .maxDocumentLength(-1)
                        .maxStringLength(Integer.MAX_VALUE)
                        .build())
                .addDecorator(new FiniteNumbers())
                .build();
        this.maxNumberLength = factory.streamReadConstraints().getMaxNumberLength();
        JsonMapper mapper = JsonMapper.builder(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, failOnUnknownProperties)
                .enable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .addModule(readOnlyValues())
                .build();
        this.mapper = mapper.rebuild()
                .annotationIntrospector(AnnotationIntrospectorPair.create(mapper.serializationConfig()
                        .getAnnotationIntrospector(), new RequiredRecordComponents()))
                .build();
        this.treeReader = mapper.readerFor(JsonNode.class);
        this.sharedTreeReader = treeReader.with(new OpenNodeFactory());
    }

    /**
     * The shared default (nesting depth limit {@value #DEFAULT_MAX_NESTING_DEPTH}, unknown properties ignored).
     *
     * @return the default configuration
     */
    public static Jackson defaults() {
        return DEFAULT;
    }

    /**
     * A configuration like this one with another nesting limit.
     *
     * @param maxDepth largest nesting depth of arrays and objects accepted, at least 1
     * @return the configuration
     */
    public Jackson withMaxNestingDepth(int maxDepth) {
        if (maxDepth < 1) {
            throw new IllegalArgumentException("maxNestingDepth must be at least 1, was " + maxDepth);
        }
        return maxDepth == maxNestingDepth ? this : new Jackson(maxDepth, failOnUnknownProperties);
    }

    /**
     * A configuration like this one that refuses (or ignores) properties a typed value has no place for.
     *
     * @param fail whether an unknown property fails the read
     * @return the configuration
     */
    public Jackson withFailOnUnknownProperties(boolean fail) {
        return fail == failOnUnknownProperties ? this : new Jackson(maxNestingDepth, fail);
    }

    /** @return the nesting depth limit */
    public int maxNestingDepth() {
        return maxNestingDepth;
    }

    /** @return whether unknown properties fail a typed read */
    public boolean failOnUnknownProperties() {
        return failOnUnknownProperties;
    }

    // ------------------------------------------------------------------------------------------ writing

    /**
     * Serializes {@code value} as one UTF-8 JSON document.
     *
     * @param value the value
     * @param out where the bytes go
     * @throws SerializationException if the value cannot be published as what it is
     */
    public void write(Object value, OutputStream out) {
        refuseJackson2(value == null ? null : value.getClass());
        try {
            mapper.writeValue(out, value);
        } catch (InvalidDefinitionException e) {
            String m = e.getOriginalMessage();
            if (m != null && m.contains("no properties discovered")) {
                throw new SerializationException("cannot publish a value of " + describe(value) + " at "
                        + pointer(e) + ": it has no properties (no public getters or fields), so it would be"
                        + " published as {}; publish a Map, a record or a tree instead", e);
            }
            throw new SerializationException("cannot serialize a value of " + describe(value) + " as JSON at "
                    + pointer(e) + ": " + words(m), e);
        } catch (JacksonException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SerializationException) {
                throw new SerializationException(cause.getMessage() + " (at " + pointer(e) + ")", e);
            }
            throw new SerializationException("cannot serialize a value of " + describe(value) + " as JSON: "
                    + words(e.getOriginalMessage()), e);
        } catch (SerializationException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            throw new SerializationException("cannot serialize a value of " + describe(value) + " as JSON: " + e, e);
        }
    }

    private static String describe(Object value) {
        return value == null ? "null" : value.getClass().getName();
    }

    /** A Jackson 2 tree or value: Jackson 3 would publish its getters ({@code {"array":false,...}}). */
    static void refuseJackson2(Class<?> c) {
        if (isJackson2(c)) {
            throw new SerializationException("cannot publish a " + c.getName() + ": it is a Jackson 2 type"
                    + " (com.fasterxml.jackson), which jsonmmap's Jackson 3 would publish as a dump of its getters;"
                    + " publish its JSON text instead (writer.publishJson(jackson2Mapper.writeValueAsBytes(value)))"
                    + " or build the value with Jackson 3 (tools.jackson)");
        }
    }

    private static boolean isJackson2(Class<?> c) {
        for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
            if (k.getName().startsWith("com.fasterxml.jackson.databind.")
                    || k.getName().startsWith("com.fasterxml.jackson.core.")) {
                return true;
            }
            for (Class<?> i : k.getInterfaces()) {
                if (isJackson2(i)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Refuses non-finite numbers, which JSON cannot hold (Jackson would write them as strings). */
    private static final class FiniteNumbers implements JsonGeneratorDecorator {
        @Override
        public JsonGenerator decorate(TokenStreamFactory factory, JsonGenerator generator) {
            return new JsonGeneratorDelegate(generator) {
                @Override
                public JsonGenerator writeNumber(double v) {
                    check(v);
                    return super.writeNumber(v);
                }

                @Override
                public JsonGenerator writeNumber(float v) {
                    check(v);
                    return super.writeNumber(v);
                }

                @Override
                public JsonGenerator writeArray(double[] array, int offset, int length) {
                    for (int i = offset; i < offset + length; i++) {
                        check(array[i]);
                    }
                    return super.writeArray(array, offset, length);
                }
            };
        }

        private static void check(double v) {
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                throw new SerializationException("cannot publish the number " + v + ": JSON has no NaN or"
                        + " Infinity; publish null or a string if you mean one");
            }
        }
    }

    /**
     * Every record component is required, except an {@code Optional} one (absent means empty) or one
     * annotated otherwise ({@code @JsonProperty(required = false)}, which Jackson's own introspector,
     * asked first, answers). A POJO property is not: it keeps its initial value when absent.
     */
    private static final class RequiredRecordComponents extends NopAnnotationIntrospector {
        private static final long serialVersionUID = 1L;

        @Override
        public Boolean hasRequiredMarker(MapperConfig<?> config, AnnotatedMember member) {
            if (!member.getDeclaringClass().isRecord()) {
                return null;
            }
            Class<?> t = member.getRawType();
            return !(t == Optional.class || t == OptionalInt.class || t == OptionalLong.class
                    || t == OptionalDouble.class);
        }
    }

    // ---------------------------------------------------------------------------------------- read-only

    private static SimpleModule readOnlyValues() {
        SimpleModule module = new SimpleModule("jsonmmap-read-only-values");
        SimpleDeserializers deserializers = new ReadOnlyContainers();
        deserializers.addDeserializer(JsonNode.class, new ReadOnlyTree<>(JsonNode.class));
        deserializers.addDeserializer(ObjectNode.class, new ReadOnlyTree<>(ObjectNode.class));
        deserializers.addDeserializer(ArrayNode.class, new ReadOnlyTree<>(ArrayNode.class));
        module.setDeserializers(deserializers);
        module.setSerializerModifier(new ValueSerializerModifier() {
            private static final long serialVersionUID = 1L;

            @Override
            public ValueSerializer<?> modifySerializer(SerializationConfig config, BeanDescription.Supplier beanDesc,
                    ValueSerializer<?> serializer) {
                return isJackson2(beanDesc.getBeanClass()) ? new RefuseJackson2() : serializer;
            }
        });
        return module;
    }

    /** Stands in for a Jackson 2 value nested in what is published. */
    private static final class RefuseJackson2 extends ValueSerializer<Object> {
        @Override
        public void serialize(Object value, JsonGenerator gen, SerializationContext ctxt) {
            refuseJackson2(value.getClass());
        }
    }

    /**
     * For a property declared as a JDK collection or map interface ({@code List}, {@code Set}, {@code Map},
     * ...): Jackson's own deserializer for a concrete class, with the result wrapped in the JDK's
     * unmodifiable view. Declared concrete classes ({@code ArrayList}) are the caller's choice and stay
     * mutable (such values are never cached and shared, see {@code Shareable}).
     */
    private static final class ReadOnlyContainers extends SimpleDeserializers {
        private static final long serialVersionUID = 1L;

        @Override
        public ValueDeserializer<?> findCollectionDeserializer(CollectionType type, DeserializationConfig config,
                BeanDescription.Supplier beanDesc, TypeDeserializer elementTypeDeserializer,
                ValueDeserializer<?> elementDeserializer) {
            Class<?> raw = type.getRawClass();
            if (!raw.isInterface() || !raw.getName().startsWith("java.util.")) {
                return null;
            }
            Class<?> impl = raw.isAssignableFrom(ArrayList.class) ? ArrayList.class
                    : raw.isAssignableFrom(LinkedHashSet.class) ? LinkedHashSet.class
                    : raw.isAssignableFrom(TreeSet.class) ? TreeSet.class : null;
            return impl == null ? null : new ReadOnlyContainer(raw,
                    config.getTypeFactory().constructCollectionType(impl.asSubclass(Collection.class), type.getContentType()), null);
        }

        @Override
        public ValueDeserializer<?> findMapDeserializer(MapType type, DeserializationConfig config,
                BeanDescription.Supplier beanDesc, KeyDeserializer keyDeserializer,
                TypeDeserializer elementTypeDeserializer, ValueDeserializer<?> elementDeserializer) {
            Class<?> raw = type.getRawClass();
            if (!raw.isInterface() || !raw.getName().startsWith("java.util.")) {
                return null;
            }
            Class<?> impl = raw.isAssignableFrom(LinkedHashMap.class) ? LinkedHashMap.class
                    : raw.isAssignableFrom(TreeMap.class) ? TreeMap.class : null;
            return impl == null ? null : new ReadOnlyContainer(raw,
                    config.getTypeFactory().constructMapType(impl.asSubclass(Map.class), type.getKeyType(), type.getContentType()), null);
        }
    }

    /** Reads with Jackson's deserializer of a concrete collection or map, then wraps the result read-only. */
    private static final class ReadOnlyContainer extends ValueDeserializer<Object> {
        private final Class<?> declared;
        private final JavaType concrete;
        private final ValueDeserializer<Object> delegate;

        ReadOnlyContainer(Class<?> declared, JavaType concrete, ValueDeserializer<Object> delegate) {
            this.declared = declared;
            this.concrete = concrete;
            this.delegate = delegate;
        }

        @Override
        public ValueDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property) {
            return new ReadOnlyContainer(declared, concrete, ctxt.findContextualValueDeserializer(concrete, property));
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) {
            Object value = delegate.deserialize(p, ctxt);
            return shared(ctxt) ? readOnly(value, declared) : value;
        }

        @Override
        public Object getEmptyValue(DeserializationContext ctxt) {
            Object value = delegate == null ? null : delegate.getEmptyValue(ctxt);
            return shared(ctxt) ? readOnly(value, declared) : value;
        }

        @Override
        public Class<?> handledType() {
            return declared;
        }

        @Override
        public LogicalType logicalType() {
            return Map.class.isAssignableFrom(declared) ? LogicalType.Map : LogicalType.Collection;
        }
    }

    /**
     * The JDK's unmodifiable view of a collection or map, when the declared type is an interface the view
     * implements; a concrete declared type ({@code ArrayList}) is the caller's choice and stays as built.
     */
    @SuppressWarnings("unchecked")
    static Object readOnly(Object value, Class<?> declared) {
        if (value == null || declared == null || !declared.isInterface()) {
            return value;
        }
        if (value instanceof NavigableSet && declared.isAssignableFrom(NavigableSet.class)) {
            return Collections.unmodifiableNavigableSet((NavigableSet<Object>) value);
        }
        if (value instanceof SortedSet && declared.isAssignableFrom(SortedSet.class)) {
            return Collections.unmodifiableSortedSet((SortedSet<Object>) value);
        }
        if (value instanceof Set && declared.isAssignableFrom(Set.class)) {
            return Collections.unmodifiableSet((Set<Object>) value);
        }
        if (value instanceof List && declared.isAssignableFrom(List.class)) {
            return Collections.unmodifiableList((List<Object>) value);
        }
        if (value instanceof Collection && declared.isAssignableFrom(Collection.class)) {
            return Collections.unmodifiableCollection((Collection<Object>) value);
        }
        if (value instanceof NavigableMap && declared.isAssignableFrom(NavigableMap.class)) {
            return Collections.unmodifiableNavigableMap((NavigableMap<Object, Object>) value);
        }
        if (value instanceof SortedMap && declared.isAssignableFrom(SortedMap.class)) {
            return Collections.unmodifiableSortedMap((SortedMap<Object, Object>) value);
        }
        if (value instanceof Map && declared.isAssignableFrom(Map.class)) {
            return Collections.unmodifiableMap((Map<Object, Object>) value);
        }
        return value;
    }

    /** Whether the value being read will be shared (cached for every caller), so must be read-only. */
    private static boolean shared(DeserializationContext ctxt) {
        return ctxt.getAttribute(SHARED) != null;
    }

    /** Reads a tree with Jackson's own deserializer, then hands out a read-only copy of it. */
    private static final class ReadOnlyTree<T extends JsonNode> extends ValueDeserializer<T> {
        private final Class<T> type;
        @SuppressWarnings("unchecked")
        private final ValueDeserializer<JsonNode> plain;

        @SuppressWarnings("unchecked")
        ReadOnlyTree(Class<T> type) {
            this.type = type;
            this.plain = (ValueDeserializer<JsonNode>) (ValueDeserializer<?>) JsonNodeDeserializer.getDeserializer(type);
        }

        @Override
        public T deserialize(JsonParser p, DeserializationContext ctxt) {
            JsonNode node = plain.deserialize(p, ctxt);
            return type.cast(shared(ctxt) ? freeze(node) : node);
        }

        @Override
        public Object getNullValue(DeserializationContext ctxt) {
            return type == JsonNode.class ? NullNode.getInstance() : null;
        }

        @Override
        public Class<?> handledType() {
            return type;
        }
    }

    /**
     * A read-only copy of a tree: every object and array is rebuilt over the JDK's unmodifiable map or
     * list, so each mutator (of the node, and of every collection it exposes) throws
     * {@link UnsupportedOperationException}. Scalars are immutable already. {@code deepCopy()} of the
     * result is an ordinary, mutable tree. A tree from this class's own shared parse is frozen in place (its
     * maps and lists are wrapped, not copied: they were never anyone else's).
     *
     * @param node a tree
     * @return the read-only tree
     */
    public static JsonNode freeze(JsonNode node) {
        if (node instanceof OpenObjectNode) {
            // a node of this class's own parse: its map is used by no one else, so it is frozen in place
            Map<String, JsonNode> children = ((OpenObjectNode) node).children;
            for (Map.Entry<String, JsonNode> e : children.entrySet()) {
                e.setValue(freeze(e.getValue()));
            }
            return new ObjectNode(JsonNodeFactory.instance, Collections.unmodifiableMap(children));
        }
        if (node instanceof OpenArrayNode) {
            List<JsonNode> children = ((OpenArrayNode) node).children;
            children.replaceAll(Jackson::freeze);
            return new ArrayNode(JsonNodeFactory.instance, Collections.unmodifiableList(children));
        }
        if (node instanceof ObjectNode) {
            Map<String, JsonNode> children = new LinkedHashMap<>(node.size() * 4 / 3 + 1);
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                children.put(e.getKey(), freeze(e.getValue()));
            }
            return new ObjectNode(JsonNodeFactory.instance, Collections.unmodifiableMap(children));
        }
        if (node instanceof ArrayNode) {
            List<JsonNode> children = new ArrayList<>(node.size());
            for (JsonNode child : node.values()) {
                children.add(freeze(child));
            }
            return new ArrayNode(JsonNodeFactory.instance, Collections.unmodifiableList(children));
        }
        return node;
    }

    /**
     * The node factory of {@link #sharedTreeReader}: its objects and arrays keep a reference to the map or list
     * they fill while parsing, so that {@link #freeze} wraps those in place instead of copying every container
     * (the copy was a second pass over the tree). Its nodes never leave this class: freeze replaces each.
     */
    private static final class OpenNodeFactory extends JsonNodeFactory {
        private static final long serialVersionUID = 1L;

        @Override
        public ObjectNode objectNode() {
            return new OpenObjectNode(this, new LinkedHashMap<>());
        }

        @Override
        public ArrayNode arrayNode() {
            return new OpenArrayNode(this, new ArrayList<>());
        }

        @Override
        public ArrayNode arrayNode(int capacity) {
            return new OpenArrayNode(this, new ArrayList<>(capacity));
        }
    }

    /** An object node of {@link OpenNodeFactory} that knows its map. */
    private static final class OpenObjectNode extends ObjectNode {
        private static final long serialVersionUID = 1L;
        private final transient Map<String, JsonNode> children;

        OpenObjectNode(JsonNodeFactory factory, Map<String, JsonNode> children) {
            super(factory, children);
            this.children = children;
        }
    }

    /** An array node of {@link OpenNodeFactory} that knows its list. */
    private static final class OpenArrayNode extends ArrayNode {
        private static final long serialVersionUID = 1L;
        private final transient List<JsonNode> children;

        OpenArrayNode(JsonNodeFactory factory, List<JsonNode> children) {
            super(factory, children);
            this.children = children;
        }
    }

    // ------------------------------------------------------------------------------------------ reading

    /**
     * Parses exactly one JSON value into {@code type}, for sharing: trees and properties declared as JDK
     * collection or map interfaces come back read-only.
     *
     * @param bytes the buffer
     * @param offset first byte
     * @param length number of bytes
     * @param type the target type; {@code JsonNode.class} asks for a tree
     * @param <T> the type
     * @return the value, never null
     * @throws InvalidJsonException if the bytes are not exactly one JSON value within the limits
     * @throws SerializationException if the JSON does not fit the type (naming the field's JSON Pointer)
     */
    public <T> T read(byte[] bytes, int offset, int length, Type type) {
        return read(bytes, offset, length, type, true);
    }

    /**
     * Like {@link #read(byte[], int, int, Type)}, but {@code shared} false leaves the value mutable (it is
     * the caller's own copy).
     *
     * @param bytes the buffer
     * @param offset first byte
     * @param length number of bytes
     * @param type the target type
     * @param shared whether the value will be handed to more than one caller
     * @param <T> the type
     * @return the value, never null
     */
    @SuppressWarnings("unchecked")
    public <T> T read(byte[] bytes, int offset, int length, Type type, boolean shared) {
        refuseBom(bytes, offset, length);
        if (type == JsonNode.class) {
            return (T) readTree(bytes, offset, length, shared);
        }
        ObjectReader reader = (shared ? readers : privateReaders).computeIfAbsent(type, t -> shared
                        ? mapper.readerFor(mapper.constructType(t)).withAttribute(SHARED, SHARED)
                        : mapper.readerFor(mapper.constructType(t)));
        try {
            Object value = reader.readValue(bytes, offset, length);
            if (value == null) {
                throw new SerializationException("the document is JSON null, which " + type.getTypeName()
                        + " cannot hold");
            }
            return (T) value;
        } catch (JacksonException e) {
            if (isSyntaxOrLimit(e)) {
                throw invalid(e);
            }
            throw new SerializationException("the JSON does not fit " + type.getTypeName() + ": " + mismatch(e), e);
        }
    }

    /**
     * Checks that the bytes hold exactly one JSON value within the limits, without building it: UTF-8
     * without a byte-order mark (docs/FORMAT.md 3.3), well-formed, no trailing content, nesting limit.
     *
     * @param bytes the buffer
     * @param offset first byte
     * @param length number of bytes
     * @throws InvalidJsonException naming what is wrong and where
     */
    public void validate(byte[] bytes, int offset, int length) {
        // one strict pass that builds nothing (no tokens, strings or numbers); only invalid input is parsed
        // again, to say in words what is wrong and where
        int bad = JsonValidator.check(bytes, offset, length, maxNestingDepth, maxNumberLength);
        if (bad < 0) {
            return;
        }
        explainInvalid(bytes, offset, length);
        // the parser accepted what the strict check refuses (overlong or surrogate UTF-8)
        int at = bad - offset;
        throw new InvalidJsonException("not valid JSON: " + (at < length ? "unexpected byte 0x"
                + Integer.toHexString(bytes[bad] & 0xFF) + " (expected strict UTF-8 JSON without a byte-order mark)"
                : "unexpected end of input") + " (at byte " + at + ")");
    }

    /** The parser's pass: throws {@link InvalidJsonException} saying what is wrong, if it finds the bytes invalid. */
    private void explainInvalid(byte[] bytes, int offset, int length) {
        refuseBom(bytes, offset, length);
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
                throw new InvalidJsonException("not valid JSON: expected one JSON value, found more content after"
                        + " it" + where(p.currentTokenLocation()));
            }
        } catch (JacksonException e) {
            throw invalid(e);
        }
    }

    private JsonNode readTree(byte[] bytes, int offset, int length, boolean shared) {
        try {
            JsonNode tree = (shared ? sharedTreeReader : treeReader).readValue(bytes, offset, length);
            if (tree == null || tree.isMissingNode()) {
                throw new InvalidJsonException("not valid JSON: the input is empty (expected one JSON value)");
            }
            // the root tree does not pass through the module's deserializers: freeze it here
            return shared ? freeze(tree) : tree;
        } catch (JacksonException e) {
            throw invalid(e);
        }
    }

    private static void refuseBom(byte[] bytes, int offset, int length) {
        if (length >= 3 && bytes[offset] == BOM[0] && bytes[offset + 1] == BOM[1] && bytes[offset + 2] == BOM[2]) {
            throw new InvalidJsonException("not valid JSON for jsonmmap: the text starts with a UTF-8 byte-order"
                    + " mark (EF BB BF), which docs/FORMAT.md 3.3 does not allow in a payload; remove it (for a"
                    + " file: sed -i '1s/^\\xEF\\xBB\\xBF//' FILE)");
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

    // ------------------------------------------------------------------------------------------- errors

    private static final Pattern UNEXPECTED = Pattern.compile(
            "Unexpected character \\(('(?:[^']|'')*'|\\S+) \\(code \\d+\\)\\)(?::\\s*(.*))?", Pattern.DOTALL);
    private static final Pattern UNRECOGNIZED = Pattern.compile("Unrecognized token '([^']*)'.*", Pattern.DOTALL);
    private static final Pattern NON_STANDARD = Pattern.compile("Non-standard token '([^']*)'.*", Pattern.DOTALL);
    private static final Pattern DEPTH = Pattern.compile(".*nesting depth \\((\\d+)\\) exceeds the maximum allowed"
            + " \\((\\d+).*", Pattern.DOTALL);
    private static final Pattern MISSING_CREATOR = Pattern.compile("Missing (?:required )?creator property '([^']*)'.*",
            Pattern.DOTALL);

    /** An InvalidJsonException in words: what was wrong, at which line and column, without parser internals. */
    private static InvalidJsonException invalid(JacksonException e) {
        return new InvalidJsonException("not valid JSON" + where(e.getLocation()) + ": " + words(e.getOriginalMessage()), e);
    }

    private static String where(TokenStreamLocation loc) {
        if (loc == null || loc.getLineNr() < 1) {
            return "";
        }
        return " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
    }

    /** Jackson's message in plain words: no feature names, codes or source descriptions. */
    static String words(String m) {
        if (m == null) {
            return "malformed input";
        }
        Matcher u = UNEXPECTED.matcher(m);
        if (u.matches()) {
            String ch = u.group(1);
            String rest = u.group(2) == null ? "" : u.group(2);
            if (rest.contains("comment")) {
                return "unexpected character " + ch + ": JSON has no comments";
            }
            if (rest.contains("single-quote") || rest.contains("single quote") || "'''".equals(ch)) {
                return "unexpected character " + ch + ": JSON strings use double quotes";
            }
            if (rest.contains("allow unquoted") || rest.contains("double-quote to start field name")) {
                return "unexpected character " + ch + ": expected a property name in double quotes";
            }
            String expected = expectedWords(rest);
            return "unexpected character " + ch + (expected.isEmpty() ? "" : ", expected " + expected);
        }
        Matcher r = UNRECOGNIZED.matcher(m);
        if (r.matches()) {
            return "unrecognized word '" + r.group(1) + "', expected a JSON value (a string, a number, an array, an"
                    + " object, true, false or null)";
        }
        Matcher n = NON_STANDARD.matcher(m);
        if (n.matches()) {
            return "'" + n.group(1) + "' is not JSON (JSON has no NaN or Infinity)";
        }
        Matcher d = DEPTH.matcher(m);
        if (d.matches()) {
            return "the nesting depth of arrays and objects (" + d.group(1) + ") exceeds the limit of " + d.group(2);
        }
        if (m.startsWith("Unexpected end-of-input")) {
            String expected = expectedWords(m.substring(m.indexOf(':') + 1));
            return "the text ends too early" + (expected.isEmpty() ? "" : ", expected " + expected);
        }
        if (m.startsWith("Invalid UTF-8")) {
            return "invalid UTF-8" + m.substring("Invalid UTF-8".length()).replaceAll("\\s*\\(code [^)]*\\)", "");
        }
        if (m.contains("Illegal unquoted character")) {
            return "a control character inside a string must be escaped (e.g. \\n, \\t, \\u0001)";
        }
        if (m.contains("Unrecognized character escape")) {
            return "a string holds an escape JSON does not have (JSON escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)";
        }
        if (m.contains("Leading zeroes")) {
            return "a number has a leading zero (JSON numbers do not)";
        }
        if (m.contains("Trailing token") || m.contains("trailing token")) {
            return "expected one JSON value, found more content after it";
        }
        // generic clean-up: drop parentheticals that name parser features, constraints or codes
        String out = m.replaceAll("\\s*\\([^()]*(?:Feature|feature|StreamReadConstraints|enable|disable)[^()]*\\)", "")
                .replaceAll("\\s*\\(code \\d+\\)", "")
                .replaceAll("`[^`]*`", "")
                .trim();
        return out.isEmpty() ? "malformed input" : Character.toLowerCase(out.charAt(0)) + out.substring(1);
    }

    private static String expectedWords(String rest) {
        String r = rest.toLowerCase(java.util.Locale.ROOT);
        if (r.contains("close marker for object") || r.contains("expected a comma or '}'")) {
            return "',' or '}'";
        }
        if (r.contains("close marker for array") || r.contains("expected a comma or ']'")) {
            return "',' or ']'";
        }
        if (r.contains("colon to separate")) {
            return "':' after the property name";
        }
        if (r.contains("double-quote to start field name")) {
            return "a property name in double quotes";
        }
        if (r.contains("expected a value") || r.contains("json string, number, array, object")
                || r.contains("expected a valid value")) {
            return "a JSON value";
        }
        if (r.contains("expected space separating root-level values")) {
            return "the end of the document";
        }
        return "";
    }

    /** A typed-read failure in words, with the JSON Pointer of the field. */
    private static String mismatch(JacksonException e) {
        String at = pointer(e);
        String m = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        Matcher missing = MISSING_CREATOR.matcher(m);
        if (missing.matches()) {
            String name = "/" + missing.group(1).replace("~", "~0").replace("/", "~1");
            String field = at.endsWith(name) ? at : (at.equals("/") ? "" : at) + name;
            return "required field " + field + " is missing (rename the field in the document or the type if"
                    + " they differ, or make the component an Optional)";
        }
        if (e instanceof UnrecognizedPropertyException) {
            return "unknown field " + at + " (strict reading refuses fields the type does not have)";
        }
        if (e instanceof InvalidFormatException) {
            Object v = ((InvalidFormatException) e).getValue();
            Class<?> target = ((InvalidFormatException) e).getTargetType();
            return "at " + at + ": expected " + typeName(target) + ", found " + (v instanceof String ? "the string \"" + v + "\"" : String.valueOf(v));
        }
        if (e instanceof MismatchedInputException) {
            MismatchedInputException mi = (MismatchedInputException) e;
            JsonToken t = mi.getCurrentToken();
            if (m.contains("null") && m.contains("primitive")) {
                return "at " + at + ": expected " + typeName(mi.getTargetType()) + ", found null";
            }
            if (m.contains("Floating-point value") || m.contains("fractional")) {
                return "at " + at + ": expected an integer (" + typeName(mi.getTargetType()) + "), found a number with a fraction";
            }
            return "at " + at + ": expected " + typeName(mi.getTargetType())
                    + (t == null ? "" : ", found " + tokenWords(t));
        }
        return "at " + at + ": " + words(m);
    }

    private static String typeName(Class<?> c) {
        return c == null ? "another type" : c.isArray() ? c.getComponentType().getSimpleName() + "[]" : c.getSimpleName();
    }

    private static String tokenWords(JsonToken t) {
        switch (t) {
            case START_OBJECT: return "an object";
            case START_ARRAY: return "an array";
            case VALUE_STRING: return "a string";
            case VALUE_NUMBER_INT: return "an integer";
            case VALUE_NUMBER_FLOAT: return "a number with a fraction";
            case VALUE_TRUE: case VALUE_FALSE: return "a boolean";
            case VALUE_NULL: return "null";
            default: return t.toString();
        }
    }

    /** The JSON Pointer of where an exception happened ({@code /db/poolSize}), {@code /} for the root. */
    static String pointer(JacksonException e) {
        StringBuilder out = new StringBuilder();
        for (JacksonException.Reference r : e.getPath()) {
            out.append('/');
            if (r.getPropertyName() != null) {
                out.append(r.getPropertyName().replace("~", "~0").replace("/", "~1"));
            } else if (r.getIndex() >= 0) {
                out.append(r.getIndex());
            } else {
                out.append('?');
            }
        }
        return out.length() == 0 ? "/" : out.toString();
    }
}
