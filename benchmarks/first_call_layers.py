"""What each layer of a structure's first call costs its forward, added one at a time.

    python benchmarks/first_call_layers.py [--model resnet50] [--rounds 8]

A first call records in one forward with gradients (recording._record_in_one_forward):
GradForward's hooks and saved-tensor hooks, torch's profiler, the trace's module hooks,
tracer.OpRecorder (with the lineage inside it), the dead-unit watcher and the outputs'
statistics. Each row runs that forward with the layers named so far, in this process,
on one torch thread; the figure is the median process time over `--rounds`, as a ratio
to a no-grad forward timed in the same rounds. Rows differ by one layer: the difference
between two rows is that layer's cost (±0.02 at a quiet moment; repeat at load).
What follows the forward (backward document, structure, parameters, samples) is not
here: batch1_sections.py --call first times it by function.
"""

import argparse
import contextlib
import os
import statistics
import sys
import time
from typing import Any, Callable

HERE = os.path.dirname(os.path.abspath(__file__))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default="resnet50")
    parser.add_argument("--rounds", type=int, default=8)
    args = parser.parse_args()
    sys.path.insert(0, HERE)
    import torch
    from models import build

    from tensorboard_modelviz.capture import autograd_graph, profiled_flops, recording, tracer
    from tensorboard_modelviz.capture.dead_units import DeadUnitWatcher

    torch.set_num_threads(1)
    model, inputs = build(args.model)
    named_inputs = recording.input_names(model, inputs)

    def layered(hooks: bool, recorder: bool, watcher: bool, stats: bool) -> Callable[[], Any]:
        def run() -> None:
            options = recording.CaptureOptions() if stats else recording.CaptureOptions(include=["-"])  # none selected
            trace = tracer.Trace(model, options, options.selects, True)
            forward = autograd_graph.GradForward(model, lineage=recorder, edges=False, saved_values=False)

            @contextlib.contextmanager
            def recording_modes() -> Any:
                with contextlib.ExitStack() as stack:
                    stack.enter_context(profiled_flops.ProfiledForward())
                    if recorder:  # as a first call runs it: the watcher and the lineage inside
                        stack.enter_context(
                            tracer.OpRecorder(
                                trace,
                                marked=True,
                                lineage=forward.lineage,
                                watcher=DeadUnitWatcher(trace) if watcher else None,
                            )
                        )
                    elif watcher:
                        stack.enter_context(DeadUnitWatcher(trace))
                    yield

            handles = trace.attach() if hooks else []
            trace.add_inputs(named_inputs)
            try:
                forward.run(recording.call_model, inputs, recording_modes(), lineage_outside=True)
            finally:
                for handle in handles:
                    handle.remove()
                trace.finish_stats()
                forward.release()

        return run

    def plain(grad: bool) -> Callable[[], Any]:
        def run() -> None:
            with torch.set_grad_enabled(grad):
                recording.call_model(model, inputs)

        return run

    def gradients() -> None:
        forward = autograd_graph.GradForward(model, lineage=False, edges=False, saved_values=False)
        forward.run(recording.call_model, inputs)
        forward.release()

    rows: list[tuple[str, Callable[[], Any]]] = [
        ("forward with gradients, GradForward's hooks and saved shapes", gradients),
        ("+ the profiler (every op recorded by it)", layered(False, False, False, False)),
        ("+ the trace's module hooks (the structure alone)", layered(True, False, False, False)),
        ("+ OpRecorder and the lineage (known ops unprofiled)", layered(True, True, False, False)),
        ("+ the dead-unit watcher", layered(True, True, True, False)),
        ("+ the outputs' statistics and samples: the first call's forward", layered(True, True, True, True)),
    ]
    baseline = plain(False)
    for _, run in rows:
        run()  # one-time set-up outside the rounds
    seconds: dict[str, list[float]] = {label: [] for label, _ in rows}
    forwards: list[float] = []
    for _ in range(args.rounds):
        start = time.process_time()
        baseline()
        forwards.append(time.process_time() - start)
        for label, run in rows:
            start = time.process_time()
            run()
            seconds[label].append(time.process_time() - start)
    forward = statistics.median(forwards)
    print(
        "load average %.2f; %s; no-grad forward %.1f ms (process time, median of %d)"
        % (os.getloadavg()[0], args.model, forward * 1e3, args.rounds)
    )
    print("| layers | of a forward |")
    print("| --- | ---: |")
    for label, _ in rows:
        print("| %s | %.3f |" % (label, statistics.median(seconds[label]) / forward))


if __name__ == "__main__":
    main()
