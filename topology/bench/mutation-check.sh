#!/usr/bin/env bash
# Shows that the topology module's tests catch a wrong engine, and catch it quickly: applies one
# mutation at a time to the engine's source, runs the module's tests, and reports whether they
# failed and how long that took. The source is restored after each mutation (and on Ctrl-C).
#
# Usage: topology/bench/mutation-check.sh [NAME...]   (default: every mutation below; -l lists them)
# Exit code: 0 when every mutation was caught, 1 when one survived, 2 when the script is out of date.
# (A mutation that changes nothing observable, such as `<=` to `<` where the next check covers the
# same neighbour, is not listed: it would survive rightly.)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
. scripts/use-jdk25.sh >/dev/null
export DJL_OFFLINE=true
src=topology/src/main/java/dev/topowatch/topology

# name | file | sed expression (must change the file) | what it breaks
mutations=(
  "after-neighbour|$src/LevelSweep.java|s/if (sign \* key\[nb\] < now)/if (sign * key[nb] <= now)/|a later same-level neighbour is merged before it arrives (issue 14's '<' to '<=')"
  "before-neighbour|$src/LevelSweep.java|s/if (sign \* key\[nb\] <= now)/if (sign * key[nb] < now)/|an earlier same-level neighbour is never merged"
  "previous-cell|$src/LevelSweep.java|s/root = uf.link(root, uf.find(c - 1));/root = uf.link(root, uf.find(c - 1)); components++;/|a merge with the previous cell is not counted"
  "connectivity|$src/BettiSweep.java|s/g.neighbourhood(!vertex); \/\/ V: faces/g.neighbourhood(vertex); \/\/ V: faces/|foreground connectivity of the other construction"
  "euler-face|$src/EulerCharacteristic.java|s/add(hist, fxy, a, 1);//|one face missing from the Euler count"
  "betti1|$src/BettiSweep.java|s/out\[l\]\[1\] = b0\[l\] + b2\[l\] - chi\[l\];/out[l][1] = b0[l] - chi[l];/|beta1 without beta2"
  "threshold-tie|$src/LevelGrid.java|s/below += value > x ? 1 : 0;/below += value >= x ? 1 : 0;/|a value equal to a threshold is left out of its sublevel set"
  "theta|$src/DecayRate.java|s/return c\[1\] + 0.5 \* c\[2\] + 0.5 \* c\[3\];/return c[1] + 0.5 * c[2] + c[3];/|the decay rate's weight of c3"
)

if [[ "${1:-}" == "-l" ]]; then
  for m in "${mutations[@]}"; do IFS='|' read -r name _ _ why <<<"$m"; printf '%-18s %s\n' "$name" "$why"; done
  exit 0
fi

backup=$(mktemp -d)
current=""
restore() { if [[ -n "$current" ]]; then cp "$backup/original" "$current"; current=""; fi; }
trap 'restore; rm -rf "$backup"' EXIT

echo "load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores; building once"
mvn -B -o -q -pl topology -am test-compile >/dev/null

survived=0
for m in "${mutations[@]}"; do
  IFS='|' read -r name file expr why <<<"$m"
  if [[ $# -gt 0 && ! " $* " == *" $name "* ]]; then continue; fi
  cp "$file" "$backup/original"
  current=$file
  sed -i "$expr" "$file"
  if cmp -s "$file" "$backup/original"; then
    echo "$name: the expression no longer matches $file; update this script" >&2
    exit 2
  fi
  start=$(date +%s)
  if ! mvn -B -o -q -pl topology -am test-compile >"$backup/$name.log" 2>&1; then
    echo "$name: the mutant does not compile; fix this script" >&2
    exit 2
  fi
  if mvn -B -o -q -pl topology -am test >"$backup/$name.log" 2>&1; then
    result="SURVIVED"
    survived=1
  else
    failing=$(grep -hoE '^\[ERROR\] (Tests run:.*in |  )[A-Za-z.]+' "$backup/$name.log" | grep -oE '[A-Za-z]+Test' | sort -u | tr '\n' ' ')
    result="caught: ${failing:-build failed}"
  fi
  printf '%-18s %4d s  %s  (%s)\n' "$name" "$(( $(date +%s) - start ))" "$result" "$why"
  restore
done
exit $survived
