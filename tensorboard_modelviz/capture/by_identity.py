"""A weak mapping keyed by the objects themselves, not by what they compare equal to.

What is kept per model (its lock, its records in a writer, the tracer's copies) must be
the model's own: a WeakKeyDictionary hashes and compares its keys with the model's
`__eq__` and `__hash__`, and a model class defining `__eq__` has no hash (the mapping
raises TypeError) or one by its configuration (a model and its twin share one entry).
Here a key is the object's identity; its entry goes when the object is freed.
"""

import weakref
from typing import Generic, TypeVar

_V = TypeVar("_V")


class WeakByIdentity(Generic[_V]):
    """object -> value while the object lives, an object found by `is` only."""

    def __init__(self) -> None:
        self._items: dict[int, tuple[weakref.ref[object], _V]] = {}

    def get(self, key: object) -> _V | None:
        item = self._items.get(id(key))
        if item is None or item[0]() is not key:  # none, or a freed object's of the same id
            return None
        return item[1]

    def __setitem__(self, key: object, value: _V) -> None:
        items, number = self._items, id(key)

        def forget(ref: "weakref.ref[object]") -> None:  # holds the dict, never the key
            item = items.get(number)
            if item is not None and item[0] is ref:  # not a later object's of the same id
                del items[number]

        items[number] = (weakref.ref(key, forget), value)

    def __len__(self) -> int:
        return len(self._items)
