"""What a steady call's writing costs inside steady calls, and two packages' writing alternated.

    python benchmarks/out_path.py [--calls 60] [--models mlp conv] [--against DIR]

Inside a call each part of the writing (the samples after the forward, the step blob, the
summary proto, the event) costs 1.5-4 times what it costs repeated alone on one call's
inputs: the forward leaves the caches and the interpreter's code cold. So the parts are
timed here inside steady calls on the stacks of per_module_cost.py, by the CPU time of the
thread that runs them (`time.thread_time`: the event file's own thread is timed apart),
medians over `--calls` calls.

With `--against DIR`, DIR's writing (its `recording._attach_samples` with its codec and
sample plans, its `StatColumns.stored_columns` and its `summary.blob_sequence_summary`)
and this checkout's alternate call by call (ABBA) in one process, on the same model, so
that differences of tens of microseconds a call show: each one's `_attach_samples` and
`blob_sequence_summary` CPU time, and its whole call (process time).
"""

import argparse
import collections
import statistics
import sys
import tempfile
import time
import types
from collections.abc import Callable
from typing import Any

from per_module_cost import module_of, trained_stack

# part -> (module of this package, attribute path): timed where it runs.
_PARTS = [
    ("samples and step blob (_attach_samples)", "tensorboard_modelviz.capture.recording", "_attach_samples"),
    ("  step blob (StepEncoder)", "tensorboard_modelviz.format.codec", "StepEncoder.__init__"),
    ("  sample plan lookup (plan_for)", "tensorboard_modelviz.capture.recording", "plan_for"),
    ("  quantise (quantise_grouped)", "tensorboard_modelviz.capture.sample_plan", "quantise_grouped"),
    ("  range texts", "tensorboard_modelviz.format.codec", "range_texts"),
    ("  value streams", "tensorboard_modelviz.capture.sample_plan", "_stored_streams"),
    ("  sample headers (SampleHeads.encode)", "tensorboard_modelviz.format.codec", "SampleHeads.encode"),
    ("summary proto (blob_sequence_summary)", "tensorboard_modelviz.format.summary", "blob_sequence_summary"),
    (
        "event handed over (EventFileWriter.add_event)",
        "tensorboard.summary.writer.event_file_writer",
        "EventFileWriter.add_event",
    ),
    (
        "event written, its own thread (RecordWriter.write)",
        "tensorboard.summary.writer.record_writer",
        "RecordWriter.write",
    ),
]


def _wrap(owner: Any, name: str, record: Callable[[float], None]) -> None:
    """Replace owner.name by a wrapper that passes each call's thread CPU time to `record`."""
    function = getattr(owner, name)

    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.thread_time()
        try:
            return function(*args, **kwargs)
        finally:
            record(time.thread_time() - start)

    setattr(owner, name, timed)


def _resolve(module_name: str, path: str) -> tuple[Any, str]:
    owner: Any = sys.modules[module_name]
    *outer, name = path.split(".")
    for part in outer:
        owner = getattr(owner, part)
    return owner, name


def parts(which: str, calls: int) -> dict[str, float]:
    """Each part's µs of thread CPU time in a steady call (all its runs in the call:
    range texts run twice), the median over `calls` calls."""
    from tensorboard_modelviz import SummaryWriter

    this_call: collections.Counter[str] = collections.Counter()  # part -> µs in the call running
    for label, module_name, path in _PARTS:
        owner, name = _resolve(module_name, path)
        _wrap(owner, name, lambda seconds, label=label: this_call.update({label: seconds * 1e6}))
    model, x = trained_stack(which)
    writer = SummaryWriter(tempfile.mkdtemp())
    times: dict[str, list[float]] = collections.defaultdict(list)
    for step in range(4 + calls):
        this_call.clear()
        writer.add_model_viz(model, x, step)
        writer.flush()  # the event's thread has written it (and timed its write) when this returns
        if step >= 4:
            for label, micros in this_call.items():
                times[label].append(micros)
    writer.close()
    return {label: statistics.median(times[label]) for label, _, _ in _PARTS if times[label]}


def alternated(which: str, calls: int, against: str) -> dict[str, dict[str, float]]:
    """{package: {what: median µs}} of DIR's writing and this checkout's alternating call by call."""
    from tensorboard_modelviz import SummaryWriter
    from tensorboard_modelviz.capture import recording, stat_columns
    from tensorboard_modelviz.format import summary

    base_codec = module_of(against, "tensorboard_modelviz/format/codec.py")
    base_plans = module_of(against, "tensorboard_modelviz/capture/sample_plan.py")
    base_plans.codec = base_codec  # its plans' directories are its codec's
    base_recording = module_of(against, "tensorboard_modelviz/capture/recording.py")
    base_columns = module_of(against, "tensorboard_modelviz/capture/stat_columns.py")
    base_summary = module_of(against, "tensorboard_modelviz/format/summary.py")
    base_attach = types.FunctionType(
        base_recording._attach_samples.__code__,
        {**vars(recording), "codec": base_codec, "plan_for": base_plans.plan_for},
    )
    variants = {
        against: (base_attach, base_columns.StatColumns.stored_columns, base_summary.blob_sequence_summary),
        "this checkout": (
            recording._attach_samples,
            stat_columns.StatColumns.stored_columns,
            summary.blob_sequence_summary,
        ),
    }
    current = ["this checkout"]
    times: dict[str, dict[str, list[float]]] = {name: collections.defaultdict(list) for name in variants}

    def timed(index: int, label: str) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            start = time.thread_time()
            try:
                return variants[current[0]][index](*args, **kwargs)
            finally:
                times[current[0]][label].append((time.thread_time() - start) * 1e6)

        return call

    recording._attach_samples = timed(0, "_attach_samples")
    summary.blob_sequence_summary = timed(2, "blob_sequence_summary")
    model, x = trained_stack(which)
    writer = SummaryWriter(tempfile.mkdtemp())
    names = list(variants)
    for step in range(4 + 2 * calls):
        current[0] = names[(step // 2 + step) % 2]  # ABBA
        stat_columns.StatColumns.stored_columns = variants[current[0]][1]
        start = time.process_time()
        writer.add_model_viz(model, x, step)
        writer.flush()
        if step >= 4:
            times[current[0]]["call"].append((time.process_time() - start) * 1e6)
    writer.close()
    return {name: {what: statistics.median(values) for what, values in found.items()} for name, found in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=60)
    parser.add_argument("--models", nargs="+", default=["mlp", "conv"], choices=["mlp", "conv"])
    parser.add_argument("--against", help="another checkout's package directory, alternated with this one's")
    args = parser.parse_args()
    for which in args.models:
        if args.against:
            found = alternated(which, args.calls, args.against)
            print("\n%s: µs of CPU time a call, medians of %d calls each, alternating" % (which, args.calls))
            print("| package | _attach_samples | blob_sequence_summary | whole call |")
            print("| --- | ---: | ---: | ---: |")
            for name, medians in found.items():
                print(
                    "| %s | %.0f | %.0f | %.0f |"
                    % (name, medians["_attach_samples"], medians["blob_sequence_summary"], medians["call"])
                )
        else:
            print("\n%s: µs of thread CPU time a steady call, over %d calls" % (which, args.calls))
            print("| part | µs a call |")
            print("| --- | ---: |")
            for label, micros in parts(which, args.calls).items():
                print("| %s | %.0f |" % (label, micros))


if __name__ == "__main__":
    main()
