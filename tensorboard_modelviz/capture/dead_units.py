"""Dead units: the fraction of a layer's units that are ≤ 0 for every item of the batch
where they enter a ReLU, so that the ReLU passes them no gradient (format/metrics.py,
`dead_units`).

Measured on the input of every relu-family call, whether the model calls an
`nn.ReLU`/`nn.ReLU6` module or the function itself (`F.relu`, `torch.relu`, `x.relu()`,
`F.relu6`, and `F.hardtanh` with a lower bound of 0, which is what `nn.ReLU6` calls).
The relu family is the functions that output exactly 0, with a zero gradient, for every
negative input; LeakyReLU, ELU, GELU and SiLU pass a gradient there and are left out.

A unit is a channel (dimension 1) of a 4-D or 5-D tensor and of a Conv1d's 3-D output,
otherwise a feature (the last dimension). The value belongs to the ReLU module's own call
when the ReLU is a module, else to the module call that returned the ReLU's input (a
functional relu after `self.conv1(x)` counts for `conv1#0`); an input that no module
returned (`F.relu(a + b)`) is not attributed.
"""

import typing

import torch
import torch.nn.functional as F
from torch.overrides import TorchFunctionMode

RELU_MODULE_TYPES = ("ReLU", "ReLU6")

_RELU_FUNCTIONS = frozenset(
    f for f in (torch.relu, torch.relu_, F.relu, F.relu_, F.relu6, torch.Tensor.relu, torch.Tensor.relu_,
                getattr(torch._C._nn, "relu6", None))
    if f is not None)
_HARDTANH_FUNCTIONS = frozenset(
    f for f in (F.hardtanh, F.hardtanh_, torch._C._nn.hardtanh, getattr(torch._C._nn, "hardtanh_", None))
    if f is not None)


def relu_input(func: typing.Callable[..., typing.Any], args: tuple[typing.Any, ...],
               kwargs: dict[str, typing.Any]) -> typing.Optional[torch.Tensor]:
    """The tensor a relu-family call zeroes the negatives of, or None for any other call."""
    if func in _RELU_FUNCTIONS:
        pass
    elif func in _HARDTANH_FUNCTIONS:
        low = args[1] if len(args) > 1 else kwargs.get("min_val", -1.0)
        if low != 0:
            return None
    else:
        return None
    x = args[0] if args else kwargs.get("input")
    return x if isinstance(x, torch.Tensor) else None


def unit_dimension(t: torch.Tensor, producer_type: typing.Optional[str]) -> typing.Optional[int]:
    """The dimension that indexes units (see the module docstring); None without a batch."""
    if t.dim() < 2:
        return None
    if t.dim() >= 4 or (t.dim() == 3 and (producer_type or "").startswith("Conv")):
        return 1
    return t.dim() - 1


def dead_count(t: torch.Tensor, dim: int) -> torch.Tensor:
    """How many units along `dim` are ≤ 0 everywhere else (a 0-d tensor on t's device)."""
    others = [d for d in range(t.dim()) if d != dim]
    return (torch.amax(t, dim=others) <= 0).sum()


class DeadUnitWatcher(TorchFunctionMode):
    """Sees the relu-family calls of the recorded forward and has `trace` measure their
    inputs (tracer.Trace.observe_relu); every other call passes straight through."""

    def __init__(self, trace: typing.Any) -> None:
        super().__init__()
        self.trace = trace

    def __torch_function__(self, func: typing.Callable[..., typing.Any], types: typing.Collection[type],
                           args: tuple[typing.Any, ...] = (),
                           kwargs: typing.Optional[dict[str, typing.Any]] = None) -> typing.Any:
        kwargs = kwargs or {}
        if func in _RELU_FUNCTIONS or func in _HARDTANH_FUNCTIONS:
            x = relu_input(func, args, kwargs)
            if x is not None:
                self.trace.observe_relu(x)
        return func(*args, **kwargs)
