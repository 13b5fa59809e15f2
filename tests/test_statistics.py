"""tensor_stats against direct numpy computations."""

import numpy as np
import pytest
import torch

from tensorboard_modelviz.statistics import HISTOGRAM_SAMPLE, tensor_stats


def test_matches_numpy_on_a_plain_tensor():
    torch.manual_seed(0)
    x = torch.randn(1000, 37) * 3 + 1
    x[x.abs() < 0.5] = 0
    s = tensor_stats(x, with_norm=True)
    a = x.numpy().astype(np.float64)
    assert s["numel"] == a.size
    assert s["mean"] == pytest.approx(a.mean(), rel=1e-5)
    assert s["std"] == pytest.approx(a.std(ddof=1), rel=1e-5)
    assert s["min"] == pytest.approx(a.min()) and s["max"] == pytest.approx(a.max())
    assert s["absmax"] == pytest.approx(np.abs(a).max())
    assert s["zeros"] == pytest.approx((a == 0).mean())
    assert s["norm"] == pytest.approx(np.linalg.norm(a), rel=1e-5)
    counts, _ = np.histogram(a, bins=32, range=(a.min(), a.max()))
    assert s["hist"]["n"] == a.size
    assert sum(s["hist"]["counts"]) == a.size
    assert np.abs(np.array(s["hist"]["counts"]) - counts).sum() <= 4  # bin-edge rounding only


def test_nan_and_inf_are_counted_and_excluded():
    x = torch.tensor([1.0, 2.0, float("nan"), float("inf"), float("-inf"), 3.0])
    s = tensor_stats(x)
    assert (s["nan"], s["inf"]) == (1, 2)
    assert s["mean"] == pytest.approx(2.0) and s["min"] == 1.0 and s["max"] == 3.0


def test_all_nan_gives_empty_statistics():
    s = tensor_stats(torch.full((4,), float("nan")), with_norm=True)
    assert s["nan"] == 4 and s["mean"] is None and s["norm"] is None


def test_half_bfloat16_and_integer_tensors():
    for dtype in (torch.float16, torch.bfloat16, torch.int64):
        s = tensor_stats(torch.arange(10).to(dtype))
        assert s["mean"] == pytest.approx(4.5) and s["max"] == 9


def test_large_tensor_histogram_counts_a_subset_with_the_same_shape():
    torch.manual_seed(0)
    x = torch.rand(4 * HISTOGRAM_SAMPLE + 3)
    s = tensor_stats(x)
    assert s["hist"]["n"] <= HISTOGRAM_SAMPLE and sum(s["hist"]["counts"]) == s["hist"]["n"]
    share = np.array(s["hist"]["counts"]) / s["hist"]["n"]
    assert np.allclose(share, 1 / 32, atol=0.01)  # uniform data stays uniform
    assert s["mean"] == pytest.approx(x.double().mean().item(), rel=1e-5)  # exact, not sampled


def test_empty_and_constant_tensors():
    assert tensor_stats(torch.zeros(0))["mean"] is None
    s = tensor_stats(torch.full((5,), 2.0))
    assert s["std"] == 0.0 and s["hist"]["counts"][0] == 5
