"""The part of a steady call spent in its forward: hooks, and what they keep, per module.

    python benchmarks/forward_under_hooks.py [--rounds 30] [--without-dead-units]

On per_module_cost.py's two deep stacks of tiny layers, times what a steady call (one whose
structure is known: hooks, no recording modes) spends from making its trace to the end of
the activation statistics, `recording._run_forward(..., record_graph=False)`: the module
table, attaching the hooks, the forward with them (each module's call noted, each output
copied for its statistics and sample), removing them, and the statistics of the kept
copies; with the dead-unit watcher where a steady call of that structure runs it (as a
recorded forward decides). The figure is the median over rounds of `(that − plain no-grad forward) / leaf
modules` in µs of the process's CPU time, one torch thread. The rest of a call (parameter
statistics, samples, the step document) is per_module_cost.py's total less this.

`--without-dead-units` times the same forward with no dead units counted (the module hooks
count no relu module, the watcher stays off): what the rest of the forward's share costs.

It measures the tensorboard_modelviz it imports: to compare another checkout's, run it
with that checkout first on PYTHONPATH, alternating the two a few times.
"""

import argparse
import gc
import os
import sys
import time
from typing import Dict, List, Optional

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from per_module_cost import STACKS, _leaf_modules  # noqa: E402

from tensorboard_modelviz.capture import recording  # noqa: E402
from tensorboard_modelviz.capture.tracer import input_names  # noqa: E402


def _count_no_dead_units() -> None:
    """Make every trace count no relu module (tracer.Trace.relu_modules left empty, and the
    relu kind in each module's facts, which the hooks read, None)."""
    from tensorboard_modelviz.capture import tracer

    made = tracer.Trace.__init__

    def without(self: tracer.Trace, *args: object, **kwargs: object) -> None:
        made(self, *args, **kwargs)
        self.relu_modules = {}
        self.modules = {key: facts[:-1] + (None,) for key, facts in self.modules.items()}

    tracer.Trace.__init__ = without


def measure(rounds: int, dead_units: bool = True) -> Dict[str, List[float]]:
    """µs per leaf module of the forward under hooks, per stack and round."""
    if not dead_units:
        _count_no_dead_units()
    torch.set_num_threads(1)
    torch.manual_seed(0)
    figures: Dict[str, List[float]] = {}
    gc.disable()  # as in a call (gc_pause)
    try:
        for name, build in STACKS.items():
            model, x = build()
            model.train()
            options, named = recording.CaptureOptions(), input_names(model, x)
            leaves, figures[name] = _leaf_modules(model), []
            with torch.no_grad():
                # A steady call runs the dead-unit watcher where its structure's recorded
                # forward made relu calls that the hooks do not count (trace.saw_relu). The
                # caller's grad mode is a training loop's (caller_grad).
                recorded, _ = recording._run_forward(model, x, named, options, None, caller_grad=True)
                watch_relus = recorded.saw_relu and dead_units
                for _ in range(rounds + 1):  # the first round warms up
                    start = time.process_time_ns()
                    model(x)
                    forward = time.process_time_ns() - start
                    start = time.process_time_ns()
                    trace, _ = recording._run_forward(
                        model, x, named, options, None, caller_grad=True, record_graph=False, watch_relus=watch_relus
                    )
                    hooked = time.process_time_ns() - start
                    if trace.failure is not None:
                        raise RuntimeError("the capture failed: %r" % (trace.failure,))
                    figures[name].append((hooked - forward) / leaves / 1e3)
                    gc.collect()
            figures[name] = figures[name][1:]
    finally:
        gc.enable()
    return figures


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=30, help="rounds per stack")
    parser.add_argument("--without-dead-units", action="store_true", help="count no dead units")
    args = parser.parse_args(argv)
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    load = os.getloadavg()[0]
    figures = measure(args.rounds, dead_units=not args.without_dead_units)
    package = os.path.dirname(os.path.dirname(os.path.abspath(recording.__file__)))
    print(
        "%s%s; load average %.2f at the start, %.2f at the end; one torch thread, CPU time"
        % (
            os.path.dirname(package),
            ", without dead units" if args.without_dead_units else "",
            load,
            os.getloadavg()[0],
        )
    )
    for name, values in figures.items():
        print("%s: %.1f µs per module" % (name, sorted(values)[len(values) // 2]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
