/**
 * The {@code jsonmmap} command-line tool: publish, read, watch, inspect, verify, list and delete
 * regions from a shell, and a demo of one master and three followers as real processes.
 *
 * <p>What it promises: the command names and flags documented in {@code jsonmmap --help}; output on
 * standard output in UTF-8 (documents exactly as published, numbers and escapes untouched); every
 * error as one sentence on standard error; the exit codes of {@link org.jsonmmap.cli.ExitCode}, which
 * do not change meaning between releases.
 *
 * <p>What it does not promise: the Java classes of this package are not a library API; only
 * {@link org.jsonmmap.cli.Main} and {@link org.jsonmmap.cli.ExitCode} are public. Programs use
 * {@code jsonmmap-core} directly.
 */
package org.jsonmmap.cli;
