"""A steady forward that replays the last steady forward's module calls (tracer.Trace.replay)
against the same calls recorded by the usual hook path: the same documents, byte for byte,
where every call repeats the last forward's and where one differs somewhere in the forward
(the replay ends there and the rest takes the usual path): a module returning a tuple, a
relu-family call whose producer decides its dead units, a keyword argument at some calls,
a branch between two modules, a module outside the model, another batch size, a user's
mode around one module, an output changed in place after its hook from some call on, a
hook of the model's own added between calls, another output dtype, a call under
inference_mode, a replay ended inside a call that then returns integers (the kept records
left as they were); our own failure in a replayed forward, a nested tensor (no shape to read)
where the last forward had a plain one, and another thread's call passing the forward
hook without keyword arguments."""

import contextlib
import typing
import warnings

import pytest
import torch
import torch.nn as nn
from torch.overrides import TorchFunctionMode

from tensorboard_modelviz.capture import tracer
from tensorboard_modelviz.capture.recording import CaptureResult, capture_model
from tensorboard_modelviz.capture.structure_key import KnownStructure
from tensorboard_modelviz.format import codec

_CALLS = 6


class _PassingMode(TorchFunctionMode):
    """A user's torch function mode that changes nothing."""

    def __torch_function__(self, func, types, args=(), kwargs=None):
        return func(*args, **(kwargs or {}))


class _Pair(nn.Module):
    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        return x * 2.0, x - 1.0


class _Scaled(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.linear = nn.Linear(8, 8)

    def forward(self, x: torch.Tensor, scale: float = 1.0) -> torch.Tensor:
        return self.linear(x) * scale


class _Outer(nn.Module):
    """Calls `inner` (a module it does not own) inside its forward from the fourth call on."""

    def __init__(self, inner: nn.Module) -> None:
        super().__init__()
        self.inner = [inner]
        self.index = 0

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.inner[0](x) if self.index >= 3 else x + 0.0


class _Switch(nn.Module):
    """From the fourth call on, calls `right` for `left`, and returns integers for floats:
    the replay ends inside its call, whose record the last forward kept."""

    def __init__(self) -> None:
        super().__init__()
        self.index = 0
        self.left = nn.Linear(8, 8)
        self.right = nn.Linear(8, 8)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.right(x).round().long() if self.index >= 3 else self.left(x)


class _Stack(nn.Module):
    """Layers that every forward replays, a middle part that `case` decides (called with
    the index of the call), and layers after it."""

    def __init__(self, case: str) -> None:
        super().__init__()
        self.case = case
        self.index = 0
        self.before = nn.Sequential(nn.Linear(8, 8), nn.ReLU(), nn.Linear(8, 8), nn.Tanh())
        self.pair = _Pair()
        self.clamp = nn.Hardtanh(0.0, 6.0)
        self.tokens = nn.Linear(8, 8)
        self.relu = nn.ReLU()
        self.scaled = _Scaled()
        self.left = nn.Linear(8, 8)
        self.right = nn.Linear(8, 8)
        self.middle = nn.Linear(8, 8)
        self.same = nn.Identity()
        self.outer = _Outer(self.middle)
        self.convolved = nn.Conv1d(3, 3, 1)
        self.switch = _Switch()
        self.outside = [nn.Softsign()]  # not a submodule: not the model's
        self.after = nn.Sequential(nn.Linear(8, 8), nn.ReLU(), nn.Linear(8, 4))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = self.before(x)
        case, index = self.case, self.index
        if case == "tuple":
            a, b = self.pair(h)
            h = a + b
        elif case == "hardtanh":
            h = self.clamp(h)
        elif case == "producer":  # the calls repeat, but not which one's output the clamp takes
            a, b = self.left(h), self.right(h)
            h = self.clamp(a if index % 2 else b) + b
        elif case == "3-D producer":  # the units of a 3-D relu input: its producer's type decides
            t = h.unsqueeze(1).expand(-1, 3, -1)
            a, b = self.tokens(t), self.convolved(t)
            h = self.relu(a if index % 2 else b).mean(1) + b.mean(1)
        elif case == "nesting":  # the same calls, `middle` inside `outer` from the fourth call on
            h = self.outer(h) if index >= 3 else self.middle(self.outer(h))
        elif case == "3-D relu":
            h = self.relu(self.tokens(h.unsqueeze(1).expand(-1, 3, -1))).mean(1)
        elif case == "keyword":
            h = self.scaled(h, scale=2.0) if index % 2 else self.scaled(h)
        elif case == "branch":
            h = (self.left if index % 2 else self.right)(h)
        elif case == "outside":
            h = self.outside[0](self.middle(h))
        elif case == "mode":
            if index >= 3:
                with _PassingMode():
                    h = self.middle(h)
            else:
                h = self.middle(h)
        elif case == "changed after":
            h = self.middle(h)
            if index >= 3:
                h.mul_(2.0)
        elif case == "ended inside":
            self.switch.index = index
            h = self.switch(h).float()
        elif case == "dtype":
            h = self.same(h.double()).float() if index == 3 else self.same(h)
        else:
            h = self.middle(h)
        return self.after(h)


def _input(case: str, index: int) -> torch.Tensor:
    batch = 3 if case == "batch" and index == 4 else 2
    return torch.randn(batch, 8, generator=torch.Generator().manual_seed(index))


def _documents(result: CaptureResult) -> tuple:
    """What a call writes, its time left out: structure, step and samples, encoded."""
    assert result.failure is None, result.failure
    step = dict(result.step)
    step["capture"] = dict(step["capture"], seconds=0.0)
    return (
        result.structure_json,
        codec.encode_step(step),
        [(header, bytes(values)) for header, values in result.samples],
    )


def _calls(case: str, monkeypatch: pytest.MonkeyPatch, replay: bool) -> tuple[list[tuple], list[int]]:
    """The documents of `_CALLS` calls of a fresh _Stack(case), and how many module calls
    each forward replayed; without `replay`, every forward takes the usual path."""
    replayed: list[int] = []
    attach, finish_stats = tracer.Trace.attach, tracer.Trace.finish_stats

    def attaching(self: tracer.Trace) -> list:
        handles = attach(self)
        if not replay:
            self.replay = None
        return handles

    def finishing(self: tracer.Trace) -> None:
        replayed.append(self.replayed)
        finish_stats(self)

    with monkeypatch.context() as patches:
        patches.setattr(tracer.Trace, "attach", attaching)
        patches.setattr(tracer.Trace, "finish_stats", finishing)
        torch.manual_seed(0)
        model = _Stack(case)
        known = KnownStructure()
        found = []
        for index in range(_CALLS):
            model.index = model.outer.index = index
            if case == "own hook" and index == 3:
                model.middle.register_forward_hook(lambda module, args, output: output * 3.0)
            context = torch.inference_mode() if case == "inference" and index == 3 else contextlib.nullcontext()
            with context:
                found.append(_documents(capture_model(model, _input(case, index), known=known)))
    return found, replayed


_CASES = [
    "plain",
    "tuple",
    "hardtanh",
    "producer",
    "3-D relu",
    "3-D producer",
    "nesting",
    "keyword",
    "branch",
    "outside",
    "batch",
    "mode",
    "changed after",
    "own hook",
    "dtype",
    "inference",
    "ended inside",
]


@pytest.mark.parametrize("case", _CASES)
def test_replayed_calls_write_what_the_usual_path_writes(monkeypatch: pytest.MonkeyPatch, case: str) -> None:
    replayed, counts = _calls(case, monkeypatch, replay=True)
    usual, none = _calls(case, monkeypatch, replay=False)
    assert not any(none)
    # The first steady forward's calls are replayed by the next: at least the root's and
    # `before`'s (6), where the middle part differs from the last forward's.
    assert max(counts) >= 6
    for index, (a, b) in enumerate(zip(replayed, usual)):
        assert a == b, "call %d differs" % index


def test_a_forward_that_repeats_the_last_replays_all_its_calls(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every module call of the third call on is the last forward's record."""
    _, counts = _calls("plain", monkeypatch, replay=True)
    modules = len(list(_Stack("plain").before.modules())) + len(list(_Stack("plain").after.modules())) + 2
    # The recording call and the first steady one take the usual path.
    assert counts[:2] == [0, 0] and counts[2:] == [modules] * (_CALLS - 2)


def test_kept_calls_hold_no_module() -> None:
    """The calls kept for the next forward (_Kept.calls) keep no module alive: the model
    goes when its user lets it go."""
    import gc
    import weakref

    model = nn.Sequential(nn.Linear(4, 4), nn.ReLU())
    known = KnownStructure()
    for _ in range(3):
        capture_model(model, torch.randn(2, 4), known=known)
    assert tracer._kept_for(model).calls is not None
    gone = weakref.ref(model)
    del model, known
    gc.collect()
    assert gone() is None


def test_our_failure_in_a_replayed_forward_is_recorded_and_the_next_call_replays(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A failure of ours in a replayed call's hook ends the replay and that forward's
    recording: the call records the structure again (as for any steady forward of ours
    that failed), the model is as it was, and no calls of that forward are kept: the next
    call replays the last complete forward's."""
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(4, 4), nn.ReLU(), nn.Linear(4, 4), nn.ReLU())
    x = torch.randn(2, 4)
    expected = model(x)
    known = KnownStructure()
    for _ in range(3):
        assert capture_model(model, x, known=known).failure is None
    kept = tracer._kept_for(model).calls
    defer = tracer.Trace._defer

    def failing(self: tracer.Trace, call: tracer.ModuleCall, *args: typing.Any) -> None:
        if self.replay is not None and call.name == "2":
            raise RuntimeError("ours")
        defer(self, call, *args)

    with monkeypatch.context() as patches:
        patches.setattr(tracer.Trace, "_defer", failing)
        failed = capture_model(model, x, known=known)
    assert failed.failure is None and failed.structure is not None and "2#0" in failed.step["activations"]
    assert tracer._kept_for(model).calls is kept
    replayed: list[int] = []
    finish_stats = tracer.Trace.finish_stats

    def finishing(self: tracer.Trace) -> None:
        replayed.append(self.replayed)
        finish_stats(self)

    with monkeypatch.context() as patches:
        patches.setattr(tracer.Trace, "finish_stats", finishing)
        again = capture_model(model, x, known=known)
    assert again.failure is None and "2#0" in again.step["activations"] and replayed == [5]
    assert torch.equal(model(x), expected)


def test_a_forward_hook_passed_no_keyword_arguments_ends_the_replay(monkeypatch: pytest.MonkeyPatch) -> None:
    """A module call in another thread while torch registers the forward hook passes it
    (module, args, output) (tracer.Trace.global_hook): a replayed forward seeing that form
    takes the usual path, and writes what it writes."""
    register = torch.nn.modules.module.register_module_forward_hook

    def without_the_flag(hook, *, with_kwargs=False, always_call=False):
        return register(hook, always_call=always_call)

    def documents() -> list[tuple]:
        torch.manual_seed(0)
        model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
        known = KnownStructure()
        return [_documents(capture_model(model, torch.randn(3, 4), known=known)) for _ in range(4)]

    usual = documents()
    monkeypatch.setattr(torch.nn.modules.module, "register_module_forward_hook", without_the_flag)
    assert documents() == usual


class _Nested(nn.Module):
    """At its fourth call, a nested tensor (which has no shape to read) where the calls
    before had a plain one: `maker`'s output, or `reader`'s input."""

    def __init__(self, where: str) -> None:
        super().__init__()
        self.where = where
        self.nested = False
        self.first = nn.Linear(4, 4)
        self.maker = _Maker()
        self.reader = _Reader()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = self.first(x)
        self.maker.nested = self.nested and self.where == "output"
        h = self.maker(h)
        if self.nested and self.where == "input":
            h = torch.nested.nested_tensor([h[0], h[1]])
        return self.reader(h)


class _Maker(nn.Module):
    nested = False

    def forward(self, h: torch.Tensor) -> torch.Tensor:
        return torch.nested.nested_tensor([h[0], h[1]]) if self.nested else h * 1.0


class _Reader(nn.Module):
    def forward(self, h: torch.Tensor) -> torch.Tensor:
        return h.to_padded_tensor(0.0) if h.is_nested else h * 1.0


@pytest.mark.parametrize("where", ["input", "output"])
def test_a_replayed_call_given_a_nested_tensor_leaves_the_forward_running(where: str) -> None:
    """Reading the shape of a strided nested tensor raises: in a replayed call's hook, as
    in the usual path's, that is our failure, which never reaches the user's forward."""
    torch.manual_seed(0)
    model = _Nested(where)
    x = torch.randn(2, 4)
    known = KnownStructure()
    for _ in range(3):
        assert capture_model(model, x, known=known).failure is None
    model.nested = True
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # torch's: nested tensors are a prototype
        expected = model(x)
        result = capture_model(model, x, known=known)  # raises nothing
        assert torch.equal(model(x), expected)
    assert "first#0" in result.step["activations"]
    model.nested = False
    assert capture_model(model, x, known=known).failure is None


def _slots(call: tracer.ModuleCall) -> dict[str, typing.Any]:
    """What `call` holds: its slots that are set, by name."""
    return {name: getattr(call, name) for name in tracer.ModuleCall.__slots__ if hasattr(call, name)}


def test_a_replay_ended_inside_a_call_leaves_the_kept_records_as_they_were() -> None:
    """The replay ends inside a call (its child differs), whose output then differs too:
    that call leaves with a record of its own, and the records the last forward kept
    (which a forward in another thread may be replaying) stay as they were, `small_output`
    included (a record's output is never noted again)."""
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(8, 8), _Switch(), nn.Tanh())
    x = torch.randn(2, 8)
    known = KnownStructure()
    for _ in range(3):
        assert capture_model(model, x, known=known).failure is None
    kept = tracer._kept_for(model).calls
    assert kept is not None
    before = [_slots(call) for call in kept[1]]
    model[1].index = 3  # `right` for `left`, integers out
    switched = capture_model(model, x, known=known)
    assert switched.failure is None
    assert [_slots(call) for call in kept[1]] == before
    now = tracer._kept_for(model).calls
    assert now is not None
    assert [(call.output_dtypes, call.small_output) for call in now[1] if call.name == "1"] == [([torch.int64], False)]
