"""torch's training features that keep or change state in a forward, trained with `add_model_viz` at each step.

`tests/zoo.py` and `tests/real_zoo.py` hold architectures; this file holds the training
features people switch on around them, each in the loop it is used in: quantization-aware
training, eager and FX (observers and fake-quantize modules that update their buffers in
the forward, their flags switched off between steps), parametrizations (orthogonal, a custom one under
`parametrize.cached()`, spectral norm's power iteration, weight norm in both APIs), packed
sequences through an LSTM, the transformer encoder's and attention's fast paths on nested
tensors in evaluation, activation checkpointing, `torch.func.functional_call`, vmap and
grad inside a forward (torch's model-ensembling recipe, per-sample input gradients), an SWA
average with `update_bn`, an EMA copy, bfloat16 autocast with a GradScaler, channels_last,
EmbeddingBag with offsets and per-sample weights, gradient clipping and accumulation,
state-dict hooks, and calls made under the user's own `no_grad` / `inference_mode`.

Each case trains three steps from fixed seeds, calling add_model_viz where such a loop would
(after the forward with the backward pending, after the optimizer step, between micro-batches,
...), with the invariance check (`model_invariance`) around every call; the run must end bit
for bit as the same run without calls, every document be complete and carry no warning, and
each activation's statistics agree with the tensor a plain forward (hooks of this test's own)
computes. The model's own errors inside these features reach the user naming the module.
"""

import collections
import contextlib
import copy
import dataclasses
import math
import random
import threading
import warnings
from typing import Any, Callable, ContextManager, Dict, List, NamedTuple, Optional, Sequence

import model_invariance
import numpy as np
import pytest
import torch
import zoo
from torch import nn
from torch.ao import quantization as ao
from torch.nn.utils import parametrizations, parametrize
from torch.nn.utils import rnn as rnn_utils
from zoo import PaddedEncoder, SelfAttention

from tensorboard_modelviz import SummaryWriter
from tensorboard_modelviz.capture import recording
from tensorboard_modelviz.capture.recording import CaptureOptions, capture_model
from tensorboard_modelviz.capture.structure_key import KnownStructure
from tensorboard_modelviz.server.reader import open_logdir

STEPS = 3
SEED = 0
AFTER_FORWARD = "after_forward"  # between the forward and its backward: the graph is pending
AFTER_STEP = "after_step"  # after optimizer.step()

pytestmark = [
    pytest.mark.usefixtures("one_thread"),
    pytest.mark.filterwarnings("ignore:torch.ao.quantization is deprecated:DeprecationWarning"),
    pytest.mark.filterwarnings("ignore:Please use quant_min and quant_max:UserWarning"),
]

bits = model_invariance.tensor_bits
Batch = Any  # what a model is called with (the capture's convention: tensor, tuple of arguments, dict of keywords)


def seed_everything(seed: int) -> None:
    torch.manual_seed(seed)
    np.random.seed(seed)
    random.seed(seed)


@dataclasses.dataclass
class Training:
    """One case's training run: its model, optimizer and batches, the step its loop takes,
    and what a call is given and made under."""

    model: nn.Module
    batches: List[Batch]  # one per step
    loss: Callable[[Any], torch.Tensor]
    step: Callable[["Training", int, "Log"], torch.Tensor]
    places: Sequence[str]  # where the step function calls `log` (each is tested alone)
    optimizer: Optional[torch.optim.Optimizer] = None
    # tag -> the model add_model_viz is given under that tag (default: {"model": model}).
    logged: Dict[str, nn.Module] = dataclasses.field(default_factory=dict)
    # What the call is made under (the model's mode, no_grad...), for the call and the check
    # of its statistics alike.
    calling: Callable[[nn.Module], ContextManager] = lambda model: contextlib.nullcontext()
    # Whatever else the run ends with, besides model and optimizer (an EMA copy, a scaler's state).
    extra: Callable[[], Dict[str, Any]] = dict
    # Buffers whose memory the model's first forward moves (`resize_` of a per-channel
    # observer's empty min/max and its one-value scale and zero point): a call made before
    # that forward puts back their shape and values and leaves the memory where it went
    # (model_state._SavedState._put_back_shapes), as the user's own first forward moves it.
    moves_memory: Callable[[str], bool] = lambda name: False

    def __post_init__(self) -> None:
        if self.optimizer is None:
            self.optimizer = torch.optim.AdamW([p for p in self.model.parameters() if p.requires_grad], lr=1e-2)
        if not self.logged:
            self.logged = {"model": self.model}

    @property
    def probe(self) -> Batch:
        return self.batches[0]


class Log:
    """The call as a step function makes it: `log(place, step, ...)` calls add_model_viz
    when `place` is the run's chosen place, with the invariance check around it."""

    def __init__(self, run: Training, place: Optional[str], writer: Optional[SummaryWriter]) -> None:
        self.run, self.place, self.writer = run, place, writer
        self.calls = 0

    def __call__(self, place: str, step: int, pending: Any = None, tag: str = "model") -> None:
        if place != self.place or self.writer is None:
            return
        model = self.run.logged[tag]
        probe = self.run.probe
        with self.run.calling(model):
            before = model_invariance.take(model, optimizer=self.run.optimizer, inputs=probe, outputs=pending)
            self.writer.add_model_viz(model, probe, step, tag=tag)
            after = model_invariance.take(model, optimizer=self.run.optimizer, inputs=probe, outputs=pending)
        assert_same_but_moved(before, after, self.run.moves_memory)
        self.calls += 1


def assert_same_but_moved(
    before: model_invariance.Snapshot, after: model_invariance.Snapshot, moves_memory: Callable[[str], bool]
) -> None:
    """model_invariance.assert_same, but for the memory of the buffers `moves_memory` names."""
    found = []
    for line in model_invariance.differences(before, after):
        label = line.split(":")[0]
        name = label[len("buffer ") :]
        if label.startswith("buffer ") and "storage replaced" in line and moves_memory(name):
            continue
        found.append(line)
    assert not found, "the call changed:\n  " + "\n  ".join(found)


BEFORE_FORWARD = "before_forward"  # at the start of the step: a call before the run's first forward


def standard_step(run: Training, step: int, log: Log) -> torch.Tensor:
    log(BEFORE_FORWARD, step)
    run.optimizer.zero_grad()
    output = zoo.call(run.model, run.batches[step])
    loss = run.loss(output)
    log(AFTER_FORWARD, step, pending=(output, loss))
    loss.backward()
    run.optimizer.step()
    log(AFTER_STEP, step)
    return loss


STANDARD_PLACES = (AFTER_FORWARD, AFTER_STEP)


def mean_loss(output: Any) -> torch.Tensor:
    """A scalar of every floating-point tensor of the output (a PackedSequence's data too)."""
    return torch.stack([t.float().pow(2).mean() for t in zoo.tensors_in(output) if t.is_floating_point()]).sum()


def final_state(run: Training, losses: List[torch.Tensor]) -> Dict[str, Any]:
    state: Dict[str, Any] = {}
    for name, p in run.model.named_parameters():
        state["param " + name] = bits(p)
        state["grad " + name] = None if p.grad is None else bits(p.grad)
    for name, b in run.model.named_buffers():
        state["buffer " + name] = bits(b)
    for index, per_param in run.optimizer.state_dict()["state"].items():
        for key, value in per_param.items():
            state["optimizer %s %s" % (index, key)] = bits(value) if torch.is_tensor(value) else value
    for step, loss in enumerate(losses):
        state["loss %d" % step] = bits(loss)
    for key, value in run.extra().items():
        state["extra " + key] = bits(value) if torch.is_tensor(value) else value
    state["torch rng"] = bits(torch.get_rng_state())
    state["numpy rng"] = repr(np.random.get_state())
    state["python rng"] = random.getstate()
    return state


def module_state(prefix: str, module: nn.Module) -> Dict[str, Any]:
    """A module's parameters and buffers by name, for `Training.extra`."""
    return {"%s %s" % (prefix, name): t for name, t in module.state_dict(keep_vars=True).items()}


def train(case: str, place: Optional[str], logdir: Optional[str] = None) -> Dict[str, Any]:
    """STEPS steps of `case`, calling add_model_viz at `place` (None: never)."""
    seed_everything(SEED)
    run = CASES[case]()
    writer = SummaryWriter(logdir) if place is not None else None
    log = Log(run, place, writer)
    losses = []
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)  # our own failure warns: it must not happen
        for step in range(STEPS):
            losses.append(run.step(run, step, log).detach().clone())
    if writer is not None:
        writer.close()
        assert log.calls == STEPS * len(run.logged), "the step function never reached %s" % place
    return final_state(run, losses)


# --------------------------------------------------------------------------- the cases

CASES: Dict[str, Callable[[], Training]] = {}


def case(build: Callable[[], Training]) -> Callable[[], Training]:
    CASES[build.__name__] = build
    return build


def images(n: int = STEPS, channels: int = 3, side: int = 8) -> List[torch.Tensor]:
    return [torch.randn(4, channels, side, side) for _ in range(n)]


def vectors(n: int = STEPS, features: int = 6, batch: int = 4) -> List[torch.Tensor]:
    return [torch.randn(batch, features) for _ in range(n)]


class QATNet(nn.Module):
    """Eager-mode QAT: conv+bn+relu fused, a linear head, quant/dequant stubs."""

    def __init__(self) -> None:
        super().__init__()
        self.quant = ao.QuantStub()
        self.conv = nn.Conv2d(3, 4, 3)
        self.bn = nn.BatchNorm2d(4)
        self.relu = nn.ReLU()
        self.fc = nn.Linear(4 * 6 * 6, 5)
        self.dequant = ao.DeQuantStub()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.relu(self.bn(self.conv(self.quant(x))))
        return self.dequant(self.fc(x.flatten(1)))


def quantization_aware() -> nn.Module:
    model = QATNet().train()
    model.qconfig = ao.get_default_qat_qconfig("fbgemm")
    ao.fuse_modules_qat(model, [["conv", "bn", "relu"]], inplace=True)
    return ao.prepare_qat(model, inplace=True)


@case
def qat_observers() -> Training:
    """Observers and fake-quantize modules update their buffers (min/max, scale, zero point)
    in every train-mode forward."""
    return Training(
        quantization_aware(),
        images(),
        mean_loss,
        standard_step,
        (BEFORE_FORWARD,) + STANDARD_PLACES,
        moves_memory=per_channel_weight_observer,
    )


def per_channel_weight_observer(buffer: str) -> bool:
    """The buffers of QATNet's per-channel weight fake-quantizers that its first forward
    resizes (Training.moves_memory)."""
    return ".weight_fake_quant." in buffer and buffer.rsplit(".", 1)[1] in ("min_val", "max_val", "scale", "zero_point")


def qat_switched_step(run: Training, step: int, log: Log) -> torch.Tensor:
    """Observers off after the first step, BN statistics frozen, fake quantization off at
    the last: the flags (buffers) and BN's freeze change between calls."""
    if step == 1:
        run.model.apply(ao.disable_observer)
        run.model.apply(torch.ao.nn.intrinsic.qat.freeze_bn_stats)
    if step == 2:
        run.model.apply(ao.disable_fake_quant)
    return standard_step(run, step, log)


@case
def qat_flags_switched() -> Training:
    return Training(quantization_aware(), images(), mean_loss, qat_switched_step, STANDARD_PLACES)


@case
def qat_fx_graph() -> Training:
    """FX graph mode QAT: a GraphModule calling its fake-quantize modules from its graph."""
    from torch.ao.quantization.quantize_fx import prepare_qat_fx

    model = nn.Sequential(nn.Conv2d(3, 4, 3), nn.BatchNorm2d(4), nn.ReLU(), nn.Flatten(), nn.Linear(4 * 6 * 6, 3))
    batches = images()
    prepared = prepare_qat_fx(model.train(), ao.get_default_qat_qconfig_mapping("fbgemm"), example_inputs=(batches[0],))
    return Training(
        prepared,
        batches,
        mean_loss,
        standard_step,
        (BEFORE_FORWARD,) + STANDARD_PLACES,
        moves_memory=per_channel_weight_observer,
    )


class Doubled(nn.Module):
    """A custom parametrization: the weight is twice the stored tensor."""

    def forward(self, w: torch.Tensor) -> torch.Tensor:
        return 2 * w


def parametrized_mlp() -> nn.Module:
    model = nn.Sequential(nn.Linear(6, 6), nn.Tanh(), nn.Linear(6, 3))
    parametrizations.orthogonal(model[0])
    parametrize.register_parametrization(model[2], "weight", Doubled())
    return model


@case
def parametrized_orthogonal() -> Training:
    return Training(parametrized_mlp(), vectors(), mean_loss, standard_step, STANDARD_PLACES)


BEFORE_FORWARD_CACHED = "before_forward_in_cached"
AFTER_FORWARD_CACHED = "after_forward_in_cached"


def cached_step(run: Training, step: int, log: Log) -> torch.Tensor:
    """The forward and backward inside `parametrize.cached()`, with the call made in the same
    context before the forward (the cache still empty) or after it (filled)."""
    run.optimizer.zero_grad()
    with parametrize.cached():
        log(BEFORE_FORWARD_CACHED, step)
        output = zoo.call(run.model, run.batches[step])
        loss = run.loss(output)
        log(AFTER_FORWARD_CACHED, step, pending=(output, loss))
        loss.backward()
    run.optimizer.step()
    return loss


@case
def parametrized_cached() -> Training:
    return Training(
        parametrized_mlp(), vectors(), mean_loss, cached_step, (BEFORE_FORWARD_CACHED, AFTER_FORWARD_CACHED)
    )


@case
def spectral_norm_parametrization() -> Training:
    """The parametrization's power iteration updates its `_u`/`_v` buffers in each
    train-mode forward."""
    model = nn.Sequential(parametrizations.spectral_norm(nn.Linear(6, 8)), nn.ReLU(), nn.Linear(8, 3))
    return Training(model, vectors(), mean_loss, standard_step, STANDARD_PLACES)


@case
def spectral_norm_hook() -> Training:
    """The old API: a forward pre-hook sets `weight` (a plain attribute) and updates `weight_u`."""
    model = nn.Sequential(nn.utils.spectral_norm(nn.Linear(6, 8)), nn.ReLU(), nn.Linear(8, 3))
    return Training(model, vectors(), mean_loss, standard_step, STANDARD_PLACES)


@case
def weight_norm_parametrization() -> Training:
    model = nn.Sequential(parametrizations.weight_norm(nn.Linear(6, 8)), nn.ReLU(), nn.Linear(8, 3))
    return Training(model, vectors(), mean_loss, standard_step, STANDARD_PLACES)


@case
def weight_norm_hook() -> Training:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)  # torch.nn.utils.weight_norm is deprecated
        conv = nn.utils.weight_norm(nn.Conv2d(3, 4, 3))
    model = nn.Sequential(conv, nn.ReLU(), nn.Flatten(), nn.Linear(4 * 6 * 6, 3))
    return Training(model, images(), mean_loss, standard_step, STANDARD_PLACES)


class PackingTagger(nn.Module):
    """Packs its padded batch by length, runs an LSTM on the PackedSequence, unpacks."""

    def __init__(self) -> None:
        super().__init__()
        self.lstm = nn.LSTM(5, 7, batch_first=True)
        self.head = nn.Linear(7, 3)

    def forward(self, padded: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
        packed = rnn_utils.pack_padded_sequence(padded, lengths, batch_first=True, enforce_sorted=False)
        out, _ = self.lstm(packed)
        unpacked, _ = rnn_utils.pad_packed_sequence(out, batch_first=True, total_length=padded.shape[1])
        return self.head(unpacked)


def padded_batches() -> List[tuple]:
    return [(torch.randn(3, 6, 5), torch.tensor([6, 2, 4])) for _ in range(STEPS)]


@case
def packed_sequence_inside() -> Training:
    return Training(PackingTagger(), padded_batches(), mean_loss, standard_step, STANDARD_PLACES)


@case
def packed_sequence_in_and_out() -> Training:
    """The model is an LSTM called on a PackedSequence (one argument) and returns one."""
    batches = [
        (rnn_utils.pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False),)
        for x, lengths in padded_batches()
    ]
    return Training(nn.LSTM(5, 7, batch_first=True), batches, mean_loss, standard_step, STANDARD_PLACES)


@contextlib.contextmanager
def evaluating(model: nn.Module, grad_mode: Callable[[], ContextManager] = torch.no_grad) -> Any:
    """A validation call: the model in eval mode under no_grad (or inference_mode), put back
    in train mode after."""
    model.eval()
    try:
        with grad_mode():
            yield
    finally:
        model.train()


def padded_tokens() -> List[tuple]:
    padding = torch.tensor([[False] * 6, [False] * 4 + [True] * 2, [False] * 2 + [True] * 4])
    return [(torch.randn(3, 6, 8), padding) for _ in range(STEPS)]


@case
def encoder_nested_fast_path() -> Training:
    """Trained in train mode; called in eval under no_grad, where the encoder takes its fast
    path and its layers run on nested tensors."""
    return Training(PaddedEncoder(), padded_tokens(), mean_loss, standard_step, STANDARD_PLACES, calling=evaluating)


@case
def attention_fast_path() -> Training:
    """Called in eval under inference_mode: MultiheadAttention's fast path."""
    return Training(
        SelfAttention(),
        padded_tokens(),
        mean_loss,
        standard_step,
        STANDARD_PLACES,
        calling=lambda model: evaluating(model, torch.inference_mode),
    )


class Checkpointed(nn.Module):
    """A block run under torch.utils.checkpoint (its dropout replayed in the backward)."""

    def __init__(self, reentrant: bool) -> None:
        super().__init__()
        self.reentrant = reentrant
        self.stem = nn.Linear(6, 8)
        self.block = nn.Sequential(nn.Linear(8, 8), nn.GELU(), nn.Dropout(0.2), nn.Linear(8, 8))
        self.head = nn.Linear(8, 3)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = self.stem(x)
        h = torch.utils.checkpoint.checkpoint(self.block, h, use_reentrant=self.reentrant)
        return self.head(h)


@case
def checkpoint_reentrant() -> Training:
    return Training(Checkpointed(True), vectors(), mean_loss, standard_step, STANDARD_PLACES)


@case
def checkpoint_non_reentrant() -> Training:
    return Training(Checkpointed(False), vectors(), mean_loss, standard_step, STANDARD_PLACES)


class FunctionalDelta(nn.Module):
    """Calls its inner layer through torch.func.functional_call with shifted weights (a
    meta-learning or LoRA-style forward): the inner module runs on tensors that are not its
    parameters."""

    def __init__(self) -> None:
        super().__init__()
        self.inner = nn.Linear(6, 6)
        self.delta = nn.Parameter(torch.zeros(6, 6))
        self.head = nn.Linear(6, 3)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        weights = {"weight": self.inner.weight + self.delta, "bias": self.inner.bias}
        h = torch.func.functional_call(self.inner, weights, (x,))
        return self.head(torch.tanh(h))


@case
def functional_call() -> Training:
    return Training(FunctionalDelta(), vectors(), mean_loss, standard_step, STANDARD_PLACES)


def bn_mlp() -> nn.Module:
    return nn.Sequential(nn.Linear(6, 8), nn.BatchNorm1d(8), nn.ReLU(), nn.Dropout(0.1), nn.Linear(8, 3))


def averaged_step(run: Training, step: int, log: Log) -> torch.Tensor:
    loss = standard_step(run, step, log)
    average = run.logged["average"]
    if isinstance(average, torch.optim.swa_utils.AveragedModel):
        average.update_parameters(run.model)
        if step == STEPS - 1:
            torch.optim.swa_utils.update_bn([b for b in run.batches], average)
    else:
        with torch.no_grad():
            for mine, theirs in zip(average.parameters(), run.model.parameters()):
                mine.lerp_(theirs, 0.1)
    log(AFTER_STEP, step, tag="average")
    return loss


@case
def swa_average() -> Training:
    """An AveragedModel updated each step (its `n_averaged` buffer), update_bn at the end;
    both the model and the average are logged."""
    model = bn_mlp()
    average = torch.optim.swa_utils.AveragedModel(model)
    return Training(
        model,
        vectors(),
        mean_loss,
        averaged_step,
        (AFTER_STEP,),
        logged={"model": model, "average": average},
        extra=lambda: module_state("average", average),
    )


@case
def ema_copy() -> Training:
    """A frozen deep copy moved towards the model after each step."""
    model = bn_mlp()
    average = copy.deepcopy(model).requires_grad_(False)
    return Training(
        model,
        vectors(),
        mean_loss,
        averaged_step,
        (AFTER_STEP,),
        logged={"model": model, "average": average},
        extra=lambda: module_state("average", average),
    )


def scaled_step(run: Training, step: int, log: Log) -> torch.Tensor:
    """bfloat16 autocast with a GradScaler: scaled backward, unscale, clip, step, update."""
    scaler = run.scaler  # type: ignore[attr-defined]
    run.optimizer.zero_grad()
    with torch.autocast("cpu", dtype=torch.bfloat16):
        output = zoo.call(run.model, run.batches[step])
        loss = run.loss(output)
        log(AFTER_FORWARD, step, pending=(output, loss))
    scaler.scale(loss).backward()
    scaler.unscale_(run.optimizer)
    nn.utils.clip_grad_norm_(run.model.parameters(), 1.0)
    scaler.step(run.optimizer)
    scaler.update()
    log(AFTER_STEP, step)
    return loss


@case
def autocast_grad_scaler() -> Training:
    model = nn.Sequential(nn.Conv2d(3, 4, 3), nn.BatchNorm2d(4), nn.ReLU(), nn.Flatten(), nn.Linear(4 * 6 * 6, 3))
    scaler = torch.amp.GradScaler("cpu", init_scale=2.0**8, growth_interval=1)
    run = Training(model, images(), mean_loss, scaled_step, STANDARD_PLACES, extra=lambda: scaler.state_dict())
    run.scaler = scaler  # type: ignore[attr-defined]
    return run


@case
def channels_last() -> Training:
    model = nn.Sequential(nn.Conv2d(3, 4, 3), nn.BatchNorm2d(4), nn.ReLU(), nn.Conv2d(4, 4, 3, padding=1))
    model = model.to(memory_format=torch.channels_last)
    batches = [x.contiguous(memory_format=torch.channels_last) for x in images()]
    return Training(model, batches, mean_loss, standard_step, STANDARD_PLACES)


class BagOfWords(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.bag = nn.EmbeddingBag(20, 6, mode="sum")
        self.head = nn.Linear(6, 3)

    def forward(self, tokens: torch.Tensor, offsets: torch.Tensor, weights: torch.Tensor) -> torch.Tensor:
        return self.head(self.bag(tokens, offsets, per_sample_weights=weights))


@case
def embedding_bag() -> Training:
    batches = [(torch.randint(0, 20, (10,)), torch.tensor([0, 3, 7]), torch.rand(10)) for _ in range(STEPS)]
    return Training(BagOfWords(), batches, mean_loss, standard_step, STANDARD_PLACES)


AFTER_CLIP = "after_clip"


def clipped_step(run: Training, step: int, log: Log) -> torch.Tensor:
    run.optimizer.zero_grad()
    loss = run.loss(zoo.call(run.model, run.batches[step]))
    loss.backward()
    nn.utils.clip_grad_norm_(run.model.parameters(), 0.05)
    log(AFTER_CLIP, step)
    run.optimizer.step()
    return loss


@case
def clip_grad_norm() -> Training:
    return Training(bn_mlp(), vectors(), mean_loss, clipped_step, (AFTER_CLIP,))


BETWEEN_MICRO_BATCHES = "between_micro_batches"


def accumulated_step(run: Training, step: int, log: Log) -> torch.Tensor:
    """Two micro-batches per step, the call between their backward passes (half the
    gradient accumulated) and between the second's forward and backward."""
    run.optimizer.zero_grad()
    first, second = run.batches[step].chunk(2)
    loss = run.loss(zoo.call(run.model, first)) / 2
    loss.backward()
    log(BETWEEN_MICRO_BATCHES, step)
    output = zoo.call(run.model, second)
    second_loss = run.loss(output) / 2
    log(AFTER_FORWARD, step, pending=(output, second_loss))
    second_loss.backward()
    run.optimizer.step()
    return loss + second_loss


@case
def gradient_accumulation() -> Training:
    return Training(bn_mlp(), vectors(batch=8), mean_loss, accumulated_step, (BETWEEN_MICRO_BATCHES, AFTER_FORWARD))


class StateDictHooked(nn.Module):
    """Counts every state-dict hook it registers: a call must run none of them."""

    def __init__(self) -> None:
        super().__init__()
        self.layers = bn_mlp()
        self.counts = {"pre": 0, "post": 0, "load pre": 0, "load post": 0}
        self.register_state_dict_pre_hook(lambda *args: self._count("pre"))
        self.register_state_dict_post_hook(lambda *args: self._count("post"))
        self.register_load_state_dict_pre_hook(lambda *args: self._count("load pre"))
        self.register_load_state_dict_post_hook(lambda *args: self._count("load post"))

    def _count(self, which: str) -> None:
        self.counts[which] += 1

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.layers(x)


@case
def state_dict_hooks() -> Training:
    model = StateDictHooked()
    return Training(model, vectors(), mean_loss, standard_step, STANDARD_PLACES, extra=lambda: dict(model.counts))


@case
def under_no_grad() -> Training:
    """Called under the user's no_grad, the model left in train mode (BN and dropout active)."""
    return Training(bn_mlp(), vectors(), mean_loss, standard_step, STANDARD_PLACES, calling=lambda m: torch.no_grad())


@case
def under_inference_mode() -> Training:
    return Training(
        bn_mlp(), vectors(), mean_loss, standard_step, STANDARD_PLACES, calling=lambda m: torch.inference_mode()
    )


class Ensemble(nn.Module):
    """torch.func's model-ensembling recipe: the members' parameters stacked
    (stack_module_state), one base module run by vmap over functional_call; the base's
    calls happen inside the transform, on its wrapped tensors. (The recipe keeps the base
    on the meta device; add_model_viz refuses a model with meta parameters.)"""

    def __init__(self, members: int = 3) -> None:
        super().__init__()
        nets = [nn.Sequential(nn.Linear(4, 5), nn.ReLU(), nn.Linear(5, 2)) for _ in range(members)]
        stacked, _ = torch.func.stack_module_state(nets)
        self.names = list(stacked)
        self.stacked = nn.ParameterDict({name.replace(".", "_"): nn.Parameter(t) for name, t in stacked.items()})
        self.base = copy.deepcopy(nets[0])
        self.head = nn.Linear(2, 2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        params = {name: self.stacked[name.replace(".", "_")] for name in self.names}

        def member(p: Dict[str, torch.Tensor], x: torch.Tensor) -> torch.Tensor:
            return torch.func.functional_call(self.base, p, (x,))

        return self.head(torch.vmap(member, in_dims=(0, None))(params, x))


class InputGradient(nn.Module):
    """Adds the squared gradient of its net's output with respect to the input, computed
    per sample by torch.func.grad under vmap: the net runs inside the transforms."""

    def __init__(self) -> None:
        super().__init__()
        self.net = nn.Sequential(nn.Linear(4, 5), nn.Tanh(), nn.Linear(5, 1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        slopes = torch.vmap(torch.func.grad(lambda one: self.net(one).sum()))(x)
        return self.net(x) + slopes.pow(2).sum(-1, keepdim=True)


@case
def torch_func_ensemble() -> Training:
    return Training(Ensemble(), vectors(features=4), mean_loss, standard_step, STANDARD_PLACES)


@case
def torch_func_input_gradient() -> Training:
    return Training(InputGradient(), vectors(features=4), mean_loss, standard_step, STANDARD_PLACES)


NAMES = list(CASES)
RUNS = [(name, place) for name in NAMES for place in CASES[name]().places]


# --------------------------------------------------------------------------- the tests

_REFERENCES: Dict[str, Dict[str, Any]] = {}


def reference(name: str) -> Dict[str, Any]:
    if name not in _REFERENCES:
        _REFERENCES[name] = train(name, None)
    return _REFERENCES[name]


def assert_recorded(logdir: str, tags: Sequence[str]) -> None:
    reader = open_logdir(logdir)
    [run] = reader.runs()
    assert sorted(t["tag"] for t in run["tags"]) == sorted(tags)
    for entry in run["tags"]:
        assert entry["steps"] == list(range(STEPS))
        for step in entry["steps"]:
            document = reader.step(run["run"], entry["tag"], step)
            assert document["capture"]["warnings"] == [] and document["capture"]["complete"] is True
            assert document["activations"], "no activation recorded"


@pytest.mark.parametrize("name, place", RUNS, ids=["%s-%s" % run for run in RUNS])
def test_training_with_calls_ends_bit_identical(name: str, place: str, tmp_path) -> None:
    with_calls = train(name, place, str(tmp_path))
    without = reference(name)
    assert list(with_calls) == list(without)
    for key, expected in without.items():
        got = with_calls[key]
        same = torch.equal(got, expected) if torch.is_tensor(expected) and torch.is_tensor(got) else got == expected
        assert same, "%s differs from the run without add_model_viz" % key
    assert_recorded(str(tmp_path), list(CASES[name]().logged))


@pytest.mark.parametrize("name", NAMES)
def test_the_runs_really_train(name: str) -> None:
    seed_everything(SEED)
    initial = {n: bits(p) for n, p in CASES[name]().model.named_parameters()}
    final = reference(name)
    moved = [n for n in initial if not torch.equal(final["param " + n], initial[n])]
    assert moved, "no parameter moved"


def first_float_tensor(value: Any) -> Optional[torch.Tensor]:
    for t in zoo.tensors_in(value):
        if t.is_floating_point():
            return t
    return None


def plain_activations(model: nn.Module, probe: Batch) -> Dict[str, torch.Tensor]:
    """Each module call's first floating-point output, by the capture's key (name#call),
    from a plain forward with hooks of this test's own."""
    found: Dict[str, torch.Tensor] = {}
    counts: Dict[str, int] = {}

    def hook(name: str) -> Callable:
        def record(module: nn.Module, args: Any, output: Any) -> None:
            call = counts.get(name, 0)
            counts[name] = call + 1
            if torch._C._functorch.maybe_current_level() is not None:
                return  # inside a torch.func transform: recorded without statistics
            t = first_float_tensor(output)
            if t is not None and not t.is_nested:
                found["%s#%d" % (name, call)] = t.detach().clone()

        return record

    handles = [m.register_forward_hook(hook(n)) for n, m in model.named_modules()]
    try:
        with torch.random.fork_rng(devices=[]):
            zoo.call(model, probe)
    finally:
        for handle in handles:
            handle.remove()
    return found


def built_twice(name: str) -> tuple:
    """Two instances of a case, alike to the bit (built from the same seeds)."""
    seed_everything(SEED)
    first = CASES[name]()
    seed_everything(SEED)
    return first, CASES[name]()


def close(a: float, b: float) -> bool:
    """Equal but for the last bits, which the docs allow between a forward with and one
    without gradients (some kernels round otherwise)."""
    return math.isclose(a, b, rel_tol=1e-5, abs_tol=1e-7)


STATISTICS_RUNS = [pytest.param(name, call) for name in NAMES for call in ("first", "steady")]


@pytest.mark.parametrize("name, call", STATISTICS_RUNS)
def test_activation_statistics_are_the_plain_forwards(name: str, call: str) -> None:
    """Every call a plain forward makes is recorded, with the numel, min, max and mean of
    the tensor that forward returns there, from the same generator state: in a first call
    (the structure recorded) and in a steady one."""
    captured, plain = built_twice(name)
    for tag, model in captured.logged.items():
        with plain.calling(plain.logged[tag]):
            expected = plain_activations(plain.logged[tag], plain.probe)
        known = KnownStructure()
        with captured.calling(model):
            result = capture_model(model, captured.probe, known=known)
            if call == "steady":
                result = capture_model(model, captured.probe, known=known)
                assert result.structure is None, "not a steady call"
        assert result.failure is None and result.step["capture"]["warnings"] == []
        recorded = result.step["activations"]
        assert set(expected) <= set(recorded), "calls not recorded: %s" % sorted(set(expected) - set(recorded))
        for key, tensor in expected.items():
            stats, values = recorded[key], tensor.double()
            assert stats["numel"] == tensor.numel(), key
            assert close(stats["min"], values.min().item()) and close(stats["max"], values.max().item()), key
            assert close(stats["mean"], values.mean().item()), key


def test_a_call_inside_parametrize_cached_leaves_the_cache_as_it_found_it() -> None:
    """parametrize.cached() keeps each parametrized tensor, once computed, in a global
    cache until the outermost context exits. A call made inside it before the user's
    forward must not fill it (the user's forward would take our tensor: made without
    gradients in a steady call, in our own graph in a first one), nor take what it holds."""
    model = parametrized_mlp()
    x = torch.randn(4, 6)
    with parametrize.cached():
        cache = parametrize._cache
        capture_model(model, x)
        assert parametrize._cache is cache and cache == {}
        output = model(x)
        held = dict(cache)
        capture_model(model, x)
        assert parametrize._cache is cache and cache.keys() == held.keys()
        assert all(cache[key] is tensor for key, tensor in held.items())
        output.sum().backward()
    assert all(p.grad is not None for p in model.parameters())


class WaitsInItsForward(nn.Module):
    """A parametrized layer whose first forward tells `entered` and waits for `go_on`."""

    def __init__(self) -> None:
        super().__init__()
        self.layer = nn.Linear(6, 6)
        parametrize.register_parametrization(self.layer, "weight", Doubled())
        self.entered, self.go_on = threading.Event(), threading.Event()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if not self.entered.is_set():
            self.entered.set()
            assert self.go_on.wait(timeout=30)
        return self.layer(x)


def test_another_threads_parametrize_cached_left_during_a_call_ends_as_torch_counts_it() -> None:
    """parametrize.cached()'s count and cache are module globals, shared by all threads. A
    thread that leaves its cached() while a call (in another thread) runs with caching off
    must find caching off once the call ends: put back as the call found it, the count
    stayed 1 with no context open, and every later forward took the parametrized weights
    of the first (a stale weight after each optimizer step)."""
    model, x = WaitsInItsForward(), torch.randn(4, 6)
    inside = threading.Event()

    def user_thread() -> None:
        with parametrize.cached():
            inside.set()
            model.entered.wait(timeout=30)
        model.go_on.set()

    thread = threading.Thread(target=user_thread)
    thread.start()
    try:
        assert inside.wait(timeout=30)
        capture_model(model, x)
    finally:
        model.go_on.set()
        thread.join(timeout=30)
    found = parametrize._cache_enabled, parametrize._cache, model.layer.weight is model.layer.weight
    parametrize._cache_enabled, parametrize._cache = 0, {}  # for the tests after this one
    assert found == (0, {}, False), "caching left on (count, cache, weight cached)"


class Raising(nn.Module):
    def forward(self, *args: Any) -> torch.Tensor:
        raise ValueError("the model's own error")


class RaisingParametrization(nn.Module):
    """Raises once `armed` (register_parametrization runs it once to check it)."""

    armed = False

    def forward(self, w: torch.Tensor) -> torch.Tensor:
        if self.armed:
            raise ValueError("the model's own error")
        return w


def raising_checkpointed(reentrant: bool) -> nn.Module:
    model = Checkpointed(reentrant)
    model.block[1] = Raising()
    return model


def raising_parametrized() -> nn.Module:
    model = nn.Sequential(nn.Linear(6, 6), nn.Tanh())
    parametrization = RaisingParametrization()
    parametrize.register_parametrization(model[0], "weight", parametrization)
    parametrization.armed = True
    return model


def raising_qat() -> nn.Module:
    model = quantization_aware()
    model.fc = nn.Sequential(model.fc, Raising())
    return model


# name -> (the model, an input, the module the error comes from)
RAISING: Dict[str, tuple] = {
    "checkpoint_reentrant": (lambda: raising_checkpointed(True), lambda: torch.randn(4, 6), "block.1"),
    "checkpoint_non_reentrant": (lambda: raising_checkpointed(False), lambda: torch.randn(4, 6), "block.1"),
    "parametrization": (raising_parametrized, lambda: torch.randn(4, 6), "0.parametrizations.weight.0"),
    "qat": (raising_qat, lambda: torch.randn(4, 3, 8, 8), "fc.1"),
}


@pytest.mark.parametrize("name", list(RAISING))
def test_the_models_own_error_reaches_the_user_with_its_module(name: str, tmp_path) -> None:
    """A forward that raises inside a checkpointed region, a parametrization or a QAT model
    raises the model's own error from the call, naming the module, and leaves the model as
    it was."""
    build, make_input, path = RAISING[name]
    model, x = build(), make_input()
    with SummaryWriter(str(tmp_path)) as writer:
        before = model_invariance.take(model, inputs=x)
        with pytest.raises(ValueError, match="the model's own error") as raised:
            writer.add_model_viz(model, x, 0)
        assert_same_but_moved(before, model_invariance.take(model, inputs=x), per_channel_weight_observer)
    assert any("raised in module %r" % path in note for note in getattr(raised.value, "__notes__", [])), raised.value


def test_a_functional_calls_error_reaches_the_user_in_a_steady_call(tmp_path) -> None:
    """The inner layer run by torch.func.functional_call on the wrong width: torch's own
    error, naming the layer, in a call after a first one that recorded the structure."""
    model = FunctionalDelta()
    with SummaryWriter(str(tmp_path)) as writer:
        writer.add_model_viz(model, torch.randn(4, 6), 0)
        with pytest.raises(RuntimeError, match="shapes cannot be multiplied") as raised:
            writer.add_model_viz(model, torch.randn(4, 5), 1)
    assert any("raised in module 'inner'" in note for note in raised.value.__notes__)


class Pair(NamedTuple):
    first: torch.Tensor
    second: torch.Tensor


class TakesPair(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.linear = nn.Linear(5, 5)

    def forward(self, pair: Pair) -> torch.Tensor:
        return self.linear(pair.first) + pair.second


def packed_input() -> tuple:
    x, lengths = padded_batches()[0]
    return (rnn_utils.pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False),)


class Fields(collections.OrderedDict):
    """A mapping read by attribute, as transformers' ModelOutput and its batches are."""

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


class TakesFields(TakesPair):
    def forward(self, fields: Fields) -> torch.Tensor:  # type: ignore[override]
        return self.linear(fields.first) + fields.second


CONTAINER_INPUTS = {
    "PackedSequence": (lambda: nn.LSTM(5, 7, batch_first=True), packed_input),
    "NamedTuple": (TakesPair, lambda: (Pair(torch.randn(3, 5), torch.randn(3, 5)),)),
    "mapping read by attribute": (TakesFields, lambda: (Fields(first=torch.randn(3, 5), second=torch.randn(3, 5)),)),
}


@pytest.mark.parametrize("inference", [False, True], ids=["plain", "made under inference_mode"])
@pytest.mark.parametrize("kind", list(CONTAINER_INPUTS))
def test_a_container_input_gets_its_backward_graph_and_gradient_flow(kind: str, inference: bool) -> None:
    """A PackedSequence (or any named tuple), or a dict subclass read by attribute, among
    the inputs is passed to the forward with gradients as what it is: rebuilt from an
    iterable of its fields, a named tuple raised in its own constructor, and a mapping made
    a plain dict had no attributes; the backward graph and gradient flow were lost at every
    call."""
    build, make_inputs = CONTAINER_INPUTS[kind]
    model = build()
    with torch.inference_mode() if inference else contextlib.nullcontext():
        inputs = make_inputs()
    known = KnownStructure()
    for _ in range(2):  # a first call (the graph in its one forward) and a steady one (a forward of its own)
        result = capture_model(model, inputs, CaptureOptions(grad_flow=True), known=known)
        assert result.step["capture"]["warnings"] == []
    backward = capture_model(model, inputs).structure["backward"]
    assert backward["error"] is None and backward["nodes"], backward


INSIDE_TRANSFORMS = [(Ensemble, ["base"]), (InputGradient, ["net#0", "net.0#0", "net.1#0", "net.2#0"])]


@pytest.mark.parametrize("build, inside", INSIDE_TRANSFORMS, ids=["vmap", "vmap of grad"])
def test_calls_inside_a_torch_func_transform_are_recorded_without_statistics(
    build: Callable[[], nn.Module], inside: List[str]
) -> None:
    """Module calls made inside vmap / grad see the transform's wrapped tensors (a batched
    tensor has no storage to read): they are recorded as calls, without statistics, and the
    calls outside the transforms are described; the documents are complete, without
    warnings. (The cases torch_func_* train them with calls.)"""
    seed_everything(SEED)
    model, x = build(), torch.randn(6, 4)
    known = KnownStructure()
    for _ in range(2):
        result = capture_model(model, x, known=known)
        assert result.failure is None and result.step["capture"]["warnings"] == []
        activations = result.step["activations"]
        assert "#0" in activations
        assert not [key for key in activations if any(key.startswith(prefix) for prefix in inside)]
    rows = {row["key"]: row for row in capture_model(model, x).structure["layers"]}
    assert all(rows[key]["calls"] for key in rows if any(key.startswith(prefix) for prefix in inside))
    expected = plain_activations(model, x)["#0"].double()
    assert close(activations["#0"]["mean"], expected.mean().item())


def test_relus_inside_a_transform_leave_steady_calls_without_the_relu_watcher() -> None:
    """The ensemble's ReLU runs inside vmap, where nothing is counted (its call has no
    statistics): that relu call must not make the structure's steady calls run under
    the dead-unit watcher (a torch function mode over every op, which also turns off
    their replay: KnownStructure `relu_calls`)."""
    seed_everything(SEED)
    known = KnownStructure()
    result = capture_model(Ensemble(), torch.randn(6, 4), known=known)
    assert result.failure is None and result.step["dead_units"] == {}
    assert known.relu_calls is False


class SometimesInsideGrad(nn.Module):
    """Runs its net on the batch as it is, or (`inside`) inside torch.func.grad on the same
    batch: the same module calls, at the same places, on inputs and outputs of the same
    shapes, plain tensors in one forward and the transform's wrapped ones in the other."""

    def __init__(self) -> None:
        super().__init__()
        self.net = nn.Sequential(nn.Linear(4, 5), nn.Tanh(), nn.Linear(5, 2))
        self.inside = False

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.inside:
            return torch.func.grad(lambda y: self.net(y).sum())(x)
        return self.net(x).sum() * torch.ones_like(x)


NET_CALLS = ["net#0", "net.0#0", "net.1#0", "net.2#0"]


@pytest.mark.parametrize("order", [(False, True), (True, False)], ids=["outside then inside", "inside then outside"])
def test_a_steady_call_replays_no_record_across_a_transforms_boundary(order: tuple) -> None:
    """A steady call replays the module calls of the steady call before (tracer.Trace.replay)
    where they match by module, depth and shapes, which a call inside a transform does: a
    record made outside would have its output read (a wrapped tensor: the forward recorded
    again, at every later call), and one made inside would leave the call outside it
    without statistics. Each steady call is described as its own forward is, with one forward."""
    torch.manual_seed(SEED)
    model, x = SometimesInsideGrad(), torch.randn(3, 4)
    known = KnownStructure()
    forwards = []
    recording_run_forward = recording._run_forward

    def counted(*args: Any, **kwargs: Any) -> Any:
        forwards.append(kwargs.get("record_graph", True))
        return recording_run_forward(*args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(recording, "_run_forward", counted)
        for inside in order:
            model.inside = inside
            capture_model(model, x, known=known)  # the structure recorded, then a steady call kept
            capture_model(model, x, known=known)
            for _ in range(2):  # replaying the steady call before
                forwards.clear()
                result = capture_model(model, x, known=known)
                assert result.failure is None and result.structure is None, "not a steady call"
                assert forwards == [False], "the steady forward failed and the structure was recorded again"
                described = [key for key in NET_CALLS if key in result.step["activations"]]
                assert described == ([] if inside else NET_CALLS)


class CarelessInputGradient(nn.Module):
    """Takes the gradient of its output with respect to its input with autograd.grad, under
    whatever grad mode its caller runs it in (no `torch.enable_grad()` of its own): it works
    in a training loop, and raises under no_grad."""

    def __init__(self) -> None:
        super().__init__()
        self.net = nn.Sequential(nn.Linear(2, 8), nn.Tanh(), nn.Linear(8, 1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.detach().requires_grad_(True)
        u = self.net(x)
        (du,) = torch.autograd.grad(u.sum(), x, create_graph=True)
        return u + du.pow(2).sum(-1, keepdim=True)


def test_a_forward_that_needs_the_callers_grad_mode_is_recorded_at_every_call(tmp_path) -> None:
    """A call runs the forward under no_grad, where this one raises: such a model's calls
    are recorded by forwards with gradients, each with the statistics of the user's own
    forward; nothing raises into the loop or warns. Called under the user's no_grad, where
    its own forward raises, the call raises that error."""
    model, x = CarelessInputGradient(), torch.randn(5, 2)
    with SummaryWriter(str(tmp_path)) as writer, warnings.catch_warnings():
        warnings.simplefilter("error")
        for step in range(3):
            model(x).sum().backward()  # the user's training forward works
            before = model_invariance.take(model, inputs=x)
            writer.add_model_viz(model, x, step)
            model_invariance.assert_same(before, model_invariance.take(model, inputs=x))
    known = KnownStructure()
    expected = model.net(x).detach().double()
    for _ in range(3):
        result = capture_model(model, x, known=known)
        assert result.failure is None and result.step["capture"]["warnings"] == []
        assert close(result.step["activations"]["net#0"]["mean"], expected.mean().item())
    assert known.needs_gradients
    with torch.no_grad(), pytest.raises(RuntimeError, match="does not require grad") as raised:
        capture_model(model, x, known=KnownStructure())  # as the model's own forward raises here
    assert any("CarelessInputGradient" in note for note in raised.value.__notes__)
