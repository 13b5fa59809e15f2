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

from typing import Callable, Dict, List, Sequence, Tuple

import numpy as np


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


# Segments are described in runs of about this many values: each run's float64
# temporaries (about 120 KB) stay in the cache and under malloc's mmap threshold
# (128 KiB). In one pass over the hundred thousand values of a deep stack's parameters
# and gradients every temporary maps fresh pages, and describing them took a 200-layer
# MLP's call a third longer (benchmarks/README.md, issue 22).
_RUN_VALUES = 15000


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
    count = sizes.size
    starts = np.zeros(count, dtype=np.int64)
    np.cumsum(sizes[:-1], out=starts[1:])
    # A new run at each segment that starts in a later window of _RUN_VALUES values.
    cuts = (np.flatnonzero(np.diff(starts // _RUN_VALUES)) + 1).tolist()
    runs = [
        _run_figures(flat, starts, sizes, first, last, bins, histogram_size)
        for first, last in zip([0] + cuts, cuts + [count])
    ]
    finite, mean, squares, lo, hi, nonzero, counts = (
        runs[0] if len(runs) == 1 else [np.concatenate(figures) for figures in zip(*runs)]
    )
    lo += 0.0  # −0.0 + 0.0 is +0.0: a zero extreme is +0.0 on every path (docs/format.md)
    hi += 0.0
    spread = np.sqrt(squares / np.maximum(sizes - 1, 1))
    norms = np.sqrt(np.maximum(squares + sizes * mean * mean, 0.0)) if with_norm else None

    # Every figure that is the same arithmetic for each segment is taken for all of them
    # at once: what runs per segment only puts numbers into dicts.
    std = np.where(sizes > 1, spread, 0.0)
    absmax = np.maximum(np.abs(lo), np.abs(hi))
    zeros = 1.0 - nonzero / sizes
    step = -(-sizes // histogram_size)
    sampled = -(-sizes // step)  # len(values[::k])
    rows = zip(
        sizes.tolist(),
        mean.tolist(),
        std.tolist(),
        lo.tolist(),
        hi.tolist(),
        absmax.tolist(),
        zeros.tolist(),
        sampled.tolist(),
        counts.tolist(),
    )
    described: List[Dict[str, object]] = [
        {
            "numel": n,
            "nan": 0,
            "inf": 0,
            "mean": m,
            "std": sd,
            "min": low,
            "max": high,
            "absmax": top,
            "zeros": zero,
            "hist": {"lo": low, "hi": high, "n": picked, "counts": row_counts},
        }
        for n, m, sd, low, high, top, zero, picked, row_counts in rows
    ]
    if norms is not None:
        for stats, norm in zip(described, norms.tolist()):
            stats["norm"] = norm
    for index in np.flatnonzero(sizes > histogram_size).tolist():
        described[index]["estimated"] = ["hist"]
    for index in np.flatnonzero(~finite).tolist():  # NaN or Inf: counted apart
        start = int(starts[index])
        described[index] = exact(flat[start : start + int(sizes[index])], bins, with_norm)
    return described


def _run_figures(
    flat: np.ndarray, starts: np.ndarray, sizes: np.ndarray, first: int, last: int, bins: int, histogram_size: int
) -> Tuple[np.ndarray, ...]:
    """(finite, mean, sum of squared deviations, min, max, non-zero count, histogram
    counts) of segments first..last-1, each a row per segment; a segment holding NaN or
    Inf is marked not finite, and its values kept out of the others' figures. Minima,
    maxima and non-zero counts are read in the buffer's own dtype, which converts to
    float64 exactly (the same figures); the sums and the bins from the float64 copy."""
    sizes = sizes[first:last]
    offset = int(starts[first])
    starts = starts[first:last] - offset
    own = flat[offset : offset + int(starts[-1] + sizes[-1])]
    lo = np.minimum.reduceat(own, starts).astype(np.float64)
    hi = np.maximum.reduceat(own, starts).astype(np.float64)
    finite = np.isfinite(lo) & np.isfinite(hi)  # min and max propagate NaN
    if not finite.all():  # their values must not reach the sums of the others' segments
        own = np.where(np.repeat(finite, sizes), own, own.dtype.type(0))
        lo, hi = np.where(finite, lo, 0.0), np.where(finite, hi, 0.0)
    values = own.astype(np.float64)
    mean = np.add.reduceat(values, starts) / sizes
    centered = np.repeat(mean, sizes)
    np.subtract(values, centered, out=centered)
    squares = np.add.reduceat(np.multiply(centered, centered, out=centered), starts)
    # A segment holds at most EXACT_LIMIT values: its count fits an int32.
    nonzero = np.add.reduceat((own != 0).view(np.uint8), starts, dtype=np.int32).astype(np.int64)
    counts = _histograms(values, starts, sizes, lo, hi, bins, histogram_size)
    return finite, mean, squares, lo, hi, nonzero, counts


def _histograms(
    values: np.ndarray,
    starts: np.ndarray,
    sizes: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
    bins: int,
    histogram_size: int,
) -> np.ndarray:
    """Counts (segments × bins) of every segment's every-k-th values in `bins` equal bins from
    its lo to its hi, the maximum in the last bin; all values in the first bin where the
    scale bins / (hi - lo) is not finite (hi == lo), as statistics._histogram bins them."""
    count = sizes.size
    step = -(-sizes // histogram_size)  # k = ceil(size / histogram_size), at least 1
    sampled = -(-sizes // step)
    # Per-segment figures spread by np.repeat, a copy, rather than gathered by a segment
    # index: twice as fast, and the same arithmetic value by value.
    if (step == 1).all():
        shifted = values - np.repeat(lo, sampled)
    else:  # the j-th value picked lies at step * j + (start - step * (the values picked before))
        first = np.cumsum(sampled) - sampled
        at = np.repeat(step, sampled)
        at *= np.arange(at.size)
        at += np.repeat(starts - step * first, sampled)
        shifted = values[at]
        shifted -= np.repeat(lo, sampled)
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = bins / (hi - lo)
    scale = np.where(np.isfinite(scale), scale, 0.0)
    shifted *= np.repeat(scale, sampled)
    index = shifted.astype(np.intp)
    np.clip(index, 0, bins, out=index)
    index += np.repeat(np.arange(0, count * (bins + 1), bins + 1), sampled)
    counts = np.bincount(index, minlength=count * (bins + 1)).reshape(count, bins + 1)
    counts[:, bins - 1] += counts[:, bins]  # the maximum itself, in the last bin
    return counts[:, :bins]
