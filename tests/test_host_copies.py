"""The GPU path of a capture, on the CPU: every copy to the host deferred until `wait()`.

On a GPU the statistics and samples of a layer are copied to the host without waiting
(host_copies), so nothing may read them before the forward is over. `DelayedCopies`
defers every tensor the way a GPU's are deferred and fills the copies only in `wait()`:
anything read too early reads NaN, and the documents would differ from a plain capture's.
tests/test_cuda.py runs the same path on a real GPU where one is present.
"""

import math

import numpy as np
import pytest
import torch
from torch import nn

import zoo
from tensorboard_modelviz import capture, statistics
from tensorboard_modelviz.capture import capture_model
from tensorboard_modelviz.host_copies import HostCopies
from tensorboard_modelviz.statistics import EXACT_LIMIT, SUBSET_SIZE, PendingStats


class DelayedCopies(HostCopies):
    """Defers every tensor; a copy holds NaN until wait(), then the values it had when started."""

    __slots__ = ("_pending",)

    def __init__(self):
        super().__init__()
        self._pending = []

    def defers(self, tensor):
        return True

    def start(self, tensor):
        copy = torch.full(tensor.shape, math.nan, dtype=tensor.dtype)
        self._pending.append((copy, tensor.detach().clone()))
        return copy

    def wait(self):
        for copy, values in self._pending:
            copy.copy_(values)
        self._pending = []


@pytest.fixture
def delayed(monkeypatch):
    monkeypatch.setattr(statistics, "HostCopies", DelayedCopies)
    monkeypatch.setattr(capture, "HostCopies", DelayedCopies)


class WideConvNet(nn.Module):
    """Activations over EXACT_LIMIT values (a full pass and a subset each), BatchNorm, dropout."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 16, 3, padding=1)
        self.bn = nn.BatchNorm2d(16)
        self.relu = nn.ReLU(inplace=True)
        self.drop = nn.Dropout(0.2)
        self.head = nn.Linear(16 * 48 * 48, 10)

    def forward(self, x):
        return self.head(self.drop(self.relu(self.bn(self.conv(x)))).flatten(1))


def _wide():
    torch.manual_seed(0)
    model = WideConvNet().train()
    x = torch.randn(2, 3, 48, 48)
    model(x).sum().backward()  # gradients, large and small, for their statistics too
    return model, x


def _without_timing(step):
    return {k: v for k, v in step.items() if k != "capture"} | {"complete": step["capture"]["complete"]}


@pytest.mark.parametrize("name", ["wide", "resnet", "gpt_tied", "lstm", "half_float16", "half_bfloat16", "dict_io"])
def test_deferred_copies_give_the_same_documents(name, monkeypatch):
    def build():
        if name == "wide":
            return _wide()
        record = zoo.build(name)
        return record.model, record.inputs

    model, inputs = build()
    plain = capture_model(model, inputs)
    monkeypatch.setattr(statistics, "HostCopies", DelayedCopies)
    monkeypatch.setattr(capture, "HostCopies", DelayedCopies)
    deferred = capture_model(model, inputs)
    assert deferred.failure is None
    assert _without_timing(deferred.step) == _without_timing(plain.step)
    assert [h for h, _ in deferred.samples] == [h for h, _ in plain.samples]
    assert [bytes(v) for _, v in deferred.samples] == [bytes(v) for _, v in plain.samples]
    if name == "wide":
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


def test_the_copies_hold_the_values_of_when_they_were_started():
    copies = HostCopies()
    t = torch.arange(6.0)
    copy = copies.start(t)
    t.mul_(-1)
    copies.wait()
    assert torch.equal(copy, torch.arange(6.0)) and not copies.defers(t)
    values = statistics.described_values(t, copies)
    assert isinstance(values, np.ndarray) and not np.may_share_memory(values, t.numpy())
    assert statistics.described_values(torch.randn(3 * EXACT_LIMIT), copies).size == SUBSET_SIZE
