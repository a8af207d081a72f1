"""Strict JSON in and out: exactly one RFC 8259 value, UTF-8 without a byte-order mark, bounded nesting."""

import json
import re
from itertools import accumulate

from .errors import InvalidJsonError, SerializationError

DEFAULT_MAX_DEPTH = 1000

# strings are removed before brackets are counted: a bracket inside a string is not nesting
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_DEPTH_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}


def _reject_constant(name):
    raise ValueError("%s is not JSON (RFC 8259 has no NaN or Infinity)" % name)


def depth_of(data):
    """Deepest nesting of arrays and objects in JSON text (C-speed passes only)."""
    brackets = _STRING.sub(b"", data).translate(None, _NOT_BRACKETS)
    if not brackets:
        return 0
    return max(accumulate(map(_DEPTH_STEP.__getitem__, brackets)))


def parse(data, max_depth=DEFAULT_MAX_DEPTH, what="document"):
    """Parses UTF-8 JSON bytes; raises InvalidJsonError for anything but exactly one JSON value."""
    if data[:3] == b"\xef\xbb\xbf":
        raise InvalidJsonError("%s starts with a UTF-8 byte-order mark; jsonmmap documents have none" % what)
    # a cheap upper bound first: fewer opening brackets than the limit cannot nest deeper than it
    if data.count(b"[") + data.count(b"{") > max_depth:
        depth = depth_of(data)
        if depth > max_depth:
            raise InvalidJsonError("%s nests %d arrays/objects deep, over the limit of %d"
                                   % (what, depth, max_depth))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise InvalidJsonError("%s is not valid UTF-8: %s" % (what, e)) from None
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except RecursionError:
        raise InvalidJsonError("%s nests too deeply for this Python interpreter" % what) from None
    except ValueError as e:
        raise InvalidJsonError("%s is not exactly one JSON value: %s" % (what, e)) from None


def serialize(value):
    """Compact UTF-8 JSON of a value the json module can serialize (no NaN/Infinity)."""
    try:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")
    except (TypeError, ValueError, RecursionError) as e:
        raise SerializationError("cannot serialize a %s to JSON: %s" % (type(value).__name__, e)) from None
    except UnicodeEncodeError as e:
        raise SerializationError("cannot encode the JSON text as UTF-8: %s" % e) from None
