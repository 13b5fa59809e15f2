"""Statistics of every parameter and gradient of a call, and the values update ratios follow.

A deep stack of tiny layers has a thousand small parameters and gradients, and anything
done per tensor in Python or numpy costs more than its arithmetic. So the small CPU ones
(statistics._copies_in_batch) are copied together into one flat buffer and described as
they lie there in one set of segment passes (statistics.describe_columns); the rest (large,
GPU, sparse, integer, empty) are described one by one. Each figure is computed once: the
norms the statistics give for a parameter's values are those its update ratio divides by
(update_ratio.ParameterHistory).

What the copy needs (which tensors go in the buffer, where each lies, the buffer itself
and a view of it shaped as each tensor) is a `_Layout`, kept per thread while the
parameters and gradients keep their names, types, dtypes, shapes, strides, devices and
layouts (checked by torch's tensor guards, one C++ call over every tensor, where torch
has them, instead of reading a thousand tensors' facts in Python): a training loop's
steady calls refill the same buffer with one
`torch._foreach_copy_`, describe it with the same segment plan (small_stats), and hand
the update ratios every parameter's values as one array (`FlatValues`).
"""

import functools
import itertools
import math
import operator
import threading
from collections.abc import Iterator, Mapping
from typing import Any, Dict, List, Optional, Sequence, Tuple

import numpy as np
import torch

from tensorboard_modelviz.capture.host_copies import HostCopies, host_value, host_view
from tensorboard_modelviz.capture.model_walk import NamedParameters
from tensorboard_modelviz.capture.small_stats import SegmentColumns
from tensorboard_modelviz.capture.stat_columns import StatColumns, StatRow, StatTable
from tensorboard_modelviz.capture.statistics import (
    StatsBatch,
    _copies_in_batch,
    _flat_values,
    _host,
    describe_columns,
    describe_each,
    described_values,
    values_unknown,
)
from tensorboard_modelviz.capture.tensor_guards import guards_pass, tensor_guards


class FlatValues(Mapping):
    """name -> the described values of every parameter, all small CPU ones laid end to end
    in `flat` in the order of `names` (views of it, made when asked): what update ratios
    follow, without a slice per parameter. `norms`: the L2 norm of each one's values where
    the statistics hold it exactly, else NaN (a float64 array, a row a parameter).
    `layout`: an object that stays the same while the parameters keep their names, shapes
    and strides (update_ratio compares it). `described`: the (name, parameter) sequence
    they were described from, where every parameter of it is here (update_ratio takes the
    names where it is handed the very same); held for the call alone, as it holds the
    model's parameters.
    `flat` may be the describing thread's buffer: valid until its next describe_parameters."""

    def __init__(
        self,
        names: List[str],
        flat: np.ndarray,
        sizes: np.ndarray,
        norms: np.ndarray,
        layout: "_Layout",
        described: Optional[Sequence[Tuple[str, torch.nn.Parameter]]] = None,
    ):
        self.names, self.flat, self.sizes, self.norms, self.layout = names, flat, sizes, norms, layout
        self.described = described
        self._where: Optional[Dict[str, Tuple[int, int]]] = None

    def layouts(self) -> List[Tuple[torch.Size, Tuple[int, ...]]]:
        """(shape, strides) of each parameter, as the layout found them."""
        return self.layout.layouts()

    def _slices(self) -> Dict[str, Tuple[int, int]]:
        if self._where is None:
            ends = np.cumsum(self.sizes).tolist()
            self._where = {name: (end - size, end) for name, end, size in zip(self.names, ends, self.sizes.tolist())}
        return self._where

    def __getitem__(self, name: str) -> np.ndarray:
        start, end = self._slices()[name]
        return self.flat[start:end]

    def __iter__(self) -> Iterator[str]:
        return iter(self.names)

    def __len__(self) -> int:
        return len(self.names)


class ParameterStats:
    """What describe_parameters gives: the step document's "params" and "grads" (as
    columns, stat_columns), each parameter's described values (all of them up to
    statistics.EXACT_LIMIT, else the subset) with the L2 norm of those values where the
    statistics hold it exactly, and our own first failure (a parameter whose statistics
    fail is left out, not the others)."""

    def __init__(self) -> None:
        self.params: StatColumns = StatColumns.empty(with_norm=True)
        self.grads: StatColumns = StatColumns.empty(with_norm=True)
        self.values: Mapping[str, np.ndarray] = {}  # a FlatValues where every parameter is small
        self.norms: Mapping[str, float] = {}  # a _LaidOutNorms where every parameter is small
        self.failure: Optional[BaseException] = None


class _LaidOutNorms(Mapping):
    """name -> norm of the laid-out parameters whose norm the statistics hold exactly (not
    NaN in `norms`), made when first read: a steady call's update ratios take the
    FlatValues' column instead, and nothing else reads it."""

    def __init__(self, names: List[str], norms: np.ndarray):
        self._names, self._norms = names, norms
        self._by_name: Optional[Dict[str, float]] = None

    def _made(self) -> Dict[str, float]:
        if self._by_name is None:
            norms = self._norms.tolist()
            self._by_name = {name: norm for name, norm in zip(self._names, norms) if norm == norm}  # not NaN
        return self._by_name

    def __getitem__(self, name: str) -> float:
        return self._made()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._made())

    def __len__(self) -> int:
        return len(self._made())


_Signature = Tuple[List[Any], ...]

# A tensor's dtype, shape, device and layout, read for a thousand tensors by map().
_FACTS = operator.attrgetter("dtype", "shape", "is_cpu", "layout")
# A gradient's: torch refuses one whose device differs from its parameter's.
_GRAD_FACTS = operator.attrgetter("dtype", "shape", "layout")
_STRIDE = operator.methodcaller("stride")
_CONTIGUOUS = operator.methodcaller("is_contiguous")
_GRAD = operator.attrgetter("grad")


def _signature(
    names: List[str], params: List[torch.Tensor], grads: List[Optional[torch.Tensor]], present: List[torch.Tensor]
) -> _Signature:
    """What a _Layout depends on: names, types (a gradient's None included), dtypes,
    shapes, devices and layouts, the parameters' strides (update ratios compare them) and
    those of the gradients that are not contiguous (the order their values are copied in).
    `present`: the gradients that are set, in order."""
    contiguous = list(map(_CONTIGUOUS, present))
    return (
        names,
        list(map(type, params)),
        list(map(type, grads)),
        list(map(_FACTS, params)),
        list(map(_GRAD_FACTS, present)),
        list(map(_STRIDE, params)),
        contiguous,
        list(map(_STRIDE, itertools.compress(present, map(operator.not_, contiguous)))),
    )


def _copy_target(buffer: torch.Tensor, start: int, t: torch.Tensor) -> torch.Tensor:
    """The view of buffer[start : start + t.numel()] that `copy_(t)` fills with t's values
    in the order flat_in_memory_order(t) gives them (statistics._in_memory_order)."""
    part = buffer[start : start + t.numel()]
    if t.is_contiguous():
        return part.view(t.shape)
    order = sorted(range(t.dim()), key=t.stride, reverse=True)  # as flat_in_memory_order
    if not t.permute(order).is_contiguous():  # laid out with gaps: values in logical order
        return part.view(t.shape)
    inverse = sorted(range(t.dim()), key=order.__getitem__)
    return part.view([t.shape[d] for d in order]).permute(inverse)


class _Layout:
    """Which of a call's parameters and gradients (`tensors`: every parameter, then every
    gradient that is set) are copied into the flat buffer (`batched`: the parameters first)
    and which are described alone, with the buffer and, once the layout is used again,
    the views of it each small tensor is copied into."""

    def __init__(
        self, signature: Optional[_Signature], params: List[torch.Tensor], grads: List[Optional[torch.Tensor]]
    ):
        self.signature = signature
        tensors = params + [g for g in grads if g is not None]
        self.batched = [k for k, t in enumerate(tensors) if _copies_in_batch(t)]
        self.alone = [k for k, t in enumerate(tensors) if not _copies_in_batch(t)]
        self.sizes = np.array([tensors[k].numel() for k in self.batched], dtype=np.int64)
        dtypes = [tensors[k].dtype for k in self.batched]  # the buffer's: as torch.cat would make it
        dtype = functools.reduce(torch.promote_types, dtypes) if dtypes else torch.float32
        self.buffer = torch.empty(int(self.sizes.sum()), dtype=dtype, device="cpu")
        self.flat: Optional[np.ndarray] = (
            host_view(self.buffer) if self.buffer.dtype in (torch.float32, torch.float64) else None
        )
        self.targets: Optional[List[torch.Tensor]] = None
        self.used = False
        all_params_batched = not self.alone or self.alone[0] >= len(params)
        self.param_values = int(self.sizes[: len(params)].sum()) if all_params_batched else 0
        self.grad_names = [name for name, g in zip(signature[0], grads) if g is not None] if signature else []
        # torch's tensor guards over `tensors`, made where the signature first finds the
        # layout fits again (about a microsecond a tensor: not for a layout used once).
        self.guards: Any = None
        self.guards_tried = False

    def fits(
        self,
        names: List[str],
        params: List[torch.Tensor],
        grads: List[Optional[torch.Tensor]],
        present: List[torch.Tensor],
    ) -> bool:
        """Whether these parameters and gradients (`present`: those set) have the signature
        this layout was made for: names and which gradients are set compared here, each
        tensor's type, dtype, device, layout, shape and strides by torch's tensor guards in
        one C++ call where it has them, else the signature read again."""
        if self.signature is None or names != self.signature[0]:  # another parameter set's
            return False
        if self.guards is None:
            fits = self.signature == _signature(names, params, grads, present)
            if fits and not self.guards_tried:  # used again: guarded from now on
                self.guards_tried = True
                self.guards = tensor_guards(params + present)
            return fits
        if list(map(type, grads)) != self.signature[2]:
            return False
        if guards_pass(self.guards, params + present):
            return True
        # The guards also hold what the layout does not depend on (requires_grad, the
        # dispatch keys a mode of the caller's adds): where the signature is the same,
        # the layout fits, and is checked by its signature from now on.
        fits = self.signature == _signature(names, params, grads, present)
        if fits:
            self.guards = None
        return fits

    def layouts(self) -> List[Tuple[torch.Size, Tuple[int, ...]]]:
        """(shape, strides) of each parameter, as the signature holds them: asked of the
        layout, not of the FlatValues, by what outlives the call (update_ratio's history),
        which would keep the parameters described alive (FlatValues.described)."""
        assert self.signature is not None  # a layout that is kept
        facts, strides = self.signature[3], self.signature[5]
        return [(fact[1], stride) for fact, stride in zip(facts, strides)]

    def copy(self, tensors: List[torch.Tensor]) -> np.ndarray:
        """The values of the batched ones of `tensors` (laid out as the signature says) as
        one flat float array: at the layout's first use a new one (statistics._flat_values),
        after that the buffer, refilled by one `_foreach_copy_` into views of it shaped as
        each tensor (made at the second use: most layouts of a training loop's calls are
        used again, not all of them)."""
        batched = [tensors[k] for k in self.batched] if self.alone else tensors
        if not self.used:
            self.used = True
            return _flat_values(batched)[0]
        # No mode of the caller's (a FlopCounterMode around the training step) sees our copy.
        with torch.no_grad(), torch._C.DisableTorchFunction(), torch._C._DisableTorchDispatch():
            if self.targets is None:
                starts = (np.cumsum(self.sizes) - self.sizes).tolist()
                self.targets = [_copy_target(self.buffer, start, t) for start, t in zip(starts, batched)]
            torch._foreach_copy_(self.targets, batched)
        return self.flat if self.flat is not None else _host(self.buffer)


# The layouts of the parameter sets described on each thread, the most recently used last.
_LAYOUTS = threading.local()
_LAYOUTS_KEPT = 4


def _layout(
    names: List[str], params: List[torch.Tensor], grads: List[Optional[torch.Tensor]], present: List[torch.Tensor]
) -> _Layout:
    """The _Layout of these parameters and gradients (`present`: the gradients that are
    set): one kept from a call before that fits them, else a new one (kept for the calls
    after, unless a tensor's facts cannot be read as a plain tensor's are).

    Each kept layout is asked, not one found by a key of the names: two parameter sets
    described in turn (a generator and a discriminator, a model and its EMA twin in
    another dtype) keep a layout each, where a key they share would make each call lay
    its set out anew."""
    kept: List[_Layout] = _LAYOUTS.__dict__.setdefault("layouts", [])
    for index in range(len(kept) - 1, -1, -1):
        layout = kept[index]
        try:
            fits = layout.fits(names, params, grads, present)
        except Exception:  # read anew below
            fits = False
        if fits:
            kept.append(kept.pop(index))
            return layout
    try:
        signature: Optional[_Signature] = _signature(names, params, grads, present)
    except Exception:  # an unusual layout or tensor subclass: a layout for this call alone
        signature = None
    layout = _Layout(signature, params, grads)
    if signature is not None:
        kept.append(layout)
        del kept[:-_LAYOUTS_KEPT]
    return layout


def _gradients(
    named_parameters: Sequence[Tuple[str, torch.nn.Parameter]],
) -> Tuple[List[str], List[torch.Tensor], List[Optional[torch.Tensor]], Optional[BaseException]]:
    """(names, parameters, their gradients or None, the first failure): a parameter whose
    gradient cannot be read is left out."""
    names: List[str]
    params: List[torch.Tensor]
    if isinstance(named_parameters, NamedParameters):  # a walk's: the two lists it holds
        names, params = list(named_parameters.names), list(named_parameters.parameters)
    else:
        names, params = map(list, zip(*named_parameters)) if named_parameters else ([], [])
    try:
        return names, params, list(map(_GRAD, params)), None
    except Exception:
        pass  # read one by one below
    kept: List[Tuple[str, torch.Tensor, Optional[torch.Tensor]]] = []
    failure: Optional[BaseException] = None
    for name, p in named_parameters:
        try:
            kept.append((name, p, p.grad))
        except Exception as e:
            failure = failure or e
    return [k[0] for k in kept], [k[1] for k in kept], [k[2] for k in kept], failure


def describe_parameters(named_parameters: Sequence[Tuple[str, torch.nn.Parameter]]) -> ParameterStats:
    """Statistics (with norms) of each parameter and of its gradient where one is set.

    The values of GPU tensors are all copied before the first is read: one wait, not one
    per tensor. A sparse gradient is described apart (statistics.tensor_stats). A
    parameter or gradient that is a wrapper tensor subclass other than a DTensor (a
    TwoTensor, NF4 or float8 weight, or a gradient such a weight makes of a plain bias's)
    is left out, as its values cannot be read (statistics.values_unknown): its own memory
    holds none of them, and figures of it would be garbage (a mean of 1e35)."""
    result = ParameterStats()
    names, params, grads, result.failure = _gradients(named_parameters)
    present = [g for g in grads if g is not None]
    tensors: List[torch.Tensor] = params + present
    copies = HostCopies()
    try:
        layout = _layout(names, params, grads, present)
        try:
            flat = layout.copy(tensors) if layout.batched else np.zeros(0)
        except Exception:  # a kept layout that no longer fits (a tensor changed in place)
            _LAYOUTS.__dict__.get("layouts", []).clear()
            layout = _Layout(None, params, grads)
            flat = layout.copy(tensors) if layout.batched else np.zeros(0)
        alone = [
            (k, described_values(tensors[k], copies) if tensors[k].layout is torch.strided else None)
            for k in layout.alone
            if not values_unknown(tensors[k])  # not described: left out, as a failed one
        ]
    except Exception as e:
        result.failure = result.failure or e
        return result
    copies.wait()
    columns: Optional[SegmentColumns] = None
    figures: List[Any] = []
    if layout.batched:
        try:
            columns = describe_columns(flat, layout.sizes, with_norm=True)
        except Exception:  # described one by one, as dicts (not by the same passes again)
            figures, failure = describe_each(flat, layout.sizes, with_norm=True)
            result.failure = result.failure or failure
    grad_names = layout.grad_names if layout.signature else [name for name, g in zip(names, grads) if g is not None]
    count = len(params)
    if not layout.alone and columns is not None:  # every tensor small, every one described: at once
        assert columns.norm is not None
        rows = np.arange(len(tensors))
        result.params = StatColumns.from_rows(names, rows[:count], columns, with_norm=True)
        result.grads = StatColumns.from_rows(grad_names, rows[count:], columns, with_norm=True)
        norm_column = columns.norm[:count].copy()
        if columns.apart:  # NaN or Inf: their norm is not of every value
            apart = np.fromiter(columns.apart, dtype=np.intp, count=len(columns.apart))
            norm_column[apart[apart < count]] = math.nan
        # The sequence described goes with the values only where each of its parameters is
        # in them (a parameter whose gradient cannot be read is left out): update_ratio then
        # takes the names as they are.
        whole = named_parameters if len(names) == len(named_parameters) else None
        laid_out = FlatValues(names, flat[: layout.param_values], layout.sizes[:count], norm_column, layout, whole)
        result.values = laid_out if layout.signature is not None else dict(laid_out)  # kept layouts only
        result.norms = _LaidOutNorms(names, norm_column)
        return result
    if columns is not None:
        table = StatTable()
        table.columns, table.size = columns, len(layout.batched)
        figures = [StatRow(table, row) for row in range(len(layout.batched))]
    described: List[Any] = [{} for _ in tensors]  # empty: left out
    values: List[Optional[np.ndarray]] = [None] * len(tensors)
    for k, stats, end, size in zip(layout.batched, figures, np.cumsum(layout.sizes).tolist(), layout.sizes.tolist()):
        described[k] = stats
        values[k] = flat[end - size : end]
    batch = StatsBatch(with_norm=True, full_pass=False)
    for k, taken in alone:
        try:
            values[k] = None if taken is None else np.asarray(host_value(taken))
            described[k] = batch.add(tensors[k], values[k])
        except Exception as e:
            result.failure = result.failure or e
    try:
        batch.finish()
    except Exception as e:  # the statistics left empty are left out below
        result.failure = result.failure or e
    owners = [(name, False) for name in names] + [(name, True) for name in grad_names]
    left_out = {name for (name, is_grad), stats in zip(owners, described) if not is_grad and not stats}
    taken_values: Dict[str, np.ndarray] = {}
    norms_by_name: Dict[str, float] = {}
    kept_params: Dict[str, Any] = {}
    kept_grads: Dict[str, Any] = {}
    for (name, is_grad), stats, taken in zip(owners, described, values):
        if not stats or name in left_out:  # a parameter whose statistics failed: its gradient goes too
            continue
        if is_grad:
            kept_grads[name] = stats
            continue
        kept_params[name] = stats
        if taken is None:  # a sparse parameter: no values to follow
            continue
        taken_values[name] = taken
        if type(stats) is StatRow:
            stats = stats.stats()
        exact = stats["numel"] == taken.size and stats["nan"] == 0 and stats["inf"] == 0
        if exact and stats.get("norm") is not None:
            norms_by_name[name] = stats["norm"]  # the norm of every one of `taken`
    result.params = StatColumns.of(kept_params, with_norm=True)
    result.grads = StatColumns.of(kept_grads, with_norm=True)
    result.values, result.norms = taken_values, norms_by_name
    return result
