#!/usr/bin/env bash
# Parse benchmark (issue 4, acceptance 3): LeakFinder's parser against go/parser in the same run.
# Both parse every .go file of $GOROOT/src into ASTs kept alive until the end (comments included), first
# on one thread, then on all cores, best of 3 rounds each, each configuration in its own process so that
# peak RSS (VmHWM) is its own. Prints the result lines and rewrites the parse section of bench/RESULTS.md.
# Targets: LeakFinder >= go/parser single-threaded, >= 1.8x go/parser's single-thread rate on 2 cores,
# peak RSS <= 2x go/parser's.
#
#   bench/parse/run.sh            # all cores = nproc
#   RUNS=5 bench/parse/run.sh     # more rounds per configuration
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/lib/results.sh
repo=$(pwd)
runs=${RUNS:-3}
cores=$(nproc)
work=${TMPDIR:-/tmp}/leakfinder-bench-parse
mkdir -p "$work"

src=$(readlink -f "$(go env GOROOT)/src")
find "$src" -name '*.go' -type f | LC_ALL=C sort > "$work/files.txt"

echo "building tools/parsebench and bench/LeakFinder.Bench (Release)..." >&2
(cd tools/parsebench && CGO_ENABLED=0 go build -o "$work/parsebench" .)
dotnet build bench/LeakFinder.Bench -c Release --artifacts-path "$work/artifacts" -nologo -clp:ErrorsOnly -v:q >&2
lf="$work/artifacts/bin/LeakFinder.Bench/release/leakfinder-bench"

run_go() { "$work/parsebench" -threads "$1" -runs "$runs" < "$work/files.txt"; }
run_lf() { DOTNET_TieredPGO=1 "$lf" --threads "$1" --runs "$runs" < "$work/files.txt"; }

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
results="$work/results.txt"
: > "$results"
for threads in 1 "$cores"; do
  run_go "$threads" | tee -a "$results"
  run_lf "$threads" | tee -a "$results"
done
profile=$("$lf" --profile --runs "$runs" < "$work/files.txt")
echo "$profile"
pfield() { echo "$profile" | tr ' ' '\n' | awk -F= -v f="$1" '$1 == f { print $2 }'; }

field() { # field <parser> <threads> <name>
  awk -v p="parser=$1" -v t="threads=$2" -v f="$3" '$1 == p && $2 == t {
    for (i = 1; i <= NF; i++) { split($i, kv, "="); if (kv[1] == f) print kv[2] } }' "$results"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

go1=$(field go 1 mb_per_s); lf1=$(field leakfinder 1 mb_per_s)
goN=$(field go "$cores" mb_per_s); lfN=$(field leakfinder "$cores" mb_per_s)
single=$(ratio "$lf1" "$go1")
multi=$(ratio "$lfN" "$go1")
rss=$(ratio "$(field leakfinder "$cores" vmhwm_kb)" "$(field go "$cores" vmhwm_kb)")
cpu1=$(ratio "$(field go 1 cpu_s)" "$(field leakfinder 1 cpu_s)")
rss1=$(ratio "$(field leakfinder 1 vmhwm_kb)" "$(field go 1 vmhwm_kb)")
verdict() { awk -v v="$1" -v op="$2" -v t="$3" 'BEGIN { ok = (op == ">=") ? v >= t : v <= t; print ok ? "met" : "NOT met" }'; }

row() { # row <parser> <threads>
  printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$1" "$2" "$(field "$1" "$2" files_per_s)" "$(field "$1" "$2" mb_per_s)" \
    "$(field "$1" "$2" best_s)" "$(field "$1" "$2" cpu_s)" "$(field "$1" "$2" first_s)" "$(awk -v k="$(field "$1" "$2" vmhwm_kb)" 'BEGIN { printf "%.0f", k / 1024 }')"
}

section="$work/section.md"
{
  echo "<!-- parse:begin (written by bench/parse/run.sh; edit the script, not this section) -->"
  echo "## Parse: LeakFinder.Syntax vs go/parser"
  echo
  echo "Every .go file of \`\$GOROOT/src\` ($(wc -l < "$work/files.txt") files, $(field go 1 bytes) bytes), parsed into ASTs kept"
  echo "alive until the end, comments included; best of $runs rounds, each configuration in its own process."
  echo
  echo "- Date: $(date -u +%Y-%m-%d), commit $(git rev-parse --short HEAD)"
  echo "- Machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $cores cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo);"
  echo "  load average before the run $load_before, after $(cut -d' ' -f1-3 /proc/loadavg) (wall-clock figures are only"
  echo "  comparable on an otherwise idle machine; the CPU-time column is much less sensitive to other load)"
  echo "- Go: $(go version | cut -d' ' -f3-4); .NET: $(dotnet --version)"
  echo
  echo "| parser | threads | files/s | MB/s | best s (wall) | its CPU s | first s | peak RSS MiB |"
  echo "|---|---|---|---|---|---|---|---|"
  row go 1; row leakfinder 1; row go "$cores"; row leakfinder "$cores"
  echo
  echo "| target | measured | |"
  echo "|---|---|---|"
  echo "| LeakFinder 1 thread >= go/parser 1 thread | ${single}x | $(verdict "$single" ">=" 1) |"
  echo "| LeakFinder $cores threads >= 1.8x go/parser 1 thread | ${multi}x | $(verdict "$multi" ">=" 1.8) |"
  echo "| (same, by CPU time: go/parser CPU s / LeakFinder CPU s, 1 thread) | ${cpu1}x | $(verdict "$cpu1" ">=" 1) |"
  echo "| LeakFinder peak RSS <= 2x go/parser's ($cores threads) | ${rss}x | $(verdict "$rss" "<=" 2) |"
  echo "| LeakFinder peak RSS <= 2x go/parser's (1 thread) | ${rss1}x | $(verdict "$rss1" "<=" 2) |"
  echo
  echo "Where LeakFinder's single-threaded CPU time goes (\`leakfinder-bench --profile\`, best of $runs): scanning"
  echo "alone $(pfield scan_cpu_s) s; parsing with each AST dropped at once $(pfield parse_dropped_cpu_s) s; parsing with"
  echo "every AST retained, as above, $(pfield parse_kept_cpu_s) s ($(pfield gc_kept) gen0 GCs, $(pfield allocated_mb) MB allocated)."
  echo "The difference between the last two is the GC tracing and promoting the growing retained graph."
  echo
  echo "Raw lines:"
  echo
  echo '```'
  cat "$results"
  echo "$profile"
  echo '```'
  echo "<!-- parse:end -->"
} > "$section"

write_results_section parse "$section"
cat "$section"
