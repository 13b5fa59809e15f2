"""Summary statistics of a tensor: what the dashboard plots over steps.

Computed right where a tensor is seen (inside the forward hook), because later in-place
ops in the same forward may overwrite an activation's storage.
"""

import torch

HISTOGRAM_BINS = 32


def tensor_stats(tensor, bins=HISTOGRAM_BINS, with_norm=False):
    """Statistics of `tensor`'s values as plain Python numbers.

    mean, std, min, max and the histogram cover the finite values only; NaN and Inf are
    counted apart, so one NaN does not hide the shape of the rest.
    """
    t = tensor.detach()
    if t.is_complex():
        t = t.abs()
    if not t.is_floating_point():
        t = t.to(torch.float32)
    elif t.dtype != torch.float32 and t.dtype != torch.float64:
        t = t.to(torch.float32)  # half and bfloat16: reduce in float32
    t = t.reshape(-1)
    numel = t.numel()
    stats = {"numel": numel, "nan": 0, "inf": 0}
    if numel == 0:
        stats.update(mean=None, std=None, min=None, max=None, absmax=None, zeros=None,
                     hist={"lo": 0.0, "hi": 0.0, "counts": [0] * bins})
        if with_norm:
            stats["norm"] = 0.0
        return stats
    lo, hi = torch.aminmax(t)
    lo, hi = lo.item(), hi.item()
    finite = t
    if not (_is_finite(lo) and _is_finite(hi)):
        nan_count = int(torch.isnan(t).sum())
        inf_count = int(torch.isinf(t).sum())
        stats["nan"], stats["inf"] = nan_count, inf_count
        if nan_count or inf_count:
            finite = t[torch.isfinite(t)]
        if finite.numel() == 0:
            stats.update(mean=None, std=None, min=None, max=None, absmax=None,
                         zeros=0.0, hist={"lo": 0.0, "hi": 0.0, "counts": [0] * bins})
            if with_norm:
                stats["norm"] = None
            return stats
        lo, hi = torch.aminmax(finite)
        lo, hi = lo.item(), hi.item()
    if finite.numel() > 1:
        std, mean = torch.std_mean(finite)
        std = std.item()
    else:
        mean, std = finite[0], 0.0
    counts = torch.histc(finite, bins=bins, min=lo, max=hi) if hi > lo else None
    if counts is None:
        counts = [0] * bins
        counts[0] = finite.numel()
    else:
        counts = [int(c) for c in counts.tolist()]
    stats.update(
        mean=mean.item() if torch.is_tensor(mean) else float(mean),
        std=std,
        min=lo,
        max=hi,
        absmax=max(abs(lo), abs(hi)),
        zeros=(numel - int(torch.count_nonzero(t))) / numel,
        hist={"lo": lo, "hi": hi, "counts": counts},
    )
    if with_norm:
        stats["norm"] = torch.linalg.vector_norm(finite).item()
    return stats


def _is_finite(value):
    return value == value and value not in (float("inf"), float("-inf"))
