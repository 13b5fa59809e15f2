"""A user's torch function or dispatch mode on around a call (FlopCounterMode for MFU, a
debug or logging mode) sees the model's forward(s) that the call runs, and none of our
own work: the guards' snapshot and restore, the input fingerprint, the statistics, the
structure key, the parameters' statistics."""

import collections
import contextlib
import copy
import itertools
import typing

import pytest
import torch
from torch import nn
from torch.testing._internal.two_tensor import TwoTensor
from torch.utils._python_dispatch import TorchDispatchMode

from tensorboard_modelviz.capture.recording import CaptureOptions, capture_model
from tensorboard_modelviz.capture.structure_key import KnownStructure


class _SeenOps(TorchDispatchMode):
    """A user's dispatch mode: the ops it sees, by name."""

    def __init__(self) -> None:
        super().__init__()
        self.ops: collections.Counter = collections.Counter()

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        self.ops[str(func)] += 1
        return func(*args, **(kwargs or {}))


class _SeenCalls(torch.overrides.TorchFunctionMode):
    """A user's torch function mode: the calls it sees, by name."""

    def __init__(self) -> None:
        super().__init__()
        self.ops: collections.Counter = collections.Counter()

    def __torch_function__(self, func, types, args=(), kwargs=None):
        self.ops[getattr(func, "__name__", str(func))] += 1
        return func(*args, **(kwargs or {}))


class _Counting(nn.Module):
    """A buffer the forward changes in place (not BatchNorm's)."""

    def __init__(self) -> None:
        super().__init__()
        self.register_buffer("calls", torch.zeros(()))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        self.calls.add_(1)
        return x * 2


def _mlp() -> nn.Module:
    return nn.Sequential(nn.Linear(8, 8), nn.Tanh(), nn.Linear(8, 3))


def _with_dead_units() -> nn.Module:
    return nn.Sequential(nn.Linear(8, 8), nn.BatchNorm1d(8), nn.ReLU(), nn.Linear(8, 3)).train()


def _with_counting_buffer() -> nn.Module:
    return nn.Sequential(nn.Linear(8, 8), _Counting(), nn.Linear(8, 3))


MODELS = {"mlp": _mlp, "dead_units": _with_dead_units, "buffer": _with_counting_buffer}
OPTIONS = {
    "default": CaptureOptions(),
    "no_samples": CaptureOptions(max_samples=0),
    "grad_flow": CaptureOptions(grad_flow=True),
}


def _seen(mode: type, run: typing.Callable[[], object], grad: bool = False) -> collections.Counter:
    """The ops `mode` sees of `run()`; with `grad` (a forward with gradients), those but
    `aten.detach`: autograd detaches the tensors it saves for the backward, a number that
    depends on the saved-tensor hooks on (ours record the backward graph), as it does
    under a user's own hooks (activation offloading)."""
    with mode() as user_mode:
        run()
    if grad:
        del user_mode.ops["aten.detach.default"]
    return user_mode.ops


def _forwards(model: nn.Module, x: torch.Tensor, count: int, grad: bool) -> None:
    """`count` forwards of `model`, with gradients or not; the mode switched unseen by a
    torch function mode (it would see `_set_grad_enabled`, as it would in a training loop)."""
    with torch._C.DisableTorchFunction():
        before = torch.is_grad_enabled()
        torch._C._set_grad_enabled(grad)
    try:
        for _ in range(count):
            model(x)
    finally:
        with torch._C.DisableTorchFunction():
            torch._C._set_grad_enabled(before)


@pytest.mark.parametrize("mode", [_SeenOps, _SeenCalls])
@pytest.mark.parametrize("options", list(OPTIONS))
@pytest.mark.parametrize("model", list(MODELS))
def test_a_users_modes_see_the_forwards_of_a_steady_call_alone(mode, options, model):
    """A steady call runs one forward (two with grad_flow: the gradient's forward with
    gradients); a mode around it sees what it sees around as many plain forwards."""
    torch.manual_seed(0)
    built, x, known = MODELS[model](), torch.randn(4, 8), KnownStructure()
    for _ in range(2):
        assert capture_model(built, x, OPTIONS[options], known=known).failure is None
    grad = OPTIONS[options].grad_flow
    seen = _seen(mode, lambda: capture_model(built, x, OPTIONS[options], known=known), grad)
    if grad:
        plain = _seen(mode, lambda: (_forwards(built, x, 1, False), _forwards(built, x, 1, True)), grad)
    else:
        plain = _seen(mode, lambda: _forwards(built, x, 1, False))
    assert seen == plain


@pytest.mark.parametrize("mode", [_SeenOps, _SeenCalls])
@pytest.mark.parametrize("options", list(OPTIONS))
@pytest.mark.parametrize("model", list(MODELS))
def test_a_users_modes_see_the_forward_of_a_first_call_alone(mode, options, model):
    """A structure's first call runs one forward with gradients (it gives the backward
    graph too): a mode around it sees what it sees around one plain forward with gradients."""
    torch.manual_seed(0)
    built, x = MODELS[model](), torch.randn(4, 8)
    unseen = capture_model(copy.deepcopy(built), x, OPTIONS[options], known=KnownStructure())
    results = []
    seen = _seen(mode, lambda: results.append(capture_model(built, x, OPTIONS[options], known=KnownStructure())), True)
    plain = _seen(mode, lambda: _forwards(built, x, 1, True), True)
    assert seen == plain
    # What the call records is what it records with no mode on: the FLOPs (profiled_flops) too.
    assert results[0].failure is None and results[0].structure_json == unseen.structure_json
    assert results[0].structure is not None and any(node.get("flops") for node in results[0].structure["nodes"])


class _Shift(nn.Module):
    """A tensor-subclass buffer (TwoTensor, which works through dispatch as DTensor does)."""

    def __init__(self) -> None:
        super().__init__()
        self.register_buffer("shift", TwoTensor(torch.ones(8), torch.ones(8)))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.shift


@pytest.mark.parametrize("mode", [_SeenOps, _SeenCalls])
@pytest.mark.parametrize("subclass", ["buffer", "input"])
def test_a_model_with_a_tensor_subclass_is_recorded_under_a_users_mode(mode, subclass):
    """Where a buffer or an input is a tensor subclass, the modes stay on for our work
    (it goes through dispatch): steady and first calls under a user's mode record what
    they record without one."""

    def steps(with_mode: bool) -> list:
        torch.manual_seed(0)
        model = nn.Sequential(nn.Linear(8, 8), _Shift() if subclass == "buffer" else nn.ReLU())
        x = torch.randn(4, 8)
        if subclass == "input":
            x = TwoTensor(x, x.clone())
        known, found = KnownStructure(), []
        for _ in range(3):
            with mode() if with_mode else contextlib.nullcontext():
                result = capture_model(model, x, known=known)
            assert result.failure is None
            step = result.step
            found.append((result.structure_json, dict(step["activations"]), dict(step["params"]), result.samples))
        return found

    assert steps(True) == steps(False)


@pytest.mark.parametrize("mode", [_SeenOps, _SeenCalls])
@pytest.mark.parametrize("model", list(MODELS))
def test_a_users_modes_see_the_recorded_forward_of_a_first_call_without_gradients(mode, model):
    """Without the backward graph a structure's first call records one forward without
    gradients (OpRecorder over our FlopRecorder and dead-unit watcher): a mode sees what
    it sees of one plain forward. One difference is left: FlopRecorder runs an op that
    has no FLOP formula and arrives whole (native_batch_norm; linear under inference
    mode) as its decomposition, which a dispatch mode below it sees (as FlopCounterMode
    would count it)."""
    torch.manual_seed(0)
    built, x = MODELS[model](), torch.randn(4, 8)
    options = CaptureOptions(backward_graph=False)
    seen = _seen(mode, lambda: capture_model(built, x, options, known=KnownStructure()))
    plain = _seen(mode, lambda: _forwards(built, x, 1, False))
    if mode is _SeenOps and model == "dead_units":
        plain["aten._native_batch_norm_legit.default"] = plain.pop("aten.native_batch_norm.default")
    assert seen == plain


@pytest.mark.parametrize("mode", [_SeenOps, _SeenCalls])
def test_a_training_run_with_calls_under_a_users_mode_ends_as_one_without_them(mode):
    """The guards' snapshot and restore run with the user's modes off: a short training
    run (BatchNorm, grad_flow on) with calls inside the mode ends bit-identical to the
    same run without the calls."""

    def run(with_calls: bool) -> list[torch.Tensor]:
        torch.manual_seed(0)
        model = _with_dead_units()
        optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
        known = KnownStructure()
        for _ in range(3):
            x = torch.randn(4, 8)
            with mode():
                if with_calls:
                    capture_model(model, x, CaptureOptions(grad_flow=True), known=known)
                loss = model(x).square().mean()
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        return [t.detach().clone() for t in itertools.chain(model.parameters(), model.buffers())]

    for a, b in zip(run(True), run(False), strict=True):
        assert torch.equal(
            a.view(torch.uint8) if a.dtype.is_floating_point else a,
            b.view(torch.uint8) if b.dtype.is_floating_point else b,
        )


_SUBCLASS_OUTSIDE_THE_CHECK = """
import contextlib, sys
import torch
from torch import nn
from torch.testing._internal.two_tensor import TwoTensor
from torch.utils._python_dispatch import TorchDispatchMode
from tensorboard_modelviz.capture.recording import CaptureOptions, capture_model
from tensorboard_modelviz.capture.structure_key import KnownStructure

class Seen(TorchDispatchMode):
    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        return func(*args, **(kwargs or {}))

class Attribute(nn.Module):  # a plain tensor attribute (no parameter, buffer or input)
    def __init__(self):
        super().__init__()
        self.l, self.shift = nn.Linear(8, 8), TwoTensor(torch.ones(8), torch.ones(8))
    def forward(self, x):
        return self.l(x) + self.shift

class Made(nn.Module):  # made inside the forward
    def __init__(self):
        super().__init__()
        self.l, self.r = nn.Linear(8, 8), nn.ReLU()
    def forward(self, x):
        y = self.l(x)
        return self.r(TwoTensor(y, y.clone()))

def steps(model, with_mode, options):
    torch.manual_seed(0)
    built, x, known, found = model(), torch.randn(4, 8), KnownStructure(), []
    for _ in range(3):
        with Seen() if with_mode else contextlib.nullcontext():
            result = capture_model(built, x, options, known=known)
        found.append((repr(result.failure), result.structure_json, dict(result.step["activations"])))
    return found

options = CaptureOptions(max_samples=0, grad_flow=sys.argv[2] == "1")
if sys.argv[1] == "fake":  # the forward's outputs are FakeTensors: a failure recorded, no crash
    from torch._subclasses.fake_tensor import FakeTensorMode
    model, x, known = nn.Sequential(nn.Linear(8, 8), nn.ReLU()), torch.randn(4, 8), KnownStructure()
    for _ in range(3):
        with FakeTensorMode(allow_non_fake_inputs=True):
            capture_model(model, x, options, known=known)
else:
    model = {"attribute": Attribute, "made": Made}[sys.argv[1]]
    assert steps(model, True, options) == steps(model, False, options)
print("survived")
"""


@pytest.mark.parametrize("grad_flow", [False, True], ids=["default", "grad_flow"])
@pytest.mark.parametrize("where", ["attribute", "made", "fake"])
def test_a_tensor_subclass_outside_parameters_buffers_and_inputs_under_a_users_dispatch_mode(where, grad_flow):
    """OwnWork keeps the modes on where a parameter, buffer or input is a tensor subclass;
    a subclass elsewhere (a plain tensor attribute, one made inside the forward) reaches
    our own work through the forward's outputs (the gradient's scalar, its backward).
    Hiding a user's dispatch mode from that work must leave a subclass's own dispatch
    working: switching the Python dispatch key off killed the process (SIGSEGV). A call
    under the mode records what it records without one. A plain model under a user's
    FakeTensorMode (its outputs FakeTensors) records its failure, and lives on. In a child process: a crash
    is a failure here, not the end of the run."""
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", _SUBCLASS_OUTSIDE_THE_CHECK, where, "1" if grad_flow else "0"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0 and "survived" in done.stdout, (done.returncode, done.stderr[-2000:])


class _DefaultDevice(nn.Module):
    """Notes the device a factory function gives inside the forward (what a
    `torch.device(...)` mode around the call decides), then runs BatchNorm and ReLU."""

    def __init__(self) -> None:
        super().__init__()
        self.layers = nn.Sequential(nn.Linear(8, 8), nn.BatchNorm1d(8), nn.ReLU())
        self.devices: list[str] = []

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        self.devices.append(torch.empty(1).device.type)
        return self.layers(x)


@contextlib.contextmanager
def _default_device_meta() -> typing.Iterator[None]:
    torch.set_default_device("meta")
    try:
        yield
    finally:
        torch.set_default_device(None)


@pytest.mark.parametrize("grad_flow", [False, True], ids=["default", "grad_flow"])
@pytest.mark.parametrize(
    "device_mode", [lambda: torch.device("meta"), _default_device_meta], ids=["with", "set_default"]
)
def test_a_default_device_mode_applies_to_the_forwards_and_none_of_our_work(device_mode, grad_flow):
    """`with torch.device("meta")` and `torch.set_default_device` are torch function
    modes: each forward a call runs makes its tensors where the mode says, while our own
    work (the guards, statistics, samples, gradient) makes nothing on meta: the call
    records, bit for bit, what it records with no mode on, and the model ends the same."""
    torch.manual_seed(0)
    model, x, options = _DefaultDevice().train(), torch.randn(4, 8), CaptureOptions(grad_flow=grad_flow)
    unseen_model = copy.deepcopy(model)
    known, unseen_known = KnownStructure(), KnownStructure()
    for _ in range(3):
        unseen = capture_model(unseen_model, x, options, known=unseen_known)
        with device_mode():
            seen = capture_model(model, x, options, known=known)
        assert seen.failure is None and unseen.failure is None
        assert (seen.structure_json, seen.blobs[1:], seen.samples) == (
            unseen.structure_json,
            unseen.blobs[1:],
            unseen.samples,
        )
    assert set(model.devices) == {"meta"} and len(model.devices) == len(unseen_model.devices)
    assert torch.empty(1).device.type == "cpu"
    for mine, theirs in zip(model.state_dict().values(), unseen_model.state_dict().values()):
        assert torch.equal(mine, theirs)


class _Raising(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.linear = nn.Linear(8, 8)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        raise ValueError("the model's own error")


class _EntersAMode(nn.Module):
    """Enters (and leaves) a mode of its own inside the forward."""

    def __init__(self) -> None:
        super().__init__()
        self.linear = nn.Linear(8, 8)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        with _SeenCalls(), _SeenOps():
            return torch.tanh(self.linear(x))


def _mode_stacks() -> tuple[int, int, bool, bool]:
    return (
        torch._C._len_torch_function_stack(),
        torch._C._len_torch_dispatch_stack(),
        torch._C._is_torch_function_mode_enabled(),
        torch.is_grad_enabled(),
    )


@pytest.mark.parametrize("options", list(OPTIONS))
@pytest.mark.parametrize("model", ["mlp", "raising", "enters_a_mode"])
@pytest.mark.parametrize("modes", [(), (_SeenCalls,), (_SeenOps,), (_SeenCalls, _SeenOps, _SeenCalls, _SeenOps)])
def test_the_mode_stacks_are_as_the_call_found_them(modes, model, options):
    """After a call (first and steady ones, the model's error raised or not) the torch
    function and dispatch mode stacks hold as many modes as before, inside nested modes
    of the user's and with a mode the forward enters itself."""
    torch.manual_seed(0)
    built = {"mlp": _mlp, "raising": _Raising, "enters_a_mode": _EntersAMode}[model]()
    x, known = torch.randn(4, 8), KnownStructure()
    for _ in range(3):
        with contextlib.ExitStack() as stack:
            for mode in modes:
                stack.enter_context(mode())
            before = _mode_stacks()
            with pytest.raises(ValueError) if model == "raising" else contextlib.nullcontext():
                capture_model(built, x, OPTIONS[options], known=known)
            assert _mode_stacks() == before
