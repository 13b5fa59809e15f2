"""A step document's statistics as columns (format version 2), made where they are computed.

A deep stack of tiny layers describes over a thousand small tensors a call. Their figures
come out of small_stats' segment passes as one array per figure (SegmentColumns); version
1 of the format made a dict per tensor of them, encoded the dicts as JSON and freed them
at the next call, which cost more than the arithmetic. Here the figures stay arrays:

- a small tensor's statistics are a `StatRow` (a row of a `StatTable`) from the moment
  PendingStats hands it out, before the figures exist;
- each of the step document's "activations", "params" and "grads" is a `StatColumns`,
  which the step blob stores as columns (format/step_columns.py; `stored_columns`: a few
  array conversions where version 1 encoded a dict a tensor), and which reads as
  version 1's {key: statistics} for anyone who looks (tests, tools): a Mapping whose
  dicts are made when first read.

The tensors described one by one (large, GPU, integer, empty, sparse) and the small ones
holding NaN or Inf keep version 1's dicts, stored beside the columns.
"""

import functools
from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np

from tensorboard_modelviz.capture.small_stats import SegmentColumns
from tensorboard_modelviz.format import deflate, step_columns

# One tensor's statistics as version 1's dict: a documents.TensorStats (ParameterStats with
# the norm), plain, since a dict handed out empty is filled in later (PendingStats, StatsBatch).
Stats = dict[str, Any]


class StatTable:
    """The statistics of small tensors described together, whose rows are handed out
    (`row`) before `columns` are computed."""

    __slots__ = ("columns", "size")

    def __init__(self) -> None:
        self.columns: SegmentColumns | None = None
        self.size = 0

    def row(self) -> "StatRow":
        """The next row, which `columns` fill in later."""
        row = StatRow(self, self.size)
        self.size += 1
        return row


class StatRow(Mapping[str, Any]):
    """One small tensor's statistics: row `index` of `table`. Reads as version 1's dict
    once the table is filled, and as an empty one until then (false, no keys), as the
    empty dict handed out before version 2 was: code that looks at statistics not
    computed (a call whose finish failed) finds none, and no exception."""

    __slots__ = ("table", "index")

    def __init__(self, table: StatTable, index: int) -> None:
        self.table = table
        self.index = index

    def __bool__(self) -> bool:
        return self.table.columns is not None

    def stats(self) -> Stats:
        """Version 1's dict of this row (a new one at each call)."""
        columns = self.table.columns
        if columns is None:
            raise LookupError("the statistics of this tensor are not computed yet")
        return columns.row(self.index)

    def __getitem__(self, name: str) -> Any:
        if self.table.columns is None:
            raise KeyError(name)  # not computed yet: no statistics
        return self.stats()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.stats()) if self else iter(())

    def __len__(self) -> int:
        return len(self.stats()) if self else 0

    def __repr__(self) -> str:
        return "StatRow(%r)" % (self.stats() if self else "not computed")


_NO_ROWS = np.zeros(0, dtype=np.intp)


@functools.lru_cache(maxsize=64)  # a structure's calls ask for the same three
def _consecutive(first: int, count: int, dtype: np.dtype) -> bytes:
    """The bytes of rows first, first + 1, ... (`count` of them) as an array of `dtype`:
    whether a field's rows are in order is one comparison of bytes with these, where a
    new np.arange and np.array_equal at every call cost several numpy calls a field
    (benchmarks/README.md, h26-out)."""
    return np.arange(first, first + count, dtype=dtype).tobytes()


class StatColumns(Mapping[str, Stats]):
    """A step document's "activations", "params" or "grads": `keys` in version 1's order,
    `rows` the row of `columns` that describes each (-1: the key's statistics are its
    dict in `dicts`). Stored as `stored_columns()` gives it; read as version 1's dict.
    Every key in `dicts` has the row -1, and no other."""

    def __init__(
        self,
        keys: list[str],
        rows: np.ndarray,
        dicts: dict[str, Stats],
        columns: SegmentColumns | None,
        with_norm: bool,
    ) -> None:
        self.keys_in_order = keys
        self.rows = rows
        self.dicts = dicts
        self.columns = columns
        self.with_norm = with_norm
        self._read: dict[str, Stats] | None = None

    @classmethod
    def from_rows(cls, keys: list[str], rows: np.ndarray, columns: SegmentColumns, with_norm: bool) -> "StatColumns":
        """keys[i] described by row rows[i] of `columns` (a row apart: by its dict)."""
        dicts: dict[str, Stats] = {}
        if columns.apart:
            rows = rows.copy()
            for position in np.flatnonzero(np.isin(rows, list(columns.apart))).tolist():
                dicts[keys[position]] = columns.apart[int(rows[position])]
                rows[position] = -1
        return cls(keys, rows, dicts, columns, with_norm)

    @classmethod
    def of(cls, entries: Mapping[str, "StatRow | Stats"], with_norm: bool) -> "StatColumns":
        """The columns of `entries` (key -> a StatRow or version 1's dict): the rows of one
        filled table (the first row's) described by it, every other entry by its dict; a
        row not filled (its statistics failed) is left out."""
        if type(entries) is StatColumns:
            return entries
        keys: list[str] = []
        rows: list[int] = []
        dicts: dict[str, Stats] = {}
        table: StatTable | None = None
        for key, entry in entries.items():
            if type(entry) is StatRow:
                if table is None and entry:
                    table = entry.table
                if entry.table is table:
                    keys.append(key)
                    rows.append(entry.index)
                    continue
                if not entry:
                    continue
            keys.append(key)
            rows.append(-1)
            dicts[key] = entry.stats() if isinstance(entry, StatRow) else entry
        columns = table.columns if table is not None else None
        if columns is None:
            return cls(keys, np.full(len(keys), -1, dtype=np.intp), dicts, None, with_norm)
        made = cls.from_rows(keys, np.array(rows, dtype=np.intp), columns, with_norm)
        made.dicts.update(dicts)
        return made

    @classmethod
    def empty(cls, with_norm: bool) -> "StatColumns":
        return cls([], _NO_ROWS, {}, None, with_norm)

    def _taken(self) -> dict[str, np.ndarray]:
        """Each column, a row for each key not in `dicts` (in the order of the keys), and
        "estimated": those of its rows whose histogram is estimated. `columns` is set."""
        columns, rows = self.columns, self.rows
        assert columns is not None
        names: tuple[str, ...] = step_columns.INTEGER_COLUMNS + ("counts",) + step_columns.FLOAT_COLUMNS
        names += ("norm",) if self.with_norm else ()
        count = len(rows)
        first = int(rows[0]) if count else -1
        if first >= 0 and rows.tobytes() == _consecutive(first, count, rows.dtype):  # views, in order
            taken = {name: getattr(columns, name)[first : first + count] for name in names}
            taken["estimated"] = np.flatnonzero(columns.estimated[first : first + count])
        else:
            described = rows[rows >= 0]
            taken = {name: getattr(columns, name)[described] for name in names}
            taken["estimated"] = np.flatnonzero(columns.estimated[described])
        return taken

    def stored_columns(self) -> tuple[dict[str, Any], deflate.Buffer, deflate.Buffer]:
        """(column head, integer columns, float columns): this field as a step blob of
        format version 2 stores it (format/step_columns.py). Each kind of column is cast
        into one array of its stored type and handed out as a byte view of it (format
        "B": its len() is its size in bytes, which the encoder counts): the step encoder
        joins the three fields' bytes, and a copy per column (astype, tobytes) before that
        join only copied the same bytes again."""
        if self.columns is None or not self.keys_in_order:
            return step_columns.dict_columns(self._dicts_in_order())
        taken = self._taken()
        counts = taken["counts"]
        head = {
            "keys": self.keys_in_order,
            "bins": int(counts.shape[1]),
            "estimated": taken["estimated"].tolist(),
            "dicts": self.dicts,
        }
        integers = np.concatenate(
            [taken[name].reshape(-1) for name in step_columns.INTEGER_COLUMNS + ("counts",)],
            dtype="<i4",
            casting="unsafe",  # as astype("<i4"): the columns are int64
        )
        floats = np.concatenate(
            [taken[name] for name in step_columns.float_columns(self.with_norm)], dtype="<f8", casting="unsafe"
        )
        return head, integers.data.cast("B"), floats.data.cast("B")

    def _dicts_in_order(self) -> dict[str, Stats]:
        return {key: self.dicts[key] for key in self.keys_in_order}

    def _version_1(self) -> dict[str, Stats]:
        """Version 1's dict of this field, made once: what the reader gives for it."""
        if self._read is None:
            if self.columns is None or not self.keys_in_order:
                self._read = self._dicts_in_order()
            else:
                field: dict[str, Any] = {"keys": self.keys_in_order, "dicts": self.dicts}
                field.update((name, column.tolist()) for name, column in self._taken().items())
                self._read = step_columns.rows_of(field, self.with_norm)
        return self._read

    def __getitem__(self, key: str) -> Stats:
        return self._version_1()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.keys_in_order)

    def __len__(self) -> int:
        return len(self.keys_in_order)

    def __contains__(self, key: object) -> bool:
        return key in self._version_1()

    def __repr__(self) -> str:
        return "StatColumns(%r)" % (self._version_1(),)
