"""The layer table: one row per module call, plus the modules that never ran.

Per-call facts (shapes, FLOPs, output bytes) come from the trace; per-module facts
(parameters, kernel) from the module itself. Parameters are counted by identity, so a
parameter shared by two modules (tied embeddings) counts once in any total; the module
that registers it second names where it is stored (`tied_params`), so a view can say so
and leave it out when adding up siblings.
"""

from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

import torch

# tracer.ModuleCall: one module call of the recorded forward (its slots are not annotated yet).
ModuleCall = Any

_KERNEL_FIELDS = ("kernel_size", "stride", "groups")


_DTYPE_NAMES: dict[torch.dtype, str] = {}


def dtype_name(dtype: torch.dtype) -> str:
    """A dtype as the documents name it ("float32"): made once per dtype."""
    name = _DTYPE_NAMES.get(dtype)
    if name is None:
        name = _DTYPE_NAMES[dtype] = str(dtype).replace("torch.", "")
    return name


def _plain(value: object) -> object:
    if isinstance(value, tuple):
        return list(value)
    return value


def _param_totals(params: Iterable[torch.Tensor]) -> dict[str, Any]:
    """Counts and bytes of an iterable of distinct parameters."""
    total = trainable = 0
    by_dtype: dict[str, int] = {}
    for p in params:
        n = p.numel()
        total += n
        if p.requires_grad:
            trainable += n
        name = dtype_name(p.dtype)
        by_dtype[name] = by_dtype.get(name, 0) + n * p.element_size()
    return {"params_total": total, "trainable": trainable, "frozen": total - trainable, "param_bytes": by_dtype}


class Module(NamedTuple):
    """One module of the model, as ModuleFacts keeps it."""

    name: str
    module: torch.nn.Module
    facts: dict[str, Any]  # the fields of its layer rows that the module alone decides


class ModuleFacts:
    """Static facts about each module, computed once per capture.

    Parameter totals cover a module's whole subtree, each parameter once. They are
    gathered once per module from its children's (`_subtree_parameters`) rather than by
    asking every module for all its parameters, which costs a deep model quadratic time;
    where the modules form a tree and each parameter has one holder (`_disjoint`), they
    are its own plus its children's, without the subtrees' sets of parameters. Where a
    module is its own descendant (a cycle of modules: one registered as its own child,
    or holding a module that holds it), torch's `named_modules` still takes each module
    once, and so does every walk here: a module's subtree is then every module reachable
    from it, each gathered by a walk of its own (`_reachable_parameters`).
    """

    def __init__(self, model: torch.nn.Module) -> None:
        self.by_id: dict[int, Module] = {}  # by id(module)
        subtrees: dict[int, dict[int, torch.Tensor]] = {}
        totals: dict[int, dict[str, Any]] = {}  # id(module) -> _param_totals of its subtree
        # id(p) -> the name a parameter is stored under (named_parameters' first)
        first_names: dict[int, str] = {}
        named = list(model.named_modules())
        # id(module) -> _own_parameters(module), read once for the rows and the totals
        owns = {id(module): _own_parameters(module) for _, module in named}
        disjoint = _disjoint(named, owns)
        cyclic = not disjoint and _cyclic(model)
        for name, module in named:
            if id(module) in self.by_id:
                continue
            own = owns[id(module)]
            param_names = [(name + "." if name else "") + n for n, _ in own]
            facts: dict[str, Any] = {
                "params": sum(p.numel() for _, p in own),
                "param_names": param_names,
                "extra": module.extra_repr(),
            }
            tied = {}
            for qualified, (_, p) in zip(param_names, own):
                first = first_names.setdefault(id(p), qualified)
                if first != qualified:
                    tied[qualified] = first
            if tied:  # GPT-2's lm_head.weight is transformer.wte.weight
                facts["tied_params"] = tied
                facts["params_tied"] = sum(p.numel() for q, (_, p) in zip(param_names, own) if q in tied)
            if cyclic:
                facts.update(_param_totals(_reachable_parameters(module, owns).values()))
            else:
                facts.update(_subtree_totals(module, subtrees, totals, owns, disjoint))
            for field in _KERNEL_FIELDS:
                value = _kernel_field(module, field)
                if isinstance(value, (int, tuple)) and not isinstance(value, bool):
                    facts[field] = _plain(value)
            self.by_id[id(module)] = Module(name, module, facts)


_MODULE_GETATTR = torch.nn.Module.__getattr__


def _kernel_field(module: torch.nn.Module, field: str) -> object:
    """getattr(module, field, None), without nn.Module's __getattr__ where the module
    does not hold the field itself: that looks for a parameter, buffer or submodule of
    that name (none of which is a number) and raises, which costs each module without a
    kernel microseconds per field."""
    found = module.__dict__.get(field, _MISSING)
    if found is not _MISSING:
        return found
    if hasattr(type(module), field) or type(module).__getattr__ is not _MODULE_GETATTR:
        return getattr(module, field, None)
    return None


_MISSING = object()


def _own_parameters(module: torch.nn.Module) -> list[tuple[str, torch.Tensor]]:
    """(name, parameter) pairs registered on `module` itself. Read from `_parameters`:
    `named_parameters(recurse=False)` walks the submodules all the same, ten times slower,
    and this runs for every module of the model."""
    seen: set[int] = set()
    own: list[tuple[str, torch.Tensor]] = []
    for name, p in module._parameters.items():
        if p is not None and id(p) not in seen:  # one parameter under two names counts once
            seen.add(id(p))
            own.append((name, p))
    return own


OwnParameters = dict[int, list[tuple[str, torch.Tensor]]]  # id(module) -> _own_parameters(module)


def _own(module: torch.nn.Module, owns: OwnParameters) -> list[tuple[str, torch.Tensor]]:
    found = owns.get(id(module))
    return found if found is not None else _own_parameters(module)


def _subtree_parameters(
    module: torch.nn.Module, memo: dict[int, dict[int, torch.Tensor]], owns: OwnParameters
) -> dict[int, torch.Tensor]:
    """{id(p): p} of every parameter in `module`'s subtree, memoised per module in `memo`;
    `owns`: the modules' own parameters where read already."""
    found = memo.get(id(module))
    if found is None:
        found = {id(p): p for _, p in _own(module, owns)}
        for child in module.children():
            found.update(_subtree_parameters(child, memo, owns))
        memo[id(module)] = found
    return found


def _cyclic(model: torch.nn.Module) -> bool:
    """Whether a module of `model` is its own descendant, told by one depth-first walk
    (each module entered once; one met again while it is still being walked closes a
    cycle)."""
    finished: dict[int, bool] = {id(model): False}
    stack = [(model, iter(model.children()))]
    while stack:
        module, children = stack[-1]
        child = next(children, None)
        if child is None:
            finished[id(module)] = True
            stack.pop()
        elif id(child) not in finished:
            finished[id(child)] = False
            stack.append((child, iter(child.children())))
        elif not finished[id(child)]:
            return True
    return False


def _reachable_parameters(module: torch.nn.Module, owns: OwnParameters) -> dict[int, torch.Tensor]:
    """{id(p): p} of every parameter held by a module reachable from `module` (itself
    included), each module taken once: a subtree where modules form a cycle."""
    found: dict[int, torch.Tensor] = {}
    seen: set[int] = set()
    pending = [module]
    while pending:
        reached = pending.pop()
        if id(reached) not in seen:
            seen.add(id(reached))
            found.update((id(p), p) for _, p in _own(reached, owns))
            pending.extend(reached.children())
    return found


def _disjoint(named: list[tuple[str, torch.nn.Module]], owns: OwnParameters) -> bool:
    """Whether no subtree of the model shares a parameter with another: each module but
    the root is the child of one module (`named`: the model's named_modules), and each
    parameter is held by one module (`owns`: each module's own parameters)."""
    held = [id(p) for own in owns.values() for _, p in own]
    if len(set(held)) != len(held):  # a tied weight (GPT-2's): told before the links are counted
        return False
    return sum(len({id(child) for child in module.children()}) for _, module in named) == len(named) - 1


def _subtree_totals(
    module: torch.nn.Module,
    memo: dict[int, dict[int, torch.Tensor]],
    totals: dict[int, dict[str, Any]],
    owns: OwnParameters,
    disjoint: bool = False,
) -> dict[str, Any]:
    """_param_totals of `module`'s subtree, memoised in `totals`: its own parameters' added
    to its children's subtrees' where no parameter is in two of them (each then counts
    once, as it does in the union), else counted from the union itself. `disjoint`: no
    subtree of the model shares a parameter with another (_disjoint), so no union is
    needed to tell."""
    found = totals.get(id(module))
    if found is not None:
        return found
    own = _own(module, owns)
    children = {id(child): child for child in module.children()}.values()
    union = None
    if not disjoint:
        union = _subtree_parameters(module, memo, owns)
        if len(own) + sum(len(_subtree_parameters(child, memo, owns)) for child in children) == len(union):
            union = None  # no parameter in two parts of the subtree
    if union is not None:
        found = _param_totals(union.values())  # a parameter shared between parts of the subtree
    else:
        found = _param_totals(p for _, p in own)
        for child in children:
            _add_totals(found, _subtree_totals(child, memo, totals, owns, disjoint))
    totals[id(module)] = found
    return found


def _add_totals(into: dict[str, Any], other: dict[str, Any]) -> None:
    for field in ("params_total", "trainable", "frozen"):
        into[field] += other[field]
    by_dtype = into["param_bytes"] = dict(into["param_bytes"])
    for name, size in other["param_bytes"].items():
        by_dtype[name] = by_dtype.get(name, 0) + size


def layer_rows(model: torch.nn.Module, calls: Sequence[ModuleCall], facts: ModuleFacts) -> list[dict[str, Any]]:
    """Rows (documents.LayerRow) in execution order (pre-order of the call tree), then
    modules that never ran."""
    rows = []
    calls_per_module: dict[int, int] = {}
    for call in calls:
        calls_per_module[call.module_id] = calls_per_module.get(call.module_id, 0) + 1
    for call in calls:
        row = {
            "key": call.key,
            "node": call.node,
            "name": call.name,
            "type": call.type,
            "depth": call.depth,
            "parent": call.parent.key if call.parent is not None else None,
            "call": call.call,
            "calls": calls_per_module[call.module_id],
            "input_shapes": call.input_shapes,
            "output_shapes": call.output_shapes,
            "flops": call.flops,
            "output_bytes": call.output_bytes,
        }
        row.update(facts.by_id[call.module_id].facts)
        rows.append(row)
    for module_id, (name, module, module_facts) in facts.by_id.items():
        if module_id in calls_per_module:
            continue
        parent = name.rsplit(".", 1)[0] if "." in name else ""
        row = {
            "key": name + "#0",
            "node": None,
            "name": name,
            "type": type(module).__name__,
            "depth": name.count(".") + 1 if name else 0,
            "parent": None if not name else parent + "#0",
            "call": 0,
            "calls": 0,
            "input_shapes": [],
            "output_shapes": [],
            "flops": 0,
            "output_bytes": 0,
        }
        row.update(module_facts)
        rows.append(row)
    return rows


def model_totals(
    model: torch.nn.Module, calls: Sequence[ModuleCall], input_bytes: int, facts: ModuleFacts | None = None
) -> dict[str, Any]:
    """Whole-model totals (documents.Totals): every parameter once, FLOPs of the whole
    forward. `facts`: the model's ModuleFacts, whose root row has its parameter totals."""
    root = facts.by_id.get(id(model)) if facts is not None else None
    totals = (
        {key: root.facts[key] for key in ("params_total", "trainable", "frozen")}
        | {"param_bytes": dict(root.facts["param_bytes"])}
        if root is not None
        else _param_totals(model.parameters())
    )
    totals["params"] = totals.pop("params_total")
    totals["buffer_bytes"] = sum(b.numel() * b.element_size() for b in model.buffers())
    has_children = {id(c.parent) for c in calls if c.parent is not None}
    totals["flops"] = calls[0].flops if calls else 0
    totals["output_bytes"] = sum(c.output_bytes for c in calls if id(c) not in has_children)
    totals["input_bytes"] = input_bytes
    totals["module_calls"] = len(calls)
    return totals
