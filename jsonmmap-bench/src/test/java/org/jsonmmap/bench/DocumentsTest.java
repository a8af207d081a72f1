package org.jsonmmap.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

class DocumentsTest {
    @Test
    void everySizeGeneratesTheSameBytesEachTime() {
        for (Documents.Size size : Documents.Size.values()) {
            assertArrayEquals(Documents.bytes(size), Documents.bytes(size), size.label());
        }
    }

    @Test
    void documentsAreAboutTheirNominalSize() {
        for (Documents.Size size : Documents.Size.values()) {
            int length = Documents.bytes(size).length;
            assertTrue(length >= size.targetBytes() && length < size.targetBytes() * 1.3,
                    size.label() + " document is " + length + " bytes");
        }
    }

    @Test
    void documentsAreNestedConfigurations() {
        JsonNode doc = Documents.parse(Documents.bytes(Documents.Size.S64K));
        assertEquals("orders-api", doc.get("service").get("name").asString());
        assertTrue(doc.get("upstreams").size() > 100);
        assertTrue(doc.get("upstreams").get(0).get("limits").get("rps").isInt());
    }

    @Test
    void labelsRoundTrip() {
        for (Documents.Size size : Documents.Size.values()) {
            assertEquals(size, Documents.Size.of(size.label()));
        }
    }
}
