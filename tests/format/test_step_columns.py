"""Format version 2 of the step blob (statistics as columns, format/step_columns.py): it
reads back as exactly version 1's document, version 1's blobs are still read, and a
corrupt or truncated version 2 blob is refused with a FormatError, never a traceback.

The version 1 fixture (fixtures/step_v1.blob) was written by the package before version
2 (main at 55db503) capturing `_model()`:

    PYTHONPATH=<that checkout> python tests/format/test_step_columns.py --write-v1-fixture
"""

import copy
import json
import math
import os
import sys
import zlib

import pytest
import torch

from tensorboard_modelviz.format import codec

if __name__ != "__main__":  # the fixture is written by a package that has no version 2
    from tensorboard_modelviz.format import step_columns

FIXTURE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "step_v1.blob")


def _model():
    """(model, input): small and large activations, small parameters and a large one, a
    parameter holding NaN, gradients on some parameters only."""
    torch.manual_seed(0)
    model = torch.nn.Sequential(
        torch.nn.Conv2d(2, 8, 3, padding=1),  # 1×8×64×72 = 36,864 values: over the exact limit
        torch.nn.ReLU(),
        torch.nn.AdaptiveAvgPool2d(2),
        torch.nn.Flatten(),
        torch.nn.Linear(32, 16),
        torch.nn.Tanh(),
        torch.nn.Linear(16, 4),
    )
    with torch.no_grad():
        model[6].bias[1] = math.nan
    x = torch.randn(1, 2, 64, 72)
    model[:5](x).sum().backward()  # gradients up to the first Linear only
    return model, x


def _captured_step_blob():
    from tensorboard_modelviz.capture.recording import CaptureOptions, capture_model

    model, x = _model()
    torch.manual_seed(1)
    result = capture_model(model, x, options=CaptureOptions(max_samples=0))
    assert result.failure is None
    return result, result.blobs[0]


def _without_seconds(document):
    return dict(document, capture=dict(document["capture"], seconds=None))


def test_a_capture_writes_version_2_that_reads_back_as_version_1s_document():
    with open(FIXTURE, "rb") as f:
        old = f.read()
    assert codec.blob_version(old) == 1
    result, blob = _captured_step_blob()
    assert codec.blob_version(blob) == codec.STEP_FORMAT_VERSION == 2
    stored = json.loads(zlib.decompress(blob[5:]))
    assert stored["format_version"] == 2 and set(stored["activations"]) >= {"keys", "counts", "dicts"}
    assert stored["activations"]["dicts"]  # the large activation: a dict of its own
    read, written = codec.decode_step(blob), codec.decode_step(old)
    assert written["format_version"] == read["format_version"] == 1
    assert _without_seconds(read) == _without_seconds(written)
    for name in step_columns.STATS_FIELDS:  # version 1's key order too
        assert list(read[name]) == list(written[name])
        assert {key: dict(stats) for key, stats in result.step[name].items()} == written[name]


def test_a_version_1_blob_is_still_written_for_a_version_1_document():
    document = {"format_version": 1, "activations": {"a#0": {"mean": 0.5}}, "params": {}, "samples": {}}
    blob = codec.encode_step(document)
    assert codec.blob_version(blob) == 1
    assert codec.decode_step(blob) == document


def test_version_1_dicts_in_a_version_2_document_are_stored_as_dicts():
    stats = {"numel": 0, "nan": 0, "inf": 0, "mean": None, "hist": {"lo": 0.0, "hi": 0.0, "n": 0, "counts": [0] * 32}}
    document = {"format_version": 2, "activations": {"b#0": stats, "a#0": stats}, "grads": {}, "samples": {}}
    blob = codec.encode_step(document)
    assert codec.blob_version(blob) == 2
    assert codec.decode_step(blob) == dict(document, format_version=1)


def _v2_document():
    """A version 2 step document as a capture stores it (parsed JSON)."""
    return json.loads(zlib.decompress(_captured_step_blob()[1][5:]))


def _blob(document):
    return codec._header(codec.KIND_STEP, 2) + zlib.compress(json.dumps(document).encode())


def _corruptions():
    """(what, a change to a version 2 document) that no writer makes."""

    def setter(field, name, value):
        def change(document):
            document[field][name] = value

        return change

    def edit(field, name, function):
        def change(document):
            function(document[field][name])

        return change

    return [
        ("field not an object", lambda d: d.__setitem__("params", [1, 2])),
        ("keys missing", lambda d: d["activations"].pop("keys")),
        ("keys not text", edit("activations", "keys", lambda keys: keys.__setitem__(0, 7))),
        ("a key twice", edit("activations", "keys", lambda keys: keys.__setitem__(1, keys[0]))),
        ("a column short", edit("activations", "mean", lambda column: column.pop())),
        ("a column long", edit("params", "norm", lambda column: column.append(1.0))),
        ("a column missing", lambda d: d["grads"].pop("std")),
        ("norm missing", lambda d: d["params"].pop("norm")),
        ("a column not a list", setter("activations", "min", {"0": 1.0})),
        ("a figure text", edit("activations", "max", lambda column: column.__setitem__(0, "1.0"))),
        ("a figure a list", edit("params", "mean", lambda column: column.__setitem__(0, [1.0]))),
        ("numel negative", edit("activations", "numel", lambda column: column.__setitem__(0, -3))),
        ("numel a float", edit("activations", "numel", lambda column: column.__setitem__(0, 3.0))),
        ("n a bool", edit("grads", "n", lambda column: column.__setitem__(0, True))),
        ("counts ragged", edit("activations", "counts", lambda rows: rows[0].pop())),
        ("counts not lists", edit("activations", "counts", lambda rows: rows.__setitem__(0, 3))),
        ("counts not integers", edit("activations", "counts", lambda rows: rows[0].__setitem__(0, 0.5))),
        ("counts of no bins", setter("grads", "counts", [[] for _ in range(3)])),
        ("counts too many bins", edit("params", "counts", lambda rows: [row.extend([0] * 2000) for row in rows])),
        ("estimated out of range", setter("activations", "estimated", [10**6])),
        ("estimated negative", setter("activations", "estimated", [-1])),
        ("estimated not rows", setter("activations", "estimated", ["hist"])),
        ("dicts not an object", setter("activations", "dicts", [])),
        ("a dict not statistics", edit("activations", "dicts", lambda dicts: dicts.__setitem__("1#0", 5))),
        ("a dict of an unlisted key", edit("params", "dicts", lambda dicts: dicts.__setitem__("nowhere", {}))),
        (
            "rows over the bound",
            lambda d: (
                d.__setitem__("activations", step_columns.dict_field({}, False))
                or d["activations"].update(keys=["k%d" % i for i in range(step_columns.MAX_STEP_ROWS + 1)])
            ),
        ),
    ]


CORRUPTIONS = _corruptions()


@pytest.mark.parametrize("what, change", CORRUPTIONS, ids=[what for what, _ in CORRUPTIONS])
def test_a_corrupt_version_2_field_is_refused_with_a_clear_error(what, change):
    document = _v2_document()
    assert codec.decode_step(_blob(document))  # the unchanged document reads
    changed = copy.deepcopy(document)
    change(changed)
    with pytest.raises(codec.FormatError, match="corrupt step blob: '?(activations|params|grads)?'?:? ?.+"):
        codec.decode_step(_blob(changed))


def test_a_truncated_or_damaged_version_2_blob_is_refused_with_a_clear_error():
    _, blob = _captured_step_blob()
    for cut in (4, 5, 6, len(blob) // 2, len(blob) - 1):
        with pytest.raises(codec.FormatError):
            codec.decode_step(blob[:cut])
    text = zlib.decompress(blob[5:])
    for start in range(0, len(text), max(1, len(text) // 97)):  # JSON cut anywhere: never a traceback
        damaged = codec._header(codec.KIND_STEP, 2) + zlib.compress(text[:start] + text[start + 7 :])
        try:
            codec.decode_step(damaged)
        except codec.FormatError:
            pass


def test_newer_versions_are_refused_as_newer():
    _, blob = _captured_step_blob()
    with pytest.raises(codec.NewerFormatError, match="written by a newer tensorboard_modelviz"):
        codec.decode_step(blob[:3] + bytes([3]) + blob[4:])
    structure = codec.encode_structure({"hash": "x"})  # structure and sample blobs stay at version 1
    with pytest.raises(codec.NewerFormatError, match="written by a newer tensorboard_modelviz"):
        codec.decode_structure(structure[:3] + bytes([2]) + structure[4:])


def test_the_writer_bounds_the_rows_as_the_reader_does():
    stats = {"numel": 1}
    many = {"k%d" % i: stats for i in range(step_columns.MAX_STEP_ROWS + 1)}
    with pytest.raises(codec.TooLargeError, match="statistics"):
        codec.encode_step({"format_version": 2, "activations": many, "samples": {}})


if __name__ == "__main__" and sys.argv[1:] == ["--write-v1-fixture"]:
    _, written = _captured_step_blob()
    assert written[3] == 1, "run with the package from before format version 2"
    with open(FIXTURE, "wb") as f:
        f.write(written)
