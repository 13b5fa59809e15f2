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

Two ways see the relu calls. The tracer's module hooks, which run anyway, count the
calls of `nn.ReLU`, `nn.ReLU6` and `nn.Hardtanh` modules (`relu_module_kind`). Every other
relu-family call, functional or inside a module of another type, only a TorchFunctionMode
sees (`DeadUnitWatcher`), which costs every torch function of the forward its Python
overhead: a forward whose structure is known runs it only where the forward that recorded
the structure made such a call (structure_key.KnownStructure `relu_calls`), so one that
appears later without changing the structure is seen from its next recording. Both count
the same values the same way (`PendingDeadUnits`).
"""

import math
import operator
import typing
from typing import Literal, TypeAlias

import numpy as np
import torch
import torch.nn.functional as F
from torch.overrides import TorchFunctionMode

from tensorboard_modelviz.capture.host_copies import host_view

RELU_MODULE_TYPES = ("ReLU", "ReLU6")

_Group: TypeAlias = tuple[tuple[int, ...], torch.dtype, int]  # (shape, dtype, unit dimension) of copies

_RELU_FUNCTIONS = frozenset(
    f
    for f in (
        torch.relu,
        torch.relu_,
        F.relu,
        F.relu_,
        F.relu6,
        torch.Tensor.relu,
        torch.Tensor.relu_,
        getattr(torch._C._nn, "relu6", None),
    )
    if f is not None
)
_HARDTANH_FUNCTIONS = frozenset(
    f
    for f in (F.hardtanh, F.hardtanh_, torch._C._nn.hardtanh, getattr(torch._C._nn, "hardtanh_", None))
    if f is not None
)


def relu_input(
    func: typing.Callable[..., typing.Any], args: tuple[typing.Any, ...], kwargs: dict[str, typing.Any]
) -> typing.Optional[torch.Tensor]:
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


def relu_module_kind(module: torch.nn.Module) -> Literal["own", "producer"] | None:
    """How the tracer's module hooks count a module's relu call, without the mode: "own" for
    `nn.ReLU` and `nn.ReLU6` (the value is the module call's own), "producer" for
    `nn.Hardtanh` (in the family while its lower bound is 0; the value is the module call's
    that returned its input). None for any other module, subclasses included, and for one
    whose forward was replaced on the instance: their relu calls are the mode's."""
    if "forward" in module.__dict__:
        return None
    kind = type(module)
    if kind is torch.nn.ReLU or kind is torch.nn.ReLU6:
        return "own"
    if kind is torch.nn.Hardtanh:
        return "producer"
    return None


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


def host_unit_maxima(t: torch.Tensor, dim: int, view: np.ndarray | None = None) -> np.ndarray | None:
    """Each unit's maximum along `dim` (NaN where any of its values is NaN), read by numpy
    where `t` is a contiguous, non-empty float32 or float64 CPU tensor (else None): from one
    `np.maximum.reduceat` over the flat values (runs of what follows `dim`; a unit that is
    the last dimension, from the column maxima of the matrix its values make). The same
    maxima as torch's amax, NaN propagating alike, at 20-50 % less time: amax reduces each
    short run of a unit (a 7×7 or 14×14 map) by itself. The largest of them is the
    tensor's maximum, which a relu's output takes from here (tracer.Trace._leave). `view`:
    host_view(t), flat, where the caller has it (a contiguous float32 CPU tensor)."""
    if view is None and not (
        type(t) is torch.Tensor
        and t.device.type == "cpu"
        and t.dtype in _HOST_DTYPES
        and t.layout is torch.strided
        and t.is_contiguous()
        and t.numel() > 0
        and not t.is_neg()
    ):
        return None
    units = t.shape[dim]
    run = math.prod(t.shape[dim + 1 :])
    values = host_view(t).reshape(-1) if view is None else view
    if run == 1:
        return values.reshape(-1, units).max(axis=0)
    # one maximum per (what precedes dim, unit): the batch items' apart
    maxima = np.maximum.reduceat(values, np.arange(0, values.size, run))
    return maxima.reshape(-1, units).max(axis=0) if maxima.size > units else maxima


def dead_in(maxima: np.ndarray) -> int:
    """How many of the units whose maxima these are (host_unit_maxima) are dead."""
    return int(np.count_nonzero(maxima <= 0))


def host_dead_count(t: torch.Tensor, dim: int) -> int | None:
    """dead_count(t, dim) as an int, from host_unit_maxima where it reads `t` (else None;
    tests/capture/test_dead_units.py checks the counts against dead_count)."""
    maxima = host_unit_maxima(t, dim)
    return None if maxima is None else dead_in(maxima)


# The dtypes host_dead_count reads (those numpy holds as torch does).
_HOST_DTYPES = (torch.float32, torch.float64)


class PendingDeadUnits:
    """The dead-unit counts of one forward, completed after it (`finish`).

    Where a relu-family module's output was copied for its statistics (a small CPU
    tensor, statistics.PendingStats), its units are counted from that copy after the
    forward, all copies of one shape at once: the output is 0 exactly where the input is
    ≤ 0 and NaN where it is NaN, so the units that are 0 everywhere in it are those ≤ 0
    everywhere in the input. Counted one by one, each would take three torch calls
    inside the forward. Any other tensor is counted at once (`count`): a float CPU tensor
    by numpy (host_dead_count), any other on its own device, and only the counts travel,
    together.
    """

    def __init__(self) -> None:
        # (layer key, units) of each setting, in the order they were set, as two lists
        self._keys: list[str] = []
        self._units: list[int] = []
        self._at_once: list[torch.Tensor] = []  # 0-d counts of `count`
        self._at_once_settings: list[int] = []  # the index in _keys of each
        self._counted: list[tuple[int, int]] = []  # (the index in _keys, host_dead_count's count)
        # (shape, dtype, unit dimension) -> (the indices in _keys, the copies)
        self._groups: dict[_Group, tuple[list[int], list[torch.Tensor]]] = {}

    def __bool__(self) -> bool:
        return bool(self._keys)

    def count(self, key: str, t: torch.Tensor, dim: int) -> None:
        """The dead units of `t` along `dim`, for `key` (replacing any value it had)."""
        found = host_dead_count(t, dim)
        if found is not None:
            self.add_count(key, found, t.shape[dim])
            return
        self._at_once_settings.append(len(self._keys))
        self._at_once.append(dead_count(t, dim))
        self._keys.append(key)
        self._units.append(t.shape[dim])

    def add_count(self, key: str, dead: int, units: int) -> None:
        """`dead` of `units` units dead, for `key` (replacing any value it had): a count the
        caller made (dead_in of host_unit_maxima)."""
        self._counted.append((len(self._keys), dead))
        self._keys.append(key)
        self._units.append(units)

    def count_copy(self, key: str, copy: torch.Tensor, dim: int, shape: torch.Size | None = None) -> None:
        """The dead units along `dim` of `copy`, a copy of ours that nothing writes, for
        `key`: counted in `finish` with the other copies of its shape and dtype. `shape`:
        copy.shape, where the caller has it (each read makes a torch.Size)."""
        if shape is None:
            shape = copy.shape
        group = self._groups.get((shape, copy.dtype, dim))
        if group is None:
            group = self._groups[(shape, copy.dtype, dim)] = ([], [])
        group[0].append(len(self._keys))
        group[1].append(copy)
        self._keys.append(key)
        self._units.append(shape[dim])

    def finish(self) -> dict[str, float]:
        """The fraction of dead units by layer key, in the order the keys were first set,
        each the value it was set to last."""
        counts = [0] * len(self._keys)
        for (shape, _, dim), (settings, copies) in self._groups.items():
            stacked = torch.stack(copies)
            if math.prod(shape) == shape[dim]:  # each unit is one value (a batch of one)
                dead = (stacked.reshape(len(copies), -1) <= 0).sum(1).tolist()
            else:
                others = [d + 1 for d in range(len(shape)) if d != dim]
                dead = (torch.amax(stacked, dim=others) <= 0).sum(1).tolist()
            for setting, count in zip(settings, dead):
                counts[setting] = count
        for setting, count in self._counted:
            counts[setting] = count
        if self._at_once:
            if len({count.device for count in self._at_once}) == 1:  # one transfer for all
                found = torch.stack(self._at_once).cpu().tolist()
            else:  # a model spread over devices
                found = [count.item() for count in self._at_once]
            for setting, count in zip(self._at_once_settings, found):
                counts[setting] = count
        return dict(zip(self._keys, map(operator.truediv, counts, self._units)))


class DeadUnitWatcher(TorchFunctionMode):
    """Sees the relu-family calls of the recorded forward and has `trace` measure their
    inputs (tracer.Trace.observe_relu); every other call passes straight through."""

    def __init__(self, trace: typing.Any) -> None:
        super().__init__()
        self.trace = trace

    def __torch_function__(
        self,
        func: typing.Callable[..., typing.Any],
        types: typing.Collection[type],
        args: tuple[typing.Any, ...] = (),
        kwargs: typing.Optional[dict[str, typing.Any]] = None,
    ) -> typing.Any:
        kwargs = kwargs or {}
        if func in _RELU_FUNCTIONS or func in _HARDTANH_FUNCTIONS:
            x = relu_input(func, args, kwargs)
            if x is not None:
                self.trace.observe_relu(x)
        return func(*args, **kwargs)
