#!/usr/bin/env bash
# topowatch's engine against its baselines, side by side in one run, on the same volumes: N
# activation-like 32x28x28 float32 volumes from ActivationVolumes (the one generator behind every
# README figure), written to .npy by the Java side and read by the Python side.
#
#   1. Betti numbers at the paper's 8 thresholds, V-construction, one core each:
#      topowatch `cpu` (one worker thread) vs scipy (ndimage.label on the set and on its padded
#      complement, plus an Euler count: analyzer-service/bench/scipy_betti.py). Same exact numbers.
#   2. Betti curves at every distinct value (about 15,000 per volume), T-construction, one core each:
#      topowatch vs GUDHI's full persistence with the curve read off the diagram
#      (analyzer-service/bench/gudhi_curves.py). GUDHI 3.7.1 has no V-construction; CubicalRipser is
#      not installable here. Same curves.
#
# Usage: topology/bench/vs-scipy-and-gudhi.sh [VOLUMES] [CURVES] [REPEAT]   (defaults 200 20 3)
# Needs /usr/bin/python3 with numpy, scipy and gudhi (Debian: python3-scipy, python3-gudhi).
set -euo pipefail
n=${1:-200}
curves=${2:-20}
repeat=${3:-3}
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
py=/usr/bin/python3
"$py" -c 'import numpy, scipy, gudhi' 2>/dev/null || { echo "$py needs numpy, scipy and gudhi" >&2; exit 2; }
. scripts/use-jdk25.sh >/dev/null
mvn -B -o -q -pl topology -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt >/dev/null
module="$root/topology"
cp="$module/target/test-classes:$module/target/classes:$(cat "$module/target/test-classpath.txt")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $n volumes 32x28x28 float32 (ActivationVolumes, seeds 1000..), best of $repeat passes"
echo "(volumes per CPU-second of each process: on a shared machine a fairer one-core comparison than wall time, also shown)"
java -Xmx2g -cp "$cp" dev.topowatch.topology.bench.BaselineRun "$work" "$n" "$curves" "$repeat" >"$work/topowatch.json"
"$py" "$root/analyzer-service/bench/scipy_betti.py" --batch "$work/volumes.npy" --thresholds 0,0.25,0.5,0.75,1,1.25,1.5,1.75 \
  --construction v --repeat "$repeat" --out "$work/betti-scipy.npy" >"$work/scipy.json"
"$py" "$root/analyzer-service/bench/gudhi_curves.py" "$work/volumes.npy" "$curves" "$repeat" "$work" >"$work/gudhi.txt"

"$py" - "$work" <<'PY'
import json, sys
import numpy as np
work = sys.argv[1]
ours = {m["what"]: m for m in map(json.loads, open(f"{work}/topowatch.json"))}
scipy_run = json.load(open(f"{work}/scipy.json"))
gudhi_lines = open(f"{work}/gudhi.txt").read().splitlines()
gudhi_run = json.loads(gudhi_lines[0])
same = np.array_equal(np.load(f"{work}/betti-v.npy"), np.load(f"{work}/betti-scipy.npy"))

def rates(run, n):  # best pass: volumes per CPU-second and per wall-second
    return n / min(run["cpu_seconds"]), n / min(run["seconds"])

def row(label, a, a_name, b, b_name, n_a, n_b, verdict):
    (ca, wa), (cb, wb) = rates(a, n_a), rates(b, n_b)
    print(f"{label:27s} topowatch {ca:7.1f} /CPU-s ({wa:7.1f} /s wall)   {b_name} {cb:7.1f} /CPU-s ({wb:7.1f} /s wall)   "
          f"ratio {ca / cb:5.1f}x CPU ({wa / wb:5.1f}x wall)   {verdict}")

row("8 thresholds, V, 1 core", ours["thresholds"], "topowatch", scipy_run, f"scipy {scipy_run['scipy']}",
    ours["thresholds"]["volumes"], scipy_run["volumes"], "Betti numbers " + ("identical" if same else "DIFFERENT"))
row("curve at every value, T", ours["curves"], "topowatch", gudhi_run, f"GUDHI {gudhi_run['gudhi']}",
    ours["curves"]["volumes"], gudhi_run["volumes"], gudhi_lines[-1])
if not same:
    sys.exit("MISMATCH: topowatch and scipy Betti numbers differ")
PY
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
