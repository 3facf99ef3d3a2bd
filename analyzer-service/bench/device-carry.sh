# Sourced by gpu.sh and gpu-stream.sh: whether a bundle fits the device tool's carry, which takes the
# bundle and the tracked files of the working tree together, 64 MiB in all.
check_carry() { # check_carry BUNDLE_DIR
  local out=$1 total tree
  echo "== bundle"
  du -sh "$out"/* | sed 's/^/  /'
  total=$(du -sb "$out" | cut -f1)
  tree=$(git ls-files -z | xargs -0 du -cb 2>/dev/null | tail -1 | cut -f1)
  echo "  bundle $((total / 1048576)) MiB + tracked files $((tree / 1048576)) MiB (limit 64 MiB)"
  [ $((total + tree)) -lt $((64 * 1048576)) ] || { echo "bundle too large for the device tool's carry" >&2; return 1; }
}
