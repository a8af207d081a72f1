package org.jsonmmap.reliability;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a scenario found: how many operations or cases it ran, how many failures, and its named figures.
 * A scenario's JVM prints it as one {@code RESULT} line, which {@link Run} turns into the report line.
 */
final class Result {
    final int number;
    final String name;
    long ops;
    String opsUnit;
    long failures;
    final Map<String, Object> figures = new LinkedHashMap<>();
    final StringBuilder notes = new StringBuilder();

    Result(int number, String name, String opsUnit) {
        this.number = number;
        this.name = name;
        this.opsUnit = opsUnit;
    }

    Result figure(String key, Object value) {
        figures.put(key, value);
        return this;
    }

    /** Records a failure with a reason (printed by the scenario's JVM to standard output, kept in the log). */
    synchronized void fail(String why) {
        failures++;
        if (notes.length() < 2_000) {
            notes.append(notes.length() == 0 ? "" : "; ").append(why);
        }
        System.out.println("FAILURE " + why);
        System.out.flush();
    }

    /** Adds failures that were counted elsewhere, with one reason. */
    synchronized void fail(long count, String why) {
        if (count > 0) {
            failures += count - 1;
            fail(why + " (x" + count + ")");
        }
    }

    /** Notes something the reader of the report should know that is not a failure. */
    synchronized void note(String text) {
        if (notes.length() < 2_000) {
            notes.append(notes.length() == 0 ? "" : "; ").append(text);
        }
    }

    String verdict() {
        return failures == 0 ? "PASS" : "FAIL";
    }

    /** The line the scenario's JVM prints: tab-separated, figures as key=value. */
    String toResultLine() {
        StringBuilder figs = new StringBuilder();
        for (Map.Entry<String, Object> e : figures.entrySet()) {
            figs.append(figs.length() == 0 ? "" : ", ").append(e.getKey()).append('=').append(e.getValue());
        }
        return "RESULT\t" + number + "\t" + name + "\t" + ops + "\t" + opsUnit + "\t" + failures + "\t"
                + clean(figs.toString()) + "\t" + clean(notes.toString());
    }

    private static String clean(String s) {
        return s.replace('\t', ' ').replace('\n', ' ');
    }

    /** The report line: {@code scenario N name: ops=…, failures=…, verdict PASS} and the figures. */
    static String reportLine(int number, String name, long ops, String unit, long failures, String figures,
                             String notes) {
        String line = "scenario " + number + " " + name + ": ops=" + ops + " (" + unit + "), failures=" + failures
                + ", verdict " + (failures == 0 ? "PASS" : "FAIL");
        if (!figures.isEmpty()) {
            line += " | " + figures;
        }
        if (!notes.isEmpty()) {
            line += " | " + notes;
        }
        return line;
    }

    /** Parses a {@code RESULT} line into its report line; null if it is not one. */
    static String reportLineOf(String resultLine) {
        String[] f = resultLine.split("\t", -1);
        if (f.length != 8 || !f[0].equals("RESULT")) {
            return null;
        }
        try {
            return reportLine(Integer.parseInt(f[1]), f[2], Long.parseLong(f[3]), f[4], Long.parseLong(f[5]), f[6], f[7]);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The failures count of a {@code RESULT} line, or -1. */
    static long failuresOf(String resultLine) {
        String[] f = resultLine.split("\t", -1);
        try {
            return f.length == 8 ? Long.parseLong(f[5]) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
