"""One call at a time per model: calls of several threads on one model wait for each other.

A call swaps the model's state around its forwards (modes, buffers put back, the copies
and records kept per model for the next call: tracer._Kept) and hooks module calls
globally: two calls on one model at once would each restore what the other changed and
read each other's kept records. Each model (the module that really runs, unwrapped) has
a lock, taken for the whole call; calls on different models go on at once.

The lock is reentrant: the writer holds it around its call of capture_model, which takes
it again. A capture started on a thread while a capture runs there (the model's own
forward or hook, which the recorded forward runs, calling add_model_viz again) is not a
second call to wait for: `inside_capture` tells it, and it is left out (by the writer, and
by capture_model, whose result says so), never recursing into the forward that started
it. A lock is released however the call ends.

A thread inside a backward (a gradient hook calling add_model_viz) does not wait where
another thread holds the lock: that thread may itself be waiting for this backward (a
CUDA backward runs on a device thread of the engine while its caller waits), so the call
is left out instead (NotTaken).
"""

import threading

import torch

from tensorboard_modelviz.capture.by_identity import WeakByIdentity

_locks: "WeakByIdentity[threading.RLock]" = WeakByIdentity()  # the model's own, whatever its __eq__
_made = threading.Lock()  # held while a model's lock is made: one lock per model
_here = threading.local()  # `capturing`: 1 while a capture runs on this thread (one nested in it: refused)


class NotTaken(RuntimeError):
    """The call does not run: it was started inside a capture on the same thread, or inside
    a backward while another thread's call holds the model."""


def lock_of(model: torch.nn.Module) -> "threading.RLock":
    """The lock of `model` (the module that runs: recording.unwrap_model's)."""
    lock = _locks.get(model)
    if lock is not None:
        return lock
    with _made:  # two threads asking at once get the same one
        lock = _locks.get(model)
        if lock is None:
            lock = _locks[model] = threading.RLock()
        return lock


def inside_capture() -> bool:
    """Whether a capture runs on this thread now (this code is called from its forward)."""
    return getattr(_here, "capturing", 0) > 0


class _Held:
    """A model's lock, taken (take) and released (release) around a call. Not a `with`
    block: its callers tell the NotTaken of take() from one the model's forward raises
    inside the call, which is the model's error and reaches the user."""

    __slots__ = ("_lock",)

    def __init__(self, model: torch.nn.Module) -> None:
        self._lock = lock_of(model)

    def take(self) -> None:
        """Waits for the lock; inside a backward, which cannot wait: NotTaken if another
        thread's call holds it."""
        if torch._C._current_graph_task_id() != -1:  # this thread runs a backward now
            if not self._lock.acquire(blocking=False):
                raise NotTaken("another thread's call records the model, and a backward cannot wait for it")
        else:
            self._lock.acquire()

    def release(self) -> None:
        self._lock.release()


class _Capturing(_Held):
    """A model's lock with this thread noted as capturing while it is held (capturing)."""

    __slots__ = ()

    def take(self) -> None:
        """As _Held.take; NotTaken where a capture runs on this thread already."""
        if inside_capture():
            raise NotTaken("a capture was started inside a recorded forward (by the model's code or a hook)")
        super().take()
        _here.capturing = 1

    def release(self) -> None:
        _here.capturing = 0
        super().release()


def held(model: torch.nn.Module) -> _Held:
    """`model`'s lock, to take around a call (waited for, but inside a backward: NotTaken)."""
    return _Held(model)


def capturing(model: torch.nn.Module) -> _Capturing:
    """`model`'s lock, to take around a call with this thread noted as capturing;
    NotTaken where a capture runs on this thread already."""
    return _Capturing(model)
