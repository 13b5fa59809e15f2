"""Captures and threads: calls of several threads on one model are taken one at a time,
each document that of its own forward; module calls of the model from another thread
during a call (the training loop's forward) are never recorded as the call's, and are
noted as a failure; a call that fails lets the next one in; a capture started from
inside a recorded forward on the same thread neither waits for itself nor recurses."""

import sys
import threading
import time
import typing
import warnings

import pytest
import torch
import torch.nn as nn

from tensorboard_modelviz.capture import recording
from tensorboard_modelviz.capture.recording import CaptureResult, capture_model
from tensorboard_modelviz.capture.structure_key import KnownStructure
from tensorboard_modelviz.capture.writer import add_model_viz
from tensorboard_modelviz.format import codec

_THREADS = 3
_STEPS = 30
_TIMEOUT = 60.0  # seconds a join may take before the test calls it a deadlock


def _model() -> nn.Module:
    """A model whose steady calls replay (tracer.Trace.replay): no hooks of its own."""
    torch.manual_seed(0)
    layers: list[nn.Module] = []
    for _ in range(6):
        layers += [nn.Linear(16, 16), nn.ReLU(), nn.Linear(16, 16), nn.Tanh()]
    return nn.Sequential(*layers).eval()


def _input(thread: int, step: int) -> torch.Tensor:
    return torch.randn(4, 16, generator=torch.Generator().manual_seed(1000 * thread + step))


def _document(result: CaptureResult) -> tuple:
    """What a call writes, its time left out: its step and samples, encoded."""
    step = dict(result.step)
    step["capture"] = dict(step["capture"], seconds=0.0)
    return codec.encode_step(step), [(header, bytes(values)) for header, values in result.samples]


@pytest.fixture
def short_switches() -> typing.Iterator[None]:
    """Threads switch every 0.1 ms: a race inside a forward shows within a few calls."""
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-4)
    try:
        yield
    finally:
        sys.setswitchinterval(interval)


def _run(threads: list[threading.Thread]) -> None:
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(_TIMEOUT)
        assert not thread.is_alive(), "a thread is still waiting: a deadlock"


def test_calls_of_several_threads_on_one_model_each_write_their_own_forward(short_switches: None) -> None:
    """Each thread (a writer of its own: its own KnownStructure) captures the same model
    at every step, concurrently; each document is the one the same call writes alone."""
    model = _model()
    alone = {}
    for thread in range(_THREADS):
        known = KnownStructure()
        for step in range(_STEPS):
            alone[thread, step] = _document(capture_model(model, _input(thread, step), known=known))
    found: dict[tuple[int, int], tuple[tuple, BaseException | None]] = {}

    def calls(thread: int) -> None:
        known = KnownStructure()
        for step in range(_STEPS):
            result = capture_model(model, _input(thread, step), known=known)
            found[thread, step] = _document(result), result.failure

    _run([threading.Thread(target=calls, args=(thread,)) for thread in range(_THREADS)])
    silent = [key for key in alone if found[key][1] is None and found[key][0] != alone[key]]
    assert not silent, "%d of %d documents differ from the call's alone, unnoted" % (len(silent), len(alone))
    failures = [failure for _, failure in found.values() if failure is not None]
    assert not failures, "%d calls failed: %s" % (len(failures), failures[0])
    assert all(found[key][0] == alone[key] for key in alone)


class _Counting(nn.Module):
    """A model whose forward another thread may run while a call captures it."""

    def __init__(self) -> None:
        super().__init__()
        self.net = _model()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x)


def test_module_calls_of_another_thread_are_never_recorded_as_the_calls(short_switches: None) -> None:
    """The training loop's forward runs the model in the main thread while a logging
    thread captures it: each document is the one the call writes alone, or one whose
    call notes the other thread (capture incomplete). Rounds of calls run until one sees
    such an overlap (the threads' turns are the scheduler's)."""
    model = _Counting()
    known = KnownStructure()
    alone = [_document(capture_model(model, _input(0, step), known=known)) for step in range(_STEPS)]
    x = _input(7, 0)
    with torch.no_grad():
        expected = model(x)
    noted: list[BaseException] = []
    for _ in range(10):
        found: list[tuple[tuple, BaseException | None]] = []
        done = threading.Event()

        def logging_thread(found: list[tuple[tuple, BaseException | None]], done: threading.Event) -> None:
            known = KnownStructure()
            try:
                for step in range(_STEPS):
                    result = capture_model(model, _input(0, step), known=known)
                    found.append((_document(result), result.failure))
            finally:
                done.set()

        thread = threading.Thread(target=logging_thread, args=(found, done))
        thread.start()
        while not done.is_set():  # the loop's forwards, as they are without the calls
            with torch.no_grad():
                assert torch.equal(model(x), expected)
        thread.join(_TIMEOUT)
        noted += [failure for _, failure in found if failure is not None]
        assert all("another thread" in str(failure) for failure in noted), noted
        wrong = [step for step, (document, failure) in enumerate(found) if failure is None and document != alone[step]]
        assert not wrong, "%d documents differ from the call's alone, unnoted" % len(wrong)
        if noted:
            break
    assert noted, "no call saw the other thread's forward"


class _Failing(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.linear = nn.Linear(4, 4)
        self.fail = True

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.fail:
            raise ValueError("the model's own error")
        return self.linear(x)


def test_a_call_that_raises_lets_the_next_call_of_another_thread_in() -> None:
    model = _Failing()
    with pytest.raises(ValueError, match="the model's own error"):
        capture_model(model, torch.randn(2, 4))
    model.fail = False
    results: list[CaptureResult] = []
    thread = threading.Thread(target=lambda: results.append(capture_model(model, torch.randn(2, 4))))
    thread.start()
    thread.join(_TIMEOUT)
    assert not thread.is_alive(), "the failed call kept the model's lock"
    assert results and results[0].failure is None


class _CapturingHook:
    """A forward hook of the model's own that records the model from inside its forward,
    as a user's hook at every hundredth step would: the recorded forward runs it again."""

    def __init__(self, writer: object) -> None:
        self.writer = writer
        self.calls = 0

    def __call__(self, module: nn.Module, args: tuple, output: torch.Tensor) -> None:
        self.calls += 1
        if self.calls > 5:
            raise AssertionError("the capture recursed")
        add_model_viz(self.writer, module, args[0], self.calls)


class _Writer:
    """A writer as add_model_viz reads it: each summary kept."""

    def __init__(self) -> None:
        self.summaries: list[tuple[object, int]] = []

    def _get_file_writer(self) -> "_Writer":
        return self

    def add_summary(self, summary: object, step: int, walltime: float | None = None) -> None:
        self.summaries.append((summary, step))

    def get_logdir(self) -> str:
        return "runs/threads"


def test_a_capture_started_inside_a_recorded_forward_neither_waits_nor_recurses() -> None:
    """A hook of the model's that records it: the user's forward starts one call, whose
    own forward runs the hook again; that nested call is left out (nothing written, no
    waiting for the lock the thread holds, no recursion), on a thread with a timeout."""
    model = _model()
    writer = _Writer()
    hook = _CapturingHook(writer)
    model.register_forward_hook(hook)
    outcome: list[BaseException | None] = []

    def forward() -> None:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error")
                model(torch.randn(2, 16))
            outcome.append(None)
        except BaseException as e:
            outcome.append(e)

    thread = threading.Thread(target=forward, daemon=True)
    thread.start()
    thread.join(_TIMEOUT)
    assert not thread.is_alive(), "the nested capture waits for the lock its own thread holds"
    assert outcome == [None]
    assert hook.calls == 2  # the user's forward, and the recorded forward's
    steps = sorted({step for _, step in writer.summaries})
    assert steps == [1]  # the call the user's forward made; the nested one wrote nothing


def test_a_capture_inside_a_recorded_forward_through_capture_model_records_nothing() -> None:
    """capture_model itself, called by a hook of the model's in every forward: the user's
    forward starts one call, whose recorded forward runs the hook again; that nested call
    raises nothing into the forward (which would fail the outer call and the user's
    forward with it), records nothing (no blobs to write) and says why in `failure`."""
    model = _model()
    nested: list[CaptureResult] = []

    def hook(module: nn.Module, args: tuple, output: torch.Tensor) -> None:
        nested.append(capture_model(module, args[0]))

    model.register_forward_hook(hook)
    model(torch.randn(2, 16))
    assert len(nested) == 2  # the recorded forward's call first, then the user's forward's
    inner, outer = nested
    assert isinstance(inner.failure, RuntimeError) and "inside" in str(inner.failure)
    assert inner.blobs == [] and inner.structure is None and not inner.step["capture"]["complete"]
    assert outer.failure is None and outer.blobs and outer.structure is not None


def test_calls_on_different_models_run_at_once() -> None:
    """The lock is the model's: a call on one model, held inside its forward, leaves
    another thread's call on another model to run to its end meanwhile."""
    entered, release = threading.Event(), threading.Event()

    class Waiting(nn.Module):
        def forward(self, x: torch.Tensor) -> torch.Tensor:
            entered.set()
            assert release.wait(_TIMEOUT)
            return x * 2.0

    held = threading.Thread(target=lambda: capture_model(Waiting(), torch.randn(2, 4)))
    held.start()
    try:
        assert entered.wait(_TIMEOUT)
        other: list[CaptureResult] = []
        thread = threading.Thread(target=lambda: other.append(capture_model(_model(), torch.randn(2, 16))))
        thread.start()
        thread.join(_TIMEOUT)
        assert not thread.is_alive() and other and other[0].failure is None
    finally:
        release.set()
        held.join(_TIMEOUT)


def test_a_gradient_hook_does_not_wait_for_another_threads_call() -> None:
    """A backward whose gradient hook records the model while another thread's call holds
    it (and, as a CUDA backward's caller would, waits for that backward) leaves its call
    out with the writer's one warning, rather than waiting for the lock."""
    entered, release = threading.Event(), threading.Event()

    class Waiting(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.linear = nn.Linear(4, 4)
            self.wait = True

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            if self.wait:
                entered.set()
                assert release.wait(_TIMEOUT)
            return self.linear(x)

    model = Waiting()
    writer = _Writer()
    held = threading.Thread(target=lambda: capture_model(model, torch.randn(2, 4), recording.CaptureOptions()))
    held.start()
    caught: list[warnings.WarningMessage] = []
    try:
        assert entered.wait(_TIMEOUT)
        w = torch.randn(4, requires_grad=True)
        w.register_hook(lambda grad: add_model_viz(writer, model, torch.randn(2, 4), 0))

        def backward() -> None:
            with warnings.catch_warnings(record=True) as found:
                warnings.simplefilter("always")
                (w * 2.0).sum().backward()
            caught.extend(found)

        thread = threading.Thread(target=backward, daemon=True)
        thread.start()
        thread.join(_TIMEOUT)
        assert not thread.is_alive(), "the backward waits for the other thread's call"
    finally:
        release.set()
        held.join(_TIMEOUT)
    assert not writer.summaries
    assert any(
        str(w.message).startswith("tensorboard_modelviz recorded nothing at step 0: ")
        and "a backward cannot wait" in str(w.message)
        for w in caught
    )


class _Interleaved(nn.Module):
    """A model whose forward, where `elsewhere` is set, waits in its middle for a whole
    forward of itself in another thread: the call's hooks see that forward's module
    calls, at a known place."""

    def __init__(self) -> None:
        super().__init__()
        self.before = _model()
        self.after = _model()
        self.elsewhere = False
        self.other_input = torch.randn(3, 16)  # made here: an op in the forward would be in its graph

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = self.before(x)
        if self.elsewhere:
            self.elsewhere = False  # the other thread's forward runs without it
            other = threading.Thread(target=self, args=(self.other_input,))
            other.start()
            other.join(_TIMEOUT)
            self.elsewhere = True
        return self.after(h)


def _recorded(result: CaptureResult) -> tuple:
    """What a call records of its forward: the step's statistics and dead units, encoded,
    and its samples; the layers and graph of its structure, where it records one (not the
    backward graph and gradient flow, which a failed forward with gradients leaves out,
    nor the step's `capture` field and structure hash)."""
    step = dict(result.step)
    step["capture"] = {"seconds": 0.0, "complete": True, "warnings": []}
    step["structure"] = None
    step.pop("output_grads", None)
    structure = result.structure
    forward = None if structure is None else {k: v for k, v in structure.items() if k not in ("backward", "hash")}
    return codec.encode_step(step), [(header, bytes(values)) for header, values in result.samples], forward


@pytest.mark.parametrize("grad_flow", [False, True])
def test_a_forward_of_another_thread_inside_the_calls_is_left_out_and_noted(grad_flow: bool) -> None:
    """At a structure's first call (its forward with gradients), at a steady call that
    replays the last one's module calls, and with the gradient flow's forward: the
    documents are those the same calls write alone, each noting the other thread (a
    failure: the structure of a call that notes one is recorded again at the next)."""
    model = _Interleaved()
    options = recording.CaptureOptions(grad_flow=grad_flow)
    known = KnownStructure()
    alone = [capture_model(model, _input(0, step), options, known=known) for step in range(4)]
    model.elsewhere = True
    known = KnownStructure()
    for step in range(4):
        result = capture_model(model, _input(0, step), options, known=known)
        assert "ran in another thread" in str(result.failure), result.failure
        assert not result.step["capture"]["complete"]
        if "output_grads" in result.step:  # where the gradient flow's forward was taken
            assert result.step["output_grads"] == alone[step].step["output_grads"]
        found, expected = _recorded(result), _recorded(alone[step])
        assert found[:2] == expected[:2], "call %d" % step
        if expected[2] is not None:
            assert found[2] == expected[2], "call %d" % step


def test_a_hook_recording_another_model_inside_a_recorded_forward_leaves_the_call_alone() -> None:
    """A forward hook of model A's own that records model B (another model, another
    tag): the user's forward of A records B; A's recorded forward runs the hook again,
    and that nested call of B is left out, so A's document is the one A's call writes
    without the hook (B's ops and module calls are not A's), and B is not written twice."""
    model, other = _model(), nn.Sequential(nn.Linear(16, 4), nn.ReLU())
    x = torch.randn(2, 16)
    alone = capture_model(model, x)
    writer = _Writer()
    model.register_forward_hook(lambda module, args, output: add_model_viz(writer, other, args[0], 1, tag="other"))
    with torch.no_grad():
        model(x)
    written = len(writer.summaries)
    assert written and {step for _, step in writer.summaries} == {1}
    result = capture_model(model, x)
    assert result.failure is None
    assert _recorded(result) == _recorded(alone)
    assert len(writer.summaries) == written


@pytest.mark.filterwarnings("ignore:add_model_viz. step")  # the threads' steps interleave
def test_threads_recording_different_models_under_one_writer_and_tag_each_name_their_structure(
    short_switches: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two threads, two models of other structures, one writer, one tag, the calls started
    together (a barrier): every step document names the structure of the model its call
    ran, and each structure is written. The known structure is the model's (one per writer,
    tag and model), not the tag's alone: shared, one thread's call could leave the known key
    of one model with the other's hash, and the next steady call of that model named the
    other's structure."""
    models = [_model(), nn.Sequential(nn.Linear(16, 8), nn.ReLU(), nn.Linear(8, 16)).eval()]
    expected = [capture_model(model, _input(0, 0)).step["structure"] for model in models]
    assert expected[0] != expected[1]
    learn = KnownStructure.learn

    def learn_slowly(known: KnownStructure, *args: typing.Any) -> None:
        learn(known, *args)
        if threading.current_thread().name == "small":  # its forwards end first
            time.sleep(0.02)  # the other thread's call ends meanwhile, before this one knows its hash

    monkeypatch.setattr(KnownStructure, "learn", learn_slowly)
    writer = _Writer()
    barrier = threading.Barrier(len(models))
    steps = _STEPS

    def calls(thread: int) -> None:
        for step in range(steps):
            barrier.wait(_TIMEOUT)
            add_model_viz(writer, models[thread], _input(thread, step), 1000 * thread + step)

    _run([threading.Thread(target=calls, args=(thread,), name=("large", "small")[thread]) for thread in range(2)])
    named: dict[int, list[str | None]] = {0: [], 1: []}
    written = set()
    for summary, step in writer.summaries:
        value = summary.value[0]  # type: ignore[attr-defined]
        if value.tag.endswith("/step"):
            named[step // 1000].append(codec.decode_step(value.tensor.string_val[0])["structure"])
        else:
            written.add(codec.decode_structure(value.tensor.string_val[0])["hash"])
    for thread, hashes in named.items():
        assert len(hashes) == steps
        wrong = [h for h in hashes if h != expected[thread]]
        assert not wrong, "%d of %d step documents of model %d name another structure" % (len(wrong), steps, thread)
    assert written == set(expected)
