"""A fingerprint of the inputs a call ran on, so that two steps can tell whether they saw
the same inputs.

The dashboard's step comparison shows activation maps A, B and B − A, and the change of
every layer's statistics: that is the model's change only if both steps ran on the same
inputs. A loop that logs each step's training batch compares two batches as well, and
the comparison says so when the fingerprints differ.

The fingerprint hashes each input's name, shape and dtype and its bytes: every value of
an input of up to `statistics.EXACT_LIMIT` values (token ids, a probe batch of small
images), else the values of `statistics.spread_subset`, the same positions at every
step. Two different batches differ there; two inputs that differ only outside the
subset share a fingerprint. Taken before the forward, as the inputs were passed; a GPU
input's bytes come through `host_copies` without waiting for the device.
"""

import hashlib

import torch

from tensorboard_modelviz.host_copies import HostCopies, host_value
from tensorboard_modelviz.statistics import EXACT_LIMIT, flat_in_memory_order, full_value, spread_subset


def _hashed_bytes(tensor):
    """The bytes of `tensor` that the fingerprint hashes, as a flat uint8 tensor."""
    flat = flat_in_memory_order(full_value(tensor))
    if flat.numel() > EXACT_LIMIT:
        flat = spread_subset(flat)
    return flat.contiguous().view(torch.uint8) if flat.numel() else torch.empty(0, dtype=torch.uint8)


def start(named_inputs):
    """What `finish` hashes, taken now: ([(name, shape, dtype, bytes or their HostCopy)],
    the HostCopies that brings a GPU input's bytes over)."""
    copies, taken = HostCopies(), []
    for name, tensor in named_inputs:
        values = _hashed_bytes(tensor)
        values = copies.start(values, tensor) if copies.defers(values) else _bytes(values)
        taken.append((name, tuple(tensor.shape), str(tensor.dtype), values))
    return taken, copies


def _bytes(values):
    return values.cpu().numpy().tobytes()


def finish(started):
    """The fingerprint (16 hexadecimal digits) of what `start` took."""
    taken, copies = started
    copies.wait()
    digest = hashlib.blake2b(digest_size=8)
    for name, shape, dtype, values in taken:
        digest.update(repr((name, shape, dtype)).encode("utf-8"))
        digest.update(values if isinstance(values, bytes) else _bytes(host_value(values)))
    return digest.hexdigest()
