#!/usr/bin/env bash
# Coroutine frame sizes of a binary or object, largest first, from its DWARF
# debug information (GCC describes each frame as a struct named
# `<mangled function>.Frame`; the release preset builds with -g).
#
#   tools/coroutine-frames.sh build/release/services/api/classroom-api [MIN_BYTES]
#
# Why it matters: Asio allocates each awaitable's frame through a per-thread
# cache that reuses blocks of up to 1,020 bytes; a larger frame is a malloc
# and a free on every call, and above 1,032 bytes glibc's slow path at that.
# Frames on the path every request takes (core/http/server.cpp, a list's
# handler, course_access) are kept under the limit; docs/decisions.md, "Small
# coroutine frames on the request path".
set -euo pipefail
binary=${1:?usage: tools/coroutine-frames.sh BINARY [MIN_BYTES]}
min=${2:-0}
readelf --debug-dump=info "$binary" 2>/dev/null |
  awk -v min="$min" '
    /DW_AT_name.*\.Frame$/ { name = $NF; sub(/\.Frame$/, "", name); want = 1; next }
    want && /DW_AT_byte_size/ { if ($NF + 0 >= min) print $NF, name; want = 0; next }
    want && /DW_AT_/ { next }
    { want = 0 }' |
  sort -u | sort -k1,1nr |
  while read -r size name; do
    printf '%6d  %s\n' "$size" "$(c++filt "$name")"
  done
