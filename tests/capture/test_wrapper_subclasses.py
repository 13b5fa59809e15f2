"""A wrapper tensor subclass other than a DTensor (torch's __tensor_flatten__ protocol) in
the forward: its values are what its own dispatch makes of the tensors it holds, which the
capture cannot read (statistics.values_unknown). Such an output is recorded by shape and
dtype with no statistics or sample, such an input has no fingerprint: never the figures
of an inner tensor published as its values."""

import contextlib
import warnings

import pytest
import torch
from torch import nn
from torch.testing._internal.two_tensor import TwoTensor
from torch.utils._python_dispatch import TorchDispatchMode
from torch.utils._pytree import tree_map_only

from tensorboard_modelviz.capture import input_fingerprint
from tensorboard_modelviz.capture.parameter_stats import describe_parameters
from tensorboard_modelviz.capture.recording import capture_model
from tensorboard_modelviz.capture.structure_key import KnownStructure
from tensorboard_modelviz.capture.update_ratio import ParameterHistory


class _Scaled(torch.Tensor):
    """A scaled tensor as float8 training writes one, in the wrapper's own dtype: `data`
    of the wrapper's shape, dtype and strides, a `scale`, its values data * scale. Detach
    and alias keep it scaled; any other op runs on its values."""

    data_: torch.Tensor
    scale: torch.Tensor

    @staticmethod
    def __new__(cls, data: torch.Tensor, scale: torch.Tensor) -> "_Scaled":
        return torch.Tensor._make_wrapper_subclass(  # type: ignore[attr-defined,no-any-return]
            cls, data.shape, strides=data.stride(), dtype=data.dtype, device=data.device
        )

    def __init__(self, data: torch.Tensor, scale: torch.Tensor) -> None:
        self.data_, self.scale = data, scale

    def __tensor_flatten__(self) -> tuple[list[str], None]:
        return ["data_", "scale"], None

    @staticmethod
    def __tensor_unflatten__(inner: dict, context: None, size: torch.Size, stride: tuple) -> "_Scaled":
        return _Scaled(inner["data_"], inner["scale"])

    @classmethod
    def __torch_dispatch__(cls, func, types, args=(), kwargs=None):  # type: ignore[no-untyped-def]
        if func in (torch.ops.aten.detach.default, torch.ops.aten.alias.default):
            return _Scaled(func(args[0].data_), args[0].scale)
        values = tree_map_only(_Scaled, lambda t: t.data_ * t.scale, (args, kwargs or {}))
        return func(*values[0], **values[1])


class _Wraps(nn.Module):
    """Its output the `wrapper` of its input."""

    def __init__(self, wrapper: str) -> None:
        super().__init__()
        self.wrapper = wrapper

    def forward(self, y: torch.Tensor) -> torch.Tensor:
        if self.wrapper == "scaled":  # values y, held as y / 4 and 4
            return _Scaled(y / 4, torch.tensor(4.0))
        return TwoTensor(y * 3, y)  # ops run on both; its first is not y


class _Model(nn.Module):
    def __init__(self, wrapper: str) -> None:
        super().__init__()
        self.l, self.w, self.r = nn.Linear(8, 8), _Wraps(wrapper), nn.ReLU()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.r(self.w(self.l(x)).relu() * 1.0)


class _SeenOps(TorchDispatchMode):
    def __torch_dispatch__(self, func, types, args=(), kwargs=None):  # type: ignore[no-untyped-def]
        return func(*args, **(kwargs or {}))


@pytest.mark.parametrize("with_mode", [False, True], ids=["no_mode", "users_mode"])
@pytest.mark.parametrize("wrapper", ["scaled", "two"])
def test_a_wrapper_subclass_output_is_recorded_without_statistics(wrapper, with_mode):
    """Its call is in the structure with its shape and dtype; it has no statistics and no
    sample (a scaled tensor's data would read a quarter of its values, a TwoTensor's
    first tensor three times its second), at a first call and a steady one, with a
    user's dispatch mode on or not; the capture is complete and warns of nothing."""
    torch.manual_seed(0)
    model, x, known = _Model(wrapper), torch.randn(4, 8), KnownStructure()
    # The calls whose outputs are plain tensors: a TwoTensor's ops make TwoTensors.
    described = {"l#0", "r#0", "#0"} if wrapper == "scaled" else {"l#0"}
    results = []
    for _ in range(2):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            with _SeenOps() if with_mode else contextlib.nullcontext():
                results.append(capture_model(model, x, known=known))
        result = results[-1]
        assert caught == [] and result.failure is None and result.step["capture"]["complete"]
        assert set(result.step["activations"]) == described
        assert result.samples is not None
        sampled = {head["key"] for head, _ in result.samples}
        assert "l#0" in sampled and sampled <= described
    structure = results[0].structure
    assert structure is not None and results[1].structure is None
    (row,) = [row for row in structure["layers"] if row["key"] == "w#0"]
    assert row["output_shapes"] == [[4, 8]] and row["output_bytes"] == 4 * 8 * 4  # float32


def test_a_wrapper_subclass_input_has_no_fingerprint():
    """Two inputs of other values, whose held data are the same bytes, are not fingerprinted
    as the same inputs: none is taken (null, as for a quantized or nested input)."""
    x = torch.randn(4, 8)
    twice, thrice = _Scaled(x, torch.tensor(2.0)), _Scaled(x, torch.tensor(3.0))
    for held in (twice, thrice, TwoTensor(x, x * 3)):
        assert input_fingerprint.finish(input_fingerprint.start([("x", held)])) is None


@pytest.mark.parametrize("wrapper", ["scaled", "two"])
def test_a_wrapper_subclass_parameter_or_gradient_is_left_out(wrapper):
    """A weight that is a wrapper subclass (and a gradient that is one: a TwoTensor weight
    makes one of its bias's too) has no statistics and no update ratio, at a first call
    and a steady one, where the figures of its own memory were garbage (a mean of 1e35);
    the plain tensors beside it are described as without it, and nothing warns."""
    torch.manual_seed(0)
    linear = nn.Linear(4, 3)
    weight = linear.weight.detach().clone()
    held = _Scaled(weight / 4, torch.tensor(4.0)) if wrapper == "scaled" else TwoTensor(weight, weight.clone())
    linear.weight = nn.Parameter(held)
    x = torch.randn(2, 4)
    linear(x).sum().backward()
    readable = {name for name, p in linear.named_parameters() if type(p.grad) is torch.Tensor}
    known = KnownStructure()
    for _ in range(2):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            step = capture_model(linear, x, known=known).step
        assert caught == [] and step["capture"]["complete"]
        assert dict(step["params"]).keys() == {"bias"}
        assert dict(step["params"])["bias"]["mean"] == pytest.approx(linear.bias.detach().double().mean().item())
        assert dict(step["grads"]).keys() == readable - {"weight"}
    history, ratios = ParameterHistory(), {}
    for _ in range(2):
        named = list(linear.named_parameters())
        described = describe_parameters(named)
        ratios = history.update_ratios(named, described.values, described.norms)
        with torch.no_grad():
            linear.bias.mul_(2.0)
    assert set(ratios) == {"bias"} and ratios["bias"] == pytest.approx(1.0)
