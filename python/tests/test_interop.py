"""Cross-language tests: round trips both ways (all sizes, non-ASCII, growth), writer exclusion across
languages, and corrupt files classified the same by both implementations."""

import json
import os
import struct

import jsonmmap
from jsonmmap import _layout as L
from jsonmmap import Reader, Writer
from tests.support import RegionTestCase, java_child, run_java

TEXTS = [
    "共享内存 — mémoire partagée — разделяемая память — ذاكرة مشتركة",
    "astral: \U0001F600\U0001F680 \U00020000 music \U0001D11E, combining e\u0301, zero-width \u200d",
    "escapes: \" \\ / \b \f \n \r \t \u0000 \u001f \u2028 \u2029",
]


def documents():
    """Documents of all sizes: scalars, empty containers, small, just under and over the initial capacity,
    150 KiB and 1 MiB (growth), and back to small."""
    docs = [0, None, True, "", {}, [], -0.0, 1.5e308, 2 ** 63 + 1, -(2 ** 63), "x"]
    docs.append({"text": TEXTS, "nested": [[[{"a": [1, {"b": None}]}]]]})
    docs.append({"k%d" % i: TEXTS[i % 3] * (i % 5) for i in range(40)})  # a few KiB of non-ASCII
    docs.append("é" * 2000)                                            # 4000 bytes: over a 1024 capacity
    docs.append(["%05d-%s" % (i, TEXTS[0]) for i in range(2_000)])     # ~ 150 KiB
    docs.append({"big": ["\U0001F600" * 50 + str(i) for i in range(5_000)]})  # ~ 1 MiB
    docs.append({"small again": "ü"})
    docs.append(list(range(300_000)))                                  # ~ 2 MiB, grows again
    docs.append("the end ✓")
    return docs


def encode(doc):
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class RoundTripTest(RegionTestCase):

    def test_java_writer_to_python_reader_every_size_and_growth(self):
        server = java_child("serve", self.dir, "rt", 1024)
        try:
            server.await_line("READY")
            reader = None
            for i, doc in enumerate(documents()):
                f = self.path("doc-%d.json" % i)
                with open(f, "wb") as out:
                    out.write(encode(doc))
                server.send("%d %s" % (1000 + i, f))
                line = server.await_line("PUBLISHED")
                self.assertEqual("PUBLISHED version=%d epoch=1" % (i + 1), line)
                if reader is None:
                    reader = Reader("rt", self.dir)  # opened once: it must remap as the Java writer grows
                snap = reader.snapshot()
                self.assertEqual((i + 1, 1, 1000 + i), (snap.version, snap.epoch, snap.tag))
                self.assertEqual(json.dumps(doc), json.dumps(snap.value), "document %d" % i)
                self.assertEqual(encode(doc), reader.bytes(), "the bytes are exactly the ones Java published")
            info = reader.info()
            self.assertGreater(info["file_length"], 2 * 1024 * 1024)
            reader.close()
        finally:
            server.finish()
            server.kill()
        # the Python writer takes over from the Java one: next epoch, next version
        with Writer("rt", self.dir) as w:
            self.assertEqual((2, len(documents())), (w.epoch, w.version))
            self.assertEqual("the end ✓", w.current())

    def test_python_writer_to_java_reader_every_size_and_growth(self):
        follower = None
        try:
            with Writer("rt", self.dir, initial_capacity=1024) as w:
                for i, doc in enumerate(documents()):
                    version = w.publish(doc, tag=-i)
                    self.assertEqual(i + 1, version)
                    if follower is None:
                        follower = java_child("follow", self.dir, "rt")  # one Java reader kept open: remaps
                        follower.await_line("READY")
                    out = self.path("out-%d.json" % i)
                    follower.send(out)
                    self.assertEqual("OK version=%d epoch=1 tag=%d" % (i + 1, -i), follower.await_line("OK"))
                    with open(out, "rb") as f:
                        data = f.read()
                    self.assertEqual(w.current_bytes(), data)
                    self.assertEqual(json.dumps(doc), json.dumps(json.loads(data)), "document %d" % i)
            follower.finish()
        finally:
            if follower is not None:
                follower.kill()
        # a Java writer takes over from the Python one
        doc = self.path("last.json")
        with open(doc, "wb") as f:
            f.write(encode({"java": "again ✓"}))
        self.assertEqual(["PUBLISHED version=%d epoch=2" % (len(documents()) + 1)],
                         run_java("publish", self.dir, "rt", 1024, 0, doc))
        with Reader("rt", self.dir) as r:
            self.assertEqual({"java": "again ✓"}, r.get())

    def test_deletion_is_seen_across_languages(self):
        with Writer("gone", self.dir) as w:
            w.publish({"a": 1})
        with Reader("gone", self.dir) as r:
            self.assertEqual(["DELETED true"], run_java("delete", self.dir, "gone", "false"))
            with self.assertRaises(jsonmmap.RegionReplacedError):
                r.get()
        with Writer("gone2", self.dir) as w:
            w.publish({"a": 1})
        follower = java_child("follow", self.dir, "gone2")
        try:
            follower.await_line("READY")
            self.assertTrue(jsonmmap.delete("gone2", self.dir))
            follower.send(self.path("x.json"))
            self.assertRegex(follower.await_line("ERROR"), r"^ERROR RegionReplacedException region 'gone2' was deleted")
            follower.finish()
        finally:
            follower.kill()


class WriterExclusionTest(RegionTestCase):

    def test_python_writer_is_refused_while_a_java_writer_holds_the_region(self):
        holder = java_child("hold", self.dir, "one")
        try:
            pid = int(holder.await_line("READY").split()[1])
            self.assertEqual(holder.pid, pid)
            with self.assertRaises(jsonmmap.WriterLockedError) as caught:
                Writer("one", self.dir)
            self.assertEqual(pid, caught.exception.holder_pid)
            self.assertIn("already has a writer: pid %d" % pid, str(caught.exception))
            self.assertTrue(jsonmmap.writer_alive(jsonmmap.Region("one", self.dir)))
            with self.assertRaises(jsonmmap.WriterLockedError):
                jsonmmap.delete("one", self.dir)
            holder.finish()
        finally:
            holder.kill()
        with Writer("one", self.dir) as w:  # the Java writer is gone: Python takes over
            self.assertEqual((2, 1, {"holder": pid}), (w.epoch, w.version, w.current()))

    def test_java_writer_is_refused_while_a_python_writer_holds_the_region(self):
        with Writer("one", self.dir) as w:
            w.publish({"python": True})
            with Reader("one", self.dir) as r:  # a reader in the writer's process must not drop the lock
                self.assertEqual({"python": True}, r.get())
            line = run_java("hold", self.dir, "one")[0]
            self.assertTrue(line.startswith("REFUSED %d " % os.getpid()), line)
            self.assertEqual(2, w.publish({"python": "still"}))
        line = run_java("hold", self.dir, "one", stdin=b"")[0]
        self.assertTrue(line.startswith("READY "), line)
        self.assertIn("epoch=2 version=3", line)

    def test_a_killed_java_writer_releases_the_region_to_python(self):
        holder = java_child("hold", self.dir, "one")
        try:
            holder.await_line("READY")
        finally:
            holder.kill()  # kill -9
        with Writer("one", self.dir) as w:
            self.assertEqual((2, 1), (w.epoch, w.version))


def _put(path, offset, fmt, value):
    with open(path, "r+b") as f:
        f.seek(offset)
        f.write(struct.pack(fmt, value))


class CorruptFilesTest(RegionTestCase):
    """Each kind of damage gives the same class of error in Java and in Python."""

    CASES = {
        # name: (damage, expected Python class / Java class without the suffix)
        "wrongmagic": (lambda p: _put(p, L.MAGIC_OFFSET, "<Q", 0x1234), "NotARegion"),
        "foreign": (lambda p: _replace(p, b'{"just":"a json file, not a region"}'), "NotARegion"),
        "format9": (lambda p: _put(p, L.FORMAT_VERSION_OFFSET, "<I", 9), "UnsupportedFormat"),
        "headersize": (lambda p: _put(p, L.HEADER_SIZE_OFFSET, "<I", 8192), "RegionCorrupt"),
        "filelength": (lambda p: _put(p, L.FILE_LENGTH_OFFSET, "<Q", 2 ** 40), "RegionCorrupt"),
        "truncated": (lambda p: os.truncate(p, 5000), "RegionTruncated"),
        "tiny": (lambda p: os.truncate(p, 40), "RegionTruncated"),
        "empty": (lambda p: os.truncate(p, 0), "RegionTruncated"),
        "payloadbit": (lambda p: _flip(p, _payload_of_slot1(p) + 2), "ChecksumMismatch"),
        "tag": (lambda p: _put(p, L.slot_field(1, L.TAG_FIELD), "<q", 42), "ChecksumMismatch"),
        "crc": (lambda p: _put(p, L.slot_field(1, L.CRC_FIELD), "<I", 0), "ChecksumMismatch"),
        "length": (lambda p: _put(p, L.slot_field(1, L.LENGTH_FIELD), "<I", 2 ** 32 - 5), "RegionCorrupt"),
        "offset": (lambda p: _put(p, L.slot_field(1, L.PAYLOAD_OFFSET_FIELD), "<Q", 2 ** 63 - 8), "RegionCorrupt"),
        "unaligned": (lambda p: _put(p, L.slot_field(1, L.PAYLOAD_OFFSET_FIELD), "<Q", 4100), "RegionCorrupt"),
        "commitword": (lambda p: _put(p, L.LATEST_OFFSET, "<Q", L.latest_word(7, 0, 1)), "RegionCorrupt"),
        "oddseq": (lambda p: _put(p, L.slot_field(1, L.SEQ_FIELD), "<Q", 5), "RegionCorrupt"),
        "tombstone": (lambda p: _put(p, L.LATEST_OFFSET, "<Q", L.TOMBSTONE), "RegionReplaced"),
        "directory": (lambda p: (os.unlink(p), os.mkdir(p)), "UnsafePath"),
        "symlink": (lambda p: (os.rename(p, p + ".real"), os.symlink(p + ".real", p)), "UnsafePath"),
        "missing": (lambda p: os.unlink(p), "RegionNotFound"),
        "healthy": (lambda p: None, "OK"),
    }

    def test_every_kind_of_damage_is_classified_alike_in_java_and_python(self):
        for name, (damage, _) in self.CASES.items():
            with Writer(name, self.dir, initial_capacity=1024) as w:
                w.publish({"v": 1})
                w.publish({"v": 2})  # slot 1 holds the latest version
            damage(os.path.join(self.dir, name + ".jmm"))
        java = {}
        for line in run_java("classify", self.dir, *self.CASES):
            name, rest = line.split(" ", 1)
            java[name] = rest.split(" ")[1][:-len("Exception")] if rest.startswith("ERROR") else rest
        for name, (_, expected) in self.CASES.items():
            with self.subTest(name):
                try:
                    with Reader(name, self.dir) as r:
                        r.get()
                    python = "OK"
                except jsonmmap.JsonMmapError as e:
                    python = type(e).__name__[:-len("Error")]
                    self.assertIn("'%s'" % name, str(e))
                self.assertEqual(expected, python, "Python")
                self.assertEqual(expected, java[name], "Java")


def _payload_of_slot1(path):
    with open(path, "rb") as f:
        f.seek(L.slot_field(1, L.PAYLOAD_OFFSET_FIELD))
        return struct.unpack("<Q", f.read(8))[0]


def _replace(path, content):
    with open(path, "wb") as f:
        f.write(content)


def _flip(path, offset):
    with open(path, "r+b") as f:
        f.seek(offset)
        b = f.read(1)[0]
        f.seek(offset)
        f.write(bytes([b ^ 0x04]))
