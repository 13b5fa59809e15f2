"""Encoding of the three blob kinds this plugin stores, and their versioning.

Every blob starts with a 5-byte header: the magic ``MVZ``, the format version and the
blob kind. Structure and step blobs are zlib-compressed UTF-8 JSON; an activation
sample is a length-prefixed JSON header followed by its uint8 values as a zlib stream. The
documents themselves are described in docs/format.md. Nothing is pickled.

This module must stay importable without torch or numpy: the plugin server uses it.
"""

import json
import math
import struct
import zlib

try:
    import orjson
except ImportError:  # a dependency, but the standard library gives the same documents
    orjson = None

FORMAT_VERSION = 1
MAGIC = b"MVZ"

KIND_STRUCTURE = 1
KIND_STEP = 2
KIND_SAMPLE = 3
_KIND_NAMES = {KIND_STRUCTURE: "structure", KIND_STEP: "step", KIND_SAMPLE: "activation sample"}

_HEADER = struct.Struct("<3sBB")
_SAMPLE_HEADER_LEN = struct.Struct("<I")


class FormatError(ValueError):
    """A blob is not a valid tensorboard_modelviz blob (corrupt, truncated or foreign)."""


class NewerFormatError(FormatError):
    """A blob was written by a newer tensorboard_modelviz than this reader understands."""


def _header(kind):
    return _HEADER.pack(MAGIC, FORMAT_VERSION, kind)


def _check_header(blob, kind):
    if not isinstance(blob, (bytes, bytearray, memoryview)):
        raise FormatError("expected bytes, got %s" % type(blob).__name__)
    if len(blob) < _HEADER.size:
        raise FormatError("blob is truncated (%d bytes)" % len(blob))
    magic, version, found_kind = _HEADER.unpack_from(blob)
    if magic != MAGIC:
        raise FormatError("not a tensorboard_modelviz blob (bad magic)")
    if version > FORMAT_VERSION:
        raise NewerFormatError(
            "this data was written by a newer tensorboard_modelviz (format version %d; "
            "this version reads up to %d): upgrade tensorboard_modelviz to view it"
            % (version, FORMAT_VERSION)
        )
    if version < 1:
        raise FormatError("unknown format version %d" % version)
    if found_kind != kind:
        raise FormatError(
            "expected a %s blob, found kind %s"
            % (_KIND_NAMES[kind], _KIND_NAMES.get(found_kind, found_kind))
        )
    return memoryview(blob)[_HEADER.size:]


def json_safe(value):
    """Replace non-finite floats by None, since browsers reject NaN in JSON."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    return value


def to_json(document):
    """Compact JSON with non-finite floats as null.

    Through orjson where it is installed: a call encodes a step document (ResNet-50's holds
    2,900 floats and 12,000 integers) and a JSON header per activation sample, 6 ms in all
    with the standard library on these machines and 0.4 ms with orjson. The two texts
    decode to the same document; they differ only in how some floats are spelled
    (0.000016 against 1.6e-05). The standard library takes what orjson refuses (integers
    over 64 bits).
    """
    if orjson is not None:
        try:
            return orjson.dumps(document, option=orjson.OPT_SERIALIZE_NUMPY).decode("utf-8")
        except TypeError:  # orjson.JSONEncodeError is a TypeError
            pass
    try:
        return json.dumps(document, separators=(",", ":"), allow_nan=False)
    except ValueError:  # a NaN or Inf somewhere: rare, so the copy is paid only then
        return json.dumps(json_safe(document), separators=(",", ":"), allow_nan=False)


# zlib levels: a structure is written once per run, a step document at every call.
_LEVELS = {KIND_STRUCTURE: 6, KIND_STEP: 1}


def _compressed_json(kind, text):
    return _header(kind) + zlib.compress(text.encode("utf-8"), _LEVELS[kind])


def _encode_json(kind, document):
    return _compressed_json(kind, to_json(document))


def _parse_json(text):
    """The value of UTF-8 JSON `text` (bytes). Through orjson where it is installed, which
    reads a ResNet-50 step document (134 KB of JSON) in 0.7 ms where the standard library
    takes 3 ms: the over-time routes read every step of a run. What orjson refuses
    (integers over 64 bits, which to_json's fallback writes) goes to the standard
    library, so that both read the same documents; ValueError for text that is not JSON."""
    if orjson is not None:
        try:
            return orjson.loads(text)
        except orjson.JSONDecodeError:
            pass
    return json.loads(text.decode("utf-8"))


def _decode_json(blob, kind):
    payload = _check_header(blob, kind)
    try:
        document = _parse_json(zlib.decompress(payload))
    except (zlib.error, UnicodeDecodeError, ValueError) as e:
        raise FormatError("corrupt %s blob: %s" % (_KIND_NAMES[kind], e)) from None
    if not isinstance(document, dict):
        raise FormatError("corrupt %s blob: not a JSON object" % _KIND_NAMES[kind])
    return document


def encode_structure(document, json_text=None):
    """Blob for a structure document (graph and layer table); `json_text`: the document's
    `to_json`, when the caller has it already (a structure's JSON is large)."""
    return _compressed_json(KIND_STRUCTURE, json_text if json_text is not None else to_json(document))


def decode_structure(blob):
    return _decode_json(blob, KIND_STRUCTURE)


def encode_step(document):
    """Blob for a step document (statistics and the directory of activation samples)."""
    return _encode_json(KIND_STEP, document)


class StepEncoder:
    """Encodes a step document whose last field, "samples", is still to be decided.

    The statistics are turned into JSON and compressed once; each `encode(samples)`
    adds the sample directory to a copy of the compressor. The result decodes to the
    document with "samples" as its last key. Fitting the samples to the byte budget
    needs the size of the rest first, and the statistics are the larger part of the work.
    """

    def __init__(self, document):
        rest = to_json({k: v for k, v in document.items() if k != "samples"})
        self._compressor = zlib.compressobj(_LEVELS[KIND_STEP])
        self._head = _header(KIND_STEP) + self._compressor.compress(
            (rest[:-1] + ("," if len(rest) > 2 else "")).encode("utf-8"))

    def encode(self, samples):
        compressor = self._compressor.copy()
        tail = ('"samples":%s}' % to_json(samples)).encode("utf-8")
        return self._head + compressor.compress(tail) + compressor.flush()


def decode_step(blob):
    return _decode_json(blob, KIND_STEP)


def encode_sample(header, values):
    """Blob for one activation sample: a JSON header and its uint8 values."""
    head = to_json(header).encode("utf-8")
    return (
        _header(KIND_SAMPLE)
        + _SAMPLE_HEADER_LEN.pack(len(head))
        + head
        + zlib.compress(bytes(values), 0)  # stored: see docs/format.md
    )


def decode_sample(blob):
    """Returns (header dict, uint8 values as bytes)."""
    payload = _check_header(blob, KIND_SAMPLE)
    try:
        (head_len,) = _SAMPLE_HEADER_LEN.unpack_from(payload)
        start = _SAMPLE_HEADER_LEN.size
        header = _parse_json(bytes(payload[start:start + head_len]))
        values = zlib.decompress(payload[start + head_len:])
    except (struct.error, zlib.error, UnicodeDecodeError, ValueError) as e:
        raise FormatError("corrupt activation sample blob: %s" % e) from None
    if not isinstance(header, dict):
        raise FormatError("corrupt activation sample blob: header is not a JSON object")
    count = 1
    for dim in header.get("shape", []):
        count *= dim
    if count != len(values):
        raise FormatError(
            "corrupt activation sample blob: %d values for shape %s" % (len(values), header.get("shape"))
        )
    return header, values
