"""The transformer encoder's fast path, taken in a call's forward where the user's takes it.

Given a padding mask, `nn.TransformerEncoder` (made with `enable_nested_tensor=True`, its
default) may take a fast path: it packs its batch into a nested tensor of the sequences
without their padding, runs its layers on that (each as one fused kernel, without calling
its submodules) and pads their result with zeros again. Its output then holds zeros at the
padded positions, where its Python path (the slow one) holds values computed there, which
the modules after it (a head, a pooling) carry on. torch takes it in eval mode alone, where
no torch function mode is on and gradients are off or none of the tensors it reads
requires one (besides conditions of its configuration and inputs).

Left alone, a call's forward would take the slow path where the user's takes the fast one:
our recording modes (tracer.OpRecorder, dead_units.DeadUnitWatcher) are torch function
modes. And it runs under no_grad, where the user's forward may run with gradients (eval
mode without no_grad: the slow path where the encoder's input requires one). So while
such an encoder runs (eval_ids: its first layer in eval mode, as torch asks, and not sure
to take the slow path for its weights requiring gradients in a caller's forward with
them on), FastPathCalls takes our function modes off their stack and sets the caller's
grad mode; both are put back when it returns. A mode of the user's on as well
keeps ours on: the user's forward sees one too. torch then chooses as in the user's
forward. The hooks record the calls made inside (its layers, given nested tensors on the
fast path); the ops inside are seen by the dispatch mode of a recording forward alone
(tracer.FlopRecorder: op nodes of aten's ops), and a functional relu there has no dead
units counted. A model holding such an encoder has its structure recorded in the two
forwards (recording._one_forward_possible): the one with gradients would take the slow path.
Where the slow path is sure, the encoder runs under our modes as any module does.

`nn.TransformerEncoderLayer` and `nn.MultiheadAttention` have fast paths of their own on
plain tensors, which compute what their slow paths do up to float rounding (the padded
positions included): outside such an encoder, they run under our modes as they did.
"""

import threading
import typing

import torch
from torch.overrides import _pop_mode, _push_mode

FAST_PATH_TYPES = (torch.nn.TransformerEncoder,)  # the modules FastPathCalls runs as the user's forward does


def eval_ids(modules: typing.Iterable[torch.nn.Module], caller_grad: bool) -> set[int]:
    """The ids of those of `modules` (of FAST_PATH_TYPES) that may take their fast path
    in the forward of a caller whose grad mode is `caller_grad`: torch's fast paths on
    (torch.backends.mha), made with it on (`use_nested_tensor`), their first layer in
    eval mode, and, gradients on, none of its weights requiring one (torch's test, the
    input aside: where one does, the slow path is sure, and runs under our modes as
    elsewhere, its ops recorded as torch's functions and its relus' dead units counted)."""
    if not _fast_paths_on():
        return set()
    return {id(module) for module in modules if _may_take_it(module, caller_grad)}


def _fast_paths_on() -> bool:
    """Whether torch lets its transformer modules take their fast paths (a torch without
    the switch: always)."""
    mha = getattr(torch.backends, "mha", None)
    getter = getattr(mha, "get_fastpath_enabled", None)
    return getter is None or bool(getter())


def _may_take_it(encoder: torch.nn.Module, caller_grad: bool) -> bool:
    layers = getattr(encoder, "layers", None)
    return (
        getattr(encoder, "use_nested_tensor", False) is True
        and isinstance(layers, torch.nn.ModuleList)
        and len(layers) > 0
        and not layers[0].training
        and not (caller_grad and any(p.requires_grad for p in layers[0].parameters()))
    )


class FastPathCalls:
    """Runs the calls of `modules` (ids of eval_ids' encoders) in the forward of `trace`
    as the user's forward runs them: without our modes (those whose `trace` is `trace`),
    in the caller's grad mode (`caller_grad`). attach() hooks their calls; put_back()
    puts back what a call that never returned took (the forward raised)."""

    def __init__(self, trace: typing.Any, modules: typing.Collection[int], caller_grad: bool) -> None:
        self.trace = trace
        self.modules = modules
        self.caller_grad = caller_grad
        self.thread = threading.get_ident()
        self.inside: list[torch.nn.Module] = []  # the calls of `modules` entered, outermost first
        self.taken: list[typing.Any] = []  # our modes taken off the stack, innermost first
        self.grad = False  # the grad mode the outermost call found

    def attach(self) -> list[typing.Any]:
        """Two global hooks; the handles that remove them. The forward hook is called
        where the module raises too: a model that catches the error goes on under our
        modes again."""
        modules = torch.nn.modules.module
        handles = [modules.register_module_forward_pre_hook(self._entering)]
        try:
            handles.append(modules.register_module_forward_hook(self._left, always_call=True))
        except BaseException:
            handles[0].remove()
            raise
        return handles

    def _entering(self, module: torch.nn.Module, args: typing.Any) -> None:
        if id(module) not in self.modules or threading.get_ident() != self.thread:
            return
        self.inside.append(module)
        if len(self.inside) > 1:
            return  # inside another: run as it runs already
        self.grad = torch.is_grad_enabled()
        torch._C._set_grad_enabled(self.caller_grad)
        stack = [torch._C._get_function_stack_at(i) for i in range(torch._C._len_torch_function_stack())]
        if stack and all(getattr(mode, "trace", None) is self.trace for mode in stack):
            self.taken = [_pop_mode() for _ in stack]
            self.trace.unseen_ops = True

    def _left(self, module: torch.nn.Module, args: typing.Any, output: typing.Any) -> None:
        inside = self.inside
        if not inside or inside[-1] is not module or threading.get_ident() != self.thread:
            return
        inside.pop()
        if not inside:
            self._restore()

    def put_back(self) -> None:
        """Our modes and the grad mode as the outermost call found them, where a call
        is left open."""
        if self.inside:
            self.inside.clear()
            self._restore()

    def _restore(self) -> None:
        """Our modes back where they were: beneath any the model pushed inside the call
        and keeps on (a hook's), so that its own exit takes its mode off, not one of ours."""
        self.trace.unseen_ops = False
        if self.taken:
            kept = [_pop_mode() for _ in range(torch._C._len_torch_function_stack())]  # innermost first
            for mode in (*reversed(self.taken), *reversed(kept)):
                _push_mode(mode)
        self.taken = []
        torch._C._set_grad_enabled(self.grad)
