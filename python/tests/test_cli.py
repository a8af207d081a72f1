"""``python -m jsonmmap get|watch|stat``: the Java tool's output and exit codes, from a real child process."""

import json
import os
import subprocess
import sys

from jsonmmap import Writer
from support import RegionTestCase, TESTS_DIR, child_env, java_cli


class CliTest(RegionTestCase):

    def run_cli(self, *args, timeout=60):
        p = subprocess.run([sys.executable, "-m", "jsonmmap"] + list(args), env=child_env(), cwd=TESTS_DIR,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
        return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8")

    def setUp(self):
        super().setUp()
        self.writer = Writer("cfg", self.dir)
        self.addCleanup(self.writer.close)

    def test_get_prints_the_document_exactly_as_published(self):
        text = '{"db":{"url":"postgres://x","pool":5},"big":12345678901234567890,"f":1.0E-5,"ü":"\\u00e9"}'
        self.writer.publish_json(text)
        self.assertEqual((0, text + "\n", ""), self.run_cli("get", "cfg", "--dir", self.dir))
        self.assertEqual((0, text + "\n", ""), self.run_cli("--dir", self.dir, "get", self.path("cfg.jmm")))
        self.assertEqual((0, '{"version":1,"value":5}\n', ""),
                         self.run_cli("get", "cfg", "--dir", self.dir, "--pointer", "/db/pool", "--version"))
        code, out, _ = self.run_cli("get", "cfg", "--dir", self.dir, "--pretty")
        self.assertEqual((0, 12345678901234567890), (code, json.loads(out)["big"]))
        self.assertIn('\n  "db": {\n', out)

    def test_get_exit_codes(self):
        self.assertEqual(3, self.run_cli("get", "cfg", "--dir", self.dir)[0], "nothing published yet")
        self.writer.publish({"a": 1})
        code, out, err = self.run_cli("get", "cfg", "--dir", self.dir, "-p", "/b")
        self.assertEqual((3, ""), (code, out))
        self.assertIn("has nothing at pointer '/b'", err)
        code, _, err = self.run_cli("get", "nope", "--dir", self.dir)
        self.assertEqual(3, code)
        self.assertTrue(err.startswith("jsonmmap: region 'nope' does not exist"), err)
        self.assertEqual(2, self.run_cli("get", "bad name", "--dir", self.dir)[0])
        self.assertEqual(2, self.run_cli("get", "cfg", "--dir", self.dir, "-p", "x")[0])
        self.assertEqual(2, self.run_cli("frobnicate")[0])
        self.assertEqual(6, self.run_cli("get", "later", "--dir", self.dir, "--wait", "100ms")[0])
        with open(self.path("junk.jmm"), "wb") as f:
            f.write(b"not a region at all" * 300)
        self.assertEqual(4, self.run_cli("get", "junk", "--dir", self.dir)[0])

    def test_watch_prints_each_version_as_a_line_and_stops_after_count_or_timeout(self):
        self.writer.publish({"n": 1})
        child = subprocess.Popen([sys.executable, "-m", "jsonmmap", "watch", "cfg", "--dir", self.dir, "--count", "3",
                                  "--with-version", "--timeout", "30s"], env=child_env(), cwd=TESTS_DIR,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            first = child.stdout.readline().decode()
            self.assertEqual('{"version":1,"value":{"n":1}}\n', first)
            self.writer.publish({"n": 2})
            self.assertEqual('{"version":2,"value":{"n":2}}\n', child.stdout.readline().decode())
            self.writer.publish({"n": 3})
            out, err = child.communicate(timeout=30)
            self.assertEqual(('{"version":3,"value":{"n":3}}\n', 0), (out.decode(), child.returncode), err)
        finally:
            child.kill()
            child.wait()
        code, out, err = self.run_cli("watch", "cfg", "--dir", self.dir, "--timeout", "200ms", "-p", "/n")
        self.assertEqual((6, "3\n"), (code, out), err)

    def test_stat_prints_the_java_tools_fields(self):
        self.writer.publish({"a": 1}, tag=7)
        code, out, _ = self.run_cli("stat", "cfg", "--dir", self.dir, "--json")
        o = json.loads(out)
        self.assertEqual(0, code)
        self.assertEqual(["name", "path", "version", "size", "capacity", "fileLength", "epoch", "writerPid",
                          "writerAlive", "created", "lastPublish", "tag", "formatVersion", "mode", "status", "serve"], list(o))
        self.assertIsNone(o["serve"], "no jsonmmap serve holds the region")
        self.assertEqual(("cfg", 1, 7, os.getpid(), True, "0600", 7), (o["name"], o["version"], o["size"],
                                                                       o["writerPid"], o["writerAlive"], o["mode"],
                                                                       o["tag"]))
        code, out, _ = self.run_cli("stat", "cfg", "--dir", self.dir)
        self.assertIn("version       1\n", out)
        self.assertIn("writer        pid %d, alive\n" % os.getpid(), out)

    def test_stat_json_matches_the_java_tool(self):
        cli = java_cli()
        self.writer.publish({"a": 1}, tag=3)
        env = dict(os.environ, JSONMMAP_DIR=self.dir)
        java = subprocess.run([cli, "stat", "cfg", "--json"], env=env, stdout=subprocess.PIPE, timeout=120)
        ours = json.loads(self.run_cli("stat", "cfg", "--dir", self.dir, "--json")[1])
        theirs = json.loads(java.stdout)
        self.assertEqual(list(theirs), list(ours))
        for key in ("name", "path", "version", "size", "capacity", "fileLength", "epoch", "writerPid", "writerAlive",
                    "created", "tag", "formatVersion", "mode"):
            self.assertEqual(theirs[key], ours[key], key)
