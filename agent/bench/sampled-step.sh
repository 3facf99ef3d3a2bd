#!/usr/bin/env bash
# What a sampled step costs a real DJL training job, side by side with no agent (SampledStepBench):
# for the sample trainer's small CNN and the larger deep CNN, four trainers in one JVM take turns of
# 50 steps, the order rotating each round: no agent, the agent with sampling off, sampling every
# step (default sample.size) and the agent's defaults (sample.every=50). Prints ms per step (wall and
# the training thread's CPU), the cost of a sampled step and per volume, the CPU of the agent's own
# threads per volume, the load average, and each goal of issue 22 as met or missed.
#
# The broker runs in a JVM of its own on this machine (BenchBroker): its CPU is not counted as the
# agent's, but it competes with training for the machine's cores, as a broker on the training
# machine would. Quiet machines give tighter intervals; the CPU figures hold under load.
#
# Usage: agent/bench/sampled-step.sh [STEPS] [BATCH] [MODELS] [AGENT_ARGS]  (defaults 2000 32 small,deep)
#   STEPS       measured steps per configuration and model (a multiple of 50)
#   AGENT_ARGS  more agent arguments for every agent, e.g. kafka.linger.ms=5,kafka.batch.size=1048576
# AGENT_CLASSES=DIR in the environment measures another build of the agent (bench-env.sh).
# Needs: agent/target/topowatch-agent.jar (mvn -o -pl agent install) and Maven offline access.
set -euo pipefail
STEPS=${1:-2000}
BATCH=${2:-32}
MODELS=${3:-small,deep}
AGENT_ARGS=${4:-}
. "$(dirname "$0")/bench-env.sh"
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(getconf _NPROCESSORS_ONLN) cores, $(uname -r); broker $BOOTSTRAP; agent classes $AGENT_CLASSES"
# The unshaded agent classes on the class path; the advice is installed by the benchmark itself.
java "${DJL_FLAGS[@]}" -Djdk.attach.allowAttachSelf=true -cp "$CP:$WORK/agent-classes" \
  dev.topowatch.agent.SampledStepBench "$BOOTSTRAP" "$STEPS" "$BATCH" "$MODELS" "$AGENT_ARGS" \
  2> "$WORK/bench.err" | grep -v '^agent ' || { cat "$WORK/bench.err" >&2; exit 1; }
