#!/usr/bin/env bash
# Regenerates docs/benchmarks.md: every scenario on SQLite and PostgreSQL (durable Debian server, started here),
# direct and in Kafka mode, plus the submit_claim_complete peers (plain queue, db-scheduler). About 15-20 minutes on
# two cores (17 min on 2026-12-07). Raw results: target/bench/results.json.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/pg-start.sh
bench/bench.sh all --modes sqlite,postgres,kafka-sqlite,kafka-postgres --peers --doc docs/benchmarks.md "$@"
