package org.jsonmmap.reliability;

import tools.jackson.databind.JsonNode;

/**
 * What a reader role checks in every document it is handed: that it is intact and carries the version the
 * region reported ({@link Doc#check}), and that versions never go back. It counts into the role's {@link Tally}
 * ({@code checked}, {@code bad}, {@code backwards}) and prints the first {@value #MAX_PRINTED} problems of each
 * kind as {@code BAD ...} and {@code BACKWARDS v after w}.
 */
final class ReadCheck {
    static final int MAX_PRINTED = 20;

    private final Tally tally;
    private long lastVersion;

    /** Counts into {@code tally}, which must have {@code checked}, {@code bad} and {@code backwards}. */
    ReadCheck(Tally tally) {
        this.tally = tally;
    }

    /**
     * Checks one document read as {@code version}.
     *
     * @return whether it is intact and not older than the newest version seen before
     */
    boolean check(long version, JsonNode doc) {
        tally.increment("checked");
        boolean ok = true;
        if (version < lastVersion) {
            ok = false;
            if (tally.increment("backwards") <= MAX_PRINTED) {
                System.out.println("BACKWARDS " + version + " after " + lastVersion);
            }
        }
        lastVersion = Math.max(lastVersion, version);
        String problem = Doc.check(doc, version);
        if (problem != null) {
            ok = false;
            bad(problem);
        }
        return ok;
    }

    /** Counts and (the first few) prints a problem found some other way. */
    void bad(String problem) {
        if (tally.increment("bad") <= MAX_PRINTED) {
            System.out.println("BAD " + problem);
        }
    }

    /** The newest version seen so far (0 before the first). */
    long lastVersion() {
        return lastVersion;
    }
}
