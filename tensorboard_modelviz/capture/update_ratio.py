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
layouts (every steady call of a training loop), the differences are taken and their norms
summed a few pieces of whole segments at a time (`_Pieces`), not a parameter at a time.
"""

import math
from collections.abc import Mapping
from typing import Callable, Dict, List, Optional, Sequence, Tuple, Union

import numpy as np
import torch

from tensorboard_modelviz.capture.parameter_stats import FlatValues
from tensorboard_modelviz.capture.statistics import described_values, values_unknown

_Layout = Tuple[torch.Size, Tuple[int, ...]]


# Segments are squared and summed in pieces of about this many values (whole segments, a
# longer one alone) through work buffers of a piece's size: a piece's squares are summed
# from the core's cache rather than written out to memory and read back, and the buffers
# a history keeps do not grow with the model's parameters.
_PIECE_VALUES = 1 << 16


class _Pieces:
    """Consecutive segments of `sizes` values each (0 allowed), in pieces of whole segments:
    which segments hold values (`filled`), and for each piece the range of those it holds
    (first, one past its last, by their rank among the filled), where the piece lies and
    where each of its segments starts in it; and the work buffers of a piece, kept while
    the sizes stay."""

    def __init__(self, sizes: np.ndarray):
        self.sizes, self.count = sizes, sizes.size
        self.filled = np.flatnonzero(sizes > 0)
        starts = (np.cumsum(sizes) - sizes)[self.filled]
        ends = starts + sizes[self.filled]
        # A new piece at each segment that starts in a later window of _PIECE_VALUES values.
        cuts = (np.flatnonzero(np.diff(starts // _PIECE_VALUES)) + 1).tolist()
        self.pieces: List[Tuple[int, int, int, int, np.ndarray]] = [
            (first, last, int(starts[first]), int(ends[last - 1]), starts[first:last] - starts[first])
            for first, last in zip([0] + cuts, cuts + [self.filled.size])
            if last > first
        ]
        longest = max((end - begin for _, _, begin, end, _ in self.pieces), default=0)
        self._squares = np.empty(longest)
        self._differences = np.empty(longest, dtype=np.float32)

    def norms(self, values: np.ndarray, subtracted: Optional[np.ndarray] = None) -> np.ndarray:
        """The L2 norm of each segment of `values` (laid out as the sizes say), or of
        `values` - `subtracted` (the difference in their result dtype, as np.subtract
        makes it), summed in float64 by `np.add.reduceat`: the same sums, bit for bit,
        however the segments fall into pieces."""
        if subtracted is not None:
            dtype = np.result_type(values, subtracted)
            if self._differences.dtype != dtype:
                self._differences = np.empty(self._squares.size, dtype=dtype)
        sums = np.empty(self.filled.size)
        for first, last, begin, end, starts in self.pieces:
            part = values[begin:end]
            if subtracted is not None:
                part = np.subtract(part, subtracted[begin:end], out=self._differences[: end - begin])
            squares = np.square(part, dtype=np.float64, out=self._squares[: end - begin])
            np.add.reduceat(squares, starts, out=sums[first:last])
        norms = np.zeros(self.count)
        norms[self.filled] = np.sqrt(sums)
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
        # The pieces of a steady call's values, with their work buffers: made again for other sizes.
        self._pieces: Optional[_Pieces] = None

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
            pieces = self._pieces
            if pieces is None or not np.array_equal(pieces.sizes, current.sizes):
                pieces = self._pieces = _Pieces(current.sizes)
            changes = pieces.norms(current.flat, previous.flat)
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
        changes = _Pieces(current.sizes[compared]).norms(differences)
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
            now_norms[missing] = _Pieces(np.array([arrays[i].size for i in missing], dtype=np.int64)).norms(
                np.concatenate([arrays[i] for i in missing])
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
            norms[missing] = _Pieces(values.sizes[missing]).norms(
                np.concatenate([values.flat[starts[i] : starts[i] + values.sizes[i]] for i in missing.tolist()])
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
