# bin/load's target "postfix": a plain Postfix relay as the yardstick, a private instance of the
# installed Postfix run as root from a configuration directory in the temporary directory
# (postfix -c DIR start), with its own queue and data directories there (queue files on disk, as
# Postfix always does), its own maillog (postlogd), smtpd on 127.0.0.1:relay_port only, and
# relayhost = the sink. Everything else as Postfix ships it (upstream defaults: destination
# concurrency 20, connection cache on demand, in_flow_delay 1s, no chroot). It shares nothing with
# a system Postfix: other queue directory (so other sockets and pid file), other data directory
# (master.lock), no port 25. Sourced by bin/load; the interface is in bin/lib/target-gateway.sh.

pf_master= pf_dir= pf_conf=

target_start() {
  [ "$(id -u)" = 0 ] || die "the postfix target runs a private Postfix instance: it needs root"
  local postfix_cmd daemon_dir mail_owner version
  postfix_cmd=$(command -v postfix || echo /usr/sbin/postfix)
  [ -x "$postfix_cmd" ] || die "postfix is missing: apt-get install postfix"
  daemon_dir=$(postconf -dh daemon_directory)
  mail_owner=$(postconf -dh mail_owner)
  version=$(postconf -dh mail_version)
  pf_dir="$tmp/postfix" pf_conf="$tmp/postfix/conf"
  # Postfix's daemons (user $mail_owner) must reach the queue directory: traverse only.
  chmod 711 "$tmp"
  mkdir -p "$pf_conf" "$pf_dir/queue" "$pf_dir/data"
  chmod 755 "$pf_dir" "$pf_conf" "$pf_dir/queue"
  chown "$mail_owner" "$pf_dir/data"
  cat > "$pf_conf/main.cf" <<EOF
# bin/load: a private Postfix instance, a plain relay to the sink; all else as Postfix ships it.
compatibility_level = 3.6
queue_directory = $pf_dir/queue
data_directory = $pf_dir/data
maillog_file = $pf_dir/maillog
maillog_file_prefixes = $pf_dir
syslog_name = postfix-load
# Sub-second delay= values: the latency of a message (postlogd's timestamps have whole seconds).
delay_logging_resolution_limit = 6
myhostname = load-relay.localdomain
mydomain = localdomain
myorigin = \$myhostname
mydestination =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
smtpd_recipient_restrictions = permit_mynetworks, reject
relayhost = [127.0.0.1]:$sink_port
alias_maps =
alias_database =
biff = no
EOF
  # Upstream's master.cf services, chroot off (nothing is copied into the queue directory), and
  # smtpd on the loopback port instead of port 25.
  cat > "$pf_conf/master.cf" <<EOF
127.0.0.1:$relay_port inet n - n - - smtpd
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
tlsmgr    unix  -       -       n       1000?   1       tlsmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
proxywrite unix -       -       n       -       1       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
local     unix  -       n       n       -       -       local
virtual   unix  -       n       n       -       -       virtual
lmtp      unix  -       -       n       -       -       lmtp
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
EOF
  target_log="$pf_dir/maillog" target_log_format=postfix
  echo "load: starting a private Postfix $version (relay 127.0.0.1:$relay_port, next hop smtp-sink 127.0.0.1:$sink_port) in $pf_dir" >&2
  t_launch=$(now)
  # `postfix start` checks the instance, creates the queue directories, and returns once the
  # master daemon runs (in the background, not our child: its pid comes from its pid file).
  timeout 120 "$postfix_cmd" -c "$pf_conf" start > "$tmp/postfix-start.out" 2>&1 || {
    cat "$tmp/postfix-start.out" "$pf_dir/maillog" >&2 2>/dev/null || true
    pf_adopt_master
    die "postfix -c $pf_conf start failed"
  }
  pf_adopt_master
  [ -n "$pf_master" ] || die "the Postfix master of $pf_conf is not running (see $pf_dir/maillog)"
  wait_listen "$relay_port" 30 "$pf_master" || die "Postfix's smtpd did not listen on 127.0.0.1:$relay_port"
  t_ready=$(now)
  built=no
  target_pid=$pf_master
  target_software="Postfix $version (private instance, $(postconf -c "$pf_conf" -h default_destination_concurrency_limit) concurrent deliveries to the sink)"
  target_cpu_counted="utime+stime of the instance's master and all its children (smtpd, cleanup, qmgr, smtp, trivial-rewrite, postlogd, ...), exited ones included through the master's cutime+cstime (/proc/PID/stat), from the start of sending to the last delivery"
  target_memory_counted="RSS and PSS = the sums over the instance's processes, sampled once a second"
}

# Takes the master's pid from the instance's pid file, if it is the master of this instance.
pf_adopt_master() {
  local pid
  pid=$(tr -dc '0-9' < "$pf_dir/queue/pid/master.pid" 2>/dev/null || true)
  [ -n "$pid" ] || return 0
  case "$(readlink "/proc/$pid/exe" 2>/dev/null)" in */master) ;; *) return 0 ;; esac
  tr '\0' '\n' < "/proc/$pid/environ" 2>/dev/null | grep -qxF "MAIL_CONFIG=$pf_conf" || return 0
  pf_master=$pid
}

target_after_run() { # env-file run-number
  record "$1" QUEUE_FILES "$(find "$pf_dir/queue/incoming" "$pf_dir/queue/active" \
    "$pf_dir/queue/deferred" "$pf_dir/queue/hold" -type f 2>/dev/null | wc -l)"
}

# SIGTERM to the master by its pid (what `postfix stop` does); it stops its children. Then each
# child seen before, by its pid, if it is still there and still a Postfix daemon.
target_stop() {
  [ -n "$pf_master" ] || return 0
  local kids pid
  kids=$(python3 "$lib/loadstat.py" tree "$pf_master" 2>/dev/null | tail -n +2 || true)
  stop_pid "$pf_master" 20 "the Postfix master"
  for pid in $kids; do
    case "$(readlink "/proc/$pid/exe" 2>/dev/null)" in
      "$(postconf -dh daemon_directory)"/*) stop_pid "$pid" 5 "a Postfix daemon" ;;
    esac
  done
  pf_master=
}
