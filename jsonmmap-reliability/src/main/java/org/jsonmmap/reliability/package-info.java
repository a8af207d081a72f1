/**
 * The reliability harness: scenarios that exercise jsonmmap with real processes and real files (a torn-read
 * soak, writer crash loops, reader crashes, corruption fuzzing, file faults under live readers, permissions,
 * resource hygiene), each bounded in time and count, each ending in one line of figures and a verdict.
 *
 * <p>{@link org.jsonmmap.reliability.Run} is the entry point ({@code reliability/run [--quick]}); it starts
 * every scenario in a child JVM of its own ({@link org.jsonmmap.reliability.ScenarioMain}), which starts the
 * writers and readers of the scenario as further child JVMs (the {@code *Role} classes). docs/RELIABILITY.md
 * records what each scenario proves and the figures of the last full run.
 *
 * <p>Nothing here is part of the library; it depends on the core's public API only.
 */
package org.jsonmmap.reliability;
