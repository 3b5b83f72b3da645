#!/usr/bin/env bash
# Regenerates testdata/dumps/logged/: real captures of this directory wrapped by logwrap/main.go in each log
# form a dump is read out of (CRI, kubectl --timestamps, Docker json-file, syslog, Go's log package).
# Usage: testdata/dumps/wrap.sh
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
export GOCACHE="$tmp/cache" GOPATH="$tmp/gopath" GO111MODULE=off
go build -o "$tmp/logwrap" ./logwrap
mkdir -p logged
for dump in go1.19.8-debug2 go1.19.8-sigquit; do
  for form in cri kubectl docker syslog golog; do
    "$tmp/logwrap" "$form" < "$dump.txt" > "logged/$form-$dump.txt"
  done
done
# The aggregated ?debug=1 form, as a CRI log.
"$tmp/logwrap" cri < go1.19.8-debug1.txt > logged/cri-go1.19.8-debug1.txt
