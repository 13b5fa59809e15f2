"""Change over time: statistics across steps, health alerts and diffs, on real runs.

Runs are trained here through the real writer and read back through the reader, as the
server does; each bad run plants one problem and expects its alert, and the healthy run
expects none.
"""

import copy
import importlib.util
import math
import os

import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F

from tensorboard_modelviz import SummaryWriter
from tensorboard_modelviz.capture.recording import capture_model
from tensorboard_modelviz.format import codec
from tensorboard_modelviz.server import alerts as alert_checks
from tensorboard_modelviz.server import analysis, diffs, layer_values, reader

DEMO = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "demo", "signals.py")


pytestmark = pytest.mark.usefixtures("one_thread")  # tiny models: see conftest.py


class MLP(nn.Module):
    def __init__(self, inputs=16, hidden=32, classes=4):
        super().__init__()
        self.fc1 = nn.Linear(inputs, hidden)
        self.relu1 = nn.ReLU()
        self.fc2 = nn.Linear(hidden, hidden)
        self.relu2 = nn.ReLU()
        self.fc3 = nn.Linear(hidden, classes)

    def forward(self, x):
        return self.fc3(self.relu2(self.fc2(self.relu1(self.fc1(x)))))


def task(seed=0, n=512, inputs=16, classes=4):
    """A learnable classification task: labels from a fixed random linear teacher."""
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, inputs, generator=g)
    y = (x @ torch.randn(inputs, classes, generator=g)).argmax(dim=1)
    return x, y


def train_run(logdir, model, optimizer, steps=60, viz_every=5, data=None, before_log=None, log_grads=True, on_log=None):
    """Train with cross entropy, logging the model every `viz_every` steps after backward.

    `before_log(step, model)` may plant a problem; `on_log(step, model)` sees the model
    exactly as it is logged.
    """
    x_all, y_all = data if data is not None else task()
    g = torch.Generator().manual_seed(1)
    with SummaryWriter(str(logdir)) as writer:
        for step in range(steps):
            batch = torch.randint(len(y_all), (32,), generator=g)
            x, y = x_all[batch], y_all[batch]
            optimizer.zero_grad(set_to_none=True)
            loss = F.cross_entropy(model(x), y)
            loss.backward()
            if not log_grads:  # logged after the update, with gradients cleared
                optimizer.step()
                model.zero_grad(set_to_none=True)
            if step % viz_every == 0:
                if before_log is not None:
                    before_log(step, model)
                writer.add_model_viz(model, x, step)
                if on_log is not None:
                    on_log(step, model, x)
            if log_grads:
                optimizer.step()


def read_run(logdir, tag="model"):
    """(step documents, structure of the last step) of the one run in `logdir`."""
    logs = reader.open_logdir(str(logdir))
    (run,) = logs.runs()
    steps = next(t["steps"] for t in run["tags"] if t["tag"] == tag)
    documents = [logs.step(run["run"], tag, s) for s in steps]
    return documents, logs.structure(run["run"], tag, steps[-1])


def sgd(model, lr=0.05):
    return torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)


def kinds(alerts):
    return sorted({(a["kind"], a["layer"]) for a in alerts})


# --- numbers ---------------------------------------------------------------------------


def test_update_ratios_and_norms_match_a_direct_computation(tmp_path):
    torch.manual_seed(0)
    model = MLP()
    logged = []  # (step, {name: weights as logged}, activation of relu1, {name: grad norm})

    def remember(step, model, x):
        weights = {n: p.detach().clone() for n, p in model.named_parameters()}
        grads = {n: p.grad.norm().item() for n, p in model.named_parameters()}
        logged.append((step, weights, model.relu1(model.fc1(x)).detach(), grads))

    train_run(tmp_path, model, sgd(model), steps=30, on_log=remember)
    documents, structure = read_run(tmp_path)
    assert [d["step"] for d in documents] == [s for s, *_ in logged] == list(range(0, 30, 5))

    # Per parameter, as the writer stores it.
    assert documents[0]["updates"] == {}
    for document, (_, now, _, _), (_, before, _, _) in zip(documents[1:], logged[1:], logged):
        for name in now:
            direct = ((now[name] - before[name]).norm() / before[name].norm()).item()
            assert document["updates"][name] == pytest.approx(direct, rel=1e-5)

    ratios = analysis.stat_matrix(documents, structure, "update_ratio")
    norms = analysis.stat_matrix(documents, structure, "param_norm")
    grads = analysis.stat_matrix(documents, structure, "grad_norm")
    rms = analysis.stat_matrix(documents, structure, "activation_rms")
    keys = [layer["key"] for layer in ratios["layers"]]
    assert keys == [row["key"] for row in structure["layers"]]  # model order
    assert ratios["steps"] == [s for s, *_ in logged]
    for layer in ("fc1", "fc2", "fc3"):
        row = keys.index(layer + "#0")
        names = [layer + ".weight", layer + ".bias"]
        assert ratios["values"][row][0] is None  # nothing to compare the first call with
        for column in range(1, len(logged)):
            now, before = logged[column][1], logged[column - 1][1]
            # The layer's ratio is ‖ΔW‖ / ‖W(t′)‖ over weight and bias together.
            delta = math.sqrt(sum((now[n] - before[n]).norm().item() ** 2 for n in names))
            base = math.sqrt(sum(before[n].norm().item() ** 2 for n in names))
            assert ratios["values"][row][column] == pytest.approx(delta / base, rel=1e-5)
        for column, (_, weights, _, grad_norms) in enumerate(logged):
            norm = math.sqrt(sum(weights[n].norm().item() ** 2 for n in names))
            assert norms["values"][row][column] == pytest.approx(norm, rel=1e-5)
            grad = math.sqrt(sum(grad_norms[n] ** 2 for n in names))
            assert grads["values"][row][column] == pytest.approx(grad, rel=1e-5)
    relu = keys.index("relu1#0")
    for column, (_, _, activation, _) in enumerate(logged):
        direct = activation.pow(2).mean().sqrt().item()
        assert rms["values"][relu][column] == pytest.approx(direct, rel=1e-4)
    # Containers have no parameters of their own, so no parameter statistics.
    assert norms["values"][keys.index("#0")] == [None] * len(logged)
    assert ratios["range"][0] > 0 and ratios["range"][1] >= ratios["range"][0]


def test_layer_ratio_without_the_previous_step_uses_current_norms():
    structure = {"layers": [{"key": "fc#0", "name": "fc", "param_names": ["fc.weight", "fc.bias"]}]}

    def document(step, weight_norm, bias_norm, updates):
        return {
            "step": step,
            "activations": {},
            "grads": {},
            "updates": updates,
            "params": {"fc.weight": {"norm": weight_norm}, "fc.bias": {"norm": bias_norm}},
        }

    first = document(10, 3.0, 4.0, {"fc.weight": 0.1, "fc.bias": 0.2})
    second = document(20, 6.0, 8.0, {"fc.weight": 0.5, "fc.bias": 0.0})
    values = analysis.stat_matrix([second, first], structure, "update_ratio")["values"][0]
    # Alone, the first step's weights are its own norms: sqrt(0.1²·9 + 0.2²·16) / 5.
    assert values[0] == pytest.approx(math.sqrt(0.09 + 0.64) / 5)
    # After it, the previous step's norms are the exact weights: sqrt(0.5²·9) / 5.
    assert values[1] == pytest.approx(1.5 / 5)


def test_bad_arguments_are_refused():
    structure = {"layers": [{"key": "#0", "name": ""}]}
    with pytest.raises(ValueError, match="unknown statistic 'loss'"):
        analysis.stat_matrix([], structure, "loss")
    with pytest.raises(ValueError, match="integer 'step'"):
        analysis.stat_matrix([{"activations": {}}], structure, "activation_mean")
    with pytest.raises(ValueError, match="'layers' list"):
        analysis.health_alerts([], {"nodes": []})
    with pytest.raises(ValueError, match="list of step documents"):
        analysis.health_alerts({"step": 1}, structure)


def test_corrupt_values_become_none_not_errors():
    structure = {
        "layers": [
            {
                "key": "fc#0",
                "name": "fc",
                "type": "Linear",
                "call": 0,
                "calls": 1,
                "frozen": 0,
                "param_names": ["fc.weight"],
            }
        ]
    }
    documents = [
        {
            "step": 0,
            "activations": {"fc#0": {"mean": "x", "std": None, "numel": True}},
            "params": {"fc.weight": []},
            "grads": "no",
            "updates": {"fc.weight": "1"},
        },
        {"step": 1, "activations": {"fc#0": 7}, "params": {}, "grads": {}, "updates": []},
    ]
    for statistic in layer_values.STATISTICS:
        assert analysis.stat_matrix(documents, structure, statistic)["values"] == [[None, None]]
    assert analysis.health_alerts(documents, structure) == []


# --- alerts on real runs ---------------------------------------------------------------


def test_healthy_run_has_no_alerts(tmp_path):
    torch.manual_seed(0)
    model = MLP()
    train_run(tmp_path, model, sgd(model), steps=100, viz_every=5)
    documents, structure = read_run(tmp_path)
    assert analysis.health_alerts(documents, structure) == []


def test_nonfinite_names_the_first_step_and_layer(tmp_path):
    torch.manual_seed(0)
    model = MLP()

    def break_fc2(step, model):
        if step == 20:
            with torch.no_grad():
                model.fc2.weight[3, 5] = math.inf

    train_run(tmp_path, model, sgd(model), steps=40, before_log=break_fc2)
    documents, structure = read_run(tmp_path)
    alerts = [a for a in analysis.health_alerts(documents, structure) if a["kind"] == "nonfinite"]
    assert len(alerts) == 1
    alert = alerts[0]
    # fc2's output is the first to hold Inf/NaN; relu2, fc3 and the root follow from it.
    assert (alert["step"], alert["layer"], alert["statistic"]) == (20, "fc2#0", "activation_nonfinite")
    assert alert["value"] > 0
    assert "step 20" in alert["message"] and "fc2 (Linear)" in alert["message"]


def test_subtree_metrics_hold_every_parameter_inside_the_module():
    """grad_norm and update_ratio are a module's own parameters; their subtree_ twins
    every parameter inside it, with the same sums (a leaf's are equal)."""
    structure = {
        "layers": [
            {"key": "#0", "name": "", "type": "Net", "call": 0, "parent": None, "param_names": []},
            {"key": "a#0", "name": "a", "type": "Block", "call": 0, "parent": "#0", "param_names": ["a.scale"]},
            {
                "key": "a.fc#0",
                "name": "a.fc",
                "type": "Linear",
                "call": 0,
                "parent": "a#0",
                "param_names": ["a.fc.weight"],
            },
        ]
    }
    previous = {"step": 0, "params": {"a.scale": {"norm": 1.0}, "a.fc.weight": {"norm": 2.0}}}
    document = {
        "step": 1,
        "params": {"a.scale": {"norm": 9.0}, "a.fc.weight": {"norm": 9.0}},
        "grads": {"a.scale": {"norm": 3.0}, "a.fc.weight": {"norm": 4.0}},
        "updates": {"a.scale": 0.5, "a.fc.weight": 0.25},
    }
    values = layer_values.step_values_of(layer_values.Layers(structure), document, previous)
    assert values["grad_norm"] == {"#0": None, "a#0": 3.0, "a.fc#0": 4.0}
    assert values["subtree_grad_norm"] == {"#0": 5.0, "a#0": 5.0, "a.fc#0": 4.0}
    # Weighed by the previous step's norms: sqrt((0.5·1)² + (0.25·2)²) / sqrt(1² + 2²).
    both = math.sqrt(0.25 + 0.25) / math.sqrt(5.0)
    assert values["update_ratio"] == {"#0": None, "a#0": 0.5, "a.fc#0": 0.25}
    assert values["subtree_update_ratio"] == {"#0": pytest.approx(both), "a#0": pytest.approx(both), "a.fc#0": 0.25}
    document["updates"]["a.fc.weight"] = None  # not finite: no ratio for what holds it
    values = layer_values.step_values_of(layer_values.Layers(structure), document, previous)
    assert values["subtree_update_ratio"] == {"#0": None, "a#0": None, "a.fc#0": None}
    assert values["update_ratio"]["a#0"] == 0.5


def test_nonfinite_in_the_backward_only_is_named_where_the_backward_starts():
    structure = {
        "layers": [
            {"key": "#0", "name": "", "type": "Net", "call": 0, "parent": None, "param_names": []},
            {"key": "a#0", "name": "a", "type": "Linear", "call": 0, "parent": "#0", "param_names": ["a.w"]},
            {"key": "b#0", "name": "b", "type": "Linear", "call": 0, "parent": "#0", "param_names": ["b.w"]},
        ]
    }
    finite = {"numel": 4, "nan": 0, "inf": 0, "norm": 1.0}
    documents = [
        {
            "step": 7,
            "activations": {"a#0": finite, "b#0": finite},
            "params": {"a.w": finite, "b.w": finite},
            "grads": {"a.w": dict(finite, nan=4), "b.w": dict(finite, inf=1)},
            "updates": {},
        }
    ]
    (alert,) = analysis.health_alerts(documents, structure)
    assert (alert["kind"], alert["layer"], alert["step"], alert["statistic"], alert["value"]) == (
        "nonfinite",
        "b#0",
        7,
        "grad_nonfinite",
        1,
    )


def test_dead_relu(tmp_path):
    torch.manual_seed(0)
    model = MLP()
    with torch.no_grad():
        model.fc1.bias.fill_(-20.0)  # no input reaches zero: every unit of relu1 is dead
    train_run(tmp_path, model, sgd(model), steps=30)
    documents, structure = read_run(tmp_path)
    alerts = analysis.health_alerts(documents, structure)
    assert ("dead", "relu1#0") in kinds(alerts)
    # relu1 passes nothing, so fc2 sees zeros: its units with a negative bias are dead too.
    (dead,) = [a for a in alerts if a["kind"] == "dead" and a["layer"] == "relu1#0"]
    assert (dead["step"], dead["value"], dead["statistic"]) == (0, 1.0, "dead_units")
    assert "dead units" in dead["message"]
    # Documents written before the dead-unit metric: the zero fraction of ReLU outputs.
    for document in documents:
        del document["dead_units"]
    (dead,) = [a for a in analysis.health_alerts(documents, structure) if a["kind"] == "dead"]
    assert (dead["layer"], dead["step"], dead["value"], dead["statistic"]) == ("relu1#0", 0, 1.0, "activation_zeros")


class FunctionalReluConv(nn.Module):
    """ReLUs called as functions, as many codebases write them: no ReLU module to see."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 8, 3, padding=1)
        self.conv2 = nn.Conv2d(8, 8, 3, padding=1)
        self.fc = nn.Linear(8, 4)

    def forward(self, x):
        x = F.relu(self.conv1(x))
        x = torch.relu(self.conv2(x))
        return self.fc(x.mean(dim=(2, 3)))


def test_dead_units_behind_a_functional_relu(tmp_path):
    """A conv whose bias init kills every unit behind `F.relu` is named by the alert; the
    zero-fraction heuristic saw only ReLU modules and missed it."""
    torch.manual_seed(0)
    model = FunctionalReluConv()
    with torch.no_grad():
        model.conv2.bias.fill_(-50.0)  # every channel of conv2 is ≤ 0 for every input
    data = (torch.randn(256, 3, 6, 6), torch.randint(4, (256,)))
    train_run(tmp_path, model, sgd(model), steps=11, data=data)
    documents, structure = read_run(tmp_path)
    assert documents[0]["dead_units"]["conv2#0"] == 1.0
    assert 0.0 <= documents[0]["dead_units"]["conv1#0"] < 0.9
    alerts = [a for a in analysis.health_alerts(documents, structure) if a["kind"] == "dead"]
    assert [(a["layer"], a["step"], a["statistic"], a["value"]) for a in alerts] == [("conv2#0", 0, "dead_units", 1.0)]
    assert "conv2 (Conv2d)" in alerts[0]["message"]
    matrix = analysis.stat_matrix(documents, structure, "dead_units")
    row = [entry["key"] for entry in matrix["layers"]].index("conv2#0")
    assert matrix["values"][row] == [1.0] * len(documents)


class ReluFamily(nn.Module):
    """Every way into the relu family: in place after a Conv1d, a ReLU6 module on token
    features, and hardtanh(0, 6) called as a function."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv1d(2, 4, 3)
        self.fc = nn.Linear(4, 6)
        self.relu6 = nn.ReLU6()
        self.out = nn.Linear(6, 5)

    def forward(self, x):
        y = F.relu(self.conv(x), inplace=True).transpose(1, 2)  # (batch, length, 4 channels)
        return F.hardtanh(self.out(self.relu6(self.fc(y))), 0.0, 6.0)


def test_dead_units_count_channels_and_features_in_every_form_of_relu():
    from tensorboard_modelviz.capture.recording import capture_model

    torch.manual_seed(0)
    model = ReluFamily()
    with torch.no_grad():
        model.conv.bias[:2].fill_(-100.0)  # two of the conv's four channels
        model.out.bias.fill_(-100.0)  # every feature of `out`
    x = torch.randn(3, 2, 10)
    kept = x.clone()
    step = capture_model(model, x).step
    assert step["dead_units"]["conv#0"] == 0.5 and step["dead_units"]["out#0"] == 1.0
    assert set(step["dead_units"]) == {"conv#0", "relu6#0", "out#0"}  # the module's own call for ReLU6
    assert torch.equal(x, kept)


def test_dead_units_are_watched_for_only_where_the_hooks_do_not_count_them():
    """A structure whose recorded forward made no relu-family call, or only those of ReLU,
    ReLU6 and Hardtanh modules (counted by the module hooks), runs its later calls without
    the watching mode (it costs every op); one with a functional relu keeps it."""
    from tensorboard_modelviz.capture.recording import capture_model
    from tensorboard_modelviz.capture.structure_key import KnownStructure

    class Functional(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = nn.Linear(8, 8)

        def forward(self, x):
            return F.relu(self.fc(x))

    x = torch.randn(4, 8)
    for model, watched, keys in (
        (nn.Sequential(nn.Linear(8, 8), nn.GELU()), False, set()),
        (nn.Sequential(nn.Linear(8, 8), nn.LeakyReLU(), nn.Linear(8, 8), nn.ReLU6()), False, {"3#0"}),
        (Functional(), True, {"fc#0"}),
    ):
        known = KnownStructure()
        first = capture_model(model, x, known=known)
        again = capture_model(model, x, known=known)
        assert known.relu_calls is watched and again.structure is None  # the second call: hooks alone
        assert first.step["dead_units"] == again.step["dead_units"]
        assert set(again.step["dead_units"]) == keys  # LeakyReLU is not in the family


class TanhNet(nn.Module):
    def __init__(self, out_activation=None):
        super().__init__()
        self.fc1 = nn.Linear(16, 32)
        self.act = nn.Tanh()
        self.fc2 = nn.Linear(32, 4)
        self.out = out_activation

    def forward(self, x):
        y = self.fc2(self.act(self.fc1(x)))
        return self.out(y) if self.out is not None else y


def test_saturated_tanh(tmp_path):
    torch.manual_seed(0)
    model = TanhNet()
    with torch.no_grad():
        model.fc1.weight.mul_(60.0)  # pre-activations in the tens: tanh sits at ±1
    train_run(tmp_path, model, sgd(model, lr=0.01), steps=20)
    documents, structure = read_run(tmp_path)
    alerts = analysis.health_alerts(documents, structure)
    assert kinds(alerts) == [("saturated", "act#0")]
    assert alerts[0]["step"] == 0 and alerts[0]["value"] >= alert_checks.SATURATED_FRACTION
    saturation = analysis.stat_matrix(documents, structure, "activation_saturated")
    row = [layer["key"] for layer in saturation["layers"]].index("act#0")
    assert all(v >= 0.9 for v in saturation["values"][row])
    assert saturation["values"][0] == [None] * len(documents)  # the root is no tanh


def test_a_saturated_model_output_is_not_an_alert(tmp_path):
    """A sigmoid that produces the model's output (confident probabilities) is expected to
    approach its bounds; only hidden layers are checked."""
    torch.manual_seed(0)
    model = TanhNet(out_activation=nn.Sigmoid())
    with torch.no_grad():
        model.fc2.weight.mul_(200.0)
    x, y = task()
    g = torch.Generator().manual_seed(0)
    with SummaryWriter(str(tmp_path)) as writer:
        for step in range(3):
            writer.add_model_viz(model, x[torch.randint(len(y), (32,), generator=g)], step)
    documents, structure = read_run(tmp_path)
    saturation = analysis.stat_matrix(documents, structure, "activation_saturated")
    row = [layer["key"] for layer in saturation["layers"]].index("out#0")
    assert min(saturation["values"][row]) >= 0.9
    assert analysis.health_alerts(documents, structure) == []


# Scaling fc1 up scales everything after it; scaled down, fc2's bias keeps its output.
@pytest.mark.parametrize(
    "factor, kind, others", [(1000.0, "exploding", "and 4 more layers"), (1e-3, "vanishing", "and 1 more layer")]
)
def test_activation_jump(tmp_path, factor, kind, others):
    torch.manual_seed(0)
    model = MLP()

    def scale_fc1(step, model):
        if step == 25:
            with torch.no_grad():
                model.fc1.weight.mul_(factor)
                model.fc1.bias.mul_(factor)

    train_run(tmp_path, model, torch.optim.SGD(model.parameters(), lr=1e-4), steps=40, before_log=scale_fc1)
    documents, structure = read_run(tmp_path)
    alerts = [
        a
        for a in analysis.health_alerts(documents, structure)
        if a["kind"] == kind and a["statistic"] == "activation_rms"
    ]
    assert [(a["layer"], a["step"]) for a in alerts] == [("fc1#0", 25)]  # the origin only
    assert others in alerts[0]["message"]


class DeepSigmoid(nn.Module):
    def __init__(self, depth=8, width=32):
        super().__init__()
        self.blocks = nn.Sequential(
            *[nn.Sequential(nn.Linear(16 if i == 0 else width, width), nn.Sigmoid()) for i in range(depth)]
        )
        self.head = nn.Linear(width, 4)

    def forward(self, x):
        return self.head(self.blocks(x))


def test_vanishing_gradients_in_a_deep_sigmoid_stack(tmp_path):
    torch.manual_seed(0)
    model = DeepSigmoid()
    train_run(tmp_path, model, sgd(model), steps=20)
    documents, structure = read_run(tmp_path)
    alerts = analysis.health_alerts(documents, structure)
    assert kinds(alerts) == [("vanishing", "blocks.0.0#0")]
    (alert,) = alerts
    assert alert["step"] == 0 and alert["statistic"] == "grad_norm"
    assert "head (Linear)" in alert["message"]


def test_a_layer_left_out_of_the_optimizer_is_not_learning(tmp_path):
    torch.manual_seed(0)
    model = MLP()
    optimizer = torch.optim.SGD(list(model.fc1.parameters()) + list(model.fc3.parameters()), lr=0.05, momentum=0.9)
    train_run(tmp_path, model, optimizer, steps=40)
    documents, structure = read_run(tmp_path)
    alerts = analysis.health_alerts(documents, structure)
    assert kinds(alerts) == [("not_learning", "fc2#0")]
    # Ratios exist from the second logged call on; three zeros in a row are needed.
    assert alerts[0]["step"] == 5
    assert "receive gradients" in alerts[0]["message"]


@pytest.mark.parametrize("log_grads", [True, False])
def test_a_deliberately_frozen_layer_is_not_an_alert(tmp_path, log_grads):
    torch.manual_seed(0)
    model = MLP()
    model.fc2.requires_grad_(False)
    train_run(tmp_path, model, sgd(model), steps=40, log_grads=log_grads)
    documents, structure = read_run(tmp_path)
    assert analysis.health_alerts(documents, structure) == []


def test_not_learning_without_gradients_in_the_log(tmp_path):
    """Logged after zero_grad: the rest of the model moving is the evidence of training."""
    torch.manual_seed(0)
    model = MLP()
    optimizer = torch.optim.SGD(
        [p for n, p in model.named_parameters() if not n.startswith("fc2.")], lr=0.05, momentum=0.9
    )
    train_run(tmp_path, model, optimizer, steps=40, log_grads=False)
    documents, structure = read_run(tmp_path)
    assert all(d["grads"] == {} for d in documents)
    assert kinds(analysis.health_alerts(documents, structure)) == [("not_learning", "fc2#0")]


def test_learning_rate_too_high(tmp_path):
    torch.manual_seed(0)
    model = MLP()
    train_run(tmp_path, model, torch.optim.SGD(model.parameters(), lr=3.0), steps=40, viz_every=2)
    documents, structure = read_run(tmp_path)
    alerts = [a for a in analysis.health_alerts(documents, structure) if a["kind"] == "lr_too_high"]
    assert alerts, analysis.health_alerts(documents, structure)
    for alert in alerts:
        assert alert["statistic"] == "update_ratio"
        assert alert["value"] > alert_checks.LR_TOO_HIGH_RATIO * 2  # two steps between calls


LINEAR = {
    "layers": [
        {"key": "fc#0", "name": "fc", "type": "Linear", "call": 0, "calls": 1, "frozen": 0, "param_names": ["fc.w"]}
    ]
}


def ratio_run(gap, ratios):
    """Step documents `gap` steps apart whose one parameter has these update ratios."""
    return [
        {
            "step": i * gap,
            "activations": {},
            "grads": {},
            "params": {"fc.w": {"norm": 1.0, "numel": 4, "nan": 0, "inf": 0}},
            "updates": {"fc.w": ratios[i - 1]} if i else {},
        }
        for i in range(len(ratios) + 1)
    ]


def test_learning_rate_check_allows_for_the_logging_interval():
    """The same per-step change is too high logged every step and every 50 steps; a
    healthy ratio of 0.3 over 50 steps is not."""
    (alert,) = analysis.health_alerts(ratio_run(1, [0.3] * 40), LINEAR)
    assert (alert["kind"], alert["step"], alert["value"]) == ("lr_too_high", 1, 0.3)
    assert "from step 0 to step 30" in alert["message"]  # the first 30 steps are needed
    assert kinds(analysis.health_alerts(ratio_run(50, [20.0] * 5), LINEAR)) == [("lr_too_high", "fc#0")]
    assert analysis.health_alerts(ratio_run(50, [0.3] * 5), LINEAR) == []
    # Oscillating weights: small changes between large ones still make a high median.
    assert kinds(analysis.health_alerts(ratio_run(1, [0.5, 0.01, 0.5] * 20), LINEAR)) == [("lr_too_high", "fc#0")]
    # One large update among small ones is not sustained, however long it spans.
    assert analysis.health_alerts(ratio_run(50, [20.0, 0.001, 0.001, 0.001, 0.001]), LINEAR) == []
    # Nor are high ratios that span too few steps.
    assert analysis.health_alerts(ratio_run(1, [0.3] * 20), LINEAR) == []


def test_a_parameter_growing_from_zero_is_not_a_learning_rate_problem():
    """Its ratio per step is about 1/t while it grows: high for its first ten steps only."""
    growing = [1.0 / t for t in range(1, 40)]  # ‖W(t)‖ = t·u from W(0) = 0 ... ratio 1/t
    assert analysis.health_alerts(ratio_run(1, growing), LINEAR) == []
    assert analysis.health_alerts(ratio_run(3, [3.0 / t for t in range(3, 90, 3)]), LINEAR) == []


def test_alerts_carry_the_documented_fields(tmp_path):
    torch.manual_seed(0)
    model = MLP()
    with torch.no_grad():
        model.fc1.bias.fill_(-20.0)
    train_run(tmp_path, model, sgd(model), steps=10)
    documents, structure = read_run(tmp_path)
    for alert in analysis.health_alerts(documents, structure):
        assert set(alert) == {"kind", "layer", "name", "type", "step", "statistic", "value", "message"}
        assert alert["kind"] in alert_checks.ALERT_KINDS
        assert alert["statistic"] in layer_values.STATISTICS


# --- the demo --------------------------------------------------------------------------


def test_demo_runs_show_their_planted_problem(tmp_path):
    spec = importlib.util.spec_from_file_location("demo_signals", DEMO)
    demo = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(demo)
    demo.main(["--logdir", str(tmp_path), "--steps", "150", "--no-check"])
    found = {}
    for name in demo.RUNS:
        documents, structure = read_run(tmp_path / name)
        found[name] = {kind for kind, _ in kinds(analysis.health_alerts(documents, structure))}
    assert found["healthy"] == set()
    assert "lr_too_high" in found["lr_too_high"]
    assert "vanishing" in found["vanishing_sigmoid"]
    assert found["frozen_by_mistake"] == {"not_learning"}


# --- diffs -----------------------------------------------------------------------------


class Before(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(4, 8)
        self.norm = nn.LayerNorm(8)
        self.act = nn.ReLU()
        self.fc2 = nn.Linear(8, 3)
        self.head = nn.Linear(3, 2)

    def forward(self, x):
        return self.head(self.fc2(self.act(self.norm(self.fc1(x)))))


class After(nn.Module):
    """Before with norm removed, a dropout added, ReLU -> GELU, fc2 wider, fc1 frozen."""

    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(4, 8).requires_grad_(False)
        self.act = nn.GELU()
        self.drop = nn.Dropout(0.1)
        self.fc2 = nn.Linear(8, 5)
        self.head = nn.Linear(5, 2)

    def forward(self, x):
        return self.head(self.fc2(self.drop(self.act(self.fc1(x)))))


def structure_of(model, x):
    return capture_model(model, x).structure


def test_architecture_diff_of_two_known_models():
    x = torch.randn(2, 4)
    diff = diffs.architecture_diff(structure_of(Before(), x), structure_of(After(), x))
    assert diff["identical"] is False
    assert diff["a"] == {
        "model_type": "Before",
        "hash": diff["a"]["hash"],
        "params": 40 + 16 + 27 + 8,
        "trainable": 91,
        "frozen": 0,
    }
    assert diff["b"]["params"] == 40 + 45 + 12 and diff["b"]["frozen"] == 40
    assert diff["added"] == [{"name": "drop", "type": "Dropout", "params_total": 0}]
    assert diff["removed"] == [{"name": "norm", "type": "LayerNorm", "params_total": 16}]
    assert diff["frozen"] == [{"name": "fc1", "type": "Linear", "params": 40}]
    assert diff["unfrozen"] == []
    changed = {entry["name"]: entry["changes"] for entry in diff["changed"]}
    assert changed == {
        "": {"type": ["Before", "After"]},  # its totals changed too, but through its children
        "fc1": {"trainable": [40, 0], "frozen": [0, 40]},
        "act": {"type": ["ReLU", "GELU"]},
        "fc2": {"params": [27, 45], "output_shapes": [[[[2, 3]]], [[[2, 5]]]], "trainable": [27, 45]},
        "head": {"params": [8, 12], "trainable": [8, 12]},
    }


def test_architecture_diff_names_the_outermost_frozen_module():
    torch.manual_seed(0)
    x = torch.randn(2, 4)

    def model():
        return nn.Sequential(nn.Sequential(nn.Linear(4, 4), nn.ReLU(), nn.Linear(4, 4)), nn.Linear(4, 1))

    a = model()
    b = copy.deepcopy(a)
    b[0].requires_grad_(False)
    diff = diffs.architecture_diff(structure_of(a, x), structure_of(b, x))
    assert diff["frozen"] == [{"name": "0", "type": "Sequential", "params": 40}]
    assert sorted(entry["name"] for entry in diff["changed"]) == ["0.0", "0.2"]
    back = diffs.architecture_diff(structure_of(b, x), structure_of(a, x))
    assert back["unfrozen"] == [{"name": "0", "type": "Sequential", "params": 40}]
    same = diffs.architecture_diff(structure_of(a, x), structure_of(copy.deepcopy(a), x))
    assert same["identical"] is True
    assert [same[k] for k in ("added", "removed", "changed", "frozen", "unfrozen")] == [[]] * 5


def test_step_diff_of_two_steps(tmp_path):
    torch.manual_seed(0)
    model = MLP()
    train_run(tmp_path, model, sgd(model), steps=30)
    documents, structure = read_run(tmp_path)
    a, b = documents[1], documents[-1]
    diff = diffs.step_diff(a, b, structure, structure)
    assert diff["steps"] == [5, 25]
    assert diff["only_in_a"] == diff["only_in_b"] == []
    assert diff["same_inputs"] is False  # train_run logs each step's training batch
    assert diffs.step_diff(a, dict(b, input_fingerprint=a["input_fingerprint"]))["same_inputs"] is True
    old_log = {k: v for k, v in a.items() if k != "input_fingerprint"}  # written before fingerprints
    assert diffs.step_diff(old_log, b)["same_inputs"] is None
    assert layer_values.input_groups([a, b, old_log, dict(b)]) == [0, 1, None, 1]
    assert [layer["key"] for layer in diff["layers"]] == [row["key"] for row in structure["layers"]]
    matrices = {s: analysis.stat_matrix([a, b], structure, s) for s in ("param_norm", "activation_std")}
    for index, layer in enumerate(diff["layers"]):
        for statistic, matrix in matrices.items():
            before, after = matrix["values"][index]
            assert layer["a"][statistic] == before and layer["b"][statistic] == after
            if before is None:
                assert layer["delta"][statistic] is None
            else:
                assert layer["delta"][statistic] == pytest.approx(after - before)
                assert layer["relative"][statistic] == pytest.approx((after - before) / abs(before))
    # Without structures, layers and their own parameters come from the documents' keys.
    guessed = diffs.step_diff(a, b)
    fc2 = next(layer for layer in guessed["layers"] if layer["key"] == "fc2#0")
    expected = next(layer for layer in diff["layers"] if layer["key"] == "fc2#0")
    assert fc2["delta"]["param_norm"] == pytest.approx(expected["delta"]["param_norm"])


def test_step_diff_of_two_runs_with_different_models():
    x = torch.randn(2, 4)
    a_result, b_result = capture_model(Before(), x), capture_model(After(), x)
    a_step, b_step = (
        codec.decode_step(a_result.blobs[0]),
        codec.decode_step(b_result.blobs[0]),
    )  # as the server reads them
    diff = diffs.step_diff(dict(a_step, step=0), dict(b_step, step=0), a_result.structure, b_result.structure)
    assert diff["only_in_a"] == ["norm#0"]
    assert diff["only_in_b"] == ["drop#0"]
    norm = next(layer for layer in diff["layers"] if layer["key"] == "norm#0")
    assert norm["b"]["activation_std"] is None and norm["delta"]["activation_std"] is None
    assert norm["a"]["activation_std"] is not None


# --- cost ------------------------------------------------------------------------------


def synthetic_run(steps=100, layers=150, seed=0):
    """Step documents and a structure shaped like a 150-layer model logged 100 times."""
    import random

    rng = random.Random(seed)
    kinds_cycle = ["Linear", "ReLU", "LayerNorm", "Tanh", "Sigmoid"]
    rows = [
        {
            "key": "#0",
            "name": "",
            "type": "Net",
            "parent": None,
            "call": 0,
            "calls": 1,
            "node": 0,
            "frozen": 0,
            "param_names": [],
        }
    ]
    for i in range(1, layers):
        kind = kinds_cycle[i % len(kinds_cycle)]
        names = ["l%d.weight" % i, "l%d.bias" % i] if kind in ("Linear", "LayerNorm") else []
        rows.append(
            {
                "key": "l%d#0" % i,
                "name": "l%d" % i,
                "type": kind,
                "parent": "#0",
                "call": 0,
                "calls": 1,
                "node": i,
                "frozen": 0,
                "param_names": names,
            }
        )
    structure = {"layers": rows, "nodes": [], "edges": []}

    def stats(scale):
        counts = [rng.randrange(100) for _ in range(32)]
        return {
            "numel": 4096,
            "mean": rng.gauss(0, scale),
            "std": scale,
            "min": -scale,
            "max": scale,
            "absmax": scale,
            "zeros": rng.random() * 0.5,
            "nan": 0,
            "inf": 0,
            "norm": scale * 64,
            "hist": {"lo": -scale, "hi": scale, "n": sum(counts), "counts": counts},
        }

    documents = []
    for step in range(steps):
        params = {n: stats(1.0) for row in rows for n in row["param_names"]}
        documents.append(
            {
                "step": step * 10,
                "activations": {row["key"]: stats(1.0) for row in rows},
                "params": params,
                "grads": {n: stats(0.01) for n in params},
                "updates": {n: rng.uniform(1e-4, 1e-2) for n in params} if step else {},
            }
        )
    return documents, structure


def test_matrix_and_alerts_for_100_steps_of_150_layers():
    """The size of a long run. How long they take is measured by the benchmarks' route
    timings (stat_matrix, alerts), not asserted here: this machine is shared."""
    documents, structure = synthetic_run()
    matrix = analysis.stat_matrix(documents, structure, "update_ratio")
    alerts = analysis.health_alerts(documents, structure)
    assert len(matrix["values"]) == 150 and all(len(row) == 100 for row in matrix["values"])
    assert alerts == []  # random statistics within healthy ranges
