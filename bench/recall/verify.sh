#!/usr/bin/env bash
# Checks that every kernel reproduces: each bug/ package must fail under `go test` (it blocks past its
# deadline or leaks goroutines), each fixed/ package must pass. Prints one row per kernel and exits 1 on
# any mismatch. A bug counts only when it failed by blocking or leaking (not a build error or a wrong
# result). Standard library only: no network, no module downloads.
#   ./verify.sh                 all kernels
#   ./verify.sh mutex channel   only these categories
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
export GOFLAGS=-mod=mod GO111MODULE=on GOPROXY=off GOTOOLCHAIN=local
patterns=()
if [ $# -eq 0 ]; then patterns=(./kernels/...); else for c in "$@"; do patterns+=("./kernels/$c/..."); done; fi
json="$(mktemp)"; trap 'rm -f "$json"' EXIT
# One `go test` over all packages: each package is its own test binary with its own 30s timeout, and the
# go command compiles them two at a time instead of once per invocation.
nice go test -count=1 -timeout 30s -p 2 -json "${patterns[@]}" > "$json" 2>/dev/null
python3 - "$json" <<'PY'
import json, sys, collections
res, out = {}, collections.defaultdict(str)
for line in open(sys.argv[1]):
    try: ev = json.loads(line)
    except ValueError: continue
    if ev.get('Action') == 'output':
        out[ev['Package']] += ev.get('Output', '')
    if ev.get('Test') is None and ev.get('Action') in ('pass', 'fail', 'skip'):
        res[ev['Package']] = ev['Action']
# Why a package failed: only a reproduction counts for a bug, never a build error or a wrong answer.
def why(pkg):
    o = out[pkg]
    for needle, reason in (('scenario still blocked', 'blocked'), ('leaked:', 'leaked'),
                           ('test timed out', 'timeout'), ('all goroutines are asleep', 'deadlock')):
        if needle in o: return reason
    return 'other'
kernels = collections.OrderedDict()
for pkg in sorted(res):
    parts = pkg.split('/')          # recallbench/kernels/<cat>/<name>/<variant>
    if len(parts) != 5: continue
    kernels.setdefault((parts[2], parts[3]), {})[parts[4]] = res[pkg] if res[pkg] != 'fail' else why(pkg)
bad = 0
print(f"{'category':<14}{'kernel':<24}{'bug':<10}{'fixed':<10}verdict")
for (cat, name), v in kernels.items():
    b, f = v.get('bug', 'missing'), v.get('fixed', 'missing')
    ok = b in ('blocked', 'leaked', 'timeout', 'deadlock') and f == 'pass'
    bad += not ok
    print(f"{cat:<14}{name:<24}{b:<10}{f:<10}{'ok' if ok else 'MISMATCH'}")
print(f"\n{len(kernels) - bad}/{len(kernels)} kernels reproduce (bug fails, fixed passes)")
sys.exit(1 if bad or not kernels else 0)
PY
