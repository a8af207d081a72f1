package org.jsonmmap.cli;

import picocli.CommandLine.Option;

/**
 * {@code -h, --help} for a command. Commands take this instead of picocli's standard help mixin, whose
 * {@code --version} would clash with {@code get --version}; the tool's version is a top-level option.
 */
final class HelpOption {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;
}
