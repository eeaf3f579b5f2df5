#!/usr/bin/env python3
"""The measuring side of bin/load and bin/bench, the same code for every target.

  loadstat.py ports N                      N distinct free ports on 127.0.0.1
  loadstat.py cpu PID                      CPU ticks of PID and its descendants (see cpu_ticks)
  loadstat.py tree PID                     PID and its descendants, one a line
  loadstat.py sample --pid P --out F ...   RSS and PSS of P's process tree once a second
  loadstat.py watch --format F ...         follows a maillog until N deliveries; copies the run's part
  loadstat.py report --dir D --json F      one load run (all its phases): table on stdout, JSON to F
  loadstat.py compare --postfix A --gateway B [--empty-chain C] --json F
                                                         bin/bench's table: all, and gateway/postfix

Only the standard library; Linux /proc.
"""
import argparse
import datetime
import json
import os
import re
import signal
import socket
import statistics
import sys
import time


# ---------------------------------------------------------------------------------------------
# Processes

def _stat(pid):
    """(ppid, utime + stime + cutime + cstime) of a process, in clock ticks; None if gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            text = f.read()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2:].split()
    # fields[0] is field 3 of proc(5): state, ppid, ..., utime (14), stime, cutime, cstime (17)
    return int(fields[1]), sum(int(x) for x in fields[11:15])


def tree(root):
    """root and all its descendants that live now (by their parent pids in /proc)."""
    children = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            st = _stat(int(name))
            if st:
                children.setdefault(st[0], []).append(int(name))
    out, todo = [], [root]
    while todo and len(out) < 10000:
        pid = todo.pop()
        if _stat(pid) is None:
            continue
        out.append(pid)
        todo.extend(children.get(pid, []))
    return out


def cpu_ticks(root):
    """CPU of a process tree so far: utime + stime of the root and of every live descendant, plus
    their cutime + cstime (children that exited and were reaped: a Postfix master reaps every
    smtpd, cleanup, smtp it started, so their whole CPU time lands in its cutime/cstime). The
    difference of two readings is the CPU the tree used in between, exited processes included."""
    return sum((_stat(pid) or (0, 0))[1] for pid in tree(root))


def _status_kb(pid, key):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _pss_kb(pid):
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def cmd_sample(a):
    """One line a second: epoch, sum of VmRSS, sum of Pss (kB), process count. Bounded by
    --max-seconds; ends when the root process is gone, or on SIGTERM after one last sample (a
    short run's processes are all there at its end)."""
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    end = time.monotonic() + a.max_seconds
    with open(a.out, "w") as out:
        while time.monotonic() < end:
            pids = tree(a.pid)
            if not pids:
                break
            rss = sum(_status_kb(p, "VmRSS") for p in pids)
            pss = sum(_pss_kb(p) for p in pids)
            out.write(f"{time.time():.3f} {rss} {pss} {len(pids)}\n")
            out.flush()
            if stop:
                break
            next_at = time.monotonic() + a.interval
            while not stop and time.monotonic() < next_at:
                time.sleep(min(0.1, a.interval))


# ---------------------------------------------------------------------------------------------
# Following the maillog during a run

MARKERS = {  # (a delivery, a bounce): one line each per recipient
    "gateway": (b", status=sent (", b", status=bounced ("),
    "postfix": (b", status=sent (", b", status=bounced ("),
}


def cmd_watch(a):
    """Reads the maillog from --offset on as it grows (following a rollover), copies every complete
    line to --copy, and counts deliveries and bounces. Ends when deliveries + bounces reach
    --expect (noting the time the last one was seen), on SIGTERM, after --max-seconds, or when
    --pid is gone; writes what it saw to --out (JSON)."""
    delivered_mark, bounced_mark = MARKERS[a.format]
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    end = time.monotonic() + a.max_seconds
    f, ino, pos, pending = None, None, a.offset, b""
    delivered = bounced = rollovers = 0
    t_done, reason = None, None
    with open(a.copy, "wb") as copy:
        while True:
            if f is None:
                try:
                    f = open(a.log, "rb")
                    ino = os.fstat(f.fileno()).st_ino
                    if os.fstat(f.fileno()).st_size < pos:
                        pos = 0  # truncated under us
                    f.seek(pos)
                except FileNotFoundError:
                    f = None
            chunk = f.read() if f else b""
            if chunk:
                pos += len(chunk)
                data = pending + chunk
                cut = data.rfind(b"\n") + 1
                done, pending = data[:cut], data[cut:]
                copy.write(done)
                delivered += done.count(delivered_mark)
                bounced += done.count(bounced_mark)
                if delivered + bounced >= a.expect:
                    t_done = time.time()
                    reason = "all delivered" if delivered >= a.expect else "all delivered or bounced"
                    break
                if not stop and time.monotonic() <= end:
                    continue  # read on before sleeping
            if f is not None:
                try:
                    st = os.stat(a.log)
                    if st.st_ino != ino or st.st_size < pos:  # rolled over or truncated
                        f.close()
                        f, pos, rollovers = None, 0, rollovers + 1
                        continue
                except FileNotFoundError:
                    pass
            if stop:
                reason = "stopped (the --wait time ran out)"
                break
            if time.monotonic() > end:
                reason = "watcher time limit"
                break
            try:
                os.kill(a.pid, 0)
            except ProcessLookupError:
                reason = "the target exited"
                break
            time.sleep(a.poll)
        if pending:
            copy.write(pending)
    if f:
        f.close()
    with open(a.out, "w") as out:
        json.dump({"delivered_lines": delivered, "bounced_lines": bounced, "expect": a.expect,
                   "t_done": t_done, "end_reason": reason, "rollovers": rollovers}, out)
        out.write("\n")


# ---------------------------------------------------------------------------------------------
# Reading a run's maillog

GW_LINE = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}) mailgate\[[^\]]*\]: (.*)$")
GW_ACCEPTED = re.compile(r"^(Mail\S+): accepted ")
GW_SENT = re.compile(r"^(Mail\S+): to=<[^>]*>, .*, status=sent \(")
GW_BOUNCED = re.compile(r", status=bounced \(")
GW_DEFERRED = re.compile(r", status=deferred \(")

PF_LINE = re.compile(r"^\w{3} [ \d]\d \d\d:\d\d:\d\d \S+ ([^\[:]+)\[\d+\]: (.*)$")
PF_FROM = re.compile(r"^([0-9A-Za-z]+): from=<([^>]*)>")
PF_TO = re.compile(r"^([0-9A-Za-z]+): to=<[^>]*>.*?, delay=([0-9.]+), .*?status=(\w+) ")
PF_TROUBLE = re.compile(r"^(warning|error|fatal|panic): ")


def gateway_log(path):
    """The gateway's maillog of one run: its own millisecond timestamps; the latency of a message
    is the time of its `accepted` line (written when the message is in the queue, just before
    the 250) to its (last) `status=sent` line."""
    def stamp(text):  # logback %d{ISO8601}, the JVM's local time
        return datetime.datetime.strptime(text, "%Y-%m-%d %H:%M:%S,%f").timestamp()
    accepted_at, sent_at, bounced, deferred, other = {}, {}, 0, 0, []
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            m = GW_LINE.match(line.rstrip("\n"))
            if not m:
                continue
            t, msg = stamp(m.group(1)), m.group(2)
            acc = GW_ACCEPTED.match(msg)
            if acc:
                accepted_at[acc.group(1)] = t
                continue
            s = GW_SENT.match(msg)
            if s:
                sent_at[s.group(1)] = max(t, sent_at.get(s.group(1), t))
                continue
            if GW_BOUNCED.search(msg):
                bounced += 1
            elif GW_DEFERRED.search(msg):
                deferred += 1
            else:
                other.append(msg)
    latencies = [sent_at[q] - accepted_at[q] for q in accepted_at if q in sent_at]
    return {"accepted": len(accepted_at), "delivered": len(sent_at), "bounced": bounced,
            "deferred": deferred, "latencies": latencies,
            "last_delivery_logged": max(sent_at.values()) if sent_at else None,
            "other": other}


def postfix_log(path):
    """A Postfix maillog (postlogd) of one run. Its timestamps have whole seconds only, so the
    latency of a message is Postfix's own `delay=` of its status=sent line: from the message's
    arrival (smtpd got MAIL FROM) to the end of the delivery, logged with 2 significant digits
    (delay_logging_resolution_limit = 6). Messages count when their qmgr from= line is in the run
    and the sender is not <> (a bounce notice is no load message)."""
    from_of, sent_delay, bounced, deferred, other = {}, {}, 0, 0, []
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            m = PF_LINE.match(line.rstrip("\n"))
            if not m:
                continue
            msg = m.group(2)
            fr = PF_FROM.match(msg)
            if fr:
                from_of[fr.group(1)] = fr.group(2)
                continue
            to = PF_TO.match(msg)
            if to:
                qid, delay, status = to.group(1), float(to.group(2)), to.group(3)
                if status == "sent":
                    sent_delay[qid] = max(delay, sent_delay.get(qid, delay))
                elif status == "bounced":
                    bounced += 1
                elif status == "deferred":
                    deferred += 1
                continue
            if PF_TROUBLE.match(msg):
                other.append(f"{m.group(1)}: {msg}")
    ours = {q for q, sender in from_of.items() if sender}
    latencies = [sent_delay[q] for q in ours if q in sent_delay]
    return {"accepted": len(ours), "delivered": sum(1 for q in sent_delay if q in ours),
            "bounced": bounced, "deferred": deferred, "latencies": latencies,
            "last_delivery_logged": None, "other": other}


def gc_peaks(path, t0, t1):
    """From -Xlog:gc (decorator `time`): the largest heap in use before a collection, and the
    largest committed heap, over the collections between t0 and t1 (epoch seconds)."""
    unit = {"K": 1, "M": 1024, "G": 1024 * 1024}
    line_re = re.compile(r"^\[([^\]]+)\].*?\b(\d+)([KMG])->(\d+)([KMG])\((\d+)([KMG])\)")
    used = committed = None
    count = 0
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                m = line_re.match(line)
                if not m:
                    continue
                try:
                    t = datetime.datetime.strptime(m.group(1), "%Y-%m-%dT%H:%M:%S.%f%z").timestamp()
                except ValueError:
                    continue
                if not t0 <= t <= t1:
                    continue
                count += 1
                before = int(m.group(2)) * unit[m.group(3)]
                total = int(m.group(6)) * unit[m.group(7)]
                used = before if used is None else max(used, before)
                committed = total if committed is None else max(committed, total)
    except OSError:
        return None, None, 0
    return used, committed, count


# ---------------------------------------------------------------------------------------------
# The report of one bin/load invocation

def read_env(path):
    env = {}
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if "=" in line:
                k, v = line.rstrip("\n").split("=", 1)
                env[k] = v
    return env


def num(v, kind=int):
    try:
        return kind(float(v)) if kind is int else kind(v)
    except (TypeError, ValueError):
        return None


def r(x, d=3):
    return None if x is None else round(x, d)


def median(values):
    return statistics.median(values) if values else None


def pct(sorted_values, p):  # nearest rank
    if not sorted_values:
        return None
    k = max(1, -(-p * len(sorted_values) // 100))
    return sorted_values[int(k) - 1]


def metrics(path):
    out = {}
    try:
        with open(path) as f:
            for line in f:
                if line.startswith("#") or not line.strip():
                    continue
                name, _, value = line.rpartition(" ")
                name = name.split("{")[0].strip()
                try:
                    out[name] = out.get(name, 0) + float(value)
                except ValueError:
                    pass
    except OSError:
        pass
    return out


def run_result(common, env, previous_metrics):
    target, n = common["TARGET"], int(common["MESSAGES"])
    d = common["DIR"]
    phase = env["PHASE"]
    log = (gateway_log if target == "gateway" else postfix_log)(os.path.join(d, env["RUN_LOG"]))
    with open(os.path.join(d, env["WATCH"])) as f:
        watch = json.load(f)
    t_send, t_sent = float(env["T_SEND"]), float(env["T_SENT"])
    t_done = watch.get("t_done")
    send_s = t_sent - t_send
    lat = sorted(log["latencies"])
    samples = []
    try:
        with open(os.path.join(d, env["SAMPLES"])) as f:
            samples = [list(map(float, l.split())) for l in f if len(l.split()) == 4]
    except OSError:
        pass
    cpu_s = (int(env["CPU_AFTER"]) - int(env["CPU_BEFORE"])) / int(common["CLK_TCK"])
    res = {
        "phase": phase,
        "when": datetime.datetime.fromtimestamp(t_send).astimezone().isoformat(timespec="seconds"),
        "complete": False,
        "accepted": log["accepted"], "delivered": log["delivered"], "bounced": log["bounced"],
        "deferred": log["deferred"],
        "send_s": r(send_s), "accepted_msg_per_s": r(n / send_s, 1),
        "all_delivered_seen_s": r(t_done - t_send) if t_done else None,
        "delivered_msg_per_s": None,
        "latency_s": {"count": len(lat), "median": r(median(lat)), "p99": r(pct(lat, 99)),
                      "max": r(lat[-1] if lat else None),
                      "from": ("the accepted line (message queued, 250 next) to the last 'status=sent' "
                               "line, the gateway's maillog timestamps (ms)" if target == "gateway" else
                               "Postfix's delay= of the status=sent line: arrival (MAIL FROM) to the end "
                               "of delivery, 2 significant digits")},
        "cpu_s": r(cpu_s, 2), "cpu_ms_per_msg": r(1000 * cpu_s / n, 3),
        "peak_rss_sampled_kb": int(max(s[1] for s in samples)) if samples else None,
        "peak_pss_sampled_kb": int(max(s[2] for s in samples)) if samples else None,
        "max_processes_sampled": int(max(s[3] for s in samples)) if samples else None,
        "loadavg_at_send": env.get("LOAD_SEND"), "loadavg_at_end": env.get("LOAD_END"),
        "watch_end": watch.get("end_reason"), "maillog_rollovers": watch.get("rollovers"),
        "sink": env.get("SINK_LINE"),
        "other_maillog_lines": len(log["other"]),
        "first_other_maillog_line": log["other"][0][:300] if log["other"] else None,
    }
    cur_metrics = None
    if target == "gateway":
        cur_metrics = metrics(os.path.join(d, env["METRICS"]))
        prev = previous_metrics or {}
        if "mailgate_messages_accepted_total" in cur_metrics:  # no rejection yet: no series yet
            cur_metrics.setdefault("mailgate_messages_rejected_total", 0)
        delta = lambda k: (None if k not in cur_metrics else int(cur_metrics[k] - prev.get(k, 0)))
        res["metrics"] = {
            "accepted": delta("mailgate_messages_accepted_total"),
            "delivered": delta("mailgate_messages_delivered_total"),
            "deferred": delta("mailgate_messages_deferred_total"),
            "bounced": delta("mailgate_messages_bounced_total"),
            "rejected": delta("mailgate_messages_rejected_total"),
            "queue_size_at_end": num(cur_metrics.get("mailgate_queue_size")),
            "scrape_s": num(env.get("SCRAPE_S"), float),
        }
        ll = log["last_delivery_logged"]
        res["last_delivery_logged_s"] = r(ll - t_send) if ll else None
        heap_used, heap_committed, gcs = gc_peaks(os.path.join(d, common["GC_LOG"]), t_send,
                                                   t_done or float(env["T_END"]))
        heap_end = num(env.get("HEAP_USED_END_KB"))
        peak = max([x for x in (heap_used, heap_end) if x is not None], default=None)
        res["heap"] = {"peak_used_kb": peak, "peak_used_before_gc_kb": heap_used,
                       "used_at_end_kb": heap_end, "peak_committed_kb": heap_committed,
                       "collections": gcs}
        res["peak_rss_kb"] = num(env.get("VM_HWM"))  # the JVM's VmHWM: its peak since it started
        res["rss_at_end_kb"] = num(env.get("VM_RSS"))
        delivered_ok = (res["metrics"]["delivered"] or 0) >= n
    else:
        res["peak_rss_kb"] = res["peak_rss_sampled_kb"]
        res["queue_files_at_end"] = num(env.get("QUEUE_FILES"))
        delivered_ok = True
    res["complete"] = bool(t_done) and log["delivered"] >= n and len(lat) >= n and delivered_ok
    if res["complete"]:
        res["delivered_msg_per_s"] = r(n / (t_done - t_send), 1)
    return res, cur_metrics


def fmt(v, unit=""):
    return "n/a" if v is None else f"{v}{unit}"


def mib(kb):
    return None if kb is None else round(kb / 1024, 1)


def cmd_report(a):
    d = a.dir
    common = read_env(os.path.join(d, "common.env"))
    common["DIR"] = d
    target, n = common["TARGET"], int(common["MESSAGES"])
    runs, prev = [], None
    for name in sorted(x for x in os.listdir(d) if re.fullmatch(r"run-\d+-\w+\.env", x)):
        res, prev = run_result(common, read_env(os.path.join(d, name)), prev)
        runs.append(res)
    result = {
        "target": target,
        "host": common["HOST"], "nproc": int(common["NPROC"]), "revision": common["REVISION"],
        "software": common["SOFTWARE"], "filesystem": common["FS"],
        "messages": n, "size_bytes": int(common["SIZE"]), "sessions": int(common["SESSIONS"]),
        "launch_to_ready_s": r(float(common["T_READY"]) - float(common["T_LAUNCH"]), 2),
        "built_before_start": common.get("BUILT") == "yes",
        "loadavg_at_start": common["LOAD_START"],
        "cpu_counted": common["CPU_COUNTED"], "memory_counted": common["MEMORY_COUNTED"],
        "delivered_msg_per_s_from": "messages / (the time the last delivery line appeared in the maillog, "
                                     "watched every 0.1 s, - the start of sending)",
        "runs": runs,
    }
    with open(a.json, "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")

    print("-" * 78)
    head = [("target", f"{target}: {common['SOFTWARE']}"),
            ("load", f"{n} msgs x {common['SIZE']} B, {common['SESSIONS']} sessions"),
            ("machine", f"{common['HOST']}, nproc {common['NPROC']}, revision {common['REVISION']}, "
                        f"state on {common['FS']}"),
            ("started", f"ready {result['launch_to_ready_s']} s after launch"
                        + (", a build included" if result["built_before_start"] else "")),
            ("CPU counted", common["CPU_COUNTED"]), ("memory", common["MEMORY_COUNTED"])]
    for res in runs:
        lat = res["latency_s"]
        same = "the same JVM" if target == "gateway" else "the same Postfix instance"
        rows = [(f"[{res['phase']}]", f"{res['when']}" + (f" ({same}, after the cold run)"
                                                          if res["phase"] == "warm" else "")),
                ("accepted", f"{res['accepted']} in {res['send_s']:.2f} s = {res['accepted_msg_per_s']} msg/s"),
                ("delivered", f"{res['delivered']} (deferred {res['deferred']}, bounced {res['bounced']}); "
                              + (f"last seen at +{res['all_delivered_seen_s']:.2f} s = "
                                 f"{res['delivered_msg_per_s']} msg/s" if res["complete"]
                                 else f"INCOMPLETE ({res['watch_end']})")),
                ("accept->delivery", f"median {fmt(lat['median'], ' s')}, p99 {fmt(lat['p99'], ' s')}, "
                                     f"max {fmt(lat['max'], ' s')} ({lat['count']} matched)"),
                ("CPU", f"{res['cpu_s']} s = {res['cpu_ms_per_msg']} ms/msg")]
        if target == "gateway":
            m, h = res["metrics"], res["heap"]
            rows.append(("metrics", f"accepted {fmt(m['accepted'])}, delivered {fmt(m['delivered'])}, "
                                    f"deferred {fmt(m['deferred'])}, bounced {fmt(m['bounced'])}, "
                                    f"rejected {fmt(m['rejected'])}, queue {fmt(m['queue_size_at_end'])}"))
            rows.append(("peak RSS", f"{fmt(mib(res['peak_rss_kb']), ' MiB')} (VmHWM; sampled peak "
                                     f"{fmt(mib(res['peak_rss_sampled_kb']), ' MiB')}, "
                                     f"PSS {fmt(mib(res['peak_pss_sampled_kb']), ' MiB')})"))
            rows.append(("peak heap", f"{fmt(mib(h['peak_used_kb']), ' MiB')} used "
                                      f"(committed {fmt(mib(h['peak_committed_kb']), ' MiB')}; "
                                      f"{h['collections']} GCs in the run)"))
        else:
            rows.append(("peak memory", f"PSS {fmt(mib(res['peak_pss_sampled_kb']), ' MiB')}, RSS "
                                        f"{fmt(mib(res['peak_rss_kb']), ' MiB')} (sums over up to "
                                        f"{fmt(res['max_processes_sampled'])} processes, sampled)"))
            rows.append(("queue", f"{fmt(res['queue_files_at_end'])} queue files left at the end"))
        rows.append(("loadavg", f"before start {common['LOAD_START']} | send {res['loadavg_at_send']} | "
                                f"end {res['loadavg_at_end']}"))
        rows.append(("next hop", f"smtp-sink: {res['sink']}"))
        head.extend(rows)
    width = max(len(k) for k, _ in head)
    for k, v in head:
        print(f"{k:<{width}}  {v}")
    print("-" * 78)
    print(f"JSON: {a.json}")
    for res in runs:
        if res["other_maillog_lines"]:
            print(f"note [{res['phase']}]: {res['other_maillog_lines']} other maillog lines; the first: "
                  f"{res['first_other_maillog_line']}", file=sys.stderr)
    sys.exit(0 if runs and all(x["complete"] for x in runs) else 1)


# ---------------------------------------------------------------------------------------------
# bin/bench: postfix vs gateway

FIGURES = [  # key, column title, how to read it out of a run
    ("accepted_msg_per_s", "acc msg/s", lambda x: x["accepted_msg_per_s"]),
    ("delivered_msg_per_s", "dlv msg/s", lambda x: x["delivered_msg_per_s"]),
    ("latency_median_s", "median s", lambda x: x["latency_s"]["median"]),
    ("latency_p99_s", "p99 s", lambda x: x["latency_s"]["p99"]),
    ("cpu_ms_per_msg", "CPU ms/msg", lambda x: x["cpu_ms_per_msg"]),
    ("peak_pss_mib", "PSS MiB", lambda x: mib(x["peak_pss_sampled_kb"])),
    ("peak_rss_mib", "RSS MiB", lambda x: mib(x["peak_rss_kb"])),
    ("peak_heap_mib", "heap MiB", lambda x: mib(x.get("heap", {}).get("peak_used_kb"))),
]


def cmd_compare(a):
    with open(a.postfix) as f:
        pf = json.load(f)
    with open(a.gateway) as f:
        gw = json.load(f)
    empty = None
    if a.empty_chain:
        with open(a.empty_chain) as f:
            empty = json.load(f)
    rows = []  # (label, {key: value})
    pf_run = pf["runs"][0]
    rows.append(("postfix", {k: get(pf_run) for k, _, get in FIGURES}))
    for name, report in (("gateway", gw), ("empty chain", empty)):
        for run in (report or {"runs": []})["runs"]:
            rows.append((f"{name} {run['phase']}", {k: get(run) for k, _, get in FIGURES}))
    ratios = []
    for label, vals in rows[1:]:
        ratio = {}
        for k, _, _ in FIGURES:
            g, p = vals[k], rows[0][1][k]
            ratio[k] = float(f"{g / p:.3g}") if g is not None and p not in (None, 0) else None
        ratios.append((f"{label} / postfix", ratio))
    complete = all(x["complete"] for x in pf["runs"] + gw["runs"] + (empty["runs"] if empty else []))
    out = {
        "when": pf_run["when"], "host": gw["host"], "nproc": gw["nproc"], "revision": gw["revision"],
        "messages": gw["messages"], "size_bytes": gw["size_bytes"], "sessions": gw["sessions"],
        "complete": complete,
        "figures": {label: vals for label, vals in rows},
        "ratio_gateway_to_postfix": {label: vals for label, vals in ratios},
        "postfix": pf, "gateway": gw, "empty_chain": empty,
    }
    with open(a.json, "w") as f:
        json.dump(out, f, indent=2)
        f.write("\n")

    def cell(v):  # about 3 significant digits, whole numbers from 100 on
        if v is None:
            return "n/a"
        a = abs(v)
        return f"{v:.0f}" if a >= 100 else f"{v:.1f}" if a >= 10 else f"{v:.2f}" if a >= 1 else f"{v:.3f}"
    label_w = max(len(l) for l, _ in rows + ratios)
    col_w = max(10, max(len(t) for _, t, _ in FIGURES))
    line = "-" * (label_w + (col_w + 1) * len(FIGURES) + 1)
    print(line)
    print(f"bench: {gw['messages']} msgs x {gw['size_bytes']} B, {gw['sessions']} sessions, "
          f"{gw['host']} (nproc {gw['nproc']}), revision {gw['revision']}, state on {gw['filesystem']}")
    print(f"postfix: {pf['software']}; gateway: {gw['software']}")
    print(line)
    print(f"{'':<{label_w}} " + " ".join(f"{t:>{col_w}}" for _, t, _ in FIGURES))
    for label, vals in rows + [("", None)] + ratios:
        if vals is None:
            print(line)
            continue
        print(f"{label:<{label_w}} " + " ".join(f"{cell(vals[k]):>{col_w}}" for k, _, _ in FIGURES))
    print(line)
    print("ratio = gateway / postfix: above 1 is more msg/s, but also more latency, CPU and memory.")
    print("PSS counts a page shared by several processes once (divided among them): the fair memory "
          "figure for Postfix's many processes; their RSS sum counts shared libraries once per process.")
    print(f"latency: gateway {gw['runs'][0]['latency_s']['from']}; postfix {pf_run['latency_s']['from']}.")
    print(f"CPU: postfix {pf['cpu_counted']}; gateway {gw['cpu_counted']}.")
    print(f"memory: postfix {pf['memory_counted']}; gateway {gw['memory_counted']}.")
    if not complete:
        print("NOT COMPLETE: some run did not deliver every message; see the tables above.")
    print(f"JSON: {a.json}")
    sys.exit(0 if complete else 1)


# ---------------------------------------------------------------------------------------------

def cmd_ports(a):
    socks = []
    for _ in range(a.n):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.bind(("127.0.0.1", 0))
        socks.append(s)
    print(*[s.getsockname()[1] for s in socks])
    for s in socks:
        s.close()


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("ports"); s.add_argument("n", type=int)
    s = sub.add_parser("cpu"); s.add_argument("pid", type=int)
    s = sub.add_parser("tree"); s.add_argument("pid", type=int)
    s = sub.add_parser("sample")
    s.add_argument("--pid", type=int, required=True); s.add_argument("--out", required=True)
    s.add_argument("--max-seconds", type=float, required=True); s.add_argument("--interval", type=float, default=1.0)
    s = sub.add_parser("watch")
    s.add_argument("--format", choices=sorted(MARKERS), required=True)
    s.add_argument("--log", required=True); s.add_argument("--offset", type=int, default=0)
    s.add_argument("--expect", type=int, required=True); s.add_argument("--pid", type=int, required=True)
    s.add_argument("--max-seconds", type=float, required=True); s.add_argument("--poll", type=float, default=0.1)
    s.add_argument("--copy", required=True); s.add_argument("--out", required=True)
    s = sub.add_parser("report"); s.add_argument("--dir", required=True); s.add_argument("--json", required=True)
    s = sub.add_parser("compare")
    s.add_argument("--postfix", required=True); s.add_argument("--gateway", required=True)
    s.add_argument("--empty-chain")
    s.add_argument("--json", required=True)
    a = p.parse_args()
    if a.cmd == "ports":
        cmd_ports(a)
    elif a.cmd == "cpu":
        print(cpu_ticks(a.pid))
    elif a.cmd == "tree":
        print(*tree(a.pid), sep="\n")
    else:
        {"sample": cmd_sample, "watch": cmd_watch, "report": cmd_report, "compare": cmd_compare}[a.cmd](a)


if __name__ == "__main__":
    main()
