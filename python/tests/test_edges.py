"""Edges (issue 11, Python parity, and issue 15's Pythonic errors): a file truncated under a live reader is an
error and never a SIGBUS; a FIFO where a region or lock file should be is refused instead of hanging; the writer
refuses CPUs without x86-64 store order unless the caller opts in; every error is a JsonMmapError and the
built-in exception a Python caller would catch."""

import errno
import os
import shutil
import signal
import stat
import subprocess
import sys
import threading
import unittest
from unittest import mock

import jsonmmap
from jsonmmap import ObjectMmap, Reader, Writer
from support import RegionTestCase, child_env, python_child

TRUNCATION_CHILD = r"""
import sys
from jsonmmap import Reader
r = Reader("t", sys.argv[1])
r.get()
print("READY", flush=True)
for line in sys.stdin:
    op = line.strip()
    try:
        if op == "await_change":
            r.await_change(r._current.version, 0.5)
        else:
            getattr(r, op)()
        print("NOERROR " + op, flush=True)
    except Exception as e:
        print("%s %s %s" % (type(e).__name__, op, e), flush=True)
"""


class TruncationTest(RegionTestCase):

    def test_reader_whose_file_is_truncated_by_another_program_raises_instead_of_dying_of_sigbus(self):
        for size in (0, 100, 4096):
            with self.subTest(truncated_to=size):
                with Writer("t", self.dir, initial_capacity=100_000) as w:
                    w.publish({"x": "y" * 50_000})
                child = python_child("-c", TRUNCATION_CHILD, self.dir)
                try:
                    child.await_line("READY")
                    os.truncate(self.path("t.jmm"), size)
                    for op in ("version", "get", "snapshot", "check_file", "await_change", "status", "info"):
                        child.send(op)
                        line = child.await_line("")
                        self.assertTrue(line.startswith("RegionTruncatedError " + op), line)
                        self.assertIn("file has %d" % size, line)
                    child.finish()
                    self.assertEqual(0, child.proc.returncode, "the child died (SIGBUS is -%d): %s"
                                     % (signal.SIGBUS, child.stderr))
                finally:
                    child.kill()
                os.unlink(self.path("t.jmm"))


class NonRegularFileTest(RegionTestCase):

    def _within(self, seconds, fn):
        """Runs fn in a thread: returns its exception, or fails if it is still blocked after ``seconds``."""
        outcome = []

        def run():
            try:
                fn()
                outcome.append(None)
            except BaseException as e:
                outcome.append(e)

        t = threading.Thread(target=run, daemon=True)
        t.start()
        t.join(seconds)
        if t.is_alive():
            # unblock the thread: open a FIFO it may be stuck on for writing, so that the test run can go on
            for name in os.listdir(self.dir):
                p = self.path(name)
                if stat.S_ISFIFO(os.lstat(p).st_mode):
                    fd = os.open(p, os.O_WRONLY | os.O_NONBLOCK)
                    os.close(fd)
            self.fail("%s blocked on a FIFO for %s s" % (fn, seconds))
        return outcome[0]

    def test_fifo_at_the_lock_path_is_refused_not_waited_on(self):
        with Writer("cfg", self.dir) as w:
            w.publish(1)
        os.unlink(self.path("cfg.jmm.lock"))
        os.mkfifo(self.path("cfg.jmm.lock"), 0o600)
        with Reader("cfg", self.dir) as r:
            for what, fn in (("writer_alive", lambda: jsonmmap.writer_alive(jsonmmap.Region("cfg", self.dir))),
                             ("delete", lambda: jsonmmap.delete("cfg", self.dir)),
                             ("Reader.info", r.info),
                             ("Writer", lambda: Writer("cfg", self.dir))):
                e = self._within(10, fn)
                self.assertIsInstance(e, jsonmmap.UnsafePathError, what)
                self.assertIn("cfg.jmm.lock", str(e))
                self.assertIn("FIFO", str(e))
            self.assertEqual(1, r.get(), "nothing was deleted")

    def test_fifo_at_the_region_path_is_refused_not_waited_on(self):
        os.mkfifo(self.path("cfg.jmm"), 0o600)
        for what, fn in (("Reader", lambda: Reader("cfg", self.dir)),
                         ("delete --force", lambda: jsonmmap.delete("cfg", self.dir, force=True)),
                         ("Writer", lambda: Writer("cfg", self.dir))):
            e = self._within(10, fn)
            self.assertIsInstance(e, jsonmmap.UnsafePathError, what)
        self.assertTrue(stat.S_ISFIFO(os.lstat(self.path("cfg.jmm")).st_mode), "the FIFO is left alone")


class StoreOrderTest(RegionTestCase):

    def test_writer_refuses_a_cpu_without_x86_64_store_order_unless_the_caller_opts_in(self):
        for machine in ("aarch64", "arm64", "ppc64le", "riscv64", "i686"):
            with self.subTest(machine=machine), mock.patch("jsonmmap._platform.machine", return_value=machine):
                with self.assertRaises(jsonmmap.UnsupportedPlatformError) as caught:
                    Writer("cfg", self.dir)
                self.assertIsInstance(caught.exception, RuntimeError)
                self.assertIn("x86-64 store order", str(caught.exception))
                self.assertIn("allow_weak_store_order=True", str(caught.exception))
                self.assertFalse(os.path.exists(self.path("cfg.jmm")), "nothing was created")
                with self.assertRaises(jsonmmap.UnsupportedPlatformError):
                    ObjectMmap(-1, 1024, tagname="cfg", directory=self.dir)
                with Writer("cfg", self.dir, allow_weak_store_order=True) as w:
                    self.assertEqual(1, w.publish({"ok": machine}))
                with Reader("cfg", self.dir) as r:
                    self.assertEqual({"ok": machine}, r.get())  # readers are fine on every CPU
                jsonmmap.delete("cfg", self.dir)

    def test_a_32_bit_interpreter_on_x86_64_is_refused_too(self):
        with mock.patch("jsonmmap._platform.machine", return_value="x86_64"), mock.patch("struct.calcsize", return_value=4):
            with self.assertRaises(jsonmmap.UnsupportedPlatformError):
                Writer("cfg", self.dir)

    def test_x86_64_needs_no_opt_in(self):
        with mock.patch("jsonmmap._platform.machine", return_value="AMD64"), Writer("cfg", self.dir) as w:
            self.assertEqual(1, w.publish(1))


class PythonicErrorsTest(RegionTestCase):

    def test_every_error_is_a_jsonmmap_error_and_its_natural_builtin(self):
        expected = {
            jsonmmap.RegionNotFoundError: FileNotFoundError, jsonmmap.PermissionDeniedError: PermissionError,
            jsonmmap.RegionIOError: OSError, jsonmmap.StorageFullError: OSError, jsonmmap.UnsafePathError: OSError,
            jsonmmap.RegionReplacedError: OSError, jsonmmap.WriterLockedError: BlockingIOError,
            jsonmmap.RegionCorruptError: ValueError, jsonmmap.NotARegionError: ValueError,
            jsonmmap.UnsupportedFormatError: ValueError, jsonmmap.RegionTruncatedError: ValueError,
            jsonmmap.ChecksumMismatchError: ValueError, jsonmmap.InvalidJsonError: ValueError,
            jsonmmap.InvalidRegionNameError: ValueError, jsonmmap.CapacityExceededError: ValueError,
            jsonmmap.SerializationError: TypeError, jsonmmap.RegionClosedError: ValueError,
            jsonmmap.StaleWriterError: RuntimeError, jsonmmap.UnsupportedPlatformError: RuntimeError,
        }
        exported = [getattr(jsonmmap, n) for n in jsonmmap.__all__ if n.endswith("Error")]
        self.assertEqual(set(exported) - {jsonmmap.JsonMmapError}, set(expected))
        for cls, builtin in expected.items():
            self.assertTrue(issubclass(cls, jsonmmap.JsonMmapError), cls)
            self.assertTrue(issubclass(cls, builtin), "%s should subclass %s" % (cls.__name__, builtin.__name__))

    def test_raised_errors_are_caught_by_the_builtin_a_caller_knows(self):
        with self.assertRaises(FileNotFoundError) as caught:
            Reader("missing", self.dir)
        self.assertEqual((errno.ENOENT, self.path("missing.jmm")), (caught.exception.errno, caught.exception.filename))
        self.assertIn("region 'missing' does not exist", str(caught.exception))
        with Writer("cfg", self.dir) as w:
            with self.assertRaises(ValueError):
                w.publish_json("{")
            with self.assertRaises(TypeError):
                w.publish(object())
            with self.assertRaises(BlockingIOError):
                Writer("cfg", self.dir)
        with self.assertRaises(ValueError):
            Reader("bad name", self.dir)
        r = Reader("cfg", self.dir)
        r.close()
        with self.assertRaises(ValueError):
            r.get()
        os.mkdir(self.path("dir.jmm"))
        with self.assertRaises(OSError):
            Reader("dir", self.dir)

    def test_permission_denied_is_a_permission_error_with_owner_and_mode(self):
        python = _python_for_nobody()
        with Writer("cfg", self.dir, mode=0o600) as w:
            w.publish(1)
        os.chmod(self.dir, 0o711)
        code = ("import sys, jsonmmap\n"
                "try:\n"
                "    jsonmmap.Reader('cfg', sys.argv[1])\n"
                "except PermissionError as e:\n"
                "    print(type(e).__name__, isinstance(e, jsonmmap.JsonMmapError), e.errno, e)\n")
        out = subprocess.run(["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", python, "-c", code,
                              self.dir], env=child_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             timeout=60)
        line = out.stdout.decode()
        self.assertTrue(line.startswith("PermissionDeniedError True %d " % errno.EACCES),
                        "stdout %r stderr %r" % (line, out.stderr.decode()[-2000:]))
        self.assertIn("owner root (uid 0), mode 0600", line)


def _python_for_nobody():
    """An interpreter the user nobody may run (pyenv's lives under /root), else skip."""
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        raise unittest.SkipTest("needs root and setpriv to run a child as the user nobody")
    for candidate in (sys.executable, "/usr/bin/python3"):
        ok = subprocess.run(["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", candidate, "-c",
                             "import jsonmmap"], env=child_env(), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, timeout=60)
        if ok.returncode == 0:
            return candidate
    raise unittest.SkipTest("no Python interpreter that the user nobody may run and that finds jsonmmap")
