"""Child process of the torture tests (run as ``python3 tests/torture_child.py``).

``reader DIR NAME SECONDS``: reads in a tight loop, checking every read byte for byte against the document its
own numbers name; prints ``READY pid`` then ``RESULT reads=R distinct=D bad=B backwards=K parsed=P``.

``writer DIR NAME SECONDS``: publishes the documents of org.jsonmmap.testing.TortureWriter (alternating sizes
that cross growth, initial capacity 4096) as fast as it can; prints ``READY pid`` then
``DONE published=N version=V``.

Both sides build and check their documents with selfcheck_documents, the Python twin of the test kit's
SelfCheckingDocuments, so a Java writer's documents and a Python writer's are the same bytes.
"""

import os
import sys
import time
from collections.abc import Mapping

from jsonmmap import Reader, Writer
from selfcheck_documents import TORTURE_KINDS, check, document, kind_of

DISTINCT = 8


def reader(directory, name, seconds):
    reads = distinct = bad = backwards = parsed = 0
    with Reader.await_creation(name, 30, directory) as r:
        print("READY %d" % os.getpid(), flush=True)
        end = time.monotonic() + seconds
        last_version = 0
        i = 0
        while time.monotonic() < end:
            i += 1
            before = r.version()
            if i % 16 == 0:
                # the parsing path: get() must equal the rebuilt document
                snap = r.snapshot()
                reads += 1
                if snap is None:
                    continue
                parsed += 1
                doc = snap.value
                ok = (isinstance(doc, Mapping) and doc.get("kind") in range(TORTURE_KINDS)
                      and isinstance(doc.get("n"), int) and doc == document(doc["n"], doc["kind"]))
                version = snap.version
            else:
                snap = r.snapshot_bytes()
                reads += 1
                if snap is None:
                    continue
                ok = check(snap.value) is None
                version = snap.version
            if version != last_version:
                distinct += 1
            if not ok:
                bad += 1
                print("BAD version=%d %r" % (version, (snap.value if isinstance(snap.value, bytes)
                                                      else repr(snap.value).encode())[:200]), flush=True)
            if version < last_version or version < before:
                backwards += 1
            last_version = version
    print("RESULT reads=%d distinct=%d bad=%d backwards=%d parsed=%d" % (reads, distinct, bad, backwards, parsed),
          flush=True)


def writer(directory, name, seconds):
    docs = {}
    with Writer(name, directory, initial_capacity=4096) as w:
        print("READY %d" % os.getpid(), flush=True)
        end = time.monotonic() + seconds
        n = 0
        while time.monotonic() < end:
            n += 1
            kind = kind_of(n)
            doc_n = n % (DISTINCT * TORTURE_KINDS)
            key = (doc_n, kind)
            if key not in docs:
                docs[key] = document(doc_n, kind)
            w.publish(docs[key])
        print("DONE published=%d version=%d" % (n, w.version), flush=True)


if __name__ == "__main__":
    role, directory, name, seconds = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
    {"reader": reader, "writer": writer}[role](directory, name, seconds)
