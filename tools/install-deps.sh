#!/usr/bin/env bash
# Installs, from Debian 12's packages, whatever the build, the tests and the
# local stack need and the machine lacks. Idempotent: a machine that has
# everything is left alone (one dpkg query, no network).
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config python3 clang-format clang-tidy
  clang libclang-rt-14-dev
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libpq-dev libhiredis-dev libsodium-dev libfmt-dev libre2-dev libcurl4-openssl-dev libssl-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  postgresql redis-server nginx-light libnginx-mod-http-headers-more-filter wrk curl
  python3-aiosmtpd
  chromium fonts-dejavu-core
)
# The web application's build needs Node.js 20.19 or newer with npm; a machine
# without any node gets Debian's (tools/build-web.sh says so when it is too old).
command -v node >/dev/null || packages+=(nodejs npm)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "Installing missing packages: ${missing[*]}"
sudo=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "Run as root or install sudo." >&2; exit 1; }
  sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
# policy-rc.d keeps Debian's post-install scripts from starting system-wide
# PostgreSQL, Redis or nginx services: the project starts its own.
policy=/usr/sbin/policy-rc.d
created_policy=0
if [[ ! -e $policy ]]; then
  printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee "$policy" >/dev/null
  "${sudo[@]}" chmod +x "$policy"
  created_policy=1
fi
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
[[ $created_policy -eq 1 ]] && "${sudo[@]}" rm -f "$policy"
exit 0
