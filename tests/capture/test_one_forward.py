"""A structure's first call records its forward with gradients and takes the backward graph
from it (recording._record_in_one_forward), its FLOPs counted from torch's profiler
(profiled_flops) instead of a dispatch mode. What it records equals the two forwards'."""

import typing

import pytest
import real_zoo
import torch
import torch.nn as nn
import zoo
from torch.multiprocessing.reductions import StorageWeakRef

from tensorboard_modelviz.capture import profiled_flops, recording
from tensorboard_modelviz.capture.recording import CaptureOptions, capture_model

# The zoo's models but the two wrappers that need a process group or several devices.
NAMES = [name for name in zoo.NAMES if name not in ("ddp", "data_parallel")]


class _Counted(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
        self.forwards = 0

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        self.forwards += 1
        return self.body(x)


def _two_forwards(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(profiled_flops, "available", lambda: False)


def _without_timing(step: dict) -> dict:
    return dict(step, capture=dict(step["capture"], seconds=None))


def _capture_both(
    record: zoo.ZooModel, monkeypatch: pytest.MonkeyPatch, in_one_forward: bool = True, **options: object
) -> tuple:
    """(first call in one forward, first call in two forwards) of the same model;
    `in_one_forward=False`: the first one falls back to two forwards as well."""
    taken = []
    one_forward = recording._record_in_one_forward

    def spied(*args: object) -> object:
        taken.append(one_forward(*args))  # type: ignore[arg-type]
        return taken[-1]

    with monkeypatch.context() as patched:
        patched.setattr(recording, "_record_in_one_forward", spied)
        one = capture_model(record.model, record.inputs, CaptureOptions(**options))  # type: ignore[arg-type]
    assert len(taken) == 1 and (taken[0] is not None) == in_one_forward  # recorded in one forward, or fell back
    taken.clear()  # the trace and output it holds
    with monkeypatch.context() as patched:
        _two_forwards(patched)
        two = capture_model(record.model, record.inputs, CaptureOptions(**options))  # type: ignore[arg-type]
    return one, two


def test_a_first_call_runs_the_model_once(monkeypatch: pytest.MonkeyPatch) -> None:
    model = _Counted()
    result = capture_model(model, torch.randn(3, 4))
    assert model.forwards == 1
    assert result.structure is not None and result.structure["backward"]["nodes"]
    _two_forwards(monkeypatch)
    capture_model(model, torch.randn(3, 4))
    assert model.forwards == 3


@pytest.mark.parametrize("mode", ["train", "eval"])
@pytest.mark.parametrize("name", NAMES)
def test_one_forward_records_what_two_forwards_record(name: str, mode: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Structure (op nodes and their FLOPs, module calls' FLOPs, the backward graph), step
    and samples, from the same state of the model."""
    record = zoo.build(name)
    one, two = _capture_both(record, monkeypatch, mode=mode)
    assert one.failure is None and two.failure is None
    assert one.structure == two.structure
    if record.grad_changes_bits:  # the first call's statistics: those of a forward with gradients
        zoo.assert_documents_close(_without_timing(one.step), _without_timing(two.step))
        return
    assert _without_timing(one.step) == _without_timing(two.step)
    assert [(h, bytes(v)) for h, v in one.samples] == [(h, bytes(v)) for h, v in two.samples]


@pytest.mark.parametrize("name", ["seed_cnn", "resnet", "gpt_tied", "frozen"])
def test_one_forward_takes_the_gradient_flow_too(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    record = zoo.build(name)
    one, two = _capture_both(record, monkeypatch, grad_flow=True)
    assert one.step["output_grads"] and one.step["output_grads"] == two.step["output_grads"]
    assert one.structure == two.structure


def test_the_callers_profiler_keeps_its_session_and_the_call_runs_two_forwards() -> None:
    model = _Counted()
    x = torch.randn(3, 4)
    with torch.profiler.profile() as profile:
        result = capture_model(model, x)
        torch.ones(2).mul(3)
    assert model.forwards == 2 and result.failure is None
    names = {event.name for event in profile.events()}
    assert "aten::mul" in names and profiled_flops.MARK not in names


def test_a_thread_without_record_function_keeps_it_off(monkeypatch: pytest.MonkeyPatch) -> None:
    """The profiler sees nothing there: the call runs its two forwards, and the thread's
    RecordFunction is left switched off as the caller had it."""
    model = _Counted()
    x = torch.randn(3, 4)
    with monkeypatch.context() as patched:
        _two_forwards(patched)
        expected = capture_model(model, x)
    model.forwards = 0
    torch._C._autograd._enable_record_function(False)
    try:
        result = capture_model(model, x)
        with torch.profiler.profile() as profile:
            torch.ones(2).mul(3)
    finally:
        torch._C._autograd._enable_record_function(True)
    assert model.forwards == 3  # the profiled one, then the two
    assert result.structure == expected.structure
    assert not [event for event in profile.events() if event.name == "aten::mul"]


def test_a_first_call_writes_nothing_to_stderr(capfd: pytest.CaptureFixture[str]) -> None:
    """(kineto, torch's other profiler, writes two lines at each start and stop.)"""
    capture_model(_Counted(), torch.randn(3, 4))
    assert capfd.readouterr().err == ""


def test_a_model_error_reaches_the_caller_with_its_module() -> None:
    class Broken(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.inner = nn.Linear(4, 3)

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            return self.inner(x).view(7, 7)

    with pytest.raises(RuntimeError) as raised:
        capture_model(Broken(), torch.randn(2, 4))
    assert any("<root>" in note for note in raised.value.__notes__)


def test_the_flops_of_each_range_are_those_a_dispatch_mode_counts() -> None:
    """A composite op (linear) is counted at the ops below its decomposition (addmm), an op
    with a formula (convolution) at its own; nested ranges are summed in order."""
    x, w, b = torch.randn(5, 4), torch.randn(3, 4), torch.randn(3)
    image, kernel = torch.randn(1, 2, 9, 9), torch.randn(4, 2, 3, 3)
    with profiled_flops.ProfiledForward() as profile:
        with profiled_flops.op_range():
            torch.nn.functional.linear(x, w, b)
        with profiled_flops.op_range():
            torch.nn.functional.conv2d(image, kernel, stride=2, padding=1)
        with profiled_flops.op_range():
            torch.relu(x)
    assert profile.recorded
    convolution = (torch.Size([1, 4, 5, 5]), False)  # what OpRecorder notes of the conv2d call
    assert profile.flops([None, convolution, None]) == [2 * 5 * 4 * 3, 2 * (4 * 5 * 5) * (2 * 3 * 3), 0]
    with pytest.raises(LookupError):  # a convolution run by a function not known to run one
        profile.flops([None, None, None])


def test_no_second_forward_is_profiled_at_once_in_a_thread() -> None:
    with profiled_flops.ProfiledForward():
        assert not profiled_flops.available()
        with pytest.raises(RuntimeError):
            profiled_flops.ProfiledForward().__enter__()
    assert profiled_flops.available()


def test_a_known_structure_recorded_again_reuses_its_backward_graph() -> None:
    """trace_ops="always": the second call records the graph again, and the backward
    graph of the known structure stands (no forward with gradients)."""
    from tensorboard_modelviz.capture.structure_key import KnownStructure

    model = _Counted()
    known = KnownStructure()
    x = torch.randn(3, 4)
    first = capture_model(model, x, CaptureOptions(trace_ops="always"), known=known)
    second = capture_model(model, x, CaptureOptions(trace_ops="always"), known=known)
    assert model.forwards == 2
    assert first.structure == second.structure


def test_recording_helpers_are_those_of_the_two_forwards() -> None:
    assert recording._one_forward_possible(_Counted(), torch.randn(2, 4), CaptureOptions(), True)
    assert not recording._one_forward_possible(
        _Counted(), torch.randn(2, 4), CaptureOptions(backward_graph=False), True
    )
    frozen = _Counted().requires_grad_(False)
    assert not recording._one_forward_possible(frozen, torch.randn(2, 4), CaptureOptions(), True)
    with torch.inference_mode():
        x = torch.randn(2, 4)
    assert not recording._one_forward_possible(_Counted(), x, CaptureOptions(), True)


# A forward that branches on grad mode records the path training takes on the first call.
_GRAD_BRANCHES = {"llama_checkpointed": "HF's gradient checkpointing expands the position ids under grad alone"}


@pytest.mark.parametrize("mode", ["train", "eval"])
@pytest.mark.parametrize("name", real_zoo.REAL_NAMES)
def test_one_forward_records_what_two_forwards_record_on_real_architectures(
    name: str, mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """HF models (tests/real_zoo.py): the same structure, and the same statistics up to
    the last bits of kernels that round otherwise with gradients on (T5 and Swin in eval)."""
    record = real_zoo.build(name)
    inputs = record.batches[0]
    one, two = _capture_both(zoo.ZooModel(name, record.model, inputs), monkeypatch, mode=mode)
    assert one.failure is None and two.failure is None
    if mode == "train" and name in _GRAD_BRANCHES:
        assert one.structure["backward"] == two.structure["backward"]
        assert one.structure["layers"] != two.structure["layers"]
    else:
        assert one.structure == two.structure
    steps = [dict(_without_timing(result.step), structure=None) for result in (one, two)]
    zoo.assert_documents_close(*steps)


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device (scripts/gpu_check.sh)")
@pytest.mark.parametrize("name", ["seed_cnn", "resnet", "lstm", "gru", "transformer_encoder", "conv1d"])
def test_one_forward_on_a_gpu_records_what_two_forwards_record(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """CUDA kernels (cuDNN convolutions and RNNs, fused attention) seen by the profiler on
    the host: the same structure; an op the profiler cannot count (a cuDNN RNN: the legacy
    profiler records no weight list) sends the call to its two forwards."""
    record = zoo.build(name)
    record.model.cuda()
    record.inputs = record.inputs.cuda() if isinstance(record.inputs, torch.Tensor) else record.inputs
    if not isinstance(record.inputs, torch.Tensor):
        pytest.skip("inputs that are not one tensor")
    one, two = _capture_both(record, monkeypatch, in_one_forward=name not in ("lstm", "gru"))
    assert one.structure == two.structure
    zoo.assert_documents_close(_without_timing(one.step), _without_timing(two.step))


_SCHEDULED_PROFILER = """
import sys, torch, torch.nn as nn
model, x = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2)), torch.randn(3, 4)
kept = []
schedule = torch.profiler.schedule(wait=1, warmup=1, active=2, repeat=1)
with torch.profiler.profile(schedule=schedule, on_trace_ready=lambda p: kept.append(len(p.events()))) as profile:
    for step in range(5):
        model(x).sum()
        if step == 1:  # the profiler's warmup step: prepared, not yet recording
            from tensorboard_modelviz.capture import profiled_flops  # imported now, as lazily as the writer
            from tensorboard_modelviz.capture.recording import capture_model
            if sys.argv[1] == "two":
                profiled_flops.available = lambda: False
            capture_model(model, x)
        profile.step()
print("kept", kept)
"""


@pytest.mark.parametrize("path", ["one", "two"])
def test_a_callers_profiler_in_its_warmup_step_keeps_its_session(path: str) -> None:
    """torch.profiler's schedule prepares kineto at the warmup step and starts it at the
    active one; no torch API tells a prepared session. A first call in between must not
    take the session over (it did: the caller's start then crashed the process)."""
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", _SCHEDULED_PROFILER, path], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    kept = done.stdout.rpartition("kept ")[2].strip()
    assert kept.startswith("[") and all(int(n) > 0 for n in kept.strip("[]").split(",")), done.stdout


def test_a_torchscript_function_inside_the_model_keeps_its_op_and_flops(monkeypatch: pytest.MonkeyPatch) -> None:
    """A @torch.jit.script function's ops pass no torch function mode, so OpRecorder opens
    no range for them; the dispatch mode of the two forwards counts them (and records
    them as an op node)."""
    model = _Scripted()
    x = torch.randn(3, 4)
    one = capture_model(model, x)
    _two_forwards(monkeypatch)
    two = capture_model(model, x)
    assert one.structure["totals"] == two.structure["totals"]
    assert one.structure == two.structure


def test_a_torchscript_function_without_flops_keeps_its_ops(monkeypatch: pytest.MonkeyPatch) -> None:
    """Its ops have no FLOPs: the profile tells it by its TorchScript range."""
    model = _Scripted(_scripted_affine)
    x = torch.randn(3, 4)
    one = capture_model(model, x)
    _two_forwards(monkeypatch)
    two = capture_model(model, x)
    assert [n.get("op") for n in two.structure["nodes"] if n["kind"] == "op"] == ["linear", "mul.Scalar", "add.Scalar"]
    assert one.structure == two.structure


@torch.jit.script
def _scripted_mm(x: torch.Tensor, w: torch.Tensor) -> torch.Tensor:
    return torch.mm(x, w)


@torch.jit.script
def _scripted_affine(x: torch.Tensor) -> torch.Tensor:
    return x * 2 + 1


class _Scripted(nn.Module):
    def __init__(self, scripted: typing.Any = None) -> None:
        super().__init__()
        self.linear = nn.Linear(4, 4)
        self.scripted = scripted

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.scripted is not None:
            return self.scripted(self.linear(x))
        return _scripted_mm(self.linear(x), self.linear.weight)


def test_a_raising_model_runs_no_more_often_than_with_two_forwards(monkeypatch: pytest.MonkeyPatch) -> None:
    class Raising(_Counted):
        def forward(self, x: torch.Tensor) -> torch.Tensor:
            return super().forward(x).view(7, 7)

    counts = []
    for patched in (False, True):
        model = Raising()
        with monkeypatch.context() as context:
            if patched:
                _two_forwards(context)
            with pytest.raises(RuntimeError) as raised:
                capture_model(model, torch.randn(3, 4))
        assert any("<root>" in note for note in raised.value.__notes__)
        counts.append(model.forwards)
    assert counts[0] == counts[1] == 2


def _record_function_on() -> bool:
    with torch.profiler.profile() as profile:
        torch.ones(2).mul(3)
    return any(event.name == "aten::mul" for event in profile.events())


def test_a_forward_with_gradients_outside_the_one_forward_leaves_record_function_off() -> None:
    """A model that enables grad inside its forward, recorded without a backward graph
    (no profiled forward): the hooks' work must not switch the caller's RecordFunction on."""

    class GradInside(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.linear = nn.Linear(4, 4)
            self.act = nn.ReLU()

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            with torch.enable_grad():
                return self.act(self.linear(x))

    torch._C._autograd._enable_record_function(False)
    try:
        capture_model(GradInside(), torch.randn(3, 4), CaptureOptions(backward_graph=False), True)
        on = _record_function_on()
    finally:
        torch._C._autograd._enable_record_function(True)
    assert not on


def test_a_first_call_while_another_thread_profiles_runs_one_forward_too() -> None:
    """The profiler is the thread's own: another thread's profiled forward leaves this one's."""
    import threading

    opened, release = threading.Event(), threading.Event()

    def other_thread() -> None:
        with profiled_flops.ProfiledForward():
            opened.set()
            release.wait(30)

    thread = threading.Thread(target=other_thread)
    thread.start()
    try:
        assert opened.wait(30)
        model = _Counted()
        result = capture_model(model, torch.randn(3, 4))
    finally:
        release.set()
        thread.join()
    assert model.forwards == 1 and result.failure is None


class _DirectConvolution(nn.Module):
    """A convolution through torch.ops, which no conv function runs."""

    def __init__(self) -> None:
        super().__init__()
        self.weight = nn.Parameter(torch.randn(4, 3, 3, 3))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.ops.aten.convolution(x, self.weight, None, [1, 1], [0, 0], [1, 1], False, [0, 0], 1)


def test_a_convolution_outside_the_conv_functions_is_counted_by_the_two_forwards(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    model = _DirectConvolution()
    x = torch.randn(1, 3, 8, 8)
    one = capture_model(model, x)
    _two_forwards(monkeypatch)
    two = capture_model(model, x)
    assert one.structure == two.structure and one.structure["totals"]["flops"] > 0


def test_a_first_call_under_a_callers_dispatch_mode_runs_the_model_once() -> None:
    """The hooks' work asks tracer._with_modes_off_for again inside hooks_unprofiled; with a
    dispatch mode of the caller's on, that recursed until the one forward failed, and the
    call ran the model three times (the caller's FlopCounterMode counted all three)."""
    from torch.utils.flop_counter import FlopCounterMode

    model = _Counted()
    with FlopCounterMode(display=False) as counter:
        result = capture_model(model, torch.randn(3, 4))
    assert result.failure is None and result.structure is not None
    assert model.forwards == 1
    assert counter.get_total_flops() == 2 * 3 * (4 * 8 + 8 * 2)


class _Model(typing.NamedTuple):
    """What _capture_both takes of a zoo record."""

    model: nn.Module
    inputs: typing.Any


@pytest.mark.parametrize(
    "conv, x",
    [(nn.Conv1d(3, 4, 3), torch.randn(3, 8)), (nn.Conv2d(3, 4, 3), torch.randn(3, 8, 8))],
    ids=["conv1d", "conv2d"],
)
def test_an_unbatched_convolution_costs_what_two_forwards_count(
    conv: nn.Module, x: torch.Tensor, monkeypatch: pytest.MonkeyPatch
) -> None:
    """conv1d on a 2-D input runs aten::convolution on it unsqueezed to a batch of one: the
    conv function's output has one dimension fewer than the convolution's."""
    one, two = _capture_both(_Model(conv, x), monkeypatch)
    assert one.structure == two.structure and one.structure["totals"]["flops"] > 0


@torch.library.custom_op("modelviz_test::mm_inside", mutates_args=())
def _mm_inside(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    return a @ b


def _mm_inside_setup(ctx: typing.Any, inputs: tuple, output: torch.Tensor) -> None:
    ctx.a, ctx.b = inputs


_mm_inside.register_autograd(lambda ctx, grad: (grad @ ctx.b.t(), ctx.a.t() @ grad), setup_context=_mm_inside_setup)


class _CustomOp(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.weight = nn.Parameter(torch.randn(4, 5))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return _mm_inside(x, self.weight).relu()


def test_a_custom_op_costs_what_a_dispatch_mode_counts(monkeypatch: pytest.MonkeyPatch) -> None:
    """A dispatch mode sees a custom op (not CompositeImplicitAutograd) whole, without a
    formula: none of the ops its kernel runs inside are counted."""
    one, two = _capture_both(_Model(_CustomOp(), torch.randn(3, 4)), monkeypatch)
    assert one.structure == two.structure


class _UserRange(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.linear = nn.Linear(4, 4)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        with torch.autograd.profiler.record_function("a range of the model's"):
            y = self.linear(x)
        return y.relu()


def test_a_record_function_range_inside_the_model_keeps_the_one_forward(monkeypatch: pytest.MonkeyPatch) -> None:
    """record_function opens its range inside the op range of the `_record_function_enter_new`
    op OpRecorder sees and closes it inside another: ranges that cross."""
    one, two = _capture_both(_Model(_UserRange(), torch.randn(3, 4)), monkeypatch)
    assert one.structure == two.structure and one.structure["totals"]["flops"] > 0


class _ForceField(nn.Module):
    """Differentiates inside its own forward (forces as the gradient of an energy), which
    reads the values of the tensors its energy's graph saved."""

    def __init__(self) -> None:
        super().__init__()
        self.energy = nn.Sequential(nn.Linear(3, 16), nn.Tanh(), nn.Linear(16, 1))
        self.forwards = 0

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        self.forwards += 1
        with torch.enable_grad():
            x = x.detach().requires_grad_()
            (forces,) = torch.autograd.grad(self.energy(x).sum(), x, create_graph=True)
        return -forces


def test_a_backward_inside_the_forward_gets_the_saved_values_of_two_forwards(monkeypatch: pytest.MonkeyPatch) -> None:
    """The one forward keeps its saved tensors' shapes alone: a model whose forward reads
    their values raises there, and the call takes the backward graph from a forward that
    keeps them, as two forwards do: the same documents, and no failure."""
    model, x = _ForceField(), torch.randn(5, 3)
    one, two = _capture_both(zoo.ZooModel("force_field", model, x), monkeypatch, in_one_forward=False)
    assert one.failure is None and two.failure is None
    assert one.structure is not None and one.structure["backward"]["error"] is None
    assert one.structure == two.structure
    assert _without_timing(one.step) == _without_timing(two.step)


def test_the_one_forward_keeps_no_saved_activation_alive() -> None:
    """What the backward graph saved is kept as shapes only: each activation is freed as
    the forward goes on, where a forward keeping the saved values holds them all until
    the graph is read. The saved shapes stay in the document."""
    from tensorboard_modelviz.capture import autograd_graph

    model = nn.Sequential(*[nn.Sequential(nn.Linear(64, 64), nn.Tanh()) for _ in range(6)])
    x = torch.randn(32, 64)
    kept = []
    refs: list[StorageWeakRef] = []

    def note(module: nn.Module, args: object, out: torch.Tensor) -> None:
        if isinstance(module, nn.Tanh):
            refs.append(StorageWeakRef(out.untyped_storage()))

    for saved_values in (False, True):
        forward = autograd_graph.GradForward(model, lineage=False, edges=False, saved_values=saved_values)
        refs.clear()
        hook = torch.nn.modules.module.register_module_forward_hook(note)
        try:
            forward.run(recording.call_model, x)
        finally:
            hook.remove()
        kept.append(sum(1 for r in refs[:-1] if not r.expired()))  # the last one is the output
        scalar = forward.scalar()
        document = autograd_graph.backward_document(forward, scalar, "s")
        saved = [s for n in document["nodes"] if n["kind"] == "op" for s in n["saved"]]
        assert {"name": "result", "shape": [32, 64], "dtype": "float32"} in saved
        forward.release()
        del scalar
    assert kept == [0, 5]


class _Recomputed(nn.Module):
    """A region checkpointed with torch.utils.checkpoint, without Hugging Face's flag: the
    backward graph's nodes inside it recompute the region from its saved inputs."""

    def __init__(self) -> None:
        super().__init__()
        self.inner = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 4))
        self.head = nn.Linear(4, 2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = (
            torch.utils.checkpoint.checkpoint(self.inner, x, use_reentrant=False)
            if torch.is_grad_enabled()
            else self.inner(x)
        )
        return self.head(y.pow(2))


def test_a_checkpointed_region_gets_the_saved_values_of_two_forwards(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading the saved shapes inside a checkpointed region recomputes it from its saved
    inputs: their values are asked for, and the call takes its documents from the two
    forwards, saved shapes included."""
    one, two = _capture_both(
        zoo.ZooModel("recomputed", _Recomputed(), torch.randn(3, 4)), monkeypatch, in_one_forward=False
    )
    assert one.failure is None and two.failure is None
    assert one.structure == two.structure
    assert any(
        n["kind"] == "op" and n["op"] == "TanhBackward0" and n["saved"] for n in one.structure["backward"]["nodes"]
    )


class _KeyErrorForUnknownNames(nn.Linear):
    """A module whose own __getattr__ raises KeyError, not AttributeError, for a name it
    does not have (a config-like wrapper)."""

    def __getattr__(self, name: str) -> object:
        if name == "gradient_checkpointing":
            raise KeyError(name)
        return super().__getattr__(name)


def test_a_module_that_cannot_say_whether_it_is_checkpointed_is_taken_for_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """Asking a module for Hugging Face's `gradient_checkpointing` flag runs the module's
    own code: what it raises stays ours (the call neither raises nor fails), and the one
    forward keeps its saved values, as for a checkpointed model."""
    model = nn.Sequential(_KeyErrorForUnknownNames(4, 4), nn.Tanh())
    kept = []
    grad_forward = recording.autograd_graph.GradForward

    def spied(*args: object, **kwargs: object) -> object:
        kept.append(kwargs.get("saved_values", True))
        return grad_forward(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(recording.autograd_graph, "GradForward", spied)
    result = capture_model(model, torch.randn(3, 4))
    assert result.failure is None and result.structure is not None
    assert kept == [True]


def test_a_profiler_of_every_thread_sees_each_op_of_a_first_call_in_another_thread() -> None:
    """torch.profiler with profile_all_threads records this thread too, though no profiler
    is on in it (RecordFunction's global callbacks): ops that known_flops counts with
    RecordFunction switched off would be missing from the caller's trace. The call runs
    its two forwards, as it does under a profiler of its own thread."""
    import threading

    try:
        config = torch._C._profiler._ExperimentalConfig(profile_all_threads=True)
    except TypeError:
        pytest.skip("this torch has no profiler of every thread")
    model = _Counted()
    results = []
    with torch.profiler.profile(
        activities=[torch.profiler.ProfilerActivity.CPU], experimental_config=config
    ) as profile:
        thread = threading.Thread(target=lambda: results.append(capture_model(model, torch.randn(3, 4))))
        thread.start()
        thread.join()
    assert results and results[0].failure is None
    names = [event.name for event in profile.events()]
    assert names.count("aten::linear") == 2 * model.forwards and names.count("aten::relu") >= model.forwards


class _GrowsInItsSecondForward(nn.Module):
    """Registers a layer in its second forward and runs through it from then on."""

    def __init__(self) -> None:
        super().__init__()
        self.fc = nn.Linear(4, 4)
        self.forwards = 0

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        self.forwards += 1
        if self.forwards == 2:
            self.extra = nn.Linear(4, 4)
        y = self.fc(x)
        return self.extra(y) if hasattr(self, "extra") else y


def test_a_walk_taken_before_a_forward_that_grew_the_model_is_taken_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """The caller's walk (add_model_viz takes one before the call) reaches the one
    forward after the known structure's forward registered a layer: the recorded
    forward's trace and backward graph are those of the grown model. After the call the
    model is as the walk took it (the layer its forward registered is gone again, see
    test_steady_guards.test_a_submodule_a_forward_registers_is_gone_after_the_call)."""
    from tensorboard_modelviz.capture.model_walk import ModelWalk
    from tensorboard_modelviz.capture.structure_key import KnownStructure

    model, known = _GrowsInItsSecondForward(), KnownStructure()
    capture_model(model, torch.randn(2, 4), known=known, walk=ModelWalk(model))
    taken = []
    one_forward = recording._record_in_one_forward

    def spied(*args: typing.Any) -> typing.Any:
        taken.append(one_forward(*args))
        return taken[-1]

    monkeypatch.setattr(recording, "_record_in_one_forward", spied)
    walk = ModelWalk(model)  # before the second call, as add_model_viz takes it
    result = capture_model(model, torch.randn(2, 4), known=known, walk=walk)
    assert len(taken) == 1 and taken[0] is not None and walk.unchanged()
    taken.clear()
    _two_forwards(monkeypatch)
    again = capture_model(model, torch.randn(2, 4))  # the grown model, walked afresh
    assert result.failure is None and again.failure is None
    assert "extra" in {row["name"] for row in result.structure["layers"]}
    assert result.structure == again.structure
