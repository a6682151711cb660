#!/usr/bin/env bash
# Benchmarks WuyangPatrol against the physical floor (pgbench on the same server) and a sample-style peer service,
# in one run on one machine, and prints one table of ratios, also written to docs/benchmarks.md with the date and
# the machine. Starts its own PostgreSQL with durable settings (fsync and synchronous_commit on), deleted afterwards;
# builds in Release. Not part of the test suite. Parts written by other scripts (build/bench/<part>.sh, e.g. routing
# and rebuild) are run when present: each gets BENCH_OUT and WUYANG_CONNECTION_STRING and writes
# $BENCH_OUT/<part>.tsv, one row a line: row, ours, reference, unit, ratio, goal, met (tab-separated).
# BENCH_QUICK=1 runs every workload with a tenth of the requests, to try the script out.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO"
BENCH_OUT=${BENCH_OUT:-$REPO/artifacts/bench}
DOC=$REPO/docs/benchmarks.md
DRIVER_PROJECT=build/bench/Driver
PEER_PROJECT=build/peer
# The API as it would be deployed: a Release publish with ReadyToRun code, so start-up does not wait for the JIT.
API_DIR=$BENCH_OUT/api
API_DLL=$API_DIR/Dispatch.Api.dll
DRIVER_DLL=$REPO/$DRIVER_PROJECT/bin/Release/net10.0/bench-driver.dll
PEER_DLL=$REPO/$PEER_PROJECT/bin/Release/net10.0/peer.dll
PLACES=$REPO/data/wuyang/places.geojson
SCALE=1
[[ ${BENCH_QUICK:-} == 1 ]] && SCALE=10
FLOOR_SECONDS=$((20 / SCALE < 3 ? 3 : 20 / SCALE))

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0

began=$(date +%s)
# Other work on the machine shows in every figure; the table says how busy it was.
load_at_start=$(cut -d" " -f1 /proc/loadavg)
say() { echo "bench.sh: $*" >&2; }
rm -rf "$BENCH_OUT"
mkdir -p "$BENCH_OUT"
METRICS=$BENCH_OUT/metrics.txt
driver() { dotnet "$DRIVER_DLL" "$@"; }

# shellcheck source=build/pg.sh
source "$REPO/build/pg.sh"
pg_ensure_binaries

say "building in Release (the API published ReadyToRun)"
RID=linux-$(uname -m | sed 's/x86_64/x64/; s/aarch64/arm64/')
dotnet publish src/Dispatch.Api -c Release -r "$RID" --self-contained false -p:PublishReadyToRun=true -o "$API_DIR" \
        -v quiet -nologo >"$BENCH_OUT/build.log" 2>&1 \
    && dotnet build "$DRIVER_PROJECT" -c Release -v quiet -nologo >>"$BENCH_OUT/build.log" 2>&1 \
    && dotnet build "$PEER_PROJECT" -c Release -v quiet -nologo >>"$BENCH_OUT/build.log" 2>&1 \
    || { tail -n 30 "$BENCH_OUT/build.log" >&2; say "build failed"; exit 1; }

# A durable cluster of its own, in a temporary folder deleted at exit (registered first, so it runs after the stop).
WORK=$(mktemp -d "${TMPDIR:-/tmp}/wuyang-bench.XXXXXX")
chmod 755 "$WORK"
pg_add_exit_hook "rm -rf '$WORK'"
pg_start_persistent "$WORK/pgdata" 5433
PSQL=("$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U wuyang -d wuyang)
export PGPASSWORD=wuyang
say "PostgreSQL: $("${PSQL[@]}" -tAc "select current_setting('server_version') || ', fsync ' || current_setting('fsync') || ', synchronous_commit ' || current_setting('synchronous_commit')")"

# Processes started here (the API, the peer) run in their own sessions and are stopped before PostgreSQL.
declare -a STARTED=()
stop_started() {
    local pid
    for pid in "${STARTED[@]}"; do
        kill -TERM -- "-$pid" 2>/dev/null || true
    done
    for pid in "${STARTED[@]}"; do
        for _ in $(seq 150); do kill -0 -- "-$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL -- "-$pid" 2>/dev/null || true
    done
    STARTED=()
}
pg_add_exit_hook stop_started

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
# start_service NAME LOG CMD...: runs CMD in its own session; sets SERVICE_PID.
start_service() {
    local name=$1 log=$2
    shift 2
    setsid "$@" </dev/null >"$log" 2>&1 &
    SERVICE_PID=$!
    STARTED+=("$SERVICE_PID")
    say "$name started (pid $SERVICE_PID, log ${log#"$REPO"/})"
}
# wait_answer URL [TOKEN]: until URL answers any HTTP status (or 200 with a token).
wait_answer() {
    local url=$1 token=${2:-} code i
    for ((i = 0; i < 1200; i++)); do
        if [[ -n $token ]]; then
            code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "$url" || true)
            [[ $code == 200 ]] && return 0
        else
            code=$(curl -s -o /dev/null -w '%{http_code}' "$url" || true)
            [[ $code != 000 ]] && return 0
        fi
        sleep 0.1
    done
    say "no answer from $url"
    return 1
}

# ---------- 1. the floor: what one dispatch must at least commit, a transaction of two jsonb rows ----------
say "1 floor: pgbench"
"${PSQL[@]}" <<'SQL'
create table bench_floor_events (id bigserial primary key, stream_id uuid not null, data jsonb not null);
create table bench_floor_documents (id uuid primary key, data jsonb not null);
SQL
cat >"$BENCH_OUT/floor.sql" <<'SQL'
BEGIN;
INSERT INTO bench_floor_events (stream_id, data) VALUES (gen_random_uuid(), '{"type":"unit_dispatched","incidentId":"01a22ee6-b000-7000-8000-000000000001","unitId":"01a22ee6-b000-7000-8000-000000000002","callSign":"网格7-1","etaSeconds":44.2,"withinTarget":true,"zone":{"name":"其他城区","targetSeconds":300},"explanation":"网格7-1 reaches it first by road, 44 s, within the 300 s target"}'::jsonb);
INSERT INTO bench_floor_documents (id, data) VALUES (gen_random_uuid(), '{"type":"disturbance","priority":2,"location":{"lat":33.4456646,"lon":113.6189944,"datum":"WGS-84"},"address":"贾湖广场","description":"广场有人打架","status":"dispatched"}'::jsonb);
END;
SQL
PGBENCH=("$PG_BIN/pgbench" -n -h 127.0.0.1 -p "$PG_PORT" -U wuyang -f "$BENCH_OUT/floor.sql")
(cd "$BENCH_OUT" && "${PGBENCH[@]}" -c 1 -T "$FLOOR_SECONDS" -l --log-prefix=floor1 wuyang >"$BENCH_OUT/floor-1.txt")
# Per-transaction log: the third column is the latency in microseconds.
cat "$BENCH_OUT"/floor1.* | awk '{print $3 / 1000}' | sort -g >"$BENCH_OUT/floor-1.ms"
nearest_rank() { awk -v p="$1" '{v[NR]=$1} END {r=int(p*NR/100); if (r<p*NR/100) r++; if (r<1) r=1; print v[r]}' "$2"; }
echo "floor.p50 $(nearest_rank 50 "$BENCH_OUT/floor-1.ms")" >>"$METRICS"
echo "floor.p99 $(nearest_rank 99 "$BENCH_OUT/floor-1.ms")" >>"$METRICS"
(cd "$BENCH_OUT" && "${PGBENCH[@]}" -c 8 -j 2 -T "$FLOOR_SECONDS" wuyang >"$BENCH_OUT/floor-8.txt")
echo "floor.tps $(sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$BENCH_OUT/floor-8.txt" | tail -n 1)" >>"$METRICS"
rm -f "$BENCH_OUT"/floor1.*
tail -n 3 "$METRICS" | sed 's/^/bench: /'

# ---------- the API as a Release process, with the local development issuer's tokens ----------
export Auth__Jwt__Issuer=wuyang-bench Auth__Jwt__Audience=wuyang-patrol
export Auth__Jwt__SigningKeyFiles__0=$WORK/issuer/signing-key.pub.pem
dotnet "$API_DLL" dev-tokens --key-dir "$WORK/issuer" --issuer "$Auth__Jwt__Issuer" --audience "$Auth__Jwt__Audience" >"$WORK/tokens.env"
# shellcheck disable=SC1091
source "$WORK/tokens.env"
export DISPATCHER_TOKEN INTEGRATOR_TOKEN
API_PORT=$(free_port)
API=http://127.0.0.1:$API_PORT
API_CMD=(dotnet "$API_DLL" --urls "$API")

# ---------- 7. start-up: process start to the first answered request ----------
say "7 start-up: first start (empty database), then a second start"
driver startup --name startup.first --base "$API" --metrics "$METRICS" --log "$BENCH_OUT/api-startup.log" -- "${API_CMD[@]}"
driver startup --name startup.second --base "$API" --metrics "$METRICS" --log "$BENCH_OUT/api-startup.log" -- "${API_CMD[@]}"

# ---------- 2, 3, 5: the dispatch workloads and the feed against one running API ----------
start_service API "$BENCH_OUT/api.log" "${API_CMD[@]}"
wait_answer "$API/units" "$DISPATCHER_TOKEN"
say "2 dispatch latency: sequential reports, each closed after its unit is chosen"
driver create --name dispatch --base "$API" --places "$PLACES" --metrics "$METRICS" --clients 1 --close \
    --warmup $((100 / SCALE)) --count $((1000 / SCALE)) || say "dispatch latency: some requests failed"
say "3 dispatch throughput: 8 clients"
driver create --name throughput --base "$API" --places "$PLACES" --metrics "$METRICS" --clients 8 --close \
    --warmup $((40 / SCALE)) --count $((2000 / SCALE)) || say "dispatch throughput: some requests failed"
say "5 feed latency: append to SSE delivery"
driver feed --base "$API" --metrics "$METRICS" --count $((300 / SCALE)) || say "feed latency failed"
stop_started

# ---------- 8. the peer: the same sequential create workload against the sample-style service ----------
say "8 peer service"
PEER=http://127.0.0.1:$(free_port)
start_service peer "$BENCH_OUT/peer.log" dotnet "$PEER_DLL" --urls "$PEER"
wait_answer "$PEER/"
driver create --name peer --peer --base "$PEER" --places "$PLACES" --metrics "$METRICS" --clients 1 \
    --warmup $((100 / SCALE)) --count $((1000 / SCALE)) || say "peer: some requests failed"
stop_started

# ---------- parts of other scripts (4 routing, 6 rebuild, ...) ----------
shopt -s nullglob
for script in "$REPO"/build/bench/*.sh; do
    part=$(basename "$script" .sh)
    say "$part: ${script#"$REPO"/}"
    if ! BENCH_OUT=$BENCH_OUT WUYANG_CONNECTION_STRING=$WUYANG_CONNECTION_STRING bash "$script" >"$BENCH_OUT/$part.log" 2>&1; then
        tail -n 20 "$BENCH_OUT/$part.log" >&2
        printf '%s\tfailed\t-\t-\t-\t-\tno\n' "${script#"$REPO"/} failed (log artifacts/bench/$part.log)" >>"$BENCH_OUT/$part.tsv"
    fi
done
shopt -u nullglob

# ---------- the table ----------
driver rows --metrics "$METRICS" --out "$BENCH_OUT"
driver table --out "$BENCH_OUT" >"$BENCH_OUT/table.md"
elapsed=$(($(date +%s) - began))

commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
[[ -z $(git status --porcelain --untracked-files=no 2>/dev/null) ]] || commit="$commit (with uncommitted changes)"
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
{
    echo "# Benchmarks"
    echo
    echo "Written by \`build/bench.sh\` (see the README, \"Benchmarks\"); the latest run replaces this file. Ratios"
    echo "are what count: every figure of a run is measured side by side on the same machine and the same server."
    echo
    echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')${BENCH_QUICK:+ (BENCH_QUICK: a tenth of the requests)}"
    echo "- machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo) memory, ${cpu:-unknown CPU}"
    echo "- PostgreSQL $("${PSQL[@]}" -tAc 'show server_version') (fsync on, synchronous_commit on, full_page_writes on), .NET $(dotnet --version), commit $commit"
    echo "- the run took $((elapsed / 60)) min $((elapsed % 60)) s, builds included; load average (1 min) $load_at_start at its start, $(cut -d" " -f1 /proc/loadavg) at its end"
    echo
    cat "$BENCH_OUT/table.md"
    echo
    cat "$REPO/build/bench/notes.md"
} >"$DOC"

echo
cat "$BENCH_OUT/table.md"
echo
say "done in $((elapsed / 60)) min $((elapsed % 60)) s; table written to ${DOC#"$REPO"/}, raw figures in ${BENCH_OUT#"$REPO"/}"
