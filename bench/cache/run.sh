#!/usr/bin/env bash
# Cache benchmark (issue 16): `leakfinder check --tests std` from $GOROOT/src on a cold findings cache (an
# empty --cache-dir) and then again on the unchanged tree (every package a hit: no type checking, no rules),
# each pair $RUNS times (best of each reported), under /usr/bin/time. The JIT build (`dotnet build`) runs, as
# a developer's checkout does; LEAKFINDER=path/to/leakfinder measures another executable (the native one).
# Also checks that both runs wrote the same JSON report (apart from the time taken).
# Prints the result lines and rewrites the cache section of bench/RESULTS.md.
# Target: the second run takes at most 20% of the first (wall and CPU time).
#
#   bench/cache/run.sh            # RUNS=2
#   RUNS=3 bench/cache/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/lib/results.sh
. bench/lib/timing.sh
runs=${RUNS:-2}
work=${TMPDIR:-/tmp}/leakfinder-bench-cache
mkdir -p "$work"
goroot=$(readlink -f "$(go env GOROOT)")
export GOOS=linux GOARCH=amd64 CGO_ENABLED=0 GOROOT="$goroot" GOFLAGS=

if [ -n "${LEAKFINDER:-}" ]; then
  lf=("$LEAKFINDER"); build=$LEAKFINDER
else
  echo "building the JIT build (dotnet build -c Release)..." >&2
  nice dotnet build src/LeakFinder.Cli -c Release -nologo -clp:ErrorsOnly -v:q >&2
  lf=(dotnet "$(pwd)/src/LeakFinder.Cli/bin/Release/net10.0/leakfinder.dll"); build="JIT (dotnet leakfinder.dll)"
fi

# timed <name> <args...>: runs leakfinder from $GOROOT/src; prints "wall_s cpu_s maxrss_kb".
timed() {
  local name=$1; shift
  (cd "$goroot/src" && /usr/bin/time -v -o "$work/$name.time" "${lf[@]}" "$@" > "$work/$name.json" 2> "$work/$name.err") || true
  time_fields "$work/$name.time"
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
declare -A best_wall best_line
keep() { # keep <run> <wall> <cpu> <rss>
  if [ -z "${best_wall[$1]:-}" ] || awk -v a="$2" -v b="${best_wall[$1]}" 'BEGIN { exit !(a < b) }'; then
    best_wall[$1]=$2
    best_line[$1]="run=$1 wall_s=$2 cpu_s=$3 maxrss_kb=$4"
    cp "$work/$1.err" "$work/$1.best.err"
  fi
}
same=yes
for ((r = 0; r < runs; r++)); do
  rm -rf "$work/store"
  read -r w c k < <(timed cold check --tests --verbose --format json --cache-dir "$work/store" std); keep cold "$w" "$c" "$k"
  read -r w c k < <(timed warm check --tests --verbose --format json --cache-dir "$work/store" std); keep warm "$w" "$c" "$k"
  grep -q 'cache: 0 hits' "$work/cold.err" || { echo "the cold run hit the cache" >&2; exit 1; }
  grep -q ' 0 analysed' "$work/warm.err" || { echo "the warm run analysed packages" >&2; exit 1; }
  cmp -s <(grep -v '"elapsed"' "$work/cold.json") <(grep -v '"elapsed"' "$work/warm.json") || same=no
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
results="$work/results.txt"
printf '%s\n%s\n' "${best_line[cold]}" "${best_line[warm]}" | tee "$results"

field() { awk -v t="run=$1" -v f="$2" '$1 == t { for (i = 1; i <= NF; i++) { split($i, kv, "="); if (kv[1] == f) print kv[2] } }' "$results"; }
pct() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", 100 * a / b }'; }
verdict() { awk -v v="$1" 'BEGIN { print (v <= 20) ? "met" : "NOT met" }'; }
wall=$(pct "$(field warm wall_s)" "$(field cold wall_s)")
cpu=$(pct "$(field warm cpu_s)" "$(field cold cpu_s)")
mib() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }

section="$work/section.md"
{
  echo "<!-- cache:begin (written by bench/cache/run.sh; edit the script, not this section) -->"
  echo "## Cache: a second \`check\` on an unchanged tree"
  echo
  echo "\`leakfinder check --tests std\` from \`\$GOROOT/src\` (linux/amd64, CGO_ENABLED=0), first on an empty"
  echo "\`--cache-dir\`, then again with nothing changed; best of $runs pair(s). Build: $build."
  echo "The second run still loads every package (reads each file and parses its header for the imports); it"
  echo "skips type checking and the rules (syntax errors, suppressions and the command/test classification come from the entries)."
  echo "Same JSON report on both runs (apart from the time taken): $same. \`--verbose\` of the fastest warm run:"
  echo
  echo '```'
  grep '^leakfinder:' "$work/warm.best.err" || true
  echo '```'
  echo
  echo "- Date: $(date -u +%Y-%m-%d), commit $(git rev-parse --short HEAD)"
  echo "- Machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(nproc) cores;"
  echo "  load average before the run $load_before, after $load_after (the CPU-time column is much less"
  echo "  sensitive to other load than wall time)"
  echo
  echo "| run | wall s | CPU s (user+sys) | peak RSS MiB |"
  echo "|---|---|---|---|"
  echo "| first (cold cache) | $(field cold wall_s) | $(field cold cpu_s) | $(mib "$(field cold maxrss_kb)") |"
  echo "| second (unchanged tree) | $(field warm wall_s) | $(field warm cpu_s) | $(mib "$(field warm maxrss_kb)") |"
  echo
  echo "| target | measured | |"
  echo "|---|---|---|"
  echo "| second run <= 20% of the first (wall) | ${wall}% | $(verdict "$wall") |"
  echo "| second run <= 20% of the first (CPU) | ${cpu}% | $(verdict "$cpu") |"
  echo
  echo "Raw lines:"
  echo
  echo '```'
  cat "$results"
  echo '```'
  echo "<!-- cache:end -->"
} > "$section"

write_results_section cache "$section"
cat "$section"
