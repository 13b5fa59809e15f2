"""One walk over a model's modules and their own parameters and buffers.

A call reads the model's tree several times: the meta-device check, the guards
(model_state: training flags, buffers, generators, compiled forwards), the parameters'
version counters, the structure key, the parameters' qualified names. Each of torch's
walks (`modules()`, `named_parameters()`, `named_buffers()`) is a generator over the
tree in Python, at 0.5-1 µs a module, and a deep stack of tiny layers has hundreds of
modules. So the tree is walked once, and each of those reads the lists it left.

A walk describes the model as it was when it was taken: one taken before a forward is
not the model after it, which may have registered or replaced a parameter. Whether it
still is, `unchanged()` tells in a few operations over all modules at once (a third of
a walk's time), so that a call walks the model once and checks the walk after its
forward. Between calls, `ModelWalk.of` keeps a plan of the last walk (names, positions,
weak references of the modules and the ids of what they hold: nothing that keeps the
model alive, no weak reference of a tensor) and rebuilds the next walk from it where
the modules' dicts hold what they held: a steady call neither walks the tree nor names
the parameters again.
"""

import gc
import itertools
import operator
import weakref
from collections.abc import Iterator, Sequence
from typing import NamedTuple, overload

import torch

# (qualified name of the module that holds it, attribute name, tensor), in the order of
# `named_modules()` and, within a module, of its own dict; a tensor that two modules
# hold appears under each.
HeldTensor = tuple[str, str, torch.Tensor]

# A module's own dicts: what a walk follows, and all it follows.
_OWN_DICTS = operator.attrgetter("_modules", "_parameters", "_buffers")
_TENSOR = operator.itemgetter(2)  # of a HeldTensor
_IS_META = operator.attrgetter("is_meta")


class ModelWalk:
    """`model`'s modules (as `named_modules()` gives them: each once, in order) and the
    parameters and buffers each holds itself (not None)."""

    @classmethod
    def of(cls, model: torch.nn.Module) -> "ModelWalk":
        """A walk of `model` as it is now: rebuilt from the plan its last walk left
        (_WalkPlan) where every module's own dicts hold the names and the very objects
        they held then, else walked (and its plan kept for the next call)."""
        plan = _plans.get(id(model))
        walk = plan.walk(model) if plan is not None else None
        if walk is None:
            walk = cls(model)
            _WalkPlan.keep(walk)
        return walk

    def __init__(self, model: torch.nn.Module) -> None:
        self.model = model
        self.named_modules = _named_modules(model)
        self.modules: list[torch.nn.Module] = [module for _, module in self.named_modules]
        parameters: list[HeldTensor] = []
        buffers: list[HeldTensor] = []
        # The modules whose own dict of buffers is not empty (None entries included), in
        # order: what the guards (model_state) keep and put back.
        self.buffer_holders: list[torch.nn.Module] = []
        for name, module in self.named_modules:
            if module._parameters:
                parameters += [(name, own, p) for own, p in module._parameters.items() if p is not None]
            if module._buffers:
                self.buffer_holders.append(module)
                buffers += [(name, own, b) for own, b in module._buffers.items() if b is not None]
        self._parameters: list[HeldTensor] | None = parameters
        self._buffers: list[HeldTensor] | None = buffers
        # The tensors of `parameters` and `buffers`, in their order: what most readers need.
        self.parameter_tensors: list[torch.Tensor] = list(map(_TENSOR, parameters))
        self.buffer_tensors: list[torch.Tensor] = list(map(_TENSOR, buffers))
        self._held = _held(self.modules)
        self._named_parameters: NamedParameters | None = None
        # The plan this walk was rebuilt from or left (_WalkPlan): every walk of one plan
        # holds the very same modules and tensors under the same names.
        self.plan: _WalkPlan | None = None

    @property
    def parameters(self) -> list[HeldTensor]:
        """(module name, attribute, parameter) of each parameter the modules hold; a walk
        rebuilt from a plan names them when first asked (a steady call does not)."""
        if self._parameters is None:
            assert self.plan is not None  # a walk rebuilt from its plan
            self._parameters = self.plan.parameters.named(self.parameter_tensors)
        return self._parameters

    @property
    def buffers(self) -> list[HeldTensor]:
        """(module name, attribute, buffer) of each buffer the modules hold, as `parameters`."""
        if self._buffers is None:
            assert self.plan is not None
            self._buffers = self.plan.buffers.named(self.buffer_tensors)
        return self._buffers

    def unchanged(self) -> bool:
        """Whether a walk of the model now would give this walk: each module's own dicts
        of submodules, parameters and buffers hold the same names and the very objects
        they held (a module added, removed or replaced, a parameter or buffer registered,
        rebound or set to None all tell). The tensors' values, shapes and flags are not
        part of a walk: read them from its tensors."""
        return self._held is not None and _held(self.modules) == self._held

    @property
    def held(self) -> "_Held | None":
        """What the modules' own dicts held when the walk was taken (None where one is
        not a dict): what a call puts back where its forward changed them (model_state)."""
        return self._held

    def named_parameters(self) -> "NamedParameters":
        """What `list(model.named_parameters())` gives: each parameter once, under the
        first name it is held by. Made once per walk: do not change it."""
        if self._named_parameters is None:
            self._named_parameters = self._name_parameters()
        return self._named_parameters

    def _name_parameters(self) -> "NamedParameters":
        seen: set[int] = set()
        names: list[str] = []
        parameters: list[torch.nn.Parameter] = []
        for name, own, p in self.parameters:
            if id(p) not in seen:
                seen.add(id(p))
                names.append(name + "." + own if name else own)
                parameters.append(p)  # type: ignore[arg-type]
        return NamedParameters(names, parameters)

    def first_meta_tensor(self) -> str | None:
        """The qualified name of the first parameter, else buffer, on the meta device
        (as `named_parameters()` then `named_buffers()` name it), or None."""
        if not any(map(_IS_META, itertools.chain(self.parameter_tensors, self.buffer_tensors))):
            return None
        for held in (self.parameters, self.buffers):
            for name, own, t in held:
                if t.is_meta:
                    return name + "." + own if name else own
        return None


class NamedParameters(Sequence[tuple[str, torch.nn.Parameter]]):
    """(name, parameter) pairs, read as `list(model.named_parameters())` is, held as two
    lists: a walk rebuilt from its plan takes the plan's names, and describe_parameters
    takes the two lists, where pairs would be made of them and taken apart again (a
    thousand tuples a call on a deep stack of tiny layers)."""

    __slots__ = ("names", "parameters")

    def __init__(self, names: list[str], parameters: list[torch.nn.Parameter]) -> None:
        self.names, self.parameters = names, parameters

    def __len__(self) -> int:
        return len(self.names)

    def __iter__(self) -> Iterator[tuple[str, torch.nn.Parameter]]:
        return zip(self.names, self.parameters)

    def __eq__(self, other: object) -> bool:
        """Equal to a list, tuple or NamedParameters of the same pairs, as the list of
        those pairs would be."""
        if not isinstance(other, (list, tuple, NamedParameters)):
            return NotImplemented
        return list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]  # as a list's

    @overload
    def __getitem__(self, index: int) -> tuple[str, torch.nn.Parameter]: ...

    @overload
    def __getitem__(self, index: slice) -> list[tuple[str, torch.nn.Parameter]]: ...

    def __getitem__(self, index: int | slice) -> tuple[str, torch.nn.Parameter] | list[tuple[str, torch.nn.Parameter]]:
        if isinstance(index, slice):
            return list(zip(self.names[index], self.parameters[index]))
        return self.names[index], self.parameters[index]


class _Held(NamedTuple):
    """What a model's modules hold in their own dicts: those not empty (most modules have
    no submodules or no buffers), their keys, and what they hold under them."""

    dicts: list[dict[str, object]]
    lengths: list[int]
    names: list[str]
    objects: list[object]  # gc.get_referents's: the dicts' values (their keys too, were they not strings)
    every: list[dict[str, object]]  # every module's three dicts, empty ones too (model_state's slots)

    def __eq__(self, other: object) -> bool:
        """The same dicts holding the same names and the very same objects (tensors
        compare by identity here, never by value)."""
        return (
            isinstance(other, _Held)
            and len(self.dicts) == len(other.dicts)
            and all(map(operator.is_, self.dicts, other.dicts))
            and self.lengths == other.lengths
            and self.names == other.names
            and len(self.objects) == len(other.objects)
            and all(map(operator.is_, self.objects, other.objects))
        )


def _held(modules: list[torch.nn.Module]) -> _Held | None:
    """What `modules` hold in their own dicts, in a few operations over all of them (a
    third of a walk's time); None where one is not a dict (a TorchScript module's).
    The lengths are of every module's three dicts, empty ones too: which dict a name is
    in is then told by them alone (a plan holds no dict, _WalkPlan)."""
    every = list(itertools.chain.from_iterable(map(_OWN_DICTS, modules)))
    dicts = list(filter(None, every))
    if not all(map(isinstance, dicts, itertools.repeat(dict))):
        return None
    return _Held(
        dicts, list(map(len, every)), list(itertools.chain.from_iterable(dicts)), gc.get_referents(*dicts), every
    )


_CALL = operator.call  # a weak reference called: its object, or None once it is gone


class _WalkPlan:
    """A model's walk as names, positions, weak references of its modules and the ids of
    what their dicts hold, kept between calls (by the model's id, while the model lives):
    a steady call rebuilds its walk from it in a few C-level passes where the modules'
    own dicts hold what they held (the same names, in dicts of the same lengths, and
    objects of the same ids), instead of walking the tree and naming its parameters
    again. It keeps nothing of the model alive.

    No weak reference of a tensor: torch.utils.swap_tensors refuses a tensor that has
    one, and `module.to()` swaps parameters (tensor subclasses always, any where the
    swap_module_params_on_conversion future is on). A tensor gone and another at its
    id in its slot is not told, nor need be: the walk takes the objects the dicts hold
    now, and the same ids in the same places hold the same objects in the same places
    (tied where they were). A module of the plan gone is told by its weak reference."""

    def __init__(self, walk: ModelWalk, held: _Held, root: "weakref.ref[torch.nn.Module]") -> None:
        self.root = root
        self.modules = list(map(weakref.ref, walk.modules))
        self.module_names = [name for name, _ in walk.named_modules]
        self.lengths, self.names = held.lengths, held.names
        self.ids = list(map(id, held.objects))
        where: dict[int, int] = {}
        for position, held_object in enumerate(held.objects):
            where.setdefault(id(held_object), position)
        self.parameters = _HeldPlan.of(walk.parameters, where)
        self.buffers = _HeldPlan.of(walk.buffers, where)
        named = walk.named_parameters()
        self.parameter_names = [name for name, _ in named]
        self.named_positions = [where[id(p)] for _, p in named]
        positions = {id(module): i for i, module in enumerate(walk.modules)}
        self.holder_positions = [positions[id(module)] for module in walk.buffer_holders]

    @staticmethod
    def keep(walk: ModelWalk) -> None:
        """Keep a plan of `walk` for the next walk of its model (none where its
        dicts are not all dicts, or a module has no weak references)."""
        key = id(walk.model)
        if walk._held is None:
            _plans.pop(key, None)
            return
        try:
            root = weakref.ref(walk.model, lambda _, key=key: _plans.pop(key, None))  # type: ignore[misc]
            _plans[key] = walk.plan = _WalkPlan(walk, walk._held, root)
        except TypeError:  # an object a weak reference cannot be taken of
            _plans.pop(key, None)

    def walk(self, model: torch.nn.Module) -> ModelWalk | None:
        """The walk of `model` rebuilt from this plan, or None where the model no
        longer holds what the plan describes."""
        if self.root() is not model:
            return None
        modules = list(map(_CALL, self.modules))
        if any(map(operator.is_, modules, itertools.repeat(None))):
            return None
        held = _held(modules)  # type: ignore[arg-type]  # no None among them
        if (
            held is None
            or held.lengths != self.lengths
            or held.names != self.names
            or list(map(id, objects := held.objects)) != self.ids
        ):
            return None
        walk = ModelWalk.__new__(ModelWalk)
        walk.model = model
        walk.modules = modules  # type: ignore[assignment]
        walk.named_modules = list(zip(self.module_names, modules))  # type: ignore[arg-type]
        walk._parameters = walk._buffers = None  # named when asked (ModelWalk.parameters)
        walk.parameter_tensors = list(map(objects.__getitem__, self.parameters.positions))  # type: ignore[arg-type]
        walk.buffer_tensors = list(map(objects.__getitem__, self.buffers.positions))  # type: ignore[arg-type]
        walk.buffer_holders = list(map(modules.__getitem__, self.holder_positions))  # type: ignore[arg-type]
        walk._held = held
        walk._named_parameters = NamedParameters(
            self.parameter_names,
            list(map(objects.__getitem__, self.named_positions)),  # type: ignore[arg-type]
        )
        walk.plan = self
        return walk


class _HeldPlan(NamedTuple):
    """HeldTensors as a plan keeps them: their module names and attributes, and where
    each tensor is among the objects the modules' dicts hold (_Held.objects)."""

    holders: list[str]
    owns: list[str]
    positions: list[int]

    @classmethod
    def of(cls, held: list[HeldTensor], where: dict[int, int]) -> "_HeldPlan":
        return cls([name for name, _, _ in held], [own for _, own, _ in held], [where[id(t)] for _, _, t in held])

    def named(self, tensors: list[torch.Tensor]) -> list[HeldTensor]:
        """HeldTensors of `tensors`, those at this plan's positions in a walk of it."""
        return list(zip(self.holders, self.owns, tensors))


# Plans of the models walked, by id, each removed with its model (_WalkPlan.keep).
_plans: dict[int, _WalkPlan] = {}


def _named_modules(model: torch.nn.Module) -> list[tuple[str, torch.nn.Module]]:
    """What `list(model.named_modules())` gives (depth first, each module once, under the
    first name it is reached by), walked with a stack: torch's makes a generator per
    module and passes each name up through the levels above it (0.2 ms a walk of a
    Sequential of 400 layers, against 0.08 here)."""
    named: list[tuple[str, torch.nn.Module]] = []
    seen: set[int] = set()
    pending: list[tuple[str, torch.nn.Module]] = [("", model)]
    while pending:
        prefix, module = pending.pop()
        if id(module) in seen:
            continue
        seen.add(id(module))
        named.append((prefix, module))
        children = module._modules
        if children:
            pending += [
                (prefix + "." + name if prefix else name, child)
                for name, child in reversed(children.items())
                if child is not None
            ]
    return named
