"""A Python follower in its own process for tests/test_futex.py: waits for a change of a region and reports
how long the wait took and how much CPU it used (``python3 -m tests.futex_child DIR NAME SINCE TIMEOUT``)."""

import sys
import time

from jsonmmap import Reader


def main(directory, name, since, timeout):
    with Reader(name, directory, file_check_interval=60.0) as r:
        print("ready", flush=True)
        cpu0, t0 = time.process_time(), time.monotonic()
        v = r.await_change(int(since), float(timeout))
        cpu1, t1 = time.process_time(), time.monotonic()
        print("done %s %.6f %.6f" % (v, t1 - t0, cpu1 - cpu0), flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:5])
