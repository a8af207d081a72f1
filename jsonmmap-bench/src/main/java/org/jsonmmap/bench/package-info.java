/**
 * The benchmarks of jsonmmap, run by {@code bench/run} and described in docs/BENCHMARKS.md.
 *
 * <p>Every figure is measured next to its floor, the least the same job can cost, in the same run:
 * JMH benchmarks ({@code *Benchmark}) for the in-process figures, and {@link org.jsonmmap.bench.CrossProcess}
 * for latency and scaling between real JVMs. The documents come from {@link org.jsonmmap.bench.Documents}
 * and are the same bytes in every run and process.
 *
 * <p>This module is a tool, not a library: nothing here is API, it is never published, and the build
 * never runs a benchmark (its only test checks that the documents are deterministic).
 */
package org.jsonmmap.bench;
