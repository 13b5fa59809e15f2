"""Record one eager forward pass: module calls, the tensor ops inside them, and data flow.

Module calls are seen through a global forward pre-hook and hook (torch's
`register_module_forward_pre_hook` / `register_module_forward_hook`, acting on the model's
own modules alone; removed afterwards): two registrations per forward
rather than three on every submodule. A module with forward (pre-)hooks of its own gets a
hook of ours registered after them as well (see Trace.attach). Ops are seen through a TorchFunctionMode (the level users write: `conv2d`, `matmul`,
`add_`), and FLOPs through a TorchDispatchMode using the formulas of
`torch.utils.flop_counter` at the aten level, where matmul and attention are visible.
Edges come from remembering which node produced each live tensor (weakly, so the trace
keeps no activation alive).

Everything the recorder itself does is guarded: a failure in our code marks the trace
`failed` and leaves the forward running; only the model's own exceptions propagate.

The module hooks are global, and see the model's modules called in every thread: each
hook first asks whether it runs in the thread of its trace (the one that runs the
recorded forward; the recording modes are that thread's alone already). A call of the
model's modules in another thread (the training loop's forward while a logging thread
records the model) is never recorded; it is noted, and the trace fails
(ran_elsewhere_failure), since what the other forward changes in the model meanwhile is
neither this forward's nor left as it was.
"""

import dataclasses
import inspect
import itertools
import math
import sys
import threading
import types
import weakref
from operator import attrgetter, itemgetter

import torch
from torch.overrides import TorchFunctionMode
from torch.utils._python_dispatch import TorchDispatchMode

from tensorboard_modelviz.capture import dead_units, fast_paths, flop_formulas, known_flops, profiled_flops
from tensorboard_modelviz.capture.activation_samples import reduce_activation
from tensorboard_modelviz.capture.by_identity import WeakByIdentity
from tensorboard_modelviz.capture.host_copies import HostCopy, host_value, host_view
from tensorboard_modelviz.capture.layer_info import dtype_name
from tensorboard_modelviz.capture.model_walk import _named_modules
from tensorboard_modelviz.capture.stat_columns import StatColumns
from tensorboard_modelviz.capture.statistics import (
    EXACT_LIMIT,
    CopyBuffer,
    PendingStats,
    Stats,
    host_described,
    values_unknown,
)

# The type names of the modules dead_units.relu_module_kind may count (a cheap first test).
_RELU_MODULE_NAMES = frozenset(("ReLU", "ReLU6", "Hardtanh"))

# Which module outputs Trace.returned_by notes (Trace.returns_wanted): all, or the 3-D ones.
_ALL_RETURNS, _3D_RETURNS = 2, 1

# Bounds on how many tensors of one argument/return structure are described.
_MAX_LISTED_TENSORS = 32
_MAX_DEPTH = 6


def iter_tensors(obj, path="", depth=0):
    """(path, tensor) pairs inside tensors, sequences, dicts, dataclasses and ModelOutputs."""
    if depth > _MAX_DEPTH:
        return
    if isinstance(obj, torch.Tensor):
        yield path, obj
    elif isinstance(obj, dict):  # includes HuggingFace ModelOutput
        for key, value in obj.items():
            yield from iter_tensors(value, "%s.%s" % (path, key) if path else str(key), depth + 1)
    elif isinstance(obj, (list, tuple)):
        for i, value in enumerate(obj):
            yield from iter_tensors(value, "%s[%d]" % (path, i), depth + 1)
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for field in dataclasses.fields(obj):
            value = getattr(obj, field.name, None)
            yield from iter_tensors(value, "%s.%s" % (path, field.name) if path else field.name, depth + 1)


_LEAF_TYPES = (int, float, bool, str, type(None), torch.dtype, torch.device, torch.Size)


def _collect_tensors(obj, out, limit, depth):
    if isinstance(obj, torch.Tensor):
        out.append(obj)
        return
    if type(obj) in _LEAF_TYPES or depth > _MAX_DEPTH:
        return
    if isinstance(obj, (list, tuple)):
        values = obj
    elif isinstance(obj, dict):  # includes HuggingFace ModelOutput
        values = obj.values()
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        values = (getattr(obj, field.name, None) for field in dataclasses.fields(obj))
    else:
        return
    for value in values:
        if len(out) >= limit:
            return
        _collect_tensors(value, out, limit, depth + 1)


def _first_tensors(obj, limit=_MAX_LISTED_TENSORS):
    """The first `limit` tensors inside `obj`, in iter_tensors' order, without paths.

    Called for every op and module call: a plain recursive walk, which costs a fraction
    of iter_tensors' generators.
    """
    if type(obj) is torch.Tensor:
        return [obj]
    if type(obj) is tuple and len(obj) == 1 and type(obj[0]) is torch.Tensor:  # a module's one input
        return [obj[0]]
    out = []
    _collect_tensors(obj, out, limit, 0)
    return out[:limit]


_PLAIN_TENSOR_TYPES = (torch.Tensor, torch.nn.Parameter)


def _call_tensors(args, kwargs, limit):
    """_first_tensors((args, kwargs), limit), the same list: an op's tensors, for every op a
    first call records. A torch function's arguments are a flat tuple of tensors, numbers
    and tuples of numbers (a convolution's strides) far more often than anything nested,
    and this loop takes those without a call per value (a convolution's arguments in a
    third of the time); anything else is walked as _collect_tensors walks it."""
    if type(args) is not tuple or type(kwargs) is not dict:
        return _first_tensors((args, kwargs), limit)
    out = []
    for values in (args, kwargs.values()) if kwargs else (args,):
        for value in values:
            if len(out) >= limit:
                return out[:limit]
            kind = type(value)
            if kind in _PLAIN_TENSOR_TYPES:
                out.append(value)
            elif kind is tuple:
                for item in value:  # _collect_tensors(value, out, limit, 2)
                    if len(out) >= limit:
                        break
                    if type(item) not in _LEAF_TYPES:
                        _collect_tensors(item, out, limit, 3)
            elif kind not in _LEAF_TYPES:
                _collect_tensors(value, out, limit, 2)
    return out[:limit]


def sizes(shape: torch.Size) -> list[int | None]:
    """A shape as the documents hold it: a dimension whose size is no int is None
    (docs/format.md), as a jagged nested tensor's ragged one, a nested int (torch.SymInt
    `j1`) made anew with each tensor of other offsets, which JSON cannot hold and which
    would make each call's structure differ from the last."""
    return [size if type(size) is int else None for size in shape]


def _shape(t: torch.Tensor) -> list[int | None]:
    """The documents' shape of `t` (sizes: a tensor subclass's may be ragged)."""
    if type(t) is not torch.Tensor:
        return sizes(t.shape)
    try:
        return list(t.shape)
    except RuntimeError:  # a nested tensor of the strided layout has none
        return _nested_shape(t)


def _nested_shape(t: torch.Tensor) -> list[int | None]:
    """The documents' shape of a nested tensor of the strided layout (the transformer
    encoder's fast path makes them: fast_paths), which has no shape to read: its number of components, then
    each dimension's size where its components share it, else None (a ragged one, as in
    a jagged nested tensor's shape: docs/format.md)."""
    components = t._nested_tensor_size().tolist()
    return [len(components)] + [dims[0] if len(set(dims)) == 1 else None for dims in zip(*components)]


def _shapes(tensors):
    return list(map(_shape, tensors))


def _describe(t):
    return _shape(t), dtype_name(t.dtype)


def _with_modes_off_for(tensors, work, *args):
    """work(*args) with torch function and dispatch modes switched off when `tensors` are
    plain: what the hooks do with them (shapes, statistics, samples) needs no recording, by
    our modes or the user's, and under our recording modes each `.shape` or `.numel()`
    would pay their Python overhead (57 of the 67 torch functions the recorder saw in a
    first call of the demo CNN, 0.3 ms). Tensor subclasses (DTensor) work through
    dispatch: for them the modes stay. With no mode on (a call whose structure is known,
    see structure_key) there is nothing to switch off; each kind is switched off only
    where one is on: a steady call's dead-unit watcher is a torch function mode alone,
    and switching dispatch off as well would cost each hook about half a microsecond."""
    function_modes, dispatch_modes = _torch_function_mode_on(), _dispatch_modes_on()
    if not (function_modes or dispatch_modes) or not _all_plain(tensors):
        return work(*args)
    if profiled_flops.profiling():  # the first call's forward with gradients
        with torch._C.DisableTorchFunction():
            if not dispatch_modes:  # nothing left to switch off inside
                return profiled_flops.hooks_unprofiled(work, *args)
            return profiled_flops.hooks_unprofiled(_with_modes_off_for, tensors, work, *args)
    if not dispatch_modes:
        with torch._C.DisableTorchFunction():
            return work(*args)
    if not function_modes:
        with torch._C._DisableTorchDispatch():
            return work(*args)
    with torch._C.DisableTorchFunction(), torch._C._DisableTorchDispatch():
        return work(*args)


def _unseen_by_function_modes(plain, work, *args):
    """work(*args), our own; where `plain` (no tensor subclass among the types, whose own
    torch function the switch would skip) with the torch function modes below ours (a
    caller's) off where one is on: they would see each `.shape` or `.dim()` it reads."""
    if plain and _torch_function_mode_on():
        with torch._C.DisableTorchFunction():
            return work(*args)
    return work(*args)


def _all_plain_types(types):
    """Whether the tensor types a torch function mode is given are torch.Tensor alone."""
    for t in types:
        if t is not torch.Tensor:
            return False
    return True


def _describable(t: torch.Tensor) -> bool:
    """Whether a call's output `t` is one the capture describes (statistics, sample): a
    floating or complex tensor whose values it can read (statistics.values_unknown), not
    nested (a nested tensor of the strided layout is not described: docs/format.md)."""
    return (
        (t.is_floating_point() or t.is_complex())
        and (type(t) is torch.Tensor or not values_unknown(t))
        and not t.is_nested
    )


def _nested_among(args, kwargs) -> bool:
    """Whether a nested tensor is among an op's arguments."""
    return any(t.is_nested for t in _call_tensors(args, kwargs, _MAX_LISTED_TENSORS))


def _all_plain(tensors):
    """Whether every one of `tensors` is a torch.Tensor itself, no subclass."""
    for t in tensors:
        if type(t) is not torch.Tensor:
            return False
    return True


_torch_function_mode_on = torch._C._is_torch_function_mode_enabled
# Whether torch.jit.trace is tracing now: a forward that traces a module of its own
# (`torch.jit.trace(self.child, x)`) runs that module's calls under the tracer, which
# records every op run then into the user's graph and makes each shape a traced value.
# Those calls are the tracer's, not the forward's: the hooks and recording modes leave
# them alone (torch.jit.is_tracing's test, without its is_scripting call).
jit_tracing = torch._C._is_tracing
_dispatch_modes_on = torch._C._len_torch_dispatch_stack  # how many dispatch modes are on
# The level of the innermost torch.func transform (vmap, grad, jvp) running now, None
# outside them. A module called inside one takes and returns the transform's wrapped
# tensors (their type is torch.Tensor; a batched one has no storage to read): its call
# is recorded without statistics, and neither replays a record nor is replayed (Trace.replay).
# A torch without the getter (setup.py allows 2.1) sees no transform, as before it.
_functorch_level = getattr(torch._C._functorch, "maybe_current_level", lambda: None)


def _modes_on():
    """Whether any torch function or dispatch mode is on."""
    return _torch_function_mode_on() or _dispatch_modes_on()


def _op_name(func):
    name = getattr(func, "__name__", None) or type(func).__name__
    if name == "__get__":  # a tensor property such as `.T` or `.mT`
        name = getattr(getattr(func, "__self__", None), "__name__", name)
    if name.startswith("__") and name.endswith("__"):
        name = name[2:-2]
    return name


def _is_inplace(name):
    return (name.endswith("_") and not name.endswith("__")) or name in (
        "iadd",
        "isub",
        "imul",
        "itruediv",
        "ifloordiv",
        "imod",
        "ipow",
        "iand",
        "ior",
        "ixor",
        "ilshift",
        "irshift",
        "setitem",
    )


class ModuleCall:
    """One call of one module during the recorded forward; `key` is its layer key (`name#call`).

    `parent`, `node`, `flops`, `output_bytes` and the counts of FLOPs and profiler ranges
    before and after it are figures of the structure document alone: a trace that records
    no graph (a steady call's) leaves them unset, and sets the output's shapes and dtypes
    when the call returns.

    `module_id`: id() of the module, alive while the trace is (Trace.module_objects); the
    record holds no module, so that a steady trace's records can be kept for the next
    (Trace.replay). `input_size` and `output_size`: the torch.Size of the call's one input
    and one output, where the record stands for any later call of that module, at the same
    place in the forward, with inputs and outputs of those shapes (and dtype): None where
    the record depends on more (a relu-family call's producer, keyword arguments, several
    tensors). `small_output`: whether the call is recorded and its one output a float
    tensor of at most EXACT_LIMIT values (what Trace._left notes for describe_deferred,
    given a plain strided CPU tensor with a version); noted when the trace's calls are
    kept for a replay (_noted_for_replay). A record is complete once its call returned,
    and never changed after that (but for its `small_output`, noted once)."""

    __slots__ = (
        "name",
        "type",
        "module_id",
        "call",
        "key",
        "depth",
        "parent",
        "node",
        "input_shapes",
        "input_size",
        "output_shapes",
        "output_size",
        "output_dtypes",
        "output_bytes",
        "flops",
        "flops_at_start",
        "ranges_at_start",
        "ranges_at_end",
        "recorded",
        "relu_input",
        "dead_units_for",
        "small_output",
    )


# What Trace._leave records of a call's output (and _noted_for_replay of its record).
_OUTPUT_SLOTS = frozenset(("output_shapes", "output_size", "output_dtypes", "small_output"))


def _copied(call: ModuleCall) -> ModuleCall:
    """A record of its own with what `call` holds of the call as it entered."""
    copy = ModuleCall()
    for name in ModuleCall.__slots__:
        if name not in _OUTPUT_SLOTS and hasattr(call, name):
            setattr(copy, name, getattr(call, name))
    return copy


def _noted_for_replay(calls: list[ModuleCall]) -> list[ModuleCall]:
    """`calls`, each with its `small_output` (ModuleCall), noted where it was not yet (the
    calls replayed from a forward before have theirs)."""
    for call in calls:
        if not hasattr(call, "small_output"):
            size = call.output_size
            call.small_output = (
                call.recorded
                and size is not None
                and call.output_dtypes[0].is_floating_point
                and size.numel() <= EXACT_LIMIT
            )
    return calls


class TensorMap:
    """Values keyed by tensors, by identity, without keeping the tensors alive: a dict
    of id -> (weak reference, value). torch's WeakIdKeyDictionary does the same, but
    builds a reference object on every lookup, and a call makes thousands."""

    __slots__ = ("_items",)

    def __init__(self):
        self._items = {}

    def get(self, tensor):
        item = self._items.get(id(tensor))
        return item[1] if item is not None and item[0]() is tensor else None

    def __setitem__(self, tensor, value):
        self._items[id(tensor)] = (weakref.ref(tensor), value)

    def __contains__(self, tensor):
        return self.get(tensor) is not None


class _GlobalForwardHook:
    """A global forward hook taking keyword arguments, and its removal. torch's handle
    (2.13) leaves the hook's id in `_global_forward_hooks_with_kwargs`, a global that
    torch.compile reads to see whether any global hook is set: remove() takes it out too."""

    __slots__ = ("handle",)

    def __init__(self, hook):
        self.handle = torch.nn.modules.module.register_module_forward_hook(hook, with_kwargs=True)

    def remove(self):
        self.handle.remove()
        torch.nn.modules.module._global_forward_hooks_with_kwargs.pop(self.handle.id, None)


# The most values a model's CopyBuffer holds from one call to the next (16 MiB): a
# forward with more small outputs than that copies them into memory of their own.
_MAX_KEPT_VALUES = 1 << 22


# What the hooks read of one module (Trace.modules): its name, type name, whether its
# outputs are recorded (statistics and samples), how the hooks count its relu call
# (dead_units.relu_module_kind or None), and the layer key of its first call (`name#0`,
# the one most modules have, made once rather than at every call).
ModuleFact = tuple[str, str, bool, str | None, str]
# Trace.modules (id(module) -> its ModuleFact), Trace.relu_modules (id -> relu kind),
# Trace.unusual (the indices in named_modules' order of the modules that Trace.attach
# hooks otherwise: TorchScript's and torch.compile's, both told by their type), and
# Trace.fast_paths (the indices of the transformer encoders: fast_paths)
ModuleFacts = tuple[dict[int, ModuleFact], dict[int, str], tuple[int, ...], tuple[int, ...]]


def _module_facts(named: list[tuple[str, torch.nn.Module]], should_record) -> ModuleFacts:
    """What the hooks read of each of a model's modules (`named`: its named_modules())."""
    modules, relu_modules = {}, {}
    for name, module in named:
        type_name = type(module).__name__
        kind = dead_units.relu_module_kind(module) if type_name in _RELU_MODULE_NAMES else None
        modules[id(module)] = (name, type_name, should_record(name, module), kind, name + "#0")
        if kind is not None:
            relu_modules[id(module)] = kind
    unusual = (torch.jit.ScriptModule, _compiled_module_type())
    return (
        modules,
        relu_modules,
        tuple(i for i, (_, module) in enumerate(named) if isinstance(module, unusual)),
        tuple(i for i, (_, module) in enumerate(named) if isinstance(module, fast_paths.FAST_PATH_TYPES)),
    )


def _compiled_module_type() -> type | tuple[()]:
    """torch.compile's module wrapper class, or () where torch._dynamo is not imported (so
    that no module is one)."""
    return getattr(sys.modules.get("torch._dynamo.eval_frame"), "OptimizedModule", ())


class _Kept:
    """What one model's next Trace takes over from the last: the facts the hooks read of
    each module, while the modules, their names, types and the options' selection stay
    as they were; the CopyBuffer of its small outputs' copies, laid out as the last
    forward took them. Holds no module: the model's own entry in _kept would keep it
    alive."""

    __slots__ = (
        "spare",
        "layout",
        "facts",
        "facts_of",
        "changed_after_hook",
        "describe_in_hooks",
        "calls",
        "ran_elsewhere",
    )

    def __init__(self) -> None:
        self.spare: list[CopyBuffer] = []  # the buffer given back last, while no forward has it
        self.layout: list[tuple[int, ...]] = []
        self.facts: ModuleFacts | None = None
        # What `facts` were made from: the modules' names, ids and types, the options'
        # selection, and the index and kind of each module of a relu-family type.
        self.facts_of: tuple | None = None
        # The layer keys of the small outputs that a forward changed in place after their
        # hook (Trace.describe_deferred; a recording forward's, _note_changed_after_hook):
        # copied in the hook by the next steady forwards, which then need not run again.
        self.changed_after_hook: set[str] = set()
        # The next forward describes every output in its hook: the last one's deferred
        # outputs changed after their hooks (see OutputChangedAfterHook).
        self.describe_in_hooks = False
        # The module calls of the last steady forward that ran to its end, and the facts'
        # dict (facts[0]) they were made with: what the next steady forward replays
        # (Trace.replay). Never changed: a new forward's calls take their place.
        self.calls: tuple[dict[int, ModuleFact], list[ModuleCall]] | None = None
        # The name of a module of the model's that a hook of a Trace saw called in another
        # thread (Trace.ran_elsewhere), since the call began (ran_elsewhere_since): one
        # call at a time holds the model (model_lock), so each call reads its own.
        self.ran_elsewhere: str | None = None

    def module_facts(self, named: list[tuple[str, torch.nn.Module]], options, should_record) -> ModuleFacts:
        """_module_facts(named, should_record), the last ones where they were made from
        modules of the same names, ids and types, options selecting the same, and the
        same relu kinds (a forward assigned to a ReLU instance makes it none). Where a
        module was replaced by one that took its id, its name and type are the same, and
        so are its facts."""
        selects = getattr(type(options), "selects", None)
        if (
            selects is None
            or getattr(should_record, "__func__", None) is not selects
            or should_record.__self__ is not options
        ):
            return _module_facts(named, should_record)  # a selection of the caller's own
        modules = list(map(itemgetter(1), named))
        made_of = (
            list(map(itemgetter(0), named)),
            list(map(id, modules)),
            list(map(type, modules)),
            tuple(
                tuple(chosen) if chosen is not None else None
                for chosen in (options.include, options.exclude, options.module_types)
            ),
        )
        last = self.facts_of
        if (
            self.facts is not None
            and last is not None
            and made_of == last[:4]
            and all(dead_units.relu_module_kind(modules[index]) == kind for index, kind in last[4])
        ):
            return self.facts
        facts = self.facts = _module_facts(named, should_record)
        self.changed_after_hook = set()  # the modules changed: the keys may name others now
        relu_kinds = [
            (index, facts[1].get(id(module)))
            for index, module in enumerate(modules)
            if type(module).__name__ in _RELU_MODULE_NAMES
        ]
        self.facts_of = made_of + (relu_kinds,)
        return facts

    def take_buffer(self) -> CopyBuffer | None:
        """A buffer for a forward about to start, its own until it gives it back: the last
        one given back, if nothing holds it any more (its samples may still be in use),
        else a new one."""
        buffer = self.spare.pop() if self.spare else None  # one atomic step: threads take apart
        if buffer is not None and buffer.free():
            return buffer
        return CopyBuffer(self.layout) if self.layout else None

    def give_back(self, buffer: CopyBuffer | None, layout: list[tuple[int, ...]] | None) -> None:
        """After a forward: its buffer, to be taken again; or, where its small copies did
        not fit that buffer, their shapes (`layout`), how the next forward's is laid out."""
        if layout is not None:
            self.spare = []
            self.layout = layout if sum(math.prod(shape) for shape in layout) <= _MAX_KEPT_VALUES else []
        elif buffer is not None:
            self.spare = [buffer]


_kept: "WeakByIdentity[_Kept]" = WeakByIdentity()


def _kept_for(model: torch.nn.Module) -> _Kept:
    kept = _kept.get(model)
    if kept is None:
        kept = _kept[model] = _Kept()
    return kept


def ran_elsewhere_since(model: torch.nn.Module, start: bool) -> str | None:
    """The module of `model` that the call's Traces saw called in another thread, or None;
    `start`: the call begins, and forgets what an earlier call's Traces saw."""
    kept = _kept.get(model)
    if kept is None:
        return None
    name = kept.ran_elsewhere
    if start:
        kept.ran_elsewhere = None
    return name


_thread_id = threading.get_ident  # what the hooks compare with their trace's `thread`


def ran_elsewhere_failure(name: str) -> "CaptureFailure":
    """The failure of a call during whose forward module `name` of the model ran in
    another thread (Trace.ran_elsewhere)."""
    return CaptureFailure(
        "module '%s' of the model ran in another thread during the call's forward: this call "
        "recorded its own forward alone, but that forward may have read buffers the other "
        "thread changed meanwhile, and the call put the model's buffers, modes and random "
        "generators back as it found them, undoing what the other thread changed in them "
        "(call add_model_viz where no other thread runs the model)" % (name or "<root>")
    )


# The output of global_hook or hook where torch passed none apart from the arguments
# (global_hook's docstring).
_ALONE = object()


# A module's own forward pre-hooks and forward hooks (Trace.attach)
_forward_pre_hooks, _forward_hooks = attrgetter("_forward_pre_hooks"), attrgetter("_forward_hooks")


def _changed_since(output: torch.Tensor, version: int, address: int, size: torch.Size) -> bool:
    """Whether `output` changed since a hook read its `version`, data_ptr (`address`) and
    shape (`size`): `.data = other` moves no version, but gives it other memory, or
    another shape. A write that moves no version and keeps the memory (through `.data`,
    or a numpy view of it) is not told."""
    return output._version != version or output.data_ptr() != address or output.shape != size


# How much a steady forward holds of the small outputs it describes after their hooks
# (Trace.describe_deferred) before it describes them in a hook: deferring keeps each
# output alive past its hook, which a model of many outputs just under EXACT_LIMIT
# would otherwise pay for to the end of its forward, beyond the copies it keeps.
_DEFERRED_BYTES = 1 << 21


class CaptureFailure(Exception):
    """Raised inside the recorder to stop recording; never reaches the user."""


class OutputChangedAfterHook(CaptureFailure):
    """Outputs whose description a steady forward put off (Trace.defer) changed in place
    after their hook: their statistics and samples would not be the values the module
    returned. The forward is to run again (the model put back first) with every output
    described in its hook; the next forwards copy these outputs in theirs."""


class Trace:
    """Graph nodes, edges, module calls, statistics and raw samples of one forward pass.

    With `record_graph=False` only module calls (with their shapes), statistics and
    samples are recorded: no graph nodes, and no recording modes are needed. That is
    what a call whose structure is already known costs (see structure_key).
    """

    def __init__(self, model, options, should_record, record_graph=True, named_modules=None, defer=True):
        """`named_modules`: what `_named_modules(model)` gives now, where the caller has it
        (a steady call's walk of the model, taken just before its forward)."""
        self.model = model
        self.options = options
        self.record_graph = record_graph
        self.kept = _kept_for(model)
        self.thread = _thread_id()  # the thread of the recorded forward: the hooks ignore the others
        # id(module) -> (name, type name, statistics and samples wanted?, how the hooks count
        # its relu call: dead_units.relu_module_kind or None); the hooks find all they need
        # of a module in one lookup. relu_modules: id(module) -> how the hooks count its relu
        # call, for the modules that have one. Shared with the model's other Traces: never
        # changed. module_objects: the model's modules, in named_modules' order.
        named = named_modules if named_modules is not None else _named_modules(model)  # kept to what the hooks read
        self.module_objects = [module for _, module in named]
        self.modules, self.relu_modules, self.unusual, self.fast_paths = self.kept.module_facts(
            named, options, should_record
        )
        self.own_pre_hooks = set()  # ids of the modules with forward pre-hooks of their own
        self.own_hooks = set()  # ids of the modules with forward hooks of their own
        self.entered_by_global = self.modules  # those of the model's modules that global_pre_hook enters
        self.left_by_global = self.modules  # those of the model's modules that global_hook leaves
        self.nodes = []
        self.edges = []
        self.calls = []
        self.stack = []
        self.call_counts = {}
        # A steady forward of a model without hooks of its own (attach) replays the last
        # such forward's module calls (_Kept.calls): while its calls are those, one by one
        # (the same module at the same depth, its one input and one output of the same
        # shapes and dtype, no mode on), each takes the last forward's record as it is,
        # which is what _enter and _leave would make again (ModuleCall: a record made of
        # the module's facts, its place among the calls and those shapes); `replayed` of
        # them so far. `calls` and `call_counts` are left as they are until the first
        # call that differs, where they are made of those records (_stop_replay) and the
        # rest of the forward takes the usual path. The hooks of a replayed call read its
        # record and the output alone, and record the output as _leave does (_defer or
        # _left). A record's `relu_input` is the last forward's: the dead-unit watcher
        # alone reads it, a mode whose forward replays no call.
        self.replay: list[ModuleCall] | None = None
        self.replayed = 0
        self.replayable = False  # this forward's calls may be replayed by the next (attach)
        self.producer = TensorMap()  # tensor -> id of the node that made it
        # id(output described so far) -> (a weak reference to it, which tells a tensor that
        # took a freed one's id apart; its version, statistics, layer key): a TensorMap's
        # entries, flat, read and written by _observe at every module call without a call
        self.described: dict[int, tuple[weakref.ref, int, Stats, str]] = {}
        # A steady forward (no graph) notes its small float CPU outputs in their hooks and
        # describes them after the forward (describe_deferred), where the same work costs
        # about half of what it costs between the model's kernels: (the call, its output,
        # the output's version then, its data_ptr then, its shape, the relu units counted
        # from it or None, a copy of it taken in the hook or None). An output the model
        # changes in place after its hook is told by its version (given other memory by
        # `.data =`, by its data_ptr or shape): copied in the hook from then on (_Kept). A
        # write that moves no version and keeps the memory (through `.data` or a numpy
        # view of it) cannot be told without reading the values again: it is seen.
        # `defer` False: a forward whose model makes collective calls, where a second
        # forward on one rank alone (OutputChangedAfterHook) would wait for the others.
        self.defer = defer and not record_graph and not self.kept.describe_in_hooks
        self.kept.describe_in_hooks = False
        self.deferred: list[
            tuple[ModuleCall, torch.Tensor, int, int, torch.Size, tuple | None, torch.Tensor | None]
        ] = []
        self.deferred_bytes = 0  # what `deferred` holds alive (its outputs and copies), in bytes
        self.changed_after_hook = self.kept.changed_after_hook
        self.changed_now: list[str] = []  # keys of deferred outputs this forward changed after their hook
        # A recording forward (graph) notes the outputs a steady one would put off, as
        # (layer key, output, its version, data_ptr and shape in its hook), and finish_stats
        # tells _Kept those the model changed after their hooks: the steady forwards after
        # it copy them in their hooks rather than run again (OutputChangedAfterHook).
        self.returned_small: list[tuple[str, torch.Tensor, int, int, torch.Size]] = []
        self.activation_stats = {}
        # completed by finish_stats() after the forward
        self.pending_stats = PendingStats(self.kept.take_buffer())
        self.samples = {}  # layer key -> (layout, reduced copy, source shape)
        self.samples_copied: list[str] = []  # keys of the samples whose copy is a HostCopy (a GPU's)
        # shape -> the layout of a sample that reduce_activation gave as the statistics' copy
        # itself, for a plain float32 CPU output of that shape: the same sample again
        self.whole_samples: dict[torch.Size, str] = {}
        # reduce_activation's bounds (samples, channels, side, tokens, features), None: no samples
        self.sample_bounds = (
            (options.max_samples, options.max_channels, options.max_side, options.max_tokens, options.max_features)
            if options.max_samples > 0 and options.max_bytes > 0
            else None
        )
        self.returned_by = TensorMap()  # tensor -> (its version, innermost module call that returned it)
        self.returns_wanted = 0  # which outputs returned_by notes (_ALL_RETURNS, _3D_RETURNS), set by attach
        self.dead_counts = dead_units.PendingDeadUnits()
        self.dead_units: dict[str, float] = {}  # layer key -> fraction, from dead_counts after the forward
        self.watch_relus = True  # run the forward under dead_units.DeadUnitWatcher
        # No other global forward hook runs before ours (attach): a module's output reaches
        # global_hook as its forward returned it, so a relu's is known to be ≥ 0 (_leave).
        self.outputs_as_returned = False
        # The watcher saw a relu-family call that the module hooks do not count (one outside
        # the modules of relu_modules): later forwards of this structure need the watcher.
        self.saw_relu = False
        self.sample_aliases = {}  # layer key -> key of the call whose output it returned
        self.inputs = []
        self.pending_inputs = []
        self.total_flops = 0
        # With a marked OpRecorder, for each op it recorded: the op node (or None) whose
        # FLOPs are put in after the forward (add_profiled_flops), what its convolution's
        # FLOPs need (profiled_flops.conv_output), and its FLOPs where known_flops counted
        # them (None: the op ran in a profiler range, and profiled_flops counts them).
        self.ranges: list[tuple[dict | None, tuple | None, int | None]] = []
        self.unprofiled = False  # a marked OpRecorder ran an op outside the profiler: no FLOPs of it
        # Our function modes are off the stack (fast_paths.FastPathCalls): FlopRecorder
        # records the ops it sees, which OpRecorder does not.
        self.unseen_ops = False
        self.busy = False
        self.failure = None  # first exception raised by our own code
        self.error_call = None  # innermost module call when the model raised
        self.entering = None  # a module whose forward pre-hooks are running (error_site)

    # -- our own failures -------------------------------------------------------------
    def fail(self, exc):
        if self.failure is None:
            self.failure = exc
        self._stop_replay()  # the hooks record nothing more: their usual path says so

    # -- nodes and edges --------------------------------------------------------------
    def _add_node(self, kind, label, top_level=False, **fields):
        parent = self.stack[-1].node if self.stack and not top_level else None
        node = {"id": len(self.nodes), "kind": kind, "parent": parent, "label": label}
        node.update(fields)
        self.nodes.append(node)
        return node["id"]

    def _connect(self, tensor, dst):
        src = self.producer.get(tensor)
        if src is not None:
            shape, dtype = _describe(tensor)
            self.edges.append({"src": src, "dst": dst, "shape": shape, "dtype": dtype})

    def add_inputs(self, named_tensors):
        """Inputs become nodes right after the root module's node, so that the root is node 0."""
        self.inputs = list(named_tensors)  # (name, tensor), for the structure document
        self.pending_inputs = list(self.inputs) if self.record_graph else []

    def _add_input_nodes(self):
        for name, t in self.pending_inputs:
            if t in self.producer:
                continue
            shape, dtype = _describe(t)
            self.producer[t] = self._add_node("input", name, top_level=True, name=name, shape=shape, dtype=dtype)
        self.pending_inputs = []

    def add_outputs(self, named_tensors):
        for name, t in named_tensors:
            shape, dtype = _describe(t)
            node = self._add_node("output", name, top_level=True, name=name, shape=shape, dtype=dtype)
            self._connect(t, node)

    def record_op(self, func, args, kwargs, out, flops, inputs=None):
        """An op node for `func` that ran on (`args`, `kwargs`) and returned `out`, with
        edges from the nodes that made its tensors; `inputs`: those tensors where the
        caller has them already (_first_tensors of (args, kwargs), or a longer list)."""
        out_tensors = _first_tensors(out)
        if not out_tensors:
            return  # size(), dim(), item() ...: no data flow to draw
        name = _op_name(func)
        node = self._add_node("op", name, op=name, flops=flops, inplace=_is_inplace(name))
        for t in _call_tensors(args, kwargs, _MAX_LISTED_TENSORS) if inputs is None else inputs[:_MAX_LISTED_TENSORS]:
            self._connect(t, node)
        for t in out_tensors:
            self.producer[t] = node

    # -- module hooks (their work runs through _with_modes_off_for) -------------------
    def attach(self):
        """Hook the model's module calls; returns the handles that remove the hooks again.

        Two global hooks (see the module docstring) act on the model's own modules. The
        global pre-hook runs before a module's own forward pre-hooks: it enters the modules
        that have none; for one that has some it only notes that the module is entering
        (error_site), and our `pre_hook`, registered after the module's own, enters it with
        the inputs they pass on. The global forward hook runs before a module's own forward
        hooks, which may replace the output: a module that has some is left by our `hook`,
        registered after them.

        A model holding a torch.compile'd submodule gets the three hooks on every module
        instead: with a global hook set, calling one warns the user that the global hook
        runs for its wrapper too. A module that takes no hooks (torch.jit.script's) is a
        TypeError, with no hook left behind."""
        # returned_by is read by the watcher, and by _enter_relu for a Hardtanh's value and a
        # 3-D input's units (dead_units.unit_dimension).
        if self.watch_relus or "producer" in self.relu_modules.values():
            self.returns_wanted = _ALL_RETURNS
        elif self.relu_modules:
            self.returns_wanted = _3D_RETURNS
        objects, everywhere = self.module_objects, False
        for index in self.unusual:
            module = objects[index]
            if isinstance(module, torch.jit.ScriptModule):
                raise TypeError(
                    "%s is a TorchScript module, which takes no hooks: pass the nn.Module it "
                    "was scripted from" % type(module).__name__
                )
            everywhere = True  # a torch.compile'd module
        own_pre_hooks = list(itertools.compress(objects, map(_forward_pre_hooks, objects)))
        own_hooks = list(itertools.compress(objects, map(_forward_hooks, objects)))
        if everywhere:
            own_pre_hooks = own_hooks = self.module_objects
        self.own_pre_hooks = {id(module) for module in own_pre_hooks}
        self.own_hooks = {id(module) for module in own_hooks}
        # Hooks of the model's own change where our hooks enter and leave a module, and
        # what a relu-family call counts: a forward with some neither replays nor is replayed.
        self.replayable = not (self.record_graph or everywhere or own_pre_hooks or own_hooks)
        kept = self.kept.calls
        if self.replayable and kept is not None and kept[0] is self.modules:  # the same modules' facts
            self.replay, self.replayed = kept[1], 0
        self.outputs_as_returned = not getattr(torch.nn.modules.module, "_global_forward_hooks", None)
        self.entered_by_global = (
            self.modules
            if not own_pre_hooks
            else {key: facts for key, facts in self.modules.items() if key not in self.own_pre_hooks}
        )
        self.left_by_global = (
            self.modules
            if not own_hooks
            else {key: facts for key, facts in self.modules.items() if key not in self.own_hooks}
        )
        handles = []
        try:
            if everywhere:
                for module in self.module_objects:
                    handles.append(module.register_forward_pre_hook(self.entering_hook, prepend=True))
            else:
                handles.append(torch.nn.modules.module.register_module_forward_pre_hook(self.global_pre_hook))
                handles.append(_GlobalForwardHook(self.global_hook))
            for module in own_pre_hooks:
                handles.append(module.register_forward_pre_hook(self.pre_hook, with_kwargs=True))
            for module in own_hooks:
                handles.append(module.register_forward_hook(self.hook, with_kwargs=True))
        except BaseException:
            for handle in handles:
                handle.remove()
            raise
        return handles

    def entering_hook(self, module, args):
        """global_pre_hook's part where every module is hooked (attach): runs before the
        module's other forward pre-hooks."""
        if _thread_id() != self.thread:
            self.ran_elsewhere(module)
            return
        self.entering = module

    def global_pre_hook(self, module, args):
        """Enters every module call of the model, except for a module with pre-hooks of its
        own (pre_hook enters it after them). It and global_hook run at every module call:
        the common case (one plain tensor, no mode on) goes straight to _enter and _leave,
        without _first_tensors or _with_modes_off_for; the commoner one, a call that the
        last steady forward made too (`replay`), takes that call's record. A module outside
        the model (not in `modules`) leaves the replay on, as it leaves the calls as they are.
        A call in another thread is not this forward's (ran_elsewhere)."""
        if _thread_id() != self.thread:
            self.ran_elsewhere(module)
            return
        replay = self.replay
        if replay is not None and not jit_tracing():  # a call under a jit trace is the tracer's
            try:
                replayed, stack = self.replayed, self.stack
                if (
                    replayed < len(replay)
                    and (call := replay[replayed]).module_id == id(module)
                    and call.depth == len(stack)
                    and len(args) == 1
                    and type(x := args[0]) is torch.Tensor
                    and not (_torch_function_mode_on() or _dispatch_modes_on())
                    and x.shape == call.input_size
                    and _functorch_level() is None  # (a record made outside a transform)
                ):
                    stack.append(call)
                    self.replayed = replayed + 1
                    return
                if id(module) in self.modules:
                    self._stop_replay()
            except Exception as e:  # ours (a nested tensor has no shape to read), as in _enter
                self.fail(e)
                return
        facts = self.entered_by_global.get(id(module))
        if facts is None:  # not the model's, or one with pre-hooks of its own
            if id(module) in self.own_pre_hooks:
                self.entering = module  # its own pre-hooks run next, then pre_hook
            return
        self.entering = None
        if self.failure is not None or jit_tracing():
            return
        if (
            len(args) == 1
            and type(x := args[0]) is torch.Tensor
            and not (_torch_function_mode_on() or _dispatch_modes_on())
        ):
            try:
                size = x.shape
            except RuntimeError:  # a nested tensor of the strided layout has none (_shape)
                self._pre(module, facts, args)
                return
            try:
                self._enter(module, facts, [[*size]], x, size)
            except Exception as e:  # our bug: stop recording, never break the forward
                self.fail(e)
        else:
            self._pre(module, facts, args)

    def pre_hook(self, module, args, kwargs=None):
        """Runs after the module's own forward pre-hooks: an error raised by one of them
        is attributed to `module` (global_pre_hook noted it as entering), which this hook
        has not entered yet. Given no `kwargs` by a call in another thread while torch
        registers it (its with_kwargs flag is set after it, as global_hook's is)."""
        if _thread_id() != self.thread:
            self.ran_elsewhere(module)
            return
        self.entering = None
        if self.failure is None and not jit_tracing():
            self._pre(module, self.modules.get(id(module)), (args, kwargs) if kwargs else args)

    def error_site(self):
        """(name, type name) of the module where the model's own error arose, or None:
        the module whose pre-hooks were running, else the innermost module call."""
        if self.entering is not None:
            name, type_name = (self.modules.get(id(self.entering)) or ("?", type(self.entering).__name__))[:2]
            return name, type_name
        return (self.stack[-1].name, self.stack[-1].type) if self.stack else None

    def _pre(self, module, facts, args):
        try:
            inputs = _first_tensors(args)
            if _modes_on():
                _with_modes_off_for(inputs, self._enter_with, module, facts, inputs)
            else:
                self._enter_with(module, facts, inputs)
        except Exception as e:  # our bug: stop recording, never break the forward
            self.fail(e)

    def _stop_replay(self) -> None:
        """End the replay (`replay`), where one is on: the calls replayed so far become this
        forward's own (`calls`, `call_counts`), as _enter would have made them; those not
        returned yet are copies of their records, which _leave completes."""
        replay, self.replay = self.replay, None
        if replay is None:
            return
        calls = replay[: self.replayed]
        counts = self.call_counts
        for call in calls:
            counts[call.module_id] = call.call + 1
        stack = self.stack
        if stack:
            at = {id(call): index for index, call in enumerate(calls)}
            for depth, call in enumerate(stack):
                stack[depth] = calls[at[id(call)]] = _copied(call)
        self.calls = calls

    def _enter_with(self, module, facts, inputs):
        self._enter(module, facts, _shapes(inputs), inputs[0] if inputs else None)

    def _enter(self, module, facts, input_shapes, first_input, input_size=None):
        """Push the call of `module` that begins (`input_shapes`: of all its inputs;
        `first_input`: the first of them, or None; `input_size`: the shape of its one
        input, where it has one alone, ModuleCall's)."""
        name, type_name, recorded, relu_kind, first_key = facts or ("?", type(module).__name__, False, None, "?#0")
        if _functorch_level() is not None:  # inside a torch.func transform: its wrapped tensors are not read
            recorded, relu_kind, input_size = False, None, None  # nor its record replayed outside one
        counts, module_id = self.call_counts, id(module)
        index = counts.get(module_id, 0)
        counts[module_id] = index + 1
        stack = self.stack
        call = ModuleCall()
        call.module_id = module_id
        call.name = name
        call.type = type_name
        call.call = index
        call.key = first_key if index == 0 else f"{name}#{index}"
        call.depth = len(stack)
        call.input_shapes = input_shapes
        call.input_size = input_size
        call.recorded = recorded
        call.relu_input = call.dead_units_for = None
        if relu_kind is not None and first_input is not None:
            self._enter_relu(module, call, relu_kind, first_input)
        if self.record_graph:  # a call that never leaves (the forward failed) is still a layer row
            call.parent = stack[-1] if stack else None
            call.output_shapes, call.output_dtypes = [], []
            call.output_bytes = call.flops = 0
            call.flops_at_start = self.total_flops
            call.ranges_at_start = len(self.ranges)
            label = name.rpartition(".")[2] if name else type_name
            call.node = self._add_node("module", label, name=name, type=type_name, call=index, layer=call.key)
            if self.pending_inputs:
                self._add_input_nodes()
        self.calls.append(call)
        stack.append(call)

    def _enter_relu(self, module: torch.nn.Module, call: ModuleCall, kind: str, x: torch.Tensor) -> None:
        """Note where the dead units of a relu-family module's input `x` go (dead_units.py):
        counted from its output when it leaves, or here from `x` where a forward hook of its
        own may replace that output. The watcher leaves the module's relu call to this
        (`relu_input`)."""
        if kind == "producer":
            call.input_size = None  # its bounds and its input's producer decide: not replayed
            if module.min_val != 0:
                return  # a hardtanh outside the relu family: no relu call to count
        call.relu_input = id(x)
        # A tensor subclass (DTensor) would take its reductions through dispatch: left out.
        if type(x) is not torch.Tensor or (ndim := x.dim()) < 2:
            return  # (and no units without a batch)
        if kind == "own" and ndim != 3:  # its producer decides neither its owner nor its units
            if not call.recorded:
                return
            target, dim = call, 1 if ndim >= 4 else ndim - 1  # dead_units.unit_dimension's
        else:
            call.input_size = None  # its input's producer decides: not replayed
            producer = self._returned(x)
            target = call if kind == "own" else producer
            if target is None or not target.recorded:
                return
            dim = dead_units.unit_dimension(x, producer.type if producer is not None else None)
            assert dim is not None  # x has a batch
        if id(module) in self.own_hooks or (kind == "producer" and not module.max_val > 0):
            if not x.is_complex() and x.numel() > 0:
                self._count_dead(target.key, x, dim)
        else:
            call.dead_units_for = (target.key, dim)

    def _returned(self, x: torch.Tensor) -> ModuleCall | None:
        """The innermost module call that returned `x` as it is now (unchanged since), if any."""
        returned = self.returned_by.get(x)
        version = None if x.is_inference() else x._version  # inference tensors have no version
        return returned[1] if returned is not None and returned[0] == version else None

    def global_hook(self, module, args, kwargs, output=_ALONE):
        """(module, args, kwargs, output); or (module, args, output) for a module call in
        another thread while torch registers or removes this hook: it sets the hook and
        its with_kwargs flag one after the other, and such a call sees the hook alone.
        A replayed call (global_pre_hook) whose output has the shape and dtype of its
        record's leaves with that record; its output, where _left would note it for
        describe_deferred as it stands (which the record's `small_output` tells but for the
        output's device, layout and version, read here), goes to _defer from here."""
        if _thread_id() != self.thread:
            self.ran_elsewhere(module)
            return
        if self.replay is not None and not jit_tracing():
            try:
                stack = self.stack
                if (
                    stack
                    and (call := stack[-1]).module_id == id(module)
                    and type(output) is torch.Tensor
                    and not kwargs
                    and not (_torch_function_mode_on() or _dispatch_modes_on())
                    and (size := output.shape) == call.output_size
                    and output.dtype is call.output_dtypes[0]
                ):
                    stack.pop()
                    wanted = self.returns_wanted
                    if (
                        call.small_output
                        and self.defer
                        and output.is_cpu
                        and output.layout is torch.strided
                        and not output.is_inference()
                        and not (wanted and (wanted == _ALL_RETURNS or len(size) == 3))  # no returned_by
                    ):
                        self._defer(call, output, size, call.dead_units_for)
                    else:
                        self._left(call, output, (output,), size)
                    return
                if id(module) in self.modules:
                    self._stop_replay()
            except Exception as e:  # ours (a nested tensor has no shape to read), as in _leave
                self.fail(e)
                return
        if id(module) not in self.left_by_global:
            return  # not the model's, or left by `hook`
        if output is _ALONE:
            kwargs, output = {}, kwargs
        if self.failure is not None or jit_tracing():
            return
        if type(output) is torch.Tensor and not kwargs and not (_torch_function_mode_on() or _dispatch_modes_on()):
            # The common case: no mode that our work could reach, so `busy` needs no setting.
            try:
                self._leave(module, output, None)
            except Exception as e:
                self.fail(e)
        else:
            self._post(module, args, kwargs, output)

    def hook(self, module, args, kwargs, output=_ALONE):
        """Runs after the module's own forward hooks: it sees the output they return.
        (module, args, output) for a call in another thread while torch registers it, as
        for global_hook."""
        if _thread_id() != self.thread:
            self.ran_elsewhere(module)
            return
        if output is _ALONE:
            kwargs, output = {}, kwargs
        if self.failure is None and not jit_tracing():
            self._post(module, args, kwargs, output)

    def ran_elsewhere(self, module: torch.nn.Module) -> None:
        """A hook saw `module` called in a thread other than the forward's: not recorded;
        noted (_Kept.ran_elsewhere) where it is one of the model's, for the call to fail
        (finish_stats, and the call's end: recording). Runs in that other thread: it
        touches nothing of the trace but that note."""
        facts = self.modules.get(id(module))
        if facts is not None and self.kept.ran_elsewhere is None:
            self.kept.ran_elsewhere = facts[0]

    def _post(self, module, args, kwargs, output):
        self.busy = True
        try:
            input_shapes = None
            if kwargs and id(module) not in self.own_pre_hooks:
                # Entered by global_pre_hook, which is not given keyword arguments: the
                # shapes of all inputs are taken here, as the forward leaves them.
                inputs = _first_tensors((args, kwargs))
                input_shapes = _with_modes_off_for(inputs, _shapes, inputs)
            tensors = [output] if type(output) is torch.Tensor else _first_tensors(output)
            output = tensors[0] if len(tensors) == 1 else tensors
            if _modes_on():
                _with_modes_off_for(tensors, self._leave, module, output, input_shapes)
            else:
                self._leave(module, output, input_shapes)
        except Exception as e:
            self.fail(e)
        finally:
            self.busy = False

    def _leave(self, module, output, input_shapes):
        """Pop the call of `module` that returned `output`: its one tensor, or a list of
        its tensors (never of one)."""
        stack = self.stack
        if not stack or stack[-1].module_id != id(module):
            raise CaptureFailure("module call stack out of order at %s" % type(module).__name__)
        call = stack.pop()
        if input_shapes is not None:
            call.input_shapes = input_shapes
            call.input_size = None  # the shapes of all its inputs, keyword arguments too: not replayed
        if type(output) is list:
            tensors = output
            call.output_shapes = _shapes(tensors)
            call.output_dtypes = [t.dtype for t in tensors]
            size = None
        else:  # most modules
            tensors = (output,)
            try:
                size = output.shape
            except RuntimeError:  # a nested tensor of the strided layout has none (_shape)
                self._left_nested(call, output)
                return
            call.output_shapes = [[*size]] if type(output) is torch.Tensor else [sizes(size)]
            call.output_dtypes = [output.dtype]
        # A subclass's size may hold symbolic sizes (a jagged nested tensor's nested int,
        # which has no numel): its call is not replayed (Trace.replay).
        call.output_size = size if type(output) is torch.Tensor else None
        if self.record_graph:  # figures of the structure document alone (layer rows, totals)
            call.flops = self.total_flops - call.flops_at_start
            call.ranges_at_end = len(self.ranges)
            call.output_bytes = sum(t.numel() * t.element_size() for t in tensors)
        self._left(call, output, tensors, size)

    def _left_nested(self, call: ModuleCall, output: torch.Tensor) -> None:
        """What _leave records of a call whose one output is a nested tensor of the strided
        layout: its shape (_nested_shape) and dtype; not its values (docs/format.md), nor
        a replay of it (its input and output sizes None)."""
        call.output_shapes, call.output_dtypes = [_nested_shape(output)], [output.dtype]
        call.input_size = call.output_size = None
        if self.record_graph:
            call.flops = self.total_flops - call.flops_at_start
            call.ranges_at_end = len(self.ranges)
            call.output_bytes = output.numel() * output.element_size()

    def _left(
        self,
        call: ModuleCall,
        output: torch.Tensor | list[torch.Tensor],
        tensors: list[torch.Tensor] | tuple[torch.Tensor],
        size: torch.Size | None,
    ) -> None:
        """What _leave records of the output of `call`, popped with its shapes recorded (or
        replayed: global_hook): `output` its one tensor (of torch.Size `size`) or a list
        of its `tensors` (`size` None)."""
        wanted = self.returns_wanted
        if wanted == _ALL_RETURNS or (wanted and (size is None or len(size) == 3)):  # one output: its shape tells
            returned_by = self.returned_by
            for t in tensors:
                if (wanted == _ALL_RETURNS or t.dim() == 3) and returned_by.get(t) is None:
                    returned_by[t] = (None if t.is_inference() else t._version, call)
        counting = call.dead_units_for
        if (
            (self.defer or self.record_graph)
            and call.recorded
            and size is not None
            and output.is_cpu
            and output.is_floating_point()
            and type(output) is torch.Tensor
            and output.layout is torch.strided
            and output.numel() <= EXACT_LIMIT
            and not output.is_inference()  # no version to tell a later change by
        ):
            if self.defer:
                self._defer(call, output, size, counting)
                return
            self.returned_small.append((call.key, output, output._version, output.data_ptr(), size))
        if counting is None or len(tensors) != 1:
            if call.recorded:
                self._observe(call, tensors, None, size)
            return
        # A relu-family module's output: 0 exactly where its input is ≤ 0 (NaN where NaN),
        # of its shape and dtype, so the same units are dead in both
        # (dead_units.PendingDeadUnits). A large one's values, ≥ 0 (or NaN), need no full
        # pass of their own beside the units' maxima (statistics.tensor_stats's
        # `nonnegative_max`).
        if call.recorded and self.outputs_as_returned and host_described(output):
            self._observe(call, tensors, counting)
            return
        if call.recorded:
            self._describe_now(call, output, size, counting)
        elif not output.is_complex() and output.numel() > 0:
            self._count_dead(counting[0], output, counting[1])

    def _defer(self, call: ModuleCall, output: torch.Tensor, size: torch.Size, counting: tuple | None) -> None:
        """Note a recorded call's one output (a small, plain, float CPU tensor with a
        version) for describe_deferred; copied now where the last forwards changed it in
        place after its hook, or described now where such an output is laid out otherwise
        than its copy would be (a clone's memory order would change the statistics' sums)."""
        snapshot = None
        if call.key in self.changed_after_hook:
            if not output.is_contiguous():
                self._describe_now(call, output, size, counting)
                return
            snapshot = output.detach().clone()
        self.deferred.append((call, output, output._version, output.data_ptr(), size, counting, snapshot))
        self.deferred_bytes += size.numel() * output.element_size() * (1 if snapshot is None else 2)
        if self.deferred_bytes > _DEFERRED_BYTES:  # described here, as they stand: no more held
            self.describe_deferred()

    def _describe_now(self, call, output, size, counting):
        """Describe a recorded call's one output in its hook, and count the relu units
        `counting` names from it (from the copy taken for its statistics where there is one)."""
        copy = self._observe(call, (output,), None, size)
        if counting is not None:
            self._count_described(counting, copy, output, size)

    def _count_dead(self, key: str, x: torch.Tensor, dim: int) -> None:
        """Count the dead units of `x` for layer `key`, after the outputs put off before
        it are described (the counts keep the calls' order)."""
        if self.deferred:
            self.describe_deferred()
        self.dead_counts.count(key, x, dim)

    def _count_described(
        self, counting: tuple, copy: torch.Tensor | None, values: torch.Tensor, size: torch.Size
    ) -> None:
        """Count the relu units `counting` (layer key, unit dimension) names from a call's
        output just described: from the copy taken for its statistics where there is one,
        else from its `values`."""
        key, dim = counting
        if copy is not None:
            self.dead_counts.count_copy(key, copy, dim, size)
        elif not values.is_complex() and values.numel() > 0:
            self._count_dead(key, values, dim)

    def describe_deferred(self) -> None:
        """Describe the outputs the hooks noted (`deferred`), in the order of their calls,
        as each hook would have: statistics, copy, sample, dead units, the same outputs
        told apart. Run after the forward, and in a hook before anything it records
        there (so that every record keeps its order). Outputs whose version moved since
        their hook are not described: their keys are noted (`changed_now`, and for the
        next forwards _Kept.changed_after_hook), the forward goes on noting the others,
        and finish_stats fails the trace with OutputChangedAfterHook: one forward finds
        all of them. Whatever modes are on (the user's around the call, or kept on by a
        hook for a tensor subclass), they see none of it, as none of the hooks' own work
        on a plain tensor."""
        if not self.deferred:
            return
        if _modes_on():
            _with_modes_off_for((), self._describe_deferred)
        else:
            self._describe_deferred()

    def _describe_deferred(self) -> None:
        """describe_deferred's work, with no mode on."""
        deferred, self.deferred = self.deferred, []
        self.deferred_bytes = 0
        moved = [
            call.key
            for call, output, version, address, size, _, snapshot in deferred
            if snapshot is None and _changed_since(output, version, address, size)
        ]
        if moved or self.changed_now:  # the trace runs again: nothing of it is kept
            self.changed_now.extend(moved)
            self.changed_after_hook.update(moved)
            self.kept.describe_in_hooks = True
            return
        # _describe's work on each (copy_later), its usual path written out here: a few
        # hundred outputs a call, where each function call and attribute read counts.
        described, activation_stats, samples = self.described, self.activation_stats, self.samples
        add_later = self.pending_stats.add_later
        whole_samples = self.whole_samples if self.sample_bounds is not None else None
        try:
            for call, output, version, _, size, counting, snapshot in deferred:
                values = output if snapshot is None else snapshot
                key = call.key
                cached = described.get(id(output))
                if cached is not None and cached[1] == version and cached[0]() is output:
                    copy = self._describe(call, output, call.output_shapes[0], version, size, values, True)
                else:  # not described yet (_described_again would say so)
                    stats, copy = add_later(values, size)
                    described[id(output)] = (weakref.ref(output), version, stats, key)
                    activation_stats[key] = stats
                    if whole_samples is not None:
                        # A plain CPU tensor (as _defer notes them, or their clone): whole
                        # where a sample of its shape was kept whole before (_describe).
                        layout = whole_samples.get(size) if copy is not None and values.dtype is torch.float32 else None
                        if layout is not None:
                            samples[key] = (layout, copy, call.output_shapes[0])
                        else:
                            self._reduced_sample(key, values, call.output_shapes[0], copy)
                if counting is not None:
                    self._count_described(counting, copy, values, size)
        finally:  # the slots' copies in one torch call, before the model runs on
            self.pending_stats.copy_due()

    def _note_changed_after_hook(self) -> None:
        """Tell _Kept the keys of the outputs a recording forward noted (returned_small)
        that changed after their hooks, as describe_deferred would find them."""
        returned, self.returned_small = self.returned_small, []
        self.changed_after_hook.update(
            key for key, output, version, address, size in returned if _changed_since(output, version, address, size)
        )

    def _observe(self, call, tensors, counting=None, size=None):
        """Describe the first float output of a recorded call (`tensors`, whose shapes are in
        call.output_shapes); returns the copy of it that was taken for its statistics, where
        it has the output's shape (else None). `counting`: (layer key, unit dimension) of the
        dead units of a relu-family module's one output, a large float32 CPU tensor: counted
        here, from its units' maxima, which give its maximum too (_observe_on_host). `size`:
        the shape of a call's one output, where the caller read it (each read makes a
        torch.Size)."""
        if self.deferred:
            self.describe_deferred()
        if not tensors:
            return None  # a module that returns no tensor (None, a number)
        primary = tensors[0]
        if _describable(primary):
            shape = call.output_shapes[0]
        else:
            for primary in tensors:
                if _describable(primary):
                    break
            else:
                return None
            shape = list(primary.shape)
        # An inference tensor (made under torch.inference_mode) has no version counter, so
        # an in-place change to it cannot be seen: it is described at every module. Asked
        # first: reading its `_version` raises a C++ error, far dearer than the question.
        version = None if primary.is_inference() else primary._version
        if primary.numel() > EXACT_LIMIT and host_described(primary):
            if version is not None and self._described_again(call.key, primary, version):
                if counting is not None:
                    self._count_from_maxima(counting, primary, host_view(primary).reshape(-1))
                return None
            self._observe_on_host(call, primary, shape, version, counting)
            return None
        return self._describe(call, primary, shape, version, size, primary)

    def _described_again(self, key: str, primary: torch.Tensor, version: int) -> bool:
        """Whether `primary` was described already at this `version` (a container returning
        its last child's output): then the layer `key` has its statistics and sample."""
        cached = self.described.get(id(primary))
        if cached is None or cached[1] != version or cached[0]() is not primary:
            return False
        self.activation_stats[key] = cached[2]
        if cached[3] in self.samples:
            self.sample_aliases[key] = cached[3]
        return True

    def _describe(self, call, primary, shape, version, size, values, copy_later=False):
        """_observe's work on a call's output `primary` other than a large one's (whose
        `version` was read in its hook, None for an inference tensor), from `values`:
        `primary` itself, or a copy of it taken in its hook (_defer). Returns the copy of
        `values` taken for the statistics, where it has their shape (else None)."""
        key = call.key
        if version is not None and self._described_again(key, primary, version):
            return None
        pending = self.pending_stats
        stats, copy = pending.add_later(values, size) if copy_later else pending.add_keeping_copy(values)
        if version is not None:
            self.described[id(primary)] = (weakref.ref(primary), version, stats, key)
        self.activation_stats[key] = stats
        if self.sample_bounds is not None:
            self._sample(key, values, shape, size, copy)
        return copy

    def _sample(
        self, key: str, values: torch.Tensor, shape: list[int], size: torch.Size | None, copy: torch.Tensor | None
    ) -> None:
        """The activation sample of call `key` (its output's `shape`) from `values` (of
        torch.Size `size`, where the caller read it), `copy` the copy of them taken for
        the statistics (or None)."""
        if copy is not None and type(values) is torch.Tensor and values.dtype is torch.float32 and values.is_cpu:
            layout = self.whole_samples.get(size if size is not None else values.shape)
            if layout is not None:  # reduce_activation would keep the copy as it is again
                self.samples[key] = (layout, copy, shape)
                return
        self._reduced_sample(key, values, shape, copy)

    def _reduced_sample(self, key: str, values: torch.Tensor, shape: list[int], copy: torch.Tensor | None) -> None:
        """_sample's work where no whole layout of the values' shape is kept: the sample
        reduce_activation makes of them."""
        reduced = reduce_activation(values, *self.sample_bounds, self.pending_stats.copies, copy)
        if reduced is not None:
            self.samples[key] = (reduced[0], reduced[1], shape)
            if reduced[1] is copy and copy is not None and type(values) is torch.Tensor:
                self.whole_samples[values.shape] = reduced[0]
            elif type(reduced[1]) is HostCopy:
                self.samples_copied.append(key)

    def _observe_on_host(self, call, output, shape, version, counting):
        """_observe's work on a large float32 CPU output (statistics.host_described) not
        described yet: through one numpy view of its values, its sample first (in a
        ResNet-50 call, reduced before the full passes rather than after, the samples cost
        about 0.02 of a forward less), then a relu's unit maxima, then its statistics."""
        view = host_view(output).reshape(-1)
        if self.sample_bounds is not None:  # no copy of its statistics to keep: none is taken
            reduced = reduce_activation(output, *self.sample_bounds, self.pending_stats.copies, None, view)
            if reduced is not None:
                self.samples[call.key] = (reduced[0], reduced[1], shape)
        nonnegative_max = None if counting is None else self._count_from_maxima(counting, output, view)
        stats, _ = self.pending_stats.add_keeping_copy(output, nonnegative_max, view)
        if version is not None:
            self.described[id(output)] = (weakref.ref(output), version, stats, call.key)
        self.activation_stats[call.key] = stats

    def _count_from_maxima(self, counting, output, view):
        """Count the dead units of a relu-family module's `output` (a large float32 CPU
        tensor, `view` its values, flat) for counting's (layer key, unit dimension), from its
        units' maxima; returns the largest of them, the output's maximum (NaN if it holds
        NaN)."""
        key, dim = counting
        maxima = dead_units.host_unit_maxima(output, dim, view)
        assert maxima is not None  # read from the view
        self.dead_counts.add_count(key, dead_units.dead_in(maxima), maxima.size)
        return float(maxima.max())

    def observe_relu(self, x):
        """The dead units of a relu-family call's input `x` (dead_units.py), for the ReLU
        module being called or else the module call that returned `x`; none where the
        module hooks count this call (_enter_relu), nor inside a torch.func transform (its
        wrapped tensors are not read: no later forward needs the watcher for it)."""
        if (self.stack and self.stack[-1].relu_input == id(x)) or jit_tracing() or _functorch_level() is not None:
            return
        self.saw_relu = True
        if self.busy or self.failure is not None:
            return
        self.busy = True
        try:
            _with_modes_off_for([x], self._count_dead_units, x)
        except Exception as e:
            self.fail(e)
        finally:
            self.busy = False

    def _count_dead_units(self, x):
        producer = self._returned(x)
        top = self.stack[-1] if self.stack else None
        call = top if top is not None and top.type in dead_units.RELU_MODULE_TYPES else producer
        # A tensor subclass (DTensor) would take its reductions through dispatch: left out.
        if call is None or not call.recorded or type(x) is not torch.Tensor or x.is_complex() or x.numel() == 0:
            return
        dim = dead_units.unit_dimension(x, producer.type if producer is not None else None)
        if dim is not None:
            self._count_dead(call.key, x, dim)

    def finish_stats(self):
        """Complete the activation statistics and samples put off during the forward (see
        statistics.PendingStats, host_copies); if our code fails, the unfinished ones are
        dropped. A steady forward's module calls are kept for the next to replay, where
        it ran to its end (Trace.replay). Where the model ran in another thread during the
        forward (ran_elsewhere), the trace fails."""
        elsewhere = self.kept.ran_elsewhere
        if elsewhere is not None:
            self.fail(ran_elsewhere_failure(elsewhere))
        self._stop_replay()
        try:
            self.describe_deferred()
            if self.returned_small:
                self._note_changed_after_hook()
            if self.changed_now:
                raise OutputChangedAfterHook(
                    "outputs changed in place after their hooks: %s" % ", ".join(self.changed_now[:5])
                )
            self.pending_stats.finish()
            self.kept.give_back(self.pending_stats.buffer, self.pending_stats.layout)
            if self.dead_counts:
                self.dead_units = self.dead_counts.finish()
            for key in self.samples_copied:  # the others are CPU tensors already
                layout, copy, shape = self.samples[key]
                self.samples[key] = (layout, host_value(copy), shape)
        except Exception as e:
            self.fail(e)
            self.dead_units = {}
            self.activation_stats = {k: v for k, v in self.activation_stats.items() if v}
            self.samples = {k: v for k, v in self.samples.items() if not isinstance(v[1], HostCopy)}
        # The step document's "activations": the small outputs' rows as columns, the others'
        # dicts. Ours too: this runs in _forward_once's finally, where an exception would
        # reach the user as the model's own (and make the forward run again, plain).
        try:
            self.activation_stats = StatColumns.of(self.activation_stats, with_norm=False)
        except Exception as e:
            self.fail(e)
            self.activation_stats = StatColumns.empty(with_norm=False)
        if self.replayable and self.failure is None and not self.stack:
            self.kept.calls = (self.modules, _noted_for_replay(self.calls))


class OpRecorder(TorchFunctionMode):
    """Sees every torch function the model calls and records it as an op node.

    `marked`: each recorded op runs inside a profiler range of its own, whose FLOPs
    profiled_flops counts after the forward (no FlopRecorder is on then), or where
    known_flops counts them from its arguments, unseen by the profiler."""

    def __init__(self, trace, marked=False, lineage=None, watcher=None):
        super().__init__()
        self.trace = trace
        self.marked = marked
        # A GradForward's lineage (autograd_graph._Lineage), followed here rather than by a
        # torch function mode of its own above this one: it sees the same ops, and one
        # mode walks their arguments once.
        self.lineage = lineage
        # A dead_units.DeadUnitWatcher whose handler runs each op, rather than a mode of
        # its own below this one: a mode below sees what this one passes on, the same
        # functions, and each mode costs every op its dispatch.
        self.below = watcher.__torch_function__ if watcher is not None else None

    def _call(self, func, types, args, kwargs):
        """func(*args, **kwargs), through the watcher's handler where there is one."""
        below = self.below
        return func(*args, **kwargs) if below is None else below(func, types, args, kwargs)

    def __torch_function__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        if jit_tracing():  # the tracer's op, not the forward's (the lineage's neither)
            return func(*args, **kwargs)
        lineage = self.lineage
        if lineage is None:
            return self._recorded(func, types, args, kwargs, None)
        inputs, sources = lineage.before(args, kwargs)
        out = self._recorded(func, types, args, kwargs, inputs if lineage.failure is None else None)
        if sources is not None:
            lineage.after(func, inputs, sources, out)
        return out

    def _recorded(self, func, types, args, kwargs, inputs):
        """func(*args, **kwargs), recorded; `inputs`: the tensors of (args, kwargs) where
        the lineage took them already."""
        trace = self.trace
        if trace.busy or trace.failure is not None:
            return self._call(func, types, args, kwargs)
        flops_before = trace.total_flops
        plain = _all_plain_types(types)
        if not self.marked:
            out = self._call(func, types, args, kwargs)
            if trace.failure is None:
                _unseen_by_function_modes(
                    plain, self._record, func, args, kwargs, out, trace.total_flops - flops_before, inputs
                )
            return out
        nodes_before = len(trace.nodes)
        counter = _unseen_by_function_modes(plain, known_flops.counter, func, args, kwargs) if plain else None
        if counter is not None:  # its FLOPs follow from its arguments: the profiler is not needed
            out = profiled_flops.unprofiled_op(self._call, (func, types, args, kwargs), {})
        elif not plain and _nested_among(args, kwargs):
            # The profiler reads each aten op's input sizes in C++, which a jagged nested
            # tensor cannot give (its ragged size is a nested int): each op on one would
            # print a C++ warning on the user's console. Run unseen by it, its FLOPs are
            # not counted: the structure is recorded in the two forwards instead
            # (FlopRecorder).
            trace.unprofiled = True
            out = profiled_flops.unprofiled_op(self._call, (func, types, args, kwargs), {})
        else:
            with profiled_flops.op_range():
                out = self._call(func, types, args, kwargs)
        if plain and _torch_function_mode_on():  # the modes below (a caller's) would see each `.shape`
            with torch._C.DisableTorchFunction():
                self._record_range(func, args, kwargs, out, nodes_before, counter, inputs)
        else:
            self._record_range(func, args, kwargs, out, nodes_before, counter, inputs)
        return out

    def _record_range(self, func, args, kwargs, out, nodes_before, counter, inputs):
        """Record the op that ran, in a profiler range or (with its known_flops `counter`)
        unprofiled, and note it (Trace.ranges)."""
        trace = self.trace
        if trace.failure is None:
            self._record(func, args, kwargs, out, 0, inputs)
        node = trace.nodes[nodes_before] if len(trace.nodes) > nodes_before else None
        if counter is None:
            trace.ranges.append((node, profiled_flops.conv_output(func, out), None))
            return
        try:
            flops = counter(args, kwargs, out)
        except Exception as e:
            trace.fail(e)
            flops = 0
        trace.ranges.append((node, None, flops))

    def _record(self, func, args, kwargs, out, flops, inputs):
        try:
            self.trace.record_op(func, args, kwargs, out, flops, inputs)
        except Exception as e:
            self.trace.fail(e)


def profiled_convolutions(trace):
    """What ProfiledForward.flops needs of each profiler range a marked OpRecorder opened
    (the ops counted by known_flops have none)."""
    return [convolution for _, convolution, known in trace.ranges if known is None]


def add_profiled_flops(trace, profiled):
    """Put the FLOPs of each op a marked OpRecorder recorded in its op node and in the
    module calls around it: of each profiler range, ProfiledForward.flops' count
    (`profiled`, in order), of the other ops, known_flops' count."""
    if len(profiled) != sum(1 for _, _, known in trace.ranges if known is None):
        raise CaptureFailure("%d op ranges profiled, %d recorded" % (len(profiled), len(trace.ranges)))
    counts = iter(profiled)
    flops = [known if known is not None else next(counts) for _, _, known in trace.ranges]
    for (node, _, _), f in zip(trace.ranges, flops):
        if node is not None:
            node["flops"] = f
    before = [0]  # before[i]: the FLOPs of the ranges before range i
    for f in flops:
        before.append(before[-1] + f)
    for call in trace.calls:
        call.flops = before[call.ranges_at_end] - before[call.ranges_at_start]


_WHOLE_OPS = set()  # aten ops without a formula that have no decomposition either


class FlopRecorder(TorchDispatchMode):
    """Counts FLOPs of aten ops with torch.utils.flop_counter's formulas; records the ops
    as op nodes where no OpRecorder is on to see them (Trace.unseen_ops)."""

    @classmethod
    def _should_skip_dynamo(cls):
        """Leave `__torch_dispatch__` unwrapped by torch._disable_dynamo.

        The wrapper guards against torch.compile tracing into the mode; the recorded
        forward runs eagerly (compiled models are unwrapped), and the wrapper costs an
        import of torch._dynamo (over a second) on the first call and a frame switch on
        every aten op.
        """
        return False

    def __init__(self, trace):
        super().__init__()
        self.trace = trace

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        trace = self.trace
        formula = None if trace.busy else flop_formulas.formula(func._overloadpacket)
        if formula is None and not trace.busy and func not in _WHOLE_OPS and not _nested_among(args, kwargs):
            # Under torch.inference_mode a composite op (linear, matmul) arrives whole, not
            # as the ops that have formulas (addmm, mm): its decomposition runs through this
            # mode instead, as in torch's FlopCounterMode. Not on a nested tensor, whose
            # own dispatch takes a composite op whole: decomposed, it came back here anew.
            with self:
                out = func.decompose(*args, **kwargs)
            if out is not NotImplemented:
                return out
            _WHOLE_OPS.add(func)
        out = func(*args, **kwargs)
        flops = 0
        if formula is not None:
            try:
                flops = flop_formulas.count(formula, args, kwargs, out)
            except Exception as e:
                trace.fail(e)
            trace.total_flops += flops
        if trace.unseen_ops and not trace.busy and trace.failure is None:  # no OpRecorder sees them
            try:
                trace.record_op(func._overloadpacket, args, kwargs, out, flops)
            except Exception as e:
                trace.fail(e)
        return out


# Positional parameter names of the forward methods read so far: function -> (its code,
# its __signature__, the names).
_POSITIONAL_NAMES: "weakref.WeakKeyDictionary[types.FunctionType, tuple[types.CodeType, object, list[str]]]" = (
    weakref.WeakKeyDictionary()
)


def _positional_names(forward) -> list[str]:
    """The names of `forward`'s positional parameters, as inspect.signature gives them.

    inspect.signature costs a call tens of microseconds, most of a call's glue on a small
    model: for the usual forward, a method of a plain function that wraps nothing, the
    names are remembered while the function's code and __signature__ are the objects they
    were (a forward replaced on the class or the instance is another function)."""
    function = getattr(forward, "__func__", None)
    if (
        type(forward) is not types.MethodType
        or type(function) is not types.FunctionType
        or "__wrapped__" in vars(function)
    ):
        return _read_positional_names(forward)
    signature = vars(function).get("__signature__")
    kept = _POSITIONAL_NAMES.get(function)
    if kept is not None and kept[0] is function.__code__ and kept[1] is signature:
        return kept[2]
    names = _read_positional_names(forward)
    _POSITIONAL_NAMES[function] = (function.__code__, signature, names)
    return names


def _read_positional_names(forward) -> list[str]:
    try:
        return [
            p.name
            for p in inspect.signature(forward).parameters.values()
            if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
        ]
    except (TypeError, ValueError):
        return []


def input_names(model, inputs):
    """Names for the model's inputs: forward's parameter names where they can be matched."""
    if isinstance(inputs, dict):
        return list(iter_tensors(inputs))
    params = _positional_names(model.forward)
    args = inputs if isinstance(inputs, (tuple, list)) else (inputs,)
    named = []
    for i, arg in enumerate(args):
        base = params[i] if i < len(params) else "input%d" % i
        named.extend((base + path, t) for path, t in iter_tensors(arg))
    return named
