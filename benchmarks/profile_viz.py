"""Where add_model_viz spends its time on one model, by line of tensorboard_modelviz.

    pip install py-spy
    python benchmarks/profile_viz.py resnet50 [--seconds 30] [--threads 1] [--top 25]

Runs steady add_model_viz calls (flushed) in a loop under py-spy and charges every sample
to the innermost tensorboard_modelviz line on its stack, so the torch work a line starts
(a reduction, the model's own ops under the recording modes) counts for that line. Also
prints the inclusive share of each tensorboard_modelviz function and how busy the event
writer's thread was. py-spy samples the wall clock: profile on a quiet machine.
"""

import argparse
import collections
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

_FRAME = re.compile(r"^(?P<function>.*) \((?P<file>.*):(?P<line>\d+)\)$")
_PACKAGE = "tensorboard_modelviz" + os.sep


def _loop(model_name, seconds):
    """The profiled process: steady calls on one writer until `seconds` have passed."""
    from models import build

    from tensorboard_modelviz import SummaryWriter

    model, inputs = build(model_name)
    with tempfile.TemporaryDirectory() as logdir, SummaryWriter(logdir) as writer:
        writer.add_model_viz(model, inputs, 0)  # the first call: structure, lazy imports
        writer.flush()
        step, end = 1, time.monotonic() + seconds
        while time.monotonic() < end:
            writer.add_model_viz(model, inputs, step)
            writer.flush()
            step += 1
    print("%d steady calls" % (step - 1), file=sys.stderr)


def _own_frames(stack):
    """(file:line, function) of the tensorboard_modelviz frames of a py-spy stack, outermost first."""
    frames = []
    for frame in stack.split(";"):
        match = _FRAME.match(frame.strip())
        if match and _PACKAGE in match["file"]:
            short = match["file"].split(_PACKAGE, 1)[1]
            frames.append(("%s:%s" % (short, match["line"]), "%s %s" % (short, match["function"])))
    return frames


def summarise(raw_lines, top):
    """The report text for py-spy's raw (collapsed) output."""
    by_line, by_function = collections.Counter(), collections.Counter()
    calls = writer_thread = 0
    for raw in raw_lines:
        stack, _, count = raw.rstrip("\n").rpartition(" ")
        if not stack:
            continue
        count = int(count)
        if "add_model_viz" not in stack:
            waiting = stack.rsplit(";", 1)[-1].strip().startswith(("wait ", "Condition.wait", "Queue.get"))
            if ("record_writer" in stack or "event_file_writer" in stack) and not waiting:
                writer_thread += count  # serialising and writing; its idle wait for work left out
            continue
        calls += count
        frames = _own_frames(stack)
        if frames:
            line, function = frames[-1]
            by_line["%s (%s)" % (line, function.split(" ", 1)[1])] += count
        for function in {function for _, function in frames}:
            by_function[function] += count
    if not calls:
        return "no samples inside add_model_viz"
    out = [
        "%d samples inside add_model_viz; the event writer's thread was busy for %d more (%.1f%%)"
        % (calls, writer_thread, 100.0 * writer_thread / calls),
        "",
        "Charged to the innermost tensorboard_modelviz line:",
    ]
    out += ["%6.1f%%  %s" % (100.0 * n / calls, key) for key, n in by_line.most_common(top)]
    out += ["", "Inclusive, by tensorboard_modelviz function:"]
    out += ["%6.1f%%  %s" % (100.0 * n / calls, key) for key, n in by_function.most_common(top)]
    return "\n".join(out)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("model")
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--threads", type=int, default=1, help="torch threads (default 1: steadier)")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--raw", help="also keep py-spy's raw output here")
    parser.add_argument("--loop", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.loop:
        import torch

        torch.set_num_threads(args.threads)
        _loop(args.model, args.seconds)
        return 0
    py_spy = shutil.which("py-spy") or os.path.join(os.path.dirname(sys.executable), "py-spy")
    if not os.path.exists(py_spy):
        parser.error("py-spy is not installed: pip install py-spy")
    with tempfile.TemporaryDirectory() as folder:
        raw_path = args.raw or os.path.join(folder, "profile.txt")
        command = [
            py_spy,
            "record",
            "--format",
            "raw",
            "--rate",
            "200",
            "--threads",
            "--output",
            raw_path,
            "--",
            sys.executable,
            os.path.abspath(__file__),
            args.model,
            "--loop",
            "--seconds",
            str(args.seconds),
            "--threads",
            str(args.threads),
        ]
        subprocess.run(command, check=True)
        with open(raw_path) as raw:
            print(summarise(raw, args.top))
    return 0


if __name__ == "__main__":
    sys.exit(main())
