#!/usr/bin/env bash
# `skein dev` restart time: cold start, then N executions submitted and the engine SIGKILLed twice; prints how long
# each start took to answer /healthz. Not a test. Usage: bench/restart-after-kill.sh [executions (default 2000)]
set -euo pipefail
cd "$(dirname "$0")/.."
./skein --version >/dev/null # builds the launcher jar when it is missing or stale
jar=connectors/target/skein.jar
n=${1:-2000}
dir=$(mktemp -d "${TMPDIR:-/tmp}/skein-restart-XXXX")
port=18480
kafka_port=19492
start() { (exec java -jar "$jar" dev --data-dir "$dir/data" --port $port --kafka-port $kafka_port >"$dir/log.$1" 2>&1) & }
await_health() {
    local t0
    t0=$(date +%s%N)
    until curl -sf "localhost:$port/healthz" >/dev/null; do sleep 0.1; done
    echo "$1: /healthz after $(( ($(date +%s%N) - t0) / 1000000 )) ms"
}
engine() { pgrep -f "data-dir $dir/data" | head -n 1; }
start 1
await_health "cold start"
java -jar "$jar" submit --server "http://localhost:$port" --kind probe --count "$n" --input '{}' >/dev/null
for i in 1 2; do
    kill -9 "$(engine)"
    while [ -n "$(engine)" ]; do sleep 0.1; done
    start $((i + 1))
    await_health "start after SIGKILL $i"
done
kill "$(engine)"
echo "logs in $dir"
