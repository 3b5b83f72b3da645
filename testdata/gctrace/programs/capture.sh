#!/bin/sh
# Rebuilds the real Go 1.19 gctrace fixtures of issue 15 from the programs beside this script:
#   go1.19-growing-map.log  unbounded map, live heap ~3 -> ~150 MB under the default GOGC (few cycles)
#   go1.19-stable-map.log   the same traffic with a bounded map: live heap saws at one level
#   go1.19-stackgrowth.log  goroutines leaked with deep stacks: "MB stacks" climbs, the heap does not
# Only the runtime's gc lines are kept (stderr), so the files stay small; the go version is checked
# because the line format is what the tests pin.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=$(cd "$here/.." && pwd)
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
go version | grep -q 'go1\.19' || { echo "capture.sh: needs Go 1.19 (the fixtures pin its format)" >&2; exit 2; }
for p in mapleak steadymap stackgrowth; do
  (cd "$here/$p" && GO111MODULE=off go build -o "$bin/$p" .)
done
GODEBUG=gctrace=1 "$bin/mapleak" 160 2>"$out/go1.19-growing-map.log"
GODEBUG=gctrace=1 "$bin/steadymap" 3 2>"$out/go1.19-stable-map.log"
GODEBUG=gctrace=1 "$bin/stackgrowth" 3 2>"$out/go1.19-stackgrowth.log"
wc -l "$out"/go1.19-growing-map.log "$out"/go1.19-stable-map.log "$out"/go1.19-stackgrowth.log
