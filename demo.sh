#!/usr/bin/env bash
# The topowatch demo in one command: installs Fashion-MNIST where missing, builds what it needs, then
# runs the analyzer (embedded Kafka) and a DJL trainer with the agent, with a live view in the terminal.
# Options go to the demo, e.g. ./demo.sh --steps 500 --alpha 0.25 --sample-every 5 (./demo.sh --help).
set -euo pipefail
cd "$(dirname "$0")"

if [ ! -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ]; then
  echo "Fashion-MNIST not found: installing Debian's dataset-fashion-mnist..."
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  { $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq dataset-fashion-mnist >/dev/null; } \
    || echo "could not install it: the demo will train on its synthetic data set instead."
fi

. scripts/use-jdk25.sh
echo "building topowatch (first run downloads dependencies)..."
mvn -B -q -DskipTests package

export DJL_OFFLINE=true
exec java -Xmx3g -Dai.djl.offline=true \
  -cp "demo/target/classes:demo/target/lib/*" \
  dev.topowatch.demo.TopowatchDemo "$@"
