"""Recording every N optimizer steps from a hook on the optimizer: plain loops, accelerate, Fabric.

    handle = record_before_optimizer_step(optimizer, writer, model, probe, every_n_steps=100)
    ...                       # the training loop, unchanged
    handle.remove()

The hook runs inside `optimizer.step()`, before the update: the step's gradients are
there (after `GradScaler` has unscaled them, after accumulation, since an accelerate or
Fabric optimizer calls the wrapped optimizer's `step` only on the steps that update) and
no loop has zeroed them yet. A step the optimizer skips (an AMP step with Inf gradients)
is not counted. Only torch is imported: the wrappers are reached through their
`.optimizer` attribute.
"""

from typing import Any, Callable, Optional

import torch

from tensorboard_modelviz.capture.writer import add_model_viz
from tensorboard_modelviz.format import metadata
from tensorboard_modelviz.integrations.common import Inputs, ProbeOnDevice, recording_options


def innermost_optimizer(optimizer: Any) -> torch.optim.Optimizer:
    """The torch optimizer inside accelerate's `AcceleratedOptimizer` or Fabric's wrapper."""
    while not _is_plain_optimizer(optimizer):
        inner = getattr(optimizer, "optimizer", None)
        if inner is None:
            raise TypeError(
                "expected a torch.optim.Optimizer (or a wrapper holding one as "
                "`.optimizer`), got %s" % type(optimizer).__name__
            )
        optimizer = inner
    return optimizer


def _is_plain_optimizer(optimizer: Any) -> bool:
    # AcceleratedOptimizer subclasses torch.optim.Optimizer but steps its `.optimizer`.
    return isinstance(optimizer, torch.optim.Optimizer) and not isinstance(
        getattr(optimizer, "optimizer", None), torch.optim.Optimizer
    )


class OptimizerStepRecorder:
    """The hook `record_before_optimizer_step` installs; `remove()` takes it off."""

    def __init__(
        self,
        optimizer: Any,
        writer: Any,
        model: torch.nn.Module,
        probe: Inputs,
        every_n_steps: int,
        global_step: Optional[Callable[[], int]],
        tag: str,
        capture: dict[str, Any],
    ) -> None:
        self.options = recording_options(every_n_steps, tag, **capture)
        if self.options.every_n_steps is None:
            raise ValueError("every_n_steps must be a positive int, got None")
        self.every_n_steps: int = self.options.every_n_steps
        self.writer = writer
        self.model = model
        self.global_step = global_step
        self.steps_made = 0  # optimizer steps made before the current one
        self._probe = ProbeOnDevice(probe)
        self._first = True
        self._handle = innermost_optimizer(optimizer).register_step_pre_hook(self._before_step)

    def _before_step(self, optimizer: torch.optim.Optimizer, args: tuple, kwargs: dict) -> None:
        step = self.global_step() if self.global_step is not None else self.steps_made
        self.steps_made += 1
        if not (self._first or step % self.every_n_steps == 0):
            return
        self._first = False
        add_model_viz(
            self.writer,
            self.model,
            self._probe.for_model(self.model),
            step,
            tag=self.options.tag,
            **self.options.capture,
        )

    def remove(self) -> None:
        self._handle.remove()


def record_before_optimizer_step(
    optimizer: Any,
    writer: Any,
    model: torch.nn.Module,
    probe: Inputs,
    every_n_steps: int = 100,
    *,
    global_step: Optional[Callable[[], int]] = None,
    tag: str = metadata.DEFAULT_TAG,
    **options: Any,
) -> OptimizerStepRecorder:
    """Records `model` on `probe` before the first optimizer step and every N-th after it.

    `optimizer`: a torch optimizer, or accelerate's or Fabric's wrapper of one. `writer`:
    anything add_model_viz writes to (a SummaryWriter, `fabric.loggers`,
    `accelerator.get_tracker("tensorboard", unwrap=True)`). Steps are numbered by the
    optimizer steps made before this one (0, N, 2N, ...), or by `global_step()` when given
    (records its first step and the steps it numbers as multiples of N). Under
    torch.distributed install it on every rank: rank 0 writes, and every rank takes part
    in a sharded model's forward. Other keyword arguments are add_model_viz's options.
    Returns the recorder; its `remove()` takes the hook off.
    """
    return OptimizerStepRecorder(optimizer, writer, model, probe, every_n_steps, global_step, tag, options)
