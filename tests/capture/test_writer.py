"""The writer API: argument checks, supported writers, what lands in the event file."""

import gc
import glob
import os
import warnings

import pytest
import torch
import torch.nn as nn
import torch.utils.tensorboard
from tensorboard.backend.event_processing.event_file_loader import EventFileLoader
from tensorboard.compat.proto import summary_pb2

import tensorboard_modelviz
from tensorboard_modelviz import SummaryWriter, add_model_viz
from tensorboard_modelviz.capture import model_lock, recording
from tensorboard_modelviz.format import codec, metadata


def _tiny():
    torch.manual_seed(0)
    return nn.Sequential(nn.Conv2d(1, 4, 3), nn.ReLU(), nn.Flatten(), nn.Linear(4 * 6 * 6, 3))


def _records(logdir):
    """(step, tag, blobs, wall_time, data_class) of every modelviz value in the run."""
    out = []
    for path in sorted(glob.glob(os.path.join(logdir, "events.out.tfevents.*"))):
        for event in EventFileLoader(path).Load():
            for value in event.summary.value:
                if value.tag.startswith(metadata.TAG_PREFIX):
                    out.append(
                        (
                            event.step,
                            value.tag,
                            list(value.tensor.string_val),
                            event.wall_time,
                            value.metadata.data_class,
                        )
                    )
    return out


def test_structure_once_step_every_call(tmp_path):
    with SummaryWriter(str(tmp_path)) as w:
        model, x = _tiny(), torch.randn(2, 1, 8, 8)
        for step in (0, 5, 10):
            w.add_model_viz(model, x, step)
    records = _records(str(tmp_path))
    assert [(r[0], r[1]) for r in records] == [
        (0, "modelviz/model/structure"),
        (0, "modelviz/model/step"),
        (5, "modelviz/model/step"),
        (10, "modelviz/model/step"),
    ]
    assert all(r[4] == summary_pb2.DATA_CLASS_BLOB_SEQUENCE for r in records)
    structure = codec.decode_structure(records[0][2][0])
    for _, _, blobs, _, _ in records[1:]:
        step = codec.decode_step(blobs[0])
        assert step["structure"] == structure["hash"]
        for entry in step["samples"].values():
            header, values = codec.decode_sample(blobs[entry["blob"]])
            assert header["shape"] == entry["shape"]


def test_changed_structure_is_written_again(tmp_path):
    with SummaryWriter(str(tmp_path)) as w:
        model = _tiny()
        w.add_model_viz(model, torch.randn(2, 1, 8, 8), 0)
        model[0].weight.requires_grad_(False)  # freezing a layer changes the table
        w.add_model_viz(model, torch.randn(2, 1, 8, 8), 1)
    tags = [(r[0], r[1]) for r in _records(str(tmp_path)) if r[1].endswith("/structure")]
    assert tags == [(0, "modelviz/model/structure"), (1, "modelviz/model/structure")]


def test_function_form_on_torch_writer_with_tag_walltime_and_auto_step(tmp_path):
    writer = torch.utils.tensorboard.SummaryWriter(str(tmp_path))
    model, x = _tiny(), torch.randn(1, 1, 8, 8)
    tensorboard_modelviz.add_model_viz(writer, model, x, tag="encoder", walltime=1234.5)
    add_model_viz(writer, model, x, tag="encoder")
    writer.close()
    records = _records(str(tmp_path))
    steps = [(r[0], r[1]) for r in records if r[1].endswith("/step")]
    assert steps == [(0, "modelviz/encoder/step"), (1, "modelviz/encoder/step")]
    assert records[0][3] == 1234.5


def test_tensorboardx_writer(tmp_path):
    tbx = pytest.importorskip("tensorboardX")
    writer = tbx.SummaryWriter(str(tmp_path))
    add_model_viz(writer, _tiny(), torch.randn(1, 1, 8, 8), 3)
    writer.close()
    records = _records(str(tmp_path))
    assert [(r[0], r[1]) for r in records] == [(3, "modelviz/model/structure"), (3, "modelviz/model/step")]
    assert all(r[4] == summary_pb2.DATA_CLASS_BLOB_SEQUENCE for r in records)


def test_logger_with_experiment_attribute(tmp_path):
    class Logger:  # the shape of Lightning's TensorBoardLogger
        def __init__(self, path):
            self.experiment = torch.utils.tensorboard.SummaryWriter(path)

    logger = Logger(str(tmp_path))
    add_model_viz(logger, _tiny(), torch.randn(1, 1, 8, 8), 0)
    logger.experiment.close()
    assert len(_records(str(tmp_path))) == 2


def _with_meta_buffer():
    """A model whose parameters are real and one buffer is on the meta device."""
    layer = nn.Linear(2, 2)
    layer.register_buffer("scale", torch.ones(2, device="meta"))
    return nn.Sequential(layer)


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        (dict(writer=object()), TypeError, "writer must be a SummaryWriter"),
        (dict(model="not a model"), TypeError, "model must be a torch.nn.Module"),
        (dict(inputs=[1, 2]), TypeError, "inputs hold no tensor"),
        (dict(inputs="x"), TypeError, "inputs must be a tensor"),
        (dict(global_step=-1), ValueError, "global_step must be an int from 0 to 2"),
        (dict(global_step=1.5), ValueError, "global_step must be an int from 0 to 2"),
        # int64 overflows in the event file; above 2**53 the dashboard's numbers round it.
        (dict(global_step=2**63), ValueError, r"global_step must be an int from 0 to 2\*\*53 - 1"),
        (dict(global_step=10**30), ValueError, "global_step must be an int from 0 to 2"),
        (dict(global_step=2**53), ValueError, "global_step must be an int from 0 to 2"),
        (dict(tag=""), ValueError, "tag must be a non-empty string"),
        (dict(tag='a"b'), ValueError, "TensorBoard's default loader cannot read"),
        (dict(tag="a\\b"), ValueError, "TensorBoard's default loader cannot read"),
        (dict(tag="a\tb"), ValueError, "TensorBoard's default loader cannot read"),
        (dict(tag="a\0b"), ValueError, "TensorBoard's default loader cannot read"),
        (
            dict(model=nn.Linear(2, 2, device="meta"), inputs=torch.randn(1, 2)),
            ValueError,
            "'weight' is on the meta device",
        ),
        (dict(model=_with_meta_buffer(), inputs=torch.randn(1, 2)), ValueError, "'0.scale' is on the meta device"),
        (dict(walltime="now"), TypeError, "walltime must be a number"),
        (dict(max_bytes=-1), ValueError, "max_bytes must be a non-negative int"),
        (dict(include=[3]), TypeError, "include must be a list of glob patterns"),
        (dict(module_types=[int]), TypeError, "module_types must hold nn.Module classes"),
        (dict(mode="test"), ValueError, "mode must be None, 'train' or 'eval'"),
        (dict(ranks="some"), ValueError, "ranks must be 'zero' or 'all'"),
        (dict(colour="red"), TypeError, "unknown option"),
    ],
)
def test_bad_arguments_get_clear_errors_and_write_nothing(tmp_path, kwargs, error, message):
    writer = torch.utils.tensorboard.SummaryWriter(str(tmp_path))
    args = dict(writer=writer, model=_tiny(), inputs=torch.randn(1, 1, 8, 8), global_step=0)
    args.update(kwargs)
    with pytest.raises(error, match=message):
        add_model_viz(args.pop("writer"), args.pop("model"), args.pop("inputs"), **args)
    writer.close()
    assert _records(str(tmp_path)) == []


def test_a_step_document_over_the_formats_bound_warns_and_writes_no_step(tmp_path, monkeypatch):
    monkeypatch.setattr(codec, "MAX_STEP_BYTES", 2000)
    writer = torch.utils.tensorboard.SummaryWriter(str(tmp_path))
    with pytest.warns(
        RuntimeWarning, match="could not record everything at step 0.*TooLargeError.*MiB a blob may hold"
    ):
        add_model_viz(writer, _tiny(), torch.randn(1, 1, 8, 8), 0)
    writer.close()
    assert [record[1] for record in _records(str(tmp_path))] == ["modelviz/model/structure"]


def test_the_largest_step_is_written_and_read_back(tmp_path):
    writer = torch.utils.tensorboard.SummaryWriter(str(tmp_path))
    add_model_viz(writer, _tiny(), torch.randn(1, 1, 8, 8), 2**53 - 1)
    writer.close()
    assert {record[0] for record in _records(str(tmp_path))} == {2**53 - 1}


def test_a_step_logged_backwards_is_told(tmp_path):
    writer = torch.utils.tensorboard.SummaryWriter(str(tmp_path))
    model, x = _tiny(), torch.randn(1, 1, 8, 8)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        add_model_viz(writer, model, x, 10)
        add_model_viz(writer, model, x, 10)  # the same step again: no warning
    with pytest.warns(RuntimeWarning, match="step 5 is below step 10.*default loader.*restart"):
        add_model_viz(writer, model, x, 5)
    writer.close()
    assert [record[0] for record in _records(str(tmp_path)) if record[1].endswith("/step")] == [10, 10, 5]


def test_a_run_directory_the_default_loader_cannot_read_is_told_once(tmp_path):
    writer = torch.utils.tensorboard.SummaryWriter(str(tmp_path / 'run"quoted'))
    model, x = _tiny(), torch.randn(1, 1, 8, 8)
    with pytest.warns(RuntimeWarning, match="holds '\"'.*--load_fast=false") as caught:
        add_model_viz(writer, model, x, 0)
        add_model_viz(writer, model, x, 1)
    assert len([w for w in caught if "run directory" in str(w.message)]) == 1
    writer.close()
    assert sorted({record[0] for record in _records(writer.log_dir)}) == [0, 1]  # recorded all the same
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        plain = torch.utils.tensorboard.SummaryWriter(str(tmp_path / "plain"))
        add_model_viz(plain, model, x, 0)
        plain.close()


def test_an_error_in_a_forward_pre_hook_names_its_module(tmp_path):
    model = nn.Sequential(nn.Sequential(nn.Linear(2, 2), nn.ReLU()))

    def refuse(module, args):
        raise RuntimeError("pre-hook says no")

    model[0][0].register_forward_pre_hook(refuse)
    writer = torch.utils.tensorboard.SummaryWriter(str(tmp_path))
    with pytest.raises(RuntimeError, match="pre-hook says no") as caught:
        add_model_viz(writer, model, torch.randn(1, 2), 0)
    writer.close()
    assert any("raised in module '0.0' (Linear)" in note for note in caught.value.__notes__)


def test_include_exclude_and_module_types_select_recorded_layers(tmp_path):
    model, x = _tiny(), torch.randn(1, 1, 8, 8)
    picked = recording.capture_model(model, x, recording.CaptureOptions(include=["0"], module_types=[nn.Linear]))
    assert sorted(picked.step["activations"]) == ["0#0", "3#0"]
    dropped = recording.capture_model(model, x, recording.CaptureOptions(exclude=["*"]))
    assert dropped.step["activations"] == {} and dropped.samples == []
    assert len(dropped.structure["layers"]) == 5  # the table always covers the whole model


def test_byte_budget_is_held(tmp_path):
    model = nn.Sequential(*[nn.Conv2d(8, 8, 3, padding=1) for _ in range(20)])
    x = torch.randn(2, 8, 64, 64)
    for budget in (12 * 1024, 64 * 1024):
        result = recording.capture_model(model, x, recording.CaptureOptions(max_bytes=budget))
        used = len(codec.encode_step(result.step)) + sum(len(codec.encode_sample(h, v)) for h, v in result.samples)
        assert used <= budget
        assert result.step["capture"]["complete"]
    assert len(result.samples) == 20  # with room, every layer has a sample (the root shares the last)
    # Statistics are always kept: a budget below their size drops the samples, and says so.
    starved = recording.capture_model(model, x, recording.CaptureOptions(max_bytes=1024))
    assert starved.samples == [] and starved.step["activations"]
    assert "no activation samples stored" in starved.step["capture"]["warnings"][0]


def test_internal_failure_warns_once_and_writes_what_it_could(tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom in our statistics")

    monkeypatch.setattr("tensorboard_modelviz.capture.statistics._own_small_copy", broken)  # in the hooks
    with SummaryWriter(str(tmp_path)) as w:
        model, x = _tiny(), torch.randn(1, 1, 8, 8)
        with pytest.warns(RuntimeWarning, match="boom in our statistics"):
            w.add_model_viz(model, x, 0)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            w.add_model_viz(model, x, 1)  # warned once already: silent now
    records = _records(str(tmp_path))
    assert [r[0] for r in records if r[1].endswith("/step")] == [0, 1]
    step = codec.decode_step(records[1][2][0])
    assert step["capture"]["complete"] is False
    assert "boom" in step["capture"]["warnings"][-1]
    assert step["params"]  # what did not depend on the failing part is there


@pytest.mark.parametrize("steady", [False, True], ids=["first call", "steady call"])
def test_a_failure_making_the_activation_columns_is_ours_not_the_models(tmp_path, monkeypatch, steady):
    """The activations' statistics turned into columns after the forward (tracer's
    finish_stats, StatColumns.of) fail: our failure, not the model's (it ran in
    _forward_once's finally, and reached the loop as if the model had raised). The loop
    goes on, one warning, the step written without activations, the parameters kept."""
    from tensorboard_modelviz.capture.stat_columns import StatColumns

    model, x = _tiny(), torch.randn(1, 1, 8, 8)
    with SummaryWriter(str(tmp_path)) as w:
        if steady:
            w.add_model_viz(model, x, 0)  # the structure known: the next call runs with hooks alone

        def broken(cls, *args, **kwargs):
            raise RuntimeError("boom making columns")

        monkeypatch.setattr(StatColumns, "of", classmethod(broken))
        with pytest.warns(RuntimeWarning, match="boom making columns"):
            w.add_model_viz(model, x, 1)  # never raises
        monkeypatch.undo()
    step = codec.decode_step(_records(str(tmp_path))[-1][2][0])
    assert step["capture"]["complete"] is False
    assert any("boom making columns" in warning for warning in step["capture"]["warnings"])
    assert step["activations"] == {} and step["params"]


def test_a_failure_storing_the_statistics_as_columns_writes_the_step_without_them(tmp_path, monkeypatch):
    """The step blob's columns (format version 2, StatColumns.stored_columns) fail to
    encode: our failure. The loop goes on, one warning, and the step is still written
    and readable, its statistics left out and the warning saying so."""
    from tensorboard_modelviz.capture.stat_columns import StatColumns

    def broken(self):
        raise RuntimeError("boom storing columns")

    monkeypatch.setattr(StatColumns, "stored_columns", broken)
    with SummaryWriter(str(tmp_path)) as w:
        model, x = _tiny(), torch.randn(1, 1, 8, 8)
        with pytest.warns(RuntimeWarning, match="boom storing columns"):
            w.add_model_viz(model, x, 0)  # never raises
    monkeypatch.undo()
    records = _records(str(tmp_path))
    assert [r[0] for r in records if r[1].endswith("/step")] == [0]
    step = codec.decode_step([r for r in records if r[1].endswith("/step")][0][2][0])
    assert step["capture"]["complete"] is False
    assert any("boom storing columns" in warning for warning in step["capture"]["warnings"])
    assert step["activations"] == step["params"] == step["grads"] == {}


def test_only_rank_zero_writes_by_default(tmp_path, monkeypatch):
    monkeypatch.setattr(torch.distributed, "is_initialized", lambda: True)
    monkeypatch.setattr(torch.distributed, "get_rank", lambda group=None: 1)
    writer = torch.utils.tensorboard.SummaryWriter(str(tmp_path))
    add_model_viz(writer, _tiny(), torch.randn(1, 1, 8, 8), 0)
    add_model_viz(writer, _tiny(), torch.randn(1, 1, 8, 8), 1, ranks="all")
    writer.close()
    assert [r[0] for r in _records(str(tmp_path))] == [1, 1]


def test_ranks_all_gives_one_run_per_rank(tmp_path, monkeypatch):
    monkeypatch.setattr(torch.distributed, "is_initialized", lambda: True)
    monkeypatch.setattr(torch.distributed, "get_rank", lambda group=None: 2)
    with SummaryWriter(str(tmp_path), ranks="all") as w:
        w.add_model_viz(_tiny(), torch.randn(1, 1, 8, 8), 0)
    assert len(_records(os.path.join(str(tmp_path), "rank_2"))) == 2


def test_update_ratio_matches_a_direct_computation(tmp_path):
    model, x = _tiny(), torch.randn(1, 1, 8, 8)
    with SummaryWriter(str(tmp_path)) as w:
        w.add_model_viz(model, x, 0)
        before = {n: p.detach().clone() for n, p in model.named_parameters()}
        with torch.no_grad():
            model[0].weight.add_(0.1 * torch.randn_like(model[0].weight))
        w.add_model_viz(model, x, 1)
        w.add_model_viz(model, x, 2, track_updates=False)
    steps = [codec.decode_step(r[2][0]) for r in _records(str(tmp_path)) if r[1].endswith("/step")]
    assert steps[0]["updates"] == {}  # nothing to compare with yet
    expected = ((model[0].weight - before["0.weight"]).norm() / before["0.weight"].norm()).item()
    assert steps[1]["updates"]["0.weight"] == pytest.approx(expected, rel=1e-5)
    assert steps[1]["updates"]["3.weight"] == 0.0  # untouched layer: not learning
    assert steps[2]["updates"] == {}


def test_two_models_under_one_tag_each_have_their_own_update_ratios(tmp_path):
    """A model and its twin (same names and shapes, other values: an EMA copy, a second
    seed) recorded in turn under one tag: each call's update ratios compare the model with
    its own previous call, never with the other model's weights."""
    model, x = _tiny(), torch.randn(1, 1, 8, 8)
    twin = _tiny()
    with torch.no_grad():
        for p in twin.parameters():
            p.mul_(2.0)
    with SummaryWriter(str(tmp_path)) as w:
        for step, m in enumerate((model, twin, model, twin)):
            w.add_model_viz(m, x, step)
    steps = [codec.decode_step(r[2][0]) for r in _records(str(tmp_path)) if r[1].endswith("/step")]
    assert steps[0]["updates"] == {} and steps[1]["updates"] == {}  # each model's first call
    for later in steps[2:]:  # neither model changed since its own previous call
        assert later["updates"] and set(later["updates"].values()) == {0.0}, later["updates"]


class _EqualByConfig(nn.Sequential):
    """A model compared and hashed by its configuration (every such model is equal, hash
    and all), as a config-holding model may be. (One with `__eq__` and no `__hash__` is
    unhashable, and torch's own `modules()` and `parameters()` raise on it.)"""

    def __eq__(self, other):
        return isinstance(other, _EqualByConfig)

    def __hash__(self):
        return 0


def test_models_compared_by_value_are_recorded_each_as_itself(tmp_path):
    """A model equal to its twin (its class compares by configuration) is still a model of
    its own: each one's update ratios compare it with its own previous call."""
    torch.manual_seed(0)
    model, x = _EqualByConfig(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 2)), torch.randn(2, 4)
    twin = _EqualByConfig(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 2))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with SummaryWriter(str(tmp_path)) as w:
            for step, m in enumerate((model, twin, model, twin)):
                w.add_model_viz(m, x, step)
    steps = [codec.decode_step(r[2][0]) for r in _records(str(tmp_path)) if r[1].endswith("/step")]
    assert len(steps) == 4
    assert steps[0]["updates"] == {} and steps[1]["updates"] == {}
    for later in steps[2:]:
        assert later["updates"] and set(later["updates"].values()) == {0.0}, later["updates"]


def test_a_wrapper_made_anew_each_call_compares_with_its_module(tmp_path):
    """The previous call is the module's that runs (docs/format.md): a DataParallel made
    anew around one model at each call still has its update ratios."""
    model, x = _tiny(), torch.randn(1, 1, 8, 8)
    with SummaryWriter(str(tmp_path)) as w:
        for step in range(2):
            w.add_model_viz(nn.DataParallel(model), x, step)
    steps = [codec.decode_step(r[2][0]) for r in _records(str(tmp_path)) if r[1].endswith("/step")]
    assert steps[1]["updates"] and set(steps[1]["updates"].values()) == {0.0}, steps[1]["updates"]


def test_a_steady_call_leaves_the_collector_nothing_to_collect(tmp_path):
    """The call's documents are freed while the collector is paused: none of its
    collections runs over them once it is back (one every call, 0.6 ms each, before)."""
    model = nn.Sequential(*[nn.Sequential(nn.Linear(4, 4), nn.ReLU()) for _ in range(200)])
    x = torch.randn(2, 4)
    writer = SummaryWriter(str(tmp_path))
    collections = []

    def count(phase, info):
        if phase == "start":
            collections.append(info["generation"])

    gc.collect()
    for step in range(4):  # the structure, then steady calls until the collector's count is steady
        writer.add_model_viz(model, x, step)
    gc.callbacks.append(count)
    try:
        for step in range(4, 9):
            writer.add_model_viz(model, x, step)
    finally:
        gc.callbacks.remove(count)
        writer.close()
    assert gc.isenabled() and len(collections) <= 1


def test_thread_count_is_restored(tmp_path):
    before = torch.get_num_threads()
    torch.set_num_threads(2)
    try:
        with SummaryWriter(str(tmp_path)) as w:
            w.add_model_viz(_tiny(), torch.randn(1, 1, 8, 8), 0)
        assert torch.get_num_threads() == 2
    finally:
        torch.set_num_threads(before)


@pytest.mark.parametrize("how", ["process group", "RANK set by torchrun, before the group"])
def test_a_rank_that_does_not_write_opens_no_event_file(how, tmp_path, monkeypatch):
    """Another event file in rank 0's run directory, even empty, makes TensorBoard's Python
    loader stop reading rank 0's: with ranks="zero" another rank's writer opens none."""
    if how == "process group":
        monkeypatch.setattr(torch.distributed, "is_initialized", lambda: True)
        monkeypatch.setattr(torch.distributed, "get_rank", lambda group=None: 1)
    else:
        monkeypatch.setenv("RANK", "1")
    with SummaryWriter(str(tmp_path)) as w:
        w.add_scalar("loss", 1.0, 0)
        w.add_scalars("pair", {"a": 1.0, "b": 2.0}, 0)
        w.add_model_viz(_tiny(), torch.randn(1, 1, 8, 8), 0)
        w.flush()
    assert list(tmp_path.rglob("events.out.tfevents.*")) == []
    monkeypatch.undo()
    with SummaryWriter(str(tmp_path)) as w:  # rank 0 writes
        w.add_scalar("loss", 1.0, 0)
    assert len(list(tmp_path.rglob("events.out.tfevents.*"))) == 1


def test_torchs_file_writer_gets_the_events_its_add_summary_would_make(tmp_path, monkeypatch):
    """The writer hands torch's FileWriter whole events (the summary made inside one):
    the same bytes as add_summary's, step and wall time included."""
    from tensorboard.compat.proto import event_pb2
    from torch.utils.tensorboard.writer import FileWriter

    events = []
    monkeypatch.setattr(
        FileWriter, "add_event", lambda self, event, step=None, walltime=None: events.append((event, step, walltime))
    )
    writer = SummaryWriter(str(tmp_path))
    writer.add_model_viz(_tiny(), torch.randn(1, 1, 8, 8), 7, walltime=12.5)
    writer.close()
    assert [(e.summary.value[0].tag, step, walltime) for e, step, walltime in events] == [
        (metadata.structure_tag(metadata.DEFAULT_TAG), 7, 12.5),
        (metadata.step_tag(metadata.DEFAULT_TAG), 7, 12.5),
    ]
    for event, _, _ in events:
        value = event.summary.value[0]
        expected = event_pb2.Event(summary=summary_pb2.Summary(value=[value]))
        assert event.SerializeToString() == expected.SerializeToString()
        assert value.metadata.data_class == summary_pb2.DATA_CLASS_BLOB_SEQUENCE


class _Keywords(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Linear(4, 3)

    def forward(self, input_ids, attention_mask):
        return self.embed(input_ids) * attention_mask


def test_a_tokenizers_batch_encoding_is_taken_as_keyword_arguments(tmp_path):
    """A Mapping that is no dict (a tokenizer's BatchEncoding, a UserDict), as the model is
    called with it (`model(**encoding)`): the documents of a dict of the same arguments."""
    transformers = pytest.importorskip("transformers")
    torch.manual_seed(0)
    model = _Keywords()
    arguments = {"input_ids": torch.randn(2, 4), "attention_mask": torch.ones(2, 3)}
    with SummaryWriter(str(tmp_path / "dict")) as w:
        w.add_model_viz(model, arguments, 0)
    with SummaryWriter(str(tmp_path / "encoding")) as w:
        w.add_model_viz(model, transformers.BatchEncoding(arguments), 0)
    documents = []
    for run in ("dict", "encoding"):
        records = _records(str(tmp_path / run))
        assert [r[1] for r in records] == ["modelviz/model/structure", "modelviz/model/step"]
        step = codec.decode_step(records[1][2][0])
        step["capture"]["seconds"] = 0.0
        documents.append((codec.decode_structure(records[0][2][0]), step))
    assert documents[0] == documents[1]
    assert documents[1][1]["input_fingerprint"] is not None


class _Refuses(nn.Module):
    """A module whose forward raises the RuntimeError subclass that model_lock raises."""

    def forward(self, x):
        raise model_lock.NotTaken("the model's own")


def test_a_not_taken_raised_by_the_models_forward_reaches_the_user(tmp_path):
    """The writer leaves a call out where the model's lock is not taken (a backward while
    another thread's call holds it), and only then: the same exception raised by the
    model's forward is the model's own error, which reaches the user."""
    model = nn.Sequential(nn.Linear(4, 4), _Refuses())
    with SummaryWriter(str(tmp_path)) as w:
        with pytest.raises(model_lock.NotTaken, match="the model's own"):
            w.add_model_viz(model, torch.randn(2, 4), 0)
