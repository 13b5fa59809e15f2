"""A call's activation sample blobs, made from a plan that a known structure's calls share.

A steady call on a deep stack of small layers stores hundreds of samples whose keys,
layouts, shapes and source shapes are the same at every call: only their values and
ranges change. A SamplePlan holds what follows from the rest, made once: how quantise
joins the copies (activation_samples.Grouping), each blob's header up to its ranges
(codec.SampleHeads), the step document's sample directory as JSON and compressed
(codec.SampleDirectory), and the sizes the byte budget is fitted with. A call then
quantises its copies in a few numpy operations per shape and frames every blob with one
join; the blobs are those codec.encode_sample would write, byte for byte.

`plan_for` keeps the plans of the last few sets of samples it was asked for, and hands
one out only for exactly the keys, layouts, shapes, dtypes, source shapes and aliases it
was made for: anything else (a model changed, another input shape, a tighter fit) makes
another.
"""

import functools
import operator
import threading
import weakref
from collections.abc import Sequence

import numpy as np
import torch

from tensorboard_modelviz.capture.activation_samples import Grouping, Kind, quantise_grouped, referenced
from tensorboard_modelviz.format import codec, deflate
from tensorboard_modelviz.format.deflate import Buffer
from tensorboard_modelviz.format.documents import SampleEntry, SampleLayout

# What a plan is made for: the samples' keys, layouts, shapes, dtypes and source shapes,
# in blob order, and the aliases (a container's key -> the key of the call whose output
# it returned).
Signature = tuple[
    list[str], tuple[SampleLayout, ...], list[torch.Size], list[torch.dtype], tuple[list[int], ...], dict[str, str]
]
_shape = operator.attrgetter("shape")
_dtype = operator.attrgetter("dtype")

# Adler-32 (RFC 1950): its modulus, and the longest rows whose sums numpy takes for all
# rows at once (wider rows: ISA-L's or zlib's adler32, a row at a time, is faster).
_ADLER_BASE = 65521
_ROWS_SUMMED_TOGETHER = 64


class SamplePlan:
    """What a call's sample blobs and sample directory hold besides the samples' values
    and ranges, for one Signature."""

    def __init__(self, signature: Signature) -> None:
        keys, layouts, shapes, dtypes, source_shapes, aliases = signature
        self.signature = signature
        kinds: list[Kind] = list(zip(layouts, shapes, dtypes))
        self.values = sum(shape.numel() for _, shape, _ in kinds)  # uint8 values of all samples
        # Bytes the blobs add to their values: per blob a JSON header (with one lo/hi pair
        # per range at up to ~12 characters each), framing and zlib's overhead.
        self.header_allowance = sum(
            160 + 26 * (shape[0] * shape[1] if layout == "chw" else shape[0]) for layout, shape, _ in kinds
        )
        # Held to the bound on a blob's values where encoded: a plan is also made for the
        # copies before the budget fits them (their sizes decide whether it must).
        self._largest = max((shape.numel() for _, shape, _ in kinds), default=0)
        self._grouping = Grouping(kinds)
        self._heads = codec.SampleHeads(
            [(key, layout, list(shape), source) for key, (layout, shape, _), source in zip(keys, kinds, source_shapes)]
        )
        directory: dict[str, SampleEntry] = {}
        for blob, (key, (layout, shape, _)) in enumerate(zip(keys, kinds), start=1):
            directory[key] = {"blob": blob, "layout": layout, "shape": list(shape)}
        for key, source in aliases.items():
            if source in directory:
                directory[key] = {**directory[source], "source": source}
        self.directory = codec.SampleDirectory(directory)
        # The directory as a step document holds it, made once: every call the plan serves
        # puts this same dict in its document (a reader of the document, never a writer).
        self.directory_document = self.directory.document()
        # Where each sample's blob parts are in the lists made kind by kind (None: in place).
        order = [index for _, members in self._grouping.kinds for index in members]
        position = [0] * len(order)
        for at, index in enumerate(order):
            position[index] = at
        self._positions: list[int] | None = None if order == list(range(len(order))) else position
        # Weak references to the copies plan_for last handed this plan out for (see _latest_for).
        self.served: list[weakref.ref] = []

    def encode(self, copies: Sequence[torch.Tensor]) -> list[bytes]:
        """The sample blobs of `copies` (the samples' reduced copies, in blob order);
        codec.TooLargeError for a copy over what a sample blob may hold."""
        codec.check_sample_size(self._largest, 0)
        lows: list[bytes] = []
        highs: list[bytes] = []
        streams: list[Buffer] = []
        for values, low, high in quantise_grouped(self._grouping, copies):
            lows += codec.range_texts(low)
            highs += codec.range_texts(high)
            streams += _stored_streams(values)
        if self._positions is not None:
            lows = list(map(lows.__getitem__, self._positions))
            highs = list(map(highs.__getitem__, self._positions))
            streams = list(map(streams.__getitem__, self._positions))
        return self._heads.encode(lows, highs, streams)


def _stored_streams(values: np.ndarray) -> list[Buffer]:
    """deflate.stored_zlib of each row of a uint8 matrix, made as one matrix of streams
    (the streams are views of it)."""
    count, size = values.shape
    if size > deflate.STORED_BLOCK:  # blocks of their own: rare, samples are smaller
        return [deflate.stored_zlib(row.tobytes()) for row in values]
    prefix = np.frombuffer(deflate.stored_prefix(size), np.uint8)
    framed = np.empty((count, len(prefix) + size + 4), np.uint8)
    framed[:, : len(prefix)] = prefix
    framed[:, len(prefix) : len(prefix) + size] = values
    framed[:, len(prefix) + size :] = _adler32_of_rows(values).astype(">u4").view(np.uint8).reshape(count, 4)
    data = framed.data.cast("B")  # joined into the blobs: not copied before
    return list(map(data.__getitem__, _rows_of(count, framed.shape[1])))


@functools.lru_cache(maxsize=64)
def _rows_of(count: int, width: int) -> tuple[slice, ...]:
    """The slices of a flat matrix of `count` rows of `width` that give each row (a known
    structure's calls ask for the same few)."""
    return tuple(slice(at, at + width) for at in range(0, count * width, width))


def _adler32_of_rows(values: np.ndarray) -> np.ndarray:
    """The Adler-32 of each row of a uint8 matrix (as zlib.adler32 gives it), as uint32."""
    count, size = values.shape
    if size > _ROWS_SUMMED_TOGETHER:
        data = np.ascontiguousarray(values).data.cast("B")
        return np.array([deflate.adler32(data[at : at + size], 1) for at in range(0, count * size, size)], np.uint32)
    # A = 1 + the sum of the bytes, B = the sum of A after each byte: size + sum((size - i) * byte i).
    low = (values.sum(axis=1, dtype=np.int64) + 1) % _ADLER_BASE
    high = ((values * np.arange(size, 0, -1, dtype=np.int64)).sum(axis=1) + size) % _ADLER_BASE
    return ((high << 16) | low).astype(np.uint32)


_PLANS_KEPT = 8
_plans: list[SamplePlan] = []  # the last ones asked for, the latest first
_plans_lock = threading.Lock()


def plan_for(
    keys: list[str],
    layouts: tuple[SampleLayout, ...],
    copies: Sequence[torch.Tensor],
    source_shapes: tuple[list[int], ...],
    aliases: dict[str, str],
) -> SamplePlan:
    """The plan for samples of `keys` with these layouts, reduced copies and source shapes
    of their outputs (in blob order), and `aliases`: a plan kept from an earlier call
    where one was made for exactly these, else a new one."""
    latest = _latest_for(keys, layouts, copies, source_shapes, aliases)
    if latest is not None:
        return latest
    signature: Signature = (
        keys,
        layouts,
        list(map(_shape, copies)),
        list(map(_dtype, copies)),
        source_shapes,
        aliases,
    )
    with _plans_lock:
        for at, plan in enumerate(_plans):
            if plan.signature == signature:
                _plans.insert(0, _plans.pop(at))
                plan.served = _references(copies)
                return plan
    # Its own copies of the caller's lists and dicts: kept for later calls.
    plan = SamplePlan((list(keys), layouts, *signature[2:4], tuple(map(list, source_shapes)), dict(aliases)))
    plan.served = _references(copies)
    with _plans_lock:
        _plans.insert(0, plan)
        del _plans[_PLANS_KEPT:]
    return plan


def _latest_for(
    keys: list[str],
    layouts: tuple[SampleLayout, ...],
    copies: Sequence[torch.Tensor],
    source_shapes: tuple[list[int], ...],
    aliases: dict[str, str],
) -> SamplePlan | None:
    """The plan plan_for handed out last, where it was for these very copies (a known
    structure's next call: its CopyBuffer's slots again), and for these keys, layouts,
    source shapes and aliases: their shapes and dtypes need not be read, the copies
    being ours, which nothing resizes."""
    with _plans_lock:
        plan = _plans[0] if _plans else None
    if plan is None:
        return None
    served = plan.served
    if not referenced(served, copies):
        return None
    planned_keys, planned_layouts, _, _, planned_sources, planned_aliases = plan.signature
    if planned_keys == keys and planned_layouts == layouts and planned_sources == source_shapes:
        return plan if planned_aliases == aliases else None
    return None


def _references(copies: Sequence[torch.Tensor]) -> list[weakref.ref]:
    """Weak references to the copies (none where one takes none)."""
    try:
        return [weakref.ref(copy) for copy in copies]
    except TypeError:
        return []
