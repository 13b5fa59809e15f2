"""A steady call (the structure known) leaves the model exactly as it was, through the
shortcuts it takes (the walk of the model it shares, checked after the forward), and
records what the model computes with its own buffers. Each shortcut must notice where
the model changed between calls."""

import collections
import operator
import threading
import warnings

import model_invariance
import pytest
import torch
from torch.nn.utils import prune

from tensorboard_modelviz.capture import model_state
from tensorboard_modelviz.capture.recording import CaptureOptions, capture_model
from tensorboard_modelviz.capture.structure_key import KnownStructure
from tensorboard_modelviz.capture.tensor_guards import guards_pass, tensor_guards


class _Counts(torch.nn.Module):
    """Updates its buffers in place and reads them back: a 0-d counter, a vector, a
    matrix and, through a reference of its own (not its _buffers), a further vector."""

    def __init__(self) -> None:
        super().__init__()
        self.bn = torch.nn.BatchNorm1d(4)
        self.register_buffer("count", torch.tensor(0))
        self.register_buffer("scale", torch.ones(4))
        self.register_buffer("matrix", torch.zeros(2, 4))
        self.register_buffer("aside", torch.zeros(4))
        self.held = [self.aside]  # written through this reference, not the buffer's name

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        self.count.add_(1)
        self.scale.mul_(1.5)
        self.matrix.add_(1)
        self.held[0].add_(2)
        return self.bn(x) * self.scale * self.count + self.matrix.sum(0) + self.held[0]


def _steady_calls(model: torch.nn.Module, x: torch.Tensor, calls: int = 3) -> list[dict]:
    """The activations' statistics of `calls` captures with a known structure (the first
    records the structure, the others are steady), checking after each that the model
    is exactly as it was."""
    known = KnownStructure()
    found = []
    for _ in range(calls):
        before = model_invariance.take(model, inputs=x)
        result = capture_model(model, x, known=known)
        assert result.failure is None
        model_invariance.assert_same(before, model_invariance.take(model, inputs=x))
        found.append(result.step["activations"])
    assert known.hash is not None and result.structure is None  # the last call was steady
    return found


def test_a_steady_forward_that_updates_its_buffers_records_what_the_first_call_did():
    model = _Counts().train()
    first, *steady = _steady_calls(model, torch.randn(8, 4))
    for later in steady:
        assert later == first  # the same model and inputs: the same statistics, bit for bit


def test_a_buffer_rebound_or_reshaped_between_steady_calls_is_put_back_as_it_was():
    model = _Counts().train()
    x = torch.randn(8, 4)
    _steady_calls(model, x, 2)
    model.scale = torch.full((4,), 2.0)  # a new tensor under the same name
    _steady_calls(model, x, 2)
    model.bn.running_var.data = torch.ones(8)[::2]  # same size, other strides
    seen = []
    model.bn.register_forward_pre_hook(lambda module, args: seen.append(module.running_var))
    _steady_calls(model, x, 2)
    # The steady forward runs on the model's own buffers.
    assert seen[-1] is model.bn.running_var
    model.matrix = torch.zeros(4, 2).t()  # a buffer that no longer flattens as before
    _steady_calls(model, x, 2)
    del model.held
    model.aside = torch.zeros(4, dtype=torch.float64)  # another dtype's group
    model.held = [model.aside]
    first, *steady = _steady_calls(model, x, 3)
    assert all(later == first for later in steady)


def test_buffers_shared_by_two_modules_stay_shared():
    bn = torch.nn.BatchNorm1d(4)
    other = torch.nn.BatchNorm1d(4)
    other.running_mean = bn.running_mean  # two modules hold one tensor
    model = torch.nn.Sequential(bn, other).train()
    first, *steady = _steady_calls(model, torch.randn(8, 4))
    assert all(later == first for later in steady)
    assert model[0].running_mean is model[1].running_mean


def test_a_steady_call_between_a_forward_and_its_backward_leaves_the_backward_as_it_was():
    """The buffers the forward writes are put back with their version counters: the
    pending backward, which saved them, runs as it would have."""
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(4, 4), torch.nn.BatchNorm1d(4)).train()
    x = torch.randn(8, 4)
    known = KnownStructure()
    capture_model(model, x, known=known)
    loss = model(x).square().sum()
    versions = [b._version for b in model.buffers()]
    assert capture_model(model, x, known=known).structure is None
    assert [b._version for b in model.buffers()] == versions
    loss.backward()


class _GrowsOnRequest(torch.nn.Module):
    """Registers a parameter in its forward when asked to."""

    def __init__(self) -> None:
        super().__init__()
        self.linear = torch.nn.Linear(4, 4)
        self.grow = False

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.grow and not hasattr(self, "late"):
            self.late = torch.nn.Parameter(torch.ones(4))
        return self.linear(x) * (self.late if hasattr(self, "late") else 1)


def test_the_parameters_described_are_those_the_forward_left():
    """One walk serves a call, checked after the forward: a parameter the forward
    registers, and one rebound between calls, are described as they are."""
    model = _GrowsOnRequest()
    x = torch.randn(2, 4)
    known = KnownStructure()
    for _ in range(2):
        capture_model(model, x, known=known)
    model.linear.weight = torch.nn.Parameter(torch.full((4, 4), 3.0))
    result = capture_model(model, x, known=known)
    assert result.structure is None  # the same structure: a steady call
    assert result.step["params"]["linear.weight"]["mean"] == 3.0
    model.grow = True
    result = capture_model(model, x, known=known)
    assert result.structure is not None and "late" in result.step["params"]


def test_what_steady_calls_keep_keeps_nothing_of_the_model_alive():
    import gc
    import weakref

    model = torch.nn.Sequential(torch.nn.Linear(4, 4), torch.nn.BatchNorm1d(4)).train()
    _steady_calls(model, torch.randn(8, 4), 2)
    buffer, gone = weakref.ref(model[1].running_mean), weakref.ref(model)
    model[1].running_mean = torch.zeros(4)  # the buffer goes, though no call came since
    gc.collect()
    assert buffer() is None
    del model
    gc.collect()
    assert gone() is None


def test_steady_calls_under_inference_mode_and_outside_it_agree():
    """Calls under torch.inference_mode (an evaluation loop's) and outside it, one after
    the other on one known structure, record the same statistics."""
    model = _Counts().train()
    x = torch.randn(8, 4)
    with torch.inference_mode():
        inside = _steady_calls(model, x)
    outside = _steady_calls(model, x)
    assert outside[-1] == inside[-1]
    with torch.inference_mode():
        assert _steady_calls(model, x)[-1] == inside[-1]


class _Pauses(torch.nn.Module):
    """A BatchNorm whose forward, in each thread of `pauses`, waits until told to go on:
    another thread's capture of the same model runs in that time."""

    def __init__(self) -> None:
        super().__init__()
        self.bn = torch.nn.BatchNorm1d(4)
        self.pauses: dict[threading.Thread, tuple[threading.Event, threading.Event]] = {}  # (inside, go on)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        pause = self.pauses.get(threading.current_thread())
        if pause is not None:
            pause[0].set()
            assert pause[1].wait(30)
        return self.bn(x)


def test_a_capture_of_the_model_while_another_thread_captures_it_leaves_its_own_buffers():
    """Two threads capturing one model at once: the second one waits for the first (the
    model's lock, model_lock), whose steady forward runs, and takes the model's state
    after it. Neither raises, and the model is left on its own buffers, their values as
    they were."""
    model = _Pauses().train()
    x = torch.randn(8, 4)
    buffers = dict(model.named_buffers())
    values = {name: buf.clone() for name, buf in buffers.items()}
    known = KnownStructure()
    for _ in range(2):
        capture_model(model, x, known=known)
    raised: list[BaseException] = []

    def call(known: KnownStructure | None) -> None:
        try:
            capture_model(model, x, known=known)
        except BaseException as e:
            raised.append(e)

    first, second = threading.Thread(target=call, args=(known,)), threading.Thread(target=call, args=(None,))
    for thread in (first, second):
        model.pauses[thread] = (threading.Event(), threading.Event())
    try:
        first.start()
        assert model.pauses[first][0].wait(30)  # its steady forward runs
        second.start()
        assert not model.pauses[second][0].wait(0.5)  # waiting for the first call's end
        model.pauses[first][1].set()
        first.join(30)
        assert model.pauses[second][0].wait(30)  # its state taken, its forward running
    finally:
        for _, go_on in model.pauses.values():
            go_on.set()
        second.join(30)
    assert not raised, raised
    now = dict(model.named_buffers())
    assert all(now[name] is buf for name, buf in buffers.items())
    assert all(torch.equal(now[name], value) for name, value in values.items())


class _KeepsItsStatistics(torch.nn.Module):
    """Keeps a reference to its BatchNorm's running mean, and a view of its running
    variance, as its forward found them."""

    def __init__(self) -> None:
        super().__init__()
        self.bn = torch.nn.BatchNorm1d(4)
        self.mean: torch.Tensor | None = None
        self.var_head: torch.Tensor | None = None

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        self.mean, self.var_head = self.bn.running_mean, self.bn.running_var[:2]
        return self.bn(x)


def test_a_buffer_the_model_kept_a_reference_to_is_left_as_it_was():
    """A forward that keeps a buffer (or a view of one) on the module keeps the model's
    own: later calls leave its values as they were."""
    model = _KeepsItsStatistics().train()
    x = torch.randn(8, 4)
    known = KnownStructure()
    for _ in range(3):
        capture_model(model, x, known=known)
    assert model.mean is None  # what a call's forward sets from None is None again
    model(x)  # the user's forward keeps the references
    for attribute in ("mean", "var_head"):
        kept = getattr(model, attribute)
        values = kept.clone()
        for _ in range(2):
            capture_model(model, torch.randn(8, 4) + 5, known=known)  # other statistics
            assert torch.equal(kept, values), attribute


class _ReadsItsCountThroughAList(torch.nn.Module):
    """Writes a buffer under its name and reads it back through a list of its own."""

    def __init__(self) -> None:
        super().__init__()
        self.linear = torch.nn.Linear(4, 4)
        self.register_buffer("count", torch.zeros(4))
        self.held = [self.count]

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        self.count.add_(1)
        return self.linear(x) * self.held[0]


def test_a_buffer_read_through_another_reference_after_a_write_computes_what_the_model_does():
    model = _ReadsItsCountThroughAList()
    first, *steady = _steady_calls(model, torch.randn(3, 4))
    assert all(later == first for later in steady)


class _WritesEveryBuffer(torch.nn.Module):
    """Writes each of its buffers in place (whatever their shapes and dtypes) and reads them."""

    def __init__(self, shift: float = 0.0) -> None:
        super().__init__()
        self.register_buffer("count", torch.tensor(3))
        self.register_buffer("mean", torch.arange(4.0) + shift)
        self.register_buffer("var", torch.ones(4) + shift)
        self.register_buffer("empty", torch.zeros(0))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        total = x.sum()
        for buf in self._buffers.values():
            if buf is not None and buf.numel():
                buf.add_(1)
                total = total + buf.double().sum()
        return total


def _guarded_forward(model: torch.nn.Module, x: torch.Tensor) -> None:
    """A forward inside preserved_model_state, the model checked as it was after it."""
    before = model_invariance.take(model, inputs=x)
    with torch.no_grad(), model_state.preserved_model_state(model, x):
        model(x)
    model_invariance.assert_same(before, model_invariance.take(model, inputs=x))


def test_a_buffer_layout_kept_from_one_model_puts_back_another_models_own_values():
    """The layout kept between calls describes buffers by their shapes and dtypes, not
    by which tensors they are: two models alike take turns, each gets its own back."""
    first, second = _WritesEveryBuffer(), _WritesEveryBuffer(shift=10.0)
    x = torch.randn(3)
    for _ in range(3):
        for model in (first, second):
            _guarded_forward(model, x)
    assert torch.equal(first.mean, torch.arange(4.0)) and torch.equal(second.mean, torch.arange(4.0) + 10)


def test_buffers_resized_retyped_or_reshaped_in_place_between_calls_are_put_back_as_they_were():
    """`.data` swaps keep the tensor (its identity, its _buffers slot) and change what a
    kept layout was made from: its size, dtype, rank, or the layout's group."""
    model = _WritesEveryBuffer()
    x = torch.randn(3)
    _guarded_forward(model, x)
    changes = [
        ("mean", torch.arange(6.0)),  # another size
        ("var", torch.ones(4, dtype=torch.float64)),  # another dtype: another group
        ("count", torch.tensor([3, 4])),  # 0-d to 1-d: the counters' group of 0-d ones changes rank
        ("mean", torch.ones(2, 3)),  # a matrix: a group that no longer lays out by cat
        ("empty", torch.zeros(5)),  # the empty one gets values
        ("var", torch.zeros(0, dtype=torch.float64)),  # and another becomes empty
    ]
    for name, value in changes:
        getattr(model, name).data = value
        for _ in range(2):
            _guarded_forward(model, x)


def _inference_tensor(value: torch.Tensor) -> torch.Tensor:
    with torch.inference_mode():
        return value.clone()


_BETWEEN_GUARDED_CALLS = {
    "size": lambda model: setattr(model.mean, "data", torch.arange(6.0)),
    "dtype": lambda model: setattr(model.var, "data", torch.ones(4, dtype=torch.float64)),
    "rank": lambda model: setattr(model.count, "data", torch.tensor([3])),
    "strides": lambda model: setattr(model.mean, "data", torch.arange(8.0)[::2]),
    "requires_grad": lambda model: model.var.requires_grad_(True),
    "resize": lambda model: model.mean.resize_(2, 2),
    "inference": lambda model: setattr(model.var, "data", _inference_tensor(model.var)),
    "rebound": lambda model: setattr(model, "mean", torch.arange(4.0).double()),
}


@pytest.mark.parametrize("change", list(_BETWEEN_GUARDED_CALLS))
def test_a_layout_taken_by_its_tensor_guards_is_given_up_where_a_buffer_changed_between_calls(change):
    """A steady guard takes its buffers' facts (layout, dtype, device, shape) from the
    kept layout whose tensor guards pass on them, without reading them one by one: a
    buffer changed between calls in any of these ways fails the guards, and the guard
    reads the facts as they are (the forward then writes and gets back every buffer)."""
    model, x = _WritesEveryBuffer(), torch.randn(3)
    for _ in range(2):
        _guarded_forward(model, x)
    with torch.no_grad(), model_state.preserved_model_state(model, x) as saved:
        assert saved.layout.guards is not None and saved.facts is saved.layout.signature[0]  # taken, not read
    _BETWEEN_GUARDED_CALLS[change](model)
    with torch.no_grad(), model_state.preserved_model_state(model, x) as saved:
        assert saved.facts == list(map(model_state._FACTS, saved.buffers))
        assert saved.inference_buffers == any(b.is_inference() for b in saved.buffers)
    if change != "inference":  # an inference buffer is written only in inference mode
        for _ in range(2):
            _guarded_forward(model, x)
    assert guards_pass(tensor_guards(saved.buffers), saved.buffers)


def test_a_guard_inside_another_on_buffers_alike_leaves_the_outer_snapshot_as_taken():
    """A capture inside a model's forward (on another model whose buffers are alike)
    cannot take the outer call's kept layout: the outer one still puts back its own."""
    outer, inner = _WritesEveryBuffer(), _WritesEveryBuffer(shift=5.0)
    x = torch.randn(3)
    _guarded_forward(outer, x)  # a kept layout of these buffers
    before_outer = model_invariance.take(outer, inputs=x)
    before_inner = model_invariance.take(inner, inputs=x)
    with torch.no_grad(), model_state.preserved_model_state(outer, x):
        outer(x)
        with model_state.preserved_model_state(inner, x):
            inner(x)
        outer(x)
    model_invariance.assert_same(before_outer, model_invariance.take(outer, inputs=x))
    model_invariance.assert_same(before_inner, model_invariance.take(inner, inputs=x))


class _FlipsBits(torch.nn.Module):
    """Writes values that compare equal to what the buffer held but differ in their bits
    (-0.0 for 0.0, another NaN), and one NaN the same: the bits come back."""

    def __init__(self) -> None:
        super().__init__()
        for dtype in (torch.float32, torch.float64, torch.float16, torch.bfloat16):
            self.register_buffer(
                "v_%s" % str(dtype).split(".")[-1], torch.tensor([0.0, float("nan"), 1.0, -0.0], dtype=dtype)
            )
        self.register_buffer("z", torch.tensor(0.0))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        for buf in self._buffers.values():
            flat = buf.view(-1)
            flat.neg_()  # 0.0 <-> -0.0, 1.0 -> -1.0, NaN's sign bit flipped
            if flat.numel() > 2:
                flat[2] = 1.0  # back to the value it held: only the other ones changed
        return x * 2


def test_buffer_values_that_compare_equal_but_differ_in_bits_are_put_back_bit_for_bit():
    model = _FlipsBits()
    x = torch.randn(3)
    for _ in range(3):
        _guarded_forward(model, x)
    assert torch.equal(model.v_float32[:1].view(torch.int32), torch.tensor([0], dtype=torch.int32))  # +0.0
    assert str(model.z.item()) == "0.0"


def test_a_steady_call_on_the_conv_stack_in_train_mode_leaves_every_buffer_bit_and_version():
    """Many small buffers of two dtypes (running statistics, batch counters), all written
    by each forward: the kept layout's groups put back each one."""
    layers: list[torch.nn.Module] = []
    for _ in range(5):
        layers += [torch.nn.Conv2d(4, 4, 3, padding=1), torch.nn.BatchNorm2d(4), torch.nn.ReLU()]
    model = torch.nn.Sequential(*layers).train()
    x = torch.randn(2, 4, 6, 6)
    model(x)  # buffers no longer at their initial values
    _steady_calls(model, x, 4)
    model.eval()
    _steady_calls(model, x, 2)  # nothing written: nothing put back, versions as they were


class _RebindsItsBuffers(torch.nn.Module):
    """Rebinds one buffer, sets another to None and gives a None one a tensor in its
    forward; its child keeps its buffers in an OrderedDict (whose keys the collector
    lists beside its values)."""

    def __init__(self) -> None:
        super().__init__()
        self.child = torch.nn.BatchNorm1d(4)
        self.child._buffers = collections.OrderedDict(self.child._buffers)
        self.register_buffer("kept", torch.ones(4))
        self.register_buffer("dropped", torch.ones(4))
        self.register_buffer("unset", None)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        self.kept = self.kept * 2
        self.dropped = None
        self.unset = torch.zeros(4)
        self.child.running_mean = torch.full((4,), 3.0)
        return self.child(x) + self.kept


def test_buffers_the_forward_rebinds_or_unsets_are_put_back_in_their_slots():
    model = _RebindsItsBuffers().train()
    x = torch.randn(8, 4)
    held = {name: buf for name, buf in model.named_buffers()}
    for _ in range(3):
        _guarded_forward(model, x)
        assert model.unset is None and model.dropped is held["dropped"]
        assert dict(model.named_buffers()) == held


def test_a_guard_that_fails_to_start_leaves_its_buffer_layout_to_later_calls(monkeypatch):
    model, x = _WritesEveryBuffer(), torch.randn(3)
    _guarded_forward(model, x)
    layout = model_state._LAYOUTS.layouts[-1]  # the most recently used: this model's

    def failing(*args: object) -> None:
        raise RuntimeError("no RNG state")

    monkeypatch.setattr(model_state, "rng_state", failing)
    try:
        with model_state.preserved_model_state(model, x):
            raise AssertionError("the guard started")
    except RuntimeError:
        pass
    monkeypatch.undo()
    assert not layout.busy
    _guarded_forward(model, x)
    assert layout in model_state._LAYOUTS.layouts  # taken again, not replaced


class _QuantizedBuffers(torch.nn.Module):
    """Keeps two quantized buffers of other scales (and a plain one), and writes the
    first in place with values of yet another scale."""

    def __init__(self) -> None:
        super().__init__()
        self.linear = torch.nn.Linear(4, 4)
        self.register_buffer("codes", torch.quantize_per_tensor(torch.linspace(-1, 1, 4), 0.1, 0, torch.qint8))
        self.register_buffer("other", torch.quantize_per_tensor(torch.linspace(0, 1, 3), 0.05, 2, torch.quint8))
        self.register_buffer("plain", torch.ones(4))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        self.codes.copy_(torch.quantize_per_tensor(torch.full((4,), 0.5), 0.25, 1, torch.qint8))
        self.plain.add_(1)
        return self.linear(x) + self.codes.dequantize() + self.other.dequantize().sum()


def _quantized_facts(model: torch.nn.Module) -> dict[str, tuple]:
    return {
        name: (buf.int_repr().tolist(), buf.q_scale(), buf.q_zero_point(), buf._version, id(buf))
        for name, buf in model.named_buffers()
        if buf.is_quantized
    }


def test_quantized_buffers_are_put_back_with_their_scales_and_raise_nothing():
    """A quantized tensor does not flatten with others (torch.cat requantizes to the first
    one's scale, and an empty one has no quantizer): it is kept whole, as sparse ones are."""
    model = _QuantizedBuffers()
    x = torch.randn(2, 4)
    before = _quantized_facts(model)
    plain = model.plain.clone()
    known = KnownStructure()
    for _ in range(3):
        assert capture_model(model, x, known=known).failure is None
        assert _quantized_facts(model) == before
        assert torch.equal(model.plain, plain)


class _FlipsComplexZeros(torch.nn.Module):
    """complex128 buffers (no integer type is as wide as one of their values) of the
    `ranks` given, some of whose values the forward turns into values equal to them but
    of other bits: 0.0 into -0.0 in either part, one NaN into another."""

    def __init__(self, ranks: tuple[int, ...]) -> None:
        super().__init__()
        values = torch.tensor([0.0, 1.0, complex(0.0, -0.0), complex(1.0, 0.0)], dtype=torch.complex128)
        self.flipped: list[torch.Tensor] = []
        if 1 in ranks:  # a group laid out by cat, written back by numpy's reduceat
            self.register_buffer("vector", values.clone())
            self.register_buffer("other", values[:2].clone())
            self.register_buffer("nan", torch.tensor([complex(float("nan"), 0.0)], dtype=torch.complex128))
            self.flipped += [self.vector, self.nan]
        if 0 in ranks:  # by stack, one value a buffer
            self.register_buffer("zero", torch.tensor(0.0, dtype=torch.complex128))
            self.register_buffer("scalar", torch.tensor(1.0, dtype=torch.complex128))
            self.flipped.append(self.zero)
        if 2 in ranks:  # with the others, through torch's flatten
            self.register_buffer("matrix", values.reshape(2, 2).clone())
            self.flipped.append(self.matrix)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        for buf in self.flipped:
            real = torch.view_as_real(buf)
            real.neg_()  # ±0.0 to ∓0.0, 1.0 to -1.0, the NaN's sign bit flipped
            real[real == -1.0] = 1.0  # back to what it was: only the zeros and NaN differ
        return x * 2


@pytest.mark.parametrize("ranks", [(1,), (0,), (0, 1, 2)])
def test_complex128_values_equal_but_of_other_bits_are_put_back_bit_for_bit(ranks):
    model = _FlipsComplexZeros(ranks)
    x = torch.randn(3)
    for _ in range(3):
        _guarded_forward(model, x)


class _SpectralFilter(torch.nn.Module):
    """Keeps conjugate views as buffers (torch's conj() sets a bit, it copies nothing):
    a filter's spectrum, alone in its dtype's group, and with `written`, complex128 ones
    of that rank (1: a group laid out by cat, 0: by stack) beside a plain one; its
    forward then scales each conjugate view in place."""

    def __init__(self, written: int | None) -> None:
        super().__init__()
        self.register_buffer("kernel", torch.fft.fft2(torch.randn(3, 3)).conj())
        spectrum = torch.fft.fft(torch.randn(4, dtype=torch.float64))
        self.conjugates = [self.kernel]
        if written == 1:
            self.register_buffer("vector", spectrum.conj())
            self.register_buffer("plain", spectrum.clone())
            self.conjugates.append(self.vector)
        elif written == 0:
            self.register_buffer("scalar", spectrum[1].conj())
            self.register_buffer("plain", spectrum[2].clone())
            self.conjugates.append(self.scalar)
        self.written = written is not None

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.written:
            for buf in self.conjugates:
                buf.mul_(2)
        return torch.fft.ifft2(torch.fft.fft2(x) * self.kernel).real


@pytest.mark.parametrize("written", [None, 1, 0])
def test_conjugate_views_kept_as_buffers_are_read_and_put_back(written):
    model = _SpectralFilter(written)
    assert all(buf.is_conj() for buf in model.conjugates)
    x = torch.randn(2, 3, 3)
    for _ in range(3):
        _guarded_forward(model, x)
    _steady_calls(model, x)


class _ReshapesItsBuffers(torch.nn.Module):
    """A forward that gives its buffers another size, dtype or rank in place, as a cache
    grown by `.data =` or `resize_` does: the tensors stay in their slots."""

    def __init__(self, how: str) -> None:
        super().__init__()
        self.how = how
        self.lin = torch.nn.Linear(4, 4)
        self.register_buffer("cache", torch.arange(4.0))
        self.register_buffer("steps", torch.tensor(0))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.how == "data":
            self.cache.data = torch.ones(8)
        elif self.how == "resize":
            self.cache.resize_(8).fill_(2.0)
        elif self.how == "dtype":
            self.cache.data = self.cache.data.double()
        else:  # another rank
            self.steps.data = torch.zeros(2, 2, dtype=torch.long)
        return self.lin(x) + self.cache[:4].float()


@pytest.mark.parametrize("how", ["data", "resize", "dtype", "rank"])
def test_buffers_the_forward_resizes_retypes_or_reshapes_in_place_are_put_back_as_they_were(how):
    """Neither raises into the loop nor leaves the buffer as the forward made it: its
    size, dtype, values and version come back, in the first call and in steady ones."""
    model = _ReshapesItsBuffers(how)
    x = torch.randn(2, 4)
    if how != "resize":
        _steady_calls(model, x)  # every buffer's memory too
        return
    # resize_ moves the memory it grows: all but where it lies comes back.
    known = KnownStructure()
    cache, memory, versions = model.cache, model.cache.untyped_storage(), model.cache._version
    for _ in range(3):
        assert capture_model(model, x, known=known).failure is None
        assert model.cache is cache and model.cache.untyped_storage()._cdata == memory._cdata
        assert model.cache.shape == (4,) and model.cache.stride() == (1,) and model.cache.dtype == torch.float32
        assert torch.equal(model.cache, torch.arange(4.0)) and model.cache._version == versions
    assert known.hash is not None


class _ExpandsItsBuffer(torch.nn.Module):
    """Holds a buffer and an expanded view of it as a second buffer (a stride of 0), and
    writes the first: both change, and the view's elements share memory."""

    def __init__(self, rank: int) -> None:
        super().__init__()
        self.lin = torch.nn.Linear(4, 4)
        self.register_buffer("base", torch.zeros(1, 4) if rank == 2 else torch.zeros(1))
        self.register_buffer("wide", self.base.expand(3, 4) if rank == 2 else self.base.expand(4))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        self.base.add_(1.5)
        return self.lin(x) + self.wide.sum(0)


@pytest.mark.parametrize("rank", [1, 2])
def test_an_expanded_buffer_over_another_that_the_forward_writes_is_put_back_without_raising(rank):
    """Writing back the view element by element would write one memory location more than
    once, which torch refuses: the call raised into the loop and left the buffers written."""
    model = _ExpandsItsBuffer(rank)
    _steady_calls(model, torch.randn(2, 4))
    assert (
        not model.base.any()
        and model.wide.stride()[0] == 0
        and model.wide.untyped_storage()._cdata == model.base.untyped_storage()._cdata
    )


def test_a_guard_whose_buffers_keep_their_shapes_does_not_walk_them_to_put_back_shapes(monkeypatch):
    """The guard's inputs join the tensors whose versions it restores, not the buffers
    whose shapes it compares: with both in one list, every restore took the buffers for
    reshaped and walked them all again."""
    model, x = torch.nn.Sequential(torch.nn.Linear(4, 4), torch.nn.BatchNorm1d(4)).train(), torch.randn(8, 4)
    walked = []
    monkeypatch.setattr(model_state._SavedState, "_put_back_shapes", lambda self: walked.append(self))
    with torch.no_grad(), model_state.preserved_model_state(model, x) as saved:
        model(x)
        x.add_(1)  # an input written in place: put back, its version too
    assert len(saved.buffers) == len(saved.facts) == 3 and not walked
    assert x._version == saved.inputs[0][1]


class _Changing(torch.nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.body = torch.nn.Sequential(torch.nn.Linear(4, 4), torch.nn.BatchNorm1d(4), torch.nn.ReLU())
        self.head = torch.nn.Linear(4, 2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = self.head(self.body(x))
        return out + self.extra if hasattr(self, "extra") else out


class _Doubled(torch.nn.Module):
    def forward(self, weight: torch.Tensor) -> torch.Tensor:
        return weight * 2


def _between_calls():
    """(what, change) pairs: each made to _Changing between two steady calls."""

    def replace_parameter(m):
        m.head.weight = torch.nn.Parameter(torch.randn(2, 4))

    def add_buffer(m):
        m.register_buffer("extra", torch.ones(2))

    def swap_module(m):
        m.body[2] = torch.nn.Tanh()

    def flip_requires_grad(m):
        m.head.bias.requires_grad_(False)

    def reassign_data(m):
        m.head.weight.data = torch.randn(2, 4)

    def reassign_data_of_another_shape(m):
        m.head.weight.data, m.head.bias.data = torch.randn(3, 4), torch.randn(3)

    def remove_bias(m):
        m.head.bias = None

    def parametrize_weight(m):
        torch.nn.utils.parametrize.register_parametrization(m.head, "weight", _Doubled())

    def weight_norm(m):
        torch.nn.utils.parametrizations.weight_norm(m.head)

    def cumulative_average(m):
        m.body[1].momentum = None  # the same training flags, another update and text

    def stop_tracking(m):
        m.body[1].track_running_stats = False  # the buffers stay; the forward writes none

    return [
        (f.__name__, f)
        for f in (
            replace_parameter,
            add_buffer,
            swap_module,
            flip_requires_grad,
            reassign_data,
            reassign_data_of_another_shape,
            remove_bias,
            parametrize_weight,
            weight_norm,
            cumulative_average,
            stop_tracking,
        )
    ]


@pytest.mark.parametrize("what,change", _between_calls(), ids=[what for what, _ in _between_calls()])
def test_a_model_changed_between_steady_calls_is_recorded_as_it_is_now(what, change):
    """The walk a steady call rebuilds from the last call's plan (model_walk._WalkPlan),
    the structure key and the guards see each change made between calls: the call
    records what a first call on the changed model records, and leaves it as it was."""
    torch.manual_seed(0)
    model, x = _Changing().train(), torch.randn(8, 4)
    known = KnownStructure()
    for _ in range(2):
        capture_model(model, x, known=known)
    change(model)
    before = model_invariance.take(model, inputs=x)
    result = capture_model(model, x, known=known)
    model_invariance.assert_same(before, model_invariance.take(model, inputs=x))
    fresh = capture_model(model, x)  # no known structure: recorded in full
    assert result.failure is None and fresh.failure is None, what
    assert result.step["structure"] == fresh.step["structure"], what
    assert result.step["params"] == fresh.step["params"], what
    assert list(result.step["activations"]) == list(fresh.step["activations"]), what
    again = capture_model(model, x, known=known)  # steady on the changed model
    assert again.structure is None and again.step["params"] == fresh.step["params"], what


class _WritesEveryOtherCall(torch.nn.Module):
    """Writes every buffer at one call and none at the next, in the same mode."""

    def __init__(self) -> None:
        super().__init__()
        self.bn = torch.nn.BatchNorm1d(4)
        self.register_buffer("counts", torch.zeros(3))
        self.calls = 0

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        self.calls += 1
        if self.calls % 2:
            return self.bn(x) + self.counts.add_(1).sum()
        return x * 2


@pytest.mark.parametrize("model", [_WritesEveryOtherCall(), torch.nn.Sequential(torch.nn.BatchNorm1d(4))])
def test_buffers_written_back_whole_after_a_call_that_changed_them_all_are_exact_in_either_case(model):
    """Where the last call found every buffer of a group changed in the same modes, the
    next writes them all back without comparing: bit for bit and version for version
    whether the forward changed them all, none or some, and it compares again once the
    modes differ."""
    x = torch.randn(8, 4)
    groups = []
    for mode in ("train",) * 4 + ("eval",) * 2 + ("train",) * 2:
        model.train(mode == "train")
        before = model_invariance.take(model, inputs=x)
        with torch.no_grad(), model_state.preserved_model_state(model, x) as saved:
            model(x)
        model_invariance.assert_same(before, model_invariance.take(model, inputs=x))
        groups.append([group.all_changed_in is not None for group, *_ in saved.flat])
    assert any(map(any, groups[1:4])) and not any(map(any, groups[4:6]))


def test_a_buffer_given_other_memory_after_a_call_that_changed_them_all_is_compared_not_written():
    """A buffer put in other memory between calls (`.data =`, as a memory-mapped
    checkpoint's would be) is not written back unchecked where the forward leaves it."""
    model, x = _WritesEveryOtherCall().train(), torch.randn(8, 4)
    with torch.no_grad(), model_state.preserved_model_state(model, x) as saved:
        model(x)  # writes every buffer
    group = next(group for group, members, *_ in saved.flat if any(m is model.counts for m in members))
    assert group.all_changed_in is not None
    model.calls = 1  # the next forward writes none
    model.counts.data = torch.full((3,), 5.0)
    written = []
    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setattr(model_state, "_copy_into", lambda targets, values: written.append(targets))
    try:
        before = model.counts.clone()
        with torch.no_grad(), model_state.preserved_model_state(model, x):
            model(x)
    finally:
        monkeypatch.undo()
    # The float group (the counts among them) compared and found unchanged; the batch
    # counter's group, in the memory it was, written whole.
    assert [[t is model.bn.num_batches_tracked for t in targets] for targets in written] == [[True]]
    assert torch.equal(model.counts, before) and group.all_changed_in is None


_READ_ONLY_AT_THE_SAME_ADDRESS = """
import ctypes, mmap, warnings
import torch
from tensorboard_modelviz.capture import model_state
from tensorboard_modelviz.capture.tensor_guards import guards_pass, tensor_guards

warnings.simplefilter("ignore")  # torch.frombuffer of memory it cannot tell writable
pages = mmap.mmap(-1, mmap.PAGESIZE)

class Table(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.update = True
        self.register_buffer("table", torch.frombuffer(pages, dtype=torch.float32))
    def forward(self, x):
        if self.update:
            self.table.add_(1)
        return x

model, x = Table(), torch.zeros(1)
def call():
    with torch.no_grad(), model_state.preserved_model_state(model, x):
        model(x)
call()  # writes every buffer: the next call in these modes may write them back whole
address = model.table.data_ptr()
# Another buffer, in the same place but in memory the forward never wrote (read-only
# here; a memory-mapped checkpoint's pages put where freed ones were, in a real run).
{rebind}
libc = ctypes.CDLL(None, use_errno=True)
libc.mprotect.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
assert libc.mprotect(address, mmap.PAGESIZE, mmap.PROT_READ) == 0
assert model.table.data_ptr() == address
model.update = False  # the same training flags; this forward writes nothing
call()
print("survived")
"""


@pytest.mark.parametrize(
    "rebind",
    [
        "model.table = torch.frombuffer(pages, dtype=torch.float32)",
        "model.table.data = torch.frombuffer(pages, dtype=torch.float32)",  # the same tensor, other storage
    ],
    ids=["another tensor", "the same tensor"],
)
def test_another_buffer_at_the_address_of_one_written_whole_is_compared_not_written(rebind):
    """Writing a group back whole without comparing is for the very buffers the last
    call found all changed, in the memory the forward wrote: a buffer rebound between
    calls to another tensor, or given another storage (`.data =`), whose memory lies at
    the same address (an address reused: freed memory taken again by a mapping) is
    compared, and left unwritten where the forward did not change it. Written, read-only
    memory kills the process."""
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", _READ_ONLY_AT_THE_SAME_ADDRESS.replace("{rebind}", rebind)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0 and "survived" in done.stdout, (done.returncode, done.stderr[-2000:])


def test_tensor_guards_that_cannot_check_are_a_no():
    """Tensors of another count, or no guards (a torch without them): the facts are read."""
    a, b = torch.zeros(2), torch.zeros(3)
    guards = tensor_guards([a, b])
    assert guards_pass(guards, [a, b]) and not guards_pass(guards, [a]) and not guards_pass(guards, [b, a])
    assert not guards_pass(None, [a, b])


@pytest.mark.parametrize("steady", [False, True], ids=["first call", "steady call"])
def test_a_weight_a_forward_pre_hook_sets_as_a_plain_attribute_is_the_users_again(steady):
    """torch.nn.utils.prune and spectral_norm set `module.weight`, a plain attribute, in a
    forward pre-hook of their own: after a call the module holds the tensor the user's
    forward left, with its graph, not the one our forward made (without it under no_grad),
    so a loss built from it afterwards still reaches weight_orig."""
    torch.manual_seed(0)
    model = torch.nn.Sequential(
        torch.nn.Linear(4, 4), torch.nn.ReLU(), torch.nn.utils.spectral_norm(torch.nn.Linear(4, 2))
    )
    prune.l1_unstructured(model[0], "weight", 0.5)
    x = torch.randn(3, 4)
    known = KnownStructure()
    if steady:
        capture_model(model, x, known=known)
    model(x)  # the user's forward: its pre-hooks set each weight, with its graph
    pruned, normed = model[0].weight, model[2].weight
    capture_model(model, x, known=known)
    assert model[0].weight is pruned and model[2].weight is normed
    model[0].weight.sum().backward()
    assert model[0].weight_orig.grad is not None


_NESTED_BUFFER_AFTER_ANOTHER_MODEL = """
import warnings
import torch
from tensorboard_modelviz.capture import model_state

warnings.simplefilter("ignore")  # nested tensors are a prototype


class Plain(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.register_buffer("b", torch.zeros(3))


class Nested(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.register_buffer("b", torch.nested.nested_tensor([torch.zeros(2), torch.zeros(3)]))


plain = Plain()
for _ in range(2):  # a layout with tensor guards kept for one buffer
    with torch.no_grad(), model_state.preserved_model_state(plain):
        pass
try:
    with torch.no_grad(), model_state.preserved_model_state(Nested()):
        pass
except RuntimeError:  # its facts cannot be read: an error Python can catch
    pass
print("survived")
"""


def test_a_nested_buffer_never_reaches_the_kept_layouts_tensor_guards():
    """Checking torch's tensor guards reads each tensor's strides before anything else,
    and a (strided) nested tensor's throw a C++ error that nothing catches: the process
    aborts. A call whose buffers might match a layout kept from another model's calls
    (one buffer alike in count) never hands the guards a nested buffer."""
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", _NESTED_BUFFER_AFTER_ANOTHER_MODEL], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0 and "survived" in done.stdout, (done.returncode, done.stderr[-2000:])


class _Counting(torch.nn.Module):
    """Keeps a count and a running mean of its outputs as plain tensor attributes (not
    buffers), written in place by its forward."""

    def __init__(self) -> None:
        super().__init__()
        self.linear = torch.nn.Linear(4, 4)
        self.count = torch.zeros((), dtype=torch.int64)
        self.mean = torch.zeros(4)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = self.linear(x)
        self.count += 1
        self.mean.mul_(0.9).add_(y.detach().mean(0), alpha=0.1)
        return y


@pytest.mark.parametrize("steady", [False, True], ids=["first call", "steady call"])
def test_a_plain_tensor_attribute_the_forward_writes_in_place_keeps_its_values(steady):
    """A count or a running value a module keeps as a plain tensor attribute, which its
    forward writes in place: after a call the same tensor holds the values and version it
    had, as the user's next forward reads it."""
    torch.manual_seed(0)
    model, x = _Counting(), torch.randn(3, 4)
    known = KnownStructure()
    model(x)
    if steady:
        capture_model(model, x, known=known)
    count, mean = model.count, model.mean
    before = (count.clone(), mean.clone(), count._version, mean._version)
    capture_model(model, x, known=known)
    assert model.count is count and model.mean is mean
    assert torch.equal(count, before[0]) and torch.equal(mean, before[1])
    assert (count._version, mean._version) == before[2:]


def test_a_plain_tensor_attribute_whose_memory_was_freed_is_left_as_it_is():
    """FSDP (use_orig_params=False) keeps each parameter as a plain attribute viewing its
    unsharded flat parameter, whose memory it frees between forwards: a call copies
    nothing of it (nothing can be read) and records what it records without it."""
    torch.manual_seed(0)
    model, x = _Counting(), torch.randn(3, 4)
    flat = torch.zeros(8)
    model.freed = flat[:4]
    flat.untyped_storage().resize_(0)
    known = KnownStructure()
    for _ in range(2):
        result = capture_model(model, x, known=known)
        assert result.failure is None and model.freed.untyped_storage().nbytes() == 0
    assert "linear#0" in result.step["activations"]


class _Carrying(torch.nn.Module):
    """Carries its last output into the next forward in a plain attribute, None at first
    (a state an RNN trained by truncated backpropagation through time keeps)."""

    def __init__(self) -> None:
        super().__init__()
        self.linear = torch.nn.Linear(4, 4)
        self.carried: torch.Tensor | None = None

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = self.linear(x)
        if self.carried is not None:
            y = y + self.carried
        self.carried = y.detach()
        return y


@pytest.mark.parametrize("steady", [False, True], ids=["first call", "steady call"])
def test_a_plain_attribute_a_forward_sets_to_a_tensor_from_none_is_none_again(steady):
    """The user's next forward reads what the attribute holds: after a call it holds None
    again, not the output of our forward (a sequence starts again from None)."""
    torch.manual_seed(0)
    model, x = _Carrying(), torch.randn(3, 4)
    known = KnownStructure()
    if steady:
        capture_model(model, x, known=known)
        model(x)  # the user's forward: carried into the next
        model.carried = None  # a new sequence
    result = capture_model(model, x, known=known)
    assert result.failure is None and (result.structure is None) == steady
    assert model.carried is None


class _Remembering(torch.nn.Module):
    """Adds attributes in its forward: the last input's size and a cache of its output
    (a tensor kept for the next forward), and a pair of tensors set from None."""

    def __init__(self) -> None:
        super().__init__()
        self.linear = torch.nn.Linear(4, 4)
        self.pair: tuple[torch.Tensor, torch.Tensor] | None = None

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = self.linear(x)
        if hasattr(self, "cache"):
            y = y + self.cache
        self.cache = y.detach()
        self.last_rows = x.shape[0]
        self.pair = (y.detach(), x)
        return y


@pytest.mark.parametrize("steady", [False, True], ids=["first call", "steady call"])
def test_attributes_a_forward_adds_or_sets_from_none_are_gone_again(steady):
    """A tensor a forward adds as an attribute is removed after a call, and a tuple of
    tensors it sets from None is None again: each module's attributes are what they
    were, other modules' untouched; but for the int it adds, which stays as the forward
    left it (only values holding tensors are undone: test_a_handle_a_forward_sets_from_none_stays_with_its_hook)."""
    torch.manual_seed(0)
    model, x = torch.nn.Sequential(_Remembering(), torch.nn.ReLU()), torch.randn(3, 4)
    known = KnownStructure()
    if steady:
        capture_model(model, x, known=known)
    before = [dict(vars(module)) for module in model.modules()]
    result = capture_model(model, x, known=known)
    assert result.failure is None and (result.structure is None) == steady
    after = [dict(vars(module)) for module in model.modules()]
    assert after[1].pop("last_rows") == 3 and before[1].pop("last_rows", 3) == 3
    assert [list(names) for names in after] == [list(names) for names in before]
    assert all(map(operator.is_, (v for d in after for v in d.values()), (v for d in before for v in d.values())))
    model(x)  # the user's forward: adds them
    cache = model[0].cache
    capture_model(model, x, known=known)
    assert model[0].cache is cache and model[0].last_rows == 3 and model[0].pair[0] is not None


def test_plain_tensor_attributes_are_copied_up_to_a_bound():
    """A call copies the plain tensor attributes it would write back up to
    _ATTRIBUTE_COPIES_BYTES in all: a large table held as a plain attribute (a KV cache of a
    reference implementation) is not copied at every call; a count beside it is."""
    model = _Counting()
    model.table = torch.zeros(model_state._ATTRIBUTE_COPIES_BYTES // 4 + 1)
    saved = model_state._SavedState(model, torch.randn(3, 4))
    try:
        copied = [t for t, _, _ in saved.inputs]
        assert any(t is model.count for t in copied) and any(t is model.mean for t in copied)
        assert not any(t is model.table for t in copied)
    finally:
        saved.close()


class _NestedLengths(torch.nn.Module):
    """Holds a nested tensor as a buffer (of `layout`), which its forward writes in place."""

    def __init__(self, layout: torch.layout) -> None:
        super().__init__()
        self.linear = torch.nn.Linear(4, 4)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # nested tensors are a prototype
            nested = torch.nested.nested_tensor([torch.zeros(2), torch.ones(3)], layout=layout)
        self.register_buffer("lengths", nested)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        self.lengths.add_(1)
        return self.linear(x)


@pytest.mark.parametrize("layout", [torch.strided, torch.jagged], ids=["strided", "jagged"])
def test_a_nested_buffer_is_put_back_and_raises_nothing_into_the_loop(layout, tmp_path):
    """A nested tensor held as a buffer (its strided layout has no shape to read): calls
    raise nothing and warn nothing, record the model, and leave the buffer the same
    tensor with the values and version it had, on a first call and on steady ones."""
    from tensorboard_modelviz import SummaryWriter

    torch.manual_seed(0)
    model, x = _NestedLengths(layout), torch.randn(3, 4)
    nested = model.lengths
    writer = SummaryWriter(str(tmp_path))
    try:
        for step in range(3):
            values, version = [t.clone() for t in nested.unbind()], nested._version
            with warnings.catch_warnings():
                warnings.simplefilter("error", RuntimeWarning)  # no "could not record everything"
                writer.add_model_viz(model, x, step)
            assert model.lengths is nested and nested._version == version
            assert all(torch.equal(a, b) for a, b in zip(nested.unbind(), values, strict=True))
    finally:
        writer.close()
    result = capture_model(model, x, known=KnownStructure())
    assert result.failure is None and "linear#0" in result.step["activations"]


@pytest.mark.parametrize("assign", [False, True], ids=["copied", "assigned"])
def test_buffers_a_call_found_all_changed_can_be_swapped_after_it(assign):
    """With torch's swap_module_params_on_conversion future on, `load_state_dict` swaps
    each buffer's contents in place (torch.utils.swap_tensors), which refuses a tensor
    anything holds a weak reference of. What a call keeps of buffers it found all
    changed (BatchNorm in train mode) holds none: the buffers load after the call, and
    the next call is exact, its buffers in the memory they were (copied into) or in the
    checkpoint's (assigned)."""
    torch.manual_seed(0)
    model, x = torch.nn.Sequential(torch.nn.Linear(4, 4), torch.nn.BatchNorm1d(4)).train(), torch.randn(8, 4)
    previous = torch.__future__.get_swap_module_params_on_conversion()
    torch.__future__.set_swap_module_params_on_conversion(True)
    try:
        for _ in range(3):
            mean = model[1].running_mean
            before = model_invariance.take(model, inputs=x)
            with torch.no_grad(), model_state.preserved_model_state(model, x) as saved:
                model(x)
            model_invariance.assert_same(before, model_invariance.take(model, inputs=x))
            assert all(group.all_changed_in is not None for group, *_ in saved.flat)
            checkpoint = {name: value.clone() + 1 for name, value in model.state_dict().items()}
            model.load_state_dict(checkpoint, assign=assign)
            assert model[1].running_mean is mean and torch.equal(mean, checkpoint["1.running_mean"])
    finally:
        torch.__future__.set_swap_module_params_on_conversion(previous)


@pytest.mark.parametrize("steady", [False, True], ids=["first call", "steady call"])
def test_an_output_a_hook_keeps_on_a_torch_module_is_not_ours_after_a_call(steady):
    """A forward hook of the user's that keeps a module's output on it (feature
    extraction): after a call the module holds what the user's own forward left (nothing
    before the first), not our forward's output."""
    torch.manual_seed(0)
    model, x = torch.nn.Sequential(torch.nn.Linear(4, 4), torch.nn.ReLU()), torch.randn(3, 4)
    model[0].register_forward_hook(lambda module, args, output: setattr(module, "kept", output))
    known = KnownStructure()
    if steady:
        capture_model(model, x, known=known)
    assert not hasattr(model[0], "kept")
    capture_model(model, x, known=known)
    assert not hasattr(model[0], "kept")
    model(x)
    kept = model[0].kept
    capture_model(model, x, known=known)
    assert model[0].kept is kept


class _OwnChild(torch.nn.Module):
    """Registers itself as its own child, before any call or in its first forward; or,
    with `cycle`, holds a Sequential that holds it back (a cycle of modules)."""

    def __init__(self, when: str) -> None:
        super().__init__()
        self.linear = torch.nn.Linear(4, 4)
        self.when = when
        if when == "before":
            self.add_module("me", self)
        elif when == "cycle":
            self.block = torch.nn.Sequential(torch.nn.ReLU())
            self.block.add_module("back", self)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.when == "forward" and "me" not in self._modules:
            self.add_module("me", self)
        return self.linear(x)


def _cyclic_state(model: torch.nn.Module) -> list:
    """Each module's attributes and its submodules, parameters and buffers (names and
    objects), its parameters' and buffers' bits and versions, and torch's RNG state:
    model_invariance walks the tree with torch's own recursion, endless here."""
    modules, pending = {}, [model]
    while pending:
        module = pending.pop()
        if id(module) not in modules:
            modules[id(module)] = module
            pending += list(module._modules.values())
    state: list = [torch.get_rng_state().tolist()]
    for module in modules.values():
        state.append([(name, id(value)) for name, value in vars(module).items()])
        for held in (module._modules, module._parameters, module._buffers):
            state.append([(name, id(value)) for name, value in held.items()])
        for tensor in list(module._parameters.values()) + list(module._buffers.values()):
            state.append((tensor.detach().view(torch.uint8).tolist(), tensor._version))
    return state


@pytest.mark.parametrize("when", ["before", "forward", "cycle"])
def test_a_module_its_own_child_or_in_a_cycle_raises_nothing_into_the_loop(when, tmp_path):
    """torch's recursive walks (`repr`, `train()`, `state_dict()`) never end on such a
    model; ours (model_walk, layer_info) take each module once. Calls raise nothing into
    the loop, leave the model as it was (a child the forward registers gone again), warn
    nothing, and record the structure (its layer table counting each parameter once)
    and the activations."""
    from tensorboard_modelviz import SummaryWriter

    torch.manual_seed(0)
    model, x = _OwnChild(when), torch.randn(3, 4)
    writer = SummaryWriter(str(tmp_path))
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            for step in range(3):
                before = _cyclic_state(model)
                writer.add_model_viz(model, x, step)
                assert _cyclic_state(model) == before
    finally:
        writer.close()
    assert not [str(w.message) for w in caught], [str(w.message) for w in caught]
    result = capture_model(model, x)
    assert result.failure is None and "linear#0" in result.step["activations"]
    assert result.structure is not None and result.structure["totals"]["params"] == 20
    rows = {row["name"]: row for row in result.structure["layers"]}
    assert rows[""]["params_total"] == 20 and rows["linear"]["params_total"] == 20


class _BuildsItsHead(torch.nn.Module):
    """Creates its last layer in its first forward, from the input's width (a lazy layer
    written by hand), drawing its initial weights from torch's generator."""

    def __init__(self) -> None:
        super().__init__()
        self.body = torch.nn.Linear(4, 4)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = self.body(x)
        if "head" not in self._modules:
            self.head = torch.nn.Linear(y.shape[-1], 2)
        return self.head(y)


def test_a_submodule_a_forward_registers_is_gone_after_the_call():
    """A call before the user's first forward leaves the model without the layer that
    forward creates: else the user's forward finds ours (its weights drawn from the
    generator the call put back) and draws none, and the run goes on with other numbers
    than without the call."""
    torch.manual_seed(0)
    model, x = _BuildsItsHead(), torch.randn(3, 4)
    capture_model(model, x, known=KnownStructure())
    assert "head" not in model._modules


class _MovesItsScale(torch.nn.Module):
    """Gives its buffer new memory of the same shape in each forward (`.data =`)."""

    def __init__(self) -> None:
        super().__init__()
        self.linear = torch.nn.Linear(4, 4)
        self.register_buffer("scale", torch.ones(4))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        self.scale.data = self.scale * 2
        return self.linear(x) * self.scale


def test_a_buffer_a_forward_gives_other_memory_of_its_shape_is_in_its_own_again():
    """The buffer's values are the user's after a call (that holds); its memory is the
    one it had (a view of it taken before the call still aliases it): this fails."""
    torch.manual_seed(0)
    model, x = _MovesItsScale(), torch.randn(3, 4)
    view = model.scale[:2]
    known = KnownStructure()
    for _ in range(2):
        before = model.scale.clone()
        capture_model(model, x, known=known)
        assert torch.equal(model.scale, before)
    assert model.scale.data_ptr() == view.data_ptr()


class _NamesItsHead(torch.nn.Module):
    """Creates its last layer in its first forward and notes its width beside it, as a
    plain attribute its later forwards read (a lazy layer written by hand)."""

    def __init__(self) -> None:
        super().__init__()
        self.body = torch.nn.Linear(4, 4)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = self.body(x)
        if "head" not in self._modules:
            self.width = y.shape[-1]
            self.head = torch.nn.Linear(self.width, 2)
        return self.head(y) / self.width


class _LazyScale(torch.nn.modules.lazy.LazyModuleMixin, torch.nn.Module):
    """A lazy module of torch's kind (LazyModuleMixin): its first forward materializes
    its weight from the input's width and notes that width as a new plain attribute."""

    def __init__(self) -> None:
        super().__init__()
        self.weight = torch.nn.parameter.UninitializedParameter()

    def initialize_parameters(self, x: torch.Tensor) -> None:
        if self.has_uninitialized_params():
            with torch.no_grad():
                self.width = x.shape[-1]
                self.weight.materialize((2, self.width))
                self.weight.normal_()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x @ self.weight.t() / self.width


class _BuildsOnce(torch.nn.Module):
    """Builds its head in its first forward, told by a flag it had set to False (as Keras
    layers do): a flag left True without the head would have the next forward look for
    a head it no longer has."""

    def __init__(self) -> None:
        super().__init__()
        self.body = torch.nn.Linear(4, 4)
        self.built = False

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if not self.built:
            self.head = torch.nn.Linear(4, 2)
            self.built = True
        return self.head(self.body(x))


@pytest.mark.parametrize(
    "make", [_NamesItsHead, _BuildsOnce, _LazyScale], ids=["a width beside", "a flag", "LazyModuleMixin"]
)
def test_what_a_forward_sets_beside_what_it_registers_or_materializes_is_gone_with_it(make):
    """A forward that creates or materializes its layer leaves no layer after a call (see
    test_a_submodule_a_forward_registers_is_gone_after_the_call), nor what it sets beside
    it (a width it notes, a flag it set from False): the module's attributes are as they
    were, and the user's first forward then builds the layer as it would have."""
    torch.manual_seed(0)
    model, x = torch.nn.Sequential(make()), torch.randn(3, 4)
    attributes = dict(vars(model[0]))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # lazy modules are a prototype
        for _ in range(2):
            result = capture_model(model, x, known=KnownStructure())
            assert result.failure is None
            assert vars(model[0]).keys() == attributes.keys()
            assert all(vars(model[0])[name] is value for name, value in attributes.items())
    assert "head" not in model[0]._modules and not hasattr(model[0], "width")
    model(x)  # the user's forward
    assert "head" in model[0]._modules or model[0].width == 4


class _SwapsAScratch(torch.nn.Module):
    """Drops an attribute it had and carries its last output in a new one, in the same
    forward: the number of its attributes stays the same."""

    def __init__(self) -> None:
        super().__init__()
        self.linear = torch.nn.Linear(4, 4)
        self.scratch = 1

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = self.linear(x)
        self.__dict__.pop("scratch", None)
        if hasattr(self, "carried"):
            y = y + self.carried
        self.carried = y.detach()
        return y


@pytest.mark.parametrize("steady", [False, True], ids=["first call", "steady call"])
def test_an_attribute_a_forward_adds_where_it_removes_another_is_gone_again(steady):
    """An attribute added is told by its name, not by the number of attributes: one
    added where another was removed is gone after the call (the removed one stays
    removed, as the forward left it)."""
    torch.manual_seed(0)
    model, x = _SwapsAScratch(), torch.randn(3, 4)
    known = KnownStructure()
    if steady:
        capture_model(model, x, known=known)
        model.scratch = 1
    capture_model(model, x, known=known)
    assert not hasattr(model, "carried")


class _HooksItsLayerOnce(torch.nn.Module):
    """Registers a hook on its layer in its first forward, and keeps the handle in an
    attribute it set to None, so that later forwards register none."""

    def __init__(self) -> None:
        super().__init__()
        self.linear = torch.nn.Linear(4, 4)
        self.handle: torch.utils.hooks.RemovableHandle | None = None

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.handle is None:
            self.handle = self.linear.register_forward_hook(lambda module, args, output: output * 2)
        return self.linear(x)


def test_a_handle_a_forward_sets_from_none_stays_with_its_hook():
    """A hook a forward registers stays after a call (as a submodule it registers does):
    the handle it keeps to register it once stays with it. Set back to None, the user's
    next forward registers the hook a second time, and its outputs are doubled twice."""
    torch.manual_seed(0)
    model, x = _HooksItsLayerOnce(), torch.randn(3, 4)
    capture_model(model, x, known=KnownStructure())
    model(x)  # the user's forward
    assert len(model.linear._forward_hooks) == 1


class _HoldsAMetaBuffer(torch.nn.Module):
    """Holds a buffer on the meta device (no values: a placeholder its forward never
    reads, as a model initialized on the meta device may keep one)."""

    def __init__(self) -> None:
        super().__init__()
        self.linear = torch.nn.Linear(4, 4)
        self.register_buffer("placeholder", torch.empty(3, device="meta"))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.linear(x)


def test_a_buffer_on_the_meta_device_raises_nothing_into_the_loop():
    """A meta buffer has no values to compare or write back (torch.equal has no meta
    kernel): calls raise nothing, record the model, and leave the buffer as it was."""
    torch.manual_seed(0)
    model, x = _HoldsAMetaBuffer(), torch.randn(3, 4)
    placeholder = model.placeholder
    known = KnownStructure()
    for _ in range(3):
        result = capture_model(model, x, known=known)
        assert result.failure is None and "linear#0" in result.step["activations"]
        assert model.placeholder is placeholder and placeholder.is_meta


class _CarriesOnItsLayer(torch.nn.Module):
    """Carries its layer's last output into the next forward as an attribute it sets on
    that layer (one of torch's, whose own forward sets nothing)."""

    def __init__(self) -> None:
        super().__init__()
        self.linear = torch.nn.Linear(4, 4)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = self.linear(x)
        if hasattr(self.linear, "carried"):
            y = y + self.linear.carried
        self.linear.carried = y.detach()
        self.linear.rows = x.shape[0]
        return y


@pytest.mark.parametrize("steady", [False, True], ids=["first call", "steady call"])
def test_a_tensor_a_forward_adds_to_one_of_torchs_modules_is_gone_again(steady):
    """A tensor a forward adds to another module, one of torch's, is gone after a call
    (the user's next forward starts from what it left); the int added beside it stays, as
    on the module's own attributes (test_a_handle_a_forward_sets_from_none_stays_with_its_hook)."""
    torch.manual_seed(0)
    model, x = _CarriesOnItsLayer(), torch.randn(3, 4)
    known = KnownStructure()
    if steady:
        capture_model(model, x, known=known)
    result = capture_model(model, x, known=known)
    assert result.failure is None and (result.structure is None) == steady
    assert not hasattr(model.linear, "carried") and model.linear.rows == 3
    model(x)  # the user's forward
    carried = model.linear.carried
    capture_model(model, x, known=known)
    assert model.linear.carried is carried


@pytest.mark.parametrize("mode", ["train", "eval"])
def test_a_cyclic_model_called_in_a_mode_of_the_calls_raises_nothing_into_the_loop(mode):
    """A call's mode (`CaptureOptions(mode=...)`) is set by the model's `train()`, whose
    recursion over children never ends where the modules form a cycle (RecursionError
    reached the loop): each module's flag is then set once, the forward recorded in
    that mode, and every flag put back after the call."""
    torch.manual_seed(0)
    model, x = _OwnChild("cycle"), torch.randn(3, 4)
    modules = [model, model.linear, model.block, model.block[0]]
    for module in modules:
        module.training = mode != "train"
    seen = []
    model.linear.register_forward_hook(lambda module, args, output: seen.append(module.training))
    result = capture_model(model, x, CaptureOptions(mode=mode))
    assert result.failure is None and seen and all(flag == (mode == "train") for flag in seen)
    assert all(module.training == (mode != "train") for module in modules)


class _SwapsItsWeight(torch.nn.Module):
    """Rebinds its parameter to a new one and drops its submodule, in every forward."""

    def __init__(self) -> None:
        super().__init__()
        self.weight = torch.nn.Parameter(torch.randn(4, 4))
        self.extra = torch.nn.ReLU()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        self.weight = torch.nn.Parameter(self.weight.detach() * 2)
        self.__dict__["_modules"].pop("extra", None)
        return x @ self.weight


@pytest.mark.parametrize("steady", [False, True], ids=["first call", "steady call"])
def test_a_parameter_a_forward_rebinds_and_a_submodule_it_drops_are_the_users_again(steady):
    """The slots are put back whatever the forward did to them: a parameter it rebinds
    (the optimizer holds the user's) and a submodule it removes are the very objects the
    model held, in their order."""
    torch.manual_seed(0)
    model, x = _SwapsItsWeight(), torch.randn(3, 4)
    weight, extra = model.weight, model.extra
    known = KnownStructure()
    if steady:
        capture_model(model, x, known=known)
    result = capture_model(model, x, known=known)
    assert result.failure is None
    assert model._parameters["weight"] is weight and model._modules["extra"] is extra
    assert list(model.__dict__) == list(_SwapsItsWeight().__dict__)
