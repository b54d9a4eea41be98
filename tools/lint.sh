#!/usr/bin/env bash
# Static checks of the C++ tree.
#   tools/lint.sh format        fails when a file differs from .clang-format (make test runs it)
#   tools/lint.sh tidy BUILD    clang-tidy (.clang-tidy) over every source, with BUILD's compile database
#   tools/lint.sh               both, with build/debug
set -euo pipefail
cd "$(dirname "$0")/.."

sources() {
  find core services tests bench -name '*.cpp' -o -name '*.hpp' | sort
}

check_format() {
  # clang-format 14 (Debian 12's): another version may format differently.
  sources | xargs clang-format --dry-run --Werror
  echo "format: $(sources | wc -l) files match .clang-format"
}

check_tidy() {
  local build=$1
  [[ -f $build/compile_commands.json ]] || { echo "no $build/compile_commands.json: build first" >&2; exit 2; }
  # Only the project's own translation units; the generated migration files are data.
  run-clang-tidy -p "$build" -quiet -j "$(nproc)" "$PWD/(core|services)/.*\.cpp$"
}

case "${1:-all}" in
  format) check_format ;;
  tidy) check_tidy "${2:-build/debug}" ;;
  all) check_format; check_tidy "${2:-build/debug}" ;;
  *) echo "usage: tools/lint.sh [format | tidy [BUILD] | all [BUILD]]" >&2; exit 2 ;;
esac
