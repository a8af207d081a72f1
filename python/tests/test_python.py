"""The Python package on its own: API, versions and epochs, limits, errors, takeover, ObjectMmap."""

import mmap
import os
import stat
import struct
import threading
import time
from unittest import mock

import jsonmmap
from jsonmmap import _layout as L
from jsonmmap import ObjectMmap, Reader, Writer
from support import RegionTestCase, python_child


class WriterReaderTest(RegionTestCase):

    def test_round_trip_versions_epochs_and_metadata(self):
        with Writer("cfg", self.dir) as w, Reader("cfg", self.dir) as r:
            self.assertEqual((None, 0, None, "fallback"), (r.get(), r.version(), r.snapshot(), r.get(default="fallback")))
            self.assertEqual(1, w.publish({"a": "ü"}, tag=9))
            self.assertEqual(2, w.publish(None))
            snap = r.snapshot()
            self.assertEqual((2, None, 1, 0), (snap.version, snap.value, snap.epoch, snap.tag))
            self.assertEqual("null", r.text())
        with Writer("cfg", self.dir) as w:
            self.assertEqual((2, 2, None), (w.epoch, w.version, w.current()))
            self.assertEqual(3, w.update(lambda cur: {"was": cur}))
            self.assertEqual({"was": None}, w.current())

    def test_writer_status_is_seen_by_readers_and_reset_on_takeover(self):
        with Writer("cfg", self.dir) as w, Reader("cfg", self.dir) as r:
            w.publish({"a": 1})
            self.assertEqual(0, r.status().flags)
            before = time.time_ns() // 1000
            st = w.set_status(jsonmmap.SOURCE_DISCONNECTED)
            self.assertEqual(st, r.status())
            self.assertEqual(jsonmmap.SOURCE_DISCONNECTED, r.status().flags)
            self.assertGreaterEqual(r.status().since_micros, before)
            self.assertEqual({"a": 1}, r.get())
            self.assertEqual(st, r.info()["status"])
            with self.assertRaises(ValueError):
                w.set_status(256)
        with Writer("cfg", self.dir), Reader("cfg", self.dir) as r:
            self.assertEqual(0, r.status().flags)

    def test_files_and_directory_are_private(self):
        sub = os.path.join(self.dir, "made", "here")
        with Writer("cfg", sub) as w:
            w.publish(1)
        self.assertEqual(0o700, stat.S_IMODE(os.stat(sub).st_mode))
        self.assertEqual(0o600, stat.S_IMODE(os.stat(os.path.join(sub, "cfg.jmm")).st_mode))
        self.assertEqual(0o600, stat.S_IMODE(os.stat(os.path.join(sub, "cfg.jmm.lock")).st_mode))
        with Writer("grp", sub, mode=0o640):
            pass
        self.assertEqual(0o640, stat.S_IMODE(os.stat(os.path.join(sub, "grp.jmm")).st_mode))
        with self.assertRaises(ValueError):
            Writer("x", sub, mode=0o755)

    def test_growth_is_followed_by_an_open_reader(self):
        with Writer("g", self.dir, initial_capacity=64) as w, Reader("g", self.dir) as r:
            for size in (10, 100, 5_000, 10, 300_000, 70, 2_000_000):
                w.publish("é" * size)
                self.assertEqual("é" * size, r.get())
            self.assertGreater(r.info()["file_length"], 4_000_000)

    def test_default_directory_comes_from_JSONMMAP_DIR(self):
        with mock.patch.dict(os.environ, {"JSONMMAP_DIR": self.dir}):
            self.assertEqual(self.dir, jsonmmap.default_directory())
            with Writer("env") as w:
                w.publish(1)
        self.assertTrue(os.path.exists(os.path.join(self.dir, "env.jmm")))

    def test_await_change_returns_the_newer_version_or_none(self):
        with Writer("w", self.dir) as w, Reader("w", self.dir) as r:
            self.assertIsNone(r.await_change(0, 0.05))
            timer = threading.Timer(0.1, w.publish, args=({"x": 1},))
            timer.start()
            self.assertEqual(1, r.await_change(0, 5))
            timer.join()

    def test_use_after_close_fails_clearly_and_close_is_idempotent(self):
        w = Writer("c", self.dir)
        r = Reader("c", self.dir)
        w.close()
        w.close()
        r.close()
        r.close()
        with self.assertRaisesRegex(jsonmmap.RegionClosedError, "the writer of region 'c' is closed"):
            w.publish(1)
        with self.assertRaisesRegex(jsonmmap.RegionClosedError, "the reader of region 'c' is closed"):
            r.get()
        with self.assertRaises(jsonmmap.RegionClosedError):
            r.version()


class BadInputTest(RegionTestCase):

    def test_invalid_names_state_the_rule(self):
        for bad, why in (("", "empty"), ("a/b", "'/'"), ("..", ""), ("x" * 129, "129 characters"), ("é", "U+00E9")):
            with self.assertRaisesRegex(jsonmmap.InvalidRegionNameError, "1 to 128 characters") as caught:
                Writer(bad, self.dir)
            self.assertIn(why, str(caught.exception))

    def test_missing_region_is_not_found_and_can_be_awaited(self):
        with self.assertRaisesRegex(jsonmmap.RegionNotFoundError, "region 'none' does not exist"):
            Reader("none", self.dir)
        with self.assertRaises(jsonmmap.RegionNotFoundError):
            Reader.await_creation("none", 0.05, self.dir)
        timer = threading.Timer(0.1, lambda: Writer("late", self.dir).close())
        timer.start()
        with Reader.await_creation("late", 5, self.dir) as r:
            self.assertEqual(0, r.version())
        timer.join()

    def test_values_that_are_not_json_change_nothing(self):
        with Writer("j", self.dir) as w:
            w.publish({"ok": 1})
            for bad in (float("nan"), {1j: 2}, object()):
                with self.assertRaises(jsonmmap.SerializationError):
                    w.publish(bad)
            for bad in ("{", "1 2", "NaN", "\ufeff{}", b"\xff", "[1,]"):
                with self.assertRaises(jsonmmap.InvalidJsonError):
                    w.publish_json(bad)
            self.assertEqual(2, w.publish_json(' {"ok": 2} '))
            self.assertEqual(2, w.version)

    def test_capacity_limits_of_writer_and_reader(self):
        with Writer("cap", self.dir, max_capacity=1000) as w:
            w.publish("small")
            with self.assertRaisesRegex(jsonmmap.CapacityExceededError, "over the maximum capacity of 1000 bytes;"
                                                                        " version 1 stays"):
                w.publish("x" * 1000)
            w.publish("y" * 500)
        with Reader("cap", self.dir, max_document_bytes=100) as r:
            with self.assertRaisesRegex(jsonmmap.CapacityExceededError, "over this reader's limit of 100 bytes"):
                r.get()

    def test_nesting_deeper_than_the_reader_limit_is_invalid_json(self):
        with Writer("deep", self.dir) as w:
            w.publish_json("[" * 50 + "]" * 50)
        with Reader("deep", self.dir, max_depth=20) as r:
            with self.assertRaisesRegex(jsonmmap.InvalidJsonError, "nests 50 arrays/objects deep, over the limit"):
                r.get()
        with Reader("deep", self.dir) as r:
            self.assertEqual(50, len(repr(r.get(copy=True))) // 2)

    def test_symbolic_links_are_never_followed(self):
        with Writer("real", self.dir) as w:
            w.publish(1)
        os.symlink(self.path("real.jmm"), self.path("link.jmm"))
        with self.assertRaisesRegex(jsonmmap.UnsafePathError, "is a symbolic link"):
            Reader("link", self.dir)
        with self.assertRaises(jsonmmap.UnsafePathError):
            Writer("link", self.dir)
        os.symlink(self.path("elsewhere"), self.path("lk.jmm.lock"))
        with self.assertRaises(jsonmmap.UnsafePathError):
            Writer("lk", self.dir)
        self.assertFalse(os.path.exists(self.path("elsewhere")))

    def test_file_truncated_under_a_live_reader_is_an_error_not_a_crash(self):
        with Writer("t", self.dir, initial_capacity=100_000) as w:
            w.publish("x" * 50_000)
        with Reader("t", self.dir) as r:
            os.truncate(self.path("t.jmm"), 4096)
            with self.assertRaisesRegex(jsonmmap.RegionTruncatedError, "truncated under a live reader"):
                r.get()
            with self.assertRaisesRegex(jsonmmap.RegionTruncatedError, "file has 4096"):
                r.check_file()


class ExclusionAndTakeoverTest(RegionTestCase):

    def test_second_writer_in_this_process_is_refused_with_our_pid(self):
        with Writer("one", self.dir) as w:
            with self.assertRaises(jsonmmap.WriterLockedError) as caught:
                Writer("one", self.dir)
            self.assertEqual(os.getpid(), caught.exception.holder_pid)
            self.assertIn("already has a writer in this process", str(caught.exception))
            self.assertEqual(1, w.publish("still mine"))
            self.assertTrue(jsonmmap.writer_alive(w.region))

    def test_second_writer_in_another_python_process_is_refused(self):
        code = ("import sys, jsonmmap\nw = jsonmmap.Writer('one', sys.argv[1])\nprint('READY', flush=True)\n"
                "sys.stdin.read()\n")
        holder = python_child("-c", code, self.dir)
        try:
            holder.await_line("READY")
            with self.assertRaises(jsonmmap.WriterLockedError) as caught:
                Writer("one", self.dir)
            self.assertEqual(holder.pid, caught.exception.holder_pid)
            holder.finish()
        finally:
            holder.kill()
        with Writer("one", self.dir) as w:
            self.assertEqual(2, w.epoch)

    def test_lock_file_is_owner_only_whatever_the_regions_mode(self):
        with Writer("m", self.dir, mode=0o640) as w:
            self.assertEqual(0o640, stat.S_IMODE(os.stat(w.region.path).st_mode))
            self.assertEqual(0o600, stat.S_IMODE(os.stat(w.region.lock_path).st_mode))

    def test_opening_and_closing_the_lock_file_again_in_this_process_keeps_the_lock(self):
        # an open-file-description lock belongs to the writer's descriptor: another descriptor of the same file
        # (a probe, a tool, another path to it) closed in this process does not drop it
        with Writer("ofd", self.dir) as w:
            os.close(os.open(w.region.lock_path, os.O_RDONLY))
            code = ("import sys, jsonmmap\ntry:\n    jsonmmap.Writer('ofd', sys.argv[1])\n    print('OPENED', flush=True)\n"
                    "except jsonmmap.WriterLockedError as e:\n    print('REFUSED', e.holder_pid, flush=True)\n")
            other = python_child("-c", code, self.dir)
            try:
                self.assertEqual("REFUSED %d" % os.getpid(), other.await_line("REFUSED").strip())
            finally:
                other.kill()
            self.assertEqual(1, w.publish("still mine"))

    def test_liveness_probe_takes_no_lock_so_a_shared_lock_is_not_a_writer(self):
        with Writer("p", self.dir) as w:
            w.publish(1)
        import fcntl
        fd = os.open(self.path("p.jmm.lock"), os.O_RDONLY)
        try:
            fcntl.lockf(fd, fcntl.LOCK_SH)
            from jsonmmap import _region
            self.assertIsNone(_region.holder_pid(jsonmmap.Region("p", self.dir)))
            self.assertFalse(jsonmmap.writer_alive(jsonmmap.Region("p", self.dir)))
        finally:
            os.close(fd)

    def test_forced_delete_fences_the_running_writer_and_fails_open_readers(self):
        w = Writer("d", self.dir)
        w.publish(1)
        r = Reader("d", self.dir)
        with self.assertRaises(jsonmmap.WriterLockedError):
            jsonmmap.delete("d", self.dir)
        self.assertTrue(jsonmmap.delete("d", self.dir, force=True))
        with self.assertRaisesRegex(jsonmmap.StaleWriterError, "no longer owns it: the region was deleted"):
            w.publish(2)
        with self.assertRaisesRegex(jsonmmap.RegionReplacedError, "was deleted"):
            r.get()
        w.close()
        r.close()
        self.assertFalse(jsonmmap.delete("d", self.dir))

    def test_takeover_reclaims_a_dead_writers_slot_and_continues_from_the_commit_word(self):
        self.published("k", "v1", "v2")  # v2 in slot 1
        path = self.path("k.jmm")
        with open(path, "r+b") as f:  # the writer (epoch 1) died writing version 3 into slot 0: its claim is odd
            f.seek(L.slot_field(0, L.SEQ_FIELD))
            seq = struct.unpack("<Q", f.read(8))[0]
            f.seek(L.slot_field(0, L.SEQ_FIELD))
            f.write(struct.pack("<QQ", L.claim_seq(seq, 1), 3))
        with Reader("k", self.dir) as r:
            self.assertEqual("v2", r.get())
        with Writer("k", self.dir) as w:
            # it holds the dead writer's lock file (the token proves it): the claim is reclaimed; version 3 was
            # never committed, so the sequence continues from the commit word's version 2
            self.assertEqual((2, 2), (w.epoch, w.version))
            self.assertEqual(3, w.publish("v3"))
        with Reader("k", self.dir) as r:
            self.assertEqual("v3", r.get())

    def test_takeover_of_a_corrupt_latest_slot_recovers_on_the_next_publish(self):
        self.published("k", "v1", "v2")
        self.overwrite("k", L.slot_field(1, L.CRC_FIELD), b"\0\0\0\0")
        with Writer("k", self.dir) as w:
            self.assertEqual((2, None), (w.version, w.current()))
            with Reader("k", self.dir) as r, self.assertRaises(jsonmmap.RegionCorruptError):
                r.get()
            self.assertEqual(3, w.publish("v3"))
        with Reader("k", self.dir) as r:
            self.assertEqual("v3", r.get())

    def test_a_file_marked_deleted_is_never_revived_but_replaced_by_a_fresh_region(self):
        self.published("k", "v1")
        self.overwrite("k", L.LATEST_OFFSET, struct.pack("<Q", L.TOMBSTONE))  # a delete died between mark and unlink
        old = Reader("k", self.dir)
        with Writer("k", self.dir) as w:
            self.assertEqual((0, None), (w.version, w.current()))
            with Reader("k", self.dir) as r:
                self.assertEqual(0, r.version())
                self.assertEqual(1, w.publish("v2"))
                self.assertEqual("v2", r.get())
            with self.assertRaisesRegex(jsonmmap.RegionReplacedError, "was deleted"):
                old.get()
        old.close()


class OverflowFilesTest(RegionTestCase):
    """Descriptor fields whose sum wraps around 2^63 or 2^64 in a 64-bit language: the Python reader and writer
    check them in the same non-wrapping form as the Java ones (docs/FORMAT.md 3.2)."""

    CASES = [((1 << 62) + 64, 1 << 62), ((1 << 63) - 64, 128), ((1 << 63) + 64, 4096), (4096, (1 << 64) - 1),
             ((1 << 64) - 64, 64), (4096, (1 << 63) - 4096)]

    def craft(self, name, slot, offset, capacity):
        # slot 1 holds the latest version, slot 0 is the next publish's target
        self.published(name, {"v": 1}, {"v": 2}, initial_capacity=512)
        self.overwrite(name, L.slot_field(slot, L.PAYLOAD_OFFSET_FIELD), struct.pack("<QQ", offset, capacity))

    def test_reader_reports_the_committed_slot_out_of_range(self):
        for i, (offset, capacity) in enumerate(self.CASES):
            with self.subTest(offset=offset, capacity=capacity):
                self.craft("r%d" % i, 1, offset, capacity)
                with Reader("r%d" % i, self.dir) as r, \
                        self.assertRaisesRegex(jsonmmap.RegionCorruptError, "slot 1 is out of range"):
                    r.get()

    def test_writer_never_writes_at_a_wrapped_offset_but_grows_a_fresh_area(self):
        big = {"pad": "x" * 290}
        for i, (offset, capacity) in enumerate(self.CASES):
            with self.subTest(offset=offset, capacity=capacity):
                name = "w%d" % i
                self.craft(name, 0, offset, capacity)
                with open(self.path(name + ".jmm"), "rb") as f:
                    head = f.read(16)
                with Writer(name, self.dir, initial_capacity=512) as w:
                    self.assertEqual(3, w.publish(big))
                with open(self.path(name + ".jmm"), "rb") as f:
                    self.assertEqual(head, f.read(16))
                with Reader(name, self.dir) as r:
                    self.assertEqual((3, big), (r.version(), r.get()))


class ObjectMmapTest(RegionTestCase):

    def test_master_and_follower_with_the_origins_names(self):
        with mock.patch.dict(os.environ, {"JSONMMAP_DIR": self.dir}):
            master = ObjectMmap(-1, 1024, access=mmap.ACCESS_WRITE, tagname="share_mmap")
            follower = ObjectMmap(-1, 1024, access=mmap.ACCESS_READ, tagname="share_mmap")
            try:
                self.assertIsNone(follower.jsonread_follower())
                self.assertTrue(master.jsonwrite(list(range(10))))
                self.assertEqual(list(range(10)), follower.jsonread_follower())
                big = {"k": ["共享内存"] * 10_000}  # far beyond length=1024: the region grows
                master.jsonwrite(big)
                self.assertEqual(big, follower.jsonread_follower())
                self.assertEqual(big, master.jsonread_master())
                self.assertEqual(big, master.jsonread_follower())
                with self.assertRaises(jsonmmap.SerializationError):
                    master.jsonwrite({"bad": object()})
                with self.assertRaises(PermissionError):
                    follower.jsonwrite(1)
                with self.assertRaises(jsonmmap.WriterLockedError):
                    ObjectMmap(-1, 1024, access=mmap.ACCESS_WRITE, tagname="share_mmap")
            finally:
                master.close()
                follower.close()

    def test_bad_arguments_and_missing_regions_raise(self):
        with self.assertRaises(ValueError):
            ObjectMmap(3, 1024, access=mmap.ACCESS_WRITE, tagname="x", directory=self.dir)
        with self.assertRaises(ValueError):
            ObjectMmap(-1, 1024, access=mmap.ACCESS_COPY, tagname="x", directory=self.dir)
        with self.assertRaises(jsonmmap.InvalidRegionNameError):
            ObjectMmap(-1, 1024, access=mmap.ACCESS_WRITE, tagname="a/b", directory=self.dir)
        with self.assertRaises(jsonmmap.RegionNotFoundError):
            ObjectMmap(-1, 1024, access=mmap.ACCESS_READ, tagname="x", directory=self.dir)
        with self.assertRaises(jsonmmap.RegionNotFoundError):
            ObjectMmap(-1, 1024, access=mmap.ACCESS_READ, tagname="x", directory=self.dir, wait=0.05)
