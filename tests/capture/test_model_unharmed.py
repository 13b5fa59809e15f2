"""`add_model_viz` leaves the model, its inputs and the process exactly as they were.

A training loop calls add_model_viz between steps; anything the call changes (a running
mean, a random number drawn, a hook left behind, a frozen flag flipped) silently changes
training. Each zoo model is checked in the mode it was built in (the `frozen` model mixes
an eval-mode backbone under a train-mode head), in train mode and in eval mode, after a
real backward pass so that gradients exist.
"""

import gc
import os
import shutil
import warnings

import model_invariance
import pytest
import torch
import zoo

from tensorboard_modelviz import SummaryWriter
from tensorboard_modelviz.capture.recording import CaptureOptions, capture_model
from tensorboard_modelviz.capture.structure_key import KnownStructure

MODES = ["as_built", "train", "eval"]

# torch's notes about the user hooks this file registers (dict outputs, no input grads).
pytestmark = [
    pytest.mark.filterwarnings("ignore:For backward hooks to be called:UserWarning"),
    pytest.mark.filterwarnings("ignore:Full backward hook is firing:UserWarning"),
]


def bits(t):
    """The tensor's bytes, so that comparisons are exact (-0.0 vs 0.0, NaN payloads)."""
    return model_invariance.tensor_bits(t)


def next_step_bits(record):
    """One training step of `record`'s model (seeded forward, backward, SGD update), as the
    bits of its outputs, then of every parameter, gradient and buffer after it: what a
    capture before the step must leave exactly as without it."""
    torch.manual_seed(7)
    output = zoo.call(record.model, record.inputs)
    zoo.loss_of(output).backward()
    with torch.no_grad():
        for p in record.model.parameters():
            if p.grad is not None:
                p -= 0.01 * p.grad
    return (
        [bits(t) for t in zoo.tensors_in(output)]
        + [bits(p) for p in record.model.parameters()]
        + [bits(p.grad) for p in record.model.parameters() if p.grad is not None]
        + [bits(b) for b in record.model.buffers()]
    )


def set_mode(model, mode):
    if mode == "train":
        model.train()
    elif mode == "eval":
        model.eval()


class Snapshot:
    """Everything about a model, its inputs and the process that a capture must not
    change (tests/model_invariance.py), version counters included."""

    def __init__(self, model, inputs):
        self.before = model_invariance.take(model, inputs=inputs)

    def assert_unchanged(self, model, inputs, versions=True):
        model_invariance.assert_same(self.before, model_invariance.take(model, inputs=inputs), versions)


def prepared(name, mode):
    """A zoo model in `mode`, with user hooks and with gradients from a real backward."""
    record = zoo.build(name)
    model = record.model
    set_mode(model, mode)
    user_calls = []
    inner = record.unwrapped
    first_child = next(inner.children(), inner)
    first_child.register_forward_pre_hook(lambda m, args: user_calls.append("pre"))
    first_child.register_forward_hook(lambda m, args, out: user_calls.append("fwd"))
    inner.register_forward_hook(lambda m, args, out: user_calls.append("root"))
    if any(p.requires_grad for p in model.parameters()):
        # On the root: a full backward hook forbids in-place changes of its module's output.
        inner.register_full_backward_hook(lambda m, gin, gout: user_calls.append("bwd"))
        zoo.loss_of(zoo.call(model, record.inputs)).backward()
    return record, user_calls


class SavedTensorCounter(torch.autograd.graph.saved_tensors_hooks):
    """Counts tensors autograd saves for backward: zero means no graph was built."""

    def __init__(self):
        self.saved = 0

        def pack(t):
            self.saved += 1
            return t

        super().__init__(pack, lambda t: t)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("name", zoo.NAMES)
def test_add_model_viz_leaves_everything_as_it_was(name, mode, tmp_path):
    record, _ = prepared(name, mode)
    snapshot = Snapshot(record.model, record.inputs)
    writer = SummaryWriter(str(tmp_path))
    counter = SavedTensorCounter()
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)  # our failure warning would fail the test
        with counter:
            writer.add_model_viz(record.model, record.inputs, 0)
            writer.add_model_viz(record.model, record.inputs, 1)
    writer.close()
    assert counter.saved == 0, "the capture built an autograd graph (%d saved tensors)" % counter.saved
    snapshot.assert_unchanged(record.model, record.inputs)


@pytest.mark.parametrize("name", zoo.NAMES)
def test_training_continues_identically_after_a_capture(name):
    """Twin models, one captured: the next training step gives bit-identical results."""
    results = []
    for capture in (False, True):
        torch.manual_seed(5)  # the same dropout masks in both twins' first backward
        record, _ = prepared(name, "as_built")
        if capture:
            capture_model(record.model, record.inputs)
        results.append(next_step_bits(record))
    assert len(results[0]) == len(results[1])
    for plain, after_capture in zip(*results):
        assert torch.equal(plain, after_capture)


@pytest.mark.parametrize("name", zoo.names_where(lambda r: r.uses_dropout))
def test_dropout_draws_the_same_numbers_with_and_without_a_capture(name, tmp_path):
    record = zoo.build(name)
    record.model.train()
    torch.manual_seed(3)
    state = torch.get_rng_state()
    without = zoo.tensors_in(zoo.call(record.model, record.inputs))
    torch.set_rng_state(state)
    writer = SummaryWriter(str(tmp_path))
    writer.add_model_viz(record.model, record.inputs, 0)
    writer.close()
    with_capture = zoo.tensors_in(zoo.call(record.model, record.inputs))
    for a, b in zip(without, with_capture):
        assert torch.equal(bits(a), bits(b))
    # And the dropout really is random: a second forward differs.
    again = zoo.tensors_in(zoo.call(record.model, record.inputs))
    assert not all(torch.equal(a, b) for a, b in zip(with_capture, again))


def test_buffers_and_counters_mutated_by_forward_are_restored():
    record = zoo.build("buffer_mutation")
    model = record.model.train()
    before = {n: b.clone() for n, b in model.named_buffers()}
    capture_model(model, record.inputs)
    after = dict(model.named_buffers())
    assert int(after["forward_count"]) == 0
    assert int(after["bn.num_batches_tracked"]) == 0
    for name, value in before.items():
        assert torch.equal(after[name], value), name
    # The model really does mutate them: a plain forward changes both.
    zoo.call(model, record.inputs)
    assert int(model.forward_count) == 1 and int(model.bn.num_batches_tracked) == 1


def test_buffers_of_every_dtype_and_layout_are_restored_in_place():
    """Buffers are snapshot one flat copy per dtype; a sparse one cannot be flattened
    or compared and is copied back as a whole."""

    class Mixed(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.bn = torch.nn.BatchNorm1d(4)
            self.register_buffer("sparse", torch.eye(3).to_sparse())
            self.register_buffer("wide", torch.zeros(2, dtype=torch.float64))
            self.register_buffer("untouched", torch.ones(5))

        def forward(self, x):
            self.wide.add_(1)
            self.sparse.add_(self.sparse)
            return self.bn(x)

    model = Mixed()
    dense = {n: (b.to_dense() if b.is_sparse else b).clone() for n, b in model.named_buffers()}
    identity = {n: id(b) for n, b in model.named_buffers()}
    result = capture_model(model, torch.randn(8, 4))
    assert result.failure is None
    assert identity == {n: id(b) for n, b in model.named_buffers()}
    for name, buf in model.named_buffers():
        assert torch.equal(buf.to_dense() if buf.is_sparse else buf, dense[name]), name


@pytest.mark.parametrize("with_matrix", [False, True])
def test_buffers_of_every_rank_and_stride_are_restored_with_their_versions(with_matrix):
    """Buffers of 0 or 1 dimension alike are laid end to end and cut apart by one op
    (model_state._common_rank), others through torch's flatten: counters changed and
    not, a strided 1-D view, and with_matrix a 2-D one in the same dtype's group."""

    class Ranks(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.bn = torch.nn.BatchNorm1d(4)
            self.register_buffer("steps", torch.tensor(7))
            self.register_buffer("still", torch.tensor(3))
            self.register_buffer("strided", torch.arange(10.0)[::2])
            if with_matrix:
                self.register_buffer("matrix", torch.ones(3, 2).t())

        def forward(self, x):
            self.steps.add_(1)
            self.strided.mul_(2)
            if with_matrix:
                self.matrix.add_(1)
            return self.bn(x)

    model = Ranks()
    before = {n: (b.clone(), b._version, b.stride()) for n, b in model.named_buffers()}
    identity = {n: id(b) for n, b in model.named_buffers()}
    assert capture_model(model, torch.randn(8, 4)).failure is None
    assert identity == {n: id(b) for n, b in model.named_buffers()}
    for name, buf in model.named_buffers():
        value, version, stride = before[name]
        assert torch.equal(buf, value) and buf._version == version and buf.stride() == stride, name


def test_user_hooks_still_fire_and_are_kept(tmp_path):
    record, user_calls = prepared("seed_cnn", "train")
    del user_calls[:]
    writer = SummaryWriter(str(tmp_path))
    writer.add_model_viz(record.model, record.inputs, 0)
    writer.close()
    del user_calls[:]
    zoo.loss_of(zoo.call(record.model, record.inputs)).backward()
    assert user_calls == ["pre", "fwd", "root", "bwd"]
    assert record.model.conv1.weight.grad is not None


def test_capture_outputs_carry_no_autograd_history():
    """Nothing the capture hands back is attached to a graph. (The backward graph's own
    forward, with gradients, is checked in test_autograd_unharmed.py.)"""
    record, _ = prepared("gpt_tied", "train")
    seen = []
    record.model.blocks[0].register_forward_hook(lambda m, args, out: seen.append(out))
    capture_model(record.model, record.inputs, CaptureOptions(backward_graph=False))
    assert seen, "user hooks did not run during the capture"
    assert all(out.grad_fn is None and not out.requires_grad for out in seen)


def exception_text(error):
    return "\n".join([str(error)] + list(getattr(error, "__notes__", [])))


def test_model_errors_reach_the_user_with_the_module_path(tmp_path):
    model = zoo.ExplodingModel()
    x = torch.randn(2, 4)
    snapshot = Snapshot(model, x)
    writer = SummaryWriter(str(tmp_path))
    with pytest.raises(ValueError, match="wants 3 features") as info:
        writer.add_model_viz(model, x, 0)
    writer.close()
    assert zoo.EXPLODING_PATH in exception_text(info.value)
    # The model's own exception, traceback included: the innermost frame is the layer's forward.
    innermost = info.traceback[-1]
    assert (innermost.path.name, innermost.name) == ("zoo.py", "forward")
    assert "raise ValueError" in str(innermost.statement)
    snapshot.assert_unchanged(model, x)  # hooks removed, modes and RNG restored


def test_a_model_made_under_inference_mode(tmp_path):
    """Its buffers are inference tensors, which only inference mode may write. Outside it,
    BatchNorm's own update fails, and that error, with its module, is what the user sees:
    putting the buffers back (under inference mode) neither fails nor hides it."""
    with torch.inference_mode():
        model = torch.nn.Sequential(torch.nn.Conv2d(3, 4, 3), torch.nn.BatchNorm2d(4), torch.nn.ReLU())
        x = torch.randn(2, 3, 8, 8)
    before = {k: v.clone() for k, v in model.state_dict().items()}
    with pytest.raises(RuntimeError, match="inference tensor") as info:
        capture_model(model, x)
    assert "raised in module '1' (BatchNorm2d)" in exception_text(info.value)
    assert all(torch.equal(before[k], v) for k, v in model.state_dict().items())
    with torch.inference_mode():
        result = capture_model(model, x)
    assert result.failure is None and result.step["activations"]["1#0"]["numel"] == 2 * 4 * 6 * 6
    assert all(torch.equal(before[k], v) for k, v in model.state_dict().items())


@pytest.mark.filterwarnings("ignore:`torch.jit.script` is deprecated")
def test_a_torchscript_module_is_refused_clearly_and_leaves_no_hook(tmp_path):
    scripted = torch.jit.script(torch.nn.Sequential(torch.nn.Linear(4, 4), torch.nn.ReLU()))
    model = torch.nn.Sequential(torch.nn.Linear(4, 4), scripted)
    writer = SummaryWriter(str(tmp_path))
    with pytest.raises(TypeError, match="TorchScript module"):
        writer.add_model_viz(model, torch.randn(2, 4), 0)
    writer.close()
    assert not model._forward_pre_hooks and not model[0]._forward_pre_hooks and not model[0]._forward_hooks


def test_lazy_modules_are_recorded(tmp_path):
    model = torch.nn.Sequential(torch.nn.LazyLinear(8), torch.nn.ReLU(), torch.nn.Linear(8, 2))
    result = capture_model(model, torch.randn(3, 5))
    assert result.failure is None and result.step["params"]["0.weight"]["numel"] == 40


def test_the_garbage_collector_is_paused_for_the_call_only(tmp_path):
    seen = []

    class Probe(torch.nn.Module):
        def forward(self, x):
            seen.append(gc.isenabled())
            return x * 2

    writer = SummaryWriter(str(tmp_path))
    writer.add_model_viz(Probe(), torch.randn(2, 3), 0)
    assert seen == [False] and gc.isenabled()
    gc.disable()  # a user who runs without it keeps it off
    try:
        writer.add_model_viz(Probe(), torch.randn(2, 3), 1)
        assert not gc.isenabled()
    finally:
        gc.enable()
    writer.close()


def test_a_failure_completing_statistics_after_the_forward_drops_only_those(monkeypatch, tmp_path):
    from tensorboard_modelviz.capture import statistics

    def broken(*args, **kwargs):
        raise RuntimeError("simulated failure describing a subset")

    monkeypatch.setattr(statistics, "_estimated", broken)
    model = torch.nn.Sequential(torch.nn.Linear(8, 4096), torch.nn.ReLU(), torch.nn.Linear(4096, 2))
    x = torch.randn(16, 8)  # 65,536 values after the first two layers: described from a subset
    snapshot = Snapshot(model, x)
    result = capture_model(model, x)
    snapshot.assert_unchanged(model, x)
    assert "simulated failure" in str(result.failure)
    assert set(result.step["activations"]) == {"2#0", "#0"}  # the small outputs, described at once
    assert not result.step["capture"]["complete"]


def test_model_errors_from_capture_model_name_the_module():
    model = zoo.ExplodingModel()
    with pytest.raises(ValueError) as info:
        capture_model(model, torch.randn(2, 4))
    assert zoo.EXPLODING_PATH in exception_text(info.value)


def test_bad_arguments_are_reported_clearly(tmp_path):
    record = zoo.build("seed_mlp")
    writer = SummaryWriter(str(tmp_path))
    with pytest.raises(TypeError, match="nn.Module"):
        writer.add_model_viz(lambda x: x, record.inputs, 0)
    with pytest.raises(TypeError, match="inputs"):
        writer.add_model_viz(record.model, "not a tensor", 0)
    with pytest.raises(ValueError, match="global_step"):
        writer.add_model_viz(record.model, record.inputs, -1)
    with pytest.raises(ValueError, match="max_bytes"):
        writer.add_model_viz(record.model, record.inputs, 0, max_bytes=-5)
    writer.close()


# Internal functions of the capture, each made to fail, and what must still be written.
INTERNAL_FAILURES = [
    # (module, attribute, structure written?, step document says it is incomplete?)
    (
        "tensorboard_modelviz.capture.statistics",
        "_own_small_copy",
        True,
        True,
    ),  # inside the hooks: a small output's copy
    ("tensorboard_modelviz.capture.tracer", "reduce_activation", True, True),
    ("tensorboard_modelviz.capture.recording", "describe_parameters", True, True),
    ("tensorboard_modelviz.capture.recording", "_build_structure", False, True),
    ("tensorboard_modelviz.capture.sample_plan", "quantise_grouped", True, True),  # the samples
    # Fails after the step document was made: the step is still written, as it was.
    ("tensorboard_modelviz.capture.writer", "structure_summary", False, False),
]


@pytest.mark.parametrize("module_name, attribute, has_structure, marks_step", INTERNAL_FAILURES)
def test_internal_failure_warns_once_and_writes_what_it_could(
    module_name, attribute, has_structure, marks_step, monkeypatch, tmp_path
):
    import importlib

    from tensorboard_modelviz.server.reader import open_logdir

    def broken(*args, **kwargs):
        raise RuntimeError("simulated internal failure in %s" % attribute)

    monkeypatch.setattr(importlib.import_module(module_name), attribute, broken)
    record = zoo.build("seed_cnn")
    snapshot = Snapshot(record.model, record.inputs)
    writer = SummaryWriter(str(tmp_path))
    with pytest.warns(RuntimeWarning) as caught:
        for step in range(3):
            writer.add_model_viz(record.model, record.inputs, step)  # never raises
    writer.close()
    ours = [w for w in caught if "tensorboard_modelviz" in str(w.message)]
    assert len(ours) == 1, [str(w.message) for w in caught]
    assert "simulated internal failure" in str(ours[0].message)
    snapshot.assert_unchanged(record.model, record.inputs)

    monkeypatch.undo()
    reader = open_logdir(str(tmp_path))
    runs = reader.runs()
    assert runs and runs[0]["tags"] == [{"tag": "model", "steps": [0, 1, 2]}]
    run = runs[0]["run"]
    for step in range(3):
        document = reader.step(run, "model", step)
        if marks_step:
            assert document["capture"]["complete"] is False
            assert any("simulated internal failure" in w for w in document["capture"]["warnings"])
    if has_structure:
        structure = reader.structure(run, "model", 2)
        assert len([row for row in structure["layers"] if row["calls"] > 0]) >= 1


def test_buffers_keep_their_values_and_version_counters():
    """A forward bumps the version of the buffers it updates (num_batches_tracked += 1),
    and writing them back bumps it again: both are undone (see test_a_call_between_...)."""
    model = torch.nn.Sequential(torch.nn.BatchNorm1d(4), torch.nn.BatchNorm1d(4))
    model[1].eval()  # its running statistics stay as they are in a forward
    before = [(b._version, b.clone()) for b in model.buffers()]
    capture_model(model, torch.randn(8, 4))
    assert all(torch.equal(b, saved) for b, (_, saved) in zip(model.buffers(), before))
    assert [b._version for b in model.buffers()] == [version for version, _ in before]


class _ScaledByItsOwnBuffer(torch.nn.Module):
    """Updates a buffer in place in its forward and multiplies by it: autograd saves the
    buffer for the backward, and checks its version there."""

    def __init__(self, width):
        super().__init__()
        self.register_buffer("scale", torch.ones(width))

    def forward(self, x):
        self.scale.mul_(1.5)
        return x * self.scale


def _batchnorm_net():
    return torch.nn.Sequential(
        torch.nn.Conv2d(3, 8, 3),
        torch.nn.BatchNorm2d(8),
        torch.nn.ReLU(),
        torch.nn.Dropout(0.3),
        torch.nn.Flatten(),
        torch.nn.Linear(8 * 6 * 6, 10),
        torch.nn.BatchNorm1d(10),
        _ScaledByItsOwnBuffer(10),
    )


def test_a_call_between_a_forward_and_its_backward_leaves_the_backward_as_it_was(tmp_path):
    """Logging right after the forward: the pending backward runs, and gives the same
    gradients, running statistics and next step as the same step without the call."""
    results = []
    for calls in (0, 2):
        torch.manual_seed(0)
        model = _batchnorm_net().train()
        optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
        x = torch.randn(6, 3, 8, 8)
        writer = SummaryWriter(str(tmp_path / ("calls%d" % calls)))
        for step in range(2):
            loss = model(x).square().mean()
            before = model_invariance.take(model, optimizer=optimizer, inputs=x, outputs=loss)
            for call in range(calls):  # the second call of a step checks the known structure
                writer.add_model_viz(model, x, 2 * step + call)
            model_invariance.assert_same(
                before, model_invariance.take(model, optimizer=optimizer, inputs=x, outputs=loss)
            )
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        writer.close()
        results.append(
            [bits(t) for t in list(model.parameters()) + list(model.buffers())]
            + [bits(p.grad) for p in model.parameters()]
            + [bits(model(x))]
        )
    assert all(torch.equal(a, b) for a, b in zip(*results))


class _HandsBackWhatItHolds(torch.nn.Module):
    """Returns its input (through an Identity), a buffer and a parameter beside its
    activations: the call sees the user's own tensors as activations. Large enough that
    some are described from a subset (statistics.EXACT_LIMIT)."""

    def __init__(self):
        super().__init__()
        self.small = torch.nn.Linear(8, 8)
        self.large = torch.nn.Linear(8, 40000)
        self.bn = torch.nn.BatchNorm1d(40000)
        self.identity = torch.nn.Identity()
        self.register_buffer("table", torch.randn(50000))
        self.register_buffer("mask", torch.ones(4, 8))

    def forward(self, x, big):
        h = self.bn(self.large(torch.relu(self.small(x * self.mask))))
        return {
            "h": h,
            "x": self.identity(x),
            "big": self.identity(big),
            "table": self.table,
            "weight": self.small.weight,
        }


def test_storage_stays_resizable(tmp_path):
    """`.numpy()` of a CPU tensor marks its storage non-resizable for good (FSDP2 then
    fails at the next backward): parameters, gradients, buffers, inputs and the tensors
    the model hands back keep their storage's flags, and are otherwise unchanged."""
    torch.manual_seed(0)
    model = _HandsBackWhatItHolds().train()
    inputs = {"x": torch.randn(4, 8), "big": torch.randn(3, 20000)}
    model(**inputs)["h"].square().mean().backward()
    assert model.large.weight.grad is not None
    owned = (
        list(model.parameters()) + [p.grad for p in model.parameters()] + list(model.buffers()) + list(inputs.values())
    )
    assert all(t.untyped_storage().resizable() for t in owned)
    before = model_invariance.take(model, inputs=inputs)
    writer = SummaryWriter(str(tmp_path))
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)  # our failure warning would fail the test
        for step in range(2):
            writer.add_model_viz(model, inputs, step, mode="eval" if step else None)
    writer.close()
    model_invariance.assert_same(before, model_invariance.take(model, inputs=inputs))


class _DrawsFromEveryGenerator(torch.nn.Module):
    """In train mode draws from numpy's global generator (as HF Wav2Vec2's SpecAugment
    does), Python's `random`, and torch.Generator objects of its own: an attribute, one in
    a list and one in a dict."""

    def __init__(self):
        super().__init__()
        self.linear = torch.nn.Linear(6, 6)
        self.generator = torch.Generator().manual_seed(1)
        self.in_list = [torch.Generator().manual_seed(2)]
        self.in_dict = {"noise": torch.Generator().manual_seed(3)}

    def forward(self, x):
        h = self.linear(x)
        if self.training:
            import random

            import numpy as np

            h = h * torch.from_numpy(np.random.rand(6).astype("float32")) + random.random()
            h = h + torch.rand(h.shape, generator=self.generator)
            h = (
                h
                + torch.rand(h.shape, generator=self.in_list[0])
                + torch.rand(h.shape, generator=self.in_dict["noise"])
            )
        return h


def _after_calls(build, calls, directory):
    """Seeds every generator, builds (model, inputs, tensor among the inputs), makes
    `calls` calls on the inputs, checks that the model and the tensor (bits, version
    counter) are as before them, and returns (model, inputs)."""
    import random

    import numpy as np

    torch.manual_seed(4)
    np.random.seed(4)
    random.seed(4)
    model, inputs, tensor = build()
    before = model_invariance.take(model, inputs=tensor)
    writer = SummaryWriter(directory)
    for step in range(calls):
        writer.add_model_viz(model, inputs, step)
    writer.close()
    model_invariance.assert_same(before, model_invariance.take(model, inputs=tensor))
    return model, inputs


def test_numpy_python_and_module_generators_are_left_as_they_were(tmp_path):
    def build():
        x = torch.randn(3, 6)
        return _DrawsFromEveryGenerator().train(), x, x

    outputs = []
    for calls in (0, 2):
        model, x = _after_calls(build, calls, str(tmp_path / ("calls%d" % calls)))
        outputs.append(bits(model(x)))
    assert torch.equal(*outputs)
    # The generators were found where the model keeps them.
    assert len(model_invariance.module_generators(model)) == 3


class _MasksAndSamplesItsInputs(torch.nn.Module):
    """Writes its input in place in train mode (as HF Whisper's SpecAugment masks
    `input_features`) and samples from a generator handed to it (as diffusers'
    `generator=`)."""

    def __init__(self):
        super().__init__()
        self.linear = torch.nn.Linear(6, 6)

    def forward(self, features, generator):
        if self.training:
            features.masked_fill_(torch.rand(features.shape, generator=generator) < 0.5, 0.0)
        return self.linear(features)


def test_inputs_the_forward_writes_and_generators_among_them_are_left_as_they_were(tmp_path):
    """The call's forward masks the caller's tensor and draws from the caller's
    generator: both are put back, so the training forward that follows sees the batch
    and the generator as they were (values, version counter and generator state)."""

    def build():
        features = torch.randn(3, 6)
        inputs = {"features": features, "generator": torch.Generator().manual_seed(7)}
        return _MasksAndSamplesItsInputs().train(), inputs, features

    outputs = []
    for calls in (0, 2):
        model, inputs = _after_calls(build, calls, str(tmp_path / ("calls%d" % calls)))
        assert torch.equal(inputs["generator"].get_state(), torch.Generator().manual_seed(7).get_state())
        outputs.append(bits(model(**inputs)))
    assert torch.equal(*outputs)


def _dropout_net():
    return torch.nn.Sequential(
        torch.nn.Linear(16, 32),
        torch.nn.ReLU(),
        torch.nn.Dropout(0.3),
        torch.nn.Linear(32, 32),
        torch.nn.GELU(),
        torch.nn.Dropout(0.1),
        torch.nn.Linear(32, 4),
    )


def _dynamo_frames():
    from torch._dynamo.utils import counters

    return sum(counters["frames"].values())


@pytest.mark.skipif(
    shutil.which("g++") is None and shutil.which("cc") is None,
    reason="inductor compiles C++ on the CPU: no compiler here",
)
@pytest.mark.parametrize("how", ["model.compile()", "torch.compile(model)"])
def test_compiled_models_train_bit_identically_with_calls(how, tmp_path):
    """The call records the eager forward with no part in dynamo (no frame compiled, no
    recompilation), on a probe of another batch size, between a forward and its
    backward; training with the default (inductor) backend and Dropout then ends
    bit-identical to the same run without the calls."""
    runs = []
    for calls in (False, True):
        torch.manual_seed(0)
        model = _dropout_net().train()
        if how == "model.compile()":
            model.compile()
            runner = model
        else:
            runner = torch.compile(model)
        optimizer = torch.optim.AdamW(model.parameters(), lr=0.01)
        x, probe = torch.randn(8, 16), torch.randn(5, 16)
        writer = SummaryWriter(str(tmp_path / str(calls)))
        losses = []
        for step in range(3):
            loss = runner(x).square().mean()
            if calls:
                before, frames = model_invariance.take(model, optimizer=optimizer), _dynamo_frames()
                writer.add_model_viz(runner, probe, step)
                assert _dynamo_frames() == frames, "the call ran through dynamo"
                model_invariance.assert_same(before, model_invariance.take(model, optimizer=optimizer))
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            losses.append(bits(loss))
        writer.close()
        runs.append(losses + [bits(p) for p in model.parameters()])
    assert all(torch.equal(a, b) for a, b in zip(*runs))


def test_a_compiled_submodule_runs_eagerly_in_the_call(tmp_path):
    """A torch.compile'd submodule and a model compiled in place record the same
    structure as the eager model, and the call compiles nothing."""
    torch.manual_seed(0)
    eager = _dropout_net()
    compiled = _dropout_net()
    compiled.load_state_dict(eager.state_dict())
    compiled[3] = torch.compile(compiled[3], backend="eager")
    compiled.compile(backend="eager")
    x = torch.randn(5, 16)
    compiled(x)  # compiled before the call
    frames = _dynamo_frames()
    structures = [capture_model(model, x).structure for model in (eager, compiled)]
    assert _dynamo_frames() == frames
    ops = [[n["op"] for n in structure["nodes"] if n["kind"] == "op"] for structure in structures]
    assert ops[0] and ops[0] == ops[1]


def test_a_forward_that_writes_to_its_parameters_is_reported_once_per_parameter():
    """The step's warnings name each parameter the forward wrote to in place, a tied one
    (registered on two modules) once, under its first name."""

    class Writing(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.first = torch.nn.Linear(3, 3)
            self.second = torch.nn.Linear(3, 3)
            self.second.weight = self.first.weight  # tied
            self.third = torch.nn.Linear(3, 3)

        def forward(self, x):
            self.first.weight.mul_(1.0)  # under the capture's no_grad: an in-place write
            return self.third(self.second(self.first(x)))

    model = Writing()
    result = capture_model(model, torch.randn(2, 3))
    assert "the forward wrote to parameters: first.weight" in result.step["capture"]["warnings"]


def test_the_models_parameters_can_still_be_swapped_after_steady_calls(tmp_path):
    """`model.double()` swaps each parameter's contents in place (torch.utils.swap_tensors)
    where the swap_module_params_on_conversion future is on, as it always does for tensor
    subclasses (DTensor); swapping refuses a tensor anything holds a weak reference of.
    Nothing the calls keep holds one of a parameter."""
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.BatchNorm1d(4), torch.nn.ReLU(), torch.nn.Linear(4, 2))
    x = torch.randn(5, 3)
    writer = SummaryWriter(str(tmp_path))
    previous = torch.__future__.get_swap_module_params_on_conversion()
    torch.__future__.set_swap_module_params_on_conversion(True)
    try:
        for step in range(3):
            writer.add_model_viz(model, x, step, grad_flow=True)
            model.double()
            model.float()
    finally:
        torch.__future__.set_swap_module_params_on_conversion(previous)
        writer.close()
    assert model[0].weight.dtype == torch.float32


def _three_calls_without_a_warning(model: torch.nn.Module, x: torch.Tensor, directory: str) -> None:
    """Three add_model_viz calls (a first and two steady), any warning an error."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        writer = SummaryWriter(directory)
        for step in range(3):
            writer.add_model_viz(model, x, step)
        writer.close()


class _DrawsNormals(torch.nn.Module):
    """Draws from numpy's global generator by its legacy normal, which caches a second
    Gaussian between draws."""

    def __init__(self):
        super().__init__()
        self.linear = torch.nn.Linear(6, 6)

    def forward(self, x):
        import numpy as np

        return self.linear(x) + float(np.random.standard_normal())


@pytest.mark.parametrize("bit_generator", ["MT19937", "PCG64"])
def test_numpy_state_of_any_bit_generator_is_put_back_without_a_warning(tmp_path, bit_generator):
    """numpy's global state is put back whatever bit generator the user set
    (`np.random.set_bit_generator`), the Gaussian a legacy normal draw cached included, and
    the calls give no warning (the legacy state tuple warns for any but MT19937)."""

    import numpy as np

    original = np.random.mtrand._rand._bit_generator
    try:
        np.random.set_bit_generator(getattr(np.random, bit_generator)(5))
        np.random.standard_normal()  # one Gaussian drawn, its pair cached
        model, x = _DrawsNormals(), torch.randn(2, 6)
        expected = np.random.get_state(legacy=False)
        _three_calls_without_a_warning(model, x, str(tmp_path))
        after = np.random.get_state(legacy=False)
        assert after["has_gauss"] == expected["has_gauss"] == 1 and after["gauss"] == expected["gauss"]
        assert str(after["state"]) == str(expected["state"])
        np.random.set_state(expected)
        drawn = np.random.standard_normal(4)
        np.random.set_state(after)
        assert np.array_equal(np.random.standard_normal(4), drawn)
    finally:
        np.random.set_bit_generator(original)


class _Wrapping(torch.nn.Module):
    """Calls the module it wraps: a chain of these nests module calls as deep as it is long."""

    def __init__(self, inner: torch.nn.Module):
        super().__init__()
        self.inner = inner

    def forward(self, x):
        return self.inner(x)


def _chain(depth: int) -> torch.nn.Module:
    model: torch.nn.Module = torch.nn.Linear(4, 4)
    for _ in range(depth):
        model = _Wrapping(model)
    return model


def _runs_plainly(depth: int, x: torch.Tensor) -> bool:
    try:
        _chain(depth)(x)
    except RecursionError:
        return False
    return True


def test_a_model_nested_as_deep_as_it_runs_plainly_runs_under_the_calls(tmp_path):
    """Our hooks put a frame more on the stack at each nested module call: a model nested
    as deep as its plain forward runs under the interpreter's recursion limit must run
    under the calls too, first and steady, with no error and no warning (it raised
    RecursionError into the loop from about two thirds of that depth), and the limit is
    as before afterwards."""
    import sys

    x = torch.randn(2, 4)
    low, high = 1, sys.getrecursionlimit()  # the deepest chain that runs plainly, by bisection
    while low < high:
        middle = (low + high + 1) // 2
        low, high = (middle, high) if _runs_plainly(middle, x) else (low, middle - 1)
    limit = sys.getrecursionlimit()
    model = _chain(low - 2)
    _three_calls_without_a_warning(model, x, str(tmp_path))
    assert sys.getrecursionlimit() == limit


class _BuildsItsLayersInItsFirstForward(torch.nn.Module):
    """Layers its first forward makes: torch's LazyLinear and LazyBatchNorm1d (their
    parameters and running statistics materialized, their class changed) and a head
    written by hand behind a flag (registered, its weights drawn); Dropout after them,
    and a buffer each forward gives new memory of its shape (`.data =`). `lazy_norm`:
    LazyBatchNorm1d, else BatchNorm1d."""

    def __init__(self, lazy_norm: bool) -> None:
        super().__init__()
        norm = torch.nn.LazyBatchNorm1d() if lazy_norm else torch.nn.BatchNorm1d(8)
        self.body = torch.nn.Sequential(torch.nn.LazyLinear(8), norm, torch.nn.ReLU(), torch.nn.Dropout(0.2))
        self.built = False
        self.register_buffer("scale", torch.ones(8))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if not self.built:
            self.head = torch.nn.Linear(8, 2)
            self.built = True
        self.scale.data = self.scale * 1.5
        return self.head(self.body(x) * self.scale)


def _trained_with_and_without_calls(build, directory, state_of, release=lambda model: None):
    """A 3-step SGD run of `build()` on one batch, without and then with a call before
    each step (seeded alike; the optimizer made after the first forward, which makes
    the layers), with no warning of ours: for each run, the bits of its losses, final
    parameters and buffers and the generator's state, and `state_of` the model before
    and after each call (calls only) and after each step's forward. `release`: what ends
    a run (its model's global hooks removed)."""
    runs = []
    for calls in (False, True):
        torch.manual_seed(0)
        model, x = build(), torch.randn(6, 5)
        writer = SummaryWriter(os.path.join(directory, str(calls)))
        losses, optimizer, states = [], None, []
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            for step in range(3):
                if calls:
                    before = state_of(model)
                    writer.add_model_viz(model, x, step)
                    states.append((before, state_of(model)))
                loss = model(x).square().mean()
                states.append(state_of(model))
                if optimizer is None:
                    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
                losses.append(bits(loss))
        writer.close()
        release(model)
        assert not [str(w.message) for w in caught if "tensorboard_modelviz" in str(w.message)]
        parameters, buffers = [bits(p) for p in model.parameters()], [bits(b) for b in model.buffers()]
        runs.append((losses + parameters + buffers + [torch.get_rng_state()], states))
    return runs


def _bit_identical(plain, called):
    return len(plain) == len(called) and all(torch.equal(a, b) for a, b in zip(plain, called))


@pytest.mark.filterwarnings("ignore:Lazy modules are a new feature:UserWarning")
@pytest.mark.parametrize("lazy_norm", [False, True], ids=["BatchNorm1d", "LazyBatchNorm1d"])
def test_a_model_first_run_inside_a_call_trains_bit_identically_with_the_calls(lazy_norm, tmp_path):
    """A call before the model's first forward (its layers made by that forward) leaves
    them unmade: the user's first forward makes them, drawing their weights from the
    generator as it would have, and a short training run with a call before every step
    ends bit-identical to the same run without the calls (losses, parameters, buffers,
    the generator), with no warning of ours. Before, the call's layers stayed: the user's
    forward drew no weights, and the run went on with other numbers."""
    (plain, _), (called, _) = _trained_with_and_without_calls(
        lambda: _BuildsItsLayersInItsFirstForward(lazy_norm).train(), str(tmp_path), lambda model: None
    )
    assert _bit_identical(plain, called)


@pytest.mark.filterwarnings("ignore:Lazy modules are a new feature:UserWarning")
@pytest.mark.parametrize("mode", ["train", "eval"])
def test_torchs_lazy_modules_are_left_uninitialized_by_a_call(mode, tmp_path):
    """A call before the first forward of torch's lazy modules records them (as the
    modules their first forward makes) and leaves them as they were: their class, their
    parameters and buffers uninitialized (the very same objects), their initialization
    hooks and sizes; no warning that the forward wrote to parameters. A lazy buffer
    (LazyBatchNorm1d's running statistics) raised ValueError into the loop."""
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.LazyLinear(4), torch.nn.LazyBatchNorm1d(), torch.nn.LazyLinear(2))
    model.train(mode == "train")
    held = [(type(m), dict(vars(m)), dict(m._forward_pre_hooks)) for m in model]
    tensors = [(t, type(t)) for m in model for t in [*m._parameters.values(), *m._buffers.values()]]
    known = KnownStructure()
    for _ in range(2):
        result = capture_model(model, torch.randn(3, 5), known=known)
        assert result.failure is None and not result.step["capture"]["warnings"]
        assert result.step["params"]["0.weight"]["numel"] == 20
        assert [(type(m), dict(vars(m)), dict(m._forward_pre_hooks)) for m in model] == held
        now = [t for m in model for t in [*m._parameters.values(), *m._buffers.values()]]
        assert all(t is was and type(t) is kind for t, (was, kind) in zip(now, tensors))
    assert model(torch.randn(3, 5)).shape == (3, 2)  # the user's first forward
    assert type(model[0]) is torch.nn.Linear and model[0].in_features == 5


def _halved(module: torch.nn.Module, args: tuple, output: torch.Tensor) -> torch.Tensor:
    return output / 2


class _BuildsItsHeadAndAHookInItsFirstForward(torch.nn.Module):
    """Its first forward builds a head and registers hooks, some changing its outputs or
    gradients: a forward hook on its body, a global forward pre-hook, a state-dict hook
    and a gradient hook on the body's weight (their handles kept), and a forward hook on
    itself (no handle kept)."""

    def __init__(self) -> None:
        super().__init__()
        self.body = torch.nn.Linear(5, 8)
        self.handles: list | None = None

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.handles is None:
            self.head = torch.nn.Linear(8, 2)
            self.handles = [
                self.body.register_forward_hook(_halved),
                torch.nn.modules.module.register_module_forward_pre_hook(lambda module, args: None),
                self._register_state_dict_hook(lambda module, state, prefix, local: None),
                self.body.weight.register_hook(torch.neg),
            ]
            self.register_forward_hook(_halved)
        return self.head(self.body(x))


def _hooks(model: torch.nn.Module) -> list[list[object]]:
    """The hooks on the model's modules (forward, backward, state-dict ...) and torch's
    global module hooks, each dict's in order."""
    on_modules = [
        list(hooks.values())
        for module in model.modules()
        for name, hooks in vars(module).items()
        if name.endswith(("hooks", "hooks_with_kwargs", "hooks_always_called"))
    ]
    module_globals = vars(torch.nn.modules.module).items()
    return on_modules + [
        list(hooks.values())
        for name, hooks in module_globals
        if name.startswith("_global_") and isinstance(hooks, dict)
    ]


def test_hooks_a_forward_registers_beside_the_layer_it_builds_are_removed_with_it(tmp_path):
    """A call whose forward builds a layer and registers hooks (keeping their handles)
    leaves the model as it found it: the layer, the handles' attribute and the hooks all
    gone, so that the user's first forward registers each hook once, and a training run
    with the calls ends bit-identical to the same run without them. Before, the hooks
    stayed while the attribute holding their handles was put back to None: the user's
    forward registered them again, and the body's output was halved twice."""

    def release(model: _BuildsItsHeadAndAHookInItsFirstForward) -> None:
        for handle in model.handles:
            handle.remove()

    (plain, plain_hooks), (called, called_hooks) = _trained_with_and_without_calls(
        _BuildsItsHeadAndAHookInItsFirstForward, str(tmp_path), _hooks, release
    )
    around_calls = called_hooks[0::2]
    assert all(after == before for before, after in around_calls)
    assert [list(map(len, hooks)) for hooks in called_hooks[1::2]] == [list(map(len, hooks)) for hooks in plain_hooks]
    assert _bit_identical(plain, called)


class _UnitRows(torch.nn.Module):
    """A parametrization: the weight's rows scaled to norm 1."""

    def forward(self, weight: torch.Tensor) -> torch.Tensor:
        return weight / weight.norm(dim=1, keepdim=True)


class _NormalizesItsWeightInItsFirstForward(torch.nn.Module):
    """Its first forward puts a weight normalization on its body: torch.nn.utils'
    parametrize (the body's class changed to a parametrized one, its weight moved into
    a submodule) or the older weight_norm (a forward pre-hook, the weight split in two)."""

    def __init__(self, parametrized: bool) -> None:
        super().__init__()
        self.body = torch.nn.Linear(5, 3)
        self.parametrized = parametrized
        self.normalized = False

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if not self.normalized:
            if self.parametrized:
                torch.nn.utils.parametrize.register_parametrization(self.body, "weight", _UnitRows())
            else:
                torch.nn.utils.weight_norm(self.body)
            self.normalized = True
        return self.body(x)


@pytest.mark.filterwarnings("ignore:`torch.nn.utils.weight_norm` is deprecated:FutureWarning")
@pytest.mark.parametrize("parametrized", [True, False], ids=["parametrize", "weight_norm"])
def test_a_weight_normalization_made_in_the_first_forward_is_made_by_the_users(parametrized, tmp_path):
    """A call before a forward that normalizes a layer's weight leaves the layer as it
    was (its class, parameters, hooks), and a training run with the calls ends
    bit-identical to the same run without them. Before, a parametrized layer kept its
    parametrized class without its parametrizations (KeyError 'weight' raised in the
    user's forward), and weight_norm's pre-hook stayed (the user's forward raised
    'Cannot register two weight_norm hooks')."""
    runs = _trained_with_and_without_calls(
        lambda: _NormalizesItsWeightInItsFirstForward(parametrized), str(tmp_path), lambda model: type(model.body)
    )
    (plain, _), (called, classes) = runs
    assert all(after is before for before, after in classes[0::2])
    assert _bit_identical(plain, called)
