package org.jsonmmap;

import java.util.Map;
import java.util.Objects;

import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What changed between two JSON documents, as an RFC 6902 JSON Patch, and the patch applied to a document.
 *
 * <p>{@link #diff} makes a patch of {@code add}, {@code remove} and {@code replace} operations only: objects
 * are compared member by member (member order does not count), arrays element by element after their common
 * beginning and end, and anything else that differs is replaced whole. The patch is correct (applied to
 * {@code from} it gives a document equal to {@code to}), not the shortest possible: an element inserted at
 * the front of an array after a changed one shows as replacements. {@link #apply} implements all six
 * operations of RFC 6902 ({@code add}, {@code remove}, {@code replace}, {@code move}, {@code copy},
 * {@code test}).
 *
 * <p>A small implementation of our own: the maintained Java JSON Patch libraries (zjsonpatch,
 * java-json-tools json-patch) are built on Jackson 2, and Jakarta JSON-P's {@code Json.createDiff} works on
 * another object model; converting every version to it would cost more than this class.
 * Cost: {@code diff} walks both trees once (O(size)); {@code apply} copies the document once.
 */
public final class JsonPatch {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonPatch() {
    }

    /**
     * The patch that turns {@code from} into {@code to}; an empty array when they are equal.
     *
     * @param from the earlier document (not modified; may be read-only)
     * @param to the later document (not modified; its parts are copied into the patch)
     * @return a JSON array of RFC 6902 operations
     */
    public static ArrayNode diff(JsonNode from, JsonNode to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        ArrayNode patch = NODES.arrayNode();
        diff(from, to, JsonPointer.empty(), patch);
        return patch;
    }

    private static void diff(JsonNode a, JsonNode b, JsonPointer at, ArrayNode patch) {
        if (a.equals(b)) {
            return;
        }
        if (a.isObject() && b.isObject()) {
            diffObjects(a, b, at, patch);
        } else if (a.isArray() && b.isArray()) {
            diffArrays(a, b, at, patch);
        } else {
            op(patch, "replace", at).set("value", b.deepCopy());
        }
    }

    private static void diffObjects(JsonNode a, JsonNode b, JsonPointer at, ArrayNode patch) {
        for (Map.Entry<String, JsonNode> e : a.properties()) {
            if (!b.has(e.getKey())) {
                op(patch, "remove", at.appendProperty(e.getKey()));
            }
        }
        for (Map.Entry<String, JsonNode> e : b.properties()) {
            JsonNode old = a.get(e.getKey());
            if (old == null) {
                op(patch, "add", at.appendProperty(e.getKey())).set("value", e.getValue().deepCopy());
            } else {
                diff(old, e.getValue(), at.appendProperty(e.getKey()), patch);
            }
        }
    }

    private static void diffArrays(JsonNode a, JsonNode b, JsonPointer at, ArrayNode patch) {
        int la = a.size();
        int lb = b.size();
        int prefix = 0;
        while (prefix < la && prefix < lb && a.get(prefix).equals(b.get(prefix))) {
            prefix++;
        }
        int suffix = 0;
        while (suffix < la - prefix && suffix < lb - prefix && a.get(la - 1 - suffix).equals(b.get(lb - 1 - suffix))) {
            suffix++;
        }
        int ma = la - prefix - suffix;
        int mb = lb - prefix - suffix;
        int common = Math.min(ma, mb);
        for (int i = 0; i < common; i++) {
            diff(a.get(prefix + i), b.get(prefix + i), at.appendIndex(prefix + i), patch);
        }
        // removals at one index: each one shifts the rest down
        for (int i = common; i < ma; i++) {
            op(patch, "remove", at.appendIndex(prefix + common));
        }
        for (int i = common; i < mb; i++) {
            op(patch, "add", at.appendIndex(prefix + i)).set("value", b.get(prefix + i).deepCopy());
        }
    }

    private static ObjectNode op(ArrayNode patch, String op, JsonPointer path) {
        ObjectNode o = patch.addObject();
        o.put("op", op);
        o.put("path", path.toString());
        return o;
    }

    /**
     * Applies an RFC 6902 patch to a copy of {@code document}, operation by operation.
     *
     * @param document the document (not modified; may be read-only)
     * @param patch a JSON array of operations
     * @return the patched copy
     * @throws IllegalArgumentException if the patch is malformed, a path does not exist where the operation
     *     needs it, or a {@code test} operation fails (RFC 6902: the whole patch then fails)
     */
    public static JsonNode apply(JsonNode document, JsonNode patch) {
        Objects.requireNonNull(document, "document");
        if (patch == null || !patch.isArray()) {
            throw new IllegalArgumentException("a JSON Patch is a JSON array of operations, got " + kind(patch));
        }
        JsonNode doc = document.deepCopy();
        int n = 0;
        for (JsonNode op : patch) {
            try {
                doc = applyOne(doc, op);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("operation " + n + " of the patch (" + op + "): " + e.getMessage(), e);
            }
            n++;
        }
        return doc;
    }

    private static JsonNode applyOne(JsonNode doc, JsonNode op) {
        if (op == null || !op.isObject()) {
            throw new IllegalArgumentException("an operation is a JSON object, got " + kind(op));
        }
        String name = text(op, "op");
        JsonPointer path = pointer(text(op, "path"));
        switch (name) {
            case "add":
                return add(doc, path, value(op));
            case "remove":
                remove(doc, path);
                return path.matches() ? NODES.missingNode() : doc;
            case "replace":
                require(doc, path);
                if (path.matches()) {
                    return value(op).deepCopy();
                }
                remove(doc, path);
                return add(doc, path, value(op));
            case "move": {
                JsonPointer from = pointer(text(op, "from"));
                if (path.toString().startsWith(from.toString() + "/")) {
                    throw new IllegalArgumentException("cannot move " + from + " into its own child " + path);
                }
                JsonNode moved = require(doc, from);
                if (from.matches()) {
                    return add(NODES.missingNode(), path, moved);
                }
                remove(doc, from);
                return add(doc, path, moved);
            }
            case "copy": {
                JsonPointer from = pointer(text(op, "from"));
                return add(doc, path, require(doc, from).deepCopy());
            }
            case "test":
                if (!require(doc, path).equals(value(op))) {
                    throw new IllegalArgumentException("test failed: " + path + " is " + doc.at(path) + ", not " + value(op));
                }
                return doc;
            default:
                throw new IllegalArgumentException("unknown operation '" + name + "'");
        }
    }

    private static JsonNode add(JsonNode doc, JsonPointer path, JsonNode value) {
        JsonNode v = value.deepCopy();
        if (path.matches()) {
            return v;
        }
        JsonNode parent = require(doc, path.head());
        String last = path.last().getMatchingProperty();
        if (parent.isObject()) {
            ((ObjectNode) parent).set(last, v);
        } else if (parent.isArray()) {
            ArrayNode array = (ArrayNode) parent;
            if (last.equals("-")) {
                array.add(v);
            } else {
                array.insert(index(last, array.size(), path), v);
            }
        } else {
            throw new IllegalArgumentException("cannot add at " + path + ": its parent is " + kind(parent));
        }
        return doc;
    }

    private static void remove(JsonNode doc, JsonPointer path) {
        require(doc, path);
        if (path.matches()) {
            return;
        }
        JsonNode parent = doc.at(path.head());
        String last = path.last().getMatchingProperty();
        if (parent.isObject()) {
            ((ObjectNode) parent).remove(last);
        } else {
            ArrayNode array = (ArrayNode) parent;
            array.remove(index(last, array.size() - 1, path));
        }
    }

    private static JsonNode require(JsonNode doc, JsonPointer path) {
        JsonNode n = doc.at(path);
        if (n.isMissingNode()) {
            throw new IllegalArgumentException("no value at " + (path.matches() ? "the root" : path.toString()));
        }
        return n;
    }

    private static int index(String token, int max, JsonPointer path) {
        if (!token.matches("0|[1-9][0-9]{0,8}")) {
            throw new IllegalArgumentException("'" + token + "' in " + path + " is not an array index");
        }
        int i = Integer.parseInt(token);
        if (i > max) {
            throw new IllegalArgumentException("index " + i + " in " + path + " is past the end (at most " + max + ")");
        }
        return i;
    }

    private static String text(JsonNode op, String member) {
        JsonNode v = op.get(member);
        if (v == null || !v.isString()) {
            throw new IllegalArgumentException("member '" + member + "' must be a string");
        }
        return v.asString();
    }

    private static JsonNode value(JsonNode op) {
        JsonNode v = op.get("value");
        if (v == null) {
            throw new IllegalArgumentException("member 'value' is missing");
        }
        return v;
    }

    private static JsonPointer pointer(String p) {
        try {
            return JsonPointer.compile(p);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + p + "' is not a JSON Pointer: " + e.getMessage(), e);
        }
    }

    private static String kind(JsonNode n) {
        return n == null ? "nothing" : n.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
    }
}
