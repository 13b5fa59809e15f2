"""A Lightning `Callback` that records the model every N training steps.

    trainer = L.Trainer(logger=TensorBoardLogger("runs"), callbacks=[ModelVizCallback(probe)])

It records in `on_before_optimizer_step`: there a step's gradients are complete (after
every micro-batch of gradient accumulation, before clipping and before `zero_grad`), and
`trainer.global_step` is the step number Lightning gives the step's logged scalars. It
writes into the TensorBoardLogger found among `trainer.loggers` (wherever it stands in
the list), runs the probe on the module's device and in the precision plugin's forward
context (as the training step's forward runs), and under torch.distributed calls on
every rank: `add_model_viz` lets rank 0 alone write, and has every rank take part in the
forward of a sharded (FSDP2, `ModelParallelStrategy`) model.

Imports `lightning.pytorch`, or `pytorch_lightning` where only that is installed.
"""

import contextlib
import sys
from typing import Any, Optional

import torch

from tensorboard_modelviz.capture.writer import add_model_viz
from tensorboard_modelviz.format import metadata
from tensorboard_modelviz.integrations.common import Inputs, ProbeOnDevice, WarnOnce, recording_options

try:
    from lightning.pytorch import Callback, LightningModule, Trainer
except ImportError:  # the older package name (its classes are the same to a type checker)
    from pytorch_lightning import Callback, LightningModule, Trainer  # type: ignore[assignment, unused-ignore]

_LOGGER_MODULES = (
    "lightning.pytorch.loggers",
    "pytorch_lightning.loggers",
    "lightning.fabric.loggers",
    "lightning_fabric.loggers",
)


def tensorboard_logger(loggers: list[Any]) -> Optional[Any]:
    """The first TensorBoardLogger among `loggers` (Lightning's or Fabric's), or None.

    Decided by the logger's class, never by its `.experiment`, which is a stand-in on
    every rank but 0: all ranks make the same decision, as a sharded forward needs.
    """
    classes = tuple(sys.modules[name].TensorBoardLogger for name in _LOGGER_MODULES if name in sys.modules)
    for logger in loggers:
        if isinstance(logger, classes):
            return logger
    return None


def _fsdp1_wrapped(module: torch.nn.Module) -> bool:
    """Whether FSDP1 (`FullyShardedDataParallel`, Lightning's FSDPStrategy) wraps part of the
    module. The callback does not record there: Lightning runs FSDP1 on GPUs only, and a
    recorded forward through its flat parameters and wrappers has not been tested (the
    decision is the same on every rank, so no rank waits for another)."""
    fsdp = sys.modules.get("torch.distributed.fsdp")
    wrapper = getattr(fsdp, "FullyShardedDataParallel", None) if fsdp is not None else None
    return wrapper is not None and any(isinstance(m, wrapper) for m in module.modules())


class ModelVizCallback(Callback):
    """Records the module's graph, layers, activations and gradients every N steps.

    `probe`: the inputs to run the model on (a tensor, tuple or dict), the same at every
    recorded step; it is moved to the module's device. `every_n_steps`: records the first
    step and, as Lightning logs its scalars, every step whose `trainer.global_step + 1` is
    a multiple of N (default: the Trainer's `log_every_n_steps`). `submodule`: the
    attribute path of the module to record (`"model"` for `pl_module.model`); by default
    the LightningModule itself, called with the probe. Other keyword arguments are add_model_viz's options (`tag`, `include`,
    `max_bytes`, `param_stats`, ...). With no TensorBoardLogger among the Trainer's loggers
    the callback warns once and records nothing.
    """

    def __init__(
        self,
        probe: Inputs,
        every_n_steps: Optional[int] = None,
        *,
        submodule: Optional[str] = None,
        tag: str = metadata.DEFAULT_TAG,
        **options: Any,
    ) -> None:
        super().__init__()
        self.options = recording_options(every_n_steps, tag, **options)
        self.submodule = submodule
        self._probe = ProbeOnDevice(probe)
        self._warn = WarnOnce()
        self._last_step: Optional[int] = None  # several optimizers step within one training step

    def on_before_optimizer_step(
        self, trainer: Trainer, pl_module: LightningModule, optimizer: torch.optim.Optimizer
    ) -> None:
        step = trainer.global_step
        if step == self._last_step or not self._due(trainer, step):
            return
        self._last_step = step
        logger = tensorboard_logger(trainer.loggers)
        if logger is None:
            self._warn(
                "ModelVizCallback found no TensorBoardLogger among the Trainer's loggers (%s): "
                "nothing is recorded" % (", ".join(type(each).__name__ for each in trainer.loggers) or "none")
            )
            return
        module = pl_module.get_submodule(self.submodule) if self.submodule else pl_module
        if _fsdp1_wrapped(module):
            self._warn(
                "ModelVizCallback does not record a model under FSDPStrategy (FSDP1), whose "
                "flat parameters it is not tested with: nothing is recorded. ModelParallelStrategy "
                "(FSDP2, fully_shard) works"
            )
            return
        precision = trainer.precision_plugin
        probe = precision.convert_input(self._probe.for_model(module))
        forward_context = getattr(precision, "forward_context", contextlib.nullcontext)
        with forward_context():
            add_model_viz(logger, module, probe, step, tag=self.options.tag, **self.options.capture)

    def _due(self, trainer: Trainer, step: int) -> bool:
        # Lightning logs a step's scalars when (global_step + 1) is a multiple of N.
        # log_every_n_steps is set on the Trainer by its logger connector, unseen by its types.
        every = self.options.every_n_steps or max(1, trainer.log_every_n_steps)  # type: ignore[attr-defined]
        return self._last_step is None or (step + 1) % every == 0
