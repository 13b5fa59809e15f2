"""One layer's stored histograms over a run's steps: its output's, its parameters' and
their gradients' (the `histograms` route, drawn by the Trends tab as distributions over
the steps, as TensorBoard's Histograms tab draws its own), and the answers kept
(HistogramCache) while the run's step records are unchanged.

Imports only the standard library and this package's light modules: the plugin server
uses it.
"""

import threading
from typing import Any

from tensorboard_modelviz.format import codec
from tensorboard_modelviz.format.documents import Histogram
from tensorboard_modelviz.gc_pause import collector_paused
from tensorboard_modelviz.server import reader
from tensorboard_modelviz.server.single_flight import Flights

# An answer kept: (the step records it was read from, the answer, bytes of its JSON).
_Kept = tuple[reader.Records, dict[str, Any], int]


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
            "the run's latest model has no layer %r (histograms over time follow the latest model's layers)" % (layer,)
        )
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


class HistogramCache:
    """`layer_histograms`' answers per (run, tag, layer) of one experiment, each kept while
    the run's (step, wall time) records are those it was read from.

    An answer needs every step document of the run; a request whose answer is kept costs
    `reader.step_records` alone (no blob is read). When a step was appended or rewritten
    since, the run is read again. The answers are bounded by the
    bytes of their JSON, `capacity_bytes` in all (an answer larger than that is not kept),
    least recently asked first out.

    An answer is computed once at a time: a request for an answer not kept joins the
    computation under way for its (run, tag, layer), if any (whatever records that one
    began from: at most a step appended meanwhile older), or starts one. A computation
    that fails hands its error to everyone waiting for it and keeps nothing.
    """

    def __init__(self, data_reader: reader.ModelVizReader, capacity_bytes: int = 16 << 20) -> None:
        self._reader = data_reader
        self._answers = reader.LRUCache(capacity_bytes, weigh=lambda entry: entry[2])
        self._lock = threading.Lock()
        self._flights: Flights[tuple[str, str, str], _Kept] = Flights(self._lock)
        self.computations = 0  # how many answers were read: for tests

    def get(self, run: str, tag: str, layer: str, ctx: reader.Context | None = None) -> dict[str, Any]:
        key = (run, tag, layer)
        records = self._reader.step_records(run, tag, ctx=ctx)
        with self._lock:  # an answer is kept before its computation ends (Flights.run)
            kept: _Kept | None = self._answers.get(key)
            if kept is not None and kept[0] == records:
                return kept[1]
            computation, starts = self._flights.join(key)
            if starts:
                self.computations += 1
        if not starts:
            return computation.wait()[1]

        def compute() -> _Kept:
            series = self._reader.step_series(run, tag, ctx=ctx)
            answer = layer_histograms(series, layer)
            # The records of the series read, not those looked at above: a step appended
            # in between is then read by the next request.
            return series.records, answer, len(codec.to_json_bytes(answer))

        return self._flights.run(key, computation, compute, lambda kept: self._answers.put(key, kept))[1]
