"""Change over time: every per-layer statistic of a run across its steps (the layer ×
step matrices) and its health alerts, from the run's step documents given one at a time.

The values come from layer_values, the checks from alerts; every result is a JSON-ready
dict or list, with None where a value is missing or not finite. No torch or numpy.
"""

from collections.abc import Iterable

from tensorboard_modelviz.format.documents import ServedStepDocument, StructureDocument
from tensorboard_modelviz.server.alerts import ALERT_KINDS, CHECKS, Alert
from tensorboard_modelviz.server.layer_values import (
    Layers,
    StatMatrix,
    StepValues,
    check_statistic,
    fingerprint_groups,
    matrices_of,
    ordered_steps,
    step_values_of,
)


def stat_matrix(
    step_documents: Iterable[ServedStepDocument], structure: StructureDocument, statistic: str
) -> StatMatrix:
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
    check_statistic(statistic)
    return _analysed(step_documents, structure).matrices()[statistic]


class SeriesAnalysis:
    """Every statistic's matrix (`stat_matrix`) and the health alerts (`health_alerts`) of
    a run, from its step documents given one at a time, in step order. Only the values
    are kept, not the documents: a run logged a thousand times need not be held whole.
    """

    def __init__(self, structure: StructureDocument) -> None:
        self.layers = Layers(structure)
        self.steps: list[int] = []
        self.values: list[StepValues] = []  # `step_values_of` of each step
        self.fingerprints: list[str | None] = []  # each step's input_fingerprint
        self._previous: ServedStepDocument | None = None
        self._checks = [check(self.layers) for check in CHECKS]

    def add(self, document: ServedStepDocument) -> None:
        """The next step document (with its "step"): later than the one before."""
        step_values = step_values_of(self.layers, document, self._previous)
        for check in self._checks:
            check.add(document, step_values)
        self.steps.append(document["step"])
        self.values.append(step_values)
        self.fingerprints.append(document.get("input_fingerprint"))
        self._previous = document

    def matrices(self) -> dict[str, StatMatrix]:
        """{statistic: `stat_matrix`'s answer} for every statistic."""
        return matrices_of(self.layers, self.steps, self.values)

    def alerts(self) -> list[Alert]:
        """`health_alerts`' answer."""
        order = {key: i for i, key in enumerate(self.layers.keys)}
        alerts = [alert for check in self._checks for alert in check.alerts]
        alerts.sort(key=lambda a: (a["step"], order.get(a["layer"], len(order)), ALERT_KINDS.index(a["kind"])))
        return alerts

    def inputs(self) -> list[int | None]:
        """`input_groups` of the steps."""
        return fingerprint_groups(self.fingerprints)


def _analysed(step_documents: Iterable[ServedStepDocument], structure: StructureDocument) -> SeriesAnalysis:
    analysed = SeriesAnalysis(structure)
    for document in ordered_steps(step_documents):
        analysed.add(document)
    return analysed


def health_alerts(steps: Iterable[ServedStepDocument], structure: StructureDocument) -> list[Alert]:
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
