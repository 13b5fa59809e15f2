"""A steady call with its outputs described after the forward or in their hooks, A/B in one process.

    python benchmarks/deferred_ab.py [--rounds 40] [--calls 5]

On the MLP and conv stacks of per_module_cost.py, steady calls of `capture_model` (the
structure known, no writer), the variants taking turns round by round so that the
machine's load falls on all of them alike: CPU time per module, the median and the least
of the rounds' means of `--calls` calls, for

- `in hooks`: every output described in its hook (Trace._defer replaced by _describe_now);
- `deferred, copy each`: described after the forward (Trace.describe_deferred), each
  output copied into its slot by a `copy_` of its own (PendingStats.add_later replaced by
  add_keeping_copy);
- `deferred`: as this checkout does it (PendingStats.add_later: the slots' copies in one
  `_foreach_copy_`).

The variants replace Trace and PendingStats methods in this process only.
"""

import argparse
import os
import statistics
import sys
import time
from typing import Callable

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))

VARIANTS = ("in hooks", "deferred, copy each", "deferred")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--calls", type=int, default=5)
    args = parser.parse_args()

    import torch
    from per_module_cost import conv_stack, mlp_stack

    from tensorboard_modelviz.capture import statistics as stats_module
    from tensorboard_modelviz.capture import tracer
    from tensorboard_modelviz.capture.recording import capture_model
    from tensorboard_modelviz.capture.structure_key import KnownStructure

    torch.set_num_threads(1)
    defer, add_later = tracer.Trace._defer, stats_module.PendingStats.add_later

    def each(self, tensor, shape):
        return self.add_keeping_copy(tensor)

    def set_variant(variant: str) -> None:
        tracer.Trace._defer = tracer.Trace._describe_now if variant == "in hooks" else defer
        stats_module.PendingStats.add_later = each if variant == "deferred, copy each" else add_later

    stacks: list[tuple[str, Callable]] = [("MLP", mlp_stack), ("conv", conv_stack)]
    print("| stack | variant | µs a module, median of rounds | least |")
    print("| --- | --- | ---: | ---: |")
    for label, make in stacks:
        torch.manual_seed(0)
        model, x = make()
        modules = sum(1 for _ in model.modules()) - 1
        known = KnownStructure()
        for _ in range(3):
            capture_model(model, x, known=known)
        found: dict[str, list[float]] = {variant: [] for variant in VARIANTS}
        for _ in range(args.rounds):
            for variant in VARIANTS:
                set_variant(variant)
                start = time.process_time()
                for _ in range(args.calls):
                    result = capture_model(model, x, known=known)
                found[variant].append((time.process_time() - start) / args.calls * 1e6 / modules)
                assert result.failure is None, result.failure
        set_variant("deferred")
        for variant in VARIANTS:
            times = found[variant]
            print("| %s | %s | %.2f | %.2f |" % (label, variant, statistics.median(times), min(times)), flush=True)
    tracer.Trace._defer, stats_module.PendingStats.add_later = defer, add_later


if __name__ == "__main__":
    main()
