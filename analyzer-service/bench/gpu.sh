#!/usr/bin/env bash
# Builds the GPU machine's bundle (issue 10) and checks its host part here:
#   analyzer-service/bench/gpu.sh            build analyzer-service/target/gpu-bundle and check it here
#   analyzer-service/bench/gpu.sh --reuse    keep the runtime and jars of an earlier build, rewrite the rest
# The bundle (under the device tool's 64 MiB carry) holds:
#   jre.tar.xz          a jlink runtime of the modules the commands need (xz)
#   app/                the analyzer jar and the libraries that bench, gpu-info and betti load (no Kafka, no Vert.x)
#   tests/              the gpu back end's test classes and their libraries (DeviceTests, GpuMatchesCpuOnDeviceTest)
#   cupy_anchor.py      the CuPy anchor
#   run-device.sh       the device side: every step on its own, with a timeout, output under $OUT
# Then the device run (by whoever holds the device tool; the GPU machine has no Java and no network):
#   command: bash analyzer-service/target/gpu-bundle/run-device.sh
#   carry:   ["analyzer-service/target/gpu-bundle"]      timeout_s: 590
# The steps' limits add up to 570 s; typically the whole run takes about 4 minutes. Then, at once, the
# whole analyzer on the GPU against the CPU: analyzer-service/bench/gpu-stream.sh (its own bundle and call).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
. scripts/use-jdk25.sh
. analyzer-service/bench/device-carry.sh
export DJL_OFFLINE=true
out="$root/analyzer-service/target/gpu-bundle"

if [ "${1:-}" = "--reuse" ] && [ -f "$out/jre.tar.xz" ]; then
  echo "== reusing $out/jre.tar.xz, app/ and tests/"
else
echo "== build"
# One reactor run: the gpu module's test class path needs its sibling modules (test-support), which
# only a reactor with them finds, since nothing here is installed.
mvn -B -o -q -pl topology,topology-gpu,analyzer-cli -am package dependency:build-classpath -DskipTests \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt >/dev/null

rm -rf "$out"
mkdir -p "$out/app/lib" "$out/tests/lib"
cp analyzer-cli/target/topowatch-analyzer.jar "$out/app/"
# What bench, gpu-info and betti load: the engine, the service's stream classes (ThresholdSpec: picocli
# reflects on every command's methods), picocli, Jackson's streaming core (the rest of the manifest's
# class path may be absent; the JVM skips missing entries).
for jar in topowatch-topology topowatch-topology-gpu topowatch-analyzer-service picocli jackson-core slf4j-api slf4j-simple; do
  cp analyzer-cli/target/lib/"$jar"-[0-9]*.jar "$out/app/lib/"
done
cp topology-gpu/target/topowatch-topology-gpu-*-tests.jar topology/target/topowatch-topology-*-tests.jar "$out/tests/lib/"
cp topology-gpu/target/topowatch-topology-gpu-0.1.0-SNAPSHOT.jar topology/target/topowatch-topology-0.1.0-SNAPSHOT.jar "$out/tests/lib/"
tr ':' '\n' <topology-gpu/target/test-classpath.txt | grep -E '/(junit|opentest4j|apiguardian|jqwik|assertj|byte-buddy)[^/]*\.jar$' |
  xargs -I{} cp {} "$out/tests/lib/"

echo "== jlink"
modules=java.base,java.logging,java.management,jdk.management,jdk.unsupported,java.xml,java.naming
jlink --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=zip-0 --output "$out/jre"
(cd "$out" && tar cf - jre | xz -6 -T0 >jre.tar.xz && rm -rf jre)
fi
cp analyzer-service/bench/cupy_anchor.py analyzer-service/bench/device-run.sh "$out/"

cat >"$out/run-device.sh" <<'DEVICE'
#!/usr/bin/env bash
# The device side of analyzer-service/bench/gpu.sh: runs every step on its own with a time limit, so a
# failing step still lets the others run and report. Under $OUT (the device tool returns at most 8
# files): summary.txt, steps.log (every step's output), gpu-info.json, bench.jsonl, cupy.jsonl, logs.tgz.
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/device-run.sh" topowatch-gpu
tar xJf "$here/jre.tar.xz" -C "$work" || say "cannot unpack the Java runtime"
java="$work/jre/bin/java"
jopts=(--enable-native-access=ALL-UNNAMED -Xmx24g -XX:+UseParallelGC)
app=("$java" "${jopts[@]}" -jar "$here/app/topowatch-analyzer.jar")
export TOPOWATCH_GPU_CACHE_DIR="$work/kernels"
t8=0,0.25,0.5,0.75,1,1.25,1.5,1.75

step gpu-info 60 "${app[@]}" gpu-info
step device-tests 150 "$java" "${jopts[@]}" -cp "$here/tests/lib/*" dev.topowatch.topology.gpu.DeviceTests
step bench-1000 60 "${app[@]}" bench --volumes 1000 --shape 32,28,28 --thresholds $t8 --construction v,t \
  --backend gpu,cpu --repeat 5 --warmup 2 --save-dir "$work/w1000"
step bench-10000 100 "${app[@]}" bench --volumes 10000 --shape 32,28,28 --thresholds $t8 --construction v,t \
  --backend gpu,cpu --repeat 3 --warmup 1 --seed 20000 --save-dir "$work/w10000"
step bench-codes 30 "$java" "${jopts[@]}" -Dtopowatch.gpu.transfer=codes -jar "$here/app/topowatch-analyzer.jar" bench \
  --volumes 10000 --shape 32,28,28 --thresholds $t8 --construction v,t --backend gpu --repeat 3 --warmup 1 --seed 20000
step bench-quantiles 40 "${app[@]}" bench --volumes 10000 --shape 32,28,28 --quantiles --thresholds 0.25,0.5,0.75 \
  --construction v --backend gpu,cpu --repeat 3 --warmup 1
step bench-128 30 "${app[@]}" bench --volumes 1 --shape 128,128,128 --thresholds $t8 --construction v,t \
  --backend gpu,cpu --repeat 10 --warmup 2
step cupy-1000 40 bash -c "python3 '$here/cupy_anchor.py' '$work/w1000' 1000 32,28,28 v 3; python3 '$here/cupy_anchor.py' '$work/w1000' 1000 32,28,28 t 3"
step cupy-10000 60 bash -c "python3 '$here/cupy_anchor.py' '$work/w10000' 10000 32,28,28 v 2; python3 '$here/cupy_anchor.py' '$work/w10000' 10000 32,28,28 t 2"

grep -h '^{' "$work/gpu-info.txt" >"$OUT/gpu-info.json" 2>/dev/null
cat "$work"/bench-*.txt 2>/dev/null | grep '^{' >"$OUT/bench.jsonl"
cat "$work"/cupy-*.txt 2>/dev/null | grep '^{' >"$OUT/cupy.jsonl"
grep -h 'passed, ' "$work/device-tests.txt" 2>/dev/null | sed 's/^/device tests: /' | tee -a "$summary"
grep -h 'volumes compared' "$work/device-tests.txt" 2>/dev/null | tee -a "$summary"
python3 - "$OUT/bench.jsonl" "$OUT/cupy.jsonl" <<'PY' | tee -a "$summary"
import json, sys
rows = [json.loads(l) for f in sys.argv[1:] for l in open(f) if l.strip()]
for r in rows:
    name = r.get("backend") or r.get("anchor")
    extra = "" if "checksum" not in r else " checksum " + r["checksum"]
    extra += "".join(" %s=%s" % (k, v) for k, v in r.items() if k.startswith("equal_to"))
    print("%-28s %s %6d x %-12s %10s volumes/s (best)%s" % (name, r["construction"], r["volumes"],
          "x".join(map(str, r["shape"])), format(r["volumes_per_second_best"], ","), extra))
PY
(cd "$work" && tar czf "$OUT/logs.tgz" *.txt 2>/dev/null)
rm -rf "$work"
DEVICE
chmod +x "$out/run-device.sh"

check_carry "$out"

echo "== host check: the bundle's runtime runs gpu-info and bench --backend cpu here"
check="$(mktemp -d /tmp/topowatch-bundle-XXXXXX)"
trap 'rm -rf "$check"' EXIT
tar xJf "$out/jre.tar.xz" -C "$check"
"$check/jre/bin/java" --enable-native-access=ALL-UNNAMED -jar "$out/app/topowatch-analyzer.jar" gpu-info || true
"$check/jre/bin/java" --enable-native-access=ALL-UNNAMED -jar "$out/app/topowatch-analyzer.jar" bench --volumes 20 \
  --backend cpu,auto --repeat 1 --warmup 0
"$check/jre/bin/java" -cp "$out/tests/lib/*" dev.topowatch.topology.gpu.DeviceTests | tail -3
echo "bundle ready: $out"
