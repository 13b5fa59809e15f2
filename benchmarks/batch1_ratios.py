"""First and steady add_model_viz calls at batch 1 as ratios to a forward, with their peak memory.

    python benchmarks/batch1_ratios.py [--rounds 8] [--batches 1] [--models resnet50 gpt2 bert]
                                       [--against DIR ...]

The large models of the suite at batch 1 on the CPU, on one torch thread (models.py: a
ResNet-50-shaped CNN built in code, GPT-2 small and BERT-base from their transformers
configs with random weights), each in a fresh worker process per package and batch:

- peak memory: the growth of the process's resident high-water mark (VmHWM, reset
  through /proc/self/clear_refs; memory.py) over one plain forward, then over the first
  call, then over a steady call, each from the resident size just before it. torch's CPU
  allocations are plain malloc, which tracemalloc does not see: the resident set is the
  honest measure.
- time: the first call (the structure recorded, with its backward graph), then `--rounds`
  rounds of a plain no-grad forward (repeated until it lasts 20 ms) followed by a steady
  call, flushed. Figures are medians over rounds (first calls: over batches), by the
  wall clock and by the process's CPU time.

`--against DIR` measures the package of another checkout (DIR holds its
`tensorboard_modelviz`; e.g. `git archive main | tar -x -C /tmp/base`) in the same run,
the packages' workers alternating model by model and batch by batch.
"""

import argparse
import json
import os
import sys
import tempfile
import warnings
from typing import Dict, List, Optional

from per_module_cost import HERE, add_against_option, checkout_roots, median, run_worker

MODELS = ("resnet50", "gpt2", "bert")


def worker(model_name: str, rounds: int) -> Dict[str, object]:
    """The figures of one model, measured in this process (whose tensorboard_modelviz is
    the one measured)."""
    import torch

    sys.path.insert(0, HERE)
    from measure import forward_seconds, plain_forward, timed_both  # noqa: E402
    from memory import _PeakGrowth, _warm_up  # noqa: E402
    from models import build  # noqa: E402

    from tensorboard_modelviz import SummaryWriter

    torch.set_num_threads(1)
    _warm_up("viz")  # lazy imports and one-time set-up are not the model's
    model, inputs = build(model_name)
    result: Dict[str, object] = {}
    with tempfile.TemporaryDirectory() as logs, warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        writer = SummaryWriter(logs)
        try:
            growth = _PeakGrowth()
            plain_forward(model, inputs)
            result["forward_peak_bytes"] = growth.bytes()
            growth = _PeakGrowth()
            first, first_cpu, _ = timed_both(lambda: (writer.add_model_viz(model, inputs, 0), writer.flush()))
            result["first_call_peak_bytes"] = growth.bytes()
            growth = _PeakGrowth()
            writer.add_model_viz(model, inputs, 1)
            writer.flush()
            result["steady_call_peak_bytes"] = growth.bytes()
            result["peak_method"] = growth.method
            rows = []
            for step in range(2, rounds + 2):
                forward, forward_cpu = forward_seconds(model, inputs)
                seconds, cpu_seconds, _ = timed_both(
                    lambda: (writer.add_model_viz(model, inputs, step), writer.flush())
                )
                rows.append((forward, seconds, forward_cpu, cpu_seconds))
            result["first"] = (first, first_cpu)
            result["rounds"] = rows
        finally:
            writer.close()
    failures = [str(w.message) for w in caught if str(w.message).startswith("tensorboard_modelviz")]
    if failures:  # a failed capture would pass for a cheap one
        raise RuntimeError(failures[0])
    return result


def measure(roots: List[str], models: List[str], rounds: int, batches: int) -> Dict[str, Dict[str, list]]:
    """Worker results per package root and model, the roots alternating."""
    sys.path.insert(0, HERE)
    from measure import rotated  # noqa: E402

    results: Dict[str, Dict[str, list]] = {root: {name: [] for name in models} for root in roots}
    for batch in range(batches):
        for index, name in enumerate(models):
            for root in rotated(roots, batch + index):
                results[root][name].append(run_worker(__file__, root, [name, str(rounds)]))
    return results


def table(results: Dict[str, Dict[str, list]], labels: Dict[str, str]) -> str:
    """Medians per package and model; peaks are the medians over workers, in MiB."""
    lines = [
        "| package | model | forward | first call | first, CPU time | steady call | steady, CPU time | "
        "peak: forward | peak: first call | peak: steady call |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name in next(iter(results.values())):
        for root, by_model in results.items():
            workers = by_model[name]
            rows = [row for w in workers for row in w["rounds"]]
            forward = median([r[0] for r in rows])
            first = median([w["first"][0] / median([r[0] for r in w["rounds"]]) for w in workers])
            first_cpu = median([w["first"][1] / median([r[2] for r in w["rounds"]]) for w in workers])
            mib = [
                median([w[field] for w in workers]) / 2**20
                for field in ("forward_peak_bytes", "first_call_peak_bytes", "steady_call_peak_bytes")
            ]
            lines.append(
                "| %s | %s | %.1f ms | %.2f× | %.2f× | %.2f× | %.2f× | %.0f MiB | %.0f MiB | %.0f MiB |"
                % (
                    labels[root],
                    name,
                    forward * 1e3,
                    first,
                    first_cpu,
                    median([r[1] / r[0] for r in rows]),
                    median([r[3] / r[2] for r in rows]),
                    *mib,
                )
            )
    return "\n".join(lines)


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=8, help="steady rounds per worker")
    parser.add_argument("--batches", type=int, default=1, help="workers per package and model")
    parser.add_argument("--models", nargs="+", default=list(MODELS), help="cases of benchmarks/models.py")
    add_against_option(parser)
    parser.add_argument("--worker", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker is not None:
        print(json.dumps(worker(args.worker[0], int(args.worker[1]))))
        return 0
    if args.rounds < 1 or args.batches < 1:
        parser.error("--rounds and --batches must be at least 1")
    roots, labels = checkout_roots(parser, args.against)
    load = "%.2f" % os.getloadavg()[0]
    results = measure(roots, args.models, args.rounds, args.batches)
    print("load average %s at the start, %.2f at the end; one torch thread; batch 1" % (load, os.getloadavg()[0]))
    print(table(results, labels))
    return 0


if __name__ == "__main__":
    sys.exit(main())
