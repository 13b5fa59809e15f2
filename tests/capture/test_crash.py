"""A training process killed (SIGKILL) in the middle of add_model_viz loses no step it had
completed: every step whose call returned and whose writer was flushed is read back whole
(step document, structure, sample) on both of TensorBoard's loaders, and the record cut
short by the kill is simply absent."""

import os
import random
import signal
import time

import pytest
import tb_helpers

from tensorboard_modelviz.server import reader

KILLS = 3


def _train_and_kill(run_dir, seed):
    """Runs the training child until it has completed a few steps, kills it mid-call at a
    random moment; returns the steps it reported complete."""
    process = tb_helpers.start_training(run_dir, 0.0, time.time() + 600.0, 0)
    completed = []
    try:
        for line in process.stdout:
            completed.append(int(line))
            if len(completed) >= 3 + seed:
                break
        # Mid-call: the child calls add_model_viz and flushes back to back, tens of
        # milliseconds each here.
        time.sleep(random.Random(seed).uniform(0.0, 0.05))
        os.kill(process.pid, signal.SIGKILL)
        completed.extend(int(line) for line in process.stdout.read().split())
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()
        process.stdout.close()
    assert process.returncode == -signal.SIGKILL
    return completed


@pytest.fixture(scope="module")
def crashed(tmp_path_factory):
    """{run: completed steps} of KILLS training runs killed mid-call."""
    root = str(tmp_path_factory.mktemp("crashed"))
    return root, {"run_%d" % i: _train_and_kill(os.path.join(root, "run_%d" % i), i) for i in range(KILLS)}


def test_every_completed_step_is_readable_after_a_kill(crashed, open_provider):
    root, completed = crashed
    data = reader.ModelVizReader(open_provider(root))
    listed = {entry["run"]: entry["tags"][0]["steps"] for entry in data.runs()}
    for run, steps in completed.items():
        assert steps == list(range(len(steps)))
        # Every completed step is listed; at most the one being written is cut off.
        assert listed[run][: len(steps)] == steps and len(listed[run]) <= len(steps) + 1
        for step in steps:
            document = data.step(run, "model", step)
            structure = data.structure(run, "model", step)
            assert document["structure"] == structure["hash"]
            header, values = data.sample(run, "model", step, "0#0")
            assert header["key"] == "0#0" and len(values) > 0
