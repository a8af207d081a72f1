package org.jsonmmap.internal;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Collections and JSON trees that become read-only once the parse that built them is finished.
 *
 * <p>Every container built while a {@link Latch} is {@linkplain #open() open} on the current thread
 * shares that latch; {@link Latch#freeze()} makes all of them read-only at once, at no cost per
 * container. A frozen container throws {@link UnsupportedOperationException} from every mutator, and
 * its views ({@code entrySet}, {@code iterator}, ...) are read-only. Containers built with no latch
 * open stay mutable (a {@code deepCopy()} of a frozen tree is an ordinary, mutable tree).
 */
public final class Frozen {
    private Frozen() {
    }

    /** Shared state of all containers built by one parse. */
    public static final class Latch {
        private volatile boolean frozen;

        public void freeze() {
            frozen = true;
        }

        boolean frozen() {
            return frozen;
        }
    }

    private static final Latch NEVER = new Latch();
    private static final ThreadLocal<Latch> CURRENT = new ThreadLocal<>();

    /** Opens a latch on this thread; containers built until {@link #close(Latch)} belong to it. */
    public static Latch open() {
        Latch latch = new Latch();
        CURRENT.set(latch);
        return latch;
    }

    /** Ends the latch's building phase on this thread and freezes what it built. */
    public static void close(Latch latch) {
        CURRENT.remove();
        latch.freeze();
    }

    static Latch current() {
        Latch latch = CURRENT.get();
        return latch == null ? NEVER : latch;
    }

    static UnsupportedOperationException readOnly() {
        return new UnsupportedOperationException(
                "this value was read from a jsonmmap region and is shared read-only; deepCopy() it to change it");
    }

    /** A node factory whose objects and arrays freeze with the parse that built them. */
    public static final class NodeFactory extends JsonNodeFactory {
        private static final long serialVersionUID = 1L;

        @Override
        public ObjectNode objectNode() {
            return new ObjectNode(this, new FreezableMap<>());
        }

        @Override
        public ArrayNode arrayNode() {
            return new ArrayNode(this, new FreezableList<>());
        }

        @Override
        public ArrayNode arrayNode(int capacity) {
            return new ArrayNode(this, new FreezableList<>(capacity));
        }
    }

    /** True when {@code node}'s containers are all frozen (for tests and assertions). */
    public static boolean isFrozen(JsonNode node) {
        if (node instanceof ObjectNode) {
            try {
                ((ObjectNode) node).properties().clear();
                return false;
            } catch (UnsupportedOperationException e) {
                return true;
            }
        }
        if (node instanceof ArrayNode) {
            try {
                ((ArrayNode) node).values().clear();
                return false;
            } catch (UnsupportedOperationException e) {
                return true;
            }
        }
        return true;
    }

    /** A LinkedHashMap that turns read-only when its latch freezes. */
    public static final class FreezableMap<K, V> extends LinkedHashMap<K, V> {
        private static final long serialVersionUID = 1L;
        private final transient Latch latch = current();

        private void check() {
            if (latch.frozen()) {
                throw readOnly();
            }
        }

        @Override
        public V put(K key, V value) {
            check();
            return super.put(key, value);
        }

        @Override
        public void putAll(Map<? extends K, ? extends V> m) {
            check();
            super.putAll(m);
        }

        @Override
        public V remove(Object key) {
            check();
            return super.remove(key);
        }

        @Override
        public boolean remove(Object key, Object value) {
            check();
            return super.remove(key, value);
        }

        @Override
        public void clear() {
            check();
            super.clear();
        }

        @Override
        public V putIfAbsent(K key, V value) {
            check();
            return super.putIfAbsent(key, value);
        }

        @Override
        public boolean replace(K key, V oldValue, V newValue) {
            check();
            return super.replace(key, oldValue, newValue);
        }

        @Override
        public V replace(K key, V value) {
            check();
            return super.replace(key, value);
        }

        @Override
        public V computeIfAbsent(K key, Function<? super K, ? extends V> f) {
            check();
            return super.computeIfAbsent(key, f);
        }

        @Override
        public V computeIfPresent(K key, BiFunction<? super K, ? super V, ? extends V> f) {
            check();
            return super.computeIfPresent(key, f);
        }

        @Override
        public V compute(K key, BiFunction<? super K, ? super V, ? extends V> f) {
            check();
            return super.compute(key, f);
        }

        @Override
        public V merge(K key, V value, BiFunction<? super V, ? super V, ? extends V> f) {
            check();
            return super.merge(key, value, f);
        }

        @Override
        public void replaceAll(BiFunction<? super K, ? super V, ? extends V> f) {
            check();
            super.replaceAll(f);
        }

        /* Read-only views, made once after the freeze (a frozen map never changes, so they never go stale). */
        private transient Set<Map.Entry<K, V>> frozenEntries;
        private transient Set<K> frozenKeys;
        private transient Collection<V> frozenValues;

        @Override
        public Set<Map.Entry<K, V>> entrySet() {
            if (!latch.frozen()) {
                return super.entrySet();
            }
            Set<Map.Entry<K, V>> view = frozenEntries;
            if (view == null) {
                // the JDK's unmodifiable entry set also wraps each entry, so setValue is refused too
                view = Collections.unmodifiableMap(new RawView()).entrySet();
                frozenEntries = view;
            }
            return view;
        }

        /** This map's own entries, seen without the read-only wrapping (avoids recursing into entrySet()). */
        private final class RawView extends AbstractMap<K, V> {
            @Override
            public Set<Map.Entry<K, V>> entrySet() {
                return FreezableMap.super.entrySet();
            }
        }

        @Override
        public Set<K> keySet() {
            if (!latch.frozen()) {
                return super.keySet();
            }
            Set<K> view = frozenKeys;
            if (view == null) {
                view = Collections.unmodifiableSet(super.keySet());
                frozenKeys = view;
            }
            return view;
        }

        @Override
        public Collection<V> values() {
            if (!latch.frozen()) {
                return super.values();
            }
            Collection<V> view = frozenValues;
            if (view == null) {
                view = Collections.unmodifiableCollection(super.values());
                frozenValues = view;
            }
            return view;
        }
    }

    /** An ArrayList that turns read-only when its latch freezes. */
    public static final class FreezableList<E> extends ArrayList<E> {
        private static final long serialVersionUID = 1L;
        private final transient Latch latch = current();

        public FreezableList() {
            super();
        }

        public FreezableList(int capacity) {
            super(capacity);
        }

        private void check() {
            if (latch.frozen()) {
                throw readOnly();
            }
        }

        @Override
        public boolean add(E e) {
            check();
            return super.add(e);
        }

        @Override
        public void add(int index, E e) {
            check();
            super.add(index, e);
        }

        @Override
        public boolean addAll(Collection<? extends E> c) {
            check();
            return super.addAll(c);
        }

        @Override
        public boolean addAll(int index, Collection<? extends E> c) {
            check();
            return super.addAll(index, c);
        }

        @Override
        public E set(int index, E e) {
            check();
            return super.set(index, e);
        }

        @Override
        public E remove(int index) {
            check();
            return super.remove(index);
        }

        @Override
        public boolean remove(Object o) {
            check();
            return super.remove(o);
        }

        @Override
        public boolean removeAll(Collection<?> c) {
            check();
            return super.removeAll(c);
        }

        @Override
        public boolean retainAll(Collection<?> c) {
            check();
            return super.retainAll(c);
        }

        @Override
        public boolean removeIf(Predicate<? super E> filter) {
            check();
            return super.removeIf(filter);
        }

        @Override
        public void replaceAll(UnaryOperator<E> operator) {
            check();
            super.replaceAll(operator);
        }

        @Override
        public void sort(Comparator<? super E> c) {
            check();
            super.sort(c);
        }

        @Override
        public void clear() {
            check();
            super.clear();
        }

        @Override
        protected void removeRange(int from, int to) {
            check();
            super.removeRange(from, to);
        }

        // ArrayList's iterators route remove/set/add through the overridden methods above;
        // only subList writes the backing array directly, so only it needs a read-only view.
        @Override
        public List<E> subList(int from, int to) {
            return latch.frozen()
                    ? Collections.unmodifiableList(super.subList(from, to)) : super.subList(from, to);
        }
    }

    /** A LinkedHashSet that turns read-only when its latch freezes. */
    public static final class FreezableSet<E> extends LinkedHashSet<E> {
        private static final long serialVersionUID = 1L;
        private final transient Latch latch = current();

        private void check() {
            if (latch.frozen()) {
                throw readOnly();
            }
        }

        @Override
        public boolean add(E e) {
            check();
            return super.add(e);
        }

        @Override
        public boolean remove(Object o) {
            check();
            return super.remove(o);
        }

        @Override
        public void clear() {
            check();
            super.clear();
        }

        @Override
        public boolean addAll(Collection<? extends E> c) {
            check();
            return super.addAll(c);
        }

        @Override
        public boolean removeAll(Collection<?> c) {
            check();
            return super.removeAll(c);
        }

        @Override
        public boolean retainAll(Collection<?> c) {
            check();
            return super.retainAll(c);
        }

        @Override
        public boolean removeIf(Predicate<? super E> filter) {
            check();
            return super.removeIf(filter);
        }

        @Override
        public Iterator<E> iterator() {
            Iterator<E> it = super.iterator();
            if (!latch.frozen()) {
                return it;
            }
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public E next() {
                    return it.next();
                }

                @Override
                public void remove() {
                    throw readOnly();
                }
            };
        }
    }
}
