#!/usr/bin/env bash
# Issue 9 part 6, rebuild: builds the rebuild bench in Release and runs it against $WUYANG_CONNECTION_STRING, in a fresh
# schema it drops afterwards: a generated history of $REBUILD_EVENTS events (default 1,000,000) bulk-imported by Marten,
# the ceiling (one client reading mt_events.data in sequence order, best of two), then every asynchronous projection
# rebuilt by the daemon and its documents counted. Writes $BENCH_OUT/rebuild.tsv
# (row, ours, reference, unit, ratio = ours / reference, goal, met). Extra arguments go to the program (--at-once, --keep).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
: "${BENCH_OUT:?BENCH_OUT must name a directory for the results}"
: "${WUYANG_CONNECTION_STRING:?WUYANG_CONNECTION_STRING must name the PostgreSQL to use}"
mkdir -p "$BENCH_OUT"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0

dotnet build "$HERE/Rebuild/Rebuild.csproj" -c Release -nologo -v quiet >"$BENCH_OUT/rebuild-build.log" 2>&1 \
    || { cat "$BENCH_OUT/rebuild-build.log" >&2; echo "rebuild.sh: build failed" >&2; exit 1; }
dotnet "$HERE/Rebuild/bin/Release/net10.0/Rebuild.dll" --out "$BENCH_OUT" --data "$REPO/data/wuyang" \
    --events "${REBUILD_EVENTS:-1000000}" "$@" >"$BENCH_OUT/rebuild.log" 2>&1 \
    || { tail -40 "$BENCH_OUT/rebuild.log" >&2; echo "rebuild.sh: failed (log: $BENCH_OUT/rebuild.log)" >&2; exit 1; }
cat "$BENCH_OUT/rebuild.tsv"
