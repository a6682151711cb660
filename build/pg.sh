# shellcheck shell=bash
# Local PostgreSQL helpers for WuyangPatrol. Source this file, then call:
#   pg_ensure_binaries               installs PostgreSQL 15 via apt if needed, sets PG_BIN
#   pg_start_throwaway               temp cluster, stopped and deleted on EXIT
#   pg_start_persistent DIR [PORT]   cluster kept in DIR (default port 5433), stopped on EXIT
#   pg_add_exit_hook 'CMD'           run CMD on EXIT before everything registered earlier
# The start functions export WUYANG_CONNECTION_STRING, PG_PORT, PG_DATA and PG_SOCKET_DIR.
# They add to the EXIT trap of the calling shell, so call them from the shell that should
# own the server, never inside $(...) (the trap would fire when the substitution ends).

# Don't turn an interactive shell that sources this into one that dies on the first error.
[[ $- == *i* ]] || set -euo pipefail

PG_WANTED_MAJOR=15
# Sourced again (build/rabbitmq.sh uses its process and exit-hook helpers): keep the hooks already registered.
[[ -v _PG_HOOKS ]] || _PG_HOOKS=()

_pg_log() { echo "pg.sh: $*" >&2; }
_pg_die() { _pg_log "error: $*"; return 1; }

# initdb and postgres refuse to run as root, so the cluster belongs to the `postgres` user.
# `cd /` because the caller's cwd (e.g. /root) may be unreadable for postgres, and pg_ctl needs one.
_pg_as_owner() {
    if [[ $EUID -eq 0 ]]; then
        (cd / && runuser -u postgres -- "$@")
    else
        (cd / && "$@")
    fi
}

_pg_chown() {
    if [[ $EUID -eq 0 ]]; then chown postgres:postgres "$@"; fi
}

_pg_owner_user() {
    if [[ $EUID -eq 0 ]]; then echo postgres; else id -un; fi
}

pg_ensure_binaries() {
    if [[ -n ${PG_BIN:-} && -x ${PG_BIN}/postgres ]]; then
        export PG_BIN
        return 0
    fi
    local want=/usr/lib/postgresql/$PG_WANTED_MAJOR/bin
    if [[ ! -x $want/postgres ]]; then
        local sudo=()
        if [[ $EUID -ne 0 ]]; then
            command -v sudo >/dev/null || { _pg_die "PostgreSQL $PG_WANTED_MAJOR is not installed and we are not root"; return 1; }
            sudo=(sudo)
        fi
        _pg_log "PostgreSQL $PG_WANTED_MAJOR not found; installing it with apt"
        # The package postinst may ask questions; there is no terminal in CI.
        export DEBIAN_FRONTEND=noninteractive
        "${sudo[@]}" apt-get update -q >&2 || { _pg_die "apt-get update failed"; return 1; }
        # Newer Debian releases may not carry postgresql-15; any packaged major will do then.
        "${sudo[@]}" apt-get install -y -q --no-install-recommends "postgresql-$PG_WANTED_MAJOR" >&2 \
            || "${sudo[@]}" apt-get install -y -q --no-install-recommends postgresql >&2 \
            || { _pg_die "apt-get install postgresql failed"; return 1; }
    fi
    if [[ -x $want/postgres ]]; then
        PG_BIN=$want
    else
        PG_BIN=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
        [[ -n $PG_BIN && -x $PG_BIN/postgres ]] || { _pg_die "no PostgreSQL server binaries under /usr/lib/postgresql"; return 1; }
        _pg_log "using $PG_BIN (PostgreSQL $PG_WANTED_MAJOR unavailable)"
    fi
    export PG_BIN
    if [[ $EUID -eq 0 ]] && ! id postgres >/dev/null 2>&1; then
        useradd --system --home-dir /var/lib/postgresql --shell /bin/sh postgres
    fi
}

# ---------- EXIT trap chaining: keep whatever EXIT trap the caller already had ----------

_pg_run_exit_hooks() {
    local rc=$? i
    set +e
    for ((i = ${#_PG_HOOKS[@]} - 1; i >= 0; i--)); do
        eval "${_PG_HOOKS[i]}"
    done
    _PG_HOOKS=()
    if [[ -n ${_PG_PREV_EXIT_TRAP:-} ]]; then
        # The previous trap may look at $?; hand it the original status.
        (exit "$rc")
        eval "$_PG_PREV_EXIT_TRAP"
    fi
}

pg_add_exit_hook() {
    _PG_HOOKS+=("$1")
    local current
    current=$(trap -p EXIT)
    if [[ $current != *_pg_run_exit_hooks* ]]; then
        _PG_PREV_EXIT_TRAP=
        if [[ -n $current ]]; then
            eval "set -- $current"   # trap -- 'cmd' EXIT
            _PG_PREV_EXIT_TRAP=$3
        fi
        trap _pg_run_exit_hooks EXIT
    fi
}

# ---------- processes and ports ----------

# "pid:starttime" — a pid alone may be reused after a crash or container restart.
_pg_proc_token() {
    local pid=$1 stat
    stat=$(cat "/proc/$pid/stat" 2>/dev/null) || return 1
    local fields
    read -ra fields <<<"${stat##*) }"
    echo "$pid:${fields[19]}"
}

# Running, i.e. not gone and not a zombie waiting for a slow init to reap it.
_pg_pid_running() {
    local stat
    [[ $1 =~ ^[0-9]+$ ]] || return 1
    stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
    stat=${stat##*) }
    [[ ${stat:0:1} != [ZX] ]]
}

_pg_token_alive() {
    local token pid
    token=$(cat "$1" 2>/dev/null) || return 1
    pid=${token%%:*}
    [[ $pid =~ ^[0-9]+$ ]] && _pg_pid_running "$pid" || return 1
    [[ $(_pg_proc_token "$pid" 2>/dev/null) == "$token" ]]
}

# Prints the pid of a live postmaster running on data dir $1.
_pg_live_postmaster() {
    local data pid cwd
    data=$(readlink -f "$1")
    [[ -f $data/postmaster.pid ]] || return 1
    pid=$(head -n 1 "$data/postmaster.pid" 2>/dev/null || true)
    [[ $pid =~ ^[0-9]+$ && $pid -gt 1 && $pid -ne $$ ]] && _pg_pid_running "$pid" || return 1
    # After a crash or container restart the pid may belong to something else entirely.
    [[ $(cat "/proc/$pid/comm" 2>/dev/null) == postgres* ]] || return 1
    # The postmaster's cwd is its data dir. Unreadable (another user's server): assume it is ours.
    cwd=$(readlink -f "/proc/$pid/cwd" 2>/dev/null || true)
    [[ -z $cwd || $cwd == "$data" ]] || return 1
    echo "$pid"
}

# Pids (owned by the cluster owner) whose cwd is data dir $1: backends outliving a killed postmaster.
_pg_orphans() {
    local data p
    data=$(readlink -f "$1")
    for p in $(pgrep -u "$(_pg_owner_user)" 2>/dev/null || true); do
        if [[ $(readlink -f "/proc/$p/cwd" 2>/dev/null) == "$data" ]]; then echo "$p"; fi
    done
}

# A killed postmaster leaves postmaster.pid behind. Postgres would trip over it if the pid has been
# reused, so remove it, but only after the old backends are gone (they still hold shared memory).
_pg_clear_stale() {
    local data=$1 pid i orphans=()
    [[ -f $data/postmaster.pid ]] || return 0
    if _pg_live_postmaster "$data" >/dev/null; then return 0; fi
    pid=$(head -n 1 "$data/postmaster.pid" 2>/dev/null || true)
    _pg_log "stale postmaster.pid in $data (pid ${pid:-?} is not a running server); removing it"
    for ((i = 0; i < 100; i++)); do
        mapfile -t orphans < <(_pg_orphans "$data")
        ((${#orphans[@]} == 0)) && break
        if ((i == 50)); then
            _pg_log "killing orphaned backends: ${orphans[*]}"
            kill -9 "${orphans[@]}" 2>/dev/null || true
        fi
        sleep 0.1
    done
    rm -f "$data/postmaster.pid"
}

# Exit status 0 if 127.0.0.1:$1 can be bound (with SO_REUSEADDR, as postgres binds).
_pg_port_is_free() {
    if command -v python3 >/dev/null; then
        python3 - "$1" 2>/dev/null <<'PY'
import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(1)
PY
    elif (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then
        return 1
    fi
}

_pg_free_port() {
    if command -v python3 >/dev/null; then
        python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
        return
    fi
    local p i
    for ((i = 0; i < 200; i++)); do
        p=$((20000 + RANDOM % 40000))
        if _pg_port_is_free "$p"; then echo "$p"; return 0; fi
    done
    _pg_die "could not find a free port"
}

# ---------- cluster lifecycle ----------

# _pg_initdb DATA HOST_AUTH NOSYNC(0|1)
_pg_initdb() {
    local data=$1 auth_host=$2 nosync=$3 stage
    # initdb into a sibling dir and rename it, so a killed initdb never leaves a half-made cluster at DATA.
    stage=$(mktemp -d "$(dirname "$data")/.initdb.XXXXXX") || return 1
    echo postgres > "$stage/pw"
    _pg_chown -R "$stage"
    chmod 700 "$stage"
    local args=(-D "$stage/data" -U postgres --pwfile="$stage/pw" --encoding=UTF8 --no-locale
                --auth-local=trust --auth-host="$auth_host")
    if [[ $nosync == 1 ]]; then args+=(--no-sync); fi
    if ! _pg_as_owner "$PG_BIN/initdb" "${args[@]}" >"$stage/initdb.log" 2>&1; then
        cat "$stage/initdb.log" >&2
        rm -rf "$stage"
        _pg_die "initdb failed"
        return 1
    fi
    echo "include_if_exists = 'wuyang.conf'" >> "$stage/data/postgresql.conf"
    mv "$stage/data" "$data"
    rm -rf "$stage"
}

# _pg_start DATA PORT SOCKDIR LOGFILE DURABLE(0|1)
_pg_start() {
    local data=$1 port=$2 sock=$3 log=$4 durable=$5 onoff=off
    if [[ $durable == 1 ]]; then onoff=on; fi
    # Rewritten on every start: the port and socket dir change between runs.
    cat > "$data/wuyang.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$sock'
max_connections = 300
shared_buffers = 256MB
fsync = $onoff
synchronous_commit = $onoff
full_page_writes = $onoff
EOF
    _pg_chown "$data/wuyang.conf"
    touch "$log"
    _pg_chown "$log"
    _pg_as_owner "$PG_BIN/pg_ctl" -D "$data" -l "$log" -w -t 60 start >/dev/null
}

_pg_wait_ready() {
    local i
    for ((i = 0; i < 300; i++)); do
        if "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -t 1; then return 0; fi
        sleep 0.1
    done
    _pg_die "server on 127.0.0.1:$PG_PORT did not become ready"
}

_pg_provision() {
    # Idempotent, so a cluster whose first start was interrupted still gets its role and database.
    "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_SOCKET_DIR" -p "$PG_PORT" -U postgres -d postgres >/dev/null <<'SQL'
ALTER ROLE postgres PASSWORD 'postgres';
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'wuyang') THEN
    CREATE ROLE wuyang LOGIN CREATEDB PASSWORD 'wuyang';
  END IF;
END $$;
SELECT 'CREATE DATABASE wuyang OWNER wuyang' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'wuyang')
\gexec
SQL
}

_pg_export() {
    export PG_PORT PG_DATA PG_SOCKET_DIR
    export WUYANG_CONNECTION_STRING="Host=127.0.0.1;Port=$PG_PORT;Database=wuyang;Username=wuyang;Password=wuyang"
}

# _pg_stop DATA MODE
_pg_stop() {
    local data=$1 mode=$2 pid
    pid=$(_pg_live_postmaster "$data") || return 0
    if ! _pg_as_owner "$PG_BIN/pg_ctl" -D "$data" -m "$mode" -w -t 30 stop >/dev/null 2>&1; then
        _pg_log "pg_ctl stop failed; killing postmaster $pid"
        kill -9 "$pid" 2>/dev/null || true
    fi
}

_pg_throwaway_cleanup() {
    _pg_stop "$1/data" immediate
    rm -rf "$1"
}

# Throwaway clusters of runs that were killed (so no EXIT trap ran) would pile up in TMPDIR.
_pg_sweep_throwaways() {
    local d
    for d in "$1"/wuyang-pg.*; do
        [[ -d $d && -f $d/owner ]] || continue
        _pg_token_alive "$d/owner" && continue
        _pg_log "removing leftover throwaway cluster $d"
        _pg_throwaway_cleanup "$d"
    done
}

pg_start_throwaway() {
    pg_ensure_binaries || return 1
    local base=${TMPDIR:-/tmp} dir attempt hook
    base=${base%/}
    _pg_sweep_throwaways "$base"
    dir=$(mktemp -d "$base/wuyang-pg.XXXXXX") || return 1
    printf -v hook '_pg_throwaway_cleanup %q' "$dir"
    pg_add_exit_hook "$hook"
    _pg_proc_token "$BASHPID" > "$dir/owner"
    _pg_chown "$dir"
    chmod 700 "$dir"
    if [[ $EUID -eq 0 ]] && ! runuser -u postgres -- test -w "$dir"; then
        _pg_die "$dir is not reachable by the postgres user (check the permissions of TMPDIR)"
        return 1
    fi

    PG_DATA=$dir/data
    PG_SOCKET_DIR=$dir
    _pg_initdb "$PG_DATA" trust 1 || return 1

    # Another process can grab the probed port before postgres binds it; retry on a fresh one.
    for attempt in 1 2 3; do
        PG_PORT=$(_pg_free_port) || return 1
        if _pg_start "$PG_DATA" "$PG_PORT" "$PG_SOCKET_DIR" "$dir/postgres.log" 0; then
            break
        fi
        if [[ $attempt == 3 ]]; then
            tail -n 20 "$dir/postgres.log" >&2 || true
            _pg_die "could not start the throwaway PostgreSQL"
            return 1
        fi
        _pg_log "start on port $PG_PORT failed; retrying on another port"
    done
    _pg_wait_ready || return 1
    _pg_provision || return 1
    _pg_export
    _pg_log "throwaway PostgreSQL on 127.0.0.1:$PG_PORT (data $PG_DATA)"
}

_pg_persistent_cleanup() {
    # Fast (clean) shutdown, so the next start needs no crash recovery.
    _pg_stop "$1" fast
    rm -f "$1/owner"
    rm -rf "$2"
}

# Socket dirs of persistent runs that were killed; skip any a server still listens in.
_pg_sweep_sockdirs() {
    local d
    for d in "$1"/wuyang-pgsock.*; do
        [[ -d $d && -f $d/owner ]] || continue
        _pg_token_alive "$d/owner" && continue
        local lock live=0
        for lock in "$d"/.s.PGSQL.*.lock; do
            [[ -f $lock ]] && _pg_pid_running "$(head -n 1 "$lock")" && live=1
        done
        ((live)) || rm -rf "$d"
    done
}

pg_start_persistent() {
    local data=${1:?usage: pg_start_persistent DIR [PORT]} port=${2:-5433} parent pid hook
    pg_ensure_binaries || return 1
    data=$(realpath -m "$data")
    parent=$(dirname "$data")
    mkdir -p "$parent"
    if [[ $EUID -eq 0 ]] && ! runuser -u postgres -- test -x "$parent"; then
        _pg_die "$parent is not reachable by the postgres user; its parent directories need o+x"
        return 1
    fi

    if [[ -e $data && ! -f $data/PG_VERSION ]]; then
        if [[ -n $(ls -A "$data" 2>/dev/null) ]]; then
            _pg_die "$data exists but is not a PostgreSQL data directory"
            return 1
        fi
        rmdir "$data"
    fi
    if [[ ! -e $data ]]; then
        _pg_log "initialising a new cluster in $data"
        _pg_initdb "$data" scram-sha-256 0 || return 1
    fi
    # postgres insists on owning its data dir with mode 0700 (it may have been copied as root).
    if [[ $EUID -eq 0 && $(stat -c %U "$data") != postgres ]]; then
        chown -R postgres:postgres "$data"
    fi
    chmod 700 "$data"

    if pid=$(_pg_live_postmaster "$data"); then
        if _pg_token_alive "$data/owner"; then
            _pg_die "$data is in use by server pid $pid, started by process $(cut -d: -f1 "$data/owner"), which is still running"
            return 1
        fi
        # Its owning script was killed before its EXIT trap could run.
        _pg_log "stopping leftover server pid $pid from an earlier run"
        _pg_stop "$data" fast
    fi
    _pg_clear_stale "$data"

    if ! _pg_port_is_free "$port"; then
        local wanted=$port
        port=$(_pg_free_port) || return 1
        _pg_log "port $wanted is busy; using port $port instead"
    fi

    PG_DATA=$data
    PG_PORT=$port
    # Socket paths are limited to ~107 bytes, so keep the socket out of a possibly deep repo path.
    local base=${TMPDIR:-/tmp}
    base=${base%/}
    _pg_sweep_sockdirs "$base"
    PG_SOCKET_DIR=$(mktemp -d "$base/wuyang-pgsock.XXXXXX") || return 1
    _pg_proc_token "$BASHPID" > "$PG_SOCKET_DIR/owner"
    _pg_chown "$PG_SOCKET_DIR"
    _pg_proc_token "$BASHPID" > "$data/owner"
    printf -v hook '_pg_persistent_cleanup %q %q' "$data" "$PG_SOCKET_DIR"
    pg_add_exit_hook "$hook"

    if ! _pg_start "$PG_DATA" "$PG_PORT" "$PG_SOCKET_DIR" "$data/postgres.log" 1; then
        tail -n 20 "$data/postgres.log" >&2 || true
        _pg_die "could not start PostgreSQL from $data (log: $data/postgres.log)"
        return 1
    fi
    _pg_wait_ready || return 1
    _pg_provision || return 1
    _pg_export
    _pg_log "PostgreSQL on 127.0.0.1:$PG_PORT (data $PG_DATA)"
}
