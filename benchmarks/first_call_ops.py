"""What a structure's first call costs each op it records, beyond the op itself.

    python benchmarks/first_call_ops.py [--ops 1200] [--rounds 15]

A first call records every torch function the model calls (tracer.OpRecorder, with the
lineage and the dead-unit watcher inside it, each op in a profiler range or counted by
known_flops) during its forward with gradients (autograd_graph.GradForward, saved tensors
kept as shapes). Here that stack of modes runs over a loop of small ops (a convolution,
a batch norm, a relu and an addition on a 1x4x4x4 map, repeated), whose own compute is
small next to the recording's: the figure is µs an op of process time, the forward with
gradients alone and with the recording, medians over `--rounds`, one torch thread, in
this process (the package on `sys.path`: this checkout, or another through PYTHONPATH).
"""

import argparse
import contextlib
import statistics
import time
from collections.abc import Callable, Iterator

import torch
import torch.nn.functional as F

from tensorboard_modelviz.capture import autograd_graph, profiled_flops, recording, tracer
from tensorboard_modelviz.capture.dead_units import DeadUnitWatcher

_OPS_PER_BLOCK = 4


def _blocks(model: torch.nn.Sequential, x: torch.Tensor, blocks: int) -> torch.Tensor:
    conv, norm = model[0], model[1]
    y = x
    for _ in range(blocks):
        y = F.conv2d(y, conv.weight, conv.bias, 1, 1)
        y = F.batch_norm(y, norm.running_mean, norm.running_var, norm.weight, norm.bias, False, 0.1, 1e-5)
        y = F.relu(y)
        y = y + x
    return y


def _forward(model: torch.nn.Sequential, x: torch.Tensor, blocks: int, recorded: bool) -> Callable[[], None]:
    def run() -> None:
        options = recording.CaptureOptions()
        trace = tracer.Trace(model, options, options.selects, True)
        forward = autograd_graph.GradForward(model, lineage=recorded, edges=False, saved_values=False)

        @contextlib.contextmanager
        def modes() -> Iterator[None]:  # as recording._record_in_one_forward enters them
            watcher = DeadUnitWatcher(trace)
            with (
                profiled_flops.ProfiledForward(),
                tracer.OpRecorder(trace, marked=True, lineage=forward.lineage, watcher=watcher),
            ):
                yield

        forward.run(lambda _, inputs: _blocks(model, inputs, blocks), x, modes() if recorded else None, True)
        forward.release()

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ops", type=int, default=1200)
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    torch.set_num_threads(1)
    model = torch.nn.Sequential(torch.nn.Conv2d(4, 4, 3, padding=1), torch.nn.BatchNorm2d(4)).eval()
    x = torch.randn(1, 4, 4, 4)
    blocks = max(1, args.ops // _OPS_PER_BLOCK)
    ops = blocks * _OPS_PER_BLOCK
    runs = {"gradients": _forward(model, x, blocks, False), "recorded": _forward(model, x, blocks, True)}
    seconds: dict[str, list[float]] = {name: [] for name in runs}
    for run in runs.values():
        run()  # one-time set-up outside the rounds
    for _ in range(args.rounds):
        for name, run in runs.items():
            start = time.process_time()
            run()
            seconds[name].append(time.process_time() - start)
    plain, recorded = (statistics.median(seconds[name]) / ops * 1e6 for name in ("gradients", "recorded"))
    print("| %d ops | µs an op |" % ops)
    print("| --- | ---: |")
    print("| forward with gradients | %.2f |" % plain)
    print("| with the first call's recording | %.2f |" % recorded)
    print("| the recording | %.2f |" % (recorded - plain))


if __name__ == "__main__":
    main()
