#!/usr/bin/env bash
# Runs LeakFinder's whole test suite on a fresh machine: installs what the tests need (the Go toolchain,
# Go's source and x/tools from Debian, used only as the reference the differential tests compare against;
# Neovim, whose built-in LSP client drives `leakfinder lsp` in the CLI tests; headless Chromium, which loads
# `watch --listen`'s dashboard in the CLI tests),
# builds the solution and runs every test project. Ends with one line: "tests: N passed, N failed, N skipped".
# Set LEAKFINDER_REQUIRE_GO=1 to make tests that need Go fail instead of skip (CI does).
set -euo pipefail
cd "$(dirname "$0")"

need_test_packages() {
  ! command -v go >/dev/null 2>&1 || [ ! -d /usr/lib/go-1.19/src ] || [ ! -d /usr/share/gocode/src/golang.org/x/tools ] \
    || ! command -v nvim >/dev/null 2>&1 || ! command -v chromium >/dev/null 2>&1
}
if need_test_packages; then
  echo "test.sh: installing the Go toolchain and sources (Debian packages) for differential tests, Neovim and Chromium" >&2
  sudo_cmd=""; [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  $sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq golang-go golang-1.19-src golang-golang-x-tools-dev neovim chromium >/dev/null
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# What users run is the Native AOT executable, and AOT can break what works under the JIT (trimming,
# reflection), so tests/LeakFinder.Cli.Tests runs that binary. ./leakfinder builds it when the sources
# changed; here a failed native build is an error instead of a fall-back to the JIT build.
aot_bin="$PWD/.build/aot/publish/LeakFinder.Cli/release_linux-x64/leakfinder"
if ! LEAKFINDER_REQUIRE_AOT=1 ./leakfinder --version > /dev/null || [ ! -x "$aot_bin" ]; then
  echo "test.sh: the native leakfinder executable could not be built" >&2
  exit 1
fi
export LEAKFINDER_BIN="$aot_bin"

dotnet build LeakFinder.slnx -c Release -nologo -clp:ErrorsOnly

set +e
dotnet test LeakFinder.slnx -c Release --no-build -nologo "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# VSTest prints one summary per test project ("Passed!  - Failed: 0, Passed: 12, Skipped: 1, Total: 13");
# add them up into the single closing line CI reads.
read -r passed failed skipped < <(awk '
  /(Passed|Failed)! +- +Failed:/ {
    # Read the number after each label into a copy: gsub on $(i+1) past NF would create a field, and gawk
    # (unlike mawk) then grows NF for ever.
    for (i = 1; i < NF; i++) {
      v = $(i+1)
      gsub(",", "", v)
      if ($i == "Failed:") f += v
      if ($i == "Passed:") p += v
      if ($i == "Skipped:") s += v
    }
  }
  END { printf "%d %d %d\n", p, f, s }' "$log")
echo "tests: $passed passed, $failed failed, $skipped skipped"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ]; then exit 1; fi
if [ "$passed" -eq 0 ]; then echo "test.sh: no test ran" >&2; exit 1; fi
