"""Update ratio ‖W(t) − W(t′)‖ / ‖W(t′)‖ of each parameter between two logged calls.

The classic signal for a learning rate that is too high (ratios near 1) or a layer that
does not learn (ratio 0). It needs the weights of the previous call, so the writer keeps
a CPU copy per tag: of the whole parameter up to `statistics.EXACT_LIMIT`
values, and above that of the same evenly spread subset that the parameter statistics
use, which estimates the ratio of a large matrix closely for a small fraction of the
memory and time of a full copy. `track_updates=False` turns the copy off.
"""

import math

import torch

from tensorboard_modelviz.statistics import described_values, sum_of_squares


def _norm(values):
    return math.sqrt(sum_of_squares(values))


class ParameterHistory:
    """The (subsets of) parameters as they were at the previous call, by qualified name."""

    def __init__(self):
        self._previous = {}  # name -> (the parameter's layout, its tracked values then, their norm)

    def update_ratios(self, named_parameters, values=None):
        """Ratios against the previous call (for parameters present then with the same
        shape and memory layout: the values tracked are taken in memory order, see
        statistics.flat_in_memory_order), and remember the current values for the next
        call. `named_parameters`: the model's (name, parameter) pairs. `values`: name ->
        statistics.described_values(parameter), where the caller has taken them; they
        are kept, not copied. Norms are pairwise float32 sums, accurate to about 1e-6."""
        ratios = {}
        current = {}
        with torch.no_grad():
            for name, p in named_parameters:
                now = values[name] if values is not None and name in values else described_values(p)
                layout, before, base = self._previous.get(name, (None, None, None))
                current[name] = ((p.shape, p.stride()), now, _norm(now))
                if layout != current[name][0]:
                    continue
                diff = _norm(now - before)
                ratio = diff / base if base > 0 else (0.0 if diff == 0 else math.inf)
                ratios[name] = ratio if math.isfinite(ratio) else None
        self._previous = current
        return ratios
