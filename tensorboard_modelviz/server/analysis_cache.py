"""The plugin's change-over-time answers: every statistic of every layer across a run's
logged steps, and the run's health alerts, computed once per series and kept.

Reading and decoding the step documents, and computing all of `layer_values.STATISTICS` and
the alerts from them, cost about 0.35 s and 0.3 s per 100 steps of a 150-layer model.
So the first request for a (run, tag) computes everything at once and later requests
(another statistic for the heatmap, a layer's trend lines, the alerts) are answered from
memory until a step is added or rewritten; steps appended to the run are then read and
added alone, while a rewritten step (a resumed run) reads the run again. The documents are analysed as they are read
and then let go: on 1000 steps of a 150-layer model that request peaks at about 140 MB,
where holding every document took 1 GB.

Imports only the standard library and this package's light modules: the plugin server
uses it.
"""

import collections
import threading
import time
from typing import Any

from tensorboard_modelviz.gc_pause import collector_paused
from tensorboard_modelviz.server import analysis, reader
from tensorboard_modelviz.server.single_flight import Flights


class _StructureChanged(Exception):
    """Appended steps were recorded with another structure: the analysis starts over."""


class RunAnalysis:
    """Matrices of every statistic and the health alerts of one `reader.StepSeries`.

    With `continued`, the analysis of the steps before an `appended` series: its state
    (analysis.SeriesAnalysis, which takes steps one at a time in order) is taken over
    and given the appended steps only, which is what a full pass would do after reading
    those before again. That one cannot be continued again; what it answers stays as it
    was (its steps, matrices and alerts are its own). Appended steps recorded with
    another structure raise _StructureChanged: the rows follow the latest structure.
    """

    def __init__(self, series: reader.StepSeries, continued: "RunAnalysis | None" = None) -> None:
        unreadable: list[dict[str, Any]]
        analysed: analysis.SeriesAnalysis | None
        if continued is None:
            assert series.structure is not None  # a series read whole has one
            analysed = analysis.SeriesAnalysis(series.structure)
            self.structure_hash: str | None = series.structure.get("hash")
            unreadable = []
        else:
            analysed = continued._analysed
            assert analysed is not None  # the caller asked can_continue()
            continued._analysed = None
            self.structure_hash = continued.structure_hash
            unreadable = list(continued.unreadable)
        for document in series.documents():  # read as they are analysed, then let go
            if continued is not None and document["structure"] not in (self.structure_hash, None):
                raise _StructureChanged()
            analysed.add(document)
        self._analysed: analysis.SeriesAnalysis | None = analysed
        self.records = series.records
        self.unreadable: list[dict[str, Any]] = unreadable + series.unreadable
        self.steps = list(analysed.steps)
        self.matrices = analysed.matrices()
        for matrix in self.matrices.values():
            matrix["steps"] = self.steps  # not the list the analysis goes on appending to
        self.alerts = analysed.alerts()
        self.inputs = analysed.inputs()
        self.layers = next(iter(self.matrices.values()))["layers"]
        self._rows = {layer["key"]: i for i, layer in enumerate(self.layers)}

    def can_continue(self) -> bool:
        return self._analysed is not None

    def matrix(self, statistic: str) -> dict[str, Any]:
        """`analysis.stat_matrix`'s answer plus the structure it follows and unreadable steps."""
        answer = dict(self.matrices[statistic])
        answer["structure"] = self.structure_hash
        answer["unreadable"] = self.unreadable
        return answer

    def trends(self, layer: str) -> dict[str, Any]:
        """Every statistic of one layer over the steps: one row of each matrix."""
        row = self._rows.get(layer)
        if row is None:
            raise reader.LayerNotFoundError(
                "the run's latest model has no layer %r (statistics over time follow the "
                "latest model's layers)" % (layer,)
            )
        return {
            "layer": self.layers[row],
            "steps": self.steps,
            "statistics": {name: matrix["values"][row] for name, matrix in self.matrices.items()},
            "descriptions": {name: matrix["description"] for name, matrix in self.matrices.items()},
            "inputs": self.inputs,
            "unreadable": self.unreadable,
        }

    def alert_list(self) -> dict[str, Any]:
        return {
            "alerts": self.alerts,
            "steps": self.steps,
            "structure": self.structure_hash,
            "unreadable": self.unreadable,
        }


class AnalysisCache:
    """`RunAnalysis` per (run, tag) of one experiment, computed once per change of its series.

    A run that training appends to is read once: each computation after the first reads
    only the steps appended since the last one (RunAnalysis's `continued`).

    A request is answered from the kept analysis when the series is as it was when that
    analysis began reading, or when that analysis began after the request looked at the
    series (it is then at least as new as what the request saw). Otherwise it joins the
    computation under way for that (run, tag), if any, whatever series that one began
    from, or starts one: so a request waits for one computation at most, and however many requests arrive while a run's
    steps are being appended, a (run, tag) has at most one computation running. A
    computation that fails hands its error to everyone waiting for it and keeps nothing.
    """

    def __init__(self, data_reader: reader.ModelVizReader, capacity: int = 8) -> None:
        self._reader = data_reader
        self._capacity = capacity
        self._lock = threading.Lock()
        # (run, tag) -> (RunAnalysis, when it began)
        self._analyses: collections.OrderedDict[tuple[str, str], tuple[RunAnalysis, float]] = collections.OrderedDict()
        self._flights: Flights[tuple[str, str], RunAnalysis] = Flights(self._lock)
        self.computations = 0  # how many were started: for tests and benchmarks

    def get(self, run: str, tag: str, ctx: reader.Context | None = None) -> RunAnalysis:
        key = (run, tag)
        looked = time.monotonic()
        records = self._reader.step_records(run, tag, ctx=ctx)
        with self._lock:
            kept = self._analyses.get(key)
            found = kept[0] if kept is not None else None
            if kept is not None and (kept[0].records == records or kept[1] >= looked):
                self._analyses.move_to_end(key)
                return kept[0]
            computation, starts = self._flights.join(key)
            if starts:
                self.computations += 1
                started = time.monotonic()
        if not starts:
            return computation.wait()

        def compute() -> RunAnalysis:
            with collector_paused():  # every step document of the run: see collector
                return self._compute(run, tag, ctx, found)

        def keep(result: RunAnalysis) -> None:
            self._analyses[key] = (result, started)
            self._analyses.move_to_end(key)
            while len(self._analyses) > self._capacity:
                self._analyses.popitem(last=False)

        return self._flights.run(key, computation, compute, keep)

    def _compute(self, run: str, tag: str, ctx: reader.Context | None, previous: RunAnalysis | None) -> RunAnalysis:
        """The analysis of the series as it is now; where it only gained steps since
        `previous` (an analysis of it, or None), those steps alone are read."""
        if previous is not None and previous.can_continue():
            series = self._reader.step_series(run, tag, ctx=ctx, after=previous.records)
            if series.appended:
                try:
                    return RunAnalysis(series, continued=previous)
                except _StructureChanged:
                    pass
        return RunAnalysis(self._reader.step_series(run, tag, ctx=ctx))
