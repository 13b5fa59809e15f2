"""What the guard of a steady call costs inside the call, for two packages' model_state.

    python benchmarks/guard_cost.py --against DIR [--calls 160] [--resnet50]

The guard (capture/model_state.preserved_model_state: the buffers' snapshot and write-back,
training flags, version counters, RNG states) runs around every forward of a call, after
the previous call's statistics and documents have gone through the caches; timed alone in
a loop it costs half of what it costs there. So this runs steady add_model_viz calls on
the MLP and conv stacks of per_module_cost.py (train mode, after one backward, one torch
thread) and alternates, call by call, between this checkout's guard and the one in DIR's
`tensorboard_modelviz/capture/model_state.py` (loaded from its file, the rest of the call
this checkout's), timing each guard's entry and exit by the process's CPU time. The
figures are medians over the calls of each. `--resnet50` measures the ResNet-50-shaped
model of benchmarks/models.py (151 modules, batch 1, in train and in eval mode) instead.
"""

import argparse
import contextlib
import inspect
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from typing import Any

HERE = os.path.dirname(os.path.abspath(__file__))


def _resnet50(mode: str) -> tuple[Any, Any]:
    """The ResNet-50-shaped model of models.py in `mode` ("train" or "eval") after one
    backward, on one torch thread."""
    import models
    import torch

    torch.set_num_threads(1)
    model, x = models.build("resnet50")
    model.train(mode == "train")
    model(x).square().mean().backward()
    return model, x


def measure(stack: str, other: Any, calls: int) -> dict[str, float]:
    """Median µs of the guard per call, this checkout's ("this") and DIR's ("other")."""
    from per_module_cost import trained_stack

    from tensorboard_modelviz import SummaryWriter
    from tensorboard_modelviz.capture import model_state, recording

    model, x = _resnet50(stack.split()[-1]) if stack.startswith("resnet50") else trained_stack(stack)
    writer = SummaryWriter(tempfile.mkdtemp())
    times: dict[str, list[float]] = {"this": [], "other": []}
    which = ["this"]

    takes_walk = "walk" in inspect.signature(other.preserved_model_state).parameters

    @contextlib.contextmanager
    def timed(model: Any, inputs: Any, walk: Any) -> Iterator[Any]:
        if which[0] == "this":
            guard = model_state.preserved_model_state(model, inputs, walk)
        else:  # a package from before the guard took the walk took its list of modules
            guard = other.preserved_model_state(model, inputs, walk if takes_walk else walk.modules)
        start = time.process_time()
        saved = guard.__enter__()
        entering = time.process_time() - start
        try:
            yield saved
        finally:
            start = time.process_time()
            guard.__exit__(None, None, None)  # the capture's own errors are not timed
            times[which[0]].append(entering + time.process_time() - start)

    original = recording.preserved_model_state
    recording.preserved_model_state = timed
    try:
        for step in range(4):  # the structure recorded, the layouts kept
            writer.add_model_viz(model, x, step)
        for kind in times.values():
            kind.clear()
        for step in range(4, 4 + calls):
            which[0] = "this" if step % 2 else "other"
            writer.add_model_viz(model, x, step)
            writer.flush()
    finally:
        recording.preserved_model_state = original
        writer.close()
    return {name: statistics.median(found) * 1e6 for name, found in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--against", required=True, help="a folder holding another tensorboard_modelviz")
    parser.add_argument("--calls", type=int, default=160)
    parser.add_argument("--resnet50", action="store_true", help="the ResNet-50-shaped model instead of the stacks")
    args = parser.parse_args()
    sys.path.insert(0, HERE)
    from per_module_cost import module_of

    other = module_of(args.against, "tensorboard_modelviz/capture/model_state.py")
    print("load average %.2f at the start; CPU time, median of %d calls each" % (os.getloadavg()[0], args.calls // 2))
    print("| stack | %s | this checkout |" % args.against)
    print("| --- | ---: | ---: |")
    stacks = (("mlp", "MLP, 400 modules"), ("conv", "conv, 300 modules"))
    if args.resnet50:
        stacks = (("resnet50 train", "ResNet-50-shaped, train"), ("resnet50 eval", "ResNet-50-shaped, eval"))
    for stack, label in stacks:
        found = measure(stack, other, args.calls)
        print("| %s | %.0f µs | %.0f µs |" % (label, found["other"], found["this"]))


if __name__ == "__main__":
    main()
