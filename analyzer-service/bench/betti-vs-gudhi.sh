#!/usr/bin/env bash
# topowatch `betti` against GUDHI on one 128^3 uniform-random float32 volume, T-construction, one
# threshold: whole-process wall time and peak memory (/usr/bin/time -v) side by side, and a check
# that the Betti numbers are identical.
#
# Usage: analyzer-service/bench/betti-vs-gudhi.sh [SIZE] [THRESHOLD] [SEED]   (defaults 128 0.5 1)
# Needs: analyzer-service/target/topowatch-analyzer.jar (mvn -pl analyzer-service package),
#        /usr/bin/python3 with numpy and gudhi (Debian python3-gudhi), /usr/bin/time.
# JAVA_OPTS (default empty) is passed to java, e.g. JAVA_OPTS=-XX:TieredStopAtLevel=1.
set -euo pipefail

size=${1:-128}
eta=${2:-0.5}
seed=${3:-1}
here=$(cd "$(dirname "$0")" && pwd)
jar="$here/../target/topowatch-analyzer.jar"
py=/usr/bin/python3
[[ -f "$jar" ]] || { echo "missing $jar: run 'mvn -pl analyzer-service package' first" >&2; exit 2; }
"$py" -c 'import gudhi, numpy' 2>/dev/null || { echo "$py needs numpy and gudhi (apt-get install python3-gudhi)" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
volume="$work/uniform-$size.npy"
"$py" -c "import numpy as np; np.save('$volume', np.random.default_rng($seed).random(($size,)*3, dtype=np.float32))"

measure() { # name, command...: runs it under /usr/bin/time -v, stdout to $work/name.out
  local name=$1; shift
  /usr/bin/time -v -o "$work/$name.time" "$@" >"$work/$name.out"
}
measure topowatch java ${JAVA_OPTS:-} -jar "$jar" betti "$volume" --construction t --thresholds "$eta"
measure gudhi "$py" "$here/gudhi_betti.py" "$volume" "$eta"

"$py" - "$work" "$size" "$eta" <<'PY'
import json, re, sys
work, size, eta = sys.argv[1], sys.argv[2], sys.argv[3]

def usage(name):
    text = open(f"{work}/{name}.time").read()
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", text).group(1)
    seconds = sum(float(p) * 60 ** i for i, p in enumerate(reversed(wall.split(":"))))
    rss_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1))
    return seconds, rss_kb / 1024

ours = json.load(open(f"{work}/topowatch.out"))["betti"][0]
theirs = json.load(open(f"{work}/gudhi.out"))
t_ours, m_ours = usage("topowatch")
t_gudhi, m_gudhi = usage("gudhi")
print(f"volume        {size}^3 uniform random float32, T-construction, threshold {eta}")
print(f"betti         topowatch {ours}   gudhi {theirs['gudhi']} {theirs['betti']}")
print(f"wall time     topowatch {t_ours:8.2f} s   gudhi {t_gudhi:8.2f} s   speed-up {t_gudhi / t_ours:6.1f}x  (goal >= 50x)")
print(f"peak memory   topowatch {m_ours:8.1f} MiB gudhi {m_gudhi:8.1f} MiB ratio {m_ours / m_gudhi:6.3f}   (goal <= 0.25)")
if ours != theirs["betti"]:
    sys.exit("MISMATCH: the Betti numbers differ")
print("betti numbers identical")
PY
