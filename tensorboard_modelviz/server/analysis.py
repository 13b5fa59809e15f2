"""Change over time: per-layer statistics across steps, health alerts, and diffs.

Functions over decoded documents (docs/format.md): step documents as `reader.step()`
returns them (with their "step" number) and structure documents as `reader.structure()`
returns them; `SeriesAnalysis` takes a run's step documents one at a time, so that a
long run is never held whole. Every result is a JSON-ready dict or list, with None where
a value is missing or not finite. No torch or numpy: the plugin server calls these.

A "layer" is a row of the structure's layer table, identified by its key (`fc1#0`).
Activation statistics belong to the call; parameter statistics to the parameters
registered directly on the module (`param_names`), so a container without parameters
of its own has none, and every call of a module called twice shows the same ones.
"""

import math

# --- statistics ------------------------------------------------------------------------

# name -> (source, description). "activation" statistics describe the call's output,
# the others combine the module's own parameters (see `_combined_norm`, `_update_ratio`).
STATISTICS = {
    "activation_mean": ("activation", "mean of the output's finite values"),
    "activation_std": ("activation", "standard deviation of the output's finite values"),
    "activation_min": ("activation", "smallest finite value of the output"),
    "activation_max": ("activation", "largest finite value of the output"),
    "activation_absmax": ("activation", "largest absolute finite value of the output"),
    "activation_zeros": ("activation", "fraction of the output's values that are exactly zero"),
    "activation_rms": ("activation", "root mean square of the output's finite values"),
    "activation_nonfinite": ("activation", "NaN and ±Inf values in the output (a count)"),
    "activation_saturated": ("activation", "share of a tanh/sigmoid output near its bounds "
                                           "(other layers: none)"),
    "param_norm": ("params", "L2 norm of the layer's own parameters, all together"),
    "param_nonfinite": ("params", "NaN and ±Inf values in the layer's own parameters"),
    "grad_norm": ("grads", "L2 norm of the gradients of the layer's own parameters"),
    "grad_nonfinite": ("grads", "NaN and ±Inf values in those gradients"),
    "update_ratio": ("updates", "‖W(t) − W(t′)‖ / ‖W(t′)‖ of the layer's own parameters "
                                "since the previous logged call"),
    "output_grad_norm": ("output_grads", "L2 norm of the gradient arriving at the output, from the "
                                         "backward graph's scalar (logged with grad_flow=True)"),
}


# Decoded JSON holds exact ints and floats; `type(...) is` also keeps bools out, and is
# the fast test (these run for every cell of a 100 × 150 matrix).


def _number(value):
    """A finite float, or None for anything else (missing, null, bool, text)."""
    kind = type(value)
    if kind is float:
        return value if math.isfinite(value) else None
    return float(value) if kind is int else None


def _count(value):
    return value if type(value) is int and value >= 0 else 0


def _stats(container, name):
    """The STATS object stored under `name`, or None."""
    stats = container.get(name) if isinstance(container, dict) else None
    return stats if isinstance(stats, dict) else None


def _rms(stats):
    """Root mean square of the finite values, from mean and (sample) std.

    sum of squares = (n − 1)·std² + n·mean² over the n finite values.
    """
    n = _count(stats.get("numel")) - _count(stats.get("nan")) - _count(stats.get("inf"))
    mean, std = _number(stats.get("mean")), _number(stats.get("std"))
    if n <= 0 or mean is None or std is None:
        return None
    return math.sqrt(max(0.0, ((n - 1) * std * std + n * mean * mean) / n))


def _nonfinite(stats):
    """NaN + Inf count of a STATS object; None if it records neither."""
    nan, inf = stats.get("nan"), stats.get("inf")
    if type(nan) is not int and type(inf) is not int:
        return None
    return _count(nan) + _count(inf)


def _activation_value(stats, field):
    if field == "rms":
        return _rms(stats)
    if field == "nonfinite":
        return _nonfinite(stats)
    return _number(stats.get(field))


def _combined_norm(container, names):
    """sqrt(Σ ‖p‖²) over the named parameters (or gradients) present; None if none are."""
    total, found = 0.0, False
    for name in names:
        stats = _stats(container, name)
        norm = _number(stats.get("norm")) if stats else None
        if norm is not None:
            total += norm * norm
            found = True
    return math.sqrt(total) if found else None


def _combined_nonfinite(container, names):
    counts = [_nonfinite(s) for s in (_stats(container, name) for name in names) if s is not None]
    counts = [c for c in counts if c is not None]
    return sum(counts) if counts else None


def _update_ratio(document, previous, names):
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
        ratio = _number(updates[name])
        if ratio is None:
            return None
        stats = _stats(previous.get("params"), name) if previous else None
        stats = stats or _stats(document.get("params"), name)
        base = _number(stats.get("norm")) if stats else None
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


class _Layers:
    """The layer table of a structure, prepared once: order, parents, own parameters."""

    def __init__(self, structure):
        if not isinstance(structure, dict) or not isinstance(structure.get("layers"), list):
            raise ValueError("structure must be a structure document with a 'layers' list")
        self.rows = [row for row in structure["layers"]
                     if isinstance(row, dict) and isinstance(row.get("key"), str)]
        self.keys = [row["key"] for row in self.rows]
        self.by_key = {row["key"]: row for row in self.rows}
        self.parent = {row["key"]: row.get("parent") for row in self.rows}
        self.param_names = {}
        for row in self.rows:
            names = row.get("param_names")
            self.param_names[row["key"]] = (
                [n for n in names if isinstance(n, str)] if isinstance(names, list) else [])
        # Parameter-based checks look at each module once: its first call (or its row if
        # it never ran), in model order.
        self.modules = [row["key"] for row in self.rows
                        if self.param_names[row["key"]] and row.get("call", 0) == 0]
        self.output_modules = _output_module_nodes(structure)
        self.unreachable = _unreachable_parameters(structure)

    def describe(self, key):
        row = self.by_key.get(key, {})
        return {"key": key, "name": row.get("name", key.rpartition("#")[0]),
                "type": row.get("type"), "depth": row.get("depth")}

    def label(self, key):
        row = self.by_key.get(key, {})
        name = row.get("name", key.rpartition("#")[0]) or "<root>"
        calls = row.get("calls")
        where = " call %s" % key.rpartition("#")[2] if isinstance(calls, int) and calls > 1 else ""
        return "%s (%s)%s" % (name, row.get("type", "?"), where)

    def without_ancestors(self, keys):
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


def _output_module_nodes(structure):
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
        node_id = edge.get("src")
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


_ACTIVATION_FIELDS = [(name, name[len("activation_"):]) for name, (source, _) in STATISTICS.items()
                      if source == "activation" and name != "activation_saturated"]


def _step_values(layers, document, previous):
    """Every statistic of every layer in one step document: {statistic: {layer key: value
    or None}}. `previous`: the logged step before it, which the update ratios are taken
    against (see `_update_ratio`). One pass for all statistics, since the over-time
    routes need every one of them for every step and layer."""
    values = {name: {} for name in STATISTICS}
    activations, params, grads = document.get("activations"), document.get("params"), document.get("grads")
    output_grads = document.get("output_grads")
    output_grads = output_grads if isinstance(output_grads, dict) else None
    for key in layers.keys:
        stats = _stats(activations, key)
        for name, field in _ACTIVATION_FIELDS:
            values[name][key] = None if stats is None else _activation_value(stats, field)
        bounds = BOUNDED_ACTIVATIONS.get(layers.by_key[key].get("type")) if stats is not None else None
        values["activation_saturated"][key] = _near_bound_fraction(stats, *bounds) if bounds else None
        names = layers.param_names.get(key)
        own = bool(names)
        values["param_norm"][key] = _combined_norm(params, names) if own else None
        values["param_nonfinite"][key] = _combined_nonfinite(params, names) if own else None
        values["grad_norm"][key] = _combined_norm(grads, names) if own else None
        values["grad_nonfinite"][key] = _combined_nonfinite(grads, names) if own else None
        values["update_ratio"][key] = _update_ratio(document, previous, names) if own else None
        values["output_grad_norm"][key] = _number(output_grads.get(key)) if output_grads else None
    return values


def _check_statistic(statistic):
    if statistic not in STATISTICS:
        raise ValueError("unknown statistic %r; known: %s" % (statistic, ", ".join(STATISTICS)))


def _ordered_steps(step_documents):
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


def stat_matrix(step_documents, structure, statistic):
    """A layer × step matrix of one statistic, for the heatmap and the trend lines.

    Rows are the structure's layer table in model order (execution order, containers
    before their children, modules that never ran last); columns the steps, ascending.
    Returns
        {"statistic": str, "description": str,
         "steps": [int, ...],
         "layers": [{"key", "name", "type", "depth"}, ...],
         "values": [[float | int | None per step] per layer],
         "range": [min, max] over the finite values, or None if there are none}
    """
    _check_statistic(statistic)
    return _analysed(step_documents, structure).matrices()[statistic]


def _matrices(layers, steps, values):
    described = [layers.describe(key) for key in layers.keys]
    matrices = {}
    for statistic, (_, description) in STATISTICS.items():
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


# --- health alerts ---------------------------------------------------------------------

DEAD_ZERO_FRACTION = 0.9
"""A ReLU's output with at least this fraction of exact zeros is mostly dead units.

A healthy ReLU layer passes about half of its inputs; 90 % zeros over a whole batch
means most units never fire for any input, get no gradient, and cannot recover.
"""

RELU_FAMILY = ("ReLU", "ReLU6")
"""Module types whose zero outputs carry no gradient (leaky variants never output 0)."""

SATURATED_FRACTION = 0.9
"""A tanh/sigmoid output with at least this share of its histogram near a bound is saturated."""

SATURATION_MARGIN = 0.02
"""'Near a bound': within this fraction of the function's output range of it (|tanh| ≥ 0.96,
sigmoid ≤ 0.02 or ≥ 0.98), where the derivative is below 1/12 of its peak. Where the
stored histogram's bins are wider than that (the output spans most of the range), a bin
is the finest resolution there is, and the outermost bin counts as near."""

BOUNDED_ACTIVATIONS = {"Tanh": (-1.0, 1.0), "Softsign": (-1.0, 1.0), "Sigmoid": (0.0, 1.0)}
"""Saturating module types and their output bounds."""

JUMP_FACTOR = 100.0
"""A norm that grows (exploding) or shrinks (vanishing) by this factor between two
consecutive logged steps. Healthy training changes norms gradually; two orders of
magnitude between logged calls is a divergence or a collapse."""

LARGE_ACTIVATION_RMS = 10.0
"""An output RMS that jumped must also end up at least this large to be 'exploding'.
Normalised networks keep activations near 1; without this, a branch that starts near
zero on purpose (LayerScale at 1e-6, zero-initialised residual branches) and grows
into its normal range would count as exploding."""

LARGE_GRADIENT_TO_WEIGHT = 1.0
"""A gradient norm that jumped must also reach this multiple of its layer's weight norm
to be 'exploding': a gradient as large as the weights themselves. Gradients that start
near zero on purpose (behind a zero-initialised LoRA B or LayerScale) grow by orders of
magnitude in healthy training, but stay far below the weights' size."""

GRADIENT_SPREAD_FACTOR = 1000.0
"""Early layers whose gradients are this many times smaller (vanishing) or larger
(exploding) than those of the last layer. Compared as root mean square per parameter
value, so that layer size does not count; a few-layer healthy network stays within 10×."""

SPARSE_GRADIENT_TYPES = ("Embedding", "EmbeddingBag")
"""Modules whose gradient touches only the rows used by the batch: small by design."""

NOT_LEARNING_STEPS = 3
"""Consecutive logged steps with update ratio exactly 0 before a trainable layer is called
not learning. One zero interval happens legitimately (two calls inside one gradient
accumulation window, a step that AMP's GradScaler skipped); three in a row does not."""

LR_TOO_HIGH_RATIO = 0.1
"""Update ratio per optimizer step above which the learning rate is too high: 100× the
rule of thumb of about 1e-3. Healthy runs stay well below it (at most about 0.03 per
step, early in training, on the demo's and the test zoo's models with SGD or Adam).

The writer's ratio spans all steps between two logged calls and grows with that gap (a
healthy run logged every 50 steps shows ratios of 0.1 to 0.5). The check divides it by
the gap: ‖ΔW‖ over k steps is at most k times the largest single step, so ratio / k
never overstates the change per step, and the alert does not depend on how often the
model is logged. This assumes `global_step` counts optimizer steps."""

LR_TOO_HIGH_STEPS = 4
"""'Sustained': the median ratio per step over at least this many consecutive logged
steps, spanning at least LR_TOO_HIGH_SPAN steps, is above LR_TOO_HIGH_RATIO. A median,
because a learning rate that is too high makes the weights oscillate, with small
changes between large ones; one large update (the first steps, the end of a warm-up)
does not move it."""

LR_TOO_HIGH_SPAN = 30
"""See LR_TOO_HIGH_STEPS. A parameter that starts at zero (LoRA's B, position embeddings,
LayerScale) grows by about the same amount each step, so its ratio per step is about
1/t whatever the learning rate: a median over at least 30 steps (and 4 logged steps)
of that is at most 0.075, below LR_TOO_HIGH_RATIO."""

ALERT_KINDS = ("nonfinite", "exploding", "vanishing", "dead", "saturated", "not_learning",
               "lr_too_high", "no_gradient")


def _alert(layers, kind, key, step, statistic, value, message):
    described = layers.describe(key)
    return {"kind": kind, "layer": key, "name": described["name"], "type": described["type"],
            "step": step, "statistic": statistic, "value": value, "message": message}


class _FirstNonfinite:
    """One alert: the first step with any NaN/Inf, at the layer where it starts.

    Forward: the first layer in model order whose output (or parameters) holds
    NaN/Inf, innermost first. Backward only (finite outputs, non-finite gradients): the
    last layer in model order, since the backward pass runs from the output.
    """

    def __init__(self, layers):
        self.layers = layers
        self.alerts = []

    def add(self, document, step_values):
        if not self.alerts:
            alert = self._found(document["step"], step_values)
            if alert:
                self.alerts.append(alert)

    def _found(self, step, step_values):
        layers = self.layers
        counts = step_values["activation_nonfinite"]
        bad = [key for key in layers.keys if counts[key]]
        if bad:
            bad = layers.without_ancestors(bad)
            key = bad[0]
            count = counts[key]
            return _alert(layers, "nonfinite", key, step, "activation_nonfinite", count,
                          "first NaN/Inf at step %d: %d non-finite values in the output of %s"
                          "%s" % (step, count, layers.label(key), _others(len(bad) - 1)))
        for statistic, what, order in (("param_nonfinite", "parameters", layers.modules),
                                       ("grad_nonfinite", "gradients", layers.modules[::-1])):
            counts = step_values[statistic]
            bad = [key for key in order if counts[key]]
            if bad:
                key = bad[0]
                count = counts[key]
                return _alert(layers, "nonfinite", key, step, statistic, count,
                              "first NaN/Inf at step %d: %d non-finite values in the %s of %s%s"
                              % (step, count, what, layers.label(key), _others(len(bad) - 1)))
        return None


def _others(count):
    return "" if count <= 0 else " (and %d more layer%s)" % (count, "s" if count > 1 else "")


def _near_bound_fraction(stats, low, high):
    """Share of the histogram within SATURATION_MARGIN of either bound (see there)."""
    hist = stats.get("hist")
    if not isinstance(hist, dict):
        return None
    counts = hist.get("counts")
    lo, hi = _number(hist.get("lo")), _number(hist.get("hi"))
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
    near = sum(counts[:below]) + sum(counts[len(counts) - above:])
    return near / total


class _DeadOrSaturated:
    """dead, saturated: the first step each qualifying layer shows it."""

    def __init__(self, layers):
        self.layers = layers
        self.alerts = []
        self.done = set()

    def add(self, document, step_values):
        layers, done = self.layers, self.done
        zeros_of, saturated_of = step_values["activation_zeros"], step_values["activation_saturated"]
        for key in layers.keys:
            row = layers.by_key[key]
            if row.get("type") in RELU_FAMILY and ("dead", key) not in done:
                zeros = zeros_of[key]
                if zeros is not None and zeros >= DEAD_ZERO_FRACTION:
                    done.add(("dead", key))
                    self.alerts.append(_alert(
                        layers, "dead", key, document["step"], "activation_zeros", zeros,
                        "%.0f %% of the outputs of %s are zero at step %d: most of its units "
                        "are dead and pass no gradient" % (100 * zeros, layers.label(key),
                                                           document["step"])))
            # Only bounded types (BOUNDED_ACTIVATIONS) have a saturated fraction. A model's
            # own output (a classifier's probabilities) is meant to approach its bounds;
            # only hidden layers are checked.
            if ("saturated", key) not in done and row.get("node") not in layers.output_modules:
                fraction = saturated_of[key]
                if fraction is not None and fraction >= SATURATED_FRACTION:
                    done.add(("saturated", key))
                    self.alerts.append(_alert(
                        layers, "saturated", key, document["step"], "activation_saturated", fraction,
                        "%.0f %% of the outputs of %s are at its bounds at step %d: saturated "
                        "units pass almost no gradient" % (100 * fraction, layers.label(key),
                                                          document["step"])))


def _gradient_shares(layers, step_values):
    """Each module's gradient norm as a fraction of the whole model's."""
    norms = {key: step_values["grad_norm"][key] for key in layers.modules}
    total = math.sqrt(sum(v * v for v in norms.values() if v is not None))
    return {key: (v / total if v is not None and total else None) for key, v in norms.items()}


def _jump_checks(layers, step_values):
    """{(kind, statistic): ({layer: value}, gate)} for the jumps looked for at one step.

    `gate(key, value)` says whether the value after a jump is itself a problem (see
    LARGE_ACTIVATION_RMS and LARGE_GRADIENT_TO_WEIGHT). Vanishing gradients are compared
    as shares of the model's gradient norm: when the loss goes down every gradient
    shrinks together, and that is training working, not a layer losing its gradient.
    """
    rms = step_values["activation_rms"]
    grads = {key: step_values["grad_norm"][key] for key in layers.modules}

    def large_gradient(key, value):
        weights = step_values["param_norm"][key]
        return weights is not None and value >= LARGE_GRADIENT_TO_WEIGHT * weights

    return {
        ("exploding", "activation_rms"): (rms, lambda key, value: value >= LARGE_ACTIVATION_RMS),
        ("vanishing", "activation_rms"): (rms, None),
        ("exploding", "grad_norm"): (grads, large_gradient),
        ("vanishing", "grad_norm"): (_gradient_shares(layers, step_values), None),
    }


class _Jumps:
    """exploding / vanishing: a norm changing by JUMP_FACTOR between consecutive steps.

    A jump travels: every layer after the one where an activation blows up blows up
    too, and in the backward pass every layer before the one where a gradient does. So
    each step's jump is named at its origin, the first layer in model order for outputs
    and the last for gradients, and only the first jump of each kind is reported.
    """

    def __init__(self, layers):
        self.layers = layers
        self.alerts = []
        self.reported = set()
        self.previous_checks = self.previous_step = None

    def add(self, document, step_values):
        layers, previous_checks = self.layers, self.previous_checks
        checks = _jump_checks(layers, step_values)
        for (kind, statistic), (checked, gate) in checks.items():
            if previous_checks is None or (kind, statistic) in self.reported:
                continue
            before_values = previous_checks[(kind, statistic)][0]
            flagged = []
            for key, now in checked.items():
                before = before_values.get(key)
                if not before or not now:  # missing or exactly zero: no ratio
                    continue
                jumped = (now >= JUMP_FACTOR * before if kind == "exploding"
                          else before >= JUMP_FACTOR * now)
                if jumped and (gate is None or gate(key, now)):
                    flagged.append(key)
            flagged = layers.without_ancestors(flagged)
            if not flagged:
                continue
            self.reported.add((kind, statistic))
            key = flagged[-1] if statistic == "grad_norm" else flagged[0]
            before, now = before_values[key], checked[key]
            what = {"activation_rms": "output RMS", "grad_norm": "gradient norm"}[statistic]
            if statistic == "grad_norm" and kind == "vanishing":
                what = "share of the model's gradient norm"
            self.alerts.append(_alert(
                layers, kind, key, document["step"], statistic, step_values[statistic][key],
                "the %s of %s went from %.3g at step %d to %.3g at step %d (%.3g× %s)%s"
                % (what, layers.label(key), before, self.previous_step, now, document["step"],
                   max(now / before, before / now), "larger" if kind == "exploding" else "smaller",
                   _others(len(flagged) - 1))))
        self.previous_checks, self.previous_step = checks, document["step"]


def _grad_rms(document, names):
    grads = document.get("grads")
    total = 0.0
    numel = 0
    for name in names:
        stats = _stats(grads, name)
        norm = _number(stats.get("norm")) if stats else None
        if norm is None:
            return None
        total += norm * norm
        numel += _count(stats.get("numel"))
    return math.sqrt(total / numel) if numel else None


class _GradientSpread:
    """Early layers' gradients far smaller (vanishing) or larger (exploding) than the last's."""

    def __init__(self, layers):
        self.layers = layers
        self.alerts = []
        self.done = set()
        self.modules = [key for key in layers.modules
                        if layers.by_key[key].get("type") not in SPARSE_GRADIENT_TYPES]

    def add(self, document, step_values):
        layers = self.layers
        present = [(key, _grad_rms(document, layers.param_names[key])) for key in self.modules]
        present = [(key, rms) for key, rms in present if rms]
        if len(present) < 2:
            return
        (first, early), (last, late) = present[0], present[-1]
        if late >= GRADIENT_SPREAD_FACTOR * early:
            kind, factor = "vanishing", late / early
        elif early >= GRADIENT_SPREAD_FACTOR * late:
            kind, factor = "exploding", early / late
        else:
            return
        if (kind, "spread") in self.done:
            return
        self.done.add((kind, "spread"))
        self.alerts.append(_alert(
            layers, kind, first, document["step"], "grad_norm", early,
            "at step %d the gradients of %s are %.3g× %s than those of %s (RMS per value %.3g "
            "vs %.3g): the early layers %s" % (
                document["step"], layers.label(first), factor,
                "smaller" if kind == "vanishing" else "larger", layers.label(last), early, late,
                "barely learn" if kind == "vanishing" else "take steps far too large")))


def _trainable_names(layers, key, document):
    """The layer's parameters known to require grad at this step.

    A parameter with a gradient does; without any gradients in the step (logged outside
    backward), the layer table's frozen count says whether all of them do.
    """
    names = layers.param_names[key]
    grads = document.get("grads")
    if isinstance(grads, dict) and grads:
        return [name for name in names if name in grads]
    return names if layers.by_key[key].get("frozen") == 0 else []


class _NotLearning:
    """Trainable layers whose update ratio is exactly 0 for NOT_LEARNING_STEPS logged steps
    while training is going on."""

    def __init__(self, layers):
        self.layers = layers
        self.alerts = []
        self.streaks = {}  # layer key -> steps of its current streak, None once reported

    def add(self, document, step_values):
        layers, streaks = self.layers, self.streaks
        updates = document.get("updates")
        if not isinstance(updates, dict) or not updates:
            self.streaks = {key: s for key, s in streaks.items() if s is None}  # keep "reported"
            return
        anything_moved = any((_number(v) or 0.0) > 0.0 for v in updates.values())
        for key in layers.modules:
            if key in streaks and streaks[key] is None:
                continue  # reported already
            trainable = _trainable_names(layers, key, document)
            ratios = [_number(updates.get(name)) for name in trainable if name in updates]
            gradients = step_values["grad_norm"][key] or 0.0  # over its trainable parameters
            # Evidence that training happens: gradients reach this layer, or (logged
            # without gradients) the rest of the model moves.
            training = gradients > 0.0 or (not document.get("grads") and anything_moved)
            ran = _count(layers.by_key[key].get("calls")) > 0
            if not (ratios and all(r == 0.0 for r in ratios) and training and ran):
                streaks.pop(key, None)
                continue
            streak = streaks.setdefault(key, [])
            streak.append(document["step"])
            if len(streak) >= NOT_LEARNING_STEPS:
                streaks[key] = None
                self.alerts.append(_alert(
                    layers, "not_learning", key, streak[0], "update_ratio", 0.0,
                    "the parameters of %s did not change from step %d to step %d although they "
                    "are trainable%s: are they missing from the optimizer?"
                    % (layers.label(key), streak[0], streak[-1],
                       " and receive gradients" if gradients > 0.0 else "")))


def _median(values):
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


class _LrTooHigh:
    """Layers whose update ratio per step stays above LR_TOO_HIGH_RATIO (see there)."""

    def __init__(self, layers):
        self.layers = layers
        self.alerts = []
        # layer key -> consecutive (previous step, step, ratio) with a ratio; gone once reported
        self.intervals = {key: [] for key in layers.modules}
        self.previous_step = None

    def add(self, document, step_values):
        step, previous = document["step"], self.previous_step
        self.previous_step = step
        for key in list(self.intervals):
            ratio = step_values["update_ratio"][key] if previous is not None else None
            if ratio is None:
                self.intervals[key] = []
                continue
            intervals = self.intervals[key]
            intervals.append((previous, step, ratio))
            # The shortest run of logged steps ending here that is long enough.
            start = len(intervals) - LR_TOO_HIGH_STEPS
            while start > 0 and intervals[-1][1] - intervals[start][0] < LR_TOO_HIGH_SPAN:
                start -= 1
            window = intervals[max(start, 0):]
            if len(window) < LR_TOO_HIGH_STEPS or window[-1][1] - window[0][0] < LR_TOO_HIGH_SPAN:
                continue
            median = _median([r / (end - begin) for begin, end, r in window])
            if median > LR_TOO_HIGH_RATIO:
                first_step, first_ratio = window[0][1], window[0][2]
                del self.intervals[key]
                self.alerts.append(_alert(
                    self.layers, "lr_too_high", key, first_step, "update_ratio", first_ratio,
                    "the parameters of %s change by %.0f %% of their size per optimizer "
                    "step (median from step %d to step %d; %.0f %% over the %d steps from "
                    "step %d to step %d): the learning rate is too high"
                    % (self.layers.label(key), 100 * median, window[0][0], window[-1][1],
                       100 * first_ratio, first_step - window[0][0], window[0][0],
                       first_step)))


def _unreachable_parameters(structure):
    """{module name: [(parameter, message), ...]} from the structure's backward graph:
    the trainable parameters its scalar does not reach (docs/format.md)."""
    backward = structure.get("backward")
    listed = backward.get("unreachable") if isinstance(backward, dict) else None
    found = {}
    for item in listed if isinstance(listed, list) else []:
        if isinstance(item, dict) and isinstance(item.get("parameter"), str) and isinstance(item.get("module"), str):
            message = item.get("message") if isinstance(item.get("message"), str) else "the scalar does not reach it"
            found.setdefault(item["module"], []).append((item["parameter"], message))
    return found


class _NoGradient:
    """Trainable parameters that get no gradient (the backward graph's `unreachable`): one
    alert per module, at the first step, since the structure says so for every step."""

    def __init__(self, layers):
        self.layers = layers
        self.alerts = []
        self.pending = layers.unreachable

    def add(self, document, step_values):
        if not self.pending:
            return
        first_row = {}
        for row in self.layers.rows:
            first_row.setdefault(row.get("name"), row["key"])
        for module, parameters in self.pending.items():
            key = first_row.get(module, module + "#0")
            reasons = {}
            for name, message in parameters:
                reasons.setdefault(message, []).append(name)
            text = "; ".join("%s: %s" % (", ".join(names), message) for message, names in reasons.items())
            self.alerts.append(_alert(
                self.layers, "no_gradient", key, document["step"], "grad_norm", len(parameters),
                "%d trainable parameter%s of %s get%s no gradient from the backward graph's scalar (%s)"
                % (len(parameters), "s" if len(parameters) > 1 else "", self.layers.label(key),
                   "" if len(parameters) > 1 else "s", text)))
        self.pending = {}


_CHECKS = (_FirstNonfinite, _Jumps, _GradientSpread, _DeadOrSaturated, _NotLearning, _LrTooHigh, _NoGradient)


class SeriesAnalysis:
    """Every statistic's matrix (`stat_matrix`) and the health alerts (`health_alerts`) of
    a run, from its step documents given one at a time, in step order. Only the values
    are kept, not the documents: a run logged a thousand times need not be held whole.
    """

    def __init__(self, structure):
        self.layers = _Layers(structure)
        self.steps = []
        self.values = []  # `_step_values` of each step
        self.fingerprints = []  # each step's input_fingerprint
        self._previous = None
        self._checks = [check(self.layers) for check in _CHECKS]

    def add(self, document):
        """The next step document (with its "step"): later than the one before."""
        step_values = _step_values(self.layers, document, self._previous)
        for check in self._checks:
            check.add(document, step_values)
        self.steps.append(document["step"])
        self.values.append(step_values)
        self.fingerprints.append(document.get("input_fingerprint"))
        self._previous = document

    def matrices(self):
        """{statistic: `stat_matrix`'s answer} for every statistic."""
        return _matrices(self.layers, self.steps, self.values)

    def alerts(self):
        """`health_alerts`' answer."""
        order = {key: i for i, key in enumerate(self.layers.keys)}
        alerts = [alert for check in self._checks for alert in check.alerts]
        alerts.sort(key=lambda a: (a["step"], order.get(a["layer"], len(order)),
                                   ALERT_KINDS.index(a["kind"])))
        return alerts

    def inputs(self):
        """`input_groups` of the steps."""
        return _groups(self.fingerprints)


def _analysed(step_documents, structure):
    analysed = SeriesAnalysis(structure)
    for document in _ordered_steps(step_documents):
        analysed.add(document)
    return analysed


def health_alerts(steps, structure):
    """Problems found in a run's logged steps, each named at a layer and the step it starts.

    `steps`: step documents with their "step" (any order); `structure`: the structure
    document whose layer table gives model order and module types (the latest step's,
    normally). Returns a list sorted by step, then model order, of
        {"kind", "layer" (key), "name", "type", "step", "statistic", "value", "message"}
    with kind one of ALERT_KINDS; `statistic` names the `stat_matrix` statistic that
    shows the problem (the heatmap to open) and `value` the number behind the alert.
    Each problem is reported once, at its first occurrence: one `nonfinite` alert, one
    per kind for jumps in outputs and in gradients, and otherwise one per kind and layer.
    """
    return _analysed(steps, structure).alerts()


# --- diffs -----------------------------------------------------------------------------


def _module_rows(structure):
    """{module name: its first row} in model order."""
    modules = {}
    for row in _Layers(structure).rows:
        modules.setdefault(row.get("name", row["key"].rpartition("#")[0]), row)
    return modules


def _output_shapes(structure):
    """{module name: [output shapes of each call]}."""
    shapes = {}
    for row in _Layers(structure).rows:
        if row.get("calls", 0):
            shapes.setdefault(row.get("name"), []).append(row.get("output_shapes"))
    return shapes


def _parent_name(name):
    return None if name == "" else (name.rpartition(".")[0])


def _training_state(row):
    """'trainable', 'frozen', 'mixed' or None (no parameters) for a module's subtree."""
    total = _count(row.get("params_total")) if row else 0
    if not total:
        return None
    if _count(row.get("frozen")) == 0:
        return "trainable"
    if _count(row.get("trainable")) == 0:
        return "frozen"
    return "mixed"


def _switch(row_a, row_b):
    """'frozen' if every parameter of the subtree was trainable in a and is frozen in b,
    'unfrozen' for the reverse, else None."""
    states = (_training_state(row_a), _training_state(row_b))
    return {("trainable", "frozen"): "frozen", ("frozen", "trainable"): "unfrozen"}.get(states)


def architecture_diff(structure_a, structure_b):
    """What changed in the model between two structure documents (two runs or steps).

    Modules are matched by qualified name. Returns
        {"identical": bool (same structure hash),
         "a"/"b": {"model_type", "hash", "params", "trainable", "frozen"},
         "added":   [{"name", "type", "params_total"}],      # only in b, outermost only
         "removed": [{"name", "type", "params_total"}],      # only in a, outermost only
         "changed": [{"name", "type", "changes": {field: [a, b]}}],
         "frozen":   [{"name", "type", "params": n}],        # all trainable in a, all frozen in b
         "unfrozen": [{"name", "type", "params": n}]}        # all frozen in a, all trainable in b
    `changes` fields: "type", "output_shapes" (per call), "calls", "params" (own
    parameters), and "params_total", "trainable", "frozen" (subtree counts) where the
    change is not already explained by the module's children (so freezing a backbone
    lists its layers, not every enclosing container again). `frozen`/`unfrozen` name the
    outermost module whose subtree switched. Lists are in model order (b's, then a's).
    """
    modules_a, modules_b = _module_rows(structure_a), _module_rows(structure_b)
    shapes_a, shapes_b = _output_shapes(structure_a), _output_shapes(structure_b)
    names = list(modules_b) + [name for name in modules_a if name not in modules_b]

    def brief(row):
        return {"name": row.get("name"), "type": row.get("type"),
                "params_total": _count(row.get("params_total"))}

    def subtree_delta(name, field):
        return (_count(modules_b.get(name, {}).get(field))
                - _count(modules_a.get(name, {}).get(field)))

    children = {}
    for name in names:
        parent = _parent_name(name)
        if parent is not None:
            children.setdefault(parent, []).append(name)

    added, removed, changed, frozen, unfrozen = [], [], [], [], []
    for name in names:
        a, b = modules_a.get(name), modules_b.get(name)
        parent = _parent_name(name)
        if a is None or b is None:
            # Only the outermost added/removed module is listed; its children go with it.
            other = modules_a if a is None else modules_b
            if parent is None or parent in other:
                (added if a is None else removed).append(brief(b or a))
            continue
        changes = {}
        for field in ("type", "calls", "params"):
            if a.get(field) != b.get(field):
                changes[field] = [a.get(field), b.get(field)]
        if shapes_a.get(name) != shapes_b.get(name):
            changes["output_shapes"] = [shapes_a.get(name, []), shapes_b.get(name, [])]
        own_delta = _count(b.get("params")) - _count(a.get("params"))
        for field in ("params_total", "trainable", "frozen"):
            delta = subtree_delta(name, field)
            explained = sum(subtree_delta(child, field) for child in children.get(name, []))
            if field == "params_total":
                explained += own_delta
            if delta != 0 and delta != explained:
                changes[field] = [_count(a.get(field)), _count(b.get(field))]
        if changes:
            changed.append({"name": name, "type": b.get("type"), "changes": changes})
        switch = _switch(a, b)
        if switch is not None:
            parent_a, parent_b = modules_a.get(parent), modules_b.get(parent)
            if parent_a is None or parent_b is None or _switch(parent_a, parent_b) != switch:
                entry = {"name": name, "type": b.get("type"), "params": _count(b.get("params_total"))}
                (frozen if switch == "frozen" else unfrozen).append(entry)

    def summary(structure):
        totals = structure.get("totals") if isinstance(structure.get("totals"), dict) else {}
        return {"model_type": structure.get("model_type"), "hash": structure.get("hash"),
                "params": totals.get("params"), "trainable": totals.get("trainable"),
                "frozen": totals.get("frozen")}

    return {
        "identical": structure_a.get("hash") is not None
                     and structure_a.get("hash") == structure_b.get("hash"),
        "a": summary(structure_a),
        "b": summary(structure_b),
        "added": added,
        "removed": removed,
        "changed": changed,
        "frozen": frozen,
        "unfrozen": unfrozen,
    }


def _direct_parameter_names(key, params):
    """Parameters registered directly on the module of `key`, from their names alone."""
    module = key.rpartition("#")[0]
    prefix = module + "." if module else ""
    return sorted(name for name in params if name.startswith(prefix) and "." not in name[len(prefix):])


def _structure_or_guess(document, structure):
    """A structure-like table: the given structure, or one guessed from the document."""
    if structure is not None:
        return structure
    params = document.get("params") if isinstance(document.get("params"), dict) else {}
    activations = document.get("activations") if isinstance(document.get("activations"), dict) else {}
    keys = list(activations)
    for name in params:
        key = name.rpartition(".")[0] + "#0"
        if key not in keys:
            keys.append(key)
    return {"layers": [{"key": key, "name": key.rpartition("#")[0], "call": 0,
                        "param_names": _direct_parameter_names(key, params)} for key in keys]}


def step_diff(step_a, step_b, structure_a=None, structure_b=None):
    """Per-layer statistics of two step documents (two steps of a run, or two runs) and
    their differences.

    Without structures, layers come from the documents' own keys and a layer's
    parameters are the ones named directly under it. The update ratio of a single step
    weighs its parameters by their current norms (see `_update_ratio`). Returns
        {"steps": [step a, step b] (None where a document has no "step"),
         "statistics": [names],
         "layers": [{"key", "name", "type", "depth",
                     "a": {statistic: value}, "b": {...},
                     "delta": {statistic: b − a}, "relative": {statistic: (b − a) / |a|}}],
         "only_in_a": [keys], "only_in_b": [keys],
         "same_inputs": whether both steps ran on the same inputs (by their
                        input_fingerprint), None where either document lacks one}
    with None for values that are missing on either side (and relative where a is 0).
    Layers in b's model order, then those only in a.
    """
    for document in (step_a, step_b):
        if not isinstance(document, dict):
            raise ValueError("step documents must be dicts, got %s" % type(document).__name__)
    layers_a = _Layers(_structure_or_guess(step_a, structure_a))
    layers_b = _Layers(_structure_or_guess(step_b, structure_b))
    keys = layers_b.keys + [key for key in layers_a.keys if key not in layers_b.by_key]
    values_a, values_b = _step_values(layers_a, step_a, None), _step_values(layers_b, step_b, None)
    result = []
    for key in keys:
        in_a, in_b = key in layers_a.by_key, key in layers_b.by_key
        entry = (layers_b if in_b else layers_a).describe(key)
        entry.update(a={}, b={}, delta={}, relative={})
        for statistic in STATISTICS:
            a = values_a[statistic][key] if in_a else None
            b = values_b[statistic][key] if in_b else None
            entry["a"][statistic] = a
            entry["b"][statistic] = b
            delta = b - a if a is not None and b is not None else None
            entry["delta"][statistic] = delta
            entry["relative"][statistic] = delta / abs(a) if delta is not None and a else None
        result.append(entry)
    return {
        "steps": [step_a.get("step"), step_b.get("step")],
        "statistics": list(STATISTICS),
        "layers": result,
        "only_in_a": [key for key in layers_a.keys if key not in layers_b.by_key],
        "only_in_b": [key for key in layers_b.keys if key not in layers_a.by_key],
        "same_inputs": _same_inputs(step_a, step_b),
    }


def _same_inputs(step_a, step_b):
    a, b = input_groups([step_a, step_b])
    return None if a is None or b is None else a == b


def input_groups(documents):
    """Which inputs each step document ran on: the index of its `input_fingerprint` among
    the distinct ones, in order of first appearance; None where a document has none
    (written before fingerprints, or the capture could not take one). Lines over steps
    that ran on different inputs mix how the model changed with how its inputs differ."""
    return _groups([document.get("input_fingerprint") for document in documents])


def _groups(fingerprints):
    seen = {}
    return [seen.setdefault(f, len(seen)) if isinstance(f, str) else None for f in fingerprints]
