#!/usr/bin/env bash
# Installs the Debian packages repgeom needs, only those that are missing. Idempotent.
# Usage: scripts/install-deps.sh [extra-package …]
set -euo pipefail
packages=(libopenblas-dev liblapacke-dev libsqlite3-dev librsvg2-bin dataset-fashion-mnist "$@")
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  # One installer at a time (parallel builds on one machine share the dpkg lock).
  exec 9>/tmp/repgeom-apt.lock
  flock 9
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  flock -u 9
fi
