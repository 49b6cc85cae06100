#!/bin/sh
# Coverage-guided fuzzing of one Renkei parser with SharpFuzz and afl++ (bench/fuzz/README.md).
#   bench/fuzz/run.sh TARGET [MINUTES]    e.g. bench/fuzz/run.sh registry 10
# TARGET: reads-csv reads-binary registry market switch-ins relays holidays switching-json
set -eu
target=${1:?usage: run.sh TARGET [MINUTES]}
minutes=${2:-10}
here=$(cd "$(dirname "$0")" && pwd)
out="$here/out"
bin="$out/bin"
command -v afl-fuzz >/dev/null || { echo "afl-fuzz is missing: apt-get install afl++" >&2; exit 2; }
command -v sharpfuzz >/dev/null || { echo "sharpfuzz is missing: dotnet tool install --global SharpFuzz.CommandLine" >&2; exit 2; }
[ -d "$here/corpus/$target" ] || { echo "no seed corpus $here/corpus/$target" >&2; exit 2; }

# Build once, then instrument the parsers' assembly (only Renkei.Formats and Renkei.Domain: the code under test).
if [ ! -f "$bin/.instrumented" ]; then
  rm -rf "$bin"
  dotnet publish "$here/Renkei.Fuzz/Renkei.Fuzz.csproj" -c Release -o "$bin"
  sharpfuzz "$bin/Renkei.Formats.dll"
  sharpfuzz "$bin/Renkei.Domain.dll"
  touch "$bin/.instrumented"
fi

# .NET is not an AFL-instrumented binary as far as afl-fuzz can tell: skip its check; one input per execution.
export AFL_SKIP_BIN_CHECK=1
export AFL_NO_UI=1
findings="$out/findings/$target"
mkdir -p "$findings"
timeout --preserve-status "$((minutes * 60))" \
  afl-fuzz -i "$here/corpus/$target" -o "$findings" -t 10000 -m none -- dotnet "$bin/Renkei.Fuzz.dll" "$target" || true
echo "executions, crashes and hangs: $findings/default/fuzzer_stats (execs_done, saved_crashes, saved_hangs)"
grep -E '^(execs_done|saved_crashes|saved_hangs|run_time) ' "$findings/default/fuzzer_stats" || true
