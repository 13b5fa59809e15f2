"""Update ratio ‖W(t) − W(t′)‖ / ‖W(t′)‖ of each parameter between two logged calls.

The classic signal for a learning rate that is too high (ratios near 1) or a layer that
does not learn (ratio 0). It needs the weights of the previous call, so the writer keeps
a CPU copy per tag: of the whole parameter up to `statistics.EXACT_LIMIT`
values, and above that of the same evenly spread subset that the parameter statistics
use, which estimates the ratio of a large matrix closely for a small fraction of the
memory and time of a full copy. `track_updates=False` turns the copy off.

A deep stack of tiny layers has hundreds of parameters, and a numpy operation on each
costs more than its arithmetic. So the values of a call are kept laid end to end in one
array, and when the parameters are those of the previous call in the same order and
layouts (every steady call of a training loop), all differences are taken in one
subtraction and all their norms in one segment sum.
"""

import math
from collections.abc import Mapping
from typing import Callable, Dict, List, Optional, Sequence, Tuple, Union

import numpy as np
import torch

from tensorboard_modelviz.capture.parameter_stats import FlatValues
from tensorboard_modelviz.capture.statistics import described_values, values_unknown

_Layout = Tuple[torch.Size, Tuple[int, ...]]


# Which segments of a run hold values, and where each of those starts (_segments).
_Segments = Tuple[np.ndarray, np.ndarray]


def _segments(sizes: np.ndarray) -> _Segments:
    """Which of the consecutive segments of `sizes` values are not empty, and the start of
    each one that is not."""
    filled = sizes > 0
    return filled, (np.cumsum(sizes) - sizes)[filled]


def _segment_norms(
    flat: np.ndarray, sizes: np.ndarray, squares: Optional[np.ndarray] = None, segments: Optional[_Segments] = None
) -> np.ndarray:
    """The L2 norm of each consecutive segment of `flat` (`sizes` values each, 0 allowed),
    summed in float64; `squares`: a float64 array of flat's size to square into, if any;
    `segments`: _segments(sizes), where the caller keeps them."""
    norms = np.zeros(sizes.size)
    filled, starts = segments if segments is not None else _segments(sizes)
    if starts.size:
        squared = np.square(flat, dtype=np.float64, out=squares)
        norms[filled] = np.sqrt(np.add.reduceat(squared, starts))
    return norms


class _Tracked:
    """The values of one call's parameters, laid end to end (`flat`, the history's own), by
    name. `layout`: describe_parameters' layout object where it laid them out (the same
    object while the parameters keep their names, shapes and strides), else None."""

    def __init__(
        self,
        names: List[str],
        layouts: Union[List[_Layout], Callable[[], List[_Layout]]],
        flat: np.ndarray,
        sizes: np.ndarray,
        norms: np.ndarray,
        layout: object = None,
    ):
        self.names, self.flat, self.sizes, self.norms, self.layout = names, flat, sizes, norms, layout
        self._layouts = layouts
        self._where: Optional[Dict[str, Tuple[int, int]]] = None

    @property
    def layouts(self) -> List[_Layout]:
        """(shape, strides) of each parameter; made when asked where the layout object holds them."""
        if callable(self._layouts):
            self._layouts = self._layouts()
        return self._layouts

    @property
    def where(self) -> Dict[str, Tuple[int, int]]:
        """name -> (index, start in `flat`); made when asked (a steady call does not)."""
        if self._where is None:
            ends = np.cumsum(self.sizes).tolist()
            self._where = {
                name: (index, end - size)
                for index, (name, end, size) in enumerate(zip(self.names, ends, self.sizes.tolist()))
            }
        return self._where

    def values(self, name: str) -> np.ndarray:
        index, start = self.where[name]
        return self.flat[start : start + int(self.sizes[index])]


def _ratios(changes: np.ndarray, bases: np.ndarray) -> List[Optional[float]]:
    """change / base of each pair: 0 where both are 0, None where that is not finite
    (a base of 0 or NaN under a change)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        ratios = changes / bases
    flat = ~(bases > 0)
    if flat.any():
        ratios[flat] = np.where(changes[flat] == 0, 0.0, math.inf)
    finite = np.isfinite(ratios)
    if finite.all():
        return ratios.tolist()
    return [ratio if ok else None for ratio, ok in zip(ratios.tolist(), finite.tolist())]


class ParameterHistory:
    """The (subsets of) parameters as they were at the previous call, by qualified name."""

    def __init__(self) -> None:
        self._previous: Optional[_Tracked] = None
        self._spare: Optional[np.ndarray] = None  # the array of the call before the previous, to refill
        # A steady call's differences and their squares, in arrays kept from call to call,
        # and the segments of its values (_segments) with the layout object they are of.
        self._differences = np.zeros(0, dtype=np.float32)
        self._squares = np.zeros(0)
        self._segments: Optional[Tuple[object, _Segments]] = None

    def update_ratios(
        self,
        named_parameters: Sequence[Tuple[str, torch.Tensor]],
        values: Optional[Mapping[str, np.ndarray]] = None,
        norms: Optional[Mapping[str, float]] = None,
    ) -> Dict[str, Optional[float]]:
        """Ratios against the previous call (for parameters present then with the same
        shape and memory layout: the values tracked are taken in memory order, see
        statistics.flat_in_memory_order), and remember the current values for the next
        call. `named_parameters`: the model's (name, parameter) pairs. `values`: name ->
        statistics.described_values(parameter), where the caller has taken them (they
        are copied into the history's own array). `norms`: name -> the L2 norm of those
        values, where the caller has it (the parameter statistics' norm); the others are
        summed here, in float64."""
        # All laid out by describe_parameters: from these very parameters (the sequence it
        # described, unchanged since), or from parameters of the same names.
        laid_out = isinstance(values, FlatValues) and (
            values.described is named_parameters or values.names == [name for name, _ in named_parameters]
        )
        if laid_out:
            assert isinstance(values, FlatValues)
            names = values.names
            current = self._tracked_as_laid_out(values)
        else:
            given = values or {}
            # A wrapper subclass's values cannot be read (statistics.values_unknown): no ratio.
            named_parameters = [(name, p) for name, p in named_parameters if name in given or not values_unknown(p)]
            names = [name for name, _ in named_parameters]
            current = self._tracked(named_parameters, names, given, norms or {})
        previous, self._previous = self._previous, current
        if previous is None:
            return {}
        steady = (previous.layout is not None and previous.layout is current.layout) or (
            previous.names == names
            and previous.layouts == current.layouts
            and np.array_equal(previous.sizes, current.sizes)
        )
        if steady:  # the parameters of the previous call, as they were laid out: all at once
            dtype = np.result_type(current.flat, previous.flat)  # as their difference's
            if self._differences.shape != current.flat.shape or self._differences.dtype != dtype:
                self._differences = np.empty(current.flat.shape, dtype=dtype)
                self._squares = np.empty(current.flat.shape)
            differences = np.subtract(current.flat, previous.flat, out=self._differences)
            kept = self._segments
            if kept is None or current.layout is None or kept[0] is not current.layout:
                kept = self._segments = (current.layout, _segments(current.sizes))
            changes = _segment_norms(differences, current.sizes, self._squares, kept[1])
            self._spare = previous.flat
            return dict(zip(names, _ratios(changes, previous.norms)))
        compared = [
            i
            for i, name in enumerate(names)
            if name in previous.where
            and previous.layouts[previous.where[name][0]] == current.layouts[i]
            and previous.sizes[previous.where[name][0]] == current.sizes[i]
        ]
        if not compared:
            return {}
        differences = np.concatenate([current.values(names[i]) - previous.values(names[i]) for i in compared])
        bases = np.array([previous.norms[previous.where[names[i]][0]] for i in compared], dtype=np.float64)
        changes = _segment_norms(differences, current.sizes[compared])
        return dict(zip([names[i] for i in compared], _ratios(changes, bases)))

    def _tracked(
        self,
        named_parameters: Sequence[Tuple[str, torch.Tensor]],
        names: List[str],
        given: Mapping[str, np.ndarray],
        known: Mapping[str, float],
    ) -> _Tracked:
        """The current values as the history keeps them, from `given` where there, else taken here."""
        layouts: List[_Layout] = [(p.shape, p.stride()) for _, p in named_parameters]
        with torch.no_grad():
            arrays = [
                now if (now := given.get(name)) is not None else np.asarray(described_values(p))
                for name, p in named_parameters
            ]
        now_norms = np.array([known.get(name, 0.0) for name in names], dtype=np.float64)
        missing = [i for i, name in enumerate(names) if name not in known]
        if missing:
            now_norms[missing] = _segment_norms(
                np.concatenate([arrays[i] for i in missing]),
                np.array([arrays[i].size for i in missing], dtype=np.int64),
            )
        sizes = np.fromiter((a.size for a in arrays), dtype=np.int64, count=len(arrays))
        flat = np.concatenate(arrays) if arrays else np.zeros(0, dtype=np.float32)
        return _Tracked(names, layouts, flat, sizes, now_norms)

    def _tracked_as_laid_out(self, values: FlatValues) -> _Tracked:
        """The current values as the history keeps them, from describe_parameters' flat
        array: copied into the array kept at the call before where it fits (every steady
        call), the norms the statistics hold exactly taken as they are, the others summed."""
        norms = values.norms.copy()  # NaN: not held exactly
        missing = np.flatnonzero(np.isnan(norms))
        if missing.size:
            starts = np.cumsum(values.sizes) - values.sizes
            norms[missing] = _segment_norms(
                np.concatenate([values.flat[starts[i] : starts[i] + values.sizes[i]] for i in missing.tolist()]),
                values.sizes[missing],
            )
        spare, self._spare = self._spare, None
        if spare is not None and spare.shape == values.flat.shape and spare.dtype == values.flat.dtype:
            flat = spare
            np.copyto(flat, values.flat)
        else:
            flat = values.flat.copy()
        # The layout's (shape, strides), not the FlatValues': kept to the next call, they would
        # keep the parameters described alive (FlatValues.described).
        return _Tracked(values.names, values.layout.layouts, flat, values.sizes, norms, values.layout)
