"""Futex wake-ups across languages (docs/FORMAT.md, "Waiting"), with real processes: a Java writer wakes a Python
follower asleep in ``await_change``, and a Python writer wakes a Java follower asleep in ``awaitChange``, each
through the futex of the shared mapping.

The Java side runs on JDK 22+ with native access when the core's futex layer is built (``mvn verify`` on JDK 25
puts it in jsonmmap-core/target/classes/META-INF/versions/22). There, every sleep is bounded by 60 s, so a wait
that ends within seconds was ended by a wake, and the header's waiter count shows the follower asleep on the
futex. Built on JDK 17, the same tests prove the documented fallback instead: the Java writer promises no wakes
(``WAKER_EPOCH`` stays 0) and the Python follower polls; the Java follower polls; nobody registers as a waiter;
every change is still seen. JSONMMAP_REQUIRE_FUTEX=1 (CI, after the JDK 25 build) makes the futex mandatory.
"""

import os
import struct
import time
import unittest

from jsonmmap import Writer, _futex
from jsonmmap import _layout as L
from support import CORE_TARGET, INTEROP_MAIN, Child, RegionTestCase, java_classpath, python_child

JDK25 = os.environ.get("JSONMMAP_JDK25", "/usr/lib/jvm/temurin-25-jdk-amd64")
FUTEX_LAYER = os.path.join(CORE_TARGET, "classes", "META-INF", "versions", "22")
#: far below the 60 s that bounds every futex sleep here: only a wake ends a wait this early
WOKEN_WITHIN = 30.0


def java_interop():
    """(the InteropMain command, whether that JVM sleeps and wakes on the futex)."""
    cp = java_classpath()
    java25 = os.path.join(JDK25, "bin", "java")
    layer = os.path.exists(os.path.join(FUTEX_LAYER, "org", "jsonmmap", "internal", "FfmFutex.class"))
    if layer and os.access(java25, os.X_OK):
        # target/classes is a directory: the JVM does not look into its META-INF/versions, so the layer goes first
        return [java25, "-Xmx256m", "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED", "-cp",
                os.pathsep.join([FUTEX_LAYER, cp]), INTEROP_MAIN], True
    if os.environ.get("JSONMMAP_REQUIRE_FUTEX") == "1":
        raise AssertionError("JSONMMAP_REQUIRE_FUTEX=1: the futex layer (%s) and %s are required"
                             % (FUTEX_LAYER, java25))
    return ["java", "-Xmx256m", "-XX:+UseSerialGC", "-cp", cp, INTEROP_MAIN], False


@unittest.skipUnless(_futex.available(), "no futex on this platform (Linux x86-64/AArch64 only)")
class CrossLanguageFutexTest(RegionTestCase):

    def _header(self, name, offset, fmt):
        with open(os.path.join(self.dir, name + L.REGION_SUFFIX), "rb") as f:
            f.seek(offset)
            return struct.unpack(fmt, f.read(struct.calcsize(fmt)))[0]

    def _waiters(self, name):
        return self._header(name, L.WAITERS_OFFSET, "<I")

    def _await_waiters(self, name, n):
        deadline = time.monotonic() + 20
        while self._waiters(name) != n:
            self.assertLess(time.monotonic(), deadline, "a follower registered as a futex waiter")
            time.sleep(0.005)

    def _await_follower_asleep(self, name, futex, unregistered_why):
        """With the futex, waits until the follower is registered as a waiter; without it, checks (after 0.3 s) that
        the follower stays unregistered, because it polls."""
        if futex:
            self._await_waiters(name, 1)
        else:
            time.sleep(0.3)
            self.assertEqual(0, self._waiters(name), unregistered_why)

    def _publish_file(self, server, version, doc):
        path = self.path("doc-%d.json" % version)
        with open(path, "wb") as f:
            f.write(doc)
        server.send("%d %s" % (version, path))
        self.assertTrue(server.await_line("PUBLISHED").startswith("PUBLISHED version=%d " % version))

    def test_java_writer_wakes_a_python_follower_asleep_in_await_change(self):
        command, futex = java_interop()
        server = Child(command + ["serve", self.dir, "wake", "4096"])
        follower = None
        try:
            server.await_line("READY")
            self._publish_file(server, 1, b'{"v":1}')
            epoch = self._header("wake", L.EPOCH_OFFSET, "<q")
            self.assertEqual(epoch if futex else 0, self._header("wake", L.WAKER_EPOCH_OFFSET, "<q"),
                             "the Java writer promises wakes exactly when its JVM has the futex")
            follower = python_child("-m", "tests.futex_child", self.dir, "wake", 1, 60)
            follower.await_line("ready")
            self._await_follower_asleep("wake", futex, "no promise: the Python follower polls, unregistered")
            published = time.monotonic()
            self._publish_file(server, 2, b'{"v":2}')
            done = follower.await_line("done").split()
            took = time.monotonic() - published
        finally:
            if follower is not None:
                follower.kill()
            server.finish()
            server.kill()
        self.assertEqual("2", done[1])
        # woken by the Java writer's FUTEX_WAKE (futex), or by its own 1 ms polling (fallback), not by the 60 s bound
        self.assertLess(took, WOKEN_WITHIN)
        self.assertEqual(0, self._waiters("wake"), "the follower unregistered, or never registered")

    def test_python_writer_wakes_a_java_follower_asleep_in_await_change(self):
        command, futex = java_interop()
        with Writer("wake", self.dir) as w:
            w.publish({"v": 1})
            self.assertEqual(w.epoch, self._header("wake", L.WAKER_EPOCH_OFFSET, "<q"),
                             "the Python writer promises wakes")
            follower = Child(command + ["await", self.dir, "wake", "1"])
            try:
                self.assertEqual("WAITING futex=%s" % str(futex).lower(), follower.await_line("WAITING"))
                self._await_follower_asleep("wake", futex, "a JVM without the futex polls, unregistered")
                published = time.monotonic()
                w.publish({"v": 2})
                changed = follower.await_line("CHANGED")
                took = time.monotonic() - published
                follower.finish()
            finally:
                follower.kill()
            self.assertTrue(changed.startswith("CHANGED version=2 "), changed)
            # with the futex the Java follower's back-off ceiling and file check are 60 s: only the wake is this fast
            self.assertLess(took, WOKEN_WITHIN)
            self.assertEqual(0, self._waiters("wake"), "the follower unregistered, or never registered")


if __name__ == "__main__":
    unittest.main()
