#!/usr/bin/env python3
"""Joins bench/precision/findings.tsv with the hand labels of labels.tsv and rewrites the precision section of
bench/RESULTS.md: findings, true, false, debatable and unlabelled per rule, and precision.

labels.tsv: rule <TAB> module <TAB> path:line <TAB> verdict (true|false|debatable) <TAB> one-line reason.
A label matches a finding of the same rule, module, file and line (the column is left out so a label survives
a rule's span moving within the line). Precision = true / (true + false); strict precision counts debatable
findings as wrong too. Exit 1 when a finding is unlabelled, so a changed rule cannot hide new findings."""
import collections, os, subprocess, sys

here = os.path.dirname(os.path.abspath(__file__))
repo = os.path.dirname(os.path.dirname(here))

def read_tsv(name):
    path = os.path.join(here, name)
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        return [l.rstrip("\n").split("\t") for l in f if l.strip() and not l.startswith("#")]

def key(rule, module, loc):
    parts = loc.split(":")
    return (rule, module, ":".join(parts[:2]))

labels = {}
for row in read_tsv("labels.tsv"):
    rule, module, loc, verdict, reason = (row + [""] * 5)[:5]
    if verdict not in ("true", "false", "debatable"):
        sys.exit(f"labels.tsv: bad verdict {verdict!r} for {rule} {module} {loc}")
    labels[key(rule, module, loc)] = (verdict, reason)

findings = read_tsv("findings.tsv")
per_rule = collections.defaultdict(collections.Counter)
unlabelled = []
for rule, module, loc, msg in findings:
    lab = labels.get(key(rule, module, loc))
    verdict = lab[0] if lab else "unlabelled"
    per_rule[rule][verdict] += 1
    if not lab:
        unlabelled.append(f"{rule}\t{module}\t{loc}\t{msg}")

size = read_tsv("corpus-size.tsv")
modules, files, lines = (size[0] if size else ["?", "?", "?"])

def pct(n, d):
    return f"{100 * n / d:.0f}%" if d else "n/a"

total = collections.Counter()
rows = []
for rule in sorted(per_rule):
    c = per_rule[rule]
    total.update(c)
    rows.append(f"| {rule} | {sum(c.values())} | {c['true']} | {c['false']} | {c['debatable']} | {c['unlabelled']} | "
                f"{pct(c['true'], c['true'] + c['false'])} | {pct(c['true'], c['true'] + c['false'] + c['debatable'])} |")
rows.append(f"| **all** | {sum(total.values())} | {total['true']} | {total['false']} | {total['debatable']} | {total['unlabelled']} | "
            f"**{pct(total['true'], total['true'] + total['false'])}** | {pct(total['true'], total['true'] + total['false'] + total['debatable'])} |")

try:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=repo, capture_output=True, text=True).stdout.strip()
except OSError:
    commit = "?"
section = [
    "<!-- precision:begin (written by bench/precision/run.sh) -->",
    "## Precision on real third-party Go code (bench/precision)",
    "",
    f"`leakfinder check ./...` (default rules) over {modules} modules of real Go services and libraries that Debian packages",
    f"({files} non-test files, {lines} lines; list in bench/precision/modules.txt), each finding labelled by hand in",
    "bench/precision/labels.tsv (true / false / debatable, with a reason). Precision = true / (true + false); strict",
    f"counts debatable as wrong. Commit {commit}.",
    "",
    "| rule | findings | true | false | debatable | unlabelled | precision | strict |",
    "|---|---|---|---|---|---|---|---|",
    *rows,
    "<!-- precision:end -->",
]
sec_path = os.path.join(here, ".section.md")
with open(sec_path, "w", encoding="utf-8") as f:
    f.write("\n".join(section) + "\n")
subprocess.run(["bash", "-c", f'. bench/lib/results.sh && write_results_section precision "{sec_path}"'], cwd=repo, check=True)
os.remove(sec_path)
print("\n".join(rows))
if unlabelled:
    print(f"\n{len(unlabelled)} unlabelled findings:", file=sys.stderr)
    for u in unlabelled:
        print("  " + u, file=sys.stderr)
    sys.exit(1)
