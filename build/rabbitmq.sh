# shellcheck shell=bash
# Local RabbitMQ helpers for WuyangPatrol (the integration feed's broker). Source this file, then call:
#   rmq_ensure_binaries     installs Debian's rabbitmq-server via apt if needed, sets RMQ_SERVER
#   rmq_start_throwaway     a node of its own on free loopback ports, data and logs in a temp dir,
#                           stopped and deleted on EXIT; returns once it accepts AMQP clients
#   rmq_launch_throwaway    the same without waiting (boot takes seconds: do something useful meanwhile),
#   rmq_wait_ready          then this before using it
# rmq_launch_throwaway exports WUYANG_RABBITMQ_URI (amqp://guest:guest@127.0.0.1:PORT/), RMQ_PORT and RMQ_DIR.
# guest may log in from loopback only, which is all we use. Like build/pg.sh, call the start function from
# the shell that should own the node, never inside $(...) (the EXIT trap would fire when that ends).

[[ $- == *i* ]] || set -euo pipefail

# The process tokens, free ports and EXIT-hook chaining are build/pg.sh's.
# shellcheck source=build/pg.sh
source "$(dirname "${BASH_SOURCE[0]}")/pg.sh"

_rmq_log() { echo "rabbitmq.sh: $*" >&2; }
_rmq_die() { _rmq_log "error: $*"; return 1; }

rmq_ensure_binaries() {
    RMQ_SERVER=/usr/lib/rabbitmq/bin/rabbitmq-server
    if [[ ! -x $RMQ_SERVER ]]; then
        local sudo=()
        if [[ $EUID -ne 0 ]]; then
            command -v sudo >/dev/null || { _rmq_die "rabbitmq-server is not installed and we are not root"; return 1; }
            sudo=(sudo)
        fi
        _rmq_log "rabbitmq-server not found; installing it with apt"
        export DEBIAN_FRONTEND=noninteractive
        # The package starts no node here (no init system in CI); we start our own below. The package lists
        # are refreshed only when the install fails without (a fresh machine has none).
        if ! "${sudo[@]}" apt-get install -y -q --no-install-recommends rabbitmq-server >&2; then
            "${sudo[@]}" apt-get update -q >&2 || { _rmq_die "apt-get update failed"; return 1; }
            "${sudo[@]}" apt-get install -y -q --no-install-recommends rabbitmq-server >&2 \
                || { _rmq_die "apt-get install rabbitmq-server failed"; return 1; }
        fi
        [[ -x $RMQ_SERVER ]] || { _rmq_die "no $RMQ_SERVER after installing rabbitmq-server"; return 1; }
    fi
    command -v epmd >/dev/null || { _rmq_die "epmd (Erlang) is missing"; return 1; }
    export RMQ_SERVER
}

# ---------- processes and ports ----------

# Exit status 0 once the node on 127.0.0.1:$1 answers an AMQP 0-9-1 protocol header with a frame
# (Connection.Start, type 1), i.e. it accepts clients, not merely that something listens.
_rmq_answers() {
    (
        exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
        printf 'AMQP\x00\x00\x09\x01' >&3
        [[ $(timeout 2 head -c 1 <&3 | od -An -tx1) == *01* ]]
    ) 2>/dev/null
}

# Kills the process whose token (pid:starttime) is in file $1, TERM first, KILL after $2 tenths of a second.
_rmq_kill_token() {
    local file=$1 patience=$2 pid i
    _pg_token_alive "$file" || return 0
    pid=$(cut -d: -f1 "$file")
    kill -TERM "$pid" 2>/dev/null || return 0
    for ((i = 0; i < patience; i++)); do
        _pg_token_alive "$file" || return 0
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
}

_rmq_throwaway_cleanup() {
    local dir=$1
    # The wrapper script turns TERM into a clean stop of the Erlang VM and waits for it.
    _rmq_kill_token "$dir/wrapper.token" 50
    _rmq_kill_token "$dir/beam.token" 10
    _rmq_kill_token "$dir/epmd.token" 10
    rm -rf "$dir"
}

# Throwaway nodes of runs that were killed (so no EXIT trap ran) would pile up in TMPDIR and keep running.
_rmq_sweep_throwaways() {
    local d
    for d in "$1"/wuyang-rmq.*; do
        [[ -d $d && -f $d/owner ]] || continue
        _pg_token_alive "$d/owner" && continue
        _rmq_log "removing leftover throwaway node $d"
        _rmq_throwaway_cleanup "$d"
    done
}

# ---------- node lifecycle ----------

rmq_launch_throwaway() {
    rmq_ensure_binaries || return 1
    local base=${TMPDIR:-/tmp} dir hook
    base=${base%/}
    _rmq_sweep_throwaways "$base"
    _RMQ_LAUNCHED=$(date +%s%N)
    dir=$(mktemp -d "$base/wuyang-rmq.XXXXXX") || return 1
    printf -v hook '_rmq_throwaway_cleanup %q' "$dir"
    pg_add_exit_hook "$hook"
    _pg_proc_token "$BASHPID" > "$dir/owner"

    RMQ_PORT=$(_pg_free_port) || return 1
    local epmd_port dist_port name
    epmd_port=$(_pg_free_port) || return 1
    dist_port=$(_pg_free_port) || return 1
    name="wuyang-$(basename "$dir" | cut -d. -f2)@localhost"

    # An epmd of our own on a private port, so no daemon outlives the node and no other Erlang node
    # on the machine (a developer's RabbitMQ on 4369) is disturbed.
    epmd -port "$epmd_port" -address 127.0.0.1 >"$dir/epmd.log" 2>&1 </dev/null &
    _pg_proc_token $! > "$dir/epmd.token"

    # No plugins (the management plugin alone adds seconds); the cookie lives in the node's HOME.
    echo '[].' > "$dir/enabled_plugins"
    head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$dir/.erlang.cookie"
    chmod 400 "$dir/.erlang.cookie"

    (
        export HOME=$dir
        export RABBITMQ_CONF_ENV_FILE=/dev/null
        export RABBITMQ_CONFIG_FILE=$dir/rabbitmq          # absent: no cuttlefish translation at boot
        export RABBITMQ_ADVANCED_CONFIG_FILE=$dir/advanced.config
        export RABBITMQ_NODENAME=$name RABBITMQ_USE_LONGNAME=false
        export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT=$RMQ_PORT
        export RABBITMQ_DIST_PORT=$dist_port ERL_EPMD_PORT=$epmd_port ERL_EPMD_ADDRESS=127.0.0.1
        export RABBITMQ_MNESIA_BASE=$dir/mnesia RABBITMQ_LOG_BASE=$dir/log
        export RABBITMQ_ENABLED_PLUGINS_FILE=$dir/enabled_plugins RABBITMQ_PLUGINS_EXPAND_DIR=$dir/plugins
        export RABBITMQ_PID_FILE=$dir/beam.pid
        export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-start_epmd false -kernel inet_dist_use_interface {127,0,0,1}"
        exec "$RMQ_SERVER" >"$dir/stdout.log" 2>&1 </dev/null
    ) &
    _pg_proc_token $! > "$dir/wrapper.token"

    RMQ_DIR=$dir
    export RMQ_PORT RMQ_DIR
    export WUYANG_RABBITMQ_URI="amqp://guest:guest@127.0.0.1:$RMQ_PORT/"
}

rmq_wait_ready() {
    local dir=${RMQ_DIR:?rmq_launch_throwaway first} i waited
    waited=$(date +%s%N)
    # Up to 3 minutes: the boot overlaps the build, and on 2 loaded cores it has taken over 2 minutes.
    for ((i = 0; i < 3600; i++)); do
        if [[ ! -s $dir/beam.token && -s $dir/beam.pid ]]; then
            _pg_proc_token "$(cat "$dir/beam.pid")" > "$dir/beam.token" || true
        fi
        if _rmq_answers "$RMQ_PORT"; then
            RMQ_BOOT_MS=$((($(date +%s%N) - _RMQ_LAUNCHED) / 1000000))
            RMQ_WAITED_MS=$((($(date +%s%N) - waited) / 1000000))
            export RMQ_BOOT_MS RMQ_WAITED_MS
            _rmq_log "throwaway RabbitMQ on 127.0.0.1:$RMQ_PORT answered ${RMQ_BOOT_MS} ms after launch (waited ${RMQ_WAITED_MS} ms; dir $dir)"
            return 0
        fi
        if ! _pg_token_alive "$dir/wrapper.token"; then
            tail -n 30 "$dir/stdout.log" >&2 || true
            _rmq_die "RabbitMQ exited during start-up (logs in $dir/log)"
            return 1
        fi
        sleep 0.05
    done
    tail -n 30 "$dir/stdout.log" >&2 || true
    _rmq_die "RabbitMQ on 127.0.0.1:$RMQ_PORT did not answer within 3 minutes"
}

rmq_start_throwaway() {
    rmq_launch_throwaway && rmq_wait_ready
}
