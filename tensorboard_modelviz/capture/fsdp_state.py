"""Sharded models: whether a forward needs every rank, and leaving FSDP2 units sharded.

`collective_forward` says whether a model's forward makes collective calls, so that
every rank has to take part in a call (the writer waits for them; the capture takes no
forward with gradients on such a model, whose backward hooks would start collectives
and whose flat or unsharded parameters it would disturb).

FSDP2 (`fully_shard`) swaps each unit's sharded parameters (DTensors, the ones the
optimizer holds) for unsharded ones in its pre-forward, and back in its post-forward,
except the root unit, which stays unsharded until its backward. The recorded forward
runs under no_grad and has no backward: it would leave the root's unsharded parameters
in place, so that the optimizer's next step updated the shards while the next forward
ran on the stale unsharded copies, and training diverged from the run without the call
(weights differed after three steps of a model with a BatchNorm in the root unit).
So each unit found sharded is resharded as soon as its forward ends, by a forward hook
that is removed afterwards (`FSDPModule.reshard`, a public call).
"""

import contextlib
import sys
from typing import Iterator, Optional

import torch


def in_process_group() -> bool:
    return torch.distributed.is_available() and torch.distributed.is_initialized()


def collective_forward(model: torch.nn.Module, mode: Optional[str] = None) -> bool:
    """Whether `model`'s forward makes collective calls, so that every rank has to take
    part in a call: FSDP2 (`fully_shard`) and FSDP1 modules gather their parameters,
    DTensor parameters (tensor parallel) are gathered for their statistics, and
    SyncBatchNorm in train mode (`mode`: the call's option) reduces its statistics across
    ranks. DDP needs no collective in a forward of its unwrapped module. Without a
    process group nothing is looked at (a walk over a BERT's modules and parameters
    costs about 0.6 ms)."""
    if not in_process_group() or not isinstance(model, torch.nn.Module):
        return False
    from torch.distributed.fsdp import FSDPModule, FullyShardedDataParallel

    for module in model.modules():
        if isinstance(module, (FSDPModule, FullyShardedDataParallel)):
            return True
        if isinstance(module, torch.nn.SyncBatchNorm) and (module.training if mode is None else mode == "train"):
            return True
    return any(_is_dtensor(p) for p in model.parameters())


def _is_dtensor(tensor: torch.Tensor) -> bool:
    return hasattr(tensor, "full_tensor")


def _unit_class() -> Optional[type]:
    fsdp = sys.modules.get("torch.distributed.fsdp")  # never imported here: a model sharded by it did
    return getattr(fsdp, "FSDPModule", None) if fsdp is not None else None


@contextlib.contextmanager
def units_resharded_as_before(model: torch.nn.Module) -> Iterator[None]:
    """Reshards every FSDP2 unit that the block finds sharded as soon as its forward ends.

    Right after the forward, not on exit: the call reads the parameters' statistics and
    gradients after its forward, and the gradients are on the sharded parameters. A unit
    left unsharded on purpose (between a forward and its backward) is left as it is.
    """
    unit_class = _unit_class()
    units = (
        []
        if unit_class is None
        else [unit for unit in model.modules() if isinstance(unit, unit_class) and _is_sharded_now(unit, unit_class)]
    )
    handles = [unit.register_forward_hook(_reshard_after_forward) for unit in units]
    try:
        yield
    finally:
        for handle in handles:
            handle.remove()
        for unit in units:
            unit.reshard()  # type: ignore[operator]  # FSDPModule's; also where the forward failed before the hook ran; a no-op otherwise


def _is_sharded_now(unit: torch.nn.Module, unit_class: type) -> bool:
    """Whether the parameters the unit manages (those of its submodules not inside a
    nested unit) are registered as its shards (DTensors)."""
    managed = list(_managed_parameters(unit, unit_class))
    return bool(managed) and all(map(_is_dtensor, managed))


def _managed_parameters(module: torch.nn.Module, unit_class: type) -> Iterator[torch.nn.Parameter]:
    yield from module.parameters(recurse=False)
    for child in module.children():
        if not isinstance(child, unit_class):
            yield from _managed_parameters(child, unit_class)


def _reshard_after_forward(unit: torch.nn.Module, args: tuple, output: object) -> None:
    unit.reshard()  # type: ignore[operator]  # an FSDPModule's method, unknown to nn.Module's types
