"""The segment passes alone (small_stats: statistics.describe_columns), on what a steady
call of per_module_cost.py's two stacks hands them, for two packages.

    python benchmarks/segment_passes.py --against DIR [--batches 3] [--calls 40]

This checkout captures, in a process of its own, the flat buffers and sizes that one steady
add_model_viz call describes (the MLP's and the conv stack's activations, then their
parameters with gradients); each package then describes the same buffers in worker
processes, alternately, `--batches` times: a worker times `--calls` describe_columns calls
of each buffer nine times over, on one torch thread, by its CPU time, and keeps the
fastest (the passes' own cost, their memory in the caches). The table gives the median
over batches, in µs a call of describe_columns. A whole call finds that memory colder
(call_sections.py's "segment passes" and finish_stats parts).
"""

import argparse
import json
import os
import pickle
import statistics
import sys
import tempfile
import time
from typing import Dict, List

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from per_module_cost import add_against_option, checkout_roots, run_worker, trained_stack  # noqa: E402


def capture(path: str) -> None:
    """Pickle to `path` {name: (flat, sizes, with_norm)} of what a steady call's segment
    passes describe on each stack (the third call's, as SegmentPlan.columns receives them)."""
    from tensorboard_modelviz import SummaryWriter
    from tensorboard_modelviz.capture import small_stats

    seen: List[tuple] = []
    columns = small_stats.SegmentPlan.columns

    def recorded(plan, flat, with_norm, exact):
        seen.append((flat.copy(), plan.sizes.copy(), with_norm))
        return columns(plan, flat, with_norm, exact)

    small_stats.SegmentPlan.columns = recorded
    captured = {}
    for stack in ("mlp", "conv"):
        model, x = trained_stack(stack)
        with tempfile.TemporaryDirectory() as logdir:
            writer = SummaryWriter(logdir)
            for step in range(3):
                seen.clear()
                writer.add_model_viz(model, x, step)
            writer.close()
        for flat, sizes, with_norm in seen:
            captured[
                "%s %s (%d values, %d segments)"
                % (stack, "parameters" if with_norm else "activations", flat.size, sizes.size)
            ] = (flat, sizes, with_norm)
    with open(path, "wb") as f:
        pickle.dump(captured, f)


def worker(path: str, calls: int) -> Dict[str, float]:
    """µs a describe_columns call of each captured buffer: the fastest of nine timings of
    `calls` calls, by the process's CPU time."""
    import torch

    from tensorboard_modelviz.capture import statistics as stats

    torch.set_num_threads(1)
    with open(path, "rb") as f:
        captured = pickle.load(f)
    timings = {}
    for name, (flat, sizes, with_norm) in captured.items():
        for _ in range(calls):  # the plan made, the caches warm
            stats.describe_columns(flat, sizes, with_norm)
        fastest = float("inf")
        for _ in range(9):
            start = time.process_time()
            for _ in range(calls):
                stats.describe_columns(flat, sizes, with_norm)
            fastest = min(fastest, (time.process_time() - start) / calls)
        timings[name] = fastest * 1e6
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_against_option(parser)
    parser.add_argument("--batches", type=int, default=3)
    parser.add_argument("--calls", type=int, default=40)
    parser.add_argument("--worker", nargs=2, metavar=("PICKLE", "CALLS"), help=argparse.SUPPRESS)
    parser.add_argument("--capture", metavar="PICKLE", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.capture:
        capture(args.capture)
        return
    if args.worker:
        print(json.dumps(worker(args.worker[0], int(args.worker[1]))))
        return
    roots, labels = checkout_roots(parser, args.against)
    from measure import rotated

    with tempfile.TemporaryDirectory() as scratch:
        path = os.path.join(scratch, "segments.pickle")
        run_capture(roots[0], path)
        samples: Dict[str, Dict[str, List[float]]] = {root: {} for root in roots}
        for batch in range(args.batches):
            for root in rotated(roots, batch):
                for name, value in run_worker(__file__, root, [path, str(args.calls)]).items():
                    samples[root].setdefault(name, []).append(value)
    names = list(samples[roots[0]])
    print("| buffer | " + " | ".join(labels[root] for root in roots) + " |")
    print("| --- |" + " ---: |" * len(roots))
    for name in names:
        cells = []
        for root in roots:
            values = samples[root][name]
            cells.append("%.0f (%.0f-%.0f)" % (statistics.median(values), min(values), max(values)))
        print("| %s | %s |" % (name, " | ".join(cells)))


def run_capture(root: str, path: str) -> None:
    """capture(path) in a process of its own, with the package of `root`."""
    import subprocess

    environment = dict(os.environ, PYTHONPATH=os.pathsep.join([root, HERE]))
    subprocess.run(
        [sys.executable, os.path.abspath(__file__), "--capture", path], cwd=root, env=environment, check=True
    )


if __name__ == "__main__":
    main()
