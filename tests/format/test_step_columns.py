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
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _model():
    """(model, input): small and large activations, small parameters and a large one, a
    parameter holding NaN, gradients on some parameters only. Every weight and input is a
    multiple of 2**-9 in [-1, 1], in float64, and the layers add, multiply and take maxima
    only: each value is exact, so the same on any CPU whatever order its kernels sum in (the
    fixture compares them bit for bit with what another machine wrote)."""
    torch.manual_seed(0)
    model = torch.nn.Sequential(
        torch.nn.Conv2d(2, 8, 3, padding=1),  # 1×8×64×72 = 36,864 values: over the exact limit
        torch.nn.ReLU(),
        torch.nn.AdaptiveMaxPool2d(2),
        torch.nn.Flatten(),
        torch.nn.Linear(32, 16),
        torch.nn.Hardtanh(),
        torch.nn.Linear(16, 4),
    ).double()
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(_dyadic(p.shape))
        model[6].bias[1] = math.nan
    x = _dyadic((1, 2, 64, 72))
    model[:5](x).sum().backward()  # gradients up to the first Linear only
    return model, x


def _dyadic(shape):
    """Multiples of 2**-9 in [-1, 1], in float64: sums of a few thousand of their products
    are exact."""
    return torch.randint(-512, 513, shape, dtype=torch.float64) / 512


def _captured_step_blob():
    from tensorboard_modelviz.capture.recording import CaptureOptions, capture_model

    model, x = _model()
    torch.manual_seed(1)
    result = capture_model(model, x, options=CaptureOptions(max_samples=0))
    assert result.failure is None
    return result, result.blobs[0]


def _without_seconds(document):
    return dict(document, capture=dict(document["capture"], seconds=None))


def _parts(blob):
    """(the JSON document, integer columns, float columns) of a version 2 step blob."""
    inflater = zlib.decompressobj()
    document = json.loads(inflater.decompress(blob[5:]))
    columns = zlib.decompressobj()
    integers = columns.decompress(inflater.unused_data)
    return document, integers, columns.unused_data


def _blob(document, integers, floats):
    return (
        codec._header(codec.KIND_STEP, 2)
        + zlib.compress(json.dumps(document).encode())
        + zlib.compress(integers)
        + floats
    )


def test_a_capture_writes_version_2_that_reads_back_as_version_1s_document():
    with open(FIXTURE, "rb") as f:
        old = f.read()
    assert codec.blob_version(old) == 1
    result, blob = _captured_step_blob()
    assert codec.blob_version(blob) == codec.STEP_FORMAT_VERSION == 2
    stored, integers, floats = _parts(blob)
    assert stored["format_version"] == 2 and set(stored["activations"]) == {"keys", "bins", "estimated", "dicts"}
    assert stored["activations"]["dicts"]  # the large activation: a dict of its own
    assert stored["params"]["dicts"]  # the parameter holding NaN
    rows = [len(stored[name]["keys"]) - len(stored[name]["dicts"]) for name in step_columns.STATS_FIELDS]
    assert len(integers) == 4 * 34 * sum(rows) and len(floats) == 8 * (6 * rows[0] + 7 * (rows[1] + rows[2]))
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
    """A field of version 1's dicts in a version 2 document (a capture whose statistics
    failed): column heads of keys and dicts, no rows."""
    stats = {"numel": 0, "nan": 0, "inf": 0, "mean": None, "hist": {"lo": 0.0, "hi": 0.0, "n": 0, "counts": [0] * 32}}
    document = {"format_version": 2, "activations": {"b#0": stats, "a#0": stats}, "grads": {}, "samples": {}}
    blob = codec.encode_step(document)
    assert codec.blob_version(blob) == 2
    assert codec.decode_step(blob) == dict(document, format_version=1)


def _corruptions():
    """(what, a change to a version 2 blob's (document, integers, floats)) that no writer makes."""

    def head(field, name, value):
        def change(document, integers, floats):
            document[field][name] = value
            return document, integers, floats

        return change

    def edit(field, name, function):
        def change(document, integers, floats):
            function(document[field][name])
            return document, integers, floats

        return change

    def document(function):
        def change(document, integers, floats):
            function(document)
            return document, integers, floats

        return change

    def many_rows(document, integers, floats):
        document["activations"] = step_columns.dict_columns({})[0]
        document["activations"]["keys"] = ["k%d" % i for i in range(step_columns.MAX_STEP_ROWS + 1)]
        return document, integers, floats

    return [
        ("field not an object", document(lambda d: d.__setitem__("params", [1, 2]))),
        ("keys missing", document(lambda d: d["activations"].pop("keys"))),
        ("keys not text", edit("activations", "keys", lambda keys: keys.__setitem__(0, 7))),
        ("a key twice", edit("activations", "keys", lambda keys: keys.__setitem__(1, keys[0]))),
        ("a key less", edit("grads", "keys", lambda keys: keys.pop())),
        ("a key more", edit("params", "keys", lambda keys: keys.append("more"))),
        ("bins missing", document(lambda d: d["grads"].pop("bins"))),
        ("bins text", head("activations", "bins", "32")),
        ("bins negative", head("activations", "bins", -1)),
        ("bins too many", head("params", "bins", 10**6)),
        ("no bins for rows", head("params", "bins", 0)),
        ("estimated out of range", head("activations", "estimated", [10**6])),
        ("estimated negative", head("activations", "estimated", [-1])),
        ("estimated not rows", head("activations", "estimated", ["hist"])),
        ("dicts not an object", head("activations", "dicts", [])),
        ("a dict not statistics", edit("activations", "dicts", lambda dicts: dicts.__setitem__("1#0", 5))),
        ("a dict of an unlisted key", edit("params", "dicts", lambda dicts: dicts.__setitem__("nowhere", {}))),
        ("rows over the bound", many_rows),
        ("integers short", lambda d, i, f: (d, i[:-4], f)),
        ("integers long", lambda d, i, f: (d, i + bytes(4), f)),
        ("floats short", lambda d, i, f: (d, i, f[:-8])),
        ("floats long", lambda d, i, f: (d, i, f + bytes(8))),
        ("floats cut in a value", lambda d, i, f: (d, i, f[:-3])),
        ("a count negative", lambda d, i, f: (d, i[:4] + b"\xff\xff\xff\xff" + i[8:], f)),
        ("a numel negative", lambda d, i, f: (d, b"\xff\xff\xff\xff" + i[4:], f)),
    ]


CORRUPTIONS = _corruptions()


@pytest.mark.parametrize("what, change", CORRUPTIONS, ids=[what for what, _ in CORRUPTIONS])
def test_a_corrupt_version_2_blob_is_refused_with_a_clear_error(what, change):
    parts = _parts(_captured_step_blob()[1])
    assert codec.decode_step(_blob(*parts))  # the unchanged parts read
    with pytest.raises(codec.FormatError, match="corrupt step blob: .+"):
        codec.decode_step(_blob(*change(*copy.deepcopy(parts))))


def test_a_truncated_or_damaged_version_2_blob_is_refused_with_a_clear_error():
    _, blob = _captured_step_blob()
    for cut in (4, 5, 6, len(blob) // 2, len(blob) - 1):
        with pytest.raises(codec.FormatError):
            codec.decode_step(blob[:cut])
    document, integers, floats = _parts(blob)
    text = json.dumps(document).encode()
    for start in range(0, len(text), max(1, len(text) // 97)):  # JSON cut anywhere: never a traceback
        try:
            codec.decode_step(_blob_of_text(text[:start] + text[start + 7 :], integers, floats))
        except codec.FormatError:
            pass
    for start in range(0, len(blob), max(1, len(blob) // 211)):  # bytes flipped anywhere: the same
        try:
            codec.decode_step(blob[:start] + bytes(b ^ 0x5A for b in blob[start : start + 3]) + blob[start + 3 :])
        except codec.FormatError:
            pass


def _blob_of_text(text, integers, floats):
    return codec._header(codec.KIND_STEP, 2) + zlib.compress(text) + zlib.compress(integers) + floats


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


def test_json_and_columns_over_the_step_bound_are_refused_before_the_columns_are_read(monkeypatch):
    _, blob = _captured_step_blob()
    _, integers, floats = _parts(blob)
    json_size = len(zlib.decompressobj().decompress(blob[5:]))
    monkeypatch.setattr(codec, "MAX_STEP_BYTES", json_size + len(integers) + len(floats) // 2)
    with pytest.raises(codec.FormatError, match="corrupt step blob: its JSON and columns take"):
        codec.decode_step(blob)


def test_the_size_of_a_version_2_document_counts_its_columns():
    """decode_step's size is what the server's step cache and over-time reads weigh a
    document by (reader._cache_units, _chunk_size): a version 2 document must weigh its
    JSON and its columns, as the bound counts them, near its version 1 JSON; its column
    heads alone are 25 times smaller on a stack of small layers, so a cache would hold 25
    times the decoded documents it is meant to."""
    sys.path.insert(0, os.path.join(ROOT, "benchmarks"))
    from per_module_cost import mlp_stack

    from tensorboard_modelviz.capture.recording import CaptureOptions, capture_model

    torch.manual_seed(0)
    model, x = mlp_stack()
    blob = capture_model(model, x, options=CaptureOptions(max_samples=0)).blobs[0]
    document, size = codec.decode_step(blob, with_size=True)
    stored, integers, floats = _parts(blob)
    inflated_json = len(zlib.decompressobj().decompress(blob[5:]))
    assert size == inflated_json + len(integers) + len(floats)
    version_1_size = codec.decode_step(codec.encode_step(document), with_size=True)[1]  # format_version 1
    assert version_1_size / 2 < size < version_1_size


def _compare_documents():
    sys.path.insert(0, os.path.join(ROOT, "scripts"))
    import compare_documents

    return compare_documents


def test_compare_documents_tells_documents_apart_bit_for_bit():
    """Version 2 must read back as version 1's document with every float the same bits:
    compare_documents must not take -0.0 for 0.0, 1 for 1.0 or keys in another order for
    the same document, as `==` does."""
    exact = _compare_documents().exact
    stats = {"min": -0.0, "numel": 1, "hist": {"counts": [1, 2]}}
    assert exact(stats) == exact(copy.deepcopy(stats))
    for other in (
        dict(stats, min=0.0),
        dict(stats, numel=1.0),
        dict(stats, numel=True),
        dict(stats, hist={"counts": [1, 2.0]}),
        {"numel": 1, "min": -0.0, "hist": {"counts": [1, 2]}},
    ):
        assert other == stats  # what `==` misses
        assert exact(other) != exact(stats), other


def test_the_decoder_written_from_the_docs_reads_what_the_codec_reads():
    """compare_documents' _version_1 follows docs/format.md alone: on a capture's version 2
    blob it gives exactly the document codec.decode_step gives."""
    _, blob = _captured_step_blob()
    compare_documents = _compare_documents()
    assert compare_documents.exact(compare_documents._version_1(blob)) == compare_documents.exact(
        codec.decode_step(blob)
    )
