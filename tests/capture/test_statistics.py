"""tensor_stats against direct numpy computations."""

import math

import numpy as np
import pytest
import torch
from torch.overrides import TorchFunctionMode

from tensorboard_modelviz.capture import statistics
from tensorboard_modelviz.capture.activation_samples import reduce_activation
from tensorboard_modelviz.capture.host_copies import HostCopies
from tensorboard_modelviz.capture.statistics import (
    EXACT_LIMIT,
    HISTOGRAM_SIZE,
    SUBSET_RUN,
    SUBSET_SIZE,
    PendingStats,
    flat_in_memory_order,
    spread_subset,
    tensor_stats,
)


def test_matches_numpy_on_a_plain_tensor():
    torch.manual_seed(0)
    x = torch.randn(800, 37) * 3 + 1  # within EXACT_LIMIT: every statistic exact
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
    small = x[:50]  # within HISTOGRAM_SIZE: every value binned
    s = tensor_stats(small)
    a = small.numpy().astype(np.float64)
    counts, _ = np.histogram(a, bins=32, range=(a.min(), a.max()))
    assert s["hist"]["n"] == a.size == sum(s["hist"]["counts"])
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


class _Conversions(TorchFunctionMode):
    """The sizes of the tensors converted to another dtype while it is active."""

    def __init__(self):
        super().__init__()
        self.sizes = []

    def __torch_function__(self, func, types, args=(), kwargs=None):
        if func in (torch.Tensor.float, torch.Tensor.to, torch.Tensor.double):
            self.sizes.append(args[0].numel())
        return func(*args, **(kwargs or {}))


@pytest.mark.parametrize("dtype", [torch.float16, torch.bfloat16, torch.int32])
def test_other_dtypes_are_converted_after_the_subset_is_taken(dtype):
    """The statistics of a half, bfloat16 or integer tensor are those of its float32 values;
    only what is read is converted: the subset of a large tensor, never all of it."""
    torch.manual_seed(0)
    for size in (1000, 5 * EXACT_LIMIT):
        t = (torch.randn(size) * 50).to(dtype)
        for kwargs in ({}, {"with_norm": True, "full_pass": False}):
            with _Conversions() as conversions:
                stats = tensor_stats(t, **kwargs)
            assert stats == tensor_stats(t.float(), **kwargs)
            assert max(conversions.sizes, default=0) <= min(size, SUBSET_SIZE)
            pending = PendingStats()
            deferred = pending.add(t)
            pending.finish()
            assert deferred == tensor_stats(t.float())


def test_small_tensors_are_exact_but_for_the_histogram():
    assert "estimated" not in tensor_stats(torch.randn(HISTOGRAM_SIZE), with_norm=True)
    torch.manual_seed(0)
    x = torch.randn(EXACT_LIMIT).relu()
    s = tensor_stats(x, with_norm=True)
    assert s["estimated"] == ["hist"] and HISTOGRAM_SIZE // 2 <= s["hist"]["n"] <= HISTOGRAM_SIZE
    assert s["zeros"] == (x == 0).double().mean().item()
    assert s["std"] == pytest.approx(x.double().std().item(), rel=1e-6)


def test_large_tensor_exact_extremes_estimated_moments():
    torch.manual_seed(0)
    x = torch.rand(40 * SUBSET_SIZE + 3) * 4 - 1
    x[12345] = 50.0  # one outlier: the exact max must see it, whatever the subset holds
    s = tensor_stats(x, with_norm=True)
    a = x.double().numpy()
    assert s["mean"] == pytest.approx(a.mean(), abs=0.02 * a.std())
    assert s["max"] == 50.0 and s["min"] == pytest.approx(a.min())
    assert sorted(s["estimated"]) == ["hist", "mean", "norm", "std", "zeros"]
    assert s["std"] == pytest.approx(a.std(ddof=1), rel=0.02)
    assert s["norm"] == pytest.approx(np.linalg.norm(a), rel=0.02)
    assert HISTOGRAM_SIZE // 2 <= sum(s["hist"]["counts"]) == s["hist"]["n"] <= HISTOGRAM_SIZE
    counts = np.array(s["hist"]["counts"]) / s["hist"]["n"]
    expected, _ = np.histogram(a, bins=32, range=(s["min"], s["max"]))
    assert np.abs(counts - expected / a.size).max() < 0.02  # the shape, from a few thousand values


@pytest.mark.parametrize("threads", [1, 2])
def test_extremes_read_by_numpy_are_those_of_aminmax(threads, monkeypatch):
    """On one torch thread a float32 or float64 CPU tensor has its extremes read by numpy
    (host_view, leaving the storage's flags alone; beyond NUMPY_EXTREMES_LIMIT values in
    chunks), any other by torch.aminmax: the same extremes, NaN and Inf found alike, in
    any chunk."""
    g = torch.Generator().manual_seed(0)
    at_limit = torch.randn(statistics.NUMPY_EXTREMES_LIMIT, generator=g)
    outlier = torch.rand(3 * SUBSET_SIZE, generator=g)
    outlier[7777] = -40.0
    with_inf = torch.randn(2 * EXACT_LIMIT, generator=g)
    with_inf[-1] = float("inf")
    with_nan = torch.randn(2 * EXACT_LIMIT, generator=g, dtype=torch.float64)
    with_nan[5] = float("nan")
    chunk = statistics._EXTREMES_CHUNK
    over = statistics.NUMPY_EXTREMES_LIMIT + 5
    spread = torch.randn(over, generator=g)  # extremes in the last, partial chunk and in the first
    spread[-2], spread[3] = 99.0, -99.0
    nan_late = torch.randn(over, generator=g)
    nan_late[-1] = float("nan")
    inf_middle = torch.randn(over, generator=g, dtype=torch.float64)
    inf_middle[2 * chunk + 1] = -float("inf")
    zeros = torch.zeros(over)
    zeros[chunk:] = -0.0  # extremes equal to 0 (of either sign: _describe makes them +0.0)
    cases = [
        at_limit,
        outlier,
        torch.full((EXACT_LIMIT + 1,), -3.5),
        with_inf,
        with_nan,
        spread,  # over the limit: in chunks
        nan_late,
        inf_middle,
        zeros,
        torch.randn(EXACT_LIMIT + 9, generator=g).half(),  # not read by numpy
    ]
    aminmax_calls = []
    original = torch.aminmax

    def counted(t):
        aminmax_calls.append(t.numel())
        return original(t)

    monkeypatch.setattr(torch, "aminmax", counted)
    before = torch.get_num_threads()
    torch.set_num_threads(threads)
    try:
        found = [statistics._extremes(t) for t in cases]
    finally:
        torch.set_num_threads(before)
    expected = [(float(t.min()), float(t.max())) for t in cases]
    assert found == [e if np.isfinite(e).all() else None for e in expected]
    assert len(aminmax_calls) == (1 if threads == 1 else len(cases))
    at_limit.untyped_storage().resize_(0)  # raises if a .numpy() had marked it non-resizable
    spread.untyped_storage().resize_(0)


def test_parameters_take_no_full_pass():
    torch.manual_seed(0)
    x = torch.rand(40 * SUBSET_SIZE)
    s = tensor_stats(x, with_norm=True, full_pass=False)
    assert {"mean", "min", "max", "absmax", "std", "norm"} <= set(s["estimated"])
    assert 0.0 <= s["min"] < 0.01 and 0.99 < s["max"] <= 1.0
    assert s["mean"] == pytest.approx(0.5, abs=0.01)


def test_a_large_tensor_with_nan_is_described_exactly():
    x = torch.ones(10 * SUBSET_SIZE)
    x[SUBSET_RUN + 7] = float("nan")  # not on the subset: the full pass finds it
    s = tensor_stats(x)
    assert s["nan"] == 1 and s.get("estimated") == ["hist"] and s["mean"] == 1.0
    x[::3] = float("nan")  # on the subset too: found without a full pass as well
    s = tensor_stats(x, full_pass=False)
    assert s["nan"] == x.isnan().sum().item() and s.get("estimated") == ["hist"] and s["mean"] == 1.0


def test_zero_fraction_estimate():
    x = torch.randn(64 * SUBSET_SIZE).relu()
    assert tensor_stats(x)["zeros"] == pytest.approx(0.5, abs=0.02)


def test_empty_and_constant_tensors():
    assert tensor_stats(torch.zeros(0))["mean"] is None
    s = tensor_stats(torch.full((5,), 2.0))
    assert s["std"] == 0.0 and s["hist"]["counts"][0] == 5


def test_the_subset_is_runs_spread_over_the_whole_tensor():
    x = torch.arange(100 * SUBSET_SIZE, dtype=torch.float32)
    subset = spread_subset(x)
    assert subset.numel() == SUBSET_SIZE and subset.is_contiguous()
    starts = subset[::SUBSET_RUN]
    assert torch.equal(subset.view(-1, SUBSET_RUN), starts[:, None] + torch.arange(SUBSET_RUN))
    assert starts[0] == 0 and starts[-1] >= 99 * SUBSET_SIZE  # from the start to near the end
    assert spread_subset(x[:SUBSET_SIZE]) is not None and spread_subset(x[:100]).numel() == 100


def test_dense_layouts_are_read_in_place_in_memory_order():
    x = torch.randn(2, 16, 48, 48)
    channels_last = x.contiguous(memory_format=torch.channels_last)
    flat = flat_in_memory_order(channels_last)
    assert flat._base is channels_last and flat.data_ptr() == channels_last.data_ptr()  # a view: nothing copied
    assert torch.equal(flat, channels_last.permute(0, 2, 3, 1).reshape(-1))
    transposed = torch.randn(300, 200).t()
    assert flat_in_memory_order(transposed)._base is not None
    assert torch.equal(flat_in_memory_order(transposed), transposed.t().reshape(-1))
    every_other = x[:, ::2]  # values with gaps between them: copied, in logical order
    assert torch.equal(flat_in_memory_order(every_other), every_other.reshape(-1))
    assert flat_in_memory_order(x)._base is x
    # Statistics do not depend on the layout: exact ones to rounding, extremes exactly.
    for layout in (channels_last, x[:1, :1].contiguous(memory_format=torch.channels_last)):
        reference, stats = tensor_stats(layout.contiguous()), tensor_stats(layout)
        assert (stats["min"], stats["max"], stats["numel"]) == (reference["min"], reference["max"], reference["numel"])
        assert stats["mean"] == pytest.approx(reference["mean"], abs=0.05 * reference["std"])
        assert stats["std"] == pytest.approx(reference["std"], rel=0.05)


def test_no_blas_call(monkeypatch):
    """numpy's BLAS runs its own thread pool, which slows the model's torch ops after it."""
    from tensorboard_modelviz.capture.update_ratio import ParameterHistory

    def blas(*args, **kwargs):
        raise AssertionError("a BLAS call")

    for name in ("dot", "vdot", "inner", "matmul", "tensordot"):
        monkeypatch.setattr(np, name, blas)
    for t in (torch.randn(100), torch.randn(4 * EXACT_LIMIT), torch.randn(3 * EXACT_LIMIT)):
        tensor_stats(t, with_norm=True)
        tensor_stats(t, with_norm=True, full_pass=False)
    history, model = ParameterHistory(), torch.nn.Linear(300, 200)
    history.update_ratios(list(model.named_parameters()))
    assert set(history.update_ratios(list(model.named_parameters()))) == {"weight", "bias"}


def test_pending_stats_equal_tensor_stats_and_keep_the_values_seen():
    big = torch.randn(3 * EXACT_LIMIT)
    tensors = [big, torch.randn(100), torch.tensor([1.0, float("nan"), 2.0] * EXACT_LIMIT), torch.zeros(0)]
    expected = [tensor_stats(t) for t in tensors]
    pending = PendingStats()
    handed = [pending.add(t) for t in tensors]
    big.mul_(-7)  # an in-place op later in the forward: the statistics are of the values seen
    pending.finish()
    assert handed == expected
    assert "estimated" in handed[0] and handed[2]["nan"] == EXACT_LIMIT


def _dense_reference(dense):
    d = dense.double().reshape(-1)
    return {
        "mean": d.mean().item(),
        "std": d.std().item(),
        "min": d.min().item(),
        "max": d.max().item(),
        "zeros": (d == 0).double().mean().item(),
        "norm": d.norm().item(),
    }


@pytest.mark.parametrize("rows, used", [(100, 30), (50_000, 300), (50_000, 5000)])
def test_a_sparse_gradient_is_described_without_making_it_dense(rows, used):
    """An Embedding(sparse=True)'s gradient stores the rows a batch used; the other rows are
    zeros that are never materialised."""
    torch.manual_seed(0)
    embedding = torch.nn.Embedding(rows, 16, sparse=True)
    embedding(torch.randint(0, rows, (used,))).pow(2).sum().backward()
    grad = embedding.weight.grad
    assert grad.is_sparse
    with _Conversions() as conversions:
        stats = tensor_stats(grad, with_norm=True, full_pass=False)
    assert max(conversions.sizes, default=0) <= grad.coalesce().values().numel()  # never the dense size
    want = _dense_reference(grad.to_dense())
    assert stats["numel"] == rows * 16 and stats["nan"] == stats["inf"] == 0
    exact = used * 16 <= EXACT_LIMIT
    for field in ("mean", "std", "zeros", "norm", "min", "max"):
        if exact or field not in stats.get("estimated", []):
            assert stats[field] == pytest.approx(want[field], rel=1e-5, abs=1e-9), field
        elif field in ("min", "max"):  # the subset's extremes
            assert want["min"] <= stats[field] <= want["max"]
        else:
            assert stats[field] == pytest.approx(want[field], rel=0.05, abs=0.05 * want["std"]), field
    assert exact or "mean" in stats["estimated"]
    assert sum(stats["hist"]["counts"]) == stats["hist"]["n"]
    if rows * 16 <= HISTOGRAM_SIZE:  # every value binned: the dense tensor's own histogram
        assert stats["hist"] == tensor_stats(grad.to_dense())["hist"]
    else:  # binned from a sample, the zeros in their share: the dense tensor's proportions
        hist = stats["hist"]
        full = torch.histc(
            grad.to_dense().double().reshape(-1), bins=len(hist["counts"]), min=hist["lo"], max=hist["hi"]
        )
        assert [c / hist["n"] for c in hist["counts"]] == pytest.approx((full / full.sum()).tolist(), abs=0.02)


def _large_zoo():
    """(name, tensor): tensors over EXACT_LIMIT values, of the shapes, dtypes, layouts and
    edge values a forward gives, each read by both ways of taking the extremes."""
    g = torch.Generator().manual_seed(3)
    off_subset_nan = torch.randn(10 * SUBSET_SIZE, generator=g)
    off_subset_nan[SUBSET_RUN + 7] = float("nan")  # found by the full pass alone
    on_subset = torch.randn(10 * SUBSET_SIZE, generator=g)
    on_subset[::5] = float("nan")
    infinite = torch.randn(1, 64, 32, 32, generator=g)
    infinite[0, 3, 4, 5], infinite[0, 60, 1, 1] = float("inf"), -float("inf")
    return [
        ("map", torch.randn(1, 64, 56, 56, generator=g).relu()),
        ("channels_last map", torch.randn(2, 32, 40, 40, generator=g).contiguous(memory_format=torch.channels_last)),
        ("transposed view", torch.randn(300, 200, generator=g).t()),
        ("strided view", torch.randn(600, 600, generator=g)[::2, ::3]),
        ("over the numpy limit", torch.randn(statistics.NUMPY_EXTREMES_LIMIT + 5, generator=g)),
        ("float64", torch.randn(70000, generator=g, dtype=torch.float64) * 1e6),
        ("float16", (torch.randn(50000, generator=g) * 100).half()),
        ("bfloat16", (torch.randn(50000, generator=g) * 1e3).bfloat16()),
        ("int32", torch.randint(-50, 50, (40000,), generator=g, dtype=torch.int32)),
        ("constant", torch.full((EXACT_LIMIT + 1,), -7.0)),
        ("zeros", torch.zeros(3, EXACT_LIMIT)),
        ("NaN off the subset", off_subset_nan),
        ("NaN on the subset", on_subset),
        ("all NaN", torch.full((EXACT_LIMIT + 3,), float("nan"))),
        ("+Inf and -Inf", infinite),
    ]


def _same_figures(found, expected, name):
    assert list(found) == list(expected), name
    for field, value in expected.items():
        if isinstance(value, float) and np.isnan(value):
            assert np.isnan(found[field]), (name, field)
        else:
            assert found[field] == value, (name, field)


def test_pending_stats_of_large_tensors_equal_tensor_stats_on_either_extremes_pass():
    """The hooks' path (PendingStats: the extremes at once, the subset's reductions after the
    forward) on one torch thread, where numpy reads the extremes of float CPU tensors,
    gives every figure tensor_stats gives with torch.aminmax on two threads, and the
    exact ones (numel, min, max, NaN and Inf counts) are the tensor's own."""
    zoo = _large_zoo()
    before = torch.get_num_threads()
    try:
        torch.set_num_threads(1)
        pending = PendingStats()
        handed = [pending.add(t) for _, t in zoo]
        pending.finish()
        torch.set_num_threads(2)
        direct = [tensor_stats(t) for _, t in zoo]
    finally:
        torch.set_num_threads(before)
    for (name, t), found, expected in zip(zoo, handed, direct):
        _same_figures(found, expected, name)
        values = t.double()
        finite = values[values.isfinite()]
        assert found["numel"] == t.numel(), name
        assert (found["nan"], found["inf"]) == (int(values.isnan().sum()), int(values.isinf().sum())), name
        if finite.numel():
            assert (found["min"], found["max"]) == (float(finite.min()), float(finite.max())), name


def test_a_large_activation_overwritten_after_its_hook_keeps_the_figures_seen():
    """An in-place op after the hook (a ReLU(inplace=True)) reaches neither the extremes
    nor the subset described after the forward."""
    t = torch.randn(1, 64, 28, 28)
    expected = tensor_stats(t.clone())
    pending = PendingStats()
    stats = pending.add(t)
    t.relu_()
    pending.finish()
    _same_figures(stats, expected, "overwritten")


@pytest.mark.parametrize("numel", [1000, 50000, 600000], ids=["small", "numpy extremes", "aminmax"])
def test_a_tensor_whose_negation_is_a_pending_bit_is_described_by_its_values(numel):
    """`z.conj().imag` is a view with the negative bit set: its memory holds the values
    unnegated. Every path (the batched small copy, numpy's extremes on one thread, the
    subset, the sample) describes the values, as of the tensor with the bit resolved."""
    g = torch.Generator().manual_seed(5)
    t = (torch.randn(numel, dtype=torch.complex64, generator=g) + 10j).conj().imag.reshape(1, 1, -1, 100)
    assert t.is_neg()
    resolved = t.resolve_neg()
    before = torch.get_num_threads()
    try:
        for threads in (1, 2):
            torch.set_num_threads(threads)
            pending = PendingStats()
            found, expected = pending.add(t), pending.add(resolved)
            pending.finish()
            _same_figures(found, expected, "%d threads" % threads)
            assert found["max"] < 0, "the values are about -10"
    finally:
        torch.set_num_threads(before)
    copies = HostCopies()
    sample, resolved_sample = (reduce_activation(x, 1, 16, 32, 64, 256, copies) for x in (t, resolved))
    assert sample is not None and resolved_sample is not None
    assert torch.equal(torch.as_tensor(sample[1]), torch.as_tensor(resolved_sample[1]))


def _zero_extreme_cases():
    """(name, tensor) whose minimum or maximum (or both) is zero, its zeros stored as −0.0:
    small and large (over EXACT_LIMIT, and over NUMPY_EXTREMES_LIMIT), float32, float64
    and float16, one with a NaN."""
    g = torch.Generator().manual_seed(0)
    cases = []
    for size in (100, 3 * EXACT_LIMIT, statistics.NUMPY_EXTREMES_LIMIT + 5):
        above = torch.rand(size, generator=g) + 0.5
        above[::7] = -0.0
        cases += [
            ("above_%d" % size, above),
            ("below_%d" % size, -above),
            ("zeros_%d" % size, torch.full((size,), -0.0)),
        ]
    cases += [
        (name + "_" + str(dtype), t.to(dtype)) for name, t in cases[:6] for dtype in (torch.float64, torch.float16)
    ]
    with_nan = torch.full((50,), -0.0)
    with_nan[3] = float("nan")
    return cases + [("with_nan", with_nan)]


def _assert_zero_extremes_positive(stats, name):
    for value in (stats["min"], stats["max"], stats["hist"]["lo"], stats["hist"]["hi"]):
        if value == 0:
            assert math.copysign(1.0, value) == 1.0, (name, stats["min"], stats["max"])
    assert stats["min"] == 0 or stats["max"] == 0, name  # the case has a zero extreme


@pytest.mark.parametrize("threads", [1, 2])
def test_a_zero_extreme_is_positive_zero_on_every_path(threads):
    """−0.0 and +0.0 compare equal, so which one a minimum or maximum comes out as depends
    on the pass (numpy or aminmax, the thread count, the segment passes' dtype): every
    recorded min, max and histogram bound is +0.0 (docs/format.md)."""
    from tensorboard_modelviz.capture.batched_stats import describe_subsets
    from tensorboard_modelviz.capture.parameter_stats import describe_parameters

    cases = _zero_extreme_cases()
    before = torch.get_num_threads()
    torch.set_num_threads(threads)
    try:
        found = [("tensor_stats " + n, tensor_stats(t)) for n, t in cases]
        found += [("no full pass " + n, tensor_stats(t, with_norm=True, full_pass=False)) for n, t in cases]
        pending = PendingStats()
        found += [("pending " + n, pending.add(t)) for n, t in cases]
        pending.finish()
        parameters = [(n, torch.nn.Parameter(t.float(), requires_grad=True)) for n, t in cases if "nan" not in n]
        for _, p in parameters:
            p.grad = p.detach().clone()
        described = describe_parameters(parameters)
        assert described.failure is None
        found += [("param " + n, s) for n, s in described.params.items()]
        found += [("grad " + n, s) for n, s in described.grads.items()]
        large = [(n, t.float()) for n, t in cases if t.numel() > EXACT_LIMIT]
        subsets = describe_subsets(
            [spread_subset(t) for _, t in large],
            [tuple(torch.aminmax(t)) for _, t in large],
            [t.numel() for _, t in large],
            32,
            HISTOGRAM_SIZE,
        )
        found += [("on device " + n, s) for (n, _), s in zip(large, subsets)]
    finally:
        torch.set_num_threads(before)
    assert len(found) == 5 * len(cases) + len(large) - 2  # no NaN parameter
    for name, stats in found:
        _assert_zero_extremes_positive(stats, name)
