"""Copies of GPU tensors to the host that do not stop the forward.

Reading a CUDA tensor's values on the host (`.item()`, `.cpu()`) waits for every kernel
queued before it. Inside a forward hook that wait happens once per layer: the host stops
queueing the model's kernels, and the GPU idles while the hook's Python runs. So what a
call needs from a CUDA tensor is copied with `non_blocking=True` (into pinned memory,
ordered on the tensor's stream) and nothing is read until `wait`, once, after the forward.
Other devices take the plain blocking copy.
"""

import torch


class HostCopies:
    """The copies one capture has started; read none of them before `wait()` returns."""

    __slots__ = ("_devices",)

    def __init__(self):
        self._devices = set()

    def defers(self, tensor):
        """Whether `tensor`'s values are copied without waiting (CUDA) rather than at once."""
        return tensor.device.type == "cuda"

    def start(self, tensor):
        """A CPU tensor of its own with `tensor`'s values, valid once `wait()` has returned."""
        if not self.defers(tensor):
            return tensor.to("cpu", copy=True)
        self._devices.add(tensor.device)
        return tensor.to("cpu", non_blocking=True)

    def wait(self):
        """Wait for every copy started since the last wait."""
        devices, self._devices = self._devices, set()
        for device in devices:
            torch.cuda.synchronize(device)
