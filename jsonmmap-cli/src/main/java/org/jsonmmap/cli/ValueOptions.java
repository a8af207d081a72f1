package org.jsonmmap.cli;

import picocli.CommandLine.Option;
import tools.jackson.core.JsonPointer;

/**
 * How a command that prints a region's value prints it: the part at {@code --pointer}, wrapped with its version
 * ({@code --with-version}), strings as text ({@code --raw}). A picocli mixin of {@code get} and {@code watch}.
 */
public final class ValueOptions {
    @Option(names = {"-p", "--pointer"}, paramLabel = "POINTER",
            description = "Print only the part at this JSON Pointer, e.g. /db/url.")
    private String pointer;

    @Option(names = "--with-version", description = "Print the version number too, as {\"version\":N,\"value\":...}.")
    private boolean withVersion;

    @Option(names = {"-r", "--raw"},
            description = "Print a string value as its text, without quotes or escapes (like jq -r); other values"
                    + " print as JSON.")
    private boolean raw;

    /** Created by picocli. */
    public ValueOptions() {
    }

    /**
     * @return the compiled {@code --pointer}, or null for the whole document
     * @throws CliException (usage) if it is malformed
     */
    JsonPointer pointer() {
        return Reading.pointer(pointer);
    }

    /** @return whether {@code --with-version} was given */
    boolean withVersion() {
        return withVersion;
    }

    /** @return whether {@code --raw} was given */
    boolean raw() {
        return raw;
    }

    /** @return {@code --pointer} as given, or null */
    String pointerText() {
        return pointer;
    }

    /**
     * @param reading a version read
     * @param alsoWithVersion wrap with the version even without {@code --with-version} (an old spelling)
     * @param pretty whether to indent
     * @return the text to print
     */
    String render(Reading reading, boolean alsoWithVersion, boolean pretty) {
        return reading.render(withVersion || alsoWithVersion, raw, pretty);
    }
}
