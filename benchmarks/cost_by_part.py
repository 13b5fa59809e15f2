"""What each part of a steady add_model_viz call costs, by turning parts off with its options.

    python benchmarks/cost_by_part.py resnet50 [bert ...] [--rounds 30] [--threads N] [--cuda]

One writer per variant, on the same model and inputs:
- everything: the defaults;
- no activation samples: `max_samples=0` (statistics still taken);
- no parameter statistics: `param_stats=False, track_updates=False`;
- no activations: `include=[]` (no activation statistics, no samples);
- nothing recorded: both of the last two; what is left is the forward under the hooks
  that check the structure, and the writing of a small step document;
- activation statistics alone: no samples and no parameter statistics, the cheapest
  options that still describe every output;
- the extremes pass alone: the options of the row before, but of the statistics only
  the one full pass (`statistics._extremes`) that exact minima and maxima need, inside the hook
  of each recorded output of more than `statistics.EXACT_LIMIT` values, and nothing else
  (no subset, no reductions: its statistics are left empty). No implementation that
  keeps the extremes exact does less, so this row is a floor for the defaults' cost,
  however the rest were written. It replaces `PendingStats.add_keeping_copy` (what the
  hooks call) while its calls run (`_extremes_only`).

Each round runs, for every variant in an order rotated from round to round, a plain
no-grad forward (repeated for tiny models, as in the suite) and then one steady call of
that variant (flushed, as the suite times it). A variant's figure is the median over
rounds of its call over the forward just before it. What a part costs is the difference
between two rows; on a shared machine each row carries noise too (runs of 15 rounds have
differed by up to 0.2x), so a difference of a tenth or so says nothing. With `--cuda`
the models run on the GPU, and each forward and call is timed between two
`torch.cuda.synchronize()`, as in cuda_timing.py.
"""

import argparse
import contextlib
import os
import statistics
import sys
import tempfile
import warnings

import torch
from measure import forward_seconds, plain_forward, rotated, synchronized_seconds, timed, to_cuda
from models import CASES_BY_NAME, build

from tensorboard_modelviz import SummaryWriter
from tensorboard_modelviz.capture import statistics as tensor_statistics
from tensorboard_modelviz.capture.statistics import EXACT_LIMIT, PendingStats, flat_in_memory_order

_NO_PARAMETERS = {"param_stats": False, "track_updates": False}
_STATISTICS_ALONE = dict(_NO_PARAMETERS, max_samples=0)
VARIANTS = {
    "everything": {},
    "no activation samples": {"max_samples": 0},
    "no parameter statistics": _NO_PARAMETERS,
    "no activations": {"include": []},
    "nothing recorded": dict(_NO_PARAMETERS, include=[]),
    "activation statistics alone": _STATISTICS_ALONE,
    "the extremes pass alone": _STATISTICS_ALONE,  # with _extremes_only
}


@contextlib.contextmanager
def _extremes_only():
    """PendingStats.add_keeping_copy cut down to the full pass for an output's extremes (see
    the module docstring); its dicts stay empty and it keeps no copy."""

    def add_keeping_copy(pending, tensor, nonnegative_max=None, view=None):  # a relu's full pass as any other's
        values = flat_in_memory_order(tensor.detach())
        if values.numel() > EXACT_LIMIT:
            tensor_statistics._extremes(values)
        return {}, None

    original, PendingStats.add_keeping_copy = PendingStats.add_keeping_copy, add_keeping_copy
    try:
        yield
    finally:
        PendingStats.add_keeping_copy = original


# Variants whose calls need more than options.
_PATCHES = {"the extremes pass alone": _extremes_only}


def _variant_call(writer, model, inputs, step, name):
    """One call of the variant `name`, flushed (as the suite times a call)."""
    with _PATCHES.get(name, contextlib.nullcontext)():
        writer.add_model_viz(model, inputs, step, **VARIANTS[name])
        writer.flush()


def measure(model_name, rounds, logs_dir, cuda=False):
    """Variant name -> median ratio of its steady call to a plain forward."""
    model, inputs = build(model_name)
    if cuda:
        model, inputs = model.cuda(), to_cuda(inputs)
        for _ in range(5):  # cuDNN's autotuning, the allocator's growth
            plain_forward(model, inputs)
    writers = {name: SummaryWriter(os.path.join(logs_dir, model_name, str(i))) for i, name in enumerate(VARIANTS)}
    names = list(VARIANTS)
    ratios = {name: [] for name in names}
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            for name in names:  # the first calls: structure, lazy imports
                _variant_call(writers[name], model, inputs, 0, name)
            for step in range(1, rounds + 1):
                for name in rotated(names, step):
                    if cuda:
                        forward = synchronized_seconds(lambda: plain_forward(model, inputs))
                        call = synchronized_seconds(lambda: _variant_call(writers[name], model, inputs, step, name))
                    else:
                        forward, _ = forward_seconds(model, inputs)
                        call, _ = timed(_variant_call, writers[name], model, inputs, step, name)
                    ratios[name].append(call / forward)
        failures = [str(w.message) for w in caught if str(w.message).startswith("tensorboard_modelviz")]
        if failures:  # a capture that failed would pass for a cheap one
            raise RuntimeError("%s: %s" % (model_name, failures[0]))
    finally:
        for writer in writers.values():
            writer.close()
    return {name: statistics.median(values) for name, values in ratios.items()}


def table(results):
    """Markdown: a row per variant, a column per model."""
    models = list(results)
    lines = ["| recorded | " + " | ".join(models) + " |", "| --- |" + " ---: |" * len(models)]
    for name in VARIANTS:
        lines.append("| %s | %s |" % (name, " | ".join("%.2f×" % results[m][name] for m in models)))
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "models",
        nargs="+",
        choices=sorted(CASES_BY_NAME),
        metavar="MODEL",
        help="models of benchmarks/models.py: %(choices)s",
    )
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--threads", type=int, help="torch threads (default: torch's)")
    parser.add_argument("--cuda", action="store_true", help="run the models on the GPU")
    args = parser.parse_args(argv)
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    if args.cuda and not torch.cuda.is_available():
        parser.error("--cuda: no CUDA device")
    if args.threads:
        torch.set_num_threads(args.threads)
    results = {}
    with tempfile.TemporaryDirectory() as logs_dir:
        for name in args.models:
            print("[cost_by_part] %s" % name, file=sys.stderr, flush=True)
            results[name] = measure(name, args.rounds, logs_dir, args.cuda)
    where = torch.cuda.get_device_name() if args.cuda else "CPU, torch threads: %d" % torch.get_num_threads()
    print("Steady add_model_viz call over a plain forward, median of %d rounds (%s)\n" % (args.rounds, where))
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
