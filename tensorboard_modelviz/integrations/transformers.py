"""A HuggingFace `TrainerCallback` that records the model every N optimizer steps.

    trainer = Trainer(model=model, args=TrainingArguments(..., report_to=["tensorboard"]), ...)
    trainer.add_callback(ModelVizCallback(trainer, probe))

It records in `on_pre_optimizer_step`, where the step's gradients exist (accumulated and
clipped): by `on_step_end` the Trainer has zeroed them, and the gradient statistics and
alerts would be silently missing. It writes into the Trainer's own `TensorBoardCallback`
writer (`tb_writer`), so the run keeps one event file, and numbers the record as the
Trainer numbers the step's logged scalars: `state.global_step + 1`, since the Trainer
counts the step only after the optimizer has made it.

The callback takes the Trainer because a callback is handed the model and the optimizer
but not the other callbacks, and the writer belongs to one of them.
"""

from typing import Any, Optional

import torch
from transformers import Trainer, TrainerCallback, TrainerControl, TrainerState, TrainingArguments
from transformers.integrations import TensorBoardCallback

from tensorboard_modelviz.capture.writer import add_model_viz
from tensorboard_modelviz.format import metadata
from tensorboard_modelviz.integrations.common import Inputs, ProbeOnDevice, WarnOnce, recording_options


class ModelVizCallback(TrainerCallback):
    """Records the model's graph, layers, activations and gradients every N steps.

    `trainer`: the Trainer whose TensorBoardCallback writes the run (`report_to` must
    include "tensorboard"; without it the callback warns once and records nothing).
    `probe`: the inputs to call the model with (a dict of tensors, as a tokenizer
    returns them, a tensor or a tuple), the same at every recorded step; moved to the
    model's device. `every_n_steps`: records the first step and every step whose number
    is a multiple of N (default: the Trainer's `logging_steps`). Other keyword arguments
    are add_model_viz's options (`tag`, `include`, `max_bytes`, `param_stats`, ...).
    """

    def __init__(
        self,
        trainer: Trainer,
        probe: Inputs,
        every_n_steps: Optional[int] = None,
        *,
        tag: str = metadata.DEFAULT_TAG,
        **options: Any,
    ) -> None:
        self.options = recording_options(every_n_steps, tag, **options)
        self._callbacks = trainer.callback_handler  # holds the TensorBoardCallback
        self._probe = ProbeOnDevice(probe)
        self._warn = WarnOnce()
        self._last_step: Optional[int] = None

    def on_pre_optimizer_step(
        self,
        args: TrainingArguments,
        state: TrainerState,
        control: TrainerControl,
        model: Optional[torch.nn.Module] = None,
        **kwargs: Any,
    ) -> None:
        step = state.global_step + 1  # the Trainer's number for this step, once it is made
        if model is None or not self._due(args, state, step):
            return
        self._last_step = step
        tensorboard = self._tensorboard_callback()
        if tensorboard is None:
            self._warn(
                'ModelVizCallback found no TensorBoardCallback in the Trainer (add "tensorboard" '
                "to TrainingArguments.report_to): nothing is recorded"
            )
            return
        # tb_writer is None on every process but the main one: add_model_viz needs the
        # writer only where it writes, and has every rank take part in a sharded forward.
        add_model_viz(
            tensorboard.tb_writer,
            model,
            self._probe.for_model(model),
            step,
            tag=self.options.tag,
            **self.options.capture,
        )

    def _due(self, args: TrainingArguments, state: TrainerState, step: int) -> bool:
        every = self.options.every_n_steps or int(state.logging_steps or args.logging_steps or 1)
        return self._last_step is None or step % max(1, every) == 0

    def _tensorboard_callback(self) -> Optional[TensorBoardCallback]:
        for callback in self._callbacks.callbacks:
            if isinstance(callback, TensorBoardCallback):
                return callback
        return None
