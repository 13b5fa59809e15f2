"""A steady call's work after the forward, two versions of some of its functions alternated in one process.

    python benchmarks/after_forward_ab.py --against DIR --swap FILE:NAME [--swap ...]
        [--calls 120] [--models mlp conv]

DIR holds another copy of the package (e.g. `git archive HEAD~1 tensorboard_modelviz | tar
-x -C DIR`). Each `--swap FILE:NAME` (FILE a path inside the package's checkout, such as
tensorboard_modelviz/capture/tracer.py, NAME a function or `Class.method`) is taken from
DIR's file, loaded as a module of its own, and put in place of this checkout's for every
other call (ABBA); `FILE:NAME@MODULE` puts it in place of MODULE's NAME (a function
another module imported by name, as sample_plan imports quantise_grouped). On the stacks
of per_module_cost.py, steady calls of a SummaryWriter.

Printed: the medians over the calls of the main thread's CPU time (`time.thread_time`,
each part's runs in a call summed) in `Trace.finish_stats` (and its deferred
description, the slots' copies, activations' statistics, dead units and columns),
`_attach_samples` (and its step encoder, sample plan, blobs and quantisation) and the
whole call, µs a call, DIR's functions against this checkout's. A part that DIR's
functions reach through their own module (its plans' quantisation) reads NaN for DIR.
Each timed part pays its timing wrapper (add_later's, a few hundred a call, shows in the
deferred description), alike in both versions. Differences of a few µs a module show
here where processes apart would not tell them from the machine's load.
"""

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

from per_module_cost import module_of, trained_stack

_TIMED = [
    ("finish_stats", "tensorboard_modelviz.capture.tracer", "Trace.finish_stats"),
    ("  deferred description", "tensorboard_modelviz.capture.tracer", "Trace._describe_deferred"),
    ("    slots' copies (PendingStats.copy_due)", "tensorboard_modelviz.capture.statistics", "PendingStats.copy_due"),
    ("    slots (PendingStats.add_later)", "tensorboard_modelviz.capture.statistics", "PendingStats.add_later"),
    ("  statistics (PendingStats.finish)", "tensorboard_modelviz.capture.statistics", "PendingStats.finish"),
    ("  dead units (PendingDeadUnits.finish)", "tensorboard_modelviz.capture.dead_units", "PendingDeadUnits.finish"),
    ("  columns (StatColumns.of)", "tensorboard_modelviz.capture.stat_columns", "StatColumns.of"),
    ("_attach_samples", "tensorboard_modelviz.capture.recording", "_attach_samples"),
    ("  step encoder (StepEncoder.__init__)", "tensorboard_modelviz.format.codec", "StepEncoder.__init__"),
    ("  sample plan (plan_for)", "tensorboard_modelviz.capture.recording", "plan_for"),
    ("  sample blobs (SamplePlan.encode)", "tensorboard_modelviz.capture.sample_plan", "SamplePlan.encode"),
    ("    quantise (quantise_grouped)", "tensorboard_modelviz.capture.sample_plan", "quantise_grouped"),
]


def _owner(root: Any, path: str) -> tuple[Any, str]:
    *outer, name = path.split(".")
    for part in outer:
        root = getattr(root, part)
    return root, name


def _swaps(against: str, specs: list[str]) -> list[tuple[Any, str, Any, Any]]:
    """(owner, name, this checkout's, DIR's) for each FILE:NAME."""
    import importlib

    loaded: dict[str, Any] = {}
    found = []
    for spec in specs:
        path, name = spec.split(":")
        name, _, target = name.partition("@")
        if path not in loaded:
            loaded[path] = module_of(against, path)
        ours = importlib.import_module(target or path[:-3].replace("/", "."))
        owner, attribute = _owner(ours, name)
        other_owner, _ = _owner(loaded[path], name)
        found.append((owner, attribute, vars(owner)[attribute], vars(other_owner)[attribute]))
    return found


def alternated(which: str, calls: int, swaps: list[tuple[Any, str, Any, Any]]) -> dict[str, list[float]]:
    """Medians (µs a call) of each timed part and the whole call, [DIR's, this checkout's]."""
    import importlib

    from tensorboard_modelviz import SummaryWriter

    times: dict[str, list[list[float]]] = {label: [[], []] for label, _, _ in _TIMED + [("call", "", "")]}
    current = [0]
    in_call: dict[str, float] = {}  # label -> its time in the call under way, summed over its runs

    # owner, name -> [DIR's, this checkout's] function: a swapped one that is timed too is
    # chosen inside its timing wrapper.
    versions = {(owner, name): [theirs, ours] for owner, name, ours, theirs in swaps}

    def timed(label: str, pair: list[Callable[..., Any]]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            start = time.thread_time()
            try:
                return pair[current[0]](*args, **kwargs)
            finally:
                in_call[label] = in_call.get(label, 0.0) + time.thread_time() - start

        return call

    originals = []
    for label, module_name, path in _TIMED:
        owner, name = _owner(importlib.import_module(module_name), path)
        function = vars(owner)[name]
        originals.append((owner, name, function))
        if isinstance(function, classmethod):  # called on the class: timed bound to it
            bound = getattr(owner, name)
            setattr(owner, name, staticmethod(timed(label, [bound, bound])))
        else:
            setattr(owner, name, timed(label, versions.pop((owner, name), [function, function])))

    def use(version: int) -> None:
        current[0] = version
        for (owner, name), pair in versions.items():
            setattr(owner, name, pair[version])

    model, x = trained_stack(which)
    try:
        with tempfile.TemporaryDirectory() as logdir:
            writer = SummaryWriter(logdir)
            for step in range(4):
                use(step % 2)
                writer.add_model_viz(model, x, step)
            for step in range(4, 4 + 2 * calls):
                use((step // 2 + step) % 2)  # 0 1 1 0 ...
                in_call.clear()
                start = time.thread_time()
                writer.add_model_viz(model, x, step)
                times["call"][current[0]].append(time.thread_time() - start)
                for label, spent in in_call.items():
                    times[label][current[0]].append(spent)
            writer.close()
    finally:
        use(1)
        for owner, name, function in originals:
            setattr(owner, name, function)
    # A part the other version's code does not reach (its own module's functions) has no times: NaN.
    return {
        label: [statistics.median(found) * 1e6 if found else float("nan") for found in pair]
        for label, pair in times.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--against", required=True)
    parser.add_argument("--swap", action="append", default=[], required=True)
    parser.add_argument("--calls", type=int, default=120)
    parser.add_argument("--models", nargs="+", default=["mlp", "conv"])
    args = parser.parse_args()
    swaps = _swaps(args.against, args.swap)
    print("| stack | part | %s | this checkout | µs a module, difference |" % args.against)
    print("| --- | --- | ---: | ---: | ---: |")
    for which in args.models:
        modules = 400 if which == "mlp" else 300
        for label, (theirs, ours) in alternated(which, args.calls, swaps).items():
            print("| %s | %s | %.0f | %.0f | %+.2f |" % (which, label, theirs, ours, (ours - theirs) / modules))
        sys.stdout.flush()


if __name__ == "__main__":
    main()
