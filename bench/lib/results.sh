# Shared by the bench/*/run.sh scripts: each owns one section of a results file, delimited by
# `<!-- NAME:begin ... -->` and `<!-- NAME:end -->`, and rewrites only that section.
#
#   write_results_section NAME SECTION_FILE [RESULTS_FILE]   (default bench/RESULTS.md)
write_results_section() {
  local name=$1 section=$2 out=${3:-bench/RESULTS.md}
  [ -f "$out" ] || printf '# Benchmark results\n\nFigures written by the scripts under bench/; each script owns its section.\n' > "$out"
  local tmp
  tmp=$(mktemp)
  if grep -q "<!-- $name:begin" "$out"; then
    awk -v sec="$section" -v begin="<!-- $name:begin" -v end="<!-- $name:end -->" '
      index($0, begin) == 1 { while ((getline line < sec) > 0) print line; skip = 1; next }
      index($0, end) == 1 { skip = 0; next }
      !skip { print }' "$out" > "$tmp"
  else
    { cat "$out"; printf '\n'; cat "$section"; } > "$tmp"
  fi
  cp "$tmp" "$out"
  rm -f "$tmp"
}
