"""Futex wake-ups (docs/FORMAT.md, "Waiting"): a waiting follower in another process sleeps in the kernel,
registered in the header's waiter count, and is woken by the writer's commit, not by a timed fallback; idle,
it uses almost no CPU. Every fallback here is 60 s, so a wait that ends in seconds was ended by a wake."""

import time
import unittest

from jsonmmap import Writer, _futex
from tests.support import RegionTestCase, python_child


@unittest.skipUnless(_futex.available(), "no futex on this platform (Linux x86-64/AArch64 only)")
class FutexTest(RegionTestCase):

    def _waiters(self, w):
        return w._header.waiters()

    def _await_waiters(self, w, n):
        deadline = time.monotonic() + 20
        while self._waiters(w) != n:
            self.assertLess(time.monotonic(), deadline, "a follower registered as a futex waiter")
            time.sleep(0.005)

    def _follower_done(self, name, timeout, while_waiting=None):
        """Starts a follower process that waits (``timeout`` s at most) for a change of region ``name`` after
        version 1; once it is ready, calls ``while_waiting``; returns the fields of its ``done VERSION WAITED CPU``
        line. The follower is killed before this returns."""
        child = python_child("-m", "tests.futex_child", self.dir, name, 1, timeout)
        try:
            child.await_line("ready")
            if while_waiting is not None:
                while_waiting()
            return child.await_line("done", timeout=60).split()
        finally:
            child.kill()

    def test_waiting_follower_in_another_process_is_woken_by_the_commit(self):
        with Writer("wake", self.dir) as w:
            w.publish({"v": 1})

            def wake():
                self._await_waiters(w, 1)
                w.publish({"v": 2})

            done = self._follower_done("wake", 60, wake)
            self.assertEqual("2", done[1])
            self.assertLess(float(done[2]), 30.0, "woken by the writer, not by the 60 s fallback")
            self.assertEqual(0, self._waiters(w), "the follower unregistered")

    def test_idle_follower_sleeping_on_the_futex_uses_almost_no_cpu(self):
        with Writer("idle", self.dir) as w:
            w.publish({"v": 1})
            done = self._follower_done("idle", 3)
            self.assertEqual("None", done[1], "nothing was published: the wait times out")
            waited, cpu = float(done[2]), float(done[3])
            self.assertGreaterEqual(waited, 2.9)
            # polling (1 kHz) costs 3-5% of a core; sleeping on the futex a few system calls in total
            self.assertLess(cpu / waited, 0.005, "share of a core while idle: %.5f" % (cpu / waited))


if __name__ == "__main__":
    unittest.main()
