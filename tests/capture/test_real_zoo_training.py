"""Real architectures trained for three steps with `add_model_viz` at each: the call is harmless.

Each architecture of `real_zoo` (transformers and diffusers, built from configs) and each
model of `zoo` trains three real steps: the loss from its outputs, backward, an AdamW step,
in train mode with dropout active. `add_model_viz` is called at each step at one of two
natural places: after `optimizer.step()`, or after the forward and before the backward
(where a logging callback often sits, with the autograd graph still pending). Around every
call the invariance check (`model_invariance`) compares everything a call could disturb,
and at the end the run's weights, buffers, gradients, optimizer state, losses and random
number generators are compared bit for bit with the same run, from the same seeds, made
without the calls.

The checks are shown able to fail: the calls were really made and recorded (three steps,
complete, gradients read where they existed), the runs really train and really draw random
numbers that a call could disturb, and a harmful call is caught by each check.
"""

import contextlib
import functools
import importlib.util
import random
import warnings
from typing import Any, Callable, Dict, List, Optional

import model_invariance
import numpy as np
import pytest
import real_zoo
import torch
import zoo

from tensorboard_modelviz import SummaryWriter
from tensorboard_modelviz.server.reader import open_logdir

AFTER_STEP = "after_step"  # add_model_viz after optimizer.step(): gradients of the step are set
AFTER_FORWARD = "after_forward"  # between the forward and its backward: the graph is pending
PLACES = (AFTER_STEP, AFTER_FORWARD)
SEED = 0

# tests/zoo.py models trained here too: they bring BatchNorm (a call between forward and
# backward must not bump its buffers' version counters), tied weights, frozen layers, in-place
# ops and RNNs. Left out: `ddp`, which needs a process group of its own. The half-precision
# ones train too (AdamW keeps their dtype).
SMALL_ZOO = [n for n in zoo.NAMES if n != "ddp"]

pytestmark = [
    pytest.mark.usefixtures("one_thread"),  # tiny models: one thread is faster than a contended pool
]


def seed_everything(seed: int) -> None:
    """torch's, numpy's and Python's generators, as a training script seeds them."""
    torch.manual_seed(seed)
    np.random.seed(seed)
    random.seed(seed)


bits = model_invariance.tensor_bits  # a tensor's bytes: exact comparisons (-0.0, NaN payloads)
Call = Callable[[SummaryWriter, torch.nn.Module, Any, int], None]


def add_model_viz(writer: SummaryWriter, model: torch.nn.Module, probe: Any, step: int) -> None:
    writer.add_model_viz(model, probe, step)


def final_state(model: torch.nn.Module, optimizer: torch.optim.Optimizer, losses: List[torch.Tensor]) -> Dict[str, Any]:
    """Everything a run ends with, as bytes: weights, buffers, gradients, AdamW's moments and
    step counts, every loss, and the three generators' states."""
    state: Dict[str, Any] = {}
    for name, p in model.named_parameters():
        state["param " + name] = bits(p)
        state["grad " + name] = None if p.grad is None else bits(p.grad)
    for name, b in model.named_buffers():
        state["buffer " + name] = bits(b)
    for index, per_param in optimizer.state_dict()["state"].items():
        for key, value in per_param.items():
            state["optimizer %s %s" % (index, key)] = bits(value) if torch.is_tensor(value) else value
    for step, loss in enumerate(losses):
        state["loss %d" % step] = bits(loss)
    state["torch rng"] = torch.get_rng_state()
    state["numpy rng"] = repr(np.random.get_state())
    state["python rng"] = random.getstate()
    return state


def autocast(record: real_zoo.Trainable) -> contextlib.AbstractContextManager:
    """The mixed-precision context the record's training loop runs its forward in, if any."""
    if record.autocast is None:
        return contextlib.nullcontext()
    return torch.autocast("cpu", dtype=record.autocast)


def train(
    build: Callable[[], real_zoo.Trainable],
    place: Optional[str],
    logdir: Optional[str] = None,
    call: Call = add_model_viz,
    check: bool = True,
) -> Dict[str, Any]:
    """Three training steps of the zoo model `build` makes, making `call` at `place` (None:
    never) with the invariance check around it (unless `check` is False)."""
    seed_everything(SEED)
    record = build()
    model = record.model
    # 1e-2: large enough that each step moves bfloat16 weights too (their resolution near 1
    # is 2^-8), so that test_the_runs_really_train holds for every model.
    optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=1e-2)
    writer = SummaryWriter(logdir) if place is not None else None
    losses = []

    def logged(step: int, pending: Any = None) -> None:
        """The call, with the invariance check around it; `pending`: the step's output and
        loss when the backward is still to come (their version counters matter to it)."""
        before = model_invariance.take(model, optimizer=optimizer, inputs=record.probe, outputs=pending)
        call(writer, model, record.probe, step)
        if check:
            model_invariance.assert_same(
                before, model_invariance.take(model, optimizer=optimizer, inputs=record.probe, outputs=pending)
            )

    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)  # our own failure warns: it must not happen
        for step in range(real_zoo.STEPS):
            optimizer.zero_grad()
            with autocast(record):
                output = zoo.call(model, record.batches[step])
                loss = record.loss(output, record.target(step))
                if place == AFTER_FORWARD:
                    logged(step, pending=(output, loss))
            loss.backward()
            optimizer.step()
            if place == AFTER_STEP:
                logged(step)
            losses.append(loss.detach().clone())
    if writer is not None:
        writer.close()
    return final_state(model, optimizer, losses)


_REFERENCES: Dict[str, Dict[str, Any]] = {}


def reference(name: str) -> Dict[str, Any]:
    """The run of zoo model `name` without calls (shared by both places)."""
    if name not in _REFERENCES:
        _REFERENCES[name] = train(lambda: real_zoo.build(name), None)
    return _REFERENCES[name]


def assert_same_run(without: Dict[str, Any], with_calls: Dict[str, Any]) -> None:
    assert list(with_calls) == list(without), "the run ended with other parameters, buffers or state"
    for key, expected in without.items():
        got = with_calls[key]
        if torch.is_tensor(expected) and torch.is_tensor(got):
            assert torch.equal(got, expected), "%s differs from the run without add_model_viz" % key
        else:
            assert got == expected, "%s differs from the run without add_model_viz" % key


def assert_recorded(logdir: str, place: str, record: real_zoo.Trainable) -> None:
    """The calls were made and recorded: three complete steps, gradients where they existed."""
    reader = open_logdir(logdir)
    [run] = reader.runs()
    assert run["tags"] == [{"tag": "model", "steps": list(range(real_zoo.STEPS))}]
    trainable = {n for n, p in record.recorded.named_parameters() if p.requires_grad}
    for step in range(real_zoo.STEPS):
        document = reader.step(run["run"], "model", step)
        assert document["capture"]["complete"] is True and document["capture"]["warnings"] == []
        assert document["activations"], "no activation recorded"
        if place == AFTER_STEP:  # the step's gradients are there to be read
            assert document["grads"], "no gradient recorded"
            assert set(document["grads"]) <= trainable
        else:  # zero_grad() set them to None before the forward
            assert document["grads"] == {}


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("name", real_zoo.REAL_NAMES + SMALL_ZOO)
def test_training_with_calls_ends_bit_identical(name: str, place: str, tmp_path) -> None:
    with_calls = train(lambda: real_zoo.build(name), place, str(tmp_path))
    assert_same_run(reference(name), with_calls)
    assert_recorded(str(tmp_path), place, real_zoo.build(name))


@pytest.mark.parametrize("name", real_zoo.REAL_NAMES + SMALL_ZOO)
def test_the_runs_really_train(name: str) -> None:
    """Every parameter whose last gradient was not all zeros moved: the optimizer stepped on
    the weights compared. (A zero gradient can be exact: a key projection's bias shifts every
    attention score of a query alike, which softmax ignores.)"""
    initial = {n: (p.dtype, bits(p)) for n, p in real_zoo.build(name).model.named_parameters()}
    final = reference(name)
    stepped = [
        n
        for n, (dtype, _) in initial.items()
        if final["grad " + n] is not None and final["grad " + n].view(dtype).any()
    ]
    assert stepped
    assert [n for n in stepped if torch.equal(final["param " + n], initial[n][1])] == []


def _draws_once(writer: SummaryWriter, model: torch.nn.Module, probe: Any, step: int) -> None:
    """A harmful call: draws one number from torch's generator."""
    torch.rand(1)


def _reads_through_numpy(writer: SummaryWriter, model: torch.nn.Module, probe: Any, step: int) -> None:
    """A harmful call: reads every parameter with .numpy(), which values alone cannot show."""
    for p in model.parameters():
        p.detach().numpy()


@pytest.mark.parametrize("place", PLACES)
def test_a_harmful_call_is_caught_by_both_checks(place: str, tmp_path) -> None:
    """The invariance check fails at the harmful call; without it the run's end differs."""
    build = functools.partial(real_zoo.build, "dropout_mlp")
    with pytest.raises(AssertionError, match="torch CPU generator: state changed"):
        train(build, place, str(tmp_path), call=_draws_once)
    with pytest.raises(AssertionError, match="differs from the run without add_model_viz"):
        assert_same_run(reference("dropout_mlp"), train(build, place, str(tmp_path), call=_draws_once, check=False))
    with pytest.raises(AssertionError, match="storage resizable"):
        train(build, place, str(tmp_path), call=_reads_through_numpy)


# The real architectures whose forward draws nothing from torch's global generator in train
# mode: Mamba's config has no dropout; AutoencoderKL samples its posterior with the
# generator its batch hands it.
NO_GLOBAL_TORCH_DRAWS = {"mamba", "autoencoder_kl"}


@pytest.mark.parametrize("name", real_zoo.REAL_NAMES)
def test_the_forward_draws_random_numbers_in_train_mode(name: str) -> None:
    """Dropout (torch's generator), SpecAugment (numpy's), MusicGen's LayerDrop (Python's)
    and AutoencoderKL's posterior (the generator among its inputs) really draw in these runs: a call that advanced or reset a generator would change the
    run compared above."""
    record = real_zoo.build(name)
    seed_everything(SEED)
    torch_state, numpy_state, python_state = torch.get_rng_state(), repr(np.random.get_state()), random.getstate()
    handed = record.probe.get("generator") if isinstance(record.probe, dict) else None
    handed_state = handed.get_state() if handed is not None else None
    zoo.call(record.model, record.probe)
    assert torch.equal(torch.get_rng_state(), torch_state) == (name in NO_GLOBAL_TORCH_DRAWS)
    assert handed is None or not torch.equal(handed.get_state(), handed_state)
    assert (repr(np.random.get_state()) != numpy_state) == record.draws_numpy
    assert (random.getstate() != python_state) == record.draws_python


@pytest.mark.skipif(importlib.util.find_spec("timm") is None, reason=real_zoo.TIMM_MISSING)
@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("name", real_zoo.TIMM_NAMES)
def test_timm_training_with_calls_ends_bit_identical(name: str, place: str, tmp_path) -> None:
    build = functools.partial(real_zoo.timm_model, name)
    assert_same_run(train(build, None), train(build, place, str(tmp_path)))
    assert_recorded(str(tmp_path), place, build())
