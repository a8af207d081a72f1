#!/usr/bin/env python3
"""The Python figures of docs/BENCHMARKS.md (standard library only): the Python reader's get() unchanged and
fresh against json.loads of the same bytes and the origin's ObjectMmap.jsonread_follower, on the benchmark
documents (1 KiB / 64 KiB / 1 MiB), the costs of the read-only values, publish_json, and the wall time of
``python -m jsonmmap get`` against the Java tool's ``jsonmmap get``.

    python3 bench/python_bench.py [--quick] [--json OUT.json] [--md OUT.md] [--docs docs/BENCHMARKS.md]

Every figure is the best of several repeats of a timed loop (timeit's advice: the minimum is the figure
least spoiled by other work on the machine), in the same process and run as its floor.
"""

import argparse
import json
import mmap
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
import types

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "python"))

import jsonmmap  # noqa: E402
from jsonmmap import Reader, Writer  # noqa: E402
from jsonmmap import _layout as L  # noqa: E402

SIZES = (("1KiB", 1024), ("64KiB", 64 * 1024), ("1MiB", 1024 * 1024))


# ------------------------------------------------------------------------------------------- documents
# A port of org.jsonmmap.bench.Documents: java.util.Random's generator (its sequence is specified by the
# JDK), the same structure, and doubles written as Java writes them, so the bytes are the Java benchmark's.

class JavaRandom:
    def __init__(self, seed):
        self.seed = (seed ^ 0x5DEECE66D) & ((1 << 48) - 1)

    def next(self, bits):
        self.seed = (self.seed * 0x5DEECE66D + 0xB) & ((1 << 48) - 1)
        return self.seed >> (48 - bits)

    def next_int(self, bound):
        r = self.next(31)
        m = bound - 1
        if bound & m == 0:
            return (bound * r) >> 31
        u = r
        while True:
            r = u % bound
            if u - r + m < (1 << 31):
                return r
            u = self.next(31)

    def next_double(self):
        return ((self.next(26) << 27) + self.next(27)) * (1.0 / (1 << 53))


REGIONS = ["eu-west-1", "eu-central-1", "us-east-1", "us-west-2", "ap-south-1"]
TAGS = ["canary", "primary", "backup", "ipv6", "gold", "batch", "pci", "zürich"]
PROTOCOLS = ["http", "https", "grpc", "h2c"]
SEED = 0x6A736F6E6D6D6170
_BUDGET = re.compile(r'("errorBudget":)([^,}]+)')


def java_double(x):
    """Double.toString: plain between 1e-3 and 1e7, else d.dddE-n."""
    if x == 0:
        return "0.0"
    if 1e-3 <= abs(x) < 1e7:
        s = repr(x)
        return s if "." in s else s + ".0"
    mantissa, exponent = ("%r" % x).replace("e", "E").split("E") if "e" in repr(x) else (repr(x), "0")
    if "." not in mantissa:
        mantissa += ".0"
    if mantissa.startswith("0."):  # repr gave plain notation (1e-4 <= x < 1e-3): move the point
        digits = mantissa[2:].lstrip("0")
        shift = len(mantissa[2:]) - len(digits) + 1
        mantissa = digits[0] + "." + (digits[1:] or "0")
        exponent = str(-shift)
    return "%sE%d" % (mantissa, int(exponent))


def dumps(value):
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return _BUDGET.sub(lambda m: m.group(1) + java_double(float(m.group(2))), text)


def upstream(r, i):
    u = {"id": "upstream-%05d" % i}
    u["host"] = "10.%d.%d.%d" % (r.next_int(256), r.next_int(256), 1 + r.next_int(254))
    u["port"] = 9000 + r.next_int(1000)
    u["protocol"] = PROTOCOLS[r.next_int(len(PROTOCOLS))]
    u["region"] = REGIONS[r.next_int(len(REGIONS))]
    u["weight"] = 1 + r.next_int(100)
    u["enabled"] = r.next_int(10) != 0
    tags = []
    t = r.next_int(3)
    while t >= 0:
        tags.append(TAGS[r.next_int(len(TAGS))])
        t -= 1
    u["tags"] = tags
    rps = 100 * (1 + r.next_int(50))
    burst = 10 * (1 + r.next_int(40))
    u["limits"] = {"rps": rps, "burst": burst, "errorBudget": int(r.next_double() * 1000 + 0.5) / 100_000.0}
    u["health"] = {"path": "/healthz", "intervalMs": 1000 * (1 + r.next_int(10)),
                   "unhealthyAfter": 1 + r.next_int(5)}
    return u


def document_bytes(target):
    r = JavaRandom(SEED)
    doc = {"schema": "acme.service-config/v3", "revision": 4217,
           "service": {"name": "orders-api", "environment": "production", "region": REGIONS[0],
                       "owner": "team-checkout@acme.example"},
           "http": {"port": 8443, "maxConnections": 4096,
                    "timeouts": {"connectMs": 250, "readMs": 2000, "idleMs": 60000}},
           "features": {"newCheckout": {"enabled": True, "rollout": 0.25},
                        "fraudScoreV2": {"enabled": False, "rollout": 0.0}},
           "upstreams": []}
    length = len(dumps(doc).encode("utf-8"))
    i = 0
    while length < target:
        u = upstream(r, i)
        doc["upstreams"].append(u)
        length += len(dumps(u).encode("utf-8")) + (0 if i == 0 else 1)
        i += 1
    return dumps(doc).encode("utf-8")


# ------------------------------------------------------------------------------------------- the origin

class OriginObjectMmap:
    """The origin's ObjectMmap (the seed, Python 2) in Python 3, over a file-backed shared mapping: jsonwrite
    stores ``len:json`` at offset 0; jsonread_follower seeks, finds ':', reads and parses (errors hidden)."""

    def __init__(self, path, length):
        self.fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        os.ftruncate(self.fd, length)
        self.mm = mmap.mmap(self.fd, length)
        self.obj = None

    def jsonwrite_bytes(self, data):
        self.mm.seek(0)
        self.mm.write(b"%d:" % len(data) + data)

    def jsonread_follower(self):
        try:
            self.mm.seek(0)
            index = self.mm.find(b":")
            if index != -1:
                head = self.mm.read(index + 1)
                contentlength = int(head[:-1])
                content = self.mm.read(contentlength)
                obj = json.loads(content)
                self.obj = obj
                return obj
            return None
        except Exception:
            return self.obj

    def close(self):
        self.mm.close()
        os.close(self.fd)


# ------------------------------------------------------------------------------------------- measuring

def best(fn, seconds, repeats):
    """Seconds per call: the best of ``repeats`` loops of about ``seconds`` each, timed with the CPU time of
    this thread (user and system), so that time the machine gives to other processes is not counted."""
    n = 1
    while True:
        t = timeit.timeit(fn, number=n, timer=time.thread_time)
        if t >= seconds / 4 or n >= 1 << 24:
            break
        n *= 4
    n = max(1, int(n * seconds / max(t, 1e-9)))
    return min(timeit.repeat(fn, number=n, repeat=repeats, timer=time.thread_time)) / n


def eager_freeze_hook():
    """The alternative the reader does not use: immutable containers built during the parse."""
    proxy = types.MappingProxyType

    def freeze_list(items):
        for i, v in enumerate(items):
            if type(v) is list:
                items[i] = freeze_list(v)
        return tuple(items)

    def hook(d):
        for k, v in d.items():
            if type(v) is list:
                d[k] = freeze_list(v)
        return proxy(d)
    return hook


def measure_size(label, target, directory, seconds, repeats):
    data = document_bytes(target)
    name = "bench-" + label
    out = {"document_bytes": len(data)}
    with Writer(name, directory, initial_capacity=2 * len(data)) as w:
        out["publish_json_us"] = best(lambda: w.publish_json(data), seconds, repeats) * 1e6
        w.publish_json(data)
        w.publish_json(data)
        last = w.version
    reader = Reader(name, directory)
    reader.get()
    out["get_unchanged_ns"] = best(reader.get, seconds, repeats) * 1e9
    out["version_ns"] = best(reader.version, seconds, repeats) * 1e9

    # fresh reads without publishing: the two slots hold two committed versions; before each get() store the
    # other one's commit word, exactly as a publish ends (as BenchRegion.flip() does for the Java figures)
    fd = os.open(reader.region.path, os.O_RDWR)
    header = mmap.mmap(fd, L.HEADER_SIZE)
    latest = L.U64.unpack_from(header, L.LATEST_OFFSET)[0]
    words = [latest, L.latest_word(last - 1, L.owner_of(latest), 1 - L.slot_of(latest))]
    flip = [0]

    def flip_only():
        flip[0] ^= 1
        L.store_u64(header, L.LATEST_OFFSET, words[flip[0]])

    def fresh_get():
        flip[0] ^= 1
        L.store_u64(header, L.LATEST_OFFSET, words[flip[0]])
        return reader.get()

    flip_cost = best(flip_only, seconds, repeats)
    out["get_fresh_us"] = (best(fresh_get, seconds, repeats) - flip_cost) * 1e6
    L.store_u64(header, L.LATEST_OFFSET, words[0])
    header.close()
    os.close(fd)
    out["get_copy_us"] = best(lambda: reader.get(copy=True), seconds, repeats) * 1e6
    out["json_loads_us"] = best(lambda: json.loads(data), seconds, repeats) * 1e6
    hook = eager_freeze_hook()
    out["eager_freeze_us"] = best(lambda: json.loads(data, object_hook=hook), seconds, repeats) * 1e6
    view = reader.get()
    plain = json.loads(data)
    out["view_nested_access_ns"] = best(lambda: view["upstreams"][0]["limits"]["rps"], seconds, repeats) * 1e9
    out["dict_nested_access_ns"] = best(lambda: plain["upstreams"][0]["limits"]["rps"], seconds, repeats) * 1e9
    reader.close()

    origin = OriginObjectMmap(os.path.join(directory, "origin-" + label), len(data) + 64)
    origin.jsonwrite_bytes(data)
    out["origin_follower_us"] = best(origin.jsonread_follower, seconds, repeats) * 1e6
    origin.close()
    return out


def wall(cmd, env, runs):
    """(median wall time, median CPU time: user + system of the child) of ``runs`` runs."""
    import resource
    times, cpu = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        p = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        times.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        if p.returncode != 0:
            raise RuntimeError("%s exited %d: %s" % (" ".join(cmd), p.returncode, p.stderr.decode()[-500:]))
    return statistics.median(times), statistics.median(cpu)


def measure_cli(directory, runs):
    data = document_bytes(1024)
    with Writer("cli", directory) as w:
        w.publish_json(data)
    env = dict(os.environ, JSONMMAP_DIR=directory,
               PYTHONPATH=os.path.join(ROOT, "python") + os.pathsep + os.environ.get("PYTHONPATH", ""))
    out = {}
    out["python_get_s"], out["python_get_cpu_s"] = wall([sys.executable, "-m", "jsonmmap", "get", "cli"], env, runs)
    out["python_startup_s"], out["python_startup_cpu_s"] = wall([sys.executable, "-c", "pass"], env, runs)
    java_jar = os.path.join(ROOT, "jsonmmap-cli", "target", "jsonmmap.jar")
    if os.path.exists(java_jar) and shutil.which("java"):
        out["java_get_s"], out["java_get_cpu_s"] = wall([os.path.join(ROOT, "bin", "jsonmmap"), "get", "cli"], env,
                                                        max(3, runs // 2))
    return out


# ------------------------------------------------------------------------------------------- report

def table(results):
    rows = ["| figure | " + " | ".join(label for label, _ in SIZES) + " | target |", "|---|---|---|---|---|"]

    def row(title, fmt, fn, target=""):
        rows.append("| %s | %s | %s |" % (title, " | ".join(fmt % fn(results["sizes"][label])
                                                            for label, _ in SIZES), target))

    row("document", "%d B", lambda r: r["document_bytes"])
    row("`Reader.get()` unchanged", "%.2f µs", lambda r: r["get_unchanged_ns"] / 1000, "≤ 1 µs")
    row("origin `jsonread_follower()` (same bytes)", "%.1f µs", lambda r: r["origin_follower_us"])
    row("**unchanged `get()` speed-up over the origin**", "**%.0f×**",
        lambda r: r["origin_follower_us"] * 1000 / r["get_unchanged_ns"], "10× to 10,000×")
    row("`Reader.version()`", "%.2f µs", lambda r: r["version_ns"] / 1000)
    row("`json.loads(bytes)` (floor)", "%.1f µs", lambda r: r["json_loads_us"])
    row("`Reader.get()` first after a change", "%.1f µs", lambda r: r["get_fresh_us"])
    row("**first `get()` / `json.loads`**", "**%.2f×**", lambda r: r["get_fresh_us"] / r["json_loads_us"], "≤ 1.3×")
    row("`get(copy=True)` (private dicts and lists)", "%.1f µs", lambda r: r["get_copy_us"])
    row("building the read-only views at parse (they are made lazily, at access)", "%s", lambda r: "0")
    row("nested access `v['upstreams'][0]['limits']['rps']`: view / dict", "%s",
        lambda r: "%.2f / %.2f µs" % (r["view_nested_access_ns"] / 1000, r["dict_nested_access_ns"] / 1000))
    row("eager immutable build instead (MappingProxy + tuples in an object_hook) / `json.loads`", "%.2f×",
        lambda r: r["eager_freeze_us"] / r["json_loads_us"], "not used")
    row("`Writer.publish_json(bytes)`", "%.1f µs", lambda r: r["publish_json_us"])
    cli = results["cli"]
    lines = ["\n".join(rows), ""]
    lines.append("| command (1 KiB document; median of %d calls) | wall time | CPU time (user + system) | target |"
                 % results["cli_runs"])
    lines.append("|---|---|---|---|")
    lines.append("| `python -m jsonmmap get` | %.3f s | %.3f s | ≤ 0.1 s wall |"
                 % (cli["python_get_s"], cli["python_get_cpu_s"]))
    lines.append("| `python -c pass` (the interpreter's own start-up, floor) | %.3f s | %.3f s | |"
                 % (cli["python_startup_s"], cli["python_startup_cpu_s"]))
    if "java_get_s" in cli:
        lines.append("| `bin/jsonmmap get` (Java tool) | %.3f s | %.3f s | |" % (cli["java_get_s"], cli["java_get_cpu_s"]))
    else:
        lines.append("| `bin/jsonmmap get` (Java tool) | not built | | |")
    lines.append("")
    lines.append("Times of calls are CPU time of the measuring thread (best of 7 loops); Python %s on %s, load"
                 " average before / after: %s / %s; %s." % (
        results["python"], results["machine"], results["load_before"], results["load_after"], results["when"]))
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="short loops: numbers not meaningful")
    ap.add_argument("--json")
    ap.add_argument("--md")
    ap.add_argument("--docs", help="replace the Python results block of this BENCHMARKS.md")
    a = ap.parse_args()
    seconds, repeats, cli_runs = (0.05, 2, 3) if a.quick else (0.4, 7, 15)
    directory = tempfile.mkdtemp(prefix="jsonmmap-pybench-", dir="/dev/shm" if os.path.isdir("/dev/shm") else None)
    try:
        results = {"python": platform.python_version(), "machine": "%s, %d CPUs" % (platform.machine(), os.cpu_count()),
                   "load_before": "%.2f" % os.getloadavg()[0], "cli_runs": cli_runs,
                   "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "sizes": {}}
        for label, target in SIZES:
            print("[python bench] %s" % label, file=sys.stderr, flush=True)
            results["sizes"][label] = measure_size(label, target, directory, seconds, repeats)
        print("[python bench] command-line start-up", file=sys.stderr, flush=True)
        results["cli"] = measure_cli(directory, cli_runs)
        results["load_after"] = "%.2f" % os.getloadavg()[0]
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    md = table(results)
    print(md)
    for out in (a.json, a.md):
        if out and os.path.dirname(out):
            os.makedirs(os.path.dirname(out), exist_ok=True)
    if a.json:
        with open(a.json, "w") as f:
            json.dump(results, f, indent=2)
    if a.md:
        with open(a.md, "w") as f:
            f.write(md + "\n")
    if a.docs:
        with open(a.docs, encoding="utf-8") as f:
            doc = f.read()
        begin, end = "<!-- python_bench results: begin -->", "<!-- python_bench results: end -->"
        if begin not in doc or end not in doc:
            raise SystemExit("%s has no block between %s and %s" % (a.docs, begin, end))
        doc = doc[:doc.index(begin) + len(begin)] + "\n" + md + "\n" + doc[doc.index(end):]
        with open(a.docs, "w", encoding="utf-8") as f:
            f.write(doc)


if __name__ == "__main__":
    main()
