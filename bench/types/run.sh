#!/usr/bin/env bash
# Types benchmark (issue 6, acceptance 5): load and type-check every std package of $GOROOT/src
# (`go list std`, linux/amd64, CGO_ENABLED=0) from source, LeakFinder against go/types in the same run.
#   go/types:   tools/typesbench, sequential (-threads 1, as go/types checks: one package after the other)
#               and with a worker pool over the dependency DAG (-threads = all cores)
#   LeakFinder: PackageLoader.Load (std from source, go1.19) + ProgramChecker.Check (parallel over the
#               dependency DAG), Release, TieredPGO, all cores (bench/LeakFinder.Bench.Types)
# Best of $RUNS rounds each, each configuration in its own process so that peak RSS (VmHWM) is its own.
# Prints the result lines and rewrites the types section of bench/RESULTS.md.
# Target: LeakFinder on all cores at least 2x faster than go/types (sequential), load + check wall time.
#
#   bench/types/run.sh            # RUNS=3
#   RUNS=5 bench/types/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/lib/results.sh
runs=${RUNS:-3}
cores=$(nproc)
work=${TMPDIR:-/tmp}/leakfinder-bench-types
mkdir -p "$work"

goroot=$(readlink -f "$(go env GOROOT)")
export GOOS=linux GOARCH=amd64 CGO_ENABLED=0 GOROOT="$goroot" GOFLAGS=
(cd "$goroot/src" && go list std) > "$work/std.txt"

echo "building tools/typesbench and bench/LeakFinder.Bench.Types (Release)..." >&2
(cd tools/typesbench && go build -o "$work/typesbench" .)
dotnet build bench/LeakFinder.Bench.Types -c Release --artifacts-path "$work/artifacts" -nologo -clp:ErrorsOnly -v:q >&2
lf="$work/artifacts/bin/LeakFinder.Bench.Types/release/leakfinder-bench-types"

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
results="$work/results.txt"
: > "$results"
"$work/typesbench" -threads 1 -runs "$runs" < "$work/std.txt" | tee -a "$results"
"$work/typesbench" -threads "$cores" -runs "$runs" < "$work/std.txt" | tee -a "$results"
DOTNET_TieredPGO=1 "$lf" --goroot "$goroot" --runs "$runs" | tee -a "$results"
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

field() { # field <checker> <threads> <name>
  awk -v c="checker=$1" -v t="threads=$2" -v f="$3" '$1 == c && $2 == t {
    for (i = 1; i <= NF; i++) { split($i, kv, "="); if (kv[1] == f) print kv[2] } }' "$results"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
verdict() { awk -v v="$1" -v op="$2" -v t="$3" 'BEGIN { ok = (op == ">=") ? v >= t : v <= t; print ok ? "met" : "NOT met" }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }

speed=$(ratio "$(field go 1 best_s)" "$(field leakfinder "$cores" best_s)")
speedN=$(ratio "$(field go "$cores" best_s)" "$(field leakfinder "$cores" best_s)")
check1=$(ratio "$(field go 1 check_s)" "$(field leakfinder "$cores" check_s)")
cpu=$(ratio "$(field go 1 cpu_s)" "$(field leakfinder "$cores" cpu_s)")
rss=$(ratio "$(field leakfinder "$cores" vmhwm_kb)" "$(field go 1 vmhwm_kb)")

row() { # row <checker> <threads> <label>
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$3" "$2" "$(field "$1" "$2" packages)" "$(field "$1" "$2" files)" \
    "$(field "$1" "$2" load_s)" "$(field "$1" "$2" check_s)" "$(field "$1" "$2" best_s)" "$(field "$1" "$2" cpu_s)" "$(mib "$(field "$1" "$2" vmhwm_kb)")"
}

section="$work/section.md"
{
  echo "<!-- types:begin (written by bench/types/run.sh; edit the script, not this section) -->"
  echo "## Types: LeakFinder.Semantics vs go/types"
  echo
  echo "Every std package of \`\$GOROOT/src\` (\`go list std\`: $(wc -l < "$work/std.txt") packages; linux/amd64, CGO_ENABLED=0) found,"
  echo "parsed (comments included) and type-checked from source, everything kept alive until the end; go/types"
  echo "records Types, Defs, Uses, Selections, Implicits and Scopes as LeakFinder's TypeInfo does. load = finding"
  echo "packages + parsing, check = type-checking alone; best of $runs rounds (by load + check), each"
  echo "configuration in its own process. Per-package check times on one thread, GC counts and allocation:"
  echo "\`leakfinder-bench-types --goroot \$GOROOT --profile\` (bench/LeakFinder.Bench.Types)."
  echo
  echo "- Date: $(date -u +%Y-%m-%d), commit $(git rev-parse --short HEAD)"
  echo "- Machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $cores cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo);"
  echo "  load average before the run $load_before, after $load_after (wall-clock figures are only"
  echo "  comparable on an otherwise idle machine; the CPU-time column is much less sensitive to other load)"
  echo "- Go: $(go version | cut -d' ' -f3-4); .NET: $(dotnet --version)"
  echo
  echo "| checker | threads | packages | files | load s | check s | load+check s (wall) | its CPU s | peak RSS MiB |"
  echo "|---|---|---|---|---|---|---|---|---|"
  row go 1 "go/types (sequential)"
  row go "$cores" "go/types (DAG worker pool)"
  row leakfinder "$cores" "LeakFinder"
  echo
  echo "| target | measured | |"
  echo "|---|---|---|"
  echo "| LeakFinder on $cores cores >= 2x go/types (sequential), load + check wall | ${speed}x | $(verdict "$speed" ">=" 2) |"
  echo "| (check alone, wall) | ${check1}x | $(verdict "$check1" ">=" 2) |"
  echo "| (by CPU time: go/types CPU s / LeakFinder CPU s) | ${cpu}x | |"
  echo "| (against go/types with its own $cores-worker pool, wall) | ${speedN}x | |"
  echo "| peak RSS, LeakFinder / go/types (sequential) | ${rss}x | |"
  echo
  echo "File sets: LeakFinder's \`std\` pattern also loads \`builtin\` (1 file) and \`runtime/cgo\` (8 files, with"
  echo "CGO_ENABLED=0), which \`go list std\` leaves out; go lists \`embed/internal/embedtest\` (test files only). Raw lines:"
  echo
  echo '```'
  cat "$results"
  echo '```'
  echo "<!-- types:end -->"
} > "$section"

write_results_section types "$section"
cat "$section"
