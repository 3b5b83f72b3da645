#!/usr/bin/env bash
# Measures `leakfinder test` on the 45 recall kernels (../recall/kernels/*/*/{bug,fixed}) in two runs over
# copies of the kernels, each one `leakfinder test --format json -count=1 -timeout 10s -p 2 ./kernels/...`:
#   helper: the kernels' oracle (internal/leakcheck.Run) becomes the plain test a user writes with the
#           public helper, `defer leakcheck.VerifyNone(t)` around the scenario on the test's goroutine, no
#           deadline but go test's -timeout: leakfinder reads the marked reports and the timeout dumps;
#   oracle: the kernels as they are; their oracle fails the test with the stacks of the goroutines left in
#           kernel code (no markers), which leakfinder reads as a failed test's printed stacks.
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

run_mode() { # mode: copies the kernels into $work/mode, runs leakfinder test there
  local mode=$1 dir="$work/$1"
  mkdir -p "$dir" && cp -r "$repo/bench/recall/." "$dir/"
  if [ "$mode" = helper ]; then
    cat > "$dir/internal/leakcheck/leakcheck.go" <<'GO'
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
    printf '\nrequire leakfinder.dev/leakcheck v0.0.0\n\nreplace leakfinder.dev/leakcheck => %s/go/leakcheck\n' "$repo" >> "$dir/go.mod"
  fi
  local start; start=$(date +%s)
  # shellcheck disable=SC2086
  (cd "$dir" && $LEAKFINDER test --format json -count=1 -timeout 10s -p 2 ./kernels/... > "$work/$mode.json" 2> "$work/$mode.err")
  echo "$? $(( $(date +%s) - start ))" > "$work/$mode.status"
}
run_mode helper
run_mode oracle
exec python3 - "$work" "$here/RESULTS.md" <<'PY'
import json, os, sys, collections
work, results = sys.argv[1], sys.argv[2]

def measure(mode):
    code, elapsed = open(os.path.join(work, mode + '.status')).read().split()
    if code not in ('0', '1'):
        sys.exit(f"run.sh: leakfinder test ({mode}) exited {code}: {open(os.path.join(work, mode + '.err')).read()[-2000:]}")
    r = json.load(open(os.path.join(work, mode + '.json')))
    root = os.path.join(work, mode)
    kernel_dir = lambda pkg: os.path.join(root, pkg[len('recallbench/'):]) + os.sep
    def in_kernel(pkg, g):
        return any(f.startswith(kernel_dir(pkg)) for f in (g.get('site', {}).get('file', ''), g.get('createdBy', {}).get('file', '')))
    def name(g):
        s = g.get('site', {})
        return f"{g['kind']} at {os.path.basename(s.get('file', '?'))}:{s.get('line', '?')}"
    found, failed = collections.defaultdict(list), set()
    for t in r['tests'] + r['packages']:
        if t['outcome'] == 'failed': failed.add(t['package'])
        for g in t['leaks']: found[t['package']].append(('leak', name(g), in_kernel(t['package'], g)))
    for h in r['hangs']:
        for g in h['blocked']: found[h['package']].append(('hang', name(g), in_kernel(h['package'], g)))
    packages = {t['package'] for t in r['packages']}
    for p in (r.get('races') or {}).get('pairs', []):
        for side in ('a', 'b'):
            for pkg in packages:
                if p[side].get('file', '').startswith(kernel_dir(pkg)): found[pkg].append(('race', p['kind'], True))
    kernels = collections.OrderedDict()
    for pkg in sorted(packages):
        parts = pkg.split('/')            # recallbench/kernels/<cat>/<name>/<variant>
        if len(parts) == 5: kernels.setdefault((parts[2], parts[3]), {})[parts[4]] = pkg
    rows = {}
    for key, v in kernels.items():
        bug, fixed = v.get('bug'), v.get('fixed')
        b = [f for f in found.get(bug, []) if f[2]]
        fx = found.get(fixed, [])
        silent = fixed is not None and not fx and fixed not in failed
        how = f"{'/'.join(sorted({f[0] for f in b})) or '-'}: {'; '.join(sorted({f[1] for f in b}))[:80] or '-'}"
        why = '' if silent else ' (' + '; '.join(sorted({x[0] + ' ' + x[1] for x in fx}))[:60] + (' failed' if fixed in failed else '') + ')'
        rows[key] = (bool(b), how, silent, why)
    return rows, int(code), elapsed

helper, hcode, htime = measure('helper')
oracle, ocode, otime = measure('oracle')
n = len(helper)
count = lambda rows, i: sum(1 for v in rows.values() if v[i])
yes = lambda b: 'yes' if b else 'NO'
with open(results, 'w') as out:
    out.write("# `leakfinder test` on the recall kernels\n\n"
              "Written by `bench/gotest/run.sh`. Both runs are one `leakfinder test --format json -count=1 -timeout 10s -p 2\n"
              "./kernels/...` over a copy of bench/recall's 45 kernels (bug and fixed: 90 packages):\n\n"
              "- **helper**: the kernels' tests rewritten as a user writes them with go/leakcheck: `defer leakcheck.VerifyNone(t)`\n"
              "  around the scenario on the test's goroutine, no deadline but `-timeout 10s`. leakfinder reads the marked\n"
              "  reports and, for a scenario that blocks, the timeout's goroutine dump.\n"
              "- **oracle**: the kernels unchanged; their oracle fails a test with the stacks of goroutines left in kernel\n"
              "  code, without markers, which leakfinder reads as the failed test's leak report.\n\n"
              "A bug is caught when a leaked or hung goroutine is reported stuck in, or created in, the kernel's own files;\n"
              "a fixed version is silent when nothing is reported for it and its tests pass.\n\n"
              "| run | bugs caught | fixed silent | wall time (2 shared cores) |\n|---|---|---|---|\n"
              f"| helper | **{count(helper, 0)}/{n}** | **{count(helper, 2)}/{n}** | {htime} s |\n"
              f"| oracle | **{count(oracle, 0)}/{n}** | **{count(oracle, 2)}/{n}** | {otime} s |\n\n"
              "| category | kernel | helper: caught (how: where) | helper: fixed silent | oracle: caught | oracle: fixed silent |\n"
              "|---|---|---|---|---|---|\n")
    for (cat, k), (c, how, s, why) in helper.items():
        oc, ohow, os_, owhy = oracle.get((cat, k), (False, '-', False, ' (missing)'))
        out.write(f"| {cat} | {k} | {yes(c)} ({how}) | {yes(s)}{why} | {yes(oc)} | {yes(os_)}{owhy} |\n")
print(f"helper: caught {count(helper, 0)}/{n}, fixed silent {count(helper, 2)}/{n}, {htime}s; "
      f"oracle: caught {count(oracle, 0)}/{n}, fixed silent {count(oracle, 2)}/{n}, {otime}s")
PY
