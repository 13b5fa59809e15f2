"""A fingerprint of the inputs a call ran on, so that two steps can tell whether they saw
the same inputs.

The dashboard's step comparison shows activation maps A, B and B − A, and the change of
every layer's statistics: that is the model's change only if both steps ran on the same
inputs. A loop that logs each step's training batch compares two batches as well, and
the comparison says so when the fingerprints differ.

Each input's name, shape, dtype and bytes are hashed: the bytes of at most
`statistics.SUBSET_SIZE` values, `statistics.spread_subset`'s (the same positions at
every step), so that the fingerprint costs tens of microseconds however large the input.
Two different batches differ there; two inputs that differ only outside the subset share
a fingerprint. Taken before the forward, as the inputs were passed; a GPU input's bytes
come through `host_copies` without waiting for the device. Inputs other than plain
strided tensors (sparse, nested, quantized) are not hashed: a call with one has no
fingerprint.
"""

import hashlib
import importlib
from collections.abc import Callable, Sequence

import torch

from tensorboard_modelviz.capture.host_copies import HostCopies, HostCopy, host_value, host_view
from tensorboard_modelviz.capture.statistics import flat_in_memory_order, full_value, spread_subset, values_unknown


def _builtin_sha1() -> Callable[[bytes], "hashlib._Hash"]:
    """CPython's own SHA-1, where it was built, else hashlib's: hashlib's (OpenSSL 3's)
    looks its digest up at every hash it makes, which inside a call cost 40-60 µs a hash.
    The same bytes either way."""
    try:
        sha1: Callable[[bytes], "hashlib._Hash"] = importlib.import_module("_sha1").sha1
        return sha1
    except ImportError:  # a Python built without it
        return hashlib.sha1


_sha1 = _builtin_sha1()


def _hashed_bytes(tensor: torch.Tensor) -> torch.Tensor:
    """The bytes of `tensor` that the fingerprint hashes, as a flat uint8 tensor."""
    flat = spread_subset(flat_in_memory_order(full_value(tensor)))
    return flat.contiguous().view(torch.uint8) if flat.numel() else torch.empty(0, dtype=torch.uint8, device="cpu")


# An input as the fingerprint names it: (name, shape, dtype).
Described = tuple[str, tuple[int, ...], str]
# What `start` took of each input: its digest, or, for a GPU input, what it is and the
# HostCopy of its bytes, digested once they are on the host.
Taken = list[bytes | tuple[Described, HostCopy]]


def _digest(described: Described, values: torch.Tensor) -> bytes:
    """One input's hash: of its (name, shape, dtype) and `values` (a CPU uint8 tensor)."""
    # SHA-1 for its speed: this guards against chance, not intent.
    digest = _sha1(repr(described).encode("utf-8"))
    # numpy's stubs do not say that an array exports the buffer protocol.
    digest.update(host_view(values.cpu()))  # type: ignore[arg-type]
    return digest.digest()


def start(named_inputs: Sequence[tuple[str, torch.Tensor]]) -> tuple[Taken, HostCopies] | None:
    """What `finish` combines, taken now: ([each input's digest, or for a GPU input its
    (name, shape, dtype) and the HostCopy of its bytes], the HostCopies that brings them
    over); None where an input is not a plain strided tensor (a wrapper subclass's
    values are unknown: statistics.values_unknown)."""
    if any(
        tensor.layout is not torch.strided or tensor.is_quantized or values_unknown(tensor)
        for _, tensor in named_inputs
    ):
        return None
    copies, taken = HostCopies(), []  # type: tuple[HostCopies, Taken]
    for name, tensor in named_inputs:
        described: Described = (name, tuple(tensor.shape), str(tensor.dtype))
        values = _hashed_bytes(tensor)
        taken.append((described, copies.start(values, tensor)) if copies.defers(values) else _digest(described, values))
    return taken, copies


def finish(started: tuple[Taken, HostCopies] | None) -> str | None:
    """The fingerprint (16 hexadecimal digits) of what `start` took; None for None."""
    if started is None:
        return None
    taken, copies = started
    copies.wait()
    digests = [item if isinstance(item, bytes) else _digest(item[0], host_value(item[1])) for item in taken]
    return _sha1(b"".join(digests)).hexdigest()[:16]
