"""The statistics of a step document of format version 2, stored as columns, and how they
read back as version 1's dicts.

Version 2 differs from version 1 only in the step document's "activations", "params" and
"grads": each is a *column field* instead of a dict of statistics by key,

    {"keys": [k, ...],                       # every key, in the order version 1 lists them
     "numel": [...], "mean": [...], "std": [...], "min": [...], "max": [...],
     "absmax": [...], "zeros": [...], "n": [...],   # one entry a key
     "counts": [[...], ...],                 # the histograms' counts, a row a key
     "estimated": [row, ...],                # rows whose histogram is estimated ("hist")
     "norm": [...],                          # params and grads only
     "dicts": {key: STATS}}                  # version 1's dicts of the keys not described by a row

Row i describes keys[i] unless keys[i] is in "dicts": finite values only ("nan" and "inf"
0), the histogram from "min" to "max" of "n" values; the other rows' entries are
placeholders (0). The tensors described one by one (large, GPU, integer, empty, sparse)
and the small ones holding NaN or Inf keep version 1's dicts there.

`rows_of` turns a field back into version 1's dict (keys in the same order, every
number the same), checking first that the field is one `column_field` could have
written (`FormatError` otherwise): the reader (codec.decode_step) gives version 1's
document for both versions, and the server and dashboard read nothing else. Importable
without numpy or torch, as codec is.
"""

from collections.abc import Iterable, Mapping
from typing import Any

STATS_FIELDS = ("activations", "params", "grads")

# The columns of a field: integer ones, then float ones (a number or null); "norm" besides.
INTEGER_COLUMNS = ("numel", "n")
FLOAT_COLUMNS = ("mean", "std", "min", "max", "absmax", "zeros")

# The most rows the three fields of one step may hold together. A row is at least 60 bytes
# of version 2's JSON but takes about 1.5 KB as version 1's dicts in a reader's memory:
# the bound is checked before any is made. Version 1's dicts are 300-400 bytes of JSON
# each, so a version 1 document within MAX_STEP_BYTES holds fewer than this.
MAX_STEP_ROWS = 1 << 16
# The most bins a row's histogram may have (the writer bins into 32).
MAX_BINS = 1 << 10


class ColumnError(ValueError):
    """A column field that is not one version 2 describes (codec turns it into a FormatError)."""


def row_stats(
    numel: int,
    mean: float | None,
    std: float | None,
    low: float | None,
    high: float | None,
    absmax: float | None,
    zeros: float | None,
    picked: int,
    counts: list[int],
    estimated: bool,
    norm: float | None = None,
    with_norm: bool = False,
) -> dict[str, Any]:
    """Version 1's statistics of one row, fields in version 1's order."""
    stats: dict[str, Any] = {
        "numel": numel,
        "nan": 0,
        "inf": 0,
        "mean": mean,
        "std": std,
        "min": low,
        "max": high,
        "absmax": absmax,
        "zeros": zeros,
        "hist": {"lo": low, "hi": high, "n": picked, "counts": counts},
    }
    if with_norm:
        stats["norm"] = norm
    if estimated:
        stats["estimated"] = ["hist"]
    return stats


def _is_number(value: object) -> bool:
    return value is None or type(value) is int or type(value) is float


def _is_count(value: object) -> bool:
    return type(value) is int and value >= 0


def _list_of(field: Mapping[str, Any], name: str, rows: int, valid: Any, what: str) -> list[Any]:
    column = field.get(name)
    if type(column) is not list or len(column) != rows:
        raise ColumnError("column %r is not a list of %d entries" % (name, rows))
    if not all(map(valid, column)):
        raise ColumnError("column %r holds entries that are not %s" % (name, what))
    return column


def _checked_rows(field: object, with_norm: bool) -> tuple[list[str], dict[str, Any]]:
    """(keys, dicts) of a column field, after checking every member (ColumnError)."""
    if type(field) is not dict:
        raise ColumnError("not a column field (an object with keys and columns)")
    keys = field.get("keys")
    if type(keys) is not list or not all(type(key) is str for key in keys):
        raise ColumnError("its keys are not a list of text")
    rows = len(keys)
    if len(set(keys)) != rows:
        raise ColumnError("a key is listed twice")
    for name in INTEGER_COLUMNS:
        _list_of(field, name, rows, _is_count, "counts of values")
    for name in FLOAT_COLUMNS + (("norm",) if with_norm else ()):
        _list_of(field, name, rows, _is_number, "numbers")
    counts = _list_of(field, "counts", rows, lambda row: type(row) is list, "lists")
    if counts:
        bins = len(counts[0])
        if not 0 < bins <= MAX_BINS or not all(len(row) == bins for row in counts):
            raise ColumnError("the histograms' counts are not %d rows of the same number of bins" % rows)
        if not all(all(map(_is_count, row)) for row in counts):
            raise ColumnError("the histograms' counts hold entries that are not counts")
    estimated = field.get("estimated")
    if type(estimated) is not list or not all(type(r) is int and 0 <= r < rows for r in estimated):
        raise ColumnError("its estimated rows are not row numbers")
    dicts = field.get("dicts")
    if type(dicts) is not dict or not all(type(stats) is dict for stats in dicts.values()):
        raise ColumnError("its dicts are not an object of statistics")
    if not set(dicts) <= set(keys):
        raise ColumnError("its dicts hold a key its keys do not list")
    return keys, dicts


def rows_of(field: object, with_norm: bool) -> dict[str, Any]:
    """Version 1's {key: statistics} of a column field (ColumnError if it is not one)."""
    keys, dicts = _checked_rows(field, with_norm)
    assert type(field) is dict
    estimated = set(field["estimated"])
    norms: Iterable[Any] = field["norm"] if with_norm else [None] * len(keys)
    described: dict[str, Any] = {}
    for row, (key, numel, mean, std, low, high, top, zeros, picked, counts, norm) in enumerate(
        zip(
            keys,
            field["numel"],
            field["mean"],
            field["std"],
            field["min"],
            field["max"],
            field["absmax"],
            field["zeros"],
            field["n"],
            field["counts"],
            norms,
        )
    ):
        stats = dicts.get(key)
        described[key] = (
            stats
            if stats is not None
            else row_stats(numel, mean, std, low, high, top, zeros, picked, counts, row in estimated, norm, with_norm)
        )
    return described


def field_rows(field: object) -> int:
    """How many rows a column field declares (0 where it is not one): for the bound on a
    step's rows, checked before any row is made."""
    keys = field.get("keys") if type(field) is dict else None
    return len(keys) if type(keys) is list else 0


def version_1_document(document: dict[str, Any]) -> dict[str, Any]:
    """`document` (a version 2 step document, parsed) as version 1 stores it, in place:
    its column fields as dicts of statistics, `format_version` 1. ColumnError (naming the
    field) for a field that is not a column field, or rows over MAX_STEP_ROWS."""
    rows = sum(field_rows(document.get(name)) for name in STATS_FIELDS)
    if rows > MAX_STEP_ROWS:
        raise ColumnError("%d rows of statistics, above the %d a step may hold" % (rows, MAX_STEP_ROWS))
    for name in STATS_FIELDS:
        if name in document:
            try:
                document[name] = rows_of(document[name], with_norm=name != "activations")
            except ColumnError as e:
                raise ColumnError("%r: %s" % (name, e)) from None
    if document.get("format_version") == 2:
        document["format_version"] = 1
    return document


def dict_field(entries: Mapping[str, Any], with_norm: bool) -> dict[str, Any]:
    """The column field of version 1's statistics `entries` (key -> dict), each kept as its
    dict: what a version 2 document holds where its statistics were never made as columns."""
    keys = list(entries)
    rows = len(keys)
    field: dict[str, Any] = {"keys": keys}
    for name in INTEGER_COLUMNS + FLOAT_COLUMNS + (("norm",) if with_norm else ()):
        field[name] = [0] * rows
    field.update(counts=[[0]] * rows, estimated=[], dicts=dict(entries))
    return field
