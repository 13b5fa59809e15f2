"""Activation samples: layouts, the byte budget and quantisation."""

import numpy as np
import pytest
import torch

from tensorboard_modelviz.capture.activation_samples import fit_to_budget, quantise, reduce_activation
from tensorboard_modelviz.capture.host_copies import HostCopies


def _reduce(t, **kw):
    opts = dict(max_samples=1, max_channels=16, max_side=32, max_tokens=64, max_features=256)
    opts.update(kw)
    copies = HostCopies()
    reduced = reduce_activation(t, copies=copies, **opts)
    copies.wait()
    return reduced


def test_layouts_and_bounds():
    x = torch.randn(8, 64, 112, 112)
    layout, t = _reduce(x)
    assert layout == "chw" and list(t.shape) == [1, 16, 28, 28]  # 4x4 pixel blocks
    assert torch.allclose(t[0, 3, 2, 5], x[0, 3, 8:12, 20:24].mean())
    assert list(_reduce(torch.randn(1, 2, 33, 20))[1].shape) == [1, 2, 17, 10]  # 2x2, the edge block partial
    x = torch.randn(2, 300, 1024)
    layout, t = _reduce(x)
    assert layout == "tf" and list(t.shape) == [1, 64, 256]
    assert torch.equal(t, x[:1, :64, ::4])  # every 4th feature, as it was
    layout, t = _reduce(torch.randn(4, 1000))
    assert layout == "vec" and list(t.shape) == [1, 250]
    layout, t = _reduce(torch.randn(2, 3, 5, 6, 7))
    assert layout == "chw" and list(t.shape) == [1, 3, 6, 7]
    assert _reduce(torch.arange(10)) is None  # integers make no picture
    assert _reduce(torch.tensor(1.0)) is None  # a scalar neither


def test_copy_does_not_alias_the_live_tensor():
    live = torch.randn(1, 4, 8, 8)
    _, copy = _reduce(live)
    live.zero_()
    assert copy.abs().sum() > 0


@pytest.mark.parametrize("shape", [(1, 256, 56, 56), (8, 64, 33, 20), (2, 3, 5, 6, 7), (2, 300, 1024), (4, 1000), (7,)])
def test_plain_float32_tensors_reduce_through_numpy_to_the_same_values(shape):
    torch.manual_seed(0)
    x = torch.randn(*shape)
    if x.dim() > 1:
        x = x.transpose(-1, -2)  # a strided view
    fast = _reduce(x)  # sliced as a numpy array
    general = _reduce(x.double())  # sliced in torch, then made float32
    assert fast[0] == general[0] and torch.equal(fast[1], general[1])
    assert fast[1].dtype == torch.float32 and fast[1].is_contiguous()
    x.zero_()
    assert fast[1].abs().sum() > 0  # a copy of its own


@pytest.mark.parametrize("shape", [(1, 256, 56, 56), (2, 32, 30, 30), (1, 8, 20, 20), (1, 64, 7, 7)])
def test_channels_last_maps_reduce_on_the_host_to_the_values_torch_gives(shape):
    """Pooled by torch's kernel in their own layout, sliced where nothing is pooled."""
    torch.manual_seed(0)
    x = torch.randn(*shape).contiguous(memory_format=torch.channels_last)
    fast, general = _reduce(x, max_side=14), _reduce(x.double(), max_side=14)
    assert fast[0] == general[0] == "chw" and torch.equal(fast[1], general[1])
    assert fast[1].is_contiguous()
    x.zero_()
    assert fast[1].abs().sum() > 0


def _bits(t):
    return t.contiguous().view(torch.int32).tolist()


@pytest.mark.parametrize("memory_format", [torch.contiguous_format, torch.channels_last])
def test_maps_with_edge_values_reduce_on_the_host_as_through_torch(memory_format):
    """NaN, ±Inf, -0.0 and constant maps, pooled and sliced, bit for bit as the torch route
    (a float64 input, made float32 after slicing) reduces them."""
    torch.manual_seed(0)
    x = torch.randn(2, 20, 28, 28)
    x[0, 0], x[0, 1] = float("nan"), 3.0
    x[0, 2, :5] = float("inf")
    x[0, 3, 5:9] = -float("inf")
    x[0, 4] = -0.0
    x = x.contiguous(memory_format=memory_format)
    for side in (28, 14, 10):  # sliced, pooled in whole blocks, pooled with partial blocks
        fast, general = _reduce(x, max_side=side), _reduce(x.double(), max_side=side)
        assert fast[0] == general[0] == "chw" and _bits(fast[1]) == _bits(general[1])


def _fit_to_budget_calling_fit_for_each(samples, budget):
    """fit_to_budget as it was: _fit called for every copy, in order of size."""
    from tensorboard_modelviz.capture.activation_samples import _fit

    order = sorted(samples, key=lambda k: samples[k][1].numel())
    fitted, left = {}, budget
    for i, key in enumerate(order):
        layout, t = samples[key]
        t = _fit(layout, t, left // (len(order) - i))
        if t is not None:
            fitted[key] = (layout, t)
            left -= t.numel()
    return {k: fitted[k] for k in samples if k in fitted}


@pytest.mark.parametrize("budget", [0, 50, 2_000, 20_000, 200_000])
def test_fit_to_budget_fits_as_when_it_called_fit_for_each_copy(budget):
    g = torch.Generator().manual_seed(0)
    samples = {"map%d" % i: ("chw", torch.randn(1, 16, 28, 28, generator=g)) for i in range(6)}  # ties in size
    samples.update({"vec%d" % i: ("vec", torch.randn(1, 16 * (i + 1), generator=g)) for i in range(5)})
    samples.update({"seq": ("tf", torch.randn(2, 40, 64, generator=g)), "tiny": ("vec", torch.randn(1, 3))})
    got, expected = fit_to_budget(samples, budget), _fit_to_budget_calling_fit_for_each(samples, budget)
    assert list(got) == list(expected)
    for key in got:
        assert got[key][0] == expected[key][0] and torch.equal(got[key][1], expected[key][1])


def _fit_map_through_torch(t, budget):
    """_fit of a map as it was: sliced as a tensor, then averaged by _block_average."""
    import math

    from tensorboard_modelviz.capture.activation_samples import _block_average

    n, c, h, w = t.shape
    scale = math.sqrt(budget / t.numel())
    h2, w2 = max(math.floor(h * scale), min(h, 8)), max(math.floor(w * scale), min(w, 8))
    c2 = min(c, budget // (n * h2 * w2))
    n2 = n if c2 >= 1 else budget // (h2 * w2)
    return None if n2 < 1 else _block_average(t[:n2, : max(c2, 1)], max(-(-h // h2), -(-w // w2)))


def _edge_maps(dtype, shape):
    """Maps of `shape` in `dtype`: NaN, ±Inf, -0.0, a constant channel, sums that overflow."""
    g = torch.Generator().manual_seed(sum(shape))
    t = torch.randn(4, *shape, generator=g, dtype=torch.float64)
    t[1, 0, 0, 0, 0], t[1, -1, -1, 1, 1], t[1, 0, -1, -1, -1] = float("nan"), float("inf"), float("-inf")
    t[2, :, 0] = -0.0
    t[2, :, -1] = 7.0
    t[3] *= 6e4 if dtype == torch.float16 else 3e38
    return list(t.to(dtype).unbind(0))


@pytest.mark.parametrize("dtype", [torch.float32, torch.float16, torch.float64])
@pytest.mark.parametrize("shape", [(1, 16, 28, 28), (3, 8, 14, 14), (2, 4, 10, 10), (1, 2, 9, 12)])
@pytest.mark.parametrize("layout", ["contiguous", "channels_last", "strided"])
def test_maps_fitted_through_numpy_views_are_those_fitted_through_torch(dtype, shape, layout):
    """_fit slices a CPU map as a numpy view: bit for bit the values the tensor's slice
    gave (cuts of samples and channels, sides the factor divides or not, edge values)."""
    from tensorboard_modelviz.capture.activation_samples import _fit

    for t in _edge_maps(dtype, shape):
        if layout == "channels_last":
            t = t.contiguous(memory_format=torch.channels_last)
        elif layout == "strided":
            t = torch.cat([t, t], dim=3)[..., ::2]
        for budget in (t.numel() // 3, t.numel() // 17, 40, 3):
            with np.errstate(all="ignore"):
                got, expected = _fit("chw", t, budget), _fit_map_through_torch(t, budget)
            assert (got is None) == (expected is None)
            if got is not None:
                assert got.dtype == expected.dtype and got.shape == expected.shape
                assert got.contiguous().view(torch.uint8).tolist() == expected.contiguous().view(torch.uint8).tolist()


def test_fit_to_budget_respects_the_budget_and_keeps_small_samples_whole():
    samples = {
        "big": ("chw", torch.randn(1, 16, 32, 32)),
        "small": ("vec", torch.randn(1, 10)),
        "seq": ("tf", torch.randn(1, 64, 256)),
    }
    fitted = fit_to_budget(samples, 6000)
    assert list(fitted) == ["big", "small", "seq"]  # original order
    assert sum(t.numel() for _, t in fitted.values()) <= 6000
    assert fitted["small"][1].numel() == 10
    assert fitted["big"][1].shape[-1] >= 4


def test_fit_to_budget_drops_what_cannot_fit():
    fitted = fit_to_budget({"a": ("chw", torch.randn(1, 1, 8, 8))}, 10)
    assert fitted == {}


def test_quantise_per_channel_ranges():
    t = torch.stack([torch.linspace(0, 1, 16), torch.linspace(-5, 5, 16)]).reshape(1, 2, 4, 4)
    ((values, lo, hi),) = quantise([("chw", t)])
    assert len(values) == 32
    assert lo == [[0.0, -5.0]] and hi == [[1.0, 5.0]]
    assert values[0] == 0 and values[15] == 255 and values[16] == 0 and values[31] == 255


def test_quantise_survives_non_finite_values():
    ((values, lo, hi),) = quantise([("vec", torch.tensor([[1.0, float("nan"), float("inf"), 2.0]]))])
    assert len(values) == 4


def test_quantise_ranges_per_layout():
    torch.manual_seed(0)
    samples = {
        "conv": ("chw", torch.randn(2, 3, 5, 4) * 7),
        "tokens": ("tf", torch.randn(1, 6, 9)),
        "flat": ("vec", torch.tensor([[1.0, float("nan"), 3.0], [2.0, 2.0, 2.0]])),
        "one": ("chw", torch.randn(1, 1, 4, 4)),
    }
    quantised = dict(zip(samples, quantise(list(samples.values()))))
    for key, (layout, t) in samples.items():
        values, lo, hi = quantised[key]
        assert len(values) == t.numel()
        ranges = (
            t.nan_to_num(0.0).reshape(t.shape[0] * t.shape[1], -1)
            if layout == "chw"
            else t.nan_to_num(0.0).reshape(t.shape[0], -1)
        )
        flat_lo = [v for row in lo for v in row] if layout == "chw" else lo
        assert flat_lo == pytest.approx(ranges.min(dim=1).values.tolist(), rel=1e-5)
    assert quantised["flat"][2] == [3.0, 2.0] and quantised["flat"][0][3:] == bytes([0, 0, 0])  # constant row


def test_quantise_together_equals_one_by_one():
    """Copies are quantised in matrices of rows of one length; each copy's result must be
    what it gets alone, whatever it shares a matrix with."""
    torch.manual_seed(0)
    copies = [
        ("chw", torch.randn(1, 4, 3, 3)),
        ("vec", torch.randn(2, 9) * 100),
        ("chw", torch.randn(2, 2, 3, 3) - 7),
        ("tf", torch.randn(1, 3, 3)),
        ("vec", torch.randn(1, 5)),
        ("chw", torch.full((1, 1, 3, 3), float("nan"))),
    ]
    together = quantise(copies)
    assert together == [quantise([copy])[0] for copy in copies]
    assert [len(values) for values, _, _ in together] == [t.numel() for _, t in copies]
    assert together[5][0] == bytes(9) and together[5][1] == [[0.0]]


def test_ranges_are_short_and_close():
    values = np.array([0.123456789, -98765.4321, 1.5e-30, 3.0e38, 0.0, 123456789.0, 1e-17, 2.5e-16], dtype=np.float32)
    short = quantise([("vec", torch.from_numpy(values[:, None]))])[0][1]  # one value per row: lo = the value
    for value, got in zip(values.tolist(), short):
        assert got == pytest.approx(value, rel=1e-5)
        if 1e-15 < abs(value) < 1e16:  # printed as at most 6 significant digits
            assert len(repr(got).replace("-", "").replace(".", "").strip("0").split("e")[0]) <= 6
    assert short[0] == 0.123457 and short[1] == -98765.4 and short[4] == 0.0


def test_quantise_a_range_wider_than_float32_holds():
    """An exploding layer can span -3e38..3e38, whose width overflows float32."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflow or invalid-cast warnings either
        ((values, lo, hi),) = quantise([("vec", torch.tensor([[-3e38, 0.0, 3e38]]))])
    assert list(values) == [0, 128, 255] and lo[0] < -2.9e38 and hi[0] > 2.9e38


def _quantise_one_copy_at_a_time(copies):
    """quantise as it was before copies of one shape were joined: each copy's rows found
    one by one and placed in the matrix of their row length, in the copies' order, and
    each row's extremes found by numpy."""
    from tensorboard_modelviz.capture.activation_samples import _FLOAT32_MAX, _short

    def _quantise_rows(block):  # numpy's reductions throughout
        lo, hi = block.min(axis=1), block.max(axis=1)
        if not (np.isfinite(lo).all() and np.isfinite(hi).all()):
            block = np.nan_to_num(block, nan=0.0, posinf=0.0, neginf=0.0)
            lo, hi = block.min(axis=1), block.max(axis=1)
        width = hi.astype(np.float64) - lo
        if block.dtype != np.float64 and width.max(initial=0.0) > _FLOAT32_MAX:
            block = block.astype(np.float64)
        scale = (255.0 / np.maximum(width, 1e-12)).astype(block.dtype)
        q = block - lo[:, None]
        q *= scale[:, None]
        return np.rint(q, out=q).astype(np.uint8), lo, hi

    by_length = {}
    for index, (layout, t) in enumerate(copies):
        values = t.detach().cpu().numpy()
        rows = values.reshape(values.shape[0] * values.shape[1] if layout == "chw" else values.shape[0], -1)
        by_length.setdefault(rows.shape[1], []).append((index, rows))
    placed, lows, highs, taken = [None] * len(copies), [], [], 0
    for members in by_length.values():
        q, lo, hi = _quantise_rows(np.concatenate([rows for _, rows in members]))
        data, at = q.tobytes(), 0
        lows.append(lo)
        highs.append(hi)
        for index, rows in members:
            placed[index] = (data[at : at + rows.size], taken, taken + rows.shape[0])
            at += rows.size
            taken += rows.shape[0]
    ranges = _short(np.concatenate(lows + highs)).tolist() if lows else []
    out = []
    for (layout, t), (values, first, last) in zip(copies, placed):
        low, high = ranges[first:last], ranges[taken + first : taken + last]
        if layout == "chw":
            c = t.shape[1]
            low, high = (
                [low[i : i + c] for i in range(0, len(low), c)],
                [high[i : i + c] for i in range(0, len(high), c)],
            )
        out.append((values, low, high))
    return out


def _sample_zoo(dtype):
    """Copies as the fit hands them to quantise, in `dtype`: many of one shape, shapes of
    one row length across layouts, strided and channels_last copies, constant, zero-signed,
    non-finite and exploding rows."""
    g = torch.Generator().manual_seed(0)

    def as_dtype(t):
        return t.to(dtype) if dtype.is_floating_point else (t * 10).nan_to_num(0.0, 100.0, -100.0).round().to(dtype)

    def r(*shape, scale=1.0):
        return as_dtype(torch.randn(*shape, generator=g, dtype=torch.float64) * scale)

    zeros = as_dtype(torch.tensor([[0.0, -0.0, 0.0, -0.0], [-0.0, -0.0, -0.0, -0.0]], dtype=torch.float64))
    odd = torch.randn(1, 3, 4, 4, generator=g, dtype=torch.float64)
    odd[0, 0] = float("nan")
    odd[0, 1, 0, 0] = float("inf")
    odd[0, 2] = 5.0  # constant
    odd = as_dtype(odd)
    copies = [("vec", r(1, 16)) for _ in range(5)]
    copies += [("chw", r(1, 8, 4, 4)) for _ in range(4)]
    copies += [
        ("tf", r(1, 2, 8)),  # rows of 16 values, as the vecs' and the maps'
        ("chw", r(2, 8, 8, 8).contiguous(memory_format=torch.channels_last)),
        ("chw", r(1, 4, 8, 16)[..., ::2]),  # strided
        ("vec", r(16, 3).t()),  # transposed
        ("tf", r(2, 5, 7, scale=1e-20)),
        ("vec", zeros),
        ("chw", odd),
        ("vec", r(1, 16)),
    ]
    if dtype in (torch.float32, torch.float64):
        # A range wider than float32 holds makes its whole matrix float64, where this row
        # (found by search) rounds one value otherwise than in float32.
        copies.append(("tf", torch.tensor([[[-3e38, 0.0, 3e38, 1.0] * 2] * 2], dtype=dtype)))
        copies.append(("vec", torch.tensor([_ROUNDS_OTHERWISE_IN_FLOAT64], dtype=dtype)))
    return copies


_ROUNDS_OTHERWISE_IN_FLOAT64 = [
    -0.059784386307001114, -0.06271439045667648, 0.003444212255999446, 0.025195196270942688,
    -0.027515441179275513, 0.06138046458363533, -0.23060140013694763, -0.13709674775600433,
    0.14329540729522705, 0.03663725405931473, -0.038741033524274826, 0.013387375511229038,
    0.006270944140851498, -0.012460594065487385, -0.08003775775432587, 0.09837828576564789,
]  # fmt: skip


@pytest.mark.parametrize("dtype", [torch.float32, torch.float16, torch.float64])
def test_quantise_joined_by_shape_equals_one_copy_at_a_time(dtype):
    """Joining the copies of a shape changes no byte: values, ranges and the signs of zeros."""
    copies = _sample_zoo(dtype)
    with np.errstate(all="ignore"):  # float16's and integers' own overflows, as before
        for order in (copies, copies[::-1], copies[3:9]):
            got, expected = quantise(order), _quantise_one_copy_at_a_time(order)
            assert repr([tuple(q) for q in got]) == repr(expected)
    assert quantise([]) == []


@pytest.mark.parametrize("dtype", [torch.bfloat16, torch.int32])
def test_quantise_refuses_what_it_refused(dtype):
    """reduce_activation hands over float32 copies only; other dtypes fail as they did."""
    copies = _sample_zoo(dtype)
    with pytest.raises(TypeError), np.errstate(all="ignore"):
        _quantise_one_copy_at_a_time(copies)
    with pytest.raises(TypeError), np.errstate(all="ignore"):
        quantise(copies)


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
@pytest.mark.parametrize("length", [1, 4, 16, 64, 196])
def test_row_extremes_are_numpys_bit_for_bit(dtype, length):
    """torch's reductions where they agree with numpy's, numpy's where a -0.0 could go
    either way (torch and numpy settle -0.0 against 0.0 differently on such rows)."""
    from tensorboard_modelviz.capture.activation_samples import _row_extremes

    rng = np.random.default_rng(length)
    relu_like = np.maximum(rng.standard_normal((300, length)), 0.0).astype(dtype)  # many +0.0
    odd = rng.standard_normal((300, length)).astype(dtype)
    odd[::7, 0], odd[1::7, -1], odd[2::7, length // 2] = np.nan, np.inf, -np.inf
    zeros = rng.choice(np.array([0.0, -0.0, 1.0], dtype), size=(300, length))
    read_only = odd.copy()
    read_only.flags.writeable = False
    one_negative_zero = relu_like.copy()  # found by the least value of the matrix read as integers
    one_negative_zero[150, length // 3] = -0.0
    blocks = (relu_like, odd, zeros, read_only, odd[:, ::-1], np.ones((0, length), dtype), one_negative_zero)
    for block in blocks:
        with np.errstate(all="ignore"):
            lo, hi = _row_extremes(block)
        assert lo.tobytes() == block.min(axis=1).tobytes() and hi.tobytes() == block.max(axis=1).tobytes()
    # NaNs with their sign bit set, +0.0 in every row: read as integers, no NaN is -0.0's.
    # (A NaN extreme's own sign may differ: quantise replaces NaNs before using extremes.)
    negative_nans = -np.abs(odd)
    negative_nans[:, -1] = 0.0
    with np.errstate(all="ignore"):
        lo, hi = _row_extremes(negative_nans)
    for got, expected in ((lo, negative_nans.min(axis=1)), (hi, negative_nans.max(axis=1))):
        finite = ~np.isnan(expected)
        assert np.array_equal(np.isnan(got), ~finite) and got[finite].tobytes() == expected[finite].tobytes()


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_quantise_through_torch_gives_numpys_bytes(monkeypatch, dtype):
    """Large matrices are quantised with torch's kernels: the bytes numpy's give, whatever
    the matrix (here every one of the zoo's, which are small, goes through torch)."""
    from tensorboard_modelviz.capture import activation_samples

    monkeypatch.setattr(activation_samples, "_BY_TORCH_FROM", 0)
    copies = _sample_zoo(dtype)
    with np.errstate(all="ignore"):
        assert repr([tuple(q) for q in quantise(copies)]) == repr(_quantise_one_copy_at_a_time(copies))
    big = [("chw", torch.randn(2, 8, 32, 32, dtype=dtype).relu()) for _ in range(4)]  # over the threshold anyway
    monkeypatch.undo()
    expected = _quantise_one_copy_at_a_time(big)
    assert repr([tuple(q) for q in quantise(big)]) == repr(expected)


def test_short_ranges_are_the_powers_of_ten_formulas_bit_for_bit():
    """_short looks its powers of ten up: the values 10.0 ** decimals gave, NaN and
    infinities included."""
    from tensorboard_modelviz.capture.activation_samples import _DOWN, _UP, _short

    def computed(values):  # as _short was written before the lookup
        values = values.astype(np.float64)
        magnitude = np.abs(values)
        exponent = np.floor(np.log10(magnitude, out=np.zeros_like(magnitude), where=magnitude > 0))
        decimals = 5 - exponent
        up, down = 10.0 ** np.clip(decimals, 0, 22), 10.0 ** np.clip(-decimals, 0, 22)
        rounded = np.round(values * up / down) * down / up
        return np.where(np.abs(decimals) > 22, values, rounded)

    assert _UP.tolist() == [10.0 ** max(d, 0) for d in range(-22, 23)]
    assert _DOWN.tolist() == [10.0 ** max(-d, 0) for d in range(-22, 23)]
    rng = np.random.default_rng(0)
    values = rng.standard_normal(50_000) * 10.0 ** rng.integers(-45, 45, 50_000)
    edges = [0.0, -0.0, np.inf, -np.inf, np.nan, 1e-17, 9.99999e-18, 1e28, 1e27, 5e-324, 1.7e308, 0.5, 999999.5]
    with np.errstate(all="ignore"):
        blocks = (np.concatenate([values, edges]), values.astype(np.float32), values.astype(np.float16))
    for block in blocks:
        with np.errstate(all="ignore"):
            assert np.array_equal(_short(block).view(np.int64), computed(block).view(np.int64))
