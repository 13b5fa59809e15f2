"""The per-layer metrics: each defined once, for the server that computes them and every
view that shows them (graph overlay, trends, compare, panels, alert texts).

A metric is a number per layer (a row of the structure's layer table, `fc1#0`), taken
either from a step document (`over_time`: it changes from step to step, and has a
layer × step matrix) or from the structure's layer table (FLOPs, parameters). Its key
names one meaning everywhere: where two meanings are both useful (a module's own
parameters, or every parameter inside it) they have two keys.

`module` says how a module's value relates to its children's, so that a closed box in
the graph shows what its key says without any arithmetic in the browser:
  "output"      the module call's own output (a container that returns its last
                child's output has that child's value);
  "own"         the parameters registered directly on the module (`param_names`): a
                container without parameters of its own has none;
  "subtree"     every parameter inside the module, its own and its children's (each
                parameter counted once);
  "totals"      the layer table's subtree totals (FLOPs, parameters, output bytes).
`group` says how a folded run of repeated sibling blocks shows its members: their
"sum" (a cost) or their "max".

`scale` and `log_scale` are hints for colouring: "signed" values may be negative (a
diverging map centred on zero), "positive" are magnitudes, "fraction" lies in 0..1,
"count" is an integer ≥ 0. `unit` says how to format: "" a plain number, "fraction"
a percentage, "count" an exact integer, "flops", "bytes", "parameters".

`trend` says whether the Trends tab draws the metric's line for every layer ("always"),
only where it has a non-zero value ("when_present"), or only when picked ("").

`thresholds` holds the levels the alerts (server/alerts.py) and the panels' warnings
use, by name, so that a level is written once.

No torch: the server imports this.
"""

import dataclasses
import types
import typing
from typing import Any, Literal, TypeAlias

Source: TypeAlias = Literal["activation", "params", "grads", "updates", "output_grads", "dead_units", "structure"]
"""The step document's field a metric is read from, or "structure" for the layer table."""
ModuleRule: TypeAlias = Literal["output", "own", "subtree", "totals"]
Scale: TypeAlias = Literal["signed", "positive", "fraction", "count"]
Unit: TypeAlias = Literal["", "fraction", "count", "flops", "bytes", "parameters"]
Group: TypeAlias = Literal["sum", "max"]
Trend: TypeAlias = Literal["always", "when_present", ""]


@dataclasses.dataclass(frozen=True)
class Metric:
    key: str
    label: str
    description: str
    source: Source
    module: ModuleRule  # see the module's docstring
    scale: Scale
    unit: Unit = ""
    group: Group = "max"
    log_scale: bool = False
    trend: Trend = ""
    thresholds: typing.Mapping[str, float] = dataclasses.field(default_factory=lambda: types.MappingProxyType({}))

    @property
    def over_time(self) -> bool:
        """Taken from step documents (a value per step), not from the structure."""
        return self.source != "structure"

    def as_json(self) -> dict[str, Any]:
        answer: dict[str, Any] = {field.name: getattr(self, field.name) for field in dataclasses.fields(self)}
        answer["thresholds"] = dict(self.thresholds)
        answer["over_time"] = self.over_time
        return answer


def _levels(**levels: float) -> typing.Mapping[str, float]:
    return types.MappingProxyType(levels)


DEAD_UNITS_FRACTION = 0.5
"""A layer with at least this fraction of dead units (≤ 0 for every item of the batch
where they enter a ReLU) has lost most of its capacity: those units get no gradient and
cannot recover. A unit off for a whole batch is rare in a healthy network (at most 5 %
of a layer in demo/signals.py's healthy run); the lr_too_high run reaches 79 % and 89 %.
Lower than the zero fraction's level because it counts units, not values: a layer whose
live units fire for only some inputs has many zeros but few dead units."""

DEAD_ZERO_FRACTION = 0.9
"""An output with at least this fraction of exact zeros (documents without dead units,
written before them, and the panels' warning on a ReLU's output). A healthy ReLU layer
passes about half of its inputs; 90 % zeros over a whole batch means most units never
fire."""

SATURATED_FRACTION = 0.9
"""A tanh/sigmoid output with at least this share of its histogram near a bound is saturated."""


METRICS: typing.Tuple[Metric, ...] = (
    Metric(
        "activation_std",
        "Output std",
        "standard deviation of the output's finite values",
        "activation",
        "output",
        "positive",
        trend="always",
    ),
    Metric(
        "activation_mean",
        "Output mean",
        "mean of the output's finite values",
        "activation",
        "output",
        "signed",
        trend="always",
    ),
    Metric("activation_min", "Output min", "smallest finite value of the output", "activation", "output", "signed"),
    Metric("activation_max", "Output max", "largest finite value of the output", "activation", "output", "signed"),
    Metric(
        "activation_absmax",
        "Output |max|",
        "largest absolute finite value of the output",
        "activation",
        "output",
        "positive",
        trend="always",
    ),
    Metric(
        "activation_rms",
        "Output RMS",
        "root mean square of the output's finite values",
        "activation",
        "output",
        "positive",
    ),
    Metric(
        "activation_zeros",
        "Zero fraction",
        "fraction of the output's values that are exactly zero",
        "activation",
        "output",
        "fraction",
        unit="fraction",
        thresholds=_levels(warning=DEAD_ZERO_FRACTION),
        trend="always",
    ),
    Metric(
        "dead_units",
        "Dead units",
        "fraction of the layer's units (channels of a conv output, features of a linear "
        "output) that are ≤ 0 for every item of the batch where they enter a ReLU "
        "(module or function): units that pass no gradient",
        "dead_units",
        "output",
        "fraction",
        unit="fraction",
        thresholds=_levels(alert=DEAD_UNITS_FRACTION),
        trend="when_present",
    ),
    Metric(
        "activation_saturated",
        "Saturated fraction (tanh/sigmoid)",
        "share of a tanh/sigmoid output near its bounds (other layers: none)",
        "activation",
        "output",
        "fraction",
        unit="fraction",
        thresholds=_levels(alert=SATURATED_FRACTION),
        trend="when_present",
    ),
    Metric(
        "activation_nonfinite",
        "NaN/Inf in output",
        "NaN and ±Inf values in the output (a count)",
        "activation",
        "output",
        "count",
        unit="count",
        group="sum",
        trend="always",
    ),
    Metric(
        "param_norm",
        "Weight norm",
        "L2 norm of the layer's own parameters, all together",
        "params",
        "own",
        "positive",
        trend="always",
    ),
    Metric(
        "param_nonfinite",
        "NaN/Inf in weights",
        "NaN and ±Inf values in the layer's own parameters",
        "params",
        "own",
        "count",
        unit="count",
        group="sum",
        trend="when_present",
    ),
    Metric(
        "grad_norm",
        "Gradient norm",
        "L2 norm of the gradients of the layer's own parameters",
        "grads",
        "own",
        "positive",
        log_scale=True,
        trend="always",
    ),
    Metric(
        "grad_nonfinite",
        "NaN/Inf in gradients",
        "NaN and ±Inf values in those gradients",
        "grads",
        "own",
        "count",
        unit="count",
        group="sum",
        trend="when_present",
    ),
    Metric(
        "update_ratio",
        "Update ratio ‖ΔW‖/‖W‖",
        "‖W(t) − W(t′)‖ / ‖W(t′)‖ of the layer's own parameters since the previous logged call",
        "updates",
        "own",
        "positive",
        log_scale=True,
        trend="always",
    ),
    Metric(
        "subtree_grad_norm",
        "Gradient norm (module and children)",
        "L2 norm of the gradients of every parameter inside the module, its own and its children's",
        "grads",
        "subtree",
        "positive",
        log_scale=True,
    ),
    Metric(
        "subtree_update_ratio",
        "Update ratio (module and children)",
        "‖W(t) − W(t′)‖ / ‖W(t′)‖ of every parameter inside the module since the previous logged call",
        "updates",
        "subtree",
        "positive",
        log_scale=True,
    ),
    Metric(
        "output_grad_norm",
        "Output gradient norm",
        "L2 norm of the gradient arriving at the output, from the backward graph's scalar (logged with grad_flow=True)",
        "output_grads",
        "output",
        "positive",
        log_scale=True,
    ),
    Metric(
        "flops",
        "FLOPs",
        "floating-point operations of the module's forward, children included",
        "structure",
        "totals",
        "positive",
        unit="flops",
        group="sum",
    ),
    Metric(
        "params",
        "Parameters",
        "parameters inside the module (shared ones counted once)",
        "structure",
        "totals",
        "positive",
        unit="parameters",
        group="sum",
    ),
    Metric(
        "output_bytes",
        "Output bytes",
        "bytes of the module call's outputs",
        "structure",
        "totals",
        "positive",
        unit="bytes",
        group="sum",
    ),
)
"""In the order the views list them."""

BY_KEY: typing.Mapping[str, Metric] = types.MappingProxyType({m.key: m for m in METRICS})

OVER_TIME: typing.Tuple[str, ...] = tuple(m.key for m in METRICS if m.over_time)
"""The keys of the metrics read from step documents: the layer × step matrices'."""

PER_LAYER_SOURCES: typing.Tuple[str, ...] = tuple(
    dict.fromkeys(
        m.source for m in METRICS if m.source not in ("activation", "params", "grads", "updates", "structure")
    )
)
"""The step document's fields that hold a metric as {layer key: number} (output_grads, ...)."""

RELU_FAMILY_TYPES: typing.Tuple[str, ...] = ("ReLU", "ReLU6")
"""Module types whose zero outputs carry no gradient (leaky variants never output 0)."""


def registry() -> dict[str, list[dict[str, Any]]]:
    """The `metrics` route's answer: every metric's definition, in order."""
    return {"metrics": [m.as_json() for m in METRICS]}
