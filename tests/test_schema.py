"""Blob encoding: round trips, and clear errors for corrupt, foreign and newer data."""

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


def test_sample_with_wrong_value_count_is_corrupt():
    blob = schema.encode_sample({"shape": [2, 2]}, bytes(3))
    with pytest.raises(schema.FormatError, match="3 values for shape"):
        schema.decode_sample(blob)


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
