"""Self-checking documents: the Python twin of org.jsonmmap.testkit.SelfCheckingDocuments (jsonmmap-testkit).

Document (n, kind) is rebuilt byte for byte from the two numbers it carries, so a reader tells a published
document from a torn, mixed or damaged one by comparing the bytes it read with the rebuilt ones::

    {"n":N,"kind":K,"items":[{"id":0,"name":"item-N-0","weight":W},...],"end":"n=N"}

with W = (N * 31 + id) % 1000 and ITEMS[K] items; the last document of a run ends with "end":"last n=N"; a
document that names its writer has "w":"WRITER" after n.
Java and Python must build the same bytes: jsonmmap-testkit's SelfCheckingDocumentsTest runs this file
(``python3 selfcheck_documents.py N KIND [last]`` prints the document) and compares.
"""

import functools
import json
import re
import sys

ITEMS = (1, 60, 2_200, 15_000, 40_000)  # about 80 B, 2.5 KiB, 100 KiB (growth past 64 KiB), 700 KiB, 1.9 MiB
KINDS = len(ITEMS)
TORTURE_KINDS = 4  # the kinds the torture writers alternate: all but the largest

HEAD = re.compile(rb'\{"n":(\d{1,18}),(?:"w":"([A-Za-z0-9._-]{1,64})",)?"kind":(\d),')


def kind_of(n):
    """The kind document n has in the torture writers' sequence."""
    return n % TORTURE_KINDS


def document(n, kind, last=False, writer=None):
    """The document as a Python value (dicts keep their key order)."""
    if n < 0 or not 0 <= kind < KINDS:
        raise ValueError("no document (%d, %d)" % (n, kind))
    doc = {"n": n}
    if writer is not None:
        doc["w"] = writer
    doc.update({
        "kind": kind,
        "items": [{"id": i, "name": "item-%d-%d" % (n, i), "weight": (n * 31 + i) % 1000} for i in range(ITEMS[kind])],
        "end": ("last " if last else "") + "n=%d" % n,
    })
    return doc


@functools.lru_cache(maxsize=64)
def document_bytes(n, kind, last=False, writer=None):
    """The document's compact JSON, UTF-8: the same bytes Java builds (the last 64 kept: readers that check
    every read rebuild the same few documents again and again)."""
    return json.dumps(document(n, kind, last, writer), separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def check(data, version=-1):
    """None if data (bytes) is exactly the document its own numbers name (and, unless version is -1, its n is
    version), else what is wrong."""
    m = HEAD.match(data)
    if not m:
        return "not a self-checking document: %r" % data[:120]
    n, kind = int(m.group(1)), int(m.group(3))
    writer = m.group(2).decode("ascii") if m.group(2) else None
    if kind >= KINDS:
        return "kind %d does not exist" % kind
    if version >= 0 and n != version:
        return "region says version %d, document says %d (mixed read)" % (version, n)
    if data != document_bytes(n, kind, False, writer) and data != document_bytes(n, kind, True, writer):
        return "document (%d, %d) differs from its rebuilt bytes (torn read)" % (n, kind)
    return None


if __name__ == "__main__":
    # N KIND [last] [WRITER]
    args = sys.argv[1:]
    sys.stdout.buffer.write(document_bytes(int(args[0]), int(args[1]), "last" in args[2:],
                                           next((a for a in args[2:] if a != "last"), None)))
