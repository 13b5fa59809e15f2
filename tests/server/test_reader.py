"""ModelVizReader over both of TensorBoard's loaders: on runs written by the real writer,
and on hand-built event files where the data is damaged or odd on purpose."""

import os
import time

import pytest
import tb_helpers
from tensorboard import context as tb_context
from tensorboard.data import provider as tb_provider
from torch import nn

from tensorboard_modelviz import SummaryWriter
from tensorboard_modelviz.format import codec, metadata
from tensorboard_modelviz.server import reader

LONG_STEPS = list(range(0, 250, 10))  # 25 steps: more than the 10 TensorBoard keeps by default


class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Linear(16, 4)

    def forward(self, x):
        return self.embed(x.flatten(1))


class Resumed(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 2, 3)
        self.fc9 = nn.Linear(8, 3)

    def forward(self, x):
        return self.fc9(self.conv1(x).flatten(1))


@pytest.fixture(scope="module")
def logdir(tmp_path_factory):
    """One log directory with a run per situation the reader must handle."""
    root = str(tmp_path_factory.mktemp("logs"))
    # Activation samples of conv1 only: fc#0 is a layer without one.
    tb_helpers.write_model_run(root, "long", LONG_STEPS, include=["conv1"])

    # The model changes at step 5; a second model is logged under its own tag.
    with SummaryWriter(os.path.join(root, "changed")) as writer:
        tb_helpers.record_model(writer, range(5))
        tb_helpers.record_model(writer, range(5, 10), model=tb_helpers.Bigger())
        tb_helpers.record_model(writer, (0, 1, 2), model=Encoder(), tag="encoder")

    _write_damaged_run(os.path.join(root, "damaged"))
    _write_partial_run(os.path.join(root, "partial"))

    newer = tb_helpers.EventLog(os.path.join(root, "newer"))
    structure = tb_helpers.structure_document()
    newer.add_blobs(
        metadata.structure_tag("model"), [tb_helpers.from_newer_version(codec.encode_structure(structure))], 0
    )
    document, _ = tb_helpers.step_document(structure, 0, sampled=[])
    newer.add_blobs(metadata.step_tag("model"), [codec.encode_step(document)], 0)
    newer.close()

    # A run resumed from a checkpoint: steps 5..7 are written again by a new writer
    # (a second event file) with a different model.
    tb_helpers.write_model_run(root, "resumed", range(10))
    time.sleep(1.05)  # event file names start with the creation second
    tb_helpers.write_model_run(root, "resumed", range(5, 8), model=Resumed())

    tb_helpers.write_model_run(root, "truncated", range(5))
    [events] = tb_helpers.event_files(os.path.join(root, "truncated"))
    tb_helpers.truncate_last_record(events)
    return root


def _write_damaged_run(run_dir):
    """Steps 0 and 5 are fine; 1 has a corrupt step blob, 2 a corrupt sample, 3 a step
    blob from a newer version, 4 refers to a structure that was never written."""
    structure = tb_helpers.structure_document()
    log = tb_helpers.EventLog(run_dir)
    log.add(0, structure)
    step_tag = metadata.step_tag("model")
    document, samples = tb_helpers.step_document(structure, 1)
    log.add_blobs(step_tag, [tb_helpers.corrupted(codec.encode_step(document))], 1)
    document, samples = tb_helpers.step_document(structure, 2)
    log.add_blobs(step_tag, [codec.encode_step(document), tb_helpers.corrupted(codec.encode_sample(*samples[0]))], 2)
    document, _ = tb_helpers.step_document(structure, 3, sampled=[])
    log.add_blobs(step_tag, [tb_helpers.from_newer_version(codec.encode_step(document))], 3)
    document, _ = tb_helpers.step_document(structure, 4, sampled=[])
    document["structure"] = "0" * 40
    log.add_blobs(step_tag, [codec.encode_step(document)], 4)
    log.add(5, structure)
    log.close()


def _write_partial_run(run_dir):
    """What the writer stores when a capture half fails: step 1 has no structure. The root
    module shares its last child's sample (a `source` entry pointing at the same blob)."""
    structure = tb_helpers.structure_document()
    log = tb_helpers.EventLog(run_dir)
    for step in (0, 1):
        document, samples = tb_helpers.step_document(structure, step, sampled=["fc#0"])
        document["samples"]["#0"] = dict(document["samples"]["fc#0"], source="fc#0")
        if step == 1:
            document["structure"] = None
        log.add(step, structure, document, samples)
    log.close()


class CountingProvider:
    """Delegates to a data provider and counts the blobs read through it."""

    def __init__(self, provider):
        self._provider = provider
        self.blob_reads = 0

    def __getattr__(self, name):
        return getattr(self._provider, name)

    def read_blob(self, ctx=None, *, blob_key):
        self.blob_reads += 1
        return self._provider.read_blob(ctx, blob_key=blob_key)


def _tags(runs, run):
    [entry] = [r for r in runs if r["run"] == run]
    return {t["tag"]: t["steps"] for t in entry["tags"]}


def test_runs_lists_every_step_of_every_tag(logdir, open_provider):
    runs = reader.ModelVizReader(open_provider(logdir)).runs()
    names = [r["run"] for r in runs]
    assert names == sorted(names)
    assert {"long", "changed", "damaged", "newer", "partial", "resumed", "truncated"} <= set(names)
    assert _tags(runs, "long") == {"model": LONG_STEPS}
    assert _tags(runs, "changed") == {"encoder": [0, 1, 2], "model": list(range(10))}
    assert _tags(runs, "damaged") == {"model": [0, 1, 2, 3, 4, 5]}


def test_tensorboard_default_retention_drops_steps(logdir):
    """Without the loader's keep-all setting TensorBoard keeps 10 of 25 steps: what
    `ModelVizLoader.fix_flags` exists to prevent (and what makes the test above meaningful)."""
    runs = reader.ModelVizReader(tb_helpers.python_provider(logdir, samples_per_plugin={})).runs()
    assert len(_tags(runs, "long")["model"]) == 10
    with tb_helpers.rust_provider(logdir, samples_per_plugin="") as provider:
        runs = reader.ModelVizReader(provider).runs()
    assert len(_tags(runs, "long")["model"]) == 10


def test_step_document_comes_with_step_and_wall_time(logdir, open_provider):
    data = reader.ModelVizReader(open_provider(logdir))
    stored = tb_helpers.stored_steps(os.path.join(logdir, "long"))
    for step in (0, 120, 240):
        document = data.step("long", "model", step)
        assert document["step"] == step
        assert document["wall_time"] > 1e9
        assert {k: v for k, v in document.items() if k not in ("step", "wall_time")} == stored[step][0]
        assert list(document["samples"]) == ["conv1#0"]


def test_structure_follows_the_model_at_each_step(logdir, open_provider):
    data = reader.ModelVizReader(open_provider(logdir))
    assert data.structure("changed", "model", 4)["model_type"] == "Net"
    assert data.structure("changed", "model", 5)["model_type"] == "Bigger"
    assert data.structure("changed", "model", 9)["hash"] == data.step("changed", "model", 9)["structure"]
    assert data.structure("changed", "encoder", 1)["model_type"] == "Encoder"


def test_sample_reads_only_the_step_document_and_one_blob(logdir, open_provider):
    provider = CountingProvider(open_provider(logdir))
    data = reader.ModelVizReader(provider)
    header, values = data.sample("long", "model", 30, "conv1#0")
    [stored_sample] = tb_helpers.stored_steps(os.path.join(logdir, "long"))[30][1]
    assert header["key"] == "conv1#0" and (header, values) == stored_sample
    assert provider.blob_reads == 2
    assert data.sample("long", "model", 30, "conv1#0") == (header, values)
    assert provider.blob_reads == 2  # both are cached
    data.step("long", "model", 40)
    data.sample("long", "model", 40, "conv1#0")
    assert provider.blob_reads == 4  # the sample only: the step document was just read


def test_unknown_names_raise_lookup_errors(logdir, open_provider):
    data = reader.ModelVizReader(open_provider(logdir))
    cases = [
        (reader.RunNotFoundError, lambda: data.step("nope", "model", 0)),
        (reader.TagNotFoundError, lambda: data.step("long", "nope", 0)),
        (reader.StepNotFoundError, lambda: data.structure("long", "model", 5)),
        (reader.LayerNotFoundError, lambda: data.sample("long", "model", 0, "nope#0")),
        (reader.SampleNotFoundError, lambda: data.sample("long", "model", 0, "fc#0")),
    ]
    for error_type, call in cases:
        with pytest.raises(error_type) as caught:
            call()
        assert isinstance(caught.value, LookupError)
        assert "nope" in str(caught.value) or "fc#0" in str(caught.value) or "5" in str(caught.value)


def test_damaged_records_raise_format_errors(logdir, open_provider):
    data = reader.ModelVizReader(open_provider(logdir))
    assert data.step("damaged", "model", 0)["step"] == 0
    with pytest.raises(codec.FormatError, match="step 1: corrupt step blob") as caught:
        data.step("damaged", "model", 1)
    assert not isinstance(caught.value, codec.NewerFormatError)
    assert data.step("damaged", "model", 2)["step"] == 2
    with pytest.raises(codec.FormatError, match="corrupt activation sample"):
        data.sample("damaged", "model", 2, "conv1#0")
    with pytest.raises(codec.NewerFormatError, match="newer tensorboard_modelviz"):
        data.step("damaged", "model", 3)
    with pytest.raises(reader.MissingStructureError, match="not in the log"):
        data.structure("damaged", "model", 4)
    assert data.structure("damaged", "model", 5)["model_type"] == "Net"


def test_step_without_a_structure(logdir, open_provider):
    data = reader.ModelVizReader(open_provider(logdir))
    assert data.step("partial", "model", 1)["structure"] is None
    with pytest.raises(reader.MissingStructureError, match="no structure was recorded at step 1"):
        data.structure("partial", "model", 1)
    with pytest.raises(reader.LayerNotFoundError):
        data.sample("partial", "model", 1, "nope#0")


def test_shared_sample_names_its_source(logdir, open_provider):
    data = reader.ModelVizReader(open_provider(logdir))
    header, values = data.sample("partial", "model", 0, "#0")
    assert header["key"] == "fc#0"
    assert (header, values) == data.sample("partial", "model", 0, "fc#0")


def test_structure_from_a_newer_version_is_refused(logdir, open_provider):
    data = reader.ModelVizReader(open_provider(logdir))
    with pytest.raises(codec.NewerFormatError, match="upgrade tensorboard_modelviz"):
        data.structure("newer", "model", 0)


def test_resumed_run_has_one_record_per_step(logdir, open_provider):
    """Steps written twice come back once. Which record wins is the loader's choice, made
    before the data reaches the provider API: the data server keeps the resumed writer's
    records (and drops the old ones after the resume point), the Python loader the first."""
    data = reader.ModelVizReader(open_provider(logdir))
    steps = _tags(data.runs(), "resumed")["model"]
    if open_provider.path == "rust":
        assert steps == [0, 1, 2, 3, 4, 5, 6, 7]
        assert data.structure("resumed", "model", 6)["model_type"] == "Resumed"
    else:
        assert steps == list(range(10))
        assert data.structure("resumed", "model", 6)["model_type"] == "Net"
    assert data.structure("resumed", "model", 4)["model_type"] == "Net"
    assert [record[0] for record in data.step_records("resumed", "model")] == steps


def test_duplicate_steps_from_a_provider_keep_the_last_written(logdir):
    """A provider that returns every record of a step (none of TensorBoard's do today)."""

    class DuplicatingProvider(CountingProvider):
        def read_blob_sequences(self, ctx=None, **kwargs):
            result = self._provider.read_blob_sequences(ctx, **kwargs)
            for tags in result.values():
                for tag, data in tags.items():
                    if tag.endswith("/step") and len(data) > 1:  # record 1 again, as step 0
                        tags[tag] = data + [
                            tb_provider.BlobSequenceDatum(step=0, wall_time=data[1].wall_time, values=data[1].values)
                        ]
            return result

    data = reader.ModelVizReader(DuplicatingProvider(tb_helpers.python_provider(logdir)))
    assert _tags(data.runs(), "long")["model"] == LONG_STEPS
    stored = tb_helpers.stored_steps(os.path.join(logdir, "long"))
    assert data.step("long", "model", 0)["activations"] == stored[10][0]["activations"]


def test_truncated_event_file_keeps_the_complete_records(logdir, open_provider):
    data = reader.ModelVizReader(open_provider(logdir))
    assert _tags(data.runs(), "truncated")["model"] == [0, 1, 2, 3]
    assert data.structure("truncated", "model", 3)["model_type"] == "Net"


def test_new_steps_appear_after_a_reload(tmp_path):
    """Caches are revalidated against the provider's listing on every request."""
    writer = SummaryWriter(str(tmp_path / "run"))
    model = tb_helpers.record_model(writer, range(3))
    writer.flush()
    loader = tb_helpers.PythonLoader(str(tmp_path))
    data = reader.ModelVizReader(loader.provider)
    assert _tags(data.runs(), "run")["model"] == [0, 1, 2]
    assert len(list(data.step_series("run", "model").documents())) == 3

    tb_helpers.record_model(writer, (3, 4), model=model)
    writer.close()
    tb_helpers.write_model_run(str(tmp_path), "run2", range(2))
    loader.reload()
    runs = data.runs()
    assert _tags(runs, "run")["model"] == [0, 1, 2, 3, 4]
    assert _tags(runs, "run2")["model"] == [0, 1]
    assert [d["step"] for d in data.step_series("run", "model").documents()] == [0, 1, 2, 3, 4]
    stored = tb_helpers.stored_steps(str(tmp_path / "run"))
    assert data.step("run", "model", 4)["activations"] == stored[4][0]["activations"]


def test_explicit_request_context_is_passed_through(logdir):
    data = reader.ModelVizReader(tb_helpers.python_provider(logdir))
    ctx = tb_context.RequestContext()
    assert data.step("long", "model", 0, ctx=ctx)["step"] == 0


def test_open_logdir_keeps_every_step(logdir):
    data = reader.open_logdir(logdir)
    assert _tags(data.runs(), "long")["model"] == LONG_STEPS


def test_step_series_reads_every_step_without_evicting_the_step_cache(logdir, open_provider):
    provider = CountingProvider(open_provider(logdir))
    data = reader.ModelVizReader(provider, step_cache_size=4)
    data.step("long", "model", 120)
    assert provider.blob_reads == 1
    series = data.step_series("long", "model")
    documents = list(series.documents())
    assert [d["step"] for d in documents] == LONG_STEPS
    stored = tb_helpers.stored_steps(os.path.join(logdir, "long"))
    assert [d["activations"] for d in documents] == [stored[s][0]["activations"] for s in LONG_STEPS]
    assert all(d["wall_time"] > 1e9 for d in documents)
    assert series.records == tuple((d["step"], d["wall_time"]) for d in documents)
    assert series.structure["model_type"] == "Net" and series.unreadable == []
    # 24 step blobs (step 120 came from the cache) and the structure.
    assert provider.blob_reads == 1 + 24 + 1
    data.step("long", "model", 120)
    assert provider.blob_reads == 26  # still cached: the bulk read did not push it out
    assert data.step_records("long", "model") == series.records


def test_step_series_reads_a_long_run_a_chunk_at_a_time(logdir, open_provider, monkeypatch):
    """A run's steps are not all held at once: the documents come as they are read, the
    next chunk read while the last is used."""
    monkeypatch.setattr(reader, "_SERIES_CHUNK", 4)
    provider = CountingProvider(open_provider(logdir))
    series = reader.ModelVizReader(provider).step_series("long", "model")
    before = provider.blob_reads
    documents = series.documents()
    assert next(documents)["step"] == LONG_STEPS[0]
    time.sleep(0.2)  # whatever was started has been read by now
    assert before + 4 <= provider.blob_reads <= before + 8  # two chunks at most
    assert [d["step"] for d in documents] == LONG_STEPS[1:]


def test_step_series_reads_fewer_large_documents_at_a_time(logdir, open_provider, monkeypatch):
    """Chunks are sized by the JSON they hold (issue 26): documents near the format's
    bound are read one at a time, not 32."""
    monkeypatch.setattr(reader, "_SERIES_CHUNK", 4)
    monkeypatch.setattr(reader, "_SERIES_CHUNK_BYTES", 1)  # every document is "large"
    provider = CountingProvider(open_provider(logdir))
    series = reader.ModelVizReader(provider).step_series("long", "model")
    before = provider.blob_reads
    documents = series.documents()
    assert next(documents)["step"] == LONG_STEPS[0]
    time.sleep(0.2)
    assert before + 1 <= provider.blob_reads <= before + 2  # one, then the next one
    assert [d["step"] for d in documents] == LONG_STEPS[1:]


def test_step_series_lists_damaged_steps_and_follows_the_latest_model(logdir, open_provider):
    data = reader.ModelVizReader(open_provider(logdir))
    series = data.step_series("damaged", "model")
    assert [d["step"] for d in series.documents()] == [0, 2, 4, 5]
    assert [entry["step"] for entry in series.unreadable] == [1, 3]
    assert "newer tensorboard_modelviz" in series.unreadable[1]["error"]
    assert len(series.records) == 6
    assert data.step_series("changed", "model").structure["model_type"] == "Bigger"
    # The latest step of "partial" has no structure: the one before gives the model order.
    series = data.step_series("partial", "model")
    assert [d["step"] for d in series.documents()] == [0, 1]
    assert series.structure["hash"] == data.step("partial", "model", 0)["structure"]
    # A fresh reader: structures are cached by content hash, and "damaged" holds the same one.
    with pytest.raises(codec.NewerFormatError):
        reader.ModelVizReader(open_provider(logdir)).step_series("newer", "model")
    with pytest.raises(reader.TagNotFoundError):
        data.step_series("long", "nope")


def test_caches_weigh_documents_by_their_size_and_keep_none_above_their_bound():
    """Issue 26: a document near the format's bound (32 MiB of JSON) must not fill a cache
    sized in documents with gigabytes, nor be kept by a cache smaller than it."""
    cache = reader.LRUCache(4, weigh=lambda entry: reader._cache_units(entry[1], 100))
    cache.put("a", ("small", 50))  # one unit
    cache.put("b", ("large", 250))  # three
    assert cache.get("a") and cache.get("b")
    cache.put("c", ("small", 10))  # five units in all: the least recently used goes
    assert cache.get("a") is None and cache.get("b") and cache.get("c")
    cache.put("d", ("huge", 1000))  # ten units alone: not kept, and nothing evicted for it
    assert cache.get("d") is None and cache.get("b") and cache.get("c")


def test_version_2_step_blobs_are_read_as_version_1_and_damaged_ones_refused(tmp_path, open_provider):
    """A run whose step blobs are format version 2 (statistics as columns): step 0 as a
    capture writes it, read as version 1's document; step 1's columns cut short and step
    2's column heads damaged, each a FormatError naming the step, never a traceback."""
    import json
    import zlib

    import torch

    from tensorboard_modelviz.capture.recording import CaptureOptions, capture_model

    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.ReLU(), torch.nn.Linear(8, 2))
    result = capture_model(model, torch.randn(3, 4), options=CaptureOptions(max_samples=0))
    blob = result.blobs[0]
    assert codec.blob_version(blob) == codec.STEP_FORMAT_VERSION
    inflater = zlib.decompressobj()
    document = json.loads(inflater.decompress(blob[5:]))
    document["params"]["keys"][1] = document["params"]["keys"][0]
    damaged_head = blob[:5] + zlib.compress(json.dumps(document).encode()) + inflater.unused_data
    log = tb_helpers.EventLog(str(tmp_path / "columns"))
    log.add_blobs(metadata.structure_tag("model"), [codec.encode_structure(result.structure)], 0)
    step_tag = metadata.step_tag("model")
    for step, step_blob in enumerate((blob, blob[:-5], damaged_head)):
        log.add_blobs(step_tag, [step_blob], step)
    log.close()
    data = reader.ModelVizReader(open_provider(str(tmp_path)))
    read = data.step("columns", "model", 0)
    assert read["format_version"] == 1
    assert {key: read[key] for key in ("activations", "params", "grads")} == {
        name: {key: codec.json_safe(dict(stats)) for key, stats in result.step[name].items()}
        for name in ("activations", "params", "grads")
    }
    with pytest.raises(codec.FormatError, match="step 1: corrupt step blob"):
        data.step("columns", "model", 1)
    with pytest.raises(codec.FormatError, match="step 2: corrupt step blob: 'params': a key is listed twice"):
        data.step("columns", "model", 2)
