package org.jsonmmap.schema;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.jsonmmap.DocumentValidator;
import org.jsonmmap.InvalidJsonException;
import org.jsonmmap.JsonDocuments;
import org.jsonmmap.JsonMmapException;
import org.jsonmmap.Violation;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;

import tools.jackson.databind.JsonNode;

/**
 * A {@link DocumentValidator} that checks documents against one JSON Schema (draft 2020-12 by default).
 *
 * <p>Every violation is reported (not only the first), each with its JSON path ({@code $.db.port}), the
 * schema keyword that failed and the library's message. The schema is compiled once, when the validator is
 * made; a schema that is not valid JSON or not a valid schema fails then, with {@link InvalidSchemaException}.
 * Thread-safe. Cost per document: one walk of the document against the compiled schema.
 */
public final class JsonSchemaValidator implements DocumentValidator {
    private final Schema schema;
    private final String source;

    private JsonSchemaValidator(Schema schema, String source) {
        this.schema = schema;
        this.source = source;
    }

    /**
     * Compiles a schema given as a tree.
     *
     * @param schema the schema; its {@code $schema} names the draft, else 2020-12
     * @return the validator
     * @throws InvalidSchemaException if it is not a valid schema
     */
    public static JsonSchemaValidator of(JsonNode schema) {
        return compile(Objects.requireNonNull(schema, "schema"), "the schema");
    }

    /**
     * Compiles a schema given as JSON text.
     *
     * @param json the schema's JSON
     * @return the validator
     * @throws InvalidSchemaException if it is not JSON or not a valid schema
     */
    public static JsonSchemaValidator of(String json) {
        return compile(parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), "the schema"), "the schema");
    }

    /**
     * Reads and compiles a schema file.
     *
     * @param file a JSON Schema file
     * @return the validator
     * @throws InvalidSchemaException if the file cannot be read, is not JSON or is not a valid schema
     */
    public static JsonSchemaValidator of(Path file) {
        String name = "schema " + file;
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidSchemaException("cannot read " + name + ": no such file", e);
        } catch (IOException e) {
            throw new InvalidSchemaException("cannot read " + name + ": " + e.getMessage(), e);
        }
        return compile(parse(bytes, name), name);
    }

    private static JsonNode parse(byte[] bytes, String name) {
        try {
            return JsonDocuments.parse(bytes);
        } catch (InvalidJsonException e) {
            throw new InvalidSchemaException(name + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    private static JsonSchemaValidator compile(JsonNode tree, String name) {
        if (!tree.isObject() && !tree.isBoolean()) {
            throw new InvalidSchemaException(name + " is not a JSON Schema: expected an object (or true/false), found "
                    + tree.getNodeType().toString().toLowerCase(java.util.Locale.ROOT));
        }
        SchemaRegistryConfig config = SchemaRegistryConfig.builder().pathType(PathType.JSON_PATH)
                .locale(java.util.Locale.ENGLISH).build();
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                b -> b.schemaRegistryConfig(config));
        try {
            // the schema itself is checked against its draft's meta-schema (bundled with the library, never
            // fetched), so that a typo such as "type": "strnig" fails here rather than passing every document
            JsonNode declared = tree.path("$schema");
            String dialect = declared.isString() ? declared.asString() : SpecificationVersion.DRAFT_2020_12.getDialectId();
            if (SpecificationVersion.fromDialectId(dialect).isEmpty()) {
                throw new InvalidSchemaException(name + " names an unknown JSON Schema draft in $schema: " + dialect
                        + " (known: draft-04, -06, -07, 2019-09, 2020-12)");
            }
            Schema meta = registry.getSchema(SchemaLocation.of(dialect));
            List<Error> problems = meta.validate(tree);
            if (!problems.isEmpty()) {
                StringBuilder b = new StringBuilder(name).append(" is not a valid JSON Schema (").append(dialect).append("):");
                for (Error e : problems) {
                    b.append("\n  ").append(e.getInstanceLocation()).append(' ').append(e.getKeyword()).append(": ")
                            .append(e.getMessage());
                }
                throw new InvalidSchemaException(b.toString());
            }
            Schema schema = registry.getSchema(tree);
            schema.initializeValidators();
            return new JsonSchemaValidator(schema, name);
        } catch (SchemaException | IllegalArgumentException | IllegalStateException e) {
            throw new InvalidSchemaException(name + " is not a valid JSON Schema: " + e.getMessage(), e);
        }
    }

    @Override
    public List<Violation> validate(JsonNode document) {
        List<Error> errors = schema.validate(document);
        List<Violation> out = new ArrayList<>(errors.size());
        for (Error e : errors) {
            String path = e.getInstanceLocation() == null ? "$" : e.getInstanceLocation().toString();
            String keyword = e.getKeyword() == null ? "" : e.getKeyword();
            out.add(new Violation(path, keyword, e.getMessage()));
        }
        return out;
    }

    @Override
    public String toString() {
        return "JsonSchemaValidator[" + source + "]";
    }

    /** A schema that cannot be used: not readable, not JSON, or not a valid JSON Schema. */
    public static final class InvalidSchemaException extends JsonMmapException {
        private static final long serialVersionUID = 1L;

        /**
         * @param message what is wrong with which schema
         * @param cause the underlying failure
         */
        public InvalidSchemaException(String message, Throwable cause) {
            super(message, cause);
        }

        /**
         * @param message what is wrong with which schema
         */
        public InvalidSchemaException(String message) {
            super(message);
        }
    }
}
