"""Where a steady call's time goes, by part, on deep stacks of tiny layers, for two packages.

    python benchmarks/call_sections.py --against DIR [--repeats 3] [--calls 30]

Each package (this checkout, and DIR's `tensorboard_modelviz`) runs in worker processes,
alternately, `--repeats` times per model (the MLP and conv stacks of per_module_cost.py);
a worker times `--calls` steady calls with perf_counter wrappers (process_time with
`--cpu`: on a loaded machine the wall clock counts other processes' time) around the functions
that make up each part (the wrappers cost about a microsecond a call each), and the
table gives the median over the repeats of each part's mean per call, in ms.
"""

import argparse
import collections
import functools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

# part -> the functions (module, attribute) whose time it is; a missing one is skipped.
_WRAPPED = [
    ("recording", "_run_forward"),
    ("tracer.Trace", "finish_stats"),
    ("recording", "describe_parameters"),
    ("recording", "_attach_samples"),
    ("codec.StepEncoder", "__init__"),
    ("recording", "quantise"),
    ("sample_plan", "quantise_grouped"),
    ("codec", "encode_sample"),
    ("sample_plan", "_stored_streams"),
    ("codec", "range_texts"),
    ("codec.SampleHeads", "encode"),
    ("recording", "fit_to_budget"),
    ("recording", "_key"),
    ("update_ratio.ParameterHistory", "update_ratios"),
    ("writer", "_add_summary"),
    ("SummaryWriter", "flush"),
    ("statistics", "describe_segments"),
    ("parameter_stats", "describe_flat"),
    ("parameter_stats", "describe_columns"),  # the segment passes since format version 2
]


def worker(which: str, calls: int, clock=time.perf_counter) -> dict:
    import torch
    from per_module_cost import conv_stack, mlp_stack

    from tensorboard_modelviz import SummaryWriter
    from tensorboard_modelviz.capture import parameter_stats, recording, statistics, tracer, update_ratio

    try:
        from tensorboard_modelviz.capture import sample_plan
    except ImportError:  # a package from before the samples' plans
        sample_plan = None
    from tensorboard_modelviz.capture import writer as writer_module
    from tensorboard_modelviz.format import codec

    spaces = {
        "recording": recording,
        "tracer.Trace": tracer.Trace,
        "codec": codec,
        "codec.StepEncoder": codec.StepEncoder,
        "codec.SampleHeads": getattr(codec, "SampleHeads", None),
        "sample_plan": sample_plan,
        "update_ratio.ParameterHistory": update_ratio.ParameterHistory,
        "statistics": statistics,
        "parameter_stats": parameter_stats,
        "writer": writer_module,
        "SummaryWriter": SummaryWriter,
    }
    total: collections.Counter = collections.Counter()

    def wrap(space: object, name: str, label: str) -> None:
        function = getattr(space, name)

        @functools.wraps(function)
        def timed(*args, **kwargs):
            start = clock()
            try:
                return function(*args, **kwargs)
            finally:
                total[label] += clock() - start

        setattr(space, name, timed)

    for space, name in _WRAPPED:
        if spaces[space] is not None and hasattr(spaces[space], name):
            wrap(spaces[space], name, "%s.%s" % (space.split(".")[-1], name))
    torch.set_num_threads(1)
    torch.manual_seed(0)
    model, x = (mlp_stack if which == "mlp" else conv_stack)()
    model.train()
    model(x).square().mean().backward()
    writer = SummaryWriter(tempfile.mkdtemp())
    for step in range(4):
        writer.add_model_viz(model, x, step)
        writer.flush()
    total.clear()
    start = clock()
    for step in range(4, 4 + calls):
        writer.add_model_viz(model, x, step)
        writer.flush()
    call = (clock() - start) / calls
    with torch.no_grad():
        start = clock()
        for _ in range(calls):
            model(x)
        forward = (clock() - start) / calls
    found = {label: seconds / calls * 1e3 for label, seconds in total.items()}
    found["call"], found["forward"] = call * 1e3, forward * 1e3
    return found


def parts(found: dict) -> dict:
    """The call split into parts (ms), from one worker's figures."""
    get = lambda label: found.get(label, 0.0)  # noqa: E731
    quantise = get("recording.quantise") + get("sample_plan.quantise_grouped")
    sample_blobs = (
        get("codec.encode_sample")
        + get("sample_plan._stored_streams")
        + get("codec.range_texts")
        + get("SampleHeads.encode")
    )
    result = {
        "forward under the hooks (beyond finish_stats)": get("recording._run_forward") - get("Trace.finish_stats"),
        "  of which: the plain forward": get("forward"),
        "activations' statistics (finish_stats)": get("Trace.finish_stats"),
        "parameters and gradients (describe_parameters)": get("recording.describe_parameters"),
        "  of which: segment passes (describe_flat)": get("parameter_stats.describe_flat")
        + get("parameter_stats.describe_columns"),
        "step blob: JSON + deflate (StepEncoder)": get("StepEncoder.__init__"),
        "samples: quantise": quantise,
        "samples: blobs (headers, framing)": sample_blobs,
        "samples: fit, directory, rest of _attach_samples": get("recording._attach_samples")
        - get("StepEncoder.__init__")
        - quantise
        - sample_blobs,
        "structure key": get("recording._key"),
        "update ratios": get("ParameterHistory.update_ratios"),
        "writer: summary protos (_add_summary)": get("writer._add_summary"),
        "writer: flush (event file)": get("SummaryWriter.flush"),
    }
    accounted = sum(v for k, v in result.items() if not k.startswith("  "))
    result["rest (guards, writer, flush)"] = get("call") - accounted
    result["call"] = get("call")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--against", required=True)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--calls", type=int, default=30)
    parser.add_argument("--cpu", action="store_true", help="process time instead of the wall clock")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        sys.path.insert(0, HERE)
        print(json.dumps(worker(args.worker, args.calls, time.process_time if args.cpu else time.perf_counter)))
        return
    packages = [("this checkout", ROOT), (args.against, args.against)]
    print("load average %.2f at the start" % os.getloadavg()[0])
    for which, modules in (("mlp", 400), ("conv", 300)):
        found: dict = {name: [] for name, _ in packages}
        for repeat in range(args.repeats):
            for name, path in packages if repeat % 2 == 0 else packages[::-1]:
                env = dict(os.environ, PYTHONPATH=path)
                out = subprocess.run(
                    [
                        sys.executable,
                        __file__,
                        "--against",
                        args.against,
                        "--worker",
                        which,
                        "--calls",
                        str(args.calls),
                        *(["--cpu"] if args.cpu else []),
                    ],
                    check=True,
                    env=env,
                    capture_output=True,
                    text=True,
                ).stdout
                found[name].append(parts(json.loads(out.strip().splitlines()[-1])))
        labels = list(found[packages[0][0]][0])
        clock = "CPU time" if args.cpu else "wall clock"
        print(
            "\n%s (%d modules), ms per steady call (%s), median of %d workers" % (which, modules, clock, args.repeats)
        )
        print("| part | %s | %s | µs/module before → after |" % (packages[1][0], packages[0][0]))
        print("| --- | ---: | ---: | ---: |")
        for label in labels:
            before = statistics.median(f[label] for f in found[packages[1][0]])
            after = statistics.median(f[label] for f in found[packages[0][0]])
            print(
                "| %s | %.2f | %.2f | %.1f → %.1f |"
                % (label, before, after, before * 1e3 / modules, after * 1e3 / modules)
            )
    print("load average %.2f at the end" % os.getloadavg()[0])


if __name__ == "__main__":
    main()
