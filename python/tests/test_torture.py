"""Cross-language torture: a writer in one language alternating sizes that cross growth, two readers in the
other language reading in tight loops for 11 seconds, every read checked, versions monotonic. 0 torn reads."""

import sys

from support import TORTURE_CHILD, RegionTestCase, java_child, python_child, result_counts

SECONDS = 11
WRITER_SECONDS = SECONDS + 3  # outlives the readers, which start after the writer is READY


class CrossLanguageTortureTest(RegionTestCase):

    def _run(self, writer, start_reader, writer_done_prefix):
        readers = []
        try:
            writer.await_line("READY")
            readers = [start_reader() for _ in range(2)]
            for r in readers:
                r.await_line("READY")
            results = [result_counts(r.await_line("RESULT", timeout=SECONDS + 60)) for r in readers]
            done = writer.await_line(writer_done_prefix, timeout=WRITER_SECONDS + 60)
        finally:
            for child in [writer] + readers:
                child.kill()
        bad_lines = [line for r in readers for line in r.lines if line.startswith("BAD")]
        print("\n    writer: %s" % done, file=sys.stderr)
        for i, res in enumerate(results):
            print("    reader %d: %s" % (i, res), file=sys.stderr)
        self.assertEqual([], bad_lines)
        published = int(done.split("published=")[1].split()[0])
        self.assertGreater(published, 100, "the writer published too little to torture anything")
        for res in results:
            self.assertEqual(0, res["bad"], "torn or mixed documents: %s" % res)
            self.assertEqual(0, res["backwards"], "versions went backwards: %s" % res)
            self.assertGreater(res["distinct"], 20, "the reader saw too few versions to prove anything: %s" % res)
            self.assertGreater(res["reads"], 1000, res)

    def test_python_readers_never_see_a_torn_document_from_a_java_writer(self):
        writer = java_child("torture-writer", self.dir, "torture", WRITER_SECONDS)
        self._run(writer, lambda: python_child(TORTURE_CHILD, "reader", self.dir, "torture", SECONDS),
                  "DONE")

    def test_java_readers_never_see_a_torn_document_from_a_python_writer(self):
        writer = python_child(TORTURE_CHILD, "writer", self.dir, "torture", WRITER_SECONDS)
        self._run(writer, lambda: java_child("torture-reader", self.dir, "torture", SECONDS), "DONE")
