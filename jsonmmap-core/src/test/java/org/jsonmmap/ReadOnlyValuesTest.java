package org.jsonmmap;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;

/**
 * Values a reader hands out (and shares between callers) refuse every change, on whatever JDK runs the
 * test: every public method of the running JDK's collection interfaces that is not a known query is
 * called, by reflection, on each collection reachable from a handed-out value (and on every view those
 * return), and must throw {@link UnsupportedOperationException}. A method a newer JDK adds is therefore
 * treated as a mutator until proven a query: the test cannot silently miss it.
 */
class ReadOnlyValuesTest {
    @TempDir
    Path dir;

    record Inner(List<String> tags) {
    }

    record Config(List<String> hosts, Set<String> roles, Map<String, Integer> limits, Collection<Integer> ports,
                  List<Inner> inner, JsonNode extra) {
    }

    /** Methods that only read (or return a view, which is then tested too). Anything else must throw. */
    private static final Set<String> QUERIES = Set.of("size", "isEmpty", "contains", "containsAll", "containsKey",
            "containsValue", "get", "getOrDefault", "indexOf", "lastIndexOf", "equals", "hashCode", "toString",
            "toArray", "stream", "parallelStream", "forEach", "spliterator", "getFirst", "getLast", "firstEntry",
            "lastEntry", "hasNext", "next", "hasPrevious", "previous", "nextIndex", "previousIndex",
            "forEachRemaining", "getKey", "getValue", "comparator", "first", "last", "iterator", "listIterator",
            "subList", "reversed", "keySet", "values", "entrySet", "sequencedKeySet", "sequencedValues",
            "sequencedEntrySet", "headSet", "tailSet", "subSet", "headMap", "tailMap", "subMap", "descendingSet",
            "descendingIterator", "descendingMap", "navigableKeySet", "descendingKeySet", "floor", "ceiling",
            "lower", "higher", "floorKey", "ceilingKey", "lowerKey", "higherKey", "floorEntry", "ceilingEntry",
            "lowerEntry", "higherEntry", "getClass", "notify", "notifyAll", "wait", "toList", "copyOf", "of",
            "ofEntries", "entry", "comparingByKey", "comparingByValue");

    /** Methods returning a view of the same data, whose own methods are tested in turn. */
    private static final Set<String> VIEWS = Set.of("iterator", "listIterator", "subList", "reversed", "keySet",
            "values", "entrySet", "sequencedKeySet", "sequencedValues", "sequencedEntrySet", "headSet", "tailSet",
            "subSet", "headMap", "tailMap", "subMap", "descendingSet", "descendingIterator", "descendingMap",
            "navigableKeySet", "descendingKeySet", "firstEntry", "lastEntry", "floorEntry", "ceilingEntry",
            "lowerEntry", "higherEntry", "next", "previous");

    private final List<String> leaks = new ArrayList<>();
    private int mutatorsCalled;
    private final Map<Object, Boolean> seen = new IdentityHashMap<>();

    @Test
    void everyMutatorOfTheRunningJdkIsRefusedOnSharedValues() {
        Region region = Region.named("ro", dir);
        try (RegionWriter w = region.openWriter(); RegionReader r = region.openReader()) {
            w.publishJson("{\"hosts\":[\"h1\",\"h2\"],\"roles\":[\"a\",\"b\"],\"limits\":{\"x\":1,\"y\":2},"
                    + "\"ports\":[80,443],\"inner\":[{\"tags\":[\"t1\",\"t2\"]}],\"extra\":{\"k\":[1,2],\"m\":{\"n\":1}}}");
            Config c = r.get(Config.class).orElseThrow();
            assertThat(r.get(Config.class).orElseThrow()).as("typed record values are cached and shared").isSameAs(c);
            Inner first = c.inner().get(0);
            probe("hosts", c.hosts());
            probe("roles", c.roles());
            probe("limits", c.limits());
            probe("ports", c.ports());
            probe("inner", c.inner());
            probe("inner[0].tags", first.tags());
            probeTree("extra", c.extra());
            JsonNode tree = r.get().orElseThrow();
            assertThat(r.get().orElseThrow()).isSameAs(tree);
            probeTree("tree", tree);
            probeTree("snapshot", r.snapshot().orElseThrow().value());
            probeTree("writer.current", w.current().orElseThrow());

            assertThat(leaks).as("mutators that did not throw UnsupportedOperationException on "
                    + Runtime.version()).isEmpty();
            assertThat(mutatorsCalled).as("mutators called").isGreaterThan(100);
            // unchanged after all that
            assertThat(r.get().orElseThrow().toString()).isEqualTo(tree.toString());
            assertThat(c.hosts()).containsExactly("h1", "h2");
        }
    }

    @Test
    void copiesAreTheCallersOwnAndMutable() {
        Region region = Region.named("ro", dir);
        try (RegionWriter w = region.openWriter(); RegionReader r = region.openReader()) {
            w.publishJson("{\"a\":[1]}");
            tools.jackson.databind.node.ObjectNode copy = (tools.jackson.databind.node.ObjectNode) r.get().orElseThrow()
                    .deepCopy();
            copy.put("b", 2);
            copy.withArray("a").add(2);
            assertThat(copy.toString()).isEqualTo("{\"a\":[1,2],\"b\":2}");
            assertThat(r.get().orElseThrow().toString()).isEqualTo("{\"a\":[1]}");
        }
    }

    private void probeTree(String where, JsonNode node) {
        if (node.isObject()) {
            probe(where + ".properties()", ((tools.jackson.databind.node.ObjectNode) node).properties());
            probe(where + ".propertyNames()", node.propertyNames());
            probe(where + ".values()", node.values());
            expectRefused(where + ".put", () -> ((tools.jackson.databind.node.ObjectNode) node).put("z", 1));
            expectRefused(where + ".remove", () -> ((tools.jackson.databind.node.ObjectNode) node).remove("k"));
            expectRefused(where + ".removeAll", () -> ((tools.jackson.databind.node.ObjectNode) node).removeAll());
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                probeTree(where + "/" + e.getKey(), e.getValue());
            }
        } else if (node.isArray()) {
            probe(where + ".values()", node.values());
            expectRefused(where + ".add", () -> ((tools.jackson.databind.node.ArrayNode) node).add(1));
            expectRefused(where + ".removeAll", () -> ((tools.jackson.databind.node.ArrayNode) node).removeAll());
            expectRefused(where + ".set", () -> ((tools.jackson.databind.node.ArrayNode) node).set(0, 1));
            int i = 0;
            for (JsonNode child : node.values()) {
                probeTree(where + "/" + i++, child);
            }
        }
    }

    private void expectRefused(String what, Runnable r) {
        mutatorsCalled++;
        try {
            r.run();
            leaks.add(what + " (returned normally)");
        } catch (UnsupportedOperationException expected) {
            // refused, as it must be
        } catch (RuntimeException e) {
            leaks.add(what + " threw " + e);
        }
    }

    /** Calls every public mutator of every JDK collection interface {@code value} implements; recurses into views. */
    private void probe(String where, Object value) {
        if (value == null || seen.put(value, Boolean.TRUE) != null) {
            return;
        }
        Object sample = sampleElement(value);
        for (Class<?> type : jdkInterfaces(value.getClass())) {
            for (Method m : type.getMethods()) {
                if (Modifier.isStatic(m.getModifiers())) {
                    continue;
                }
                String name = m.getName();
                if (VIEWS.contains(name) && m.getParameterCount() == 0) {
                    Object view = invoke(m, value, new Object[0]);
                    if (view instanceof Throwable) {
                        continue;
                    }
                    if (view instanceof Iterator && ((Iterator<?>) view).hasNext()) {
                        Object first = ((Iterator<?>) view).next();
                        probe(where + "." + name + "().next()", first);
                    }
                    probe(where + "." + name + "()", view);
                    continue;
                }
                if (QUERIES.contains(name)) {
                    continue;
                }
                Object[] args = argumentsFor(m, sample);
                mutatorsCalled++;
                Object outcome = invoke(m, value, args);
                if (!(outcome instanceof UnsupportedOperationException)) {
                    leaks.add(where + " (" + value.getClass().getName() + ")." + name + signature(m) + " "
                            + (outcome instanceof Throwable ? "threw " + outcome : "returned " + outcome));
                }
            }
        }
    }

    private static Object invoke(Method m, Object target, Object[] args) {
        try {
            m.setAccessible(false);
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            return e.getCause();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return e;
        }
    }

    private static String signature(Method m) {
        StringBuilder b = new StringBuilder("(");
        for (Class<?> p : m.getParameterTypes()) {
            b.append(b.length() > 1 ? "," : "").append(p.getSimpleName());
        }
        return b.append(')').toString();
    }

    /** The JDK's public interfaces from java.util that the value implements (List, SequencedCollection, Map.Entry...). */
    private static Set<Class<?>> jdkInterfaces(Class<?> c) {
        Set<Class<?>> out = new LinkedHashSet<>();
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            collect(k.getInterfaces(), out);
        }
        return out;
    }

    private static void collect(Class<?>[] interfaces, Set<Class<?>> out) {
        for (Class<?> i : interfaces) {
            if (i.getName().startsWith("java.util.") && Modifier.isPublic(i.getModifiers()) && out.add(i)) {
                collect(i.getInterfaces(), out);
            }
        }
    }

    private static Object sampleElement(Object value) {
        if (value instanceof Map && !((Map<?, ?>) value).isEmpty()) {
            return ((Map<?, ?>) value).keySet().iterator().next();
        }
        if (value instanceof Collection && !((Collection<?>) value).isEmpty()) {
            return ((Collection<?>) value).iterator().next();
        }
        return "x";
    }

    /** Plausible arguments: an existing element, index 0, a collection holding the element, lambdas. */
    private static Object[] argumentsFor(Method m, Object sample) {
        Class<?>[] types = m.getParameterTypes();
        Object[] args = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            Class<?> t = types[i];
            if (t == int.class) {
                args[i] = 0;
            } else if (t == long.class) {
                args[i] = 0L;
            } else if (t == boolean.class) {
                args[i] = true;
            } else if (t == Collection.class && m.getName().equals("retainAll")) {
                args[i] = new ArrayList<>(); // retain nothing: a change on any non-empty value
            } else if (t == Collection.class || t == List.class) {
                args[i] = new ArrayList<>(List.of(sample));
            } else if (t == Set.class) {
                args[i] = new TreeSet<>(Set.of(String.valueOf(sample)));
            } else if (t == Map.class) {
                args[i] = new java.util.HashMap<>(Map.of(sample, sample));
            } else if (t.isArray()) {
                args[i] = java.lang.reflect.Array.newInstance(t.getComponentType(), 2);
            } else if (t.getName().startsWith("java.util.function.") || t == java.util.Comparator.class) {
                args[i] = lambda(t, sample);
            } else if (t == ListIterator.class || t == Iterator.class) {
                args[i] = List.of(sample).listIterator();
            } else {
                args[i] = sample;
            }
        }
        return args;
    }

    /** A functional interface that returns something plausible for its return type. */
    private static Object lambda(Class<?> type, Object sample) {
        InvocationHandler h = (proxy, method, a) -> {
            Class<?> rt = method.getReturnType();
            if (method.getName().equals("equals")) {
                return proxy == a[0];
            }
            if (method.getName().equals("hashCode")) {
                return System.identityHashCode(proxy);
            }
            if (method.getName().equals("toString")) {
                return "lambda";
            }
            if (rt == boolean.class) {
                return true;
            }
            if (rt == int.class) {
                return 0;
            }
            if (rt == void.class) {
                return null;
            }
            return a != null && a.length > 0 && a[a.length - 1] != null ? a[a.length - 1] : sample;
        };
        return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, h);
    }
}
