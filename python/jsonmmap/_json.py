"""Strict JSON in and out: exactly one RFC 8259 value, UTF-8 without a byte-order mark, bounded nesting."""

import json
from typing import Any, NoReturn

from .errors import InvalidJsonError, SerializationError

DEFAULT_MAX_DEPTH = 1000

# Depth is measured on the brackets alone: escapes that could hide a quote are dropped, every byte but
# brackets and quotes is deleted, then strings (now runs of brackets between quotes) are removed, and each
# pass of ``replace(b"[]", b"")`` strips one level of innermost pairs: the passes count the depth. Every
# step is one C-speed pass over bytes (about a tenth of json.loads; the regex it replaced cost more than
# the parse).
_KEEP = b'[]{}"'
_DELETE = bytes(b for b in range(256) if b not in _KEEP)
_SQUARE = bytes.maketrans(b"{}", b"[]")


def _reject_constant(name: str) -> NoReturn:
    raise ValueError("%s is not JSON (RFC 8259 has no NaN or Infinity)" % name)


# one decoder made once: json.loads(text, parse_constant=...) would build a new decoder and scanner per call
_DECODE = json.JSONDecoder(parse_constant=_reject_constant).decode


def depth_of(data: bytes, limit: int = 1 << 62) -> int:
    """Deepest nesting of arrays and objects in JSON text (C-speed passes only), counted up to ``limit + 1``.

    Exact for valid JSON; for invalid text it may be lower (the parse then reports the text as invalid).
    """
    if b"\\" in data:
        data = data.replace(b"\\\\", b"").replace(b'\\"', b"")
    s = data.translate(_SQUARE, _DELETE)
    # when no string holds a bracket, every string is now an adjacent pair of quotes
    if s.count(b'"') == 2 * s.count(b'""'):
        s = s.translate(None, b'"')
    else:
        s = b"".join(s.split(b'"')[::2])
    depth = 0
    while s and depth <= limit:
        inner_removed = s.replace(b"[]", b"")
        if len(inner_removed) == len(s):
            break
        s = inner_removed
        depth += 1
    return depth


def parse(data: bytes, max_depth: int = DEFAULT_MAX_DEPTH, what: object = "document") -> Any:
    """Parses UTF-8 JSON bytes; raises InvalidJsonError for anything but exactly one JSON value."""
    if data[:3] == b"\xef\xbb\xbf":
        raise InvalidJsonError("%s starts with a UTF-8 byte-order mark; jsonmmap documents have none" % what)
    # a cheap bound first: each level takes two bytes, so a short text cannot nest deeper than the limit
    if len(data) > 2 * max_depth:
        depth = depth_of(data, max_depth)
        if depth > max_depth:
            depth = depth_of(data)  # the whole depth, for the message
            raise InvalidJsonError("%s nests %d arrays/objects deep, over the limit of %d"
                                   % (what, depth, max_depth))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise InvalidJsonError("%s is not valid UTF-8: %s" % (what, e)) from None
    try:
        return _DECODE(text)
    except RecursionError:
        raise InvalidJsonError("%s nests too deeply for this Python interpreter" % what) from None
    except ValueError as e:
        raise InvalidJsonError("%s is not exactly one JSON value: %s" % (what, e)) from None


def serialize(value: Any) -> bytes:
    """Compact UTF-8 JSON of a value the json module can serialize (no NaN/Infinity)."""
    try:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")
    except (TypeError, ValueError, RecursionError) as e:
        raise SerializationError("cannot serialize a %s to JSON: %s" % (type(value).__name__, e)) from None
    except UnicodeEncodeError as e:
        raise SerializationError("cannot encode the JSON text as UTF-8: %s" % e) from None
