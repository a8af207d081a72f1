/**
 * The {@code jsonmmap} command-line tool, every command of it: publish, read, watch, inspect, verify, list and
 * delete regions from a shell; the ZooKeeper bridge and editor ({@link org.jsonmmap.cli.zookeeper}); a demo of one
 * master and three followers as real processes ({@link org.jsonmmap.cli.demo}).
 *
 * <p>How it is built, for whoever adds a command: a picocli {@code Callable<Integer>} that takes the region
 * argument and {@code --dir} from the {@link org.jsonmmap.cli.RegionArgument} mixin (or {@code --dir} alone from
 * {@link org.jsonmmap.cli.DirOption}), picocli's standard help ({@code mixinStandardHelpOptions}), an
 * {@code Examples:} footer, writes through the mixin's writers, and <em>throws</em> its failures: the library's
 * exceptions, or a {@link org.jsonmmap.cli.CliException} with an {@link org.jsonmmap.cli.ExitCode}. One mapping
 * ({@code Errors}) turns every failure into one sentence and one code of the one table, which
 * {@code jsonmmap --help} lists once. Only {@link org.jsonmmap.cli.Main#main} exits.
 *
 * <p>What it promises: the command names and flags documented in {@code jsonmmap --help}; output on standard
 * output in UTF-8 (documents exactly as published, numbers and escapes untouched); every error as one sentence on
 * standard error, every log record as one line; the exit codes of {@link org.jsonmmap.cli.ExitCode}, which do not
 * change meaning between releases.
 *
 * <p>What it does not promise: the Java classes of these packages are not a library API (some are public only
 * so that the subpackages' commands can use them). Programs use {@code jsonmmap-core} directly.
 */
package org.jsonmmap.cli;
