"""tensorboard_modelviz: a PyTorch model's graph, layer table and activations in TensorBoard.

The writer half (`SummaryWriter`, `add_model_viz`) needs torch and is imported lazily, so
that TensorBoard can load the plugin half without importing torch.
"""

__version__ = "0.1.0"

__all__ = ["SummaryWriter", "add_model_viz", "__version__"]


def __getattr__(name):
    if name in ("SummaryWriter", "add_model_viz"):
        from tensorboard_modelviz.capture import writer

        return getattr(writer, name)
    raise AttributeError("module 'tensorboard_modelviz' has no attribute %r" % name)
