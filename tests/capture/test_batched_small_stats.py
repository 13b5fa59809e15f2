"""Small tensors described together (small_stats, through StatsBatch, PendingStats and
copied_values) give what statistics._exact gives for each tensor alone.

Exact figures must be identical: numel, NaN and Inf counts, min, max, absmax, the zero
fraction and every histogram count. The mean, the spread and the norm are summed in
float64 in the batch, where _exact sums float32 values in float32: they agree to float32
rounding.
"""

import gc
import math
import threading
import weakref

import numpy as np
import pytest
import torch

from tensorboard_modelviz.capture import small_stats, statistics
from tensorboard_modelviz.capture.host_copies import HostCopies
from tensorboard_modelviz.capture.small_stats import describe_small
from tensorboard_modelviz.capture.stat_columns import StatTable
from tensorboard_modelviz.capture.statistics import (
    EXACT_LIMIT,
    HISTOGRAM_BINS,
    HISTOGRAM_SIZE,
    PendingStats,
    StatsBatch,
    _empty,
    _exact,
    copied_values,
    describe_flat,
    described_values,
    exact_stats_many,
    tensor_stats,
)

_SUMMED = ("mean", "std", "norm")


def _zoo():
    """(name, tensor): shapes, dtypes, layouts and edge values."""
    g = torch.Generator().manual_seed(0)
    cases = [
        ("vector", torch.randn(16, generator=g)),
        ("batch-1 row", torch.randn(1, 16, generator=g) * 3 - 1),
        ("map", torch.randn(1, 8, 8, 8, generator=g)),
        ("channels_last", torch.randn(2, 8, 6, 6, generator=g).contiguous(memory_format=torch.channels_last)),
        ("transposed view", torch.randn(40, 30, generator=g).t()),
        ("strided view", torch.randn(64, 64, generator=g)[::3, 1::2]),
        ("over the histogram size", torch.randn(3 * HISTOGRAM_SIZE + 5, generator=g)),
        ("at the exact limit", torch.randn(EXACT_LIMIT, generator=g).relu()),
        ("float16", (torch.randn(300, generator=g) * 100).half()),
        ("bfloat16", (torch.randn(5000, generator=g) * 1e3).bfloat16()),
        ("float64", torch.randn(777, generator=g, dtype=torch.float64) * 1e6),
        ("int32", torch.randint(-50, 50, (200,), generator=g, dtype=torch.int32)),
        ("int64", torch.randint(0, 3, (3, 7), generator=g)),
        ("bool", torch.rand(100, generator=g) > 0.7),
        ("empty", torch.zeros(0)),
        ("empty map", torch.zeros(2, 0, 3)),
        ("single value", torch.tensor([2.5])),
        ("constant", torch.full((50,), -7.0)),
        ("zeros", torch.zeros(33)),
        ("all NaN", torch.full((12,), math.nan)),
        ("NaN and values", torch.tensor([1.0, math.nan, 3.0, 0.0, math.nan])),
        ("+Inf and -Inf", torch.tensor([math.inf, -1.0, 2.0, -math.inf, 0.0])),
        ("only Inf", torch.tensor([math.inf, math.inf])),
        ("huge float32", torch.tensor([3e38, -3e38, 1e38, 0.0])),
        ("tiny spread", torch.rand(500, generator=g) * 1e-6 + 1.0),
        ("bin edges", torch.randint(0, 4, (4096,), generator=g).float()),
    ]
    return cases


ZOO = _zoo()
NAMES = [name for name, _ in ZOO]


def _direct(tensor, with_norm):
    """The per-tensor description: _exact on the tensor's own values."""
    if tensor.numel() == 0:
        return _empty({"numel": 0, "nan": 0, "inf": 0}, HISTOGRAM_BINS, with_norm)
    return _exact(np.asarray(described_values(tensor)), HISTOGRAM_BINS, with_norm)


def _assert_same(batched, direct, name):
    assert list(batched) == list(direct), name  # the same fields in the same order: the same JSON
    for field, value in direct.items():
        if field in _SUMMED and value is not None:
            scale = direct["absmax"] or 0.0  # float32 sums of values of this magnitude
            assert batched[field] == pytest.approx(value, rel=2e-6, abs=2e-6 * scale), (name, field)
        else:
            assert batched[field] == value, (name, field)


@pytest.mark.parametrize("with_norm", [False, True])
def test_a_stats_batch_describes_every_tensor_of_the_zoo_as_each_alone(with_norm):
    tensors = [t for _, t in ZOO]
    batch = StatsBatch(with_norm=with_norm, full_pass=False)
    handed = [batch.add(t, v) for t, v in zip(tensors, copied_values(tensors))]
    batch.finish()
    for (name, t), stats in zip(ZOO, handed):
        _assert_same(stats, _direct(t, with_norm), name)
        _assert_same(tensor_stats(t, with_norm=with_norm, full_pass=False), _direct(t, with_norm), name)


def test_pending_stats_describe_activations_of_the_zoo_as_each_alone():
    floats = [(name, t) for name, t in ZOO if t.is_floating_point()]
    pending = PendingStats()
    handed = [pending.add(t) for _, t in floats]
    pending.finish()
    for (name, t), stats in zip(floats, handed):
        _assert_same(stats, _direct(t, False), name)


def test_activation_copies_are_taken_when_seen_not_when_described():
    """An in-place op after the hook (a ReLU(inplace=True)) must not reach the statistics."""
    t = torch.randn(4, 16)
    expected = _direct(t, False)
    pending = PendingStats()
    stats = pending.add(t)
    t.relu_()
    pending.finish()
    _assert_same(stats, expected, "overwritten")


def test_copied_values_are_each_tensors_own_values_in_memory_order():
    tensors = [t for _, t in ZOO]
    for (name, t), values in zip(ZOO, copied_values(tensors, HostCopies())):
        direct = np.asarray(described_values(t))
        assert np.array_equal(np.asarray(values), direct, equal_nan=True), name
    parameter = torch.nn.Parameter(torch.randn(8, 8))
    values = copied_values([parameter])[0]
    with torch.no_grad():
        parameter.add_(1.0)  # the copy is the call's own
    assert not np.array_equal(values, parameter.detach().numpy().reshape(-1))


def test_histograms_of_many_segments_come_from_one_bincount_with_identical_counts():
    """Segments of many sizes (the every-k-th subsample of each over HISTOGRAM_SIZE values)."""
    g = np.random.default_rng(1)
    arrays = [
        g.standard_normal(size).astype(np.float32) * scale
        for size, scale in [
            (1, 1.0),
            (2, 5.0),
            (2047, 0.1),
            (2048, 3.0),
            (2049, 1.0),
            (6000, 1e-3),
            (EXACT_LIMIT, 2.0),
            (17, 1e20),
        ]
    ]
    for stats, values in zip(describe_small(arrays, HISTOGRAM_BINS, HISTOGRAM_SIZE, True, _exact), arrays):
        _assert_same(stats, _exact(values, HISTOGRAM_BINS, True), values.size)


@pytest.mark.parametrize("with_norm", [False, True])
def test_float64_segments_whose_spread_overflows_are_described_with_the_others(with_norm):
    """Float64 extremes beyond ±9e307 whose difference overflows to Inf: such a segment holds
    no NaN or Inf, and is described with the others (not apart, where _exact's histogram
    fails on it), its extremes and zeros exact and every value binned, beside segments of
    NaN, ±Inf and ordinary values in the same run, which read as each alone."""
    huge = np.array([1.7e308, -1.7e308, 0.0, 1.0, 1e308, -5.0, 3.0, 0.0])
    segments = [  # (values, whether their spread overflows)
        (huge, True),
        (np.arange(8.0), False),
        (huge[::-1].copy(), True),
        (np.array([np.nan, 1.0, 2.0, 0.0, 1.0, 1.0, 1.0, 1.0]), False),
        (np.array([1e308, 1.5e308, -1e308, 0.0, 2.0, 7.0, -1.0, 3.0]), True),
        (np.array([np.inf, -1.0, 2.0, 0.0, 5.0, 1.0, 1.0, 1.0]), False),
        (np.full(8, 1e308), False),  # a spread of 0
    ]
    flat = np.concatenate([values for values, _ in segments])
    with np.errstate(over="ignore", invalid="ignore"):  # the sums of squares overflow
        described, failure = describe_flat(flat, np.full(len(segments), 8), with_norm)
        expected = [None if overflows else _exact(values, HISTOGRAM_BINS, with_norm) for values, overflows in segments]
    assert failure is None
    for (values, overflows), stats, direct in zip(segments, described, expected):
        if overflows:
            assert (stats["nan"], stats["inf"]) == (0, 0)
            assert (stats["min"], stats["max"]) == (values.min(), values.max())
            assert stats["zeros"] == np.count_nonzero(values == 0) / values.size
            assert stats["hist"]["n"] == sum(stats["hist"]["counts"]) == values.size
        else:
            _assert_same(stats, direct, values.tolist())


def test_a_batch_of_one_and_of_none():
    assert exact_stats_many([]) == []
    values = np.array([1.0, 2.0, 2.0], dtype=np.float32)
    _assert_same(exact_stats_many([values])[0], _exact(values, HISTOGRAM_BINS, False), "one")


def test_segments_of_one_flat_buffer_are_described_as_each_alone(monkeypatch):
    """describe_flat: the small float tensors of the zoo laid end to end, as
    describe_parameters lays parameters and gradients, described where they lie (in runs
    of small_stats._RUN_VALUES values); should the batch fail, each is described alone."""
    small = [(name, t) for name, t in ZOO if 0 < t.numel() <= EXACT_LIMIT and t.is_floating_point()]
    values = [np.asarray(described_values(t), dtype=np.float64) for _, t in small]
    flat = np.concatenate(values)
    sizes = np.array([v.size for v in values])
    monkeypatch.setattr(small_stats, "_RUN_VALUES", 15000)
    assert flat.size > 3 * small_stats._RUN_VALUES  # several runs, NaN and Inf among them
    described, failure = describe_flat(flat, sizes, with_norm=True)
    assert failure is None
    for (name, t), stats in zip(small, described):
        _assert_same(stats, _direct(t, True), name)

    def failing(*args, **kwargs):
        raise RuntimeError("the batch failed")

    monkeypatch.setattr(statistics, "describe_segments", failing)
    for (name, t), stats in zip(small, describe_flat(flat, sizes, with_norm=True)[0]):
        _assert_same(stats, _direct(t, True), name)


def test_parameters_and_gradients_described_together_match_each_alone():
    """describe_parameters: small parameters (float32, float16, channels_last, with NaN),
    large ones, a sparse gradient and an integer-free model's gradients, against
    tensor_stats of each tensor alone; the norms handed to the update ratios are those of
    the values, and only where the statistics hold them exactly."""
    from tensorboard_modelviz.capture.parameter_stats import describe_parameters

    g = torch.Generator().manual_seed(3)
    model = torch.nn.ModuleDict(
        {
            "linear": torch.nn.Linear(16, 8),
            "conv": torch.nn.Conv2d(4, 6, 3).to(memory_format=torch.channels_last),
            "float16": torch.nn.Linear(5, 7).half(),
            "large": torch.nn.Linear(300, 200),
            "embedding": torch.nn.Embedding(50, 4, sparse=True),
            "frozen": torch.nn.Linear(3, 3),
        }
    )
    with torch.no_grad():
        model["frozen"].weight[0, 0] = math.nan
    for p in model.parameters():
        if p is not model["embedding"].weight:
            p.grad = torch.randn(p.shape, generator=g).to(p.dtype)
    model["embedding"](torch.tensor([1, 3, 3])).sum().backward()
    model["frozen"].bias.grad = None
    named = list(model.named_parameters())
    described = describe_parameters(named)
    assert described.failure is None
    assert set(described.params) == {name for name, _ in named}
    assert set(described.grads) == {name for name, p in named if p.grad is not None}
    for name, p in named:
        _assert_same(described.params[name], tensor_stats(p, with_norm=True, full_pass=False), name)
        if p.grad is not None:
            _assert_same(described.grads[name], tensor_stats(p.grad, with_norm=True, full_pass=False), name)
        values = described.values[name]
        assert np.array_equal(values, np.asarray(described_values(p)), equal_nan=True), name
        if name in described.norms:
            assert described.norms[name] == pytest.approx(
                math.sqrt(np.square(values.astype(np.float64)).sum()), rel=1e-12
            ), name
    assert set(described.norms) == {name for name, p in named if 0 < p.numel() <= EXACT_LIMIT} - {"frozen.weight"}


def _direct_ratio(before, now):
    base = math.sqrt(np.square(before.astype(np.float64)).sum())
    change = math.sqrt(np.square((now - before).astype(np.float64)).sum())
    return change / base if base > 0 else (0.0 if change == 0 else math.inf)


@pytest.mark.filterwarnings("ignore:Initializing zero-element tensors")
def test_update_ratios_of_a_steady_call_and_of_changed_parameters_match_each_alone():
    """ParameterHistory takes every difference of a steady call in one subtraction; a call
    with parameters added, removed or laid out anew compares those it still can."""
    from tensorboard_modelviz.capture.update_ratio import ParameterHistory

    g = torch.Generator().manual_seed(5)
    model = torch.nn.ModuleDict(
        {"a": torch.nn.Linear(8, 8), "empty": torch.nn.Linear(8, 0), "large": torch.nn.Linear(300, 200)}
    )
    history = ParameterHistory()
    assert history.update_ratios(list(model.named_parameters())) == {}
    before = {name: np.asarray(described_values(p)).copy() for name, p in model.named_parameters()}
    with torch.no_grad():
        for p in model.parameters():
            p.add_(torch.randn(p.shape, generator=g) * 0.01)
    ratios = history.update_ratios(list(model.named_parameters()))
    for name, p in model.named_parameters():
        expected = _direct_ratio(before[name], np.asarray(described_values(p)))
        assert ratios[name] == pytest.approx(expected, rel=1e-9, abs=1e-300), name
    # A parameter gone, one new, one with a new layout: the rest still compared.
    before = {name: np.asarray(described_values(p)).copy() for name, p in model.named_parameters()}
    model["a"].weight = torch.nn.Parameter(model["a"].weight.detach().t().contiguous().t())  # strides swapped
    model["new"] = torch.nn.Linear(2, 2)
    del model["empty"]
    ratios = history.update_ratios(list(model.named_parameters()))
    assert set(ratios) == {"a.bias", "large.weight", "large.bias"}
    for name, p in model.named_parameters():
        if name in ratios:
            assert ratios[name] == pytest.approx(_direct_ratio(before[name], np.asarray(described_values(p)))), name
    # The norms handed in are used as the bases of the next call.
    named = list(model.named_parameters())
    values = {name: np.asarray(described_values(p)) for name, p in named}
    history.update_ratios(named, values, {name: 2.0 for name in values})
    ratios = history.update_ratios(named, values)
    assert all(ratio == 0.0 for ratio in ratios.values())


def _small_model(g):
    """Small parameters of several dtypes and layouts, each with a gradient."""
    model = torch.nn.ModuleDict(
        {
            "linear": torch.nn.Linear(16, 8),
            "conv": torch.nn.Conv2d(4, 6, 3).to(memory_format=torch.channels_last),
            "f16": torch.nn.Linear(5, 7).half(),
            "bf16": torch.nn.Linear(3, 4).bfloat16(),
            "f64": torch.nn.Linear(6, 2).double(),
        }
    )
    for p in model.parameters():
        p.grad = torch.randn(p.shape, generator=g).to(p.dtype)
    conv = model["conv"].weight
    conv.grad = conv.grad.contiguous(memory_format=torch.channels_last)
    return model


def _assert_described_alone(described, named):
    """describe_parameters' figures and values against each tensor described alone."""
    assert described.failure is None
    assert list(described.params) == [name for name, _ in named]
    assert list(described.grads) == [name for name, p in named if p.grad is not None]
    for name, p in named:
        _assert_same(described.params[name], tensor_stats(p, with_norm=True, full_pass=False), name)
        if p.grad is not None:
            _assert_same(described.grads[name], tensor_stats(p.grad, with_norm=True, full_pass=False), name)
        assert np.array_equal(described.values[name], np.asarray(described_values(p)), equal_nan=True), name


def _changes():
    """(what changes, how): each makes the kept layout of the parameters unfit."""

    def new_shape(model):
        model["linear"].weight.data = torch.randn(8, 15)

    def new_dtype(model):
        model["linear"].bias.data = model["linear"].bias.data.double()

    def new_strides(model):
        weight = model["linear"].weight
        weight.data = weight.data.t().contiguous().t()

    def contiguous_again(model):
        model["conv"].weight.data = model["conv"].weight.data.contiguous()

    def gradient_gone(model):
        model["conv"].bias.grad = None

    def gradient_transposed(model):
        weight = model["linear"].weight
        weight.grad = torch.randn(weight.shape[::-1]).t()

    def gradient_contiguous_another_not(model):
        model["conv"].weight.grad = model["conv"].weight.grad.contiguous()
        weight = model["linear"].weight
        weight.grad = torch.randn(weight.shape[::-1]).t()

    def gradient_permuted_otherwise(model):
        model["conv"].weight.grad = torch.randn(3, 3, 6, 4).permute(2, 3, 0, 1)

    def gradient_expanded(model):  # one row's values seen eight times (stride 0)
        model["linear"].weight.grad = torch.randn(1, 16).expand(8, 16)

    def gradient_overlapping(model):  # values shared between rows and columns
        model["linear"].weight.grad = torch.randn(8 + 16).as_strided((8, 16), (1, 1))

    def gradient_sparse(model):
        model["linear"].bias.grad = model["linear"].bias.grad.to_sparse()

    def parameter_added(model):
        model["extra"] = torch.nn.Linear(2, 2)

    def parameter_large(model):
        model["linear"].weight.data = torch.randn(300, 200)
        model["linear"].weight.grad = torch.randn(300, 200)

    def parameter_integer(model):
        model["linear"].bias = torch.nn.Parameter(torch.arange(8), requires_grad=False)

    def gradient_appears(model):
        model["conv"].bias.grad = None  # before the three calls below: see the test
        return lambda model: setattr(model["conv"].bias, "grad", torch.ones(6))

    def requires_grad_off(model):
        model["linear"].bias.requires_grad_(False)

    def parameter_removed(model):
        del model["f64"]

    def gradient_dtype_behind_data(model):
        model["linear"].bias.grad.data = model["linear"].bias.grad.data.double()

    def gradient_shape_behind_data(model):
        model["linear"].bias.grad.data = torch.randn(1)

    return [(f.__name__, f) for f in list(locals().values())]


@pytest.mark.parametrize("guards", [True, False], ids=["torch's tensor guards", "the signature read again"])
@pytest.mark.parametrize("name, change", _changes(), ids=[name for name, _ in _changes()])
def test_a_kept_parameter_layout_describes_every_call_and_is_replaced_when_the_parameters_change(
    name, change, guards, monkeypatch
):
    """describe_parameters keeps the layout of a parameter set (parameter_stats._Layout)
    across calls: its first call, its second (views of the buffer made) and third (copied
    into them) describe the values of each call; a change of shape, dtype, strides,
    gradient or parameter set makes a new one, which describes the new tensors. Whether a
    kept layout fits is checked by torch's tensor guards where torch has them, else by
    reading the signature again (both paths taken here); where the guards fail on what the
    layout does not depend on (requires_grad), the signature keeps it."""
    from tensorboard_modelviz.capture import parameter_stats
    from tensorboard_modelviz.capture.parameter_stats import FlatValues, describe_parameters

    monkeypatch.setattr(parameter_stats, "_LAYOUTS", threading.local())  # none kept by the tests before
    if not guards:
        monkeypatch.setattr(parameter_stats, "tensor_guards", lambda tensors: None)
    g = torch.Generator().manual_seed(7)
    model = _small_model(g)
    later = change(model) if name == "gradient_appears" else None  # the change made after the calls
    for _ in range(3):
        with torch.no_grad():
            for p in model.parameters():
                p.add_(torch.randn(p.shape, generator=g).to(p.dtype))
                if p.grad is not None:
                    p.grad.mul_(-2.0)
        named = list(model.named_parameters())
        described = describe_parameters(named)
        _assert_described_alone(described, named)
        assert isinstance(described.values, FlatValues)
    layout = described.values.layout
    assert (layout.guards is not None) == guards
    (later or change)(model)
    for _ in range(2):
        named = list(model.named_parameters())
        described = describe_parameters(named)
        _assert_described_alone(described, named)
        if name == "requires_grad_off":  # no fact of the layout's: kept, its guards dropped
            assert described.values.layout is layout and layout.guards is None
        else:
            assert getattr(described.values, "layout", None) is not layout


def test_parameter_sets_described_in_turn_keep_a_layout_each(monkeypatch):
    """Two parameter sets of as many parameters, the first of the same name (a stack of
    Linear+ReLU and one of Conv+BatchNorm+ReLU, each named "0.weight" first), and a twin
    of the first in another dtype (the same names), described in turn: each keeps its own
    layout from its first call on, and each call describes its own tensors."""
    from tensorboard_modelviz.capture import parameter_stats
    from tensorboard_modelviz.capture.parameter_stats import describe_parameters

    monkeypatch.setattr(parameter_stats, "_LAYOUTS", threading.local())  # none kept by the tests before
    g = torch.Generator().manual_seed(3)
    linear = torch.nn.Sequential(*[m for _ in range(4) for m in (torch.nn.Linear(4, 4), torch.nn.ReLU())])
    conv = torch.nn.Sequential(
        *[m for _ in range(2) for m in (torch.nn.Conv2d(2, 2, 3), torch.nn.BatchNorm2d(2), torch.nn.ReLU())]
    )
    twin = torch.nn.Sequential(*[m for _ in range(4) for m in (torch.nn.Linear(4, 4), torch.nn.ReLU())]).double()
    models = [linear, conv, twin]
    assert len({(len(list(m.parameters())), next(m.named_parameters())[0]) for m in models}) == 1
    for model in models:
        for p in model.parameters():
            p.grad = torch.randn(p.shape, generator=g).to(p.dtype)
    layouts: dict = {}
    for turn in range(4):
        for model in models:
            with torch.no_grad():
                for p in model.parameters():
                    p.add_(torch.randn(p.shape, generator=g).to(p.dtype))
            named = list(model.named_parameters())
            described = describe_parameters(named)
            _assert_described_alone(described, named)
            layout = described.values.layout
            if turn:  # the layout of its first call
                assert layout is layouts[id(model)]
            layouts[id(model)] = layout


def test_update_ratios_from_laid_out_values_equal_those_from_each_parameters_values():
    """ParameterHistory follows describe_parameters' FlatValues (one array, kept across calls
    and refilled) as it follows values handed by name: the same ratios, bit for bit, in
    steady calls, after a layout change and back, a change of dtypes, and with NaN and Inf
    among the values."""
    from tensorboard_modelviz.capture.parameter_stats import describe_parameters
    from tensorboard_modelviz.capture.update_ratio import ParameterHistory

    g = torch.Generator().manual_seed(9)
    model = _small_model(g)
    laid_out, by_name = ParameterHistory(), ParameterHistory()
    for step in range(9):
        if step == 6:  # every dtype changes, nothing else: compared as laid out before
            model.half()
        with torch.no_grad():
            for p in model.parameters():
                p.add_(torch.randn(p.shape, generator=g).to(p.dtype) * 0.1)
            if step == 3:
                model["linear"].weight[0, 0] = math.inf
            if step == 4:
                model["linear"].weight[0, 0] = math.nan
            if step == 5:
                model["linear"].weight[0, 0] = 1.0
        if step == 2:
            model["linear"].weight.data = model["linear"].weight.data.t().contiguous().t()
        named = list(model.named_parameters())
        described = describe_parameters(named)
        ratios = laid_out.update_ratios(named, described.values, described.norms)
        values = {name: np.asarray(described_values(p)) for name, p in named}
        expected = by_name.update_ratios(named, values, described.norms)
        assert list(ratios) == list(expected), step
        for key, ratio in expected.items():
            assert ratios[key] == ratio or (ratio is None and ratios[key] is None), (step, key)
        if step == 2:
            assert "linear.weight" not in ratios  # laid out anew: not compared
        elif step:
            assert len(ratios) == len(named)


def test_parameters_whose_facts_cannot_be_read_are_described_without_a_kept_layout(monkeypatch):
    """Where the signature of a parameter set cannot be made, each call lays it out anew."""
    from tensorboard_modelviz.capture import parameter_stats
    from tensorboard_modelviz.capture.update_ratio import ParameterHistory

    def unreadable(*args):
        raise RuntimeError("no strides")

    monkeypatch.setattr(parameter_stats, "_signature", unreadable)
    monkeypatch.setattr(parameter_stats, "_LAYOUTS", threading.local())  # none kept by the tests before
    model = _small_model(torch.Generator().manual_seed(11))
    history = ParameterHistory()
    for _ in range(3):
        named = list(model.named_parameters())
        described = parameter_stats.describe_parameters(named)
        _assert_described_alone(described, named)
        assert isinstance(described.values, dict)
        ratios = history.update_ratios(named, described.values, described.norms)
    assert ratios == {name: 0.0 for name, _ in named}


def test_a_kept_layout_that_fails_to_copy_is_dropped_and_the_call_described_anew(monkeypatch):
    from tensorboard_modelviz.capture import parameter_stats

    model = _small_model(torch.Generator().manual_seed(13))
    named = list(model.named_parameters())
    for _ in range(2):
        parameter_stats.describe_parameters(named)
    layout = parameter_stats.describe_parameters(named).values.layout
    real = torch._foreach_copy_

    def failing_once(*args, **kwargs):
        monkeypatch.setattr(torch, "_foreach_copy_", real)
        raise RuntimeError("the shapes no longer match")

    monkeypatch.setattr(torch, "_foreach_copy_", failing_once)
    described = parameter_stats.describe_parameters(named)
    _assert_described_alone(described, named)
    for _ in range(2):
        described = parameter_stats.describe_parameters(named)
        _assert_described_alone(described, named)
    assert described.values.layout is not layout


def _stored_and_read(field, with_norm):
    """`field` (a StatColumns) as a step blob of format version 2 stores it, read back."""
    from tensorboard_modelviz.format import codec

    name = "params" if with_norm else "activations"
    document = {"format_version": codec.STEP_FORMAT_VERSION, name: field, "samples": {}}
    blob = codec.encode_step(document)
    assert codec.blob_version(blob) == codec.STEP_FORMAT_VERSION
    return codec.decode_step(blob)[name]


def test_the_zoo_as_activation_columns_reads_back_as_each_tensor_alone():
    """PendingStats' rows (the small float tensors, as columns; the rest, and those
    holding NaN or Inf, as dicts), stored in a step blob of format version 2 and read
    back: each tensor's statistics as _exact gives them for it alone, NaN and Inf as
    JSON's null."""
    from tensorboard_modelviz.capture.stat_columns import StatColumns, StatRow
    from tensorboard_modelviz.format import codec

    pending = PendingStats()
    handed = {name: pending.add(t) for name, t in ZOO}
    pending.finish()
    columns = StatColumns.of(handed, with_norm=False)
    field = columns.stored_columns()[0]
    as_rows = {
        name
        for name, t in ZOO
        if type(handed[name]) is StatRow and torch.isfinite(t.float()).all() and t.is_floating_point()
    }
    assert as_rows and set(field["keys"]) - set(field["dicts"]) == as_rows  # the rest kept as dicts
    assert list(field["keys"]) == NAMES
    read = _stored_and_read(columns, with_norm=False)
    assert list(read) == NAMES  # version 1's order
    for name, t in ZOO:
        _assert_same(read[name], codec.json_safe(_direct(t, False)), name)
        _assert_same(columns[name], _direct(t, False), name)  # as the capture's document reads


@pytest.mark.parametrize("all_small", [True, False], ids=["all small: one table", "some alone"])
def test_the_zoo_as_parameter_columns_reads_back_as_each_tensor_alone(all_small):
    """describe_parameters' columns of parameters and gradients shaped, typed, laid out
    and valued as the zoo (all small floats: the columns at once; with the empty, integer
    and large ones: rows and dicts), stored as version 2 and read back as tensor_stats of
    each tensor alone."""
    from tensorboard_modelviz.capture.parameter_stats import describe_parameters
    from tensorboard_modelviz.format import codec

    g = torch.Generator().manual_seed(5)
    named = []
    for name, t in ZOO:
        if all_small and not (t.is_floating_point() and 0 < t.numel() <= EXACT_LIMIT):
            continue
        p = torch.nn.Parameter(t.clone() if t.is_contiguous() else t, requires_grad=t.is_floating_point())
        if t.is_floating_point() and t.numel():
            p.grad = torch.randn(t.shape, generator=g).to(t.dtype)
        named.append((name, p))
    if not all_small:
        named.append(("large", torch.nn.Parameter(torch.randn(300, 200, generator=g))))
    described = describe_parameters(named)
    assert described.failure is None
    for field_name, tensors in (
        ("params", [(name, p) for name, p in named]),
        ("grads", [(name, p.grad) for name, p in named if p.grad is not None]),
    ):
        field = getattr(described, field_name)
        assert list(field) == [name for name, _ in tensors]
        read = _stored_and_read(field, with_norm=True)
        assert list(read) == [name for name, _ in tensors]
        for name, t in tensors:
            direct = tensor_stats(t, with_norm=True, full_pass=False)
            _assert_same(read[name], codec.json_safe(direct), (field_name, name))
            _assert_same(field[name], direct, (field_name, name))


def test_a_stat_row_read_before_finish_is_an_empty_mapping():
    """PendingStats hands out a StatRow for a small CPU output where version 1 handed out
    an empty dict, filled in by finish: until then it reads as that empty dict (false, no
    keys, `in` False, get None, equal to {}), not as a Mapping whose reads raise."""
    t = torch.randn(3, 4)
    pending = PendingStats()
    row = pending.add(t)
    assert type(row).__name__ == "StatRow"
    assert not row and len(row) == 0 and list(row) == [] and dict(row) == {}
    assert "mean" not in row and row.get("mean") is None and row == {}
    with pytest.raises(KeyError):
        row["mean"]
    pending.finish()
    assert row and "mean" in row
    _assert_same(row, _direct(t, False), "filled")


def _as_dicts(field):
    """A step document's field as version 1's plain dicts, read from it now."""
    return {key: dict(stats) for key, stats in field.items()}


def test_a_kept_step_document_is_not_changed_by_later_calls():
    """A step document's statistics (StatColumns) are arrays of their own: the calls after
    it, which refill the same copy buffers, parameter layouts and segment plans with other
    values, leave a document kept from before as it was (in memory and as stored), and a
    document is freed with its call (nothing of it kept by the next)."""
    import gc
    import weakref

    from tensorboard_modelviz.capture.recording import KnownStructure, capture_model
    from tensorboard_modelviz.capture.update_ratio import ParameterHistory
    from tensorboard_modelviz.format import codec

    torch.manual_seed(0)
    model = torch.nn.Sequential(*[torch.nn.Sequential(torch.nn.Linear(8, 8), torch.nn.Tanh()) for _ in range(6)])
    history, known = ParameterHistory(), KnownStructure()
    kept = []
    for call in range(4):
        x = torch.randn(4, 8) * (call + 1)
        with torch.enable_grad():
            model.zero_grad()
            model(x).square().sum().backward()
        step = capture_model(model, x, history=history, known=known).step
        kept.append(
            (
                step,
                codec.encode_step(step),
                {name: _as_dicts(step[name]) for name in ("activations", "params", "grads")},
            )
        )
        with torch.no_grad():
            for p in model.parameters():
                p.mul_(1.25)
    for step, blob, read in kept:
        assert codec.encode_step(step) == blob
        assert {name: _as_dicts(step[name]) for name in read} == read
    gone = weakref.ref(kept[0][0]["activations"])
    del kept[0], step
    gc.collect()
    assert gone() is None


def _equal_sized_segments(size: int, dtype: torch.dtype) -> list:
    """Segments of `size` values each, one of every edge case: random (also laid out
    channels_last), NaN, ±Inf, -0.0 among values and as the extremes, constant."""
    g = torch.Generator().manual_seed(size)
    shape = (1, 2, 2, size // 4) if size % 4 == 0 else (size,)
    random = torch.randn(shape, generator=g).to(dtype)
    layout = random.contiguous(memory_format=torch.channels_last) if random.dim() == 4 else random
    edges = torch.randn(size, generator=g).to(dtype)
    edges[: min(size, 4)] = torch.tensor([-0.0, 0.0, -0.0, 1.0])[: min(size, 4)].to(dtype)
    cases = [layout, edges, torch.full((size,), -0.0, dtype=dtype), torch.full((size,), 3.0, dtype=dtype)]
    cases.append(torch.relu(torch.randn(size, generator=g)).to(dtype))  # zeros and a +0.0 minimum
    with_nan = torch.randn(size, generator=g).to(dtype)
    with_nan[size // 2] = math.nan
    with_inf = torch.randn(size, generator=g).to(dtype)
    with_inf[0], with_inf[-1] = math.inf, -math.inf
    cases += [with_nan, with_inf]
    return [np.asarray(described_values(t)) for t in cases]


@pytest.mark.parametrize("dtype", [torch.float32, torch.float16, torch.bfloat16, torch.float64])
@pytest.mark.parametrize("size", [2, 512, HISTOGRAM_SIZE, HISTOGRAM_SIZE + 1, EXACT_LIMIT])
def test_a_row_of_segment_columns_reads_as_the_rows_dicts_and_as_each_segment_alone(size, dtype, monkeypatch):
    """SegmentColumns.row (a StatRow's statistics, one row) and SegmentColumns.dicts (every
    row at once: StatsBatch, describe_flat) give the same dicts, field for field and bit
    for bit, and _exact's for each segment alone, on edge values and at the size limits."""
    monkeypatch.setattr(small_stats, "_RUN_VALUES", 4 * size)  # several segments a run, several runs
    arrays = _equal_sized_segments(size, dtype) * 2
    sizes = np.full(len(arrays), size, dtype=np.int64)
    plan = small_stats.SegmentPlan(sizes, HISTOGRAM_BINS, HISTOGRAM_SIZE)
    assert len(plan.runs) > 1
    for with_norm in (False, True):
        columns = plan.columns(np.concatenate(arrays), with_norm, _exact)
        rows = [columns.row(index) for index in range(len(arrays))]
        dicts = columns.dicts()
        assert [list(stats) for stats in rows] == [list(stats) for stats in dicts]
        assert repr(rows) == repr(dicts)  # float reprs: bit for bit, NaN included
        table = StatTable()
        handed = [table.row() for _ in arrays]
        table.columns = columns
        assert repr([row.stats() for row in handed]) == repr(dicts)
        for index, (stats, values) in enumerate(zip(dicts, arrays)):
            _assert_same(stats, _exact(values, HISTOGRAM_BINS, with_norm), (size, dtype, index, with_norm))


@pytest.mark.parametrize("with_norm", [False, True], ids=["activations", "parameters"])
@pytest.mark.parametrize(
    "rows, dtype",
    [
        ([0, 1, 2, 3], np.intp),
        ([1, 2, 3], np.intp),
        ([1, 2, 3], np.int32),
        ([3, 0, -1, 2], np.intp),
        ([0, 1, 3], np.intp),
        ([-1, 0, 1], np.intp),
    ],
    ids=["in order", "in order from 1", "in order, int32", "out of order, a dict", "a gap", "a dict first"],
)
def test_stored_columns_are_each_column_cast_and_joined(with_norm, rows, dtype):
    """StatColumns.stored_columns casts every integer column into one int32 array and every
    float column into one float64 array: the bytes of each column cast on its own
    (astype) and joined, edge values (NaN, ±Inf, -0.0, float32 columns, int64 counts
    beyond int32) included; the rows of a field in order (checked against kept bytes of
    consecutive rows) taken as views, any others as copies."""
    from tensorboard_modelviz.capture.small_stats import SegmentColumns
    from tensorboard_modelviz.capture.stat_columns import StatColumns
    from tensorboard_modelviz.format import step_columns

    floats = np.array([-0.0, np.nan, np.inf, -np.inf])
    columns = SegmentColumns(
        numel=np.array([16, 2**31 + 5, 0, 7], dtype=np.int64),
        mean=floats,
        std=floats[::-1].copy(),
        min=np.array([1.5, -0.0, 3, 4], dtype=np.float32),
        max=floats * 2,
        absmax=floats + 1,
        zeros=np.array([0.0, 1, 2, 3]),
        n=np.array([16, 2, -3, 7], dtype=np.int64),
        counts=np.arange(4 * 32, dtype=np.int64).reshape(4, 32) * (2**29),
        norm=floats if with_norm else None,
        estimated=np.array([False, True, False, True]),
        apart={},
    )
    keys = ["k%d" % i for i in range(len(rows))]
    field = StatColumns(
        keys, np.array(rows, dtype=dtype), {keys[rows.index(-1)]: {}} if -1 in rows else {}, columns, with_norm
    )
    in_order = rows == list(range(rows[0], rows[0] + len(rows))) and rows[0] >= 0
    assert np.shares_memory(field._taken()["mean"], columns.mean) == in_order  # views only of rows in order
    described = np.array([row for row in rows if row >= 0], dtype=np.intp)
    want_integers = b"".join(
        getattr(columns, name)[described].astype("<i4").tobytes() for name in step_columns.INTEGER_COLUMNS + ("counts",)
    )
    want_floats = b"".join(
        getattr(columns, name)[described].astype("<f8", copy=False).tobytes()
        for name in step_columns.float_columns(with_norm)
    )
    head, integers, floats_got = field.stored_columns()
    assert bytes(integers) == want_integers and bytes(floats_got) == want_floats
    assert head["estimated"] == np.flatnonzero(columns.estimated[described]).tolist()


def test_norms_of_laid_out_parameters_are_those_of_their_values_where_the_statistics_hold_them():
    """Where every parameter is laid out, ParameterStats.norms is a mapping made when first
    read (parameter_stats._LaidOutNorms): the norm of each parameter's values, summed in
    float64, for the parameters without NaN or Inf, and the same mapping at every read;
    FlatValues.norms holds NaN for the others."""
    from tensorboard_modelviz.capture.parameter_stats import FlatValues, describe_parameters

    model = _small_model(torch.Generator().manual_seed(17))
    with torch.no_grad():
        model["linear"].weight[0, 0] = math.nan
        model["f16"].bias[1] = -math.inf
        model["bf16"].bias.zero_()
    named = list(model.named_parameters())
    for _ in range(3):  # the first call, the second (views made), a steady one
        described = describe_parameters(named)
        assert isinstance(described.values, FlatValues)
        expected = {
            name: math.sqrt(np.square(np.asarray(described_values(p), dtype=np.float64)).sum())
            for name, p in named
            if torch.isfinite(p).all()
        }
        assert set(described.norms) == set(expected) == {name for name, _ in named} - {"linear.weight", "f16.bias"}
        assert len(described.norms) == len(expected) and "linear.weight" not in described.norms
        for name, norm in expected.items():
            assert described.norms[name] == pytest.approx(norm, rel=1e-12), name
        assert dict(described.norms) == dict(described.norms)
        laid_out = dict(zip(described.values.names, described.values.norms.tolist()))
        assert math.isnan(laid_out["linear.weight"]) and math.isnan(laid_out["f16.bias"])
        assert laid_out["bf16.bias"] == 0.0


@pytest.mark.parametrize("guards", [True, False], ids=["torch's tensor guards", "the signature read again"])
def test_a_kept_layout_describes_tensors_replaced_by_others_of_the_same_facts_and_any_values(guards, monkeypatch):
    """A parameter's or gradient's tensor replaced by another of the same type, dtype,
    shape and strides (`p.data = ...`, a new `.grad`) keeps the layout, whose copy reads
    the new tensors; so are values that turn NaN, ±Inf or -0.0, in float16 and bfloat16
    too: each call's figures are those of each tensor alone."""
    from tensorboard_modelviz.capture import parameter_stats
    from tensorboard_modelviz.capture.parameter_stats import FlatValues, describe_parameters

    monkeypatch.setattr(parameter_stats, "_LAYOUTS", threading.local())  # none kept by the tests before
    if not guards:
        monkeypatch.setattr(parameter_stats, "tensor_guards", lambda tensors: None)
    g = torch.Generator().manual_seed(19)
    model = _small_model(g)
    named = list(model.named_parameters())
    for _ in range(2):
        describe_parameters(named)
    layout = describe_parameters(named).values.layout

    def replaced(model):
        weight = model["linear"].weight
        weight.data = torch.randn(weight.shape, generator=g)
        weight.grad = torch.randn(weight.shape, generator=g)

    def edge_values(model):
        with torch.no_grad():
            model["f16"].weight[0, :3] = torch.tensor([math.nan, math.inf, -0.0])
            model["bf16"].weight[1, :2] = torch.tensor([-math.inf, -0.0])
            model["f16"].bias.grad[:2] = torch.tensor([math.inf, math.nan])
            model["conv"].weight.fill_(-0.0)

    def moved_in_storage(model):  # the same facts at another storage offset
        weight, storage = model["linear"].weight, torch.randn(200, generator=g)
        with torch.no_grad():
            weight.set_(storage.untyped_storage(), 37, weight.shape, weight.stride())
        weight.grad.set_(torch.randn(300, generator=g).untyped_storage(), 11, weight.shape, weight.stride())

    def negative_view(model):  # a dispatch key of its own: the guards fail, the signature keeps the layout
        bias = model["conv"].bias
        bias.data = torch._neg_view(torch.randn(bias.shape, generator=g))

    for change in (replaced, edge_values, moved_in_storage, negative_view):
        change(model)
        named = list(model.named_parameters())
        described = describe_parameters(named)
        _assert_described_alone(described, named)
        assert isinstance(described.values, FlatValues) and described.values.layout is layout


def test_a_guarded_kept_layout_holds_none_of_the_parameters_or_gradients(monkeypatch):
    """The kept layout (its signature, buffer, views of it and torch's tensor guards) lives
    on in the thread after the model has gone: it holds none of its tensors."""
    from tensorboard_modelviz.capture import parameter_stats
    from tensorboard_modelviz.capture.parameter_stats import describe_parameters

    monkeypatch.setattr(parameter_stats, "_LAYOUTS", threading.local())
    model = _small_model(torch.Generator().manual_seed(37))
    layouts = [describe_parameters(list(model.named_parameters())).values.layout for _ in range(3)]
    assert layouts[0] is layouts[2] and layouts[2].guards is not None
    tensors = [t for p in model.parameters() for t in (p, p.grad)]
    gone = [weakref.ref(t) for t in tensors]
    del model, tensors
    gc.collect()
    assert [ref() for ref in gone] == [None] * len(gone)


def test_a_kept_layout_whose_guards_fail_to_check_is_checked_by_its_signature(monkeypatch):
    """Guards that raise instead of answering (a tensor torch's guards do not expect) are
    a no (tensor_guards.guards_pass): the signature, read again, decides, and the layout
    it still fits is kept without them."""
    from tensorboard_modelviz.capture.parameter_stats import describe_parameters

    model = _small_model(torch.Generator().manual_seed(23))
    named = list(model.named_parameters())
    for _ in range(2):
        describe_parameters(named)
    layout = describe_parameters(named).values.layout

    class Failing:
        def check(self, *tensors):
            raise TypeError("not a tensor these guards know")

    monkeypatch.setattr(layout, "guards", Failing())
    described = describe_parameters(named)
    _assert_described_alone(described, named)
    assert described.values.layout is layout and layout.guards is None


def test_guards_are_made_for_a_layout_used_again_and_not_for_one_used_once(monkeypatch):
    """A layout gets torch's tensor guards where the signature first finds it fits again
    (its second call): parameters laid out anew at every call (another dtype each time)
    are described each time without any guards made."""
    from tensorboard_modelviz.capture import parameter_stats
    from tensorboard_modelviz.capture.parameter_stats import describe_parameters

    monkeypatch.setattr(parameter_stats, "_LAYOUTS", threading.local())
    made = []
    real = parameter_stats.tensor_guards
    monkeypatch.setattr(parameter_stats, "tensor_guards", lambda tensors: made.append(len(tensors)) or real(tensors))
    model = _small_model(torch.Generator().manual_seed(29))
    for dtype in (torch.float32, torch.float64, torch.float16, torch.bfloat16):
        model.to(dtype)
        for p in model.parameters():
            p.grad = p.grad.to(dtype)
        named = list(model.named_parameters())
        described = describe_parameters(named)
        _assert_described_alone(described, named)
        assert described.values.layout.guards is None
    assert made == []
    layouts = [describe_parameters(named).values.layout for _ in range(3)]
    assert layouts[0] is layouts[1] is layouts[2] and layouts[0].guards is not None
    assert made == [2 * len(named)]  # every parameter and gradient, once


def test_a_guarded_layout_described_under_a_mode_of_the_callers_is_kept_by_its_signature():
    """torch's tensor guards hold the dispatch keys the caller's modes add (autocast,
    inference mode): a guarded layout described under one fails its guards, and the
    signature, the same, keeps it (checked by the signature from then on)."""
    from tensorboard_modelviz.capture.parameter_stats import describe_parameters

    model = _small_model(torch.Generator().manual_seed(31))
    named = list(model.named_parameters())
    layouts = [describe_parameters(named).values.layout for _ in range(3)]
    assert layouts[0] is layouts[2] and layouts[2].guards is not None
    with torch.autocast("cpu"):
        described = describe_parameters(named)
    _assert_described_alone(described, named)
    assert described.values.layout is layouts[2] and layouts[2].guards is None
    assert describe_parameters(named).values.layout is layouts[2]


def test_a_step_of_columns_is_measured_by_its_bytes():
    """A version 2 step whose fields hold columns (StatColumns, their byte views): the
    size the byte budget is fitted with (StepEncoder.encoded_size) is the length of the
    blob encode makes, and the blob is encode_step's. The views' len() is what the
    encoder counts, so each must be their length in bytes (a float64 column's view
    counted by its items would undercount the blob eightfold). The blob reads as
    encode_step's (the two compress the JSON in parts and at once: other deflate bytes)."""
    from tensorboard_modelviz.capture.small_stats import SegmentColumns
    from tensorboard_modelviz.capture.stat_columns import StatColumns
    from tensorboard_modelviz.format import codec

    rows = 5
    columns = SegmentColumns(
        numel=np.arange(rows, dtype=np.int64) + 1,
        mean=np.linspace(-1, 1, rows),
        std=np.full(rows, 0.5),
        min=np.full(rows, -0.0, dtype=np.float32),
        max=np.full(rows, np.nan),
        absmax=np.full(rows, np.inf),
        zeros=np.zeros(rows),
        n=np.arange(rows, dtype=np.int64),
        counts=np.arange(rows * 4, dtype=np.int64).reshape(rows, 4),
        norm=np.ones(rows),
        estimated=np.arange(rows) % 2 == 0,
        apart={},
    )
    keys = ["p%d" % i for i in range(rows)]
    params = StatColumns(keys, np.arange(rows, dtype=np.intp), {}, columns, with_norm=True)
    grads = StatColumns(keys[:3], np.array([4, 0, -1], dtype=np.intp), {keys[2]: {"numel": 1}}, columns, True)
    for _, integers, floats in (params.stored_columns(), grads.stored_columns()):
        assert len(integers) == memoryview(integers).nbytes and len(floats) == memoryview(floats).nbytes
    directory = codec.SampleDirectory({"a#0": {"blob": 1, "layout": "vec", "shape": [1, 8]}})
    document = {"format_version": codec.STEP_FORMAT_VERSION, "params": params, "grads": grads, "samples": {}}
    encoder = codec.StepEncoder(document)
    for samples in (codec.EMPTY_DIRECTORY, directory):
        assert encoder.encoded_size(samples) == len(encoder.encode(samples))
    made = encoder.encode(codec.EMPTY_DIRECTORY)
    assert repr(codec.decode_step(made)) == repr(codec.decode_step(codec.encode_step(document)))
