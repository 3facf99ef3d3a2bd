#!/usr/bin/env bash
# One large volume at one threshold, whole process (start-up, reading the file, computing, printing):
# topowatch `betti` against its fair baseline, scipy (scipy_betti.py: ndimage.label on the set and
# its complement plus an Euler count, exact Betti numbers at that one threshold), and against GUDHI
# (gudhi_betti.py: full persistence, far more than one threshold needs, listed for reference). 128^3
# uniform-random float32, T-construction. Wall time and peak memory (/usr/bin/time -v) side by side,
# and a check that all three give identical Betti numbers.
#
# Usage: analyzer-service/bench/betti-whole-process.sh [SIZE] [THRESHOLD] [SEED]   (defaults 128 0.5 1)
# Needs: analyzer-cli/target/topowatch-analyzer.jar (mvn -pl analyzer-cli -am package),
#        /usr/bin/python3 with numpy, scipy and gudhi (Debian python3-scipy, python3-gudhi), /usr/bin/time.
# JAVA_OPTS (default empty) is passed to java, e.g. JAVA_OPTS=-XX:TieredStopAtLevel=1.
set -euo pipefail

size=${1:-128}
eta=${2:-0.5}
seed=${3:-1}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../scripts/use-jdk25.sh" >/dev/null # the jar needs JDK 25
jar="$here/../../analyzer-cli/target/topowatch-analyzer.jar"
py=/usr/bin/python3
[[ -f "$jar" ]] || { echo "missing $jar: run 'mvn -pl analyzer-cli -am package -DskipTests' first" >&2; exit 2; }
"$py" -c 'import gudhi, numpy, scipy' 2>/dev/null || { echo "$py needs numpy, scipy and gudhi (apt-get install python3-scipy python3-gudhi)" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
volume="$work/uniform-$size.npy"
"$py" -c "import numpy as np; np.save('$volume', np.random.default_rng($seed).random(($size,)*3, dtype=np.float32))"

measure() { # name, command...: runs it under /usr/bin/time -v, stdout to $work/name.out
  local name=$1; shift
  /usr/bin/time -v -o "$work/$name.time" "$@" >"$work/$name.out"
}
measure topowatch java ${JAVA_OPTS:-} -jar "$jar" betti "$volume" --construction t --thresholds "$eta"
measure scipy "$py" "$here/scipy_betti.py" "$volume" "$eta" --construction t
measure gudhi "$py" "$here/gudhi_betti.py" "$volume" "$eta"

"$py" - "$work" "$size" "$eta" <<'PY'
import json, re, sys
work, size, eta = sys.argv[1], sys.argv[2], sys.argv[3]

def usage(name):  # wall seconds, CPU seconds (user + system, all threads), peak MiB
    text = open(f"{work}/{name}.time").read()
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", text).group(1)
    seconds = sum(float(p) * 60 ** i for i, p in enumerate(reversed(wall.split(":"))))
    cpu = sum(float(re.search(rf"{k} time \(seconds\): (\S+)", text).group(1)) for k in ("User", "System"))
    rss_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1))
    return seconds, cpu, rss_kb / 1024

ours = json.load(open(f"{work}/topowatch.out"))["betti"][0]
scipy_ = json.load(open(f"{work}/scipy.out"))
gudhi_ = json.load(open(f"{work}/gudhi.out"))
t_ours, c_ours, m_ours = usage("topowatch")
t_scipy, c_scipy, m_scipy = usage("scipy")
t_gudhi, c_gudhi, m_gudhi = usage("gudhi")
print(f"volume        {size}^3 uniform random float32, T-construction, threshold {eta}, whole process")
print(f"betti         topowatch {ours}   scipy {scipy_['scipy']} {scipy_['betti']}   gudhi {gudhi_['gudhi']} {gudhi_['betti']}")
print(f"wall time     topowatch {t_ours:6.2f} s   scipy {t_scipy:6.2f} s ({t_scipy / t_ours:4.1f}x topowatch's)   gudhi {t_gudhi:6.2f} s ({t_gudhi / t_ours:5.1f}x)")
print(f"CPU time      topowatch {c_ours:6.2f} s   scipy {c_scipy:6.2f} s ({c_scipy / c_ours:4.1f}x topowatch's)   gudhi {c_gudhi:6.2f} s ({c_gudhi / c_ours:5.1f}x)")
print(f"peak memory   topowatch {m_ours:6.0f} MiB scipy {m_scipy:6.0f} MiB                    gudhi {m_gudhi:6.0f} MiB")
if not (ours == scipy_["betti"] == gudhi_["betti"]):
    sys.exit("MISMATCH: the Betti numbers differ")
print("betti numbers identical")
PY
