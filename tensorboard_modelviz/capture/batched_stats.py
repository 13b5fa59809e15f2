"""Statistics of many large activations at once, on the GPU that holds them.

A call on a GPU describes each large activation from its subset
(statistics.spread_subset) and its extremes from a full pass. Brought to the host one by
one, every activation costs three copies to track and a dozen numpy reductions: about
60 µs of host time, half of what a call spends per layer, where the GPU's own work is
microseconds. Stacked into one matrix where they lie, the subsets are described by a
dozen batched reductions, and only the figures travel.

The figures are those statistics._estimated gives for the same values and extremes: the
extremes and the zero fraction exactly, the histogram counts by the same float64
arithmetic (exactly so on the CPU; tests/capture/test_batched_stats.py checks each device it
finds), the mean and the spread in float64, where the host sums float32 (they agree to
float32 rounding).
"""

from collections.abc import Sequence

import torch

from tensorboard_modelviz.format.documents import TensorStats

# Rows described together: at 8,192 values a row, 512 rows take 32 MB of GPU memory in
# float64, and about twice that while they are reduced.
_CHUNK_ROWS = 512


def describe_subsets(
    subsets: list[torch.Tensor],
    extremes: Sequence[tuple[torch.Tensor, torch.Tensor]],
    numels: Sequence[int],
    bins: int,
    histogram_size: int,
) -> list[TensorStats | None]:
    """Statistics of large tensors, one dict per tensor, from `subsets` (1-D float tensors of
    one length, on one device), `extremes` ((min, max) pairs of 0-d tensors from full
    passes) and `numels` (the tensors' sizes): `bins` histogram bins, filled from at most
    `histogram_size` values of each subset, every k-th. None where the extremes are NaN or
    Inf: the caller describes that tensor from its subset on the host."""
    described: list[TensorStats | None] = []
    for start in range(0, len(subsets), _CHUNK_ROWS):
        end = start + _CHUNK_ROWS
        described += _describe_chunk(subsets[start:end], extremes[start:end], numels[start:end], bins, histogram_size)
    return described


def _describe_chunk(
    subsets: list[torch.Tensor],
    extremes: Sequence[tuple[torch.Tensor, torch.Tensor]],
    numels: Sequence[int],
    bins: int,
    histogram_size: int,
) -> list[TensorStats | None]:
    rows = torch.stack(subsets).double()
    count, size = rows.shape
    lo, hi = torch.stack([value for pair in extremes for value in pair]).double().view(count, 2).unbind(1)
    mean = rows.sum(1) / size
    centered = rows - mean[:, None]
    spread = (centered.square_().sum(1) / (size - 1)).sqrt() if size > 1 else torch.zeros_like(mean)
    zeros = (rows == 0).sum(1)
    sample = rows[:, :: max(1, -(-size // histogram_size))]
    scale = bins / (hi - lo)  # Inf where hi == lo: every value in the first bin, as on the host
    scale = torch.where(torch.isfinite(scale), scale, torch.zeros_like(scale))
    bin_of = ((sample - lo[:, None]) * scale[:, None]).long().clamp_(0, bins)
    bin_of += torch.arange(count, device=rows.device)[:, None] * (bins + 1)
    counts = torch.bincount(bin_of.view(-1), minlength=count * (bins + 1)).view(count, bins + 1)
    counts[:, bins - 1] += counts[:, bins]  # the maximum itself, in the last bin
    finite = torch.isfinite(lo) & torch.isfinite(hi)
    figures = torch.stack([mean, spread, zeros.double(), lo, hi, finite.double()], 1).tolist()
    count_rows = counts[:, :bins].tolist()
    described: list[TensorStats | None] = []
    for (row_mean, row_std, row_zeros, row_lo, row_hi, row_finite), row_counts, numel in zip(
        figures, count_rows, numels
    ):
        if not row_finite:
            described.append(None)
            continue
        row_lo, row_hi = row_lo + 0.0, row_hi + 0.0  # a zero extreme is +0.0 (docs/format.md)
        described.append(
            {
                "numel": numel,
                "nan": 0,
                "inf": 0,
                "mean": row_mean,
                "std": row_std,
                "min": row_lo,
                "max": row_hi,
                "absmax": max(abs(row_lo), abs(row_hi)),
                "zeros": 1.0 - (size - row_zeros) / size,
                "hist": {"lo": row_lo, "hi": row_hi, "n": sample.shape[1], "counts": row_counts},
                "estimated": ["mean", "std", "zeros", "hist"],
            }
        )
    return described
