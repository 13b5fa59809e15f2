"""Overhead of add_model_viz in a real training loop: the demo's CNN loop with and without.

Both variants run demo/train.py's `train` (same data, seed, scalars), one with
add_model_viz every `viz_every` steps and one without, alternating (ABBA) so that drift
in a noisy machine's speed hits both. Three figures are reported: the measured overhead
by the wall clock and by process CPU time (the median over the pairs of runs of the
ratio of their loop times: a pair runs back to back, so a drift of the machine's speed
over the minute the runs take cancels; still, at the 1 % level both drown in a shared
machine's noise), and the accounted overhead: the time spent inside the add_model_viz
calls, which is steady but leaves out the event writer thread's share (serialising and
checksumming). It is given per call interval, the mean call (the run's first included)
over the time of `viz_every` steps without calls, which is what one call every
`viz_every` steps costs a loop that makes as many calls as this one (cuda_timing.py
reports the same; a longer loop spreads its first call, which also records the graph,
over more calls, and its figure falls toward the steady call's); and for this loop, whose
calls at steps 0, 100, ..., 400 of 408 come more often than once per 100 steps.
"""

import math
import os
import tempfile

import torch

from measure import median, timed, timed_both
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

    def run_loop(every, logdir):
        torch.manual_seed(0)
        model = demo.SmallCNN()
        with _TimingWriter(logdir) as writer:
            wall, cpu, taken = timed_both(demo.train, model, data, writer, epochs=epochs,
                                          batch_size=batch_size, viz_every=every)
        return wall, cpu, taken, writer.viz_seconds

    wall = {"with": [], "without": []}
    cpu = {"with": [], "without": []}
    inside = []
    with tempfile.TemporaryDirectory() as root:
        run_loop(viz_every, os.path.join(root, "warm-up"))  # lazy imports, allocator growth
        for index in range(repeats):
            order = ("without", "with") if index % 2 == 0 else ("with", "without")
            for variant in order:
                logdir = os.path.join(root, "%s-%d" % (variant, index))
                seconds, cpu_seconds, taken, viz_seconds = run_loop(viz_every if variant == "with" else 0, logdir)
                wall[variant].append(seconds)
                cpu[variant].append(cpu_seconds)
                if variant == "with":
                    inside.append(viz_seconds)
    base = median(wall["without"])
    calls = len(range(0, taken, viz_every))

    def paired_overhead(seconds):
        return median([with_ / without - 1 for with_, without in zip(seconds["with"], seconds["without"])])

    return {
        "model": "cnn",
        "steps": taken,
        "viz_every": viz_every,
        "viz_calls": calls,
        "batch_size": batch_size,
        "without_seconds": base,
        "with_seconds": median(wall["with"]),
        "viz_seconds": median(inside),
        "overhead": paired_overhead(wall),
        "cpu_overhead": paired_overhead(cpu),
        "accounted_overhead": (median(inside) / calls) / (viz_every * base / taken),
        "accounted_overhead_this_loop": median(inside) / base,
        "samples": {"wall": wall, "cpu": cpu, "viz": inside},
    }
