"""Statistics of many large activations at once, on the GPU that holds them.

A call on a GPU describes each large activation from its subset
(statistics.spread_subset) and its extremes from a full pass. Brought to the host one by
one, every activation costs three copies to track and a dozen numpy reductions: about
60 µs of host time, half of what a call spends per layer, where the GPU's own work is
microseconds. Stacked into one matrix where they lie, the subsets are described by a
dozen batched reductions, and only the figures travel.

The figures are those statistics._estimated gives for the same values and extremes: the
extremes and the zero fraction exactly, the histogram counts by the same float64
arithmetic (exactly so on the CPU; tests/test_batched_stats.py checks each device it
finds), the mean and the spread in float64, where the host sums float32 (they agree to
float32 rounding).
"""

import torch

# Rows described together: at 8,192 values a row, 512 rows take 32 MB of GPU memory in
# float64, and about twice that while they are reduced.
_CHUNK_ROWS = 512


def describe_subsets(subsets, extremes, numels, bins, histogram_size):
    """Statistics of large tensors, one dict per tensor, from `subsets` (1-D float tensors of
    one length, on one device), `extremes` ((min, max) pairs of 0-d tensors from full
    passes) and `numels` (the tensors' sizes): `bins` histogram bins, filled from at most
    `histogram_size` values of each subset, every k-th. None where the extremes are NaN or
    Inf: the caller describes that tensor from its subset on the host."""
    described = []
    for start in range(0, len(subsets), _CHUNK_ROWS):
        end = start + _CHUNK_ROWS
        described += _describe_chunk(subsets[start:end], extremes[start:end], numels[start:end], bins, histogram_size)
    return described


def _describe_chunk(subsets, extremes, numels, bins, histogram_size):
    rows = torch.stack(subsets).double()
    count, size = rows.shape
    lo, hi = torch.stack([value for pair in extremes for value in pair]).double().view(count, 2).unbind(1)
    mean = rows.sum(1) / size
    centered = rows - mean[:, None]
    spread = (centered.square_().sum(1) / (size - 1)).sqrt() if size > 1 else torch.zeros_like(mean)
    zeros = (rows == 0).sum(1)
    sample = rows[:, ::max(1, -(-size // histogram_size))]
    scale = bins / (hi - lo)  # Inf where hi == lo: every value in the first bin, as on the host
    scale = torch.where(torch.isfinite(scale), scale, torch.zeros_like(scale))
    bin_of = ((sample - lo[:, None]) * scale[:, None]).long().clamp_(0, bins)
    bin_of += torch.arange(count, device=rows.device)[:, None] * (bins + 1)
    counts = torch.bincount(bin_of.view(-1), minlength=count * (bins + 1)).view(count, bins + 1)
    counts[:, bins - 1] += counts[:, bins]  # the maximum itself, in the last bin
    finite = torch.isfinite(lo) & torch.isfinite(hi)
    figures = torch.stack([mean, spread, zeros.double(), lo, hi, finite.double()], 1).tolist()
    counts = counts[:, :bins].tolist()
    described = []
    for (mean, std, zeros, lo, hi, finite), row_counts, numel in zip(figures, counts, numels):
        if not finite:
            described.append(None)
            continue
        described.append({
            "numel": numel, "nan": 0, "inf": 0, "mean": mean, "std": std,
            "min": lo, "max": hi, "absmax": max(abs(lo), abs(hi)), "zeros": 1.0 - (size - zeros) / size,
            "hist": {"lo": lo, "hi": hi, "n": sample.shape[1], "counts": row_counts},
            "estimated": ["mean", "std", "zeros", "hist"],
        })
    return described
