#!/usr/bin/env bash
# Measures `leakfinder test` on the 45 recall kernels (../recall/kernels/*/*/{bug,fixed}): copies the
# kernels to a temporary directory, makes their oracle (internal/leakcheck.Run) the plain test a user
# writes with the public helper — `defer leakcheck.VerifyNone(t)` around the scenario, run on the test's
# own goroutine, no deadline but go test's -timeout — and runs
#   leakfinder test --format json -count=1 -timeout 10s -p 2 ./kernels/...
# A bug is caught when leakfinder reports a leaked goroutine or a hung test's blocked goroutine stuck in, or
# created in, the kernel's own files; a fixed version is silent when nothing at all is reported for it (no
# leak, no hang, no race) and its tests pass. Writes RESULTS.md.
#   LEAKFINDER="dotnet /path/leakfinder.dll" ./run.sh   the binary to run (default: this checkout's JIT build)
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
export LEAKFINDER="${LEAKFINDER:-dotnet $repo/src/LeakFinder.Cli/bin/Release/net10.0/leakfinder.dll}"
export GOFLAGS=-mod=mod GO111MODULE=on GOPROXY=off GOTOOLCHAIN=local GOWORK=off
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
cp -r "$repo/bench/recall/." "$work/"
cat > "$work/internal/leakcheck/leakcheck.go" <<'GO'
// Package leakcheck, as run by bench/gotest: the kernels' tests written as a user writes them with the
// public helper, so that `leakfinder test` (not this oracle) decides what leaked or hung.
package leakcheck

import (
	"testing"
	"time"

	lc "leakfinder.dev/leakcheck"
)

// Run runs scenario on the test's goroutine and then verifies that no goroutine was left behind. The
// deadline is ignored: a scenario that blocks hangs the test until go test's -timeout fires.
func Run(t testing.TB, _ time.Duration, scenario func()) {
	t.Helper()
	defer lc.VerifyNone(t)
	scenario()
}
GO
printf '\nrequire leakfinder.dev/leakcheck v0.0.0\n\nreplace leakfinder.dev/leakcheck => %s/go/leakcheck\n' "$repo" >> "$work/go.mod"
cd "$work"
start=$(date +%s)
# shellcheck disable=SC2086
$LEAKFINDER test --format json -count=1 -timeout 10s -p 2 ./kernels/... > "$work/report.json" 2> "$work/stderr.txt"
code=$?
elapsed=$(( $(date +%s) - start ))
exec python3 - "$work" "$here/RESULTS.md" "$code" "$elapsed" <<'PY'
import json, os, sys, collections
work, results, code, elapsed = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
if code not in (0, 1):
    sys.exit(f"run.sh: leakfinder test exited {code}: {open(os.path.join(work, 'stderr.txt')).read()[-2000:]}")
r = json.load(open(os.path.join(work, 'report.json')))
found = collections.defaultdict(list)   # package -> findings
failed = set()
def kernel_dir(pkg):
    return os.path.join(work, pkg[len('recallbench/'):])
def in_kernel(pkg, g):
    d = kernel_dir(pkg) + os.sep
    files = [g.get('site', {}).get('file', ''), g.get('createdBy', {}).get('file', '')]
    return any(f.startswith(d) for f in files)
def name(g):
    s = g.get('site', {})
    return f"{g['kind']} at {os.path.basename(s.get('file', '?'))}:{s.get('line', '?')}"
for t in r['tests'] + r['packages']:
    if t['outcome'] == 'failed': failed.add(t['package'])
    for g in t['leaks']:
        found[t['package']].append(('leak', name(g), in_kernel(t['package'], g)))
for h in r['hangs']:
    for g in h['blocked']:
        found[h['package']].append(('hang', name(g), in_kernel(h['package'], g)))
for p in (r.get('races') or {}).get('pairs', []):
    for side in ('a', 'b'):
        f = p[side].get('file', '')
        for pkg in {t['package'] for t in r['tests']}:
            if f.startswith(kernel_dir(pkg) + os.sep): found[pkg].append(('race', p['kind'], True))
kernels = collections.OrderedDict()
for pkg in sorted({t['package'] for t in r['packages']}):
    parts = pkg.split('/')            # recallbench/kernels/<cat>/<name>/<variant>
    if len(parts) == 5: kernels.setdefault((parts[2], parts[3]), {})[parts[4]] = pkg
rows, caught, silent = [], 0, 0
for (cat, k), v in kernels.items():
    bug, fixed = v.get('bug'), v.get('fixed')
    b = [f for f in found.get(bug, []) if f[2]]
    fx = found.get(fixed, [])
    is_caught = bool(b)
    is_silent = fixed is not None and not fx and fixed not in failed
    caught += is_caught; silent += is_silent
    kinds = sorted({f[0] for f in b})
    rows.append(f"| {cat} | {k} | {'yes' if is_caught else 'NO'} ({'/'.join(kinds) or '-'}: {'; '.join(sorted({f[1] for f in b}))[:80] or '-'}) | "
                f"{'yes' if is_silent else 'NO'}{'' if is_silent else ' (' + '; '.join(sorted({x[0] + ' ' + x[1] for x in fx}))[:60] + (' failed' if fixed in failed else '') + ')'} |")
n = len(kernels)
with open(results, 'w') as out:
    out.write("# `leakfinder test` on the recall kernels\n\n")
    out.write("Written by `bench/gotest/run.sh`: the 45 kernels of bench/recall, their tests turned into plain tests with\n"
              "`defer leakcheck.VerifyNone(t)` (go/leakcheck) and no deadline but `go test -timeout 10s`, all run by one\n"
              "`leakfinder test --format json -count=1 -timeout 10s -p 2 ./kernels/...`. A bug is caught when a leaked or\n"
              "hung goroutine is reported stuck in, or created in, the kernel's own files; a fixed version is silent when\n"
              "nothing is reported for it and its tests pass.\n\n")
    out.write(f"- caught: **{caught}/{n}** bug versions\n- silent: **{silent}/{n}** fixed versions\n"
              f"- wall time: {elapsed} s for all {2*n} packages (2 cores shared), leakfinder exit {code}\n\n")
    out.write("| category | kernel | bug caught (how: where) | fixed silent |\n|---|---|---|---|\n")
    out.write('\n'.join(rows) + '\n')
print(f"caught {caught}/{n}, fixed silent {silent}/{n}, {elapsed}s")
PY
