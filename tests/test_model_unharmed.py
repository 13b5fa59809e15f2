"""`add_model_viz` leaves the model, its inputs and the process exactly as they were.

A training loop calls add_model_viz between steps; anything the call changes (a running
mean, a random number drawn, a hook left behind, a frozen flag flipped) silently changes
training. Each zoo model is checked in the mode it was built in (the `frozen` model mixes
an eval-mode backbone under a train-mode head), in train mode and in eval mode, after a
real backward pass so that gradients exist.
"""

import gc
import warnings

import pytest
import torch
from torch.nn.modules import module as nn_module

import zoo
from tensorboard_modelviz import SummaryWriter
from tensorboard_modelviz.capture import CaptureOptions, capture_model

MODES = ["as_built", "train", "eval"]

# torch's notes about the user hooks this file registers (dict outputs, no input grads).
pytestmark = [
    pytest.mark.filterwarnings("ignore:For backward hooks to be called:UserWarning"),
    pytest.mark.filterwarnings("ignore:Full backward hook is firing:UserWarning"),
]


@pytest.fixture(autouse=True)
def _no_process_group_left_behind():
    """The `ddp` zoo model creates a gloo group; other tests must not run under it."""
    yield
    zoo.release_process_group()

# Per-module hook dictionaries a capture could leave something in.
HOOK_DICTS = (
    "_forward_hooks",
    "_forward_hooks_with_kwargs",
    "_forward_hooks_always_called",
    "_forward_pre_hooks",
    "_forward_pre_hooks_with_kwargs",
    "_backward_hooks",
    "_backward_pre_hooks",
    "_state_dict_hooks",
    "_load_state_dict_pre_hooks",
)
GLOBAL_HOOK_DICTS = (
    "_global_forward_hooks",
    "_global_forward_hooks_always_called",
    "_global_forward_pre_hooks",
    "_global_backward_hooks",
    "_global_backward_pre_hooks",
)


def bits(t):
    """The tensor's bytes, so that comparisons are exact (-0.0 vs 0.0, NaN payloads)."""
    return t.detach().reshape(-1).contiguous().view(torch.uint8).clone()


def set_mode(model, mode):
    if mode == "train":
        model.train()
    elif mode == "eval":
        model.eval()


class Snapshot:
    """Everything about a model and the process that a capture must not change."""

    def __init__(self, model, inputs):
        modules = list(model.named_modules(remove_duplicate=False))
        self.module_objects = [m for _, m in modules]
        self.params = [(n, p, bits(p), p.dtype, p.requires_grad) for n, p in model.named_parameters()]
        self.grads = [(n, p.grad, None if p.grad is None else bits(p.grad)) for n, p in model.named_parameters()]
        self.buffers = [(n, b, bits(b), b.dtype) for n, b in model.named_buffers()]
        self.training = [(n, m.training) for n, m in modules]
        self.hooks = [(n, d, dict(getattr(m, d))) for n, m in modules for d in HOOK_DICTS if hasattr(m, d)]
        self.global_hooks = {d: dict(getattr(nn_module, d)) for d in GLOBAL_HOOK_DICTS}
        self.rng = torch.get_rng_state()
        self.grad_enabled = torch.is_grad_enabled()
        self.gc_enabled = gc.isenabled()
        self.inputs = [(t, bits(t), t.requires_grad, t.grad_fn) for t in zoo.tensors_in(inputs)]

    def assert_unchanged(self, model, inputs):
        modules = list(model.named_modules(remove_duplicate=False))
        assert [m for _, m in modules] == self.module_objects, "submodules were added, removed or replaced"
        params = list(model.named_parameters())
        assert [(n, p) for n, p in params] == [(n, p) for n, p, _, _, _ in self.params], "parameters replaced"
        for (name, p), (_, _, saved, dtype, requires_grad) in zip(params, self.params):
            assert p.dtype == dtype, name
            assert torch.equal(bits(p), saved), "parameter %s changed" % name
            assert p.requires_grad == requires_grad, "requires_grad of %s changed" % name
        for name, grad, saved in self.grads:
            p = dict(params)[name]
            assert p.grad is grad, "%s.grad was replaced" % name
            if saved is not None:
                assert torch.equal(bits(p.grad), saved), "%s.grad changed" % name
        buffers = list(model.named_buffers())
        assert [(n, b) for n, b in buffers] == [(n, b) for n, b, _, _ in self.buffers], "buffers replaced"
        for (name, b), (_, _, saved, dtype) in zip(buffers, self.buffers):
            assert b.dtype == dtype, name
            assert torch.equal(bits(b), saved), "buffer %s changed" % name
        assert [(n, m.training) for n, m in modules] == self.training, "training flags changed"
        for name, dict_name, saved in self.hooks:
            assert dict(getattr(model.get_submodule(name), dict_name)) == saved, "%s.%s changed" % (name, dict_name)
        for dict_name, saved in self.global_hooks.items():
            assert dict(getattr(nn_module, dict_name)) == saved, "global %s changed" % dict_name
        assert torch.equal(torch.get_rng_state(), self.rng), "the CPU random number generator advanced"
        assert torch.is_grad_enabled() == self.grad_enabled
        assert gc.isenabled() == self.gc_enabled, "the garbage collector was left switched"
        for t, saved, requires_grad, grad_fn in self.inputs:
            assert torch.equal(bits(t), saved), "an input tensor changed"
            assert t.requires_grad == requires_grad and t.grad_fn is grad_fn


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
        torch.manual_seed(7)
        output = zoo.call(record.model, record.inputs)
        loss = zoo.loss_of(output)
        loss.backward()
        with torch.no_grad():
            for p in record.model.parameters():
                if p.grad is not None:
                    p -= 0.01 * p.grad
        results.append(
            [bits(t) for t in zoo.tensors_in(output)]
            + [bits(p) for p in record.model.parameters()]
            + [bits(b) for b in record.model.buffers()]
        )
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
    from tensorboard_modelviz import statistics

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
    ("tensorboard_modelviz.statistics", "tensor_stats", True, True),  # inside the hooks
    ("tensorboard_modelviz.tracer", "reduce_activation", True, True),
    ("tensorboard_modelviz.capture", "_parameter_stats", True, True),
    ("tensorboard_modelviz.capture", "_build_structure", False, True),
    ("tensorboard_modelviz.capture", "quantise", True, True),
    # Fails after the step document was made: the step is still written, as it was.
    ("tensorboard_modelviz.writer", "structure_summary", False, False),
]


@pytest.mark.parametrize("module_name, attribute, has_structure, marks_step", INTERNAL_FAILURES)
def test_internal_failure_warns_once_and_writes_what_it_could(
    module_name, attribute, has_structure, marks_step, monkeypatch, tmp_path
):
    import importlib

    from tensorboard_modelviz.reader import open_logdir

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


def test_only_the_buffers_the_forward_changed_are_written_back():
    """Writing a buffer bumps its version, which autograd checks for tensors it saved."""
    model = torch.nn.Sequential(torch.nn.BatchNorm1d(4), torch.nn.BatchNorm1d(4))
    model[1].eval()  # its running statistics stay as they are in a forward
    before = [(b._version, b.clone()) for b in model.buffers()]
    capture_model(model, torch.randn(8, 4))
    assert all(torch.equal(b, saved) for b, (_, saved) in zip(model.buffers(), before))
    written = [b._version != version for b, (version, _) in zip(model.buffers(), before)]
    assert written == [True, True, True, False, False, False]  # mean, var, batch count of the first
