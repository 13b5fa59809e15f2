"""The forward's hook path of a steady call with its parts switched off in turn, in CPU time.

    python benchmarks/hook_parts.py [--batches 25] [--passes 2]

On the MLP and conv stacks of per_module_cost.py, as steady_hooks.py measures them (a
Trace as a steady call makes it, attached, the forward, the hooks removed, finish_stats
after the timed part, so that the next forward copies into the kept CopyBuffer), µs per
module beyond the plain forward, least over `--batches` batches of 5 calls, for:

- `empty`: two empty global hooks instead of the Trace's (torch's dispatch alone);
- `calls`: the Trace's hooks, but leaving a call only pops it (the call records and
  input shapes: no output shapes, statistics, copy, sample or dead units);
- `no samples`: the Trace without sample bounds (no sample bookkeeping);
- `no dead units`: no relu-family module noted on entry (nothing counted);
- `full`: the Trace as a steady call attaches it, with the outputs' description put off
  until after the forward (Trace.describe_deferred, in the timed part);
- `in hooks`: `full` with every output described in its hook (as before describe_deferred);
- `replayed`: the same hooks (`full`) called in a loop on the module calls of one forward
  recorded before (inputs and outputs kept), without the forward: the hooks' own work,
  away from the model's kernels.

Where a part costs what `full` minus its row says. The variants replace Trace methods in
this process only, to find where the time goes; nothing measured here is a mode of the
package. `--passes` runs the whole list again (the shared machine's load moves the
figures by 1-2 µs between passes).
"""

import argparse
import os
import sys
import time
from typing import Callable

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))

VARIANTS = ("empty", "calls", "no samples", "no dead units", "full", "in hooks", "replayed")


def hooks_beyond_forward(make: Callable, variant: str, batches: int) -> tuple[float, float]:
    """(hooks beyond the plain forward, plain forward), µs per module, for `variant`."""
    import torch

    from tensorboard_modelviz.capture import recording, tracer

    torch.manual_seed(0)
    model, x = make()
    modules = sum(1 for _ in model.modules()) - 1
    options = recording.CaptureOptions()
    forward, hooked = [], []
    module_hooks = torch.nn.modules.module
    with torch.no_grad():
        for _ in range(batches):
            start = time.process_time()
            for _ in range(5):
                model(x)
            forward.append((time.process_time() - start) / 5)
            total = 0.0
            for _ in range(5):
                start = time.process_time()
                trace = tracer.Trace(model, options, options.selects, record_graph=False)
                trace.watch_relus = False
                if variant == "no samples":
                    trace.sample_bounds = None
                if variant == "empty":
                    handles = [
                        module_hooks.register_module_forward_pre_hook(lambda module, args: None),
                        module_hooks.register_module_forward_hook(lambda module, args, output: None),
                    ]
                else:
                    handles = trace.attach()
                model(x)
                for handle in handles:
                    handle.remove()
                _describe_deferred(trace)
                total += time.process_time() - start
                trace.finish_stats()  # gives its buffer back for the next forward, as a call does
                assert trace.failure is None, trace.failure
                del trace
            hooked.append(total / 5)
    per_module = 1e6 / modules
    return (min(hooked) - min(forward)) * per_module, min(forward) * per_module


def _describe_deferred(trace) -> None:
    """The outputs' description a steady Trace puts off until after the forward, where this
    checkout's Trace has it (finish_stats runs it otherwise)."""
    describe = getattr(trace, "describe_deferred", None)
    if describe is not None:
        describe()


def replayed(make: Callable, batches: int) -> float:
    """µs per module of a steady call's hooks called on the kept module calls of one
    forward, without the forward (Trace made and attached outside the timed part)."""
    import torch

    from tensorboard_modelviz.capture import recording, tracer

    torch.manual_seed(0)
    model, x = make()
    modules = sum(1 for _ in model.modules()) - 1
    options = recording.CaptureOptions()
    module_hooks = torch.nn.modules.module
    events: list[tuple] = []
    with torch.no_grad():
        handles = [
            module_hooks.register_module_forward_pre_hook(lambda module, args: events.append((module, args))),
            module_hooks.register_module_forward_hook(
                lambda module, args, output: events.append((module, args, output))
            ),
        ]
        model(x)
        for handle in handles:
            handle.remove()
        batch_times = []
        for _ in range(batches):
            total = 0.0
            for _ in range(5):
                trace = tracer.Trace(model, options, options.selects, record_graph=False)
                trace.watch_relus = False
                for handle in trace.attach():
                    handle.remove()
                start = time.process_time()
                for event in events:
                    if len(event) == 2:
                        trace.global_pre_hook(*event)
                    else:
                        trace.global_hook(event[0], event[1], {}, event[2])
                _describe_deferred(trace)
                total += time.process_time() - start
                trace.finish_stats()
                assert trace.failure is None, trace.failure
                del trace
            batch_times.append(total / 5)
    return min(batch_times) * 1e6 / modules


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--batches", type=int, default=25)
    parser.add_argument("--passes", type=int, default=2)
    args = parser.parse_args()

    import torch
    from per_module_cost import conv_stack, mlp_stack

    from tensorboard_modelviz.capture import tracer

    torch.set_num_threads(1)
    leave, enter_relu = tracer.Trace._leave, tracer.Trace._enter_relu
    defer = getattr(tracer.Trace, "_defer", None)
    now = getattr(tracer.Trace, "_describe_now", None)
    print("| pass | variant | MLP hooks beyond the forward | conv hooks beyond the forward |")
    print("| --- | --- | ---: | ---: |")
    for number in range(1, args.passes + 1):
        for variant in VARIANTS:
            tracer.Trace._leave = (
                (lambda self, module, output, shapes: self.stack.pop()) if variant == "calls" else leave
            )
            tracer.Trace._enter_relu = (lambda *args: None) if variant == "no dead units" else enter_relu
            if defer is not None:
                tracer.Trace._defer = now if variant == "in hooks" else defer
            if variant == "replayed":
                mlp, conv = replayed(mlp_stack, args.batches), replayed(conv_stack, args.batches)
            else:
                mlp, _ = hooks_beyond_forward(mlp_stack, variant, args.batches)
                conv, _ = hooks_beyond_forward(conv_stack, variant, args.batches)
            print("| %d | %s | %.2f µs | %.2f µs |" % (number, variant, mlp, conv), flush=True)
    tracer.Trace._leave, tracer.Trace._enter_relu = leave, enter_relu
    if defer is not None:
        tracer.Trace._defer = defer


if __name__ == "__main__":
    main()
