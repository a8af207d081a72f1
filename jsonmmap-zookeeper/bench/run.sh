#!/usr/bin/env bash
# Runs the ZooKeeper bridge benchmark (docs/BENCHMARKS.md, section "Across machines"): a real ZooKeeper server on 127.0.0.1,
# the bridge, and a reader process. Bounded: 300 updates, then 3 x 2 rounds of 3 s of reads. About 40 s.
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -q install -DskipTests -pl jsonmmap-core
mvn -B -pl jsonmmap-zookeeper test -Dtest=ZooKeeperBenchmarkTest -Dzk.bench=true -Dsurefire.failIfNoSpecifiedTests=false \
  | grep -E '^BENCH|Tests run:|BUILD'
