#!/usr/bin/env bash
# Checks that every kernel reproduces: each bug/ package must fail under `go test -race` because of the
# race (a race report, or the panic or fatal error the race causes: close of a closed channel, send on a
# closed channel, concurrent map writes, a test's T used after the test), each fixed/ package must pass
# under -race. Prints one row per kernel and exits 1 on any mismatch. A build error or a wrong answer
# without a race does not count. Standard library only: no network, no module downloads.
#   ./verify.sh                 all kernels
#   ./verify.sh map channel     only these categories
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
export GOFLAGS=-mod=mod GO111MODULE=on GOPROXY=off GOTOOLCHAIN=local
patterns=()
if [ $# -eq 0 ]; then patterns=(./kernels/...); else for c in "$@"; do patterns+=("./kernels/$c/..."); done; fi
json="$(mktemp)"; trap 'rm -f "$json"' EXIT
# One `go test` over all packages: each package is its own test binary with its own timeout, and the go
# command builds them two at a time.
nice go test -race -count=1 -timeout 60s -p 2 -json "${patterns[@]}" > "$json" 2>/dev/null
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
# Why a package failed: only the race (or what it made happen) counts for a bug.
def why(pkg):
    o = out[pkg]
    for needle, reason in (('WARNING: DATA RACE', 'race'), ('close of closed channel', 'closeclosed'),
                           ('send on closed channel', 'sendclosed'), ('concurrent map', 'mapfatal'),
                           ('has completed', 'tafterdone')):
        if needle in o: return reason
    return 'other'
kernels = collections.OrderedDict()
for pkg in sorted(res):
    parts = pkg.split('/')          # racebench/kernels/<cat>/<name>/<variant>
    if len(parts) != 5: continue
    kernels.setdefault((parts[2], parts[3]), {})[parts[4]] = res[pkg] if res[pkg] != 'fail' else why(pkg)
bad = 0
print(f"{'category':<12}{'kernel':<20}{'bug':<13}{'fixed':<10}verdict")
for (cat, name), v in kernels.items():
    b, f = v.get('bug', 'missing'), v.get('fixed', 'missing')
    ok = b not in ('pass', 'skip', 'other', 'missing') and f == 'pass'
    bad += not ok
    print(f"{cat:<12}{name:<20}{b:<13}{f:<10}{'ok' if ok else 'MISMATCH'}")
print(f"\n{len(kernels) - bad}/{len(kernels)} kernels reproduce (bug fails by its race, fixed passes under -race)")
sys.exit(1 if bad or not kernels else 0)
PY
