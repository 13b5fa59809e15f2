"""Statistics of every parameter and gradient of a call, and the values update ratios follow.

A deep stack of tiny layers has a thousand small parameters and gradients, and anything
done per tensor in Python or numpy costs more than its arithmetic. So the small CPU ones
(statistics._copies_in_batch) are copied together into one flat buffer by one torch op,
and described as they lie there in one set of segment passes (statistics.describe_flat); the
rest (large, GPU, sparse, integer, empty) are described one by one as before. Each
figure is computed once: the norms the statistics give for a parameter's values are
those its update ratio divides by (update_ratio.ParameterHistory).
"""

import dataclasses
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np
import torch

from tensorboard_modelviz.capture.host_copies import HostCopies, host_value
from tensorboard_modelviz.capture.statistics import (
    StatsBatch,
    _copies_in_batch,
    _flat_values,
    describe_flat,
    described_values,
)


@dataclasses.dataclass
class ParameterStats:
    """What describe_parameters gives: the step document's "params" and "grads", each
    parameter's described values (all of them up to statistics.EXACT_LIMIT, else the
    subset) with the L2 norm of those values where the statistics hold it exactly, and
    our own first failure (a parameter whose statistics fail is left out, not the others)."""

    params: Dict[str, dict] = dataclasses.field(default_factory=dict)
    grads: Dict[str, dict] = dataclasses.field(default_factory=dict)
    values: Dict[str, np.ndarray] = dataclasses.field(default_factory=dict)
    norms: Dict[str, float] = dataclasses.field(default_factory=dict)
    failure: Optional[BaseException] = None


def describe_parameters(named_parameters: Sequence[Tuple[str, torch.nn.Parameter]]) -> ParameterStats:
    """Statistics (with norms) of each parameter and of its gradient where one is set.

    The values of GPU tensors are all copied before the first is read: one wait, not one
    per tensor. A sparse gradient is described apart (statistics.tensor_stats)."""
    result = ParameterStats()
    tensors: List[torch.Tensor] = []  # each parameter, then its gradient if it has one
    owners: List[Tuple[str, bool]] = []  # (name, whether a gradient) of each of tensors
    for name, p in named_parameters:
        try:
            grad = p.grad
        except Exception as e:
            result.failure = result.failure or e
            continue
        tensors.append(p)
        owners.append((name, False))
        if grad is not None:
            tensors.append(grad)
            owners.append((name, True))
    copies = HostCopies()
    in_batch = [_copies_in_batch(t) for t in tensors]
    batched = [index for index, small in enumerate(in_batch) if small]
    try:
        flat, sizes = _flat_values([tensors[i] for i in batched]) if batched else (np.zeros(0), np.zeros(0, np.int64))
        alone = [
            (index, described_values(t, copies) if t.layout is torch.strided else None)
            for index, (t, small) in enumerate(zip(tensors, in_batch))
            if not small
        ]
    except Exception as e:
        result.failure = result.failure or e
        return result
    copies.wait()
    described: List[dict] = [{} for _ in tensors]  # empty: left out
    values: List[Optional[np.ndarray]] = [None] * len(tensors)
    if batched:
        figures, failure = describe_flat(flat, sizes, with_norm=True)
        result.failure = result.failure or failure
        for index, stats, end, size in zip(batched, figures, np.cumsum(sizes).tolist(), sizes.tolist()):
            described[index] = stats
            values[index] = flat[end - size : end]
    batch = StatsBatch(with_norm=True, full_pass=False)
    for index, taken in alone:
        try:
            values[index] = None if taken is None else np.asarray(host_value(taken))
            described[index] = batch.add(tensors[index], values[index])
        except Exception as e:
            result.failure = result.failure or e
    try:
        batch.finish()
    except Exception as e:  # the statistics left empty are left out below
        result.failure = result.failure or e
    left_out = set()  # parameters whose own statistics failed: their gradients go too
    for (name, is_grad), stats, taken in zip(owners, described, values):
        if not stats or name in left_out:
            if not is_grad:
                left_out.add(name)
            continue
        if is_grad:
            result.grads[name] = stats
            continue
        result.params[name] = stats
        if taken is None:  # a sparse parameter: no values to follow
            continue
        result.values[name] = taken
        exact = stats["numel"] == taken.size and stats["nan"] == 0 and stats["inf"] == 0
        if exact and stats.get("norm") is not None:
            result.norms[name] = stats["norm"]  # the norm of every one of `taken`
    return result
