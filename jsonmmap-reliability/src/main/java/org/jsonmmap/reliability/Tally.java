package org.jsonmmap.reliability;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The counts a child role reports in its last line, {@code RESULT reads=1 bad=0 ...}, in the order they were
 * named; the scenario reads them back with {@link Util#figure}, or sums them over its children with
 * {@link #addFigures}. Naming a count that was not declared is a bug in
 * the role and fails at once.
 */
final class Tally {
    private final Map<String, Long> counts = new LinkedHashMap<>();

    /** The counts {@code names}, all 0. */
    Tally(String... names) {
        for (String name : names) {
            counts.put(name, 0L);
        }
    }

    /** Adds one to count {@code name}; returns its new value. */
    long increment(String name) {
        return add(name, 1);
    }

    /** Adds {@code n} to count {@code name}; returns its new value. */
    long add(String name, long n) {
        Long now = counts.computeIfPresent(name, (k, v) -> v + n);
        if (now == null) {
            throw new IllegalArgumentException("no count '" + name + "' in " + counts.keySet());
        }
        return now;
    }

    /** Adds the figures of a child's {@code RESULT} line to the counts of the same names (the scenario's sums). */
    void addFigures(String resultLine) {
        counts.replaceAll((name, value) -> value + Util.figure(resultLine, name, 0));
    }

    /** The value of count {@code name}. */
    long get(String name) {
        return add(name, 0);
    }

    /** {@code RESULT name=value ...}. */
    String resultLine() {
        StringBuilder line = new StringBuilder("RESULT");
        counts.forEach((name, value) -> line.append(' ').append(name).append('=').append(value));
        return line.toString();
    }
}
