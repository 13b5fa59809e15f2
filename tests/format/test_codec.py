"""Blob encoding: round trips, and clear errors for corrupt, foreign and newer data."""

import json
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
        result.step,
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
    newer = struct.pack("<3sBB", b"MVZ", codec.FORMAT_VERSION + 1, codec.KIND_STEP) + zlib.compress(b"{}")
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
