#!/usr/bin/env bash
# The experiment behind docs/results.md: what θ and Ω say about generalisation on real training.
#   ./experiment.sh run --out DIR [--budget full|tiny]   train the grid (trainer JVMs with the agent -> Kafka -> analyzer)
#                                                        and record every run under DIR; run again to resume
#   ./experiment.sh report [--grid DIR]                  make docs/results.md, its plots and the alert replay suite
#                                                        from recorded CSVs (default: the copy in docs/results/grid)
# ./experiment.sh run --help and ./experiment.sh report --help list every option.
set -euo pipefail
cd "$(dirname "$0")"

if [ "${1:-}" = "run" ] && [ ! -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ]; then
  echo "Fashion-MNIST not found: installing Debian's dataset-fashion-mnist..."
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq dataset-fashion-mnist >/dev/null
fi

. scripts/use-jdk25.sh
echo "building topowatch (first run downloads dependencies)..."
mvn -B -q -DskipTests package -pl experiment -am

export DJL_OFFLINE=true
exec java -Xmx3g -Djava.awt.headless=true -Dai.djl.offline=true \
  -cp "experiment/target/classes:experiment/target/lib/*" \
  dev.topowatch.experiment.Experiment "$@"
