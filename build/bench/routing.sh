#!/usr/bin/env bash
# Issue 9 part 4, routing: builds the routing benchmarks in Release and runs them (BenchmarkDotNet, in process,
# short jobs); writes $BENCH_OUT/routing.tsv (row, ours, reference, unit, ratio = ours / reference, goal, met).
# Needs no database. About 2 minutes on 2 cores.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
: "${BENCH_OUT:?BENCH_OUT must name a directory for the results}"
mkdir -p "$BENCH_OUT"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0

dotnet build "$HERE/Routing/Routing.csproj" -c Release -nologo -v quiet >"$BENCH_OUT/routing-build.log" 2>&1 \
    || { cat "$BENCH_OUT/routing-build.log" >&2; echo "routing.sh: build failed" >&2; exit 1; }
dotnet "$HERE/Routing/bin/Release/net10.0/Routing.dll" --out "$BENCH_OUT" --data "$REPO/data/wuyang" "$@" >"$BENCH_OUT/routing.log" 2>&1 \
    || { tail -40 "$BENCH_OUT/routing.log" >&2; echo "routing.sh: benchmark failed (log: $BENCH_OUT/routing.log)" >&2; exit 1; }
cat "$BENCH_OUT/routing.tsv"
