"""Blob encoding: round trips, and clear errors for corrupt, foreign and newer data."""

import json
import re
import struct
import zlib

import pytest
import torch

from tensorboard_modelviz import schema


def test_json_blobs_round_trip():
    doc = {"format_version": 1, "hash": "abc", "nodes": [{"id": 0, "label": "<img src=x>"}]}
    assert schema.decode_structure(schema.encode_structure(doc)) == doc
    assert schema.decode_step(schema.encode_step({"a": 1})) == {"a": 1}


def test_non_finite_floats_become_null():
    blob = schema.encode_step({"mean": float("nan"), "max": float("inf"), "v": [1.5, float("-inf")]})
    assert schema.decode_step(blob) == {"mean": None, "max": None, "v": [1.5, None]}


def test_orjson_and_the_standard_library_give_the_same_documents(monkeypatch):
    import json

    import numpy as np

    import zoo
    from tensorboard_modelviz.capture import capture_model

    assert schema.orjson is not None  # a dependency, with wheels for this platform
    record = zoo.build("resnet")
    result = capture_model(record.model, record.inputs)
    documents = [
        result.step, result.structure,
        {"mean": float("nan"), "v": [float("inf"), -float("inf"), 1.5e-5, 1e16, np.float64(0.25)]},
        {"flops": 2 ** 70},  # over 64 bits: orjson refuses, the standard library takes it
    ]
    fast = [schema.to_json(d) for d in documents]
    monkeypatch.setattr(schema, "orjson", None)
    slow = [schema.to_json(d) for d in documents]
    assert [json.loads(t) for t in fast] == [json.loads(t) for t in slow]
    assert json.loads(fast[2]) == {"mean": None, "v": [None, None, 1.5e-5, 1e16, 0.25]}
    # Reading: the same documents both ways, the integer over 64 bits included.
    blobs = [schema.encode_step(d) for d in documents]
    slow_read = [schema.decode_step(b) for b in blobs]
    monkeypatch.undo()
    assert [schema.decode_step(b) for b in blobs] == slow_read
    assert slow_read[3] == {"flops": 2 ** 70}


def test_sample_round_trip():
    header = {"key": "conv1#0", "layout": "vec", "shape": [1, 3], "lo": [0.0], "hi": [1.0]}
    got_header, values = schema.decode_sample(schema.encode_sample(header, bytes([0, 128, 255])))
    assert got_header == header
    assert values == bytes([0, 128, 255])


def test_kind_mismatch_is_reported():
    with pytest.raises(schema.FormatError, match="expected a step blob, found kind structure"):
        schema.decode_step(schema.encode_structure({}))


@pytest.mark.parametrize("blob", [b"", b"MV", b"XYZ\x01\x01" + zlib.compress(b"{}"), b"MVZ\x01\x02garbage"])
def test_corrupt_blobs_raise_format_error(blob):
    with pytest.raises(schema.FormatError):
        schema.decode_step(blob)


def test_truncated_blob_raises_format_error():
    blob = schema.encode_structure({"nodes": list(range(1000))})
    with pytest.raises(schema.FormatError, match="corrupt structure blob"):
        schema.decode_structure(blob[: len(blob) // 2])


def _sample_header(shape, layout="vec", **fields):
    header = {"key": "a#0", "layout": layout, "shape": shape, "source_shape": shape,
              "lo": [0.0] * 2, "hi": [1.0] * 2}
    header.update(fields)
    return header


def test_sample_with_wrong_value_count_is_corrupt():
    blob = schema.encode_sample(_sample_header([2, 2]), bytes(3))
    with pytest.raises(schema.FormatError, match="3 values for shape"):
        schema.decode_sample(blob)
    blob = schema.encode_sample(_sample_header([2, 2]), bytes(5))
    with pytest.raises(schema.FormatError, match="inflates to more than 4 bytes"):
        schema.decode_sample(blob)


@pytest.mark.parametrize("fields, message", [
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
])
def test_sample_header_is_checked_before_the_values_are_inflated(fields, message):
    header = _sample_header([2, 2])
    header.update(fields)
    head = json.dumps(header).encode()
    blob = (struct.pack("<3sBB", b"MVZ", 1, schema.KIND_SAMPLE) + struct.pack("<I", len(head)) + head
            + zlib.compress(bytes(4)))
    with pytest.raises(schema.FormatError, match=re.escape(message)):
        schema.decode_sample(blob)


def _bomb(kind, size, prefix=b""):
    """A blob of `kind` whose payload inflates to `size` bytes, from a few hundred KB."""
    compressor = zlib.compressobj(9)
    chunk = bytes(1 << 20)
    parts = [compressor.compress(prefix)]
    for _ in range(size >> 20):
        parts.append(compressor.compress(chunk))
    parts.append(compressor.flush())
    return struct.pack("<3sBB", b"MVZ", 1, kind) + b"".join(parts)


@pytest.mark.parametrize("kind, decode", [(schema.KIND_STEP, schema.decode_step),
                                          (schema.KIND_STRUCTURE, schema.decode_structure)])
def test_a_json_bomb_is_refused_without_inflating_it(kind, decode):
    import tracemalloc

    blob = _bomb(kind, 256 << 20, prefix=b'{"a":"')
    assert len(blob) < 1 << 20
    tracemalloc.start()
    try:
        with pytest.raises(schema.FormatError, match="inflates to more than"):
            decode(blob)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < schema.json_limit(kind) * 5 // 4 + (2 << 20)  # a bytearray over-allocates by 1/8


def test_a_sample_bomb_is_refused_at_its_declared_size():
    header = json.dumps(_sample_header([2, 4])).encode()
    blob = (_bomb(schema.KIND_SAMPLE, 0) [:5] + struct.pack("<I", len(header)) + header
            + _bomb(schema.KIND_SAMPLE, 64 << 20)[5:])
    with pytest.raises(schema.FormatError, match="inflates to more than 8 bytes"):
        schema.decode_sample(blob)


def test_deep_nesting_is_refused_not_a_recursion_error():
    deep = b'{"a":' + b"[" * 5000 + b"]" * 5000 + b"}"
    blob = struct.pack("<3sBB", b"MVZ", 1, schema.KIND_STEP) + zlib.compress(deep)
    with pytest.raises(schema.FormatError, match="nested more than"):
        schema.decode_step(blob)
    middling = {"a": json.loads("[" * 100 + "]" * 100)}
    with pytest.raises(schema.FormatError, match="nested more than 64"):
        schema.decode_structure(schema.encode_structure(middling))
    with pytest.raises(schema.FormatError, match="nested more than 64"):
        schema.check_depth(middling)
    schema.check_depth({"a": [[{"b": [1, 2]}]] * 3})


def test_the_writer_refuses_what_a_reader_would_refuse(monkeypatch):
    monkeypatch.setattr(schema, "MAX_STEP_BYTES", 1000)
    monkeypatch.setattr(schema, "MAX_STRUCTURE_BYTES", 1000)
    with pytest.raises(schema.TooLargeError, match="above the"):
        schema.encode_step({"a": "x" * 1000})
    with pytest.raises(schema.TooLargeError):
        schema.StepEncoder({"a": "x" * 1000})
    with pytest.raises(schema.TooLargeError):
        schema.StepEncoder({"a": "x" * 900}).encode({"b": "y" * 200})
    with pytest.raises(schema.TooLargeError):
        schema.encode_structure({"a": "x" * 1000})
    monkeypatch.setattr(schema, "MAX_SAMPLE_VALUES", 10)
    with pytest.raises(schema.TooLargeError):
        schema.encode_sample(_sample_header([1, 11]), bytes(11))


def test_newer_version_says_upgrade():
    newer = struct.pack("<3sBB", b"MVZ", schema.FORMAT_VERSION + 1, schema.KIND_STEP) + zlib.compress(b"{}")
    with pytest.raises(schema.NewerFormatError, match="newer tensorboard_modelviz.*upgrade"):
        schema.decode_step(newer)


def test_json_that_is_not_an_object_is_corrupt():
    blob = struct.pack("<3sBB", b"MVZ", 1, schema.KIND_STEP) + zlib.compress(b"[1, 2]")
    with pytest.raises(schema.FormatError, match="not a JSON object"):
        schema.decode_step(blob)


def test_step_encoder_equals_encoding_the_whole_document():
    document = {"format_version": 1, "activations": {"a#0": {"mean": float("nan"), "max": 2.5}},
                "capture": {"warnings": []}, "samples": {}}
    encoder = schema.StepEncoder(document)
    for samples in ({}, {"a#0": {"blob": 1, "layout": "vec", "shape": [1, 8]}}):
        document["samples"] = samples
        assert encoder.encode(samples) == schema.encode_step(document)
        assert schema.decode_step(encoder.encode(samples)) == schema.json_safe(document)
    assert schema.decode_step(schema.StepEncoder({}).encode({})) == {"samples": {}}


def test_a_structure_is_stored_as_the_json_its_hash_was_made_from():
    import hashlib

    from tensorboard_modelviz.capture import capture_model

    result = capture_model(torch.nn.Sequential(torch.nn.Linear(3, 2), torch.nn.ReLU()), torch.randn(1, 3))
    assert result.structure_json == schema.to_json(result.structure)  # what the writer stores
    assert schema.decode_structure(schema.encode_structure(result.structure, result.structure_json)) == result.structure
    without = {k: v for k, v in result.structure.items() if k != "hash"}
    assert result.structure["hash"] == hashlib.sha1(schema.to_json(without).encode()).hexdigest()
