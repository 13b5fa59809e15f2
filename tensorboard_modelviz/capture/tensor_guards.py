"""torch's own check that tensors are still described by the facts they had.

A steady call reads facts of every parameter and buffer that can change between calls
without the tensor changing (`.data =`, `resize_`, `requires_grad_`, `model.half()`):
their shapes, dtypes, devices, layouts. Read one attribute at a time from Python that
costs 0.1-0.2 µs a fact, twice that inside a call. The tensor guards torch.compile puts
on a graph's inputs (`torch._C._dynamo.guards.TensorGuards`) check all of them for a
list of tensors in one C++ call: each tensor's Python type, dispatch keys (its device
type and layout among them), dtype, device index, requires_grad, sizes and strides. A
cached description (model_state's buffer layouts, structure_key's facts of a model's
tensors) made with guards is taken again only where they pass; where they do not, or
this torch has none, the facts are read.

The guards keep no tensor and read no value. They are made and checked under the
thread's dispatch state (inference mode hides the keys an inference tensor lacks), so
guards made in one mode may fail in another: a failure only costs the reading.

Checking reads each tensor's strides before anything else, and a (strided) nested
tensor's throw a C++ error that nothing catches there: the process aborts. Guards made
of tensors (whose facts they could read) are checked on those very tensors freely, as
no tensor becomes nested in place; any other tensors are first asked `checkable`.
"""

import operator
import typing

import torch


def _guards_class() -> typing.Any:
    try:
        from torch._C._dynamo.guards import TensorGuards

        return TensorGuards
    except ImportError:  # a torch without them: every fact is read
        return None


_TensorGuards = _guards_class()


def tensor_guards(tensors: typing.Sequence[torch.Tensor]) -> typing.Any:
    """Guards of `tensors` as they are now (every size and stride static), or None where
    this torch has none to give or they cannot describe one of them."""
    if _TensorGuards is None:
        return None
    try:
        sizes: typing.Any = [list(t.shape) for t in tensors]
        strides: typing.Any = [list(t.stride()) for t in tensors]
        return _TensorGuards(*tensors, dynamic_dims_sizes=sizes, dynamic_dims_strides=strides)
    except Exception:
        return None


_IS_NESTED = operator.attrgetter("is_nested")


class NestedSizes(tuple):
    """The shape fact of a nested tensor of the strided layout, which has no shape to
    read (`.shape` raises): the sizes of its components, a tuple each."""


def shape_fact(tensor: torch.Tensor) -> torch.Size | NestedSizes:
    """`tensor.shape`, or a nested tensor's NestedSizes where it has no shape: a fact to
    compare where guards cannot be made (tensor_guards gives None for such a tensor)."""
    if tensor.is_nested and tensor.layout is torch.strided:
        return NestedSizes(map(tuple, tensor._nested_tensor_size().tolist()))
    return tensor.shape


def checkable(tensors: typing.Sequence[torch.Tensor]) -> bool:
    """Whether guards can be checked on `tensors` without taking the process down: none
    of them is nested (a nested tensor's strides throw inside the check, uncaught)."""
    return not any(map(_IS_NESTED, tensors))


def guards_pass(guards: typing.Any, tensors: typing.Sequence[torch.Tensor]) -> bool:
    """Whether `guards` (tensor_guards') pass on `tensors`, as many as they were made of:
    each of the same type, dispatch keys, dtype, device, requires_grad, sizes and strides.
    None, another count, or a failure to check is a no. `tensors`: the very tensors the
    guards were made of, or tensors `checkable` said yes to."""
    if guards is None:
        return False
    try:
        return bool(guards.check(*tensors))
    except Exception:
        return False
