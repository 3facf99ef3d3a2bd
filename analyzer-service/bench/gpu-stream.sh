#!/usr/bin/env bash
# Builds the GPU machine's second bundle (issue 10): the whole analyzer streaming on the GPU against
# the same analyzer on the CPU, with stream-throughput.sh, and checks it here.
#   analyzer-service/bench/gpu-stream.sh     build analyzer-service/target/gpu-stream-bundle and check it here
# The whole analyzer (Kafka broker, Vert.x, Micrometer) does not fit beside gpu.sh's bundle in one
# 64 MiB carry, so it travels in a call of its own, right after gpu.sh's:
#   command: bash analyzer-service/target/gpu-stream-bundle/run-device.sh
#   carry:   ["analyzer-service/target/gpu-stream-bundle"]      timeout_s: 540
# It holds a jlink runtime of every module the analyzer uses and the analyzer with all its libraries,
# the jars stored uncompressed and the lot xz-compressed (xz over plain class files is about three
# times smaller than over deflated jars). On the device: stream-throughput.sh with engine.backend=gpu,
# then cpu, each phase DURATION seconds (default 45); out under $OUT: summary.txt, stream-gpu.txt,
# stream-cpu.txt, logs.tgz.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
. scripts/use-jdk25.sh
. analyzer-service/bench/device-carry.sh
export DJL_OFFLINE=true
out="$root/analyzer-service/target/gpu-stream-bundle"

echo "== build"
mvn -B -o -q -pl analyzer-cli -am package -DskipTests
rm -rf "$out"
stage="$(mktemp -d /tmp/topowatch-stream-bundle-XXXXXX)"
trap 'rm -rf "$stage"' EXIT
mkdir -p "$out" "$stage/app/lib"
cp analyzer-cli/target/topowatch-analyzer.jar "$stage/app/"
# Every library, re-stored without compression, so that xz sees the class files themselves.
for jar in analyzer-cli/target/lib/*.jar; do
  name="$(basename "$jar")"
  mkdir "$stage/x"
  (cd "$stage/x" && unzip -q "$root/$jar" && zip -q -0 -r -X "$stage/app/lib/$name" .)
  rm -rf "$stage/x"
done
(cd "$stage" && tar cf - app | xz -6 -T0 >"$out/app.tar.xz")

echo "== jlink"
modules="$(jdeps --multi-release 25 --ignore-missing-deps --print-module-deps \
  --class-path "analyzer-cli/target/lib/*" analyzer-cli/target/topowatch-analyzer.jar),jdk.crypto.ec,jdk.zipfs"
echo "   modules: $modules"
jlink --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=zip-0 --output "$stage/jre"
(cd "$stage" && tar cf - jre | xz -6 -T0 >"$out/jre.tar.xz")
cp analyzer-service/bench/stream-throughput.sh analyzer-service/bench/device-run.sh "$out/"

cat >"$out/run-device.sh" <<'DEVICE'
#!/usr/bin/env bash
# The device side of analyzer-service/bench/gpu-stream.sh: stream-throughput.sh with the gpu engine,
# then with cpu, on the same machine, each with its own time limit. Under $OUT: summary.txt, steps.log,
# stream-gpu.txt, stream-cpu.txt, logs.tgz (the analyzers' logs).
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/device-run.sh" topowatch-stream
tar xJf "$here/jre.tar.xz" -C "$work" && tar xJf "$here/app.tar.xz" -C "$work" || say "cannot unpack the bundle"
export PATH="$work/jre/bin:$PATH" JAR="$work/app/topowatch-analyzer.jar"
export DURATION="${DURATION:-45}" TMPDIR="$work" TOPOWATCH_GPU_CACHE_DIR="$work/kernels"
export JAVA_OPTS="-Xmx8g -XX:+UseParallelGC --enable-native-access=ALL-UNNAMED"
for backend in gpu cpu; do
  step "stream-$backend" 240 env SERVE_OPTS="--set engine.backend=$backend" bash "$here/stream-throughput.sh"
  cp "$work/stream-$backend.txt" "$OUT/"
  grep -E '^(==|Betti engine|engine time)|volumes/s|p50|p99' "$OUT/stream-$backend.txt" | sed "s/^/  $backend: /" | tee -a "$summary"
done
(cd "$work" && find . -name serve.log | tar czf "$OUT/logs.tgz" -T - 2>/dev/null)
rm -rf "$work"
DEVICE
chmod +x "$out/run-device.sh"

check_carry "$out"

echo "== host check: the device script, short phases, with the cpu engine in place of the missing GPU"
check="$(mktemp -d /tmp/topowatch-stream-check-XXXXXX)"
trap 'rm -rf "$stage" "$check"' EXIT
OUT="$check" DURATION=8 bash "$out/run-device.sh" || true
cat "$check/stream-gpu.txt" | tail -3
grep -q "volumes/s" "$check/stream-cpu.txt" || { echo "the cpu phase did not measure: see $check" >&2; trap - EXIT; exit 1; }
echo "bundle ready: $out"
