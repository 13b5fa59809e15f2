"""Checks a decoded document against the TypedDicts of tensorboard_modelviz.format.documents.

`problems(value, expected)` lists every place where `value` differs from the type
`expected`, both ways: a key the type does not declare, a required key missing, a value
of another type. It understands what the document types use: TypedDict (with
NotRequired keys and inheritance), Union and `X | None`, Literal, list[X], dict[K, V],
int, float (an int is a float, as in typing; a bool is neither), str, bool and None.
"""

import types
import typing
from typing import Any


def problems(value: Any, expected: Any, path: str = "$") -> list[str]:
    """Every difference between `value` and the type `expected`, each with its JSON path."""
    if typing.is_typeddict(expected):
        return _typeddict_problems(value, expected, path)
    origin = typing.get_origin(expected)
    if origin is typing.Union or origin is types.UnionType:
        return _union_problems(value, typing.get_args(expected), path)
    if origin is typing.Literal:
        allowed = typing.get_args(expected)
        return (
            []
            if value in allowed and type(value) in {type(a) for a in allowed}
            else ["%s: %r is not one of %r" % (path, value, allowed)]
        )
    if origin is list:
        if not isinstance(value, list):
            return ["%s: %s where a list was expected" % (path, type(value).__name__)]
        (item,) = typing.get_args(expected)
        return [p for i, v in enumerate(value) for p in problems(v, item, "%s[%d]" % (path, i))]
    if origin is dict:
        if not isinstance(value, dict):
            return ["%s: %s where an object was expected" % (path, type(value).__name__)]
        key_type, value_type = typing.get_args(expected)
        found = []
        for k, v in value.items():
            found += problems(k, key_type, "%s key %r" % (path, k))
            found += problems(v, value_type, "%s[%r]" % (path, k))
        return found
    return _scalar_problems(value, expected, path)


def _scalar_problems(value: Any, expected: Any, path: str) -> list[str]:
    if expected is type(None) or expected is None:
        ok = value is None
    elif expected is float:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    elif expected is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif expected in (str, bool):
        ok = isinstance(value, expected)
    else:
        raise TypeError("document_types does not check %r (at %s)" % (expected, path))
    return [] if ok else ["%s: %r where %s was expected" % (path, value, getattr(expected, "__name__", expected))]


def _union_problems(value: Any, members: tuple[Any, ...], path: str) -> list[str]:
    """None if any member fits; else the problems of the member that fits best (for a node
    union, the member whose `kind` matches)."""
    best: list[str] | None = None
    for member in members:
        found = problems(value, member, path)
        if not found:
            return []
        if best is None or len(found) < len(best):
            best = found
    assert best is not None
    return best


def _typeddict_problems(value: Any, expected: Any, path: str) -> list[str]:
    if not isinstance(value, dict):
        return ["%s: %s where a %s object was expected" % (path, type(value).__name__, expected.__name__)]
    hints = typing.get_type_hints(expected)
    found = ["%s: key %r is not in %s" % (path, k, expected.__name__) for k in value if k not in hints]
    found += [
        "%s: required key %r of %s is missing" % (path, k, expected.__name__)
        for k in sorted(expected.__required_keys__)
        if k not in value
    ]
    for key, hint in hints.items():
        if key in value:
            found += problems(value[key], hint, "%s.%s" % (path, key))
    return found


def declared_keys(expected: Any) -> set[str]:
    """Every key a TypedDict declares, required or not."""
    return set(typing.get_type_hints(expected))
