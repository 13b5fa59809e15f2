"""FLOPs of one aten op from its arguments' shapes: torch.utils.flop_counter's formulas,
plus the fused kernels it does not know.

Both ways of counting a forward's FLOPs read these: tracer.FlopRecorder (a dispatch mode,
given the tensors) and profiled_flops (given the shapes torch's profiler recorded). A
formula here takes shapes (torch.Size) where the op takes tensors, and `out_shape`.
"""

import inspect
import typing
from typing import Any

import torch
from torch.utils.flop_counter import flop_registry, sdpa_flop_count, shape_wrapper

# A formula on shapes: formula(*argument shapes, out_shape=..., **keyword arguments) -> FLOPs.
ShapeFormula = typing.Callable[..., int]

_SHAPE_WRAPPER_CODE = shape_wrapper(lambda: None).__code__


def _sdpa(query: torch.Size, key: torch.Size, value: torch.Size, *args: Any, **kwargs: Any) -> int:
    return int(sdpa_flop_count(query, key, value))


def _tokens(shape: torch.Size) -> int:
    return int(shape[0]) if len(shape) == 2 else int(shape[0] * shape[1])


def _mkldnn_rnn_layer(
    input: torch.Size, weight_ih: torch.Size, weight_hh: torch.Size, *args: Any, **kwargs: Any
) -> int:
    """One RNN layer on CPU: 2 FLOPs per weight entry per token, bias and gates left out
    (as for linear layers)."""
    return 2 * _tokens(input) * (weight_ih.numel() + weight_hh.numel())


def _cudnn_rnn(input: torch.Size, weights: list[torch.Size], *args: Any, **kwargs: Any) -> int:
    """All layers at once on CUDA: each layer sees every token once. `weights` is the
    list of the weights' shapes; a profiler that records no tensor list (profiled_flops)
    gives none, and the FLOPs cannot be counted from it."""
    if not isinstance(weights, list):
        raise LookupError("_cudnn_rnn's weights are not known")
    return 2 * _tokens(input) * sum(w.numel() for w in weights if len(w) == 2)


def _sequence_lengths(x: torch.Tensor) -> list[int]:
    """The lengths of the sequences of a batch (batch first): a nested tensor's own (the
    encoder's fast path packs its batch without the padding), else the batch's length each."""
    if x.is_nested:
        return [int(size[0]) for size in x._nested_tensor_size().tolist()]
    return [int(x.shape[-2])] * (int(x.shape[0]) if x.dim() == 3 else 1)


def _self_attention(x: torch.Tensor, embed_dim: int, weights: typing.Iterable[torch.Tensor]) -> int:
    """Self-attention over each sequence of `x` (L tokens): 2 FLOPs per weight entry per
    token (bias left out, as for linear layers), and the scores and their weighted values,
    2·L·L·embed_dim each (as flop_counter counts scaled_dot_product_attention)."""
    per_token = 2 * sum(w.numel() for w in weights)
    return sum(per_token * length + 4 * length * length * embed_dim for length in _sequence_lengths(x))


def _transformer_encoder_layer(
    src: torch.Tensor,
    embed_dim: int,
    num_heads: int,
    qkv_weight: torch.Tensor,
    qkv_bias: torch.Tensor,
    proj_weight: torch.Tensor,
    proj_bias: torch.Tensor,
    use_gelu: bool,
    norm_first: bool,
    eps: float,
    norm_weight_1: torch.Tensor,
    norm_bias_1: torch.Tensor,
    norm_weight_2: torch.Tensor,
    norm_bias_2: torch.Tensor,
    ffn_weight_1: torch.Tensor,
    ffn_bias_1: torch.Tensor,
    ffn_weight_2: torch.Tensor,
    *args: Any,
    **kwargs: Any,
) -> int:
    """nn.TransformerEncoderLayer's fast path as one kernel (fast_paths): its attention
    and its two feed-forward layers (norms and activation left out)."""
    return _self_attention(src, embed_dim, (qkv_weight, proj_weight, ffn_weight_1, ffn_weight_2))


def _native_multi_head_attention(
    query: torch.Tensor,
    key: torch.Tensor,
    value: torch.Tensor,
    embed_dim: int,
    num_head: int,
    qkv_weight: torch.Tensor,
    qkv_bias: torch.Tensor,
    proj_weight: torch.Tensor,
    *args: Any,
    **kwargs: Any,
) -> int:
    """nn.MultiheadAttention's fast path (self-attention alone) as one kernel."""
    return _self_attention(query, embed_dim, (qkv_weight, proj_weight))


_FALLBACKS: dict[Any, ShapeFormula | None] = {}  # aten op packet -> formula or None, decided once per op


def formula(packet: Any) -> typing.Callable[..., Any] | None:
    """The FLOP formula of an aten op (its overload packet), as torch registers it (most
    are shape formulas behind flop_counter's shape_wrapper; `count` calls them), or one
    of ours on shapes; None: the op costs no FLOPs here.

    CPU runs scaled_dot_product_attention as `_scaled_dot_product_flash_attention_for_cpu`
    and an LSTM as `mkldnn_rnn_layer` (CUDA: `_cudnn_rnn`), and the transformer's fast
    paths as fused kernels; torch.utils.flop_counter has no formula for them, so without
    these attention, LSTMs and those paths would cost nothing.
    """
    registered = flop_registry.get(packet)
    if registered is not None:
        return typing.cast(typing.Callable[..., Any], registered)
    if packet not in _FALLBACKS:
        name = str(packet)
        chosen: ShapeFormula | None = None
        if "backward" in name:
            chosen = None
        elif "scaled_dot_product" in name:
            chosen = _sdpa
        elif "mkldnn_rnn_layer" in name:
            chosen = _mkldnn_rnn_layer
        elif "_cudnn_rnn" in name or "miopen_rnn" in name:
            chosen = _cudnn_rnn
        elif "_transformer_encoder_layer_fwd" in name:
            chosen = _transformer_encoder_layer  # on tensors: a nested one has no shape
        elif "_native_multi_head_attention" in name:
            chosen = _native_multi_head_attention
        _FALLBACKS[packet] = chosen
    return _FALLBACKS[packet]


def on_shapes(found: typing.Callable[..., Any]) -> ShapeFormula | None:
    """`found` (from `formula`) as a formula on shapes; None where torch registered it to
    take the tensors themselves (register_flop_formula's get_raw)."""
    if getattr(found, "__code__", None) is _SHAPE_WRAPPER_CODE:
        return typing.cast(ShapeFormula, getattr(found, "__wrapped__", None))
    return found if found in (_sdpa, _mkldnn_rnn_layer, _cudnn_rnn) else None


def shapes_of(value: Any) -> Any:
    """Tensors replaced by their shapes, inside lists, tuples and dicts."""
    if isinstance(value, torch.Tensor):
        return value.shape
    if isinstance(value, list):
        return [shapes_of(v) for v in value]
    if isinstance(value, tuple):  # return types (structseqs) become plain tuples
        return tuple(shapes_of(v) for v in value)
    if isinstance(value, dict):
        return {k: shapes_of(v) for k, v in value.items()}
    return value


def count(found: typing.Callable[..., Any], args: Any, kwargs: dict[str, Any], out: Any) -> int:
    """FLOPs of one aten op run on tensors `args`, `kwargs` giving `out`. torch's formulas
    take shapes, through a wrapper that maps the arguments with pytree (about 0.1 ms a
    call); shapes are taken here directly."""
    shaped = on_shapes(found)
    if shaped is not None:
        return int(shaped(*shapes_of(args), out_shape=shapes_of(out), **shapes_of(kwargs)))
    return int(found(*args, **kwargs, out_val=out))


def positional(shaped: ShapeFormula) -> ShapeFormula:
    """`shaped` called with as many positional arguments as it takes: torch's profiler
    lists an op's keyword-only arguments (addmm's beta and alpha) among the positional
    ones."""
    parameters = inspect.signature(shaped).parameters.values()
    if any(p.kind is p.VAR_POSITIONAL for p in parameters):
        return shaped
    n = sum(1 for p in parameters if p.kind is p.POSITIONAL_OR_KEYWORD and p.name != "out_shape")
    return lambda *args, **kwargs: shaped(*args[:n], **kwargs)
