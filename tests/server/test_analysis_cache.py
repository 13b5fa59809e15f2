"""The plugin's over-time analysis cache: computed once per series, recomputed on change."""

import gc
import json
import math
import os
import threading
import time

import pytest
import tb_helpers
import torch
from torch import nn

from tensorboard_modelviz import SummaryWriter
from tensorboard_modelviz.format import codec, metadata
from tensorboard_modelviz.server import analysis_cache, histograms, layer_values, reader, single_flight

STEPS = list(range(0, 60, 10))


class CountingReader:
    """A ModelVizReader that counts (and can slow down) its bulk reads."""

    def __init__(self, data, delay=0.0):
        self._data = data
        self.delay = delay
        self.series_reads = 0
        self.appended = []  # each series read: only the steps after an analysis's?

    def step_records(self, run, tag, ctx=None):
        return self._data.step_records(run, tag, ctx=ctx)

    def step_series(self, run, tag, ctx=None, after=None):
        self.series_reads += 1
        time.sleep(self.delay)
        series = self._data.step_series(run, tag, ctx=ctx, after=after)
        self.appended.append(series.appended)
        return series


class PoisonedReLU(nn.ReLU):
    """A ReLU whose output turns NaN once `poison` is set to NaN (a buffer: the capture
    puts buffers back, so only the test changes it)."""

    def __init__(self):
        super().__init__()
        self.register_buffer("poison", torch.zeros(()))

    def forward(self, x):
        return super().forward(x) + self.poison


def _poisoned_net():
    model = tb_helpers.net()
    model.relu = PoisonedReLU()
    return model


def _append(loader, steps, model=None, inputs=None, next_second=False):
    """Records `steps` of the loader's model (or `model`) into its run with a new writer;
    returns the writer, open. Its event file is named after the second it is opened in,
    then a per-process count; `next_second`: opened in the next second, so that the Python
    loader, which reads the files of a run in name order, surely takes it as the newest."""
    if next_second:
        time.sleep(1.05 - time.time() % 1.0)
    writer = SummaryWriter(os.path.join(loader.logdir, "run"))
    tb_helpers.record_model(writer, steps, model=model or loader.model, inputs=inputs)
    return writer


def _counting_step_reads(monkeypatch):
    """The steps whose documents the reader reads from now on (cached or not)."""
    read = []
    original = reader.ModelVizReader._sized_step_document
    monkeypatch.setattr(
        reader.ModelVizReader,
        "_sized_step_document",
        lambda self, ctx, run, tag, datum, remember=True: (
            read.append(datum.step),
            original(self, ctx, run, tag, datum, remember),
        )[1],
    )
    return read


@pytest.fixture
def loader(tmp_path):
    """A run written by the real writer whose `relu` layer outputs NaN from step 30 on
    (and everything after it, and the gradients and then the weights it reaches), loaded
    by the Python loader."""
    model = _poisoned_net()
    with SummaryWriter(os.path.join(str(tmp_path), "run")) as writer:
        tb_helpers.record_model(writer, [s for s in STEPS if s < 30], model=model)
        model.relu.poison.fill_(float("nan"))
        tb_helpers.record_model(writer, [s for s in STEPS if s >= 30], model=model)
    loaded = tb_helpers.PythonLoader(str(tmp_path))
    loaded.model = model
    loaded.stored = tb_helpers.stored_steps(os.path.join(str(tmp_path), "run"))
    loaded.structure_hash = loaded.stored[0][0]["structure"]
    return loaded


def _fc_norm(document):
    """The norm of fc's weight and bias together, from a stored step document."""
    norms = [document["params"][name]["norm"] for name in ("fc.weight", "fc.bias")]
    norms = [n for n in norms if n is not None]
    return math.sqrt(sum(n * n for n in norms)) if norms else None


def test_matrices_trends_and_alerts_of_a_run(loader):
    cache = analysis_cache.AnalysisCache(reader.ModelVizReader(loader.provider))
    result = cache.get("run", "model")
    assert result.steps == STEPS
    matrix = result.matrix("param_norm")
    keys = [layer["key"] for layer in matrix["layers"]]
    assert keys == ["#0", "conv1#0", "relu#0", "fc#0"]
    assert matrix["steps"] == STEPS and matrix["structure"] == loader.structure_hash
    fc = matrix["values"][keys.index("fc#0")]
    assert fc == pytest.approx([_fc_norm(loader.stored[s][0]) for s in STEPS])
    assert matrix["values"][0] == [None] * len(STEPS)  # the root has no parameters of its own
    assert matrix["unreadable"] == []

    trends = result.trends("fc#0")
    assert trends["layer"]["key"] == "fc#0" and trends["steps"] == STEPS
    assert set(trends["statistics"]) == set(layer_values.STATISTICS)
    assert trends["statistics"]["param_norm"] == fc
    assert trends["statistics"]["activation_mean"] == [
        loader.stored[s][0]["activations"]["fc#0"]["mean"] for s in STEPS
    ]
    assert trends["descriptions"]["grad_norm"] == layer_values.STATISTICS["grad_norm"].description
    assert trends["inputs"] == [0] * len(STEPS)  # one fixed input throughout
    with pytest.raises(reader.LayerNotFoundError, match="nope#0"):
        result.trends("nope#0")

    alerts = result.alert_list()["alerts"]
    nonfinite = [a for a in alerts if a["kind"] == "nonfinite"]
    assert [(a["layer"], a["step"]) for a in nonfinite] == [("relu#0", 30)]


def test_computed_once_until_a_step_is_added(loader):
    counting = CountingReader(reader.ModelVizReader(loader.provider))
    cache = analysis_cache.AnalysisCache(counting)
    first = cache.get("run", "model")
    assert cache.get("run", "model") is first
    assert counting.series_reads == 1

    _append(loader, [60]).close()
    loader.reload()
    second = cache.get("run", "model")
    assert counting.series_reads == 2 and second is not first
    assert second.steps == STEPS + [60]


def test_concurrent_requests_share_one_computation(loader):
    counting = CountingReader(reader.ModelVizReader(loader.provider), delay=0.3)
    cache = analysis_cache.AnalysisCache(counting)
    results = []
    threads = [threading.Thread(target=lambda: results.append(cache.get("run", "model"))) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert counting.series_reads == 1
    assert len(results) == 4 and all(r is results[0] for r in results)


def test_staggered_requests_while_steps_are_appended_wait_for_one_computation(loader):
    """Issue 26: requests that arrive while a computation runs join it, whatever series it
    began from, and a newer analysis than a request's own view is not computed again."""
    counting = CountingReader(reader.ModelVizReader(loader.provider), delay=0.4)
    cache = analysis_cache.AnalysisCache(counting)
    waits, errors = [], []

    def ask():
        started = time.monotonic()
        try:
            cache.get("run", "model")
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)
        waits.append(time.monotonic() - started)

    threads = []
    for index in range(20):
        if index == 10:  # a step appended while requests keep coming
            _append(loader, [60]).close()
            loader.reload()
        thread = threading.Thread(target=ask)
        thread.start()
        threads.append(thread)
        time.sleep(0.05)
    for thread in threads:
        thread.join()
    assert errors == []
    assert counting.series_reads == cache.computations <= 2
    # Nobody waited for more than one computation (0.4 s each, with room for this machine).
    assert max(waits) < 0.4 * 2 + 0.3
    assert cache.get("run", "model").steps == STEPS + [60]
    assert counting.series_reads <= 3


def test_a_failed_computation_reaches_every_waiter_and_is_not_kept(loader):
    class Failing(CountingReader):
        def step_series(self, run, tag, ctx=None, after=None):
            self.series_reads += 1
            time.sleep(self.delay)
            raise reader.MissingStructureError("no structure")

    failing = Failing(reader.ModelVizReader(loader.provider), delay=0.3)
    cache = analysis_cache.AnalysisCache(failing)
    errors = []

    def ask():
        try:
            cache.get("run", "model")
        except reader.MissingStructureError as e:
            errors.append(e)

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for thread in threads:
        thread.start()
        time.sleep(0.02)
    for thread in threads:
        thread.join()
    assert len(errors) == 4 and failing.series_reads == 1
    with pytest.raises(reader.MissingStructureError):
        cache.get("run", "model")
    assert failing.series_reads == 2


def _answers(result):
    return (result.steps, result.matrices, result.alert_list(), result.inputs, result.unreadable, result.trends("fc#0"))


def test_appended_steps_are_read_alone_and_give_what_a_full_pass_gives(loader, monkeypatch):
    counting = CountingReader(reader.ModelVizReader(loader.provider))
    cache = analysis_cache.AnalysisCache(counting)
    first = cache.get("run", "model")
    first_answers = json.dumps(_answers(first))
    read = _counting_step_reads(monkeypatch)
    writer = _append(loader, (60, 70), inputs=torch.ones(tb_helpers.NET_INPUT), next_second=True)
    writer._get_file_writer().add_summary(  # unreadable
        tb_helpers.blob_summary(metadata.step_tag("model"), [b"MVZ\x01\x02 not zlib"]), 80
    )
    writer.close()
    loader.reload()
    continued = cache.get("run", "model")
    assert counting.appended == [False, True] and sorted(read) == [60, 70, 80]
    assert continued.steps == STEPS + [60, 70] and [u["step"] for u in continued.unreadable] == [80]
    fresh = analysis_cache.AnalysisCache(reader.ModelVizReader(loader.provider)).get("run", "model")
    assert json.dumps(_answers(continued)) == json.dumps(_answers(fresh))
    assert json.dumps(_answers(first)) == first_answers  # what was answered before stays
    assert not first.can_continue() and continued.can_continue()


def test_appended_steps_with_another_structure_read_the_run_again(loader):
    counting = CountingReader(reader.ModelVizReader(loader.provider))
    cache = analysis_cache.AnalysisCache(counting)
    cache.get("run", "model")
    _append(loader, [60], model=tb_helpers.Bigger(), next_second=True).close()
    loader.reload()
    bigger_hash = tb_helpers.stored_steps(os.path.join(loader.logdir, "run"))[60][0]["structure"]
    result = cache.get("run", "model")
    assert counting.appended == [False, True, False]
    assert result.structure_hash == bigger_hash != loader.structure_hash and "fc2#0" in [
        layer["key"] for layer in result.layers
    ]
    fresh = analysis_cache.AnalysisCache(reader.ModelVizReader(loader.provider)).get("run", "model")
    assert json.dumps(_answers(result)[:5]) == json.dumps(_answers(fresh)[:5])


def test_a_series_after_records_that_were_rewritten_is_read_whole(loader):
    """Only a series that still begins with the records read before is `appended`: a step
    rewritten since (a resumed run; another wall time) reads every step again."""
    data = reader.ModelVizReader(loader.provider)
    records = data.step_records("run", "model")
    tail = data.step_series("run", "model", after=records[:3])
    assert tail.appended and tail.structure is None
    assert [d["step"] for d in tail.documents()] == STEPS[3:]
    rewritten = records[:2] + ((records[2][0], records[2][1] + 1.0),)
    whole = data.step_series("run", "model", after=rewritten)
    assert not whole.appended and whole.structure["hash"] == loader.structure_hash
    assert [d["step"] for d in whole.documents()] == STEPS


def test_cache_keeps_a_bounded_number_of_runs(tmp_path):
    for run in ("a", "b", "c"):
        tb_helpers.write_model_run(str(tmp_path), run, range(3))
    counting = CountingReader(reader.ModelVizReader(tb_helpers.python_provider(str(tmp_path))))
    cache = analysis_cache.AnalysisCache(counting, capacity=2)
    for run in ("a", "b", "c", "c", "b"):
        cache.get(run, metadata.DEFAULT_TAG)
    assert counting.series_reads == 3
    cache.get("a", metadata.DEFAULT_TAG)  # evicted by "c"
    assert counting.series_reads == 4


def test_trends_say_which_inputs_each_step_ran_on(tmp_path):
    """A probe batch that changed once, after a step that could take no fingerprint."""
    structure = tb_helpers.structure_document()
    log = tb_helpers.EventLog(os.path.join(str(tmp_path), "run"))
    fingerprints = ["a" * 16, "a" * 16, None, "b" * 16, "b" * 16, "a" * 16]
    for step, fingerprint in zip(STEPS, fingerprints):
        document, samples = tb_helpers.step_document(structure, step)
        if fingerprint is not None:
            document["input_fingerprint"] = fingerprint
        log.add(step, structure, document, samples)
    log.close()
    cache = analysis_cache.AnalysisCache(reader.ModelVizReader(tb_helpers.PythonLoader(str(tmp_path)).provider))
    assert cache.get("run", "model").trends("fc#0")["inputs"] == [0, 0, None, 1, 1, 0]


def test_trends_of_a_layer_added_mid_run(tmp_path):
    """Rows follow the latest model: a layer it added has no values before it ran, and a
    layer only an older model had is not followed."""
    with SummaryWriter(os.path.join(str(tmp_path), "run")) as writer:
        tb_helpers.record_model(writer, range(5))
        tb_helpers.record_model(writer, range(5, 10), model=tb_helpers.Bigger())
    stored = tb_helpers.stored_steps(os.path.join(str(tmp_path), "run"))
    cache = analysis_cache.AnalysisCache(reader.ModelVizReader(tb_helpers.PythonLoader(str(tmp_path)).provider))
    trends = cache.get("run", "model").trends("fc2#0")
    for statistic in ("mean", "max"):
        assert trends["statistics"]["activation_" + statistic] == [None] * 5 + [
            stored[step][0]["activations"]["fc2#0"][statistic] for step in range(5, 10)
        ]
    assert trends["statistics"]["param_norm"][:5] == [None] * 5
    assert None not in trends["statistics"]["param_norm"][5:]
    with pytest.raises(reader.LayerNotFoundError, match="latest model"):
        cache.get("run", "model").trends("fc3#0")


def test_the_analysis_runs_with_the_collector_paused(loader, monkeypatch):
    """Every step document of the run is decoded and held: see tensorboard_modelviz.gc_pause."""
    seen, analyse = [], analysis_cache.RunAnalysis

    def probed(series):
        seen.append(gc.isenabled())
        return analyse(series)

    monkeypatch.setattr(analysis_cache, "RunAnalysis", probed)
    analysis_cache.AnalysisCache(reader.ModelVizReader(loader.provider)).get("run", "model")
    assert seen == [False] and gc.isenabled()


def test_histograms_are_read_once_until_a_step_is_appended(loader, monkeypatch):
    """The `histograms` route's cache: a second request reads no step document and gives
    the same answer; a step appended since is seen, with every step read again."""
    data = reader.ModelVizReader(loader.provider)
    cache = histograms.HistogramCache(data)
    read = _counting_step_reads(monkeypatch)
    first = cache.get("run", "model", "fc#0")
    assert first["steps"] == STEPS and sorted(read) == STEPS
    assert first == histograms.layer_histograms(
        reader.ModelVizReader(loader.provider).step_series("run", "model"), "fc#0"
    )
    read.clear()
    assert cache.get("run", "model", "fc#0") == first and read == [] and cache.computations == 1
    other = cache.get("run", "model", "conv1#0")  # another layer: its own answer
    assert other["layer"]["key"] == "conv1#0" and cache.computations == 2

    _append(loader, [60], next_second=True).close()
    loader.reload()
    read.clear()
    appended = cache.get("run", "model", "fc#0")
    assert appended["steps"] == STEPS + [60] and sorted(read) == STEPS + [60] and cache.computations == 3
    assert (
        appended["params"]["fc.weight"][-1]
        == tb_helpers.stored_steps(os.path.join(loader.logdir, "run"))[60][0]["params"]["fc.weight"]["hist"]
    )
    read.clear()
    assert cache.get("run", "model", "fc#0") == appended and read == []


def test_histogram_answers_are_bounded_by_the_bytes_of_their_json(loader):
    counting = CountingReader(reader.ModelVizReader(loader.provider))
    sizes = [
        len(codec.to_json_bytes(histograms.HistogramCache(counting).get("run", "model", layer)))
        for layer in ("fc#0", "conv1#0")
    ]
    cache = histograms.HistogramCache(counting, capacity_bytes=max(sizes) + min(sizes) // 2)  # room for one
    for layer in ("fc#0", "fc#0", "conv1#0", "conv1#0"):
        cache.get("run", "model", layer)
    assert cache.computations == 2
    cache.get("run", "model", "fc#0")  # conv1's answer took its place
    assert cache.computations == 3
    too_small = histograms.HistogramCache(counting, capacity_bytes=min(sizes) - 1)
    too_small.get("run", "model", "fc#0")
    too_small.get("run", "model", "fc#0")
    assert too_small.computations == 2  # larger than the whole cache: not kept


class HeldReader(CountingReader):
    """A CountingReader whose series reads wait until `release` is set, then raise
    `failure` where one is set."""

    def __init__(self, data, failure=None):
        super().__init__(data)
        self.release = threading.Event()
        self.failure = failure

    def step_series(self, run, tag, ctx=None, after=None):
        self.series_reads += 1
        assert self.release.wait(30)
        if self.failure is not None:
            raise self.failure
        return self._data.step_series(run, tag, ctx=ctx, after=after)


def _concurrent_histogram_requests(monkeypatch, held, requests=4):
    """`requests` threads ask one HistogramCache over `held` for one layer's histograms,
    the first read held until the others wait for a computation (or 5 s have passed):
    (the cache, how many waited, the answers, the errors)."""
    cache = histograms.HistogramCache(held)
    joined = []
    wait = single_flight.Computation.wait
    monkeypatch.setattr(single_flight.Computation, "wait", lambda self: (joined.append(1), wait(self))[1])
    answers, errors = [], []

    def ask():
        try:
            answers.append(cache.get("run", "model", "fc#0"))
        except Exception as e:  # noqa: BLE001 - reported to the test
            errors.append(e)

    threads = [threading.Thread(target=ask) for _ in range(requests)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 5
    while len(joined) < requests - 1 and time.monotonic() < deadline:
        time.sleep(0.01)
    held.release.set()
    for thread in threads:
        thread.join()
    return cache, len(joined), answers, errors


def test_concurrent_histogram_requests_share_one_computation(loader, monkeypatch):
    held = HeldReader(reader.ModelVizReader(loader.provider))
    cache, waited, answers, errors = _concurrent_histogram_requests(monkeypatch, held)
    assert errors == [] and waited == 3
    assert held.series_reads == cache.computations == 1
    assert len(answers) == 4 and all(a is answers[0] for a in answers) and answers[0]["steps"] == STEPS


def test_a_failed_histogram_computation_reaches_every_waiter_and_is_not_kept(loader, monkeypatch):
    failure = reader.MissingStructureError("no structure")
    held = HeldReader(reader.ModelVizReader(loader.provider), failure=failure)
    cache, waited, answers, errors = _concurrent_histogram_requests(monkeypatch, held)
    assert answers == [] and waited == 3 and held.series_reads == 1
    assert len(errors) == 4 and all(e is failure for e in errors)
    held.failure = None  # the next request computes again
    assert cache.get("run", "model", "fc#0")["steps"] == STEPS
    assert held.series_reads == cache.computations == 2
