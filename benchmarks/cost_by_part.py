"""What each part of a steady add_model_viz call costs, by turning parts off with its options.

    python benchmarks/cost_by_part.py resnet50 [bert ...] [--rounds 30] [--threads N]

One writer per variant, on the same model and inputs:
- everything: the defaults;
- no activation samples: `max_samples=0` (statistics still taken);
- no parameter statistics: `param_stats=False, track_updates=False`;
- no activations: `include=[]` (no activation statistics, no samples);
- nothing recorded: both of the last two; what is left is the forward under the hooks
  that check the structure, and the writing of a small step document.

Each round runs, for every variant in an order rotated from round to round, a plain
no-grad forward (repeated for tiny models, as in the suite) and then one steady call of
that variant (flushed, as the suite times it). A variant's figure is the median over
rounds of its call over the forward just before it. What a part costs is the difference
between two rows; on a shared machine each row carries noise too (runs of 15 rounds have
differed by up to 0.2x), so a difference of a tenth or so says nothing.
"""

import argparse
import os
import statistics
import sys
import tempfile
import warnings

import torch

from measure import forward_seconds, rotated, timed
from models import CASES_BY_NAME, build
from tensorboard_modelviz import SummaryWriter

VARIANTS = {
    "everything": {},
    "no activation samples": {"max_samples": 0},
    "no parameter statistics": {"param_stats": False, "track_updates": False},
    "no activations": {"include": []},
    "nothing recorded": {"include": [], "param_stats": False, "track_updates": False},
}


def measure(model_name, rounds, logs_dir):
    """Variant name -> median ratio of its steady call to a plain forward."""
    model, inputs = build(model_name)
    writers = {name: SummaryWriter(os.path.join(logs_dir, model_name, str(i))) for i, name in enumerate(VARIANTS)}
    names = list(VARIANTS)
    ratios = {name: [] for name in names}
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            for name in names:  # the first calls: structure, lazy imports
                writers[name].add_model_viz(model, inputs, 0, **VARIANTS[name])
            for step in range(1, rounds + 1):
                for name in rotated(names, step):
                    forward, _ = forward_seconds(model, inputs)
                    writer, options = writers[name], VARIANTS[name]
                    call, _ = timed(lambda: (writer.add_model_viz(model, inputs, step, **options), writer.flush()))
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
    parser.add_argument("models", nargs="+", choices=sorted(CASES_BY_NAME), metavar="MODEL",
                        help="models of benchmarks/models.py: %(choices)s")
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--threads", type=int, help="torch threads (default: torch's)")
    args = parser.parse_args(argv)
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    if args.threads:
        torch.set_num_threads(args.threads)
    results = {}
    with tempfile.TemporaryDirectory() as logs_dir:
        for name in args.models:
            print("[cost_by_part] %s" % name, file=sys.stderr, flush=True)
            results[name] = measure(name, args.rounds, logs_dir)
    print("Steady add_model_viz call over a plain forward, median of %d rounds (torch threads: %d)\n"
          % (args.rounds, torch.get_num_threads()))
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
