#!/usr/bin/env bash
# Longer fuzzing campaigns than the test suite's 20,000 inputs per reader: each reader (check, dump text,
# dump protobuf, profile, gctrace, proc) runs for MINUTES minutes (default 10) with a seed of its own
# (default: the time), on every core. A failure prints the input's number and its bytes in base64; turn it
# into a regression test, fix it, and run the same seed again (LEAKFINDER_FUZZ_SEED=N tools/fuzz.sh).
#   tools/fuzz.sh [MINUTES] [READER]      READER: check, dump, profile, gctrace or proc (default: all)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
minutes="${1:-10}"
reader="${2:-}"
seed="${LEAKFINDER_FUZZ_SEED:-$(date +%s)}"
echo "fuzz: $minutes min per reader, seed $seed" >&2
dotnet build "$here/tests/LeakFinder.Fuzz.Tests" -c Release -nologo -v:q -clp:ErrorsOnly
filter=()
[ -n "$reader" ] && filter=(--filter "DisplayName~$reader")
LEAKFINDER_FUZZ_SECONDS=$((minutes * 60)) LEAKFINDER_FUZZ_SEED="$seed" \
  dotnet test "$here/tests/LeakFinder.Fuzz.Tests" -c Release --no-build -nologo \
  --logger "console;verbosity=detailed" "${filter[@]}"
