"""Health alerts: problems found in a run's logged steps, each named at a layer and the
step it starts, with the thresholds that define them.

Each check is a class fed one step at a time (`add(document, step_values)`) with the
step's `layer_values.step_values`, so that a long run is never held whole; the series
(analysis.SeriesAnalysis) runs them all.
"""

import math
from collections.abc import Callable, Iterable, Mapping
from typing import Literal, NamedTuple, Protocol, TypeAlias, TypedDict

from tensorboard_modelviz.format.documents import LayerRow, ServedStepDocument, StepDocument
from tensorboard_modelviz.format.metrics import (
    DEAD_UNITS_FRACTION,
    DEAD_ZERO_FRACTION,
    RELU_FAMILY_TYPES,
    SATURATED_FRACTION,
)
from tensorboard_modelviz.server.layer_values import Layers, NoGradient, StepValues, as_count, as_number, stats_of

# The thresholds of the dead-unit and saturation alerts are the metrics' own
# (format/metrics.py), which the panels read too; the others below are the alerts' alone.

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

AlertKind: TypeAlias = Literal[
    "nonfinite", "exploding", "vanishing", "dead", "saturated", "not_learning", "lr_too_high", "no_gradient"
]

ALERT_KINDS: tuple[AlertKind, ...] = (
    "nonfinite",
    "exploding",
    "vanishing",
    "dead",
    "saturated",
    "not_learning",
    "lr_too_high",
    "no_gradient",
)


class Alert(TypedDict):
    """One problem (analysis.health_alerts)."""

    kind: AlertKind
    layer: str  # key
    name: str
    type: str | None
    step: int  # where it starts
    statistic: str  # the stat_matrix statistic that shows it
    value: float | None  # the number behind the alert (the statistic's value at the layer and step)
    message: str


class Check(Protocol):
    """A check fed one step at a time; `alerts` holds what it found so far."""

    alerts: list[Alert]

    def add(self, document: ServedStepDocument, step_values: StepValues) -> None: ...


def _alert(
    layers: Layers, kind: AlertKind, key: str, step: int, statistic: str, value: float | None, message: str
) -> Alert:
    described = layers.describe(key)
    return {
        "kind": kind,
        "layer": key,
        "name": described["name"],
        "type": described["type"],
        "step": step,
        "statistic": statistic,
        "value": value,
        "message": message,
    }


class _FirstNonfinite:
    """One alert: the first step with any NaN/Inf, at the layer where it starts.

    Forward: the first layer in model order whose output (or parameters) holds
    NaN/Inf, innermost first. Backward only (finite outputs, non-finite gradients): the
    last layer in model order, since the backward pass runs from the output.
    """

    def __init__(self, layers: Layers) -> None:
        self.layers = layers
        self.alerts: list[Alert] = []

    def add(self, document: ServedStepDocument, step_values: StepValues) -> None:
        if not self.alerts:
            alert = self._found(document["step"], step_values)
            if alert:
                self.alerts.append(alert)

    def _found(self, step: int, step_values: StepValues) -> Alert | None:
        """The first of outputs (forward order; a container is left out where a layer
        inside it is named), parameters (forward order) and gradients (backward order)
        that holds non-finite values, or None."""
        layers = self.layers
        for statistic, what, order in (
            ("activation_nonfinite", "output", layers.keys),
            ("param_nonfinite", "parameters", layers.modules),
            ("grad_nonfinite", "gradients", layers.modules[::-1]),
        ):
            counts = step_values[statistic]
            bad = [key for key in order if counts[key]]
            if bad:
                if statistic == "activation_nonfinite":
                    bad = layers.without_ancestors(bad)
                key = bad[0]
                count = counts[key] or 0
                return _alert(
                    layers,
                    "nonfinite",
                    key,
                    step,
                    statistic,
                    count,
                    "first NaN/Inf at step %d: %d non-finite values in the %s of %s%s"
                    % (step, count, what, layers.label(key), _others(len(bad) - 1)),
                )
        return None


def _others(count: int) -> str:
    return "" if count <= 0 else " (and %d more layer%s)" % (count, "s" if count > 1 else "")


class _DeadOrSaturated:
    """dead, saturated: the first step each qualifying layer shows it.

    Dead units are read from the `dead_units` metric, measured where units enter a ReLU,
    module or function. Documents written before it (no `dead_units` in the step) fall
    back on the zero fraction of the output of ReLU modules.
    """

    def __init__(self, layers: Layers) -> None:
        self.layers = layers
        self.alerts: list[Alert] = []
        self.done: set[tuple[AlertKind, str]] = set()

    def add(self, document: ServedStepDocument, step_values: StepValues) -> None:
        layers, done = self.layers, self.done
        saturated_of = step_values["activation_saturated"]
        dead = self._dead_units if isinstance(document.get("dead_units"), dict) else self._zero_outputs
        for key in layers.keys:
            row = layers.by_key[key]
            if ("dead", key) not in done:
                alert = dead(key, row, document["step"], step_values)
                if alert is not None:
                    done.add(("dead", key))
                    self.alerts.append(alert)
            # Only bounded types (BOUNDED_ACTIVATIONS) have a saturated fraction. A model's
            # own output (a classifier's probabilities) is meant to approach its bounds;
            # only hidden layers are checked.
            if ("saturated", key) not in done and row.get("node") not in layers.output_modules:
                fraction = saturated_of[key]
                if fraction is not None and fraction >= SATURATED_FRACTION:
                    done.add(("saturated", key))
                    self.alerts.append(
                        _alert(
                            layers,
                            "saturated",
                            key,
                            document["step"],
                            "activation_saturated",
                            fraction,
                            "%.0f %% of the outputs of %s are at its bounds at step %d: saturated "
                            "units pass almost no gradient" % (100 * fraction, layers.label(key), document["step"]),
                        )
                    )

    def _dead_units(self, key: str, row: LayerRow, step: int, step_values: StepValues) -> Alert | None:
        fraction = step_values["dead_units"][key]
        if fraction is None or fraction < DEAD_UNITS_FRACTION:
            return None
        return _alert(
            self.layers,
            "dead",
            key,
            step,
            "dead_units",
            fraction,
            "%.0f %% of the units of %s are ≤ 0 for every input at step %d where they enter a "
            "ReLU: these dead units pass no gradient" % (100 * fraction, self.layers.label(key), step),
        )

    def _zero_outputs(self, key: str, row: LayerRow, step: int, step_values: StepValues) -> Alert | None:
        zeros = step_values["activation_zeros"][key]
        if row.get("type") not in RELU_FAMILY_TYPES or zeros is None or zeros < DEAD_ZERO_FRACTION:
            return None
        return _alert(
            self.layers,
            "dead",
            key,
            step,
            "activation_zeros",
            zeros,
            "%.0f %% of the outputs of %s are zero at step %d: most of its units are dead and "
            "pass no gradient" % (100 * zeros, self.layers.label(key), step),
        )


def _gradient_shares(layers: Layers, step_values: StepValues) -> dict[str, float | None]:
    """Each module's gradient norm as a fraction of the whole model's."""
    norms = {key: step_values["grad_norm"][key] for key in layers.modules}
    total = math.sqrt(sum(v * v for v in norms.values() if v is not None))
    return {key: (v / total if v is not None and total else None) for key, v in norms.items()}


class JumpCheck(NamedTuple):
    """The values a jump is looked for in, and what else a jumped value must be."""

    by_layer: Mapping[str, float | None]
    gate: Callable[[str, float], bool] | None


def _jump_checks(layers: Layers, step_values: StepValues) -> dict[tuple[AlertKind, str], JumpCheck]:
    """{(kind, statistic): JumpCheck} for the jumps looked for at one step.

    `gate(key, value)` says whether the value after a jump is itself a problem (see
    LARGE_ACTIVATION_RMS and LARGE_GRADIENT_TO_WEIGHT). Vanishing gradients are compared
    as shares of the model's gradient norm: when the loss goes down every gradient
    shrinks together, and that is training working, not a layer losing its gradient.
    """
    rms = step_values["activation_rms"]
    grads = {key: step_values["grad_norm"][key] for key in layers.modules}

    def large_gradient(key: str, value: float) -> bool:
        weights = step_values["param_norm"][key]
        return weights is not None and value >= LARGE_GRADIENT_TO_WEIGHT * weights

    return {
        ("exploding", "activation_rms"): JumpCheck(rms, lambda key, value: value >= LARGE_ACTIVATION_RMS),
        ("vanishing", "activation_rms"): JumpCheck(rms, None),
        ("exploding", "grad_norm"): JumpCheck(grads, large_gradient),
        ("vanishing", "grad_norm"): JumpCheck(_gradient_shares(layers, step_values), None),
    }


class _Jumps:
    """exploding / vanishing: a norm changing by JUMP_FACTOR between consecutive steps.

    A jump travels: every layer after the one where an activation blows up blows up
    too, and in the backward pass every layer before the one where a gradient does. So
    each step's jump is named at its origin, the first layer in model order for outputs
    and the last for gradients, and only the first jump of each kind is reported.
    """

    def __init__(self, layers: Layers) -> None:
        self.layers = layers
        self.alerts: list[Alert] = []
        self.reported: set[tuple[AlertKind, str]] = set()
        self.previous_checks: dict[tuple[AlertKind, str], JumpCheck] | None = None
        self.previous_step: int | None = None

    def add(self, document: ServedStepDocument, step_values: StepValues) -> None:
        layers, previous_checks, previous_step = self.layers, self.previous_checks, self.previous_step
        checks = _jump_checks(layers, step_values)
        for (kind, statistic), (checked, gate) in checks.items():
            if previous_checks is None or previous_step is None or (kind, statistic) in self.reported:
                continue
            before_values = previous_checks[(kind, statistic)].by_layer
            jumps: dict[str, tuple[float, float]] = {}  # layer key -> (before, now)
            for key, now in checked.items():
                before = before_values.get(key)
                if not before or not now:  # missing or exactly zero: no ratio
                    continue
                jumped = now >= JUMP_FACTOR * before if kind == "exploding" else before >= JUMP_FACTOR * now
                if jumped and (gate is None or gate(key, now)):
                    jumps[key] = (before, now)
            flagged = layers.without_ancestors(jumps)
            if not flagged:
                continue
            self.reported.add((kind, statistic))
            key = flagged[-1] if statistic == "grad_norm" else flagged[0]
            before, now = jumps[key]
            what = {"activation_rms": "output RMS", "grad_norm": "gradient norm"}[statistic]
            if statistic == "grad_norm" and kind == "vanishing":
                what = "share of the model's gradient norm"
            self.alerts.append(
                _alert(
                    layers,
                    kind,
                    key,
                    document["step"],
                    statistic,
                    step_values[statistic][key],
                    "the %s of %s went from %.3g at step %d to %.3g at step %d (%.3g× %s)%s"
                    % (
                        what,
                        layers.label(key),
                        before,
                        previous_step,
                        now,
                        document["step"],
                        max(now / before, before / now),
                        "larger" if kind == "exploding" else "smaller",
                        _others(len(flagged) - 1),
                    ),
                )
            )
        self.previous_checks, self.previous_step = checks, document["step"]


def _grad_rms(document: StepDocument, names: Iterable[str]) -> float | None:
    grads = document.get("grads")
    total = 0.0
    numel = 0
    for name in names:
        stats = stats_of(grads, name)
        norm = as_number(stats.get("norm")) if stats else None
        if stats is None or norm is None:
            return None
        total += norm * norm
        numel += as_count(stats.get("numel"))
    return math.sqrt(total / numel) if numel else None


class _GradientSpread:
    """Early layers' gradients far smaller (vanishing) or larger (exploding) than the last's."""

    def __init__(self, layers: Layers) -> None:
        self.layers = layers
        self.alerts: list[Alert] = []
        self.done: set[tuple[AlertKind, str]] = set()
        self.modules = [key for key in layers.modules if layers.by_key[key].get("type") not in SPARSE_GRADIENT_TYPES]

    def add(self, document: ServedStepDocument, step_values: StepValues) -> None:
        layers = self.layers
        measured = [(key, _grad_rms(document, layers.param_names[key])) for key in self.modules]
        present = [(key, rms) for key, rms in measured if rms]
        if len(present) < 2:
            return
        (first, early), (last, late) = present[0], present[-1]
        kind: AlertKind
        if late >= GRADIENT_SPREAD_FACTOR * early:
            kind, factor = "vanishing", late / early
        elif early >= GRADIENT_SPREAD_FACTOR * late:
            kind, factor = "exploding", early / late
        else:
            return
        if (kind, "spread") in self.done:
            return
        self.done.add((kind, "spread"))
        self.alerts.append(
            _alert(
                layers,
                kind,
                first,
                document["step"],
                "grad_norm",
                early,
                "at step %d the gradients of %s are %.3g× %s than those of %s (RMS per value %.3g "
                "vs %.3g): the early layers %s"
                % (
                    document["step"],
                    layers.label(first),
                    factor,
                    "smaller" if kind == "vanishing" else "larger",
                    layers.label(last),
                    early,
                    late,
                    "barely learn" if kind == "vanishing" else "take steps far too large",
                ),
            )
        )


def _trainable_names(layers: Layers, key: str, document: StepDocument) -> list[str]:
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

    def __init__(self, layers: Layers) -> None:
        self.layers = layers
        self.alerts: list[Alert] = []
        self.streaks: dict[str, list[int] | None] = {}  # layer key -> steps of its current streak, None once reported

    def add(self, document: ServedStepDocument, step_values: StepValues) -> None:
        layers, streaks = self.layers, self.streaks
        updates = document.get("updates")
        if not isinstance(updates, dict) or not updates:
            self.streaks = {key: s for key, s in streaks.items() if s is None}  # keep "reported"
            return
        anything_moved = any((as_number(v) or 0.0) > 0.0 for v in updates.values())
        for key in layers.modules:
            if key in streaks and streaks[key] is None:
                continue  # reported already
            trainable = _trainable_names(layers, key, document)
            ratios = [as_number(updates.get(name)) for name in trainable if name in updates]
            gradients = step_values["grad_norm"][key] or 0.0  # over its trainable parameters
            # Evidence that training happens: gradients reach this layer, or (logged
            # without gradients) the rest of the model moves.
            training = gradients > 0.0 or (not document.get("grads") and anything_moved)
            ran = as_count(layers.by_key[key].get("calls")) > 0
            if not (ratios and all(r == 0.0 for r in ratios) and training and ran):
                streaks.pop(key, None)
                continue
            streak = streaks.get(key)
            if streak is None:
                streak = streaks[key] = []
            streak.append(document["step"])
            if len(streak) >= NOT_LEARNING_STEPS:
                streaks[key] = None
                self.alerts.append(
                    _alert(
                        layers,
                        "not_learning",
                        key,
                        streak[0],
                        "update_ratio",
                        0.0,
                        "the parameters of %s did not change from step %d to step %d although they "
                        "are trainable%s: are they missing from the optimizer?"
                        % (
                            layers.label(key),
                            streak[0],
                            streak[-1],
                            " and receive gradients" if gradients > 0.0 else "",
                        ),
                    )
                )


def _median(values: Iterable[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


class Interval(NamedTuple):
    """The update ratio of a layer between two consecutive logged steps."""

    begin: int  # the previous logged step
    end: int
    ratio: float


class _LrTooHigh:
    """Layers whose update ratio per step stays above LR_TOO_HIGH_RATIO (see there)."""

    def __init__(self, layers: Layers) -> None:
        self.layers = layers
        self.alerts: list[Alert] = []
        # layer key -> consecutive intervals with a ratio; gone once reported
        self.intervals: dict[str, list[Interval]] = {key: [] for key in layers.modules}
        self.previous_step: int | None = None

    def add(self, document: ServedStepDocument, step_values: StepValues) -> None:
        step, previous = document["step"], self.previous_step
        self.previous_step = step
        for key in list(self.intervals):
            ratio = step_values["update_ratio"][key] if previous is not None else None
            if ratio is None or previous is None:
                self.intervals[key] = []
                continue
            intervals = self.intervals[key]
            intervals.append(Interval(previous, step, ratio))
            # The shortest run of logged steps ending here that is long enough.
            start = len(intervals) - LR_TOO_HIGH_STEPS
            while start > 0 and intervals[-1].end - intervals[start].begin < LR_TOO_HIGH_SPAN:
                start -= 1
            window = intervals[max(start, 0) :]
            if len(window) < LR_TOO_HIGH_STEPS or window[-1].end - window[0].begin < LR_TOO_HIGH_SPAN:
                continue
            median = _median([r / (end - begin) for begin, end, r in window])
            if median > LR_TOO_HIGH_RATIO:
                first_step, first_ratio = window[0].end, window[0].ratio
                del self.intervals[key]
                self.alerts.append(
                    _alert(
                        self.layers,
                        "lr_too_high",
                        key,
                        first_step,
                        "update_ratio",
                        first_ratio,
                        "the parameters of %s change by %.0f %% of their size per optimizer "
                        "step (median from step %d to step %d; %.0f %% over the %d steps from "
                        "step %d to step %d): the learning rate is too high"
                        % (
                            self.layers.label(key),
                            100 * median,
                            window[0].begin,
                            window[-1].end,
                            100 * first_ratio,
                            first_step - window[0].begin,
                            window[0].begin,
                            first_step,
                        ),
                    )
                )


class _NoGradient:
    """Trainable parameters that get no gradient (the backward graph's `unreachable`): one
    alert per module, at the first step, since the structure says so for every step."""

    def __init__(self, layers: Layers) -> None:
        self.layers = layers
        self.alerts: list[Alert] = []
        self.pending: dict[str, list[NoGradient]] = layers.unreachable

    def add(self, document: ServedStepDocument, step_values: StepValues) -> None:
        if not self.pending:
            return
        first_row: dict[str, str] = {}
        for row in self.layers.rows:
            first_row.setdefault(row.get("name"), row["key"])
        for module, parameters in self.pending.items():
            key = first_row.get(module, module + "#0")
            reasons: dict[str, list[str]] = {}
            for name, message in parameters:
                reasons.setdefault(message, []).append(name)
            text = "; ".join("%s: %s" % (", ".join(names), message) for message, names in reasons.items())
            self.alerts.append(
                _alert(
                    self.layers,
                    "no_gradient",
                    key,
                    document["step"],
                    "grad_norm",
                    len(parameters),
                    "%d trainable parameter%s of %s get%s no gradient from the backward graph's scalar (%s)"
                    % (
                        len(parameters),
                        "s" if len(parameters) > 1 else "",
                        self.layers.label(key),
                        "" if len(parameters) > 1 else "s",
                        text,
                    ),
                )
            )
        self.pending = {}


CHECKS: tuple[Callable[[Layers], Check], ...] = (
    _FirstNonfinite,
    _Jumps,
    _GradientSpread,
    _DeadOrSaturated,
    _NotLearning,
    _LrTooHigh,
    _NoGradient,
)
