"""Reads what the writer stored, through TensorBoard's data provider API only.

TensorBoard has two loaders (the Rust data server, and the Python event multiplexer used
with `--load_fast=false` and on platforms without the data server). Both are reached
through the same `DataProvider` calls, so reading only through them makes the plugin
behave the same on both. Reads are lazy: a request fetches the blob index of one
(run, tag), then only the blobs it needs (see docs/format.md for the layout).

Requests that need many blobs (every step of a run, a first listing) read them on a few
threads: each blob read from the Rust data server takes about 45 ms when made alone
(its responses wait on TCP acknowledgements), while concurrent reads overlap.

Caches never serve stale data after a reload: blob indexes are revalidated against the
cheap `list_blob_sequences` summary, and decoded documents are keyed by (step, wall time)
or by content hash, because a resumed run can replace a step's record under the same key.

This module must stay importable without torch or numpy: the plugin server uses it.
"""

import bisect
import collections
import concurrent.futures
import threading
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from typing import Any, TypeAlias, TypeVar, cast

from tensorboard import context as tb_context
from tensorboard import errors as tb_errors
from tensorboard.data import provider as tb_provider

from tensorboard_modelviz.format import codec, metadata, metrics
from tensorboard_modelviz.format.documents import ServedStepDocument, StructureDocument

# TensorBoard's types, which its modules do not declare to a type checker.
Context: TypeAlias = Any  # tensorboard.context.RequestContext
BlobDatum: TypeAlias = Any  # tensorboard.data.provider.BlobSequenceDatum: .step, .wall_time, .values
BlobSeries: TypeAlias = Any  # tensorboard.data.provider.BlobSequenceTimeSeries: a tag's listing
Records = tuple[tuple[int, float], ...]  # (step, wall time) of every stored record
# What reading one step document gives: (the document, its size: bytes of its JSON, and of
# its columns in format version 2, codec.decode_step), or why not.
ReadResult = tuple[dict[str, Any], int] | codec.FormatError
_Item = TypeVar("_Item")
_Result = TypeVar("_Result")

# `read_blob_sequences` always downsamples; a count above any real step count keeps every
# step the loader retained (how many it retains is set by `--samples_per_plugin`).
ALL_STEPS = 2**31 - 1

# Concurrent blob reads per request; more does not help (see the module docstring).
READ_THREADS = 8

# Step documents read (in parallel) at a time by a series, which reads the next chunk
# while the last is used: bounds the memory of reading a long run (StepSeries). Fewer
# where the documents are large: a chunk holds about _SERIES_CHUNK_BYTES of JSON, judged
# by the chunk before (a ResNet-50's documents: 32 at a time; ones at the format's bound,
# 16 MiB: one at a time).
_SERIES_CHUNK = 4 * READ_THREADS
_SERIES_CHUNK_BYTES = 8 << 20


class DataNotFoundError(LookupError):
    """The requested run, tag, step, layer or sample is not in the log."""


class RunNotFoundError(DataNotFoundError):
    pass


class TagNotFoundError(DataNotFoundError):
    pass


class StepNotFoundError(DataNotFoundError):
    pass


class LayerNotFoundError(DataNotFoundError):
    pass


class SampleNotFoundError(LayerNotFoundError):
    """The layer exists but has no activation sample at that step."""


class MissingStructureError(codec.FormatError):
    """A step refers to a structure document that cannot be found in the log."""


class UnreadableNameError(codec.FormatError):
    """A run or tag name that TensorBoard's loader cannot fetch blobs by (see
    `metadata.unreadable_name`)."""


class _Series:
    """The step index of one stored blob sequence, one record per step."""

    __slots__ = ("signature", "by_step", "steps", "records")

    def __init__(self, signature: tuple[Any, ...], data: Iterable[BlobDatum]) -> None:
        self.signature = signature
        self.by_step: dict[int, BlobDatum] = {}
        # Providers give records in the order they were written; on a duplicate step
        # (a run resumed from a checkpoint) the last-written record wins.
        for datum in data:
            self.by_step[datum.step] = datum
        self.steps = sorted(self.by_step)
        self.records = tuple((step, self.by_step[step].wall_time) for step in self.steps)


class _Structure:
    """A decoded structure document and its layer rows by key."""

    __slots__ = ("document", "rows", "json_bytes")

    def __init__(self, document: StructureDocument, json_bytes: int) -> None:
        self.document = document
        self.rows = {row["key"]: row for row in document["layers"]}
        self.json_bytes = json_bytes


def _cache_units(json_bytes: int, unit: int) -> int:
    """What a decoded document weighs in a cache of `unit`s: one for each `unit` bytes of
    its JSON, at least one. Decoded, a document takes several times its JSON; weighing
    by size keeps a cache of documents near the bound (docs/format.md) from holding gigabytes."""
    return max(1, -(-json_bytes // unit))


_STEP_UNIT = 256 << 10  # a ResNet-50's step document is 134 KB of JSON: one unit
_STRUCTURE_UNIT = 1 << 20  # a GPT-2's structure is about 2 MB: two


class StepSeries:
    """Every readable step document of one (run, tag), in step order, for over-time analysis.

    `records` ((step, wall time) of every stored record, readable or not) identifies the
    series: it changes whenever a step is added or rewritten. `structure` is the structure
    document of the latest step that has one. `documents()` reads the documents, a few
    dozen at a time, and yields them in step order, carrying "step" and "wall_time" as
    `ModelVizReader.step` answers them, so that a long run is never held whole (a
    ResNet-50's step document takes 0.8 MB decoded). Once they are read, `unreadable`
    lists `{"step", "error"}` of the steps that could not be.
    """

    __slots__ = ("records", "structure", "appended", "unreadable", "_start", "_data", "_json_bytes")

    def __init__(
        self,
        records: Records,
        structure: StructureDocument | None,
        start: Callable[[Sequence[BlobDatum]], Iterator[ReadResult]],
        data: Sequence[BlobDatum],
        appended: bool = False,
        json_bytes: int | None = None,
    ) -> None:
        self.records = records
        self.structure = structure
        # True: `documents()` gives only the steps appended after the records a caller
        # already read (ModelVizReader.step_series's `after`), and `structure` is None.
        self.appended = appended
        self.unreadable: list[dict[str, Any]] = []
        self._start = start  # [datum, ...] -> iterator of (document, JSON bytes) or FormatError
        self._data = data
        self._json_bytes = json_bytes  # of a document of the series read already, if any

    def documents(self) -> Iterator[ServedStepDocument]:
        self.unreadable = []
        # Without a document's size to go by, one is read first.
        position, size = 0, 1 if self._json_bytes is None else _chunk_size([self._json_bytes])
        chunk = self._data[:size]
        reading = self._start(chunk) if chunk else iter(())
        while chunk:
            results = list(reading)  # the documents of this chunk, and their JSON's bytes
            read = [result[1] for result in results if not isinstance(result, codec.FormatError)]
            if read:
                size = _chunk_size(read)
            position += len(chunk)
            # The next chunk is read while this one is used: a blob read from the Rust
            # data server mostly waits (see the module docstring).
            next_chunk = self._data[position : position + size]
            reading = self._start(next_chunk) if next_chunk else iter(())
            for datum, result in zip(chunk, results):
                if isinstance(result, codec.FormatError):
                    self.unreadable.append({"step": datum.step, "error": str(result)})
                else:
                    yield result[0]  # type: ignore[misc]  # carries "step" and "wall_time"
            del results
            chunk = next_chunk


def _chunk_size(json_bytes: Sequence[int]) -> int:
    """How many documents to read at a time, given the sizes of some read before."""
    average = max(1, sum(json_bytes) // len(json_bytes))
    return max(1, min(_SERIES_CHUNK, _SERIES_CHUNK_BYTES // average))


class LRUCache:
    """A small thread-safe least-recently-used map, bounded by the total `weigh(value)`."""

    def __init__(self, capacity: int, weigh: Callable[[Any], int] = lambda value: 1) -> None:
        self._capacity = capacity
        self._weigh = weigh
        self._weight = 0
        self._items: collections.OrderedDict[Hashable, Any] = collections.OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Any:
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key: Hashable, value: Any) -> None:
        """Keeps `value`, unless it alone weighs more than the whole cache may."""
        weight = self._weigh(value)
        with self._lock:
            if key in self._items:
                self._weight -= self._weigh(self._items.pop(key))
            if weight > self._capacity:
                return
            self._items[key] = value
            self._weight += weight
            while self._weight > self._capacity and len(self._items) > 1:
                self._weight -= self._weigh(self._items.popitem(last=False)[1])


_Error = TypeVar("_Error", bound=Exception)


def _located(error: _Error, run: str, tag: str, step: int | None = None) -> _Error:
    """The same error type with where it happened prepended, for messages people read."""
    where = "run %r, tag %r" % (run, tag)
    if step is not None:
        where += ", step %d" % step
    return type(error)("%s: %s" % (where, error))


def _check_step_document(document: dict[str, Any]) -> dict[str, Any]:
    # None: the writer could not build the structure at this step (see capture.warnings).
    if document.get("structure") is not None and not isinstance(document["structure"], str):
        raise codec.FormatError("step document's structure hash is not a string")
    document.setdefault("structure", None)
    for field in metrics.PER_LAYER_SOURCES:  # output_grads only with grad_flow=True
        if not isinstance(document.get(field, {}), dict):
            raise codec.FormatError("step document field %r is not an object" % field)
    for field in ("activations", "params", "grads", "updates", "samples"):
        if not isinstance(document.setdefault(field, {}), dict):
            raise codec.FormatError("step document field %r is not an object" % field)
    return document


_NUMBER_FIELDS = ("numel", "mean", "std", "min", "max", "absmax", "zeros", "nan", "inf", "norm")


def _is_number(value: object) -> bool:
    return value is None or type(value) is int or type(value) is float


def is_histogram(value: object) -> bool:
    """Whether `value` is a stored histogram ({"lo", "hi", "n", "counts"} of numbers)."""
    return (
        isinstance(value, dict)
        and _is_number(value.get("lo"))
        and _is_number(value.get("hi"))
        and _is_number(value.get("n"))
        and isinstance(value.get("counts"), list)
        and all(map(_is_number, value["counts"]))
    )


def _check_statistics(document: dict[str, Any]) -> None:
    """FormatError unless every statistic in a step document is a number (or null) and it
    nests no deeper than documents do. For the documents sent on as they are (the step
    route, and through it the dashboard, which formats them as numbers); the over-time
    analyses read numbers defensively and do not pay for this."""
    codec.check_depth(document)
    for field in ("activations", "params", "grads"):
        for name, stats in document[field].items():
            if not isinstance(stats, dict) or not all(map(_is_number, map(stats.get, _NUMBER_FIELDS))):
                raise codec.FormatError("the statistics of %r in %r are not numbers" % (name, field))
            hist = stats.get("hist")
            if hist is not None and not is_histogram(hist):
                raise codec.FormatError("the histogram of %r in %r is not numbers" % (name, field))
            estimated = stats.get("estimated")
            if estimated is not None and not (
                isinstance(estimated, list) and all(isinstance(e, str) for e in estimated)
            ):
                raise codec.FormatError("the estimated fields of %r in %r are not names" % (name, field))
    if not all(map(_is_number, document["updates"].values())):
        raise codec.FormatError("step document's update ratios are not numbers")
    for field in metrics.PER_LAYER_SOURCES:
        if not all(map(_is_number, document.get(field, {}).values())):
            raise codec.FormatError("step document's %r values are not numbers" % field)
    if not all(isinstance(entry, dict) for entry in document["samples"].values()):
        raise codec.FormatError("step document's sample directory holds an entry that is not an object")
    capture = document.get("capture")
    if capture is not None and not (
        isinstance(capture, dict)
        and isinstance(capture.get("warnings", []), list)
        and all(isinstance(w, str) for w in capture.get("warnings", []))
    ):
        raise codec.FormatError("step document's capture notes are not a list of sentences")
    fingerprint = document.get("input_fingerprint")
    if fingerprint is not None and not isinstance(fingerprint, str):
        raise codec.FormatError("step document's input fingerprint is not a string")


_ROW_TEXT = ("key", "name", "type")
_ROW_NUMBERS = ("depth", "call", "calls", "params", "params_total", "trainable", "frozen", "flops", "output_bytes")
_NODE_KINDS = ("input", "output", "module", "op")


def _check_structure_document(document: dict[str, Any]) -> StructureDocument:
    if not isinstance(document.get("hash"), str):
        raise codec.FormatError("structure document has no hash")
    for field in ("nodes", "edges", "layers"):
        if not isinstance(document.get(field), list):
            raise codec.FormatError("structure document field %r is not a list" % field)
    for row in document["layers"]:
        if not isinstance(row, dict) or not isinstance(row.get("key"), str):
            raise codec.FormatError("structure document has a layer row without a key")
        if (
            not all(isinstance(row.get(field, ""), str) for field in _ROW_TEXT)
            or not isinstance(row.get("parent"), (str, type(None)))
            or not all(map(_is_number, map(row.get, _ROW_NUMBERS)))
            or not all(
                isinstance(row.get(field, []), list) for field in ("input_shapes", "output_shapes", "param_names")
            )
            or not all(isinstance(name, str) for name in row.get("param_names", []))
            or not isinstance(row.get("param_bytes", {}), dict)
            or not isinstance(row.get("extra", ""), str)
        ):
            raise codec.FormatError("structure document's layer row %r has fields of the wrong type" % row["key"][:200])
    _check_graph(document["nodes"], document["edges"], "structure document")
    backward = document.get("backward")  # absent in documents written before it
    if backward is not None:
        if not isinstance(backward, dict):
            raise codec.FormatError("structure document field 'backward' is not an object")
        for field in ("nodes", "edges", "unreachable"):
            if not isinstance(backward.get(field), list):
                raise codec.FormatError("structure document field 'backward.%s' is not a list" % field)
        _check_graph(backward["nodes"], backward["edges"], "structure document's backward graph")
        if backward.get("error") is not None and not isinstance(backward["error"], str):
            raise codec.FormatError("structure document field 'backward.error' is not a string")
    return cast(StructureDocument, document)  # what the server relies on: checked above


def _check_graph(nodes: list[Any], edges: list[Any], where: str) -> None:
    """FormatError unless `nodes` and `edges` are a graph as docs/format.md describes it:
    nodes of a known kind with text labels and a parent among them, edges between them."""
    count = len(nodes)
    for node in nodes:
        parent = node.get("parent") if isinstance(node, dict) else None
        if (
            not isinstance(node, dict)
            or node.get("kind") not in _NODE_KINDS
            or not isinstance(node.get("label", ""), str)
            or not isinstance(node.get("name", ""), str)
            or not (parent is None or (type(parent) is int and 0 <= parent < count))
        ):
            raise codec.FormatError("%s has a graph node that is not one" % where)
    for edge in edges:
        if not (
            isinstance(edge, dict)
            and type(edge.get("src")) is int
            and type(edge.get("dst")) is int
            and 0 <= edge["src"] < count
            and 0 <= edge["dst"] < count
        ):
            raise codec.FormatError("%s has an edge between nodes that do not exist" % where)


class ModelVizReader:
    """The plugin's view of one experiment: runs, structures, steps, samples, step series.

    Methods take an optional TensorBoard `RequestContext` (the plugin passes the request's,
    so that TensorBoard's auth providers see it). Unknown names raise a `DataNotFoundError`
    subclass; unreadable data raises `codec.FormatError` (`codec.NewerFormatError` when
    written by a newer version).
    """

    def __init__(
        self,
        data_provider: tb_provider.DataProvider,
        experiment_id: str = "",
        step_cache_size: int = 64,
        structure_cache_size: int = 64,
        sample_cache_bytes: int = 32 << 20,
    ) -> None:
        """Caches: `step_cache_size` step documents of up to 256 KiB of JSON (a larger one
        counts as one per 256 KiB), `structure_cache_size` MiB of structure JSON (at least
        one per structure), `sample_cache_bytes` of activation samples; an entry larger
        than its whole cache is not kept."""
        self.data_provider = data_provider
        self.experiment_id = experiment_id
        self._lock = threading.Lock()
        self._series: dict[tuple[str, str], _Series] = {}  # (run, stored tag) -> _Series
        self._structure_records: dict[
            tuple[str, str], dict[tuple[int, float], Any]
        ] = {}  # (run, tag) -> {(step, wall_time): hash or FormatError}
        # (run, tag, hash) -> _Structure: a hash is what a record claims, so it is trusted
        # only within the (run, tag) that holds the record.
        self._structures = LRUCache(
            structure_cache_size, weigh=lambda structure: _cache_units(structure.json_bytes, _STRUCTURE_UNIT)
        )
        # (run, tag, step, wall_time) -> (document, bytes of its JSON)
        self._step_documents = LRUCache(step_cache_size, weigh=lambda entry: _cache_units(entry[1], _STEP_UNIT))
        # (run, tag, step, wall_time, blob index) -> (header, values)
        self._samples = LRUCache(sample_cache_bytes, weigh=lambda sample: len(sample[1]) + 1024)
        self._pool: concurrent.futures.ThreadPoolExecutor | None = None

    # --- public reads ------------------------------------------------------------------

    def runs(self, ctx: Context | None = None) -> list[dict[str, Any]]:
        """[{"run", "tags": [{"tag", "steps"}]}], runs and tags sorted, steps ascending."""
        ctx = _context(ctx)
        listing = self._list(ctx)
        step_tags = []  # (run, user tag, stored tag), sorted
        for run in sorted(listing):
            for stored_tag in sorted(listing[run]):
                parsed = metadata.parse_tag(stored_tag)
                if parsed is not None and parsed[1] == "step":
                    step_tags.append((run, parsed[0], stored_tag))
        indexes = self._in_parallel(
            lambda entry: self._series_of(ctx, entry[0], entry[2], listing[entry[0]]), step_tags
        )
        result: list[dict[str, Any]] = []
        for (run, tag, _), series in zip(step_tags, indexes):
            if not result or result[-1]["run"] != run:
                result.append({"run": run, "tags": []})
            result[-1]["tags"].append({"tag": tag, "steps": list(series.steps)})
        return result

    def step(self, run: str, tag: str, step: int, ctx: Context | None = None) -> ServedStepDocument:
        """The step document plus "step" and "wall_time"."""
        ctx = _context(ctx)
        _, datum = self._find_step(ctx, run, tag, step)
        document = dict(self._step_document(ctx, run, tag, datum))
        document["step"] = datum.step
        document["wall_time"] = datum.wall_time
        return document  # type: ignore[return-value]  # checked by _check_step_document

    def previous_step(self, run: str, tag: str, step: int, ctx: Context | None = None) -> ServedStepDocument | None:
        """The step document (as `step` gives it) logged before `step`, the one its update
        ratios are taken against; None for the first step or where it cannot be read."""
        ctx = _context(ctx)
        tags = self._run_tags(ctx, run)
        steps = self._series_of(ctx, run, self._stored_step_tag(run, tag, tags), tags).steps
        index = bisect.bisect_left(steps, step)
        if index == 0:
            return None
        try:
            return self.step(run, tag, steps[index - 1], ctx=ctx)
        except codec.FormatError:
            return None

    def structure(self, run: str, tag: str, step: int, ctx: Context | None = None) -> StructureDocument:
        """The structure document that the step at `step` was recorded with."""
        ctx = _context(ctx)
        tags, datum = self._find_step(ctx, run, tag, step)
        document = self._step_document(ctx, run, tag, datum)
        return self._structure(ctx, run, tag, tags, document["structure"], step).document

    def sample(
        self, run: str, tag: str, step: int, layer: str, ctx: Context | None = None
    ) -> tuple[dict[str, Any], bytes]:
        """One layer's activation sample at one step: (header dict, uint8 bytes).

        Reads only the step document (usually cached) and that one sample blob.
        """
        ctx = _context(ctx)
        tags, datum = self._find_step(ctx, run, tag, step)
        document = self._step_document(ctx, run, tag, datum)
        entry = document["samples"].get(layer)
        if entry is None:
            known = layer in document["activations"] or (
                document["structure"] is not None
                and layer in self._structure(ctx, run, tag, tags, document["structure"], step).rows
            )
            if known:
                raise SampleNotFoundError("layer %r has no activation sample at step %d" % (layer, step))
            raise LayerNotFoundError("run %r, tag %r has no layer %r at step %d" % (run, tag, layer, step))
        index = entry.get("blob") if isinstance(entry, dict) else None
        if type(index) is not int or not 1 <= index < len(datum.values):
            raise _located(
                codec.FormatError(
                    "the sample directory points layer %r at blob %r, which does not exist" % (layer, index)
                ),
                run,
                tag,
                step,
            )
        key = (run, tag, datum.step, datum.wall_time, index)
        cached = self._samples.get(key)
        if cached is not None:
            return cached
        try:
            header, values = codec.decode_sample(self._read_blob(ctx, datum.values[index], step, run, tag))
        except codec.FormatError as e:
            raise _located(e, run, tag, step) from None
        expected = entry.get("source", layer)  # a container shares its last child's sample
        if header.get("key") != expected:
            raise _located(
                codec.FormatError("sample blob %d holds layer %r, not %r" % (index, header.get("key"), expected)),
                run,
                tag,
                step,
            )
        self._samples.put(key, (header, values))
        return header, values

    def step_records(self, run: str, tag: str, ctx: Context | None = None) -> Records:
        """((step, wall time), ...) of every stored step record of (run, tag), ascending.

        Cheap (no blob is read): it tells whether a `step_series` computed before is current.
        """
        ctx = _context(ctx)
        tags = self._run_tags(ctx, run)
        series = self._series_of(ctx, run, self._stored_step_tag(run, tag, tags), tags)
        return series.records

    def step_series(self, run: str, tag: str, ctx: Context | None = None, after: Records | None = None) -> StepSeries:
        """Every step document of (run, tag) and the structure to read them with (StepSeries).

        Documents are read on the reader's threads and are not put into the step cache:
        one pass over hundreds of steps would push out the few the user is looking at
        (and the next pass would find none of its own). Damaged steps are listed in
        `unreadable` instead of failing the whole series; if no step is readable, the
        latest one's error is raised here.

        `after`: the `records` of a series read before. Where the stored records still
        begin with them (steps were only appended since, as in a training run), the
        series holds only the steps after them (`appended`, no structure looked up), so
        that an analysis of the earlier steps can be continued without reading them again.
        """
        ctx = _context(ctx)
        tags = self._run_tags(ctx, run)
        series = self._series_of(ctx, run, self._stored_step_tag(run, tag, tags), tags)
        data = [series.by_step[step] for step in series.steps]

        def read(datum: BlobDatum) -> ReadResult:  # (document, bytes of its JSON) or the FormatError
            try:
                document, json_bytes = self._sized_step_document(ctx, run, tag, datum, remember=False)
            except codec.FormatError as e:
                return e
            document = dict(document)
            document["step"] = datum.step
            document["wall_time"] = datum.wall_time
            return document, json_bytes

        taken: dict[int, ReadResult] = {}  # step -> what finding the structure read: handed on, not read again

        def read_for_structure(datum: BlobDatum) -> ReadResult:
            taken[datum.step] = read(datum)
            return taken[datum.step]

        def read_once(datum: BlobDatum) -> ReadResult:
            return taken.pop(datum.step) if datum.step in taken else read(datum)

        if after is not None and series.records[: len(after)] == after:
            return StepSeries(
                series.records, None, lambda chunk: self._started(read, chunk), data[len(after) :], appended=True
            )
        structure = self._latest_structure(ctx, run, tag, tags, data, read_for_structure)
        sizes = [result[1] for result in taken.values() if not isinstance(result, codec.FormatError)]
        return StepSeries(
            series.records,
            structure,
            lambda chunk: self._started(read_once, chunk),
            data,
            json_bytes=sizes[0] if sizes else None,
        )

    def _latest_structure(
        self,
        ctx: Context,
        run: str,
        tag: str,
        tags: dict[str, BlobSeries],
        data: Sequence[BlobDatum],
        read: Callable[[BlobDatum], ReadResult],
    ) -> StructureDocument:
        """The structure of the latest step that has a readable one (model order for a
        series), reading steps from the last back until one has."""
        failure: codec.FormatError | None = None
        tried = set()
        for datum in reversed(data):
            result = read(datum)
            if isinstance(result, codec.FormatError):
                failure = failure or result
                continue
            structure_hash = result[0]["structure"]
            if structure_hash in tried:
                continue
            tried.add(structure_hash)
            try:
                return self._structure(ctx, run, tag, tags, structure_hash, datum.step).document
            except codec.FormatError as e:
                failure = failure or e
        assert failure is not None  # a series holds at least one step
        raise failure

    def _in_parallel(self, function: Callable[[_Item], _Result], items: Sequence[_Item]) -> list[_Result]:
        """[function(item) for item in items], on the reader's threads when there are several."""
        return list(self._started(function, items))

    def _started(self, function: Callable[[_Item], _Result], items: Sequence[_Item]) -> Iterator[_Result]:
        """function(item) for each of `items`, started now on the reader's threads when
        there are several: an iterator over the results, in order."""
        if len(items) < 2:
            return iter([function(item) for item in items])
        with self._lock:
            if self._pool is None:
                self._pool = concurrent.futures.ThreadPoolExecutor(READ_THREADS, thread_name_prefix="modelviz-reader")
        return self._pool.map(function, items)

    # --- indexes -----------------------------------------------------------------------

    def _list(self, ctx: Context, run: str | None = None) -> dict[str, dict[str, BlobSeries]]:
        run_tag_filter = tb_provider.RunTagFilter(runs=[run]) if run is not None else None
        return self.data_provider.list_blob_sequences(
            ctx, experiment_id=self.experiment_id, plugin_name=metadata.PLUGIN_NAME, run_tag_filter=run_tag_filter
        )

    def _run_tags(self, ctx: Context, run: str) -> dict[str, BlobSeries]:
        """{stored tag: BlobSequenceTimeSeries} of this plugin's data in `run`."""
        tags = self._list(ctx, run).get(run)
        if not tags:
            raise RunNotFoundError("there is no model viz data for run %r" % run)
        return tags

    @staticmethod
    def _stored_step_tag(run: str, tag: str, tags: dict[str, BlobSeries]) -> str:
        stored_tag = metadata.step_tag(tag)
        if stored_tag not in tags:
            raise TagNotFoundError("run %r has no model viz tag %r" % (run, tag))
        return stored_tag

    def _series_of(self, ctx: Context, run: str, stored_tag: str, tags: dict[str, BlobSeries]) -> _Series:
        """The step index of (run, stored_tag), re-read only when the listing changed."""
        time_series = tags[stored_tag]
        signature = (time_series.max_step, time_series.max_wall_time, time_series.max_length)
        with self._lock:
            series = self._series.get((run, stored_tag))
        if series is not None and series.signature == signature:
            return series
        data = self.data_provider.read_blob_sequences(
            ctx,
            experiment_id=self.experiment_id,
            plugin_name=metadata.PLUGIN_NAME,
            downsample=ALL_STEPS,
            run_tag_filter=tb_provider.RunTagFilter(runs=[run], tags=[stored_tag]),
        )
        series = _Series(signature, data.get(run, {}).get(stored_tag, []))
        with self._lock:
            self._series[(run, stored_tag)] = series
        return series

    def _find_step(self, ctx: Context, run: str, tag: str, step: int) -> tuple[dict[str, BlobSeries], BlobDatum]:
        tags = self._run_tags(ctx, run)
        series = self._series_of(ctx, run, self._stored_step_tag(run, tag, tags), tags)
        datum = series.by_step.get(step)
        if datum is None:
            raise StepNotFoundError("run %r, tag %r has no step %d" % (run, tag, step))
        return tags, datum

    def _read_blob(
        self, ctx: Context, blob_reference: tb_provider.BlobReference, step: int, run: str, tag: str
    ) -> bytes:
        try:
            return self.data_provider.read_blob(ctx, blob_key=blob_reference.blob_key)
        except tb_errors.NotFoundError:
            raise StepNotFoundError("step %d is no longer in the log (it was reloaded); refresh" % step) from None
        except tb_errors.InvalidArgumentError:
            for what, name in (("run", run), ("tag", tag)):
                character = metadata.unreadable_name(name)
                if character is not None:
                    raise UnreadableNameError(
                        "the %s name %r holds %r, which TensorBoard's default loader cannot read "
                        "data by (a double quote, a backslash or a control character): rename "
                        "the %s, or start tensorboard with --load_fast=false"
                        % (what, name[:200], character, "run directory" if what == "run" else "tag")
                    ) from None
            raise

    # --- documents ---------------------------------------------------------------------

    def _step_document(
        self, ctx: Context, run: str, tag: str, datum: BlobDatum, remember: bool = True
    ) -> dict[str, Any]:
        return self._sized_step_document(ctx, run, tag, datum, remember)[0]

    def _sized_step_document(
        self, ctx: Context, run: str, tag: str, datum: BlobDatum, remember: bool = True
    ) -> tuple[dict[str, Any], int]:
        """(the step document, bytes of its JSON), from the cache or read; `remember`:
        checked for the routes that send it on (_check_statistics) and cached."""
        key = (run, tag, datum.step, datum.wall_time)
        cached = self._step_documents.get(key)
        if cached is not None:
            return cached
        try:
            if not datum.values:
                raise codec.FormatError("the step record holds no blobs")
            blob = self._read_blob(ctx, datum.values[0], datum.step, run, tag)
            document, json_bytes = codec.decode_step(blob, with_size=True)
            _check_step_document(document)
            if remember:
                _check_statistics(document)
        except codec.FormatError as e:
            raise _located(e, run, tag, datum.step) from None
        if remember:
            self._step_documents.put(key, (document, json_bytes))
        return document, json_bytes

    def _structure(
        self, ctx: Context, run: str, tag: str, tags: dict[str, BlobSeries], structure_hash: str | None, step: int
    ) -> _Structure:
        """The structure with `structure_hash`, found among the run's structure records.

        Which record holds which hash is remembered, so a structure evicted from the cache
        is re-read from its one record; records that fail to decode are remembered too.
        """
        if structure_hash is None:
            raise MissingStructureError(
                "run %r, tag %r: no structure was recorded at step %d (the capture failed "
                "there; its step document's capture.warnings say why)" % (run, tag, step)
            )
        structure = self._structures.get((run, tag, structure_hash))
        if structure is not None:
            return structure
        stored_tag = metadata.structure_tag(tag)
        if stored_tag not in tags:
            raise MissingStructureError(
                "run %r, tag %r has no structure records; step %d cannot be shown" % (run, tag, step)
            )
        series = self._series_of(ctx, run, stored_tag, tags)
        current = {(d.step, d.wall_time): d for d in series.by_step.values()}
        with self._lock:
            known = self._structure_records.setdefault((run, tag), {})
            for record in list(known):
                if record not in current:
                    del known[record]
            known_now = dict(known)
        failures = []
        for record in sorted(current):
            found = known_now.get(record)
            if isinstance(found, codec.FormatError):
                failures.append(found)
                continue
            if found is not None and found != structure_hash:
                continue
            try:
                structure = self._read_structure(ctx, current[record], run, tag)
                found = structure.document["hash"]
                self._structures.put((run, tag, found), structure)
            except codec.FormatError as e:
                found = _located(e, run, tag, record[0])
                failures.append(found)
            with self._lock:
                known[record] = found
            if found == structure_hash:
                return structure
        newer = [e for e in failures if isinstance(e, codec.NewerFormatError)]
        if newer:
            raise newer[0]
        detail = "; unreadable structure records: %s" % failures[0] if failures else ""
        raise MissingStructureError(
            "run %r, tag %r: step %d uses model structure %s, which is not in the log%s"
            % (run, tag, step, structure_hash[:12], detail)
        )

    def _read_structure(self, ctx: Context, datum: BlobDatum, run: str, tag: str) -> _Structure:
        if not datum.values:
            raise codec.FormatError("the structure record holds no blobs")
        blob = self._read_blob(ctx, datum.values[0], datum.step, run, tag)
        document, json_bytes = codec.decode_structure(blob, with_size=True)
        return _Structure(_check_structure_document(document), json_bytes)


def _context(ctx: Context | None) -> Context:
    return ctx if ctx is not None else tb_context.RequestContext()


def open_logdir(logdir: str, experiment_id: str = "") -> ModelVizReader:
    """A reader over `logdir` loaded once by TensorBoard's Python loader, keeping every step.

    For scripts and tests; the TensorBoard plugin reads through TensorBoard's own provider.
    """
    from tensorboard.backend.event_processing import data_ingester, plugin_event_multiplexer
    from tensorboard.backend.event_processing.data_provider import MultiplexerDataProvider

    size_guidance = dict(data_ingester.DEFAULT_TENSOR_SIZE_GUIDANCE)
    size_guidance[metadata.PLUGIN_NAME] = 0  # 0 keeps every step
    multiplexer = plugin_event_multiplexer.EventMultiplexer(
        size_guidance=data_ingester.DEFAULT_SIZE_GUIDANCE, tensor_size_guidance=size_guidance
    )
    multiplexer.AddRunsFromDirectory(logdir)
    multiplexer.Reload()
    return ModelVizReader(MultiplexerDataProvider(multiplexer, logdir), experiment_id)
