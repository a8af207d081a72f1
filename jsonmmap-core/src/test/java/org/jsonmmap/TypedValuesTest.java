package org.jsonmmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Typed values go in and come out as what they are, or fail saying what and where; nothing is lost silently. */
@ExtendWith(OpenRegion.class)
class TypedValuesTest {
    @TempDir
    Path dir;

    record Db(String url, int poolSize) {
    }

    record Config(String name, Db db) {
    }

    record WithOptional(String name, Optional<String> comment) {
    }

    private Region region() {
        return Region.named("typed", dir);
    }

    @Test
    void emptyBeanIsRefusedInsteadOfPublishedAsEmptyObject(RegionWriter w) {
        assertThatThrownBy(() -> w.publish(new Object())).isInstanceOf(SerializationException.class)
                .hasMessageContaining("java.lang.Object").hasMessageContaining("no properties")
                .hasMessageNotContaining("FAIL_ON_EMPTY_BEANS");
        assertThat(w.version()).isZero();
    }

    @Test
    void nonFiniteNumbersAreRefusedInsteadOfPublishedAsStrings(RegionWriter w) {
        assertThatThrownBy(() -> w.publish(List.of(Double.NaN))).isInstanceOf(SerializationException.class)
                .hasMessageContaining("NaN").hasMessageContaining("JSON has no NaN or Infinity");
        assertThatThrownBy(() -> w.publish(Map.of("x", new double[] {1, Double.POSITIVE_INFINITY})))
                .isInstanceOf(SerializationException.class).hasMessageContaining("Infinity");
        assertThatThrownBy(() -> w.publish(Map.of("f", Float.NaN))).isInstanceOf(SerializationException.class);
        assertThat(w.version()).isZero();
        w.publish(List.of(1.5, 2.0));
        assertThat(new String(w.currentBytes().orElseThrow(), StandardCharsets.UTF_8)).isEqualTo("[1.5,2.0]");
    }

    @Test
    void jackson2TreeIsRefusedWithWhatToDo(RegionWriter w) throws Exception {
        com.fasterxml.jackson.databind.JsonNode tree =
                new com.fasterxml.jackson.databind.ObjectMapper().readTree("{\"db\":\"postgres://x\"}");
        assertThatThrownBy(() -> w.publish(tree)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("Jackson 2").hasMessageContaining("publishJson");
        assertThatThrownBy(() -> w.publish(Map.of("nested", tree))).isInstanceOf(SerializationException.class)
                .hasMessageContaining("Jackson 2");
        assertThat(w.version()).isZero();
        w.publishJson(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(tree));
        assertThat(new String(w.currentBytes().orElseThrow(), StandardCharsets.UTF_8))
                .isEqualTo("{\"db\":\"postgres://x\"}");
    }

    @Test
    void missingComponentIsReportedWithItsJsonPointer(RegionWriter w, RegionReader r) {
        w.publishJson("{\"name\":\"svc\",\"db\":{\"url\":\"u\",\"pool_size\":5}}");
        assertThatThrownBy(() -> r.get(Config.class)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("/db/poolSize").hasMessageContaining("missing")
                .hasMessageNotContaining("FAIL_ON");
    }

    @Test
    void typeMismatchIsReportedWithItsJsonPointer(RegionWriter w, RegionReader r) {
        w.publishJson("{\"name\":\"svc\",\"db\":{\"url\":\"u\",\"poolSize\":\"ten\"}}");
        assertThatThrownBy(() -> r.get(Config.class)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("at /db/poolSize: expected int");
        w.publishJson("{\"name\":\"svc\",\"db\":{\"url\":\"u\",\"poolSize\":5.7}}");
        assertThatThrownBy(() -> r.get(Config.class)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("/db/poolSize");
        w.publishJson("{\"name\":\"svc\",\"db\":{\"url\":\"u\",\"poolSize\":null}}");
        assertThatThrownBy(() -> r.get(Config.class)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("/db/poolSize");
    }

    @Test
    void optionalComponentMayBeMissing(RegionWriter w, RegionReader r) {
        w.publishJson("{\"name\":\"svc\"}");
        assertThat(r.get(WithOptional.class).orElseThrow()).isEqualTo(new WithOptional("svc", Optional.empty()));
    }

    @Test
    void unknownPropertiesAreIgnoredByDefaultAndRefusedWhenStrict() {
        try (RegionWriter w = region().openWriter();
             RegionReader lenient = region().openReader();
             RegionReader strict = region().openReader(ReaderOptions.defaults().withFailOnUnknownProperties(true))) {
            w.publishJson("{\"name\":\"svc\",\"db\":{\"url\":\"u\",\"poolSize\":5,\"timeout\":3}}");
            assertThat(lenient.get(Config.class).orElseThrow().db().poolSize()).isEqualTo(5);
            assertThatThrownBy(() -> strict.get(Config.class)).isInstanceOf(SerializationException.class)
                    .hasMessageContaining("unknown field /db/timeout");
        }
    }

    @Test
    void byteOrderMarkIsRefusedAtPublish(RegionWriter w) {
        byte[] withBom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}'};
        assertThatThrownBy(() -> w.publishJson(withBom)).isInstanceOf(InvalidJsonException.class)
                .hasMessageContaining("byte-order mark");
        assertThatThrownBy(() -> w.publishJson("\uFEFF{}")).isInstanceOf(InvalidJsonException.class);
        assertThat(w.version()).isZero();
    }

    @Test
    void invalidJsonNamesLineAndColumnInWords(RegionWriter w) {
        assertThatThrownBy(() -> w.publishJson("{\n  \"a\": 1, // note\n}"))
                .isInstanceOf(InvalidJsonException.class)
                .hasMessageContaining("line 2, column").hasMessageContaining("JSON has no comments")
                .hasMessageNotContaining("Feature").hasMessageNotContaining("ALLOW_COMMENTS")
                .hasMessageNotContaining("byte offset").hasMessageNotContaining("#UNKNOWN");
        assertThatThrownBy(() -> w.publishJson("{\"a\": tru}")).isInstanceOf(InvalidJsonException.class)
                .hasMessageContaining("line 1, column").hasMessageContaining("'tru'")
                .hasMessageNotContaining("(code");
        assertThatThrownBy(() -> w.publishJson("{\"a\": 1")).isInstanceOf(InvalidJsonException.class)
                .hasMessageNotContaining("at byte -1");
    }

    @Test
    void writerOptionsDoNotDependOnCallOrder() {
        WriterOptions a = WriterOptions.defaults().withMaxCapacity(16 * 1024).withInitialCapacity(4096);
        WriterOptions b = WriterOptions.defaults().withInitialCapacity(4096).withMaxCapacity(16 * 1024);
        assertThat(a.initialCapacity()).isEqualTo(b.initialCapacity()).isEqualTo(4096);
        assertThat(a.maxCapacity()).isEqualTo(b.maxCapacity()).isEqualTo(16 * 1024);
        assertThatThrownBy(() -> WriterOptions.defaults().withMaxCapacity(16 * 1024).withInitialCapacity(64 * 1024))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("larger than the max capacity");
        assertThatThrownBy(() -> WriterOptions.defaults().withInitialCapacity(64 * 1024).withMaxCapacity(16 * 1024))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("larger than the max capacity");
        // no initial capacity set: the default, bounded by a smaller maximum
        assertThat(WriterOptions.defaults().withMaxCapacity(1000).initialCapacity()).isEqualTo(1000);
    }

    @Test
    void groupOrWorldWritableModesAreRefused() {
        assertThatThrownBy(() -> FileMode.parse("0666")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only the owner");
        assertThatThrownBy(() -> FileMode.of(0620)).isInstanceOf(IllegalArgumentException.class);
        assertThat(FileMode.parse("0640").bits()).isEqualTo(0640);
        assertThat(FileMode.parse("0644").bits()).isEqualTo(0644);
    }
}
