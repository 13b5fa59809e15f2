"""Exact statistics of many small tensors at once, from one flat buffer.

A call describes every small activation, parameter and gradient: on a deep stack of tiny
layers well over a thousand tensors of a few dozen values. Described one by one
(statistics._exact), each costs a dozen numpy operations, 20-30 µs of interpreter and
dispatch time for microseconds of arithmetic. Here their values are concatenated once
into a float64 buffer and every figure comes from a few passes over it: segment sums,
sums of squared deviations, minima, maxima and non-zero counts (`ufunc.reduceat`), and
every histogram from one `bincount` over segment × bin.

The figures are statistics._exact's for the same values: min, max, absmax, zeros, numel
and the histogram counts identical (the bins come from the same float64 arithmetic on the
same every-k-th values), the mean, spread and norm summed in float64 (_exact sums float32
values in float32, pairwise: the two agree to float32 rounding). A tensor holding NaN or
Inf is handed to _exact itself, which counts them apart.
"""

import threading
from typing import Callable, Dict, List, NamedTuple, Optional, Sequence, Tuple

import numpy as np
import torch

from tensorboard_modelviz.format import step_columns


def describe_small(
    arrays: Sequence[np.ndarray],
    bins: int,
    histogram_size: int,
    with_norm: bool,
    exact: Callable[[np.ndarray, int, bool], dict],
) -> List[dict]:
    """Statistics of each of `arrays` (flat, non-empty float arrays), as `exact(values,
    bins, with_norm)` (statistics._exact) gives them; `exact` also describes the arrays
    that hold NaN or Inf. The histogram of an array over `histogram_size` values is binned
    from every k-th value, k = ceil(size / histogram_size), as _exact bins it."""
    if not arrays:
        return []
    sizes = np.fromiter((a.size for a in arrays), dtype=np.int64, count=len(arrays))
    flat = np.concatenate(arrays, dtype=np.float64) if len(arrays) > 1 else arrays[0]
    return describe_segments(flat, sizes, bins, histogram_size, with_norm, exact)


# Plans kept per thread (a call describes its segments on its own thread), by layout: a
# steady call describes the same sizes as the call before, its activations under one
# layout and its parameters with their gradients under another.
_PLANS = threading.local()
_PLANS_KEPT = 4


def describe_segments(
    flat: np.ndarray,
    sizes: np.ndarray,
    bins: int,
    histogram_size: int,
    with_norm: bool,
    exact: Callable[[np.ndarray, int, bool], dict],
) -> List[dict]:
    """describe_small of the consecutive segments of `flat` (a float array, left unchanged),
    of `sizes` values each (all positive)."""
    return segment_plan(sizes, bins, histogram_size).describe(flat, with_norm, exact)


def segment_plan(sizes: np.ndarray, bins: int, histogram_size: int) -> "SegmentPlan":
    """The SegmentPlan for segments of `sizes` values, the one made for the same sizes
    before on this thread where there is one."""
    sizes = np.asarray(sizes, dtype=np.int64)
    key = (sizes.tobytes(), bins, histogram_size, _RUN_VALUES)
    plans: Dict[Tuple[bytes, int, int, int], SegmentPlan] = _PLANS.__dict__.setdefault("plans", {})
    plan = plans.pop(key, None)  # put back last: the most recently used are kept
    if plan is None:
        plan = SegmentPlan(sizes, bins, histogram_size)
        while len(plans) >= _PLANS_KEPT:
            del plans[next(iter(plans))]
    plans[key] = plan
    return plan


class SegmentColumns(NamedTuple):
    """The figures of consecutive segments, one array each, a row a segment: what
    statistics._exact's dicts hold, for the segments of finite values. The rows of those
    holding NaN or Inf are placeholders; their statistics are `exact`'s dicts in `apart`
    (by row). Kept as they are in a step document of format version 2
    (capture/stat_columns.py, format/step_columns.py)."""

    numel: np.ndarray  # int64
    mean: np.ndarray
    std: np.ndarray
    min: np.ndarray
    max: np.ndarray
    absmax: np.ndarray
    zeros: np.ndarray
    n: np.ndarray  # int64: the values each histogram bins
    counts: np.ndarray  # int64, rows × bins
    norm: Optional[np.ndarray]  # with_norm only
    estimated: np.ndarray  # bool: the histogram binned from every k-th value
    apart: Dict[int, dict]

    def row(self, index: int) -> dict:
        """Version 1's statistics of row `index`, as statistics._exact makes them (a row
        apart: its own dict), laid out by format/step_columns.row_stats."""
        apart = self.apart.get(index)
        if apart is not None:
            return apart
        return step_columns.row_stats(
            int(self.numel[index]),
            float(self.mean[index]),
            float(self.std[index]),
            float(self.min[index]),
            float(self.max[index]),
            float(self.absmax[index]),
            float(self.zeros[index]),
            int(self.n[index]),
            self.counts[index].tolist(),
            bool(self.estimated[index]),
            float(self.norm[index]) if self.norm is not None else None,
            self.norm is not None,
        )

    def dicts(self) -> List[dict]:
        """row(index) of every row, the columns converted to Python numbers at once."""
        with_norm = self.norm is not None
        norms = self.norm.tolist() if self.norm is not None else [None] * self.numel.size
        described = [
            step_columns.row_stats(numel, mean, std, low, high, absmax, zeros, n, counts, estimated, norm, with_norm)
            for numel, mean, std, low, high, absmax, zeros, n, counts, estimated, norm in zip(
                self.numel.tolist(),
                self.mean.tolist(),
                self.std.tolist(),
                self.min.tolist(),
                self.max.tolist(),
                self.absmax.tolist(),
                self.zeros.tolist(),
                self.n.tolist(),
                self.counts.tolist(),
                self.estimated.tolist(),
                norms,
            )
        ]
        for index, stats in self.apart.items():
            described[index] = stats
        return described


class _Run(NamedTuple):
    """Consecutive segments described together (see _RUN_VALUES): `first` to `last` - 1,
    lying at flat[begin:end], where each starts (from `begin`), the values each histogram
    bins (`picks`, from `begin`, where not all) and the row of the counts each falls in."""

    first: int
    last: int
    begin: int
    end: int
    starts: np.ndarray
    sizes: np.ndarray
    sampled: np.ndarray
    picks: Optional[np.ndarray]
    rows: np.ndarray


# Segments are described in runs of about this many values: a run costs some forty numpy
# and torch calls on arrays of a row a segment besides its passes over the values, so
# runs as long as their work buffers (21 bytes a value, 2.75 MB) allow, which bound what
# a plan keeps. Shorter runs, sized to keep a run's buffers in a core's L2, took longer
# (benchmarks/README.md, h30-passes).
_RUN_VALUES = 1 << 17


class SegmentPlan:
    """What describing segments of given sizes needs besides their values, made once and
    kept while the sizes stay (every steady call): the runs they are described in, where
    each segment starts, the values each histogram bins and the row of the counts each
    falls in, the constant columns of the dicts, and work buffers, reused.

    Every figure is the same arithmetic on the same values as statistics._exact's (bar
    the sums' float64, see the module docstring), the same for a segment wherever it
    lies: min, max and the non-zero count exact in any float dtype, sums by
    `np.add.reduceat` in float64, the bins from float64 differences and scales."""

    def __init__(self, sizes: np.ndarray, bins: int, histogram_size: int):
        count = sizes.size
        self.sizes, self.bins = sizes.copy(), bins
        self.starts = np.zeros(count, dtype=np.int64)
        np.cumsum(sizes[:-1], out=self.starts[1:])
        self.total = int(self.starts[-1] + sizes[-1]) if count else 0
        step = -(-sizes // histogram_size)  # bin every k-th value, k = ceil(size / histogram_size)
        sampled = -(-sizes // step)  # len(values[::k])
        # A new run at each segment that starts in a later window of _RUN_VALUES values.
        cuts = (np.flatnonzero(np.diff(self.starts // _RUN_VALUES)) + 1).tolist()
        self.runs = [
            self._run(first, last, step, sampled, bins)
            for first, last in zip([0] + cuts, cuts + [count])
            if last > first
        ]
        longest = max((run.end - run.begin for run in self.runs), default=0)
        self._values = np.empty(longest)  # a run's values in float64
        self._work = np.empty(longest)
        self._nonzero = np.empty(longest, dtype=np.bool_)
        self._index = np.empty(longest, dtype=np.int32)  # as `rows`
        self.divisors = np.maximum(sizes - 1, 1)
        self.several = sizes > 1
        self.sampled = sampled
        self.estimated = sizes > histogram_size  # the histogram binned from every k-th value

    def _run(self, first: int, last: int, step: np.ndarray, sampled: np.ndarray, bins: int) -> _Run:
        sizes, step, sampled = self.sizes[first:last], step[first:last], sampled[first:last]
        begin = int(self.starts[first])
        starts = self.starts[first:last] - begin
        picks = None
        if (step != 1).any():  # the j-th value picked lies at step * j + (start - step * (the values picked before))
            before = np.cumsum(sampled) - sampled
            picks = np.repeat(step, sampled)
            picks *= np.arange(picks.size)
            picks += np.repeat(starts - step * before, sampled)
        # int32: a run's rows of counts number far below 2**31, and torch counts int32 twice as fast.
        rows = np.repeat(np.arange(0, (last - first) * (bins + 1), bins + 1, dtype=np.int32), sampled)
        return _Run(first, last, begin, begin + int(sizes.sum()), starts, sizes, sampled, picks, rows)

    def describe(self, flat: np.ndarray, with_norm: bool, exact: Callable[[np.ndarray, int, bool], dict]) -> List[dict]:
        """describe_small of the segments of `flat` (a float array of the plan's sizes laid
        end to end, left unchanged); `exact` describes those holding NaN or Inf."""
        return self.columns(flat, with_norm, exact).dicts()

    def columns(
        self, flat: np.ndarray, with_norm: bool, exact: Callable[[np.ndarray, int, bool], dict]
    ) -> "SegmentColumns":
        """The figures of describe(flat, with_norm, exact) as columns, a row a segment."""
        if flat.size != self.total:
            raise ValueError("%d values for segments of %d in all" % (flat.size, self.total))
        sizes, bins = self.sizes, self.bins
        # No mode of the caller's sees our torch ops (_run_figures' bincount).
        with np.errstate(divide="ignore", invalid="ignore"), torch._C.DisableTorchFunction():
            with torch._C._DisableTorchDispatch():
                figures = [self._run_figures(flat, run) for run in self.runs]
        finite, mean, squares, lo, hi, nonzero, counts = (
            figures[0] if len(figures) == 1 else [np.concatenate(column) for column in zip(*figures)]
        )
        lo += 0.0  # −0.0 + 0.0 is +0.0: a zero extreme is +0.0 on every path (docs/format.md)
        hi += 0.0
        spread = np.sqrt(squares / self.divisors)
        apart: Dict[int, dict] = {}
        for index in np.flatnonzero(~finite).tolist():  # NaN or Inf: counted apart
            start = int(self.starts[index])
            apart[index] = exact(flat[start : start + int(sizes[index])], bins, with_norm)
        return SegmentColumns(
            numel=sizes,
            mean=mean,
            std=np.where(self.several, spread, 0.0),
            min=lo,
            max=hi,
            absmax=np.maximum(np.abs(lo), np.abs(hi)),
            zeros=1.0 - nonzero / sizes,
            n=self.sampled,
            counts=np.ascontiguousarray(counts),
            norm=np.sqrt(np.maximum(squares + sizes * mean * mean, 0.0)) if with_norm else None,
            estimated=self.estimated,
            apart=apart,
        )

    def _run_figures(self, flat: np.ndarray, run: _Run) -> Tuple[np.ndarray, ...]:
        """(finite, mean, sum of squared deviations, min, max, non-zero count, histogram
        counts) of a run's segments, each a row per segment; a segment holding NaN or Inf
        is marked not finite, and its values kept out of the others' figures."""
        starts, sizes, bins, length = run.starts, run.sizes, self.bins, run.end - run.begin
        own = flat[run.begin : run.end]
        values = own
        if own.dtype != np.float64:
            values = self._values[:length]
            np.copyto(values, own)  # exactly
        # The extremes of float32 values read from them (numpy reduces float16 slowly):
        # half the memory of their float64 copy, and the same values.
        extremes_of = own if own.dtype == np.float32 else values
        lo = np.minimum.reduceat(extremes_of, starts).astype(np.float64, copy=False)
        hi = np.maximum.reduceat(extremes_of, starts).astype(np.float64, copy=False)
        spread = hi - lo
        finite = np.isfinite(spread)  # min and max propagate NaN; an Inf makes the spread Inf or NaN
        wide = not finite.all()
        if wide:  # a segment holding NaN or Inf, or float64 extremes whose spread overflows
            finite = np.isfinite(lo) & np.isfinite(hi)
            if not finite.all():  # their values must not reach the sums of the others' segments
                values = np.where(np.repeat(finite, sizes), values, 0.0)
                lo, hi = np.where(finite, lo, 0.0), np.where(finite, hi, 0.0)
                spread = hi - lo
            wide = not np.isfinite(spread).all()
        mean = np.add.reduceat(values, starts) / sizes
        work = np.subtract(values, np.repeat(mean, sizes), out=self._work[:length])
        squares = np.add.reduceat(np.multiply(work, work, out=work), starts)
        # A segment holds at most EXACT_LIMIT values: its count fits an int32.
        nonzero = np.add.reduceat(
            np.not_equal(own, 0, out=self._nonzero[:length]).view(np.uint8), starts, dtype=np.int32
        )
        # Histograms: every segment's every-k-th values in `bins` equal bins from its lo to
        # its hi, the maximum in the last bin; all in the first bin where the scale bins /
        # (hi - lo) is not finite (hi == lo), as statistics._histogram bins them.
        picked = values if run.picks is None else values[run.picks]
        binned = picked.size
        shifted = np.subtract(picked, np.repeat(lo, run.sampled), out=self._work[:binned])
        scale = bins / spread
        scale[~np.isfinite(scale)] = 0.0
        shifted *= np.repeat(scale, run.sampled)
        index = self._index[:binned]
        np.copyto(index, shifted, casting="unsafe")  # truncated toward 0, as astype(np.intp)
        # Every index lies in 0..bins: 0 <= v - lo <= hi - lo rounded, times a scale of at
        # most bins / (hi - lo) (1 + 2**-53), is under bins + 1. Only where hi - lo overflows
        # (float64 values beyond ±9e307) can inf * 0 give one out of range: clipped then.
        if wide:
            np.clip(index, 0, bins, out=index)
        index += run.rows
        count = run.last - run.first
        counts = torch.bincount(torch.from_numpy(index), minlength=count * (bins + 1)).numpy().reshape(count, bins + 1)
        counts[:, bins - 1] += counts[:, bins]  # the maximum itself, in the last bin
        return finite, mean, squares, lo, hi, nonzero, counts[:, :bins]
