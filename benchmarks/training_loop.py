"""Overhead of add_model_viz in a real training loop: the demo's CNN loop with and without.

All variants run demo/train.py's `train` (same data, seed, scalars): without
add_model_viz, and with it every `viz_every` steps, as the demo logs (on its fixed probe
of test images) and on each step's training batch (`probe_size=0`, what a loop that logs
its `x` pays). They alternate, in an order rotated from round to round, so that drift in a
noisy machine's speed hits all. Three figures are reported for each variant with calls:
the measured overhead by the wall clock and by process CPU time (the median over the
rounds of the ratio of its loop time to the same round's loop without calls: they run
back to back, so a drift of the machine's speed over the minute the runs take cancels;
still, at the 1 % level both drown in a shared machine's noise), and the accounted
overhead: the time spent inside the add_model_viz calls, which is steady but leaves out
the event writer thread's share (serialising and checksumming). It is given per call
interval, the mean call (the run's first included) over the time of `viz_every` steps
without calls, which is what one call every `viz_every` steps costs a loop that makes as
many calls as this one (cuda_timing.py reports the same; a longer loop spreads its first
call, which also records the graph, over more calls, and its figure falls toward the
steady call's); and for this loop, whose calls at steps 0, 100, ..., 400 of 408 come more
often than once per 100 steps.
"""

import math
import os
import tempfile

import torch
from measure import median, rotated, timed, timed_both
from models import load_demo

from tensorboard_modelviz import SummaryWriter


class _TimingWriter(SummaryWriter):
    """A SummaryWriter that adds up the seconds spent in add_model_viz."""

    viz_seconds = 0.0

    def add_model_viz(self, *args, **kwargs):
        seconds, _ = timed(super().add_model_viz, *args, **kwargs)
        self.viz_seconds += seconds


def measure(steps, viz_every, repeats, batch_size=64):
    demo = load_demo()
    data = demo.load_data()
    steps_per_epoch = math.ceil(len(data[0][1]) / batch_size)
    epochs = max(1, math.ceil(steps / steps_per_epoch))
    probe_size = min(demo.PROBE_SIZE, len(data[1][1]))
    variants = {"without": (0, probe_size), "probe": (viz_every, probe_size), "training_batch": (viz_every, 0)}

    def run_loop(every, probe, logdir):
        torch.manual_seed(0)
        model = demo.SmallCNN()
        with _TimingWriter(logdir) as writer:
            wall, cpu, taken = timed_both(
                demo.train, model, data, writer, epochs=epochs, batch_size=batch_size, viz_every=every, probe_size=probe
            )
        return wall, cpu, taken, writer.viz_seconds

    wall = {name: [] for name in variants}
    cpu = {name: [] for name in variants}
    inside = {name: [] for name in variants}
    names = list(variants)
    with tempfile.TemporaryDirectory() as root:
        run_loop(viz_every, probe_size, os.path.join(root, "warm-up"))  # lazy imports, allocator growth
        for index in range(repeats):
            for name in rotated(names, index):
                logdir = os.path.join(root, "%s-%d" % (name, index))
                seconds, cpu_seconds, taken, viz_seconds = run_loop(*variants[name], logdir)
                wall[name].append(seconds)
                cpu[name].append(cpu_seconds)
                inside[name].append(viz_seconds)
    base = median(wall["without"])
    calls = len(range(0, taken, viz_every))

    def overheads(name):
        def paired(seconds):
            return median([with_ / without - 1 for with_, without in zip(seconds[name], seconds["without"])])

        return {
            "with_seconds": median(wall[name]),
            "viz_seconds": median(inside[name]),
            "overhead": paired(wall),
            "cpu_overhead": paired(cpu),
            "accounted_overhead": (median(inside[name]) / calls) / (viz_every * base / taken),
            "accounted_overhead_this_loop": median(inside[name]) / base,
        }

    return dict(
        {
            "model": "cnn",
            "steps": taken,
            "viz_every": viz_every,
            "viz_calls": calls,
            "batch_size": batch_size,
            "probe_size": probe_size,
            "without_seconds": base,
        },
        **overheads("probe"),
        training_batch=overheads("training_batch"),
        samples={"wall": wall, "cpu": cpu, "viz": inside},
    )
