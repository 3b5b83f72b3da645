#!/usr/bin/env bash
# Measures the race rules' recall on the kernels: runs `leakfinder check --format json ./...` in every bug/
# and fixed/ directory as a user would, once plain and once with --tests, and writes RESULTS.md.
# A bug is found only when a race finding (category race, rule LF7xxx) is about the bug: its line, or one of
# its related locations, is one of the racing lines the kernel's README names. A fixed version is silent
# when it has no race finding at all. Exit codes 0 and 1 are normal; 2 and 3 are reported as errors (and
# make this script exit 2).
#   LEAKFINDER=/path/to/leakfinder ./run.sh      another binary (default: the main checkout's AOT build)
#   LEAKFINDER_FLAGS="--enable LF7004" ./run.sh  extra flags for every run (recorded in RESULTS.md)
#   ./run.sh map channel                         only these categories (RESULTS.md is then not written)
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
export LEAKFINDER="${LEAKFINDER:-/work/main/.build/aot/publish/LeakFinder.Cli/release_linux-x64/leakfinder}"
export LEAKFINDER_FLAGS="${LEAKFINDER_FLAGS:-}"
if [ ! -x "$LEAKFINDER" ]; then
  echo "run.sh: no leakfinder at $LEAKFINDER (build it with ./leakfinder in the repository, or set LEAKFINDER=)" >&2
  exit 2
fi
exec python3 - "$here" "$@" <<'PY'
import json, os, re, shlex, subprocess, sys, collections

root, only = sys.argv[1], sys.argv[2:]
exe, extra = os.environ['LEAKFINDER'], shlex.split(os.environ['LEAKFINDER_FLAGS'])
RACE_ID = re.compile(r'^LF7\d{3,}$')

def racing_lines(kernel):
    """The 'file:line' pairs the README names as racing, in the bug version."""
    for line in open(os.path.join(kernel, 'README.md')):
        if line.startswith('- Racing lines (bug/):'):
            return set(line.split(':', 1)[1].split())
    sys.exit(f'run.sh: {kernel}/README.md names no racing lines')

def check(d, tests):
    """Runs leakfinder in d; returns (race findings in d as dicts, error text or None)."""
    args = [exe, 'check', '--format', 'json', '--no-color'] + (['--tests'] if tests else []) + extra + ['./...']
    p = subprocess.run(args, cwd=d, capture_output=True, text=True)
    if p.returncode not in (0, 1):
        return [], f'exit {p.returncode}: {(p.stderr or p.stdout).strip().splitlines()[-1:] or ""}'
    try:
        report = json.loads(p.stdout)
    except ValueError as e:
        return [], f'bad JSON: {e}'
    found = []
    for f in report.get('findings', []):
        path = os.path.normpath(os.path.join(d, f.get('file', '')))
        if path.startswith(os.path.normpath(d) + os.sep) and (RACE_ID.match(f.get('rule', '')) or f.get('category') == 'race'):
            found.append(f)
    errs = report.get('errors') or []
    return found, ('; '.join(e if isinstance(e, str) else e.get('message', json.dumps(e)) for e in errs) or None)

def sites(f):
    """Where a finding points: its own line and its related locations, as 'file:line'."""
    return {f"{os.path.basename(f.get('file', ''))}:{f.get('line')}"} | {
        f"{os.path.basename(r.get('file', ''))}:{r.get('line')}" for r in f.get('related') or []}

def label(f): return f"{f['rule']} {os.path.basename(f.get('file', ''))}:{f.get('line')}"

rows, errors = [], []
kdir = os.path.join(root, 'kernels')
for cat in sorted(os.listdir(kdir)):
    if only and cat not in only:
        continue
    for name in sorted(os.listdir(os.path.join(kdir, cat))):
        base = os.path.join(kdir, cat, name)
        racing = racing_lines(base)
        row = {'cat': cat, 'name': name, 'layout': 'split' if os.path.exists(os.path.join(base, 'bug', 'kernel.go')) else 'single'}
        for tests, col in ((False, 'plain'), (True, 'tests')):
            for variant in ('bug', 'fixed'):
                found, err = check(os.path.join(base, variant), tests)
                if variant == 'bug':
                    row['about', col] = [label(f) for f in found if sites(f) & racing]
                    row['other', col] = [label(f) for f in found if not sites(f) & racing]
                else:
                    row['fixed', col] = [label(f) for f in found]
                if err:
                    errors.append(f'{cat}/{name}/{variant} ({col}): {err}')
        rows.append(row)

def yes(b): return 'yes' if b else 'no'
def ids(l): return ', '.join(sorted(set(l))) or '-'

print(f"{'category':<11}{'kernel':<18}{'layout':<8}{'found':<7}{'--tests':<9}{'findings about the bug (--tests)':<40}fixed silent (plain/--tests)")
for r in rows:
    print(f"{r['cat']:<11}{r['name']:<18}{r['layout']:<8}{yes(r['about','plain']):<7}{yes(r['about','tests']):<9}"
          f"{ids(r['about','tests']):<40}{yes(not r['fixed','plain'])}/{yes(not r['fixed','tests'])}")

n = len(rows)
tot = collections.Counter()
for r in rows:
    tot['found'] += bool(r['about', 'plain']); tot['found_t'] += bool(r['about', 'tests'])
    tot['silent'] += not r['fixed', 'plain']; tot['silent_t'] += not r['fixed', 'tests']
line = (f"found {tot['found']}/{n} plain, {tot['found_t']}/{n} with --tests; "
        f"fixed silent {tot['silent']}/{n} plain, {tot['silent_t']}/{n} with --tests")
print('\n' + line)
for e in errors:
    print('error:', e, file=sys.stderr)

if not only:
    version = subprocess.run([exe, '--version'], capture_output=True, text=True).stdout.strip()
    out = ['# Race recall results', '',
           f'Generated by `run.sh` with leakfinder {version.split()[-1] if version else "?"} (`{exe}`)'
           + (f' and flags `{" ".join(extra)}`' if extra else '') + '. "found" means a race finding (LF7xxx) whose line or '
           'related location is one of the racing lines the kernel\'s README names; "silent" means no race finding in the fixed version.',
           '', f'**{line}**', '',
           '| category | kernel | layout | found | found --tests | findings about the bug (--tests) | other race findings in bug (--tests) | fixed silent | fixed silent --tests | fixed findings (--tests) |',
           '|---|---|---|---|---|---|---|---|---|---|']
    for r in rows:
        out.append(f"| {r['cat']} | {r['name']} | {r['layout']} | {yes(r['about','plain'])} | {yes(r['about','tests'])} | "
                   f"{ids(r['about','tests'])} | {ids(r['other','tests'])} | {yes(not r['fixed','plain'])} | "
                   f"{yes(not r['fixed','tests'])} | {ids(r['fixed','tests'])} |")
    if errors:
        out += ['', '## Errors', ''] + [f'- {e}' for e in errors]
    open(os.path.join(root, 'RESULTS.md'), 'w').write('\n'.join(out) + '\n')
sys.exit(2 if errors else 0)
PY
