"""A steady call with this checkout's tracer or another revision's, A/B in one process.

    python benchmarks/hooks_ab.py [--base HEAD] [--rounds 40] [--calls 5]

On the MLP and conv stacks of per_module_cost.py, steady calls of `capture_model` (the
structure known, no writer), the two tracers taking turns round by round so that the
machine's load falls on both alike. `--base`'s tracer.py (`git show REV:...`) is run in a
copy of this checkout's tracer module's namespace, so everything but the tracer is this
checkout's (but layer_info.py's layer rows, which read the tracer's records: the
base's too); each tracer keeps its own per-model state (_Kept). CPU time per module, the
median and the least of the rounds' means of `--calls` calls: the whole call, and the
forward under the hooks (recording._run_forward less Trace.finish_stats, as
call_sections.py counts it). Differences under ~2 µs a module cannot be told apart across
processes on a shared machine; in one process, alternating, they can.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from typing import Any, Callable

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
sys.path.insert(0, ROOT)


def base_namespace(module: Any, revision: str) -> dict[str, Any]:
    """The names of `module`'s file at git `revision`, run in a copy of this checkout's."""
    path = module.__name__.replace(".", "/") + ".py"
    source = subprocess.run(
        ["git", "show", "%s:%s" % (revision, path)], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    namespace = dict(vars(module))
    exec(compile(source, "%s@%s" % (path, revision), "exec"), namespace)
    return namespace


def base_trace(revision: str) -> Any:
    """The Trace class of tracer.py at git `revision`, run beside this checkout's modules."""
    from tensorboard_modelviz.capture import tracer

    namespace = base_namespace(tracer, revision)
    for name in ("CaptureFailure", "OutputChangedAfterHook"):  # what recording.py catches
        namespace[name] = getattr(tracer, name)
    return namespace["Trace"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base", default="HEAD", help="the git revision whose tracer.py is the baseline")
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--calls", type=int, default=5)
    args = parser.parse_args()

    import torch
    from per_module_cost import conv_stack, mlp_stack

    from tensorboard_modelviz.capture import recording, tracer
    from tensorboard_modelviz.capture.recording import capture_model
    from tensorboard_modelviz.capture.structure_key import KnownStructure

    torch.set_num_threads(1)
    from tensorboard_modelviz.capture import layer_info

    classes = {
        "base " + args.base: base_trace(args.base),
        "this checkout": tracer.Trace,
    }
    base_layers = base_namespace(layer_info, args.base)
    layer_functions = {
        "base " + args.base: (base_layers["layer_rows"], base_layers["model_totals"]),
        "this checkout": (layer_info.layer_rows, layer_info.model_totals),
    }
    spent = {"forward": 0.0}
    run_forward = recording._run_forward

    def timed_forward(*a: Any, **k: Any) -> Any:
        start = time.process_time()
        try:
            return run_forward(*a, **k)
        finally:
            spent["forward"] += time.process_time() - start

    def timed_finish(finish: Callable) -> Callable:
        def timed(self: Any) -> None:
            start = time.process_time()
            try:
                finish(self)
            finally:
                spent["forward"] -= time.process_time() - start

        return timed

    for cls in set(classes.values()):
        cls.finish_stats = timed_finish(cls.finish_stats)
    recording._run_forward = timed_forward

    def use(name: str, cls: Any) -> None:
        recording.Trace = cls
        recording.layer_rows, recording.model_totals = layer_functions[name]

    print("| stack | tracer | call, µs a module: median | least | forward under the hooks: median | least |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for label, make in (("MLP", mlp_stack), ("conv", conv_stack)):
        torch.manual_seed(0)
        model, x = make()
        modules = sum(1 for _ in model.modules()) - 1
        known = {name: KnownStructure() for name in classes}
        for name, cls in classes.items():
            use(name, cls)
            for _ in range(3):
                capture_model(model, x, known=known[name])
        calls: dict[str, list[float]] = {name: [] for name in classes}
        forwards: dict[str, list[float]] = {name: [] for name in classes}
        for _ in range(args.rounds):
            for name, cls in classes.items():
                use(name, cls)
                spent["forward"] = 0.0
                start = time.process_time()
                for _ in range(args.calls):
                    result = capture_model(model, x, known=known[name])
                calls[name].append((time.process_time() - start) / args.calls * 1e6 / modules)
                forwards[name].append(spent["forward"] / args.calls * 1e6 / modules)
                assert result.failure is None, result.failure
        for name in classes:
            print(
                "| %s | %s | %.2f | %.2f | %.2f | %.2f |"
                % (
                    label,
                    name,
                    statistics.median(calls[name]),
                    min(calls[name]),
                    statistics.median(forwards[name]),
                    min(forwards[name]),
                ),
                flush=True,
            )
    use("this checkout", tracer.Trace)


if __name__ == "__main__":
    main()
