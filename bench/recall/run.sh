#!/usr/bin/env bash
# Measures leakfinder's recall on the kernels: runs `leakfinder check --format json ./...` in every bug/
# and fixed/ directory as a user would, once plain and once with --tests, and writes RESULTS.md.
# A bug is found when a blocking finding (rule LF1xxx or LF5xxx, or category goroutine-leak or deadlock)
# lies in the kernel; a fixed version is silent when it has none. Exit codes 0 and 1 are normal; 2 and 3
# are reported as errors (and make this script exit 2).
#   LEAKFINDER=/path/to/leakfinder ./run.sh      another binary (default: the main checkout's AOT build)
#   LEAKFINDER_FLAGS="--enable LF5004" ./run.sh  extra flags for every run (recorded in RESULTS.md)
#   ./run.sh mutex channel                       only these categories (RESULTS.md is then not written)
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
export LEAKFINDER="${LEAKFINDER:-/work/main/.build/aot/publish/LeakFinder.Cli/release_linux-x64/leakfinder}"
export LEAKFINDER_FLAGS="${LEAKFINDER_FLAGS:-}"
# Recall is what the rules find: every kernel analysed afresh, no findings cache written to ~/.cache.
export LEAKFINDER_CACHE=off
if [ ! -x "$LEAKFINDER" ]; then
  echo "run.sh: no leakfinder at $LEAKFINDER (build it with ./leakfinder in the repository, or set LEAKFINDER=)" >&2
  exit 2
fi
exec python3 - "$here" "$@" <<'PY'
import json, os, re, shlex, subprocess, sys, collections

root, only = sys.argv[1], sys.argv[2:]
exe, extra = os.environ['LEAKFINDER'], shlex.split(os.environ['LEAKFINDER_FLAGS'])
CATEGORIES = ['channel', 'mutex', 'chanlock', 'context', 'waitgroup', 'cond']
BLOCKING_ID = re.compile(r'^LF[15]\d{3,}$')
BLOCKING_CATEGORY = {'goroutine-leak', 'deadlock'}

def check(d, tests):
    """Runs leakfinder in d; returns (blocking findings in d as 'RULE file:line', error text or None)."""
    args = [exe, 'check', '--format', 'json', '--no-color'] + (['--tests'] if tests else []) + extra + ['./...']
    p = subprocess.run(args, cwd=d, capture_output=True, text=True)
    if p.returncode not in (0, 1):
        return [], f'exit {p.returncode}: {(p.stderr or p.stdout).strip().splitlines()[-1:] or ""}'
    try:
        report = json.loads(p.stdout)
    except ValueError as e:
        return [], f'bad JSON: {e}'
    ids = []
    for f in report.get('findings', []):
        path = os.path.normpath(os.path.join(d, f.get('file', '')))
        in_kernel = path.startswith(os.path.normpath(d) + os.sep)
        blocking = BLOCKING_ID.match(f.get('rule', '')) or f.get('category') in BLOCKING_CATEGORY
        if in_kernel and blocking:
            ids.append(f"{f['rule']} {f.get('file')}:{f.get('line')}")
    errs = report.get('errors') or []
    return sorted(set(ids), key=lambda x: (x.split()[1].split(':')[0], int(x.split(':')[-1]))), ('; '.join(e if isinstance(e, str) else e.get('message', json.dumps(e)) for e in errs) or None)

def layout(d):
    return 'split' if os.path.exists(os.path.join(d, 'kernel.go')) else 'single'

rows, errors = [], []
kdir = os.path.join(root, 'kernels')
for cat in CATEGORIES:
    if only and cat not in only or not os.path.isdir(os.path.join(kdir, cat)):
        continue
    for name in sorted(os.listdir(os.path.join(kdir, cat))):
        base = os.path.join(kdir, cat, name)
        row = {'cat': cat, 'name': name, 'layout': layout(os.path.join(base, 'bug'))}
        for tests, col in ((False, 'plain'), (True, 'tests')):
            for variant in ('bug', 'fixed'):
                ids, err = check(os.path.join(base, variant), tests)
                row[variant, col] = ids
                if err:
                    errors.append(f'{cat}/{name}/{variant} ({col}): {err}')
                    row.setdefault('err', []).append(f'{variant} {col}')
        rows.append(row)

def yes(b): return 'yes' if b else 'no'
def ids(l): return ', '.join(sorted({x.split()[0] for x in l})) or '-'
def where(l): return ', '.join(x.split()[1] for x in l) or '-'

print(f"{'category':<11}{'kernel':<24}{'layout':<8}{'found':<7}{'--tests':<9}{'rules (--tests)':<20}fixed silent (plain/--tests)")
for r in rows:
    print(f"{r['cat']:<11}{r['name']:<24}{r['layout']:<8}{yes(r['bug','plain']):<7}{yes(r['bug','tests']):<9}"
          f"{ids(r['bug','tests']):<20}{yes(not r['fixed','plain'])}/{yes(not r['fixed','tests'])}")

summary = collections.OrderedDict()
for r in rows:
    s = summary.setdefault(r['cat'], collections.Counter())
    s['n'] += 1
    s['found'] += bool(r['bug', 'plain']); s['found_t'] += bool(r['bug', 'tests'])
    s['silent'] += not r['fixed', 'plain']; s['silent_t'] += not r['fixed', 'tests']
tot = sum(summary.values(), collections.Counter())
print()
print(f"{'category':<11}{'found':>7}{'found --tests':>15}{'fixed silent':>14}{'fixed silent --tests':>22}")
for cat, s in list(summary.items()) + [('total', tot)]:
    n = s['n']
    print(f"{cat:<11}{s['found']:>4}/{n:<2}{s['found_t']:>12}/{n:<2}{s['silent']:>11}/{n:<2}{s['silent_t']:>19}/{n:<2}")
line = (f"found {tot['found']}/{tot['n']} plain, {tot['found_t']}/{tot['n']} with --tests; "
        f"fixed silent {tot['silent']}/{tot['n']} plain, {tot['silent_t']}/{tot['n']} with --tests")
print('\n' + line)
for e in errors:
    print('error:', e, file=sys.stderr)

if not only:
    version = subprocess.run([exe, '--version'], capture_output=True, text=True).stdout.strip()
    out = ['# Recall results', '',
           f'Generated by `run.sh` with leakfinder {version.split()[-1]} (`{exe}`)'
           + (f' and flags `{" ".join(extra)}`' if extra else '') + '. "found" means a blocking finding '
           '(LF1xxx/LF5xxx, goroutine-leak or deadlock) in the bug version; "silent" means none in the fixed version.',
           '', f'**{line}**', '',
           '| category | found | found --tests | fixed silent | fixed silent --tests |', '|---|---|---|---|---|']
    for cat, s in list(summary.items()) + [('**total**', tot)]:
        n = s['n']
        out.append(f"| {cat} | {s['found']}/{n} | {s['found_t']}/{n} | {s['silent']}/{n} | {s['silent_t']}/{n} |")
    out += ['', 'Per kernel; "where" lists the blocking findings of the --tests run: a finding only in a `_test.go`',
            'driver of a split kernel means leakfinder saw the bug through the driver\'s calls, not in the code itself.', '',
            '| category | kernel | layout | found | rules | found --tests | rules --tests | where (--tests) | fixed silent | fixed silent --tests | fixed rules --tests |',
            '|---|---|---|---|---|---|---|---|---|---|---|']
    for r in rows:
        out.append(f"| {r['cat']} | {r['name']} | {r['layout']} | {yes(r['bug','plain'])} | {ids(r['bug','plain'])} | "
                   f"{yes(r['bug','tests'])} | {ids(r['bug','tests'])} | {where(r['bug','tests'])} | {yes(not r['fixed','plain'])} | "
                   f"{yes(not r['fixed','tests'])} | {ids(r['fixed','tests'])} |")
    if errors:
        out += ['', '## Errors', ''] + [f'- {e}' for e in errors]
    open(os.path.join(root, 'RESULTS.md'), 'w').write('\n'.join(out) + '\n')
sys.exit(2 if errors else 0)
PY
