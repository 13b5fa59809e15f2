"""A relu-family module's large output: its maximum and dead units from one pass over its
units' maxima (dead_units.host_unit_maxima), its minimum from its subset's zeros
(statistics._nonnegative_extremes), every large output read through one host view
(statistics.host_described, its sample first), against the direct computation (each
output's own extremes pass, torch's count) on edge values, layouts and in-place relus,
on first and steady calls."""

import math

import pytest
import torch
import torch.nn as nn

from tensorboard_modelviz.capture import dead_units, statistics, tracer
from tensorboard_modelviz.capture.recording import capture_model
from tensorboard_modelviz.capture.statistics import EXACT_LIMIT
from tensorboard_modelviz.capture.structure_key import KnownStructure

# 16 maps of 48x48: 36,864 values, over EXACT_LIMIT (a large output, taking a full pass).
SHAPE = (1, 16, 48, 48)


class Relus(nn.Module):
    """Relu-family modules on large outputs: after a conv (signs mixed), in place after a
    BatchNorm (a ResNet's), on values all positive (no zero: the minimum is read), all
    negative or -0.0 (every unit dead), with NaN, with ±Inf, a ReLU6 clipping at 6, a
    Hardtanh(0, 2) (its dead units the conv's), channels_last and strided inputs (read by
    torch), and a ReLU whose forward hook replaces its output."""

    def __init__(self) -> None:
        super().__init__()
        self.conv = nn.Conv2d(3, 16, 3, padding=1)
        self.bn = nn.BatchNorm2d(16)
        self.relu = nn.ReLU(inplace=True)
        self.relu_positive = nn.ReLU()
        self.relu_negative = nn.ReLU()
        self.relu_zeros = nn.ReLU(inplace=True)
        self.relu_nan = nn.ReLU()
        self.relu_inf = nn.ReLU()
        self.relu_minus_inf = nn.ReLU()
        self.relu6 = nn.ReLU6()
        self.conv2 = nn.Conv2d(3, 16, 3, padding=1)
        self.hardtanh = nn.Hardtanh(0.0, 2.0)
        self.relu_channels_last = nn.ReLU()
        self.relu_strided = nn.ReLU()
        self.hooked = nn.ReLU()
        self.hooked.register_forward_hook(lambda module, args, output: output - 1.0)

    def forward(self, image: torch.Tensor) -> torch.Tensor:
        y = self.conv(image)
        a = self.relu(self.bn(y))
        b = self.relu_positive(y.abs() + 0.5)
        c = self.relu_negative(-(y.abs()) - 0.5)
        d = self.relu_zeros(torch.full(SHAPE, -0.0))
        nan = y.clone()
        nan[0, 3, 7, 7] = float("nan")
        e = self.relu_nan(nan)
        inf = y.clone()
        inf[0, 5, 0, 1] = float("inf")
        f = self.relu_inf(inf)
        minus_inf = y.clone()
        minus_inf[0, 5, 0, 1] = -float("inf")
        g = self.relu_minus_inf(minus_inf)
        h = self.relu6(y * 10.0)
        i = self.hardtanh(self.conv2(image))
        j = self.relu_channels_last(y.contiguous(memory_format=torch.channels_last))
        k = self.relu_strided(torch.cat([y, y], dim=3)[..., ::2])
        m = self.hooked(y)
        total = a.sum() + b.sum() + c.sum() + d.sum() + e.sum() + f.sum() + g.sum() + h.sum()
        return total + i.sum() + j.sum() + k.sum() + m.sum()


def _documents(model: nn.Module, image: torch.Tensor) -> list[tuple[dict, dict, list]]:
    """(activation statistics, dead units, samples: headers and bytes) of a first and a
    steady call."""
    known = KnownStructure()
    found = []
    for _ in range(2):
        result = capture_model(model, image, known=known)
        assert result.failure is None
        samples = [(header, bytes(values)) for header, values in result.samples]
        found.append((result.step["activations"], result.step["dead_units"], samples))
    return found


def _same(a: object, b: object) -> bool:
    """Equal, NaN equal to NaN, and a zero's sign told apart."""
    if isinstance(a, float) and isinstance(b, float):
        return (math.isnan(a) and math.isnan(b)) or (a == b and math.copysign(1, a) == math.copysign(1, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, tuple) and isinstance(b, tuple):
        return _same(list(a), list(b))
    return type(a) is type(b) and a == b


def test_relu_outputs_are_described_as_by_the_direct_passes(monkeypatch):
    torch.manual_seed(0)
    model = Relus()
    with torch.no_grad():
        model.conv.bias[:4].fill_(-50.0)  # four channels dead after the relus
        model.conv2.bias[:2].fill_(-50.0)
    image = torch.randn(1, 3, 48, 48, generator=torch.Generator().manual_seed(1))

    extremes_read = []
    full_pass = statistics._extremes
    monkeypatch.setattr(
        statistics, "_extremes", lambda t, view=None: extremes_read.append(t.numel()) or full_pass(t, view)
    )
    fused = _documents(model, image)
    fused_passes = len(extremes_read)

    # The direct passes: each output's own extremes pass (no one view shared), torch's count.
    monkeypatch.setattr(tracer, "host_described", lambda t: False)
    monkeypatch.setattr(dead_units, "host_unit_maxima", lambda t, dim, view=None: None)
    extremes_read.clear()
    direct = _documents(model, image)

    assert _same(fused, direct)
    assert {"conv#0", "relu#0", "relu6#0", "hardtanh#0"} <= {header["key"] for header, _ in fused[1][2]}
    stats, dead, _ = fused[1]
    assert stats["relu_zeros#0"]["max"] == 0.0 and dead["relu_zeros#0"] == 1.0
    assert stats["relu_negative#0"]["min"] == 0.0 and dead["relu_negative#0"] == 1.0
    assert stats["relu_positive#0"]["min"] > 0 and dead["relu_positive#0"] == 0.0
    assert stats["relu_nan#0"]["nan"] >= 1 and stats["relu_inf#0"]["inf"] >= 1
    assert stats["relu_minus_inf#0"]["inf"] == 0 and stats["relu6#0"]["max"] == 6.0
    assert dead["relu6#0"] >= 4 / 16 and dead["conv2#0"] >= 2 / 16 and "relu#0" in dead
    # Of the twelve relu-family outputs, the ten that host_unit_maxima reads take no
    # extremes pass, but the all-positive one (no zero in its subset); the channels_last
    # and the hooked ones take theirs as before: nine passes fewer a call.
    assert len(extremes_read) - fused_passes == 2 * 9
    assert all(n > EXACT_LIMIT for n in extremes_read)


@pytest.mark.parametrize("maximum", [float("nan"), float("inf")])
def test_a_non_finite_maximum_sends_the_tensor_to_the_exact_path(maximum):
    t = torch.randn(3 * EXACT_LIMIT).relu()
    t[100] = maximum
    subset = statistics._subset_copy(t)
    assert statistics._nonnegative_extremes(t, subset, float(t.max())) is None


def test_a_subset_without_zero_or_with_a_negative_value_reads_the_tensor():
    """The minimum is 0 only where the subset shows a zero; a positive subset, or a negative
    value that a relu's output should not hold, sends the tensor to _extremes."""
    positive = torch.rand(3 * EXACT_LIMIT) + 1.0
    positive[-1] = 0.25  # outside the subset: found by the full pass
    subset = statistics._subset_copy(positive)
    assert subset.min() > 0.25
    assert statistics._nonnegative_extremes(positive, subset, float(positive.max())) == (0.25, float(positive.max()))
    negative = torch.randn(3 * EXACT_LIMIT)
    subset = statistics._subset_copy(negative)
    found = statistics._nonnegative_extremes(negative, subset, float(negative.max()))
    assert found == (float(negative.min()), float(negative.max()))


def test_unit_maxima_give_the_maximum_and_the_count():
    """host_unit_maxima's largest value is the tensor's maximum (NaN where it holds one),
    and dead_in of them is torch's count."""
    g = torch.Generator().manual_seed(0)
    cases = [
        (torch.randn(1, 64, 14, 14, generator=g).relu(), 1),
        ((torch.randn(3, 16, 7, 7, generator=g) - 1.5).relu(), 1),
        ((torch.randn(2, 9, 40, generator=g) - 1).relu(), 2),
        (torch.zeros(1, 5, 4, 4), 1),
        (torch.full((1, 5, 4, 4), -0.0), 1),
    ]
    nan = torch.randn(1, 8, 6, 6, generator=g).relu()
    nan[0, 2, 3, 3] = float("nan")
    cases.append((nan, 1))
    for t, dim in cases:
        maxima = dead_units.host_unit_maxima(t, dim)
        assert maxima is not None
        found, expected = float(maxima.max()), float(t.max())
        assert (math.isnan(found) and math.isnan(expected)) or found == expected  # a zero of either sign
        assert dead_units.dead_in(maxima) == int(dead_units.dead_count(t, dim))


def test_host_described_tensors_only():
    """One view serves every pass only of a large, contiguous, plain float32 CPU tensor."""
    large = torch.randn(1, 16, 48, 48)
    assert statistics.host_described(large)
    others = [
        torch.randn(1, 16, 8, 8),  # small: copied with the others
        large.contiguous(memory_format=torch.channels_last),
        large.double(),
        large[..., ::2],
        torch.randn(1, 16, 48, 48)._neg_view(),
        nn.Parameter(large.clone()),
    ]
    assert not any(statistics.host_described(t) for t in others)


@pytest.mark.parametrize("threads", [1, 2])
def test_statistics_through_a_view_equal_those_without(threads):
    """tensor_stats given host_view's array (`view`) gives tensor_stats's figures, on one
    thread (numpy's passes, in chunks beyond NUMPY_EXTREMES_LIMIT) and on two (aminmax)."""
    from tensorboard_modelviz.capture.host_copies import host_view

    g = torch.Generator().manual_seed(0)
    nan = torch.randn(1, 16, 48, 48, generator=g)
    nan[0, 9, 1, 1] = float("nan")
    cases = [torch.randn(1, 16, 48, 48, generator=g), torch.randn(2, 64, 64, 70, generator=g), nan]
    before = torch.get_num_threads()
    torch.set_num_threads(threads)
    try:
        for t in cases:
            assert statistics.host_described(t)
            through_view = statistics.tensor_stats(t, view=host_view(t).reshape(-1))
            assert _same(through_view, statistics.tensor_stats(t))
    finally:
        torch.set_num_threads(before)


def test_an_earlier_global_hook_that_changes_relu_outputs_sends_them_to_the_full_pass():
    """A global forward hook registered before the capture's runs first and may write into
    a relu's output: its values are then not known to be ≥ 0, and its extremes come from
    the full pass (here a value set below 0 outside the subset)."""

    def negative_corner(module, args, output):
        if isinstance(module, nn.ReLU):
            with torch.no_grad():
                output.view(-1)[100] = -7.0  # between the subset's runs
        return None

    model = nn.Sequential(nn.Conv2d(3, 16, 3, padding=1), nn.ReLU())
    image = torch.randn(1, 3, 48, 48, generator=torch.Generator().manual_seed(0))
    assert 100 not in statistics.spread_subset(torch.arange(16 * 48 * 48)).tolist()
    handle = torch.nn.modules.module.register_module_forward_hook(negative_corner)
    try:
        result = capture_model(model, image)
    finally:
        handle.remove()
    assert result.failure is None
    assert result.step["activations"]["1#0"]["min"] == -7.0


class EdgeRelus(nn.Module):
    """Relu-family modules on the layouts and sizes Relus leaves out: a Conv1d's 3-D output
    (units on dimension 1) and a Linear's 2-D one (units last) over a batch of 3, a 5-D
    Conv3d output, an in-place relu on a contiguous view with a storage offset (the last
    items of its input), outputs over NUMPY_EXTREMES_LIMIT (read in chunks): one with a
    NaN at a chunk's last value, one with no zero in its subset and its minimum at a
    chunk's first value, an Identity's with a NaN and -Inf; a ReLU6 with a NaN; float64
    and bfloat16 outputs (not host_described: the direct path) and a 1-D one (no units)."""

    def __init__(self) -> None:
        super().__init__()
        self.conv1d = nn.Conv1d(4, 32, 3, padding=1)
        self.relu_conv1d = nn.ReLU()
        self.linear = nn.Linear(8, 8000)
        self.relu_linear = nn.ReLU()
        self.conv3d = nn.Conv3d(2, 8, 3, padding=1)
        self.relu_conv3d = nn.ReLU()
        self.relu_offset = nn.ReLU(inplace=True)
        self.relu_chunk_nan = nn.ReLU()
        self.relu_chunk_min = nn.ReLU()
        self.identity = nn.Identity()
        self.relu6_nan = nn.ReLU6()
        self.relu_double = nn.ReLU()
        self.relu_bfloat16 = nn.ReLU()
        self.relu_flat = nn.ReLU()
        self.kept: list[torch.Tensor] = []

    def forward(self, signal: torch.Tensor, features: torch.Tensor, volume: torch.Tensor, maps: torch.Tensor):
        g = torch.Generator().manual_seed(3)
        chunk, over = statistics._EXTREMES_CHUNK, statistics.NUMPY_EXTREMES_LIMIT + 1024
        a = self.relu_conv1d(self.conv1d(signal))
        b = self.relu_linear(self.linear(features))
        c = self.relu_conv3d(self.conv3d(volume))
        d = self.relu_offset(maps.clone()[1:])
        nan = torch.randn(1, 4, over // 4, generator=g)
        nan.view(-1)[chunk - 1] = float("nan")
        e = self.relu_chunk_nan(nan)
        positive = torch.rand(1, 4, over // 4, generator=g) + 0.5
        positive.view(-1)[chunk] = 0.125  # outside the subset: the full pass finds it
        f = self.relu_chunk_min(positive)
        odd = torch.randn(over, generator=g)
        odd[2 * chunk - 1], odd[2 * chunk] = float("nan"), -float("inf")
        h = self.identity(odd)
        six = torch.randn(2, 8, 48, 48, generator=g) * 10
        six[1, 3, 5, 5] = float("nan")
        i = self.relu6_nan(six)
        j = self.relu_double(torch.randn(1, 16, 48, 48, generator=g, dtype=torch.float64))
        k = self.relu_bfloat16(torch.randn(1, 16, 48, 48, generator=g).bfloat16())
        m = self.relu_flat(torch.randn(3 * EXACT_LIMIT, generator=g))
        outputs = [a, b, c, d, e, f, h, i, j, k, m]
        self.kept[:] = outputs
        return [t.float().nansum() for t in outputs]


@pytest.mark.parametrize("threads", [1, 2])
def test_edge_relu_outputs_are_described_as_by_the_direct_passes(threads, monkeypatch):
    """EdgeRelus's documents equal those of the direct passes, on one torch thread (numpy's
    passes, in chunks) and on two (aminmax); the outputs read through a host view keep
    their storage resizable, and none is kept alive by the call."""
    import gc
    import weakref

    torch.manual_seed(0)
    model = EdgeRelus()
    with torch.no_grad():
        model.conv1d.bias[:5].fill_(-50.0)
        model.linear.bias[:7].fill_(-50.0)
    g = torch.Generator().manual_seed(1)
    inputs = (
        torch.randn(3, 4, 500, generator=g),
        torch.randn(5, 8, generator=g),
        torch.randn(2, 2, 12, 20, 20, generator=g),
        torch.randn(3, 16, 48, 48, generator=g),
    )
    read_from_view = []
    unit_maxima = dead_units.host_unit_maxima
    monkeypatch.setattr(
        dead_units,
        "host_unit_maxima",
        lambda t, dim, view=None: read_from_view.append(view is not None) or unit_maxima(t, dim, view),
    )
    before = torch.get_num_threads()
    torch.set_num_threads(threads)
    try:
        fused = _documents(model, inputs)
        outputs = [weakref.ref(t) for t in model.kept]
        assert all(t.untyped_storage().resizable() for t in model.kept)
        model.kept.clear()
        gc.collect()
        assert not any(ref() is not None for ref in outputs)
        with monkeypatch.context() as direct_passes:
            direct_passes.setattr(tracer, "host_described", lambda t: False)
            direct_passes.setattr(dead_units, "host_unit_maxima", lambda t, dim, view=None: None)
            direct = _documents(model, inputs)
    finally:
        torch.set_num_threads(before)
    assert _same(fused, direct)
    # relu_conv1d, relu_linear, relu_conv3d, relu_offset, the two chunked ones and relu6_nan
    # take their maxima from the view, at each of the two calls.
    assert read_from_view.count(True) == 2 * 7
    stats, dead, _ = fused[1]
    assert dead["relu_conv1d#0"] >= 5 / 32 and dead["relu_linear#0"] >= 7 / 8000
    assert stats["relu_chunk_min#0"]["min"] == 0.125 and stats["relu_chunk_nan#0"]["nan"] == 1
    assert stats["identity#0"]["nan"] == 1 and stats["identity#0"]["inf"] == 1
    assert stats["relu6_nan#0"]["max"] == 6.0 and stats["relu_offset#0"]["min"] == 0.0
