"""FLOPs of a forward counted from torch's profiler, so that no dispatch mode is on.

A structure's first call records its forward with gradients and takes the backward graph
from that same forward (recording._record_in_one_forward). FLOPs cannot be counted there
by tracer.FlopRecorder: while a TorchDispatchMode is on, composite ops decompose
differently (`reshape` becomes `view`) and the backward graph would not be the model's
own. Torch's profiler records every aten op with its input shapes and scalar arguments
in C++, and tracer.OpRecorder (with `marked`) opens one profiler range around each op it
records. After the forward, each range's FLOPs are those a dispatch mode would have
counted: the aten ops that reach a dispatch mode are the first ones below
CompositeImplicitAutograd decompositions, so a composite op is followed into its children
and any other op is counted with its formula (flop_formulas) and not entered.

The profiler's Python bindings used here are private (torch._C): where they are missing,
or the caller is profiling already (one profiler at a time), `available()` is False and
the first call runs its two forwards as before.
"""

import contextlib
import gc
import os
import re
import sys
import tempfile
import threading
import typing
from typing import Any

import torch

from tensorboard_modelviz.capture import flop_formulas

try:
    from torch._C._autograd import _disable_profiler, _enable_profiler, _prepare_profiler, _profiler_enabled
    from torch._C._profiler import (
        ProfilerActivity,
        ProfilerConfig,
        ProfilerState,
        RecordScope,
        _ExperimentalConfig,
        _RecordFunctionFast,
        _TensorMetadata,
    )

    _BINDINGS = True
except ImportError:  # a torch without these bindings: FLOPs from tracer.FlopRecorder
    _BINDINGS = False

MARK = "modelviz::op"  # the range around each recorded op
_PROBE = "modelviz::probe"  # opened once first: absent when RecordFunction is switched off


# One profiled forward at a time in this process: torch's profiler is one per process,
# and _kineto_lines_dropped moves the process's stderr.
_ONE_AT_A_TIME = threading.Lock()
# Whether this thread runs a ProfiledForward now: only there do the hooks switch
# RecordFunction off (hooks_unprofiled), which no getter lets us restore elsewhere.
_THIS_THREAD = threading.local()

# The two lines torch's profiler (kineto) writes to stderr at each start and stop,
# whatever the log level asked for.
_KINETO_LINE = re.compile(rb"^USDT:[^\n]*SyncActivityProfilerHandler\.cpp:\d+\] profiler_(start|stop)\r?\n?$")


def profiling() -> bool:
    """Whether a ProfiledForward is on in this thread."""
    return getattr(_THIS_THREAD, "profiling", False)


def available() -> bool:
    """Whether a forward can be profiled here: the bindings exist, no profiler is on in
    this thread (a profiler the caller runs in another thread is not seen) and none of
    the caller's is prepared to start."""
    return _BINDINGS and not _profiler_enabled() and not _a_profiler_prepared()


# A live instance of a Python class holds a reference to it: a count above the one the
# class has without instances means one of torch's profilers may be alive
# (_a_profiler_prepared). Those alive at import (a profiler made before the first call
# imported us) are taken off the count at import.
_PROFILER_CLASSES = (torch.autograd.profiler.profile, torch.profiler.profile)


def _references() -> list[int]:
    """Each profiler class's reference count, taken the same way at import and after
    (a loop variable or a tuple holding the class counts too)."""
    return [sys.getrefcount(c) for c in _PROFILER_CLASSES]


_REFERENCES_WITHOUT_INSTANCES = [
    n - sum(type(found) is c for found in gc.get_referrers(c)) for n, c in zip(_references(), _PROFILER_CLASSES)
]


def _a_profiler_prepared() -> bool:
    """Whether a profiler of the caller's has prepared kineto and not started it yet
    (torch.profiler's schedule, at its warmup steps). Starting and stopping our own then
    ends that session, and the caller's start crashes the process; no torch API tells a
    prepared session. Such a profiler is an entered torch.autograd.profiler.profile with
    no results yet (torch.profiler.profile makes one at each prepare_trace), or a
    torch.profiler.profile at a warmup step (acc_events reuses the former). The garbage
    collector's walk (a fifth of a second on 4 million objects) is taken only where a
    class's reference count says that one of its instances may be alive."""
    if all(now <= without for now, without in zip(_references(), _REFERENCES_WITHOUT_INSTANCES)):
        return False
    autograd_profile, profile = _PROFILER_CLASSES
    for found in gc.get_referrers(*_PROFILER_CLASSES):
        if type(found) is autograd_profile and getattr(found, "entered", False):
            if getattr(found, "kineto_results", None) is None:
                return True
        elif type(found) is profile and getattr(found, "current_action", None) is torch.profiler.ProfilerAction.WARMUP:
            return True
    return False


@contextlib.contextmanager
def _kineto_lines_dropped() -> typing.Iterator[None]:
    """Keep the profiler's start and stop lines off stderr: what the process writes to
    file descriptor 2 meanwhile goes to a file and is written back afterwards, those
    lines left out. A first call of a structure is not a profiling session the user
    started. Where descriptor 2 cannot be moved (closed), nothing is."""
    try:
        sys.stderr.flush()
    except Exception:
        pass
    sink, saved = None, None
    try:
        sink = tempfile.TemporaryFile()
        saved = os.dup(2)
        os.dup2(sink.fileno(), 2)
    except OSError:
        if saved is not None:
            os.close(saved)
            saved = None
    try:
        yield
    finally:
        if saved is not None and sink is not None:
            os.dup2(saved, 2)
            os.close(saved)
            sink.seek(0)
            kept = [line for line in sink.read().splitlines(keepends=True) if not _KINETO_LINE.match(line)]
            try:
                if kept:
                    os.write(2, b"".join(kept))
            except OSError:
                pass
        if sink is not None:
            sink.close()


def op_range() -> Any:
    """The range OpRecorder (with `marked`) opens around each op it records."""
    return _RecordFunctionFast(MARK)


def _conv_out_shape(args: list[Any]) -> list[int] | None:
    """The output shape of aten::convolution from its arguments (the profiler records
    the inputs' shapes alone); None for a transposed one, whose formula needs none."""
    x, w, _bias, stride, padding, dilation = args[:6]
    if len(args) > 6 and args[6]:
        return None
    spatial = []
    for i, size in enumerate(x[2:]):
        k = w[2 + i]
        s, p, d = stride[i % len(stride)], padding[i % len(padding)], dilation[i % len(dilation)]
        spatial.append((size + 2 * p - d * (k - 1) - 1) // s + 1)
    return [x[0], w[0]] + spatial


_FORMULAS: dict[str, flop_formulas.ShapeFormula | None] = {}  # "aten::name" -> formula on shapes
_COMPOSITE: dict[str, bool] = {}  # "aten::name[.overload]" -> decomposes above a dispatch mode


def _formula(name: str) -> flop_formulas.ShapeFormula | None:
    if name not in _FORMULAS:
        shaped = None
        packet = getattr(torch.ops.aten, name[len("aten::") :], None)
        found = flop_formulas.formula(packet) if packet is not None else None
        if found is not None:
            shaped = flop_formulas.on_shapes(found)
            if shaped is None:
                raise LookupError("%s's FLOP formula takes tensors, which the profiler does not keep" % name)
            shaped = flop_formulas.positional(shaped)
            if name == "aten::convolution":
                convolution = shaped
                shaped = lambda *a: convolution(*a, out_shape=_conv_out_shape(list(a)))  # noqa: E731
        _FORMULAS[name] = shaped
    return _FORMULAS[name]


def _composite(name: str) -> bool:
    """Whether aten op `name` ("aten::op" or "aten::op.overload") runs as a
    CompositeImplicitAutograd decomposition."""
    value = _COMPOSITE.get(name)
    if value is None:
        has = torch._C._dispatch_has_kernel_for_dispatch_key
        try:
            value = bool(has(name, "CompositeImplicitAutograd"))
        except RuntimeError:
            # The dispatcher does not know this name: no default overload while the profiler
            # named none (lstm.input), or an overload of TorchScript's (to.prim_Device).
            # Composite where all of the op's overloads the dispatcher knows are.
            op = name[len("aten::") :].partition(".")[0]
            known = []
            for overload in getattr(torch.ops.aten, op).overloads():
                try:
                    full = "aten::%s" % op if overload == "default" else "aten::%s.%s" % (op, overload)
                    known.append(bool(has(full, "CompositeImplicitAutograd")))
                except RuntimeError:
                    pass
            value = bool(known) and all(known)
        _COMPOSITE[name] = value
    return value


class ProfiledForward:
    """`with ProfiledForward() as profile:` around a forward; then `profile.flops()`."""

    def __init__(self) -> None:
        self.result: Any = None
        self.recorded = False  # whether the profiler saw the forward's ops
        # Whether ops of the model's ran outside every MARK range (set by flops()): ops
        # that passed no torch function mode, which OpRecorder did not see and a dispatch
        # mode would have (recorded and counted): a TorchScript function's, or any aten op
        # with FLOPs. Our own ops there (GradForward's probe and saved tensors) have none.
        self.unseen_ops = False

    def __enter__(self) -> "ProfiledForward":
        if not _ONE_AT_A_TIME.acquire(blocking=False):
            raise RuntimeError("another forward is being profiled")
        try:
            activities = {ProfilerActivity.CPU}
            # (state, report_input_shapes, profile_memory, with_stack, with_flops, with_modules)
            experimental = _ExperimentalConfig(capture_overload_names=True)  # which overload ran: composite or not
            config = ProfilerConfig(ProfilerState.KINETO, True, False, False, False, False, experimental)
            _prepare_profiler(config, activities)
            with _kineto_lines_dropped():
                _enable_profiler(config, activities)
        except BaseException:
            _ONE_AT_A_TIME.release()
            raise
        with _RecordFunctionFast(_PROBE):
            pass
        _THIS_THREAD.profiling = True
        return self

    def __exit__(self, *exc: object) -> None:
        _THIS_THREAD.profiling = False
        try:
            with _kineto_lines_dropped():
                self.result = _disable_profiler()
        finally:
            _ONE_AT_A_TIME.release()
        tree = self.result.experimental_event_tree()
        self.recorded = any(event.name == _PROBE for event in tree)
        if not self.recorded:
            # The caller had switched the thread's RecordFunction off: hooks_unprofiled
            # switched it on again, and it is put back as it was. No FLOPs to count.
            torch._C._autograd._enable_record_function(False)

    def flops(self) -> list[int]:
        """The FLOPs of each MARK range, in the order the ranges were opened (and
        `unseen_ops`). Raises where an op's arguments or formula cannot be read (the
        caller counts otherwise)."""
        result = self.result
        concrete: dict[int, list[Any]] = {}  # correlation id -> the op's concrete inputs

        def arguments(event: Any) -> list[Any]:
            """The op's arguments as its formula takes them: a tensor by its shape, a
            tensor list by theirs, a scalar as it is. The int lists the tree leaves out
            (None) are read from the concrete inputs, which only the flat event list holds,
            where a formula reads them: convolution's stride, padding and dilation. (torch
            records concrete inputs unless told otherwise; where it was, the formula
            raises and the call counts its FLOPs the other way.)"""
            out: list[Any] = []
            for i, value in enumerate(event.extra_fields.inputs):
                if isinstance(value, _TensorMetadata):
                    value = torch.Size(value.sizes)
                elif isinstance(value, list) and value and isinstance(value[0], _TensorMetadata):
                    value = [torch.Size(t.sizes) for t in value]
                elif value is None and event.name == "aten::convolution":
                    if not concrete:
                        concrete.update((e.correlation_id(), e.concrete_inputs()) for e in result.events())
                    value = concrete[event.correlation_id][i]
                out.append(value)
            return out

        def count(event: Any) -> int:
            name = event.name
            if name.startswith("aten::"):
                overload = event.overload_name
                if not _composite("%s.%s" % (name, overload) if overload else name):
                    shaped = _formula(name)
                    return int(shaped(*arguments(event))) if shaped is not None else 0
            return sum(count(child) for child in event.children)

        out = []
        self.unseen_ops = False
        stack = list(reversed(result.experimental_event_tree()))
        while stack:
            event = stack.pop()
            if event.name == MARK:
                out.append(count(event))
            elif event.name.startswith("aten::"):
                self.unseen_ops = self.unseen_ops or count(event) > 0
            elif getattr(event.extra_fields, "scope", None) == RecordScope.TORCHSCRIPT_FUNCTION:
                self.unseen_ops = True
            else:
                stack.extend(reversed(event.children))
        return out


def hooks_unprofiled(work: typing.Callable[..., Any], *args: Any) -> Any:
    """work(*args) without gradients and unseen by the profiler: our hooks' own work
    (copies, statistics, samples) during a profiled forward with gradients builds no
    autograd graph and adds no op to any range. Torch function modes see no_grad's
    `_set_grad_enabled`: the caller has switched them off. Only while `profiling()`:
    RecordFunction is switched on again afterwards, and ProfiledForward puts back a
    caller's RecordFunction that was off. Meanwhile `profiling()` is False: nothing is
    profiled, and work that asks again (tracer._with_modes_off_for) does not recurse."""
    torch._C._autograd._enable_record_function(False)
    _THIS_THREAD.profiling = False
    try:
        with torch.no_grad():
            return work(*args)
    finally:
        _THIS_THREAD.profiling = True
        torch._C._autograd._enable_record_function(True)
