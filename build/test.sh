#!/usr/bin/env bash
# Checks the committed Wolverine code, builds WuyangPatrol and runs every test project.
# Extra arguments go to `dotnet test` (e.g. build/test.sh --filter RoadTime). The last line of
# output is always "N passed, N failed, N skipped"; the exit status is non-zero unless tests ran
# and all passed.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO"
SLN=WuyangPatrol.sln
RESULTS=$REPO/artifacts/test-results

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# Lingering MSBuild nodes / build servers inherit our stdout and keep CI log pipes open after we exit.
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0

SUMMARY_PRINTED=
summary() {
    SUMMARY_PRINTED=1
    echo "$1 passed, $2 failed, $3 skipped"
}
# Whatever kills the script (set -e, a signal), the last line must still count as a failure.
on_exit() {
    local rc=$?
    if [[ -z $SUMMARY_PRINTED ]]; then
        echo "test.sh: aborted (exit $rc)" >&2
        echo "0 passed, 1 failed, 0 skipped"
    fi
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [[ -n ${WUYANG_CONNECTION_STRING:-} ]]; then
    echo "test.sh: using WUYANG_CONNECTION_STRING from the environment"
elif [[ ${WUYANG_USE_TESTCONTAINERS:-} == 1 ]] || timeout 20 docker info >/dev/null 2>&1; then
    export WUYANG_USE_TESTCONTAINERS=1
    echo "test.sh: Docker engine available; tests use Testcontainers"
else
    echo "test.sh: no Docker engine; starting a throwaway PostgreSQL"
    # shellcheck source=build/pg.sh
    source "$REPO/build/pg.sh"
    started=$(date +%s%N)
    pg_start_throwaway
    echo "test.sh: PostgreSQL ready on port $PG_PORT after $((($(date +%s%N) - started) / 1000000)) ms"
fi

# The weekly report page is checked in a real headless browser, with fonts that draw Chinese.
if ! command -v chromium >/dev/null 2>&1 && [[ -z ${CHROMIUM:-} ]] || ! fc-list 2>/dev/null | grep -qi -E 'wqy|noto sans cjk'; then
    echo "test.sh: installing Debian's chromium and a CJK font with apt"
    sudo=(); [[ $(id -u) == 0 ]] || sudo=(sudo)
    "${sudo[@]}" apt-get update -q >/dev/null
    "${sudo[@]}" apt-get install -y -q --no-install-recommends chromium fonts-wqy-zenhei >/dev/null
fi

# The integration feed's broker tests need RabbitMQ: a throwaway node (Debian's rabbitmq-server, installed with
# apt when missing), launched now so that it boots while the solution builds, and awaited before the tests.
if [[ -n ${WUYANG_RABBITMQ_URI:-} ]]; then
    echo "test.sh: using WUYANG_RABBITMQ_URI from the environment"
else
    # shellcheck source=build/rabbitmq.sh
    source "$REPO/build/rabbitmq.sh"
    rmq_launch_throwaway
fi

rm -rf "$RESULTS"
mkdir -p "$RESULTS"

# Before the solution build: codegen.sh rebuilds the API without its generated code, then regenerates it.
codegen_ok=1
if [[ -x build/codegen.sh ]] && ! build/codegen.sh --check; then
    codegen_ok=0
fi

if ! dotnet build "$SLN" -c Debug; then
    echo "test.sh: build failed" >&2
    summary 0 1 0
    exit 1
fi

if [[ -n ${RMQ_DIR:-} ]]; then
    rmq_wait_ready
    echo "test.sh: RabbitMQ ready on port $RMQ_PORT, ${RMQ_BOOT_MS} ms after launch (the tests waited ${RMQ_WAITED_MS} ms for it)"
fi

# One `dotnet test` per test project rather than one for the solution: with a fixed LogFileName
# the projects of a solution run overwrite each other's .trx (microsoft/vstest#3026), and running
# them one after another keeps projects from racing on schema changes in the shared database.
mapfile -t projects < <(dotnet sln "$SLN" list | grep -E '\.(cs|fs)proj$' | tr '\\' '/')
test_projects=()
for p in "${projects[@]}"; do
    if grep -qE 'Microsoft\.NET\.Test\.Sdk|<IsTestProject>[[:space:]]*true' "$p"; then
        test_projects+=("$p")
    fi
done
if ((${#test_projects[@]} == 0)); then
    echo "test.sh: no test projects in $SLN" >&2
    summary 0 1 0
    exit 1
fi

test_rc=0
for p in "${test_projects[@]}"; do
    name=$(basename "$p")
    name=${name%.*}
    echo "test.sh: running $name"
    dotnet test "$p" --no-build -c Debug \
        --logger "trx;LogFileName=$name.trx" --results-directory "$RESULTS" "$@" || test_rc=$?
done

shopt -s nullglob
trx_files=("$RESULTS"/*.trx)
shopt -u nullglob

# Prints "passed failed skipped executed" summed over the given .trx files.
count_trx() {
    if command -v python3 >/dev/null; then
        python3 - "$@" <<'PY'
import sys
import xml.etree.ElementTree as ET

passed = failed = skipped = executed = 0
for path in sys.argv[1:]:
    for el in ET.parse(path).iter():
        if el.tag.rsplit('}', 1)[-1] != 'Counters':
            continue
        c = {k: int(v) for k, v in el.attrib.items() if v.isdigit()}
        g = lambda k: c.get(k, 0)
        passed += g('passed')
        failed += g('failed') + g('error') + g('timeout') + g('aborted')
        # xunit's skipped tests are counted in total but neither in executed nor in notExecuted.
        skipped += max(g('notExecuted'), g('total') - g('executed'))
        executed += g('executed')
print(passed, failed, skipped, executed)
PY
    else
        local f line passed=0 failed=0 skipped=0 executed=0 total ex ne
        attr() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$line"; }
        for f in "$@"; do
            line=$(grep -o '<Counters [^>]*>' "$f" | head -n 1)
            [[ -n $line ]] || continue
            passed=$((passed + $(attr passed)))
            failed=$((failed + $(attr failed) + $(attr error) + $(attr timeout) + $(attr aborted)))
            total=$(attr total) ex=$(attr executed) ne=$(attr notExecuted)
            skipped=$((skipped + (ne > total - ex ? ne : total - ex)))
            executed=$((executed + ex))
        done
        echo "$passed $failed $skipped $executed"
    fi
}

if ((${#trx_files[@]} == 0)); then
    echo "test.sh: no .trx results were produced (dotnet test exit $test_rc)" >&2
    summary 0 1 0
    exit 1
fi

read -r passed failed skipped executed < <(count_trx "${trx_files[@]}")

status=0
if ((failed > 0)); then
    status=1
elif ((executed == 0)); then
    echo "test.sh: no tests were executed" >&2
    failed=1 status=1
elif ((test_rc != 0)); then
    echo "test.sh: dotnet test exited with $test_rc although no test failed (crashed test host or missing results?)" >&2
    failed=1 status=1
elif ((${#trx_files[@]} < ${#test_projects[@]})); then
    echo "test.sh: only ${#trx_files[@]} of ${#test_projects[@]} test projects produced results" >&2
    failed=1 status=1
fi
if ((!codegen_ok)); then
    # Counted as one failure so that the summary line alone shows the run is not green.
    echo "test.sh: the committed Wolverine code is stale (build/codegen.sh --check failed)" >&2
    failed=$((failed + 1)) status=1
fi

echo "test.sh: results in ${RESULTS#"$REPO"/}"
summary "$passed" "$failed" "$skipped"
exit "$status"
