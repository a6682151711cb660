#!/usr/bin/env bash
# Runs the dispatch API against a local PostgreSQL whose data lives in .local/pgdata
# (unless WUYANG_CONNECTION_STRING is already set). WUYANG_URLS overrides the listen URL.
# Ctrl-C stops the API, then PostgreSQL.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO"
URLS=${WUYANG_URLS:-http://127.0.0.1:5080}
PLACES=$REPO/data/wuyang/places.geojson

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0

# shellcheck source=build/pg.sh
source "$REPO/build/pg.sh"

# Build before starting anything, so a compile error doesn't leave a database running for nothing.
dotnet build src/Dispatch.Api -c Release

# The local development issuer: an EC signing key made on first run in .local/dev-issuer (git-ignored), which
# this API then trusts, and a ready token per role written to .local/dev-tokens.env (source it in another
# terminal). Skipped when Auth__Jwt__Issuer already names a real identity provider.
TOKENS=$REPO/.local/dev-tokens.env
dev_issuer=
if [[ -z ${Auth__Jwt__Issuer:-} ]]; then
    export Auth__Jwt__Issuer=wuyang-dev Auth__Jwt__Audience=wuyang-patrol
    export Auth__Jwt__SigningKeyFiles__0=$REPO/.local/dev-issuer/signing-key.pub.pem
    mkdir -p "$REPO/.local"
    dotnet run --project src/Dispatch.Api -c Release --no-build -- dev-tokens --key-dir "$REPO/.local/dev-issuer" \
        --issuer "$Auth__Jwt__Issuer" --audience "$Auth__Jwt__Audience" >"$TOKENS"
    dev_issuer=1
fi

# The integration feed on RabbitMQ is off unless configured: WUYANG_RABBITMQ_URI names a broker, or
# WUYANG_RABBITMQ=throwaway starts a throwaway local node for this run (build/rabbitmq.sh). Started before
# PostgreSQL so that it is stopped after the API and PostgreSQL (EXIT hooks run newest first).
if [[ -z ${WUYANG_RABBITMQ_URI:-} && ${WUYANG_RABBITMQ:-} == throwaway ]]; then
    # shellcheck source=build/rabbitmq.sh
    source "$REPO/build/rabbitmq.sh"
    rmq_start_throwaway
fi
if [[ -n ${WUYANG_RABBITMQ_URI:-} ]]; then
    export Feed__RabbitMq__Uri=$WUYANG_RABBITMQ_URI
    echo "run.sh: publishing the integration feed to RabbitMQ at ${WUYANG_RABBITMQ_URI#*@}"
fi

if [[ -z ${WUYANG_CONNECTION_STRING:-} ]]; then
    pg_start_persistent "$REPO/.local/pgdata" 5433
else
    echo "run.sh: using WUYANG_CONNECTION_STRING from the environment"
fi

# Coordinates of 贾湖广场 for the example request. If places.geojson is missing (or python3 is),
# the example falls back to rough placeholder coordinates near the county seat.
jiahu=$(python3 - "$PLACES" 2>/dev/null <<'PY' || true
import json, sys
with open(sys.argv[1], encoding="utf-8") as f:
    features = json.load(f)["features"]
f = next(f for f in features if f.get("properties", {}).get("id") == "jiahu-square")
g = f["geometry"]
if g["type"] == "Point":
    lon, lat = g["coordinates"][:2]
else:
    # Not expected, but a polygon or line still gets a usable point: the mean of its vertices.
    pts = []
    def walk(c):
        if isinstance(c[0], (int, float)):
            pts.append(c)
        else:
            for x in c:
                walk(x)
    walk(g["coordinates"])
    lon = sum(p[0] for p in pts) / len(pts)
    lat = sum(p[1] for p in pts) / len(pts)
print(round(lat, 7), round(lon, 7))
PY
)
if [[ -n $jiahu ]]; then
    read -r lat lon <<<"$jiahu"
    coords_note=
else
    lat=33.43 lon=113.59
    coords_note="(placeholder coordinates: jiahu-square not found in ${PLACES#"$REPO"/})"
fi

# The first URL, made curl-able if it binds a wildcard host.
base=${URLS%%;*}
base=$(sed -E 's#://(\*|\+|0\.0\.0\.0|\[::\])(:|/|$)#://127.0.0.1\2#' <<<"$base")
base=${base%/}

echo
echo "Dispatch API: $base   (database: ${WUYANG_CONNECTION_STRING%%;Username=*})"
if [[ -n $dev_issuer ]]; then
    echo "Tokens of the local development issuer, one per role (also in ${TOKENS#"$REPO"/}):"
    cat "$TOKENS"
    echo "In another terminal: source ${TOKENS#"$REPO"/}"
else
    echo "Bearer tokens come from the identity provider $Auth__Jwt__Issuer (Auth__Jwt__Issuer is set): put one in DISPATCHER_TOKEN."
fi
cat <<EOF
Example: report an incident at 贾湖广场${coords_note:+ $coords_note}
  curl -s -X POST $base/incidents -H "Authorization: Bearer \$DISPATCHER_TOKEN" -H 'Content-Type: application/json' -d '{"type":"disturbance","priority":2,"location":{"lat":$lat,"lon":$lon,"datum":"WGS-84"},"address":"贾湖广场","description":"广场有人打架"}'
Press Ctrl-C to stop the API and PostgreSQL.

EOF

# The API runs in its own session so that Ctrl-C reaches only this script, which then stops the API
# and only afterwards (EXIT trap) PostgreSQL; otherwise the database could go away under a
# shutting-down API. A background job would also start with SIGINT ignored, hence SIGTERM below.
app_pid=
stop_requests=0
signal_rc=
stop_app() {
    signal_rc=$1
    [[ -n $app_pid ]] || exit "$signal_rc"
    stop_requests=$((stop_requests + 1))
    if ((stop_requests == 1)); then
        echo "run.sh: stopping the API (Ctrl-C again to kill it)" >&2
        kill -TERM -- "-$app_pid" 2>/dev/null || kill -TERM "$app_pid" 2>/dev/null || true
    else
        kill -KILL -- "-$app_pid" 2>/dev/null || kill -KILL "$app_pid" 2>/dev/null || true
    fi
}
# Waits up to $1 tenths of a second for every process of the API's session to exit.
app_group_gone() {
    local i
    for ((i = 0; i < $1; i++)); do
        kill -0 -- "-$app_pid" 2>/dev/null || return 0
        sleep 0.1
    done
    return 1
}
reap_app() {
    [[ -n $app_pid ]] || return 0
    if ! app_group_gone 1; then
        kill -TERM -- "-$app_pid" 2>/dev/null || true
        app_group_gone 150 || kill -KILL -- "-$app_pid" 2>/dev/null || true
    fi
}
trap 'stop_app 130' INT
trap 'stop_app 143' TERM
trap 'stop_app 129' HUP

app_cmd=(dotnet run --project src/Dispatch.Api -c Release --no-build -- --urls "$URLS")
if command -v setsid >/dev/null; then
    setsid "${app_cmd[@]}" </dev/null &
    app_pid=$!
    # Runs before the PostgreSQL hook: registered later.
    pg_add_exit_hook reap_app
    app_rc=0
    while :; do
        wait "$app_pid" && app_rc=0 || app_rc=$?
        # wait returns early (status > 128) when one of our traps ran; the API may still be running.
        if ((app_rc > 128)) && kill -0 "$app_pid" 2>/dev/null; then continue; fi
        break
    done
    # `dotnet run` may exit before the API process it launched has finished shutting down.
    if ! app_group_gone 150; then reap_app; fi
else
    app_rc=0
    "${app_cmd[@]}" || app_rc=$?
fi

if [[ -n $signal_rc ]]; then exit "$signal_rc"; fi
exit "$app_rc"
