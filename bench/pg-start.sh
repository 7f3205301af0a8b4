#!/usr/bin/env bash
# Installs (if missing) and starts Debian's PostgreSQL 15 — a durable server: fsync and synchronous_commit on — and
# exports SKEIN_BENCH_PG_URL for the benchmarks. Source it: `. bench/pg-start.sh`. Never the embedded test server.
if ! command -v pg_ctlcluster >/dev/null || [ ! -d /usr/lib/postgresql/15 ]; then
    apt-get install -y postgresql
fi
pg_ctlcluster 15 main start 2>/dev/null || pg_ctlcluster 15 main status >/dev/null
SKEIN_BENCH_PG_PASSWORD=skein-bench
su postgres -c "psql -q -c \"ALTER USER postgres PASSWORD '${SKEIN_BENCH_PG_PASSWORD}'\""
export SKEIN_BENCH_PG_URL="postgres://postgres:${SKEIN_BENCH_PG_PASSWORD}@127.0.0.1:5432/postgres"
