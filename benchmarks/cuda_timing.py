"""add_model_viz on a CUDA GPU: calls as ratios to a forward, and the cost in a training loop.

    python benchmarks/cuda_timing.py [--models resnet50 gpt2 ...] [--compare PACKAGE]
                                     [--out results_cuda.json]

Not part of run.py (CI machines have no GPU). Every time is taken between two
`torch.cuda.synchronize()` calls, so it counts the GPU's work as well as the host's.
Rounds interleave a forward, a steady call (a writer whose structure is known, flushed)
and, every third round, a first call on a new writer; medians are reported.

`--compare PACKAGE` times a second copy of the package (another version, importable
under that name) in the same process, its calls alternating with this one's, so that
the two meet the same GPU clocks and neighbours: the way to time a change.

The training loop: SGD steps of the model on its input and random targets, with a call
every `--viz-every` steps; the overhead is the time inside the calls over the time of
the steps (accounted, as in training_loop.py).
"""

import argparse
import importlib
import json
import os
import statistics
import sys
import tempfile

import torch
import torch.nn.functional as F
from measure import plain_forward, rotated, synchronized_seconds, to_cuda
from models import build, call_model


def _logits(output):
    if isinstance(output, torch.Tensor):
        return output
    for key in ("logits", "last_hidden_state"):
        if key in output:
            return output[key]
    return next(v for v in output.values() if isinstance(v, torch.Tensor))


def measure_calls(name, packages, rounds, root):
    """Forward, first and steady call times of one model, for each package (name -> module)."""
    model, inputs = build(name)
    model, inputs = model.cuda(), to_cuda(inputs)
    for _ in range(5):  # cuDNN autotuning, allocator growth, lazy modules
        plain_forward(model, inputs)
    times = {"forward": []}
    writers = {}
    for label, package in packages.items():
        writers[label] = package.SummaryWriter(os.path.join(root, label, name, "steady"))
        writers[label].add_model_viz(model, inputs, 0)  # first calls ever: imports and caches
        times[label + " first"], times[label + " steady"] = [], []
    for index in range(1, rounds + 1):
        times["forward"].append(synchronized_seconds(lambda: plain_forward(model, inputs)))
        for label in rotated(list(packages), index):
            package, writer = packages[label], writers[label]
            times[label + " steady"].append(
                synchronized_seconds(lambda: (writer.add_model_viz(model, inputs, index), writer.flush()))
            )
            if index % 3 == 0:
                with package.SummaryWriter(os.path.join(root, label, name, "first%d" % index)) as fresh:
                    times[label + " first"].append(
                        synchronized_seconds(lambda: (fresh.add_model_viz(model, inputs, 0), fresh.flush()))
                    )
    for writer in writers.values():
        writer.close()
    forward = statistics.median(times["forward"])
    result = {"model": name, "forward_ms": forward * 1e3}
    for kind, samples in times.items():
        if kind != "forward" and samples:
            result[kind + "_ratio"] = statistics.median(samples) / forward
            result[kind + "_ms"] = statistics.median(samples) * 1e3
    if "old steady" in times:  # the two packages' steady calls of each round, as pairs
        differences = sorted(new - old for new, old in zip(times["new steady"], times["old steady"]))
        quarter = len(differences) // 4
        result["steady_paired_difference_ms"] = {
            "median": statistics.median(differences) * 1e3,
            "quartiles": [differences[quarter] * 1e3, differences[-quarter - 1] * 1e3],
        }
    return result


def measure_training(name, package, steps, viz_every, root):
    """Time of `steps` SGD steps without calls, and of the calls made every `viz_every` steps."""
    model, inputs = build(name)
    model, inputs = model.cuda().train(), to_cuda(inputs)
    optimizer = torch.optim.SGD(model.parameters(), lr=1e-3)
    logits = _logits(call_model(model, inputs))
    target = torch.randint(0, logits.shape[-1], logits.shape[:-1], device="cuda")

    def step():
        optimizer.zero_grad(set_to_none=True)
        out = _logits(call_model(model, inputs))
        F.cross_entropy(out.reshape(-1, out.shape[-1]), target.reshape(-1)).backward()
        optimizer.step()

    for _ in range(5):
        step()
    step_seconds, viz_seconds = [], []
    with package.SummaryWriter(os.path.join(root, "training", name)) as writer:
        writer.add_model_viz(model, inputs, 0)
        for index in range(steps):
            step_seconds.append(synchronized_seconds(step))
            if index % viz_every == 0:
                viz_seconds.append(synchronized_seconds(lambda: writer.add_model_viz(model, inputs, index)))
    per_step = statistics.median(step_seconds)
    per_call = statistics.median(viz_seconds)
    return {
        "model": name,
        "step_ms": per_step * 1e3,
        "call_ms": per_call * 1e3,
        "viz_every": viz_every,
        "accounted_overhead": per_call / (viz_every * per_step),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--models",
        nargs="+",
        default=[
            "cnn",
            "resnet50",
            "resnet50_b16",
            "resnet50_channels_last",
            "gpt2",
            "gpt2_bfloat16",
            "gpt2_b4x256",
            "bert",
        ],
    )
    parser.add_argument("--training", nargs="+", default=["cnn", "resnet50_b16"])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--viz-every", type=int, default=100)
    parser.add_argument("--compare", help="a second package to time alongside, e.g. an older version")
    parser.add_argument("--out", default=None)
    args = parser.parse_args(argv)
    if not torch.cuda.is_available():
        sys.exit("no CUDA device")
    packages = {"new": importlib.import_module("tensorboard_modelviz")}
    if args.compare:
        packages["old"] = importlib.import_module(args.compare)
    from tensorboard_modelviz.capture import fast_crc
    from tensorboard_modelviz.format import codec

    # Without google-crc32c every call pays TensorBoard's pure-Python checksum (0.1 s on an
    # H200's host), without orjson the standard library's JSON (5-10 ms): both are
    # dependencies, and a machine that runs the package from a checkout may lack them.
    results = {
        "device": torch.cuda.get_device_name(),
        "torch": torch.__version__,
        "fast_crc": fast_crc.install(),
        "orjson": codec.orjson is not None,
        "calls": [],
        "training": [],
    }
    print(json.dumps({k: results[k] for k in ("device", "torch", "fast_crc", "orjson")}), flush=True)
    with tempfile.TemporaryDirectory() as root:
        for name in args.models:
            results["calls"].append(measure_calls(name, packages, args.rounds, root))
            print(json.dumps(results["calls"][-1]), flush=True)
        for name in args.training:
            for label, package in packages.items():
                result = dict(measure_training(name, package, args.steps, args.viz_every, root), package=label)
                results["training"].append(result)
                print(json.dumps(result), flush=True)
    if args.out:
        with open(args.out, "w") as out:
            json.dump(results, out, indent=1)


if __name__ == "__main__":
    main()
