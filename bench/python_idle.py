#!/usr/bin/env python3
"""Figure 10 (Python): the CPU an idle Python follower uses while it waits for a change that does not come.

    python3 bench/python_idle.py MODE SECONDS     MODE: futex (the default where available) or poll

A Python writer creates a region in a private directory under /dev/shm and publishes once (a writer that can
wake promises wakes); a Python reader then waits SECONDS in ``await_change``. Prints one JSON object: the
wall time, the reader's process CPU time, and its share of a core. Standard library only.
"""
import json
import os
import shutil
import sys
import tempfile
import time

mode, seconds = sys.argv[1], float(sys.argv[2])
if mode == "poll":
    os.environ["JSONMMAP_FUTEX"] = "false"
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "python"))

from jsonmmap import Reader, Writer, _futex  # noqa: E402

base = "/dev/shm" if os.path.isdir("/dev/shm") else None
directory = tempfile.mkdtemp(prefix="jsonmmap-bench-py-", dir=base)
try:
    with Writer("idle", directory) as w, Reader("idle", directory) as r:
        w.publish({"v": 1})
        r.await_change(1, 0.01)  # past the first looks
        cpu0, t0 = time.process_time(), time.monotonic()
        got = r.await_change(1, seconds)
        cpu, wall = time.process_time() - cpu0, time.monotonic() - t0
    print(json.dumps({"mode": mode, "futexAvailable": _futex.available(), "changed": got, "seconds": wall,
                      "cpuSeconds": cpu, "cpuPercent": 100.0 * cpu / wall}))
finally:
    shutil.rmtree(directory, ignore_errors=True)
