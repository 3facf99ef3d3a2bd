#!/usr/bin/env bash
# Overhead of the topowatch agent on a real DJL training job (the sample Fashion-MNIST trainer),
# same job and seed in every run, configurations interleaved round by round:
#   none       no agent
#   powergrad  agent, sampling off, PowerGrad alpha=0.5 (broker up)
#   sampling   agent at default sampling (sample.every=50, sample.size=8), broker up
#   down       agent at default sampling, bootstrap pointing at a closed port
# Each run reports, after 50 warm-up steps: its mean wall-clock step time, the CPU time per step of
# the training thread (PyTorch runs single-threaded, so this is the training work plus whatever the
# agent does on that thread) and of the whole process (all threads: the agent's sender, Kafka, JIT,
# GC). The table shows per configuration the median over rounds (and the best wall time) with the
# ratio to "none". On a machine shared with other work, wall time is the noisiest figure and the
# training-thread CPU the steadiest.
#
# Then an in-process A/B of the PowerGrad loss alone (PowerGradStepBench: two trainers, DJL's
# softmax cross-entropy vs PowerGradLoss, alternating blocks of steps in one JVM), which a busy
# machine disturbs far less than separate runs do.
#
# Usage: agent/bench/overhead.sh [ROUNDS] [STEPS] [BATCH]     (defaults 7 300 64)
# Needs: agent/target/topowatch-agent.jar (mvn -o -pl agent install) and Maven offline access.
set -euo pipefail
ROUNDS=${1:-7}
STEPS=${2:-300}
BATCH=${3:-64}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
[ -f "$ROOT/agent/target/topowatch-agent.jar" ] || { echo "missing agent/target/topowatch-agent.jar: run 'mvn -o -pl agent install' first" >&2; exit 1; }

WORK=$(mktemp -d)
JAR=$WORK/topowatch-agent.jar
cp "$ROOT/agent/target/topowatch-agent.jar" "$JAR"
trap 'exec 3>&- 2>/dev/null || true; [ -n "${BROKER_PID:-}" ] && kill "$BROKER_PID" 2>/dev/null || true; rm -rf "$WORK"' EXIT

mvn -B -o -q -pl integration-tests test-compile
mvn -B -o -q -pl integration-tests dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$WORK/cp.txt" >/dev/null
# Snapshot jars are copied: a concurrent `mvn install` elsewhere must not swap them mid-run.
mkdir -p "$WORK/jars" "$WORK/classes"
cp -r "$ROOT/integration-tests/target/classes/." "$ROOT/integration-tests/target/test-classes/." "$WORK/classes/"
CP=$WORK/classes
for entry in $(tr ':' '\n' < "$WORK/cp.txt" | grep -v topowatch-agent); do
  case $entry in
    */dev/topowatch/*) cp "$entry" "$WORK/jars/" && CP=$CP:$WORK/jars/$(basename "$entry") ;;
    *) CP=$CP:$entry ;;
  esac
done

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
      --log-every 0 --warmup-steps 50 2> "$WORK/$cfg-$round.err" | grep '^summary:')
    mean=$(sed -n 's/.*mean_step_ms=\([0-9.]*\).*/\1/p' <<< "$line")
    cpu=$(sed -n 's/.* cpu_ms_per_step=\([0-9.]*\).*/\1/p' <<< "$line")
    tcpu=$(sed -n 's/.*thread_cpu_ms_per_step=\([0-9.]*\).*/\1/p' <<< "$line")
    echo "$cfg $mean $cpu $tcpu" >> "$WORK/results.txt"
    printf 'round %d %-9s wall %s ms/step, process cpu %s, training-thread cpu %s\n' "$round" "$cfg" "$mean" "$cpu" "$tcpu"
  done
done

python3 - "$WORK/results.txt" <<'PY'
import statistics, sys
cols = {}
for line in open(sys.argv[1]):
    cfg, *vals = line.split()
    for name, v in zip(["wall", "proc", "thread"], vals):
        cols.setdefault(name, {}).setdefault(cfg, []).append(float(v))
med = lambda name, cfg: statistics.median(cols[name][cfg])
best = lambda cfg: min(cols["wall"][cfg])
goals = {"none": "", "powergrad": "<= 1.01x", "sampling": "<= 1.03x", "down": "<= 1.03x"}
print()
print("ms per training step; median over rounds (best wall); ratio to none")
print(f"{'config':<10} {'wall':>14} {'best wall':>16} {'train-thread cpu':>20} {'process cpu':>18}  goal")
for cfg in ["none", "powergrad", "sampling", "down"]:
    cells = []
    for value, base in [(med("wall", cfg), med("wall", "none")), (best(cfg), best("none")),
                        (med("thread", cfg), med("thread", "none")), (med("proc", cfg), med("proc", "none"))]:
        cells.append(f"{value:7.3f} {value / base:5.3f}x")
    print(f"{cfg:<10} {cells[0]:>14} {cells[1]:>16} {cells[2]:>20} {cells[3]:>18}  {goals[cfg]}")
PY

echo
mkdir -p "$WORK/agent-classes" && cp -r "$ROOT/agent/target/classes/." "$WORK/agent-classes/"
DJL_OFFLINE=true OMP_NUM_THREADS=1 java -Xmx1g -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 \
  -Dai.djl.pytorch.num_interop_threads=1 -cp "$CP:$WORK/agent-classes" \
  dev.topowatch.it.agent.PowerGradStepBench 80 25 "$BATCH" 2>/dev/null | grep '^in-process'
