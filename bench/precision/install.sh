#!/usr/bin/env bash
# Installs the precision corpus: the Debian golang-*-dev packages listed in modules.txt (real third-party Go
# services and libraries, with their dependencies, under /usr/share/gocode/src in GOPATH layout).
set -euo pipefail
cd "$(dirname "$0")"
mapfile -t pkgs < <(grep -v '^#' modules.txt | cut -f1)
missing=()
# A package removed but not purged still answers `dpkg -s`: ask for the installed state itself.
for p in "${pkgs[@]}"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  sudo_cmd=""; [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  $sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq golang-go "${missing[@]}" > /dev/null
fi
echo "precision corpus: ${#pkgs[@]} packages installed" >&2
