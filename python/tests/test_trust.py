"""Trust rules shared with Java (docs/FORMAT.md 2): directories and files other users could have planted or
could write are refused; a reader that is denied access says so with the owner and mode; the BOM rule."""

import os
import shutil
import subprocess
import sys
import tempfile
import unittest

import jsonmmap
from jsonmmap import InvalidJsonError, PermissionDeniedError, Reader, UnsafePathError, Writer

PYTHON_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@unittest.skipUnless(os.geteuid() == 0, "needs root, like CI: it acts as the user nobody")
class TrustTest(unittest.TestCase):
    def setUp(self):
        self.base = tempfile.mkdtemp(prefix="jsonmmap-py-trust-", dir="/tmp")
        os.chmod(self.base, 0o755)
        self.addCleanup(shutil.rmtree, self.base, True)

    def _dir(self, name, mode):
        d = os.path.join(self.base, name)
        os.mkdir(d)
        os.chmod(d, mode)
        return d

    def _as_nobody(self, code, gid="nogroup"):
        """Runs Python code as nobody; returns (exit status, stderr)."""
        env = dict(os.environ, PYTHONPATH=PYTHON_DIR)
        env.pop("JSONMMAP_DIR", None)
        p = subprocess.run(["setpriv", "--reuid=nobody", "--regid=" + gid, "--clear-groups", "--", sys.executable,
                            "-c", code], env=env, capture_output=True, text=True, timeout=60)
        return p.returncode, p.stdout, p.stderr

    def test_world_writable_directory_is_refused(self):
        d = self._dir("open", 0o700)
        with Writer("cfg", d) as w:
            w.publish({"a": 1})
        os.chmod(d, 0o777)
        with self.assertRaisesRegex(UnsafePathError, r"is writable by its group and everyone \(owner root \(uid 0\),"
                                                     r" mode 0777\)"):
            Reader("cfg", d)
        with self.assertRaisesRegex(UnsafePathError, "chmod go-w"):
            Writer("cfg", d)

    def test_region_file_others_may_write_is_refused(self):
        d = self._dir("files", 0o700)
        with Writer("cfg", d) as w:
            w.publish({"a": 1})
        os.chmod(os.path.join(d, "cfg.jmm"), 0o666)
        with self.assertRaisesRegex(UnsafePathError, "cfg.jmm is writable by its group and everyone"):
            Reader("cfg", d)

    def test_mode_letting_others_write_is_refused(self):
        d = self._dir("modes", 0o700)
        with self.assertRaisesRegex(ValueError, "nobody else write"):
            Writer("cfg", d, mode=0o666)

    def test_writer_refuses_a_region_file_it_does_not_own(self):
        d = self._dir("nobodys", 0o700)
        with Writer("cfg", d) as w:
            w.publish({"owner": "root"})
        os.chown(d, 65534, -1)
        code, _, err = self._as_nobody("from jsonmmap import Writer\nWriter('cfg', %r)" % d)
        self.assertNotEqual(code, 0)
        self.assertIn("belongs to someone else", err)
        self.assertIn("owner root (uid 0)", err)

    def test_writer_denied_its_directory_gets_permission_denied_with_owner_and_mode(self):
        d = self._dir("roots", 0o755)
        code, _, err = self._as_nobody("from jsonmmap import Writer\nWriter('cfg', %r)" % d)
        self.assertNotEqual(code, 0)
        self.assertIn("PermissionDeniedError: cannot lock region 'cfg' for writing", err)
        self.assertIn("owner root (uid 0), mode 0755", err)
        code, _, err = self._as_nobody("from jsonmmap import Writer\nWriter('cfg', %r)" % os.path.join(d, "sub"))
        self.assertNotEqual(code, 0)
        self.assertIn("PermissionDeniedError: cannot create the directory of region 'cfg'", err)
        self.assertIn("owner root (uid 0), mode 0755", err)

    def test_default_directory_of_someone_else_is_refused(self):
        # nobody's default directory, planted by root (the attacker here); removed afterwards
        planted = "/dev/shm/jsonmmap-nobody"
        if os.path.lexists(planted):
            self.skipTest("%s exists already; not touching it" % planted)
        os.mkdir(planted, 0o700)
        self.addCleanup(shutil.rmtree, planted, True)
        with Writer("cfg", planted) as w:
            w.publish({"db": "postgres://attacker/steal"})
        os.chmod(planted, 0o777)
        code, out, err = self._as_nobody("from jsonmmap import Reader\nprint(Reader('cfg').get())")
        self.assertNotEqual(code, 0)
        self.assertNotIn("attacker", out)
        self.assertIn("belongs to someone else", err)
        self.assertIn("JSONMMAP_DIR", err)

    def test_shared_group_directory_and_permission_denied_with_owner_and_mode(self):
        d = self._dir("shared", 0o750)
        shutil.chown(d, group="nogroup")
        os.chmod(d, 0o2750)
        with Writer("cfg", d, mode=0o640) as w:
            w.publish({"pool": 8})
        with Writer("private", d) as w:
            w.publish({"secret": 1})
        code, out, err = self._as_nobody("from jsonmmap import Reader\nprint(Reader('cfg', %r).get(copy=True))" % d)
        self.assertEqual(code, 0, err)
        self.assertEqual(out.strip(), "{'pool': 8}")
        code, out, err = self._as_nobody("from jsonmmap import Reader\nReader('private', %r)" % d)
        self.assertNotEqual(code, 0)
        self.assertIn("PermissionDeniedError", err)
        self.assertIn("owner root (uid 0), mode 0600", err)
        self.assertIn("mode 0640", err)


class ByteOrderMarkTest(unittest.TestCase):
    def test_publish_json_refuses_a_byte_order_mark_like_java(self):
        d = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, d, True)
        with Writer("bom", d) as w:
            with self.assertRaisesRegex(InvalidJsonError, "byte-order mark"):
                w.publish_json(b"\xef\xbb\xbf{}")
            with self.assertRaisesRegex(InvalidJsonError, "byte-order mark"):
                w.publish_json("\ufeff{}")
            self.assertEqual(w.version, 0)

    def test_text_and_bytes_hand_out_only_valid_payloads_like_java(self):
        d = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, d, True)
        with Writer("raw", d) as w:
            w._publish(b'{"a":1} {"b":2}', 0)  # below the writer's check: what another writer could store
            with Reader("raw", d) as r:
                with self.assertRaisesRegex(InvalidJsonError, "not exactly one JSON value"):
                    r.text()
                with self.assertRaises(InvalidJsonError):
                    r.bytes()
                with self.assertRaises(InvalidJsonError):
                    r.snapshot_bytes()
                w.publish({"ok": True})
                self.assertEqual(r.text(), '{"ok":true}')

    def test_permission_denied_error_is_also_the_builtin(self):
        self.assertTrue(issubclass(PermissionDeniedError, PermissionError))
        self.assertTrue(issubclass(PermissionDeniedError, jsonmmap.RegionIOError))


if __name__ == "__main__":
    unittest.main()
