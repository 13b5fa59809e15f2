"""Where a batch-1 call of a large model goes, by part: a steady call or a first call.

    python benchmarks/batch1_sections.py [--model resnet50] [--call steady|first] [--calls 6]

One torch thread, in this process (the package on `sys.path`: this checkout, or another
through PYTHONPATH). Each function below is wrapped with a process-time clock; the
table gives, per call, the median over `--calls` calls of each function's time in ms and
as a fraction of a no-grad forward timed just before each call. Functions nest (the
forward holds the hooks' work), so the rows do not add up. A first call is taken on a
fresh copy of the model each time, after one plain forward, in this warm process: it
leaves out what a fresh process pays once (lazy imports, pages first touched), which
batch1_ratios.py includes.
"""

import argparse
import collections
import functools
import importlib
import os
import statistics
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))

# (module under tensorboard_modelviz, attribute path): the functions timed, where they exist
_WRAPPED = [
    ("capture.recording", "_run_forward"),
    ("capture.recording", "_record_in_one_forward"),
    ("capture.autograd_graph", "GradForward.run"),
    ("capture.tracer", "Trace._observe"),
    ("capture.statistics", "_extremes"),
    ("capture.statistics", "_subset_copy"),
    ("capture.dead_units", "host_dead_count"),
    ("capture.tracer", "Trace.finish_stats"),
    ("capture.statistics", "PendingStats.finish"),
    ("capture.statistics", "_estimated"),
    ("capture.profiled_flops", "ProfiledForward.__exit__"),
    ("capture.profiled_flops", "ProfiledForward.flops"),
    ("capture.autograd_graph", "backward_document"),
    ("capture.recording", "_build_structure"),
    ("capture.recording", "_key"),
    ("capture.recording", "describe_parameters"),
    ("capture.recording", "_attach_samples"),
    ("capture.update_ratio", "ParameterHistory.update_ratios"),
    ("capture.writer", "SummaryWriter.flush"),
]


def _wrap(total: collections.Counter, module_name: str, path: str) -> None:
    owner = importlib.import_module("tensorboard_modelviz." + module_name)
    *outer, name = path.split(".")
    for part in outer:
        owner = getattr(owner, part)
    function = getattr(owner, name, None)
    if function is None:
        return

    @functools.wraps(function)
    def timed(*args, **kwargs):
        start = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            total[path] += time.process_time() - start

    setattr(owner, name, timed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default="resnet50")
    parser.add_argument("--call", choices=("steady", "first"), default="steady")
    parser.add_argument("--calls", type=int, default=6)
    args = parser.parse_args()
    sys.path.insert(0, HERE)
    import torch
    from models import build

    from tensorboard_modelviz import SummaryWriter

    torch.set_num_threads(1)
    total: collections.Counter = collections.Counter()
    for module_name, path in _WRAPPED:
        _wrap(total, module_name, path)

    def forward_seconds(model, inputs) -> float:
        with torch.no_grad():
            model(inputs)
            start = time.process_time()
            model(inputs)
        return time.process_time() - start

    rows = []
    model, inputs = build(args.model)
    writer = SummaryWriter(tempfile.mkdtemp())
    writer.add_model_viz(model, inputs, 0)  # lazy imports and one-time set-up
    for step in range(1, args.calls + 1):
        if args.call == "first":
            model, inputs = build(args.model)
            writer = SummaryWriter(tempfile.mkdtemp())
        forward = forward_seconds(model, inputs)
        total.clear()
        start = time.process_time()
        writer.add_model_viz(model, inputs, step)
        writer.flush()
        rows.append((forward, time.process_time() - start, dict(total)))
    forward = statistics.median(r[0] for r in rows)
    call = statistics.median(r[1] for r in rows)
    print(
        "load average %.2f; %s, %s call: forward %.1f ms, call %.1f ms, %.2f× (each: %s)"
        % (
            os.getloadavg()[0],
            args.model,
            args.call,
            forward * 1e3,
            call * 1e3,
            call / forward,
            " ".join("%.2f" % (r[1] / r[0]) for r in rows),
        )
    )
    print("| function | ms per call | of a forward |")
    print("| --- | ---: | ---: |")
    labels = sorted({k for r in rows for k in r[2]}, key=lambda k: -statistics.median(r[2].get(k, 0.0) for r in rows))
    for label in labels:
        seconds = statistics.median(r[2].get(label, 0.0) for r in rows)
        print("| %s | %.2f | %.3f |" % (label, seconds * 1e3, seconds / forward))


if __name__ == "__main__":
    main()
