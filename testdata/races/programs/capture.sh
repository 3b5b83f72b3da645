#!/bin/sh
# Rebuilds the real race-detector fixtures of testdata/races from the programs beside this script (Go 1.19,
# cgo and gcc needed for -race). The module is copied to one fixed directory first so the paths in the
# reports do not name the machine's checkout.
#   go1.19-test-race.txt     `go test -race -count=1 -v ./...`, stdout and stderr together: every package's
#                            race reports interleaved with === RUN, t.Log and log.Printf lines
#   go1.19-counter.txt       `go test -race` of the counter package alone
#   go1.19-ci-prefixed.txt   go1.19-test-race.txt as a CI log shows it: each line behind a timestamp (derived)
#   go1.19-clean.txt         `go test -race` of a package without races (its test alone: -run TestNothing)
#   go1.19-test-json.txt     `go test -json -race ./configonce ./counter`: every line a test2json record
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=$(cd "$here/.." && pwd)
go version | grep -q 'go1\.19' || { echo "capture.sh: needs Go 1.19 (the fixtures pin its format)" >&2; exit 2; }
work=/tmp/leakfinder-races
rm -rf "$work"
cp -r "$here" "$work"
trap 'rm -rf "$work"' EXIT
cd "$work"
# go test exits 1 when a test fails, as every racing test does.
go test -race -count=1 -v ./... >"$out/go1.19-test-race.txt" 2>&1 || true
go test -race -count=1 ./counter >"$out/go1.19-counter.txt" 2>&1 || true
go test -race -count=1 -run TestNothing ./counter >"$out/go1.19-clean.txt" 2>&1 || true
go test -json -race -count=1 ./configonce ./counter >"$out/go1.19-test-json.txt" 2>&1 || true
awk '{ printf "2026-12-06T02:%02d:%02d.%03dZ %s\n", int(NR / 60) % 60, NR % 60, (NR * 37) % 1000, $0 }' \
  "$out/go1.19-test-race.txt" >"$out/go1.19-ci-prefixed.txt"
grep -c 'WARNING: DATA RACE' "$out"/go1.19-*.txt || true
