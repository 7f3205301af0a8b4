#!/usr/bin/env bash
# Regenerates docs/benchmarks.md: every scenario on SQLite and PostgreSQL (durable Debian server, started here),
# direct and in Kafka mode, plus the submit_claim_complete peers (plain queue, db-scheduler). About 20-25 minutes on
# two cores. Raw results: target/bench/results.json.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/pg-start.sh
# 20,000 executions: Kafka mode runs a fifth of that (SkeinBench.KAFKA_SCALE), enough to reach its steady rate
bench/bench.sh all --modes sqlite,postgres,kafka-sqlite,kafka-postgres --peers --executions 20000 \
    --doc docs/benchmarks.md "$@"
