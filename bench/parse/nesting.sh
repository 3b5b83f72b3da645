#!/usr/bin/env bash
# The parser's time limit on pathological input (issue 4: at most 1 s per MB on any input), timed here and
# not in unit tests: tests/LeakFinder.Syntax.Tests/Robustness bounds the parser's steps per byte, which a
# busy machine cannot disturb. Writes every nesting shape at 10,000 and 100,000 levels (go/parser's limit),
# parses each alone (best of RUNS) and prints its seconds per MB; exits 1 when one is over LIMIT (1.0).
#
#   bench/parse/nesting.sh
#   RUNS=5 LIMIT=0.5 bench/parse/nesting.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
work=${TMPDIR:-/tmp}/leakfinder-bench-nesting
rm -rf "$work" && mkdir -p "$work/in"
python3 - "$work/in" <<'PY'
import sys
shapes = [  # name, prefix, open, middle, close, suffix: the shapes of the robustness test's InputGenerator
    ("parens", "package p\nvar x = ", "(", "1", ")", "\n"), ("blocks", "package p\nfunc f() {\n", "{", "", "}", "\n}\n"),
    ("funclits", "package p\nvar x = ", "func() {", "", "}", "\n"), ("compositelits", "package p\nvar x = [][]int{", "{", "1", "}", "}\n"),
    ("unary", "package p\nvar x = ", "-", "1", "", "\n"), ("slicetypes", "package p\nvar x ", "[]", "int", "", "\n"),
    ("structs", "package p\ntype T ", "struct { f ", "int", " }", "\n"), ("ifs", "package p\nfunc f() {\n", "if x {", "", "}", "\n}\n"),
    ("elseif", "package p\nfunc f() {\n", "if x {} else ", "{}", "", "\n}\n"), ("binary", "package p\nvar x = 1", "+1", "", "", "\n"),
    ("unclosedparens", "package p\nvar x = ", "(", "", "", ""), ("unclosedbraces", "package p\nfunc f() ", "{", "", "", ""),
]
for n in (10_000, 100_000):
    for name, prefix, o, m, c, suffix in shapes:
        open(f"{sys.argv[1]}/{name}-{n}.go", "w").write(prefix + o * n + m + c * n + suffix)
PY
dotnet build bench/LeakFinder.Bench -c Release --artifacts-path "$work/build" -nologo -clp:ErrorsOnly -v:q >&2
ls "$work"/in/*.go | dotnet "$work/build/bin/LeakFinder.Bench/release/leakfinder-bench.dll" --each --runs "${RUNS:-3}" \
  | awk -v limit="${LIMIT:-1.0}" '{ print } { split($4, kv, "="); if (kv[2] + 0 > limit) bad++ }
      END { if (bad) { print bad " inputs over " limit " s/MB"; exit 1 } print "all under " limit " s/MB" }'
