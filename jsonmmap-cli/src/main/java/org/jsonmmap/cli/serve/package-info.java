/**
 * The engine behind {@code jsonmmap serve}: follow one JSON file ({@link org.jsonmmap.cli.serve.FileFollower}),
 * publish it into a region only when it is valid and changed, keep the last good version and say so when it
 * is not ({@link org.jsonmmap.cli.serve.Server}), record what is being served in a small sidecar file that
 * {@code jsonmmap stat} reads ({@link org.jsonmmap.cli.serve.ServeState}), and turn SIGHUP, SIGTERM and
 * SIGINT into events ({@link org.jsonmmap.cli.serve.Signals}).
 *
 * <p>None of it depends on picocli or the tool's other helpers; the command only wires it together. Not a
 * library API: programs that want the same use {@code RegionWriter.publishJsonIfChanged} and
 * {@code WriterOptions.withValidator} directly.
 */
package org.jsonmmap.cli.serve;
