"""Helpers of the Python tests: the repository root, Java child processes and temporary region directories (the
self-checking documents are in selfcheck_documents, the twin of the test kit's SelfCheckingDocuments).

The tests use the ``jsonmmap`` that Python imports: the installed package when there is one (CI installs it into
a fresh virtual environment and sets JSONMMAP_TEST_INSTALLED=1 to make sure of it), else this source tree.
The cross-language tests need the Java build (``mvn verify``); without it they are skipped, saying so, unless
JSONMMAP_REQUIRE_JAVA=1 (CI), where a missing build fails them.
"""

import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

TESTS_DIR = os.path.dirname(os.path.abspath(__file__))
PYTHON_DIR = os.path.dirname(TESTS_DIR)
REPO = os.path.dirname(PYTHON_DIR)
TORTURE_CHILD = os.path.join(TESTS_DIR, "torture_child.py")

if importlib.util.find_spec("jsonmmap") is None:
    sys.path.insert(0, PYTHON_DIR)  # not installed: test this source tree
import jsonmmap  # noqa: E402

#: The directory the jsonmmap under test is imported from (site-packages, or this source tree's python/).
JSONMMAP_HOME = os.path.dirname(os.path.dirname(os.path.abspath(jsonmmap.__file__)))
if os.environ.get("JSONMMAP_TEST_INSTALLED") == "1" and JSONMMAP_HOME == PYTHON_DIR:
    raise RuntimeError("JSONMMAP_TEST_INSTALLED=1 but the tests import jsonmmap from the source tree %s, not from"
                       " the installed package; run pytest (not python -m pytest) outside python/" % PYTHON_DIR)
# ``tests.support`` and ``python -m tests.some_child`` keep working (``tests`` as a namespace package), with
# python/ *after* the installed package on the path, so that it never shadows the jsonmmap under test
if PYTHON_DIR not in sys.path:
    sys.path.append(PYTHON_DIR)
# JSONMMAP_CORE_TARGET points the tests at a copy of jsonmmap-core/target (e.g. while another build rewrites it)
CORE_TARGET = os.environ.get("JSONMMAP_CORE_TARGET") or os.path.join(REPO, "jsonmmap-core", "target")
INTEROP_MAIN = "org.jsonmmap.testing.InteropMain"


def java_classpath():
    """The child JVM's class path; fails clearly when the Java side was not built (the tests build nothing)."""
    cp_file = os.path.join(CORE_TARGET, "test-classpath.txt")
    classes = os.path.join(CORE_TARGET, "classes")
    test_classes = os.path.join(CORE_TARGET, "test-classes")
    interop = os.path.join(test_classes, "org", "jsonmmap", "testing", "InteropMain.class")
    missing = [p for p in (cp_file, classes, interop) if not os.path.exists(p)]
    if missing:
        java_missing("the Java side is not built (missing %s): run mvn verify first (from %s)"
                     % (", ".join(missing), REPO))
    if shutil.which("java") is None:
        java_missing("no 'java' on PATH: the cross-language tests need JDK 17")
    with open(cp_file) as f:
        deps = f.read().strip()
    return os.pathsep.join([classes, test_classes, deps])


def java_missing(reason):
    """Skips the calling test (it needs the Java build), or fails it when JSONMMAP_REQUIRE_JAVA=1 (CI)."""
    if os.environ.get("JSONMMAP_REQUIRE_JAVA") == "1":
        raise AssertionError(reason + " (JSONMMAP_REQUIRE_JAVA=1: the cross-language tests must run)")
    raise unittest.SkipTest("cross-language test skipped: " + reason)


def java_cli():
    """bin/jsonmmap, the Java command-line tool, when its jar is built (else skip, as java_missing says)."""
    jar = os.path.join(REPO, "jsonmmap-cli", "target", "jsonmmap.jar")
    if not os.path.exists(jar):
        java_missing("the Java command-line tool is not built (missing %s): run mvn verify first" % jar)
    if shutil.which("java") is None:
        java_missing("no 'java' on PATH: the cross-language tests need JDK 17")
    return os.path.join(REPO, "bin", "jsonmmap")


def java_command(*args):
    return ["java", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", java_classpath(),
            INTEROP_MAIN] + [str(a) for a in args]


def java_fast_command(*args):
    """For short one-shot calls: C1 only, no shared-class tricks needed."""
    return java_command(*args)


def run_java(*args, timeout=60, stdin=None):
    """Runs one InteropMain subcommand; returns its stdout lines."""
    p = subprocess.run(java_command(*args), input=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=timeout)
    out = p.stdout.decode("utf-8")
    if p.returncode != 0:
        raise AssertionError("java %s exited %d\nstdout: %s\nstderr: %s"
                             % (" ".join(map(str, args)), p.returncode, out, p.stderr.decode("utf-8", "replace")))
    return out.splitlines()


class Child:
    """A child process (Java or Python) speaking lines on stdin/stdout."""

    def __init__(self, cmd, env=None, cwd=None):
        self.cmd = cmd
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     env=env, cwd=cwd)
        self.lines = []

    @property
    def pid(self):
        return self.proc.pid

    def send(self, line):
        self.proc.stdin.write((line + "\n").encode("utf-8"))
        self.proc.stdin.flush()

    def await_line(self, prefix, timeout=60):
        """The next stdout line starting with ``prefix`` (readline blocks; the timeout is a watchdog kill)."""
        import threading
        timer = threading.Timer(timeout, self.proc.kill)
        timer.start()
        try:
            while True:
                raw = self.proc.stdout.readline()
                if not raw:
                    raise AssertionError("child %s (%s) printed no line starting with %r; it printed %r; stderr: %s"
                                         % (self.pid, " ".join(self.cmd[-4:]), prefix, self.lines,
                                            self.proc.stderr.read().decode("utf-8", "replace")[-2000:]))
                line = raw.decode("utf-8").rstrip("\n")
                self.lines.append(line)
                if line.startswith(prefix):
                    return line
        finally:
            timer.cancel()

    def finish(self, timeout=60):
        """Closes stdin, waits for exit; returns the remaining stdout lines."""
        try:
            self.proc.stdin.close()
        except BrokenPipeError:
            pass
        self.proc.stdin = None  # communicate() must not flush the closed pipe
        try:
            out, err = self.proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            out, err = self.proc.communicate()
            raise AssertionError("child %s did not exit within %s s" % (self.pid, timeout))
        rest = out.decode("utf-8").splitlines()
        self.lines.extend(rest)
        self.stderr = err.decode("utf-8", "replace")
        return rest

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(10)
        for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            try:
                if stream is not None:
                    stream.close()
            except Exception:
                pass


def java_child(*args):
    return Child(java_command(*args))


def child_env():
    """The environment of a child Python: the same interpreter finds the same jsonmmap and this directory."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([JSONMMAP_HOME, TESTS_DIR, PYTHON_DIR]
                                        + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
    return env


def python_child(*args):
    """``python3 args`` (a script path, ``-c CODE`` or ``-m tests.module``) with the jsonmmap under test first on
    the path."""
    return Child([sys.executable] + [str(a) for a in args], env=child_env(), cwd=TESTS_DIR)


class RegionTestCase(unittest.TestCase):
    """A fresh region directory per test, removed afterwards."""

    def setUp(self):
        base = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None
        self.dir = tempfile.mkdtemp(prefix="jsonmmap-pytest-", dir=base)
        self.addCleanup(shutil.rmtree, self.dir, True)

    def path(self, name):
        return os.path.join(self.dir, name)

    def published(self, name, *values, **writer_options):
        """Region NAME with VALUES published in turn, its writer closed again."""
        with jsonmmap.Writer(name, self.dir, **writer_options) as w:
            for value in values:
                w.publish(value)

    def overwrite(self, name, offset, data):
        """Writes the bytes DATA at OFFSET of region NAME's file: the crash or damage a test stages."""
        with open(self.path(name + ".jmm"), "r+b") as f:
            f.seek(offset)
            f.write(data)


def result_counts(line):
    """Parses 'RESULT reads=1 distinct=2 bad=0 backwards=0' into a dict."""
    return {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", line)}
