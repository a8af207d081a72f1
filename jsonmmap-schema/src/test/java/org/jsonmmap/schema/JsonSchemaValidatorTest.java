package org.jsonmmap.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.jsonmmap.Region;
import org.jsonmmap.RegionReader;
import org.jsonmmap.RegionWriter;
import org.jsonmmap.ValidationFailedException;
import org.jsonmmap.Violation;
import org.jsonmmap.WriterOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class JsonSchemaValidatorTest {
    static final String SCHEMA = "{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"type\":\"object\","
            + "\"required\":[\"db\"],\"properties\":{\"db\":{\"type\":\"object\",\"required\":[\"url\"],"
            + "\"properties\":{\"url\":{\"type\":\"string\"},\"pool\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":64}}},"
            + "\"tags\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}},\"additionalProperties\":false}";

    @TempDir
    Path dir;

    private static JsonNode json(String s) {
        return JsonMapper.shared().readTree(s);
    }

    @Test
    void validDocumentHasNoViolations() {
        assertThat(JsonSchemaValidator.of(SCHEMA).validate(json("{\"db\":{\"url\":\"pg://a\",\"pool\":4},\"tags\":[\"x\"]}")))
                .isEmpty();
    }

    @Test
    void everyViolationIsListedWithPathKeywordAndMessage() {
        var violations = JsonSchemaValidator.of(SCHEMA)
                .validate(json("{\"db\":{\"pool\":100},\"tags\":[\"x\",3],\"extra\":true}"));
        assertThat(violations).extracting(Violation::keyword)
                .containsExactlyInAnyOrder("required", "maximum", "type", "additionalProperties");
        assertThat(violations).extracting(Violation::path)
                .containsExactlyInAnyOrder("$.db", "$.db.pool", "$.tags[1]", "$");
        assertThat(violations).filteredOn(v -> v.keyword().equals("maximum")).singleElement()
                .satisfies(v -> assertThat(v.message()).contains("64"));
        assertThat(violations).filteredOn(v -> v.keyword().equals("required")).singleElement()
                .satisfies(v -> assertThat(v.message()).contains("url"));
    }

    @Test
    void draft2020KeywordsApply() {
        // prefixItems is draft 2020-12 only; a schema without $schema is read as 2020-12
        JsonSchemaValidator v = JsonSchemaValidator.of("{\"type\":\"array\",\"prefixItems\":[{\"type\":\"integer\"}],"
                + "\"items\":false}");
        assertThat(v.validate(json("[1]"))).isEmpty();
        assertThat(v.validate(json("[\"a\"]"))).extracting(Violation::keyword).containsExactly("type");
        assertThat(v.validate(json("[1,2]"))).extracting(Violation::keyword).containsExactly("items");
    }

    @Test
    void writerWithASchemaRefusesABadDocumentAndKeepsTheLastGoodOne() {
        Region region = Region.named("cfg", dir);
        WriterOptions options = WriterOptions.defaults().withValidator(JsonSchemaValidator.of(SCHEMA));
        try (RegionWriter w = region.openWriter(options); RegionReader r = region.openReader()) {
            w.publishJson("{\"db\":{\"url\":\"pg://a\"}}");
            assertThatThrownBy(() -> w.publishJson("{\"db\":{\"url\":7}}"))
                    .isInstanceOfSatisfying(ValidationFailedException.class, e -> assertThat(e.violations())
                            .extracting(Violation::path, Violation::keyword)
                            .containsExactly(org.assertj.core.groups.Tuple.tuple("$.db.url", "type")))
                    .hasMessageContaining("version 1 stays");
            assertThat(r.version()).isEqualTo(1);
            assertThat(r.get().orElseThrow().at("/db/url").asString()).isEqualTo("pg://a");
        }
    }

    @Test
    void unusableSchemasFailWhenTheValidatorIsMadeNamingTheFile() throws Exception {
        Path notJson = Files.writeString(dir.resolve("bad.json"), "{\"type\":");
        assertThatThrownBy(() -> JsonSchemaValidator.of(notJson))
                .isInstanceOf(JsonSchemaValidator.InvalidSchemaException.class)
                .hasMessageContaining("bad.json").hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> JsonSchemaValidator.of(dir.resolve("missing.json")))
                .hasMessageContaining("missing.json: no such file");
        assertThatThrownBy(() -> JsonSchemaValidator.of("[1]")).hasMessageContaining("not a JSON Schema");
        assertThatThrownBy(() -> JsonSchemaValidator.of("{\"type\":\"strnig\"}"))
                .isInstanceOf(JsonSchemaValidator.InvalidSchemaException.class)
                .hasMessageContaining("not a valid JSON Schema (https://json-schema.org/draft/2020-12/schema)")
                .hasMessageContaining("$.type");
        assertThatThrownBy(() -> JsonSchemaValidator.of("{\"$schema\":\"http://127.0.0.1:9/nothing\"}"))
                .hasMessageContaining("unknown JSON Schema draft");
    }
}
