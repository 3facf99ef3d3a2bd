# Sourced by demo.sh, .ci/run and the bench scripts: points JAVA_HOME (and PATH) at a JDK 25 or newer.
# topowatch builds and runs on JDK 25 LTS; only the agent is compiled for 17, because it runs inside
# users' training JVMs. A JAVA_HOME already at 25+ is kept; otherwise the usual install folders are searched.
java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
topowatch_jdk=""
for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*; do
  if [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] && [ "$(java_major "$candidate")" -ge 25 ] 2>/dev/null; then
    topowatch_jdk=$candidate
    break
  fi
done
if [ -z "$topowatch_jdk" ]; then
  echo "topowatch needs JDK 25 or newer (e.g. Temurin 25 LTS under /usr/lib/jvm); set JAVA_HOME to it." >&2
  exit 1
fi
export JAVA_HOME=$topowatch_jdk
export PATH="$JAVA_HOME/bin:$PATH"
unset topowatch_jdk
