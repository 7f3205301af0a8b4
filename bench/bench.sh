#!/usr/bin/env bash
# `skein bench`: runs benchmark scenarios on the chosen modes; writes target/bench/results.json and one markdown
# table per scenario. Not a test. The postgres modes need SKEIN_BENCH_PG_URL (a durable server: `. bench/pg-start.sh`).
# Usage: bench/bench.sh <scenario,…|all> [--modes sqlite,postgres,kafka-sqlite,kafka-postgres] [--peers]
#        [--executions N] [--workers W] [--capacity C] [--payload BYTES] [--rounds R] [--frames F] [--flows F]
#        [--cancel-sizes 10,100,1000] [--run-ms MS] [--lease-ms MS] [--out DIR] [--doc FILE]
#        bench/bench.sh report <results.json> <doc.md> [notes.md]   (re-renders a run's report)
#        bench/bench.sh sqlite-claim-complete [executions] [workers…]   (the older SQLite-only benchmark)
# ./skein bench … runs this script.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl tests -am -DskipTests package dependency:build-classpath \
    -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=test
main=io.skein.bench.SkeinBench
if [ "${1:-}" = sqlite-claim-complete ]; then
    main=io.skein.bench.SqliteClaimCompleteBench
    shift
fi
# the connectors' logback.xml keeps Kafka at WARN
exec java -Xmx2g -cp "tests/target/classes:connectors/target/classes:$(cat tests/target/classpath.txt)" \
    "$main" "$@"
