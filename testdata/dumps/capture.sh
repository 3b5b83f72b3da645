#!/usr/bin/env bash
# Regenerates the real (Go toolchain captured) fixtures of testdata/dumps from dumpgen/main.go.
# The tests also build and run dumpgen live; these files let the parse tests run without Go and keep
# a record of exactly what Go 1.19 printed. Usage: testdata/dumps/capture.sh
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
export GOCACHE="$tmp/cache" GOPATH="$tmp/gopath" GO111MODULE=off CGO_ENABLED=0
go build -o "$tmp/dumpgen" ./dumpgen
ver=$(go env GOVERSION)
"$tmp/dumpgen" debug2 > "$ver-debug2.txt"
"$tmp/dumpgen" debug2 10 > "$ver-debug2-leak10.txt"
"$tmp/dumpgen" healthy > "$ver-healthy-debug2.txt"
"$tmp/dumpgen" debug1 > "$ver-debug1.txt"
GODEBUG=tracebackancestors=3 GOTRACEBACK=all "$tmp/dumpgen" panic 2> "$ver-panic-ancestors.txt" || true
GOTRACEBACK=all "$tmp/dumpgen" panic 2> "$ver-panic-all.txt" || true
GOTRACEBACK=system "$tmp/dumpgen" panic 2> "$ver-panic-system.txt" || true
"$tmp/dumpgen" deadlock 2> "$ver-deadlock.txt" || true
"$tmp/dumpgen" sigquit > /dev/null 2> "$ver-sigquit.txt" & pid=$!
sleep 1; kill -QUIT $pid; wait $pid || true
# Paths of the temp build are replaced so the fixtures do not change with every capture.
sed -i "s#$PWD/dumpgen#/src/dumpgen#g" "$ver"-*.txt
