#!/usr/bin/env bash
# Usage: core/fuzz/run.sh <fuzz build dir> [seconds]
# Runs each fuzzer in turn for the given seconds (60 by default). A fuzzer
# reads its committed seeds and what earlier runs found, and writes new
# inputs only to the latter (<build>/corpus/<target>/), so the committed
# corpus stays hand-made. A crash stops the run and leaves its input in
# <build>/crashes/<target>/.
set -euo pipefail

build=$(cd "${1:?usage: $0 <fuzz build dir> [seconds]}" && pwd)
seconds=${2:-60}
seeds_root=$(cd "$(dirname "$0")/corpus" && pwd)

for seeds in "$seeds_root"/*/; do
  target=$(basename "$seeds")
  found="$build/corpus/$target"
  crashes="$build/crashes/$target"
  mkdir -p "$found" "$crashes"
  echo "== $target: ${seconds}s"
  "$build/core/fuzz/${target}_fuzz" -max_total_time="$seconds" -timeout=10 \
    -print_final_stats=1 -artifact_prefix="$crashes/" "$found" "$seeds"
done
