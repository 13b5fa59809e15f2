"""batched_stats: many subsets described at once give what statistics._estimated gives."""

import numpy as np
import pytest
import torch

from tensorboard_modelviz.capture import batched_stats
from tensorboard_modelviz.capture.batched_stats import describe_subsets
from tensorboard_modelviz.capture.statistics import HISTOGRAM_BINS, HISTOGRAM_SIZE, SUBSET_SIZE, _estimated


def _rows():
    """Subsets as activations give them, with the extremes of their whole tensors."""
    torch.manual_seed(0)
    rows = [
        torch.randn(SUBSET_SIZE) * 3 + 1,
        torch.randn(SUBSET_SIZE).relu(),  # half zeros
        torch.full((SUBSET_SIZE,), 2.5),  # constant: every value in the first bin
        -torch.rand(SUBSET_SIZE) * 1e30,  # large magnitudes, all negative
        torch.rand(SUBSET_SIZE) * 1e-6 + 1.0,  # a tiny spread far from zero
        torch.randint(0, 4, (SUBSET_SIZE,)).float(),
    ]  # values on the bin edges
    extremes = [(r.min() - 0.5, r.max() + 0.25) for r in rows[:2]]  # the whole tensors reach further
    extremes += [(r.min(), r.max()) for r in rows[2:]]
    return rows, extremes


def _expected(rows, extremes, numels):
    return [
        _estimated(r.numpy(), n, HISTOGRAM_BINS, False, (float(lo), float(hi)))
        for r, (lo, hi), n in zip(rows, extremes, numels)
    ]


@pytest.mark.parametrize(
    "device",
    [
        "cpu",
        pytest.param("cuda", marks=pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")),
    ],
)
def test_the_figures_are_those_of_the_host(device):
    """Counts, extremes, zeros and histograms equal; mean and spread to float32 rounding."""
    rows, extremes = _rows()
    numels = [40 * SUBSET_SIZE + i for i in range(len(rows))]
    got = describe_subsets(
        [r.to(device) for r in rows],
        [(lo.to(device), hi.to(device)) for lo, hi in extremes],
        numels,
        HISTOGRAM_BINS,
        HISTOGRAM_SIZE,
    )
    for stats, expected in zip(got, _expected(rows, extremes, numels)):
        moments = {f: expected.pop(f) for f in ("mean", "std")}
        assert list(stats) == [
            "numel",
            "nan",
            "inf",
            "mean",
            "std",
            "min",
            "max",
            "absmax",
            "zeros",
            "hist",
            "estimated",
        ]
        for field, value in moments.items():
            assert stats.pop(field) == pytest.approx(value, rel=1e-6, abs=1e-6 * expected["absmax"]), field
        assert stats == expected


def test_non_finite_extremes_are_left_to_the_host():
    rows, extremes = _rows()
    extremes[1] = (torch.tensor(float("nan")), torch.tensor(float("nan")))
    extremes[4] = (torch.tensor(0.0), torch.tensor(float("inf")))
    got = describe_subsets(rows, extremes, [SUBSET_SIZE * 50] * len(rows), HISTOGRAM_BINS, HISTOGRAM_SIZE)
    assert [stats is None for stats in got] == [False, True, False, False, True, False]


def test_chunks_give_the_same_figures(monkeypatch):
    rows, extremes = _rows()
    numels = [SUBSET_SIZE * 50] * len(rows)
    whole = describe_subsets(rows, extremes, numels, HISTOGRAM_BINS, HISTOGRAM_SIZE)
    monkeypatch.setattr(batched_stats, "_CHUNK_ROWS", 4)
    assert describe_subsets(rows, extremes, numels, HISTOGRAM_BINS, HISTOGRAM_SIZE) == whole


def test_bfloat16_extremes_convert_exactly():
    """A bfloat16 activation's extremes come in its own dtype, its subset in float32."""
    t = (torch.randn(SUBSET_SIZE) * 7).to(torch.bfloat16)
    (stats,) = describe_subsets([t.float()], [torch.aminmax(t)], [SUBSET_SIZE * 10], HISTOGRAM_BINS, HISTOGRAM_SIZE)
    assert stats["min"] == float(t.min()) and stats["max"] == float(t.max())
    assert sum(stats["hist"]["counts"]) == stats["hist"]["n"] == HISTOGRAM_SIZE
    assert np.isclose(stats["mean"], float(t.double().mean()))
