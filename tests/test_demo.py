"""The demo trains both models and leaves runs with the expected scalars and model steps."""

import glob
import importlib.util
import os

import pytest
from tensorboard.backend.event_processing.event_file_loader import EventFileLoader

from tensorboard_modelviz.format import codec, metadata

DEMO = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "demo", "train.py")


def load_demo():
    spec = importlib.util.spec_from_file_location("demo_train", DEMO)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read_run(run_dir):
    """{tag: [(step, value proto), ...]} from the run's one event file."""
    files = glob.glob(os.path.join(run_dir, "events.out.tfevents.*"))
    assert len(files) == 1, "expected one event file in %s, found %s" % (run_dir, files)
    values = {}
    for event in EventFileLoader(files[0]).Load():
        for value in event.summary.value:
            values.setdefault(value.tag, []).append((event.step, value))
    return values


def scalar(value):
    # torch writes scalars as simple_value; EventFileLoader migrates them to rank-0 tensors.
    if value.HasField("tensor"):
        return value.tensor.float_val[0]
    return value.simple_value


@pytest.fixture(scope="module")
def demo():
    return load_demo()


@pytest.fixture(scope="module")
def demo_runs(demo, tmp_path_factory):
    logdir = tmp_path_factory.mktemp("runs")
    demo.main(["--logdir", str(logdir), "--epochs", "1", "--viz-every", "6"])
    return logdir


@pytest.mark.parametrize("name, first_layer", [("cnn", "conv1#0"), ("mlp", "fc1#0")])
def test_demo_run_has_scalars_and_model_steps(demo_runs, name, first_layer):
    values = read_run(os.path.join(str(demo_runs), name))
    # 1,500 training images in batches of 64: 24 optimizer steps per epoch.
    assert [step for step, _ in values["loss/train"]] == list(range(24))
    assert [step for step, _ in values["accuracy/test"]] == [24]
    assert 0.0 < scalar(values["accuracy/test"][0][1]) <= 1.0

    structures = values[metadata.structure_tag(metadata.DEFAULT_TAG)]
    steps = values[metadata.step_tag(metadata.DEFAULT_TAG)]
    assert [step for step, _ in structures] == [0], "an unchanged model's structure is written once"
    assert [step for step, _ in steps] == [0, 6, 12, 18]

    structure = codec.decode_structure(structures[0][1].tensor.string_val[0])
    assert first_layer in [row["key"] for row in structure["layers"]]
    for _, value in steps:
        step_doc = codec.decode_step(value.tensor.string_val[0])
        assert step_doc["structure"] == structure["hash"]
        assert first_layer in step_doc["activations"]
        # add_model_viz runs after the optimizer step, so this step's gradients are there.
        assert step_doc["grads"], "expected gradient statistics"


def test_demo_training_is_deterministic(demo, tmp_path):
    losses = []
    for attempt in ("a", "b"):
        logdir = tmp_path / attempt
        demo.main(["--logdir", str(logdir), "--models", "mlp", "--epochs", "1", "--viz-every", "0"])
        values = read_run(str(logdir / "mlp"))
        losses.append([scalar(value) for _, value in values["loss/train"]])
        assert metadata.step_tag(metadata.DEFAULT_TAG) not in values, "--viz-every 0 turns logging off"
    assert losses[0] == losses[1]
