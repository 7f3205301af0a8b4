#!/usr/bin/env bash
# What taking over a partition costs (issue 17 "Recovery"): N pending executions (default 100,000) in the flow
# partitions of ff.commands partition 0 of a SQLite store, then an engine started on it with an empty state folder
# (a new owner) and again on the same folder; prints the time to RUNNING and to the first answered command, and the
# engine logs how long the task's store rebuild took. Not a test. Usage: bench/takeover.sh [executions]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl tests -am -DskipTests package dependency:build-classpath \
    -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=test
exec java -Xmx2g -cp "tests/target/classes:connectors/target/classes:$(cat tests/target/classpath.txt)" \
    io.skein.bench.TakeoverCost "$@" 2>&1 | grep -E "filled|RUNNING|rebuilt its stores from SQL: [1-9]"
