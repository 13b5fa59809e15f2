"""Dead units (capture/dead_units.py): the values the capture writes against a direct count
on the relus' inputs, on every way the capture counts them (the module hooks from an
output copy or from the input, the watcher for functional relus), on first and steady calls."""

import torch
import torch.nn as nn
import torch.nn.functional as F

from tensorboard_modelviz.capture import dead_units
from tensorboard_modelviz.capture.recording import CaptureOptions, capture_model
from tensorboard_modelviz.capture.structure_key import KnownStructure


def _dead_fraction(t, dim):
    others = [d for d in range(t.dim()) if d != dim]
    return (t.amax(dim=others) <= 0).sum().item() / t.shape[dim]


class Noting(nn.Module):
    """A model that notes each relu's input (a clone, before the relu) and the layer key its
    dead units belong to: `self.expected` after a forward is what a direct count gives."""

    def note(self, key, t, dim):
        self.expected[key] = _dead_fraction(t.detach().clone(), dim)
        return t

    def forward(self, *inputs):
        self.expected = {}
        return self.run(*inputs)


class EveryPath(Noting):
    """ReLU modules counted from their output copy (2-D, 3-D after a Conv1d and after a
    Linear, 4-D, bfloat16), from a fallback on the output (channels_last: a flattened copy;
    a large map: no copy), from the input (a forward hook of its own replaces the output),
    a Hardtanh(0, 2) module counted for the module that returned its input, and a
    Hardtanh(-1, 1) outside the family."""

    def __init__(self):
        super().__init__()
        self.conv1d = nn.Conv1d(2, 4, 3)
        self.relu_a = nn.ReLU()
        self.fc = nn.Linear(8, 6)
        self.relu6 = nn.ReLU6(inplace=True)
        self.fc2 = nn.Linear(6, 6)
        self.ht = nn.Hardtanh(0.0, 2.0)
        self.ht_signed = nn.Hardtanh(-1.0, 1.0)
        self.hooked = nn.ReLU()
        self.hooked.register_forward_hook(lambda module, args, output: output - 1.0)
        self.conv = nn.Conv2d(3, 4, 3, padding=1)
        self.relu_map = nn.ReLU()
        self.big = nn.Conv2d(3, 16, 3, padding=1)
        self.relu_big = nn.ReLU()
        self.low = nn.Linear(6, 6).to(torch.bfloat16)
        self.relu_half = nn.ReLU()

    def run(self, seq, image):
        y = self.note("relu_a#0", self.conv1d(seq), 1)
        y = self.relu_a(y).flatten(1).view(seq.shape[0], 1, 8)  # 3-D from a Linear next: features
        y = self.note("relu6#0", self.fc(y), 2)
        y = self.relu6(y)[:, 0]
        y = self.note("fc2#0", self.fc2(y), 1)
        y = self.ht_signed(self.ht(y))
        y = self.note("hooked#0", y - 0.5 + 0.2 * torch.arange(6.0), 1)  # features 0-2 dead
        y = self.hooked(y)
        h = self.note("relu_half#0", self.low(y.to(torch.bfloat16)), 1)
        y = y + self.relu_half(h).float()
        m = self.note("relu_map#0", self.conv(image.contiguous(memory_format=torch.channels_last)), 1)
        m = self.relu_map(m)
        b = self.note("relu_big#0", self.big(image), 1)
        return y.sum() + m.sum() + self.relu_big(b).sum()


class FunctionalInside(Noting):
    """ReLU modules, and a block whose forward calls relus as functions."""

    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(8, 8)
        self.relu1 = nn.ReLU()
        self.block = nn.ModuleDict({"conv": nn.Linear(8, 8), "out": nn.Linear(8, 8)})
        self.relu2 = nn.ReLU()

    def run(self, x):
        x = self.relu1(self.note("relu1#0", self.fc1(x), 1))
        y = F.relu(self.note("block.conv#0", self.block["conv"](x), 1))
        y = self.note("block.out#0", self.block["out"](y), 1).relu()
        return self.relu2(self.note("relu2#0", y + x, 1))


class Growing(Noting):
    """ReLU modules only, until `extra` is set: then a functional relu after it, too."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 8)
        self.relu = nn.ReLU()
        self.extra = None

    def run(self, x):
        x = self.relu(self.note("relu#0", self.fc(x), 1))
        if self.extra is not None:
            x = F.relu(self.note("extra#0", self.extra(x), 1))
        return x


def _calls(model, inputs, known, options=None):
    """(dead units written, what a direct count gives) for each call, one input each."""
    found = []
    for x in inputs:
        result = capture_model(model, x, options=options, known=known)
        assert result.failure is None
        found.append((result.step["dead_units"], dict(model.expected), result.structure is not None))
    return found


def test_every_path_writes_the_direct_count_on_first_and_steady_calls():
    torch.manual_seed(0)
    model = EveryPath()
    with torch.no_grad():
        model.conv1d.bias[:2].fill_(-50.0)  # two of its four channels dead
        model.fc2.bias[:3].fill_(-50.0)  # three features dead in front of the Hardtanh(0, 2)
        model.big.bias[:5].fill_(-50.0)
    generator = torch.Generator().manual_seed(1)
    inputs = []
    for _ in range(3):
        inputs.append((torch.randn(3, 2, 4, generator=generator), torch.randn(2, 3, 48, 48, generator=generator)))
    inputs[2][1][0, 0, 0, :4] = float("nan")  # NaN reaches every channel of both convs: none is dead there
    known = KnownStructure()
    calls = _calls(model, inputs, known)
    assert [recorded for _, _, recorded in calls] == [True, False, False]
    assert known.relu_calls is False  # every relu call here is a module's that the hooks count
    for written, expected, _ in calls:
        assert list(written.items()) == list(expected.items())  # the same values, in call order
    first = calls[0][0]
    assert first["relu_a#0"] == 0.5 and first["fc2#0"] >= 0.5 and first["hooked#0"] == 0.5
    assert first["relu_big#0"] >= 5 / 16
    assert "ht_signed#0" not in first and "ht#0" not in first


def test_a_functional_relu_inside_a_module_is_counted_on_steady_calls():
    torch.manual_seed(0)
    model = FunctionalInside()
    with torch.no_grad():
        model.block["conv"].bias.fill_(-50.0)  # every unit behind the functional relu dead
    known = KnownStructure()
    calls = _calls(model, [torch.randn(4, 8) for _ in range(3)], known)
    assert known.relu_calls is True and [recorded for _, _, recorded in calls] == [True, False, False]
    for written, expected, _ in calls:
        assert list(written.items()) == list(expected.items())
        assert written["block.conv#0"] == 1.0


def test_a_functional_relu_added_after_the_first_call_is_counted():
    """A forward whose recorded structure had ReLU modules alone runs later calls without
    the watcher; once a change of structure brings a functional relu, it is recorded again
    and its later calls watch for that relu."""
    torch.manual_seed(0)
    model = Growing()
    known = KnownStructure()
    before = _calls(model, [torch.randn(4, 8) for _ in range(2)], known)
    assert known.relu_calls is False and [recorded for _, _, recorded in before] == [True, False]
    model.extra = nn.Linear(8, 8)
    with torch.no_grad():
        model.extra.bias[:4].fill_(-50.0)
    after = _calls(model, [torch.randn(4, 8) for _ in range(2)], known)
    assert known.relu_calls is True and [recorded for _, _, recorded in after] == [True, False]
    for written, expected, _ in before + after:
        assert list(written.items()) == list(expected.items())
    assert after[1][0]["extra#0"] >= 0.5


def test_counts_follow_the_recorded_modules_only():
    """A relu module's value is written where its own call is recorded, a Hardtanh's where
    the call that returned its input is (include patterns)."""
    torch.manual_seed(0)
    model = EveryPath()
    generator = torch.Generator().manual_seed(2)
    x = (torch.randn(3, 2, 4, generator=generator), torch.randn(2, 3, 48, 48, generator=generator))
    known = KnownStructure()
    for written, expected, _ in _calls(model, [x, x], known, CaptureOptions(include=["relu_a", "fc2", "relu_big"])):
        assert list(written.items()) == [
            (key, value) for key, value in expected.items() if key in ("relu_a#0", "fc2#0", "relu_big#0")
        ]


def test_units_of_a_relu_module_after_a_conv1d_are_channels():
    """A 3-D input's units depend on the module that returned it (dead_units.unit_dimension):
    channels after a Conv1d, features otherwise, with no Hardtanh or functional relu around."""
    torch.manual_seed(0)
    model = nn.Sequential(nn.Conv1d(2, 4, 3), nn.ReLU(), nn.Linear(6, 5), nn.ReLU())
    with torch.no_grad():
        model[0].bias[:1].fill_(-50.0)  # one of four channels
        model[2].bias[:2].fill_(-50.0)  # two of five features
    known = KnownStructure()
    for _ in range(2):
        written = capture_model(model, torch.randn(3, 2, 8), known=known).step["dead_units"]
        assert written == {"1#0": 0.25, "3#0": 0.4}


def _host_cases():
    """(name, tensor, unit dimension): what host_dead_count reads and what it leaves to torch."""
    g = torch.Generator().manual_seed(0)
    nan_channel = torch.randn(1, 6, 5, 5, generator=g).relu()
    nan_channel[0, 2] = -1.0
    nan_channel[0, 2, 1, 1] = float("nan")  # NaN and no positive value: not dead, as amax says
    nan_channel[0, 4] = 0.0
    cases = [
        ("batch-1 map", torch.randn(1, 64, 14, 14, generator=g).relu(), 1),
        ("batch of maps", (torch.randn(3, 16, 7, 7, generator=g) - 1.5).relu(), 1),
        ("a unit dead in one item only", torch.cat([torch.zeros(1, 4, 3, 3), torch.ones(1, 4, 3, 3)]), 1),
        ("volumes", (torch.randn(2, 8, 3, 4, 4, generator=g) - 1).relu(), 1),
        ("conv1d output", (torch.randn(2, 8, 30, generator=g) - 1).relu(), 1),
        ("features", (torch.randn(4, 50, generator=g) - 1).relu(), 1),
        ("tokens' features", (torch.randn(2, 9, 40, generator=g) - 1).relu(), 2),
        ("one feature row", (torch.randn(1, 300, generator=g) - 1).relu(), 1),
        ("float64", (torch.randn(1, 32, 6, 6, generator=g, dtype=torch.float64) - 1).relu(), 1),
        ("NaN and zero channels", nan_channel, 1),
        ("all dead", torch.zeros(1, 5, 4, 4), 1),
        ("negative, never reaching 0", -torch.rand(2, 5, 4, generator=g) - 1, 2),
        ("+Inf", torch.tensor([[[float("inf"), -1.0], [-2.0, -3.0]]]), 1),
        (
            "channels_last (torch)",
            torch.randn(1, 8, 5, 5, generator=g).contiguous(memory_format=torch.channels_last),
            1,
        ),
        ("strided view (torch)", torch.randn(4, 20, generator=g)[:, ::2], 1),
        ("bfloat16 (torch)", (torch.randn(1, 8, 4, 4, generator=g) - 1).relu().bfloat16(), 1),
        ("empty (torch)", torch.zeros(0, 4), 1),
    ]
    with torch.inference_mode():
        cases.append(("inference tensor", (torch.randn(1, 8, 6, 6, generator=g) - 1).relu(), 1))
    return cases


def test_host_counts_equal_torchs():
    """host_dead_count gives dead_count's count wherever it reads a tensor, and leaves the
    others (other layouts, dtypes, empty tensors) to it; PendingDeadUnits gives the same
    fractions either way."""
    pending = dead_units.PendingDeadUnits()
    expected = {}
    for name, t, dim in _host_cases():
        found = dead_units.host_dead_count(t, dim)
        if "(torch)" in name:
            assert found is None, name
        else:
            assert found == int(dead_units.dead_count(t, dim)), name
        if t.numel():
            pending.count(name, t, dim)
            expected[name] = _dead_fraction(t, dim)
    assert pending.finish() == expected


def test_host_counts_leave_the_tensor_as_it_was():
    """The count reads a live output through a view that leaves its storage's flags alone
    (a .numpy() would make it non-resizable for good)."""
    t = torch.randn(1, 8, 6, 6, requires_grad=True).relu()
    dead_units.host_dead_count(t, 1)
    t.untyped_storage().resize_(0)  # raises if the storage had been marked non-resizable


def test_copies_counted_together_equal_each_counted_alone():
    """PendingDeadUnits.count_copy's copies, counted per shape, dtype and unit dimension in
    finish (a batch of one without amax), give each copy's own count: NaN, ±Inf, -0.0 and
    0 included, a key set twice keeps its first place and its last value."""
    g = torch.Generator().manual_seed(3)
    edge = torch.tensor([[float("nan"), -0.0, 0.0, float("inf"), -float("inf"), 1e-30, -1e-30, 2.0]])
    copies = [
        ("a#0", edge, 1),
        ("b#0", torch.randn(1, 8, generator=g), 1),
        ("c#0", torch.randn(3, 8, generator=g), 1),  # units over a batch
        ("d#0", torch.randn(1, 4, 3, 3, generator=g), 1),
        ("e#0", torch.randn(2, 4, 3, 3, generator=g).half(), 1),
        ("f#0", torch.randn(1, 5, 6, generator=g), 2),
        ("b#0", -torch.ones(1, 8), 1),  # b again: all dead now
        ("g#0", torch.full((1, 4, 1, 1), float("nan")), 1),
    ]
    pending, expected = dead_units.PendingDeadUnits(), {}
    for key, copy, dim in copies:
        pending.count_copy(key, copy, dim, copy.shape if key < "d" else None)
        expected[key] = _dead_fraction(copy, dim)
    assert pending.finish() == expected
    assert list(expected) == ["a#0", "b#0", "c#0", "d#0", "e#0", "f#0", "g#0"] and expected["b#0"] == 1.0
    assert expected["a#0"] == 4 / 8  # -0.0, 0.0, -inf, -1e-30
