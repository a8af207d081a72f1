"""Reading a document as a typed value: ``reader.get(Config)`` for dataclasses, TypedDicts and typing types.

The rules are those of the Java side's ``get(Config.class)``: a field without a default that the document
lacks is an error, a value of the wrong JSON type is an error, both reported as :class:`SerializationError`
with the JSON Pointer of the field (``/db/poolSize``); fields the document has and the type does not are
ignored (a master can add fields before its followers upgrade). Supported: dataclasses (nested), TypedDicts
(``total`` and ``Required``/``NotRequired`` keys), ``int``, ``float`` (accepts integers), ``str``, ``bool``,
``None``, ``Any``/``object``, ``Optional``/``Union``, ``Literal``, ``Enum`` (by value), ``list[T]``,
``tuple[T, ...]``/``tuple[A, B]``, ``dict[str, T]``, ``Mapping``/``Sequence`` of those.

Values are built fresh from the cached parse for every call, except for *deeply immutable* types (frozen
dataclasses whose fields are scalars, enums, tuples, frozensets or such dataclasses), which a reader builds
once per version and shares, like the Java side's records.
"""

import dataclasses
import enum
import sys
import typing
from collections.abc import Mapping as AbcMapping
from collections.abc import Sequence as AbcSequence
from typing import Any, Dict, Tuple

from .errors import SerializationError

__all__ = ["bind", "shareable"]

_NONE_TYPE = type(None)
_UNION_TYPES: Tuple[Any, ...] = (typing.Union,)
if sys.version_info >= (3, 10):
    import types as _types
    _UNION_TYPES = (typing.Union, _types.UnionType)

_JSON_NAMES = {dict: "object", list: "array", str: "string", bool: "boolean", int: "number", float: "number",
               _NONE_TYPE: "null"}


def _pointer(path: str, key: Any) -> str:
    return "%s/%s" % (path, str(key).replace("~", "~0").replace("/", "~1"))


def _found(value: Any) -> str:
    kind = _JSON_NAMES.get(type(value), type(value).__name__)
    if kind in ("object", "array"):
        return "an " + kind
    if value is None:
        return "null"
    if isinstance(value, str):
        return 'a string "%s"' % (value if len(value) <= 40 else value[:40] + "...")
    return "%s %s" % ("a boolean" if kind == "boolean" else "a number", "true" if value is True else
                      "false" if value is False else repr(value))


def _name(tp: Any) -> str:
    return getattr(tp, "__name__", None) or repr(tp).replace("typing.", "")


class _Mismatch(Exception):
    def __init__(self, path: str, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.message = message


def _is_typeddict(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, dict) and hasattr(tp, "__required_keys__")


def _hints(tp: Any) -> Dict[str, Any]:
    try:
        return typing.get_type_hints(tp)
    except Exception as e:  # a forward reference that cannot be resolved
        raise TypeError("cannot resolve the type hints of %s: %s" % (_name(tp), e)) from None


def _bind(value: Any, tp: Any, path: str) -> Any:
    if tp is Any or tp is object:
        return _copy(value)
    origin = typing.get_origin(tp)
    if origin is not None:
        return _bind_generic(value, tp, origin, typing.get_args(tp), path)
    if tp is _NONE_TYPE or tp is None:
        if value is None:
            return None
        raise _Mismatch(path, "expected null, found %s" % _found(value))
    if tp is bool:
        if type(value) is bool:
            return value
        raise _Mismatch(path, "expected a boolean, found %s" % _found(value))
    if tp is int:
        if type(value) is int:
            return value
        raise _Mismatch(path, "expected an integer, found %s" % _found(value))
    if tp is float:
        if type(value) is float or type(value) is int:
            return float(value)
        raise _Mismatch(path, "expected a number, found %s" % _found(value))
    if tp is str:
        if type(value) is str:
            return value
        raise _Mismatch(path, "expected a string, found %s" % _found(value))
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return _bind_dataclass(value, tp, path)
    if _is_typeddict(tp):
        return _bind_typeddict(value, tp, path)
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        try:
            return tp(value)
        except ValueError:
            raise _Mismatch(path, "expected one of %s, found %s"
                            % (", ".join(repr(m.value) for m in tp), _found(value))) from None
    if tp in (dict, AbcMapping):
        return _bind_generic(value, tp, dict, (str, Any), path)
    if tp in (list, AbcSequence):
        return _bind_generic(value, tp, list, (Any,), path)
    if tp is tuple:
        return _bind_generic(value, tp, tuple, (Any, ...), path)
    raise TypeError("jsonmmap cannot read a document as %s (supported: dataclasses, TypedDicts, int, float, str,"
                    " bool, None, Any, Optional/Union, Literal, Enum, list, tuple, dict)" % _name(tp))


def _bind_generic(value: Any, tp: Any, origin: Any, args: Tuple[Any, ...], path: str) -> Any:
    if origin in _UNION_TYPES:
        if value is None and _NONE_TYPE in args:
            return None
        mismatches = []
        for option in args:
            if option is _NONE_TYPE:
                continue
            try:
                return _bind(value, option, path)
            except _Mismatch as m:
                mismatches.append(m)
        if len(mismatches) == 1:
            raise mismatches[0]
        raise _Mismatch(path, "expected %s, found %s" % (" or ".join(_name(a) for a in args), _found(value)))
    if origin is typing.Literal:
        for option in args:
            if value == option and type(value) is type(option):
                return value
        raise _Mismatch(path, "expected one of %s, found %s" % (", ".join(repr(a) for a in args), _found(value)))
    if origin in (list, AbcSequence, tuple, frozenset, set):
        if type(value) is not list:
            raise _Mismatch(path, "expected an array, found %s" % _found(value))
        if origin is tuple and args and not (len(args) == 2 and args[1] is Ellipsis):
            if len(args) != len(value):
                raise _Mismatch(path, "expected an array of %d items, found %d" % (len(args), len(value)))
            return tuple(_bind(v, a, _pointer(path, i)) for i, (v, a) in enumerate(zip(value, args)))
        item = args[0] if args else Any
        items = [_bind(v, item, _pointer(path, i)) for i, v in enumerate(value)]
        if origin is tuple:
            return tuple(items)
        if origin is frozenset:
            return frozenset(items)
        if origin is set:
            return set(items)
        return items
    if origin in (dict, AbcMapping):
        if type(value) is not dict:
            raise _Mismatch(path, "expected an object, found %s" % _found(value))
        key_type, item = (args + (Any, Any))[:2] if args else (str, Any)
        if key_type not in (str, Any):
            raise TypeError("JSON object keys are strings: %s cannot be read (use dict[str, ...])" % _name(tp))
        return {k: _bind(v, item, _pointer(path, k)) for k, v in value.items()}
    if _is_annotated(origin):
        return _bind(value, typing.get_args(tp)[0], path)
    raise TypeError("jsonmmap cannot read a document as %s" % _name(tp))


def _is_annotated(origin: Any) -> bool:
    return origin is getattr(typing, "Annotated", None)


def _bind_dataclass(value: Any, tp: Any, path: str) -> Any:
    if type(value) is not dict:
        raise _Mismatch(path, "expected an object for %s, found %s" % (tp.__name__, _found(value)))
    hints = _hints(tp)
    kwargs = {}
    for f in dataclasses.fields(tp):
        if not f.init:
            continue
        if f.name in value:
            kwargs[f.name] = _bind(value[f.name], hints.get(f.name, Any), _pointer(path, f.name))
        elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            raise _Mismatch(_pointer(path, f.name), "missing required field '%s' of %s" % (f.name, tp.__name__))
    return tp(**kwargs)


def _bind_typeddict(value: Any, tp: Any, path: str) -> Any:
    if type(value) is not dict:
        raise _Mismatch(path, "expected an object for %s, found %s" % (tp.__name__, _found(value)))
    hints = _hints(tp)
    out = {}
    for key in tp.__required_keys__:
        if key not in value:
            raise _Mismatch(_pointer(path, key), "missing required key '%s' of %s" % (key, tp.__name__))
    for key, hint in hints.items():
        if key in value:
            out[key] = _bind(value[key], _strip_required(hint), _pointer(path, key))
    return out


def _strip_required(hint: Any) -> Any:
    origin = typing.get_origin(hint)
    if origin is not None and getattr(origin, "_name", None) in ("Required", "NotRequired"):
        return typing.get_args(hint)[0]
    return hint


def _copy(value: Any) -> Any:
    t = type(value)
    if t is dict:
        return {k: _copy(v) for k, v in value.items()}
    if t is list:
        return [_copy(v) for v in value]
    return value


def bind(tree: Any, tp: Any, what: str) -> Any:
    """Builds a value of ``tp`` from a parsed tree (never shared with the tree: the result may be changed)."""
    try:
        return _bind(tree, tp, "")
    except _Mismatch as m:
        raise SerializationError("%s does not fit %s: %s: %s" % (what, _name(tp), m.path or "/", m.message),
                                 m.path) from None


_SHAREABLE: Dict[Any, bool] = {}


def shareable(tp: Any) -> bool:
    """Whether values of ``tp`` are deeply immutable, so that one value per version may be shared."""
    try:
        known = _SHAREABLE.get(tp)
    except TypeError:  # an unhashable annotation
        return False
    if known is None:
        _SHAREABLE[tp] = False  # a recursive type is not assumed shareable
        known = _shareable(tp)
        _SHAREABLE[tp] = known
    return known


def _shareable(tp: Any) -> bool:
    if tp is Any or tp is object:
        return False
    if tp in (int, float, str, bool, _NONE_TYPE, None):
        return True
    origin = typing.get_origin(tp)
    if origin is not None:
        args = typing.get_args(tp)
        if origin in _UNION_TYPES or origin is tuple or origin is frozenset:
            return all(a is Ellipsis or shareable(a) for a in args)
        if origin is typing.Literal:
            return True
        if _is_annotated(origin):
            return shareable(args[0])
        return False
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return True
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        params: Any = getattr(tp, "__dataclass_params__", None)
        if params is None or not params.frozen:
            return False
        hints = _hints(tp)
        return all(shareable(hints.get(f.name, Any)) for f in dataclasses.fields(tp))
    return False

