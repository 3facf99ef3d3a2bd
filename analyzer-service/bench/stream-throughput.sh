#!/usr/bin/env bash
# Streaming speed benchmark of the analyzer (issue 5): sustained volumes/s at 8 thresholds, and
# end-to-end latency p50/p99 at 200 volumes/s.
#
# Builds nothing: run `mvn -pl analyzer-cli -am package -DskipTests` first. For each phase it starts
# `serve` on its embedded broker (free ports, a temporary data directory), runs `loadgen` (at the
# maximum rate, then at 200 volumes/s), prints the figures and stops the analyzer.
#
# Environment: DURATION (measured seconds per phase, default 30), WARMUP (default 5), RATE (default 200),
# JAVA_OPTS for both JVMs (default -Xmx1g), SERVE_OPTS added to serve's flags (e.g. "--set engine.backend=gpu"),
# JAR the analyzer jar (default: analyzer-cli/target/topowatch-analyzer.jar).
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
jar="${JAR:-$here/../analyzer-cli/target/topowatch-analyzer.jar}"
[[ -f "$jar" ]] || { echo "missing $jar: run 'mvn -pl analyzer-cli -am package -DskipTests' first" >&2; exit 2; }
DURATION="${DURATION:-30}"
WARMUP="${WARMUP:-5}"
RATE="${RATE:-200}"
JAVA_OPTS="${JAVA_OPTS:--Xmx1g}"
SERVE_OPTS="${SERVE_OPTS:-}"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
work="$(mktemp -d -t topowatch-bench-XXXXXX)"
serve_pid=""

stop_serve() {
  if [[ -n "$serve_pid" ]] && kill -0 "$serve_pid" 2>/dev/null; then
    kill -TERM "$serve_pid"
    wait "$serve_pid" 2>/dev/null || true
  fi
  serve_pid=""
}
trap 'stop_serve; rm -rf "$work"' EXIT

# A fresh analyzer per phase (new data directory and ports), so one phase's backlog cannot slow the next.
start_serve() {
  kafka_port="$(free_port)"
  http_port="$(free_port)"
  data_dir="$work/$1"
  mkdir -p "$data_dir"
  echo "== serve: embedded broker 127.0.0.1:$kafka_port, http :$http_port, data $data_dir, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  # shellcheck disable=SC2086
  java $JAVA_OPTS -jar "$jar" serve --kafka-port "$kafka_port" --http-port "$http_port" --data-dir "$data_dir" \
    --set engine.layer-wait=5s $SERVE_OPTS >"$data_dir/serve.log" 2>&1 &
  serve_pid=$!
  for _ in $(seq 1 120); do
    if curl -fsS "http://127.0.0.1:$http_port/health" >/dev/null 2>&1; then break; fi
    if ! kill -0 "$serve_pid" 2>/dev/null; then cat "$data_dir/serve.log" >&2; echo "serve exited" >&2; exit 1; fi
    sleep 0.5
  done
  curl -fsS "http://127.0.0.1:$http_port/health"; echo
  grep -m1 -o 'Betti engine: .*' "$data_dir/serve.log" || true
}

loadgen() {
  # shellcheck disable=SC2086
  java $JAVA_OPTS -jar "$jar" loadgen --bootstrap "127.0.0.1:$kafka_port" --analyzer "http://127.0.0.1:$http_port" \
    --warmup "${WARMUP}s" --duration "${DURATION}s" "$@"
}

engine_time() {
  curl -fsS "http://127.0.0.1:$http_port/metrics" | grep -E '^topowatch_betti_compute_seconds_(count|sum)' |
    awk '{v[$1]=$2} END {c=v["topowatch_betti_compute_seconds_count"]; s=v["topowatch_betti_compute_seconds_sum"]; if (c>0) printf "engine time per volume (all 8 thresholds): mean %.2f ms over %d volumes\n", 1000*s/c, c}'
}

# Phase 1 measures twice: while the generator publishes as fast as it can (it shares the cores), and
# then for DURATION seconds on the backlog it left, with the machine to the analyzer alone.
echo "== phase 1: maximum rate (goal >= 500 volumes/s sustained)"
start_serve max
loadgen --rate 0 --run-id bench-max --drain-timeout "${DURATION}s"
engine_time
stop_serve
echo "== phase 2: $RATE volumes/s (goal p99 <= 1 s)"
start_serve rate
loadgen --rate "$RATE" --run-id bench-rate
engine_time
stop_serve
