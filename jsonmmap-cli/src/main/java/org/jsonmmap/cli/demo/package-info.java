/**
 * {@code jsonmmap demo}: one master process and follower processes (the hidden {@code demo-master} and
 * {@code demo-follower} commands) on a region of their own, every read checked against what was published.
 */
package org.jsonmmap.cli.demo;
