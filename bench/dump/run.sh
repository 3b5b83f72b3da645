#!/usr/bin/env bash
# Scale benchmark of `leakfinder dump` (not part of ./test.sh: it needs ~3 GB of RAM and a minute or two).
# Parks N goroutines (default 1,000,000) with bench/dump/main.go, writes a real dump of all of them, then
# times `leakfinder dump --format json` on it against `wc -l` on the same file in the same run (wc is the
# read limit), best of 3 each with the file in the page cache, and writes the dump section of
# bench/RESULTS.md. Usage: bench/dump/run.sh   (N=... and WORK=dir to override)
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
dotnet build src/LeakFinder.Cli -c Release --artifacts-path "$work/art" -nologo -clp:ErrorsOnly >&2
lf="$work/art/bin/LeakFinder.Cli/release/leakfinder.dll"
dump="$work/dump.txt"
bytes=$(stat -c %s "$dump")
lines=$(wc -l < "$dump")
cat "$dump" > /dev/null

# One timed run: prints "wall user sys maxrss_kb".
timed() { /usr/bin/time -f "%e %U %S %M" -o "$work/time.txt" "$@" > "$work/out.txt"; cat "$work/time.txt"; }
best() { sort -n | head -1; }
wc_runs=(); lf_runs=()
for round in $(seq "${ROUNDS:-5}"); do
  wc_runs+=("$(timed wc -l "$dump")")
  lf_runs+=("$(timed dotnet "$lf" dump "$dump" --format json)")
done
cp "$work/out.txt" "$work/leakfinder.json"
wc_best=$(printf '%s\n' "${wc_runs[@]}" | best)
lf_best=$(printf '%s\n' "${lf_runs[@]}" | best)
lf_rss_kb=$(printf '%s\n' "${lf_runs[@]}" | awk '{ if ($4 > m) m = $4 } END { print m }')
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
lf_cpu = lf[1] + lf[2]
print(f"{wc_rate:.0f} {lf_rate:.0f} {lf_rate / wc_rate * 100:.0f} {rss:.0f} {mb / lf_cpu:.0f}")
PY
)
read -r wc_rate lf_rate pct rss_mb lf_cpu_rate <<< "$section"
rss_ok=$([ "$rss_mb" -lt 300 ] && echo met || echo "NOT met")
rate_ok=$([ "$pct" -ge 25 ] && echo met || echo "NOT met")
load=$(cut -d' ' -f1-3 /proc/loadavg)

block=$(cat <<MD
<!-- dump:begin (written by bench/dump/run.sh; edit the script, not this section) -->
## Dump: \`leakfinder dump\` on a 1,000,000-goroutine dump vs \`wc -l\`

A real dump written by bench/dump/main.go (\`$park\`): $N goroutines parked at three leak sites,
$bytes bytes, $lines lines, captured with \`runtime.Stack(buf, true)\` (what ?debug=2 prints; Go 1.19's
pprof handler would cut it at 64 MiB). Best wall time of ${ROUNDS:-5} runs each, file in the page cache.

- Date: $(date -u +%F), commit $(git rev-parse --short HEAD 2>/dev/null || echo "${COMMIT:-unknown}")
- Machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo); load average at the end: $load
- Go: $(go env GOVERSION); .NET: $(dotnet --version)

| tool | wall s | user s | sys s | MB/s (wall) | peak RSS MiB |
|---|---|---|---|---|---|
| wc -l | $(echo $wc_best | awk '{ print $1 " | " $2 " | " $3 }') | $wc_rate | $(echo $wc_best | awk '{ printf "%.0f", $4 / 1024 }') |
| leakfinder dump --format json | $(echo $lf_best | awk '{ print $1 " | " $2 " | " $3 }') | $lf_rate | $rss_mb |

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
