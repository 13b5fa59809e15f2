"""Whether a forward has the structure recorded before, told without recording its ops.

Recording the graph means seeing every op through two recording modes, which costs
about as much again as the forward itself. Yet a model's structure rarely changes
between two calls of a training loop. The structure document follows from:

- the module calls, in order, with their input and output shapes and output dtypes;
- the model's static facts: each module's type, `extra_repr` and mode, and each
  parameter's and buffer's shape, dtype and `requires_grad`;
- the shapes and dtypes of the inputs and outputs.

`structure_key` gathers those facts into one comparable value; a forward with module
hooks alone sees all of them. When the key of such a forward equals the key of the last fully recorded one,
that recording's structure stands, and only the statistics of the new forward are
needed. The one change it cannot see is a change of ops inside a module that leaves
the shapes of every module call as they were (a branch between two functional ops);
`trace_ops="always"` records every call in full.
"""

import dataclasses
import operator
import weakref
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

import torch

from tensorboard_modelviz.capture.model_walk import ModelWalk
from tensorboard_modelviz.capture.tensor_guards import NestedSizes, guards_pass, shape_fact, tensor_guards

# A module's (qualified name, class name, training, extra_repr()).
ModuleFacts = tuple[str, str, bool, str]
# A parameter's (module name, attribute, shape, dtype, requires_grad).
ParameterFacts = tuple[str, str, torch.Size, torch.dtype, bool]
# A buffer's (module name, attribute, shape, dtype): a nested one's shape as its NestedSizes.
BufferFacts = tuple[str, str, torch.Size | NestedSizes, torch.dtype]
# A module call's (name, class name, call, depth, input shapes, output shapes, output dtypes),
# the shapes and dtypes as the trace's own lists.
CallFacts = tuple[str, str, int, int, list[Any], list[Any], list[Any]]


class StructureKey(NamedTuple):
    """What the structure document follows from (the module docstring's list)."""

    modules: list[ModuleFacts]
    parameters: list[ParameterFacts]
    buffers: list[BufferFacts]
    calls: list[CallFacts]
    ends: tuple[tuple[str, tuple[int, ...], torch.dtype], ...]  # the inputs' and outputs' (name, shape, dtype)


def structure_key(
    walk: ModelWalk,
    calls: Iterable[Any],
    inputs: Iterable[tuple[str, torch.Tensor]],
    outputs: Iterable[tuple[str, torch.Tensor]],
    known: "KnownStructure | None" = None,
) -> StructureKey:
    """The facts the structure document depends on, as one comparable value.

    `walk`: the model as the forward left it; `calls` are the trace's ModuleCalls
    (tracer.py; Any until it is annotated), `inputs` and `outputs` (name, tensor) pairs.
    The value is compared for equality only (KnownStructure.matches), never hashed.
    `known`: the structure this key will be compared with, whose facts of the model's
    parameters and buffers are taken where its KnownTensors hold for `walk`.
    """
    modules = [(name, type(m).__name__, m.training, _extra_repr(m)) for name, m in walk.named_modules]
    tensors = known.tensors if known is not None else None
    if tensors is not None and tensors.hold_for(walk):
        parameters, buffers = tensors.parameters, tensors.buffers
    else:
        parameters = [(name, own, t.shape, t.dtype, t.requires_grad) for name, own, t in walk.parameters]
        try:
            buffers = [(name, own, t.shape, t.dtype) for name, own, t in walk.buffers]
        except RuntimeError:  # a nested tensor of the strided layout: no shape to read
            buffers = [(name, own, shape_fact(t), t.dtype) for name, own, t in walk.buffers]
    # The calls' own lists of shapes and dtypes, as they are: a key is only compared for
    # equality (lists compare as tuples do), and nothing changes a record's lists once its
    # call returned (a replayed call's are the last forward's: Trace.replay). Copied into
    # tuples they cost a deep stack of tiny layers about a microsecond per call.
    ran = [(c.name, c.type, c.call, c.depth, c.input_shapes, c.output_shapes, c.output_dtypes) for c in calls]
    ends = tuple((name, tuple(t.shape), t.dtype) for name, t in list(inputs) + list(outputs))
    return StructureKey(modules, parameters, buffers, ran, ends)


# torch.nn classes whose extra_repr() reads nothing but the module's own attributes (its
# __dict__) and whether its bias, found past __dict__ among its parameters, buffers or
# submodules, is None: read in torch/nn/modules. Formatting theirs costs 2-3 µs a module,
# most of a stack of convolutions' key. (Linear's costs 0.8 µs; remembered, less alone
# but more inside a call, where the remembered texts' entries are out of the caches.)
_REMEMBERED_REPRS = frozenset(
    (
        torch.nn.Conv1d,
        torch.nn.Conv2d,
        torch.nn.Conv3d,
        torch.nn.ConvTranspose1d,
        torch.nn.ConvTranspose2d,
        torch.nn.ConvTranspose3d,
        torch.nn.BatchNorm1d,
        torch.nn.BatchNorm2d,
        torch.nn.BatchNorm3d,
        torch.nn.LayerNorm,
        torch.nn.GroupNorm,
        torch.nn.Embedding,
    )
)
# nn.Module's own attributes: its dicts of parameters, buffers, submodules and hooks,
# which change in place and which those extra_repr() do not read but for the bias
# (compared apart: _bias).
_MODULE_OWN = frozenset(vars(torch.nn.Module()))
_IMMUTABLE = (int, float, str, bool, type(None))
_NO_EXTRA_REPR = torch.nn.Module.extra_repr
_ABSENT = object()  # what dict.get gives for a key the dict does not hold (_bias)


class _RememberedRepr(NamedTuple):
    """A module's extra_repr() and what it was made from: the class's function, how many
    attributes the module had, its attributes other than nn.Module's own (a getter of
    them from its __dict__, and their values), and its bias as _bias found it."""

    module: "weakref.ref[torch.nn.Module]"
    function: Callable[..., str]
    length: int
    read: Callable[[dict[str, Any]], tuple[Any, ...]]
    values: tuple[Any, ...]
    bias: int
    text: str


_remembered: dict[int, _RememberedRepr] = {}  # id(module) -> its last extra_repr(), while it lives


def _extra_repr(module: torch.nn.Module) -> str:
    """module.extra_repr(), or for a module of _REMEMBERED_REPRS the text it gave last,
    where its class's function is the one it was, it has as many attributes, those other
    than nn.Module's own (which these extra_repr() do not read) are still there and the
    very objects they were (identical, not equal: 2 and 2.0 compare equal and print
    apart; every one immutable, as a list changed in place would print apart), and its
    bias is found where it was, None or not as it was. Only those values are kept (and
    they are immutable): nothing of the module, nor of its dicts and hooks."""
    kind = type(module)
    if kind not in _REMEMBERED_REPRS:
        if kind.extra_repr is _NO_EXTRA_REPR and "extra_repr" not in module.__dict__:
            return ""  # nn.Module's own, which is "": containers' and most models' own classes
        return module.extra_repr()
    attributes = module.__dict__
    last = _remembered.get(id(module))
    if (
        last is not None
        and last.module() is module
        and kind.extra_repr is last.function
        and len(attributes) == last.length
        and _bias(module) == last.bias
    ):
        try:
            if all(map(operator.is_, last.read(attributes), last.values)):
                return last.text
        except KeyError:  # one was deleted (and another set: the length is the same)
            pass
    text = module.extra_repr()
    if all(name in _MODULE_OWN or _is_immutable(value) for name, value in attributes.items()):
        key = id(module)
        read = _getter([name for name in attributes if name not in _MODULE_OWN])
        _remembered[key] = _RememberedRepr(
            weakref.ref(module, lambda _, key=key: _remembered.pop(key, None)),  # type: ignore[misc]
            kind.extra_repr,
            len(attributes),
            read,
            read(attributes),
            _bias(module),
            text,
        )
    return text


def _getter(names: list[str]) -> Callable[[dict[str, Any]], tuple[Any, ...]]:
    """A function giving the values of `names` in a dict, as a tuple (KeyError where one
    is missing)."""
    if len(names) > 1:
        return operator.itemgetter(*names)
    return lambda attributes: tuple(attributes[name] for name in names)


def _bias(module: torch.nn.Module) -> int:
    """Where an attribute lookup of `bias` past the module's __dict__ finds it
    (nn.Module.__getattr__: in its parameters, its buffers or its submodules) and whether
    it is None there, as one number (0-5), or 6 where it finds none."""
    found = module._parameters.get("bias", _ABSENT)
    if found is not _ABSENT:
        return 0 if found is None else 1
    found = module._buffers.get("bias", _ABSENT)
    if found is not _ABSENT:
        return 2 if found is None else 3
    found = module._modules.get("bias", _ABSENT)
    return 6 if found is _ABSENT else 4 if found is None else 5


def _is_immutable(value: object) -> bool:
    if type(value) is tuple:
        return all(map(_is_immutable, value))
    return type(value) in _IMMUTABLE


def _held_tensors(walk: ModelWalk) -> list[torch.Tensor]:
    """The walk's parameters, then its buffers (a tensor held twice, twice)."""
    return walk.parameter_tensors + walk.buffer_tensors


class KnownTensors(NamedTuple):
    """A known key's facts of the model's parameters and buffers, and what tells that a
    later walk's are the same without reading them: the walk's plan (model_walk._WalkPlan:
    every walk rebuilt from it holds the very same tensors under the same names) and
    torch's guards of those tensors (tensor_guards: shape, dtype, device, layout and
    requires_grad among what they check), which fail where any of them changed since
    (`.data =`, `resize_`, `requires_grad_`, `model.half()`)."""

    plan: object
    guards: Any
    parameters: list[ParameterFacts]
    buffers: list[BufferFacts]
    # Where a tensor is held twice (tied weights): the position of each tensor's first
    # appearance among _held_tensors, which the guards are of (they fail on a tensor given
    # twice); the same for every walk of the plan. None: each appears once.
    distinct: list[int] | None = None

    @classmethod
    def of(cls, walk: ModelWalk, key: StructureKey) -> "KnownTensors | None":
        """Those of `key`, made from `walk` (the walk it was made from, as it is still),
        or None where the walk has no plan or torch no guards."""
        if walk.plan is None:
            return None
        tensors = _held_tensors(walk)
        first: dict[int, int] = {}
        for position, tensor in enumerate(tensors):
            first.setdefault(id(tensor), position)
        distinct = list(first.values()) if len(first) < len(tensors) else None
        guards = tensor_guards(_taken(tensors, distinct))
        return cls(walk.plan, guards, key.parameters, key.buffers, distinct) if guards is not None else None

    def hold_for(self, walk: ModelWalk) -> bool:
        """Whether `walk`'s parameters and buffers have these facts: it was rebuilt from
        the same plan, and the guards pass on its tensors."""
        return walk.plan is self.plan and guards_pass(self.guards, _taken(_held_tensors(walk), self.distinct))


def _taken(tensors: list[torch.Tensor], positions: list[int] | None) -> list[torch.Tensor]:
    """`tensors` at `positions`, or all of them where None."""
    return tensors if positions is None else list(map(tensors.__getitem__, positions))


@dataclasses.dataclass
class KnownStructure:
    """The structure last recorded in full for one tag of one writer: its key, its hash,
    and the backward graph recorded with it (the structure document's "backward"), which
    a forward recorded again with the same key (trace_ops="always") reuses instead of
    taking another forward with gradients. `relu_calls`: whether that forward made a
    relu-family call that the module hooks do not count (capture/dead_units.py); later
    calls with the same key watch for them only then, since the watching mode costs every
    op of the forward."""

    key: StructureKey | None = None
    hash: str | None = None
    backward: dict[str, Any] | None = None  # the structure's "backward" (documents.BackwardGraph)
    relu_calls: bool = True
    # The key's facts of the model's tensors, taken again while they hold (KnownTensors).
    tensors: KnownTensors | None = None

    def matches(self, key: StructureKey) -> bool:
        return self.hash is not None and key == self.key

    def learn(self, key: StructureKey, tensors: KnownTensors | None) -> None:
        """Know `key` and `tensors`, its KnownTensors.of the walk it was made from, made
        as soon as the key was (a forward since, the gradient pass's, may have changed
        the tensors: guards made after it would not describe the facts the key read)."""
        self.key, self.tensors = key, tensors

    def keep_tensors(self, key: StructureKey, walk: ModelWalk) -> None:
        """After `key` (made from `walk`) matched: its facts of the model's tensors kept
        for the next call, where they were read rather than taken from what was kept (the
        model holds other tensors of the same facts, or their strides changed)."""
        if self.tensors is None or key.parameters is not self.tensors.parameters:
            self.tensors = KnownTensors.of(walk, key)

    def forget(self) -> None:
        self.key = self.hash = self.backward = self.tensors = None
        self.relu_calls = True
