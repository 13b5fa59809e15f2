"""One layer's stored histograms over a run's steps: its output's, its parameters' and
their gradients' (the `histograms` route, drawn by the Trends tab as distributions over
the steps, as TensorBoard's Histograms tab draws its own).

Imports only the standard library and this package's light modules: the plugin server
uses it.
"""

from typing import Any

from tensorboard_modelviz.format.documents import Histogram
from tensorboard_modelviz.gc_pause import collector_paused
from tensorboard_modelviz.server import reader


def layer_histograms(series: reader.StepSeries, layer: str) -> dict[str, Any]:
    """The stored histograms of one layer at every step of `series` (a reader.StepSeries):
    its output's and those of the parameters registered on it and of their gradients.

    `layer`: a key of the series' (latest) layer table. Returns
        {"layer": {"key", "name", "type", "depth"}, "steps": [...],
         "activation": [hist or null per step],
         "params": {parameter name: [hist or null per step]},
         "grads": {parameter name: [hist or null per step]}, "unreadable": [...]}
    with each hist as stored ({"lo", "hi", "n", "counts"}: docs/format.md; null where a
    stored one is not numbers). The documents
    are read one chunk at a time and only the histograms kept: 32 counts per tensor and
    step, so a long run is never held whole.
    """
    assert series.structure is not None  # None only in a series of appended steps
    row = next((r for r in series.structure.get("layers", ()) if r.get("key") == layer), None)
    if row is None:
        raise reader.LayerNotFoundError(
            "the run's latest model has no layer %r (histograms over time follow the latest "
            "model's layers)" % (layer,))
    names = list(row.get("param_names") or ())
    steps: list[int] = []
    activation: list[Histogram | None] = []
    params: dict[str, list[Histogram | None]] = {name: [] for name in names}
    grads: dict[str, list[Histogram | None]] = {name: [] for name in names}

    def hist(stats: object) -> Histogram | None:  # one that is not numbers counts as missing: the dashboard draws them
        found = stats.get("hist") if isinstance(stats, dict) else None
        return found if found is not None and reader.is_histogram(found) else None

    with collector_paused():  # every step document of the run: see collector
        for document in series.documents():
            steps.append(document["step"])
            activation.append(hist(document.get("activations", {}).get(layer)))
            for name in names:
                params[name].append(hist(document.get("params", {}).get(name)))
                grads[name].append(hist(document.get("grads", {}).get(name)))
    return {
        "layer": {key: row.get(key) for key in ("key", "name", "type", "depth")},
        "steps": steps,
        "activation": activation,
        "params": params,
        "grads": {name: values for name, values in grads.items() if any(values)},
        "unreadable": series.unreadable,
    }

