"""A steady call's small outputs described after the forward (tracer.Trace.describe_deferred)
against the same calls described in their hooks (the direct path): the same statistics,
dead units and samples, bit for bit, for outputs the model changes in place after their
hook (an inplace ReLU after a BatchNorm, `out += identity`, a module's own hook), a model
that starts doing so between steady calls (the forward run again, then the output copied
in its hook), non-contiguous and channels_last outputs, edge values and float16,
bfloat16 and float64 outputs, inference_mode; a failure in the deferred loop is ours, and
the model is never harmed."""

import collections
import gc
import math
import typing
import warnings
import weakref

import model_invariance
import pytest
import torch
import torch.nn as nn
from torch.utils._python_dispatch import TorchDispatchMode

from tensorboard_modelviz.capture import recording, tracer
from tensorboard_modelviz.capture.recording import capture_model
from tensorboard_modelviz.capture.structure_key import KnownStructure


class Block(nn.Module):
    """A ResNet basic block at a small size: its BatchNorm's output changed in place after
    its hook by `out += identity` and by an inplace ReLU."""

    def __init__(self, channels: int = 4) -> None:
        super().__init__()
        self.conv = nn.Conv2d(channels, channels, 3, padding=1)
        self.bn = nn.BatchNorm2d(channels)
        self.relu = nn.ReLU(inplace=True)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = self.bn(self.conv(x))
        out += x
        return self.relu(out)


class Pair(nn.Module):
    """Two outputs: described in its hook, after the outputs put off before it."""

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        return x * 2.0, x - 1.0


class Zoo(nn.Module):
    """Small outputs of every kind the deferred path takes or leaves to the hooks."""

    def __init__(self) -> None:
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3, padding=1)
        self.bn = nn.BatchNorm2d(4)
        self.relu = nn.ReLU(inplace=True)  # changes bn's output after its hook
        self.block = Block()
        self.head = nn.Sequential(nn.Flatten(), nn.Linear(4 * 6 * 6, 10), nn.ReLU(), nn.Dropout(0.2))  # draws numbers
        self.in_half = nn.Linear(10, 10).to(torch.float16)
        self.in_bfloat16 = nn.Linear(10, 10).to(torch.bfloat16)
        self.in_double = nn.Linear(10, 10).to(torch.float64)
        self.edges = nn.Identity()
        self.channels_last = nn.Identity()
        self.transposed = nn.Identity()
        self.scaled = nn.Linear(10, 10)
        self.scaled.register_forward_hook(lambda module, args, output: output.mul_(2.0))  # in place, its own hook
        self.replaced = nn.Linear(10, 10)
        self.replaced.register_forward_hook(lambda module, args, output: output - 1.0)
        self.rebound = nn.Identity()
        self.pair = Pair()
        self.large = nn.Linear(10, 20000)  # 40,000 values a call: over EXACT_LIMIT, described in its hook
        self.starts_in_place = nn.Linear(10, 10)
        self.in_place_now = False  # set between steady calls: starts_in_place's output changed after its hook

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = self.block(self.relu(self.bn(self.conv(x))))
        z = self.head(y)
        z = (
            z
            + self.in_half(z.half()).float()
            + self.in_bfloat16(z.bfloat16()).float()
            + self.in_double(z.double()).float()
        )
        edges = self.edges(torch.tensor([float("nan"), float("inf"), -float("inf"), -0.0, 0.0, 1.0]))
        last = self.channels_last(y.contiguous(memory_format=torch.channels_last))
        last.mul_(0.5)  # non-contiguous and changed after its hook
        t = self.transposed(z.t())
        t.add_(1.0)
        rebound = self.rebound(z * 1.0)
        rebound.data = rebound.data[:1].clone()  # another shape, and no version moved
        doubled, _ = self.pair(z)
        doubled.add_(1.0)  # changed after the hook that described it
        large = self.large(z)
        large.mul_(2.0)
        z = z + doubled + large[:, :10]
        w = self.starts_in_place(z)
        if self.in_place_now:
            w.sub_(3.0)
        return z.sum() + edges[-1] + last.sum() + t.sum() + self.scaled(z).sum() + self.replaced(z).sum() + w.sum()


def _bits(t: torch.Tensor) -> bytes:
    bits = model_invariance.tensor_bits(t)
    assert bits is not None
    return bits.numpy().tobytes()


def _same(a: object, b: object) -> bool:
    """Equal, NaN equal to NaN, and a zero's sign told apart."""
    if isinstance(a, float) and isinstance(b, float):
        return (math.isnan(a) and math.isnan(b)) or (a == b and math.copysign(1, a) == math.copysign(1, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return list(a.keys()) == list(b.keys()) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b


def _found(result: recording.CaptureResult) -> tuple:
    assert result.failure is None, result.failure
    samples = [(header, bytes(values)) for header, values in result.samples]
    return dict(result.step["activations"]), dict(result.step["dead_units"]), samples


def _calls(model: nn.Module, x: torch.Tensor, calls: int = 3, start_in_place_at: int | None = None) -> list[tuple]:
    """The documents' figures of a first call and `calls - 1` steady ones."""
    known = KnownStructure()
    found = []
    for index in range(calls):
        if start_in_place_at is not None:
            model.in_place_now = index >= start_in_place_at
        found.append(_found(capture_model(model, x, known=known)))
    return found


def _in_hooks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every output described in its hook, as before describe_deferred."""
    monkeypatch.setattr(
        tracer.Trace,
        "_defer",
        lambda self, call, output, size, counting: self._describe_now(call, output, size, counting),
    )


def _model() -> tuple[nn.Module, torch.Tensor]:
    torch.manual_seed(0)
    model = Zoo()
    x = torch.randn(2, 3, 6, 6, generator=torch.Generator().manual_seed(1))
    return model, x


@pytest.fixture
def deferrals(monkeypatch: pytest.MonkeyPatch) -> dict:
    """How many outputs were described after the forward, and how many forwards ran again."""
    counts: dict = {"deferred": 0, "again": 0, "in the forward": 0, "changed": set()}
    defer, run_forward = tracer.Trace._defer, recording._run_forward
    describe_deferred = tracer.Trace.describe_deferred

    def counting_defer(self, *args):
        counts["deferred"] += 1
        return defer(self, *args)

    def counting_describe_deferred(self):
        counts["in the forward"] += bool(self.deferred and self.stack)  # before a hook's own record
        return describe_deferred(self)

    def counting_run_forward(*args, **kwargs):
        trace, output = run_forward(*args, **kwargs)
        counts["again"] += isinstance(trace.failure, tracer.OutputChangedAfterHook)
        counts["changed"] = set(tracer._kept_for(args[0]).changed_after_hook)
        return trace, output

    monkeypatch.setattr(tracer.Trace, "_defer", counting_defer)
    monkeypatch.setattr(tracer.Trace, "describe_deferred", counting_describe_deferred)
    monkeypatch.setattr(recording, "_run_forward", counting_run_forward)
    return counts


def test_outputs_described_after_the_forward_equal_those_described_in_their_hooks(monkeypatch, deferrals):
    model, x = _model()
    deferred = _calls(model, x, calls=4)
    assert deferrals["deferred"] > 0 and deferrals["again"] == 0  # the recording call learnt bn's, block.bn's
    # In pair's hook and in channels_last's (described in its hook, the recording call having
    # found it changed after its hook) at each of the 3 steady forwards.
    assert deferrals["in the forward"] == 6
    kept = tracer._kept_for(model)
    assert kept.changed_after_hook == {"bn#0", "block.bn#0", "transposed#0", "channels_last#0", "rebound#0"}
    monkeypatch.undo()
    _in_hooks(monkeypatch)
    model, x = _model()
    direct = _calls(model, x, calls=4)
    assert _same(deferred, direct)
    stats = deferred[-1][0]
    assert stats["edges#0"]["nan"] == 1 and stats["edges#0"]["inf"] == 2
    assert {"in_half#0", "in_bfloat16#0", "in_double#0", "scaled#0", "replaced#0", "channels_last#0"} <= stats.keys()
    assert {"pair#0", "large#0"} <= stats.keys()


def test_a_model_that_starts_changing_an_output_in_place_runs_the_forward_again(monkeypatch, deferrals):
    model, x = _model()
    deferred = _calls(model, x, calls=5, start_in_place_at=3)
    assert deferrals["again"] == 1  # the one where the model changed its ways
    assert "starts_in_place#0" in tracer._kept_for(model).changed_after_hook
    monkeypatch.undo()
    _in_hooks(monkeypatch)
    model, x = _model()
    direct = _calls(model, x, calls=5, start_in_place_at=3)
    assert _same(deferred, direct)
    # The values the module returned, not those the model left after its hook.
    assert _same(deferred[2][0]["starts_in_place#0"], deferred[4][0]["starts_in_place#0"])


def test_the_forward_run_again_leaves_training_bit_identical():
    """A training run whose steady calls run the forward again (outputs changed after their
    hooks) ends as the same run without the calls."""

    def train(capture: bool) -> list[bytes]:
        model, x = _model()
        model.train()
        known = KnownStructure()
        optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
        for step in range(4):
            model.in_place_now = step >= 2
            if capture:
                capture_model(model, x, known=known)
            optimizer.zero_grad()
            model(x).backward()
            optimizer.step()
        return [_bits(t) for t in [*model.parameters(), *model.buffers()]]

    assert train(True) == train(False)


def test_steady_calls_under_inference_mode_describe_outputs_in_their_hooks(deferrals):
    model, x = _model()
    model.eval()
    known = KnownStructure()
    found = []
    with torch.inference_mode():
        for _ in range(3):
            found.append(_found(capture_model(model, x, known=known)))
    assert deferrals["deferred"] == 0 and deferrals["again"] == 0  # no version to tell a change by
    assert _same(found[1], found[2])
    with torch.no_grad():  # the same figures outside it
        outside = _calls(model, x, calls=3)
    assert _same(found[2][0], outside[2][0])


def test_a_failure_in_the_deferred_loop_is_ours(monkeypatch):
    model, x = _model()
    known = KnownStructure()
    capture_model(model, x, known=known)
    capture_model(model, x, known=known)
    torch.manual_seed(3)  # the same dropout before and after
    expected = _bits(model(x))

    def broken(self, *args):
        raise RuntimeError("broken in the deferred loop")

    monkeypatch.setattr(tracer.Trace, "_describe", broken)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = capture_model(model, x, known=known)
    assert isinstance(result.failure, RuntimeError) and "deferred loop" in str(result.failure)
    torch.manual_seed(3)
    assert _bits(model(x)) == expected


def test_deferred_outputs_are_copied_where_they_stand_after_the_forward():
    """A deferred output's values are read after the forward: one written through its
    version counter after its hook is never read as it stands then."""
    model = nn.Sequential(nn.Linear(4, 4), nn.Linear(4, 4))
    x = torch.randn(1, 4)
    trace = tracer.Trace(model, recording.CaptureOptions(), recording.CaptureOptions().selects, record_graph=False)
    handles = trace.attach()
    try:
        out = model(x)
        assert len(trace.deferred) == 3  # the two Linears and the Sequential
        out.add_(1.0)
    finally:
        for handle in handles:
            handle.remove()
    trace.finish_stats()
    assert isinstance(trace.failure, tracer.OutputChangedAfterHook) and "1#0" in str(trace.failure)
    assert trace.kept.describe_in_hooks and trace.kept.changed_after_hook == {"1#0", "#0"}
    again = tracer.Trace(model, recording.CaptureOptions(), recording.CaptureOptions().selects, record_graph=False)
    assert not again.defer and not trace.kept.describe_in_hooks


class _SeenOps(TorchDispatchMode):
    """A user's dispatch mode around the call: the ops it sees, by name."""

    def __init__(self) -> None:
        super().__init__()
        self.ops: list[str] = []

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        self.ops.append(str(func))
        return func(*args, **(kwargs or {}))


class _SeenCalls(torch.overrides.TorchFunctionMode):
    """A user's torch function mode around the call: the calls it sees, by name."""

    def __init__(self) -> None:
        super().__init__()
        self.ops: list[str] = []

    def __torch_function__(self, func, types, args=(), kwargs=None):
        self.ops.append(getattr(func, "__name__", str(func)))
        return func(*args, **(kwargs or {}))


def _seen_by(mode: type, model: typing.Callable[[], nn.Module], key: str) -> collections.Counter:
    """The ops a user's `mode` on around the third call (the second steady one) of a fresh
    `model()` sees; `key`: a layer the call describes."""
    torch.manual_seed(0)
    built, x = model(), torch.randn(2, 4)
    known = KnownStructure()
    capture_model(built, x, known=known)
    capture_model(built, x, known=known)
    with mode() as user_mode:
        result = capture_model(built, x, known=known)
    assert result.failure is None and key in result.step["activations"]
    return collections.Counter(user_mode.ops)


@pytest.mark.parametrize("mode", [_SeenOps, _SeenCalls])
def test_the_deferred_work_is_unseen_by_the_users_modes(monkeypatch, mode):
    """A user's torch function or dispatch mode on around a steady call sees what it saw
    with every output described in its hook: our work on the deferred outputs after the
    forward runs with the modes off, as the hooks' own work does."""

    def model() -> nn.Module:
        return nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 8), nn.Tanh())

    deferred = _seen_by(mode, model, "3#0")
    _in_hooks(monkeypatch)
    assert deferred == _seen_by(mode, model, "3#0")


def test_an_output_given_other_memory_of_its_shape_after_its_hook_is_told_apart(monkeypatch, deferrals):
    """`output.data = other` (same shape) moves no version: the memory an output's values
    are in is compared too, and its statistics are those of the values it was returned with."""

    class Rebinds(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.a = nn.Linear(4, 4)
            self.b = nn.Linear(4, 4)
            self.in_place_now = False  # from the second steady call on (_calls)

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            y = self.a(x)
            if self.in_place_now:
                y.data = y.data * 3.0  # the same shape, other memory, no version moved
            return self.b(y)

    def found() -> list[tuple]:
        torch.manual_seed(0)
        return _calls(Rebinds(), torch.randn(2, 4), calls=4, start_in_place_at=2)

    deferred = found()
    assert deferrals["again"] == 1 and "a#0" in deferrals["changed"]
    monkeypatch.undo()
    _in_hooks(monkeypatch)
    assert _same(deferred, found())


def test_outputs_changed_after_their_hooks_at_the_first_call_are_copied_in_the_hooks_of_the_next(deferrals):
    """The recording call notes which outputs the model changes in place after their hooks
    (a BatchNorm's before an inplace ReLU, `out += identity`): the steady calls after it
    copy those in their hooks and run the model once, as a steady call did before the
    outputs were put off (a caller's FlopCounterMode, a model's own count of its forwards
    see one forward). Only a model that starts changing an output later runs one again."""
    from torch.utils.flop_counter import FlopCounterMode

    class Counted(Block):
        def __init__(self) -> None:
            super().__init__()
            self.forwards = 0

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            self.forwards += 1
            return super().forward(x)

    torch.manual_seed(0)
    model, x = Counted(), torch.randn(2, 4, 6, 6)
    with FlopCounterMode(display=False) as plain:
        model(x)
    known = KnownStructure()
    capture_model(model, x, known=known)
    assert tracer._kept_for(model).changed_after_hook == {"bn#0"}  # `out += x`, relu_
    for _ in range(2):  # the first steady call, and one after it
        forwards = model.forwards
        with FlopCounterMode(display=False) as counter:
            result = capture_model(model, x, known=known)
        assert result.failure is None and result.structure is None
        assert model.forwards == forwards + 1 and counter.get_total_flops() == plain.get_total_flops()
    assert deferrals["again"] == 0 and deferrals["deferred"] > 0


def test_a_write_that_moves_no_version_after_the_hook_is_seen_as_docs_format_says():
    """docs/format.md: a small CPU output written through `.data` (or a numpy view) after
    its module returned it keeps its version and memory, and a steady call, which reads
    it after the forward, describes the values written (telling them would take a pass
    over every output's values in its hook, which putting them off saves)."""

    class WritesData(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.a = nn.Linear(4, 4)
            self.b = nn.Linear(4, 4)
            self.write = False

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            y = self.a(x)
            if self.write:
                y.data.fill_(7.0)
            return self.b(y)

    model, x = WritesData(), torch.randn(2, 4)
    known = KnownStructure()
    assert capture_model(model, x, known=known).step["activations"]["a#0"]["max"] != 7.0
    model.write = True
    steady = capture_model(model, x, known=known)
    assert steady.structure is None and steady.step["activations"]["a#0"]["min"] == 7.0


class _Marked(torch.Tensor):
    """A tensor subclass of the model's: a hook whose outputs hold one keeps the modes on."""


class _ReturnsMarked(nn.Module):
    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        return x * 2.0, (x + 1.0).as_subclass(_Marked)


@pytest.mark.parametrize("mode", [_SeenOps, _SeenCalls])
def test_the_deferred_work_in_a_hook_that_keeps_the_modes_on_is_unseen_by_them(monkeypatch, mode):
    """A hook whose outputs hold a tensor subclass keeps the user's modes on for its own
    output (tracer._with_modes_off_for); the plain outputs put off before it, described
    first there, are described with the modes off, as in their own hooks."""

    def model() -> nn.Module:
        return nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 8), _ReturnsMarked())

    deferred = _seen_by(mode, model, "2#0")
    _in_hooks(monkeypatch)
    assert deferred == _seen_by(mode, model, "2#0")


def test_a_model_whose_forward_makes_collective_calls_describes_its_outputs_in_their_hooks(monkeypatch, deferrals):
    """Where every rank must take part in a forward (FSDP, DTensor parameters, SyncBatchNorm
    in train mode: fsdp_state.collective_forward), a steady forward describes its outputs in
    their hooks: a model that starts changing one after its hook on one rank would
    otherwise run a second forward there alone, and wait for the others for good."""
    from tensorboard_modelviz.capture import fsdp_state

    monkeypatch.setattr(fsdp_state, "collective_forward", lambda model, mode=None: True)
    model, x = _model()
    found = _calls(model, x, calls=5, start_in_place_at=3)
    assert deferrals["deferred"] == 0 and deferrals["again"] == 0
    monkeypatch.undo()
    _in_hooks(monkeypatch)
    model, x = _model()
    assert _same(found, _calls(model, x, calls=5, start_in_place_at=3))


class _Scales(nn.Module):
    """`count` modules in a row, each returning a new output the size of its input."""

    def __init__(self, count: int) -> None:
        super().__init__()
        self.steps = nn.Sequential(*(_Scale() for _ in range(count)))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.steps(x)


class _Scale(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x * 1.01


def test_a_forward_holds_no_more_than_its_budget_of_deferred_outputs(monkeypatch, deferrals):
    """Deferring keeps each small output alive past its hook: once the outputs held reach
    tracer._DEFERRED_BYTES, a hook describes them, so a model of many outputs just under
    EXACT_LIMIT holds at most that much more than describing in the hooks did, and records
    the same."""
    from tensorboard_modelviz.capture.statistics import EXACT_LIMIT

    size = EXACT_LIMIT - 8
    held: list[int] = []
    defer = tracer.Trace._defer

    def noting_defer(self, *args):
        defer(self, *args)
        held.append(self.deferred_bytes)

    monkeypatch.setattr(tracer.Trace, "_defer", noting_defer)
    model, x = _Scales(40), torch.randn(1, size)
    found = _calls(model, x, calls=3)
    assert deferrals["deferred"] >= 2 * 40 and deferrals["again"] == 0
    # 40 outputs of about 128 KiB a steady forward (5 MiB), held 2 MiB at most.
    assert tracer._DEFERRED_BYTES == 1 << 21 and 0 < max(held) <= 1 << 21
    monkeypatch.undo()
    _in_hooks(monkeypatch)
    assert _same(found, _calls(_Scales(40), x, calls=3))


@pytest.mark.parametrize("budget", [0, 1000], ids=["every output", "a few outputs"])
def test_outputs_described_at_the_budget_in_a_hook_equal_those_described_in_their_hooks(monkeypatch, deferrals, budget):
    """A budget reached in a hook, between a child's hook and that of a container returning
    the same tensor (head's Dropout and head, block.relu and block), and between outputs the
    model changes after their hooks: records, dead units, samples and sample aliases as the
    in-hooks path has them, and no forward run again for it."""
    monkeypatch.setattr(tracer, "_DEFERRED_BYTES", budget)
    model, x = _model()
    flushed = _calls(model, x, calls=4)
    assert deferrals["deferred"] > 0 and deferrals["again"] == 0
    monkeypatch.undo()
    _in_hooks(monkeypatch)
    model, x = _model()
    assert _same(flushed, _calls(model, x, calls=4))


class _Unrolled(nn.Module):
    """A cell called `steps` times (a number the caller sets), each output changed in
    place after its hook."""

    def __init__(self) -> None:
        super().__init__()
        self.cell = nn.Linear(4, 4)
        self.steps = 1

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        for _ in range(self.steps):
            x = self.cell(x)
            x.mul_(0.5)
        return x


def test_the_keys_kept_of_outputs_changed_after_their_hook_are_bounded_by_the_models_calls() -> None:
    """_Kept.changed_after_hook, never pruned between calls, holds layer keys (strings, no
    module): over many calls whose forwards call a module a varying number of times, it
    holds no more than the keys of the longest forward's calls, and goes with the model."""
    model = _Unrolled().eval()
    known = KnownStructure()
    x = torch.randn(2, 4)
    for call in range(60):
        model.steps = 1 + call % 6
        capture_model(model, x, known=known)
    kept = tracer._kept_for(model).changed_after_hook
    assert kept and kept <= {"cell#%d" % index for index in range(6)}, kept
    assert all(type(key) is str for key in kept)
    gone = weakref.ref(model)
    del model
    gc.collect()
    assert gone() is None
