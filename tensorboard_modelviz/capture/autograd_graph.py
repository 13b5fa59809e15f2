"""The autograd (backward) graph of a forward, which parameters it reaches, and the
gradient arriving at each module call's output.

`GradForward` runs a forward with gradients enabled: on a structure's first call the
recorded forward itself (recording._record_in_one_forward, the trace's modes entered
through `run`'s `recording`), else one more forward of its own after the recorded one,
which runs under `torch.no_grad()`. It runs under module hooks that note, for every module call (keyed `name#call` as the layer
table is), the autograd sequence numbers at its start and end: every backward node
made in between belongs to that call (sequence numbers grow with each node created,
and calls nest), so the backward graph folds by module call like the forward graph.
A scalar is made from the outputs (by default the sum of the means of the floating
outputs that require grad, torchviz's `make_dot(y.mean())`; or a `loss_fn(outputs)`).

From there:
- `backward_document` walks `grad_fn.next_functions` from the scalar (it never calls
  backward), names the parameters at the AccumulateGrad leaves, notes the shapes of the
  tensors each node saved for the backward (their shapes only) and lists every
  parameter with `requires_grad` that the scalar does not reach, with the reason the
  forward showed: a `detach`, a no-grad region, a non-differentiable op (argmax, an
  integer cast), a parameter never used, or a result that does not lead to the scalar.
  The reasons come from `_Lineage`, a TorchFunctionMode that follows which parameters
  each tensor was computed from and notes the first op whose output lost its gradient.
- `gradient_flow` takes `torch.autograd.grad` of the scalar with respect to each call's
  output, as it was when the call returned (its gradient edge, so that a later in-place
  op on it does not move the point measured), and returns the gradients' L2 norms. It
  accumulates nothing into the model's `.grad`: autograd.grad with inputs runs only the
  part of the graph between those outputs and the scalar.

Nothing here changes the model; the caller runs it inside model_state's guard, which
puts back buffers, modes and random number generators after the extra forward. What
the model's forward itself sets up for a backward runs as in training: tensor hooks it
registers on its intermediate tensors fire during the gradient flow's autograd.grad
(module backward hooks would too: recording.py does not take the flow for such models).
"""

import contextlib
import copy
import dataclasses
import inspect
import operator
import sys
import threading
import types
import typing
from collections import UserDict

import torch
from torch.overrides import TorchFunctionMode

from tensorboard_modelviz.capture.layer_info import dtype_name
from tensorboard_modelviz.capture.model_walk import ModelWalk
from tensorboard_modelviz.capture.modes_off import Runner, entered_unseen
from tensorboard_modelviz.capture.tracer import (
    TensorMap,
    _call_tensors,
    _first_tensors,
    _op_name,
    _torch_function_mode_on,
    iter_tensors,
    jit_tracing,
    sizes,
)
from tensorboard_modelviz.format.documents import SavedTensor

# Bound on the backward nodes walked: a graph larger than this is cut, and says so.
MAX_NODES = 200_000
# Tensors of one op's arguments followed for lineage (an LSTM's weights come as a list).
_MAX_ARGUMENT_TENSORS = 512

REASONS = {
    "detached": "its path is cut by %s",
    "no_grad": "it is used inside a no-grad region (%s)",
    "non_differentiable": "its path goes through %s, which has no gradient",
    "unused": "it is never used in the forward",
    "not_on_path": "what it computes does not reach the scalar",
}
_DETACHING_OPS = ("detach", "detach_", "data")
# The code of autograd.Function.apply, found on the stack to name the custom Function
# whose forward runs (the torch function mode does not see apply itself).
_APPLY_CODE = torch.autograd.Function.apply.__func__.__code__  # type: ignore[attr-defined]
_MAX_FRAMES = 64


@dataclasses.dataclass
class _Call:
    key: str
    parent: typing.Optional["_Call"]
    module: torch.nn.Module
    name: str
    type: str
    call: int
    start: int = -1  # _SequenceProbe.now() at the pre-hook
    end: int = -1  # at the hook; -1 while running
    edge: typing.Any = None  # gradient edge of the first floating output that requires grad


# The sequence number the thread's next backward node will take (torch's private binding).
_NEXT_SEQUENCE_NR: typing.Callable[[], int] | None = getattr(torch._C._autograd, "_get_sequence_nr", None)


class _SequenceProbe:
    """The autograd sequence number now: every backward node made later has one at least
    as large. Read from torch's counter (0.2 µs), or where torch has no binding for it,
    the number of a node made for the purpose, a view of a tensor of our own (5-7 µs, a
    profiler event and a node more at every module call)."""

    def __init__(self) -> None:
        with torch.inference_mode(False):  # an inference tensor's views have no grad_fn
            self.leaf = torch.zeros((), requires_grad=True)
        self.last = -1

    def now(self) -> int:
        if _NEXT_SEQUENCE_NR is not None:
            return _NEXT_SEQUENCE_NR()
        with torch._C.DisableTorchFunction(), torch.enable_grad():
            node = self.leaf.view(()).grad_fn
        if node is not None:
            self.last = node._sequence_nr()
        return self.last


class _Origin:
    """The trainable parameters a tensor was computed from: the names its op took as
    parameters (`direct`) and the origins of its op's other inputs (`parents`). Names are
    gathered (`names`) only where a cut is noted: a forward's lineage costs each op the
    number of its inputs, where sets of names would cost it the number of parameters
    upstream (every op of a deep model)."""

    __slots__ = ("direct", "parents", "resolved")

    def __init__(self, direct: typing.Tuple[str, ...], parents: typing.Tuple["_Origin", ...]) -> None:
        self.direct = direct
        self.parents = parents
        self.resolved: typing.Optional[typing.FrozenSet[str]] = None

    def names(self) -> typing.FrozenSet[str]:
        """Every parameter name this origin holds, memoised on each origin reached (and
        walked without recursion: a deep model's chain of origins is thousands long)."""
        stack = [self]
        while stack:
            origin = stack[-1]
            if origin.resolved is not None:
                stack.pop()
                continue
            pending = [parent for parent in origin.parents if parent.resolved is None]
            if pending:
                stack.extend(pending)
                continue
            stack.pop()
            found = set(origin.direct)
            for parent in origin.parents:
                found.update(parent.resolved or ())
            origin.resolved = frozenset(found)
        return self.resolved or frozenset()


class _Lineage(TorchFunctionMode):
    """Which trainable parameters each tensor of the forward was computed from (its
    _Origin), and the first op at which a parameter's descendant lost its gradient (and why).

    A custom autograd.Function's forward runs with gradients off (and forward-mode AD
    off, which a user's no_grad leaves on), yet its output is differentiable through the
    Function's backward: the ops inside it cut nothing, so they are only noted as made
    inside that Function (`in_function`). Where such an output has no gradient after all
    (the Function was applied under no_grad, or marked it non-differentiable), each op
    of the model's that takes it notes the cut at the Function, with the reason the
    forward's context tells (`_applied_function`); a forward without one (setup_context
    style) is taken as no_grad when that op runs with gradients off, non_differentiable
    otherwise.
    """

    def __init__(self, forward: "GradForward", parameters: typing.Dict[int, typing.Tuple[str, torch.Tensor]]) -> None:
        super().__init__()
        self.forward: typing.Optional[GradForward] = forward  # None once released
        self.parameters = parameters  # id -> (name, parameter)
        self.origin = TensorMap()  # tensor -> its _Origin
        # The parameters some op took directly: every name an origin holds came from one.
        self.used: typing.Set[str] = set()
        self.breaks: typing.Dict[str, typing.Tuple[str, str, typing.Optional[str]]] = {}
        # tensor made inside a custom Function's forward -> (the cut if it has no gradient
        # after apply, when known; the Function; the call key)
        self.in_function = TensorMap()
        self.functions_seen = False  # whether in_function holds anything
        self.failure: typing.Optional[BaseException] = None

    def _sources(self, tensors: typing.Iterable[torch.Tensor]) -> typing.Optional[_Origin]:
        """The origin of an op's output taking `tensors`; None: no parameter upstream.
        An op whose only source is one input's origin passes that origin on."""
        direct: typing.List[str] = []
        parents: typing.List[_Origin] = []
        parameters, origins = self.parameters, self.origin
        for t in tensors:
            known = parameters.get(id(t))
            if known is not None and known[1] is t:
                direct.append(known[0])
                continue
            origin = origins.get(t)
            if origin is not None and origin not in parents:
                parents.append(origin)
        if not direct:
            if len(parents) == 1:
                return parents[0]
            if not parents:
                return None
        return _Origin(tuple(direct), tuple(parents))

    def __torch_function__(
        self, func: typing.Callable, types: typing.Any, args: typing.Sequence = (), kwargs: typing.Optional[dict] = None
    ) -> typing.Any:
        kwargs = kwargs or {}
        inputs, sources = self.before(args, kwargs)
        out = func(*args, **kwargs)
        if sources is not None:
            self.after(func, inputs, sources, out)
        return out

    def before(
        self, args: typing.Sequence, kwargs: dict
    ) -> typing.Tuple[typing.List[torch.Tensor], typing.Optional[_Origin]]:
        """What an op about to run on (`args`, `kwargs`) takes: its tensors (the first
        _MAX_ARGUMENT_TENSORS), and the origin of its outputs (None: none to follow). Its
        caller runs the op, then `after` where the origin is not None. A torch function
        mode of its own (this one), or one that runs the ops already (a first call's
        tracer.OpRecorder, `run`'s `lineage_outside`)."""
        if self.failure is not None or jit_tracing():  # (the tracer's op: see tracer.jit_tracing)
            return [], None
        try:
            inputs = _call_tensors(args, kwargs, _MAX_ARGUMENT_TENSORS)
            return inputs, self._sources(inputs)
        except Exception as e:  # our bug: stop following, never break the forward
            self.failure = e
            return [], None

    def after(self, func: typing.Callable, inputs: typing.List[torch.Tensor], sources: _Origin, out: object) -> None:
        try:
            self._note(func, inputs, sources, out)
        except Exception as e:
            self.failure = e

    def _note(self, func: typing.Callable, inputs: typing.List[torch.Tensor], sources: _Origin, out: object) -> None:
        self.used.update(sources.direct)  # once the op ran: one that raised (and was caught) used none
        with torch._C.DisableTorchFunction():
            grad = torch.is_grad_enabled()
            if not grad and not torch._C._is_fwd_grad_enabled() and not torch.is_inference_mode_enabled():
                function, reason = _applied_function()  # inside a custom Function's forward
                function = function or _op_name(func)
                for t in _first_tensors(out, _MAX_ARGUMENT_TENSORS):
                    self.origin[t] = sources
                    if not t.requires_grad:
                        self.in_function[t] = (reason, function, self._where())
                        self.functions_seen = True
                return
            if self.functions_seen:
                for t in inputs:
                    made = self.in_function.get(t) if not t.requires_grad else None
                    if made is not None:  # a custom Function's output without a gradient
                        reason = made[0] or ("no_grad" if not grad else "non_differentiable")
                        origin = self.origin.get(t)
                        self._cut(origin.names() if origin is not None else (), reason, made[1], made[2])
            for t in _first_tensors(out, _MAX_ARGUMENT_TENSORS):
                self.origin[t] = sources
                if t.requires_grad:
                    continue
                name = _op_name(func)
                if not grad:
                    reason = "no_grad"
                elif name in _DETACHING_OPS:
                    reason = "detached"
                else:
                    reason = "non_differentiable"
                self._cut(sources.names(), reason, name, self._where())

    def _where(self) -> typing.Optional[str]:
        """The key of the module call running now (None outside every call)."""
        forward = self.forward
        return forward.stack[-1].key if forward is not None and forward.stack else None

    def _cut(self, parameters: typing.Iterable[str], reason: str, op: str, where: typing.Optional[str]) -> None:
        """Note the cut of each parameter's path, unless one was noted before it."""
        for parameter in parameters:
            self.breaks.setdefault(parameter, (reason, op, where))


def _applied_function() -> typing.Tuple[typing.Optional[str], typing.Optional[str]]:
    """The innermost custom autograd.Function whose apply is on the stack: its name, and
    why an output of its forward without a gradient has none: "no_grad" where the apply
    builds no backward node (it runs under no_grad: the forward's context has no next
    functions), "non_differentiable" where it does (the Function marked that output
    non-differentiable); None where the context is not found (a forward without `ctx`,
    setup_context style) or no apply is. The context is the first argument of the call
    that apply made: the forward, or a wrapper of it taking *args (torch.amp.custom_fwd)."""
    frame: typing.Optional[types.FrameType] = sys._getframe(1)
    callee: typing.Optional[types.FrameType] = None
    for _ in range(_MAX_FRAMES):
        if frame is None:
            break
        if frame.f_code is _APPLY_CODE:
            name = getattr(frame.f_locals.get("cls"), "__name__", None)
            context = _first_argument(callee) if callee is not None else None
            if not isinstance(context, torch.autograd.function.BackwardCFunction):
                return name, None
            return name, "non_differentiable" if context.next_functions else "no_grad"
        callee, frame = frame, frame.f_back
    return None, None


def _first_argument(frame: types.FrameType) -> object:
    """The first positional argument of the call running in `frame` (None if none)."""
    code, found = frame.f_code, frame.f_locals
    if code.co_argcount:
        return found.get(code.co_varnames[0])
    if code.co_flags & inspect.CO_VARARGS:
        args = found.get(code.co_varnames[code.co_kwonlyargcount])
        return args[0] if isinstance(args, tuple) and args else None
    return None


class GradForward:
    """One forward of `model` with gradients enabled, under hooks that note each module
    call's span of autograd sequence numbers (and, with `edges`, its output's gradient
    edge), and with `lineage` the `_Lineage` mode. Raises what the model raises.

    The module hooks are the forward's thread's alone (`thread`): a module call of the
    model in another thread (the training loop's forward) is not this forward's, and
    fails it (_ran_elsewhere), as it fails a tracer.Trace. Its saved-tensor hooks run
    where the engine runs them (a CUDA backward's device thread): they are not module
    hooks, and ask no thread."""

    def __init__(
        self,
        model: torch.nn.Module,
        lineage: bool,
        edges: bool,
        saved_values: bool = True,
        walk: typing.Optional[ModelWalk] = None,
        modes_off: typing.Optional[Runner] = None,
    ) -> None:
        """`walk`: a ModelWalk of `model` as it is now, where the caller has one (its
        modules and parameters are not walked again). `modes_off`: what runs our own
        work around the forward (its grad mode, saved-tensor hooks) unseen by a user's
        torch function and dispatch modes (recording.OwnWork); by default, none is."""
        self.model = model
        self.thread = threading.get_ident()  # the forward's: the module hooks ignore the others
        self.modes_off: Runner = modes_off if modes_off is not None else _run
        self.want_edges = edges
        # False: the graph keeps the shapes of its saved tensors, not their values (_SavedShape)
        self.saved_values = saved_values
        # Whether a placeholder's values were asked for (_unpack_shape): this forward's graph
        # cannot serve, and the caller takes it from a forward that keeps the values.
        self.values_needed = False
        self._placeholders: typing.Dict[_SavedShape, torch.Tensor] = {}  # _unpack_shape's meta tensors
        self.names: typing.Dict[int, str] = {}  # id(module) -> its qualified name
        for name, module in walk.named_modules if walk is not None else model.named_modules():
            self.names.setdefault(id(module), name)
        self.calls: typing.List[_Call] = []
        # (probe.now(), whether a call starts, the call) at each hook, in the order they ran
        self.boundaries: typing.List[typing.Tuple[int, bool, _Call]] = []
        self.stack: typing.List[_Call] = []
        self.counts: typing.Dict[int, int] = {}
        self.hooked: typing.Set[int] = set()  # ids of the modules hooked one by one (_attach)
        self.probe = _SequenceProbe()
        self.parameters: typing.Dict[int, typing.Tuple[str, torch.Tensor]] = {}
        for name, p in walk.named_parameters() if walk is not None else model.named_parameters():
            if p.requires_grad:
                self.parameters.setdefault(id(p), (name, p))
        self.parameters_by_name = {name: p for name, p in self.parameters.values()}
        self.lineage = _Lineage(self, self.parameters) if lineage else None
        self.output: typing.Any = None
        self.failure: typing.Optional[BaseException] = None

    def _global_pre_hook(self, module: torch.nn.Module, args: tuple) -> None:
        """_pre_hook for the model's modules that have no forward (pre-)hooks of their own."""
        if id(module) in self.names and id(module) not in self.hooked:
            self._pre_hook(module, args)

    def _global_hook(self, module: torch.nn.Module, args: tuple, output: object) -> None:
        if id(module) in self.names and id(module) not in self.hooked:
            self._hook(module, args, output)

    def _ran_elsewhere(self, module: torch.nn.Module) -> None:
        """A module call of the model's in a thread other than the forward's: not recorded,
        and this forward fails. Runs in that other thread: sets `failure` alone."""
        if self.failure is None:
            self.failure = RuntimeError(
                "module '%s' of the model ran in another thread during the forward with gradients"
                % (self.names.get(id(module)) or "<root>")
            )

    def _attach(self) -> typing.List[typing.Any]:
        """Hook the model's module calls; the handles that remove the hooks again.

        Two global hooks serve the modules without forward (pre-)hooks of their own;
        a module with some gets ours registered after its own, as every module did
        before, so that what its own hooks compute belongs to its call. A model holding
        a torch.compile'd submodule gets ours on every module (a global hook set warns
        at each call of one)."""
        modules = list(self.model.modules())
        compiled = getattr(sys.modules.get("torch._dynamo.eval_frame"), "OptimizedModule", ())  # not imported: none
        if any(isinstance(module, compiled) for module in modules):
            own = modules
        else:
            own = [module for module in modules if module._forward_pre_hooks or module._forward_hooks]
        self.hooked = {id(module) for module in own}
        handles: typing.List[typing.Any] = []
        try:
            if len(own) < len(modules):
                handles.append(torch.nn.modules.module.register_module_forward_pre_hook(self._global_pre_hook))
                handles.append(torch.nn.modules.module.register_module_forward_hook(self._global_hook))
            for module in own:
                handles.append(module.register_forward_pre_hook(self._pre_hook))
                handles.append(module.register_forward_hook(self._hook))
        except BaseException:
            for handle in handles:
                handle.remove()
            raise
        return handles

    def _pre_hook(self, module: torch.nn.Module, args: tuple) -> None:
        if threading.get_ident() != self.thread:
            self._ran_elsewhere(module)
            return
        if jit_tracing():  # the tracer's call, which the Trace leaves out as well
            return
        try:
            index = self.counts.get(id(module), 0)
            self.counts[id(module)] = index + 1
            name = self.names.get(id(module), "?")
            call = _Call(
                "%s#%d" % (name, index),
                self.stack[-1] if self.stack else None,
                module,
                name,
                type(module).__name__,
                index,
            )
            call.start = self.probe.now()
            self.boundaries.append((call.start, True, call))
            self.calls.append(call)
            self.stack.append(call)
        except Exception as e:
            self.failure = self.failure or e

    def _hook(self, module: torch.nn.Module, args: tuple, output: object) -> None:
        if threading.get_ident() != self.thread:
            self._ran_elsewhere(module)
            return
        if jit_tracing():
            return
        try:
            if not self.stack or self.stack[-1].module is not module:
                raise RuntimeError("module call stack out of order at %s" % type(module).__name__)
            call = self.stack.pop()
            if self.want_edges:
                with torch._C.DisableTorchFunction():
                    for t in _first_tensors(output):
                        if t.is_floating_point() or t.is_complex():
                            if t.grad_fn is not None:
                                call.edge = torch.autograd.graph.get_gradient_edge(t)
                            break
            call.end = self.probe.now()
            self.boundaries.append((call.end, False, call))
        except Exception as e:
            self.failure = self.failure or e

    def run(
        self,
        call_model: typing.Callable[[torch.nn.Module, typing.Any], typing.Any],
        inputs: typing.Any,
        recording: typing.ContextManager[object] | None = None,
        lineage_outside: bool = False,
    ) -> typing.Any:
        """The model's output on `inputs` (through `call_model(model, inputs)`), with grad;
        `recording` (the trace's modes in a first call's one forward) is entered around
        the model's call alone, outside the lineage mode. `lineage_outside`: the lineage
        is not entered as a mode, a mode of `recording` follows it (`_Lineage.before`)."""
        handles = []

        def enter(stack: contextlib.ExitStack) -> typing.Any:
            stack.enter_context(torch.inference_mode(False))
            stack.enter_context(torch.enable_grad())
            # Our own saved-tensor hooks, innermost, so that hooks the caller has set
            # (offloading, counting) never see this graph's tensors.
            stack.enter_context(
                torch.autograd.graph.saved_tensors_hooks(
                    *((_pack, _unpack) if self.saved_values else (_pack_shape, self._unpack_shape))
                )
            )
            return _outside_inference(inputs)

        try:
            handles = self.modes_off(self._attach)
            with entered_unseen(self.modes_off, enter) as inputs:
                with recording if recording is not None else contextlib.nullcontext():
                    if self.lineage is not None and not lineage_outside:
                        with self.lineage:
                            self.output = call_model(self.model, inputs)
                    else:
                        self.output = call_model(self.model, inputs)
        finally:
            for handle in handles:
                handle.remove()
        return self.output

    def _unpack_shape(self, saved: "torch.Tensor | _SavedShape") -> torch.Tensor:
        """_pack_shape's tensor back, where _saved_shapes reads its shape and dtype: a meta
        tensor of them (made here, where a few are read, not at each pack). Anyone else
        would need the values: a backward inside the model's own forward (its
        autograd.grad), a checkpointed region recomputed from its saved inputs. That
        raises, and notes `values_needed`. (The engine unpacks a CUDA graph's saved
        tensors on a device thread, with no Python frame above this one.)"""
        if not isinstance(saved, _SavedShape):
            return saved
        caller = sys._getframe().f_back
        if caller is None or caller.f_code is not _saved_shapes.__code__:
            self.values_needed = True
            raise RuntimeError("tensorboard_modelviz: this forward keeps no values of its saved tensors")
        placeholder = self._placeholders.get(saved)  # one per shape and dtype: autograd wraps it anew
        if placeholder is None:
            with torch._C.DisableTorchFunction():
                placeholder = self._placeholders[saved] = torch.empty(saved.shape, dtype=saved.dtype, device="meta")
        return placeholder

    def release(self) -> None:
        """Drop what keeps the autograd graph and its saved tensors alive (the output, the
        calls' gradient edges) and the lineage, which refers back to this forward: that
        reference cycle would otherwise hold the graph until the next garbage collection."""
        self.output = None
        for call in self.calls:
            call.edge = None
        if self.lineage is not None:
            self.lineage.forward = None
            self.lineage = None

    def scalar(self, loss_fn: typing.Optional[typing.Callable] = None) -> torch.Tensor:
        """The scalar the backward starts from; ValueError if there is none to take."""
        with torch.inference_mode(False), torch.enable_grad():
            if loss_fn is not None:
                value = loss_fn(self.output)
                if not isinstance(value, torch.Tensor) or value.numel() != 1:
                    raise ValueError(
                        "loss_fn must return a tensor of one value, got %s"
                        % (
                            type(value).__name__
                            if not isinstance(value, torch.Tensor)
                            else "shape %s" % list(value.shape)
                        )
                    )
                if value.grad_fn is None:
                    raise ValueError("loss_fn's result does not depend on any parameter that requires grad")
                return value.reshape(())
            means = [
                t.mean()
                for _, t in iter_tensors(self.output)
                if (t.is_floating_point() or t.is_complex()) and t.grad_fn is not None
            ]
            if not means:
                raise ValueError(
                    "no floating output of the model depends on a parameter that requires grad: "
                    "nothing to differentiate"
                )
            total = means[0]
            for m in means[1:]:
                total = total + m
            return total.real if total.is_complex() else total


def _pack(t: torch.Tensor) -> torch.Tensor:
    """Keep a saved tensor as a new tensor object on the same storage: returning `t`
    itself would tie an output to its own grad_fn in a reference cycle.

    The detach runs with torch function modes off: a custom autograd.Function (Bloom's
    GeLUFunction) saves its tensors while `_Lineage` is on, which would otherwise take
    our own detach for an op of the model's that cut a parameter's gradient."""
    with torch._C.DisableTorchFunction():
        return t.detach()


def _unpack(t: torch.Tensor) -> torch.Tensor:
    return t


class _SavedShape(typing.NamedTuple):
    """What a forward without saved values (GradForward `saved_values=False`) keeps of a
    tensor saved for the backward: what _saved_shapes reads of it."""

    shape: torch.Size
    dtype: torch.dtype


_PLAIN_TYPES = (torch.Tensor, torch.nn.Parameter)


def _pack_shape(t: torch.Tensor) -> "torch.Tensor | _SavedShape":
    """A saved tensor's shape without its values, where nothing but the backward graph's
    document reads it: every activation saved for the backward would otherwise stay
    alive until the graph is read (a ResNet-50 at batch 1: 55 MiB more at the call's
    peak, each map written to memory of its own, where a forward without gradients
    writes the next one into memory still in the cache). A tensor that is not a plain
    strided one is kept as _pack keeps it."""
    if type(t) not in _PLAIN_TYPES or t.layout is not torch.strided:
        return _pack(t)
    if not _torch_function_mode_on():  # inside an op that the modes passed on already
        return _SavedShape(t.shape, t.dtype)
    with torch._C.DisableTorchFunction():  # (the recording modes would see `.shape`)
        return _SavedShape(t.shape, t.dtype)


def _run(work: typing.Callable[..., typing.Any], *args: typing.Any) -> typing.Any:
    """work(*args), as it comes (GradForward's default `modes_off`)."""
    return work(*args)


def _outside_inference(inputs: typing.Any) -> typing.Any:
    """Inputs made under torch.inference_mode cannot be saved for the backward: those are
    cloned (outside inference mode); the others are passed as they are. A tuple, list,
    dict or UserDict holding none of them is passed as it is; a named tuple (a PackedSequence) is
    rebuilt from its fields as arguments, which its constructor takes (not an iterable),
    and a dict or UserDict as a copy of its own type (a ModelOutput, read by attribute; a
    tokenizer's BatchEncoding) with the clones in. Those are the mappings whose copy
    holds items of its own: another mapping's (a shallow copy of its attributes) may share
    the user's, which the clones would then replace, so it is passed as it is."""
    if isinstance(inputs, torch.Tensor):
        return inputs.clone() if inputs.is_inference() else inputs
    if isinstance(inputs, (dict, UserDict)):
        values = {k: _outside_inference(v) for k, v in inputs.items()}
        if all(values[k] is v for k, v in inputs.items()):
            return inputs
        rebuilt = copy.copy(inputs)
        for key, value in values.items():  # (a ModelOutput refuses `update`)
            rebuilt[key] = value
        return rebuilt
    if isinstance(inputs, (tuple, list)):
        items = [_outside_inference(v) for v in inputs]
        if all(map(operator.is_, items, inputs)):
            return inputs
        return type(inputs)(*items) if hasattr(inputs, "_fields") else type(inputs)(items)
    return inputs


# --- the backward graph -----------------------------------------------------------------


def _meta(node: typing.Any, index: int) -> typing.Tuple[typing.List[typing.Optional[int]], str]:
    """Shape and dtype of the `index`th gradient `node` receives (its forward output)."""
    try:
        metadata = node._input_metadata[index]
        return sizes(metadata.shape), dtype_name(metadata.dtype)
    except Exception:
        return [], ""


_SAVED_ATTRIBUTES: typing.Dict[type, typing.List[str]] = {}  # backward class -> its `_saved_*` names
_NUMBERS = (int, float, bool)


def _saved_attributes(node: typing.Any) -> typing.List[str]:
    """The `_saved_*` attribute names of `node`'s class (dir() once per class: it costs
    tens of microseconds, and a GPT-2 has thousands of backward nodes) that may hold a
    tensor (_saved_shapes leaves out those found to hold numbers)."""
    names = _SAVED_ATTRIBUTES.get(type(node))
    if names is None:
        names = _SAVED_ATTRIBUTES[type(node)] = [
            a for a in dir(node) if a.startswith("_saved_") and not a.endswith(("_sym_sizes", "_sym_strides"))
        ]
    return names


def _saved_shapes(node: typing.Any) -> typing.List[SavedTensor]:
    """Shapes and dtypes of the tensors `node` saved for the backward (never their values).

    An attribute found to hold a number or a sequence of numbers (a convolution's stride,
    an epsilon) is of a type that holds no tensor in any node of its class (torch's
    generated code types each attribute): it is not read again. A custom Function's
    context is typed by nothing: its attributes are read on every node."""
    saved: typing.List[SavedTensor] = []
    attributes = _saved_attributes(node)
    numeric: typing.List[str] = []
    for attribute in attributes:
        try:
            value = getattr(node, attribute)
        except Exception:  # freed, or not readable
            continue
        if isinstance(value, torch.Tensor):
            tensors = [value]
        elif isinstance(value, (tuple, list)):
            tensors = [v for v in value if isinstance(v, torch.Tensor)]
            if not tensors and value and all(type(v) in _NUMBERS for v in value):
                numeric.append(attribute)
        else:
            if type(value) in _NUMBERS:
                numeric.append(attribute)
            continue
        for i, t in enumerate(tensors):
            name = attribute[len("_saved_") :] + ("[%d]" % i if len(tensors) > 1 else "")
            saved.append({"name": name, "shape": sizes(t.shape), "dtype": dtype_name(t.dtype)})
    if numeric and not isinstance(node, _PYTHON_FUNCTION_NODE):
        _SAVED_ATTRIBUTES[type(node)] = [a for a in attributes if a not in numeric]
    return saved


# The backward node class of a custom autograd.Function: what its context holds is the
# model's, typed by nothing (a number in one call, a tensor in the next).
_PYTHON_FUNCTION_NODE = torch.autograd.function.BackwardCFunction


# A backward edge: (next function, its output index, the function that consumes it).
_Edge = typing.Tuple[typing.Any, int, typing.Any]


def _walk(root: typing.Any) -> typing.Tuple[typing.List[typing.Any], typing.List[_Edge], bool]:
    """Backward nodes reachable from `root` (in the order found) and the edges between
    them as (next function, its output index, consumer); whether the walk was cut."""
    order, seen = [root], {id(root)}
    edges: typing.List[_Edge] = []
    i = 0
    while i < len(order):
        node = order[i]
        i += 1
        for next_node, output_nr in node.next_functions:
            if next_node is None:
                continue
            if id(next_node) not in seen:
                if len(order) >= MAX_NODES:
                    return order, edges, True
                seen.add(id(next_node))
                order.append(next_node)
            edges.append((next_node, output_nr, node))
    return order, edges, False


def _owner_calls(
    boundaries: typing.List[typing.Tuple[int, bool, _Call]], sequence_numbers: typing.List[int]
) -> typing.List[typing.Optional[_Call]]:
    """For each sequence number, the innermost call whose span holds it (None: outside
    every call), from GradForward.boundaries: a node made after a boundary has a number
    at least as large as the one noted there (and a call without nodes starts and ends
    at one number, which the order the hooks ran in keeps apart). Calls nest, so one
    sweep over the boundaries in order serves all numbers."""
    events = [b for b in boundaries if b[2].start >= 0 and b[2].end >= 0]
    events.sort(key=lambda e: e[0])  # stable: where numbers are equal, the hooks' order
    order = sorted(range(len(sequence_numbers)), key=lambda i: sequence_numbers[i])
    owners: typing.List[typing.Optional[_Call]] = [None] * len(sequence_numbers)
    stack: typing.List[_Call] = []
    j = 0
    for i in order:
        s = sequence_numbers[i]
        while j < len(events) and events[j][0] <= s:
            _, opening, call = events[j]
            if opening:
                stack.append(call)
            elif stack and stack[-1] is call:
                stack.pop()
            elif call in stack:  # a call left by an exception: close what it held
                del stack[stack.index(call) :]
            j += 1
        owners[i] = stack[-1] if stack else None
    return owners


def _module_of_parameter(name: str) -> str:
    return name.rpartition(".")[0]


def backward_document(forward: GradForward, scalar: torch.Tensor, scalar_name: str) -> dict:
    """The backward graph in the forward graph's shape (docs/format.md, "Backward graph")."""
    root = scalar.grad_fn
    order, walked_edges, cut = _walk(root)
    call: typing.Optional[_Call]
    name: typing.Optional[str]
    p: torch.Tensor
    accumulate = [n for n in order if type(n).__name__ == "AccumulateGrad"]
    functions = [n for n in order if type(n).__name__ != "AccumulateGrad"]
    sequence_numbers = [n._sequence_nr() for n in functions]
    owners = dict(zip(map(id, functions), _owner_calls(forward.boundaries, sequence_numbers)))
    first_call: typing.Dict[str, _Call] = {}  # module name -> its first call
    for call in forward.calls:
        first_call.setdefault(call.name, call)
    names = {id(p): name for name, p in forward.parameters.values()}
    if any(id(node.variable) not in names for node in accumulate):  # a leaf that is no trainable parameter
        for name, p in forward.model.named_parameters(remove_duplicate=False):
            names.setdefault(id(p), name)
    consumer: typing.Dict[int, typing.Any] = {}  # id(backward node) -> a node that takes its gradient
    for next_node, _, node in walked_edges:
        consumer.setdefault(id(next_node), node)

    # id(AccumulateGrad) -> (parameter name or None, its call)
    leaves: typing.Dict[int, typing.Tuple[typing.Optional[str], typing.Optional[_Call]]] = {}
    for node in accumulate:
        variable = node.variable
        leaf_name = names.get(id(variable))
        owner = first_call.get(_module_of_parameter(leaf_name)) if leaf_name is not None else None
        if owner is None and id(node) in consumer:
            owner = owners.get(id(consumer[id(node)]))
        leaves[id(node)] = (leaf_name, owner)

    reached = {name for name, _ in leaves.values() if name is not None}
    unreachable = unreachable_parameters(forward, reached)
    # Module groups: the calls that hold a node, and the calls around them.
    holding = set()
    for call in (
        list(owners.values()) + [c for _, c in leaves.values()] + [first_call.get(u["module"]) for u in unreachable]
    ):
        while call is not None and id(call) not in holding:
            holding.add(id(call))
            call = call.parent
    nodes: typing.List[dict] = []  # documents.BackwardNode
    module_ids: typing.Dict[int, int] = {}  # id(call) -> its module node
    for call in forward.calls:  # pre-order: a parent before its children
        if id(call) in holding:
            module_ids[id(call)] = len(nodes)
            nodes.append(
                {
                    "id": len(nodes),
                    "kind": "module",
                    "label": call.name.rsplit(".", 1)[-1] or call.type,
                    "parent": module_ids.get(id(call.parent)) if call.parent else None,
                    "name": call.name,
                    "type": call.type,
                    "call": call.call,
                    "layer": call.key,
                }
            )
    ids: typing.Dict[int, int] = {}  # id(backward node) -> its node
    forward_order = sorted(range(len(functions)), key=sequence_numbers.__getitem__)  # stable, as sorting the nodes
    for node in (functions[i] for i in forward_order):
        owner = owners.get(id(node))
        op = type(node).__name__
        ids[id(node)] = len(nodes)
        nodes.append(
            {
                "id": len(nodes),
                "kind": "op",
                "label": op,
                "op": op,
                "parent": module_ids.get(id(owner)) if owner else None,
                "flops": 0,
                "inplace": False,
                "saved": _saved_shapes(node),
            }
        )
    for node in accumulate:
        name, call = leaves[id(node)]
        shape, dtype = _meta(node, 0)
        ids[id(node)] = len(nodes)
        nodes.append(
            {
                "id": len(nodes),
                "kind": "input",
                "label": name or "tensor",
                "name": name or "tensor",
                "parent": module_ids.get(id(call)) if call else None,
                "shape": shape,
                "dtype": dtype,
                "parameter": name is not None,
                "reachable": True,
            }
        )
    for item in unreachable:
        call = first_call.get(item["module"])
        p = forward.parameters_by_name[item["parameter"]]
        nodes.append(
            {
                "id": len(nodes),
                "kind": "input",
                "label": item["parameter"],
                "name": item["parameter"],
                "parent": module_ids.get(id(call)) if call else None,
                "shape": list(p.shape),
                "dtype": dtype_name(p.dtype),
                "parameter": True,
                "reachable": False,
                "reason": item["reason"],
            }
        )
    edges: typing.List[dict] = []
    for next_node, output_nr, node in walked_edges:
        shape, dtype = _meta(next_node, output_nr)
        edges.append({"src": ids[id(next_node)], "dst": ids[id(node)], "shape": shape, "dtype": dtype})
    out_id = len(nodes)
    nodes.append(
        {
            "id": out_id,
            "kind": "output",
            "label": "scalar",
            "name": scalar_name,
            "parent": None,
            "shape": [],
            "dtype": dtype_name(scalar.dtype),
        }
    )
    edges.append({"src": ids[id(root)], "dst": out_id, "shape": [], "dtype": nodes[-1]["dtype"]})
    return {
        "scalar": scalar_name,
        "error": None,
        "cut": cut,
        "nodes": nodes,
        "edges": edges,
        "unreachable": unreachable,
    }


def unreachable_parameters(forward: GradForward, reached: typing.Set[str]) -> typing.List[dict]:
    """Each parameter with requires_grad that the scalar does not reach, with the reason
    the forward showed (see REASONS), in model order."""
    lineage = forward.lineage
    found = []
    for name, _ in forward.parameters.values():
        if name in reached:
            continue
        op, at = None, None
        if lineage is None or lineage.failure is not None:
            reason = None
        elif name in lineage.breaks:
            reason, op, at = lineage.breaks[name]
        elif name not in lineage.used:
            reason = "unused"
        else:
            reason = "not_on_path"
        found.append(
            {
                "parameter": name,
                "module": _module_of_parameter(name),
                "reason": reason,
                "op": op,
                "at": at,
                "message": describe_reason(reason, op, at),
            }
        )
    return found


def describe_reason(reason: typing.Optional[str], op: typing.Optional[str], at: typing.Optional[str]) -> str:
    if reason not in REASONS:
        return "the scalar does not reach it"
    text = REASONS[reason]
    if "%s" in text:
        where = "" if not at else " in the model's own forward" if at.startswith("#") else " in %s" % at
        text = text % ("'%s'%s" % (op, where))
    return text


# --- gradient flow ----------------------------------------------------------------------


def gradient_flow(forward: GradForward, scalar: torch.Tensor) -> typing.Dict[str, typing.Optional[float]]:
    """{call key: L2 norm of d scalar / d output} for each call whose output has a
    gradient edge and receives a gradient; frees the graph (retain_graph=False)."""
    keyed = [(call.key, call.edge) for call in forward.calls if call.edge is not None]
    if not keyed:
        return {}
    with torch.inference_mode(False), torch.enable_grad():
        grads = torch.autograd.grad(scalar, [edge for _, edge in keyed], retain_graph=False, allow_unused=True)
    norms, keys = [], []
    with torch.no_grad():
        for (key, _), g in zip(keyed, grads):
            if g is not None:
                keys.append(key)
                norms.append(torch.linalg.vector_norm(g.detach(), dtype=torch.float64))
        devices = {n.device for n in norms}
        values = (torch.stack(norms).tolist() if len(devices) == 1 else [n.item() for n in norms]) if norms else []
    return {key: (value if value == value and abs(value) != float("inf") else None) for key, value in zip(keys, values)}
