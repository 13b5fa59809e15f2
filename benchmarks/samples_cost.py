"""What the activation samples cost inside steady add_model_viz calls, function by function.

    python benchmarks/samples_cost.py [--calls 10] [--models mlp conv resnet50]
    python benchmarks/samples_cost.py --single-reduction [--calls 12]

On per_module_cost.py's two deep stacks (train mode, after one backward) and models.py's
ResNet-50-shaped CNN at batch 1, one torch thread: the process time spent in each function
of the samples' path (the reductions in the forward hooks, `fit_to_budget` where the
samples do not all fit whole, the sample plan's lookup (`plan_for`), `quantise_grouped`,
the blobs' ranges (`range_texts`), value streams (`_stored_streams`) and framing
(`SampleHeads.encode`), and `recording._attach_samples`, which holds them all and the step
document's encoding), timed around each call to it, ms per steady call, mean
over `--calls` calls after two unmeasured ones. It measures the tensorboard_modelviz it
imports: to compare another checkout's, run it with that checkout first on PYTHONPATH,
alternating the two.

`--single-reduction` measures a definition that is not the package's, on ResNet-50: each
map reduced in its hook once, to the size the budget's fit chose for it at the previous
call, instead of reduced in the hook and again by the fit. Steady calls of the two
alternate; printed are each one's median call against a forward, the parts' times, and
how the stored samples differ (uint8 values and ranges).
"""

import argparse
import collections
import os
import sys
import tempfile
import time
from typing import Any, Callable, Dict, List, Tuple

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import models  # noqa: E402
from per_module_cost import conv_stack, mlp_stack  # noqa: E402

from tensorboard_modelviz import SummaryWriter  # noqa: E402
from tensorboard_modelviz.capture import recording, sample_plan, tracer  # noqa: E402
from tensorboard_modelviz.format import codec  # noqa: E402

Spent = Dict[Any, float]


def _timed(owner: Any, name: str, spent: Spent, label: Callable[[], Any]) -> None:
    """Replace `owner.name` by a function adding the process time of each call to
    spent[label()]."""
    function = getattr(owner, name)

    def timed(*args, **kwargs):
        start = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            spent[label()] += time.process_time() - start

    setattr(owner, name, timed)


def _model(name: str) -> Tuple[torch.nn.Module, torch.Tensor]:
    if name == "resnet50":
        return models.build("resnet50")
    model, x = {"mlp": mlp_stack, "conv": conv_stack}[name]()
    model.train()
    model(x).square().mean().backward()  # gradients present, as in a training loop
    return model, x


def _forward_ms(model: torch.nn.Module, x: torch.Tensor, calls: int) -> float:
    with torch.no_grad():
        start = time.process_time()
        for _ in range(calls):
            model(x)
        return (time.process_time() - start) / calls * 1e3


def parts(names: List[str], calls: int) -> None:
    spent: Spent = collections.defaultdict(float)
    for owner, name in (
        (tracer, "reduce_activation"),
        (recording, "fit_to_budget"),
        (recording, "plan_for"),
        (sample_plan, "quantise_grouped"),
        (codec, "range_texts"),
        (sample_plan, "_stored_streams"),
        (codec.SampleHeads, "encode"),
        (recording, "_attach_samples"),
    ):
        _timed(owner, name, spent, lambda name=name: name)
    for name in names:
        torch.manual_seed(0)
        model, x = _model(name)
        with tempfile.TemporaryDirectory() as logs:
            writer = SummaryWriter(logs)
            for step in range(2):
                writer.add_model_viz(model, x, step)
            spent.clear()
            start = time.process_time()
            for step in range(2, calls + 2):
                writer.add_model_viz(model, x, step)
                writer.flush()
            call = (time.process_time() - start) / calls * 1e3
            writer.close()
        print("%s: steady call %.2f ms, forward %.2f ms (process time)" % (name, call, _forward_ms(model, x, calls)))
        for part, seconds in spent.items():
            print("  %-20s %7.3f ms a call" % (part, seconds / calls * 1e3))


def single_reduction(calls: int) -> None:
    state: Dict[str, Any] = {"once": False, "index": 0, "chosen": {}, "samples": None}
    reduce = tracer.reduce_activation

    def reduce_once(tensor, max_samples, max_channels, max_side, *rest):
        # Hooks run in the same order at every steady call: the index names the map.
        state["index"] += 1
        chosen = state["chosen"].get(state["index"] - 1) if state["once"] else None
        if chosen is not None and tensor.ndim == 4:
            return reduce(tensor, *chosen, *rest)
        return reduce(tensor, max_samples, max_channels, max_side, *rest)

    fit = recording.fit_to_budget

    def fit_and_note(samples, budget):
        fitted = fit(samples, budget)
        state["chosen"] = {
            index: (t.shape[0], t.shape[1], max(t.shape[2:]))
            for index, key in enumerate(samples)
            if key in fitted and fitted[key][0] == "chw"
            for t in [fitted[key][1]]
        }
        return fitted

    attach = recording._attach_samples

    def attach_and_keep(*args):
        result = attach(*args)
        state["samples"] = {header["key"]: (header, values) for header, values in result[0]}
        return result

    tracer.reduce_activation = reduce_once
    recording.fit_to_budget = fit_and_note
    recording._attach_samples = attach_and_keep
    spent: Spent = collections.defaultdict(float)
    _timed(tracer, "reduce_activation", spent, lambda: (state["once"], "reductions in the hooks"))
    _timed(recording, "fit_to_budget", spent, lambda: (state["once"], "fit_to_budget"))
    _timed(sample_plan, "quantise_grouped", spent, lambda: (state["once"], "quantise"))

    torch.manual_seed(0)
    model, x = models.build("resnet50")
    seconds: Dict[bool, List[float]] = {False: [], True: []}
    samples = {}
    with tempfile.TemporaryDirectory() as logs:
        writer = SummaryWriter(logs)
        step = 0
        for round_ in range(calls + 2):
            for once in (False, True) if round_ % 2 == 0 else (True, False):
                state["once"], state["index"] = once, 0
                start = time.process_time()
                writer.add_model_viz(model, x, step)
                if round_ >= 2:
                    seconds[once].append(time.process_time() - start)
                samples[once] = state["samples"]
                step += 1
            if round_ == 1:
                spent.clear()
        writer.close()
    forward = _forward_ms(model, x, 6)
    for once in (False, True):
        call = float(np.median(seconds[once])) * 1e3
        label = "once, to last call's fit" if once else "in the hook, then by the fit"
        print("%s: steady call %.1f ms, %.3f× a forward (%.1f ms)" % (label, call, call / forward, forward))
        for (part_once, part), total in sorted(spent.items()):
            if part_once == once:
                print("  %-24s %6.2f ms a call" % (part, total / calls * 1e3))
    _print_changes(samples[False], samples[True])


def _print_changes(before: Dict[str, Any], after: Dict[str, Any]) -> None:
    values = changed = ranges = ranges_changed = 0
    largest_step = largest_range_change = 0.0
    for key, (header, data) in before.items():
        other = after.get(key)
        if other is None or other[0]["shape"] != header["shape"]:
            print("  %s: not comparable (%s)" % (key, "missing" if other is None else other[0]["shape"]))
            continue
        a, b = np.frombuffer(data, np.uint8).astype(int), np.frombuffer(other[1], np.uint8).astype(int)
        values += a.size
        changed += int((a != b).sum())
        largest_step = max(largest_step, float(np.abs(a - b).max()))
        for field in ("lo", "hi"):
            x, y = np.array(header[field], float).ravel(), np.array(other[0][field], float).ravel()
            ranges += x.size
            ranges_changed += int((x != y).sum())
            largest_range_change = max(
                largest_range_change, float((np.abs(x - y) / np.maximum(np.abs(x), 1e-30)).max())
            )
    print(
        "samples: %d of %d uint8 values changed (by at most %d); %d of %d ranges changed (at most %.2g relative)"
        % (changed, values, largest_step, ranges_changed, ranges, largest_range_change)
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calls", type=int, default=10)
    parser.add_argument("--models", nargs="+", default=["mlp", "conv", "resnet50"], choices=["mlp", "conv", "resnet50"])
    parser.add_argument("--single-reduction", action="store_true")
    args = parser.parse_args()
    torch.set_num_threads(1)
    if args.single_reduction:
        single_reduction(args.calls)
    else:
        parts(args.models, args.calls)


if __name__ == "__main__":
    main()
