"""What add_model_viz costs on each real architecture of the test zoo, as a ratio to a forward.

    python benchmarks/zoo_cost.py [--rounds 15] [--threads N] [--write-section results.md] [NAME ...]

The models are tests/real_zoo.py's (transformers and diffusers from tiny configs, random
weights), in train mode as they are when a training loop calls add_model_viz, each called
with its zoo probe (the first training batch, labels included). After one first call per
model (the structure, lazy imports), every round times, for each model in an order rotated
from round to round, a plain no-grad forward (repeated until it lasts 20 ms, as in the
suite) and then one steady call (flushed). A model's figure is the median over rounds of
its call over the forward just before it, so that the machine's drift is shared by both;
by the wall clock and by the process's CPU time (steadier on a busy machine, most of all
with one torch thread).
The models are tiny (hidden size 32, two layers): a forward takes a few milliseconds, so
the ratios show the call's fixed costs (hooks on every module, statistics per layer and
parameter, the step document written), not what it costs at a real model's size, which
benchmarks/run.py measures on GPT-2, BERT and ResNet-50. The models with LayerDrop in
train mode (BART, Whisper, MusicGen) skip layers at random: their forward's structure
differs from call to call, so a steady call there often records the forward again in full
(twice the forward), and their plain forward's time varies too.

`--write-section FILE` puts the table, its command and the machine's load into FILE as
the section `SECTION_TITLE`, replacing that section where FILE has it already.
benchmarks/run.py rewrites benchmarks/results.md whole, without this section: run this
script with `--write-section benchmarks/results.md` after it.
"""

import argparse
import os
import statistics
import sys
import tempfile
import warnings
from typing import Any, Dict, List, Optional

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tests"))

import real_zoo  # noqa: E402  (tests/real_zoo.py)
from measure import event_bytes, forward_seconds, rotated, timed, timed_both  # noqa: E402

from tensorboard_modelviz import SummaryWriter  # noqa: E402

SECTION_TITLE = "### add_model_viz on the real-architecture zoo"


def _call(writer: SummaryWriter, record: real_zoo.Trainable, step: int) -> None:
    """One call, flushed (as the suite times a call)."""
    writer.add_model_viz(record.model, record.probe, step)
    writer.flush()


def _warm_up(logs_dir: str) -> None:
    """One call on a throwaway model: the package's lazy imports are not the first model's cost."""
    with SummaryWriter(os.path.join(logs_dir, "warm-up")) as writer:
        writer.add_model_viz(torch.nn.Linear(4, 2), torch.randn(1, 4), 0)


def measure(names: List[str], rounds: int, logs_dir: str) -> Dict[str, Dict[str, Any]]:
    """Per model: forward seconds, first-call and steady-call ratios, bytes per steady call."""
    records = {name: real_zoo.build(name) for name in names}
    writers = {name: SummaryWriter(os.path.join(logs_dir, name)) for name in names}
    first: Dict[str, float] = {}
    forwards: Dict[str, List[float]] = {name: [] for name in names}
    ratios: Dict[str, List[float]] = {name: [] for name in names}
    cpu_ratios: Dict[str, List[float]] = {name: [] for name in names}
    written: Dict[str, int] = {}
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            _warm_up(logs_dir)
            for name in names:
                forward, _ = forward_seconds(records[name].model, records[name].probe)
                call, _ = timed(_call, writers[name], records[name], 0)
                first[name] = call / forward
                written[name] = event_bytes(os.path.join(logs_dir, name))
            for step in range(1, rounds + 1):
                for name in rotated(names, step):
                    forward, forward_cpu = forward_seconds(records[name].model, records[name].probe)
                    call, call_cpu, _ = timed_both(_call, writers[name], records[name], step)
                    forwards[name].append(forward)
                    ratios[name].append(call / forward)
                    cpu_ratios[name].append(call_cpu / forward_cpu)
        failures = [str(w.message) for w in caught if str(w.message).startswith("tensorboard_modelviz")]
        if failures:  # a capture that failed would pass for a cheap one
            raise RuntimeError(failures[0])
    finally:
        for writer in writers.values():
            writer.close()
    results = {}
    for name in names:
        steady_bytes = (event_bytes(os.path.join(logs_dir, name)) - written[name]) / rounds
        results[name] = {
            "library": records[name].library,
            "params": sum(p.numel() for p in records[name].model.parameters()),
            "forward_s": statistics.median(forwards[name]),
            "first": first[name],
            "steady": statistics.median(ratios[name]),
            "steady_cpu": statistics.median(cpu_ratios[name]),
            "steady_bytes": steady_bytes,
        }
    return results


def table(results: Dict[str, Dict[str, Any]]) -> str:
    lines = [
        "| model | library | parameters | forward | first call | steady call | steady call, CPU time | written per steady call |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, row in results.items():
        lines.append(
            "| %s | %s | %s | %.1f ms | %.1f× | %.1f× | %.1f× | %.0f KiB |"
            % (
                name,
                row["library"],
                format(row["params"], ","),
                row["forward_s"] * 1e3,
                row["first"],
                row["steady"],
                row["steady_cpu"],
                row["steady_bytes"] / 1024,
            )
        )
    return "\n".join(lines)


def write_section(path: str, text: str) -> None:
    """Put `text` (a section starting with SECTION_TITLE) into the Markdown file `path`: in
    place of the section of that title up to the next heading of its level, or at the end."""
    with open(path, encoding="utf-8") as source:
        document = source.read()
    start = document.find(SECTION_TITLE + "\n")
    if start < 0:
        document = document.rstrip("\n") + "\n\n" + text
    else:
        following = document.find("\n### ", start + len(SECTION_TITLE))
        rest = "" if following < 0 else document[following:]
        document = document[:start] + text.rstrip("\n") + ("\n" + rest if rest else "\n")
    with open(path, "w", encoding="utf-8") as out:
        out.write(document)


def _load_average() -> str:
    return "%.2f" % os.getloadavg()[0]


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "names",
        nargs="*",
        metavar="NAME",
        help="zoo models (default: every architecture): %s" % ", ".join(real_zoo.REAL_NAMES),
    )
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--threads", type=int, help="torch threads (default: torch's)")
    parser.add_argument("--write-section", metavar="FILE", help="also put the table into this Markdown file")
    args = parser.parse_args(argv)
    unknown = sorted(set(args.names) - set(real_zoo.REAL_NAMES))
    if unknown:
        parser.error("unknown zoo models: %s" % ", ".join(unknown))
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    if args.threads:
        torch.set_num_threads(args.threads)
    names = args.names or real_zoo.ARCHITECTURE_NAMES
    load_start = _load_average()
    with tempfile.TemporaryDirectory() as logs_dir:
        results = measure(names, args.rounds, logs_dir)
    command = "python benchmarks/zoo_cost.py" + "".join(" " + a for a in (argv if argv is not None else sys.argv[1:]))
    text = "\n".join(
        [
            SECTION_TITLE,
            "",
            "Command: `%s` (torch %s, CPU, torch threads: %d; load average %s at the start, %s at the end). "
            "tests/real_zoo.py's models in train mode, called with their probe; the median of %d "
            "interleaved rounds of a steady call (flushed) over the plain no-grad forward just before it, "
            "by the wall clock and by CPU time. "
            "The models are tiny (hidden size 32, two layers), so the ratios show the call's fixed "
            "costs; see benchmarks/zoo_cost.py."
            % (command, torch.__version__, torch.get_num_threads(), load_start, _load_average(), args.rounds),
            "",
            table(results),
            "",
        ]
    )
    print(text)
    if args.write_section:
        write_section(args.write_section, text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
