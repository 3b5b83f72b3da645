#!/usr/bin/env python3
"""Reads `leakfinder check --format json` on stdin; prints one TSV line per finding:
rule, module, path relative to the module root:line:col, message (tabs and newlines folded)."""
import json, os, sys

module, root = sys.argv[1], sys.argv[2]
text = sys.stdin.read()
if not text.strip():
    sys.exit(0)
report = json.loads(text)
for f in report.get("findings", []):
    path = f["file"]
    if os.path.isabs(path):
        path = os.path.relpath(path, root)
    msg = " ".join(f["message"].split())
    print(f"{f['rule']}\t{module}\t{path}:{f['line']}:{f['column']}\t{msg}")
