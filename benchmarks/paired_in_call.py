"""Two ways of one step of a steady call, timed inside the same calls, in turn.

    python benchmarks/paired_in_call.py --runs 16384 [--models mlp conv gpt2] [--calls 120]
    python benchmarks/paired_in_call.py --norms [--models ...]

Hot-loop timings (segment_passes.py) find every buffer in the caches; a call finds them
colder, after the forward and the other statistics. Here each way runs inside steady
add_model_viz calls on the same values: the package's own and the other one after it,
or the other first, in turn, and only the one that ran first in its call is counted (the
second finds the values warm). The CPU time of each, median and quartiles, µs a call of
the step:

- `--runs N`: SegmentPlan.columns with the package's runs (small_stats._RUN_VALUES)
  against a plan of the same sizes in runs of N values (both checked equal, bit for bit);
- `--norms`: the update ratios' norms of a steady call (update_ratio._Pieces.norms)
  against one subtraction of all the tracked values and one square and segment sum of all
  of them, through arrays of their size kept from call to call (the way before h30).

Models: per_module_cost.py's MLP and conv stacks, and "gpt2": a 4-layer, 64-wide GPT-2
(transformers, where installed), 16 tokens.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from typing import Callable, Dict, List, Tuple

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)


def model_of(name: str) -> Tuple[object, object]:
    if name == "gpt2":
        from tiny_hf_cost import tiny_hf_model

        return tiny_hf_model("gpt2")
    from per_module_cost import trained_stack

    return trained_stack(name)


class Paired:
    """Runs the package's way and the other in turn-about order, counting the one run first."""

    def __init__(self) -> None:
        self.calls = 0
        self.first: Dict[str, List[float]] = {"package": [], "other": []}

    def __call__(self, own: Callable[[], object], other: Callable[[], object]) -> Tuple[object, object]:
        self.calls += 1
        ways = [("package", own), ("other", other)]
        if self.calls % 4 >= 2:  # two calls one way round, two the other (a call runs two plans)
            ways.reverse()
        results = {}
        for position, (name, way) in enumerate(ways):
            start = time.process_time()
            results[name] = way()
            if position == 0:
                self.first[name].append((time.process_time() - start) * 1e6)
        return results["package"], results["other"]


def pair_runs(paired: Paired, run_values: int) -> None:
    import numpy as np

    from tensorboard_modelviz.capture import small_stats

    columns = small_stats.SegmentPlan.columns
    others: Dict[bytes, small_stats.SegmentPlan] = {}

    from tensorboard_modelviz.capture.statistics import HISTOGRAM_SIZE

    def other_plan(plan: small_stats.SegmentPlan) -> small_stats.SegmentPlan:
        key = plan.sizes.tobytes() + bytes([plan.bins])
        if key not in others:
            own, small_stats._RUN_VALUES = small_stats._RUN_VALUES, run_values
            others[key] = small_stats.SegmentPlan(plan.sizes, plan.bins, HISTOGRAM_SIZE)
            small_stats._RUN_VALUES = own
        return others[key]

    def timed(plan, flat, with_norm, exact):  # type: ignore[no-untyped-def]
        mine, theirs = paired(
            lambda: columns(plan, flat, with_norm, exact), lambda: columns(other_plan(plan), flat, with_norm, exact)
        )
        for a, b in zip(mine[:-1], theirs[:-1]):
            assert a is None or np.asarray(a).tobytes() == np.asarray(b).tobytes()
        return mine

    small_stats.SegmentPlan.columns = timed


def pair_norms(paired: Paired) -> None:
    import numpy as np

    from tensorboard_modelviz.capture import update_ratio

    norms = update_ratio._Pieces.norms
    kept: Dict[tuple, Tuple[np.ndarray, np.ndarray, np.ndarray]] = {}

    def whole(pieces, values, subtracted):  # type: ignore[no-untyped-def]
        key = (values.shape, values.dtype, pieces.sizes.tobytes())
        if key not in kept:
            starts = np.cumsum(pieces.sizes) - pieces.sizes
            kept[key] = (
                np.empty(values.shape, np.result_type(values, subtracted)),
                np.empty(values.shape),
                starts[pieces.filled],
            )
        differences, squares, starts = kept[key]
        result = np.zeros(pieces.count)
        if starts.size:
            np.subtract(values, subtracted, out=differences)
            result[pieces.filled] = np.sqrt(
                np.add.reduceat(np.square(differences, dtype=np.float64, out=squares), starts)
            )
        return result

    def timed(pieces, values, subtracted=None):  # type: ignore[no-untyped-def]
        if subtracted is None:  # not a steady call's differences
            return norms(pieces, values, subtracted)
        mine, theirs = paired(lambda: norms(pieces, values, subtracted), lambda: whole(pieces, values, subtracted))
        assert mine.tobytes() == theirs.tobytes()
        return mine

    update_ratio._Pieces.norms = timed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    way = parser.add_mutually_exclusive_group(required=True)
    way.add_argument("--runs", type=int, metavar="N", help="the segment passes against runs of N values")
    way.add_argument("--norms", action="store_true", help="the update ratios' norms against whole arrays")
    parser.add_argument("--models", nargs="+", default=["mlp", "conv", "gpt2"])
    parser.add_argument("--calls", type=int, default=120)
    parser.add_argument("--model", help=argparse.SUPPRESS)  # a worker: one model in this process
    args = parser.parse_args()
    if args.model is None:
        import subprocess

        for name in args.models:
            command = [sys.executable, os.path.abspath(__file__), "--model", name, "--calls", str(args.calls)]
            command += ["--norms"] if args.norms else ["--runs", str(args.runs)]
            environment = dict(os.environ, PYTHONPATH=os.pathsep.join([os.path.dirname(HERE), HERE]))
            if subprocess.run(command, env=environment).returncode:  # the worker said why
                sys.exit(1)
        return
    from tensorboard_modelviz import SummaryWriter

    model, x = model_of(args.model)
    paired = Paired()
    pair_norms(paired) if args.norms else pair_runs(paired, args.runs)
    with tempfile.TemporaryDirectory() as logdir:
        writer = SummaryWriter(logdir)
        for step in range(args.calls):
            writer.add_model_viz(model, x, step)
        writer.close()
    other = "whole arrays" if args.norms else "runs of %d" % args.runs
    cells = []
    for name, label in (("package", "package"), ("other", other)):
        values = paired.first[name][4:]  # the first calls make plans and buffers
        if len(values) < 2:  # each way counts about half the calls that reach the step
            sys.exit("%s: %d timings of the %s way counted; more --calls" % (args.model, len(values), name))
        q1, _, q3 = statistics.quantiles(values, n=4)
        cells.append("%s %.0f (%.0f-%.0f, %d)" % (label, statistics.median(values), q1, q3, len(values)))
    print("%s: %s" % (args.model, "; ".join(cells)), flush=True)


if __name__ == "__main__":
    main()
