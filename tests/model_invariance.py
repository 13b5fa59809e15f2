"""What a call must leave as it was, taken as a snapshot, and two snapshots compared.

A training loop calls add_model_viz between its steps (or between a forward and its
backward); whatever the call changes silently changes training. `take(model, ...)`
records everything such a call could change; `assert_same(before, after)` names each
difference. Shared by the tests of the capture, the framework helpers and the zoo:

    before = model_invariance.take(model, optimizer=opt, inputs=x)
    writer.add_model_viz(model, x, step)
    model_invariance.assert_same(before, model_invariance.take(model, optimizer=opt, inputs=x))

Tensors are compared by their bits (a NaN equals itself, -0.0 differs from 0.0), and by
what torch keeps beside them: dtype, device, shape, strides, requires_grad, the object
itself, its storage (the pointer, and whether it is resizable: `.numpy()` of a CPU
tensor makes it non-resizable for good, which FSDP2 then trips over) and its version
counter (autograd checks it for tensors saved for a pending backward).
"""

from __future__ import annotations

import dataclasses
import gc
import random
import typing

import numpy as np
import torch
from torch.nn.modules import module as nn_module

__all__ = ["Snapshot", "take", "differences", "assert_same", "tensor_bits", "module_generators"]


def tensor_bits(t: torch.Tensor) -> typing.Optional[torch.Tensor]:
    """A copy of `t`'s bytes, flat, to compare exactly (NaN payloads, -0.0); None where a
    tensor holds no values to read (meta). Sparse tensors: their indices and values
    concatenated; a DTensor: its local shard (reading the whole would be a collective)."""
    t = t.detach()
    local = getattr(t, "to_local", None)
    if local is not None:
        t = local()
    if t.device.type == "meta":
        return None
    if t.layout is torch.sparse_coo:
        t = t.coalesce() if not t.is_coalesced() else t
        return torch.cat([tensor_bits(t.indices()), tensor_bits(t.values())])
    if t.layout is not torch.strided:
        return tensor_bits(t.to_dense())
    if t.is_quantized:
        t = t.int_repr()
    t = t.resolve_conj().resolve_neg()  # a conjugate or negative view: its values as it reads them
    return t.reshape(-1).contiguous().view(torch.uint8).cpu().clone()


@dataclasses.dataclass
class TensorRecord:
    """One tensor as a call must leave it."""

    obj: torch.Tensor
    bits: typing.Optional[torch.Tensor]
    facts: tuple  # dtype, device, shape, strides, requires_grad
    storage: tuple  # (data pointer, resizable) or () where there is no plain storage
    version: typing.Optional[int]  # None for inference tensors, which have none

    @classmethod
    def of(cls, t: torch.Tensor) -> "TensorRecord":
        local = t.to_local() if hasattr(t, "to_local") else t
        strided = local.layout is torch.strided
        storage: tuple = ()
        if strided and local.device.type != "meta":
            untyped = local.untyped_storage()
            storage = (untyped.data_ptr(), untyped.resizable())
        facts = (t.dtype, t.device, tuple(t.shape), t.stride() if strided else None, t.requires_grad)
        version = None if t.is_inference() else t._version
        return cls(t, tensor_bits(t), facts, storage, version)

    def differences(self, other: "TensorRecord", name: str, versions: bool) -> list[str]:
        found = []
        if other.obj is not self.obj:
            found.append("%s: a different tensor object" % name)
        if other.facts != self.facts:
            labels = ("dtype", "device", "shape", "strides", "requires_grad")
            for label, a, b in zip(labels, self.facts, other.facts):
                if a != b:
                    found.append("%s: %s %r -> %r" % (name, label, a, b))
        if (self.bits is None) != (other.bits is None) or (
            self.bits is not None and not torch.equal(self.bits, other.bits)
        ):
            found.append("%s: values changed" % name)
        if other.storage[:1] != self.storage[:1]:
            found.append("%s: storage replaced (data_ptr %s -> %s)" % (name, self.storage[:1], other.storage[:1]))
        if other.storage[1:] != self.storage[1:]:
            found.append("%s: storage resizable %s -> %s" % (name, self.storage[1:], other.storage[1:]))
        if versions and other.version != self.version:
            found.append("%s: version counter %s -> %s" % (name, self.version, other.version))
        return found


def _hook_dicts(module: torch.nn.Module) -> dict:
    """Every hook dictionary of a module (forward, pre-forward, backward, state-dict ones,
    their kwargs and always-called variants), by attribute name, as plain dicts."""
    return {name: dict(value) for name, value in vars(module).items() if "hook" in name and isinstance(value, dict)}


def _global_hook_dicts() -> dict:
    return {
        name: dict(value)
        for name, value in vars(nn_module).items()
        if name.startswith("_global_") and isinstance(value, dict)
    }


def module_generators(model: torch.nn.Module) -> list[tuple[str, torch.Generator]]:
    """(path, generator) of every torch.Generator a module keeps as an attribute, directly
    or inside a list, tuple or dict attribute."""
    found = []
    for prefix, module in model.named_modules(remove_duplicate=False):
        for name, value in vars(module).items():
            items: typing.Iterable = ()
            if isinstance(value, torch.Generator):
                items = [("", value)]
            elif isinstance(value, (list, tuple)):
                items = [("[%d]" % i, v) for i, v in enumerate(value)]
            elif isinstance(value, dict) and name not in ("_parameters", "_buffers", "_modules"):
                items = [("[%r]" % k, v) for k, v in value.items()]
            for suffix, item in items:
                if isinstance(item, torch.Generator):
                    found.append(("%s.%s%s" % (prefix, name, suffix) if prefix else name + suffix, item))
    return found


def _rng_states(model: typing.Optional[torch.nn.Module]) -> dict:
    states = {
        "torch CPU generator": torch.get_rng_state(),
        "numpy global generator": np.random.get_state(),
        "Python random": random.getstate(),
    }
    if torch.cuda.is_available() and torch.cuda.is_initialized():
        for i, state in enumerate(torch.cuda.get_rng_state_all()):
            states["CUDA generator %d" % i] = state
    if model is not None:
        for path, generator in module_generators(model):
            states["generator %s" % path] = (generator, generator.get_state())
    return states


def _same_value(a: typing.Any, b: typing.Any) -> bool:
    """Equality of nested states: tensors and arrays by their bits, a generator by identity."""
    if isinstance(a, torch.Tensor) or isinstance(b, torch.Tensor):
        if not (isinstance(a, torch.Tensor) and isinstance(b, torch.Tensor)):
            return False
        bits_a, bits_b = tensor_bits(a), tensor_bits(b)
        return (
            a.dtype == b.dtype
            and a.shape == b.shape
            and (
                bits_a is None
                and bits_b is None
                or bits_a is not None
                and bits_b is not None
                and torch.equal(bits_a, bits_b)
            )
        )
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return (
            isinstance(a, np.ndarray)
            and isinstance(b, np.ndarray)
            and a.dtype == b.dtype
            and a.shape == b.shape
            and a.tobytes() == b.tobytes()
        )
    if isinstance(a, torch.Generator):
        return a is b
    if isinstance(a, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(_same_value(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(_same_value(a[k], b[k]) for k in a)
    return a == b or (a != a and b != b)  # NaN equals NaN here


def _optimizer_state(optimizer: torch.optim.Optimizer) -> dict:
    """The optimizer's state dict (state tensors cloned) and its param groups, with the
    parameters' identity and the state tensors' objects."""
    state = optimizer.state_dict()
    cloned = {
        key: {
            name: value.detach().clone() if isinstance(value, torch.Tensor) else value for name, value in entry.items()
        }
        for key, entry in state["state"].items()
    }
    objects = {
        id(key): {name: value for name, value in entry.items() if isinstance(value, torch.Tensor)}
        for key, entry in optimizer.state.items()
    }
    groups = [{k: v for k, v in group.items() if k != "params"} for group in optimizer.param_groups]
    params = [[id(p) for p in group["params"]] for group in optimizer.param_groups]
    return {"state": cloned, "param_groups": groups, "params": params, "objects": objects}


@dataclasses.dataclass
class Snapshot:
    """Everything about a model, its optimizer, its inputs and the process that a call
    must leave as it was (see the module docstring)."""

    modules: list  # (path, module object)
    tensors: dict  # label -> TensorRecord
    training: list  # (path, training flag)
    hooks: dict  # (path, dict name) -> dict
    global_hooks: dict
    compiled: list  # (path, the module's _compiled_call_impl)
    rng: dict
    modes: dict
    optimizer: typing.Optional[dict]
    input_grad_fns: list


def _tensors_in(value: typing.Any, prefix: str = "input") -> list[tuple[str, torch.Tensor]]:
    if isinstance(value, torch.Tensor):
        return [(prefix, value)]
    if isinstance(value, dict):
        return [pair for k, v in value.items() for pair in _tensors_in(v, "%s[%r]" % (prefix, k))]
    if isinstance(value, (list, tuple)):
        return [pair for i, v in enumerate(value) for pair in _tensors_in(v, "%s[%d]" % (prefix, i))]
    return []


def take(
    model: torch.nn.Module,
    optimizer: typing.Optional[torch.optim.Optimizer] = None,
    inputs: typing.Any = None,
    outputs: typing.Any = None,
) -> Snapshot:
    """A snapshot of `model` (every parameter, gradient and buffer, every module's flags
    and hooks, the generators it owns), `optimizer`'s state, the tensors in `inputs` and
    `outputs` (tensors returned by an earlier forward, still alive), and the process's
    random number generators, autograd modes and global module hooks."""
    modules = list(model.named_modules(remove_duplicate=False))
    tensors = {}
    for name, p in model.named_parameters(remove_duplicate=False):
        tensors["parameter %s" % name] = TensorRecord.of(p)
        if p.grad is not None:
            tensors["gradient of %s" % name] = TensorRecord.of(p.grad)
        else:
            tensors.setdefault("gradient of %s" % name, None)
    for name, b in model.named_buffers(remove_duplicate=False):
        tensors["buffer %s" % name] = TensorRecord.of(b)
    for label, t in _tensors_in(inputs, "input") + _tensors_in(outputs, "output"):
        tensors[label] = TensorRecord.of(t)
    return Snapshot(
        modules=modules,
        tensors=tensors,
        training=[(path, m.training) for path, m in modules],
        hooks={(path, name): hooks for path, m in modules for name, hooks in _hook_dicts(m).items()},
        global_hooks=_global_hook_dicts(),
        compiled=[(path, getattr(m, "_compiled_call_impl", None)) for path, m in modules],
        rng=_rng_states(model),
        modes={
            "grad mode": torch.is_grad_enabled(),
            "inference mode": torch.is_inference_mode_enabled(),
            "garbage collector": gc.isenabled(),
            "anomaly detection": torch.is_anomaly_enabled(),
        },
        optimizer=_optimizer_state(optimizer) if optimizer is not None else None,
        input_grad_fns=[(label, t.grad_fn) for label, t in _tensors_in(inputs, "input")],
    )


def differences(before: Snapshot, after: Snapshot, versions: bool = True) -> list[str]:
    """What differs between two snapshots, one line each; empty if nothing does.
    `versions=False` leaves version counters out."""
    found = []
    if [(p, id(m)) for p, m in before.modules] != [(p, id(m)) for p, m in after.modules]:
        found.append("submodules were added, removed or replaced")
    for label in before.tensors.keys() | after.tensors.keys():
        a, b = before.tensors.get(label), after.tensors.get(label)
        if a is None and b is None:
            continue
        if a is None or b is None:
            found.append("%s: %s" % (label, "appeared" if a is None else "is gone"))
            continue
        found += a.differences(b, label, versions)
    for (path, flag), (_, now) in zip(before.training, after.training):
        if flag != now:
            found.append("module %r: training %s -> %s" % (path, flag, now))
    for key in before.hooks.keys() | after.hooks.keys():
        if before.hooks.get(key, {}) != after.hooks.get(key, {}):
            found.append("module %r: %s changed" % key)
    for name in before.global_hooks.keys() | after.global_hooks.keys():
        if before.global_hooks.get(name, {}) != after.global_hooks.get(name, {}):
            found.append("global %s changed" % name)
    for (path, impl), (_, now) in zip(before.compiled, after.compiled):
        if impl is not now:
            found.append("module %r: compiled forward %r -> %r" % (path, impl, now))
    for name in before.rng.keys() | after.rng.keys():
        if not _same_value(before.rng.get(name), after.rng.get(name)):
            found.append("%s: state changed" % name)
    for name, value in before.modes.items():
        if after.modes[name] != value:
            found.append("%s: %s -> %s" % (name, value, after.modes[name]))
    if (before.optimizer is None) != (after.optimizer is None):
        found.append("optimizer: compared with no optimizer")
    elif before.optimizer is not None:
        for part in ("state", "param_groups", "params"):
            if not _same_value(before.optimizer[part], after.optimizer[part]):
                found.append("optimizer %s changed" % part)
        objects_before, objects_after = before.optimizer["objects"], after.optimizer["objects"]
        if objects_before.keys() != objects_after.keys() or any(
            a is not objects_after[k].get(n) for k, entry in objects_before.items() for n, a in entry.items()
        ):
            found.append("optimizer state tensors were replaced")
    for (label, grad_fn), (_, now) in zip(before.input_grad_fns, after.input_grad_fns):
        if grad_fn is not now:
            found.append("%s: grad_fn changed" % label)
    return sorted(found)


def assert_same(before: Snapshot, after: Snapshot, versions: bool = True) -> None:
    """Fail naming every difference between two snapshots (see `differences`)."""
    found = differences(before, after, versions)
    assert not found, (
        "the call changed:\n  "
        + "\n  ".join(found[:40])
        + ("\n  ... and %d more" % (len(found) - 40) if len(found) > 40 else "")
    )
