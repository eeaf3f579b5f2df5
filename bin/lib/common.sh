# Shell functions shared by bin/load, bin/bench and the load targets (bin/lib/target-*.sh).
# Sourced, not run. The caller sets `prog` (its name, for messages) before sourcing.

die() { echo "${prog:-load}: $*" >&2; exit 1; }
posint() { [[ "$2" =~ ^[1-9][0-9]{0,8}$ ]] || die "$1 needs a positive integer, not '$2'"; }
now() { date +%s.%N; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
status_kb() { awk -v key="$2:" '$1 == key { print $2 }' "/proc/$1/status" 2>/dev/null || true; }

# SIGTERM to one process this script started, a bounded wait, then SIGKILL. Works for a process
# that is not our child too (the Postfix master): then kill -0 tells when it is gone.
stop_pid() { # pid seconds name
  [ -n "$1" ] && kill -0 "$1" 2>/dev/null || return 0
  kill -TERM "$1" 2>/dev/null || true
  local i
  for i in $(seq 1 $(( $2 * 5 ))); do
    kill -0 "$1" 2>/dev/null || break
    sleep 0.2
  done
  if kill -0 "$1" 2>/dev/null; then
    echo "${prog:-load}: $3 (pid $1) did not stop within $2 s of SIGTERM; sending SIGKILL" >&2
    kill -KILL "$1" 2>/dev/null || true
  fi
  wait "$1" 2>/dev/null || true
}

# Waits until something listens on 127.0.0.1:$1, at most $2 seconds, while pid $3 lives.
wait_listen() {
  local i
  for i in $(seq 1 $(( $2 * 5 ))); do
    kill -0 "$3" 2>/dev/null || return 1
    if ss -Hltn "src 127.0.0.1:$1" 2>/dev/null | grep -q .; then return 0; fi
    sleep 0.2
  done
  return 1
}

# One KEY=VALUE line for bin/lib/loadstat.py (the value on one line).
record() { # file key value
  printf '%s=%s\n' "$2" "$(printf '%s' "$3" | tr '\r\n' '  ')" >> "$1"
}
