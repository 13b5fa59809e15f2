"""Models in channels_last: recorded as in the default layout, without copying each tensor.

Statistics read values in memory order (statistics.flat_in_memory_order): the full pass
and exact statistics match the default layout's to rounding, estimates come from another
subset of the same values, and sample maps are the same pictures.
"""

import copy
import math

import pytest
import torch
import zoo

from tensorboard_modelviz.capture.recording import capture_model
from tensorboard_modelviz.capture.update_ratio import ParameterHistory


def _channels_last(model, x):
    return (copy.deepcopy(model).to(memory_format=torch.channels_last), x.contiguous(memory_format=torch.channels_last))


def _dequantised(header, values):
    q = torch.tensor(list(values), dtype=torch.float32).view(header["shape"])
    lo, hi = torch.tensor(header["lo"]), torch.tensor(header["hi"])
    return lo[..., None, None] + q / 255 * (hi - lo)[..., None, None]


def _model(name):
    if name == "wide":  # activations over EXACT_LIMIT: a full pass and a subset each
        return zoo.wide_conv()
    record = zoo.build(name)
    return record.model.eval(), record.inputs


@pytest.mark.parametrize("name", ["wide", "resnet"])
def test_channels_last_records_what_the_default_layout_does(name):
    model, x = _model(name)
    expected = capture_model(model, x)
    got = capture_model(*_channels_last(model, x))
    assert got.failure is None
    # The forward graph and layer table are the same; the backward graph is autograd's own,
    # which differs where the layout does (flattening a channels_last map copies it:
    # CloneBackward0 and UnsafeViewBackward0 where the default layout has ViewBackward0), so
    # it and the hash over it are compared for what does not depend on the layout.
    backward = {"backward", "hash"}
    assert {k: v for k, v in got.structure.items() if k not in backward} == {
        k: v for k, v in expected.structure.items() if k not in backward
    }
    for field in ("unreachable", "error", "scalar"):
        assert got.structure["backward"][field] == expected.structure["backward"][field]
    assert sorted(n["name"] for n in got.structure["backward"]["nodes"] if n["kind"] == "input") == sorted(
        n["name"] for n in expected.structure["backward"]["nodes"] if n["kind"] == "input"
    )
    assert got.step["activations"].keys() == expected.step["activations"].keys()
    for key, want in expected.step["activations"].items():
        have = got.step["activations"][key]
        assert (have["numel"], have["nan"], have["inf"]) == (want["numel"], want["nan"], want["inf"])
        assert have.get("estimated") == want.get("estimated")
        for field in ("min", "max"):  # a full pass or every value: exact, but for the kernels' rounding
            assert have[field] == pytest.approx(want[field], rel=1e-4, abs=1e-5), (key, field)
        if "mean" in want.get("estimated", []):  # another subset of the same values
            assert have["mean"] == pytest.approx(want["mean"], abs=0.05 * want["std"] + 1e-6), key
            assert have["std"] == pytest.approx(want["std"], rel=0.05), key
        else:
            assert have["mean"] == pytest.approx(want["mean"], rel=1e-4, abs=1e-5), key
            assert have["std"] == pytest.approx(want["std"], rel=1e-4, abs=1e-5), key
    for name, want in expected.step["params"].items():  # the same values, read in another order
        have = got.step["params"][name]
        assert (have["numel"], have.get("estimated")) == (want["numel"], want.get("estimated"))
        if "min" not in want.get("estimated", []):
            assert (have["min"], have["max"]) == (want["min"], want["max"]), name
            assert have["mean"] == pytest.approx(want["mean"], rel=1e-5, abs=1e-7), name
    samples = {h["key"]: (h, v) for h, v in got.samples}
    assert samples.keys() == {h["key"] for h, _ in expected.samples}
    for header, values in expected.samples:
        have_header, have_values = samples[header["key"]]
        assert have_header["shape"] == header["shape"]
        if header["layout"] == "chw":  # the same picture, to a quantisation step
            step = max(max(map(max, header["hi"])) - min(map(min, header["lo"])), 1e-6) / 255
            assert torch.allclose(_dequantised(have_header, have_values), _dequantised(header, values), atol=2 * step)


def test_update_ratios_skip_a_parameter_whose_layout_changed():
    """The values tracked are in memory order: after a change of layout they are not
    comparable with the previous call's, so that call has no ratio (as after a resize)."""
    model = zoo.WideConvNet()
    history = ParameterHistory()
    history.update_ratios(list(model.named_parameters()))
    model.to(memory_format=torch.channels_last)
    ratios = history.update_ratios(list(model.named_parameters()))
    assert "conv.weight" not in ratios and ratios["head.weight"] == 0.0
    with torch.no_grad():
        model.conv.weight.mul_(2)
    assert history.update_ratios(list(model.named_parameters()))["conv.weight"] == pytest.approx(1.0)


def _direct_ratio(now: torch.Tensor, before: torch.Tensor) -> float | None:
    """‖now − before‖ / ‖before‖ in float64, 0 where both are 0, None where not finite."""
    change = float(torch.linalg.vector_norm((now.double() - before.double()).flatten()))
    base = float(torch.linalg.vector_norm(before.double().flatten()))
    ratio = change / base if base > 0 else (0.0 if change == 0 else math.inf)
    return ratio if math.isfinite(ratio) else None


@pytest.mark.parametrize("steady", [True, False])
def test_update_ratios_equal_a_direct_computation_at_the_edges(steady):
    """Ratios of moved, still, zero, NaN and infinite parameters, on the steady path (the
    same parameters as before) and the other (one added): as computed one by one."""
    before = {
        "moved": torch.randn(7, 5),
        "still": torch.randn(9),
        "zero_still": torch.zeros(4),
        "zero_moved": torch.zeros(4),
        "nan": torch.tensor([1.0, float("nan")]),
        "inf_base": torch.tensor([1.0, math.inf]),
        "empty": torch.zeros(0),
    }
    now = dict(before, moved=before["moved"] + 0.01, zero_moved=torch.tensor([0.0, 1e-3, 0.0, 0.0]))
    history = ParameterHistory()
    history.update_ratios([(name, torch.nn.Parameter(t.clone())) for name, t in before.items()])
    extra = [] if steady else [("added", torch.nn.Parameter(torch.ones(3)))]
    ratios = history.update_ratios([(name, torch.nn.Parameter(t.clone())) for name, t in now.items()] + extra)
    expected = {name: _direct_ratio(now[name], before[name]) for name in before}
    assert ratios.keys() == expected.keys()
    for name, ratio in expected.items():
        assert ratios[name] == (None if ratio is None else pytest.approx(ratio, rel=1e-6)), name  # float32 differences
    assert ratios["zero_still"] == 0.0 and ratios["zero_moved"] is None and ratios["nan"] is None
