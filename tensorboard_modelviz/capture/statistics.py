"""Summary statistics of a tensor: what the dashboard plots over steps.

What needs an activation's values is taken right where the tensor is seen (inside the
forward hook), because later in-place ops in the same forward may overwrite its storage;
the reductions over the copies taken wait until the forward is over (`PendingStats`).

Cost is what shapes this module. A call sees every activation and every parameter, so
a statistic that needs a full pass over each of them costs a good part of a forward.

- Up to `EXACT_LIMIT` values every statistic is exact.
- Above it, an activation gets one full pass for what must not be missed: min and max
  (numpy's or torch's `aminmax`, which also reveal any NaN or Inf: exploding values and
  saturation live in the extremes; a relu's output takes them from the pass that counts
  its dead units, see `_nonnegative_extremes`). Mean, spread, zero fraction and norm come from a fixed subset
  of `SUBSET_SIZE` values spread evenly over the tensor (`spread_subset`), the same
  indices at every step so that trends compare like with like.
- Parameters and gradients take no full pass at all (`full_pass=False`): a GPT-2's
  weights are half a gigabyte, and a NaN in them shows in every activation after them.
- The histogram of any tensor over `HISTOGRAM_SIZE` values is binned from a subset of
  that many: a 32-bin histogram needs no more, and binning is the slowest reduction here.
- The reductions over up to `EXACT_LIMIT` values (a subset, a small tensor) run in
  numpy, without BLAS (see `sum_of_squares`); only the full pass runs in torch.
- Small tensors (all activations, parameters and gradients of up to `EXACT_LIMIT`
  values) are described together, from one flat buffer (small_stats, `StatsBatch`,
  `PendingStats`): a deep stack of tiny layers has over a thousand of them, and a dozen
  numpy operations each cost more than their arithmetic. Their sums run in float64.

The document lists what was estimated under `estimated`. A tensor found to hold NaN or
Inf is described exactly, histogram aside.
"""

import itertools
import math
import sys
from collections.abc import Sequence
from typing import Any, NamedTuple, TypeVar

import numpy as np
import torch
from torch._utils import _flatten_dense_tensors
from torch.utils._python_dispatch import is_traceable_wrapper_subclass

from tensorboard_modelviz.capture.batched_stats import describe_subsets
from tensorboard_modelviz.capture.host_copies import HostCopies, HostCopy, host_value, host_view
from tensorboard_modelviz.capture.small_stats import SegmentColumns, describe_segments, describe_small, segment_plan
from tensorboard_modelviz.capture.stat_columns import StatRow, Stats, StatTable

# (min, max) from a full pass.
Extremes = tuple[float, float]
_Flat = TypeVar("_Flat", torch.Tensor, np.ndarray)

HISTOGRAM_BINS = 32

# Tensors of up to 2**15 values (128 KiB of float32) are described from every value.
EXACT_LIMIT = 1 << 15
# 8,192 values estimate a spread or a zero fraction to about 1-2 % and fill a 32-bin
# histogram well; four times as many cost a ResNet-50 call about 0.1 s more (measured
# before subsets were taken in runs).
SUBSET_SIZE = 1 << 13
HISTOGRAM_SIZE = 1 << 11


# Values are taken in runs: one 128-byte run costs a cache miss where single values
# each cost one, which makes a subset of a large activation four times cheaper to take.
SUBSET_RUN = 32


def spread_subset(t: _Flat, target: int = SUBSET_SIZE) -> _Flat:
    """`target` values of the flat tensor or array `t` (all of them if it has no more), flat:
    `target // SUBSET_RUN` runs of consecutive values, evenly spaced from the start."""
    size = t.numel() if isinstance(t, torch.Tensor) else t.size
    if size <= target:
        return t
    runs = target // SUBSET_RUN
    spacing = size // runs
    return t[: runs * spacing].reshape(runs, spacing)[:, :SUBSET_RUN].reshape(-1)


def full_value(tensor: torch.Tensor) -> torch.Tensor:
    """A plain tensor with the whole value: a DTensor (FSDP2, tensor parallel) is gathered.

    Gathering is a collective, so every rank must make the same calls in the same order;
    the writer therefore captures sharded models on every rank.
    """
    tensor = tensor.detach()
    full_tensor = getattr(tensor, "full_tensor", None)
    return full_tensor() if full_tensor is not None else tensor


def values_unknown(tensor: torch.Tensor) -> bool:
    """Whether `tensor` is a wrapper tensor subclass (torch's __tensor_flatten__ protocol)
    other than a DTensor, whose values the capture cannot read: they are what the
    subclass's own dispatch makes of the tensors it holds, and no test of those tensors
    tells which of them, if any, hold the values. A float8 tensor holds data of another
    dtype and a scale, NF4 codes of another shape; torch's ComplexTensor holds a real part
    of the wrapper's shape; a tensor scaled in its own dtype holds data of the wrapper's
    shape, dtype and strides, as AsyncCollectiveTensor holds its collective's output, whose
    values are there only once the collective is waited on; TwoTensor holds two tensors
    that its ops take as equal but need not be. Its own memory holds none of its values,
    and numpy takes no subclass. Such a tensor is not described: its shape and dtype are
    recorded, no statistics, sample or input fingerprint of it (docs/format.md)."""
    if type(tensor) is torch.Tensor or type(tensor) is torch.nn.Parameter:  # the common case, at once
        return False
    return is_traceable_wrapper_subclass(tensor) and not hasattr(tensor, "full_tensor")


def flat_in_memory_order(t: torch.Tensor) -> torch.Tensor:
    """`t` as a flat tensor of its values in the order they lie in memory: a view wherever
    they lie densely, as in a channels_last model's activations and weights, where
    reshape(-1) would copy every value into NCHW order (98 ms of copies in a channels_last
    ResNet-50 call). No statistic depends on the order, and the subset's indices (see
    spread_subset) stay the same from step to step as long as the layout does."""
    if t.is_contiguous():
        return t.view(-1)
    in_memory_order = t.permute(sorted(range(t.dim()), key=t.stride, reverse=True))
    return in_memory_order.view(-1) if in_memory_order.is_contiguous() else t.reshape(-1)


# The dtypes statistics are computed in; other values (half, bfloat16, integers) are
# converted to float32 once read (_float).
_REDUCED_DTYPES = (torch.float32, torch.float64)


def _flat(tensor: torch.Tensor) -> torch.Tensor:
    """A tensor's values, flat and in memory order, in its own dtype (complex ones as their
    magnitudes). A half, bfloat16 or integer tensor is converted only where its values are
    read, after the subset is taken: converted whole, the parameters of a bfloat16 GPT-2
    (124 M values) and its activations cost 130 ms a call."""
    if type(tensor) in (torch.Tensor, torch.nn.Parameter) and tensor.dtype is torch.float32:  # the usual case
        return flat_in_memory_order(tensor.detach())
    t = full_value(tensor)
    return flat_in_memory_order(t.abs() if t.is_complex() else t)


def _float(t: torch.Tensor) -> torch.Tensor:
    """`t` in a dtype that statistics are computed in (see _REDUCED_DTYPES)."""
    return t if t.dtype in _REDUCED_DTYPES else t.float()


def _host(t: torch.Tensor) -> np.ndarray:
    """The values of a flat tensor as a float numpy array: a view where _host_is_view(t)
    (through host_view, which leaves the storage's flags alone), else a copy. The
    reductions of up to EXACT_LIMIT values run in numpy: each costs a microsecond or two
    to start where a torch op costs five to ten, and a call makes a few thousand of them."""
    if _host_is_view(t):
        return host_view(t)
    return _float(t).cpu().numpy()  # a copy of our own


def _host_is_view(t: torch.Tensor) -> bool:
    """Whether _host(t) shares `t`'s memory (a float32 or float64 CPU tensor), so that
    values kept beyond the forward must be copied."""
    return t.device.type == "cpu" and t.dtype in _REDUCED_DTYPES


def host_described(t: torch.Tensor) -> bool:
    """Whether `t` is a large (over EXACT_LIMIT values), contiguous, plain float32 CPU
    tensor, the usual activation: every pass over it (extremes, subset, a relu's dead
    units, its sample) reads the one numpy array host_view(t) gives, taken once (in a
    call's hooks each torch call on a fresh activation costs 5-15 µs: a view of it for
    each pass cost ResNet-50 2-3 ms a call)."""
    return (
        type(t) is torch.Tensor
        and t.numel() > EXACT_LIMIT  # first: a deep stack's small outputs stop here
        and t.dtype is torch.float32
        and t.is_cpu
        and t.layout is torch.strided
        and t.is_contiguous()
        and not (t.is_neg() or t.is_conj())
    )


def _subset_copy(t: torch.Tensor, view: np.ndarray | None = None) -> np.ndarray:
    """spread_subset of a flat tensor as a float array of its own: gathered in numpy from a
    float32 or float64 CPU tensor (twice as fast as torch there), in torch otherwise, so
    that only the subset is converted or travels. `view`: host_view(t) where the caller
    has it (see host_described)."""
    if view is not None or _host_is_view(t):
        values = host_view(t) if view is None else view
        subset = spread_subset(values)  # gathering runs from a large tensor copies them
        return subset.copy() if np.may_share_memory(subset, values) else subset
    return _host(spread_subset(t))


def described_values(tensor: torch.Tensor, copies: HostCopies | None = None) -> np.ndarray | HostCopy:
    """The values a tensor's statistics are estimated from, as a flat float array of its
    own: every value up to EXACT_LIMIT, else spread_subset's. Parameters are described
    and followed for update ratios (update_ratio) from this one copy. With `copies`
    (HostCopies) a GPU tensor's values come as a HostCopy, read (np.asarray(copy.value))
    after copies.wait(), before which nothing may change the tensor."""
    t = _flat(tensor)
    if copies is not None and copies.defers(t):
        return copies.start(_float(t if t.numel() <= EXACT_LIMIT else spread_subset(t)))
    if t.numel() > EXACT_LIMIT:
        return _subset_copy(t)
    values = _host(t)
    return values.copy() if _host_is_view(t) else values


# The dtypes whose small CPU tensors are copied together (_own_small_copy, copied_values):
# float types that convert exactly to float32 or float64.
_BATCHED_DTYPES = (torch.float32, torch.float64, torch.float16, torch.bfloat16)


def _copies_in_batch(t: torch.Tensor) -> bool:
    """Whether `t` is a small, plain, non-empty float CPU tensor, whose values are copied
    together with others' (_own_small_copy, copied_values)."""
    return (
        type(t) in (torch.Tensor, torch.nn.Parameter)
        and t.is_cpu
        and t.dtype in _BATCHED_DTYPES
        and 0 < t.numel() <= EXACT_LIMIT
        and t.layout is torch.strided
    )


def _in_memory_order(t: torch.Tensor) -> torch.Tensor:
    """`t` itself where it is contiguous, else flat_in_memory_order(t): what
    _flatten_dense_tensors flattens in the order its values lie in memory."""
    return t if t.is_contiguous() else flat_in_memory_order(t)


def _own_small_copy(t: torch.Tensor, into: torch.Tensor | None = None) -> torch.Tensor:
    """A copy of a small tensor (_copies_in_batch) that later in-place ops cannot reach, in
    memory order: one clone (about 1 µs), where a numpy copy costs a dlpack export too;
    or `into`, a CopyBuffer slot of a contiguous `t`'s shape and dtype, filled."""
    if t.requires_grad:
        t = t.detach()
    if into is not None:
        return into.copy_(t)
    return _in_memory_order(t).clone()


def _flat_values(tensors: Sequence[torch.Tensor]) -> tuple[np.ndarray, np.ndarray]:
    """(one flat float array of the values of `tensors` (copies_in_batch), in order, a copy of
    its own, their sizes): one torch op for all, then one view to numpy. Under no_grad, so
    that no tensor needs a detached view of its own (half a microsecond each, a third of
    the copy's cost for a thousand small parameters and gradients)."""
    with torch.no_grad():
        flat = _flatten_dense_tensors([_in_memory_order(t) for t in tensors])
        if len(tensors) == 1:  # _flatten_dense_tensors returns one tensor's own memory as it is
            flat = flat.clone()
    sizes = np.fromiter((t.numel() for t in tensors), dtype=np.int64, count=len(tensors))
    return _host(flat.detach()), sizes


def copied_values(tensors: Sequence[torch.Tensor], copies: HostCopies | None = None) -> list[np.ndarray | HostCopy]:
    """[described_values(t, copies) for t in tensors], the values of the small CPU tensors
    copied in one flat buffer (_flat_values), each array a slice of it: on a deep stack of
    tiny layers a thousand parameters and gradients, 8-15 µs each when copied alone."""
    values: list[Any] = [None] * len(tensors)  # each filled in below
    batched = []
    for index, t in enumerate(tensors):
        if _copies_in_batch(t):
            batched.append(index)
        else:
            values[index] = described_values(t, copies)
    if batched:
        flat, sizes = _flat_values([tensors[i] for i in batched])
        offset = 0
        for index, size in zip(batched, sizes.tolist()):
            values[index] = flat[offset : offset + size]
            offset += size
    return values


def _histogram_sample(values: np.ndarray) -> np.ndarray:
    """At most HISTOGRAM_SIZE of an array's values, evenly spaced (every k-th), to bin."""
    return values[:: max(1, -(-values.size // HISTOGRAM_SIZE))]


def _histogram(values: np.ndarray, lo: float, hi: float, bins: int) -> dict[str, Any]:
    """Counts of `values` (an array) in `bins` equal bins from lo to hi, the maximum in the
    last bin, as torch.histc bins them."""
    scale = bins / (hi - lo) if hi > lo else math.inf
    if math.isfinite(scale):
        index = ((values.astype(np.float64) - lo) * scale).astype(np.intp)
        counts = np.bincount(index, minlength=bins + 1).tolist()  # bins: the maximum itself
        counts[bins - 1] += counts.pop()
    else:
        counts = [int(values.size)] + [0] * (bins - 1)
    return {"lo": lo, "hi": hi, "n": int(values.size), "counts": counts}


def _empty(stats: Stats, bins: int, with_norm: bool) -> Stats:
    stats.update(
        mean=None,
        std=None,
        min=None,
        max=None,
        absmax=None,
        zeros=None,
        hist={"lo": 0.0, "hi": 0.0, "n": 0, "counts": [0] * bins},
    )
    if with_norm:
        stats["norm"] = None
    return stats


def sum_of_squares(values: np.ndarray) -> float:
    """Σx² of a 1-D array, summed pairwise (np.add.reduce): accurate in float32, and
    without BLAS, whose own thread pool would wake and, spinning, slow the model's next
    torch ops (numpy's dot made a ResNet-50 call 50 % slower on 2 cores)."""
    return float(np.square(values).sum())


def _describe(
    values: np.ndarray, numel: int, bins: int, with_norm: bool, extremes: Extremes | None = None
) -> Stats | None:
    """Statistics from `values` (a flat float array: all `numel` values of a tensor, or a
    subset of them), or None if they hold NaN or Inf. `extremes` are min and max from a
    full pass. About ten numpy operations: this runs for every tensor of every call."""
    n = values.size
    if extremes is None:
        lo, hi = float(values.min()), float(values.max())
    else:
        lo, hi = extremes
    lo, hi = lo + 0.0, hi + 0.0  # a zero extreme is +0.0, whichever pass found it (docs/format.md)
    if not (math.isfinite(lo) and math.isfinite(hi)):  # min and max propagate NaN
        return None
    if values.dtype != np.float64 and n * ((hi - lo) ** 2 + max(-lo, hi)) > 1e37:
        values = values.astype(np.float64)  # sums that float32 cannot hold
    mean = float(values.sum()) / n  # pairwise summation: float32 keeps its digits
    centered = values - values.dtype.type(mean)
    squares = float(np.multiply(centered, centered, out=centered).sum())
    stats: Stats = {
        "numel": numel,
        "nan": 0,
        "inf": 0,
        "mean": mean,
        "std": math.sqrt(squares / (n - 1)) if n > 1 else 0.0,
        "min": lo,
        "max": hi,
        "absmax": max(abs(lo), abs(hi)),
        "zeros": 1.0 - np.count_nonzero(values != 0) / n,  # a bool array counts 3x faster
        "hist": _histogram(_histogram_sample(values), lo, hi, bins),
    }
    if with_norm:  # Σx² = Σ(x - mean)² + n·mean²
        stats["norm"] = math.sqrt(max(squares + n * mean * mean, 0.0) * numel / n)
    return stats


def _exact(values: np.ndarray, bins: int, with_norm: bool) -> Stats:
    """Every statistic of an array from every value (the histogram from at most
    HISTOGRAM_SIZE of them); NaN and Inf are counted and the rest described."""
    numel = values.size
    stats = _describe(values, numel, bins, with_norm)
    if stats is None:
        finite = np.isfinite(values)
        nan = int(np.isnan(values).sum())
        inf = numel - nan - int(finite.sum())
        values = values[finite]
        if values.size == 0:
            return _empty({"numel": numel, "nan": nan, "inf": inf}, bins, with_norm)
        stats = _describe(values, values.size, bins, with_norm)
        assert stats is not None  # of finite values
        stats.update(
            numel=numel,
            nan=nan,
            inf=inf,  # the norm: of the finite values
            zeros=(numel - np.count_nonzero(values) - nan - inf) / numel,
        )
    if values.size > HISTOGRAM_SIZE:
        stats["estimated"] = ["hist"]
    return stats


# Up to this many values (2 MiB of float32, what a core's cache holds), numpy reads a
# float CPU tensor's extremes in two passes, min then max, on one torch thread; a larger
# one in chunks of _EXTREMES_CHUNK values, each chunk's max read while its min left it in
# the cache (_extremes).
NUMPY_EXTREMES_LIMIT = 1 << 19
_EXTREMES_CHUNK = 1 << 17


def _extremes(t: torch.Tensor, view: np.ndarray | None = None) -> Extremes | None:
    """(min, max) of a flat tensor from a full pass; None if they are not finite (NaN
    propagates into both). A float32 or float64 CPU tensor's while torch runs on one
    thread by numpy's min and max: 15-25 % less time than torch's aminmax, whose one pass
    is slower arithmetic, on a forward's activations of 200-400 K values (half as much on
    a tensor in the cache); beyond NUMPY_EXTREMES_LIMIT in chunks, which left a
    ResNet-50's maps of 800 K values at 230 µs in a call against aminmax's 320 and
    unchunked numpy's 290. Any other tensor's by aminmax, on its own device and split
    over torch's threads. The same values either way: each extreme is one of the
    tensor's values. `view`: host_view(t) where the caller has it (see host_described)."""
    if (view is not None or _host_is_view(t)) and torch.get_num_threads() == 1:
        values = host_view(t) if view is None else view
        if values.size <= NUMPY_EXTREMES_LIMIT:
            lo, hi = float(values.min()), float(values.max())
        else:
            lows, highs = [], []
            for start in range(0, values.size, _EXTREMES_CHUNK):
                chunk = values[start : start + _EXTREMES_CHUNK]
                lows.append(chunk.min())
                highs.append(chunk.max())
            lo, hi = float(np.min(lows)), float(np.max(highs))  # NaN propagating, as in one pass
    else:
        low_high = torch.aminmax(t)  # in the tensor's own dtype: its extremes convert exactly
        lo, hi = float(low_high.min), float(low_high.max)
    return (lo, hi) if math.isfinite(lo) and math.isfinite(hi) else None


def _nonnegative_extremes(
    t: torch.Tensor, subset: np.ndarray, hi: float, view: np.ndarray | None = None
) -> Extremes | None:
    """_extremes(t) of a flat tensor whose values are all ≥ 0 or NaN (a relu-family
    module's output), given their maximum `hi` from a pass of the caller's (NaN where any
    value is) and `subset`, some of its values: where the subset holds a zero, so does the
    tensor, and 0 is its minimum (a zero extreme is +0.0 whatever its sign, see
    _describe). Only a tensor with no zero in its subset (or, against what the caller
    said, a negative value) is read again, by _extremes."""
    if not math.isfinite(hi):
        return None  # NaN or +Inf in it: described exactly
    if subset.size and float(subset.min()) == 0.0:
        return 0.0, hi
    return _extremes(t, view)


def _estimated(values: np.ndarray, numel: int, bins: int, with_norm: bool, extremes: Extremes | None) -> Stats | None:
    """_describe of a subset, with the list of what it estimated; None as _describe."""
    stats = _describe(values, numel, bins, with_norm, extremes)
    if stats is not None:
        stats["estimated"] = (
            ["mean", "std", "zeros", "hist"]
            if extremes is not None
            else ["mean", "std", "zeros", "hist", "min", "max", "absmax"]
        )
        if with_norm:
            stats["estimated"].append("norm")
    return stats


def tensor_stats(
    tensor: torch.Tensor,
    bins: int = HISTOGRAM_BINS,
    with_norm: bool = False,
    full_pass: bool = True,
    values: np.ndarray | None = None,
    defer: "list[_Deferred] | None" = None,
    nonnegative_max: float | None = None,
    view: np.ndarray | None = None,
) -> Stats:
    """Statistics of `tensor`'s values as plain Python numbers (see the module docstring).

    mean, std, min, max, the histogram and the norm cover the finite values only; NaN and
    Inf are counted apart, so that one NaN does not hide the shape of the rest. With
    `full_pass=False` (parameters, gradients) a large tensor's extremes are estimated
    too, and only NaN or Inf on the subset are seen. `values`: described_values(tensor),
    where the caller has taken them already. `defer`: a list where the reductions over
    a large tensor's subset are queued, the dict returned left empty until they run
    (see PendingStats). `nonnegative_max`: the maximum of a tensor whose values are all
    ≥ 0 or NaN (a relu's output), from a pass of the caller's, which its full pass then
    mostly spares (_nonnegative_extremes). `view`: host_view(tensor), flat, where the
    caller took it already (host_described(tensor)): the one numpy array every pass reads.
    """
    if tensor.layout is not torch.strided:
        return _sparse_stats(tensor, bins, with_norm, full_pass)
    t = _flat(tensor) if view is None else tensor  # a view's tensor: contiguous, flat where read
    numel = t.numel()
    if numel == 0:
        return _empty({"numel": 0, "nan": 0, "inf": 0}, bins, with_norm)
    if numel <= EXACT_LIMIT:  # the arithmetic of every small tensor's, alone or batched
        return exact_stats_many([values if values is not None else _host(t)], bins, with_norm)[0]
    extremes = None
    subset = None
    if full_pass:
        if nonnegative_max is not None:
            subset = values if values is not None else _subset_copy(t, view)
            extremes = _nonnegative_extremes(t, subset, nonnegative_max, view)
        else:
            extremes = _extremes(t, view)
        if extremes is None:
            return _exact(_host(t) if view is None else view, bins, with_norm)
    if subset is None:
        subset = values if values is not None else _subset_copy(t, view)
    if defer is not None and extremes is not None:  # finite extremes: the subset is finite too
        deferred: Stats = {}
        defer.append(_Deferred(deferred, subset, numel, bins, with_norm, extremes))
        return deferred
    stats = _estimated(subset, numel, bins, with_norm, extremes)
    if stats is None:  # NaN or Inf on the subset: describe them all
        return _exact(_host(t), bins, with_norm)
    return stats


def _sparse_stats(tensor: torch.Tensor, bins: int, with_norm: bool, full_pass: bool) -> Stats:
    """Statistics of a sparse tensor (an Embedding(sparse=True)'s gradient) from the values
    it stores and the zeros it leaves out, without making it dense (a large embedding's
    gradient would be hundreds of megabytes). The stored values are described as a dense
    tensor would be; mean, std, zeros, min and max then take the zeros into account
    exactly, and the histogram adds its share of them."""
    t = full_value(tensor)
    t = t.coalesce() if t.layout is torch.sparse_coo else t.to_sparse().coalesce()
    stored = t.values()
    numel, zeros = t.numel(), t.numel() - stored.numel()
    values = described_values(stored)
    assert isinstance(values, np.ndarray)  # no HostCopies: read at once
    stats = tensor_stats(stored, bins, with_norm, full_pass, values=values)
    if zeros == 0:
        return stats
    finite = stats["numel"] - stats["nan"] - stats["inf"]
    total, squares = stats["mean"] * finite if finite else 0.0, 0.0
    if finite:
        squares = stats["std"] ** 2 * (finite - 1) + finite * stats["mean"] ** 2
    count = finite + zeros
    mean = total / count
    lo, hi = min(stats["min"] if finite else 0.0, 0.0), max(stats["max"] if finite else 0.0, 0.0)
    sampled = values[np.isfinite(values)]
    hist = _histogram(_histogram_sample(sampled), lo, hi, bins)
    share = round(zeros * hist["n"] / finite) if finite else zeros  # the zeros, sampled as the values were
    hist["counts"][min(int((0.0 - lo) * bins / (hi - lo)), bins - 1) if hi > lo else 0] += share
    hist["n"] += share
    stats.update(
        numel=numel,
        mean=mean,
        min=lo,
        max=hi,
        absmax=max(abs(lo), abs(hi)),
        hist=hist,
        std=math.sqrt(max(squares - count * mean * mean, 0.0) / (count - 1)) if count > 1 else 0.0,
        zeros=(stats["zeros"] * stats["numel"] + zeros) / numel,
    )
    return stats


def exact_stats_many(arrays: Sequence[np.ndarray], bins: int = HISTOGRAM_BINS, with_norm: bool = False) -> list[Stats]:
    """[_exact(values, bins, with_norm) for values in arrays] (flat, non-empty float arrays
    of up to EXACT_LIMIT values), in a few batched passes (small_stats)."""
    return describe_small(arrays, bins, HISTOGRAM_SIZE, with_norm, _exact)


def _is_small(tensor: torch.Tensor, values: object) -> bool:
    """Whether `values` (an array, or None) are all of a small strided tensor's values."""
    return (
        isinstance(values, np.ndarray)
        and tensor.layout is torch.strided
        and 0 < values.size <= EXACT_LIMIT
        and values.size == tensor.numel()
    )


def describe_flat(flat: np.ndarray, sizes: np.ndarray, with_norm: bool) -> tuple[list[Stats], Exception | None]:
    """(statistics of each consecutive segment of `flat` (`sizes` values each, all positive
    and at most EXACT_LIMIT: each all of a small tensor's values, as copied_values lays
    them out), the first failure): described where they lie, without copying them together
    again. Should the batch fail, each segment is described alone, and one that fails then
    too gets an empty dict."""
    try:
        return describe_segments(flat, sizes, HISTOGRAM_BINS, HISTOGRAM_SIZE, with_norm, _exact), None
    except Exception:
        return describe_each(flat, sizes, with_norm)


def describe_each(flat: np.ndarray, sizes: np.ndarray, with_norm: bool) -> tuple[list[Stats], Exception | None]:
    """describe_flat's statistics, each segment described alone (where the segment passes
    over them all failed): one that fails gets an empty dict; the first failure."""
    described: list[Stats] = []
    failure: Exception | None = None
    for end, size in zip(np.cumsum(sizes).tolist(), sizes.tolist()):
        try:
            described.append(exact_stats_many([flat[end - size : end]], HISTOGRAM_BINS, with_norm)[0])
        except Exception as e:
            described.append({})
            failure = failure or e
    return described, failure


def describe_columns(flat: np.ndarray, sizes: np.ndarray, with_norm: bool) -> SegmentColumns:
    """The statistics of each consecutive segment of `flat` (`sizes` values each, as
    describe_flat takes them) as columns (small_stats.SegmentColumns), in one set of
    segment passes, the plan for these sizes kept from the call before."""
    return segment_plan(sizes, HISTOGRAM_BINS, HISTOGRAM_SIZE).columns(flat, with_norm, _exact)


class StatsBatch:
    """tensor_stats of many tensors, the small ones described together in `finish`.

    `add` gives tensor_stats at once for a large, empty or sparse tensor; for a small one
    (all of whose values the caller took, see described_values) it gives an empty dict
    that `finish` fills in, from one flat buffer for all of them (exact_stats_many): a
    deep stack of tiny layers has a thousand parameters and gradients, each costing a
    dozen numpy operations when described alone.
    """

    def __init__(self, with_norm: bool = False, full_pass: bool = True) -> None:
        self.with_norm = with_norm
        self.full_pass = full_pass
        self._pending: list[tuple[Stats, np.ndarray]] = []  # (the dict to fill, the values)

    def add(self, tensor: torch.Tensor, values: np.ndarray | None = None) -> Stats:
        """tensor_stats(tensor, values=values), or a dict that `finish` fills in."""
        if _is_small(tensor, values):
            assert values is not None
            stats: Stats = {}
            self._pending.append((stats, values))
            return stats
        return tensor_stats(tensor, with_norm=self.with_norm, full_pass=self.full_pass, values=values)

    def finish(self) -> None:
        """Fill in the dicts `add` handed out. Should the batch fail, each tensor is
        described alone, and one that fails then too keeps an empty dict (the first such
        failure is raised after the others are filled in)."""
        pending, self._pending = self._pending, []
        if not pending:
            return
        described: list[Stats] | None
        try:
            described = exact_stats_many([values for _, values in pending], HISTOGRAM_BINS, self.with_norm)
        except Exception:
            described = None
        if described is not None:
            for (stats, _), figures in zip(pending, described):
                stats.update(figures)
            return
        failure: Exception | None = None
        for stats, values in pending:
            try:
                stats.update(exact_stats_many([values], HISTOGRAM_BINS, self.with_norm)[0])
            except Exception as e:
                failure = failure or e
        if failure is not None:
            raise failure


class _Deferred(NamedTuple):
    """Reductions put off until the forward is over: `values` (all of a small tensor's, or
    a large one's subset, possibly still on its way from the GPU) to describe into `stats`."""

    stats: Stats
    values: np.ndarray | HostCopy
    numel: int
    bins: int
    with_norm: bool
    extremes: Extremes | None


class _OnGpu(NamedTuple):
    """A large GPU tensor described on the GPU with the others in PendingStats.finish."""

    stats: Stats
    subset: torch.Tensor  # spread_subset's, in float
    extremes: Any  # torch.aminmax's (min, max), 0-d tensors on the GPU
    numel: int


# torch's count of the references to a storage (tensors and views holding it), where
# this torch has it: CopyBuffer.free tells from it whether a buffer is still in use.
_storage_use_count = getattr(torch._C, "_storage_Use_Count", None)


class CopyBuffer:
    """Memory for a forward's small float32 copies (PendingStats), used again by the
    next forward of the same model: one flat tensor, and a view of it (a slot) for each
    copy in the order the forward that laid it out took them.

    A copy kept until after the forward (for its statistics, dead units and sample) is
    memory no later op may reuse: taken by clones, a deep stack's few hundred copies came
    from fresh pages at every call (a 2 KB map's clone cost 4-6 µs more when kept than
    when freed at once), where copying into a slot costs a fraction of a clone. And in
    one flat buffer, in order, the copies are the flat buffer that their statistics are
    computed from (small_stats), with no concatenation.

    A buffer is taken again only once nothing but the buffer holds its slots or another
    view of its storage (`free`): the samples of the call that filled it are its slots,
    or views of them, until they are quantised."""

    def __init__(self, shapes: Sequence[tuple[int, ...]]) -> None:
        self.shapes = [tuple(shape) for shape in shapes]
        self.sizes = np.array([math.prod(shape) for shape in self.shapes], dtype=np.int64)
        # A tensor made under inference_mode could not be written outside it later.
        with torch.inference_mode(False):
            self.flat = torch.empty(int(self.sizes.sum()), dtype=torch.float32, device="cpu")
            self.slots = [
                part.view(shape)
                for part, shape in zip(torch.split(self.flat, self.sizes.tolist()), self.shapes, strict=True)
            ]
        self._own_references = max(map(sys.getrefcount, self.slots), default=0)  # its list's, and the call's
        # Where each slot starts in `flat`, and the end of the run of slots of its shape
        # that it begins (the slots from it to there take one torch.cat: PendingStats.copy_due).
        self.starts = [0, *itertools.accumulate(self.sizes.tolist())][:-1]
        self.same_shape_until = list(range(1, len(self.shapes) + 1))
        for index in range(len(self.shapes) - 2, -1, -1):
            if self.shapes[index] == self.shapes[index + 1]:
                self.same_shape_until[index] = self.same_shape_until[index + 1]

    def free(self) -> bool:
        """Whether nothing but the buffer holds its slots or its memory now (False where
        this torch cannot tell)."""
        if _storage_use_count is None:
            return False
        # The flat tensor, its slots, and the storage object made to ask.
        if _storage_use_count(self.flat.untyped_storage()._cdata) != len(self.slots) + 2:
            return False  # a view of it, such as a sample's
        return max(map(sys.getrefcount, self.slots), default=0) <= self._own_references


class PendingStats:
    """tensor_stats of activations, with the reductions put off until the forward is over.

    Inside a forward hook only what needs the live tensor is done: the full pass for the
    extremes and the copy of the subset. The subset's dozen reductions run in `finish`,
    one after another: inside the hooks, between the model's own kernels, which evict
    their data and code from the caches, ResNet-50's 141 took 6.8 ms a call, against
    4.1 ms in one loop. A small tensor's values are copied in the hook (a later in-place
    op may overwrite them) and all small tensors are described together in `finish`
    (exact_stats_many); on the CPU a large tensor holding NaN or Inf is described at once.

    A GPU tensor is never read inside the forward (see host_copies). A small one's values
    are copied without waiting and described on the host in `finish`. A large one's
    extremes and subset (32 KB) stay on the GPU, where `finish` describes them all at once
    (batched_stats) and brings over only the figures; one whose extremes turn out NaN or
    Inf is gone by then, so it is described from its subset, NaN and Inf counts included
    (`_estimated_non_finite`).
    """

    def __init__(self, buffer: CopyBuffer | None = None) -> None:
        # The copies of small CPU tensors (see _copies_in_batch), whose statistics are the
        # rows of `table`, in order: described together in finish, kept as columns.
        self._small: list[torch.Tensor] = []
        self.table = StatTable()
        self.buffer = buffer  # where small float32 copies go, slot by slot, if it fits
        self._slots = buffer.slots if buffer is not None else []
        self._shapes = buffer.shapes if buffer is not None else []  # each slot's, as a tuple
        self._in_slots = 0  # how many of the first copies of _small are the buffer's first slots'
        # Slots handed out by add_keeping_copy(copy_later=True) and the tensors to copy into
        # them (copy_due): one torch call for a forward's outputs, not one each.
        self._due_slots: list[torch.Tensor] = []
        self._due_values: list[torch.Tensor] = []
        # The shapes of the copies of _small, where they did not take the buffer's slots
        # in order: how a buffer for the next forward is laid out (tracer.Trace.finish_stats).
        self.layout: list[tuple[int, ...]] | None = None
        self._queue: list[_Deferred] = []
        self._on_gpu: list[_OnGpu] = []
        self.copies = HostCopies()

    def add(self, tensor: torch.Tensor) -> Stats | StatRow:
        """tensor_stats(tensor); for a large tensor with finite values, or any GPU tensor,
        a dict that `finish` fills in; for a small CPU one, a StatRow of `table`, which
        `finish` computes (it reads as tensor_stats' dict then)."""
        return self.add_keeping_copy(tensor)[0]

    def add_keeping_copy(
        self,
        tensor: torch.Tensor,
        nonnegative_max: float | None = None,
        view: np.ndarray | None = None,
        copy_later: bool = False,
    ) -> tuple[Stats | StatRow, torch.Tensor | None]:
        """(add(tensor), the copy of `tensor` it took where that copy has `tensor`'s shape,
        else None): a small contiguous CPU tensor's values are copied as they are, and
        that copy, ours and never written, may serve its activation sample too.
        `nonnegative_max`: see tensor_stats (a large CPU tensor's alone uses it). `view`:
        host_view(tensor), flat, where host_described(tensor) and the caller took it.
        `copy_later`: a copy into a slot of the buffer is left to copy_due (the caller
        reads it, and lets `tensor` change, only after that)."""
        if view is not None:
            return tensor_stats(tensor, defer=self._queue, nonnegative_max=nonnegative_max, view=view), None
        small = self._small
        index = len(small)
        if index == self._in_slots and index < len(self._slots):  # the buffer's next slot, if it fits
            slot = self._slots[index]
            if (  # a small float32 CPU tensor (a slot's shape is a small one's), laid out as the slot
                type(tensor) is torch.Tensor
                and tensor.dtype is torch.float32
                and tensor.is_cpu
                and tensor.layout is torch.strided
                and slot.shape == tensor.shape
                and tensor.is_contiguous()
            ):
                if copy_later:
                    self._due_slots.append(slot)
                    self._due_values.append(tensor)
                else:
                    _own_small_copy(tensor, slot)
                self._in_slots = index + 1
                small.append(slot)
                return self.table.row(), slot  # described with the others in finish
        if _copies_in_batch(tensor):  # a CPU tensor: copies.defers it not
            copy = _own_small_copy(tensor)
            small.append(copy)
            return self.table.row(), copy if copy.ndim == tensor.ndim else None  # a flattened copy has one dimension
        stats: Stats
        if not self.copies.defers(tensor):
            if tensor.layout is torch.strided and 0 < tensor.numel() <= EXACT_LIMIT:
                stats = {}
                self._queue.append(
                    _Deferred(stats, described_values(tensor), tensor.numel(), HISTOGRAM_BINS, False, None)
                )
                return stats, None
            return tensor_stats(tensor, defer=self._queue, nonnegative_max=nonnegative_max), None
        t = _flat(tensor)
        numel = t.numel()
        if numel == 0:
            return tensor_stats(t), None
        stats = {}
        if numel > EXACT_LIMIT:  # spread_subset gathers runs from it: a copy of its own
            self._on_gpu.append(_OnGpu(stats, _float(spread_subset(t)), torch.aminmax(t), numel))
        else:
            self._queue.append(
                _Deferred(stats, self.copies.start(_float(t), tensor), numel, HISTOGRAM_BINS, False, None)
            )
        return stats, None

    def add_later(self, tensor: torch.Tensor, shape: torch.Size) -> tuple[Stats | StatRow, torch.Tensor | None]:
        """add_keeping_copy(tensor, copy_later=True) of a plain, strided CPU tensor of
        `shape` (its torch.Size, which the caller read): the buffer's next slot is told
        by the shape it was laid out for, without reading the tensor's type, device,
        layout and shape again (tracer.Trace.describe_deferred, a few hundred a call)."""
        index = len(self._small)
        if (
            index == self._in_slots
            and index < len(self._slots)
            and tensor.dtype is torch.float32
            and shape == self._shapes[index]
            and tensor.is_contiguous()
        ):
            slot = self._slots[index]
            self._due_slots.append(slot)
            self._due_values.append(tensor)
            self._in_slots = index + 1
            self._small.append(slot)
            return self.table.row(), slot
        return self.add_keeping_copy(tensor, copy_later=True)

    def copy_due(self) -> None:
        """Take the copies add_keeping_copy(copy_later=True) left: one torch call for all
        (the slots and their tensors have the same shapes; no gradient is recorded).
        Where they are the buffer's last slots taken, one after another and all of one
        shape (a stack's outputs), one torch.cat into their memory, which costs a third
        of torch._foreach_copy_'s copy a slot on the CPU."""
        if self._due_slots:
            slots, values = self._due_slots, self._due_values
            self._due_slots, self._due_values = [], []
            buffer, end = self.buffer, self._in_slots
            first = end - len(slots)  # the slots taken rise one by one: these are first..end - 1 if slots[0] is
            with torch.no_grad():
                if (
                    buffer is not None
                    and first >= 0
                    and slots[0] is self._slots[first]
                    and buffer.same_shape_until[first] >= end
                    and self._shapes[first]
                ):
                    shape, start = self._shapes[first], buffer.starts[first]
                    joined = buffer.flat[start : start + len(slots) * slots[0].numel()]
                    torch.cat(values, 0, out=joined.view(len(slots) * shape[0], *shape[1:]))
                else:
                    torch._foreach_copy_(slots, values)

    def finish(self) -> None:
        """Fill in every dict and StatRow handed out by `add` (bringing the GPU's copies over
        first)."""
        self.copy_due()
        self.copies.wait()
        small, self._small = self._small, []  # first: they cannot fail as a subset's may
        if small:
            if self.buffer is not None and self._in_slots == len(small) == len(self._slots):
                flat, sizes = host_view(self.buffer.flat), self.buffer.sizes  # the copies, in order
            else:
                self.layout = [tuple(copy.shape) for copy in small]
                flat, sizes = _flat_values(small)
            self.table.columns = describe_columns(flat, sizes, with_norm=False)
        elif self._slots:
            self.layout = []
        queue, self._queue = self._queue, []
        exact = []  # (the dict to fill, all of a small tensor's values)
        for stats, taken, numel, bins, with_norm, extremes in queue:
            values = np.asarray(host_value(taken))
            if values.size == numel:
                exact.append((stats, values))
            else:
                estimated = _estimated(values, numel, bins, with_norm, extremes)
                assert estimated is not None  # a subset of a tensor with finite extremes is finite
                stats.update(estimated)
        for (stats, _), described in zip(exact, exact_stats_many([values for _, values in exact])):
            stats.update(described)
        on_gpu, self._on_gpu = self._on_gpu, []
        if not on_gpu:
            return
        on_device = describe_subsets(
            [e.subset for e in on_gpu],
            [e.extremes for e in on_gpu],
            [e.numel for e in on_gpu],
            HISTOGRAM_BINS,
            HISTOGRAM_SIZE,
        )
        for (stats, subset, (lo, hi), numel), found in zip(on_gpu, on_device):
            stats.update(
                found
                if found is not None
                else _estimated_non_finite(subset.cpu().numpy(), numel, HISTOGRAM_BINS, False, (float(lo), float(hi)))
            )


def _estimated_non_finite(values: np.ndarray, numel: int, bins: int, with_norm: bool, extremes: Extremes) -> Stats:
    """Statistics of a large tensor whose full pass found NaN or Inf (`extremes`), from its
    subset `values` alone: the finite values described, the NaN and Inf counts scaled to
    `numel` (at least one where the extremes show them), everything listed as estimated."""
    stats = _exact(values, bins, with_norm)
    scale = numel / values.size
    nan, inf = round(stats["nan"] * scale), round(stats["inf"] * scale)
    lo, hi = extremes
    if math.isnan(lo) or math.isnan(hi):
        nan = max(nan, 1)
    else:
        inf = max(inf, 1)
    stats.update(
        numel=numel,
        nan=nan,
        inf=inf,
        estimated=["mean", "std", "min", "max", "absmax", "zeros", "hist", "nan", "inf"]
        + (["norm"] if with_norm else []),
    )
    if with_norm and stats["norm"] is not None:
        stats["norm"] *= math.sqrt(scale)
    return stats
