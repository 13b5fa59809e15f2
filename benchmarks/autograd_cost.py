"""What the backward graph costs a structure's first call, and the gradient flow a call.

    python benchmarks/autograd_cost.py resnet50 gpt2 [--rounds 5] [--threads N]

Each round runs, in an order rotated from round to round, a plain no-grad forward and:
- a first call without the backward graph (`backward_graph=False`, a new writer);
- a first call with it (the default, a new writer);
- a steady call (a writer that has recorded the structure), without gradient flow;
- a steady call with `grad_flow=True` (its own such writer).
Each call is flushed, as the suite times it. A variant's figure is the median over rounds
of its time over the forward's of the same round; the backward graph's cost is the
difference between the first two rows, the gradient flow's between the last two. The
structure blob's size with and without the backward graph is printed beside them.
"""

import argparse
import os
import statistics
import sys
import tempfile
import warnings

import torch
from measure import forward_seconds, rotated, timed_both
from models import CASES_BY_NAME, build

from tensorboard_modelviz import SummaryWriter
from tensorboard_modelviz.capture.recording import CaptureOptions, capture_model
from tensorboard_modelviz.format.codec import encode_structure

FIRST = {"first call, no backward graph": {"backward_graph": False}, "first call, backward graph": {}}
STEADY = {"steady call": {}, "steady call, grad_flow=True": {"grad_flow": True}}


def _call(writer, model, inputs, step, options):
    writer.add_model_viz(model, inputs, step, **options)
    writer.flush()


def measure(name, rounds, directory):
    model, inputs = build(name)
    steady = {}
    for label, options in STEADY.items():
        steady[label] = SummaryWriter(os.path.join(directory, name, label.replace(" ", "_")))
        _call(steady[label], model, inputs, 0, options)  # the structure, recorded once
    ratios = {label: [] for label in list(FIRST) + list(STEADY)}
    cpu_ratios = {label: [] for label in ratios}
    labels = list(ratios)
    for round_index in range(rounds):
        forward, forward_cpu = forward_seconds(model, inputs)
        for label in rotated(labels, round_index):
            if label in FIRST:
                writer = SummaryWriter(os.path.join(directory, name, "first_%d_%s" % (round_index, label[-5:])))
                seconds, cpu, _ = timed_both(_call, writer, model, inputs, 0, FIRST[label])
                writer.close()
            else:
                seconds, cpu, _ = timed_both(_call, steady[label], model, inputs, round_index + 1, STEADY[label])
            ratios[label].append(seconds / forward)
            cpu_ratios[label].append(cpu / forward_cpu)
    for writer in steady.values():
        writer.close()
    sizes = {}
    for graph in (False, True):
        structure = capture_model(model, inputs, CaptureOptions(backward_graph=graph)).structure
        sizes[graph] = len(encode_structure(structure))
    backward = structure["backward"]
    return {
        "forward_ms": forward * 1000,
        "ratios": {k: statistics.median(v) for k, v in ratios.items()},
        "cpu_ratios": {k: statistics.median(v) for k, v in cpu_ratios.items()},
        "spread": {k: (min(v), max(v)) for k, v in ratios.items()},
        "structure_kib": {k: v / 1024 for k, v in sizes.items()},
        "backward_nodes": len(backward["nodes"]),
        "unreachable": len(backward["unreachable"]),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("models", nargs="+", choices=sorted(CASES_BY_NAME))
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--threads", type=int, default=None)
    args = parser.parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    warnings.simplefilter("ignore")
    print(
        "torch %s, %d threads, load average at start %.2f"
        % (torch.__version__, torch.get_num_threads(), os.getloadavg()[0])
    )
    with tempfile.TemporaryDirectory() as directory:
        for name in args.models:
            result = measure(name, args.rounds, directory)
            print(
                "\n%s: forward %.0f ms, backward graph %d nodes (%d unreachable), structure blob %.0f KiB "
                "without it, %.0f KiB with it"
                % (
                    name,
                    result["forward_ms"],
                    result["backward_nodes"],
                    result["unreachable"],
                    result["structure_kib"][False],
                    result["structure_kib"][True],
                )
            )
            for label, value in result["ratios"].items():
                low, high = result["spread"][label]
                print(
                    "  %-32s %5.2fx  (rounds %.2f-%.2f; CPU time %.2fx)"
                    % (label, value, low, high, result["cpu_ratios"][label])
                )
            for what, r in (("wall", result["ratios"]), ("CPU", result["cpu_ratios"])):
                print(
                    "  %s: the backward graph adds %.2f of a forward to a first call; grad_flow adds %.2f to a "
                    "steady call"
                    % (
                        what,
                        r["first call, backward graph"] - r["first call, no backward graph"],
                        r["steady call, grad_flow=True"] - r["steady call"],
                    )
                )
    print("load average at end %.2f" % os.getloadavg()[0])


if __name__ == "__main__":
    sys.exit(main())
