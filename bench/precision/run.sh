#!/usr/bin/env bash
# Precision corpus (issue 19): runs `leakfinder check` over every module of modules.txt (real third-party Go
# code that Debian installs under /usr/share/gocode/src, checked in GOPATH mode as a project's own tree) and
# writes every finding to bench/precision/findings.tsv (rule, module, file:line:col, message). Then joins them
# with the hand labels in labels.tsv and rewrites the precision section of bench/RESULTS.md (report.py).
#
#   bench/precision/install.sh     # once: the Debian packages
#   bench/precision/run.sh         # all rules, default configuration
#   LEAKFINDER=path/to/leakfinder bench/precision/run.sh
#   ENABLE=all bench/precision/run.sh   # experimental rules too (--enable all)
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd)
gopath=/usr/share/gocode
lf=${LEAKFINDER:-}
if [ -z "$lf" ]; then
  ./leakfinder --version > /dev/null
  lf="$repo/.build/aot/publish/LeakFinder.Cli/release_linux-x64/leakfinder"
  [ -x "$lf" ] || lf="$repo/leakfinder"
fi
goroot=$(readlink -f "$(go env GOROOT 2>/dev/null || echo /usr/lib/go)")
out=bench/precision/findings.tsv
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
enable=()
[ -n "${ENABLE:-}" ] && enable=(--enable "$ENABLE")

modules=0; files=0; lines=0
: > "$work/all.tsv"
while IFS=$'\t' read -r pkg root; do
  case "$pkg" in ''|'#'*) continue ;; esac
  dir="$gopath/src/$root"
  if [ ! -d "$dir" ]; then echo "missing $dir (run bench/precision/install.sh)" >&2; exit 2; fi
  modules=$((modules + 1))
  n=$(find "$dir" -type f -name '*.go' ! -name '*_test.go' ! -path '*/vendor/*' ! -path '*/testdata/*' | wc -l)
  l=$(find "$dir" -type f -name '*.go' ! -name '*_test.go' ! -path '*/vendor/*' ! -path '*/testdata/*' -print0 | xargs -0 cat | wc -l)
  files=$((files + n)); lines=$((lines + l))
  rc=0
  (cd "$dir" && GO111MODULE=off GOPATH=$gopath GOROOT=$goroot GOFLAGS= LEAKFINDER_CACHE=off "$lf" check --format json ${enable[@]+"${enable[@]}"} ./... > "$work/out.json" 2> "$work/err.txt") || rc=$?
  if [ "$rc" -gt 1 ]; then echo "$root: exit $rc: $(head -c 300 "$work/err.txt")" >&2; fi
  python3 bench/precision/extract.py "$root" "$dir" < "$work/out.json" >> "$work/all.tsv"
  printf '%-40s %6d files %8d lines %4d findings\n' "$root" "$n" "$l" "$(grep -c "	$root	" "$work/all.tsv" || true)" >&2
done < bench/precision/modules.txt
sort -t$'\t' -k2,2 -k3,3V "$work/all.tsv" > "$out"
echo "corpus: $modules modules, $files files, $lines lines (non-test Go); $(wc -l < "$out") findings -> $out" >&2
printf '%s\t%s\t%s\n' "$modules" "$files" "$lines" > bench/precision/corpus-size.tsv
python3 bench/precision/report.py
