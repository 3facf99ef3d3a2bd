#!/usr/bin/env bash
# Runs the JMH benchmarks of the topology engine (src/test/java/dev/topowatch/topology/bench) on the
# test classpath. Arguments go to JMH, e.g.
#   topology/bench/jmh.sh CurveBenchmark.cpu          # (a) one volume, all-threshold curves
#   topology/bench/jmh.sh BatchBenchmark.cpu          # (b) 1,000 volumes x 8 thresholds
#   topology/bench/jmh.sh -l                          # list
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
mvn -B -o -q -pl topology -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt >/dev/null
module="$root/topology"
cp="$module/target/test-classes:$module/target/classes:$(cat "$module/target/test-classpath.txt")"
exec java -cp "$cp" org.openjdk.jmh.Main "$@"
