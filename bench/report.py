#!/usr/bin/env python3
"""Turns one bench/run's raw results into the table, the JSON summary and the latency plot.

Reads TMP/jmh.json (figures 1-4, 7) and TMP/cross.json (figures 5, 6); writes OUT/latest.json,
OUT/latest.md and OUT/latency.svg, and prints the table. With --docs DIR it also replaces the block
between the result markers of DIR/BENCHMARKS.md (which shows the plot from bench/results: one copy of it).
Standard library only.
"""
import argparse
import datetime
import json
import math
import os
import re
import statistics
import subprocess

SIZES = ["1KiB", "64KiB", "1MiB"]
UNIT_NS = {"ns/op": 1.0, "us/op": 1e3, "ms/op": 1e6, "s/op": 1e9}


def load_jmh(path):
    """{(class.method, size or None): {"ns": median ns/op, "mean": ns, "iterations": [ns], "alloc": B/op}}"""
    out = {}
    for r in json.load(open(path)):
        name = ".".join(r["benchmark"].split(".")[-2:])
        pm = r["primaryMetric"]
        scale = UNIT_NS[pm["scoreUnit"]]
        iterations = sorted(x for fork in pm.get("rawData", [[pm["score"]]]) for x in fork)
        alloc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
        # the median iteration: on a shared machine a burst of other work spoils an iteration, not the median
        out[(name, r.get("params", {}).get("size"))] = {
            "ns": statistics.median(iterations) * scale,
            "mean": pm["score"] * scale,
            "iterations": [x * scale for x in iterations],
            "alloc": alloc,
        }
    return out


def fmt_ns(ns):
    if ns is None:
        return "–"
    if ns < 1e3:
        return f"{ns:.1f} ns" if ns < 100 else f"{ns:.0f} ns"
    if ns < 1e6:
        return f"{ns / 1e3:.1f} µs" if ns < 1e5 else f"{ns / 1e3:.0f} µs"
    return f"{ns / 1e6:.2f} ms"


def fmt_ratio(r):
    return f"{r:.2f}×" if r < 100 else f"{r:,.0f}×"


class Table:
    def __init__(self):
        self.rows = []

    def add(self, fig, what, size, ours, floor, ratio, target, met, note=""):
        self.rows.append({"figure": fig, "what": what, "size": size, "ours": ours, "floor": floor,
                          "ratio": ratio, "target": target, "met": met, "note": note})

    def markdown(self):
        head = "| # | measurement | doc | ours | floor / theirs | ratio | target | met |\n"
        head += "|---|---|---|---|---|---|---|---|\n"
        lines = []
        for r in self.rows:
            met = {True: "met", False: "**not met**", None: "–"}[r["met"]]
            ratio = fmt_ratio(r["ratio"]) if isinstance(r["ratio"], float) else (r["ratio"] or "–")
            lines.append(f"| {r['figure']} | {r['what']} | {r['size'] or '–'} | {r['ours']} | {r['floor']} "
                         f"| {ratio} | {r['target']} | {met} |")
        return head + "\n".join(lines) + "\n"


def jmh_rows(t, j, summary):
    def get(name, size=None):
        return j.get((name, size))

    # 1. hot read
    ours, floor = get("HotReadBenchmark.get"), get("HotReadBenchmark.acquireLoadFloor")
    if ours and floor:
        ratio = ours["ns"] / floor["ns"]
        t.add("1", "hot read: `get()`, nothing changed / one acquire-load", None, fmt_ns(ours["ns"]),
              fmt_ns(floor["ns"]), ratio, "≤ 2×", ratio <= 2.0)
        alloc = ours["alloc"]
        if alloc is not None:
            t.add("1", "hot read: bytes allocated per `get()` (gc profiler)", None, f"{alloc:.3g} B/op",
                  "–", None, "0 B/op", alloc < 0.5)
        summary["hotRead"] = {"oursNs": ours["ns"], "floorNs": floor["ns"], "ratio": ratio, "allocBytesPerOp": alloc}
    # 2-4. per size, ours against a floor
    figures = [
        ("2", "fresh read: first `get()` after a publish / Jackson parse from byte[]", "FreshReadBenchmark.get",
         "FreshReadBenchmark.jacksonParseFloor", 1.10, "freshRead"),
        ("3", "raw bytes: `bytes()`, nothing changed / copy out of a mapping", "BytesBenchmark.bytesUnchanged",
         "BytesBenchmark.mappedCopyFloor", 1.5, "bytesUnchanged"),
        ("3", "raw bytes: `bytes()` after a publish / copy out of a mapping", "BytesBenchmark.bytesAfterPublish",
         "BytesBenchmark.mappedCopyFloor", 1.5, "bytesAfterPublish"),
        ("3", "raw bytes: `byteBuffer()` after a publish / copy out of a mapping",
         "BytesBenchmark.byteBufferAfterPublish", "BytesBenchmark.mappedCopyFloor", 1.5, "byteBufferAfterPublish"),
        ("4", "publish: `publish(tree)` / Jackson serialize to byte[]", "PublishBenchmark.publish",
         "PublishBenchmark.jacksonWriteFloor", 1.20, "publish"),
    ]
    for fig, what, ours_name, floor_name, target, key in figures:
        summary[key] = {}
        for size in SIZES:
            ours, floor = get(ours_name, size), get(floor_name, size)
            if not (ours and floor):
                continue
            ratio = ours["ns"] / floor["ns"]
            t.add(fig, what, size, fmt_ns(ours["ns"]), fmt_ns(floor["ns"]), ratio, f"≤ {target:.2f}×",
                  ratio <= target)
            summary[key][size] = {"oursNs": ours["ns"], "floorNs": floor["ns"], "ratio": ratio}


def alternatives_rows(t, j, summary):
    names = [("rereadFile", "(a) re-read + parse the file each access"),
             ("statThenReread", "(b) stat, re-read when mtime changed"),
             ("tcpFetch", "(c) fetch over loopback TCP + parse")]
    summary["alternatives"] = {}
    for size in SIZES:
        ours = j.get(("AlternativesBenchmark.oursGet", size))
        if not ours:
            continue
        summary["alternatives"][size] = {"oursNs": ours["ns"]}
        for key, what in names:
            theirs = j.get(("AlternativesBenchmark." + key, size))
            if not theirs:
                continue
            speedup = theirs["ns"] / ours["ns"]
            t.add("7", what + "; ratio = speed-up of `get()`", size, fmt_ns(ours["ns"]), fmt_ns(theirs["ns"]),
                  speedup, "report", None)
            summary["alternatives"][size][key] = {"theirsNs": theirs["ns"], "speedup": speedup}


def cross_rows(t, c, summary):
    busy, seq, back = c["busySpin"], c["seqlock"], c["backoff"]
    ratio = busy["p50Ns"] / seq["p50Ns"]
    n = busy["count"]
    t.add("5", f"publish → parsed value in hand, busy-spin subscriber, p50 ({n:,} samples) / seqlock + parse",
          "1KiB", fmt_ns(busy["p50Ns"]), fmt_ns(seq["p50Ns"]), ratio, "≤ 1.5×", ratio <= 1.5)
    for label, key in [("p99", "p99Ns"), ("p99.9", "p999Ns"), ("max", "maxNs")]:
        t.add("5", f"same, {label}", "1KiB", fmt_ns(busy[key]), fmt_ns(seq[key]), busy[key] / seq[key], "report", None)
    pc = busy.get("publishCall")
    if pc:
        t.add("5", "of which the writer's `publish()` call (serializes the tree; the floor's writer does not), "
                   "p50 / p99", "1KiB", f"{fmt_ns(pc['p50Ns'])} / {fmt_ns(pc['p99Ns'])}", "–", "", "report", None)
    t.add("5", "seqlock alone (copy, no parse) p50 / p99; parse alone p50", "1KiB",
          "–", f"{fmt_ns(seq['copyOnly']['p50Ns'])} / {fmt_ns(seq['copyOnly']['p99Ns'])}; "
               f"{fmt_ns(seq['parseOnly']['p50Ns'])}", "", "report", None)
    t.add("5", f"default back-off subscriber, p50 / p99 ({back['count']:,} samples)", "1KiB",
          f"{fmt_ns(back['p50Ns'])} / {fmt_ns(back['p99Ns'])}", "–", "", "report", None)
    idle = back.get("idle")
    if idle:
        cpu = idle["subscriberThreadCpuPercent"]
        bare = idle.get("bareParkLoopCpuPercent")
        t.add("5", f"CPU of one idle default subscriber thread (whole JVM {idle['processCpuPercent']:.2f}%) / "
                   "a bare parkNanos loop at the default ceiling", None, f"{cpu:.2f}% of a core",
              f"{bare:.2f}%" if bare is not None else "–", cpu / bare if bare else "", "< 1%", cpu < 1.0)
    sc = {k: {"wall": statistics.median(r["publishesPerSecond"] for r in rounds),
              "cpu": statistics.median(r["publishesPerCpuSecond"] for r in rounds),
              "rounds": len(rounds)} for k, rounds in c["scaling"].items()}
    for k in [k for k in ["1", "3", "3poll"] if k in sc]:
        who = f"{k[0]} reader JVM(s) polling only `version()`" if k.endswith("poll") else f"{k} busy `get()` reader JVM(s)"
        target = "≥ 0.90×" if k == "3" else "report"
        r = sc[k]["wall"] / sc["0"]["wall"]
        t.add("6", f"writer publishes per second, {who} / none (median of {sc[k]['rounds']} rounds)", "1KiB",
              f"{sc[k]['wall']:,.0f}/s", f"{sc['0']['wall']:,.0f}/s", r, target, (r >= 0.9) if k == "3" else None)
        r = sc[k]["cpu"] / sc["0"]["cpu"]
        t.add("6", f"same, per second of the writer thread's CPU time", "1KiB",
              f"{sc[k]['cpu']:,.0f}/s", f"{sc['0']['cpu']:,.0f}/s", r, "report", None)
    summary["latency"] = {
        "busySpin": {k: v for k, v in busy.items() if k not in ("curve", "publishCall")},
        "publishCall": {k: v for k, v in (busy.get("publishCall") or {}).items() if k != "curve"},
        "seqlockPlusParse": {k: v for k, v in seq.items() if k not in ("curve", "copyOnly", "parseOnly")},
        "seqlockCopyOnly": {k: v for k, v in seq["copyOnly"].items() if k != "curve"},
        "parseOnly": {k: v for k, v in seq["parseOnly"].items() if k != "curve"},
        "backoff": {k: v for k, v in back.items() if k not in ("curve", "publishCall")},
        "p50Ratio": ratio,
        "pinned": c.get("pinned"),
    }
    summary["scaling"] = {"medians": sc, "rounds": c["scaling"],
                          "cpuRatio3to0": sc["3"]["cpu"] / sc["0"]["cpu"],
                          "wallRatio3to0": sc["3"]["wall"] / sc["0"]["wall"]}


def peers_rows(t, j, c, summary):
    """Figures 8-10 (issue 12): the raw path beside Chronicle Map, Agrona and the seqlock; futex; idle CPU."""
    summary["peers"] = {}
    # 8. JMH, one JVM with the peers' flags
    for size in SIZES:
        ours, put = j.get(("PeersBenchmark.jsonmmapPublishJson", size)), j.get(("PeersBenchmark.chroniclePut", size))
        agrona = j.get(("PeersBenchmark.agronaTransmit", size))
        validate = j.get(("PeersBenchmark.jsonmmapValidateOnly", size))
        if not (ours and put):
            continue
        ratio = ours["ns"] / put["ns"]
        target = "≤ 2×" if size != "1KiB" else "report"
        t.add("8", "raw write: `publishJson(byte[])` / Chronicle Map `put` of the same bytes (persisted map)", size,
              fmt_ns(ours["ns"]), fmt_ns(put["ns"]), ratio, target, (ratio <= 2.0) if size != "1KiB" else None)
        if agrona:
            t.add("8", "same / Agrona broadcast `transmit` (a copy, no validation, no checksum)", size,
                  fmt_ns(ours["ns"]), fmt_ns(agrona["ns"]), ours["ns"] / agrona["ns"], "report", None)
        if validate:
            t.add("8", "of which the validation pass alone (one pass, builds nothing)", size, fmt_ns(validate["ns"]),
                  "–", validate["ns"] / ours["ns"], "report", None)
        get = j.get(("PeersBenchmark.chronicleGetUsing", size))
        summary["peers"][size] = {"publishJsonNs": ours["ns"], "chroniclePutNs": put["ns"],
                                  "agronaTransmitNs": agrona and agrona["ns"], "validateNs": validate and validate["ns"],
                                  "chronicleGetUsingNs": get and get["ns"], "ratioToChroniclePut": ratio}
    # 9. cross-process raw publish -> bytes in hand
    raw, chron, agr, seq = c.get("raw"), c.get("chronicle"), c.get("agrona"), c.get("seqlock")
    if raw and seq:
        floor = seq["copyOnly"]
        r = raw["p50Ns"] / floor["p50Ns"]
        t.add("9", f"raw publish → bytes in hand, busy-spin, p50 ({raw['count']:,} samples) / hand seqlock (copy)",
              "1KiB", fmt_ns(raw["p50Ns"]), fmt_ns(floor["p50Ns"]), r, "≤ 2×", r <= 2.0)
        if chron:
            rc = raw["p50Ns"] / chron["p50Ns"]
            t.add("9", "same / Chronicle Map `put` → `getUsing`, p50", "1KiB", fmt_ns(raw["p50Ns"]),
                  fmt_ns(chron["p50Ns"]), rc, "≤ 1×", rc <= 1.0)
        if agr:
            t.add("9", "same / Agrona broadcast `transmit` → `CopyBroadcastReceiver`, p50", "1KiB",
                  fmt_ns(raw["p50Ns"]), fmt_ns(agr["p50Ns"]), raw["p50Ns"] / agr["p50Ns"], "report", None)
        line = " / ".join(f"{n} {fmt_ns(x['p99Ns'])}" for n, x in
                          [("ours", raw), ("Chronicle", chron), ("Agrona", agr), ("seqlock", floor)] if x)
        t.add("9", "p99 of each: " + line, "1KiB", fmt_ns(raw["p99Ns"]), "–", "", "report", None)
        pc = raw.get("publishCall")
        if pc:
            t.add("9", "of which the writer's `publishJson` call (validate, copy + CRC, commit, wake check), p50 / p99",
                  "1KiB", f"{fmt_ns(pc['p50Ns'])} / {fmt_ns(pc['p99Ns'])}", "–", "", "report", None)
        summary["peers"]["crossProcess"] = {k: {kk: vv for kk, vv in (v or {}).items() if kk not in ("curve", "publishCall")}
                                            for k, v in [("raw", raw), ("chronicle", chron), ("agrona", agr),
                                                         ("seqlockCopy", floor)]}


def futex_rows(t, c, summary):
    """Figure 10 (issue 12): futex wake-ups beside the bare futex wake measured in the same run; idle CPU."""
    fut, back, rounds = c.get("futex"), c.get("backoff"), c.get("futexRounds")

    def med(series, *path):
        """The median over the rounds of one value (e.g. p50Ns, or awaitReturned.p50Ns)."""
        values = []
        for r in rounds.get(series, []):
            for k in path[:-1]:
                r = r.get(k, {})
            if path[-1] in r:
                values.append(r[path[-1]])
        return statistics.median(values) if values else None

    if fut and rounds and rounds.get("subscriber") and rounds.get("barePinned"):
        n = len(rounds["subscriber"])
        each = rounds["subscriber"][0]["count"]
        p50, p99 = med("subscriber", "p50Ns"), med("subscriber", "p99Ns")
        f50, f99 = med("barePinned", "p50Ns"), med("barePinned", "p99Ns")
        t.add("10", f"futex wake-up: publish → parsed value in hand, default subscriber, p50 (median of {n} rounds "
                    f"× {each:,} samples) / bare cross-process futex wake, pinned the same", "1KiB",
              fmt_ns(p50), fmt_ns(f50), p50 / f50, "≤ 20 µs", p50 <= 20_000)
        t.add("10", "same, p99 / bare futex wake p99", "1KiB", fmt_ns(p99), fmt_ns(f99), p99 / f99, "≤ 100 µs",
              p99 <= 100_000)
        u50, u99 = med("bareUnpinned", "p50Ns"), med("bareUnpinned", "p99Ns")
        s50, s99 = med("subscriberUnpinned", "p50Ns"), med("subscriberUnpinned", "p99Ns")
        if u50 and s50:
            t.add("10", "the same, writer and subscriber not pinned (the scheduler places them), p50 / bare futex "
                        "wake not pinned", "1KiB", fmt_ns(s50), fmt_ns(u50), s50 / u50, "report", None)
            t.add("10", "same, p99 / bare futex wake not pinned p99", "1KiB", fmt_ns(s99), fmt_ns(u99), s99 / u99,
                  "report", None)
        a_woken, a_raw, a_parse = (med("await", "awaitReturned", "p50Ns"), med("await", "rawSnapshot", "p50Ns"),
                                   med("await", "parse", "p50Ns"))
        pub, wake = med("await", "publishCall", "p50Ns"), med("barePinned", "wakeCall", "p50Ns")
        if a_woken:
            t.add("10", "our path in pieces, p50: tag → `awaitChange` returns (the writer's `publish(tree)` "
                        "call, its wake, the return) / rawSnapshot() / parse / total", "1KiB",
                  f"{fmt_ns(a_woken)} / {fmt_ns(a_raw)} / {fmt_ns(a_parse)} / {fmt_ns(med('await', 'p50Ns'))}",
                  fmt_ns(f50), a_woken / f50, "report", None)
        if pub and wake:
            t.add("10", "the writer's `publish(tree)` call (serialize, copy + CRC, commit, wake) p50 / the bare "
                        "`FUTEX_WAKE` call p50", "1KiB", fmt_ns(pub), fmt_ns(wake), pub / wake, "report", None)
        if back:
            t.add("10", "the futex subscriber beside the polling back-off subscriber (figure 5), p50 / p99",
                  "1KiB", f"{fmt_ns(p50)} / {fmt_ns(p99)}", f"{fmt_ns(back['p50Ns'])} / {fmt_ns(back['p99Ns'])}",
                  p50 / back["p50Ns"], "report", None)
    elif fut:
        # a cross.json from before the floors were measured
        t.add("10", f"futex wake-up: publish → parsed value in hand, default subscriber, p50 ({fut['count']:,} samples)",
              "1KiB", fmt_ns(fut["p50Ns"]), fmt_ns(back["p50Ns"]) if back else "–",
              fut["p50Ns"] / back["p50Ns"] if back else "", "≤ 20 µs", fut["p50Ns"] <= 20_000)
        t.add("10", "same, p99 (floor column: the polling back-off subscriber)", "1KiB", fmt_ns(fut["p99Ns"]),
              fmt_ns(back["p99Ns"]) if back else "–", fut["p99Ns"] / back["p99Ns"] if back else "", "≤ 100 µs",
              fut["p99Ns"] <= 100_000)
    idle = fut.get("idle") if fut else None
    if idle:
        cpu = idle["subscriberThreadCpuPercent"]
        polling = back.get("idle", {}).get("subscriberThreadCpuPercent") if back else None
        t.add("10", f"idle Java follower (JDK {c.get('futexJdk', '25')}, futex): subscriber thread CPU "
                    f"(whole JVM {idle['processCpuPercent']:.2f}%) / polling back-off", None,
              f"{cpu:.3f}% of a core", f"{polling:.2f}%" if polling is not None else "–",
              cpu / polling if polling else "", "≤ 0.05%", cpu <= 0.05)
    py = c.get("pythonIdle")
    if py:
        f, p = py["futex"], py["poll"]
        t.add("10", "idle Python follower (`await_change`, futex): process CPU / polling", None,
              f"{f['cpuPercent']:.3f}% of a core", f"{p['cpuPercent']:.2f}%", f["cpuPercent"] / p["cpuPercent"]
              if p["cpuPercent"] else "", "≤ 0.05%", f["cpuPercent"] <= 0.05)
    summary["futex"] = {"java": {k: v for k, v in (fut or {}).items() if k not in ("curve", "publishCall")},
                        "rounds": rounds, "python": py}


def svg_plot(c):
    """Latency against percentile, both on log scales (x: 1/(1-p)), one line per series."""
    series = [("jsonmmap, busy-spin subscriber", c["busySpin"]["curve"], "#1f77b4"),
              ("floor: seqlock + Jackson parse", c["seqlock"]["curve"], "#2ca02c"),
              ("seqlock copy alone (no parse)", c["seqlock"]["copyOnly"]["curve"], "#98df8a"),
              ("jsonmmap, default back-off subscriber", c["backoff"]["curve"], "#ff7f0e")]
    extra = [("jsonmmap, futex subscriber (JDK 25)", "futex", "#d62728"),
             ("jsonmmap raw path, bytes in hand", "raw", "#9467bd"),
             ("Chronicle Map put → getUsing", "chronicle", "#8c564b"),
             ("Agrona broadcast", "agrona", "#7f7f7f")]
    series += [(name, c[key]["curve"], color) for name, key, color in extra if key in c]
    w, h, left, right, top, bottom = 900, 520, 80, 290, 40, 60
    pw, ph = w - left - right, h - top - bottom
    max_nines = 5.0  # up to 99.999%

    def xpos(p):
        nines = max_nines if p >= 100 else min(max_nines, -math.log10(1 - p / 100.0))
        return left + pw * nines / max_nines

    values = [v for _, curve, _ in series for _, v in curve if v > 0]
    lo = 10 ** math.floor(math.log10(max(1, min(values))))
    hi = 10 ** math.ceil(math.log10(max(values)))

    def ypos(ns):
        ns = max(ns, lo)
        return top + ph * (1 - (math.log10(ns) - math.log10(lo)) / (math.log10(hi) - math.log10(lo)))

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" '
           'font-family="sans-serif" font-size="12">',
           f'<rect width="{w}" height="{h}" fill="white"/>',
           f'<text x="{left}" y="22" font-size="15">Publish → value in hand, 1 KiB document, '
           f'cross-process (writer every ~{c["periodNanos"] // 1000} µs)</text>']
    for k in range(int(max_nines) + 1):
        x = left + pw * k / max_nines
        label = f"{100 * (1 - 10 ** -k):.{max(0, k - 2)}f}%"
        out.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{top + ph}" stroke="#ddd"/>')
        out.append(f'<text x="{x:.1f}" y="{top + ph + 18}" text-anchor="middle">{label}</text>')
    decade = lo
    while decade <= hi:
        y = ypos(decade)
        label = f"{decade / 1e6:g} ms" if decade >= 1e6 else f"{decade / 1e3:g} µs" if decade >= 1e3 else f"{decade:g} ns"
        out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + pw}" y2="{y:.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{label}</text>')
        decade *= 10
    out.append(f'<text x="{left + pw / 2}" y="{h - 15}" text-anchor="middle">percentile</text>')
    out.append(f'<text x="18" y="{top + ph / 2}" text-anchor="middle" '
               f'transform="rotate(-90 18 {top + ph / 2})">latency</text>')
    out.append(f'<rect x="{left}" y="{top}" width="{pw}" height="{ph}" fill="none" stroke="#888"/>')
    for i, (name, curve, color) in enumerate(series):
        pts = " ".join(f"{xpos(p):.1f},{ypos(v):.1f}" for p, v in curve)
        out.append(f'<polyline fill="none" stroke="{color}" stroke-width="2" points="{pts}"/>')
        ly = top + 10 + 22 * i
        out.append(f'<line x1="{left + pw + 12}" y1="{ly}" x2="{left + pw + 32}" y2="{ly}" stroke="{color}" '
                   'stroke-width="3"/>')
        out.append(f'<text x="{left + pw + 38}" y="{ly + 4}" font-size="11">{name}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def machine(java, tmp):
    model = "unknown"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        jv = subprocess.run([java, "-version"], capture_output=True, text=True).stderr.strip().splitlines()
        jdk = jv[1] if len(jv) > 1 else jv[0]
    except OSError:
        jdk = "unknown"
    loads = {}
    for k in ("before", "after"):
        try:
            loads[k] = re.search(r"load average: (.*)", open(os.path.join(tmp, f"load-{k}.txt")).read()).group(1)
        except (OSError, AttributeError):
            loads[k] = "?"
    return {"nproc": os.cpu_count(), "cpu": model, "jdk": jdk, "loadBefore": loads["before"],
            "loadAfter": loads["after"]}


def start_report(a):
    """What every report starts from: the cross-process results, the machine, the date and the summary's head."""
    c = json.load(open(os.path.join(a.tmp, "cross.json")))
    m = machine(a.java, a.tmp)
    date = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    return c, m, date, {"date": date, "machine": m, "elapsedSeconds": a.elapsed}


def write_report(a, name, md, summary):
    """The report as OUT/NAME.md and its rows with the run's details as OUT/NAME.json."""
    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, f"{name}.md"), "w") as f:
        f.write(md)
    with open(os.path.join(a.out, f"{name}.json"), "w") as f:
        json.dump(summary, f, indent=1, ensure_ascii=False)


def figure_alone(a):
    """bench/run --figure=10: that figure's rows to OUT/figure10.md and .json; latest.* are left alone."""
    c, m, date, summary = start_report(a)
    t = Table()
    futex_rows(t, c, summary)
    summary["rows"] = t.rows
    md = (f"Figure {a.figure} alone, run of {date}: {m['nproc']} CPUs, {m['cpu']}; load average before "
          f"{m['loadBefore']}, after {m['loadAfter']}; took {a.elapsed} s. Ratios are ours / floor, same run. "
          f"Cross-process runs {'pinned writer to CPU 0, readers to CPU 1' if c.get('pinned') else 'unpinned'}.\n"
          "\n" + t.markdown())
    write_report(a, f"figure{a.figure}", md, summary)
    print(md)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tmp", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--java", default="java")
    ap.add_argument("--elapsed", type=int, default=0)
    ap.add_argument("--docs")
    ap.add_argument("--figure", help="the run was of this figure alone (bench/run --figure=10)")
    a = ap.parse_args()
    if a.figure:
        return figure_alone(a)

    j = load_jmh(os.path.join(a.tmp, "jmh.json"))
    c, m, date, summary = start_report(a)
    t = Table()
    jmh_rows(t, j, summary)
    cross_rows(t, c, summary)
    alternatives_rows(t, j, summary)
    peers_rows(t, j, c, summary)
    futex_rows(t, c, summary)
    summary["rows"] = t.rows

    header = (f"Run of {date}: {m['nproc']} CPUs, {m['cpu']}, {m['jdk']}; load average before {m['loadBefore']}, "
              f"after {m['loadAfter']}; bench/run took {a.elapsed} s.\n"
              f"Times are the median of the JMH measurement iterations; ratios are ours / floor (time per operation, same run); figure 7's ratio is theirs / ours. "
              f"Cross-process runs {'pinned writer to CPU 0, readers to CPU 1' if c.get('pinned') else 'unpinned'}.\n")
    md = header + "\n" + t.markdown()
    write_report(a, "latest", md, summary)
    svg = svg_plot(c)
    with open(os.path.join(a.out, "latency.svg"), "w") as f:
        f.write(svg)
    if a.docs:
        doc = os.path.join(a.docs, "BENCHMARKS.md")
        text = open(doc).read()
        begin, end = "<!-- bench/run results: begin -->", "<!-- bench/run results: end -->"
        if begin not in text or end not in text:
            raise SystemExit(f"{doc} has no {begin} ... {end} block to replace")
        text = text[:text.index(begin) + len(begin)] + "\n" + md + text[text.index(end):]
        with open(doc, "w") as f:
            f.write(text)
    print(md)


if __name__ == "__main__":
    main()
