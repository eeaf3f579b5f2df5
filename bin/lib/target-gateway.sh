# bin/load's target "gateway": the gateway from this tree (bin/mailgate run, building when needed)
# with a fresh home in the temporary directory, its default chain (conf/), loopback ports only,
# the next hop (delivery.smarthost) the sink, and a tenant whose source network is 127.0.0.0/8
# with the attested sending domain load.test.
# Sourced by bin/load; uses its variables (root, tmp, lib, sink_port, relay_port, start_timeout,
# messages). The interface every target implements:
#   target_start        start; set target_pid (whose process tree is measured), target_log,
#                       target_log_format, target_software, target_cpu_counted, target_memory_counted
#   target_after_run F  what only this target can tell about the run that just ended, into file F
#   target_stop         stop what target_start started, by PID

gw_pid=

target_start() {
  admin_port=$(python3 "$lib/loadstat.py" ports 1)
  target_log="$tmp/log/maillog" target_log_format=gateway
  echo "load: starting the gateway (relay 127.0.0.1:$relay_port, admin 127.0.0.1:$admin_port, next hop smtp-sink 127.0.0.1:$sink_port) in $tmp" >&2
  # bin/mailgate run execs java: $! is the JVM. The GC log (one line per collection) gives the peak
  # heap; JDK_JAVA_OPTIONS leaves JAVA_OPTS (bin/mailgate's -Xmx default) alone, and %p keeps a
  # Maven build's JVM (it reads JDK_JAVA_OPTIONS too) out of the gateway's file.
  (
    cd "$tmp"
    export MAILGATE_LOG_DIR="$tmp/log" MAILGATE_PID="$tmp/mailgate.pid"
    export JDK_JAVA_OPTIONS="${JDK_JAVA_OPTIONS:+$JDK_JAVA_OPTIONS }-Xlog:gc:file=$tmp/log/gc-%p.log:time:filecount=0"
    # MAILGATE_CONF_DIR: another configuration folder (mailgate.conf, mailetcontainer.xml,
    # logback.xml), e.g. to measure another chain; default the tree's conf/.
    exec "$root/bin/mailgate" run --config "${MAILGATE_CONF_DIR:-$root/conf}/mailgate.conf" \
      --set "home=$tmp/var" \
      --set "delivery.smarthost=127.0.0.1:$sink_port" \
      --set "smtp.relay.listen=127.0.0.1:$relay_port" \
      --set "smtp.tls.listen=" \
      --set "admin.listen=127.0.0.1:$admin_port" \
      --set "demo.tenant=false"
  ) > "$tmp/log/console.log" 2>&1 &
  gw_pid=$!
  echo "$gw_pid" > "$tmp/mailgate.pid"

  admin="http://127.0.0.1:$admin_port"
  t_launch=$(now)
  local healthy=0
  for _ in $(seq 1 $(( start_timeout * 2 ))); do
    kill -0 "$gw_pid" 2>/dev/null || break
    if [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$admin/health" 2>/dev/null)" = 200 ]; then
      healthy=1; break
    fi
    sleep 0.5
  done
  if [ "$healthy" != 1 ]; then
    tail -n 30 "$tmp/log/console.log" >&2 || true
    die "the gateway did not answer $admin/health within $start_timeout s (or it exited)"
  fi
  built=no
  grep -q 'mailgate: building' "$tmp/log/console.log" && built=yes
  local jvm_exe
  jvm_exe=$(readlink "/proc/$gw_pid/exe" 2>/dev/null || true)
  case "$jvm_exe" in */java) ;; *) die "pid $gw_pid is not the JVM ($jvm_exe)" ;; esac
  wait_listen "$relay_port" 30 "$gw_pid" || die "the relay listener 127.0.0.1:$relay_port did not open"
  gc_log="log/gc-$gw_pid.log"

  # A tenant, authorized by its source network 127.0.0.0/8.
  token=$(cat "$tmp/var/admin.token")
  local tenant_id
  tenant_id=$(gw_api POST /api/v1/tenants "{\"name\":\"load-$(date +%s)\"}" |
              python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  gw_api POST "/api/v1/tenants/$tenant_id/networks" '{"cidr":"127.0.0.0/8"}' > /dev/null
  # smtp-source sends as sender@load.test: a sending domain of the tenant, attested (no DNS here).
  gw_api POST "/api/v1/tenants/$tenant_id/domains" '{"domain":"load.test"}' > /dev/null
  gw_api PUT "/api/v1/tenants/$tenant_id/domains/load.test/attestation" '{"note":"bin/load"}' > /dev/null
  t_ready=$(now)

  target_pid=$gw_pid
  target_software="Mailgate $(git -C "$root" describe --always --dirty 2>/dev/null || echo unknown) on $(java -version 2>&1 | head -n 1)"
  target_cpu_counted="the JVM's utime+stime (/proc/PID/stat) from the start of sending to the last delivery"
  target_memory_counted="RSS = the JVM's VmHWM (its peak since start); PSS sampled once a second; heap = the most in use before any GC in the run (-Xlog:gc) or at its end (jstat)"
}

gw_api() { # method path json-body -> body on stdout; fails unless 2xx
  local code
  code=$(curl -sS --max-time 20 -o "$tmp/api.out" -w '%{http_code}' -X "$1" \
           -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
           --data "$3" "$admin$2") || die "$1 $2: curl failed"
  [[ "$code" == 2* ]] || die "$1 $2 answered $code: $(cat "$tmp/api.out")"
  cat "$tmp/api.out"
}

# /metrics, read once after each run's deliveries: a scrape costs the gateway CPU, so the run
# itself is watched in the maillog instead. The counters are cumulative: loadstat.py takes the
# difference to the previous run. A few tries: the counter and the log line are not written at
# the same instant.
target_after_run() { # env-file run-number
  local out="$tmp/metrics-$2.txt" t0 delivered
  for _ in 1 2 3; do
    t0=$(now)
    curl -s --max-time 30 "$admin/metrics" > "$out" 2>/dev/null || true
    record "$1" SCRAPE_S "$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }')"
    delivered=$(awk '$1 == "mailgate_messages_delivered_total" { print int($2); exit }' "$out")
    [ "${delivered:-0}" -ge $(( $2 * messages )) ] && break
    sleep 1
  done
  record "$1" METRICS "metrics-$2.txt"
  record "$1" VM_HWM "$(status_kb "$gw_pid" VmHWM)"
  record "$1" VM_RSS "$(status_kb "$gw_pid" VmRSS)"
  # Heap in use now (young + old, kB), from the JVM's perf counters; no attach, nothing runs in it.
  if command -v jstat > /dev/null; then
    record "$1" HEAP_USED_END_KB "$(timeout 30 jstat -gc "$gw_pid" 2>/dev/null | awk '
      NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i }
      NR == 2 { printf "%d", $col["S0U"] + $col["S1U"] + $col["EU"] + $col["OU"] }')"
  fi
}

target_stop() {
  stop_pid "$gw_pid" 45 "the gateway"  # it gives sessions in flight up to 15 s
}
