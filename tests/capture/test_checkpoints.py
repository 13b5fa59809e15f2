"""Saved checkpoints logged into a run: a round trip through the writer and the reader."""

import math
import os
import textwrap

import pytest
import torch
import torch.nn as nn

from tensorboard_modelviz.capture import checkpoints
from tensorboard_modelviz.server import analysis, reader


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(6, 8)
        self.norm = nn.BatchNorm1d(8)
        self.relu = nn.ReLU()
        self.fc2 = nn.Linear(8, 3)

    def forward(self, x):
        return self.fc2(self.relu(self.norm(self.fc1(x))))


pytestmark = pytest.mark.usefixtures("one_thread")  # tiny models: see conftest.py


class Pickled:
    """Not a tensor: weights_only loading must refuse a file holding one."""


@pytest.fixture
def saved(tmp_path):
    """A model trained for 30 steps, saved every 10: (model, {step: state_dict}, paths)."""
    torch.manual_seed(0)
    model = Net()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    states, paths = {}, []
    for step in range(1, 31):
        x = torch.randn(16, 6)
        loss = model(x).pow(2).mean()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if step % 10 == 0:
            states[step] = {k: v.clone() for k, v in model.state_dict().items()}
            path = tmp_path / ("ckpt_%d.pt" % step)
            torch.save(model.state_dict(), path)
            paths.append(str(path))
    return model, states, paths


def read(logdir):
    logs = reader.open_logdir(str(logdir))
    (run,) = logs.runs()
    (tag,) = run["tags"]
    return [logs.step(run["run"], tag["tag"], s) for s in tag["steps"]], tag


def test_round_trip_logs_each_checkpoint_at_its_step(saved, tmp_path):
    model, states, paths = saved
    before = {k: v.clone() for k, v in model.state_dict().items()}
    grads = {n: p.grad.clone() for n, p in model.named_parameters()}
    x = torch.randn(4, 6)
    # Given out of order: logged in step order, so update ratios run forward in time.
    logged = checkpoints.log_checkpoints(
        model, x, [(paths[2], 30), (paths[0], 10), (paths[1], 20)], tmp_path / "run", tag="ckpt"
    )
    assert logged == [10, 20, 30]

    documents, tag = read(tmp_path / "run")
    assert (tag["tag"], tag["steps"]) == ("ckpt", [10, 20, 30])
    for document in documents:
        state = states[document["step"]]
        for name in ("fc1.weight", "fc2.bias"):
            assert document["params"][name]["norm"] == pytest.approx(state[name].norm().item(), rel=1e-5)
        assert document["grads"] == {}  # the live model's gradients are not the checkpoint's
    for document, previous in zip(documents[1:], documents):
        for name in ("fc1.weight", "norm.bias"):
            now, then = states[document["step"]][name], states[previous["step"]][name]
            direct = ((now - then).norm() / then.norm()).item()
            assert document["updates"][name] == pytest.approx(direct, rel=1e-5)

    # The caller's model is untouched: weights, buffers, gradients, mode.
    after = model.state_dict()
    assert all(torch.equal(before[k], after[k]) for k in before)
    assert all(torch.equal(grads[n], p.grad) for n, p in model.named_parameters())
    assert model.training


def test_an_open_writer_and_nested_training_checkpoints(saved, tmp_path):
    model, states, paths = saved
    nested = tmp_path / "train_state_20.pt"
    torch.save({"model_state_dict": states[20], "epoch": 2, "lr": 0.1}, nested)
    ddp = tmp_path / "ddp_30.pt"
    torch.save({"module." + k: v for k, v in states[30].items()}, ddp)
    from tensorboard_modelviz import SummaryWriter

    with SummaryWriter(str(tmp_path / "run")) as writer:
        checkpoints.log_checkpoints(
            model, torch.randn(4, 6), [(paths[0], 10), (nested, 20), (ddp, 30)], writer, mode="eval"
        )
    documents, _ = read(tmp_path / "run")
    assert [d["step"] for d in documents] == [10, 20, 30]
    assert documents[2]["params"]["fc2.weight"]["norm"] == pytest.approx(
        states[30]["fc2.weight"].norm().item(), rel=1e-5
    )


def test_weights_only_refuses_pickled_objects(saved, tmp_path):
    model, states, paths = saved
    unsafe = tmp_path / "unsafe_40.pt"
    torch.save({"state_dict": states[10], "extra": Pickled()}, unsafe)
    with pytest.raises(checkpoints.CheckpointError, match=r"weights_only=True.*Pickled"):
        checkpoints.log_checkpoints(model, torch.randn(4, 6), [(paths[0], 10), (unsafe, 40)], tmp_path / "run")
    # Every file is checked before anything is written.
    assert not os.path.exists(tmp_path / "run")


def test_clear_errors_for_bad_checkpoints(saved, tmp_path):
    model, states, paths = saved
    x = torch.randn(4, 6)

    def fails(series, match, error=checkpoints.CheckpointError):
        with pytest.raises(error, match=match):
            checkpoints.log_checkpoints(model, x, series, tmp_path / "run")

    fails([(tmp_path / "missing.pt", 1)], r"missing\.pt: no such file")
    renamed = dict(states[10])
    renamed["fc3.weight"] = renamed.pop("fc2.weight")
    torch.save(renamed, tmp_path / "renamed.pt")
    fails([(tmp_path / "renamed.pt", 1)], r"missing from the checkpoint: fc2\.weight; not in the model: fc3\.weight")
    resized = dict(states[10], **{"fc2.weight": torch.zeros(4, 8)})
    torch.save(resized, tmp_path / "resized.pt")
    fails([(tmp_path / "resized.pt", 1)], r"fc2\.weight is \[4, 8\] in the checkpoint but \[3, 8\]")
    torch.save([1, 2, 3], tmp_path / "list.pt")
    fails([(tmp_path / "list.pt", 1)], "holds a list, not a state_dict")
    torch.save({"optimizer": {"lr": 0.1}}, tmp_path / "optimizer.pt")
    fails([(tmp_path / "optimizer.pt", 1)], "holds no state_dict: its top-level keys are 'optimizer'")
    (tmp_path / "text.pt").write_text("not a checkpoint")
    fails([(tmp_path / "text.pt", 1)], "cannot be loaded")
    fails([(paths[0], 5), (paths[1], 5)], r"more than one checkpoint for step\(s\) 5", ValueError)
    fails([(paths[0], -1)], "non-negative int", ValueError)
    fails([], "no checkpoints", ValueError)
    with pytest.raises(RuntimeError, match="shapes cannot be multiplied"):
        checkpoints.log_checkpoints(model, torch.randn(4, 5), [(paths[0], 10)], tmp_path / "run")
    assert not os.path.exists(tmp_path / "run")


def test_steps_from_file_names():
    assert checkpoints.step_from_name("runs/ckpt_100.pt") == 100
    assert checkpoints.step_from_name("epoch=3-step=1500.ckpt") == 1500
    assert checkpoints.step_from_name("model-0042.pth") == 42
    with pytest.raises(checkpoints.CheckpointError, match="pass --steps"):
        checkpoints.step_from_name("final.pt")


def test_command_line(saved, tmp_path, monkeypatch, capsys):
    model, states, paths = saved
    (tmp_path / "my_models.py").write_text(
        textwrap.dedent("""
        import torch.nn as nn

        def make():
            return nn.Sequential(nn.Linear(6, 8), nn.BatchNorm1d(8), nn.ReLU(), nn.Linear(8, 3))
    """)
    )
    monkeypatch.chdir(tmp_path)
    # The same weights under Sequential's names.
    renames = {"fc1": "0", "norm": "1", "fc2": "3"}
    for step in (10, 20, 30):
        state = {renames[k.split(".")[0]] + "." + k.split(".", 1)[1]: v for k, v in states[step].items()}
        torch.save(state, tmp_path / ("seq_%d.pt" % step))
    args = ["--model", "my_models:make", "--input-shape", "4,6", "--logdir", str(tmp_path / "cli")]
    assert checkpoints.main(args + ["seq_10.pt", "seq_20.pt", "seq_30.pt"]) == 0
    assert "logged 3 checkpoint(s) at step(s) 10, 20, 30" in capsys.readouterr().out
    documents, _ = read(tmp_path / "cli")
    assert [d["step"] for d in documents] == [10, 20, 30]
    assert documents[1]["params"]["3.weight"]["norm"] == pytest.approx(states[20]["fc2.weight"].norm().item(), rel=1e-5)
    ratios = analysis.stat_matrix(documents, _structure(tmp_path / "cli"), "update_ratio")
    assert ratios["values"][[layer["key"] for layer in ratios["layers"]].index("0#0")][2] > 0

    # --steps overrides the names; errors are one line on stderr with exit status 2.
    assert checkpoints.main(args[:-1] + [str(tmp_path / "cli2"), "--steps", "1,2", "seq_10.pt", "seq_30.pt"]) == 0
    for bad, message in [
        (["--steps", "1", "seq_10.pt", "seq_20.pt"], "--steps gives 1 steps for 2 checkpoints"),
        (["--input-shape", "4,x", "seq_10.pt"], "--input-shape must be positive integers"),
        (["--model", "my_models:nothing", "seq_10.pt"], "has no attribute 'nothing'"),
        (["--model", "no_such_module:make", "seq_10.pt"], "cannot import no_such_module"),
        (["--model", "my_models", "seq_10.pt"], "must be 'module:factory'"),
        (["final.pt"], "no such file"),
    ]:
        assert checkpoints.main(args + bad) == 2
        assert message in capsys.readouterr().err
    assert checkpoints.main(args[:3] + ["5,7"] + args[4:] + ["seq_10.pt"]) == 1
    assert "the model failed on the given input" in capsys.readouterr().err


def _structure(logdir):
    logs = reader.open_logdir(str(logdir))
    (run,) = logs.runs()
    (tag,) = run["tags"]
    return logs.structure(run["run"], tag["tag"], tag["steps"][-1])


def test_command_line_with_saved_inputs(saved, tmp_path, monkeypatch, capsys):
    model, states, paths = saved
    monkeypatch.chdir(tmp_path)
    torch.save(torch.randn(5, 6), tmp_path / "batch.pt")
    torch.save({"x": Pickled()}, tmp_path / "unsafe_batch.pt")
    base = ["--model", "test_checkpoints:Net", "--logdir", str(tmp_path / "cli"), paths[0]]
    assert checkpoints.main(base + ["--input", "batch.pt"]) == 0
    documents, _ = read(tmp_path / "cli")
    assert documents[0]["activations"]["fc1#0"]["numel"] == 5 * 8
    assert checkpoints.main(base + ["--input", "unsafe_batch.pt"]) == 2
    assert "weights_only=True" in capsys.readouterr().err
    assert math.isfinite(documents[0]["params"]["fc1.weight"]["norm"])
