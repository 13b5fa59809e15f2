"""The plugin's change-over-time answers: every statistic of every layer across a run's
logged steps, and the run's health alerts, computed once per series and kept.

Reading and decoding the step documents, and computing all of `analysis.STATISTICS` and
the alerts from them, cost about 0.35 s and 0.3 s per 100 steps of a 150-layer model.
So the first request for a (run, tag) computes everything at once and later requests
(another statistic for the heatmap, a layer's trend lines, the alerts) are answered from
memory until a step is added or rewritten. The documents are analysed as they are read
and then let go: on 1000 steps of a 150-layer model that request peaks at about 140 MB,
where holding every document took 1 GB.

Imports only the standard library and this package's light modules: the plugin server
uses it.
"""

import collections
import threading

from tensorboard_modelviz import analysis, reader
from tensorboard_modelviz.collector import collector_paused


class RunAnalysis:
    """Matrices of every statistic and the health alerts of one `reader.StepSeries`."""

    def __init__(self, series):
        analysed = analysis.SeriesAnalysis(series.structure)
        for document in series.documents():  # read as they are analysed, then let go
            analysed.add(document)
        self.records = series.records
        self.structure_hash = series.structure.get("hash")
        self.unreadable = series.unreadable
        self.steps = analysed.steps
        self.matrices = analysed.matrices()
        self.alerts = analysed.alerts()
        self.inputs = analysed.inputs()
        self.layers = next(iter(self.matrices.values()))["layers"]
        self._rows = {layer["key"]: i for i, layer in enumerate(self.layers)}

    def matrix(self, statistic):
        """`analysis.stat_matrix`'s answer plus the structure it follows and unreadable steps."""
        answer = dict(self.matrices[statistic])
        answer["structure"] = self.structure_hash
        answer["unreadable"] = self.unreadable
        return answer

    def trends(self, layer):
        """Every statistic of one layer over the steps: one row of each matrix."""
        row = self._rows.get(layer)
        if row is None:
            raise reader.LayerNotFoundError(
                "the run's latest model has no layer %r (statistics over time follow the "
                "latest model's layers)" % (layer,))
        return {
            "layer": self.layers[row],
            "steps": self.steps,
            "statistics": {name: matrix["values"][row] for name, matrix in self.matrices.items()},
            "descriptions": {name: matrix["description"] for name, matrix in self.matrices.items()},
            "inputs": self.inputs,
            "unreadable": self.unreadable,
        }

    def alert_list(self):
        return {"alerts": self.alerts, "steps": self.steps, "structure": self.structure_hash,
                "unreadable": self.unreadable}


class AnalysisCache:
    """`RunAnalysis` per (run, tag) of one experiment, recomputed when the series changes.

    Concurrent requests for the same (run, tag) wait for one computation (the dashboard
    asks for a matrix, the alerts and a layer's trends at once).
    """

    def __init__(self, data_reader, capacity=8):
        self._reader = data_reader
        self._capacity = capacity
        self._lock = threading.Lock()
        self._analyses = collections.OrderedDict()  # (run, tag) -> RunAnalysis
        self._key_locks = {}  # (run, tag) -> Lock held while computing

    def get(self, run, tag, ctx=None):
        key = (run, tag)
        records = self._reader.step_records(run, tag, ctx=ctx)
        found = self._cached(key, records)
        if found is not None:
            return found
        with self._lock:
            key_lock = self._key_locks.setdefault(key, threading.Lock())
        with key_lock:
            found = self._cached(key, records)
            if found is not None:
                return found
            with collector_paused():  # every step document of the run: see collector
                result = RunAnalysis(self._reader.step_series(run, tag, ctx=ctx))
            with self._lock:
                self._analyses[key] = result
                self._analyses.move_to_end(key)
                while len(self._analyses) > self._capacity:
                    evicted, _ = self._analyses.popitem(last=False)
                    self._key_locks.pop(evicted, None)
            return result

    def _cached(self, key, records):
        with self._lock:
            found = self._analyses.get(key)
            if found is None or found.records != records:
                return None
            self._analyses.move_to_end(key)
            return found
