"""How the capture sees module calls: global module hooks, with hooks of ours after a
module's own where it has some (tracer.Trace.attach)."""

import contextlib
import re
import warnings

import pytest
import torch
import torch.nn as nn
from torch.utils._python_dispatch import TorchDispatchMode

from tensorboard_modelviz.capture.dead_units import DeadUnitWatcher
from tensorboard_modelviz.capture.recording import CaptureOptions, capture_model
from tensorboard_modelviz.capture.structure_key import KnownStructure
from tensorboard_modelviz.capture.tracer import Trace

_MODULE = torch.nn.modules.module
_GLOBAL_FORWARD_DICTS = (
    "_global_forward_pre_hooks",
    "_global_forward_hooks",
    "_global_forward_hooks_always_called",
    "_global_forward_hooks_with_kwargs",
)


def _global_forward_hooks():
    return {name: dict(getattr(_MODULE, name)) for name in _GLOBAL_FORWARD_DICTS}


def _rows(result):
    return {row["key"]: row for row in result.structure["layers"]}


def _first_and_steady(model, x):
    """The first call (structure recorded) and a steady one (hooks alone), same inputs."""
    known = KnownStructure()
    first = capture_model(model, x, known=known)
    steady = capture_model(model, x, known=known)
    assert first.failure is None and steady.failure is None
    assert steady.structure is None, "the steady call should have matched the known structure"
    return first, steady


def test_own_forward_hooks_that_replace_the_output_are_seen_after_them():
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(6, 8), nn.ReLU(), nn.Linear(8, 4))
    model[0].register_forward_hook(lambda module, args, out: torch.full_like(out, 7.0))
    model[2].register_forward_hook(lambda module, args, kwargs, out: out[:, :3] - 100.0, with_kwargs=True)
    before = _global_forward_hooks()
    for result in _first_and_steady(model, torch.randn(5, 6)):
        activations = result.step["activations"]
        assert activations["0#0"]["min"] == activations["0#0"]["max"] == 7.0
        assert activations["1#0"]["min"] == 7.0  # ReLU got the replaced output
        assert activations["2#0"]["numel"] == 15 and activations["2#0"]["max"] < -50
        assert activations["#0"] == activations["2#0"]  # the container returned it
    assert _rows(_first_and_steady(model, torch.randn(5, 6))[0])["2#0"]["output_shapes"] == [[5, 3]]
    assert _global_forward_hooks() == before and len(model[0]._forward_hooks) == 1 and not model[1]._forward_hooks


def test_own_pre_hooks_that_replace_the_inputs_are_seen_after_them():
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(6, 10), nn.Linear(8, 4))
    model[1].register_forward_pre_hook(lambda module, args: (args[0][:, :8],))
    first, steady = _first_and_steady(model, torch.randn(3, 6))
    assert _rows(first)["1#0"]["input_shapes"] == [[3, 8]]
    assert steady.step["activations"]["1#0"]["numel"] == 12


class _KeywordChild(nn.Module):
    def __init__(self):
        super().__init__()
        self.inner = nn.Linear(6, 5)
        self.head = nn.Linear(5, 2)

    def forward(self, x):
        return self.head(self.inner(input=x))


def test_a_child_called_with_keyword_arguments_has_its_input_shapes():
    """The global pre-hook is not given keyword arguments: the shapes come from the hook
    after the forward, which is, and a structure is recorded once."""
    torch.manual_seed(0)
    first, steady = _first_and_steady(_KeywordChild(), torch.randn(2, 6))
    assert _rows(first)["inner#0"]["input_shapes"] == [[2, 6]]
    assert "inner#0" in steady.step["activations"]


class _WithStrangers(nn.Module):
    """Calls a module it does not register (held in a plain list) and another model."""

    def __init__(self, other):
        super().__init__()
        self.first = nn.Linear(4, 4)
        self.unregistered = [nn.Linear(4, 4)]
        self.other = [other]

    def forward(self, x):
        return self.other[0](self.unregistered[0](self.first(x)))


def test_modules_outside_the_model_are_not_recorded():
    torch.manual_seed(0)
    other = nn.Sequential(nn.Linear(4, 3), nn.ReLU())
    model = _WithStrangers(other)
    first, steady = _first_and_steady(model, torch.randn(2, 4))
    assert [row["key"] for row in first.structure["layers"]] == ["#0", "first#0"]
    assert set(steady.step["activations"]) == {"#0", "first#0"}
    # The other model, recorded on its own, is unaffected by having run inside this one.
    alone = capture_model(other, torch.randn(2, 4))
    assert [row["key"] for row in alone.structure["layers"]] == ["#0", "0#0", "1#0"]


def test_a_module_call_between_the_hook_and_its_kwargs_flag_is_harmless(monkeypatch):
    """torch registers a global forward hook, then its with_kwargs flag (and removes them
    in two steps too): a module call in another thread between the two passes the hook
    (module, args, output). Here every call sees that form (the flag never set): the
    capture still records, and another model's forward runs as before."""
    register = _MODULE.register_module_forward_hook

    def without_the_flag(hook, *, with_kwargs=False, always_call=False):
        return register(hook, always_call=always_call)

    monkeypatch.setattr(_MODULE, "register_module_forward_hook", without_the_flag)
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
    other = nn.Sequential(nn.Linear(4, 4), nn.Tanh())
    x = torch.randn(3, 4)
    expected = other(x)
    result = capture_model(model, x)
    assert result.failure is None
    assert set(result.step["activations"]) == {"#0", "0#0", "1#0", "2#0"}
    assert torch.equal(other(x), expected)
    assert _global_forward_hooks() == {name: {} for name in _GLOBAL_FORWARD_DICTS}


def test_a_module_call_between_our_module_hooks_and_their_kwargs_flags_is_harmless(monkeypatch):
    """The same two steps for the hooks of ours that a module with hooks of its own gets
    (Trace.attach): a call of it in another thread between the two passes our pre-hook
    (module, args) and our forward hook (module, args, output). Here every call sees that
    form: the capture records, and the model's forward is not broken."""
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
    model[0].register_forward_pre_hook(lambda module, args: (args[0] * 2,))
    model[2].register_forward_hook(lambda module, args, output: output + 1)
    x = torch.randn(3, 4)
    expected = capture_model(model, x).step["activations"]
    for name in ("register_forward_pre_hook", "register_forward_hook"):
        register = getattr(nn.Module, name)

        def without_the_flag(self, hook, *, register=register, with_kwargs=False, **others):
            return register(self, hook, **others)

        monkeypatch.setattr(nn.Module, name, without_the_flag)
    known = KnownStructure()
    for _ in range(2):  # a first call, then a steady one
        result = capture_model(model, x, known=known)
        assert result.failure is None and result.step["activations"] == expected
    assert not model[0]._forward_pre_hooks_with_kwargs and len(model[0]._forward_pre_hooks) == 1
    assert len(model[2]._forward_hooks) == 1


def test_errors_leave_no_global_hook_behind():
    class Failing(nn.Module):
        def forward(self, x):
            raise ValueError("the model's own error")

    model = nn.Sequential(nn.Linear(4, 4), Failing())
    before = _global_forward_hooks()
    with pytest.raises(ValueError, match="own error") as info:
        capture_model(model, torch.randn(2, 4))
    assert "raised in module '1' (Failing)" in "\n".join(info.value.__notes__)
    assert _global_forward_hooks() == before


@pytest.mark.filterwarnings("ignore:`torch.jit.script` is deprecated")
def test_a_compiled_submodule_gets_no_global_hook_warning():
    """torch warns when a torch.compile'd module is called while a global module hook is
    set; a model holding one is hooked module by module instead."""
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(4, 4), nn.ReLU(), nn.Linear(4, 2))
    model[2] = torch.compile(model[2], backend="eager")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        first, steady = _first_and_steady(model, torch.randn(3, 4))
    assert not [w for w in caught if "global hooks" in str(w.message)]
    assert {"0#0", "2#0"} <= set(steady.step["activations"])


def _counting_mode(kind):
    """A torch function mode (kind "function") or dispatch mode ("dispatch") that counts
    the calls it sees in `calls`."""

    def seen(self, func, types, args=(), kwargs=None):
        self.calls += 1
        return func(*args, **(kwargs or {}))

    if kind == "function":
        mode = type("CountingFunctions", (torch.overrides.TorchFunctionMode,), {"__torch_function__": seen})()
    else:
        mode = type("CountingDispatch", (TorchDispatchMode,), {"__torch_dispatch__": seen})()
    mode.calls = 0
    return mode


@pytest.mark.parametrize("user_modes", [("function",), ("dispatch",), ("function", "dispatch")])
@pytest.mark.parametrize("watch", [False, True])
def test_the_hooks_work_unseen_by_any_mode_on(user_modes, watch):
    """Whatever modes are on during a steady call's forward (the user's torch function or
    dispatch modes, our dead-unit watcher), those that are on see the model's own calls
    alone: the hooks switch each kind that is on off for their own work
    (tracer._with_modes_off_for)."""
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(6, 8), nn.ReLU(), nn.Linear(8, 8), nn.Sequential(nn.Tanh(), nn.Linear(8, 3)))
    x = torch.randn(4, 6)

    def counted(forward):
        modes = [_counting_mode(kind) for kind in user_modes]
        with contextlib.ExitStack() as stack:
            for mode in modes:
                stack.enter_context(mode)
            if watch:
                stack.enter_context(DeadUnitWatcher(trace))
            forward()
        return [mode.calls for mode in modes]

    options = CaptureOptions()
    trace = Trace(model, options, options.selects, record_graph=False)  # a steady call's (hooks alone)
    trace.watch_relus = watch
    with torch.no_grad():
        bare = counted(lambda: model(x))
        trace.saw_relu = False
        handles = trace.attach()
        try:
            hooked = counted(lambda: model(x))
        finally:
            for handle in handles:
                handle.remove()
        trace.finish_stats()
    assert trace.failure is None and not trace.saw_relu
    assert set(trace.activation_stats) == {"#0", "0#0", "1#0", "2#0", "3#0", "3.0#0", "3.1#0"}
    assert hooked == bare and all(bare)


class _Named(torch.nn.Module):
    def forward(self, image: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        return image * mask


def test_input_names_follow_a_forward_replaced_or_changed_between_calls():
    """The positional names read from forward's signature are remembered per function,
    while its code and __signature__ stay: each change below is seen at the next call."""
    import functools
    import inspect

    from tensorboard_modelviz.capture.tracer import input_names

    model, x = _Named(), torch.ones(2)

    def names() -> list[str]:
        return [name for name, _ in input_names(model, (x, x))]

    assert names() == ["image", "mask"]
    assert names() == ["image", "mask"]  # remembered

    def other(self, first: torch.Tensor, second: torch.Tensor) -> torch.Tensor:
        return first + second

    _Named.forward, original = other, _Named.forward  # the class's forward replaced
    try:
        assert names() == ["first", "second"]
    finally:
        _Named.forward = original
    assert names() == ["image", "mask"]
    model.forward = lambda a, b: a  # an instance's own forward (not a method)
    assert names() == ["a", "b"]
    del model.forward
    original.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [inspect.Parameter(n, inspect.Parameter.POSITIONAL_OR_KEYWORD) for n in ("self", "pixels", "weights")]
    )
    try:
        assert names() == ["pixels", "weights"]
    finally:
        del original.__signature__  # type: ignore[attr-defined]
    assert names() == ["image", "mask"]
    code = original.__code__
    original.__code__ = other.__code__  # the function's code swapped in place
    try:
        assert names() == ["first", "second"]
    finally:
        original.__code__ = code
    model.forward = functools.partial(other, model)  # neither a method nor remembered
    assert names() == ["first", "second"]


def test_an_inference_mode_call_raises_nothing_in_the_hooks():
    """Under torch.inference_mode every output is an inference tensor, which has no version
    counter: the hooks ask is_inference() first rather than reading `_version` and catching
    its RuntimeError (a C++ exception at every module, dearer than all the rest of the
    hooks' work on it)."""
    import sys

    from tensorboard_modelviz.capture import tracer

    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Sequential(nn.Linear(8, 8), nn.Tanh()))
    x, known = torch.randn(3, 4), KnownStructure()
    capture_model(model, x, known=known)
    raised = []

    def trace_calls(frame, event, arg):
        if frame.f_code.co_filename != tracer.__file__:
            return None

        def in_frame(frame, event, arg):
            if event == "exception":
                raised.append((frame.f_code.co_name, arg[0].__name__))
            return in_frame

        return in_frame

    earlier = sys.gettrace()  # a coverage tool's, say
    with torch.inference_mode():
        sys.settrace(trace_calls)
        try:
            result = capture_model(model, x, known=known)
        finally:
            sys.settrace(earlier)
    assert result.failure is None and result.structure is None  # a steady call
    assert set(result.step["activations"]) == {"#0", "0#0", "1#0", "2#0", "2.0#0", "2.1#0"}
    assert raised == []


class _FunctionalRelu(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.relu(x)


class _TracesItsChild(nn.Module):
    """A forward that traces a child of its own with torch.jit.trace, on the output of a
    module called before, and calls the trace and the child. `traces`: each trace it made, as (whether
    gradients were on, its inlined graph, its code), with torch's numbering of the classes
    it compiles (`___torch_mangle_N`, one more at each trace) taken out, and the graph's
    source locations and value names: the tracer takes both from the innermost Python
    frame that called an op, which under a torch function mode of ours (seeing every op
    of a first call, and a steady call's functional relus) is that mode's, a line of ours
    in the graph's comments and another name for the same value. Its values are named
    in the order they appear instead. With `relu=False` (a Tanh for each relu) no dead
    units are counted, so its steady calls replay the calls before (Trace.replay)."""

    def __init__(self, relu: bool = True) -> None:
        super().__init__()
        self.pre = nn.Linear(4, 4)
        first, last = (_FunctionalRelu(), nn.ReLU()) if relu else (nn.Identity(), nn.Tanh())
        self.child = nn.Sequential(first, nn.Linear(4, 4), last)
        self.last = torch.relu if relu else torch.tanh
        self.traces: list[tuple[bool, str, str]] = []

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.pre(x)
        traced = torch.jit.trace(self.child, x)
        graph = re.sub(r" # \S+:\d+:\d+$", "", str(traced.inlined_graph), flags=re.MULTILINE)
        names: dict[str, str] = {}
        graph = re.sub(r"%[\w.]+", lambda m: names.setdefault(m.group(), "%%v%d" % len(names)), graph)
        self.traces.append(
            (torch.is_grad_enabled(), *(re.sub(r"___torch_mangle_\d+\.", "", text) for text in (graph, traced.code)))
        )
        return self.last(traced(x)) + self.child(x)


def _warned(run) -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        run()
    return sorted(str(w.message) for w in caught)


@pytest.mark.parametrize("relu", [True, False], ids=["relu", "tanh"])
@pytest.mark.parametrize("options", [CaptureOptions(), CaptureOptions(grad_flow=True)], ids=["default", "grad_flow"])
def test_a_jit_trace_inside_the_forward_is_left_to_the_user(options, relu):
    """The calls a torch.jit.trace in the forward makes are the tracer's (tracer.jit_tracing):
    none of our work runs under it, so the user's traced graph and code are those of a
    forward without the capture, in the same grad mode, the tracer warns of nothing of
    ours (tensors turned into Python numbers) and no traced size reaches a document. The
    trace's functional relu, on the output of a module called before it, is not counted
    for that module's dead units: its ops would go into the trace. With grad_flow, the
    gradients' forward numbers the calls as the layers are (the tracer's left out)."""
    torch.manual_seed(0)
    model, x, known = _TracesItsChild(relu), torch.randn(3, 4), KnownStructure()
    plain_warnings = {True: _warned(lambda: model(x)), False: _warned(lambda: torch.no_grad()(model)(x))}
    plain = {trace[0]: trace for trace in model.traces}
    results = []
    for _ in range(4):  # a first call, then steady ones (the later ones replay the one before's calls)
        model.traces.clear()
        warned = _warned(lambda: results.append(capture_model(model, x, options, known=known)))
        assert model.traces and all(trace == plain[trace[0]] for trace in model.traces)
        assert warned == sorted(sum((plain_warnings[trace[0]] for trace in model.traces), []))
        result = results[-1]
        assert result.failure is None and result.step["capture"]["complete"]
        assert {"#0", "pre#0", "child#0", "child.1#0", "child.2#0", "child.2#1"} <= set(result.step["activations"])
        if options.grad_flow:  # the child's calls counted as the layers are: the tracer's left out
            assert "child.2#1" in result.step["output_grads"]
            assert set(result.step["output_grads"]) <= set(result.step["activations"])
    assert results[0].structure is not None and all(result.structure is None for result in results[1:])
