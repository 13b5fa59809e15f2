"""Blob encoding: round trips, and clear errors for corrupt, foreign and newer data."""

import json
import math
import re
import struct
import zlib

import pytest
import torch

from tensorboard_modelviz.format import codec


def test_json_blobs_round_trip():
    doc = {"format_version": 1, "hash": "abc", "nodes": [{"id": 0, "label": "<img src=x>"}]}
    assert codec.decode_structure(codec.encode_structure(doc)) == doc
    assert codec.decode_step(codec.encode_step({"a": 1})) == {"a": 1}


def test_a_structure_blob_is_a_zlib_stream_of_its_json_at_the_fastest_level():
    """Written as a step's stream is (ISA-L where installed): the standard library's zlib
    reads the document's JSON back, whichever compressor wrote it."""
    from tensorboard_modelviz.format import deflate

    text = codec.to_json({"nodes": [{"id": i, "label": "conv%d" % i} for i in range(2000)]})
    blob = codec.encode_structure(json.loads(text), text)
    assert blob[:5] == struct.pack("<3sBB", b"MVZ", codec.FORMAT_VERSION, codec.KIND_STRUCTURE)
    assert zlib.decompress(blob[5:]) == text.encode("utf-8")
    assert blob[5:] == deflate.compress(text.encode("utf-8"))


def test_non_finite_floats_become_null():
    blob = codec.encode_step({"mean": float("nan"), "max": float("inf"), "v": [1.5, float("-inf")]})
    assert codec.decode_step(blob) == {"mean": None, "max": None, "v": [1.5, None]}


def test_orjson_and_the_standard_library_give_the_same_documents(monkeypatch):
    import json

    import numpy as np
    import zoo

    from tensorboard_modelviz.capture.recording import capture_model

    assert codec.orjson is not None  # a dependency, with wheels for this platform
    record = zoo.build("resnet")
    result = capture_model(record.model, record.inputs)
    documents = [
        codec.decode_step(result.blobs[0]),  # the step document as version 1 stores it
        result.structure,
        {"mean": float("nan"), "v": [float("inf"), -float("inf"), 1.5e-5, 1e16, np.float64(0.25)]},
        {"flops": 2**70},  # over 64 bits: orjson refuses, the standard library takes it
    ]
    fast = [codec.to_json(d) for d in documents]
    monkeypatch.setattr(codec, "orjson", None)
    slow = [codec.to_json(d) for d in documents]
    assert [json.loads(t) for t in fast] == [json.loads(t) for t in slow]
    assert json.loads(fast[2]) == {"mean": None, "v": [None, None, 1.5e-5, 1e16, 0.25]}
    # Reading: the same documents both ways, the integer over 64 bits included.
    blobs = [codec.encode_step(d) for d in documents]
    slow_read = [codec.decode_step(b) for b in blobs]
    monkeypatch.undo()
    assert [codec.decode_step(b) for b in blobs] == slow_read
    assert slow_read[3] == {"flops": 2**70}


def test_sample_round_trip():
    header = {"key": "conv1#0", "layout": "vec", "shape": [1, 3], "lo": [0.0], "hi": [1.0]}
    got_header, values = codec.decode_sample(codec.encode_sample(header, bytes([0, 128, 255])))
    assert got_header == header
    assert values == bytes([0, 128, 255])


def test_kind_mismatch_is_reported():
    with pytest.raises(codec.FormatError, match="expected a step blob, found kind structure"):
        codec.decode_step(codec.encode_structure({}))


@pytest.mark.parametrize("blob", [b"", b"MV", b"XYZ\x01\x01" + zlib.compress(b"{}"), b"MVZ\x01\x02garbage"])
def test_corrupt_blobs_raise_format_error(blob):
    with pytest.raises(codec.FormatError):
        codec.decode_step(blob)


def test_truncated_blob_raises_format_error():
    blob = codec.encode_structure({"nodes": list(range(1000))})
    with pytest.raises(codec.FormatError, match="corrupt structure blob"):
        codec.decode_structure(blob[: len(blob) // 2])


def _sample_header(shape, layout="vec", **fields):
    header = {"key": "a#0", "layout": layout, "shape": shape, "source_shape": shape, "lo": [0.0] * 2, "hi": [1.0] * 2}
    header.update(fields)
    return header


def test_sample_with_wrong_value_count_is_corrupt():
    blob = codec.encode_sample(_sample_header([2, 2]), bytes(3))
    with pytest.raises(codec.FormatError, match="3 values for shape"):
        codec.decode_sample(blob)
    blob = codec.encode_sample(_sample_header([2, 2]), bytes(5))
    with pytest.raises(codec.FormatError, match="inflates to more than 4 bytes"):
        codec.decode_sample(blob)


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"shape": None}, "shape None is not 2 sizes"),
        ({"shape": "ab"}, "shape 'ab' is not 2 sizes"),
        ({"shape": [2, -1]}, "is not 2 sizes"),
        ({"shape": [2, 2.0]}, "is not 2 sizes"),
        ({"shape": [1 << 20, 1 << 20]}, "above the"),
        ({"layout": "xyz"}, "unknown layout"),
        ({"layout": None}, "unknown layout"),
        ({"key": 3}, "no layer key"),
        ({"lo": "ab"}, "'lo' is not a list of numbers"),
        ({"hi": [1, "x"]}, "'hi' is not a list of numbers"),
    ],
)
def test_sample_header_is_checked_before_the_values_are_inflated(fields, message):
    header = _sample_header([2, 2])
    header.update(fields)
    head = json.dumps(header).encode()
    blob = (
        struct.pack("<3sBB", b"MVZ", 1, codec.KIND_SAMPLE)
        + struct.pack("<I", len(head))
        + head
        + zlib.compress(bytes(4))
    )
    with pytest.raises(codec.FormatError, match=re.escape(message)):
        codec.decode_sample(blob)


def _bomb(kind, size, prefix=b""):
    """A blob of `kind` whose payload inflates to `size` bytes, from a few hundred KB."""
    compressor = zlib.compressobj(9)
    chunk = bytes(1 << 20)
    parts = [compressor.compress(prefix)]
    for _ in range(size >> 20):
        parts.append(compressor.compress(chunk))
    parts.append(compressor.flush())
    return struct.pack("<3sBB", b"MVZ", 1, kind) + b"".join(parts)


@pytest.mark.parametrize(
    "kind, decode", [(codec.KIND_STEP, codec.decode_step), (codec.KIND_STRUCTURE, codec.decode_structure)]
)
def test_a_json_bomb_is_refused_without_inflating_it(kind, decode):
    import tracemalloc

    blob = _bomb(kind, 256 << 20, prefix=b'{"a":"')
    assert len(blob) < 1 << 20
    tracemalloc.start()
    try:
        with pytest.raises(codec.FormatError, match="inflates to more than"):
            decode(blob)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < codec.json_limit(kind) * 5 // 4 + (2 << 20)  # a bytearray over-allocates by 1/8


def test_a_sample_bomb_is_refused_at_its_declared_size():
    header = json.dumps(_sample_header([2, 4])).encode()
    blob = (
        _bomb(codec.KIND_SAMPLE, 0)[:5]
        + struct.pack("<I", len(header))
        + header
        + _bomb(codec.KIND_SAMPLE, 64 << 20)[5:]
    )
    with pytest.raises(codec.FormatError, match="inflates to more than 8 bytes"):
        codec.decode_sample(blob)


def test_deep_nesting_is_refused_not_a_recursion_error():
    deep = b'{"a":' + b"[" * 5000 + b"]" * 5000 + b"}"
    blob = struct.pack("<3sBB", b"MVZ", 1, codec.KIND_STEP) + zlib.compress(deep)
    with pytest.raises(codec.FormatError, match="nested more than"):
        codec.decode_step(blob)
    middling = {"a": json.loads("[" * 100 + "]" * 100)}
    with pytest.raises(codec.FormatError, match="nested more than 64"):
        codec.decode_structure(codec.encode_structure(middling))
    with pytest.raises(codec.FormatError, match="nested more than 64"):
        codec.check_depth(middling)
    codec.check_depth({"a": [[{"b": [1, 2]}]] * 3})


def test_the_writer_refuses_what_a_reader_would_refuse(monkeypatch):
    monkeypatch.setattr(codec, "MAX_STEP_BYTES", 1000)
    monkeypatch.setattr(codec, "MAX_STRUCTURE_BYTES", 1000)
    with pytest.raises(codec.TooLargeError, match="above the"):
        codec.encode_step({"a": "x" * 1000})
    with pytest.raises(codec.TooLargeError):
        codec.StepEncoder({"a": "x" * 1000})
    with pytest.raises(codec.TooLargeError):
        codec.StepEncoder({"a": "x" * 900}).encode({"b": "y" * 200})
    with pytest.raises(codec.TooLargeError):
        codec.encode_structure({"a": "x" * 1000})
    monkeypatch.setattr(codec, "MAX_SAMPLE_VALUES", 10)
    with pytest.raises(codec.TooLargeError):
        codec.encode_sample(_sample_header([1, 11]), bytes(11))


def test_newer_version_says_upgrade():
    newer = struct.pack("<3sBB", b"MVZ", codec.NEWEST_FORMAT_VERSION + 1, codec.KIND_STEP) + zlib.compress(b"{}")
    with pytest.raises(codec.NewerFormatError, match="newer tensorboard_modelviz.*upgrade"):
        codec.decode_step(newer)


def test_json_that_is_not_an_object_is_corrupt():
    blob = struct.pack("<3sBB", b"MVZ", 1, codec.KIND_STEP) + zlib.compress(b"[1, 2]")
    with pytest.raises(codec.FormatError, match="not a JSON object"):
        codec.decode_step(blob)


def test_step_encoder_gives_the_whole_document_as_encode_step_does():
    document = {
        "format_version": 1,
        "activations": {"a#0": {"mean": float("nan"), "max": 2.5}},
        "capture": {"warnings": []},
        "samples": {},
    }
    encoder = codec.StepEncoder(document)
    for samples in ({}, {"a#0": {"blob": 1, "layout": "vec", "shape": [1, 8]}}):
        document["samples"] = samples
        blob = encoder.encode(samples)
        assert codec.decode_step(blob, with_size=True) == codec.decode_step(codec.encode_step(document), with_size=True)
        assert codec.decode_step(blob) == codec.json_safe(document)
    assert codec.decode_step(codec.StepEncoder({}).encode({})) == {"samples": {}}


def test_a_structure_is_stored_as_the_json_its_hash_was_made_from():
    import hashlib

    from tensorboard_modelviz.capture.recording import capture_model

    result = capture_model(torch.nn.Sequential(torch.nn.Linear(3, 2), torch.nn.ReLU()), torch.randn(1, 3))
    assert result.structure_json == codec.to_json(result.structure)  # what the writer stores
    assert codec.decode_structure(codec.encode_structure(result.structure, result.structure_json)) == result.structure
    without = {k: v for k, v in result.structure.items() if k != "hash"}
    assert result.structure["hash"] == hashlib.sha1(codec.to_json(without).encode()).hexdigest()


def test_step_encoder_takes_a_sample_directory_as_its_dict():
    """A SampleDirectory (compressed once, reused by a known structure's calls) gives the
    document that its dict gives, whether the rest of the document is empty or not."""
    directory = {"a#0": {"blob": 1, "layout": "vec", "shape": [1, 8]}, "root": {"blob": 1, "source": "a#0"}}
    prepared = codec.SampleDirectory(directory)
    for document in ({"format_version": 1, "activations": {"a#0": {"mean": 0.5}}, "samples": {}}, {"samples": {}}):
        encoder = codec.StepEncoder(document)
        for samples, dictionary in ((prepared, directory), (codec.EMPTY_DIRECTORY, {})):
            for _ in range(2):  # its compressed tail made once, then reused
                got = codec.decode_step(encoder.encode(samples), with_size=True)
                assert got == codec.decode_step(encoder.encode(dictionary), with_size=True)
                assert got[0] == {**document, "samples": dictionary}
    first, second = prepared.document(), prepared.document()
    assert first == second == directory and first is not second and first["a#0"] is not second["a#0"]
    assert codec.EMPTY_DIRECTORY.document() == {}


_HEADERS = [
    {"key": "fc#0", "layout": "vec", "shape": [1, 4], "source_shape": [1, 16], "lo": [-0.5], "hi": [2.25]},
    {"key": "seq#1", "layout": "tf", "shape": [2, 3, 2], "source_shape": [2, 3, 9], "lo": [0.0, -0.0], "hi": [1e-20, 3e38]},
    {
        "key": 'odd "name"\u00e9#0',
        "layout": "chw",
        "shape": [2, 2, 1, 1],
        "source_shape": [2, 2, 8, 8],
        "lo": [[-1.5, 0.123457], [1e16, -98765.4]],
        "hi": [[7.0, 1.0], [2e16, 5e-324]],
    },
]  # fmt: skip


@pytest.mark.parametrize("with_orjson", [True, False])
def test_sample_heads_give_the_blobs_encode_sample_gives(monkeypatch, with_orjson):
    """Headers made from a template and ranges encoded for all samples at once: the bytes
    of encode_sample, with orjson and with the standard library."""
    import numpy as np

    from tensorboard_modelviz.format import deflate

    if not with_orjson:
        monkeypatch.setattr(codec, "orjson", None)
    values = [bytes(range(i, i + math.prod(h["shape"]))) for i, h in enumerate(_HEADERS)]
    heads = codec.SampleHeads([(h["key"], h["layout"], h["shape"], h["source_shape"]) for h in _HEADERS])
    lows: list = []
    highs: list = []
    for header in _HEADERS:  # one item each, as arrays of its nesting and as lists
        lows += codec.range_texts(np.array([header["lo"]]))
        highs += codec.range_texts([header["hi"]])
    blobs = heads.encode(lows, highs, [deflate.stored_zlib(v) for v in values])
    assert blobs == [codec.encode_sample(h, v) for h, v in zip(_HEADERS, values)]
    assert [codec.decode_sample(b) for b in blobs] == list(zip(_HEADERS, values))


def test_sample_heads_prefixes_made_once_are_encode_samples(monkeypatch):
    """The blob header and header length that start a sample blob, kept by length: what
    encode_sample writes, for lengths seen before and new ones, also once the kept ones
    were dropped for being many."""
    from tensorboard_modelviz.format import deflate

    prefixes = codec._SamplePrefixes()
    monkeypatch.setattr(codec, "_SAMPLE_PREFIXES", prefixes)
    heads = codec.SampleHeads([(h["key"], h["layout"], h["shape"], h["source_shape"]) for h in _HEADERS])
    values = [bytes(math.prod(h["shape"])) for h in _HEADERS]
    streams = [deflate.stored_zlib(v) for v in values]
    lows = [codec.range_texts([h["lo"]])[0] for h in _HEADERS]
    highs = [codec.range_texts([h["hi"]])[0] for h in _HEADERS]
    expected = [codec.encode_sample(h, v) for h, v in zip(_HEADERS, values)]
    assert heads.encode(lows, highs, streams) == expected and len(prefixes) == len(_HEADERS)
    assert heads.encode(lows, highs, streams) == expected  # the kept ones
    for length in range(5000):
        assert prefixes[length] == codec.encode_sample({}, b"")[:5] + length.to_bytes(4, "little")
    assert len(prefixes) <= 4097
    assert heads.encode(lows, highs, streams) == expected


@pytest.mark.parametrize("with_orjson", [True, False])
@pytest.mark.parametrize("shape", [(3, 1), (3, 2), (3, 1, 1), (3, 1, 4), (3, 2, 1), (3, 2, 4), (1, 1), (1, 2, 3)])
def test_range_texts_cut_one_encoding_where_each_item_ends(monkeypatch, with_orjson, shape):
    import numpy as np

    if not with_orjson:
        monkeypatch.setattr(codec, "orjson", None)
    ranges = np.random.default_rng(0).standard_normal(shape) * 10.0 ** np.arange(math.prod(shape)).reshape(shape)
    ranges.flat[0] = -0.0
    for given in (ranges, ranges.tolist()):
        opening, closing = "[" * (len(shape) - 1), "]" * (len(shape) - 1)
        texts = codec.range_texts(given)
        assert [json.loads(opening + t.decode() + closing) for t in texts] == ranges.tolist()
    assert codec.range_texts(np.zeros((0, 2))) == [] and codec.range_texts([]) == []


def test_sample_heads_refuse_a_header_a_reader_would_refuse(monkeypatch):
    monkeypatch.setattr(codec, "MAX_SAMPLE_HEADER_BYTES", 100)
    heads = codec.SampleHeads([("a" * 80, "vec", [1, 1], [1, 1])])
    with pytest.raises(codec.TooLargeError, match="header"):
        heads.encode([b"[1.0]"], [b"[2.0]"], [b""])


def test_decoded_samples_read_their_blobs_when_first_read():
    values = [bytes(range(i, i + math.prod(h["shape"]))) for i, h in enumerate(_HEADERS)]
    blobs = [codec.encode_sample(h, v) for h, v in zip(_HEADERS, values)]
    decoded = codec.DecodedSamples(blobs)
    assert (
        len(decoded) == 3
        and decoded[0] == (_HEADERS[0], values[0])
        and decoded[-2:] == list(zip(_HEADERS, values))[-2:]
    )
    assert decoded == list(zip(_HEADERS, values)) and decoded != [] and decoded != "abc"
    assert [key for (header, _) in decoded for key in [header["key"]]] == [h["key"] for h in _HEADERS]
    assert codec.DecodedSamples([]) == [] and len(codec.DecodedSamples([])) == 0
    corrupt = codec.DecodedSamples([blobs[0][:-3]])
    assert len(corrupt) == 1  # nothing is read yet
    with pytest.raises(codec.FormatError, match="truncated"):
        list(corrupt)


def test_a_step_blobs_encoded_size_is_its_length(monkeypatch):
    """StepEncoder.encoded_size (what the byte budget is fitted with) is the length of the
    blob encode makes, for documents of both versions and any directory, and refuses
    what encode refuses."""
    directory = codec.SampleDirectory({"a#0": {"blob": 1, "layout": "vec", "shape": [1, 8]}})
    documents = [
        {"format_version": 1, "activations": {"a#0": {"mean": float("nan"), "max": 2.5}}, "samples": {}},
        {"format_version": codec.STEP_FORMAT_VERSION, "activations": {"a#0": {"mean": -0.0}}, "samples": {}},
        {},
    ]
    for document in documents:
        encoder = codec.StepEncoder(document)
        for samples in (codec.EMPTY_DIRECTORY, directory):
            assert encoder.encoded_size(samples) == len(encoder.encode(samples))
    monkeypatch.setattr(codec, "MAX_STEP_BYTES", 1000)
    encoder = codec.StepEncoder({"a": "x" * 900})
    with pytest.raises(codec.TooLargeError):
        encoder.encoded_size(codec.SampleDirectory({"b" * 200: {"blob": 1, "layout": "vec", "shape": [1, 8]}}))
