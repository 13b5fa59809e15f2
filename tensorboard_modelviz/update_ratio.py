"""Update ratio ‖W(t) − W(t′)‖ / ‖W(t′)‖ of each parameter between two logged calls.

The classic signal for a learning rate that is too high (ratios near 1) or a layer that
does not learn (ratio 0). It needs the weights of the previous call, so the writer keeps
a float32 CPU copy of every parameter per tag: as much memory as the model once more,
which `track_updates=False` turns off for models too large to copy.
"""

import math

import torch

from tensorboard_modelviz.statistics import full_value


class ParameterHistory:
    """The parameters as they were at the previous call, by qualified name."""

    def __init__(self):
        self._previous = {}

    def update_ratios(self, model):
        """Ratios against the previous call (for parameters present then with the same
        shape), and remember the current values for the next call."""
        ratios = {}
        current = {}
        with torch.no_grad():
            for name, p in model.named_parameters():
                value = full_value(p)
                before = self._previous.get(name)
                if before is not None and before.shape == value.shape:
                    now = value.to(device="cpu", dtype=torch.float32)
                    diff = torch.linalg.vector_norm(now - before).item()
                    base = torch.linalg.vector_norm(before).item()
                    ratio = diff / base if base > 0 else (0.0 if diff == 0 else math.inf)
                    ratios[name] = ratio if math.isfinite(ratio) else None
                    before.copy_(now)
                    current[name] = before
                else:
                    current[name] = value.to(device="cpu", dtype=torch.float32, copy=True)
        self._previous = current
        return ratios
