"""Host cost per module of a steady add_model_viz call on deep stacks of tiny layers.

    python benchmarks/per_module_cost.py [--rounds 15] [--batches 3] [--against DIR ...]

Two models whose forward costs next to nothing, so that what a call adds is its own work
per module (hooks, statistics, samples, parameter and gradient statistics, update ratios,
the step document): an MLP of 200 × (Linear(16, 16), ReLU) called at batch 1, and a stack
of 100 × (Conv2d(8, 8, 3), BatchNorm2d(8), ReLU) called on 1×8×8×8. Both in train mode,
after one backward (so that gradients are recorded too), on one torch thread. Every round
times, per model in an order rotated from round to round, a plain no-grad forward (repeated
until it lasts 20 ms) and one steady call (flushed); the figure is the median over rounds
of `(call − forward) / modules` in µs (modules: the leaf modules, 400 and 300) and of the
call over the forward, by the wall clock and by the process's CPU time (on a loaded shared
machine the CPU time is the figure to read).

`--against DIR` also measures the package of another checkout (DIR holds its
`tensorboard_modelviz`; e.g. `git worktree add /tmp/base main`), so that before and after
come from one run: each package runs in its own worker process, `--batches` times, in an
order rotated from batch to batch, `--rounds` rounds each.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import warnings
from typing import Dict, List, Optional, Tuple

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def mlp_stack(depth: int = 200, width: int = 16):
    """(model, input): `depth` × (Linear(width, width), ReLU), called at batch 1."""
    import torch

    layers = []
    for _ in range(depth):
        layers += [torch.nn.Linear(width, width), torch.nn.ReLU()]
    return torch.nn.Sequential(*layers), torch.randn(1, width)


def conv_stack(depth: int = 100, channels: int = 8, side: int = 8):
    """(model, input): `depth` × (Conv2d 3×3, BatchNorm2d, ReLU), called on 1×C×side×side."""
    import torch

    layers = []
    for _ in range(depth):
        layers += [torch.nn.Conv2d(channels, channels, 3, padding=1), torch.nn.BatchNorm2d(channels), torch.nn.ReLU()]
    return torch.nn.Sequential(*layers), torch.randn(1, channels, side, side)


def module_of(directory: str, path: str):
    """The module in DIR's file `path` (e.g. "tensorboard_modelviz/capture/model_state.py"),
    loaded as a module of its own, beside this checkout's package."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("other_" + os.path.basename(path)[:-3], os.path.join(directory, path))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def trained_stack(stack: str):
    """(model, input) of the "mlp" or "conv" stack in train mode after one backward (so
    that gradients are recorded too), on one torch thread, as steady calls find them."""
    import torch

    torch.set_num_threads(1)
    torch.manual_seed(0)
    model, x = (mlp_stack if stack == "mlp" else conv_stack)()
    model.train()
    model(x).square().mean().backward()
    return model, x


STACKS = {"mlp 200 × Linear(16,16)+ReLU, batch 1": mlp_stack, "conv 100 × Conv-BN-ReLU, 1×8×8×8": conv_stack}


def _leaf_modules(model) -> int:
    return sum(1 for m in model.modules() if not any(True for _ in m.children()))


def worker(rounds: int) -> Dict[str, List[Tuple[float, float, float, float, int]]]:
    """[(forward, steady call, forward CPU, steady call CPU seconds, leaf modules)] per stack,
    `rounds` rounds, in this process (whose tensorboard_modelviz is the one measured)."""
    import torch

    sys.path.insert(0, HERE)
    from measure import forward_seconds, rotated, timed_both  # noqa: E402

    from tensorboard_modelviz import SummaryWriter

    torch.set_num_threads(1)
    torch.manual_seed(0)
    models = {}
    for name, build in STACKS.items():
        model, x = build()
        model.train()
        model(x).square().mean().backward()  # gradients present, as in a training loop
        models[name] = (model, x)
    samples: Dict[str, List[Tuple[float, float, float, float, int]]] = {name: [] for name in STACKS}
    with tempfile.TemporaryDirectory() as logs, warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        writers = {name: SummaryWriter(os.path.join(logs, str(i))) for i, name in enumerate(STACKS)}
        try:
            for name, (model, x) in models.items():  # the first call: the structure
                writers[name].add_model_viz(model, x, 0)
                writers[name].flush()
            for step in range(1, rounds + 1):
                for name in rotated(list(STACKS), step):
                    model, x = models[name]
                    forward, forward_cpu = forward_seconds(model, x)

                    def call() -> None:
                        writers[name].add_model_viz(model, x, step)
                        writers[name].flush()

                    seconds, cpu_seconds, _ = timed_both(call)
                    samples[name].append((forward, seconds, forward_cpu, cpu_seconds, _leaf_modules(model)))
        finally:
            for writer in writers.values():
                writer.close()
    failures = [str(w.message) for w in caught if str(w.message).startswith("tensorboard_modelviz")]
    if failures:  # a failed capture would pass for a cheap one
        raise RuntimeError(failures[0])
    return samples


def run_worker(script: str, package_root: str, arguments: List[str]) -> dict:
    """The JSON that `script --worker ARGUMENTS` prints last, run in a process of its own
    that imports the tensorboard_modelviz of `package_root` (and this directory's helpers)."""
    environment = dict(os.environ, PYTHONPATH=os.pathsep.join([package_root, HERE]))
    finished = subprocess.run(
        [sys.executable, os.path.abspath(script), "--worker", *arguments],
        cwd=package_root,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    if finished.returncode != 0:
        raise RuntimeError("worker %s for %s failed:\n%s" % (arguments, package_root, finished.stderr[-3000:]))
    return json.loads(finished.stdout.strip().splitlines()[-1])


def add_against_option(parser: argparse.ArgumentParser) -> None:
    """`--against DIR` (repeatable), which checkout_roots reads."""
    parser.add_argument(
        "--against",
        action="append",
        default=[],
        metavar="DIR",
        help="another checkout whose package is measured in the same run",
    )


def checkout_roots(parser: argparse.ArgumentParser, against: List[str]) -> Tuple[List[str], Dict[str, str]]:
    """(this checkout and those of --against, a label for each); a parser error for a
    directory that holds no package."""
    roots = [ROOT] + [os.path.abspath(d) for d in against]
    for root in roots[1:]:
        if not os.path.isdir(os.path.join(root, "tensorboard_modelviz")):
            parser.error("%s holds no tensorboard_modelviz package" % root)
    return roots, {root: "this checkout" if root == ROOT else root for root in roots}


def median(values: List[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def measure(roots: List[str], rounds: int, batches: int) -> Dict[str, Dict[str, List[List[float]]]]:
    """Samples per package root and stack, the roots' workers interleaved batch by batch."""
    sys.path.insert(0, HERE)
    from measure import rotated  # noqa: E402

    samples: Dict[str, Dict[str, List[List[float]]]] = {root: {name: [] for name in STACKS} for root in roots}
    for batch in range(batches):
        for root in rotated(roots, batch):
            for name, rows in run_worker(__file__, root, [str(rounds)]).items():
                samples[root][name] += rows
    return samples


def table(samples: Dict[str, Dict[str, List[List[float]]]], labels: Dict[str, str]) -> str:
    """Medians per package and stack, by the wall clock and by the process's CPU time (the
    steadier figure on a loaded machine: time other processes took the core is not counted)."""
    lines = [
        "| package | stack | modules | forward | steady call | call / forward | µs per module | "
        "call / forward, CPU | µs per module, CPU |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for root, by_stack in samples.items():
        for name, rows in by_stack.items():
            lines.append(
                "| %s | %s | %d | %.2f ms | %.2f ms | %.1f× | %.1f | %.1f× | %.1f |"
                % (
                    labels[root],
                    name,
                    int(rows[0][4]),
                    median([r[0] for r in rows]) * 1e3,
                    median([r[1] for r in rows]) * 1e3,
                    median([r[1] / r[0] for r in rows]),
                    median([(r[1] - r[0]) / r[4] * 1e6 for r in rows]),
                    median([r[3] / r[2] for r in rows]),
                    median([(r[3] - r[2]) / r[4] * 1e6 for r in rows]),
                )
            )
    return "\n".join(lines)


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=15, help="rounds per worker batch")
    parser.add_argument("--batches", type=int, default=1, help="worker batches per package")
    add_against_option(parser)
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker is not None:
        print(json.dumps(worker(args.worker)))
        return 0
    if args.rounds < 1 or args.batches < 1:
        parser.error("--rounds and --batches must be at least 1")
    roots, labels = checkout_roots(parser, args.against)
    load = "%.2f" % os.getloadavg()[0]
    samples = measure(roots, args.rounds, args.batches)
    print("load average %s at the start, %.2f at the end; one torch thread" % (load, os.getloadavg()[0]))
    print(table(samples, labels))
    return 0


if __name__ == "__main__":
    sys.exit(main())
