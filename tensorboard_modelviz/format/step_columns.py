"""The statistics of a step blob of format version 2, stored as columns, and how they read
back as version 1's dicts.

Version 2 differs from version 1 only in the step document's "activations", "params" and
"grads" (docs/format.md, "Step document, version 2"). In the document's JSON each is a
*column head*,

    {"keys": [k, ...],            # every key, in the order version 1 lists them
     "bins": 32,                  # the bins of each row's histogram
     "estimated": [row, ...],     # rows whose histogram is estimated ("hist")
     "dicts": {key: STATS}}       # version 1's dicts of the keys no row describes

and its columns follow the JSON's zlib stream in the blob, a row for each key not in
"dicts", in the order of the keys: first a zlib stream of the integer columns
(little-endian int32), then the float columns (little-endian float64, uncompressed: a
figure's digits compress poorly, and compressing them took longer than all the rest of
the blob), field after field in the order of STATS_FIELDS:

    integers: numel[rows], n[rows], counts[rows × bins]
    floats:   mean, std, min, max, absmax, zeros[, norm (params and grads)], rows each

A row describes a tensor of finite values only ("nan" and "inf" 0), its histogram from
"min" to "max" of "n" values. The tensors described one by one (large, GPU, integer,
empty, sparse) and the small ones holding NaN or Inf keep version 1's dicts.

codec.decode_step reads a version 2 blob with `column_sizes` (what the columns take,
checked before anything is allocated) and `read_columns` (every field's dicts, version 1's
document). Importable without numpy or torch, as codec is.
"""

import array
import math
import sys
from collections.abc import Mapping
from typing import Any

STATS_FIELDS = ("activations", "params", "grads")

INTEGER_COLUMNS = ("numel", "n")  # then "counts", bins a row
FLOAT_COLUMNS = ("mean", "std", "min", "max", "absmax", "zeros")  # then "norm" in params and grads

# The most rows the three fields of one step may hold together: a row takes about 1.5 KB
# as version 1's dicts in a reader's memory. Version 1's dicts are 300-400 bytes of JSON
# each, so a version 1 document within codec.MAX_STEP_BYTES holds fewer than this.
MAX_STEP_ROWS = 1 << 16
# The most bins a row's histogram may have (the writer bins into 32).
MAX_BINS = 64


class ColumnError(ValueError):
    """Columns that are not what version 2 describes (codec turns it into a FormatError)."""


def has_norm(field: str) -> bool:
    """Whether a field's statistics hold the L2 norm (parameters' and gradients')."""
    return field != "activations"


def float_columns(with_norm: bool) -> tuple[str, ...]:
    """The float columns of a field, in the order the blob stores them."""
    return FLOAT_COLUMNS + (("norm",) if with_norm else ())


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


def _checked_head(head: object) -> tuple[int, int]:
    """(rows: the keys not in its dicts, bins) of a column head, after checking its keys, bins, estimated rows and
    dicts (ColumnError)."""
    if type(head) is not dict:
        raise ColumnError("not a column head (an object of keys, bins, estimated rows and dicts)")
    keys = head.get("keys")
    if type(keys) is not list or not all(type(key) is str for key in keys):
        raise ColumnError("its keys are not a list of text")
    rows = len(keys)
    if len(set(keys)) != rows:
        raise ColumnError("a key is listed twice")
    bins = head.get("bins")
    if type(bins) is not int or not 0 <= bins <= MAX_BINS:
        raise ColumnError("its bins are not a number from 0 to %d" % MAX_BINS)
    estimated = head.get("estimated")
    if type(estimated) is not list or not all(type(r) is int for r in estimated):
        raise ColumnError("its estimated rows are not row numbers")
    dicts = head.get("dicts")
    if type(dicts) is not dict or not all(type(stats) is dict for stats in dicts.values()):
        raise ColumnError("its dicts are not an object of statistics")
    if not set(dicts) <= set(keys):
        raise ColumnError("its dicts hold a key its keys do not list")
    rows -= len(dicts)
    if bins == 0 and rows:
        raise ColumnError("rows of statistics with histograms of no bins")
    if not all(0 <= r < rows for r in estimated):  # rows: the keys not in dicts
        raise ColumnError("its estimated rows are not row numbers")
    return rows, bins


def column_sizes(document: Mapping[str, Any]) -> tuple[int, int]:
    """(bytes of the integer columns, bytes of the float columns) of a version 2 document
    (its JSON, parsed), after checking every column head and the bound on rows."""
    integers = floats = total = 0
    for name in STATS_FIELDS:
        if name not in document:
            continue
        try:
            rows, bins = _checked_head(document[name])
        except ColumnError as e:
            raise ColumnError("%r: %s" % (name, e)) from None
        total += rows
        if total > MAX_STEP_ROWS:
            raise ColumnError("more rows of statistics than the %d a step may hold" % MAX_STEP_ROWS)
        integers += 4 * rows * (len(INTEGER_COLUMNS) + bins)
        floats += 8 * rows * len(float_columns(has_norm(name)))
    return integers, floats


def _values(data: bytes | bytearray | memoryview, typecode: str) -> list[Any]:
    values = array.array(typecode)
    values.frombytes(data)
    if sys.byteorder == "big":
        values.byteswap()  # stored little-endian
    return values.tolist()


def _json_numbers(column: list[Any]) -> list[Any]:
    """A float column as JSON would have read it: NaN and ±Inf as None (version 1 stores null)."""
    if all(map(math.isfinite, column)):
        return column
    return [value if math.isfinite(value) else None for value in column]


def read_columns(document: dict[str, Any], integers: bytes | bytearray, floats: bytes | bytearray) -> dict[str, Any]:
    """`document` (a version 2 step document's JSON, checked by column_sizes) with each
    column head and its columns (`integers` and `floats`, of the sizes column_sizes gave)
    turned into version 1's {key: statistics}, and `format_version` 1: version 1's
    document, in place. ColumnError for a column that is not counts where counts are."""
    ints, reals = _values(integers, "i"), _values(floats, "d")
    at_int = at_float = 0
    for name in STATS_FIELDS:
        head = document.get(name)
        if head is None:
            continue
        bins = head["bins"]
        rows = len(head["keys"]) - len(head["dicts"])
        field: dict[str, Any] = dict(head)
        for column in INTEGER_COLUMNS:
            field[column], at_int = ints[at_int : at_int + rows], at_int + rows
        flat, at_int = ints[at_int : at_int + rows * bins], at_int + rows * bins
        field["counts"] = [flat[start : start + bins] for start in range(0, rows * bins, bins)] if bins else [[]] * rows
        for column in float_columns(has_norm(name)):
            field[column], at_float = _json_numbers(reals[at_float : at_float + rows]), at_float + rows
        if rows and (min(field["numel"]) < 0 or min(field["n"]) < 0 or (flat and min(flat) < 0)):
            raise ColumnError("%r: a count below 0" % name)
        document[name] = rows_of(field, with_norm=has_norm(name))
    if document.get("format_version") == 2:
        document["format_version"] = 1
    return document


def rows_of(field: Mapping[str, Any], with_norm: bool) -> dict[str, Any]:
    """Version 1's {key: statistics} of a field given as lists: its head's keys, estimated
    rows and dicts, and a list a column, a row for each key not in dicts ("counts" a list
    of rows). The dicts as row_stats makes them, built inline: a reader makes thousands
    a step."""
    keys, dicts = field["keys"], field["dicts"]
    row_keys = [key for key in keys if key not in dicts] if dicts else keys
    described: dict[str, Any] = {
        key: {
            "numel": numel,
            "nan": 0,
            "inf": 0,
            "mean": mean,
            "std": std,
            "min": low,
            "max": high,
            "absmax": top,
            "zeros": zeros,
            "hist": {"lo": low, "hi": high, "n": picked, "counts": counts},
        }
        for key, numel, mean, std, low, high, top, zeros, picked, counts in zip(
            row_keys,
            field["numel"],
            field["mean"],
            field["std"],
            field["min"],
            field["max"],
            field["absmax"],
            field["zeros"],
            field["n"],
            field["counts"],
        )
    }
    if with_norm:
        for stats, norm in zip(described.values(), field["norm"]):
            stats["norm"] = norm
    for row in field["estimated"]:
        described[row_keys[row]]["estimated"] = ["hist"]
    if dicts:  # in version 1's order
        described = {key: dicts[key] if key in dicts else described[key] for key in keys}
    return described


def dict_columns(entries: Mapping[str, Any]) -> tuple[dict[str, Any], bytes, bytes]:
    """(column head, integer columns, float columns) of version 1's statistics `entries`
    (key -> dict), each kept as its dict: what a version 2 document
    stores where its statistics were never made as columns. No rows, no columns."""
    return {"keys": list(entries), "bins": 0, "estimated": [], "dicts": dict(entries)}, b"", b""
