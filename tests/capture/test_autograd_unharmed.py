"""The forward with gradients that the backward graph and the gradient flow take leaves
the model, its gradients and the process as they were (test_model_unharmed.py checks
the rest of a call the same way)."""

import warnings

import pytest
import torch
import zoo

# The user hooks' warnings filtered as there (pytestmark).
from test_model_unharmed import (  # noqa: F401
    MODES,
    SavedTensorCounter,
    Snapshot,
    bits,
    next_step_bits,
    prepared,
    pytestmark,
    set_mode,
)

from tensorboard_modelviz import SummaryWriter
from tensorboard_modelviz.capture.recording import CaptureOptions, capture_model


def with_gradients(name, mode):
    """A zoo model in `mode` whose parameters hold gradients, without backward hooks (so
    that the gradient flow is taken)."""
    record = zoo.build(name)
    set_mode(record.model, mode)
    if any(p.requires_grad for p in record.model.parameters()):
        zoo.loss_of(zoo.call(record.model, record.inputs)).backward()
    return record


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("name", zoo.NAMES)
def test_backward_graph_and_gradient_flow_leave_everything_as_it_was(name, mode, tmp_path):
    record = with_gradients(name, mode)
    snapshot = Snapshot(record.model, record.inputs)
    writer = SummaryWriter(str(tmp_path))
    counter = SavedTensorCounter()  # the caller's saved-tensor hooks never see our graph
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        with counter:
            writer.add_model_viz(record.model, record.inputs, 0, grad_flow=True)
            writer.add_model_viz(record.model, record.inputs, 1, grad_flow=True)
    writer.close()
    assert counter.saved == 0
    snapshot.assert_unchanged(record.model, record.inputs)


@pytest.mark.parametrize("name", ["seed_cnn", "resnet", "gpt_tied", "dropout_mlp", "lstm", "buffer_mutation"])
def test_user_hooks_are_kept_and_backward_hooks_not_run(name, tmp_path):
    """With a module backward hook, the gradient flow is not taken (autograd.grad would
    run it); the backward graph is, and the hook is never called by the capture."""
    record, user_calls = prepared(name, "as_built")
    snapshot = Snapshot(record.model, record.inputs)
    user_calls.clear()
    result = capture_model(record.model, record.inputs, CaptureOptions(grad_flow=True))
    assert "bwd" not in user_calls
    assert "output_grads" not in result.step
    assert result.structure["backward"]["nodes"]
    snapshot.assert_unchanged(record.model, record.inputs)


@pytest.mark.parametrize("name", zoo.NAMES)
def test_training_continues_identically_after_a_gradient_capture(name):
    """Twin models, one captured with the backward graph and the gradient flow: the next
    training step gives bit-identical results."""
    results = []
    for capture in (False, True):
        torch.manual_seed(5)
        record = with_gradients(name, "as_built")
        if capture:
            capture_model(record.model, record.inputs, CaptureOptions(grad_flow=True))
        results.append(next_step_bits(record))
    assert len(results[0]) == len(results[1])
    for plain, after_capture in zip(*results):
        assert torch.equal(plain, after_capture)


def test_parameters_without_gradients_stay_without():
    record = zoo.build("seed_mlp")
    result = capture_model(record.model, record.inputs, CaptureOptions(grad_flow=True))
    assert result.step["output_grads"]
    assert all(p.grad is None for p in record.model.parameters())
    assert all(p.requires_grad for p in record.model.parameters())


def test_a_model_raising_under_grad_only_loses_the_backward_graph():
    class InPlaceOnWeight(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = torch.nn.Linear(3, 3)

        def forward(self, x):
            self.fc.weight.mul_(1.0)  # allowed under no_grad, an error with gradients
            return self.fc(x)

    model = InPlaceOnWeight()
    before = bits(model.fc.weight)
    result = capture_model(model, torch.randn(2, 3), CaptureOptions(grad_flow=True))
    assert result.failure is None
    assert "leaf Variable" in result.structure["backward"]["error"]
    assert any("gradient flow not taken" in w for w in result.step["capture"]["warnings"])
    assert result.structure["layers"] and result.step["activations"]
    assert torch.equal(bits(model.fc.weight), before)
