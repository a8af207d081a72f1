package org.jsonmmap;

import java.util.function.Consumer;

import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;

/**
 * Behind {@link RegionReader#subscribe(String, Consumer)}: passes on a version only when the part at a JSON
 * Pointer differs from the part last passed on (tree equality; the first version always passes).
 * Runs on the subscription's one delivering thread, so it needs no synchronization.
 */
final class PartListener implements Consumer<Versioned<JsonNode>> {
    private final JsonPointer pointer;
    private final Consumer<Versioned<JsonNode>> listener;
    private JsonNode last;

    PartListener(JsonPointer pointer, Consumer<Versioned<JsonNode>> listener) {
        this.pointer = pointer;
        this.listener = listener;
    }

    @Override
    public void accept(Versioned<JsonNode> whole) {
        JsonNode part = whole.value().at(pointer);
        if (last != null && last.equals(part)) {
            return;
        }
        last = part;
        listener.accept(new Versioned<>(whole.version(), part, whole.epoch(), whole.publishedAt(), whole.tag()));
    }
}
