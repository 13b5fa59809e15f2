"""Ready-made helpers for training frameworks, one module per framework.

- `tensorboard_modelviz.integrations.lightning`: a Lightning `Callback`.
- `tensorboard_modelviz.integrations.transformers`: a HuggingFace `TrainerCallback`.
- `tensorboard_modelviz.integrations.optimizer_hook`: plain loops, accelerate and Fabric,
  through a removable hook on the optimizer's step.

Each records at the moment the gradients of a step exist (before the optimizer step), so
the gradient statistics and alerts are there, and numbers steps like its framework's own
scalars. No framework is a dependency of the package: a module imports its framework
when it is imported itself, and nothing imports these modules but the user.
"""
