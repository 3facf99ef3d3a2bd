# Sourced by the bundles' run-device.sh on the GPU machine (gpu.sh, gpu-stream.sh), with $here set to
# the bundle: $OUT (the device tool returns what is under it), a work directory $work named after $1,
# $OUT/summary.txt and $OUT/steps.log, say() and step(), and the host and GPU lines that head every
# summary.
OUT="${OUT:-$here/out}"
mkdir -p "$OUT"
work="$(mktemp -d "/tmp/$1-XXXXXX")"
log="$OUT/steps.log"
summary="$OUT/summary.txt"
: >"$log"
: >"$summary"
say() { echo "$*" | tee -a "$summary"; }
# step NAME SECONDS COMMAND...: runs it with a time limit, output to $work/NAME.txt and the log, its exit
# in the summary; a failing step lets the next ones run and report.
step() {
  local name=$1 limit=$2; shift 2
  local start=$SECONDS
  echo "== $name (limit ${limit}s): $*" | tee -a "$log"
  timeout --signal=TERM --kill-after=10 "$limit" "$@" >"$work/$name.txt" 2>&1
  local rc=$?
  cat "$work/$name.txt" >>"$log"
  say "$name: exit $rc after $((SECONDS - start)) s$([ $rc = 124 ] && echo ' (timed out)')"
  return 0
}
say "host: $(nproc) cores, $(uname -r), $(date -u +%FT%TZ)"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>&1 | sed 's/^/gpu: /' | tee -a "$summary"
