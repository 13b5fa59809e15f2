"""FLOPs of a forward counted from torch's profiler, so that no dispatch mode is on.

A structure's first call records its forward with gradients and takes the backward graph
from that same forward (recording._record_in_one_forward). FLOPs cannot be counted there
by tracer.FlopRecorder: while a TorchDispatchMode is on, composite ops decompose
differently (`reshape` becomes `view`) and the backward graph would not be the model's
own. Torch's profiler records every aten op with its input shapes, in C++, and
tracer.OpRecorder (with `marked`) opens one profiler range around each op it records
whose FLOPs known_flops cannot tell from its arguments; the others run unseen by the
profiler (`unprofiled_op`), and cost it nothing. After the forward, each range's FLOPs are those a dispatch mode would have counted: the
aten ops that reach a dispatch mode are the first ones below CompositeImplicitAutograd
decompositions, so a composite op is followed into its children and any other op is
counted with its formula (flop_formulas) and not entered.

The profiler is torch's legacy one (RecordFunction callbacks of this thread alone), not
kineto: kineto is one session per process, which a caller's torch.profiler may hold
prepared between its steps (starting and stopping ours then ends the caller's, whose
next start crashes the process), and it writes two lines to stderr at each start and
stop. The legacy profiler records shapes but no scalar arguments: a convolution's output
shape and whether it is transposed come from the op that ran it (`conv_output`). Its
Python bindings are private (torch._C): where they are missing, or a profiler is on in
this thread (or a torch.profiler anywhere), `available()` is False and the first call runs its two forwards as before.
"""

import threading
import typing
from typing import Any

import torch

from tensorboard_modelviz.capture import flop_formulas

try:
    from torch._C._autograd import _disable_profiler_legacy, _enable_profiler_legacy, _profiler_enabled
    from torch._C._profiler import ProfilerConfig, ProfilerState, RecordScope, _ExperimentalConfig, _RecordFunctionFast

    _BINDINGS = True
except ImportError:  # a torch without these bindings: FLOPs from tracer.FlopRecorder
    _BINDINGS = False

MARK = "modelviz::op"  # the range around each recorded op
_PROBE = "modelviz::probe"  # opened once first: absent when RecordFunction is switched off
_TORCHSCRIPT = RecordScope.TORCHSCRIPT_FUNCTION.value if _BINDINGS else -1
_USER_SCOPE = RecordScope.USER_SCOPE.value if _BINDINGS else -1  # record_function's ranges

# Whether this thread runs a ProfiledForward now: only there do the hooks switch
# RecordFunction off (hooks_unprofiled), which no getter lets us restore elsewhere.
_THIS_THREAD = threading.local()

# The torch functions that run one aten::convolution, and whether it is transposed.
_CONVOLUTIONS = {
    torch.conv1d: False,
    torch.conv2d: False,
    torch.conv3d: False,
    torch.conv_transpose1d: True,
    torch.conv_transpose2d: True,
    torch.conv_transpose3d: True,
}


def profiling() -> bool:
    """Whether a ProfiledForward is on in this thread."""
    return getattr(_THIS_THREAD, "profiling", False)


def available() -> bool:
    """Whether a forward can be profiled here: the bindings exist and no profiler is on
    in this thread, nor a torch.profiler anywhere (torch's flag of the process): one with
    profile_all_threads records this thread through global callbacks, and would miss the
    ops run with RecordFunction switched off (`unprofiled_op`)."""
    return _BINDINGS and not _profiler_enabled() and not getattr(torch.autograd.profiler, "_is_profiler_enabled", False)


def op_range() -> Any:
    """The range OpRecorder (with `marked`) opens around each op it records."""
    return _RecordFunctionFast(MARK)


ConvOutput = tuple[torch.Size, bool]  # (output shape, transposed)


def conv_output(func: Any, out: Any) -> ConvOutput | None:
    """What a convolution's formula needs that the profiler does not record, where `func`
    is a convolution function and `out` its output; else None."""
    transposed = _CONVOLUTIONS.get(func)
    if transposed is None or type(out) is not torch.Tensor:
        return None
    return out.shape, transposed


_PACKETS: dict[str, Any] = {}  # "ns::name" -> the operator's overload packet, or None
_FORMULAS: dict[str, flop_formulas.ShapeFormula | None] = {}  # "ns::name" -> formula on shapes
_COMPOSITE: dict[str, bool] = {}  # "ns::name" -> decomposes above a dispatch mode


def _packet(name: str) -> Any:
    """The overload packet of the operator an event names ("aten::mm", a custom op's
    "mylib::op"); None where the event is no operator's (our ranges, record_function's,
    the autograd kernels' own ranges)."""
    if name not in _PACKETS:
        namespace, _, op = name.partition("::")
        packet = None
        if op:
            try:
                # Asked first: torch.ops would make a namespace of any name it is given.
                if torch._C._jit_get_operation(name)[0] is not None:
                    packet = getattr(getattr(torch.ops, namespace), op)
            except Exception:  # no such operator
                packet = None
        _PACKETS[name] = packet
    return _PACKETS[name]


def _formula(name: str) -> flop_formulas.ShapeFormula | None:
    if name not in _FORMULAS:
        shaped = None
        packet = _packet(name)
        found = flop_formulas.formula(packet) if packet is not None else None
        if found is not None:
            shaped = flop_formulas.on_shapes(found)
            if shaped is None:
                raise LookupError("%s's FLOP formula takes tensors, which the profiler does not keep" % name)
            shaped = flop_formulas.positional(shaped)
        _FORMULAS[name] = shaped
    return _FORMULAS[name]


def _composite(name: str) -> bool:
    """Whether operator `name` ("ns::op": the profiler names no overload) runs as a
    CompositeImplicitAutograd decomposition: as its default overload does, or where it has
    none (aten::lstm), where all of its overloads do."""
    value = _COMPOSITE.get(name)
    if value is None:
        has = torch._C._dispatch_has_kernel_for_dispatch_key
        try:
            value = bool(has(name, "CompositeImplicitAutograd"))
        except RuntimeError:  # no default overload
            known = []
            for overload in _packet(name).overloads():
                try:
                    known.append(bool(has("%s.%s" % (name, overload), "CompositeImplicitAutograd")))
                except RuntimeError:
                    pass
            value = bool(known) and all(known)
        _COMPOSITE[name] = value
    return value


class _Event:
    """One aten op or range of the profiled thread, with those run inside it."""

    __slots__ = ("name", "event", "scope", "children")

    def __init__(self, name: str, event: Any, scope: int) -> None:
        self.name, self.event, self.scope = name, event, scope  # event: the profiler's push
        self.children: list[_Event] = []

    def shapes(self) -> list[list[int]]:
        """The shapes of the op's inputs, read where a formula needs them (a few ops of
        the thousands a forward runs)."""
        shapes: list[list[int]] = self.event.shapes()
        return shapes


def _event_tree(threads: list[list[Any]]) -> list[_Event]:
    """The top-level events of the thread that opened the probe, each with its children:
    the legacy profiler lists a thread's ranges as pushes and pops, in order. The model's
    own record_function ranges are left out (their ops go to the range around them): one
    opens inside the op range of `_record_function_enter_new` and closes inside another,
    so it does not nest with the op ranges."""
    for events in threads:
        roots: list[_Event] = []
        stack: list[_Event] = []
        open_handles: list[int] = []  # the handle of each event on the stack
        for e in events:
            kind = e.kind()
            if kind == "push":
                scope = e.scope()
                if scope == _USER_SCOPE:
                    continue
                event = _Event(e.name(), e, scope)
                (stack[-1].children if stack else roots).append(event)
                stack.append(event)
                open_handles.append(e.handle())
            elif kind == "pop" and open_handles and open_handles[-1] == e.handle():
                stack.pop()
                open_handles.pop()
        if any(event.name == _PROBE for event in roots):
            return roots
    return []


class ProfiledForward:
    """`with ProfiledForward() as profile:` around a forward; then `profile.flops(...)`."""

    def __init__(self) -> None:
        self.tree: list[_Event] = []
        self.recorded = False  # whether the profiler saw the forward's ops
        # Whether ops of the model's ran outside every MARK range (set by flops()): ops
        # that passed no torch function mode, which OpRecorder did not see and a dispatch
        # mode would have (recorded and counted): a TorchScript function's, or any operator
        # with FLOPs. Our own ops there (GradForward's probe and saved tensors) have none.
        self.unseen_ops = False

    def __enter__(self) -> "ProfiledForward":
        # (state, report_input_shapes, profile_memory, with_stack, with_flops, with_modules)
        _enable_profiler_legacy(
            ProfilerConfig(ProfilerState.CPU, True, False, False, False, False, _ExperimentalConfig())
        )
        try:
            with _RecordFunctionFast(_PROBE):
                pass
        except BaseException:
            _disable_profiler_legacy()
            raise
        _THIS_THREAD.profiling = True
        return self

    def __exit__(self, *exc: object) -> None:
        _THIS_THREAD.profiling = False
        self.tree = _event_tree(_disable_profiler_legacy())
        self.recorded = bool(self.tree)
        if not self.recorded:
            # The caller had switched the thread's RecordFunction off: hooks_unprofiled
            # switched it on again, and it is put back as it was. No FLOPs to count.
            torch._C._autograd._enable_record_function(False)

    def flops(self, convolutions: typing.Sequence[ConvOutput | None]) -> list[int]:
        """The FLOPs of each MARK range, in the order the ranges were opened (and
        `unseen_ops`); `convolutions`: each range's conv_output. Raises where an op's
        arguments or formula cannot be read (the caller counts otherwise)."""

        def count(event: _Event, convolution: ConvOutput | None) -> int:
            name = event.name
            if _packet(name) is not None and not _composite(name):  # an op a dispatch mode sees
                shaped = _formula(name)
                if name == "aten::convolution":
                    if convolution is None or shaped is None:
                        raise LookupError("a convolution run by no convolution function, or no formula")
                    out_shape, transposed = convolution
                    shapes = event.shapes()
                    x, w = torch.Size(shapes[0]), torch.Size(shapes[1])
                    if len(out_shape) == len(x) - 1:  # unbatched: convolved as a batch of one
                        out_shape = torch.Size([1, *out_shape])
                    return int(shaped(x, w, None, None, None, None, transposed, out_shape=out_shape))
                return int(shaped(*[torch.Size(shape) for shape in event.shapes()])) if shaped is not None else 0
            return sum(count(child, convolution) for child in event.children)

        out: list[int] = []
        self.unseen_ops = False
        stack = list(reversed(self.tree))
        while stack:
            event = stack.pop()
            if event.name == MARK:
                out.append(count(event, convolutions[len(out)] if len(out) < len(convolutions) else None))
            elif _packet(event.name) is not None:
                self.unseen_ops = self.unseen_ops or count(event, None) > 0
            elif event.scope == _TORCHSCRIPT:
                self.unseen_ops = True
            else:
                stack.extend(reversed(event.children))
        return out


def unprofiled_op(func: Any, args: tuple, kwargs: dict) -> Any:
    """func(*args, **kwargs) unseen by the profiler: an op whose FLOPs known_flops counts
    (RecordFunction switched off, and on again afterwards). Only while `profiling()`.
    Hook work inside it (hooks_unprofiled) leaves RecordFunction off until it returns."""
    torch._C._autograd._enable_record_function(False)
    _THIS_THREAD.unprofiled_op = True
    try:
        return func(*args, **kwargs)
    finally:
        _THIS_THREAD.unprofiled_op = False
        torch._C._autograd._enable_record_function(True)


def hooks_unprofiled(work: typing.Callable[..., Any], *args: Any) -> Any:
    """work(*args) without gradients and unseen by the profiler: our hooks' own work
    (copies, statistics, samples) during a profiled forward with gradients builds no
    autograd graph and adds no op to any range. Torch function modes see no_grad's
    `_set_grad_enabled`: the caller has switched them off. Only while `profiling()`:
    RecordFunction is switched on again afterwards (but inside an unprofiled_op), and ProfiledForward puts back a
    caller's RecordFunction that was off. Meanwhile `profiling()` is False: nothing is
    profiled, and work that asks again (tracer._with_modes_off_for) does not recurse."""
    torch._C._autograd._enable_record_function(False)
    _THIS_THREAD.profiling = False
    grad = torch.is_grad_enabled()
    torch._C._set_grad_enabled(False)  # torch.no_grad() without its Python context manager (366 a ResNet-50)
    try:
        return work(*args)
    finally:
        torch._C._set_grad_enabled(grad)
        _THIS_THREAD.profiling = True
        if not getattr(_THIS_THREAD, "unprofiled_op", False):
            torch._C._autograd._enable_record_function(True)
