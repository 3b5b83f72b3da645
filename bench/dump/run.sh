#!/usr/bin/env bash
# Scale benchmark of `leakfinder dump` (not part of ./test.sh: it needs ~3 GB of RAM and a minute or two).
# Parks N goroutines (default 1,000,000) with bench/dump/main.go, writes a real dump of all of them, then
# times `leakfinder dump --format json` (the native executable users run, published here) on it against
# `wc -l` on the same file in the same run (wc is the read limit): ROUNDS rounds (default 10) running each
# once in turn, best wall time of each with a high-resolution clock (bench/dump/besttime.py), the file in the
# page cache; writes the dump section of bench/RESULTS.md.
# Usage: bench/dump/run.sh   (N=..., ROUNDS=..., WORK=dir to override; REUSE=1 keeps WORK's dump)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
. bench/lib/results.sh
N=${N:-1000000}
work=${WORK:-$(mktemp -d /tmp/leakfinder-bench-dump.XXXXXX)}
mkdir -p "$work"
export GOCACHE="$work/gocache" GOPATH="$work/gopath" GO111MODULE=off CGO_ENABLED=0
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

go build -o "$work/parkmany" ./bench/dump
if [ "${REUSE:-0}" = 1 ] && [ -s "$work/dump.txt" ] && [ -s "$work/park.txt" ]; then
  echo "bench/dump: reusing $work/dump.txt" >&2   # REUSE=1 WORK=dir: re-measure without parking again
else
  echo "bench/dump: parking $N goroutines" >&2
  "$work/parkmany" -n "$N" -o "$work/dump.txt" > "$work/park.txt"
fi
park=$(cat "$work/park.txt")
# The native AOT executable, as ./leakfinder runs it, in an artifacts path of its own.
dotnet publish src/LeakFinder.Cli -c Release -r linux-x64 --artifacts-path "$work/aot" -nologo -clp:ErrorsOnly >&2
lf="$work/aot/publish/LeakFinder.Cli/release_linux-x64/leakfinder"
dump="$work/dump.txt"
rounds=${ROUNDS:-10}
bytes=$(stat -c %s "$dump")
lines=$(wc -l < "$dump")
cat "$dump" > /dev/null

# First line: the launch overhead subtracted from the walls; then per command: best_wall_s median_wall_s
# user_s sys_s max_rss_kb (user and sys of the best run).
timings_text=$(python3 bench/dump/besttime.py "$rounds" "$work" "wc -l $(printf %q "$dump")" \
  "$(printf %q "$lf") dump $(printf %q "$dump") --format json")
mapfile -t timings <<< "$timings_text"
launch_ms=$(echo "${timings[0]}" | awk '{ printf "%.1f", $1 * 1000 }')
wc_best=${timings[1]}
lf_best=${timings[2]}
lf_rss_kb=$(echo "$lf_best" | awk '{ print $5 }')
cp "$work/out-1.txt" "$work/leakfinder.json"
top=$(python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["suspects"][0]; print("%s %s:%d (%d goroutines, score %.2f)" % (s["site"]["function"], s["site"]["file"].split("/")[-1], s["site"]["line"], s["goroutines"], s["score"]))' "$work/leakfinder.json")
total=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["totalGoroutines"])' "$work/leakfinder.json")

read -r section < <(python3 - "$bytes" "$lines" "$wc_best" "$lf_best" "$lf_rss_kb" <<'PY'
import sys
b, lines = int(sys.argv[1]), int(sys.argv[2])
wc = [float(x) for x in sys.argv[3].split()]
lf = [float(x) for x in sys.argv[4].split()]
rss = int(sys.argv[5]) / 1024
mb = b / 1e6
wc_rate, lf_rate = mb / wc[0], mb / lf[0]
lf_cpu = lf[2] + lf[3]
print(f"{wc_rate:.0f} {lf_rate:.0f} {lf_rate / wc_rate * 100:.0f} {rss:.0f} {mb / lf_cpu:.0f}")
PY
)
read -r wc_rate lf_rate pct rss_mb lf_cpu_rate <<< "$section"
ms_columns() { echo "$1" | awk '{ printf "%.1f | %.1f | %.0f | %.0f", $1 * 1000, $2 * 1000, $3 * 1000, $4 * 1000 }'; }
rss_ok=$([ "$rss_mb" -lt 300 ] && echo met || echo "NOT met")
rate_ok=$([ "$pct" -ge 25 ] && echo met || echo "NOT met")
load=$(cut -d' ' -f1-3 /proc/loadavg)

block=$(cat <<MD
<!-- dump:begin (written by bench/dump/run.sh; edit the script, not this section) -->
## Dump: \`leakfinder dump\` on a 1,000,000-goroutine dump vs \`wc -l\`

A real dump written by bench/dump/main.go (\`$park\`): $N goroutines parked at three leak sites,
$bytes bytes, $lines lines, captured with \`runtime.Stack(buf, true)\` (what ?debug=2 prints; Go 1.19's
pprof handler would cut it at 64 MiB). $rounds rounds, each running both tools once in turn, file in the page
cache; wall time from spawn to exit with a high-resolution clock (bench/dump/besttime.py), best and median
of the rounds, net of the cost of launching a process ($launch_ms ms, the best time of \`true\` launched the
same way); user and sys of the best run; peak RSS over all runs. LeakFinder is the native executable.

- Date: $(date -u +%F), commit $(git rev-parse --short HEAD 2>/dev/null || echo "${COMMIT:-unknown}")
- Machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo); load average at the end: $load
- Go: $(go env GOVERSION); .NET: $(dotnet --version)

| tool | best wall ms | median wall ms | user ms | sys ms | MB/s (best wall) | peak RSS MiB |
|---|---|---|---|---|---|---|
| wc -l | $(ms_columns "$wc_best") | $wc_rate | $(echo "$wc_best" | awk '{ printf "%.0f", $5 / 1024 }') |
| leakfinder dump --format json | $(ms_columns "$lf_best") | $lf_rate | $rss_mb |

LeakFinder found $total goroutines; #1 suspect: $top. On CPU time LeakFinder reads $lf_cpu_rate MB/s.

| target | measured | |
|---|---|---|
| peak RSS < 300 MB | $rss_mb MiB | $rss_ok |
| throughput >= 25% of wc -l | $pct% | $rate_ok |
<!-- dump:end -->
MD
)
results="${RESULTS:-$root/bench/RESULTS.md}"
section_file=$(mktemp)
printf '%s\n' "$block" > "$section_file"
write_results_section dump "$section_file" "$results"
rm -f "$section_file"
echo "bench/dump: wc -l $wc_rate MB/s, leakfinder $lf_rate MB/s ($pct%), peak RSS $rss_mb MiB; results in bench/RESULTS.md" >&2
[ -n "${WORK:-}" ] || rm -rf "$work"
