# Sourced by the agent benchmarks: builds the test classes, copies the class path (snapshot jars copied,
# so a concurrent `mvn install` elsewhere cannot swap them mid-run), pins glibc's malloc thresholds and
# starts a Kafka broker in a JVM of its own (BenchBroker). Sets ROOT, WORK, JAR, CP, BOOTSTRAP, DJL_FLAGS.
# AGENT_CLASSES=DIR benchmarks another build of the agent's classes (default agent/target/classes),
# e.g. one compiled from the commit before a change, with the same benchmark code.
#
# glibc malloc is pinned (MALLOC_MMAP_THRESHOLD_, MALLOC_TRIM_THRESHOLD_) in every JVM, agent or not:
# with glibc's dynamic mmap threshold, where it settles depends on the order of the first frees, and
# a process that settles low maps and unmaps PyTorch's larger buffers on every step. That made one and
# the same configuration run at either ~4 or ~7 ms/step from one JVM to the next.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
[ -f "$ROOT/agent/target/topowatch-agent.jar" ] || { echo "missing agent/target/topowatch-agent.jar: run 'mvn -o -pl agent install' first" >&2; exit 1; }
export MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=268435456
export DJL_OFFLINE=true OMP_NUM_THREADS=1
DJL_FLAGS=(-Xmx1g -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1)

WORK=$(mktemp -d)
JAR=$WORK/topowatch-agent.jar
cp "$ROOT/agent/target/topowatch-agent.jar" "$JAR"
trap 'exec 3>&- 2>/dev/null || true; [ -n "${BROKER_PID:-}" ] && kill "$BROKER_PID" 2>/dev/null || true; rm -rf "$WORK"' EXIT

mvn -B -o -q -pl integration-tests test-compile
mvn -B -o -q -pl integration-tests dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$WORK/cp.txt" >/dev/null
# Snapshot jars are copied: a concurrent `mvn install` elsewhere must not swap them mid-run.
mkdir -p "$WORK/jars" "$WORK/classes" "$WORK/agent-classes"
cp -r "$ROOT/integration-tests/target/test-classes/." "$WORK/classes/"
AGENT_CLASSES=${AGENT_CLASSES:-$ROOT/agent/target/classes}
cp -r "$AGENT_CLASSES/." "$WORK/agent-classes/"
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
