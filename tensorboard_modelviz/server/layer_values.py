"""Per-step values: every per-layer statistic of one step document, and the layer table
they are keyed by.

Functions over decoded documents (docs/format.md): step documents as `reader.step()`
returns them and structure documents as `reader.structure()` returns them. Values are
floats or ints, None where a value is missing or not finite. No torch or numpy: the
plugin server calls these. The over-time series (analysis.py), the alerts (alerts.py)
and the diffs (diffs.py) all read their numbers from here, so that every view shows
the same number under the same name.

A "layer" is a row of the structure's layer table, identified by its key (`fc1#0`).
Activation statistics belong to the call; parameter statistics to the parameters
registered directly on the module (`param_names`), so a container without parameters
of its own has none, and every call of a module called twice shows the same ones.
"""

import functools
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple, TypeAlias, TypedDict, TypeVar

from tensorboard_modelviz.format import metrics
from tensorboard_modelviz.format.documents import (
    ParameterStats,
    ServedStepDocument,
    StepDocument,
    StructureDocument,
    TensorStats,
)

StepValues: TypeAlias = dict[str, dict[str, float | None]]
"""{statistic: {layer key: value or None}} of one step (`step_values_of`)."""

_Stats = TypeVar("_Stats", TensorStats, ParameterStats)


STATISTICS = {key: metrics.BY_KEY[key] for key in metrics.OVER_TIME}
"""The metrics read from step documents (format/metrics.py), by key: the layer × step
matrices', Trends', Compare's and the overlay's, all computed by `step_values_of`."""


# Decoded JSON holds exact ints and floats; `type(...) is` also keeps bools out, and is
# the fast test (these run for every cell of a 100 × 150 matrix).


def as_number(value: Any) -> float | None:
    """A finite float, or None for anything else (missing, null, bool, text): `value` is
    anything decoded from JSON."""
    kind = type(value)
    if kind is float:
        return value if math.isfinite(value) else None
    return float(value) if kind is int else None


def as_count(value: Any) -> int:
    return value if type(value) is int and value >= 0 else 0


def stats_of(container: Mapping[str, _Stats] | None, name: str) -> _Stats | None:
    """The STATS object stored under `name`, or None."""
    stats: _Stats | None = container.get(name) if isinstance(container, dict) else None
    return stats if isinstance(stats, dict) else None


def _rms(stats: TensorStats) -> float | None:
    """Root mean square of the finite values, from mean and (sample) std.

    sum of squares = (n − 1)·std² + n·mean² over the n finite values.
    """
    n = as_count(stats.get("numel")) - as_count(stats.get("nan")) - as_count(stats.get("inf"))
    mean, std = as_number(stats.get("mean")), as_number(stats.get("std"))
    if n <= 0 or mean is None or std is None:
        return None
    return math.sqrt(max(0.0, ((n - 1) * std * std + n * mean * mean) / n))


def nonfinite_of(stats: TensorStats) -> int | None:
    """NaN + Inf count of a STATS object; None if it records neither."""
    nan, inf = stats.get("nan"), stats.get("inf")
    if type(nan) is not int and type(inf) is not int:
        return None
    return as_count(nan) + as_count(inf)


def _activation_value(stats: TensorStats, field: str) -> float | None:
    if field == "rms":
        return _rms(stats)
    if field == "nonfinite":
        return nonfinite_of(stats)
    return as_number(stats.get(field))


def _combined_norm(container: Mapping[str, ParameterStats] | None, names: Iterable[str]) -> float | None:
    """sqrt(Σ ‖p‖²) over the named parameters (or gradients) present; None if none are."""
    total, found = 0.0, False
    for name in names:
        stats = stats_of(container, name)
        norm = as_number(stats.get("norm")) if stats else None
        if norm is not None:
            total += norm * norm
            found = True
    return math.sqrt(total) if found else None


def _combined_nonfinite(container: Mapping[str, ParameterStats] | None, names: Iterable[str]) -> int | None:
    found = [nonfinite_of(s) for s in (stats_of(container, name) for name in names) if s is not None]
    counts = [c for c in found if c is not None]
    return sum(counts) if counts else None


def _update_ratio(document: StepDocument, previous: StepDocument | None, names: Iterable[str]) -> float | None:
    """The layer's update ratio ‖ΔW‖ / ‖W(t′)‖ over all of its own parameters together.

    Per parameter the writer stores r_i = ‖ΔW_i‖ / ‖W_i(t′)‖. With b_i = ‖W_i(t′)‖,
    ‖ΔW‖² = Σ (r_i·b_i)² and ‖W(t′)‖² = Σ b_i², so

        ratio = sqrt(Σ r_i² b_i²) / sqrt(Σ b_i²)

    a weighted combination in which the big weight matrix counts more than its small
    bias. b_i is the parameter's norm in `previous` (the logged step before this one),
    exact when that step was the writer's previous call; without it (first step given,
    or steps left out) the current norm ‖W_i(t)‖ stands in, which differs from b_i by
    at most the update itself. None if any parameter's ratio was not finite.
    """
    updates = document.get("updates")
    if not isinstance(updates, dict):
        return None
    numerator = denominator = 0.0
    found = False
    for name in names:
        if name not in updates:
            continue  # new at this call (or updates off): no ratio for it
        ratio = as_number(updates[name])
        if ratio is None:
            return None
        stats = stats_of(previous.get("params"), name) if previous else None
        stats = stats or stats_of(document.get("params"), name)
        base = as_number(stats.get("norm")) if stats else None
        if base is None:
            # No norms (param_stats off): weigh every parameter alike.
            base = 1.0
        numerator += (ratio * base) ** 2
        denominator += base * base
        found = True
    if not found:
        return None
    if denominator == 0.0:
        return 0.0 if numerator == 0.0 else None
    return math.sqrt(numerator / denominator)


class LayerDescription(TypedDict):
    """A layer as the matrices and diffs name it (`Layers.describe`)."""

    key: str
    name: str
    type: str | None
    depth: int | None


class NoGradient(NamedTuple):
    """A trainable parameter that the backward graph's scalar does not reach."""

    parameter: str
    message: str  # why (docs/format.md's `unreachable`)


class Layers:
    """The layer table of a structure, prepared once: order, parents, own parameters.

    Every field of a row but its `key` is read with a default, so a table guessed from a
    step's own keys (diffs.py, a step without its structure) serves as well.
    """

    def __init__(self, structure: StructureDocument) -> None:
        if not isinstance(structure, dict) or not isinstance(structure.get("layers"), list):
            raise ValueError("structure must be a structure document with a 'layers' list")
        self.rows = [row for row in structure["layers"] if isinstance(row, dict) and isinstance(row.get("key"), str)]
        self.keys = [row["key"] for row in self.rows]
        self.by_key = {row["key"]: row for row in self.rows}
        self.parent = {row["key"]: row.get("parent") for row in self.rows}
        self.param_names: dict[str, list[str]] = {}
        for row in self.rows:
            names = row.get("param_names")
            self.param_names[row["key"]] = [n for n in names if isinstance(n, str)] if isinstance(names, list) else []
        # Parameter-based checks look at each module once: its first call (or its row if
        # it never ran), in model order.
        self.modules = [row["key"] for row in self.rows if self.param_names[row["key"]] and row.get("call", 0) == 0]
        self.output_modules = _output_module_nodes(structure)
        self.unreachable = _unreachable_parameters(structure)

    def describe(self, key: str) -> LayerDescription:
        row: Mapping[str, Any] = self.by_key.get(key, {})
        return {
            "key": key,
            "name": row.get("name", key.rpartition("#")[0]),
            "type": row.get("type"),
            "depth": row.get("depth"),
        }

    def label(self, key: str) -> str:
        row: Mapping[str, Any] = self.by_key.get(key, {})
        name = row.get("name", key.rpartition("#")[0]) or "<root>"
        calls = row.get("calls")
        where = " call %s" % key.rpartition("#")[2] if isinstance(calls, int) and calls > 1 else ""
        return "%s (%s)%s" % (name, row.get("type", "?"), where)

    def without_ancestors(self, keys: Iterable[str]) -> list[str]:
        """`keys` minus those that enclose another of `keys`.

        A container returning its last child's output has that child's statistics; a
        problem is named at the innermost module that shows it.
        """
        keys = list(keys)
        enclosing = set()
        for key in keys:
            parent = self.parent.get(key)
            seen = 0
            while parent is not None and seen < len(self.rows):
                enclosing.add(parent)
                parent = self.parent.get(parent)
                seen += 1
        return [key for key in keys if key not in enclosing]


def _output_module_nodes(structure: StructureDocument) -> set[int]:
    """Graph ids of the module nodes that enclose an op producing a model output."""
    nodes = structure.get("nodes")
    edges = structure.get("edges")
    if not isinstance(nodes, list) or not isinstance(edges, list):
        return set()
    outputs = {i for i, n in enumerate(nodes) if isinstance(n, dict) and n.get("kind") == "output"}
    found = set()
    for edge in edges:
        if not isinstance(edge, dict) or edge.get("dst") not in outputs:
            continue
        node_id: object = edge.get("src")
        for _ in range(len(nodes)):
            if not isinstance(node_id, int) or not 0 <= node_id < len(nodes):
                break
            node = nodes[node_id]
            if not isinstance(node, dict):
                break
            if node.get("kind") == "module":
                found.add(node_id)
            node_id = node.get("parent")
    return found


_PER_LAYER_SOURCES = [
    (key, metric.source) for key, metric in STATISTICS.items() if metric.source in metrics.PER_LAYER_SOURCES
]
"""Metrics stored in the step document as {layer key: value} under their source's name."""

_ACTIVATION_FIELDS = [
    (key, key[len("activation_") :])
    for key, metric in STATISTICS.items()
    if metric.source == "activation" and key != "activation_saturated"
]


def step_values_of(layers: Layers, document: StepDocument, previous: StepDocument | None) -> StepValues:
    """Every statistic of every layer in one step document: {statistic: {layer key: value
    or None}}. `previous`: the logged step before it, which the update ratios are taken
    against (see `_update_ratio`). One pass for all statistics, since the over-time
    routes need every one of them for every step and layer."""
    values: StepValues = {name: {} for name in STATISTICS}
    activations, params, grads = document.get("activations"), document.get("params"), document.get("grads")
    for key in layers.keys:
        stats = stats_of(activations, key)
        for name, field in _ACTIVATION_FIELDS:
            values[name][key] = None if stats is None else _activation_value(stats, field)
        bounds = BOUNDED_ACTIVATIONS.get(layers.by_key[key].get("type")) if stats is not None else None
        values["activation_saturated"][key] = (
            _near_bound_fraction(stats, *bounds) if stats is not None and bounds else None
        )
        names = layers.param_names.get(key, [])
        own = bool(names)
        values["param_norm"][key] = _combined_norm(params, names) if own else None
        values["param_nonfinite"][key] = _combined_nonfinite(params, names) if own else None
        values["grad_norm"][key] = _combined_norm(grads, names) if own else None
        values["grad_nonfinite"][key] = _combined_nonfinite(grads, names) if own else None
        values["update_ratio"][key] = _update_ratio(document, previous, names) if own else None
    for metric_key, source in _PER_LAYER_SOURCES:
        stored = document.get(source)
        stored = stored if isinstance(stored, dict) else {}
        values[metric_key] = {key: as_number(stored.get(key)) for key in layers.keys}
    _subtree_values(layers, document, previous, values)
    return values


_STRUCTURE_FIELDS = {"flops": "flops", "params": "params_total", "output_bytes": "output_bytes"}
"""The metrics from the structure's layer table, and the row field each is."""


def values_at(structure: StructureDocument, document: StepDocument, previous: StepDocument | None) -> dict[str, Any]:
    """Every metric of format/metrics.py at one step, for the graph overlay and the
    panels: {"values": {metric: {layer key: value}}, "ops": {"flops": {graph node id:
    value}}}. `document`: the step, `previous`: the logged step before it (None for the
    first), so that each number is the one the over-time series has for that step."""
    layers = Layers(structure)
    values: StepValues = {
        key: {k: v for k, v in by_layer.items() if v is not None}
        for key, by_layer in step_values_of(layers, document, previous).items()
    }
    for metric_key, field in _STRUCTURE_FIELDS.items():
        values[metric_key] = {
            row["key"]: as_number(row.get(field)) for row in layers.rows if as_number(row.get(field)) is not None
        }
    nodes = structure.get("nodes") if isinstance(structure.get("nodes"), list) else []
    op_flops = {
        str(i): as_number(node.get("flops"))
        for i, node in enumerate(nodes)
        if isinstance(node, dict) and node.get("kind") == "op" and as_number(node.get("flops")) is not None
    }
    return {"values": {m.key: values[m.key] for m in metrics.METRICS}, "ops": {"flops": op_flops}}


@functools.lru_cache(maxsize=65536)
def _module_names(parameter: str) -> tuple[str, ...]:
    """The modules a parameter lies inside, outermost first: "" (the model), "a", "a.b"
    for "a.b.weight"."""
    parts = parameter.split(".")[:-1]
    return ("",) + tuple(".".join(parts[:i]) for i in range(1, len(parts) + 1))


def _subtree_values(layers: Layers, document: StepDocument, previous: StepDocument | None, values: StepValues) -> None:
    """The "subtree" metrics (format/metrics.py): over every parameter inside each
    layer's module, by name, so that a container has the values of all it holds. Each
    parameter's share is computed once and added to every module it lies inside; the
    sums are those of `_combined_norm` and `_update_ratio`."""
    grads, updates = document.get("grads"), document.get("updates")
    squares: dict[str, float] = {}  # module name -> Σ ‖g‖² of the gradients inside it
    for name in grads if isinstance(grads, dict) else ():
        stats = stats_of(grads, name)
        norm = as_number(stats.get("norm")) if stats else None
        if norm is not None:
            for module in _module_names(name):
                squares[module] = squares.get(module, 0.0) + norm * norm
    # module name -> [Σ (r·b)², Σ b²], or None where a ratio inside is not finite
    sums: dict[str, list[float] | None] = {}
    for name in updates if isinstance(updates, dict) else ():
        ratio = as_number(updates[name])
        if ratio is not None:
            stats = stats_of(previous.get("params"), name) if previous else None
            stats = stats or stats_of(document.get("params"), name)
            norm = as_number(stats.get("norm")) if stats else None
            base = 1.0 if norm is None else norm  # no norms (param_stats off): weigh alike
        for module in _module_names(name):
            if ratio is None:
                sums[module] = None
            elif module not in sums:
                sums[module] = [(ratio * base) ** 2, base * base]
            elif (found := sums[module]) is not None:
                found[0] += (ratio * base) ** 2
                found[1] += base * base
    for key in layers.keys:
        module = layers.by_key[key].get("name", key.rpartition("#")[0])
        total = squares.get(module)
        values["subtree_grad_norm"][key] = math.sqrt(total) if total is not None else None
        found = sums.get(module)
        if found is None:
            values["subtree_update_ratio"][key] = None
        elif found[1] == 0.0:
            values["subtree_update_ratio"][key] = 0.0 if found[0] == 0.0 else None
        else:
            values["subtree_update_ratio"][key] = math.sqrt(found[0] / found[1])


def check_statistic(statistic: str) -> None:
    if statistic not in STATISTICS:
        raise ValueError("unknown statistic %r; known: %s" % (statistic, ", ".join(STATISTICS)))


def ordered_steps(step_documents: Iterable[ServedStepDocument]) -> list[ServedStepDocument]:
    """The documents sorted by step; each must carry its "step" (as reader.step gives)."""
    if isinstance(step_documents, dict):
        raise ValueError("step_documents must be a list of step documents, not one document")
    documents = list(step_documents)
    for document in documents:
        if not isinstance(document, dict):
            raise ValueError("a step document must be a dict, got %s" % type(document).__name__)
        step = document.get("step")
        if isinstance(step, bool) or not isinstance(step, int):
            raise ValueError("every step document needs its integer 'step' (reader.step adds it)")
    return sorted(documents, key=lambda d: d["step"])


class StatMatrix(TypedDict):
    """A layer × step matrix of one statistic (analysis.stat_matrix)."""

    statistic: str
    description: str
    steps: list[int]
    layers: list[LayerDescription]
    values: list[list[float | None]]  # per layer, per step
    range: list[float] | None  # [min, max] of the finite values


def matrices_of(layers: Layers, steps: list[int], values: Sequence[StepValues]) -> dict[str, StatMatrix]:
    described = [layers.describe(key) for key in layers.keys]
    matrices: dict[str, StatMatrix] = {}
    for statistic, metric in STATISTICS.items():
        description = metric.description
        rows = [[step_values[statistic][key] for step_values in values] for key in layers.keys]
        finite = [v for row in rows for v in row if v is not None]
        matrices[statistic] = {
            "statistic": statistic,
            "description": description,
            "steps": steps,
            "layers": described,
            "values": rows,
            "range": [min(finite), max(finite)] if finite else None,
        }
    return matrices


SATURATION_MARGIN = 0.02
"""'Near a bound': within this fraction of the function's output range of it (|tanh| ≥ 0.96,
sigmoid ≤ 0.02 or ≥ 0.98), where the derivative is below 1/12 of its peak. Where the
stored histogram's bins are wider than that (the output spans most of the range), a bin
is the finest resolution there is, and the outermost bin counts as near."""

BOUNDED_ACTIVATIONS: dict[str, tuple[float, float]] = {
    "Tanh": (-1.0, 1.0),
    "Softsign": (-1.0, 1.0),
    "Sigmoid": (0.0, 1.0),
}
"""Saturating module types and their output bounds."""


def _near_bound_fraction(stats: TensorStats, low: float, high: float) -> float | None:
    """Share of the histogram within SATURATION_MARGIN of either bound (see there)."""
    hist = stats.get("hist")
    if not isinstance(hist, dict):
        return None
    counts = hist.get("counts")
    lo, hi = as_number(hist.get("lo")), as_number(hist.get("hi"))
    if not isinstance(counts, list) or not counts or lo is None or hi is None:
        return None
    if not all(type(c) is int and c >= 0 for c in counts):
        return None
    total = sum(counts)
    if total == 0:
        return None
    margin = max(SATURATION_MARGIN * (high - low), (hi - lo) / len(counts))
    if hi == lo:  # every value equal: one full bin
        return 1.0 if lo <= low + margin or lo >= high - margin else 0.0
    width = (hi - lo) / len(counts)
    # The bins whose centre lo + (i + ½)·width lies within the margin: a run at each end.
    below = int(min(len(counts), max(0.0, (low + margin - lo) / width + 0.5)))
    above = int(min(len(counts), max(0.0, (hi - high + margin) / width + 0.5)))
    if below + above >= len(counts):
        return 1.0
    near = sum(counts[:below]) + sum(counts[len(counts) - above :])
    return near / total


def _unreachable_parameters(structure: StructureDocument) -> dict[str, list[NoGradient]]:
    """{module name: [NoGradient, ...]} from the structure's backward graph:
    the trainable parameters its scalar does not reach (docs/format.md)."""
    backward = structure.get("backward")
    listed = backward.get("unreachable") if isinstance(backward, dict) else None
    found: dict[str, list[NoGradient]] = {}
    for item in listed if isinstance(listed, list) else []:
        if isinstance(item, dict) and isinstance(item.get("parameter"), str) and isinstance(item.get("module"), str):
            message = item.get("message") if isinstance(item.get("message"), str) else "the scalar does not reach it"
            found.setdefault(item["module"], []).append(NoGradient(item["parameter"], message))
    return found


def input_groups(documents: Iterable[StepDocument]) -> list[int | None]:
    """Which inputs each step document ran on: the index of its `input_fingerprint` among
    the distinct ones, in order of first appearance; None where a document has none
    (written before fingerprints, or the capture could not take one). Lines over steps
    that ran on different inputs mix how the model changed with how its inputs differ."""
    return fingerprint_groups([document.get("input_fingerprint") for document in documents])


def fingerprint_groups(fingerprints: Iterable[object]) -> list[int | None]:
    seen: dict[str, int] = {}
    return [seen.setdefault(f, len(seen)) if isinstance(f, str) else None for f in fingerprints]
