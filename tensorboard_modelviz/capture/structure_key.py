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
import itertools
import operator
import os
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


# A ModuleCall's CallFacts.
_CALL_FACTS = operator.attrgetter("name", "type", "call", "depth", "input_shapes", "output_shapes", "output_dtypes")


class CallsRan(list[CallFacts]):
    """The facts of a forward's module calls (CallFacts, in order), and the trace's records
    (tracer.ModuleCall) they were read from, held by it (`records`). Compared as the list
    it is: the records are not part of the facts."""

    __slots__ = ("records",)

    def __init__(self, records: list[Any]) -> None:
        super().__init__(map(_CALL_FACTS, records))
        self.records = records


def _calls_ran(calls: Iterable[Any], known: "KnownStructure | None") -> CallsRan:
    """The CallsRan of the trace's records `calls`: the known key's own where they are its
    very records, else read from them. A steady forward replays the last one's calls, whose
    records the key that matched last holds (KnownStructure.matches), and a record never
    changes once its call returned (tracer.ModuleCall): the same records hold the same
    facts, which a deep stack of tiny layers would read again, record by record, cold
    after the forward. A record holds nothing of the model (the module's id, not the
    module). The facts are the records' own lists of shapes and dtypes, as they are: a
    key is only compared for equality (lists compare as tuples do)."""
    records = list(calls)
    kept = known.key.calls if known is not None and known.key is not None else None
    if (
        isinstance(kept, CallsRan)
        and len(kept.records) == len(records)
        and all(map(operator.is_, records, kept.records))
    ):
        return kept
    return CallsRan(records)


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
    modules = module_facts(walk)
    tensors = known.tensors if known is not None else None
    if tensors is not None and tensors.hold_for(walk):
        parameters, buffers = tensors.parameters, tensors.buffers
    else:
        parameters = [(name, own, t.shape, t.dtype, t.requires_grad) for name, own, t in walk.parameters]
        try:
            buffers = [(name, own, t.shape, t.dtype) for name, own, t in walk.buffers]
        except RuntimeError:  # a nested tensor of the strided layout: no shape to read
            buffers = [(name, own, shape_fact(t), t.dtype) for name, own, t in walk.buffers]
    ran = _calls_ran(calls, known)
    ends = tuple((name, tuple(t.shape), t.dtype) for name, t in list(inputs) + list(outputs))
    return StructureKey(modules, parameters, buffers, ran, ends)


def _defined_by_torch(function: Callable[..., str]) -> bool:
    """Whether `function` was compiled from torch.nn.modules' own source: not one that
    replaced torch's before this package was imported (a wrapper that copies the name
    and module of torch's has code of its own)."""
    code = getattr(function, "__code__", None)
    return code is not None and os.path.dirname(code.co_filename) == os.path.dirname(torch.nn.modules.__file__)


# torch.nn classes whose extra_repr() reads nothing but the module's own attributes (its
# __dict__) and whether its bias, found past __dict__ among its parameters, buffers or
# submodules, is None: read in torch/nn/modules. Each with that function, as torch
# defines it: a class whose function was replaced, before or since, is read as any other.
_PLAIN_REPRS: dict[type, Callable[..., str]] = {
    kind: kind.extra_repr
    for kind in (
        torch.nn.Linear,
        # MultiheadAttention's output layer: a Linear in all but its name (torch's own, not public).
        getattr(torch.nn.modules.linear, "NonDynamicallyQuantizableLinear", torch.nn.Linear),
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
        torch.nn.ReLU,
        torch.nn.ReLU6,
        torch.nn.SiLU,
        torch.nn.GELU,
        torch.nn.LeakyReLU,
        torch.nn.Dropout,
        torch.nn.Dropout1d,
        torch.nn.Dropout2d,
        torch.nn.Dropout3d,
        torch.nn.MaxPool1d,
        torch.nn.MaxPool2d,
        torch.nn.MaxPool3d,
        torch.nn.AvgPool1d,
        torch.nn.AvgPool2d,
        torch.nn.AvgPool3d,
        torch.nn.AdaptiveAvgPool1d,
        torch.nn.AdaptiveAvgPool2d,
        torch.nn.AdaptiveAvgPool3d,
        torch.nn.Flatten,
        torch.nn.Softmax,
    )
    if _defined_by_torch(kind.extra_repr)
}
# nn.Module's own attributes: its dicts of parameters, buffers, submodules and hooks,
# which change in place and which those extra_repr() do not read but for the bias (told
# by the walk's plan, which holds what those dicts hold), and its training flag (a fact
# of its own).
_MODULE_OWN = frozenset(vars(torch.nn.Module()))
_IMMUTABLE = (int, float, str, bool, type(None))
_NO_EXTRA_REPR = torch.nn.Module.extra_repr
_EXTRA_REPR = operator.attrgetter("extra_repr")  # of a class: its function
_NAME = operator.attrgetter("__name__")
_TRAINING = operator.attrgetter("training")
_DICT = operator.attrgetter("__dict__")
_HOLDS = operator.contains  # of a dict and a name
_CALL = operator.call  # a weak reference called: its object, or None once it is gone


def _is_immutable(value: object) -> bool:
    if type(value) is tuple:
        return all(map(_is_immutable, value))
    return type(value) in _IMMUTABLE


class KnownModules(NamedTuple):
    """The facts of a walk's modules (ModuleFacts: name, class name, training, extra_repr)
    and what tells that a later walk's are the same, in a few passes over all modules at
    once rather than each module's extra_repr() formatted again (a microsecond or more
    each): the later walk was rebuilt from the same plan (model_walk._WalkPlan: the very
    same modules under the same names, their own dicts holding what they held, so that
    a bias is found where it was, None or not as it was), each module is of the class it
    was (the very class: a metaclass may make two compare equal), each class has the
    extra_repr function it had, the training flags are as they were, each module has as
    many attributes and holds an extra_repr and a bias of its own where it held them and
    only there (an instance's own function is the one its text calls, and a text of
    _PLAIN_REPRS finds its bias past __dict__ only where __dict__ has none; either one set
    in place of an attribute deleted leaves as many), and those that a module of
    _PLAIN_REPRS holds besides nn.Module's own are still there and the very objects they
    were (identical, not equal: 2 and 2.0 compare equal and print apart; every one
    immutable, as a list changed in place would print apart). Any other module's
    extra_repr(), which may read anything, is called again (`called`) and its text
    compared; a module whose class has nn.Module's function and which has none of its own
    has none.

    Only names, numbers, immutable values and weak references of the classes and their
    functions are kept: nothing of the modules, their dicts or their hooks, nor a class
    made for one model (torch.fx makes one for each GraphModule) that may hold it."""

    facts: list[ModuleFacts]
    kinds: list["weakref.ref[type[torch.nn.Module]]"]  # each module's class (one reference a class)
    classes: list["weakref.ref[type[torch.nn.Module]]"]  # the distinct ones
    class_names: list[str]  # their names
    functions: list["weakref.ref[Callable[..., str]]"]  # their extra_repr functions
    trainings: list[bool]
    lengths: list[int]  # of each module's __dict__
    own_functions: list[bool]  # whether each module's __dict__ holds an extra_repr
    own_biases: list[bool]  # and a bias
    # The attributes of the modules of _PLAIN_REPRS other than nn.Module's own: each one's
    # module (its position), name and value.
    positions: list[int]
    names: list[str]
    values: list[Any]
    called: list[int]  # positions of the modules whose extra_repr() is called each time
    texts: list[str]  # what they gave

    @classmethod
    def of(cls, walk: ModelWalk) -> "tuple[list[ModuleFacts], KnownModules | None]":
        """The facts of `walk`'s modules as they are now, and their KnownModules (None where
        a class or function has no weak references: a callable object as extra_repr)."""
        modules = walk.modules
        kinds: list[type[torch.nn.Module]] = list(map(type, modules))
        trainings = list(map(_TRAINING, modules))
        dicts = list(map(_DICT, modules))
        texts: list[str] = []
        positions: list[int] = []
        names: list[str] = []
        values: list[Any] = []
        called: list[int] = []
        for position, (module, kind, attributes) in enumerate(zip(modules, kinds, dicts)):
            function = kind.extra_repr
            if "extra_repr" not in attributes and function is _NO_EXTRA_REPR:
                texts.append("")
                continue
            texts.append(module.extra_repr())
            if "extra_repr" not in attributes and _PLAIN_REPRS.get(kind) is function:
                own = [(name, value) for name, value in attributes.items() if name not in _MODULE_OWN]
                if all(_is_immutable(value) for _, value in own):
                    positions += [position] * len(own)
                    names += [name for name, _ in own]
                    values += [value for _, value in own]
                    continue
            called.append(position)
        classes = list(dict.fromkeys(kinds))
        facts = [
            (name, kind.__name__, training, text)
            for (name, _), kind, training, text in zip(walk.named_modules, kinds, trainings, texts)
        ]
        try:
            class_references = list(map(weakref.ref, classes))
            functions = list(map(weakref.ref, map(_EXTRA_REPR, classes)))
        except TypeError:
            return facts, None
        return facts, cls(
            facts,
            list(map(weakref.ref, kinds)),  # the very references of `class_references` (CPython gives one)
            class_references,
            list(map(_NAME, classes)),
            functions,
            trainings,
            list(map(len, dicts)),
            list(map(_HOLDS, dicts, itertools.repeat("extra_repr"))),
            list(map(_HOLDS, dicts, itertools.repeat("bias"))),
            positions,
            names,
            values,
            called,
            list(map(texts.__getitem__, called)),
        )

    def hold_for(self, walk: ModelWalk) -> bool:
        """Whether `walk`'s modules have these facts (the class docstring's checks), for a
        walk of the plan whose walk these were read from (module_facts keeps them by plan)."""
        modules = walk.modules
        if not all(map(operator.is_, map(type, modules), map(_CALL, self.kinds))):  # a class gone gives None
            return False
        classes = list(map(_CALL, self.classes))  # all there: each module's is
        if (
            not all(map(operator.is_, map(_EXTRA_REPR, classes), map(_CALL, self.functions)))
            or list(map(_NAME, classes)) != self.class_names
            or list(map(_TRAINING, modules)) != self.trainings
        ):
            return False
        dicts = list(map(_DICT, modules))
        if (
            list(map(len, dicts)) != self.lengths
            or list(map(_HOLDS, dicts, itertools.repeat("extra_repr"))) != self.own_functions
            or list(map(_HOLDS, dicts, itertools.repeat("bias"))) != self.own_biases
        ):
            return False
        try:
            now = map(operator.getitem, map(dicts.__getitem__, self.positions), self.names)
            if not all(map(operator.is_, now, self.values)):
                return False
        except KeyError:  # one was deleted (and another set: the length is the same)
            return False
        return [modules[position].extra_repr() for position in self.called] == self.texts


# The KnownModules of the last walk of each plan, while the plan lives (a model's walks
# are rebuilt from one plan until its modules' own dicts change: model_walk).
_known_modules: "weakref.WeakKeyDictionary[Any, KnownModules]" = weakref.WeakKeyDictionary()


def module_facts(walk: ModelWalk) -> list[ModuleFacts]:
    """The facts of `walk`'s modules: those of the last walk of its plan where they hold
    (the very list: a key compared with one made from it compares it in one step),
    else read (and kept for the next walk of its plan)."""
    known = _known_modules.get(walk.plan) if walk.plan is not None else None
    if known is not None and known.hold_for(walk):
        return known.facts
    facts, known = KnownModules.of(walk)
    if walk.plan is not None and known is not None:
        _known_modules[walk.plan] = known
    return facts


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
    # Whether the model's forward raised inside torch.autograd under the call's no_grad
    # and ran with gradients on (a forward taking autograd.grad of its input without an
    # enable_grad of its own): its calls' forwards run with gradients from then on
    # (recording._recorded).
    needs_gradients: bool = False

    def matches(self, key: StructureKey) -> bool:
        """Whether `key` is the known key; where it is, it becomes the known key itself:
        the next steady forward replays this one's module calls, whose records `key`
        holds, and its key takes this one's facts of the calls (_calls_ran), which then
        compare in one step."""
        if self.hash is None or key != self.key:
            return False
        self.key = key
        return True

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
