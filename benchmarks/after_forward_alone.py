"""What each part of a steady call's samples and step blob costs alone, on one call's inputs.

    python benchmarks/after_forward_alone.py [--models mlp conv] [--batches 15] [--repeat 10]

On the stacks of per_module_cost.py: three steady calls (SummaryWriter, flushed) are made
and the last one's inputs to `recording._fit_samples` kept (the step document, the raw
samples, their aliases); then each part of what `_fit_samples` does with them (the step
encoder and its pieces, the sample plan's lookup, quantisation, range texts, value streams,
headers) and `tracer._with_modes_off_for` around a no-op (what `_attach_samples`' wrapper
costs) are repeated alone: the minimum over `--batches` batches of `--repeat` calls each,
by the process's CPU time, µs a call and a module. The minimum is what a part costs warm on
a quiet core; inside a call each part costs 1.5-2 times that (benchmarks/out_path.py times
them there). It measures the tensorboard_modelviz it imports.
"""

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))  # this checkout's package, before an installed one

from per_module_cost import trained_stack  # noqa: E402

from tensorboard_modelviz import SummaryWriter  # noqa: E402
from tensorboard_modelviz.capture import activation_samples, recording, sample_plan, tracer  # noqa: E402
from tensorboard_modelviz.format import codec, deflate  # noqa: E402


def fastest(work: Callable[[], Any], batches: int, repeat: int) -> float:
    """The least mean CPU seconds of `work` over `batches` batches of `repeat` calls."""
    work()
    best = float("inf")
    for _ in range(batches):
        started = time.process_time()
        for _ in range(repeat):
            work()
        best = min(best, (time.process_time() - started) / repeat)
    return best


def last_inputs(stack: str) -> tuple[dict[str, Any], dict[str, Any], dict[str, str], int]:
    """The step document (without "samples"), raw samples, aliases and max_bytes that the
    last of three steady calls on `stack` gave `_fit_samples`."""
    model, x = trained_stack(stack)
    kept: list[tuple[Any, ...]] = []
    original = recording._fit_samples

    def keeping(*args: Any) -> Any:
        kept[:] = [args]
        return original(*args)

    recording._fit_samples = keeping
    try:
        with tempfile.TemporaryDirectory() as logs:
            writer = SummaryWriter(logs)
            for step in range(3):
                writer.add_model_viz(model, x, step)
                writer.flush()
            writer.close()
    finally:
        recording._fit_samples = original
    step, raw, aliases, max_bytes = kept[0]
    step = {key: value for key, value in step.items() if key != "samples"}
    return step, dict(raw), dict(aliases), max_bytes


def parts(stack: str) -> dict[str, Callable[[], Any]]:
    """Each part of `_fit_samples` on the last steady call's inputs, ready to repeat."""
    step, raw, aliases, max_bytes = last_inputs(stack)
    keys = list(raw)
    layouts, copies, sources = zip(*raw.values())
    plan = sample_plan.plan_for(keys, layouts, copies, sources, aliases)
    stored, _, _ = codec._stored_step(step)
    text = codec.to_json_bytes(stored)
    fields = [step[name] for name in ("activations", "params", "grads")]
    integers = b"".join(field.stored_columns()[1] for field in fields)
    quantised = activation_samples.quantise_grouped(plan._grouping, copies)
    lows: list[bytes] = []
    highs: list[bytes] = []
    streams: list[Any] = []
    for values, low, high in quantised:
        lows += codec.range_texts(low)
        highs += codec.range_texts(high)
        streams += sample_plan._stored_streams(values)

    def nothing() -> None:
        return None

    return {
        "_fit_samples": lambda: recording._fit_samples(dict(step), raw, aliases, max_bytes),
        "StepEncoder": lambda: codec.StepEncoder(step),
        "  stored_columns, three fields": lambda: [field.stored_columns() for field in fields],
        "  deflate of the integer columns": lambda: deflate.compress(integers),
        "  JSON": lambda: codec.to_json_bytes(stored),
        "  split stream of the JSON": lambda: deflate.SplitStream(memoryview(text)[:-1]),
        "plan_for": lambda: sample_plan.plan_for(keys, layouts, copies, sources, aliases),
        "SamplePlan.encode": lambda: plan.encode(copies),
        "  quantise_grouped": lambda: activation_samples.quantise_grouped(plan._grouping, copies),
        "  range texts": lambda: [(codec.range_texts(low), codec.range_texts(high)) for _, low, high in quantised],
        "  value streams": lambda: [sample_plan._stored_streams(values) for values, _, _ in quantised],
        "    Adler-32 of the rows": lambda: [sample_plan._adler32_of_rows(values) for values, _, _ in quantised],
        "  headers (SampleHeads.encode)": lambda: plan._heads.encode(lows, highs, streams),
        "_with_modes_off_for, no-op work": lambda: tracer._with_modes_off_for(
            (sample[1] for sample in raw.values()), nothing
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--models", nargs="+", default=["mlp", "conv"], choices=["mlp", "conv"])
    parser.add_argument("--batches", type=int, default=15)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    print("load average %.2f; one torch thread" % os.getloadavg()[0])
    for stack in args.models:
        modules = 400 if stack == "mlp" else 300
        print("\n%s (%d modules): least CPU time a call, alone" % (stack, modules))
        print("| part | µs a call | µs a module |\n| --- | ---: | ---: |")
        for name, work in parts(stack).items():
            seconds = fastest(work, args.batches, args.repeat)
            print("| %s | %.1f | %.2f |" % (name, seconds * 1e6, seconds * 1e6 / modules))


if __name__ == "__main__":
    main()
