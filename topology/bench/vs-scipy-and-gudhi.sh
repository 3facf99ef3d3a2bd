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
t_ours, t_scipy = max(ours["thresholds"]["volumes_per_second"]), max(scipy_run["volumes_per_second"])
c_ours, c_gudhi = max(ours["curves"]["volumes_per_second"]), max(gudhi_run["volumes_per_second"])
print(f"8 thresholds, V, 1 core    topowatch cpu {t_ours:8.1f} volumes/s   scipy {scipy_run['scipy']} {t_scipy:7.1f} volumes/s   "
      f"ratio {t_ours / t_scipy:5.1f}x   Betti numbers {'identical' if same else 'DIFFERENT'}")
print(f"curve at every value, T    topowatch     {c_ours:8.1f} volumes/s   GUDHI {gudhi_run['gudhi']} {c_gudhi:7.1f} volumes/s   "
      f"ratio {c_ours / c_gudhi:5.1f}x   {gudhi_lines[-1]}")
print("all passes (volumes/s): topowatch", [round(x, 1) for x in ours["thresholds"]["volumes_per_second"]],
      "scipy", [round(x, 1) for x in scipy_run["volumes_per_second"]],
      "| curves: topowatch", [round(x, 1) for x in ours["curves"]["volumes_per_second"]],
      "GUDHI", [round(x, 1) for x in gudhi_run["volumes_per_second"]])
if not same:
    sys.exit("MISMATCH: topowatch and scipy Betti numbers differ")
PY
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
