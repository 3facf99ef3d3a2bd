#!/usr/bin/env bash
# Model selection before fine-tuning (needs DJL and its PyTorch engine, which the analyzer's jar does not carry):
#   ./rank.sh rank MODEL_DIR... --images I --labels L [--samples N] [--json]   rank candidates by θ, depth trend, LogME, LEEP, NCE, H-score
#   ./rank.sh transferability --method logme --features F.npy --labels L.npy  one baseline (also in the analyzer's jar)
# ./rank.sh rank --help lists every option.
set -euo pipefail
root="$(cd "$(dirname "$0")" && pwd)"
. "$root/scripts/use-jdk25.sh"
if [ ! -d "$root/rank/target/lib" ] || [ -n "$(find "$root/rank/src" "$root/transfer/src" -newer "$root/rank/target/lib" -name '*.java' -print -quit)" ]; then
  echo "building topowatch rank..." >&2
  (cd "$root" && mvn -B -q -o -DskipTests install -pl rank -am >&2)
fi
export DJL_OFFLINE=true
exec java --enable-native-access=ALL-UNNAMED -Dai.djl.offline=true -Dorg.slf4j.simpleLogger.defaultLogLevel=error \
  -cp "$root/rank/target/classes:$root/rank/target/lib/*" dev.topowatch.rank.cli.RankTool "$@"
