/**
 * The test kit of jsonmmap: what every module's tests and tools share, so that there is one of each.
 * {@link org.jsonmmap.testkit.ChildJvm} starts child JVMs (and other commands), pumps their output, kills them;
 * {@link org.jsonmmap.testkit.Scratch} is a scratch directory deleted with its tree;
 * {@link org.jsonmmap.testkit.Await} polls with a deadline;
 * {@link org.jsonmmap.testkit.ZooKeeperServer} is a real ZooKeeper server in a child JVM.
 *
 * <p>What it promises: the JDK only (no jsonmmap module, no JSON library), so that the core's own tests can use
 * it; every wait bounded; every child killed by {@code close()}. What it does not: a stable API for users.
 */
package org.jsonmmap.testkit;
