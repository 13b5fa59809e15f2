"""Summary statistics of a tensor: what the dashboard plots over steps.

Computed right where a tensor is seen (inside the forward hook), because later in-place
ops in the same forward may overwrite an activation's storage. Each statistic is one
cheap vectorised pass (sum, dot, aminmax, count_nonzero): torch's std_mean and histc
are ten times slower on CPU and would dominate the cost of a call.
"""

import math

import torch

HISTOGRAM_BINS = 32

# The histogram counts an evenly strided subset of at most this many values: its shape
# is what the dashboard shows, and counting every value of a 100M-entry weight is slow.
HISTOGRAM_SAMPLE = 1 << 16


def _strided_subset(t, target):
    """About `target` values of the flat tensor `t`, evenly spread.

    The stride is kept odd so that it does not fall in step with a power-of-two row
    length and pick the same columns of a weight matrix again and again.
    """
    if t.numel() <= target:
        return t
    stride = -(-t.numel() // target)
    if stride % 2 == 0:
        stride += 1
    return t[::stride]


def _histogram(values, lo, hi, bins):
    sample = _strided_subset(values, HISTOGRAM_SAMPLE)
    counts = [0] * bins
    if hi > lo:
        counts = [int(c) for c in torch.histc(sample, bins=bins, min=lo, max=hi).tolist()]
    else:
        counts[0] = sample.numel()
    return {"lo": lo, "hi": hi, "n": sample.numel(), "counts": counts}


def _empty(stats, bins, with_norm):
    stats.update(mean=None, std=None, min=None, max=None, absmax=None, zeros=None,
                 hist={"lo": 0.0, "hi": 0.0, "n": 0, "counts": [0] * bins})
    if with_norm:
        stats["norm"] = None
    return stats


def full_value(tensor):
    """A plain tensor with the whole value: a DTensor (FSDP2, tensor parallel) is gathered.

    Gathering is a collective, so every rank must make the same calls in the same order;
    the writer therefore captures sharded models on every rank.
    """
    tensor = tensor.detach()
    full_tensor = getattr(tensor, "full_tensor", None)
    return full_tensor() if full_tensor is not None else tensor


def tensor_stats(tensor, bins=HISTOGRAM_BINS, with_norm=False):
    """Statistics of `tensor`'s values as plain Python numbers.

    mean, std, min, max, the histogram and the norm cover the finite values only; NaN
    and Inf are counted apart, so that one NaN does not hide the shape of the rest.
    `hist.n` is how many values the histogram counted (see HISTOGRAM_SAMPLE).
    """
    t = full_value(tensor)
    if t.is_complex():
        t = t.abs()
    if t.dtype not in (torch.float32, torch.float64):
        t = t.to(torch.float32)  # integers, half and bfloat16 reduce in float32
    t = t.reshape(-1)
    numel = t.numel()
    stats = {"numel": numel, "nan": 0, "inf": 0}
    if numel == 0:
        return _empty(stats, bins, with_norm)
    lo, hi = (v.item() for v in torch.aminmax(t))
    finite = t
    if not (math.isfinite(lo) and math.isfinite(hi)):  # aminmax propagates NaN
        stats["nan"] = int(torch.isnan(t).sum())
        stats["inf"] = int(torch.isinf(t).sum())
        finite = t[torch.isfinite(t)]
        if finite.numel() == 0:
            return _empty(stats, bins, with_norm)
        lo, hi = (v.item() for v in torch.aminmax(finite))
    n = finite.numel()
    mean = finite.sum().item() / n
    centered = finite - mean
    sum_sq = torch.dot(centered, centered).item()
    stats.update(
        mean=mean,
        std=math.sqrt(sum_sq / (n - 1)) if n > 1 else 0.0,
        min=lo,
        max=hi,
        absmax=max(abs(lo), abs(hi)),
        zeros=(numel - int(torch.count_nonzero(t))) / numel,
        hist=_histogram(finite, lo, hi, bins),
    )
    if with_norm:
        stats["norm"] = math.sqrt(torch.dot(finite, finite).item())
    return stats
