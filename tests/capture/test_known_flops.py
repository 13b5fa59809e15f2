"""known_flops: the ops whose FLOPs a first call counts from their arguments, unseen by the
profiler. Each count equals what the profiler's events give (profiled_flops), and a first
call with them records what it records with every op profiled and what two forwards
record."""

import typing

import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F

from tensorboard_modelviz.capture import known_flops, profiled_flops, recording, tracer
from tensorboard_modelviz.capture.recording import CaptureOptions, capture_model


def _profiled(func: typing.Callable, args: tuple, kwargs: dict) -> tuple[int, typing.Any]:
    """(the profiler's count of func(*args, **kwargs) in a range of its own, the result)."""
    with torch.enable_grad(), profiled_flops.ProfiledForward() as profile:
        with profiled_flops.op_range():
            out = func(*args, **kwargs)
    assert profile.recorded
    return profile.flops([profiled_flops.conv_output(func, out)])[0], out


def _known(func: typing.Callable, args: tuple, kwargs: dict, out: typing.Any) -> int:
    count = known_flops.counter(func, args, kwargs)
    assert count is not None, func
    return count(args, kwargs, out)


def _leaf(*shape: int) -> torch.Tensor:
    return torch.randn(*shape, requires_grad=True)


CASES = {
    "conv1d": (torch.conv1d, (torch.randn(2, 3, 10), _leaf(4, 3, 3)), {"padding": 1}),
    "conv1d unbatched": (torch.conv1d, (torch.randn(3, 10), _leaf(4, 3, 3)), {}),
    "conv2d": (torch.conv2d, (torch.randn(1, 3, 9, 9), _leaf(5, 3, 3, 3)), {"stride": 2, "padding": 1}),
    "conv2d groups dilation": (
        torch.conv2d,
        (torch.randn(2, 4, 9, 9), _leaf(6, 2, 3, 3)),
        {"groups": 2, "dilation": 2},
    ),
    "conv2d same": (torch.conv2d, (torch.randn(1, 3, 8, 8), _leaf(4, 3, 4, 4)), {"padding": "same"}),
    "conv2d unbatched": (torch.conv2d, (torch.randn(3, 8, 8), _leaf(4, 3, 3, 3)), {}),
    "conv2d channels_last": (
        torch.conv2d,
        (torch.randn(2, 3, 8, 8).to(memory_format=torch.channels_last), _leaf(4, 3, 3, 3)),
        {},
    ),
    "conv2d parameter": (torch.conv2d, (torch.randn(1, 3, 8, 8), nn.Parameter(torch.randn(4, 3, 3, 3))), {}),
    "conv2d empty batch": (torch.conv2d, (torch.randn(0, 3, 8, 8), _leaf(4, 3, 3, 3)), {}),
    "conv2d keywords": (torch.conv2d, (), {"input": torch.randn(1, 3, 8, 8), "weight": _leaf(4, 3, 3, 3)}),
    "conv3d": (torch.conv3d, (torch.randn(1, 2, 5, 6, 7), _leaf(3, 2, 3, 3, 3)), {}),
    "conv_transpose1d": (torch.conv_transpose1d, (torch.randn(2, 3, 7), _leaf(3, 4, 3)), {"stride": 2}),
    "conv_transpose2d": (torch.conv_transpose2d, (torch.randn(1, 3, 5, 5), _leaf(3, 2, 3, 3)), {"stride": 2}),
    "conv_transpose2d unbatched": (torch.conv_transpose2d, (torch.randn(3, 5, 5), _leaf(3, 2, 3, 3)), {}),
    "conv_transpose3d": (torch.conv_transpose3d, (torch.randn(1, 2, 3, 4, 5), _leaf(2, 3, 2, 2, 2)), {}),
    "linear 1-d": (F.linear, (torch.randn(6), _leaf(4, 6), _leaf(4)), {}),
    "linear 2-d": (F.linear, (torch.randn(5, 6), _leaf(4, 6), _leaf(4)), {}),
    "linear 2-d no bias": (F.linear, (torch.randn(5, 6), _leaf(4, 6)), {}),
    "linear 3-d": (F.linear, (torch.randn(2, 5, 6), _leaf(4, 6), _leaf(4)), {}),
    "linear 3-d no bias": (F.linear, (torch.randn(2, 5, 6), _leaf(4, 6)), {}),
    "linear 3-d transposed": (F.linear, (_leaf(5, 2, 6).transpose(0, 1), _leaf(4, 6), _leaf(4)), {}),
    "linear 4-d": (F.linear, (torch.randn(2, 3, 5, 6), _leaf(4, 6), _leaf(4)), {}),
    "linear empty": (F.linear, (torch.randn(0, 6), _leaf(4, 6), _leaf(4)), {}),
    "linear keywords": (F.linear, (), {"input": torch.randn(3, 6), "weight": _leaf(4, 6), "bias": None}),
    "linear parameter": (F.linear, (torch.randn(2, 5, 6), nn.Parameter(torch.randn(4, 6))), {}),
    "addmm": (torch.addmm, (_leaf(4), torch.randn(5, 6), _leaf(6, 4)), {"beta": 0.5}),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_known_count_is_the_profilers(case: str) -> None:
    func, args, kwargs = CASES[case]
    profiled, out = _profiled(func, args, kwargs)
    assert _known(func, args, kwargs, out) == profiled
    assert profiled > 0 or "empty" in case


def _zero_cases() -> list[tuple[str, typing.Callable, tuple, dict]]:
    x, image, tokens = _leaf(2, 3, 4), _leaf(1, 3, 8, 8), torch.tensor([[1, 2], [0, 3]])
    return [
        ("view", torch.Tensor.view, (x, 6, 4), {}),
        ("reshape", torch.Tensor.reshape, (x, -1), {}),
        ("transpose", torch.Tensor.transpose, (x, 0, 1), {}),
        ("contiguous", torch.Tensor.contiguous, (x.transpose(0, 2),), {}),
        ("getitem", torch.Tensor.__getitem__, (x, (slice(None), torch.tensor([0, 2]))), {}),
        ("split", torch.Tensor.split, (x, 2, -1), {}),
        ("add_", torch.Tensor.add_, (torch.randn(2, 3, 4), x), {}),
        ("iadd", torch.Tensor.__iadd__, (torch.randn(2, 3, 4), x), {}),
        ("mul", torch.Tensor.mul, (x, 2.0), {}),
        ("pow", torch.pow, (x, 3.0), {}),
        ("cat", torch.cat, ([x, x],), {"dim": 1}),
        ("relu", F.relu, (x,), {}),
        ("relu_", torch.relu_, (torch.randn(2, 3),), {}),
        ("gelu", F.gelu, (x,), {"approximate": "tanh"}),
        ("softmax", F.softmax, (x, -1), {}),
        ("dropout", F.dropout, (x, 0.5, True), {}),
        ("batch_norm train", F.batch_norm, (image, torch.zeros(3), torch.ones(3), _leaf(3), _leaf(3), True), {}),
        ("batch_norm eval", F.batch_norm, (image, torch.zeros(3), torch.ones(3), _leaf(3), _leaf(3), False), {}),
        ("layer_norm", F.layer_norm, (x, (4,), _leaf(4), _leaf(4)), {}),
        ("group_norm", F.group_norm, (image, 1, _leaf(3), _leaf(3)), {}),
        ("embedding", F.embedding, (tokens, _leaf(5, 3)), {}),
        ("max_pool2d", F.max_pool2d, (image, 2), {}),
        ("max_pool2d indices", F.max_pool2d, (image, 2), {"return_indices": True}),
        ("adaptive_avg_pool2d", F.adaptive_avg_pool2d, (image, 1), {}),
        ("flatten", torch.flatten, (image, 1), {}),
        ("mean", torch.mean, (x,), {}),
        ("permute", torch.Tensor.permute, (x, 2, 0, 1), {}),
        ("chunk", torch.Tensor.chunk, (x, 2, -1), {}),
        ("stack", torch.stack, ([x, x],), {}),
        ("where", torch.where, (x > 0, x, torch.zeros(())), {}),
        ("masked_fill", torch.Tensor.masked_fill, (x, x > 0, 0.0), {}),
        ("sigmoid", F.sigmoid, (x,), {}),
        ("log_softmax", F.log_softmax, (x, -1), {}),
        ("silu", F.silu, (x,), {}),
        ("relu6", F.relu6, (x,), {}),
        ("hardtanh", F.hardtanh, (x,), {}),
        ("avg_pool2d", F.avg_pool2d, (image, 2), {}),
        ("torch.max_pool2d", torch.max_pool2d, (image, 2), {}),
        ("torch.batch_norm", torch.batch_norm, (image, _leaf(3), _leaf(3), None, None, True, 0.1, 1e-5, False), {}),
        ("torch.layer_norm", torch.layer_norm, (x, (4,)), {}),
        ("torch.embedding", torch.embedding, (_leaf(5, 3), tokens), {}),
        ("sum", torch.Tensor.sum, (x, -1), {}),
        ("rsqrt", torch.rsqrt, (x.abs() + 1,), {}),
        ("shape", torch.Tensor.shape.__get__, (x,), {}),
        ("T", torch.Tensor.mT.__get__, (x,), {}),
    ]


@pytest.mark.parametrize("case", _zero_cases(), ids=lambda case: case[0])
def test_an_op_without_flops_has_none_in_the_profiler_too(case: tuple) -> None:
    _, func, args, kwargs = case
    profiled, out = _profiled(func, args, kwargs)
    assert profiled == 0 and _known(func, args, kwargs, out) == 0


@pytest.mark.parametrize(
    "func, args",
    [
        (F.linear, (torch.randn(3, 6), torch.randn(6))),  # a vector for weight: an mv
        (torch.matmul, (torch.randn(3, 6), torch.randn(6, 2))),  # how it runs depends on the shapes
        (torch.einsum, ("ij,jk->ik", torch.randn(3, 6), torch.randn(6, 2))),
        (F.scaled_dot_product_attention, (torch.randn(1, 2, 4, 8),) * 3),  # depends on the kernel chosen
        (torch.Tensor.__matmul__, (torch.randn(3, 6), torch.randn(6, 2))),
        (lambda x: x, (torch.randn(2),)),  # a function of the model's own
    ],
)
def test_other_ops_are_left_to_the_profiler(func: typing.Callable, args: tuple) -> None:
    assert known_flops.counter(func, args, {}) is None


class _Mixed(nn.Module):
    """Ops counted from their arguments and ops the profiler counts, nested in modules,
    with in-place ReLUs whose dead units the watcher counts inside an unprofiled op."""

    def __init__(self) -> None:
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3, padding=1)
        self.bn = nn.BatchNorm2d(4)
        self.relu = nn.ReLU(inplace=True)
        self.head = nn.Linear(4 * 8, 5)
        self.mix = nn.Parameter(torch.randn(5, 5))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = self.relu(self.bn(self.conv(x)))
        y = torch.relu(y.mean(dim=3))  # a functional relu, seen by the watcher
        y = self.head(y.flatten(1))
        y = torch.einsum("bi,ij->bj", y, self.mix)  # profiled
        return torch.matmul(y, self.mix) + y  # profiled


def _first_call(model: nn.Module, x: torch.Tensor, monkeypatch: pytest.MonkeyPatch, known: bool) -> typing.Any:
    trees = []
    exit_profile = profiled_flops.ProfiledForward.__exit__

    def kept(self: profiled_flops.ProfiledForward, *exc: object) -> None:
        exit_profile(self, *exc)
        trees.append(self.tree)

    with monkeypatch.context() as patched:
        patched.setattr(profiled_flops.ProfiledForward, "__exit__", kept)
        if not known:
            patched.setattr(known_flops, "counter", lambda func, args, kwargs: None)
        result = capture_model(model, x, CaptureOptions())
    assert len(trees) == 1 and result.failure is None  # recorded in one forward
    return result, trees[0]


def _names(events: list) -> list[str]:
    return [e.name for e in events] + [n for e in events for n in _names(e.children)]


@pytest.mark.parametrize("mode", ["train", "eval"])
def test_a_first_call_with_known_counts_records_what_it_records_with_all_profiled(
    mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    model, x = _Mixed().train(mode == "train"), torch.randn(2, 3, 8, 8)
    known, known_tree = _first_call(model, x, monkeypatch, known=True)
    profiled, profiled_tree = _first_call(model, x, monkeypatch, known=False)
    assert known.structure == profiled.structure and known.structure["totals"]["flops"] > 0
    assert known.step["dead_units"] == profiled.step["dead_units"] and known.step["dead_units"]
    # Nothing of the known ops reached the profiler: neither their ranges nor their aten
    # ops, nor those of the watcher's work inside the in-place ReLUs.
    names = _names(known_tree)
    assert names.count(profiled_flops.MARK) == 2 and names.count(profiled_flops.MARK) < _names(profiled_tree).count(
        profiled_flops.MARK
    )
    assert not {"aten::convolution", "aten::relu_", "aten::relu", "aten::native_batch_norm", "aten::addmm"} & set(names)
    with monkeypatch.context() as patched:
        patched.setattr(profiled_flops, "available", lambda: False)
        two = capture_model(model, x, CaptureOptions())
    assert two.structure == known.structure


def test_a_model_of_known_ops_alone_leaves_the_profiler_nothing_to_count(monkeypatch: pytest.MonkeyPatch) -> None:
    model = nn.Sequential(nn.Conv2d(3, 4, 3), nn.BatchNorm2d(4), nn.ReLU(inplace=True), nn.Flatten(), nn.Linear(144, 2))
    result, tree = _first_call(model, torch.randn(1, 3, 8, 8), monkeypatch, known=True)
    assert _names(tree) == ["modelviz::probe"]
    assert result.structure["totals"]["flops"] == 2 * 36 * 4 * 27 + 2 * 144 * 2


def test_a_count_that_fails_sends_the_call_to_two_forwards(monkeypatch: pytest.MonkeyPatch) -> None:
    """Our own failure in a count: the first call's one forward is given up, and the two
    forwards record the structure."""
    model, x = _Mixed(), torch.randn(2, 3, 8, 8)
    expected = capture_model(model, x, CaptureOptions()).structure

    def broken(args: tuple, kwargs: dict, out: object) -> int:
        raise RuntimeError("a count that fails")

    taken = []
    one_forward = recording._record_in_one_forward

    def spied(*args: object) -> object:
        taken.append(one_forward(*args))  # type: ignore[arg-type]
        return taken[-1]

    monkeypatch.setitem(known_flops._COUNTED, F.linear, (known_flops._linear_arguments, broken))
    monkeypatch.setattr(recording, "_record_in_one_forward", spied)
    result = capture_model(model, x, CaptureOptions())
    assert taken == [None] and result.failure is None and result.structure == expected


def test_record_function_is_on_again_after_an_unprofiled_op_that_raises() -> None:
    with profiled_flops.ProfiledForward() as profile:
        with pytest.raises(RuntimeError):
            profiled_flops.unprofiled_op(torch.conv2d, (torch.randn(1, 3, 4, 4), torch.randn(2, 5, 3, 3)), {})
        with profiled_flops.op_range():
            torch.relu(torch.randn(3))
    assert profile.flops([None]) == [0] and "aten::relu" in _names(profile.tree)


def test_tracer_ranges_take_known_and_profiled_counts_in_order() -> None:
    """add_profiled_flops: each op's count from known_flops or, in order, the profiler's."""
    trace = typing.cast(tracer.Trace, type("T", (), {})())
    nodes = [{"flops": 0} for _ in range(3)]
    trace.ranges = [(nodes[0], None, 7), (nodes[1], None, None), (None, None, 0), (nodes[2], None, None)]
    trace.calls = []
    assert tracer.profiled_convolutions(trace) == [None, None]
    tracer.add_profiled_flops(trace, [11, 13])
    assert [n["flops"] for n in nodes] == [7, 11, 13]
    with pytest.raises(tracer.CaptureFailure):
        tracer.add_profiled_flops(trace, [11])


class _ComplexConv(nn.Module):
    """A convolution of complex tensors: aten::conv2d runs three real convolutions (Gauss's
    trick), which the profiler and a dispatch mode both count."""

    def __init__(self) -> None:
        super().__init__()
        self.weight = nn.Parameter(torch.randn(4, 3, 3, 3, dtype=torch.cfloat))
        self.back = nn.Parameter(torch.randn(4, 2, 3, 3, dtype=torch.cfloat))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = torch.conv2d(x, self.weight, padding=1)
        return torch.conv_transpose2d(y, self.back, stride=2).abs()


def test_a_complex_convolution_is_counted_as_the_profiler_and_two_forwards_count_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    model, x = _ComplexConv(), torch.randn(2, 3, 6, 6, dtype=torch.cfloat)
    y = torch.randn(2, 4, 6, 6, dtype=torch.cfloat)
    for func, args in [(torch.conv2d, (x, model.weight)), (torch.conv_transpose2d, (y, model.back))]:
        profiled, out = _profiled(func, args, {})
        count = known_flops.counter(func, args, {})
        assert count is None or count(args, {}, out) == profiled
    known, _ = _first_call(model, x, monkeypatch, known=True)
    with monkeypatch.context() as patched:
        patched.setattr(profiled_flops, "available", lambda: False)
        two = capture_model(model, x, CaptureOptions())
    assert known.structure["totals"]["flops"] == two.structure["totals"]["flops"] > 0
    assert known.structure == two.structure


@pytest.mark.parametrize(
    "func, make",
    [
        (F.linear, lambda: (torch.randn(5, 6).to_mkldnn(), torch.randn(4, 6), torch.randn(4))),  # mkldnn_linear
        (F.linear, lambda: (torch.randn(5, 6), torch.randn(4, 6).to_sparse())),
        (torch.addmm, lambda: (torch.randn(5, 4), torch.randn(5, 6).to_sparse(), torch.randn(6, 4))),
        (torch.conv2d, lambda: (torch.randn(1, 3, 8, 8).to_mkldnn(), torch.randn(4, 3, 3, 3).to_mkldnn())),
    ],
    ids=["linear mkldnn", "linear sparse", "addmm sparse", "conv2d mkldnn"],
)
def test_a_tensor_of_another_layout_is_counted_as_the_profiler_counts_it(
    func: typing.Callable, make: typing.Callable[[], tuple]
) -> None:
    """Another layout may run another kernel (a mkldnn input's linear runs mkldnn_linear,
    which has no formula): where known_flops counts it, its count is the profiler's."""
    if not torch.backends.mkldnn.is_available():
        pytest.skip("no mkldnn in this torch")
    args = make()
    profiled, out = _profiled(func, args, {})
    count = known_flops.counter(func, args, {})
    assert count is None or count(args, {}, out) == profiled
