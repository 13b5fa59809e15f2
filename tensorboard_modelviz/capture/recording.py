"""capture_model: run one recorded forward pass and build the documents to store.

Produces the structure document (graph + layer table, identified by a hash so that an
unchanged model is stored once), the step document (statistics at this step) and the
activation samples, as described in docs/format.md. Writes nothing.
"""

import contextlib
import dataclasses
import fnmatch
import functools
import hashlib
import itertools
import sys
import time
import traceback
import typing
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

import torch

from tensorboard_modelviz.capture import (
    autograd_graph,
    fast_paths,
    fsdp_state,
    input_fingerprint,
    model_lock,
    profiled_flops,
)
from tensorboard_modelviz.capture.activation_samples import fit_to_budget
from tensorboard_modelviz.capture.dead_units import DeadUnitWatcher
from tensorboard_modelviz.capture.layer_info import ModuleFacts, dtype_name, layer_rows, model_totals
from tensorboard_modelviz.capture.model_state import (
    RngState,
    changed_parameters,
    eager_forward,
    parameter_versions,
    preserved_model_state,
    restore_rng,
)
from tensorboard_modelviz.capture.model_state import _SavedState as SavedState  # what preserved_model_state gives
from tensorboard_modelviz.capture.model_walk import ModelWalk
from tensorboard_modelviz.capture.modes_off import entered_unseen, hidden
from tensorboard_modelviz.capture.parameter_stats import ParameterStats, describe_parameters
from tensorboard_modelviz.capture.sample_plan import plan_for
from tensorboard_modelviz.capture.structure_key import KnownStructure, KnownTensors, StructureKey, structure_key
from tensorboard_modelviz.capture.tracer import (
    CaptureFailure,
    FlopRecorder,
    OpRecorder,
    OutputChangedAfterHook,
    Trace,
    _modes_on,
    _with_modes_off_for,
    add_profiled_flops,
    input_names,
    iter_tensors,
    profiled_convolutions,
    ran_elsewhere_failure,
    ran_elsewhere_since,
)
from tensorboard_modelviz.capture.update_ratio import ParameterHistory
from tensorboard_modelviz.format import codec
from tensorboard_modelviz.format.documents import (
    SampleHeader,
    SampleLayout,
    StepDocument,
    StructureDocument,
)
from tensorboard_modelviz.gc_pause import collector_paused

# (name, tensor) pairs: the model's inputs (tracer.input_names) or outputs (paths in what it returned).
NamedTensors = list[tuple[str, torch.Tensor]]
# A layer's reduced copy as the trace keeps it: its layout, the copy, the shape of the
# activation it was taken from.
RawSample = tuple[SampleLayout, torch.Tensor, list[int]]
# The structure's "backward" field (documents.BackwardGraph) as autograd_graph builds it.
BackwardDocument = dict[str, Any]
T = typing.TypeVar("T")


@dataclasses.dataclass
class CaptureOptions:
    """What to record and how much of it; bounds the cost of one call.

    include / exclude: glob patterns on qualified module names (`layer1.*`, `*.attn`)
    selecting the modules whose activations are recorded (statistics and samples);
    module_types: classes or class names, also selecting. The graph and the layer table
    always cover the whole model. trace_ops: "auto" records the ops (the graph) only
    when the structure may have changed since the last call (see structure_key);
    "always" records them on every call. backward_graph: with a recorded structure, also
    the autograd graph and the trainable parameters it cannot reach (autograd_graph.py),
    from the scalar `loss_fn(outputs)` (default: the sum of the floating outputs' means);
    grad_flow: at every call, the norm of that scalar's gradient at each call's output.
    Both need a forward with gradients: on a structure's first call the recorded forward
    itself, where it can (_record_in_one_forward); else one more. grad_flow costs a
    backward as well.
    """

    include: typing.Optional[typing.Sequence[str]] = None
    exclude: typing.Optional[typing.Sequence[str]] = None
    module_types: typing.Optional[typing.Sequence[typing.Union[type, str]]] = None
    max_samples: int = 1
    max_channels: int = 16
    max_side: int = 32
    max_tokens: int = 64
    max_features: int = 256
    max_bytes: int = 512 * 1024
    param_stats: bool = True
    track_updates: bool = True  # keep a copy of the weights for update ratios (writer only)
    mode: typing.Optional[str] = None  # None: the model's own mode; "train" or "eval"
    trace_ops: str = "auto"
    backward_graph: bool = True  # the autograd graph and reachability, on a structure's first call
    loss_fn: typing.Optional[typing.Callable] = (
        None  # outputs -> scalar (default: the sum of the floating outputs' means)
    )
    grad_flow: bool = False  # the gradient at each call's output, at every call (one backward)

    def validate(self) -> None:
        for field in ("max_samples", "max_channels", "max_side", "max_tokens", "max_features", "max_bytes"):
            value = getattr(self, field)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError("%s must be a non-negative int, got %r" % (field, value))
        for field in ("include", "exclude"):
            value = getattr(self, field)
            if isinstance(value, str):
                setattr(self, field, [value])
            elif value is not None and not all(isinstance(p, str) for p in value):
                raise TypeError("%s must be a list of glob patterns (str), got %r" % (field, value))
        if self.module_types is not None:
            if isinstance(self.module_types, (type, str)):
                self.module_types = [self.module_types]
            for t in self.module_types:
                if not (isinstance(t, str) or (isinstance(t, type) and issubclass(t, torch.nn.Module))):
                    raise TypeError("module_types must hold nn.Module classes or class names, got %r" % (t,))
        if self.mode not in (None, "train", "eval"):
            raise ValueError("mode must be None, 'train' or 'eval', got %r" % (self.mode,))
        if self.trace_ops not in ("auto", "always"):
            raise ValueError("trace_ops must be 'auto' or 'always', got %r" % (self.trace_ops,))
        for field in ("backward_graph", "grad_flow"):
            if not isinstance(getattr(self, field), bool):
                raise TypeError("%s must be True or False, got %r" % (field, getattr(self, field)))
        if self.loss_fn is not None and not callable(self.loss_fn):
            raise TypeError("loss_fn must be a callable taking the model's outputs, got %r" % (self.loss_fn,))

    def selects(self, name: str, module: torch.nn.Module) -> bool:
        """Whether `module` (qualified `name`) gets activation statistics and samples."""
        if self.exclude and any(fnmatch.fnmatchcase(name, p) for p in self.exclude):
            return False
        chosen = self.include is None and self.module_types is None
        if self.include and any(fnmatch.fnmatchcase(name, p) for p in self.include):
            chosen = True
        if self.module_types is not None:
            for t in self.module_types:
                if isinstance(t, str) and type(module).__name__ == t or isinstance(t, type) and isinstance(module, t):
                    chosen = True
        return chosen


@dataclasses.dataclass
class CaptureResult:
    structure: StructureDocument | None
    step: StepDocument
    samples: Sequence[tuple[SampleHeader, bytes]]  # (header, uint8 values), blob order 1..k
    blobs: list[bytes]  # the step blob and the sample blobs, encoded, as stored
    failure: typing.Optional[BaseException] = None  # our own code's first failure
    structure_json: typing.Optional[str] = None  # codec.to_json(structure), made for its hash


def unwrap_model(model: torch.nn.Module) -> torch.nn.Module:
    """The module that really runs: through DDP/DataParallel and torch.compile wrappers."""
    for _ in range(8):
        if isinstance(model, (torch.nn.parallel.DistributedDataParallel, torch.nn.DataParallel)):
            model = model.module
        elif hasattr(model, "_orig_mod") and isinstance(model._orig_mod, torch.nn.Module):
            model = model._orig_mod  # torch.compile: record the eager module
        else:
            return model
    return model


def _check_inputs(inputs: object) -> None:
    if isinstance(inputs, torch.Tensor):
        return
    if isinstance(inputs, (tuple, list, dict)):
        if not any(True for _ in iter_tensors(inputs)):
            raise TypeError(
                "inputs hold no tensor: pass a tensor, a tuple/list of tensors or a dict of keyword arguments"
            )
        if isinstance(inputs, dict) and not all(isinstance(k, str) for k in inputs):
            raise TypeError("a dict of inputs must map argument names (str) to values")
        return
    raise TypeError(
        "inputs must be a tensor, a tuple/list of tensors or a dict (a mapping) of keyword arguments, got %s"
        % type(inputs).__name__
    )


def call_model(model: torch.nn.Module, inputs: Any) -> Any:
    """Call `model` on `inputs` as add_model_viz does: a tensor is the one argument, a
    tuple or list the positional arguments, a dict the keyword arguments; with room on
    the stack for our hooks' frames (_room_for_hooks)."""
    limit = sys.getrecursionlimit()
    raised = _room_for_hooks(limit)
    sys.setrecursionlimit(raised)
    try:
        if isinstance(inputs, dict):
            return model(**inputs)
        if isinstance(inputs, (tuple, list)):
            return model(*inputs)
        return model(inputs)
    finally:
        if sys.getrecursionlimit() == raised:  # unless another thread set it since
            sys.setrecursionlimit(limit)


def _room_for_hooks(limit: int) -> int:
    """The recursion limit under which a model that runs under `limit` without hooks runs
    under ours: each nested module call takes at least three frames without hooks
    (nn.Module.__call__'s two and its forward) and one more with a hook set (_call_impl's
    `inner`), so a third more, and some for the hooks' own frames at the deepest call.
    A model nested 200 deep (a forward wrapping a wrapper...) otherwise raised
    RecursionError under the call alone."""
    return limit + limit // 3 + 64


_PLAIN_TYPES = (torch.Tensor, torch.nn.Parameter)  # no subclass's own dispatch


class OwnWork:
    """Runs a call's own work (the guards' snapshot and restore, the input fingerprint,
    the structure key, the parameters' statistics, the gradient's backward) unseen by a
    user's torch function and dispatch modes: a mode around the training step
    (FlopCounterMode for MFU, a debug or logging mode) is for the model's code, and sees
    the forwards the call runs and nothing else. The forwards themselves run under the
    modes (a `torch.device("meta")` may be what the model needs), and the hooks' work
    inside them is unseen already (tracer._with_modes_off_for). Where a parameter,
    buffer or input is a tensor subclass (DTensor), which works through dispatch, the
    modes stay on for all of it. With no mode on, one check per phase."""

    __slots__ = ("_walk", "_inputs", "_plain")

    def __init__(self, walk: ModelWalk, inputs: Any) -> None:
        self._walk, self._inputs = walk, inputs
        self._plain: bool | None = None  # whether the model's tensors are all plain, once asked

    def __call__(self, work: typing.Callable[..., T], *args: Any, **kwargs: Any) -> T:
        if not _modes_on():
            return work(*args, **kwargs)
        if self._plain is None:
            walk = self._walk
            inputs = (t for _, t in iter_tensors(self._inputs))
            tensors = itertools.chain(walk.parameter_tensors, walk.buffer_tensors, inputs)
            self._plain = all(type(t) in _PLAIN_TYPES for t in tensors)
        if not self._plain:
            return work(*args, **kwargs)
        return hidden(work, *args, **kwargs)


def _unseen(work: typing.Callable[..., T], *args: Any) -> T:
    """work(*args), our own, unseen by a user's modes where any is on (modes_off.hidden:
    safe for the tensor subclasses among the outputs it may meet, which the Python
    dispatch key switched off would not be)."""
    return hidden(work, *args) if _modes_on() else work(*args)


@contextlib.contextmanager
def _guarded(own: OwnWork, model: torch.nn.Module, inputs: Any, walk: ModelWalk) -> typing.Iterator[SavedState]:
    """no_grad and preserved_model_state, entered and left unseen by a user's modes (`own`)."""
    if not _modes_on():  # none to hide from: a plain `with` (entered_unseen's stack costs more)
        with torch.no_grad(), preserved_model_state(model, inputs, walk) as saved:
            yield saved
        return

    def enter(stack: contextlib.ExitStack) -> SavedState:
        stack.enter_context(torch.no_grad())
        return stack.enter_context(preserved_model_state(model, inputs, walk))

    with entered_unseen(own, enter) as saved:
        yield saved


def _add_hash(document: dict[str, Any]) -> str:
    """Put the hash of `document` (of its JSON) in it as its last field, and return the
    JSON of the result: the writer stores that text rather than encoding it again."""
    text = codec.to_json(document)
    document["hash"] = hashlib.sha1(text.encode("utf-8")).hexdigest()
    return '%s,"hash":"%s"}' % (text[:-1], document["hash"])


def _forward_once(
    trace: Trace, model: torch.nn.Module, inputs: Any, named_inputs: NamedTensors, with_modes: bool, caller_grad: bool
) -> Any:
    """The model's output on `inputs`, its forward recorded by `trace` (under our
    recording modes if `with_modes`); `caller_grad`: the caller's grad mode (_call_as_user)."""
    handles = trace.attach()
    try:
        trace.add_inputs(named_inputs)
        if not with_modes:
            return _call_as_user(trace, model, inputs, caller_grad)
        if not trace.record_graph:
            if not trace.watch_relus:
                return _call_as_user(trace, model, inputs, caller_grad)
            with DeadUnitWatcher(trace):
                return _call_as_user(trace, model, inputs, caller_grad)
        with DeadUnitWatcher(trace), FlopRecorder(trace), OpRecorder(trace):
            return _call_as_user(trace, model, inputs, caller_grad)
    finally:
        for handle in handles:
            handle.remove()
        _unseen(trace.finish_stats)


def _call_as_user(trace: Trace, model: torch.nn.Module, inputs: Any, caller_grad: bool) -> Any:
    """call_model(model, inputs); where the model holds a transformer encoder that may take
    its nested-tensor fast path, the encoder runs as in the user's forward: without our
    modes, in the caller's grad mode (`caller_grad`; fast_paths)."""
    if not trace.fast_paths:  # most models: no such module
        return call_model(model, inputs)
    modules = fast_paths.eval_ids((trace.module_objects[index] for index in trace.fast_paths), caller_grad)
    if not modules:
        return call_model(model, inputs)
    calls = fast_paths.FastPathCalls(trace, modules, caller_grad)
    handles = calls.attach()
    try:
        return call_model(model, inputs)
    finally:
        calls.put_back()  # inside our modes' `with`: they leave the stack as they entered it
        for handle in handles:
            handle.remove()


def _where(trace: Trace) -> tuple[str, str] | None:
    return trace.error_site()


def _note_where(error: BaseException, where: tuple[str, str] | None) -> None:
    if where is not None:
        name, type_name = where
        error.add_note("tensorboard_modelviz: raised in module '%s' (%s)" % (name or "<root>", type_name))


def _run_forward(
    model: torch.nn.Module,
    inputs: Any,
    named_inputs: NamedTensors,
    options: CaptureOptions,
    rng: RngState,
    caller_grad: bool,
    record_graph: bool = True,
    watch_relus: bool = True,
    named_modules: list[tuple[str, torch.nn.Module]] | None = None,
    defer: bool = True,
) -> tuple[Trace, Any]:
    """One forward under hooks, and recording modes if `record_graph`; returns (trace, output).
    `named_inputs`: input_names(model, inputs); `rng`: model_state.rng_state() as it is now;
    `caller_grad`: the caller's grad mode (_call_as_user);
    `named_modules`: the model's named modules as they are now, where the caller has them
    (a walk taken before any forward of the call), else the trace walks the model.
    `defer`: whether a steady forward may describe its small outputs after it
    (Trace.describe_deferred), which runs it again where one changed after its hook.

    If the forward raises under the recording modes, it runs once more with hooks alone:
    if that succeeds, our recording modes were the cause and the trace notes it as our
    failure; if it raises too, the model's own error reaches the user with the path of
    the module it came from.
    """
    # Ours (the copy buffer it takes, the modules' facts): unseen by a user's modes.
    trace = _unseen(Trace, model, options, options.selects, record_graph, named_modules, defer)
    trace.watch_relus = watch_relus
    try:
        output = _forward_once(trace, model, inputs, named_inputs, True, caller_grad)
        if trace.stack and trace.failure is None:
            # A call entered and never left, where the forward returned: the calls are not
            # those of a forward (the hooks leave other threads' calls out: tracer).
            trace.fail(CaptureFailure("module call %s never left" % trace.stack[-1].key))
        return trace, output
    except Exception as e:
        if not record_graph:  # hooks alone: the model's own error
            _note_where(e, _where(trace))
            raise
        first_error, where = e, _where(trace)
    restore_rng(rng)
    return _run_plain(model, inputs, named_inputs, options, caller_grad, first_error, where)


def _run_plain(
    model: torch.nn.Module,
    inputs: Any,
    named_inputs: NamedTensors,
    options: CaptureOptions,
    caller_grad: bool,
    first_error: BaseException,
    where: tuple[str, str] | None,
) -> tuple[Trace, Any]:
    """The forward once more with hooks alone after it raised `first_error` under our
    recording: the model's own error (it raises again) reaches the user with the path
    of its module; else (trace, output), the trace noting our recording as the cause."""
    plain = Trace(model, options, options.selects)
    try:
        output = _forward_once(plain, model, inputs, named_inputs, False, caller_grad)
    except Exception as e:
        _note_where(e, _where(plain) or where)
        raise
    plain.fail(
        RuntimeError(
            "the forward failed under the op recorder (%s: %s); recorded module calls only"
            % (type(first_error).__name__, first_error)
        )
    )
    return plain, output


def _named_outputs(output: Any) -> NamedTensors:
    return [(path or "output", t) for path, t in iter_tensors(output)]


def _build_structure(
    model: torch.nn.Module, trace: Trace, outputs: NamedTensors, backward: BackwardDocument | None = None
) -> tuple[StructureDocument, str]:
    trace.add_outputs(outputs)
    facts = ModuleFacts(model)
    input_tensors = trace.inputs
    document: dict[str, Any] = {  # a StructureDocument once _add_hash has put its hash in
        "format_version": codec.FORMAT_VERSION,
        "model_type": type(model).__name__,
        "inputs": [{"name": n, "shape": list(t.shape), "dtype": dtype_name(t.dtype)} for n, t in input_tensors],
        "outputs": [
            {"name": n["name"], "shape": n["shape"], "dtype": n["dtype"]} for n in trace.nodes if n["kind"] == "output"
        ],
        "nodes": trace.nodes,
        "edges": trace.edges,
        "layers": layer_rows(model, trace.calls, facts),
        "totals": model_totals(model, trace.calls, sum(t.numel() * t.element_size() for _, t in input_tensors), facts),
    }
    if backward is not None:
        document["backward"] = backward
    text = _add_hash(document)
    return typing.cast(StructureDocument, document), text


@dataclasses.dataclass
class GradientPass:
    """What the forward with gradients gave: the backward graph (structure field
    "backward"), the gradient flow (step field "output_grads"), a warning for the step,
    and our own first failure."""

    backward: BackwardDocument | None = None
    flow: dict[str, float | None] | None = None
    warning: typing.Optional[str] = None
    failure: typing.Optional[BaseException] = None


def _no_backward(reason: str) -> BackwardDocument:
    """The structure's "backward" field when there is no backward graph to record."""
    return {"scalar": None, "error": reason, "cut": False, "nodes": [], "edges": [], "unreachable": []}


def _has_backward_hooks(model: torch.nn.Module) -> bool:
    """Module backward hooks would run during the gradient flow's autograd.grad."""
    modules = torch.nn.modules.module
    return bool(modules._global_backward_hooks or modules._global_backward_pre_hooks) or any(
        m._backward_hooks or m._backward_pre_hooks for m in model.modules()
    )


def _start_again(model: torch.nn.Module, saved: SavedState, options: CaptureOptions, own: OwnWork) -> None:
    """Put the model back as the call found it, in the mode the next forward runs in."""
    own(saved.restore)
    if options.mode is not None:
        _set_mode(model, saved, options.mode == "train")


def _set_mode(model: torch.nn.Module, saved: SavedState, training: bool) -> None:
    """`model.train(training)`, through any `train()` of the model's own; where torch's
    recursion over children never ends (a module its own descendant), each module's flag
    is set once (the guard puts them back)."""
    try:
        model.train(training)
    except RecursionError:
        for module in saved.modules:
            module.training = training


def _trainable(model: torch.nn.Module) -> bool:
    """Whether `model` has a parameter that requires grad."""
    return any(p.requires_grad for p in model.parameters())


def _gradient_pass(
    model: torch.nn.Module, inputs: Any, options: CaptureOptions, saved: SavedState, graph: bool, own: OwnWork
) -> GradientPass:
    """The backward graph (if `graph`) and the gradient flow (if options.grad_flow), from
    one more forward with gradients, run from the state the recorded one started from
    (the guard puts the model back afterwards). What keeps the model from being
    differentiated (its forward under grad raising, no output depending on a trainable
    parameter, loss_fn's error) is said in the document and the step's warnings."""
    flow = options.grad_flow
    result = GradientPass()
    if flow and _has_backward_hooks(model):
        result.warning = "gradient flow not taken: the model has module backward hooks, which it would run"
        flow = False
    if not (graph or flow):
        return result
    reason: str | None = None
    if not own(_trainable, model):
        reason = "the model has no parameter that requires grad"
    elif fsdp_state.collective_forward(model, options.mode):
        # FSDP and tensor parallelism hook their collectives into the backward, and
        # FSDP1's flat parameters do not survive a forward of ours with gradients.
        reason = (
            "its forward makes collective calls (FSDP, DTensor parameters or SyncBatchNorm): "
            "a forward with gradients would start collectives in its backward"
        )
    if reason is not None:
        if graph:
            result.backward = _no_backward(reason)
        if flow:
            result.warning = "gradient flow not taken: %s" % reason
        return result
    _start_again(model, saved, options, own)
    forward = own(autograd_graph.GradForward, model, lineage=graph, edges=flow, modes_off=own)
    try:
        _differentiate(forward, inputs, options, result, graph, flow, own)
    finally:
        forward.release()  # the graph and its saved tensors go now, not at the next collection
    return result


def _differentiate(
    forward: autograd_graph.GradForward,
    inputs: Any,
    options: CaptureOptions,
    result: GradientPass,
    graph: bool,
    flow: bool,
    own: OwnWork,
) -> None:
    """Run `forward` on `inputs` and fill `result` from it: the backward graph if
    `graph`, the gradient flow if `flow`, or the reason they could not be taken (that
    part is ours: unseen by a user's modes, `own`)."""
    try:
        forward.run(call_model, inputs)
    except Exception as e:
        _not_differentiated(result, "%s: %s" % (type(e).__name__, e), graph, flow)
        return
    own(_differentiate_output, forward, options, result, graph, flow)


def _not_differentiated(result: GradientPass, reason: str, graph: bool, flow: bool) -> None:
    if graph:
        result.backward = _no_backward(reason)
    if flow:
        result.warning = "gradient flow not taken: %s" % reason


def _differentiate_output(
    forward: autograd_graph.GradForward, options: CaptureOptions, result: GradientPass, graph: bool, flow: bool
) -> None:
    """Fill `result` from the output of `forward`, run already: the backward graph if
    `graph`, the gradient flow if `flow`, or the reason they could not be taken."""
    try:
        scalar = forward.scalar(options.loss_fn)
    except Exception as e:
        _not_differentiated(result, "%s: %s" % (type(e).__name__, e), graph, flow)
        if options.loss_fn is not None and forward.output is not None and not isinstance(e, ValueError):
            result.failure = e  # the caller's loss_fn raised: worth the writer's one warning
        return
    scalar_name = "loss_fn(outputs)" if options.loss_fn is not None else "sum of the output means"
    try:
        if forward.failure is not None:
            raise forward.failure
        if graph:
            result.backward = autograd_graph.backward_document(forward, scalar, scalar_name)
        if flow:
            result.flow = autograd_graph.gradient_flow(forward, scalar)
    except Exception as e:
        result.failure = e


def _attach_samples(
    step: StepDocument, raw_samples: dict[str, RawSample], aliases: dict[str, str], max_bytes: int
) -> tuple[Sequence[tuple[SampleHeader, bytes]], list[bytes]]:
    """Fit the samples into what the step document leaves of the budget.

    Returns (samples, blobs): the (header, values) pairs (decoded from their blobs when
    read) and the encoded blobs of the step and its samples, checked together to stay
    within `max_bytes` (the fit is tightened if the header allowance was short). The
    blobs and the directory come from a sample_plan.SamplePlan, made at a structure's
    first call and reused while its samples keep their keys, layouts and shapes: the
    step's "samples" is the plan's directory, shared by the calls it serves (read only).
    Our own work, as the hooks' is: a user's torch function or dispatch mode on around
    the call sees none of it (tracer._with_modes_off_for; a tensor subclass's copy is
    worked on through the modes, as in the hooks).
    """
    copies = (sample[1] for sample in raw_samples.values())  # read only where a mode is on
    return _with_modes_off_for(copies, _fit_samples, step, raw_samples, aliases, max_bytes)


def _fit_samples(
    step: StepDocument, raw_samples: dict[str, RawSample], aliases: dict[str, str], max_bytes: int
) -> tuple[Sequence[tuple[SampleHeader, bytes]], list[bytes]]:
    """_attach_samples' work, run with the user's modes off where its copies are plain tensors."""
    keys = list(raw_samples)
    layouts, copies, source_shapes = zip(*raw_samples.values()) if raw_samples else ((), (), ())
    encoder = codec.StepEncoder(step)
    plan = plan_for(keys, layouts, copies, source_shapes, aliases)
    room = max_bytes - encoder.encoded_size(codec.EMPTY_DIRECTORY) - plan.header_allowance
    if keys and room <= 0:
        step["capture"]["warnings"].append(
            "the statistics alone take %d bytes, over max_bytes=%d: no activation samples stored"
            % (max_bytes - room, max_bytes)
        )
        keys, layouts, copies, source_shapes = [], (), (), ()
        encoder = codec.StepEncoder(step)
        plan = plan_for(keys, layouts, copies, source_shapes, aliases)
    for _ in range(4):
        if keys and plan.values > room:
            fitted = fit_to_budget(dict(zip(keys, zip(layouts, copies))), max(0, room))
            fitted_layouts, fitted_copies = zip(*fitted.values()) if fitted else ((), ())
            fitted_sources = tuple(raw_samples[key][2] for key in fitted)
            fitted_plan = plan_for(list(fitted), fitted_layouts, fitted_copies, fitted_sources, aliases)
        else:  # every sample kept whole, as fit_to_budget would keep them
            fitted_plan, fitted_copies = plan, copies
        sample_blobs = fitted_plan.encode(fitted_copies)
        step["samples"] = fitted_plan.directory_document
        blobs = [encoder.encode(fitted_plan.directory)] + sample_blobs
        used = sum(map(len, blobs))
        if used <= max_bytes or not sample_blobs:
            return codec.DecodedSamples(sample_blobs), blobs
        room -= used - max_bytes + 64 * len(sample_blobs)  # rarely needed: the allowance was short
    step["samples"] = {}
    return [], [encoder.encode(codec.EMPTY_DIRECTORY)]


def _step_blobs_alone(step: StepDocument) -> list[bytes]:
    """The blob of `step` without samples, after _attach_samples failed: [] where its
    statistics alone are over the format's bound; where they fail to encode (ours: the
    columns of format version 2, stat_columns), the step without them, which says so."""
    try:
        return [codec.encode_step(step)]
    except codec.TooLargeError:
        return []
    except Exception as e:
        step["capture"]["warnings"].append("statistics lost: %s: %s" % (type(e).__name__, e))
    step["activations"], step["params"], step["grads"] = {}, {}, {}  # plain dicts: no columns to store
    return [codec.encode_step(step)]


def _key(trace: Trace, outputs: NamedTensors, walk: ModelWalk, known: KnownStructure | None = None) -> StructureKey:
    """The structure key of the forward `trace` recorded; `walk`: the model as the
    forward left it (_walk_now); `known`: the structure it is compared with."""
    return structure_key(walk, trace.calls, trace.inputs, outputs, known)


def _walk_now(model: torch.nn.Module, walk: ModelWalk) -> ModelWalk:
    """`walk` where the model still holds what it did when it was taken, else a new one."""
    return walk if walk.unchanged() else ModelWalk(model)


def _one_forward_possible(model: torch.nn.Module, inputs: Any, options: CaptureOptions, caller_grad: bool) -> bool:
    """Whether the recorded forward can give the backward graph as well: a backward graph
    is asked for, the profiler is free (profiled_flops counts the FLOPs), the model has a
    trainable parameter and no collective forward, no input was made under inference
    mode (a forward with gradients runs on clones of those, which are not the inputs the
    trace names), and no transformer encoder may take its fast path in the forward of a
    caller in grad mode `caller_grad` (fast_paths: the forward with gradients would take
    its slow path, the user's forward its fast one)."""
    if not options.backward_graph or not profiled_flops.available():
        return False
    if fast_paths.eval_ids((m for m in model.modules() if isinstance(m, fast_paths.FAST_PATH_TYPES)), caller_grad):
        return False
    if torch.is_inference_mode_enabled() or any(t.is_inference() for _, t in iter_tensors(inputs)):
        return False
    if options.grad_flow and _has_backward_hooks(model):
        return False  # the two forwards say why the flow is not taken
    if not any(p.requires_grad for p in model.parameters()):
        return False
    return not fsdp_state.collective_forward(model, options.mode)


def _checkpointed(modules: typing.Iterable[torch.nn.Module]) -> bool:
    """Whether the model of `modules` recomputes regions of its forward in the backward
    (Hugging Face's `gradient_checkpointing` flag on a module): their saved inputs are
    read for that. A module whose own code raises when asked (its __getattr__, a
    property) is taken for one: keeping the saved values costs memory, not the call."""
    for module in modules:
        try:
            if getattr(module, "gradient_checkpointing", False) is True:
                return True
        except Exception:
            return True
    return False


def _record_in_one_forward(
    model: torch.nn.Module,
    inputs: Any,
    named_inputs: NamedTensors,
    options: CaptureOptions,
    saved: SavedState,
    walk: ModelWalk,
    own: OwnWork,
    caller_grad: bool,
) -> tuple[Trace, Any, GradientPass] | None:
    """A structure's first call in one forward: the recorded forward runs with gradients,
    under the trace's hooks and OpRecorder (each op in a profiler range: FLOPs from
    profiled_flops, no dispatch mode, so the autograd graph is the model's own) and
    GradForward's hooks and lineage; the backward graph (and gradient flow) come from its
    output. The hooks' own work runs without gradients (tracer._with_modes_off_for).
    Without the gradient flow the graph keeps its saved tensors' shapes, not their values
    (GradForward `saved_values`): the activations are freed as the forward goes on, as
    in a forward without gradients; where something asks for those values (a backward
    inside the model's forward, a recomputed checkpoint) the two forwards run.

    The statistics are those of a forward with gradients, as in training; a kernel that
    computes otherwise under no_grad (CPU LSTMs) gives steady calls other last bits.
    None where anything fails: the model is put back as it was and the caller runs the
    two forwards. Where the forward itself raised, it first runs once more with hooks
    alone (_run_plain): a model's own error reaches the user after two forwards, as it
    does in the two forwards' path. `walk`: a walk of the model taken before this call's
    forwards (checked here: the trace and GradForward take its modules and parameters)."""
    walk = own(_walk_now, model, walk)
    trace = own(Trace, model, options, options.selects, True, walk.named_modules)
    # The backward graph's document needs the shapes of its saved tensors alone; the
    # gradient flow's backward and checkpointed regions (recomputed from them) their values.
    forward = own(
        autograd_graph.GradForward,
        model,
        lineage=True,
        edges=options.grad_flow,
        saved_values=options.grad_flow or _checkpointed(saved.modules),
        walk=walk,
        modes_off=own,
    )
    result = GradientPass()
    raised: tuple[BaseException, tuple[str, str] | None] | None = None
    try:
        handles = trace.attach()
        try:
            trace.add_inputs(named_inputs)
            profile = profiled_flops.ProfiledForward()
            lineage = forward.lineage

            @contextlib.contextmanager
            def recording(recorded: Trace) -> typing.Iterator[None]:
                # The watcher and the lineage are run by OpRecorder, the one mode of the forward.
                with profile, OpRecorder(recorded, marked=True, lineage=lineage, watcher=DeadUnitWatcher(recorded)):
                    yield

            try:
                output = forward.run(call_model, inputs, recording(trace), lineage_outside=True)
            except Exception as e:
                if _where(trace) is not None:  # raised inside the model, not before it ran
                    raised = e, _where(trace)
                raise
        finally:
            for handle in handles:
                handle.remove()
            _unseen(trace.finish_stats)
        if trace.failure is not None or not profile.recorded:
            raise RuntimeError("not recorded")
        flops = profile.flops(profiled_convolutions(trace))
        if profile.unseen_ops:  # ops OpRecorder did not see: the two forwards record them
            raise RuntimeError("FLOPs outside the recorded ops")
        if trace.unprofiled:  # ops it saw unprofiled (tracer._nested_among): the same
            raise RuntimeError("ops outside the profiler")
        add_profiled_flops(trace, flops)
        own(_differentiate_output, forward, options, result, True, options.grad_flow)
        if forward.values_needed:  # read where its saved tensors are kept as shapes: two forwards
            raise RuntimeError("saved values needed")
    except Exception:
        forward.release()
        _start_again(model, saved, options, own)
        if raised is None or trace.failure is not None or forward.values_needed:
            return None
    else:
        forward.release()  # the output keeps the graph alive until the caller drops it
        return trace, output, result
    del forward, trace
    _run_plain(model, inputs, named_inputs, options, caller_grad, *raised)  # raises the model's own error
    _start_again(model, saved, options, own)  # the forward runs without our recording: two forwards then
    return None


class Recorded(NamedTuple):
    """What _record gives for one forward."""

    trace: Trace
    output: Any
    structure: StructureDocument | None  # None: the known structure stands, or it failed
    structure_json: str | None  # its JSON
    structure_hash: str | None
    gradients: GradientPass
    # The model's walk as the last forward left it, where _record checked it after that
    # forward; None where it did not.
    walk: ModelWalk | None = None


def _recorded(
    model: torch.nn.Module,
    inputs: Any,
    named_inputs: NamedTensors,
    options: CaptureOptions,
    known: KnownStructure | None,
    saved: SavedState,
    walk: ModelWalk,
    own: OwnWork,
    caller_grad: bool,
) -> Recorded:
    """_record, its forwards under the call's no_grad; where the model's forward raises
    there and the caller runs it with gradients (`caller_grad`), recorded once more with
    gradients on, as the user's loop runs it, and so from then on (`known`): a forward
    that takes autograd.grad of its input without an enable_grad of its own (a
    physics-informed network) raises under no_grad, and would raise into a loop where it
    works. Only an error raised inside torch.autograd's grad or backward is taken for
    that; any other (the model's own) reaches the user after the forwards it took before,
    and one raised with gradients on too reaches the user from there."""
    if not (known is not None and known.needs_gradients and caller_grad):
        try:
            return _record(model, inputs, named_inputs, options, known, saved, walk, own, caller_grad)
        except Exception as e:
            if not caller_grad or not _raised_by_autograd(e):
                raise
        _start_again(model, saved, options, own)
    with torch.enable_grad():
        recorded = _record(model, inputs, named_inputs, options, known, saved, walk, own, caller_grad)
    if known is not None:
        known.needs_gradients = True
    return recorded


# The functions an autograd call inside a forward raises from under no_grad.
_AUTOGRAD_CALLS = frozenset(f.__code__ for f in (torch.autograd.grad, torch.autograd.backward, torch.Tensor.backward))


def _raised_by_autograd(error: BaseException) -> bool:
    """Whether `error` was raised inside torch.autograd.grad or backward."""
    return any(frame.f_code in _AUTOGRAD_CALLS for frame, _ in traceback.walk_tb(error.__traceback__))


def _record(
    model: torch.nn.Module,
    inputs: Any,
    named_inputs: NamedTensors,
    options: CaptureOptions,
    known: KnownStructure | None,
    saved: SavedState,
    walk: ModelWalk,
    own: OwnWork,
    caller_grad: bool,
) -> Recorded:
    """(trace, output, structure document or None, its JSON, structure hash, GradientPass)
    of one forward; `caller_grad`: the caller's grad mode (_call_as_user).

    With a `known` structure (and trace_ops="auto") the forward first runs with hooks
    alone; if its structure key matches, the known structure stands and no document is
    built. Otherwise (or when the key differs: the model is put back as it was and run
    again) the forward is recorded in full, and `known` learns the new key and hash.
    Where it can, the recorded forward runs with gradients and gives the backward graph
    and gradient flow as well (_record_in_one_forward); else the gradient pass takes
    them from a forward of its own after the recorded one.
    """
    if known is not None and known.hash is not None and options.trace_ops == "auto":
        forward = functools.partial(
            _run_forward,
            model,
            inputs,
            named_inputs,
            options,
            saved.rng,
            caller_grad,
            record_graph=False,
            watch_relus=known.relu_calls,
        )
        trace, output = forward(
            named_modules=walk.named_modules,  # no forward ran since the walk
            # Where every rank must take part in a forward, none runs a second one alone.
            defer=not fsdp_state.collective_forward(model, options.mode),
        )
        if isinstance(trace.failure, OutputChangedAfterHook):  # exact again, from the state the call found
            del output, trace
            _start_again(model, saved, options, own)
            trace, output = forward()
        after = own(_walk_now, model, walk)
        key = own(_key, trace, _named_outputs(output), after, known) if trace.failure is None else None
        if key is not None and own(known.matches, key):
            own(known.keep_tensors, key, after)
            gradients = _gradient_pass(model, inputs, options, saved, False, own)
            # The gradient flow's forward comes after the walk's check.
            return Recorded(trace, output, None, None, known.hash, gradients, None if options.grad_flow else after)
        del output, trace
        _start_again(model, saved, options, own)
    # Recorded again with a known structure (trace_ops="always"): its backward graph
    # mostly stands, and takes no forward with gradients; else one forward where it can.
    reusable = known is not None and known.hash is not None and options.trace_ops == "always"
    one = (
        _record_in_one_forward(model, inputs, named_inputs, options, saved, walk, own, caller_grad)
        if not reusable and own(_one_forward_possible, model, inputs, options, caller_grad)
        else None
    )
    if one is not None:
        trace, output, gradients = one
    else:
        trace, output = _run_forward(model, inputs, named_inputs, options, saved.rng, caller_grad)
    outputs = _named_outputs(output)
    keyed = own(_walk_now, model, walk) if known is not None and trace.failure is None else None
    key = own(_key, trace, outputs, keyed, known) if keyed is not None else None
    # Guards of the tensors as the key read them, before the gradient pass's forward.
    tensors = own(KnownTensors.of, keyed, key) if key is not None and keyed is not None else None
    reused = (
        known.backward
        if options.backward_graph and known is not None and key is not None and own(known.matches, key)
        else None
    )
    if one is None:
        gradients = _gradient_pass(model, inputs, options, saved, options.backward_graph and reused is None, own)
    backward = reused if reused is not None else gradients.backward
    try:
        structure, structure_json = own(_build_structure, model, trace, outputs, backward)
    except Exception as e:
        trace.fail(e)
        return Recorded(trace, output, None, None, None, gradients)
    if known is not None:
        known.forget()
        if key is not None:
            known.learn(key, tensors)
            known.hash, known.backward = structure["hash"], backward
            known.relu_calls = trace.saw_relu
    return Recorded(trace, output, structure, structure_json, structure["hash"], gradients)


def capture_model(
    model: torch.nn.Module,
    inputs: Any,
    options: CaptureOptions | None = None,
    tag: str = "model",
    history: ParameterHistory | None = None,
    known: KnownStructure | None = None,
    walk: ModelWalk | None = None,
) -> CaptureResult:
    """Record `model` running on `inputs` and return the documents to store.

    The model is left exactly as it was (see model_state). Raises the model's own
    exceptions (noting the module they came from) and TypeError/ValueError for bad
    arguments; a failure of our own code is returned in `failure`, with whatever could
    be recorded before it. With a `history` (update_ratio.ParameterHistory) the step
    document gets each parameter's update ratio since the history's previous call. With
    `known` (structure_key.KnownStructure, kept per writer and tag) a call whose
    structure was recorded before skips recording the graph; `structure` is then None.
    `walk`: a ModelWalk of `model` that the caller has taken just before, if any.

    Calls on one model run one at a time (model_lock: a call of another thread waits).
    A call started inside a recorded forward on the same thread (by the model's code or
    a hook), or inside a backward while another thread's call holds the model, records
    nothing, as add_model_viz leaves it out: raised, model_lock.NotTaken would reach the
    model's forward (failing the call that runs it, and the user's forward that started
    that one). Its result has no blobs and `failure` says why (_not_taken). A forward of
    the model's in another thread during the call is never recorded as the call's, and
    fails it (tracer.ran_elsewhere_failure says what the call then guarantees).
    """
    if not isinstance(model, torch.nn.Module):
        raise TypeError("model must be a torch.nn.Module, got %s" % type(model).__name__)
    if not isinstance(inputs, (torch.Tensor, tuple, list, dict)) and isinstance(inputs, Mapping):
        inputs = dict(inputs)  # keyword arguments all the same (a tokenizer's BatchEncoding, a UserDict)
    _check_inputs(inputs)
    options = dataclasses.replace(options) if options is not None else CaptureOptions()
    options.validate()
    model = unwrap_model(model)
    held = model_lock.capturing(model)
    try:
        held.take()
    except model_lock.NotTaken as e:
        return _not_taken(tag, e)
    try:
        ran_elsewhere_since(model, start=True)
        if walk is None or walk.model is not model:
            walk = ModelWalk.of(model)  # the model before the forward, for the guards (model_state)
        with collector_paused(), eager_forward(model, walk.modules):
            return _capture(model, walk, inputs, options, tag, history, known)
    finally:
        held.release()


def _not_taken(tag: str, refused: model_lock.NotTaken) -> CaptureResult:
    """The result of a call that did not run (capture_model): nothing to write."""
    step: StepDocument = {
        "format_version": codec.STEP_FORMAT_VERSION,
        "structure": None,
        "tag": tag,
        "input_fingerprint": None,
        "activations": {},
        "params": {},
        "grads": {},
        "updates": {},
        "dead_units": {},
        "capture": {"seconds": 0.0, "complete": False, "warnings": ["not recorded: %s" % refused]},
        "samples": {},
    }
    return CaptureResult(structure=None, step=step, samples=[], blobs=[], failure=refused)


def _capture(
    model: torch.nn.Module,
    walk: ModelWalk,
    inputs: Any,
    options: CaptureOptions,
    tag: str,
    history: ParameterHistory | None,
    known: KnownStructure | None,
) -> CaptureResult:
    started = time.perf_counter()
    own = OwnWork(walk, inputs)  # what the call does besides the forwards: unseen by a user's modes
    versions = own(parameter_versions, walk)
    caller_grad = torch.is_grad_enabled()
    with _guarded(own, model, inputs, walk) as saved:
        if options.mode is not None:
            _set_mode(model, saved, options.mode == "train")
        named_inputs = own(input_names, model, inputs)  # once: each forward below records them
        failure: BaseException | None
        fingerprint, failure = None, None
        try:  # before the forward, which might change the inputs in place
            taken_inputs = own(input_fingerprint.start, named_inputs)
        except Exception as e:
            taken_inputs, failure = None, e
        trace, output, structure, structure_json, structure_hash, gradients, after = _recorded(
            model, inputs, named_inputs, options, known, saved, walk, own, caller_grad
        )
        failure = failure or trace.failure or gradients.failure
        del output
        try:
            fingerprint = own(input_fingerprint.finish, taken_inputs)
        except Exception as e:
            failure = failure or e
        # The parameters as the forward left them, for all that follows.
        named_parameters = own(_walk_now, model, walk).named_parameters() if after is None else after.named_parameters()
        described = ParameterStats()
        updates: dict[str, float | None] = {}
        try:
            if options.param_stats:
                described = own(describe_parameters, named_parameters)
                failure = failure or described.failure
            if history is not None:
                updates = own(history.update_ratios, named_parameters, described.values, described.norms)
        except Exception as e:
            failure = failure or e
    elsewhere = ran_elsewhere_since(model, start=False)
    if elsewhere is not None:  # noted by the hooks of a forward whose trace did not fail for it
        failure = failure or ran_elsewhere_failure(elsewhere)
    warnings: list[str] = []
    changed = own(changed_parameters, named_parameters, versions)
    if changed:
        warnings.append("the forward wrote to parameters: %s" % ", ".join(changed[:5]))
    if gradients.warning is not None:
        warnings.append(gradients.warning)
    if failure is not None:
        warnings.append("capture incomplete: %s: %s" % (type(failure).__name__, failure))
    # Cast: the statistics are stat_columns.StatColumns (Mappings as version 1's dicts read).
    step = typing.cast(
        StepDocument,
        {
            "format_version": codec.STEP_FORMAT_VERSION,  # its statistics as columns (stat_columns)
            "structure": structure_hash,
            "tag": tag,
            "input_fingerprint": fingerprint,
            "activations": trace.activation_stats,
            "params": described.params,
            "grads": described.grads,
            "updates": updates,
            **({"output_grads": gradients.flow} if gradients.flow is not None else {}),
            "dead_units": trace.dead_units,
            # Time spent recording (forward, statistics); fitting the samples comes after.
            "capture": {
                "seconds": round(time.perf_counter() - started, 4),
                "complete": failure is None,
                "warnings": warnings,
            },
            "samples": {},  # last: see codec.StepEncoder
        },
    )
    try:
        samples, blobs = _attach_samples(step, trace.samples, trace.sample_aliases, options.max_bytes)
    except Exception as e:
        failure = failure or e
        step["samples"] = {}
        step["capture"]["complete"] = False
        step["capture"]["warnings"].append("activation samples lost: %s: %s" % (type(e).__name__, e))
        samples, blobs = [], _step_blobs_alone(step)
    return CaptureResult(
        structure=structure, step=step, samples=samples, blobs=blobs, failure=failure, structure_json=structure_json
    )
