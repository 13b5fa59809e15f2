"""FLOPs of a torch function known from its arguments and result alone, without the profiler.

A structure's first call counts its ops' FLOPs from torch's profiler (profiled_flops): the
aten ops below each torch function that tracer.OpRecorder records. For most of the functions
a model calls, those aten ops are known whatever the arguments: a view, an activation,
a normalisation, an addition never reach an op with a FLOP formula (flop_formulas), and a
convolution, `linear` or `addmm` reach exactly one (aten::convolution, aten::mm or
aten::addmm, or a bmm of the same product) whose count follows from the shapes of the
arguments and the result. Such a function runs with RecordFunction switched off
(profiled_flops.unprofiled_op): the profiler records nothing of it, and its count is
taken here, equal to what the profiler's events would give (tests/capture/test_known_flops.py
compares them). Every other function runs in a profiler range as before; and what runs
outside the recorded functions (a TorchScript function, a C++ extension: ops that no torch
function mode sees) is still seen by the profiler.

Only functions of torch itself are here, keyed by identity: what runs inside them is aten
ops (and, inside `relu`, the dead-unit watcher's own work, which the profiler never sees),
never a model's code. Only plain strided tensors are placed (a subclass may run anything,
another layout another kernel; a complex convolution runs three).
"""

import math
import typing
from typing import Any

import torch
import torch.nn.functional as F

from tensorboard_modelviz.capture import flop_formulas

# A function's count: (args, kwargs, result) -> FLOPs.
Counter = typing.Callable[[tuple, dict, Any], int]


def _shape_formula(packet: Any) -> flop_formulas.ShapeFormula:
    found = flop_formulas.formula(packet)
    shaped = flop_formulas.on_shapes(found) if found is not None else None
    if shaped is None:
        raise LookupError("no shape formula for %s" % packet)
    return shaped


_CONVOLUTION = _shape_formula(torch.ops.aten.convolution)
_MM = _shape_formula(torch.ops.aten.mm)


def _argument(args: tuple, kwargs: dict, index: int, name: str) -> Any:
    return args[index] if len(args) > index else kwargs.get(name)


_PLAIN = (torch.Tensor, torch.nn.Parameter)


def _plain(value: Any) -> bool:
    """A tensor whose shape is its own and whose kernels are the strided ones: a plain
    one, or a parameter (a mkldnn input's linear runs mkldnn_linear, which has no formula)."""
    return type(value) in _PLAIN and value.layout is torch.strided


def _none(args: tuple, kwargs: dict, out: Any) -> int:
    return 0


def _convolution(transposed: bool) -> Counter:
    def count(args: tuple, kwargs: dict, out: Any) -> int:
        """aten::convolution's formula, as profiled_flops applies it: its input batched."""
        x, weight = _argument(args, kwargs, 0, "input"), _argument(args, kwargs, 1, "weight")
        x_shape, out_shape = x.shape, out.shape
        if x.dim() == weight.dim() - 1:  # unbatched: convolved as a batch of one
            x_shape, out_shape = torch.Size([1, *x_shape]), torch.Size([1, *out_shape])
        return int(_CONVOLUTION(x_shape, weight.shape, None, None, None, None, transposed, out_shape=out_shape))

    return count


def _linear(args: tuple, kwargs: dict, out: Any) -> int:
    """aten::linear runs one addmm, mm or bmm of the input's rows by the weight."""
    x, weight = _argument(args, kwargs, 0, "input"), _argument(args, kwargs, 1, "weight")
    rows = math.prod(x.shape[:-1])
    return int(_MM(torch.Size([rows, x.shape[-1]]), torch.Size([weight.shape[1], weight.shape[0]])))


def _addmm(args: tuple, kwargs: dict, out: Any) -> int:
    first, second = _argument(args, kwargs, 1, "mat1"), _argument(args, kwargs, 2, "mat2")
    return int(_MM(first.shape, second.shape))


# Functions of torch whose aten ops reach no FLOP formula, whatever their arguments.
_WITHOUT_FLOPS: tuple[Any, ...] = (
    # views, shapes, copies, conversions
    torch.Tensor.view,
    torch.Tensor.reshape,
    torch.Tensor.transpose,
    torch.Tensor.permute,
    torch.Tensor.contiguous,
    torch.Tensor.size,
    torch.Tensor.dim,
    torch.Tensor.unsqueeze,
    torch.Tensor.squeeze,
    torch.Tensor.expand,
    torch.Tensor.flatten,
    torch.Tensor.split,
    torch.Tensor.chunk,
    torch.Tensor.to,
    torch.Tensor.float,
    torch.Tensor.type_as,
    torch.Tensor.clone,
    torch.Tensor.detach,
    torch.Tensor.__getitem__,
    torch.Tensor.__bool__,
    torch.Tensor.all,
    torch.Tensor.any,
    torch.flatten,
    torch.cat,
    torch.stack,
    torch.gather,
    torch.arange,
    torch.tensor,
    torch.where,
    torch.reshape,
    torch.transpose,
    torch.permute,
    torch.squeeze,
    torch.unsqueeze,
    # elementwise arithmetic
    torch.Tensor.add,
    torch.Tensor.add_,
    torch.Tensor.sub,
    torch.Tensor.sub_,
    torch.Tensor.mul,
    torch.Tensor.mul_,
    torch.Tensor.div,
    torch.Tensor.div_,
    torch.Tensor.__add__,
    torch.Tensor.__iadd__,
    torch.Tensor.__radd__,
    torch.Tensor.__sub__,
    torch.Tensor.__mul__,
    torch.Tensor.__rmul__,
    torch.Tensor.__truediv__,
    torch.Tensor.masked_fill,
    torch.add,
    torch.mul,
    torch.pow,
    torch.tanh,
    torch.sigmoid,
    torch.exp,
    torch.sqrt,
    torch.rsqrt,
    torch.mean,
    torch.sum,
    torch.Tensor.mean,
    torch.Tensor.sum,
    # activations, normalisations, pooling, dropout, embeddings
    torch.relu,
    torch.relu_,
    torch.Tensor.relu,
    torch.Tensor.relu_,
    torch.Tensor.softmax,
    F.relu,
    F.relu6,
    F.hardtanh,
    F.gelu,
    F.silu,
    F.sigmoid,
    F.tanh,
    F.softmax,
    F.log_softmax,
    F.dropout,
    F.batch_norm,
    F.layer_norm,
    F.group_norm,
    F.embedding,
    F.max_pool2d,
    F.avg_pool2d,
    F.adaptive_avg_pool2d,
    torch.max_pool2d,
    torch.batch_norm,
    torch.layer_norm,
    torch.embedding,
)


def _tensors(*indices: tuple[int, str]) -> typing.Callable[[tuple, dict], bool]:
    """Whether the arguments at `indices` (position, name) are plain tensors."""

    def check(args: tuple, kwargs: dict) -> bool:
        return all(_plain(_argument(args, kwargs, i, name)) for i, name in indices)

    return check


def _linear_arguments(args: tuple, kwargs: dict) -> bool:
    """A plain input of at least one dimension and a matrix for weight: one matrix product
    (a vector for weight runs an mv or a dot, which have no formula)."""
    x, weight = _argument(args, kwargs, 0, "input"), _argument(args, kwargs, 1, "weight")
    return _plain(x) and _plain(weight) and weight.dim() == 2 and x.dim() >= 1


def _convolution_arguments(args: tuple, kwargs: dict) -> bool:
    """A plain real input and weight: one aten::convolution (a complex one runs three,
    Gauss's trick, which the profiler and a dispatch mode count)."""
    x, weight = _argument(args, kwargs, 0, "input"), _argument(args, kwargs, 1, "weight")
    return _plain(x) and _plain(weight) and not x.is_complex() and not weight.is_complex()


_CONVOLUTION_ARGUMENTS = _convolution_arguments
# function -> (whether its arguments are those its count reads, the count)
_COUNTED: dict[Any, tuple[typing.Callable[[tuple, dict], bool], Counter]] = {
    torch.conv1d: (_CONVOLUTION_ARGUMENTS, _convolution(False)),
    torch.conv2d: (_CONVOLUTION_ARGUMENTS, _convolution(False)),
    torch.conv3d: (_CONVOLUTION_ARGUMENTS, _convolution(False)),
    torch.conv_transpose1d: (_CONVOLUTION_ARGUMENTS, _convolution(True)),
    torch.conv_transpose2d: (_CONVOLUTION_ARGUMENTS, _convolution(True)),
    torch.conv_transpose3d: (_CONVOLUTION_ARGUMENTS, _convolution(True)),
    F.linear: (_linear_arguments, _linear),
    torch.addmm: (_tensors((1, "mat1"), (2, "mat2")), _addmm),
}
_NO_FLOPS = frozenset(_WITHOUT_FLOPS)


def counter(func: Any, args: tuple, kwargs: dict) -> Counter | None:
    """The count of `func` (a function a torch function mode was given, with `args` and
    `kwargs`: plain tensors) where its FLOPs are known from its arguments and result;
    None: the profiler counts them."""
    try:
        if func in _NO_FLOPS:
            return _none
        counted = _COUNTED.get(func)
    except TypeError:  # unhashable
        return None
    if counted is not None:
        return counted[1] if counted[0](args, kwargs) else None
    # A tensor property (`.shape`, `.T`, `.device`): torch.Tensor's own getters.
    if getattr(func, "__name__", None) == "__get__":
        owner = getattr(func, "__self__", None)
        if type(owner).__name__ == "getset_descriptor" and getattr(owner, "__objclass__", None) is torch._C.TensorBase:
            return _none
    return None
