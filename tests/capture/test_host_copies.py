"""The GPU path of a capture, on the CPU: every copy to the host deferred until `wait()`.

On a GPU what a call needs of a layer is kept on the GPU and brought to the host after
the forward (host_copies). `DeferEverything` sends every tensor down that path, so that
the CPU runs the same code: the documents must equal a plain capture's.
tests/capture/test_cuda.py runs it on a real GPU where one is present.
"""

import math

import numpy as np
import pytest
import torch
import zoo

from tensorboard_modelviz.capture import host_copies, parameter_stats, statistics
from tensorboard_modelviz.capture.host_copies import HostCopies
from tensorboard_modelviz.capture.recording import capture_model
from tensorboard_modelviz.capture.statistics import EXACT_LIMIT, SUBSET_SIZE, PendingStats


class DeferEverything(HostCopies):
    """Takes the GPU's path for every tensor: kept until wait(), then brought over in one
    flat copy per dtype; a copy read before wait() has no value to read."""

    __slots__ = ()

    def defers(self, tensor):
        return True


@pytest.fixture
def delayed(monkeypatch):
    monkeypatch.setattr(statistics, "HostCopies", DeferEverything)
    monkeypatch.setattr(parameter_stats, "HostCopies", DeferEverything)


def _wide(variant="float32"):
    model, x = zoo.wide_conv(variant)
    model.train()(x).sum().backward()  # gradients, large and small, for their statistics too
    return model, x


def _without_timing(step):
    return {k: v for k, v in step.items() if k != "capture"} | {"complete": step["capture"]["complete"]}


def _without_moments(step):
    """The step without timing, and without the mean and spread of its activations: a large
    activation's are summed in float64 on the deferred path (batched_stats) and in float32
    on the plain one. Every other figure is the same."""
    step = _without_timing(step)
    moments = ("mean", "std")
    return dict(
        step,
        activations={
            key: {f: v for f, v in stats.items() if f not in moments} for key, stats in step["activations"].items()
        },
    )


@pytest.mark.parametrize(
    "name",
    [
        "wide",
        "wide_bfloat16",
        "wide_channels_last",
        "resnet",
        "gpt_tied",
        "lstm",
        "half_float16",
        "half_bfloat16",
        "dict_io",
    ],
)
def test_deferred_copies_give_the_same_documents(name, monkeypatch):
    def build():
        if name.startswith("wide"):
            return _wide(name[len("wide_") :] if "_" in name else "float32")
        record = zoo.build(name)
        return record.model, record.inputs

    model, inputs = build()
    plain = capture_model(model, inputs)
    monkeypatch.setattr(statistics, "HostCopies", DeferEverything)
    monkeypatch.setattr(parameter_stats, "HostCopies", DeferEverything)
    deferred = capture_model(model, inputs)
    assert deferred.failure is None
    assert _without_moments(deferred.step) == _without_moments(plain.step)
    for key, stats in plain.step["activations"].items():
        for field in ("mean", "std"):
            if stats.get(field) is not None:
                scale = max(abs(stats["min"]), abs(stats["max"]))
                assert deferred.step["activations"][key][field] == pytest.approx(
                    stats[field], rel=1e-6, abs=1e-6 * scale
                ), key
    assert [h for h, _ in deferred.samples] == [h for h, _ in plain.samples]
    assert [bytes(v) for _, v in deferred.samples] == [bytes(v) for _, v in plain.samples]
    if name.startswith("wide"):
        assert any("estimated" in s and "min" not in s["estimated"] for s in deferred.step["activations"].values())


def test_a_large_tensor_with_nan_or_inf_is_described_from_its_subset(delayed):
    torch.manual_seed(0)
    x = torch.ones(40 * SUBSET_SIZE)
    x[torch.rand(x.numel()) < 0.1] = math.nan  # on the subset and off it
    y = torch.ones(40 * SUBSET_SIZE)
    y[40] = math.inf  # off the subset (runs of 32 every 1,280 values): only the full pass sees it
    pending = PendingStats()
    nan_stats, inf_stats, small = pending.add(x), pending.add(y), pending.add(torch.tensor([1.0, math.nan]))
    pending.finish()
    assert nan_stats["numel"] == x.numel() and nan_stats["mean"] == 1.0 and nan_stats["max"] == 1.0
    assert nan_stats["nan"] == pytest.approx(x.isnan().sum().item(), rel=0.15)
    assert {"nan", "inf", "min", "max"} <= set(nan_stats["estimated"])
    assert inf_stats["inf"] == 1 and inf_stats["nan"] == 0 and inf_stats["max"] == 1.0  # seen, counted once
    assert small["nan"] == 1 and "estimated" not in small  # small tensors: every value, exact


def test_copies_come_back_whole_in_one_transfer_per_dtype(monkeypatch):
    copies = DeferEverything()
    tensors = [torch.arange(6.0).view(2, 3), torch.tensor(7.0), torch.arange(4, dtype=torch.float64), torch.zeros(0)]
    started = [copies.start(t) for t in tensors]
    assert not any(hasattr(c, "value") for c in started)  # nothing to read before wait()
    copies.wait()
    for copy, t in zip(started, tensors):
        assert torch.equal(copy.value, t) and copy.value.dtype == t.dtype
    monkeypatch.setattr(host_copies, "_MAX_PENDING_BYTES", 16)  # many layers: transfers start early
    started = [copies.start(torch.full((3,), float(i))) for i in range(5)]
    assert len(copies._pending) < 5
    copies.wait()
    assert [c.value.tolist() for c in started] == [[float(i)] * 3 for i in range(5)]


def test_only_plain_gpu_tensors_are_deferred():
    copies = HostCopies()
    assert not copies.defers(torch.ones(2)) and not copies.defers(torch.nn.Parameter(torch.ones(2)))
    values = statistics.described_values(torch.arange(6.0), copies)  # a CPU tensor: copied at once
    assert isinstance(values, np.ndarray) and values.tolist() == list(range(6))
    assert statistics.described_values(torch.randn(3 * EXACT_LIMIT), copies).size == SUBSET_SIZE
