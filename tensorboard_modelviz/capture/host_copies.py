"""Copies of GPU tensors to the host that do not stop the forward.

Reading a CUDA tensor's values on the host (`.item()`, `.cpu()`) waits for every kernel
queued before it. Inside a forward hook that wait happens once per layer: the host stops
queueing the model's kernels, and the GPU idles while the hook's Python runs. So what a
call needs from a GPU tensor (extremes, a subset, a sample: a few hundred small tensors)
is kept on the GPU where it is seen, and brought to the host in one transfer per dtype
when the forward is over (`wait`): each transfer costs the host 10-20 µs to start, as
much as a hook's own work on a small layer. Other devices, and tensor subclasses, take
the plain blocking copy (`defers` says which).
"""

from typing import Any, TypeVar

import numpy as np
import torch
import torch.utils.dlpack

# Pending copies above this size start their transfer at once, so that a model with many
# layers does not hold more than this much GPU memory for them.
_MAX_PENDING_BYTES = 32 << 20


class HostCopy:
    """One tensor's values on the host: a CPU tensor in `value` once HostCopies.wait() has run."""

    __slots__ = ("value",)
    value: torch.Tensor


def needs_own_copy(tensor: torch.Tensor, source: torch.Tensor) -> bool:
    """Whether `tensor`, taken from the live tensor `source`, must be copied to keep its
    values: it still shares `source`'s memory, or `source` is a tensor subclass (DTensor),
    whose pieces are always copied."""
    plain = type(tensor) is torch.Tensor and type(source) is torch.Tensor
    return not plain or tensor.untyped_storage().data_ptr() == source.untyped_storage().data_ptr()


StreamKey = tuple[int, int, int]  # (stream id, device index, device type)


def _current_stream_key(device: torch.device) -> StreamKey:
    """(stream id, device index, device type) of the stream current on a CUDA device: the
    numbers torch.cuda.current_stream() wraps in a Stream, whose making, hashing and
    comparing cost a few microseconds each, and a call starts hundreds of copies."""
    return torch._C._cuda_getCurrentStream(device.index)


def host_view(tensor: torch.Tensor) -> np.ndarray:
    """A CPU tensor's values as a numpy array over the same memory, leaving the tensor's
    storage as it was. `tensor.numpy()` (and np.asarray(tensor) or np.array(tensor), which
    go through it) marks the storage non-resizable for good: FSDP2 resizes its parameters'
    storage between forward and backward, and fails on one so marked. A DLPack export
    shares the memory without touching the storage's flags. It is handed to numpy as
    torch's own capsule (`_Exported`): `Tensor.__dlpack__`'s Python checks made it
    5-35 µs a tensor inside a call, the capsule 1.5 µs, `.numpy()` 1.1 µs.
    The array must not outlive the call, and what is kept is copied.
    A tensor whose negation or conjugation is a pending bit (`z.conj().imag`) is read
    from a resolved copy: the memory holds its values unnegated, and DLPack shares it as
    it lies."""
    if tensor.is_neg() or tensor.is_conj():
        tensor = tensor.resolve_conj().resolve_neg()
    return _from_dlpack(_Exported(_to_dlpack(tensor.detach() if tensor.requires_grad else tensor)))


_from_dlpack = getattr(np, "from_dlpack", None) or np._from_dlpack  # type: ignore[attr-defined]  # numpy 1.22 named it so
# DLPack 1.0's capsule says the memory is writable, so numpy's array is, as .numpy()'s is;
# from the older capsule (torch before 2.9) numpy makes a read-only array.
_to_dlpack = getattr(torch._C, "_to_dlpack_versioned", None) or torch.utils.dlpack.to_dlpack


class _Exported:
    """A CPU tensor exported as a DLPack capsule, in the form np.from_dlpack takes."""

    __slots__ = ("capsule",)

    def __init__(self, capsule: object) -> None:
        self.capsule = capsule

    def __dlpack__(self, *args: Any, **kwargs: Any) -> object:
        return self.capsule

    def __dlpack_device__(self) -> tuple[int, int]:
        return (1, 0)  # DLPack's kDLCPU, device 0


_Value = TypeVar("_Value")


def host_value(value: "HostCopy | _Value") -> "torch.Tensor | _Value":
    """`value` itself, or the CPU tensor a HostCopy holds."""
    return value.value if isinstance(value, HostCopy) else value


# A copy not yet started: (its HostCopy, the tensor on the GPU, the key of the stream it
# was made on, None off CUDA).
_Pending = tuple[HostCopy, torch.Tensor, StreamKey | None]


class HostCopies:
    """The copies one capture brings from the GPU; none can be read before `wait()`."""

    __slots__ = ("_pending", "_pending_bytes", "_in_flight", "_devices")

    def __init__(self) -> None:
        self._pending: list[_Pending] = []
        self._pending_bytes = 0
        self._in_flight: list[tuple[list[_Pending], torch.Tensor]] = []  # (entries, one flat CPU tensor on its way)
        self._devices: set[torch.device] = set()

    def defers(self, tensor: torch.Tensor) -> bool:
        """Whether `tensor`'s values go through `start` and `wait` rather than a blocking copy."""
        return type(tensor) is torch.Tensor and tensor.is_cuda

    def start(self, tensor: torch.Tensor, source: torch.Tensor | None = None) -> HostCopy:
        """A HostCopy of `tensor`'s values as they are now. Nothing may change `tensor` until
        `wait()`: a reduction's result or a copy is the caller's own; a view of `source`, a
        live activation that later in-place ops may overwrite, is copied on the GPU first
        (as is anything taken from a tensor subclass)."""
        if source is not None and needs_own_copy(tensor, source):
            tensor = tensor.clone()
        copy = HostCopy()
        self._pending.append((copy, tensor, _current_stream_key(tensor.device) if tensor.is_cuda else None))
        self._pending_bytes += tensor.numel() * tensor.element_size()
        if self._pending_bytes > _MAX_PENDING_BYTES:
            self._transfer()
        return copy

    def _transfer(self) -> None:
        """Start bringing every pending copy over: one flat tensor per device and dtype, on
        the current stream, ordered after the streams the tensors were made on (a model may
        run a layer on a stream of its own)."""
        groups: dict[tuple[torch.device, torch.dtype], list[_Pending]] = {}
        for entry in self._pending:
            groups.setdefault((entry[1].device, entry[1].dtype), []).append(entry)
        for (device, _), members in groups.items():
            if device.type == "cuda":
                current, current_key = torch.cuda.current_stream(device), _current_stream_key(device)
                for key in {key for _, _, key in members if key is not None} - {current_key}:
                    current.wait_stream(torch.cuda.Stream(stream_id=key[0], device_index=key[1], device_type=key[2]))
                for _, tensor, made_on in members:
                    if made_on != current_key:
                        tensor.record_stream(current)  # its memory is not reused before the copy
            flat = torch.cat([tensor.reshape(-1) for _, tensor, _ in members])
            self._devices.add(device)
            self._in_flight.append((members, flat.to("cpu", non_blocking=True)))
        self._pending, self._pending_bytes = [], 0

    def wait(self) -> None:
        """Bring every copy started since the last wait to the host, and fill in their values."""
        self._transfer()
        for device in self._devices:
            if device.type == "cuda":
                torch.cuda.synchronize(device)
        in_flight, self._in_flight, self._devices = self._in_flight, [], set()
        for members, flat in in_flight:
            offset = 0
            for copy, tensor, _ in members:
                copy.value = flat[offset : offset + tensor.numel()].view(tensor.shape)
                offset += tensor.numel()
