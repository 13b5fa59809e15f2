"""Encoding of the three blob kinds this plugin stores, and their versioning.

Every blob starts with a 5-byte header: the magic ``MVZ``, the format version and the
blob kind. Structure and step blobs are zlib-compressed UTF-8 JSON; an activation
sample is a length-prefixed JSON header followed by its uint8 values as a zlib stream. The
documents themselves are described in docs/format.md. Nothing is pickled.

This module must stay importable without torch or numpy: the plugin server uses it.
"""

import json
import math
import operator
import struct
import types
import zlib
from collections.abc import Iterator, Sequence
from typing import Any, Literal, cast, overload

from tensorboard_modelviz.format import deflate, step_columns
from tensorboard_modelviz.format.documents import SampleEntry, SampleHeader, StepDocument, StructureDocument

orjson: types.ModuleType | None
try:
    import orjson
except ImportError:  # a dependency, but the standard library gives the same documents
    orjson = None

# What a blob is read from: the bytes of a record's value (a memoryview past the header).
Buffer = bytes | bytearray | memoryview

# The format version of structure and sample blobs (and of the structure document).
FORMAT_VERSION = 1
# The step blob's: version 2 stores the statistics as columns (step_columns.py). A step
# document of version 1 (every older log) is still read, and still written where a
# document says "format_version": 1 (tests, tools).
STEP_FORMAT_VERSION = 2
MAGIC = b"MVZ"

KIND_STRUCTURE = 1
KIND_STEP = 2
KIND_SAMPLE = 3
_KIND_NAMES = {KIND_STRUCTURE: "structure", KIND_STEP: "step", KIND_SAMPLE: "activation sample"}
# The newest version of each kind this code reads.
_NEWEST = {KIND_STRUCTURE: FORMAT_VERSION, KIND_STEP: STEP_FORMAT_VERSION, KIND_SAMPLE: FORMAT_VERSION}
NEWEST_FORMAT_VERSION = max(_NEWEST.values())

_HEADER = struct.Struct("<3sBB")
_SAMPLE_HEADER_LEN = struct.Struct("<I")

# What one blob may hold once inflated. The writer refuses to write more (a ValueError,
# which add_model_viz reports as a failure to record that step), so a reader can refuse
# anything larger as corrupt or hostile before allocating it: a few hundred bytes of zlib
# inflate to hundreds of megabytes. A ResNet-50's step document is 134 KB of JSON (about
# 400 bytes per module call and parameter) and a GPT-2's structure about 2 MB; decoded,
# a document of statistics takes up to ten times its JSON. A sample holds at most
# `max_bytes` (512 KiB by default) of values.
MAX_STRUCTURE_BYTES = 32 << 20
MAX_STEP_BYTES = 16 << 20
MAX_SAMPLE_VALUES = 16 << 20
MAX_SAMPLE_HEADER_BYTES = 1 << 20
# Nesting of the JSON documents: the deepest in docs/format.md is 5 levels (a step's
# activations -> a layer's statistics -> "hist" -> "counts"); anything far deeper is not
# ours, and deep enough would overflow a recursive encoder or decoder.
MAX_JSON_DEPTH = 64


class FormatError(ValueError):
    """A blob is not a valid tensorboard_modelviz blob (corrupt, truncated or foreign)."""


class NewerFormatError(FormatError):
    """A blob was written by a newer tensorboard_modelviz than this reader understands."""


class TooLargeError(ValueError):
    """A document or sample exceeds what a blob may hold (json_limit, MAX_SAMPLE_VALUES)."""


def _header(kind: int, version: int = FORMAT_VERSION) -> bytes:
    return _HEADER.pack(MAGIC, version, kind)


def blob_version(blob: Buffer) -> int:
    """The format version a blob's header names (checked by the decoders, not here)."""
    return blob[3] if len(blob) > 3 else 0


def _check_header(blob: Buffer, kind: int) -> memoryview:
    if not isinstance(blob, (bytes, bytearray, memoryview)):
        raise FormatError("expected bytes, got %s" % type(blob).__name__)
    if len(blob) < _HEADER.size:
        raise FormatError("blob is truncated (%d bytes)" % len(blob))
    magic, version, found_kind = _HEADER.unpack_from(blob)
    if magic != MAGIC:
        raise FormatError("not a tensorboard_modelviz blob (bad magic)")
    if version > _NEWEST.get(found_kind, NEWEST_FORMAT_VERSION):
        raise NewerFormatError(
            "this data was written by a newer tensorboard_modelviz (format version %d; "
            "this version reads up to %d): upgrade tensorboard_modelviz to view it"
            % (version, _NEWEST.get(found_kind, NEWEST_FORMAT_VERSION))
        )
    if version < 1:
        raise FormatError("unknown format version %d" % version)
    if found_kind != kind:
        raise FormatError(
            "expected a %s blob, found kind %s" % (_KIND_NAMES[kind], _KIND_NAMES.get(found_kind, found_kind))
        )
    return memoryview(blob)[_HEADER.size :]


def json_safe(value: object) -> object:
    """Replace non-finite floats by None, since browsers reject NaN in JSON."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    return value


def to_json_bytes(document: object) -> bytes:
    """Compact JSON with non-finite floats as null, as UTF-8 bytes.

    Through orjson where it is installed: a call encodes a step document (ResNet-50's holds
    2,900 floats and 12,000 integers) and a JSON header per activation sample, 6 ms in all
    with the standard library on these machines and 0.4 ms with orjson. The two texts
    decode to the same document; they differ only in how some floats are spelled
    (0.000016 against 1.6e-05). The standard library takes what orjson refuses (integers
    over 64 bits). Bytes, as orjson makes them and a blob stores them: a step document's
    text decoded and encoded again costs a deep stack's call a third of a millisecond.
    """
    if orjson is not None:
        try:
            encoded: bytes = orjson.dumps(document, option=orjson.OPT_SERIALIZE_NUMPY)
            return encoded
        except TypeError:  # orjson.JSONEncodeError is a TypeError
            pass
    try:
        text = json.dumps(document, separators=(",", ":"), allow_nan=False)
    except ValueError:  # a NaN or Inf somewhere: rare, so the copy is paid only then
        text = json.dumps(json_safe(document), separators=(",", ":"), allow_nan=False)
    return text.encode("utf-8")


def to_json(document: object) -> str:
    """to_json_bytes(document) as text."""
    return to_json_bytes(document).decode("utf-8")


def json_limit(kind: int) -> int:
    """The most bytes of JSON a blob of `kind` (structure or step) may inflate to."""
    return MAX_STRUCTURE_BYTES if kind == KIND_STRUCTURE else MAX_STEP_BYTES


def _check_json_size(kind: int, size: int) -> None:
    if size > json_limit(kind):
        raise TooLargeError(
            "the %s document takes %.1f MiB, above the %d MiB a blob may hold; record "
            "fewer modules (include, exclude, module_types)" % (_KIND_NAMES[kind], size / 2**20, json_limit(kind) >> 20)
        )


def _compressed_json(kind: int, text: str | bytes) -> bytes:
    """The blob of JSON `text` (str, or its UTF-8 bytes), compressed at the fastest level
    (deflate.py). A structure too: it is written once per run, but inside the first call,
    whose time the user sees; zlib's default level costs it ten times ISA-L's fastest for
    a stream about a quarter shorter."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    _check_json_size(kind, len(data))
    return _header(kind) + deflate.compress(data)


_INFLATE_CHUNK = 1 << 20


def _inflate(payload: Buffer, limit: int, what: str) -> bytearray:
    """The zlib stream `payload` inflated (a bytearray), refused (FormatError) as soon as
    it would exceed `limit` bytes: it is inflated a megabyte at a time, so that about
    `limit` bytes at most are allocated, whatever the stream holds."""
    return _inflate_with_rest(payload, limit, what)[0]


def _inflate_with_rest(payload: Buffer, limit: int, what: str) -> tuple[bytearray, bytes]:
    """(_inflate(payload, limit, what), the bytes of `payload` after its zlib stream)."""
    inflater = zlib.decompressobj()
    data = bytearray()
    pending = payload
    try:
        while True:
            data += inflater.decompress(pending, min(_INFLATE_CHUNK, limit + 1 - len(data)))
            pending = inflater.unconsumed_tail
            if len(data) > limit:
                raise FormatError(
                    "corrupt %s: it inflates to more than %d bytes, more than "
                    "tensorboard_modelviz ever writes" % (what, limit)
                )
            if inflater.eof or not pending:
                break
    except zlib.error as e:
        raise FormatError("corrupt %s: %s" % (what, e)) from None
    if not inflater.eof:
        raise FormatError("corrupt %s: the compressed data is truncated" % what)
    return data, inflater.unused_data


def _too_deep() -> "FormatError":
    return FormatError("JSON nested more than %d levels deep, which tensorboard_modelviz never writes" % MAX_JSON_DEPTH)


def _parse_json(text: bytes | bytearray) -> Any:
    """The value of UTF-8 JSON `text` (bytes). Through orjson where it is installed, which
    reads a ResNet-50 step document (134 KB of JSON) in 0.7 ms where the standard library
    takes 3 ms: the over-time routes read every step of a run. What orjson refuses
    (integers over 64 bits, which to_json's fallback writes) goes to the standard
    library, so that both read the same documents; ValueError for text that is not JSON.

    Nesting is bounded here only as far as the decoders go (orjson: 1024 levels; the
    standard library's documents are checked against MAX_JSON_DEPTH): checking every
    step document of a run would cost more than decoding it. What is cached for the
    routes that send documents on is checked with `check_depth` (reader.py)."""
    if orjson is not None:
        try:
            return orjson.loads(text)  # refuses nesting over 1024 levels (see check_depth)
        except orjson.JSONDecodeError as e:
            if "depth" in str(e).lower() or "recursion" in str(e).lower():
                raise _too_deep() from None
    try:
        value = json.loads(text.decode("utf-8"))
    except RecursionError:
        raise _too_deep() from None
    check_depth(value)
    return value


_CONTAINER_TYPES = frozenset((dict, list))


def check_depth(value: object, limit: int = MAX_JSON_DEPTH) -> None:
    """FormatError if containers in `value` nest deeper than `limit`. Iterative, a level
    at a time; a container's children are looked at one by one only when their types
    (taken in C) include a container, so a list of numbers costs next to nothing."""
    level: list[Any] = [value] if type(value) in _CONTAINER_TYPES else []
    depth = 0
    while level:
        depth += 1
        if depth > limit:
            raise _too_deep()
        below: list[Any] = []
        for item in level:
            children = item.values() if type(item) is dict else item
            types = set(map(type, children))
            if dict in types or list in types:
                below.extend(child for child in children if type(child) in _CONTAINER_TYPES)
        level = below


def _decode_json(blob: Buffer, kind: int) -> tuple[dict[str, Any], int]:
    document, size, _ = _decode_json_with_rest(blob, kind)
    return document, size


def _decode_json_with_rest(blob: Buffer, kind: int) -> tuple[dict[str, Any], int, bytes]:
    """(the JSON object of a structure or step blob, bytes of its JSON, the bytes after its
    zlib stream)."""
    payload = _check_header(blob, kind)
    text, rest = _inflate_with_rest(payload, json_limit(kind), "%s blob" % _KIND_NAMES[kind])
    try:
        document = _parse_json(text)
    except ValueError as e:  # UnicodeDecodeError and FormatError (too deep) among them
        raise FormatError("corrupt %s blob: %s" % (_KIND_NAMES[kind], e)) from None
    if not isinstance(document, dict):
        raise FormatError("corrupt %s blob: not a JSON object" % _KIND_NAMES[kind])
    return document, len(text), rest


def encode_structure(document: StructureDocument, json_text: str | None = None) -> bytes:
    """Blob for a structure document (graph and layer table); `json_text`: the document's
    `to_json`, when the caller has it already (a structure's JSON is large)."""
    return _compressed_json(KIND_STRUCTURE, json_text if json_text is not None else to_json(document))


@overload
def decode_structure(blob: Buffer, with_size: Literal[False] = False) -> dict[str, Any]: ...
@overload
def decode_structure(blob: Buffer, with_size: Literal[True]) -> tuple[dict[str, Any], int]: ...
def decode_structure(blob: Buffer, with_size: bool = False) -> dict[str, Any] | tuple[dict[str, Any], int]:
    """The structure document; with `with_size`, (document, bytes of its JSON). Only its
    JSON is checked here (and its depth), not its fields: reader.py checks those."""
    document, size = _decode_json(blob, KIND_STRUCTURE)
    try:
        check_depth(document)
    except FormatError as e:
        raise FormatError("corrupt structure blob: %s" % e) from None
    return (document, size) if with_size else document


def step_version(document: StepDocument) -> int:
    """The format version a step document is written in: 2 where it says so (what a
    capture makes, its statistics column objects), else 1."""
    return STEP_FORMAT_VERSION if document.get("format_version") == STEP_FORMAT_VERSION else 1


def _stored_step(document: StepDocument) -> tuple[dict[str, Any], list[Buffer], int]:
    """(the document as its version stores it in JSON, without "samples"; what follows the
    JSON's zlib stream in the blob, as parts to join; the bytes of the columns, inflated).
    Version 1: the document itself, nothing after it.
    Version 2: each of "activations", "params" and "grads" as its column head, its columns
    after the JSON (step_columns: the integer ones as a zlib stream, then the float ones).
    A field is a column object (capture/stat_columns.StatColumns, its `stored_columns()`
    the head and the two columns' bytes) or version 1's dict, whose entries are stored as
    dicts. The rows of all three are bounded (TooLargeError) as a reader bounds them."""
    stored: dict[str, Any] = {k: v for k, v in document.items() if k != "samples"}
    if step_version(document) == 1:
        return stored, [], 0
    integers: list[Buffer] = []
    floats: list[Buffer] = []
    rows = 0
    for name in step_columns.STATS_FIELDS:
        field = stored.get(name)
        if field is None:
            continue
        stored_columns = getattr(field, "stored_columns", None)
        head, field_integers, field_floats = (
            stored_columns() if stored_columns is not None else step_columns.dict_columns(field)
        )
        stored[name] = head
        integers.append(field_integers)
        floats.append(field_floats)
        rows += len(head["keys"])
    if rows > step_columns.MAX_STEP_ROWS:
        raise TooLargeError(
            "the step document holds %d tensors' statistics, above the %d a blob may hold; record "
            "fewer modules (include, exclude, module_types)" % (rows, step_columns.MAX_STEP_ROWS)
        )
    integer_bytes = b"".join(integers)
    # The float columns are stored as they are: joined once, into the blob.
    return stored, [deflate.compress(integer_bytes), *floats], len(integer_bytes) + sum(map(len, floats))


def encode_step(document: StepDocument) -> bytes:
    """Blob for a step document (statistics and the directory of activation samples), in
    the format version the document says (step_version)."""
    stored, columns, columns_size = _stored_step(document)
    if "samples" in document:
        stored["samples"] = document["samples"]
    data = to_json_bytes(stored)
    _check_json_size(KIND_STEP, len(data) + columns_size)
    return b"".join((_header(KIND_STEP, step_version(document)), deflate.compress(data), *columns))


class SampleDirectory:
    """A step document's "samples" (the directory of its sample blobs) as JSON, and as the
    compressed end of a step blob, made on first use: a known structure's directory is
    the same call after call, and a StepEncoder takes it as it is."""

    def __init__(self, directory: dict[str, SampleEntry]) -> None:
        self.json = to_json_bytes(directory)
        self._tails: dict[bytes, deflate.CompressedTail] = {}  # what comes before '"samples"' -> the tail

    def document(self) -> dict[str, SampleEntry]:
        """The directory, a new dict (parsed from its JSON) at each use."""
        return cast("dict[str, SampleEntry]", _parse_json(self.json)) if len(self.json) > 2 else {}

    def tail(self, before: bytes) -> deflate.CompressedTail:
        """The end of a step document's JSON from `before` (a comma, or nothing) on, compressed."""
        tail = self._tails.get(before)
        if tail is None:
            tail = self._tails[before] = deflate.CompressedTail(b'%s"samples":%s}' % (before, self.json))
        return tail


EMPTY_DIRECTORY = SampleDirectory({})


class StepEncoder:
    """Encodes a step document whose last field, "samples", is still to be decided.

    The statistics are turned into JSON and compressed once; each `encode(samples)`
    appends the sample directory, compressed on its own (deflate.SplitStream), or as a
    SampleDirectory compressed it. The result decodes to the document with "samples" as
    its last key. Fitting the samples to the byte budget needs the size of the rest first,
    and the statistics are the larger part of the work.
    """

    def __init__(self, document: StepDocument) -> None:
        self._version = step_version(document)
        stored, self._columns, columns_size = _stored_step(document)
        rest = to_json_bytes(stored)
        self._before = b"," if len(rest) > 2 else b""  # what comes between the rest and "samples"
        head = memoryview(rest)[:-1]  # without its closing brace (and without copying it)
        self._head_size = len(head) + columns_size  # the columns count towards the bound too
        _check_json_size(KIND_STEP, self._head_size + len(self._before))
        self._stream = deflate.SplitStream(head)

    def encoded_size(self, samples: SampleDirectory) -> int:
        """len(self.encode(samples)), without making the blob (TooLargeError as encode):
        the byte budget needs the step blob's size before the samples are chosen."""
        compressed = samples.tail(self._before)
        _check_json_size(KIND_STEP, self._head_size + len(compressed.data))
        return _HEADER.size + self._stream.finished_size(compressed) + sum(map(len, self._columns))

    def encode(self, samples: dict[str, SampleEntry] | SampleDirectory) -> bytes:
        if isinstance(samples, SampleDirectory):
            compressed = samples.tail(self._before)
            tail: bytes | deflate.CompressedTail = compressed
            size = len(compressed.data)
        else:
            tail = b'%s"samples":%s}' % (self._before, to_json_bytes(samples))
            size = len(tail)
        _check_json_size(KIND_STEP, self._head_size + size)
        return b"".join((_header(KIND_STEP, self._version), self._stream.finish(tail), *self._columns))


@overload
def decode_step(blob: Buffer, with_size: Literal[False] = False) -> dict[str, Any]: ...
@overload
def decode_step(blob: Buffer, with_size: Literal[True]) -> tuple[dict[str, Any], int]: ...
def decode_step(blob: Buffer, with_size: bool = False) -> dict[str, Any] | tuple[dict[str, Any], int]:
    """The step document, as version 1 stores it whatever version `blob` is; with
    `with_size`, (document, bytes of its JSON, and in version 2 of its columns inflated:
    what the bound counts, and what the server weighs a decoded document by; the column
    heads alone are a small part of it). A version 2 blob's columns are checked
    (their heads, sizes and counts) and read back by step_columns; the statistics
    themselves are not checked here: reader.py checks those as it checks version 1's."""
    document, size, rest = _decode_json_with_rest(blob, KIND_STEP)
    if blob_version(blob) == STEP_FORMAT_VERSION:
        try:
            integer_bytes, float_bytes = step_columns.column_sizes(document)
            if size + integer_bytes + float_bytes > MAX_STEP_BYTES:
                raise step_columns.ColumnError(
                    "its JSON and columns take %d bytes, more than the %d a step blob may hold"
                    % (size + integer_bytes + float_bytes, MAX_STEP_BYTES)
                )
            integers, floats = _inflate_with_rest(rest, integer_bytes, "step blob: its integer columns")
            if len(integers) != integer_bytes or len(floats) != float_bytes:
                raise step_columns.ColumnError(
                    "%d and %d bytes of columns where its keys need %d and %d"
                    % (len(integers), len(floats), integer_bytes, float_bytes)
                )
            step_columns.read_columns(document, integers, floats)
            size += integer_bytes + float_bytes
        except step_columns.ColumnError as e:
            raise FormatError("corrupt step blob: %s" % e) from None
    return (document, size) if with_size else document


def check_sample_size(values: int, head: int) -> None:
    """TooLargeError for a sample of `values` values whose JSON header takes `head` bytes,
    if a reader would refuse it."""
    if head > MAX_SAMPLE_HEADER_BYTES or values > MAX_SAMPLE_VALUES:
        raise TooLargeError(
            "an activation sample of %d values (header %d bytes) is above the "
            "%d MiB a sample may hold" % (values, head, MAX_SAMPLE_VALUES >> 20)
        )


def encode_sample(header: SampleHeader, values: bytes | bytearray) -> bytes:
    """Blob for one activation sample: a JSON header and its uint8 values."""
    head = to_json_bytes(header)
    check_sample_size(len(values), len(head))
    return b"".join(
        (_header(KIND_SAMPLE), _SAMPLE_HEADER_LEN.pack(len(head)), head, deflate.stored_zlib(bytes(values)))
    )


class _SamplePrefixes(dict[int, bytes]):
    """A sample blob's first bytes (its blob header and its JSON header's length) by that
    length, each made once: a structure's headers take a few hundred lengths, call after
    call."""

    def __missing__(self, length: int) -> bytes:
        if len(self) > 4096:  # lengths of many structures: start again
            self.clear()
        prefix = self[length] = _header(KIND_SAMPLE) + _SAMPLE_HEADER_LEN.pack(length)
        return prefix


_SAMPLE_PREFIXES = _SamplePrefixes()


class SampleHeads:
    """The JSON headers of samples whose keys, layouts and shapes are known before their
    ranges: each header's text around its ranges made once, the ranges' texts put in at
    each encode (a known structure's calls share the rest).

    A header reads, as encode_sample writes it,
    `{"key":…,"layout":…,"shape":…,"source_shape":…,"lo":[…],"hi":[…]}`, its ranges
    nested one level ([n]: tf, vec) or two ([n][C]: chw) deep."""

    def __init__(self, parts: list[tuple[str, str, list[int], list[int]]]) -> None:
        """`parts`: each sample's (key, layout, shape, source shape), in blob order."""
        self.starts: list[bytes] = []  # up to the inside of "lo"
        self.middles: list[bytes] = []  # from the end of the inside of "lo" to the inside of "hi"
        self.ends: list[bytes] = []
        for key, layout, shape, source_shape in parts:
            text = to_json_bytes({"key": key, "layout": layout, "shape": shape, "source_shape": source_shape})
            opening, closing = (b"[[", b"]]") if layout == "chw" else (b"[", b"]")
            self.starts.append(text[:-1] + b',"lo":' + opening)
            self.middles.append(closing + b',"hi":' + opening)
            self.ends.append(closing + b"}")
        self._fixed = [sum(map(len, texts)) for texts in zip(self.starts, self.middles, self.ends)]

    def encode(self, lows: list[bytes], highs: list[bytes], streams: Sequence[Buffer]) -> list[bytes]:
        """The sample blobs, given the inside of each one's ranges (range_texts) and its
        values' zlib stream (deflate.stored_zlib's, of at most MAX_SAMPLE_VALUES values):
        the bytes encode_sample gives for the same header and values, made with no
        per-sample work in Python but one join."""
        lengths = list(map(operator.add, map(operator.add, self._fixed, map(len, lows)), map(len, highs)))
        if lengths and max(lengths) > MAX_SAMPLE_HEADER_BYTES:
            check_sample_size(0, max(lengths))
        return list(
            map(
                b"".join,
                zip(
                    map(_SAMPLE_PREFIXES.__getitem__, lengths),
                    self.starts,
                    lows,
                    self.middles,
                    highs,
                    self.ends,
                    streams,
                ),
            )
        )


def range_texts(ranges: Any) -> list[bytes]:
    """The JSON text of each item of `ranges` without its outer brackets (one pair for
    a list of numbers, two for a list of lists): `ranges` is a numpy float array of
    shape [items, n] or [items, n, C] (nested lists work too), every value finite and no
    dimension 0. One encoding for all items, cut where an item ends: no number holds a
    bracket or comma, so between two items comes "],[" one level up."""
    shape = getattr(ranges, "shape", None)
    if len(ranges) == 0:
        return []
    if shape is not None and len(shape) == 3 and shape[1] == 1:  # [[…]]: the inside of [items, C]'s
        ranges, shape = ranges.reshape(shape[0], shape[2]), (shape[0], shape[2])
    single = shape is not None and len(shape) == 2 and shape[1] == 1  # one number per item
    if single:
        ranges = ranges.reshape(-1)  # cut at commas: numpy's one-dimensional arrays encode fastest
    if orjson is not None:
        text = orjson.dumps(ranges, option=orjson.OPT_SERIALIZE_NUMPY)
    else:
        listed = ranges.tolist() if hasattr(ranges, "tolist") else ranges
        text = json.dumps(listed, separators=(",", ":"), allow_nan=False).encode("utf-8")
    if single:
        return text[1:-1].split(b",")
    depth = 1
    while text[depth + 1 : depth + 2] == b"[":
        depth += 1
    return text[depth + 1 : -(depth + 1)].split(b"]" * depth + b"," + b"[" * depth)


class DecodedSamples(Sequence[tuple[SampleHeader, bytes]]):
    """The (header, values) of sample blobs, decoded when first read: a call writes the
    blobs and lists what they hold for those who look (tests, tools), without making
    hundreds of headers for nobody. Equal to any sequence holding the same pairs."""

    def __init__(self, blobs: Sequence[Buffer]) -> None:
        self._blobs = blobs
        self._decoded: list[tuple[SampleHeader, bytes]] | None = None

    def _pairs(self) -> list[tuple[SampleHeader, bytes]]:
        if self._decoded is None:
            self._decoded = [cast("tuple[SampleHeader, bytes]", decode_sample(blob)) for blob in self._blobs]
        return self._decoded

    def __len__(self) -> int:
        return len(self._blobs)

    @overload
    def __getitem__(self, index: int) -> tuple[SampleHeader, bytes]: ...
    @overload
    def __getitem__(self, index: slice) -> list[tuple[SampleHeader, bytes]]: ...
    def __getitem__(self, index: int | slice) -> tuple[SampleHeader, bytes] | list[tuple[SampleHeader, bytes]]:
        return self._pairs()[index]

    def __iter__(self) -> Iterator[tuple[SampleHeader, bytes]]:
        return iter(self._pairs())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (str, bytes)) or not isinstance(other, Sequence):
            return NotImplemented
        return self._pairs() == list(other)

    __hash__ = None  # type: ignore[assignment]  # a sequence, compared by what it holds

    def __repr__(self) -> str:
        return "DecodedSamples(%r)" % (self._pairs(),)


_SAMPLE_LAYOUTS = {"chw": 4, "tf": 3, "vec": 2}  # layout -> dimensions of its shape


def decode_sample(blob: Buffer) -> tuple[dict[str, Any], bytes]:
    """Returns (header dict, uint8 values as bytes). The header is checked (layout, shape,
    scales) before the values are inflated, and they are inflated only up to the size its
    shape declares."""
    payload = _check_header(blob, KIND_SAMPLE)
    try:
        (head_len,) = _SAMPLE_HEADER_LEN.unpack_from(payload)
    except struct.error as e:
        raise FormatError("corrupt activation sample blob: %s" % e) from None
    if head_len > MAX_SAMPLE_HEADER_BYTES:
        raise FormatError("corrupt activation sample blob: a header of %d bytes" % head_len)
    start = _SAMPLE_HEADER_LEN.size
    try:
        header = _parse_json(bytes(payload[start : start + head_len]))
    except (UnicodeDecodeError, ValueError) as e:
        raise FormatError("corrupt activation sample blob: %s" % e) from None
    check_depth(header)
    count = _checked_sample_header(header)
    values = bytes(_inflate(payload[start + head_len :], count, "activation sample blob"))
    if count != len(values):
        raise FormatError("corrupt activation sample blob: %d values for shape %s" % (len(values), header.get("shape")))
    return header, values


def _is_number(value: object) -> bool:
    return value is None or (type(value) in (int, float))


def _checked_sample_header(header: object) -> int:
    """The number of values a sample header declares; FormatError for a header that is
    not one docs/format.md describes."""

    def bad(why: str) -> FormatError:
        return FormatError("corrupt activation sample blob: %s" % why)

    if not isinstance(header, dict):
        raise bad("header is not a JSON object")
    if not isinstance(header.get("key"), str):
        raise bad("header has no layer key")
    layout = header.get("layout")
    dims = _SAMPLE_LAYOUTS.get(layout) if isinstance(layout, str) else None
    if dims is None:
        raise bad("unknown layout %r" % (layout,))
    shape = header.get("shape")
    if not isinstance(shape, list) or len(shape) != dims or not all(type(d) is int and d >= 0 for d in shape):
        raise bad("shape %r is not %d sizes for layout %r" % (shape, dims, header["layout"]))
    count = 1
    for dim in shape:
        count *= dim
    if count > MAX_SAMPLE_VALUES:
        raise bad("shape %s holds %d values, above the %d a sample may hold" % (shape, count, MAX_SAMPLE_VALUES))
    for name in ("lo", "hi"):
        scale = header.get(name)
        if not isinstance(scale, list):
            raise bad("%r is not a list of numbers" % name)
        rows = (
            scale
            if layout != "chw"
            else [value for row in scale for value in (row if isinstance(row, list) else [row, ""])]
        )
        if not all(_is_number(v) for v in rows):
            raise bad("%r is not a list of numbers" % name)
    return count
