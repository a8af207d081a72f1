package org.jsonmmap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonTextTest {
    @Test
    void compactRemovesWhitespaceBetweenTokensOnly() {
        String json = "{ \"a b\" : [ 1 , 2.50e3 ,\n\t\"x \\\" y\" ] ,\r\n \"c\":{ } }";
        assertThat(JsonText.compact(json)).isEqualTo("{\"a b\":[1,2.50e3,\"x \\\" y\"],\"c\":{}}");
    }

    @Test
    void compactReturnsCompactInputUnchanged() {
        String json = "{\"héllo\":\"日本 🎉\",\"n\":1.000000000000000000001}";
        assertThat(JsonText.compact(json)).isSameAs(json);
    }

    @Test
    void prettyIndentsAndKeepsTokensExact() {
        assertThat(JsonText.pretty("{\"a\":[1,{\"b\":\"x,y:{z}\"}],\"e\":[],\"o\":{},\"n\":1E400}")).isEqualTo(
                "{\n  \"a\": [\n    1,\n    {\n      \"b\": \"x,y:{z}\"\n    }\n  ],\n  \"e\": [],\n  \"o\": {},\n"
                        + "  \"n\": 1E400\n}");
    }

    @Test
    void prettyOfAScalarIsTheScalar() {
        assertThat(JsonText.pretty("\"a\\\\\"")).isEqualTo("\"a\\\\\"");
        assertThat(JsonText.pretty("42")).isEqualTo("42");
    }

    @Test
    void valueAtAPointerIsTheExactPublishedText() {
        byte[] doc = ("{\"a\": {\"n\": 3.14159265358979323846264338327950288, \"big\":12345678901234567890123},"
                + " \"s\": \"x\\u00e9\\n\", \"arr\": [1, 2.50, {\"k\": null}, true], \"d\":1, \"d\":2, \"e\":1e400}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(JsonText.at(doc, tools.jackson.core.JsonPointer.compile("/a/n")))
                .isEqualTo("3.14159265358979323846264338327950288");
        assertThat(JsonText.at(doc, tools.jackson.core.JsonPointer.compile("/a/big"))).isEqualTo("12345678901234567890123");
        assertThat(JsonText.at(doc, tools.jackson.core.JsonPointer.compile("/e"))).isEqualTo("1e400");
        assertThat(JsonText.at(doc, tools.jackson.core.JsonPointer.compile("/s"))).isEqualTo("\"x\\u00e9\\n\"");
        assertThat(JsonText.at(doc, tools.jackson.core.JsonPointer.compile("/arr/1"))).isEqualTo("2.50");
        assertThat(JsonText.at(doc, tools.jackson.core.JsonPointer.compile("/arr/2"))).isEqualTo("{\"k\": null}");
        assertThat(JsonText.at(doc, tools.jackson.core.JsonPointer.compile("/arr/3"))).isEqualTo("true");
        assertThat(JsonText.at(doc, tools.jackson.core.JsonPointer.compile("/arr/2/k"))).isEqualTo("null");
        assertThat(JsonText.at(doc, tools.jackson.core.JsonPointer.compile("/d"))).as("last duplicate wins").isEqualTo("2");
        assertThat(JsonText.at(doc, tools.jackson.core.JsonPointer.compile("/arr/9"))).isNull();
        assertThat(JsonText.at(doc, tools.jackson.core.JsonPointer.compile("/s/x"))).isNull();
        assertThat(JsonText.at("42".getBytes(), tools.jackson.core.JsonPointer.compile(""))).isEqualTo("42");
    }
}
