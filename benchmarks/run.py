"""Benchmark add_model_viz against a plain forward and against its peers, on one machine.

    python benchmarks/run.py [--models resnet50 gpt2 ...] [--out benchmarks/results.json]

Writes a machine-readable results file and a Markdown report next to it (the table the
README shows), and prints the report. Each model is measured in a process of its own
(see worker.py), one model after another, so that models do not share allocator state
and a part that crashes or hangs costs only its own figure.

Other parts of the project add sections (plugin route latency, browser timings) with a
file `benchmarks/section_<name>.py` defining `measure(logs)`: `logs` maps each model to a
run directory holding that model's add_model_viz steps; it returns
`{"title": str, "results": <JSON-able>, "markdown": str}`.
"""

import argparse
import datetime
import glob
import importlib.metadata
import importlib.util
import json
import os
import platform
import shlex
import subprocess
import sys
import tempfile

import report
from models import CASES, CASES_BY_NAME
from peers import PEER_NAMES, PEERS
from worker import RESULT_PREFIX

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)

TARGETS = {"first_ratio": 3.0, "steady_ratio": 1.5, "steady_bytes": 512 * 1024, "training_overhead": 0.01}


def machine_description(threads=None):
    """What the figures were measured on; ratios carry between machines, seconds do not."""
    import torch

    cpu = platform.processor() or platform.machine()
    memory = None
    if os.path.exists("/proc/cpuinfo"):
        with open("/proc/cpuinfo") as cpuinfo:
            cpu = next((line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")), cpu)
        with open("/proc/meminfo") as meminfo:
            memory = next((int(line.split()[1]) * 1024 for line in meminfo if line.startswith("MemTotal")), None)
    versions = {}
    for package in ["torch", "tensorboard", "transformers", "tensorboard_modelviz"] + [
        "torchinfo",
        "torchview",
        "torchviz",
        "torchlens",
    ]:
        try:
            versions[package] = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            versions[package] = None
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_bytes": memory,
        "torch_threads": threads or torch.get_num_threads(),
        "python": platform.python_version(),
        "platform": platform.platform(terse=True),
        "versions": versions,
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    }


def _load_average():
    try:
        return round(os.getloadavg()[0], 2)
    except OSError:
        return None


def run_worker(arguments, timeout, threads=None):
    """The results a worker process printed, and an error line if it failed or timed out."""
    command = [sys.executable, os.path.join(HERE, "worker.py")] + arguments
    if threads:
        command += ["--threads", str(threads)]
    try:
        finished = subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=REPO)
        stdout, error = finished.stdout, None
        if finished.returncode != 0:
            last = [line for line in finished.stderr.strip().splitlines() if line.strip()]
            error = last[-1] if last else "exit status %d" % finished.returncode
    except subprocess.TimeoutExpired as expired:
        stdout = expired.stdout.decode() if isinstance(expired.stdout, bytes) else (expired.stdout or "")
        error = "timed out after %d s" % timeout
    results = [json.loads(line[len(RESULT_PREFIX) :]) for line in stdout.splitlines() if line.startswith(RESULT_PREFIX)]
    return results, error


def measure_model(name, args, logs_dir):
    """One model's timing, memory and peers entry, from one worker process."""
    case = CASES_BY_NAME[name]
    arguments = [
        "model",
        name,
        "--repeats",
        str(args.repeats),
        "--peer-repeats",
        str(args.peer_repeats),
        "--logs",
        logs_dir,
        "--timeout",
        str(args.timeout),
    ]
    arguments += ["--skip-memory"] * args.skip_memory + ["--skip-peers"] * args.skip_peers
    results, error = run_worker(arguments, args.timeout * 4, args.threads)

    entry = {
        "description": case.description,
        "input": case.input_description,
        "timing": {"error": error or "no result"},
    }
    if not args.skip_memory:
        entry["memory"] = {what: {"error": error or "no result"} for what in ("forward", "viz")}
    if not args.skip_peers:
        entry["peers"] = {}
    for result in results:
        part = result.pop("part")
        if part == "timing":
            entry["timing"] = result
        elif part.startswith("memory_"):
            entry["memory"][part[len("memory_") :]] = result
        elif "peer" in result:
            entry["peers"][result.pop("peer")] = result
        else:  # the peers' process stopped: the first peer without a result is the culprit
            error = result["error"]
    if not args.skip_peers:
        missing = [peer for peer in PEER_NAMES if peer not in entry["peers"]]
        if missing:
            entry["peers"][missing[0]] = {"ok": False, "error": error or "no result"}
            for peer in missing[1:]:
                entry["peers"][peer] = {"ok": False, "error": "not run: an earlier peer stopped the process"}
    return entry


def run_sections(logs, directory=HERE):
    """Results of every `section_*.py` in `directory` (see the module docstring)."""
    sections = []
    for path in sorted(glob.glob(os.path.join(directory, "section_*.py"))):
        name = os.path.splitext(os.path.basename(path))[0]
        spec = importlib.util.spec_from_file_location("modelviz_benchmark_" + name, path)
        module = importlib.util.module_from_spec(spec)
        try:
            spec.loader.exec_module(module)
            section = module.measure(logs)
            for field in ("title", "results", "markdown"):
                if field not in section:
                    raise ValueError("section %s returned no %r" % (name, field))
        except Exception as error:  # one broken section must not lose the others' figures
            section = {
                "title": name,
                "results": {"error": "%s: %s" % (type(error).__name__, error)},
                "markdown": "failed: %s: %s" % (type(error).__name__, error),
            }
        sections.append(dict(section, name=name))
    return sections


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--models",
        nargs="+",
        choices=[case.name for case in CASES],
        default=[case.name for case in CASES],
        metavar="MODEL",
        help="models to run (default: all): %(choices)s",
    )
    parser.add_argument("--out", default=os.path.join(HERE, "results.json"), help="results file (JSON)")
    parser.add_argument("--markdown", help="Markdown report (default: the results file with .md)")
    parser.add_argument("--repeats", type=int, default=5, help="interleaved rounds per model (default 5)")
    parser.add_argument("--peer-repeats", type=int, default=3, help="calls per peer, within 20 s (default 3)")
    parser.add_argument("--training-steps", type=int, default=400, help="0 skips the training loop")
    parser.add_argument("--training-viz-every", type=int, default=100)
    parser.add_argument("--training-repeats", type=int, default=7, help="pairs of loop runs (default 7)")
    parser.add_argument("--skip-memory", action="store_true")
    parser.add_argument("--skip-peers", action="store_true")
    parser.add_argument("--keep-logs", metavar="DIR", help="keep the runs written (default: a temporary folder)")
    parser.add_argument(
        "--timeout",
        type=int,
        default=900,
        help="seconds per measurement: the timing, each memory figure, the peers (default 900)",
    )
    parser.add_argument("--threads", type=int, help="torch threads in the workers (default: torch's)")
    args = parser.parse_args(argv)
    for option in ("repeats", "peer_repeats", "training_viz_every", "training_repeats", "timeout"):
        if getattr(args, option) < 1:
            parser.error("--%s must be at least 1" % option.replace("_", "-"))
    if args.training_steps < 0:
        parser.error("--training-steps must not be negative")
    return args


def main(argv=None):
    args = parse_args(argv)
    markdown_path = args.markdown or os.path.splitext(args.out)[0] + ".md"

    def progress(message):
        print("[benchmark] " + message, file=sys.stderr, flush=True)

    machine = machine_description(args.threads)
    machine["load_average_start"] = _load_average()
    results = {
        "format_version": 1,
        "command": "python benchmarks/run.py"
        + "".join(" " + shlex.quote(a) for a in (argv if argv is not None else sys.argv[1:])),
        "machine": machine,
        "settings": {
            "repeats": args.repeats,
            "peer_repeats": args.peer_repeats,
            "threads": args.threads,
            "memory_method": "VmHWM reset via /proc/self/clear_refs (Linux); ru_maxrss elsewhere",
        },
        "targets": TARGETS,
        "peers": [{"name": name, "call": call} for name, call, _ in PEERS],
        "models": {},
    }
    with tempfile.TemporaryDirectory() as temporary:
        logs_dir = os.path.abspath(args.keep_logs or temporary)
        for name in args.models:
            progress("%s: add_model_viz timing, memory, peers" % name)
            results["models"][name] = measure_model(name, args, logs_dir)
        memory_methods = {
            entry["memory"][what]["method"]
            for entry in results["models"].values()
            for what in entry.get("memory", {})
            if "method" in entry["memory"][what]
        }
        if memory_methods:
            results["settings"]["memory_method"] = "; ".join(sorted(memory_methods))
        if args.training_steps:
            progress("training loop: %d steps, add_model_viz every %d" % (args.training_steps, args.training_viz_every))
            found, error = run_worker(
                [
                    "training",
                    "--steps",
                    str(args.training_steps),
                    "--viz-every",
                    str(args.training_viz_every),
                    "--repeats",
                    str(args.training_repeats),
                ],
                args.timeout,
                args.threads,
            )
            results["training_loop"] = found[0] if found else {"error": error or "no result"}
            results["training_loop"].pop("part", None)
        logs = {
            name: os.path.join(logs_dir, name) for name in args.models if os.path.isdir(os.path.join(logs_dir, name))
        }
        results["sections"] = run_sections(logs)
    machine["load_average_end"] = _load_average()

    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w") as out:
        json.dump(results, out, indent=1, sort_keys=False)
        out.write("\n")
    text = report.markdown(results)
    with open(markdown_path, "w") as out:
        out.write(text)
    print(text)
    progress("wrote %s and %s" % (args.out, markdown_path))
    return 0


if __name__ == "__main__":
    sys.exit(main())
