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
}
