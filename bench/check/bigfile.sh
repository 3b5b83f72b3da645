#!/usr/bin/env bash
# One huge file (issue 16): `leakfinder check` on a module whose only package is one generated Go file of
# $LINES lines (default 1,000,000): functions that lock a mutex, open a file and loop, each with its defers,
# so every rule has work in every function. Target: peak RSS at most 1 GiB. gofmt -l checks the file is Go.
# Prints the result and rewrites the bigfile section of bench/RESULTS.md.
#
#   bench/check/bigfile.sh                     # the native (AOT) executable, as bench/check/run.sh
#   LEAKFINDER_DLL=src/LeakFinder.Cli/bin/Release/net10.0/leakfinder.dll bench/check/bigfile.sh   # the JIT build
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/lib/results.sh
. bench/lib/leakfinder.sh
lines=${LINES:-1000000}
work=${TMPDIR:-/tmp}/leakfinder-bench-bigfile
rm -rf "$work/mod" && mkdir -p "$work/mod"

leakfinder_build "$work"

python3 - "$lines" > "$work/mod/big.go" <<'PY'
import sys
n = int(sys.argv[1])
out = ["package big", "", "import (", '\t"os"', '\t"sync"', ")", ""]
i = 0
while len(out) < n:
    out += [f"func f{i}(path string, mu *sync.Mutex, xs []int) (int, error) {{",
            "\tmu.Lock()", "\tdefer mu.Unlock()",
            "\tf, err := os.Open(path)", "\tif err != nil {", "\t\treturn 0, err", "\t}", "\tdefer f.Close()",
            "\ttotal := 0", "\tfor _, x := range xs {", "\t\ttotal += x * 2", "\t}", "\treturn total, nil", "}", ""]
    i += 1
print("\n".join(out).rstrip("\n"))
PY
printf 'module big\n\ngo 1.19\n' > "$work/mod/go.mod"
if command -v gofmt > /dev/null && [ -n "$(gofmt -l "$work/mod/big.go")" ]; then echo "generated file is not gofmt-clean" >&2; exit 1; fi

# No findings cache: a second run of the script would otherwise time a hit.
(cd "$work/mod" && LEAKFINDER_CACHE=off /usr/bin/time -v -o "$work/time" "${lf[@]}" check --verbose . > "$work/out" 2> "$work/err") || true
read -r wall cpu rss < <(awk '/Elapsed \(wall clock\)/ { n = split($NF, t, ":"); wall = (n == 3) ? t[1] * 3600 + t[2] * 60 + t[3] : t[1] * 60 + t[2] }
     /User time/ { cpu += $NF } /System time/ { cpu += $NF } /Maximum resident set size/ { rss = $NF }
     END { printf "%.2f %.2f %.0f\n", wall, cpu, rss / 1024 }' "$work/time")
bytes=$(stat -c %s "$work/mod/big.go")
verdict=$(awk -v r="$rss" 'BEGIN { print (r <= 1024) ? "met" : "NOT met" }')

section="$work/section.md"
{
  echo "<!-- bigfile:begin (written by bench/check/bigfile.sh; edit the script, not this section) -->"
  echo "## Check: one file of $lines lines"
  echo
  echo "\`leakfinder check .\` on a module of one generated file ($lines lines, $((bytes / 1048576)) MiB: functions that"
  echo "lock, open a file and loop), run as $build. Date $(date -u +%Y-%m-%d), commit $(git rev-parse --short HEAD);"
  echo "load average before $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  echo '```'
  grep '^leakfinder:' "$work/err" || true
  echo '```'
  echo
  echo "| wall s | CPU s | peak RSS MiB | target: peak RSS <= 1024 MiB |"
  echo "|---|---|---|---|"
  echo "| $wall | $cpu | $rss | $verdict |"
  echo "<!-- bigfile:end -->"
} > "$section"
write_results_section bigfile "$section"
cat "$section"
