#!/usr/bin/env bash
# Overhead of the topowatch agent on a real DJL training job (the sample Fashion-MNIST CNN, same
# seed and batches everywhere), against no agent, for:
#   powergrad  agent, sampling off, PowerGrad alpha=0.5 (broker up)         goal <= 1.01x
#   sampling   agent at default sampling (sample.every=50, sample.size=8)   goal <= 1.03x
#   down       agent at default sampling, broker unreachable               goal <= 1.03x
#
# 1. Side by side in one JVM (AgentOverheadBench; the figures the goals are checked against): four
#    trainers take turns of 50 steps, each with its own real agent (or none), so all of them share
#    the JVM, the native allocator and the machine's load from one second to the next. A turn is one
#    sampling period, so an agent's background work (encoding, sending) mostly lands in its own turn.
#    Ratios per turn, with a 95% interval; the idle advice's own cost is measured apart.
# 2. Cross-check with the real jar: the trainer in a fresh JVM per configuration and round, with
#    -javaagent:topowatch-agent.jar, rounds interleaved. Coarser: JVMs differ from each other by a
#    few per cent whatever the configuration, so read it as "no surprise", not as the measurement.
#
# glibc malloc is pinned in every JVM, agent or not (bench-env.sh says why).
#
# The broker runs in a JVM of its own on this machine (BenchBroker), so "broker up" pays for the
# broker's CPU too, which a remote broker would not take from the training machine.
#
# Usage: agent/bench/overhead.sh [STEPS] [JVM_ROUNDS] [BATCH]     (defaults 10000 3 64)
#   STEPS       measured steps per configuration in the one-JVM run (a multiple of 50)
#   JVM_ROUNDS  rounds of the separate-JVM cross-check (0 skips it); each run is 3 x 900 steps
# Needs: agent/target/topowatch-agent.jar (mvn -o -pl agent install) and Maven offline access.
set -euo pipefail
STEPS=${1:-10000}
JVM_ROUNDS=${2:-3}
BATCH=${3:-64}
JVM_STEPS=900   # per epoch: the most 60,000 images allow at batch 64
JVM_EPOCHS=3
JVM_WARMUP=600  # steps, across epochs: past the agent's start-up (class loading, JIT, connecting)
. "$(dirname "$0")/bench-env.sh"
CLOSED_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

echo "== 1. one JVM, configurations side by side (broker $BOOTSTRAP)"
# The unshaded agent classes on the class path; the advice is installed by the benchmark itself.
java "${DJL_FLAGS[@]}" -Djdk.attach.allowAttachSelf=true -cp "$CP:$WORK/agent-classes" \
  dev.topowatch.agent.AgentOverheadBench "$BOOTSTRAP" "127.0.0.1:$CLOSED_PORT" "$STEPS" 50 "$BATCH" \
  2> "$WORK/in-process.err" | grep -v '^agent ' || { cat "$WORK/in-process.err" >&2; exit 1; }

[ "$JVM_ROUNDS" -gt 0 ] || exit 0
echo
echo "== 2. cross-check: one fresh JVM per configuration and round, -javaagent:topowatch-agent.jar"
agent_args() {
  case $1 in
    none) echo "" ;;
    powergrad) echo "-javaagent:$JAR=kafka.bootstrap=$BOOTSTRAP,sample.every=0,powergrad.alpha=0.5,run.id=bench-pg-$2" ;;
    sampling) echo "-javaagent:$JAR=kafka.bootstrap=$BOOTSTRAP,run.id=bench-sampling-$2" ;;
    down) echo "-javaagent:$JAR=kafka.bootstrap=127.0.0.1:$CLOSED_PORT,run.id=bench-down-$2" ;;
  esac
}
CONFIGS=(none powergrad sampling down)
echo "job: FashionMnistTrainer --steps $JVM_STEPS --epochs $JVM_EPOCHS --batch-size $BATCH --seed 1 (EasyTrain), timed after $JVM_WARMUP steps; $JVM_ROUNDS rounds"
for round in $(seq 1 "$JVM_ROUNDS"); do
  for i in 0 1 2 3; do # the order rotates each round
    cfg=${CONFIGS[$(( (i + round) % 4 ))]}
    # shellcheck disable=SC2046
    line=$(java "${DJL_FLAGS[@]}" $(agent_args "$cfg" "$round") -cp "$CP" \
      dev.topowatch.trainer.FashionMnistTrainer --steps "$JVM_STEPS" --epochs "$JVM_EPOCHS" --batch-size "$BATCH" --seed 1 \
      --log-every 0 --warmup-steps "$JVM_WARMUP" 2> "$WORK/$cfg-$round.err" | grep '^summary:')
    mean=$(sed -n 's/.*mean_step_ms=\([0-9.]*\).*/\1/p' <<< "$line")
    tcpu=$(sed -n 's/.*thread_cpu_ms_per_step=\([0-9.]*\).*/\1/p' <<< "$line")
    echo "$cfg $mean $tcpu" >> "$WORK/results.txt"
  done
done
python3 - "$WORK/results.txt" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    cfg, wall, thread = line.split()
    runs.setdefault(cfg, []).append((float(wall), float(thread)))
base_wall = statistics.median(w for w, _ in runs["none"])
base_thread = statistics.median(t for _, t in runs["none"])
print(f"{'config':<10} {'runs (wall ms/step)':<28} {'median':>8} {'ratio':>7} {'thread-cpu ratio':>17}")
for cfg in ["none", "powergrad", "sampling", "down"]:
    walls = [w for w, _ in runs[cfg]]
    wall = statistics.median(walls)
    thread = statistics.median(t for _, t in runs[cfg])
    listed = " ".join(f"{w:.2f}" for w in walls)
    print(f"{cfg:<10} {listed:<28} {wall:8.3f} {wall / base_wall:6.3f}x {thread / base_thread:16.3f}x")
PY
