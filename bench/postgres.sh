#!/usr/bin/env bash
# Claim + complete benchmark of the PostgreSQL backend against Debian's PostgreSQL 15 (durable: fsync and
# synchronous_commit on), side by side with a plain SKIP LOCKED queue. Never the embedded test server.
# Usage: bench/postgres.sh [executions] [workers...] [--ceiling]   (defaults: 10000 1 8). Results: tests/target/bench/.
# --ceiling adds a diagnostic row: Skein with commits that do not wait for the WAL flush (not durable, never a result).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/pg-start.sh

mvn -B -q -o -pl tests -am -DskipTests package dependency:build-classpath \
    -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=test
java -cp "tests/target/classes:$(cat tests/target/classpath.txt)" io.skein.bench.PostgresClaimCompleteBench \
    jdbc:postgresql://127.0.0.1:5432/postgres postgres "${SKEIN_BENCH_PG_PASSWORD}" "${1:-10000}" "${@:2}"
