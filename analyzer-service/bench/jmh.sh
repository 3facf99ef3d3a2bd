#!/usr/bin/env bash
# Runs the JMH benchmarks of analyzer-service (src/test/java/dev/topowatch/analyzer/bench) on the
# test classpath. Arguments go to JMH, e.g.
#   analyzer-service/bench/jmh.sh CurveBenchmark.cpu          # (a) one volume, all-threshold curves
#   analyzer-service/bench/jmh.sh BatchBenchmark.cpu          # (b) 1,000 volumes x 8 thresholds
#   analyzer-service/bench/jmh.sh 'CurveBenchmark.djl' 'BatchBenchmark.djl' -p volumes=100   # (c)
#   analyzer-service/bench/jmh.sh -l                          # list
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
mvn -B -o -q -pl analyzer-service test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt >/dev/null
module="$root/analyzer-service"
cp="$module/target/test-classes:$module/target/classes:$(cat "$module/target/test-classpath.txt")"
exec java -Dai.djl.offline=true -cp "$cp" org.openjdk.jmh.Main "$@"
