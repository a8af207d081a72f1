package org.jsonmmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;

class WriterValidatorTest {
    @TempDir
    Path dir;

    /** Requires a numeric "port" below 65536 and a string "host". */
    private static final DocumentValidator PORT_AND_HOST = doc -> {
        List<Violation> out = new ArrayList<>();
        JsonNode port = doc.path("port");
        if (!port.isNumber()) {
            out.add(new Violation("$.port", "type", "$.port: must be a number"));
        } else if (port.asLong() > 65535) {
            out.add(new Violation("$.port", "maximum", "$.port: must be at most 65535"));
        }
        if (!doc.path("host").isString()) {
            out.add(new Violation("$", "required", "$: required property 'host' not found"));
        }
        return out;
    };

    @Test
    void refusedDocumentListsEveryViolationAndThePreviousVersionStays() {
        Region region = Region.named("v", dir);
        WriterOptions options = WriterOptions.defaults().withValidator(PORT_AND_HOST);
        try (RegionWriter w = region.openWriter(options); RegionReader r = region.openReader()) {
            assertThat(w.publishJson("{\"port\":80,\"host\":\"a\"}")).isEqualTo(1);
            assertThatThrownBy(() -> w.publishJson("{\"port\":70000}"))
                    .isInstanceOfSatisfying(ValidationFailedException.class, e -> {
                        assertThat(e.violations()).extracting(Violation::keyword).containsExactly("maximum", "required");
                        assertThat(e.violations()).extracting(Violation::path).containsExactly("$.port", "$");
                        assertThat(e.getMessage()).contains("region 'v'", "breaks 2 rules", "version 1 stays",
                                "$.port maximum: $.port: must be at most 65535");
                    });
            assertThatThrownBy(() -> w.publish(Map.of("port", "x", "host", "a")))
                    .isInstanceOf(ValidationFailedException.class);
            assertThatThrownBy(() -> w.update(t -> ((tools.jackson.databind.node.ObjectNode) t.deepCopy()).put("port", 1_000_000)))
                    .isInstanceOf(ValidationFailedException.class);
            assertThatThrownBy(() -> w.publishJsonIfChanged("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                    .isInstanceOf(ValidationFailedException.class);
            assertThat(r.version()).isEqualTo(1);
            assertThat(w.version()).isEqualTo(1);
            assertThat(r.get().orElseThrow().get("port").asInt()).isEqualTo(80);
            assertThat(w.publishJson("{\"port\":81,\"host\":\"a\"}")).isEqualTo(2);
        }
    }

    @Test
    void firstDocumentRefusedPublishesNothing() {
        Region region = Region.named("v", dir);
        try (RegionWriter w = region.openWriter(WriterOptions.defaults().withValidator(PORT_AND_HOST));
             RegionReader r = region.openReader()) {
            assertThatThrownBy(() -> w.publishJson("[]")).hasMessageContaining("nothing was published");
            assertThat(r.version()).isZero();
        }
    }

    @Test
    void validatorSurvivesTheOtherOptionsInAnyOrder() {
        WriterOptions a = WriterOptions.defaults().withValidator(PORT_AND_HOST).withMaxCapacity(1024)
                .withDurable(true).withMode(FileMode.parse("0640"))
                .withInitialCapacity(512);
        assertThat(a.validator()).containsSame(PORT_AND_HOST);
        assertThat(a.withValidator(null).validator()).isEmpty();
        assertThat(WriterOptions.defaults().validator()).isEmpty();
    }
}
