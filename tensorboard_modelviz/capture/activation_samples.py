"""Activation samples: the first batch items of a layer's output, small enough to store.

Two stages. Inside the forward hook `reduce_activation` keeps a bounded float copy (first
samples, first channels or tokens, maps averaged over pixel blocks down to a maximum
side, every k-th feature), because the live tensor may be overwritten later in the same
forward. After the forward `fit_to_budget` shrinks all
copies together so that the call stays within its byte budget, and `quantise` turns each
into uint8 with its value ranges.
"""

import functools
import math
import operator
import weakref
from collections.abc import Sequence
from typing import overload

import numpy as np
import torch
import torch.nn.functional as F

from tensorboard_modelviz.capture.host_copies import HostCopies, HostCopy, host_view, needs_own_copy
from tensorboard_modelviz.format.documents import SampleLayout

# A layer's reduced copy after the forward, with its layout.
Sample = tuple[SampleLayout, torch.Tensor]
# Value ranges as a sample header holds them: per item ([n]) or per item and channel
# ([n][C], chw). Never None here (non-finite values are stored as 0); None is what a
# header may hold (docs/format.md).
Ranges = list[float | None] | list[list[float | None]]


# A copy quantised: (its uint8 values, lo, hi), the range each row of them maps to. A
# plain tuple: a call makes one per sample, and a NamedTuple's costs three times as much.
Quantised = tuple[bytes, Ranges, Ranges]


# Smallest sizes worth storing: below these a map tells nothing.
_MIN_SIDE = 4
_MIN_LENGTH = 8
_FLOAT32_MAX = float(np.finfo(np.float32).max)


def reduce_activation(
    tensor: torch.Tensor,
    max_samples: int,
    max_channels: int,
    max_side: int,
    max_tokens: int,
    max_features: int,
    copies: HostCopies,
    copy: torch.Tensor | None = None,
    view: np.ndarray | None = None,
) -> tuple[SampleLayout, torch.Tensor | HostCopy] | None:
    """Bounded float32 CPU copy of `tensor`'s first samples, with its layout.

    Returns (layout, copy) with layout 'chw' ([n, C, H, W]), 'tf' ([n, T, F]) or
    'vec' ([n, F]); None for tensors that make no picture (scalars, >5-D, integers).
    A plain float32 CPU tensor, the usual case, is sliced as a numpy array: the same
    values, for less than half of what torch's slicing and copying cost (16 against
    36 µs for a BERT layer's output, and a call reduces a couple of hundred of them).
    A GPU tensor is reduced on the GPU, and its copy is a host_copies.HostCopy taken
    through `copies`, read after copies.wait(). `copy`, where given, is a contiguous copy
    of `tensor` that is ours (the statistics' one): a sample that keeps every value is it.
    `view`: host_view(tensor), flat, where the caller took it (a contiguous float32 CPU
    tensor's, statistics.host_described).
    """
    if type(tensor) is torch.Tensor and tensor.dtype is torch.float32 and tensor.is_cpu:  # the usual case
        if tensor.numel() == 0:
            return None
        layout = _kept_whole(tensor.shape, max_samples, max_channels, max_side, max_tokens, max_features)
        if layout is not None:  # one clone at most: a small layer's output, the sample as it is
            whole = copy if copy is not None else tensor.detach().clone(memory_format=torch.contiguous_format)
            return layout, whole[None] if whole.ndim == 1 else whole
        values = host_view(tensor) if view is None else view.reshape(tensor.shape)
        return _reduced_on_host(values, max_samples, max_channels, max_side, max_tokens, max_features)
    if not (tensor.is_floating_point() or tensor.is_complex()) or tensor.numel() == 0:
        return None
    t = tensor.detach()
    if t.is_complex():
        t = t.abs()
    if t.ndim == 1:
        t = t[None]
    if t.ndim == 5:  # volumetric conv output: the middle depth slice
        t = t[:, :, t.shape[2] // 2]
    if t.ndim == 4:
        t = t[:max_samples, :max_channels].float()
        t = _block_average(t, -(-max(t.shape[-2:]) // max(1, max_side)))
        return "chw", _own_copy(t, tensor, copies)
    if t.ndim == 3:
        return "tf", _own_copy(_some_features(t[:max_samples, :max_tokens], max_features).float(), tensor, copies)
    if t.ndim == 2:
        return "vec", _own_copy(_some_features(t[:max_samples], max_features).float(), tensor, copies)
    return None


def _reduced_on_host(
    values: np.ndarray, max_samples: int, max_channels: int, max_side: int, max_tokens: int, max_features: int
) -> tuple[SampleLayout, torch.Tensor] | None:
    """reduce_activation of a plain float32 CPU tensor, given as a numpy view of its values:
    slices of the view copied, or maps averaged into memory of their own."""
    if values.ndim == 1:
        values = values[None]
    if values.ndim == 5:  # volumetric conv output: the middle depth slice
        values = values[:, :, values.shape[2] // 2]
    if values.ndim == 4:
        values = values[:max_samples, :max_channels]
        factor = -(-max(values.shape[-2:]) // max(1, max_side))
        if factor <= 1:
            return "chw", torch.from_numpy(values.copy())
        return "chw", _block_average(values, factor).contiguous()  # a result of its own
    if values.ndim == 3:
        return "tf", torch.from_numpy(_some_features(values[:max_samples, :max_tokens], max_features).copy())
    if values.ndim == 2:
        return "vec", torch.from_numpy(_some_features(values[:max_samples], max_features).copy())
    return None


@functools.lru_cache(maxsize=1024)  # a call asks for the same few shapes hundreds of times
def _kept_whole(
    shape: torch.Size, max_samples: int, max_channels: int, max_side: int, max_tokens: int, max_features: int
) -> SampleLayout | None:
    """The sample's layout where reduce_activation keeps every value of a tensor of `shape`
    as it is (no sample, channel, token or feature left out, no map averaged), else None."""
    ndim = len(shape)
    if ndim == 1:
        return "vec" if shape[0] <= max(1, max_features) else None
    if ndim == 2:
        return "vec" if shape[0] <= max_samples and shape[1] <= max(1, max_features) else None
    if ndim == 3:
        whole = shape[0] <= max_samples and shape[1] <= max_tokens and shape[2] <= max(1, max_features)
        return "tf" if whole else None
    if ndim == 4:
        whole = shape[0] <= max_samples and shape[1] <= max_channels and max(shape[2], shape[3]) <= max(1, max_side)
        return "chw" if whole else None
    return None


def _block_average(t: torch.Tensor | np.ndarray, factor: int) -> torch.Tensor:
    """Maps ([n, C, H, W], a tensor or a float array) averaged over `factor` x `factor`
    pixel blocks (partial blocks at the edges), as a tensor (with nothing to average, a
    tensor as it came, an array copied). Where whole blocks tile a CPU map, as sums of
    strided numpy views: 2-3 times cheaper than torch's pooling kernel, itself cheaper
    than adaptive pooling.
    Channels_last maps go to torch's kernel, which reads them in their own layout (numpy
    would read them one channel at a time: 2-4 times slower)."""
    if factor <= 1:
        return t if isinstance(t, torch.Tensor) else torch.from_numpy(t.copy())
    n, c, h, w = t.shape
    values: np.ndarray | None
    if isinstance(t, np.ndarray):  # a view of the activation (host_view)
        values = t
    elif t.device.type == "cpu" and type(t) is torch.Tensor:
        values = host_view(t)
    else:
        values = None
    if h % factor or w % factor or values is None or (c > 1 and values.strides[1] == values.itemsize):
        if isinstance(t, np.ndarray):  # read-only for torch where an older torch's DLPack made it so
            t = torch.from_numpy(t if t.flags.writeable else t.copy())
        return F.avg_pool2d(t, factor, ceil_mode=True)
    rows = values.reshape(n * c, h // factor, factor, w)
    # Exploding values overflow to Inf here as in torch's pooling (quantise stores them as
    # 0; the statistics keep the real extremes): without numpy's warning for each.
    with np.errstate(over="ignore", invalid="ignore"):
        summed = rows[:, :, 0] + rows[:, :, 1]
        for i in range(2, factor):
            summed += rows[:, :, i]
        columns = summed.reshape(n * c, h // factor, w // factor, factor)
        out = columns[..., 0] + columns[..., 1]
        for i in range(2, factor):
            out += columns[..., i]
        out *= np.float32(1.0 / (factor * factor))
    return torch.from_numpy(out.reshape(n, c, h // factor, w // factor))


@overload
def _some_features(t: torch.Tensor, size: int) -> torch.Tensor: ...
@overload
def _some_features(t: np.ndarray, size: int) -> np.ndarray: ...
def _some_features(t: torch.Tensor | np.ndarray, size: int) -> torch.Tensor | np.ndarray:
    """At most `size` entries of the last dimension, every k-th. Features are units whose
    order means nothing: real units show a dead or saturated one, averages of
    neighbours would hide it."""
    step = -(-t.shape[-1] // max(1, size))
    return t[..., ::step] if step > 1 else t


def _own_copy(t: torch.Tensor, source: torch.Tensor, copies: HostCopies) -> torch.Tensor | HostCopy:
    """`t` on the CPU in memory of its own, as a contiguous tensor (for a GPU tensor, a
    host_copies.HostCopy of it), copied only if it still shares `source`'s."""
    if copies.defers(t):
        return copies.start(t, source)
    t = t.cpu()
    if needs_own_copy(t, source):
        t = t.clone()
    return t.contiguous()


def _fit(layout: SampleLayout, t: torch.Tensor, budget: int) -> torch.Tensor | None:
    """`t` made to hold at most `budget` values, or None if that would say nothing.

    Sizes are chosen in one go, in order of what matters least: resolution first (down to
    `_MIN_SIDE` x 2 or `_MIN_LENGTH` features), then channels or tokens, then samples.
    """
    if t.numel() <= budget:
        return t
    if layout == "chw":
        n, c, h, w = t.shape
        scale = math.sqrt(budget / t.numel())
        h2 = max(math.floor(h * scale), min(h, 2 * _MIN_SIDE))
        w2 = max(math.floor(w * scale), min(w, 2 * _MIN_SIDE))
        c2 = min(c, budget // (n * h2 * w2))
        n2 = n if c2 >= 1 else budget // (h2 * w2)
        if n2 < 1:
            return None
        factor = max(-(-h // h2), -(-w // w2))
        if type(t) is torch.Tensor and t.is_cpu and t.dtype in _NUMPY_FLOATS and factor > 1:
            # Sliced as numpy's view of the copy: _block_average reads a map as one anyway,
            # and a ResNet's fit averages about a hundred maps a call.
            return _block_average(host_view(t)[:n2, : max(c2, 1)], factor)
        return _block_average(t[:n2, : max(c2, 1)], factor)
    if layout == "tf":
        n, tokens, feats = t.shape
        feats2 = max(min(feats, budget // (n * tokens)), min(feats, _MIN_LENGTH))
        tokens2 = max(min(tokens, budget // (n * feats2)), min(tokens, _MIN_LENGTH))
        n2 = min(n, budget // (tokens2 * feats2))
        if n2 < 1:
            return None
        return _some_features(t[:n2, :tokens2], feats2)
    n, feats = t.shape
    feats2 = max(min(feats, budget // n), min(feats, _MIN_LENGTH))
    n2 = min(n, budget // feats2)
    if n2 < 1:
        return None
    return _some_features(t[:n2], feats2)


_NUMPY_FLOATS = frozenset((torch.float16, torch.float32, torch.float64))


def fit_to_budget(samples: dict[str, Sample], budget: int) -> dict[str, Sample]:
    """Shrink the copies so that their uint8 sizes sum to at most `budget` bytes.

    `samples` maps key -> (layout, copy). Small copies keep their size and leave their
    unused share to larger ones; a copy that cannot be made small enough is dropped.
    Returns the fitted mapping in the same key order.
    """
    sizes = {key: t.numel() for key, (_, t) in samples.items()}
    if sum(sizes.values()) <= budget:  # every copy kept whole: each is at most its share
        return dict(samples)
    fitted: dict[str, Sample] = {}
    left = budget
    unfitted = len(sizes)
    for key in sorted(sizes, key=sizes.__getitem__):
        share = left // unfitted
        unfitted -= 1
        if sizes[key] <= share:  # kept whole (_fit's first case), as most are
            fitted[key] = samples[key]
            left -= sizes[key]
            continue
        layout, t = samples[key]
        fit = _fit(layout, t, share)
        if fit is not None:
            fitted[key] = (layout, fit)
            left -= fit.numel()
    return {k: fitted[k] for k in samples if k in fitted}


# What decides how a copy is quantised with others: copies of one kind are joined.
Kind = tuple[SampleLayout, torch.Size, torch.dtype]


class Grouping:
    """How quantise joins a list of copies, from their kinds alone (a known structure's
    calls share one): `kinds`, each kind with the indices of its copies in the list, in
    order of first appearance; `blocks`, the kinds (indices into `kinds`) whose rows are
    quantised together as one matrix, those of one row length. It also notes, by weak
    references, which kinds' copies lay end to end in memory at the last call (joined)."""

    def __init__(self, kinds_of_copies: list[Kind]) -> None:
        members: dict[Kind, list[int]] = {}
        for index, kind in enumerate(kinds_of_copies):
            members.setdefault(kind, []).append(index)
        self.kinds = list(members.items())
        by_length: dict[int, list[int]] = {}
        for k, ((layout, shape, _), _) in enumerate(self.kinds):
            rows = _rows(layout, shape)
            by_length.setdefault(shape.numel() // rows if rows else 0, []).append(k)
        self.blocks = list(by_length.values())
        # kind -> its copies as weak references, where they lie end to end: see joined. (A
        # tensor of their memory kept here would keep their CopyBuffer from being used again.)
        self._end_to_end: dict[int, list[weakref.ref]] = {}

    def joined(self, kind: int, copies: list[torch.Tensor]) -> tuple[torch.Tensor, bool]:
        """(the copies of kind `kind`, end to end in one tensor; whether that tensor is
        memory of its own, which the caller may overwrite). Where the copies lie end to
        end in memory already (the slots of a statistics.CopyBuffer, in order, as a
        stack's outputs of one shape take them), a view of it; else their torch.cat.
        Whether they do is read from the copies once and kept with weak references to
        them: the same copies at the next call (a known structure's copies are its
        buffer's slots, call after call) are that view again, told by their identity
        alone, where reading every copy's memory cost what the join saves."""
        references = self._end_to_end.get(kind)
        if references is not None and referenced(references, copies):
            return _joined_view(copies), False
        if not _end_to_end(copies):
            self._end_to_end.pop(kind, None)
            return torch.cat(copies), True
        self._end_to_end[kind] = [weakref.ref(copy) for copy in copies]
        return _joined_view(copies), False


def referenced(references: Sequence[weakref.ref], tensors: Sequence[torch.Tensor]) -> bool:
    """Whether `references` are weak references to these very `tensors`, in their order
    (a dead reference is to none): what a plan or view kept for a call's copies is kept
    for, told by their identity alone."""
    return len(references) == len(tensors) and all(map(operator.is_, tensors, map(weakref.ref.__call__, references)))


def _end_to_end(copies: list[torch.Tensor]) -> bool:
    """Whether the copies (of one shape) are plain CPU tensors not requiring grad, of one
    dtype, each contiguous, that lie end to end in one storage in their order."""
    first = copies[0]
    storage, numel, offset = first.untyped_storage().data_ptr(), first.numel(), first.storage_offset()
    for at, copy in enumerate(copies):
        if (
            type(copy) is not torch.Tensor
            or copy.dtype != first.dtype
            or copy.requires_grad
            or not copy.is_cpu
            or not copy.is_contiguous()
            or copy.untyped_storage().data_ptr() != storage
            or copy.storage_offset() != offset + at * numel
        ):
            return False
    return True


def _joined_view(copies: list[torch.Tensor]) -> torch.Tensor:
    """The copies that lie end to end (_end_to_end) as one tensor, a view of their memory."""
    first = copies[0]
    return first.as_strided((len(copies), *first.shape), (first.numel(), *first.stride()), first.storage_offset())


# A kind's copies quantised: their uint8 values ([copies, values of one]) and their
# ranges, nested like the leading dimensions ([copies, n] or, chw, [copies, n, C]),
# as float64 arrays of 6 significant digits.
QuantisedKind = tuple[np.ndarray, np.ndarray, np.ndarray]


def quantise_grouped(grouping: Grouping, copies: Sequence[torch.Tensor]) -> list[QuantisedKind]:
    """The copies (tensors, in the order `grouping` was made for) quantised, one
    QuantisedKind per kind of `grouping.kinds`: see quantise."""
    rows_of: list[np.ndarray] = []  # per kind, its copies' rows
    joined_here: list[bool] = []  # per kind, whether its rows are in memory of their own
    for kind, ((layout, shape, _), members) in enumerate(grouping.kinds):
        if len(members) == 1:
            joined, own = copies[members[0]], False
        else:
            joined, own = grouping.joined(kind, [copies[i] for i in members])
        if joined.requires_grad or not joined.is_cpu:
            joined = joined.detach().cpu()
        rows_of.append(joined.numpy().reshape(_rows(layout, shape) * len(members), -1))
        joined_here.append(own)
    values: list[np.ndarray] = [np.empty(0, np.uint8)] * len(grouping.kinds)
    lows: list[np.ndarray] = []
    highs: list[np.ndarray] = []
    spans: list[tuple[int, int]] = [(0, 0)] * len(grouping.kinds)  # kind -> its first and last range + 1
    taken = 0
    for kinds in grouping.blocks:
        rows = [rows_of[k] for k in kinds]
        if len(rows) == 1:
            q, lo, hi = _quantise_rows(rows[0], scratch=joined_here[kinds[0]])
        else:
            q, lo, hi = _quantise_rows(np.concatenate(rows), scratch=True)
        lows.append(lo)
        highs.append(hi)
        at = 0  # rows of the matrix taken
        for k, kind_rows in zip(kinds, rows):
            count = len(grouping.kinds[k][1])
            values[k] = q[at : at + kind_rows.shape[0]].reshape(count, -1)
            spans[k] = (taken + at, taken + at + kind_rows.shape[0])
            at += kind_rows.shape[0]
        taken += at
    ranges = _short(np.concatenate(lows + highs)) if lows else np.zeros(0)  # every low, then every high
    out: list[QuantisedKind] = []
    for ((layout, shape, _), members), q, (first, last) in zip(grouping.kinds, values, spans):
        nested = (len(members), shape[0], shape[1]) if layout == "chw" else (len(members), shape[0])
        out.append((q, ranges[first:last].reshape(nested), ranges[taken + first : taken + last].reshape(nested)))
    return out


def quantise(copies: list[Sample]) -> list[Quantised]:
    """uint8 values and per-channel (chw) or per-sample (tf, vec) ranges of each copy in
    `copies` (a list of (layout, copy)): a list of Quantised, the ranges nested like
    the leading dimensions. Non-finite values are stored as 0 (their counts are in the
    statistics).

    A call quantises a hundred or more small copies, most of a few shapes. The copies of
    one shape are joined (Grouping.joined: one torch.cat, or a view of their memory where
    they lie end to end, which is read and never written), and the rows (channels,
    samples) of every shape with one row length are quantised together as one numpy
    matrix (a row's values depend only on the rows it shares its matrix with, through
    _quantise_rows's choice of float64; the order of the rows does not matter); each
    copy's values and ranges are then cut from its shape's bytes and lists: per copy only
    grouping and slicing. Which copies are joined (a Grouping) depends on their kinds
    alone: quantise_grouped takes one made before.
    """
    grouping = Grouping([(layout, t.shape, t.dtype) for layout, t in copies])
    out: list[Quantised] = [(b"", [], [])] * len(copies)
    for (_, members), (q, low, high) in zip(grouping.kinds, quantise_grouped(grouping, [t for _, t in copies])):
        data, size = q.tobytes(), q.shape[1]
        lows, highs = low.tolist(), high.tolist()
        for k, index in enumerate(members):
            out[index] = (data[k * size : (k + 1) * size], lows[k], highs[k])
    return out


def _rows(layout: SampleLayout, shape: torch.Size) -> int:
    """Rows of a copy of `shape` that get a range each: its channels (chw) or samples."""
    return shape[0] * shape[1] if layout == "chw" else shape[0]


def _quantise_rows(block: np.ndarray, scratch: bool = False) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """uint8 matrix and the min and max of each row of a float matrix, non-finite values
    as 0. With `scratch`, the matrix is no one else's: it may be overwritten."""
    before = block
    lo, hi = _row_extremes(block)
    if not (np.isfinite(lo).all() and np.isfinite(hi).all()):  # min and max propagate NaN
        block = np.nan_to_num(block, nan=0.0, posinf=0.0, neginf=0.0)
        lo, hi = _row_extremes(block)
    width = hi.astype(np.float64) - lo
    if block.dtype != np.float64 and width.max(initial=0.0) > _FLOAT32_MAX:  # exploding values
        block = block.astype(np.float64)
    scale = (255.0 / np.maximum(width, 1e-12)).astype(block.dtype)
    # (block - lo) * scale, within [0, 255] (each row lies within its own min and max),
    # rounded half to even.
    if block.dtype in _BY_TORCH and block.size >= _BY_TORCH_FROM:
        # numpy's operations through torch's kernels, which broadcast a column two to three
        # times faster (a small matrix's take longer to start): the same IEEE operations,
        # so the same bytes. float16 stays with numpy, whose half-precision arithmetic
        # torch's need not round alike.
        own = scratch or block is not before  # nan_to_num's or astype's copy
        rows = torch.from_numpy(block if block.flags.writeable else block.copy())
        q = torch.sub(rows, torch.from_numpy(lo.astype(block.dtype))[:, None], out=rows if own else None)
        q.mul_(torch.from_numpy(scale)[:, None]).round_()
        return q.numpy().astype(np.uint8), lo, hi
    q = block - lo[:, None]
    q *= scale[:, None]
    return np.rint(q, out=q).astype(np.uint8), lo, hi


_BY_TORCH = frozenset((np.dtype(np.float32), np.dtype(np.float64)))
_BY_TORCH_FROM = 16384  # values


# A float dtype's -0.0 read as the signed integer of its width.
_NEGATIVE_ZERO: dict[np.dtype, np.signedinteger] = {
    np.dtype(np.float16): np.int16(-(2**15)),
    np.dtype(np.float32): np.int32(-(2**31)),
    np.dtype(np.float64): np.int64(-(2**63)),
}


def _row_extremes(block: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The min and max of each row of a matrix (NaN where a row holds one). By torch's
    reductions where they give numpy's values, 3-10 times faster on rows of tens of values
    (a call's small copies): on a contiguous float matrix holding no -0.0. An extreme is
    one of the row's values; only between -0.0 and 0.0, which compare equal, may the two
    libraries choose otherwise, and a header stores the sign."""
    negative_zero = _NEGATIVE_ZERO.get(block.dtype)
    plain = block.flags.c_contiguous and block.flags.writeable and min(block.strides) >= 0  # torch takes it
    if negative_zero is None or not plain or block.size == 0:
        return block.min(axis=1), block.max(axis=1)
    # -0.0 read as an integer is the least one of its width: the least value of the matrix
    # so read is it where it holds one (one reduction, no mask of the whole matrix).
    if block.view(negative_zero.dtype).min() == negative_zero:
        return block.min(axis=1), block.max(axis=1)
    rows = torch.from_numpy(block)
    return rows.amin(dim=1).numpy(), rows.amax(dim=1).numpy()


def _short(values: np.ndarray) -> np.ndarray:
    """Ranges to 6 significant digits (uint8 values carry less precision than that), as
    float64 (whose tolist() gives a header's floats). Rounded to a multiple of a power of ten that float64 holds exactly
    (10**±22), so that each prints as its short decimal; values below 1e-17 or from 1e28
    on are kept as they are. The powers are looked up (_UP, _DOWN), not computed: a
    call's few thousand ranges took 0.15 ms in `10.0 ** decimals`."""
    values = values.astype(np.float64)
    magnitude = np.abs(values)
    exponent = np.floor(np.log10(magnitude, out=np.zeros_like(magnitude), where=magnitude > 0))
    decimals = 5 - exponent
    # 10**decimals as up / down, both within 10**0 .. 10**22, looked up by decimals + 22
    # (beyond ±22 clipped, and those values kept below; fmax and fmin take a NaN's as 0,
    # and it rounds to NaN).
    index = np.fmin(np.fmax(decimals + 22.0, 0.0), 44.0).astype(np.intp)
    up = _UP.take(index)
    down = _DOWN.take(index)
    rounded = np.round(values * up / down) * down / up
    return np.where(np.abs(decimals) > 22, values, rounded)


# By decimals + 22 (decimals -22 .. 22): 10**max(decimals, 0) and 10**max(-decimals, 0),
# each exactly (float64 holds every power of ten to 10**22).
_UP = np.array([float(10 ** max(d, 0)) for d in range(-22, 23)])
_DOWN = np.array([float(10 ** max(-d, 0)) for d in range(-22, 23)])
