"""Summary statistics of a tensor: what the dashboard plots over steps.

Computed right where a tensor is seen (inside the forward hook), because later in-place
ops in the same forward may overwrite an activation's storage.

Cost is what shapes this module. A call sees every activation and every parameter, so
a statistic that needs a full pass over each of them costs a good part of a forward.

- Up to `EXACT_LIMIT` values every statistic is exact.
- Above it, an activation gets one full pass for what must not be missed: min and max
  (one `aminmax`, which also reveals any NaN or Inf: exploding values and saturation
  live in the extremes). Mean, spread, zero fraction and norm come from a fixed subset
  of `SUBSET_SIZE` values spread evenly over the tensor (`spread_subset`), the same
  indices at every step so that trends compare like with like.
- Parameters and gradients take no full pass at all (`full_pass=False`): a GPT-2's
  weights are half a gigabyte, and a NaN in them shows in every activation after them.
- The histogram of any tensor over `HISTOGRAM_SIZE` values is binned from a subset of
  that many: a 32-bin histogram needs no more, and binning is ten times slower than any
  other reduction here.

The document lists what was estimated under `estimated`. A tensor found to hold NaN or
Inf is described exactly, histogram aside.
"""

import math

import torch

HISTOGRAM_BINS = 32

# 2**15 is also torch's grain size on CPU: ops on this many values run on one thread,
# which avoids waiting for a busy thread pool in the many small reductions of a call.
EXACT_LIMIT = 1 << 15
# 8,192 values estimate a spread or a zero fraction to about 1-2 % and fill a 32-bin
# histogram well; four times as many cost a ResNet-50 call about 0.1 s more.
SUBSET_SIZE = 1 << 13
HISTOGRAM_SIZE = 1 << 11


# Values are taken in runs: one 128-byte run costs a cache miss where single values
# each cost one, which makes a subset of a large activation four times cheaper to take.
SUBSET_RUN = 32


def spread_subset(t, target=SUBSET_SIZE):
    """`target` values of the flat tensor `t` (all of them if it has no more) as a flat tensor:
    `target // SUBSET_RUN` runs of consecutive values, evenly spaced from the start."""
    if t.numel() <= target:
        return t
    runs = target // SUBSET_RUN
    spacing = t.numel() // runs
    return t[:runs * spacing].reshape(runs, spacing)[:, :SUBSET_RUN].reshape(-1)


def full_value(tensor):
    """A plain tensor with the whole value: a DTensor (FSDP2, tensor parallel) is gathered.

    Gathering is a collective, so every rank must make the same calls in the same order;
    the writer therefore captures sharded models on every rank.
    """
    tensor = tensor.detach()
    full_tensor = getattr(tensor, "full_tensor", None)
    return full_tensor() if full_tensor is not None else tensor


def _flat_float(tensor):
    t = full_value(tensor)
    if t.is_complex():
        t = t.abs()
    if t.dtype not in (torch.float32, torch.float64):
        t = t.to(torch.float32)  # integers, half and bfloat16 reduce in float32
    return t.reshape(-1)


def _histogram(values, lo, hi, bins):
    counts = [0] * bins
    if hi > lo:
        counts = [int(c) for c in torch.histc(values, bins=bins, min=lo, max=hi).tolist()]
    else:
        counts[0] = values.numel()
    return {"lo": lo, "hi": hi, "n": values.numel(), "counts": counts}


def _empty(stats, bins, with_norm):
    stats.update(mean=None, std=None, min=None, max=None, absmax=None, zeros=None,
                 hist={"lo": 0.0, "hi": 0.0, "n": 0, "counts": [0] * bins})
    if with_norm:
        stats["norm"] = None
    return stats


def _spread(values, mean):
    """Sample standard deviation of `values` around a known mean."""
    n = values.numel()
    if n < 2:
        return 0.0
    centered = values - mean
    return math.sqrt(max(torch.dot(centered, centered).item(), 0.0) / (n - 1))


def _nonzero(values):
    """How many finite `values` are not zero. torch.count_nonzero takes a parallel path
    from about 16k values that costs 0.3 ms on a 2-core machine; this stays at 25 us."""
    return int(values.sign().abs_().sum().item())


def _exact(t, bins, with_norm):
    """Every statistic from every value, except the histogram above HISTOGRAM_SIZE values
    (binning is ten times slower than any other reduction here)."""
    numel = t.numel()
    stats = {"numel": numel, "nan": 0, "inf": 0}
    lo, hi = (v.item() for v in torch.aminmax(t))
    finite = t
    if not (math.isfinite(lo) and math.isfinite(hi)):  # aminmax propagates NaN
        stats["nan"] = int(torch.isnan(t).sum())
        stats["inf"] = int(torch.isinf(t).sum())
        finite = t[torch.isfinite(t)]
        if finite.numel() == 0:
            return _empty(stats, bins, with_norm)
        lo, hi = (v.item() for v in torch.aminmax(finite))
    mean = finite.sum().item() / finite.numel()
    nonzero = _nonzero(finite) + stats["nan"] + stats["inf"]
    stats.update(
        mean=mean, std=_spread(finite, mean), min=lo, max=hi, absmax=max(abs(lo), abs(hi)),
        zeros=(numel - nonzero) / numel,
        hist=_histogram(spread_subset(finite, HISTOGRAM_SIZE), lo, hi, bins),
    )
    if with_norm:
        stats["norm"] = math.sqrt(torch.dot(finite, finite).item())
    if finite.numel() > HISTOGRAM_SIZE:
        stats["estimated"] = ["hist"]
    return stats


def tensor_stats(tensor, bins=HISTOGRAM_BINS, with_norm=False, full_pass=True):
    """Statistics of `tensor`'s values as plain Python numbers (see the module docstring).

    mean, std, min, max, the histogram and the norm cover the finite values only; NaN and
    Inf are counted apart, so that one NaN does not hide the shape of the rest. With
    `full_pass=False` (parameters, gradients) a large tensor's mean and extremes are
    estimated too, and only NaN or Inf on the subset are seen.
    """
    t = _flat_float(tensor)
    numel = t.numel()
    if numel == 0:
        return _empty({"numel": 0, "nan": 0, "inf": 0}, bins, with_norm)
    if numel <= EXACT_LIMIT:
        return _exact(t, bins, with_norm)
    subset = spread_subset(t)  # one small copy
    estimated = ["mean", "std", "zeros", "hist"]
    lo, hi = (v.item() for v in torch.aminmax(t if full_pass else subset))
    if not full_pass:
        estimated += ["min", "max", "absmax"]
    total = subset.sum().item()
    if not (math.isfinite(total) and math.isfinite(lo) and math.isfinite(hi)):
        return _exact(t, bins, with_norm)
    mean = total / subset.numel()
    stats = {
        "numel": numel, "nan": 0, "inf": 0, "mean": mean, "std": _spread(subset, mean),
        "min": lo, "max": hi, "absmax": max(abs(lo), abs(hi)),
        "zeros": 1.0 - int(torch.count_nonzero(subset)) / subset.numel(),
        "hist": _histogram(spread_subset(subset, HISTOGRAM_SIZE), lo, hi, bins),
    }
    if with_norm:
        stats["norm"] = math.sqrt(torch.dot(subset, subset).item() * numel / subset.numel())
        estimated.append("norm")
    stats["estimated"] = estimated
    return stats
