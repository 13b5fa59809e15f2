"""A forward that builds a jagged nested tensor (torch.nested, layout=torch.jagged): its
ragged dimension, a nested int, is null in the documents' shapes (docs/format.md), and
the profiler that counts a first call's FLOPs never meets it (tracer._nested_among)."""

import pytest
import torch
from torch import nn

from tensorboard_modelviz.capture.recording import CaptureResult, capture_model
from tensorboard_modelviz.capture.structure_key import KnownStructure
from tensorboard_modelviz.format import codec


class _Jagged(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.lin = nn.Linear(4, 4)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        nested = torch.nested.nested_tensor([x[:1], x[:2]], layout=torch.jagged)
        return self.lin(x) + nested.values().sum()


def _captured_quietly(model: nn.Module, capfd: pytest.CaptureFixture[str]) -> tuple[CaptureResult, CaptureResult]:
    """A first call and a steady call of `model`, each complete, with no C++ warning on the
    console (the profiler reading a nested tensor's sizes: `Exception in RecordFunction
    callback`), the steady one finding the structure the first recorded (a nested int,
    `j1`, another at each new tensor, would differ at each call)."""
    torch.manual_seed(0)
    x, known = torch.randn(3, 4), KnownStructure()
    first = capture_model(model, x, known=known)
    steady = capture_model(model, x, known=known)
    printed = capfd.readouterr()
    assert "RecordFunction" not in printed.err and "NestedTensor" not in printed.err
    for result in (first, steady):
        assert result.failure is None and result.step["capture"]["complete"]
    assert first.structure is not None and steady.structure is None
    return first, steady


def test_a_jagged_nested_tensor_in_the_forward_is_recorded_with_null_ragged_sizes(capfd):
    """Recorded completely and quietly (_captured_quietly), its ragged size null, the
    FLOPs of the ops around it counted."""
    first, _ = _captured_quietly(_Jagged(), capfd)
    assert first.structure is not None
    ragged = [edge["shape"] for edge in first.structure["edges"] if None in edge["shape"]]
    assert ragged and all(shape[0] == 2 and shape[1] is None for shape in ragged)
    assert codec.to_json(first.structure)  # JSON, as stored
    (lin,) = [row for row in first.structure["layers"] if row["key"] == "lin#0"]
    assert lin["flops"] == 2 * 3 * 4 * 4


class _Nests(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.nested.nested_tensor([x[:1], x[:2]], layout=torch.jagged)


class _NestedOutput(nn.Module):
    """A child whose output is a jagged nested tensor."""

    def __init__(self) -> None:
        super().__init__()
        self.nest, self.lin = _Nests(), nn.Linear(4, 4)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.lin(self.nest(x).values()).sum() + x.sum()


def test_a_jagged_nested_output_is_recorded_without_statistics(capfd):
    """A call that returns a jagged nested tensor (a wrapper subclass, whose values its own
    ops make of the tensors it holds: statistics.values_unknown) has its ragged shape and
    no statistics or sample, at a first call and a steady one, the capture complete and
    quiet (its statistics went through the profiler and failed: `aten._to_sparse`)."""
    first, steady = _captured_quietly(_NestedOutput(), capfd)
    for result in (first, steady):
        assert set(result.step["activations"]) == {"lin#0", "#0"}
    assert first.structure is not None
    (nest,) = [row for row in first.structure["layers"] if row["key"] == "nest#0"]
    assert nest["output_shapes"] == [[2, None, 4]]


class _LinearOnJagged(nn.Module):
    """A Linear called on a jagged nested tensor: a composite op (aten.linear) that the
    nested tensor's own dispatch takes whole, and a backward graph of ragged shapes."""

    def __init__(self) -> None:
        super().__init__()
        self.lin, self.inner = nn.Linear(4, 4), nn.Linear(4, 4)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        nested = torch.nested.nested_tensor([x[:1], x[:2]], layout=torch.jagged)
        return self.lin(x) + self.inner(nested).values().sum()


def test_a_module_called_on_a_jagged_nested_tensor_is_recorded(capfd):
    """The structure and its backward graph are recorded (the FLOP recorder decomposed
    aten.linear on it into aten.linear again until Python's recursion limit, and the
    backward graph's ragged sizes, nested ints, failed the JSON), the capture complete
    and quiet."""
    first, _ = _captured_quietly(_LinearOnJagged(), capfd)
    assert first.structure is not None
    (inner,) = [row for row in first.structure["layers"] if row["key"] == "inner#0"]
    assert inner["output_shapes"] == [[2, None, 4]]
    backward = first.structure["backward"]
    assert any(None in edge["shape"] for edge in backward["edges"])
    assert codec.to_json(first.structure)
