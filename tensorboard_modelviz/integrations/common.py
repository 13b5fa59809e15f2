"""What the framework helpers share: their options checked up front, the probe moved to
the model's device, and the one warning a helper gives when it cannot record.
"""

import collections.abc
import dataclasses
import warnings
from typing import Any, Optional

import torch

from tensorboard_modelviz.capture.recording import CaptureOptions
from tensorboard_modelviz.format import metadata

Inputs = Any  # what a model is called with: a tensor, a tuple/list, a dict of them


@dataclasses.dataclass
class RecordingOptions:
    """How often a helper records, and what each call records (add_model_viz's options).

    `every_n_steps`: record at every N-th step; None leaves it to the helper (its
    framework's logging interval). `capture`: CaptureOptions fields (`include`,
    `max_bytes`, `param_stats`, ...), checked when the helper is made, not mid-training.
    """

    every_n_steps: Optional[int]
    tag: str
    capture: dict[str, Any]

    def __post_init__(self) -> None:
        if self.every_n_steps is not None and (
            isinstance(self.every_n_steps, bool) or not isinstance(self.every_n_steps, int) or self.every_n_steps < 1
        ):
            raise ValueError("every_n_steps must be a positive int or None, got %r" % (self.every_n_steps,))
        metadata.check_tag(self.tag)
        CaptureOptions(**self.capture).validate()  # unknown names and bad values raise here


def recording_options(
    every_n_steps: Optional[int], tag: str = metadata.DEFAULT_TAG, **capture: Any
) -> RecordingOptions:
    return RecordingOptions(every_n_steps=every_n_steps, tag=tag, capture=capture)


def model_device(model: torch.nn.Module) -> Optional[torch.device]:
    """The device of the model's first parameter (or buffer); None for a model with neither."""
    for tensor in model.parameters():
        return tensor.device
    for buffer in model.buffers():
        return buffer.device
    return None


def on_device(inputs: Inputs, device: Optional[torch.device]) -> Inputs:
    """`inputs` with every tensor in it on `device` (tensors already there are not copied)."""
    if device is None:
        return inputs
    if isinstance(inputs, torch.Tensor):
        return inputs.to(device)
    if isinstance(inputs, collections.abc.Mapping):  # a dict, or a tokenizer's BatchEncoding
        return {key: on_device(value, device) for key, value in inputs.items()}
    if isinstance(inputs, tuple):
        return tuple(on_device(value, device) for value in inputs)
    if isinstance(inputs, list):
        return [on_device(value, device) for value in inputs]
    return inputs


class ProbeOnDevice:
    """The user's probe, moved once to each device the model is seen on."""

    def __init__(self, probe: Inputs) -> None:
        self.probe = probe
        self._device: Optional[torch.device] = None
        self._moved: Inputs = probe

    def for_model(self, model: torch.nn.Module) -> Inputs:
        device = model_device(model)
        if device != self._device:
            self._moved = on_device(self.probe, device)
            self._device = device
        return self._moved


class WarnOnce:
    """One warning per helper: a training loop is not flooded by a helper that cannot record."""

    def __init__(self) -> None:
        self.warned = False

    def __call__(self, message: str) -> None:
        if not self.warned:
            self.warned = True
            warnings.warn(message, RuntimeWarning, stacklevel=3)
