package org.jsonmmap.cli;

import java.nio.file.Path;
import java.util.List;

import org.jsonmmap.DocumentValidator;
import org.jsonmmap.JsonDocuments;
import org.jsonmmap.Violation;
import org.jsonmmap.schema.JsonSchemaValidator;

import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/**
 * The {@code --schema} option of {@code publish}, {@code serve} and {@code zk-put}: a JSON Schema (draft 2020-12
 * unless its {@code $schema} names another) that a document must satisfy before it goes anywhere. A picocli
 * mixin: {@code @Mixin SchemaOption schema;}.
 */
public class SchemaOption {
    @Option(names = "--schema", paramLabel = "SCHEMA",
            description = "JSON Schema file (draft 2020-12 unless its $schema says otherwise): a document that breaks"
                    + " it goes nowhere, and every violation is listed (JSON path, keyword, message).")
    private Path schema;

    private DocumentValidator validator;

    /** Created by picocli. */
    public SchemaOption() {
    }

    /** @return the schema file, or null if none was given */
    public Path file() {
        return schema;
    }

    /**
     * The compiled schema, made once.
     *
     * @return the validator, or null if no {@code --schema} was given
     * @throws CliException (usage, exit code 2) if the schema cannot be read, is not JSON or not a valid schema
     */
    public DocumentValidator validator() {
        if (schema != null && validator == null) {
            try {
                validator = JsonSchemaValidator.of(schema);
            } catch (JsonSchemaValidator.InvalidSchemaException e) {
                throw new CliException(ExitCode.USAGE, e.getMessage(), e);
            }
        }
        return validator;
    }

    /**
     * Checks one document (already known to be one JSON value) against the schema, if any.
     *
     * @param json the document
     * @param source what it is, e.g. "config.json" or "standard input"
     * @param outcome what happens instead, e.g. "nothing was published"
     * @throws CliException (exit code 10) listing every violation, one per line
     */
    public void check(byte[] json, String source, String outcome) {
        DocumentValidator v = validator();
        if (v == null) {
            return;
        }
        List<Violation> violations = v.validate(JsonDocuments.parse(json));
        if (!violations.isEmpty()) {
            throw new CliException(ExitCode.SCHEMA_VIOLATION, source + " breaks the schema " + schema + " ("
                    + violations.size() + (violations.size() == 1 ? " violation" : " violations") + "); " + outcome
                    + ":" + listed(violations));
        }
    }

    /**
     * @param violations violations
     * @return each on its own indented line, after a newline
     */
    static String listed(List<Violation> violations) {
        StringBuilder b = new StringBuilder();
        for (Violation v : violations) {
            b.append("\n  ").append(v);
        }
        return b.toString();
    }
}
