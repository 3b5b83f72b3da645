#!/usr/bin/env bash
# Behaviour-unchanged check for refactorings (issue 12): the findings of `leakfinder check --format json`
# on all of Go's std with its tests, and on examples/, must be byte-identical at a base revision and at
# the working tree (std also with --all-contexts, which reports the findings hidden in command and test
# code, for more findings to compare). Both builds are JIT builds in separate output directories, so the comparison does not
# touch ./leakfinder's .build/. The JSON's timing fields (elapsed seconds) are the only lines that may
# differ and are dropped before comparing.
#
#   bench/same-findings.sh              # compares against main
#   bench/same-findings.sh 6c9268b      # against any revision
#   KEEP=1 bench/same-findings.sh main  # keep the outputs in $TMPDIR/leakfinder-same-findings
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
base=${1:-main}
work=${TMPDIR:-/tmp}/leakfinder-same-findings
rm -rf "$work"
mkdir -p "$work"
goroot=$(readlink -f "$(go env GOROOT)")
export GOOS=linux GOARCH=amd64 CGO_ENABLED=0 GOROOT="$goroot" GOFLAGS= DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# Both builds analyse every package (no findings cache: builds that have one read its entries instead).
export LEAKFINDER_CACHE=off

build() { # build <source dir> <output dir>: a JIT build of the CLI
  nice dotnet build "$1/src/LeakFinder.Cli/LeakFinder.Cli.csproj" -c Release --artifacts-path "$2" -nologo -v:q -clp:ErrorsOnly >&2
}

# findings <dll> <name>: std (from $GOROOT/src) and examples/ (from this checkout, so paths are equal).
findings() {
  local dll=$1 name=$2
  (cd "$goroot/src" && dotnet "$dll" check --format json --tests std > "$work/$name.std.json" 2> "$work/$name.std.err") || true
  # The same with the findings in command and test code that are hidden by default: ten times the findings.
  (cd "$goroot/src" && dotnet "$dll" check --format json --tests --all-contexts std > "$work/$name.std-all.json" 2> "$work/$name.std-all.err") || true
  (cd "$repo" && dotnet "$dll" check --format json examples/leaky-service examples/healthy-service examples/hello > "$work/$name.examples.json" 2> "$work/$name.examples.err") || true
  for f in "$work/$name".*.json; do grep -v '"elapsed' "$f" > "$f.cmp"; done
}

echo "building $base ..." >&2
git worktree add --detach "$work/base" "$base" > /dev/null 2>&1
trap 'git -C "$repo" worktree remove --force "$work/base" > /dev/null 2>&1 || true; [ "${KEEP:-0}" = 1 ] || rm -rf "$work"' EXIT
build "$work/base" "$work/base-build"
echo "building the working tree ..." >&2
build "$repo" "$work/head-build"
dll=bin/LeakFinder.Cli/release/leakfinder.dll
findings "$work/base-build/$dll" base
findings "$work/head-build/$dll" head

status=0
for set in std std-all examples; do
  n=$(grep -c '"rule"' "$work/base.$set.json" || true)
  if cmp -s "$work/base.$set.json.cmp" "$work/head.$set.json.cmp"; then
    echo "$set: identical ($n findings, $(wc -c < "$work/head.$set.json.cmp") bytes without timings)"
  else
    echo "$set: DIFFERENT"
    diff "$work/base.$set.json.cmp" "$work/head.$set.json.cmp" | head -40 || true
    status=1
  fi
done
exit $status
