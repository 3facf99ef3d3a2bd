#!/usr/bin/env bash
# Overhead of the topowatch agent on a real DJL training job (the sample Fashion-MNIST trainer),
# same job and seed in every run, configurations interleaved round by round:
#   none       no agent
#   powergrad  agent, sampling off, PowerGrad alpha=0.5 (broker up)
#   sampling   agent at default sampling (sample.every=50, sample.size=8), broker up
#   down       agent at default sampling, bootstrap pointing at a closed port
# Each run reports its mean wall-clock step time and the process CPU time per step (all threads, so
# the agent's sender counts), both after 20 warm-up steps; the table shows, per configuration, the
# median over rounds and the ratio to "none". PyTorch runs single-threaded so that runs do not
# fight over cores; on a busy machine the CPU figure is the steadier of the two.
#
# Usage: agent/bench/overhead.sh [ROUNDS] [STEPS] [BATCH]     (defaults 7 300 64)
# Needs: agent/target/topowatch-agent.jar (mvn -o -pl agent install) and Maven offline access.
set -euo pipefail
ROUNDS=${1:-7}
STEPS=${2:-300}
BATCH=${3:-64}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
JAR=$ROOT/agent/target/topowatch-agent.jar
[ -f "$JAR" ] || { echo "missing $JAR: run 'mvn -o -pl agent install' first" >&2; exit 1; }

WORK=$(mktemp -d)
trap 'exec 3>&- 2>/dev/null || true; [ -n "${BROKER_PID:-}" ] && kill "$BROKER_PID" 2>/dev/null || true; rm -rf "$WORK"' EXIT

mvn -B -o -q -pl integration-tests test-compile
mvn -B -o -q -pl integration-tests dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$WORK/cp.txt" >/dev/null
CP=$ROOT/integration-tests/target/classes:$ROOT/integration-tests/target/test-classes:$(tr ':' '\n' < "$WORK/cp.txt" | grep -v topowatch-agent | paste -sd:)

# The broker lives as long as file descriptor 3 (its stdin) stays open.
mkfifo "$WORK/broker.in"
java -Xmx1g -cp "$CP" dev.topowatch.it.agent.BenchBroker "$WORK/kafka" < "$WORK/broker.in" > "$WORK/broker.out" 2> "$WORK/broker.err" &
BROKER_PID=$!
exec 3> "$WORK/broker.in"
for _ in $(seq 1 120); do grep -q '^bootstrap=' "$WORK/broker.out" 2>/dev/null && break; sleep 0.5; done
BOOTSTRAP=$(sed -n 's/^bootstrap=//p' "$WORK/broker.out")
[ -n "$BOOTSTRAP" ] || { echo "broker did not start" >&2; cat "$WORK/broker.err" >&2; exit 1; }
CLOSED_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

agent_args() {
  case $1 in
    none) echo "" ;;
    powergrad) echo "-javaagent:$JAR=kafka.bootstrap=$BOOTSTRAP,sample.every=0,powergrad.alpha=0.5,run.id=bench-pg-$2" ;;
    sampling) echo "-javaagent:$JAR=kafka.bootstrap=$BOOTSTRAP,run.id=bench-sampling-$2" ;;
    down) echo "-javaagent:$JAR=kafka.bootstrap=127.0.0.1:$CLOSED_PORT,run.id=bench-down-$2" ;;
  esac
}

CONFIGS=(none powergrad sampling down)
echo "job: FashionMnistTrainer --steps $STEPS --batch-size $BATCH --seed 1 (EasyTrain); broker $BOOTSTRAP; $ROUNDS rounds"
for round in $(seq 1 "$ROUNDS"); do
  # rotate the order each round so no configuration always runs first
  for i in 0 1 2 3; do
    cfg=${CONFIGS[$(( (i + round) % 4 ))]}
    # shellcheck disable=SC2046
    line=$(DJL_OFFLINE=true OMP_NUM_THREADS=1 java -Xmx1g $(agent_args "$cfg" "$round") -Dai.djl.offline=true \
      -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 -cp "$CP" \
      dev.topowatch.trainer.FashionMnistTrainer --steps "$STEPS" --batch-size "$BATCH" --seed 1 \
      --log-every 0 --warmup-steps 20 2> "$WORK/$cfg-$round.err" | grep '^summary:')
    mean=$(sed -n 's/.*mean_step_ms=\([0-9.]*\).*/\1/p' <<< "$line")
    cpu=$(sed -n 's/.*cpu_ms_per_step=\([0-9.]*\).*/\1/p' <<< "$line")
    echo "$cfg $mean $cpu" >> "$WORK/results.txt"
    printf 'round %d %-9s mean step %s ms, cpu %s ms/step\n' "$round" "$cfg" "$mean" "$cpu"
  done
done

python3 - "$WORK/results.txt" <<'PY'
import statistics, sys
wall, cpu = {}, {}
for line in open(sys.argv[1]):
    cfg, mean, c = line.split()
    wall.setdefault(cfg, []).append(float(mean))
    cpu.setdefault(cfg, []).append(float(c))
bw, bc = statistics.median(wall["none"]), statistics.median(cpu["none"])
goals = {"none": "", "powergrad": "<= 1.01x", "sampling": "<= 1.03x", "down": "<= 1.03x"}
print()
print(f"{'config':<10} {'wall ms/step':>12} {'ratio':>7} {'cpu ms/step':>12} {'ratio':>7}  goal")
for cfg in ["none", "powergrad", "sampling", "down"]:
    w, c = statistics.median(wall[cfg]), statistics.median(cpu[cfg])
    print(f"{cfg:<10} {w:>12.3f} {w / bw:>6.3f}x {c:>12.3f} {c / bc:>6.3f}x  {goals[cfg]}")
print("(medians over rounds; per-run wall ms/step:", {k: [round(v, 2) for v in vs] for k, vs in wall.items()}, ")")
PY
