"""Leave the model exactly as it was: the guard around the capture's extra forward pass.

The forward runs in the model's own mode (so activations are what training sees), which
means BatchNorm updates its running statistics and Dropout draws random numbers. This
guard puts back what a forward can change: buffers (by value and by identity, and their
version counters), the training flags, and the random number generators a forward may
draw from: torch's CPU and CUDA ones, numpy's global one and Python's `random` (HF
Wav2Vec2's SpecAugment draws from numpy in train mode), and the torch.Generator objects
the model keeps on its modules for its own sampling or is handed among its inputs
(diffusers' `generator=`). What a forward registers (a layer a hand-written lazy
module builds in its first forward), rebinds or removes in the modules' own dicts of
submodules, parameters and buffers is put back as it was (with the modules' classes, and
without the hooks that forward registered), and torch's lazy modules
(nn.LazyLinear) are left uninitialized: the user's first forward makes them, drawing
what it would have drawn. It also puts back the inputs the call's forward ran on, which
a model may write in place (HF Whisper's SpecAugment masks `input_features` in train
mode): without that, a step's batch logged before its training forward would reach
training masked twice.

Version counters matter to a call made between the user's forward and its backward:
autograd saved BatchNorm's running statistics for that backward, and refuses to run it
if their version moved. A forward moves them (num_batches_tracked += 1, a module's own
in-place update), and so does writing a value back; both are undone by setting each
counter back to what it was, as torch's own compiler does where it writes tensors
whose values it restores (`_unsafe_set_version_counter`). The values are then exactly
those autograd saved, so the pending backward computes what it would have.
"""

import contextlib
import dataclasses
import gc
import itertools
import operator
import random
import sys
import threading
import typing
import weakref
from typing import Any, NamedTuple, NotRequired, TypedDict

import numpy as np
import torch
from torch._utils import _flatten_dense_tensors, _unflatten_dense_tensors
from torch.multiprocessing.reductions import StorageWeakRef
from torch.nn.parameter import is_lazy
from torch.nn.utils import parametrize
from torch.utils.hooks import RemovableHandle

from tensorboard_modelviz.capture.model_walk import ModelWalk, _Held
from tensorboard_modelviz.capture.tensor_guards import NestedSizes, checkable, guards_pass, shape_fact, tensor_guards

# A module's own dicts of parameters, buffers and submodules: no generator in them.
_MODULE_DICTS = frozenset(("_parameters", "_buffers", "_modules"))


class ModuleAttributes(NamedTuple):
    """The values of `modules`' attributes (their __dict__s' values, as the garbage
    collector's referent walk lists them, keys being strings it leaves out) and the types
    among them: read once, for owned_generators and tensor_attributes. The __dict__s
    themselves are kept too: reading a module's costs more than its length."""

    modules: typing.Sequence[torch.nn.Module]
    values: list[typing.Any]
    kinds: set[type]
    dicts: list[dict[str, typing.Any]]

    @classmethod
    def of(cls, modules: typing.Sequence[torch.nn.Module]) -> "ModuleAttributes":
        dicts = [module.__dict__ for module in modules]
        values = gc.get_referents(*dicts)
        return cls(modules, values, set(map(type, values)), dicts)


def owned_generators(attributes: ModuleAttributes) -> list[torch.Generator]:
    """The torch.Generator objects kept on the modules: as an attribute, or in a list,
    tuple or dict attribute (each once). Most models keep none, which two passes of the
    garbage collector's referent walk over the modules' attributes tell without a Python
    loop (0.15 ms on a ResNet-50's 151 modules, a loop over their attributes 0.4 ms)."""
    modules = attributes.modules
    kinds = set(attributes.kinds)
    kinds.update(map(type, gc.get_referents(*attributes.values)))
    if torch.Generator not in kinds:
        return []
    found: dict[int, torch.Generator] = {}
    for module in modules:
        for name, value in module.__dict__.items():
            kind = type(value)
            if kind is torch.Generator:
                found[id(value)] = value
            elif kind is list or kind is tuple:
                found.update((id(v), v) for v in value if type(v) is torch.Generator)
            elif kind is dict and name not in _MODULE_DICTS:
                found.update((id(v), v) for v in value.values() if type(v) is torch.Generator)
    return list(found.values())


# A plain tensor attribute of a module's: (module, name, the tensor).
TensorAttribute = tuple[torch.nn.Module, str, torch.Tensor]


def tensor_attributes(attributes: ModuleAttributes) -> list[TensorAttribute]:
    """The tensors the modules hold as plain attributes (in their __dict__, not among
    their parameters or buffers), each with its module and name. A forward may rebind
    them: `torch.nn.utils.prune` and `spectral_norm` set `module.weight` in a forward
    pre-hook, and a forward of ours under no_grad would leave a weight without its
    graph where the user's forward left one with it. Most models hold none, which the
    attributes' types tell without a loop."""
    if not any(issubclass(kind, torch.Tensor) for kind in attributes.kinds):
        return []
    return [
        (module, name, value)
        for module in attributes.modules
        for name, value in module.__dict__.items()
        if isinstance(value, torch.Tensor)
    ]


# What a call copies of the plain tensor attributes it writes back where the forward
# writes them in place (_SavedState): counts and running values, not large tables.
_ATTRIBUTE_COPIES_BYTES = 16 << 20


def _written_back_whole(tensor: torch.Tensor) -> bool:
    """Whether a call keeps a copy of `tensor` (an input, a plain tensor attribute) to write
    back if its version moves: strided, and with a version (not an inference tensor)."""
    return tensor.layout is torch.strided and not tensor.is_inference()


def _attribute_copies(attributes: list[TensorAttribute]) -> list[tuple[torch.Tensor, int, torch.Tensor]]:
    """(tensor, its version, a copy of it) of the plain tensor attributes a call writes
    back where the forward writes them in place (a count, a running value kept outside
    the buffers), as it writes back its inputs. Not those that require grad (the weights
    prune and spectral_norm compute, which a forward rebinds), subclasses (a copy would
    run their own code), nor views of memory freed under them (FSDP's unsharded parameter
    views between forwards), which nothing can read; at most _ATTRIBUTE_COPIES_BYTES in
    all, in the modules' order: a large table held as a plain attribute (a reference
    implementation's KV cache) would cost its copy at every call."""
    kept, left = [], _ATTRIBUTE_COPIES_BYTES
    for _, _, t in attributes:
        if (
            type(t) is torch.Tensor
            and not t.requires_grad
            and _written_back_whole(t)
            and t.untyped_storage().nbytes() > 0
            and (size := t.numel() * t.element_size()) <= left
        ):
            left -= size
            kept.append((t, t._version, t.detach().clone()))
    return kept


class RngState(TypedDict):
    cpu: torch.Tensor
    # np.random.get_state(legacy=False)'s dict: any bit generator's state, with the Gaussian
    # a legacy normal draw caches (the legacy tuple warns at every call where the user
    # set another bit generator than MT19937).
    numpy: Any
    python: Any  # random.getstate()'s tuple
    generators: list[tuple[torch.Generator, torch.Tensor]]
    cuda: NotRequired[list[torch.Tensor]]  # once CUDA is in use


def rng_state(generators: typing.Sequence[torch.Generator] = ()) -> RngState:
    """The state of torch's CPU generator, every CUDA generator's once CUDA is in use,
    numpy's global generator, Python's `random`, and each of `generators`."""
    state: RngState = {
        "cpu": torch.get_rng_state(),
        "numpy": np.random.get_state(legacy=False),
        "python": random.getstate(),
        "generators": [(g, g.get_state()) for g in generators],
    }
    if torch.cuda.is_initialized() and torch.cuda.is_available():  # the cheap question first
        state["cuda"] = torch.cuda.get_rng_state_all()
    return state


def restore_rng(state: RngState) -> None:
    torch.set_rng_state(state["cpu"])
    np.random.set_state(state["numpy"])
    random.setstate(state["python"])
    for generator, generator_state in state["generators"]:
        generator.set_state(generator_state)
    if "cuda" in state:
        torch.cuda.set_rng_state_all(state["cuda"])


class _SavedState:
    """Buffers (by value and identity), training flags and RNG state, taken once;
    `restore()` puts them back and may be called more than once.

    Buffer values are kept as one flat copy per dtype and device (a _Group of the
    _BufferLayout kept for buffers alike), and compared by their bits in one operation
    on restore (and where that finds a change, which ones changed in one more): a
    ResNet-50 has 159 small BatchNorm buffers, and an operation on each costs about
    1.5 ms a call on the CPU, and a wait for the GPU each on a GPU. Buffers that do not
    flatten (sparse layouts, quantized dtypes) are each kept as a copy of their own, and
    copied back.
    `close()` once the call is over.
    """

    def __init__(self, model: torch.nn.Module, inputs: object = None, walk: ModelWalk | None = None) -> None:
        if walk is None:
            walk = ModelWalk(model)
        self.modules = walk.modules
        self.training = list(map(_TRAINING, self.modules))
        # What the modules' own dicts of submodules, parameters and buffers hold: put back
        # where the forward registered, rebound or removed any (_Slots).
        self.slots = _Slots.of(walk)
        # The id the next hook registered gets (ids only grow): those the forward
        # registers are removed with its layers (_remove_hooks_since).
        self.next_hook = RemovableHandle.next_id
        # The modules' classes: put back with the slots (torch's parametrize gives a module
        # a class of its own beside the submodule it registers).
        self.classes = list(map(type, self.modules))
        kinds = set(self.classes)
        # torch's lazy modules not yet initialized: left so, their first forward the user's (_Lazy).
        self.lazy = (
            [_Lazy.of(m) for m in self.modules if isinstance(m, _LAZY) and m.has_uninitialized_params()]
            if any(issubclass(kind, _LAZY) for kind in kinds)
            else []
        )
        buffers = walk.buffer_tensors
        if self.lazy:  # an uninitialized buffer has no values: _Lazy puts it back
            buffers = [buf for buf in buffers if not is_lazy(buf)]
        self.inference_buffers = any(map(torch.Tensor.is_inference, buffers))  # written back only in that mode
        # Inference tensors have no version counter.
        # A list of its own: the inputs join it below, and `buffers` is what restore()
        # compares with `facts` (the two of the same length, or every restore would
        # take the buffers for reshaped and walk them all in _put_back_shapes).
        self.versioned = [buf for buf in buffers if not buf.is_inference()] if self.inference_buffers else list(buffers)
        self.versions = list(map(_VERSION, self.versioned))
        self.buffers = buffers
        # A kept layout whose tensor guards pass on these buffers: their facts and strides
        # are that layout's, and not read one by one.
        layout = _guarded_layout(buffers)
        # Where each buffer's values lie (_Places): restore() puts back a buffer the
        # forward gave other memory, even of its shape (`.data = `), so that a view taken
        # before the call still aliases it. The storages are held, so no other memory
        # takes their addresses during the call.
        try:
            self.places: _Places | None = _Places(
                list(map(_STORAGE, buffers)),
                list(map(_OFFSET, buffers)),
                layout.strides if layout is not None and layout.strides is not None else list(map(_STRIDE, buffers)),
                list(map(_ADDRESS, buffers)),
            )
        except (RuntimeError, NotImplementedError):  # a layout without strides or storage (sparse)
            self.places = None
        self.whole: list[tuple[torch.Tensor, torch.Tensor]] = []  # (sparse or quantized buffer, its copy)
        # What restore() checks first: a forward that gave a buffer another size, dtype or
        # device in place (`.data = `, `resize_`) has its own memory and shape put back
        # before its values (_put_back_shapes).
        strided = buffers
        # The strided buffers' addresses, which _Group.put_back then need not read.
        strided_addresses = self.places.addresses if self.places is not None else None
        if layout is not None:
            self.facts = layout.signature[0]
        else:
            self.facts = facts = _facts_of(buffers)
            nested = any(isinstance(shape, NestedSizes) for *_, shape in facts)
            strided_facts = facts
            layouts, dtypes = set(map(_LAYOUT_OF_FACTS, facts)), set(map(_DTYPE_OF_FACTS, facts))
            if nested or not layouts <= {torch.strided} or not dtypes.isdisjoint(_QUANTIZED):
                keep = list(map(_flattens, facts))
                strided, strided_facts = list(itertools.compress(buffers, keep)), list(itertools.compress(facts, keep))
                if strided_addresses is not None:
                    strided_addresses = list(itertools.compress(strided_addresses, keep))
                self.whole = [(buf, buf.detach().clone()) for buf, kept in zip(buffers, keep) if not kept]
            # Strided buffers by dtype and device, each group in one flat copy.
            layout = _buffer_layout(strided, strided_facts, guarded=not self.whole)
        self.layout = layout
        self.layout.busy = True
        try:
            # (group, its buffers, their copy, their addresses where read)
            self.flat: list[tuple[_Group, list[torch.Tensor], torch.Tensor, list[int] | None]] = []
            for group in self.layout.groups:
                members = group.members(strided)
                addresses = group.members(strided_addresses) if strided_addresses is not None else None
                self.flat.append((group, members, group.snapshot(members), addresses))
            input_tensors, input_generators = _tensors_and_generators(inputs)
            attributes = ModuleAttributes.of(self.modules)
            self.rng = rng_state(owned_generators(attributes) + input_generators)
            # Plain tensor attributes, put back where the forward rebinds them (restore).
            self.attributes = tensor_attributes(attributes)
            # What of the modules' attributes a forward may add to or set from None:
            # restore() undoes that (_put_back_attributes).
            self.watched = _watched_attributes(self.modules, kinds)
            # How many attributes each module has: what a forward adds to one of torch's
            # modules (not watched) lies past them (_drop_added_tensors).
            self.module_dicts = attributes.dicts
            self.attribute_counts = list(map(len, self.module_dicts))
            # Their values, in the dicts' order: what they are put back to where the
            # forward changed the slots (_put_back_every_attribute).
            self.attribute_values = attributes.values
            # Inputs are few and small next to a forward: each is kept whole, and written
            # back where its version counter says the forward wrote to it in place; so are
            # the plain tensor attributes a forward may write in place (_attribute_copies).
            self.inputs = [(t, t._version, t.detach().clone()) for t in input_tensors if _written_back_whole(t)]
            self.inputs += _attribute_copies(self.attributes)
            self.versioned += [t for t, _, _ in self.inputs]
            self.versions += [version for _, version, _ in self.inputs]
        except BaseException:  # no call holds the layout: later ones may take it
            self.close()
            raise

    def restore(self) -> None:
        if list(map(_TRAINING, self.modules)) != self.training:
            for module, flag in zip(self.modules, self.training):
                if module.training is not flag:  # nn.Module's __setattr__ is slow: only where changed
                    module.training = flag
        if self.slots is not None and self.slots.changed():
            self.slots.put_back()
            self._put_back_every_attribute()
            if list(map(type, self.modules)) != self.classes:
                for module, kind in zip(self.modules, self.classes):
                    if type(module) is not kind:
                        module.__class__ = kind
            if RemovableHandle.next_id != self.next_hook:
                _remove_hooks_since(self.next_hook, self.modules, self.slots.held)
        for lazy in self.lazy:
            lazy.put_back()
        # Before the plain tensor attributes are put back: one the forward removed and
        # set again lies past the others, and is put back after this.
        if list(map(len, self.module_dicts)) != self.attribute_counts:
            _drop_added_tensors(self.modules, self.attribute_counts)
        for module, name, value in self.attributes:
            if module.__dict__.get(name) is not value:
                module.__dict__[name] = value
        if self.watched:
            _put_back_attributes(self.watched)
        # The buffers' values lie where they lay (their addresses, which _Group.put_back
        # then need not read again), or are put back there.
        places = self.places
        in_place = self._facts_kept() and (places is None or list(map(_ADDRESS, self.buffers)) == places.addresses)
        if not in_place:
            self._put_back_shapes()
        # Compared by value: BatchNorm's in-kernel update of its running statistics
        # does not bump the buffer's version counter.
        with torch.no_grad(), torch.inference_mode() if self.inference_buffers else contextlib.nullcontext():
            for buf, saved in self.whole:  # sparse or quantized: no equal(), copied back (with its scale)
                buf.copy_(saved)
            for group, members, saved, addresses in self.flat:
                group.put_back(members, saved, self.training, addresses if in_place else None)
        with torch.no_grad():
            for tensor, version, before in self.inputs:
                if tensor._version != version:
                    tensor.copy_(before)
        versions = list(map(_VERSION, self.versioned))
        if versions != self.versions:
            moved = list(map(operator.ne, versions, self.versions))
            _set_versions(
                list(itertools.compress(self.versioned, moved)), list(itertools.compress(self.versions, moved))
            )
        restore_rng(self.rng)

    def _facts_kept(self) -> bool:
        """Whether every buffer has the layout, dtype, device and shape it had: told by
        the layout's tensor guards where they cover every buffer and pass, else read."""
        guards = self.layout.guards if not self.whole else None
        if guards is not None and guards_pass(guards, self.buffers):
            return True
        return _facts_of(self.buffers) == self.facts

    def _put_back_shapes(self) -> None:
        """Give every buffer whose layout, dtype, device, shape or memory the forward
        changed in place (`.data = `, `resize_`) its own memory, offset, shape and strides
        again (its values follow as any written buffer's do: put back from the snapshot).
        Memory that `resize_` moved stays where it went; a buffer without strides (sparse)
        takes a copy of its own."""
        copies = {id(buf): copy for buf, copy in self.whole}
        places = self.places
        with torch.no_grad():
            for position, (buf, facts) in enumerate(zip(self.buffers, self.facts)):
                if _facts(buf) == facts and (places is None or buf.data_ptr() == places.addresses[position]):
                    continue
                layout, dtype, device, shape = facts
                copy = copies.get(id(buf))
                if places is not None and layout is torch.strided and copy is None:
                    storage = places.storages[position]
                    offset, stride = places.offsets[position], places.strides[position]
                    buf.data = torch.empty(0, dtype=dtype, device=device).set_(storage, offset, shape, stride)
                else:
                    buf.data = copy.clone() if copy is not None else torch.empty(shape, dtype=dtype, device=device)

    def _put_back_every_attribute(self) -> None:
        """After a forward that changed the slots (registered a layer, _Slots): the
        attributes of every module with a forward of its own (_Watched) as they were,
        names and values, and those added to any other module removed. What a forward
        sets beside the layer it builds goes with it: a `built` flag or a width left
        alone would have the user's next forward look for the layer it no longer finds.
        Where the values read at the start are not the dicts' values in order (a key that
        is not a string), only what _put_back_attributes undoes is undone."""
        counts, values = self.attribute_counts, self.attribute_values
        names = {id(watched.attributes): watched.names for watched in self.watched}
        aligned = len(values) == sum(counts)
        start = 0
        for attributes, count in zip(self.module_dicts, counts):
            had = names.get(id(attributes))
            if had is not None and aligned:
                _put_back_dict(attributes, had, values[start : start + count])
            elif len(attributes) > count and had is None:
                for name in list(itertools.islice(attributes, count, None)):
                    del attributes[name]
            start += count

    def close(self) -> None:
        """The call has ended: its buffer layout may serve the next one."""
        self.layout.busy = False


def _forward_is_torchs(kind: type) -> bool:
    """Whether modules of class `kind` run torch.nn's own forward, which sets none of
    their attributes (a subclass with a forward of its own may)."""
    known = _TORCH_FORWARD.get(kind)
    if known is None:
        forward_module = getattr(getattr(kind, "forward", None), "__module__", None) or ""
        known = _TORCH_FORWARD[kind] = forward_module.startswith("torch.nn.modules.")
    return known


_TORCH_FORWARD: "weakref.WeakKeyDictionary[type, bool]" = weakref.WeakKeyDictionary()


class _Watched(NamedTuple):
    """A module's attributes (its __dict__) that its forward may add to or set from None,
    noted as cheaply as that can be told: their names and which of them were None."""

    attributes: dict[str, typing.Any]
    names: list[str]
    nones: list[str]


def _watched_attributes(modules: typing.Sequence[torch.nn.Module], kinds: set[type]) -> list[_Watched]:
    """_Watched of the modules whose forward is not torch.nn's own (_forward_is_torchs):
    torch's own modules, most of a model's (a ResNet-50's 134 of its 151), set none of
    their attributes, and are not read. Only the names and the None values are noted: a
    copy of every attribute, or a comparison of each at restore, touches every value,
    which costs a cache miss each after the forward has gone through the caches. A lazy
    module not yet initialized is not watched: it is put back whole (_Lazy). `kinds`:
    the modules' classes."""
    kinds = {kind for kind in kinds if not _forward_is_torchs(kind)}
    if not kinds:
        return []
    return [
        _Watched(
            attributes,
            list(attributes),
            [name for name, value in attributes.items() if value is None],
        )
        for attributes in (
            module.__dict__
            for module in modules
            if type(module) in kinds and not (isinstance(module, _LAZY) and module.has_uninitialized_params())
        )
    ]


_LAZY = torch.nn.modules.lazy.LazyModuleMixin


class _Places(NamedTuple):
    """Where each buffer's values lay when the call began: its storage (held), offset and
    strides, and the address of its first value (which `resize_` may move with the
    storage's memory: the offset is what is put back)."""

    storages: list[torch.UntypedStorage]
    offsets: list[int | torch.SymInt]
    strides: list[tuple[int, ...]]
    addresses: list[int]


class _Slots:
    """What every module's own dicts of submodules, parameters and buffers held when the
    call began (its ModelWalk's `held`): put back where a forward registered, rebound or
    removed one. A forward that builds a layer in its first call (a lazy layer written by
    hand: `if "head" not in self._modules`) would otherwise leave ours, its weights drawn
    from the generators the call puts back: the user's first forward would find it and
    draw none, and the run would go on with other numbers than without the call.

    Told in one operation, as the walk's own check is: the objects the dicts hold now
    (the collector's referents, keys being strings it does not list), by identity."""

    def __init__(self, held: _Held) -> None:
        self.dicts, self.lengths, self.names, self.held = held.every, held.lengths, held.names, held.objects
        # Each dict's (name, object) pairs, read now where the collector lists more than
        # the values (an OrderedDict's keys too); else made from the walk's when needed.
        self.items = None if len(self.held) == len(self.names) else [list(d.items()) for d in self.dicts]

    @classmethod
    def of(cls, walk: ModelWalk) -> "_Slots | None":
        """The slots of the walked model, or None where a module's are not dicts."""
        held = walk.held
        return cls(held) if held is not None else None

    def changed(self) -> bool:
        now = gc.get_referents(*self.dicts)
        return len(now) != len(self.held) or not all(map(operator.is_, now, self.held))

    def put_back(self) -> None:
        """Every dict as it was (names, order and objects), where it is not."""
        if self.items is not None:
            for slots, items in zip(self.dicts, self.items):
                _put_back_dict(slots, [name for name, _ in items], [value for _, value in items])
            return
        start = 0
        for slots, length in zip(self.dicts, self.lengths):
            _put_back_dict(slots, self.names[start : start + length], self.held[start : start + length])
            start += length


# A module's dicts of hooks, each keyed by its hook's handle id (RemovableHandle.id);
# the flags `_forward_hooks_with_kwargs` and `_forward_hooks_always_called` keep those ids.
_HOOK_DICTS = (
    "_forward_pre_hooks",
    "_forward_pre_hooks_with_kwargs",
    "_forward_hooks",
    "_forward_hooks_with_kwargs",
    "_forward_hooks_always_called",
    "_backward_pre_hooks",
    "_backward_hooks",
    "_state_dict_pre_hooks",
    "_state_dict_hooks",
    "_load_state_dict_pre_hooks",
    "_load_state_dict_post_hooks",
)


def _remove_hooks_since(first: int, modules: typing.Sequence[torch.nn.Module], held: list[object]) -> None:
    """Remove the hooks registered on `modules`, on the tensors among what their slots
    `held` (gradient hooks on parameters) and torch's global module hooks, whose ids are
    `first` or later: those a forward registered beside the layer it built, in a call
    that puts its layers and attributes back (_SavedState.restore()).
    Left registered while the attribute that keeps their handles is put back (to None),
    the user's next forward would register them again, and each would run twice. Ours
    are removed before any restore, and the hooks made before the call have lower ids."""
    module_globals = vars(torch.nn.modules.module)
    dicts = [hooks for module in modules for name in _HOOK_DICTS if (hooks := module.__dict__.get(name))]
    dicts += [
        hooks for name, hooks in module_globals.items() if name.startswith("_global_") and isinstance(hooks, dict)
    ]
    tensors = [t for t in held if isinstance(t, torch.Tensor)]
    dicts += [hooks for t in tensors for hooks in (t._backward_hooks, t._post_accumulate_grad_hooks) if hooks]
    for hooks in dicts:
        for key in [key for key in hooks if isinstance(key, int) and key >= first]:
            del hooks[key]


# What a lazy module's initialization removes: its hooks (_Lazy).
_LAZY_HOOKS = operator.attrgetter("_forward_pre_hooks", "_forward_pre_hooks_with_kwargs", "_load_state_dict_pre_hooks")


class _Lazy(NamedTuple):
    """A lazy module of torch's kind (LazyModuleMixin: nn.LazyLinear) not yet initialized,
    as the call found it: its class, its attributes, the hooks its initialization removes,
    and its uninitialized parameters and buffers (each with its class, memory and
    version). Its first forward materializes them, draws their initial values from the
    generators the call puts back, removes those hooks and may change its class
    (LazyLinear becomes Linear): left so, the user's first forward would find it
    initialized and draw nothing, and the run would go on with other numbers than
    without the call. The very same tensors are made uninitialized again, so that
    whatever holds them holds what the module holds."""

    module: torch.nn.Module
    kind: type
    attributes: dict[str, typing.Any]
    hooks: list[tuple[dict[int, typing.Any], dict[int, typing.Any]]]
    tensors: list[tuple[torch.Tensor, type, torch.Tensor, int]]

    @classmethod
    def of(cls, module: torch.nn.Module) -> "_Lazy":
        held = itertools.chain(module._parameters.values(), module._buffers.values())
        return cls(
            module,
            type(module),
            dict(module.__dict__),
            [(hooks, dict(hooks)) for hooks in _LAZY_HOOKS(module)],
            [(t, type(t), t.data, t._version) for t in held if t is not None and is_lazy(t)],
        )

    def put_back(self) -> None:
        moved = [(t, kind, data, version) for t, kind, data, version in self.tensors if type(t) is not kind]
        with torch.no_grad():
            for t, _, data, _ in moved:
                t.data = data
        _set_versions([t for t, *_ in moved], [version for *_, version in moved])
        for t, kind, _, _ in moved:
            t.__class__ = kind
        for hooks, before in self.hooks:
            _put_back_dict(hooks, list(before), list(before.values()))
        _put_back_dict(self.module.__dict__, list(self.attributes), list(self.attributes.values()))
        if type(self.module) is not self.kind:
            self.module.__class__ = self.kind


def _put_back_dict(held: dict, names: typing.Sequence[typing.Any], values: typing.Sequence[object]) -> None:
    """`held` holding `names` again, in that order, each with the very object of `values`
    at its place, where it does not (a dict of a module's slots, attributes or hooks)."""
    if (
        len(held) != len(names)
        or not all(map(operator.eq, held, names))
        or not all(map(operator.is_, held.values(), values))
    ):
        held.clear()
        held.update(zip(names, values))


def _put_back_attributes(watched: list[_Watched]) -> None:
    """Remove the tensors a forward added to a watched module as attributes, and set
    those it set from None to a tensor to None again: a state a module carries into its
    next forward (truncated backpropagation through time keeps its last output) must be
    the user's, not the one our forward left. Other values the forward rebound stay as
    it left them, as do those it removed; plain tensor attributes are put back by
    _SavedState.restore() itself. After a forward that registered a layer, every
    attribute is put back first (_SavedState._put_back_every_attribute).

    Only values that hold tensors (_carries_tensors) are undone: what else a forward
    sets (a number, a flag, the handle of a hook it registered once, which stays
    registered) stays as it left it, as the values it rebinds do.

    An attribute added lies after every one the module had (a dict keeps the order of
    insertion), so a forward added some where the number of attributes or the last name
    changed: the number alone misses one added where another was removed."""
    for attributes, names, nones in watched:
        if len(attributes) != len(names) or (names and next(reversed(attributes)) != names[-1]):
            had = set(names)
            for name in [name for name, value in attributes.items() if name not in had and _carries_tensors(value)]:
                del attributes[name]
        for name in nones:
            if _carries_tensors(attributes.get(name)):
                attributes[name] = None


def _drop_added_tensors(modules: typing.Sequence[torch.nn.Module], counts: list[int]) -> None:
    """Remove the tensors a forward added as attributes to modules of torch's own (whose
    forward sets none: another module's forward did, `self.linear.carried = y`), told by
    the modules' numbers of attributes before the forward (`counts`) alone: an attribute
    added lies after every one the module had (a dict keeps the order of insertion).
    Modules with a forward of their own are watched by name (_put_back_attributes)."""
    for module, count in zip(modules, counts):
        attributes = module.__dict__
        if len(attributes) > count and _forward_is_torchs(type(module)):
            added = itertools.islice(attributes.items(), count, None)
            for name in [name for name, value in added if _carries_tensors(value)]:
                del attributes[name]


def _carries_tensors(value: typing.Any) -> bool:
    """Whether `value` is a tensor, or a tuple or list holding one: a state a forward
    computed and carries into the next (an RNN's last hidden state, a pair of them)."""
    if isinstance(value, torch.Tensor):
        return True
    return type(value) in (tuple, list) and any(isinstance(item, torch.Tensor) for item in value)


_Member = typing.TypeVar("_Member")


class _Group:
    """Strided buffers of one dtype and device (their `positions` among the buffers a
    _BufferLayout describes), whose values a call snapshots as one flat tensor.

    Plain tensors of 0 or 1 dimension alike (BatchNorm's running statistics and batch
    counters, in a group each) are snapshot into `saved`, a flat tensor the group keeps,
    by one `cat` or `stack` with `out=`, and written back through `pieces`, views of it
    shaped as each buffer, made once: cutting a flat copy apart costs about a microsecond
    a buffer each call, and a stack of 100 Conv-BN-ReLU has 300 buffers. Other buffers
    (matrices, subclasses, mixed ranks) are flattened into a copy of the call's own.
    Values are compared by their bits (_bits).
    """

    def __init__(self, positions: list[int], buffers: list[torch.Tensor]) -> None:
        self.positions = positions
        self.rank = _common_rank(buffers)
        self.sizes = [b.numel() for b in buffers]
        self.saved: torch.Tensor | None = None
        self.current = self.differs = torch.empty(0, device="cpu")
        self.pieces: typing.Sequence[torch.Tensor] = ()
        self.starts: np.ndarray | None = None  # where each buffer's values begin in `saved`, if none is empty
        self.owner: torch.Tensor | None = None  # each value's buffer, for those not on the CPU
        # The last call that found every buffer changed: its training flags, the buffers
        # then and their values' addresses (put_back).
        self.all_changed_in: _AllChanged | None = None
        if self.rank is None:
            return
        reference = buffers[0]
        # A tensor of its own, never an inference tensor: calls in and out of inference
        # mode write into it.
        with torch.inference_mode(False):
            self.saved = torch.empty(sum(self.sizes), dtype=reference.dtype, device=reference.device)
            # Where restore() lays out the values as they are then, and which differ.
            self.current = torch.empty_like(self.saved)
            self.differs = torch.empty_like(self.saved, dtype=torch.bool)
            self.pieces = self.saved.unbind() if self.rank == 0 else self.saved.split(self.sizes)
            if self.rank == 0:
                return
            if reference.device.type == "cpu" and all(self.sizes):
                self.starts = np.cumsum([0] + self.sizes[:-1])
            else:
                self.owner = _owner(self.sizes, reference.device, self.saved.numel())

    @property
    def nbytes(self) -> int:
        return 2 * self.saved.nbytes + self.differs.nbytes if self.saved is not None else 0

    def members(self, buffers: list[_Member]) -> list[_Member]:
        """This group's buffers among `buffers` (those the layout describes), or what
        stands for each of them in a list alike (their addresses)."""
        return list(map(buffers.__getitem__, self.positions))

    def snapshot(self, members: list[torch.Tensor]) -> torch.Tensor:
        """The values of `members` as one flat tensor (`saved`, where the group keeps one)."""
        if self.saved is None:
            return _flat(members)
        with torch.no_grad():
            if self.rank == 1:
                return torch.cat(members, out=self.saved)
            return torch.stack(members, out=self.saved)

    def put_back(
        self, members: list[torch.Tensor], saved: torch.Tensor, modes: list[bool], addresses: list[int] | None = None
    ) -> None:
        """Write `saved` (snapshot(members)) back into those of `members` whose values
        differ from it now (NaN counts as changed): comparing costs less than writing,
        where few values changed. Where every one changed at the last call of this
        group, in the same `modes` (the modules' training flags: BatchNorm in train mode
        writes all its running statistics) and in the very memory they lie in now, all
        are written back without comparing: writing a value that did not change puts
        back the bits it holds, and the comparison would cost twice what it saves (on a
        GPU, a wait for the device). Their values must lie in the very storages, at the
        very addresses (_AllChanged), so that only memory the model's own forward wrote
        is written unchecked, never a buffer put since in pages it never wrote (a
        memory-mapped checkpoint's, copied on write, or read-only: written, the process
        dies): an address alone is taken again by other memory once freed. Buffers on
        the meta device have no values to compare or write (torch.equal has no meta
        kernel, and would raise into the loop). `addresses`: those of the members' values
        now, where the caller has them."""
        if saved.is_meta:
            return
        last = self.all_changed_in
        if self.saved is not None and last is not None and modes == last.modes:
            if addresses is None:
                addresses = list(map(_ADDRESS, members))
            if addresses == last.addresses and last.storage_ids == list(map(_CDATA, map(_STORAGE, members))):
                _copy_into(members, list(self.pieces))
                return
        self.all_changed_in = None
        now = _flat(members, copy=False) if self.saved is None else self.now(members)
        now_bits, saved_bits = _bits(now), _bits(saved)
        if torch.equal(now_bits, saved_bits):
            return
        if self.saved is None:
            _copy_back(members, saved, _changed_counts(_differing(now_bits, saved_bits), self.sizes))
            return
        differs = _differing(now_bits, saved_bits, self.differs)
        changed: list[bool] | list[int]
        if self.rank == 0:  # one value a buffer
            changed = differs.tolist()
        elif self.starts is not None:  # our own tensor on the CPU: numpy reads it in place
            changed = np.logical_or.reduceat(differs.numpy(), self.starts).tolist()
        else:  # counted where the values are, read at once
            assert self.owner is not None  # made where `starts` is not
            changed = _changed_counts(differs, self.sizes, self.owner)
        if all(changed):
            self.all_changed_in = _AllChanged.of(modes, members)
        _copy_into(list(itertools.compress(members, changed)), list(itertools.compress(self.pieces, changed)))

    def now(self, members: list[torch.Tensor]) -> torch.Tensor:
        """The values of `members` now, as snapshot() lays them out (in `current`, kept:
        memory freshly taken in a call costs page faults)."""
        with torch.no_grad():
            if self.rank == 1:
                return torch.cat(members, out=self.current)
            return torch.stack(members, out=self.current)


class _AllChanged(NamedTuple):
    """A call that found every buffer of a _Group changed: the modules' training flags,
    the storages the buffers' values lay in and the addresses of those values then.

    A storage is told by its id (`_cdata`, the address of torch's storage object), held
    by a weak reference of torch's: the storage's memory is freed with its last tensor
    (a layout kept between calls keeps none alive), but no other storage takes its id
    while the reference lives, so a buffer in the same storage at the same address lies
    in the very memory the forward wrote. Not a weak reference of the tensors: with the
    swap_module_params_on_conversion future on, `load_state_dict` swaps each buffer in
    place (torch.utils.swap_tensors), which refuses a tensor that has one."""

    modes: list[bool]
    storages: list[StorageWeakRef]  # held for their ids alone
    storage_ids: list[int]
    addresses: list[int]

    @classmethod
    def of(cls, modes: list[bool], members: list[torch.Tensor]) -> "_AllChanged":
        storages = list(map(_STORAGE, members))
        return cls(
            list(modes), list(map(StorageWeakRef, storages)), list(map(_CDATA, storages)), list(map(_ADDRESS, members))
        )


class _BufferLayout:
    """How a call snapshots strided buffers: grouped by dtype and device, each group in
    one flat copy (see _Group). Made from the buffers' layouts, dtypes, devices, sizes and
    types (their `signature`), never from which tensors they are: a layout kept from an
    earlier call serves any buffers of the same signature, and holds none of them."""

    def __init__(self, signature: "_Signature", buffers: list[torch.Tensor], guarded: bool = False) -> None:
        self.signature = signature
        self.groups = [
            _Group(positions, [buffers[i] for i in positions])
            for positions in _positions_by_kind(signature[0]).values()
        ]
        self.busy = False  # snapshot held by a call that has not ended (a nested capture)
        # torch's check that buffers have this layout's signature (and the strides and
        # requires_grad flags these had), in one call (tensor_guards): made where `buffers`
        # are all of a call's buffers (`guarded`), so that a later call and its restore()
        # need not read their facts one by one.
        self.count = len(buffers)
        self.guards: typing.Any = None
        self.strides: list[tuple[int, ...]] | None = None
        if guarded:
            self.guard(buffers)

    def guard(self, buffers: list[torch.Tensor]) -> None:
        """Make this layout's guards of `buffers` (all of a call's), and keep their
        strides, which the guards check: a call they pass need not read them."""
        self.guards = tensor_guards(buffers)
        self.strides = list(map(_STRIDE, buffers)) if self.guards is not None else None

    @property
    def nbytes(self) -> int:
        return sum(group.nbytes for group in self.groups)


# The strided buffers' (layout, dtype, device, shape) and types.
_Signature = tuple[list[tuple[torch.layout, torch.dtype, torch.device, torch.Size]], list[type]]

# The buffer layouts of recent calls, on each thread: a steady call takes its model's.
_LAYOUTS = threading.local()
_LAYOUTS_KEPT = 4
# The most a kept layout's flat copies may hold between calls.
_KEPT_BYTES = 1 << 22


def _positions_by_kind(facts: list[tuple[torch.layout, torch.dtype, torch.device, torch.Size]]) -> dict:
    """Positions of the buffers of each (dtype, device), in the order met."""
    groups: dict[tuple[torch.dtype, torch.device], list[int]] = {}
    for position, (_, dtype, device, _) in enumerate(facts):
        groups.setdefault((dtype, device), []).append(position)
    return groups


def _buffer_layout(buffers: list[torch.Tensor], facts: list, guarded: bool = False) -> _BufferLayout:
    """The _BufferLayout of strided `buffers` (`facts`: their _FACTS), kept from an earlier
    call where their signature is the same and that call has ended, else a new one (kept
    for later calls where its copies are small; with tensor guards where `guarded`: the
    buffers are all of the call's)."""
    signature: _Signature = (facts, list(map(type, buffers)))
    kept: list[_BufferLayout] = _LAYOUTS.__dict__.setdefault("layouts", [])
    for layout in kept:
        if not layout.busy and layout.signature == signature:
            kept.remove(layout)
            kept.append(layout)  # last: the most recently used are kept
            if guarded and layout.guards is None:
                layout.guard(buffers)
            return layout
    layout = _BufferLayout(signature, buffers, guarded)
    if layout.nbytes <= _KEPT_BYTES:
        kept.append(layout)
        del kept[:-_LAYOUTS_KEPT]
    return layout


def _guarded_layout(buffers: list[torch.Tensor]) -> _BufferLayout | None:
    """A kept layout whose tensor guards pass on `buffers` (all of a call's buffers), the
    most recently used first: their facts and types are its signature's. None where none
    does (the caller reads the facts and takes a layout by them, _buffer_layout)."""
    kept: list[_BufferLayout] = _LAYOUTS.__dict__.setdefault("layouts", [])
    candidates = [
        layout
        for layout in reversed(kept)
        if not layout.busy and layout.guards is not None and layout.count == len(buffers)
    ]
    # Guards made of other buffers (any model's): asked only where they can check these.
    if not candidates or not checkable(buffers):
        return None
    for layout in candidates:
        if guards_pass(layout.guards, buffers):
            kept.remove(layout)
            kept.append(layout)
            return layout
    return None


_INPUT_DEPTH = 8  # containers within containers: deeper than any model's inputs


def _tensors_and_generators(inputs: object) -> tuple[list[torch.Tensor], list[torch.Generator]]:
    """The tensors and torch.Generators inside `inputs` (tensors, lists, tuples, dicts,
    dataclasses), each once."""
    tensors: list[torch.Tensor] = []
    generators: list[torch.Generator] = []
    seen: set[int] = set()
    pending: list[tuple[object, int]] = [(inputs, 0)]
    while pending:
        value, level = pending.pop()
        if id(value) in seen or level > _INPUT_DEPTH:
            continue
        seen.add(id(value))
        if isinstance(value, torch.Tensor):
            tensors.append(value)
        elif type(value) is torch.Generator:
            generators.append(value)
        elif isinstance(value, (list, tuple)):
            pending.extend((v, level + 1) for v in value)
        elif isinstance(value, dict):  # includes HuggingFace ModelOutput
            pending.extend((v, level + 1) for v in value.values())
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            pending.extend((getattr(value, f.name, None), level + 1) for f in dataclasses.fields(value))
    return tensors, generators


def _set_versions(tensors: typing.Sequence[torch.Tensor], versions: typing.Sequence[int]) -> None:
    """Set the version counters of `tensors` to `versions` (see the module docstring)."""
    setter = getattr(torch._C._autograd, "_unsafe_set_version_counter", None)
    if setter is None:  # not in this torch: the counters stay where the forward left them
        return
    try:
        setter(tuple(tensors), tuple(versions))
    except TypeError:  # torch before 2.6 sets one tensor's at a time
        for tensor, version in zip(tensors, versions):
            setter(tensor, version)


# Integer dtypes of each size in bytes: floating values compared as their bits.
_INTEGER_OF_SIZE = {8: torch.int64, 4: torch.int32, 2: torch.int16, 1: torch.int8}


def _bits(flat: torch.Tensor) -> torch.Tensor:
    """The flat, contiguous `flat` with floating (or complex) values as integers of their
    bits, so that comparing tells -0.0 from 0.0 and one NaN from another, and finds a
    NaN unchanged: complex128 values, wider than any integer, as rows of two int64 words
    (compare them with _differing); other dtypes and subclasses as they are (compared by
    value)."""
    dtype = flat.dtype
    if type(flat) is not torch.Tensor or not (dtype.is_floating_point or dtype.is_complex):
        return flat
    if dtype.is_complex and flat.is_conj():  # a buffer's own memory (_flat's copy=False) read lazily conjugated
        flat = flat.resolve_conj()
    integer = _INTEGER_OF_SIZE.get(dtype.itemsize)
    if integer is None:  # 16 bytes a value: complex128
        return flat.view(torch.int64).view(-1, dtype.itemsize // 8)
    return flat.view(integer)


def _differing(now: torch.Tensor, saved: torch.Tensor, out: torch.Tensor | None = None) -> torch.Tensor:
    """Which values of `now` and `saved` (_bits of two flat tensors alike) differ: one
    bool a value, in `out` where given (values of several words: a tensor of its own)."""
    if now.dim() > 1:
        return torch.ne(now, saved).any(1)
    return torch.ne(now, saved) if out is None else torch.ne(now, saved, out=out)


def _owner(sizes: list[int], device: torch.device, total: int) -> torch.Tensor:
    """Each value's buffer (its index in `sizes`), for buffers of `sizes` values laid end
    to end (`total` values in all)."""
    return torch.repeat_interleave(
        torch.arange(len(sizes), device=device), torch.tensor(sizes, device=device), output_size=total
    )


def _changed_counts(differs: torch.Tensor, sizes: list[int], owner: torch.Tensor | None = None) -> list[int]:
    """How many values differ in each of the buffers laid end to end (`differs`: one bool
    a value, _differing's), found in one pass and read at once: a comparison per buffer
    would wait for a GPU once per buffer (159 times on a ResNet-50 in train mode).
    `owner`: _owner(sizes, ...), where the caller keeps one."""
    if owner is None:
        owner = _owner(sizes, differs.device, len(differs))
    counts = torch.zeros(len(sizes), dtype=torch.int64, device=differs.device)
    return counts.index_add_(0, owner, differs.long()).tolist()


_VERSION = operator.attrgetter("_version")
_TRAINING = operator.attrgetter("training")
# What groups a buffer with others (its layout, dtype and device) and its shape: a
# _BufferLayout's signature.
_FACTS = operator.attrgetter("layout", "dtype", "device", "shape")
_STORAGE, _OFFSET, _STRIDE = torch.Tensor.untyped_storage, torch.Tensor.storage_offset, torch.Tensor.stride
_ADDRESS = torch.Tensor.data_ptr
_CDATA = operator.attrgetter("_cdata")  # of a storage: the address of torch's storage object
_LAYOUT_OF_FACTS = operator.itemgetter(0)
_DTYPE_OF_FACTS = operator.itemgetter(1)
# Quantized dtypes: a quantized tensor's values mean nothing without its own scale and
# zero point (torch.cat requantizes to the first tensor's, and an empty tensor made for a
# flat copy has no quantizer at all), so each is kept whole, as sparse ones are.
_QUANTIZED = frozenset((torch.qint8, torch.quint8, torch.qint32, torch.quint4x2, torch.quint2x4))


def _facts(buf: torch.Tensor) -> tuple[torch.layout, torch.dtype, torch.device, tuple]:
    """_FACTS of one buffer, a nested tensor of the strided layout included (its shape
    being its NestedSizes): a nested buffer is kept whole (_flattens), as sparse ones are."""
    return buf.layout, buf.dtype, buf.device, shape_fact(buf)


def _facts_of(buffers: list[torch.Tensor]) -> list[tuple[torch.layout, torch.dtype, torch.device, typing.Any]]:
    """_FACTS of each of `buffers`, in one pass of attrgetter's; read one by one (_facts)
    where a nested tensor of the strided layout among them has no shape to read."""
    try:
        return list(map(_FACTS, buffers))
    except RuntimeError:
        return list(map(_facts, buffers))


def _flattens(facts: tuple[torch.layout, torch.dtype, torch.device, tuple]) -> bool:
    """Whether a buffer of `facts` (_facts') goes into a flat copy."""
    layout, dtype, _, shape = facts
    return layout is torch.strided and dtype not in _QUANTIZED and not isinstance(shape, NestedSizes)


def _plain(buffers: list[torch.Tensor]) -> bool:
    """Whether `buffers` are all plain tensors (no subclass)."""
    return set(map(type, buffers)) <= {torch.Tensor}


def _common_rank(buffers: list[torch.Tensor]) -> int | None:
    """The number of dimensions every one of `buffers` has, where they are plain tensors
    of 0 or 1 dimension alike (BatchNorm's running statistics, its batch counters), else
    None: such buffers are laid end to end and cut apart again by one torch op each,
    where _flatten_dense_tensors and _unflatten_dense_tensors take about a microsecond a
    buffer (a stack of 100 Conv-BN-ReLU has 300)."""
    if not _plain(buffers):
        return None
    ranks = set(map(torch.Tensor.dim, buffers))
    rank = ranks.pop() if len(ranks) == 1 else None
    return rank if rank is not None and rank <= 1 else None


def _flat(buffers: list[torch.Tensor], copy: bool = True) -> torch.Tensor:
    """The values of strided buffers of one dtype and device as one flat tensor: of its
    own, or with `copy=False` possibly the one buffer's own memory. Plain tensors are
    flattened in one operation."""
    if not _plain(buffers):  # subclasses: through their own reshape
        return torch.cat([b.detach().reshape(-1) for b in buffers])
    with torch.no_grad():
        rank = _common_rank(buffers)
        if rank == 1:
            return torch.cat(buffers)  # a tensor of its own, even of one buffer
        if rank == 0:
            return torch.stack(buffers)
        flat = _flatten_dense_tensors(buffers)
    return flat.clone() if copy and len(buffers) == 1 else flat


def _pieces(saved: torch.Tensor, buffers: list[torch.Tensor]) -> typing.Sequence[torch.Tensor]:
    """`saved` (_flat(buffers)) cut into views shaped as each of the plain `buffers`."""
    rank = _common_rank(buffers)
    if rank == 1:
        return saved.split([b.numel() for b in buffers])
    if rank == 0:
        return saved.unbind()
    return _unflatten_dense_tensors(saved, buffers)


def _copy_back(buffers: list[torch.Tensor], saved: torch.Tensor, changed: list[int]) -> None:
    """Write the values `saved` (_flat(buffers)) back into the `buffers` whose `changed`
    count is not 0: plain tensors in one operation."""
    if _plain(buffers):
        targets = [b for b, c in zip(buffers, changed) if c]
        if targets:
            _copy_into(targets, [v for v, c in zip(_pieces(saved, buffers), changed) if c])
        return
    for buf, before, count in zip(buffers, saved.split([b.numel() for b in buffers]), changed):
        if count:
            buf.copy_(before.view(buf.shape))


def _copy_into(targets: list[torch.Tensor], values: list[torch.Tensor]) -> None:
    """Copy each of `values` into its one of `targets`: in one operation, but for
    targets that are conjugate or negative views (a buffer made by `conj()`) or expanded
    ones, which torch's list operations refuse, one by one. An expanded target (a stride
    of 0: `base.expand(...)`) is written where its memory is, once: at index 0 of each
    such dimension, its value there being the same all along it."""
    try:
        torch._foreach_copy_(targets, values)
    except RuntimeError:
        for target, value in zip(targets, values):
            if 0 in target.stride():
                once = tuple(slice(0, 1) if stride == 0 else slice(None) for stride in target.stride())
                target[once].copy_(value.reshape(target.shape)[once])
            else:
                target.copy_(value)


@contextlib.contextmanager
def preserved_model_state(
    model: torch.nn.Module, inputs: object = None, walk: ModelWalk | None = None
) -> typing.Iterator[_SavedState]:
    """Restore buffers, training flags, RNG state and `inputs` on exit, whatever happened inside.

    Buffers are snapshot by value (a forward may update them in place, like BatchNorm's
    running statistics) and by identity (a forward may rebind them). NaN-holding buffers
    compare unequal and are simply copied back. Parameters are not
    copied: under no_grad a forward cannot change them short of the model writing to
    them, which `changed_parameters` reports (one it registers or rebinds is put back
    with the slots, _Slots). Yields the saved state, whose `restore()`
    also serves to run a second forward from the same starting point. `walk`: a
    ModelWalk of `model` as it is now, where the caller has taken one: a walk costs a
    deep stack of tiny layers about 0.7 µs a module, and a call reads it several times.
    """
    saved = _SavedState(model, inputs, walk)
    try:
        try:
            with _parametrizations_uncached():
                yield saved
        except BaseException as error:  # the model's own error stays the one raised
            try:
                saved.restore()
            except Exception as failure:
                error.add_note(
                    "tensorboard_modelviz: the model could not be put back as it was (%s: %s)"
                    % (type(failure).__name__, failure)
                )
            raise
        saved.restore()
    finally:
        saved.close()


@contextlib.contextmanager
def _parametrizations_uncached() -> typing.Iterator[None]:
    """Inside, parametrized tensors are computed anew at each access, outside any
    `parametrize.cached()` the user is in: its cache (a module global, kept until the
    outermost context exits) would otherwise hand the user's forward the tensor our
    forward made (without gradients, or in our graph, whose saved values we drop) and
    hand ours the user's. A forward's own `cached()` gets a cache of its own; the user's
    (and whether caching is on) is put back on exit.

    Both are torch's module globals, shared by all threads: a forward of another thread
    inside its `cached()` during the call runs uncached, and one that enters `cached()`
    meanwhile shares the call's cache. What other threads' contexts add to or take from
    the count meanwhile is kept (a thread that left its `cached()` during the call would
    otherwise find caching on for good, with the weights of its last forward)."""
    enabled, cache = parametrize._cache_enabled, parametrize._cache
    parametrize._cache_enabled, parametrize._cache = 0, {}
    try:
        yield
    finally:
        parametrize._cache_enabled += enabled
        parametrize._cache = cache if parametrize._cache_enabled else {}


@contextlib.contextmanager
def eager_forward(
    model: torch.nn.Module, modules: typing.Sequence[torch.nn.Module] | None = None
) -> typing.Iterator[None]:
    """Run `model`'s forward eagerly inside, with no part in torch.compile's state.

    `model.compile()` (in place, unlike `torch.compile(model)`, whose eager module
    recording.unwrap_model records) routes every later call of the module through dynamo:
    the recorded forward's hooks and recording modes would then be traced, break graphs
    and add compilations that training goes on to use. Inside, each module's compiled
    forward is set aside (its eager `_call_impl` runs) and, once dynamo is in use,
    `torch.compiler.set_stance("force_eager")` runs any other compiled code eagerly (a
    `torch.compile`d submodule or function); both are put back on exit.
    """
    compiled = [
        (m, m.__dict__.pop("_compiled_call_impl"))
        for m in (modules if modules is not None else model.modules())
        if m.__dict__.get("_compiled_call_impl") is not None
    ]
    try:
        set_stance = getattr(torch.compiler, "set_stance", None)  # torch 2.6 and later
        if set_stance is not None and "torch._dynamo" in sys.modules:  # nothing is compiled before
            with set_stance("force_eager"):
                yield
        else:
            yield
    finally:
        for module, impl in compiled:
            module.__dict__["_compiled_call_impl"] = impl


class ParameterVersions(NamedTuple):
    """The walked model's parameters and their version counters, as two lists: a deep
    stack of tiny layers reads and compares a thousand counters a call."""

    parameters: list[torch.Tensor]
    versions: list[int]


def parameter_versions(walk: ModelWalk) -> ParameterVersions:
    """The parameters of the walked model with their version counters, to tell later
    which parameters were written. Parameters made under torch.inference_mode have no
    counter and are left out (a lazy module's uninitialized parameter, which the forward
    may materialize, has one). A parameter two modules share appears twice, which
    changed_parameters does not mind."""
    parameters = walk.parameter_tensors
    try:
        return ParameterVersions(parameters, list(map(_VERSION, parameters)))
    except RuntimeError:  # an inference tensor's counter: those are left out
        uninitialized = torch.nn.parameter.UninitializedParameter
        parameters = [p for p in parameters if isinstance(p, uninitialized) or not p.is_inference()]
        return ParameterVersions(parameters, list(map(_VERSION, parameters)))


def changed_parameters(
    named_parameters: typing.Iterable[tuple[str, torch.Tensor]], versions: ParameterVersions
) -> list[str]:
    """Names (from `named_parameters`, the model's (name, parameter) pairs) of the
    parameters whose storage was written since `versions` was taken."""
    now = list(map(_VERSION, versions.parameters))
    if now == versions.versions:
        return []
    changed_ids = set(map(id, itertools.compress(versions.parameters, map(operator.ne, now, versions.versions))))
    return [name for name, p in named_parameters if id(p) in changed_ids]
