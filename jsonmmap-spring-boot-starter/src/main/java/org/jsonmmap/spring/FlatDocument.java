package org.jsonmmap.spring;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import tools.jackson.databind.JsonNode;

/**
 * One version of a region's document as Spring properties: every leaf of the JSON tree under its
 * property name ({@code db.url}, {@code features[0]}), with the JSON Pointer it came from. Immutable.
 *
 * <p>Names: object members are joined with {@code .}, array elements get {@code [i]}; a member name that
 * holds {@code .}, {@code [} or {@code ]} is written in brackets ({@code labels[team.name]}), as Spring's
 * map keys are. Values: strings, numbers and booleans as themselves; {@code null}, {@code {}} and
 * {@code []} as the empty string, as Spring's YAML loader does.
 */
final class FlatDocument {
    static final FlatDocument EMPTY = new FlatDocument(0, null, Map.of(), Map.of());

    final long version;
    final Instant publishedAt;
    final Map<String, Object> values;
    final Map<String, String> pointers;
    final String[] names;

    private FlatDocument(long version, Instant publishedAt, Map<String, Object> values, Map<String, String> pointers) {
        this.version = version;
        this.publishedAt = publishedAt;
        this.values = values;
        this.pointers = pointers;
        this.names = values.keySet().toArray(new String[0]);
    }

    /** Flattens one version; {@code root} may be any JSON value (a scalar root has no properties). */
    static FlatDocument of(long version, Instant publishedAt, JsonNode root) {
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, String> pointers = new LinkedHashMap<>();
        if (root != null && root.isContainer()) {
            flatten("", "", root, values, pointers);
        }
        return new FlatDocument(version, publishedAt, Collections.unmodifiableMap(values),
                Collections.unmodifiableMap(pointers));
    }

    private static void flatten(String name, String pointer, JsonNode node, Map<String, Object> values,
                                Map<String, String> pointers) {
        if (node.isObject()) {
            if (node.isEmpty() && !name.isEmpty()) {
                put(name, pointer, "", values, pointers);
            }
            for (Map.Entry<String, JsonNode> member : node.properties()) {
                String key = member.getKey();
                String child = needsBrackets(key) ? name + "[" + key + "]" : name.isEmpty() ? key : name + "." + key;
                flatten(child, pointer + "/" + escape(key), member.getValue(), values, pointers);
            }
        } else if (node.isArray()) {
            if (node.isEmpty() && !name.isEmpty()) {
                put(name, pointer, "", values, pointers);
            }
            for (int i = 0; i < node.size(); i++) {
                flatten(name + "[" + i + "]", pointer + "/" + i, node.get(i), values, pointers);
            }
        } else if (!name.isEmpty()) {
            put(name, pointer, scalar(node), values, pointers);
        }
    }

    private static void put(String name, String pointer, Object value, Map<String, Object> values,
                            Map<String, String> pointers) {
        values.put(name, value);
        pointers.put(name, pointer);
    }

    private static Object scalar(JsonNode node) {
        if (node.isString()) {
            return node.stringValue();
        }
        if (node.isNumber()) {
            return node.numberValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isNull() || node.isMissingNode()) {
            return "";
        }
        return node.toString();
    }

    private static boolean needsBrackets(String key) {
        return key.isEmpty() || key.indexOf('.') >= 0 || key.indexOf('[') >= 0 || key.indexOf(']') >= 0;
    }

    /** RFC 6901: {@code ~} becomes {@code ~0}, {@code /} becomes {@code ~1}. */
    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    /** The names whose value differs between two versions: added, removed or changed, sorted. */
    static Set<String> changedNames(FlatDocument before, FlatDocument after) {
        Set<String> changed = new TreeSet<>();
        for (Map.Entry<String, Object> e : after.values.entrySet()) {
            if (!Objects.equals(before.values.get(e.getKey()), e.getValue())) {
                changed.add(e.getKey());
            }
        }
        for (String name : before.values.keySet()) {
            if (!after.values.containsKey(name)) {
                changed.add(name);
            }
        }
        return Collections.unmodifiableSet(changed);
    }
}
