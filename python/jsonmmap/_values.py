"""Read-only views of a parsed document: what :meth:`Reader.get` hands to every caller of one version.

A reader parses each version once (``json.loads``: dicts, lists, str, int, float, bool, None) and keeps that
tree private. Callers receive :class:`JsonObject` / :class:`JsonArray` views over it: a view has no method
that changes anything, and every container reached through a view is itself a view, so no caller can change
the value another caller (or a later ``get()``) sees. Building the views costs nothing at parse time: a
view is made when a container is reached (one small object per access of a nested object or array, about
0.1-0.2 µs), never by walking the whole tree. Scalars are returned as they are (they are immutable).

A private mutable copy is ``reader.get(copy=True)`` (plain dicts and lists, parsed again from the cached
bytes) or :func:`thaw` of a view.
"""

import json
from collections.abc import Mapping, Sequence
from typing import Any, Iterator, Tuple, Union, overload

__all__ = ["JsonObject", "JsonArray", "JsonValue", "view", "thaw", "to_json"]

#: What a document holds, as handed out by :meth:`Reader.get`.
JsonValue = Union[None, bool, int, float, str, "JsonObject", "JsonArray"]


def view(value: Any) -> Any:
    """The read-only view of a value of a parsed tree (scalars unchanged)."""
    t = type(value)
    if t is dict:
        return _object(value)
    if t is list:
        return _array(value)
    return value


def thaw(value: Any) -> Any:
    """A private, mutable deep copy (dicts and lists) of a view or of any JSON value."""
    if isinstance(value, _View):
        return json.loads(json.dumps(value._tree))
    return json.loads(json.dumps(value, default=_raw))


def _raw(value: Any) -> Any:
    if isinstance(value, _View):
        return value._tree
    raise TypeError("Object of type %s is not JSON serializable" % type(value).__name__)


class _View:
    """What both views share: the parsed tree they show (never handed out), no attribute that can be set, not
    hashable (mutable-looking content, like dict and list), a repr, and pickling as a view of a private copy."""

    __slots__ = ("_tree",)
    _tree: Any

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("a jsonmmap %s is read-only; get a mutable copy with get(copy=True)" % type(self).__name__)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return "%s(%r)" % (type(self).__name__, self._tree)

    def __reduce__(self) -> Tuple[Any, ...]:
        return (type(self), (thaw(self),))


class JsonObject(_View, Mapping[str, Any]):
    """A read-only JSON object: a :class:`collections.abc.Mapping` from str to JSON values (nested objects and
    arrays are views too). Equal to a dict or view with equal content. Not hashable, like a dict.

    ``json.dumps`` does not know it: serialize with ``json.dumps(v, default=jsonmmap.to_json)``, or take
    the document's text with ``reader.text()``.
    """

    __slots__ = ()
    _tree: "dict[str, Any]"

    def __init__(self, tree: "dict[str, Any]") -> None:
        object.__setattr__(self, "_tree", tree)

    def __getitem__(self, key: str) -> Any:
        value = self._tree[key]
        t = type(value)
        if t is dict:
            return _object(value)
        if t is list:
            return _array(value)
        return value

    def get(self, key: str, default: Any = None) -> Any:
        value = self._tree.get(key, default)
        t = type(value)
        if t is dict:
            return _object(value)
        if t is list:
            return _array(value)
        return value

    def __contains__(self, key: object) -> bool:
        return key in self._tree

    def __iter__(self) -> Iterator[str]:
        return iter(self._tree)

    def __len__(self) -> int:
        return len(self._tree)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, JsonObject):
            return self._tree == other._tree
        if isinstance(other, dict):
            return self._tree == other  # C-speed; views inside ``other`` compare through their own __eq__
        if isinstance(other, Mapping):
            return len(other) == len(self._tree) and all(
                k in self._tree and view(self._tree[k]) == v for k, v in other.items())
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]


class JsonArray(_View, Sequence[Any]):
    """A read-only JSON array: a :class:`collections.abc.Sequence` of JSON values (nested objects and arrays
    are views too); a slice is a view as well. Equal to a list, tuple or view with equal content."""

    __slots__ = ()
    _tree: "list[Any]"

    def __init__(self, tree: "list[Any]") -> None:
        object.__setattr__(self, "_tree", tree)

    @overload
    def __getitem__(self, index: int) -> Any: ...

    @overload
    def __getitem__(self, index: slice) -> "JsonArray": ...

    def __getitem__(self, index: Union[int, slice]) -> Any:
        value: Any = self._tree[index]
        t = type(value)
        if t is dict:
            return _object(value)
        if t is list:
            return _array(value)
        return value

    def __iter__(self) -> Iterator[Any]:
        for value in self._tree:
            t = type(value)
            if t is dict:
                yield _object(value)
            elif t is list:
                yield _array(value)
            else:
                yield value

    def __len__(self) -> int:
        return len(self._tree)

    def __contains__(self, item: object) -> bool:
        return any(v == item for v in self)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, JsonArray):
            return self._tree == other._tree
        if isinstance(other, list):
            return self._tree == other
        if isinstance(other, tuple):
            return len(other) == len(self._tree) and all(a == b for a, b in zip(self, other))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]


def to_json(value: Any) -> Any:
    """``default=`` hook for ``json.dumps``: serializes views as the objects and arrays they show.

    ``json.dumps(reader.get(), default=jsonmmap.to_json)``.
    """
    return _raw(value)



# Views are made on every access of a nested object or array: build them without running __init__ and the
# read-only __setattr__ (a C-level allocation and a C-level slot store, about 50 ns less than the constructor).
_new = object.__new__
_set_tree = _View.__dict__["_tree"].__set__


def _object(tree: "dict[str, Any]") -> JsonObject:
    v: JsonObject = _new(JsonObject)
    _set_tree(v, tree)
    return v


def _array(tree: "list[Any]") -> JsonArray:
    v: JsonArray = _new(JsonArray)
    _set_tree(v, tree)
    return v
