"""Settings entered around a forward unseen by a user's torch function and dispatch modes.

A user's mode around the training step (FlopCounterMode for MFU, a debug or logging
mode) is for the model's code: it sees the forwards a call runs, and none of our own
work. Our settings around a forward (torch.no_grad, enable_grad, the guards' snapshot
and restore, saved-tensor hooks) are entered and left with the modes off, while the
forward between them runs under the modes (a `torch.device("meta")` may be what the
model needs). Modes cannot be switched back on inside the switch that turned them off,
so the settings are entered on an ExitStack that is left, again with the modes off,
after the forward."""

import contextlib
import sys
import typing

import torch
from torch.utils._python_dispatch import _pop_mode, _push_mode

T = typing.TypeVar("T")
# What runs a piece of our work with the modes off (recording.OwnWork, or
# tracer._with_modes_off_for bound to the tensors it concerns).
Runner = typing.Callable[..., typing.Any]


@contextlib.contextmanager
def entered_unseen(run: Runner, enter: typing.Callable[[contextlib.ExitStack], T]) -> typing.Iterator[T]:
    """Inside: what `enter(stack)` gives, having entered its contexts on `stack`; `run`
    runs the entering and the leaving (with the modes off); the body runs as it finds them."""

    def entered() -> tuple[contextlib.ExitStack, T]:
        with contextlib.ExitStack() as stack:  # left at once where entering fails
            value = enter(stack)
            return stack.pop_all(), value

    stack, value = run(entered)
    try:
        yield value
    except BaseException:
        if not run(stack.__exit__, *sys.exc_info()):
            raise
    else:
        run(stack.__exit__, None, None, None)


def hidden(work: typing.Callable[..., T], *args: typing.Any, **kwargs: typing.Any) -> T:
    """work(*args, **kwargs) unseen by the torch function and dispatch modes on: the
    function modes switched off, the dispatch modes taken off their stack and put back
    after. Not the Python dispatch key switched off (tracer._with_modes_off_for, for
    tensors it has checked are plain): a tensor subclass our work meets without having
    checked it (a TwoTensor attribute or one made inside the forward, reaching the
    gradient's scalar and backward through the outputs) dispatches through that key,
    and without it reads memory it has not (SIGSEGV)."""
    with torch._C.DisableTorchFunction():
        on = torch._C._len_torch_dispatch_stack()
        if not on:
            return work(*args, **kwargs)
        modes = [_pop_mode() for _ in range(on)]  # innermost first
        try:
            return work(*args, **kwargs)
        finally:
            for mode in reversed(modes):
                _push_mode(mode)
