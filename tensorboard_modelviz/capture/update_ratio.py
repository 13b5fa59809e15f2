"""Update ratio ‖W(t) − W(t′)‖ / ‖W(t′)‖ of each parameter between two logged calls.

The classic signal for a learning rate that is too high (ratios near 1) or a layer that
does not learn (ratio 0). It needs the weights of the previous call, so the writer keeps
a CPU copy per tag: of the whole parameter up to `statistics.EXACT_LIMIT`
values, and above that of the same evenly spread subset that the parameter statistics
use, which estimates the ratio of a large matrix closely for a small fraction of the
memory and time of a full copy. `track_updates=False` turns the copy off.
"""

import math

import numpy as np
import torch

from tensorboard_modelviz.capture.statistics import described_values


def _norms(arrays):
    """The L2 norm of each of `arrays` (flat float arrays), summed in float64, for all of
    them in three numpy passes: a deep stack of tiny layers has hundreds of parameters, and
    three numpy operations each cost more than the arithmetic."""
    norms = [0.0] * len(arrays)
    filled = [i for i, a in enumerate(arrays) if a.size]
    if not filled:
        return norms
    sizes = np.fromiter((arrays[i].size for i in filled), dtype=np.int64, count=len(filled))
    starts = np.zeros(len(filled), dtype=np.int64)
    np.cumsum(sizes[:-1], out=starts[1:])
    flat = np.concatenate([arrays[i] for i in filled], dtype=np.float64)
    for i, norm in zip(filled, np.sqrt(np.add.reduceat(np.square(flat, out=flat), starts)).tolist()):
        norms[i] = norm
    return norms


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
        are kept, not copied. Norms are summed in float64, for all parameters at once."""
        taken = []  # (name, layout, the values now)
        with torch.no_grad():
            for name, p in named_parameters:
                now = values[name] if values is not None and name in values else described_values(p)
                taken.append((name, (p.shape, p.stride()), now))
        compared = [(name, now, self._previous[name]) for name, layout, now in taken
                    if name in self._previous and self._previous[name][0] == layout]
        norms = _norms([now for _, _, now in taken] + [now - before for _, now, (_, before, _) in compared])
        self._previous = {name: (layout, now, norm) for (name, layout, now), norm in zip(taken, norms)}
        ratios = {}
        for (name, _, (_, _, base)), diff in zip(compared, norms[len(taken):]):
            ratio = diff / base if base > 0 else (0.0 if diff == 0 else math.inf)
            ratios[name] = ratio if math.isfinite(ratio) else None
        return ratios
