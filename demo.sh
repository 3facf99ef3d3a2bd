#!/usr/bin/env bash
# The topowatch demo in one command: installs Fashion-MNIST where missing, builds what it needs, then
# runs the analyzer (embedded Kafka) and a DJL trainer with the agent, with a live view in the terminal
# and the web page on http://127.0.0.1:8080/ (served until Ctrl-C).
# Options go to the demo, e.g. ./demo.sh --steps 500 --alpha 0.25 --sample-every 5 (./demo.sh --help).
set -euo pipefail
cd "$(dirname "$0")"

# --help answers at once, before any install or build. DemoScriptTest keeps this text in step with
# the demo's options (TopowatchDemo).
for arg in "$@"; do
  if [ "$arg" = "--help" ] || [ "$arg" = "-h" ]; then
    cat <<'USAGE'
Usage: ./demo.sh [OPTIONS]
Trains a small CNN on Fashion-MNIST with the topowatch agent and shows Betti numbers, Ω and θ live:
in the terminal, and on the web page http://127.0.0.1:8080/ (it prints "open http://127.0.0.1:8080/"
first). After training the analyzer keeps serving the page until Ctrl-C.

  --steps N            training steps in all (default 300)
  --epochs N           epochs the steps are split into; validation runs at each end (default 3)
  --batch-size N       batch size (default 32)
  --alpha A            PowerGrad α in [0, 1]; unset = ordinary training
  --sample-every N     sample layer outputs every N steps (default 10)
  --sample-size N      samples per layer per sampled step (default 8)
  --threshold T        threshold η shown in the terminal table (default 0.5)
  --synthetic          use the synthetic data set even when Fashion-MNIST is installed
  --http-port PORT     analyzer HTTP port: the page, /api, /metrics (default 8080)
  --kafka-port PORT    embedded broker port (default 9092)
  --data-dir DIR       broker data, journals, run history and logs (default ~/.topowatch/demo)
  --keep-data          keep the runs of earlier demos (default: start from an empty data directory)
  --exit-when-done     stop as soon as training ends (for scripts and tests)
  --prometheus-url URL a Prometheus that scrapes this analyzer with the shipped rules (e.g. one started with
                       deploy/prometheus/prometheus-local.yml): the page then shows which alert rules hold
  --agent-jar JAR      the agent jar (default: agent/target/topowatch-agent.jar of this checkout)
  -h, --help           this text
USAGE
    exit 0
  fi
done

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
