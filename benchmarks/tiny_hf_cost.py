"""Host cost per module of a steady call on tiny Hugging Face configs, for two packages.

    python benchmarks/tiny_hf_cost.py [--models gpt2 bert llama] [--rounds 5] [--against DIR]

per_module_cost.py measures deep stacks of tiny layers, whose modules the steady call
replays; Hugging Face models call theirs with keyword arguments and tuple outputs, and
their small parameters are many. Here a 4-layer, 64-wide GPT-2, BERT and Llama (built from
configs, batch 1, 16 tokens, one torch thread) each take three calls, then `--rounds`
rounds of 20 forwards under no_grad and 5 steady calls, by CPU time; the table gives the
median round's figures and `(call - forward) / modules`, each package in a worker process
of its own, one after the other for each model.
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from typing import Callable, Dict, List, Tuple

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from per_module_cost import add_against_option, checkout_roots, run_worker  # noqa: E402

MODELS = ("gpt2", "bert", "llama")


def tiny_hf_model(name: str) -> Tuple[object, object]:
    """(model, input ids) of the tiny config `name` (one of MODELS), seeded, on one torch thread."""
    import torch
    import transformers

    transformers.logging.set_verbosity_error()
    torch.set_num_threads(1)
    torch.manual_seed(0)
    if name == "gpt2":
        model = transformers.GPT2LMHeadModel(
            transformers.GPT2Config(n_layer=4, n_embd=64, n_head=4, vocab_size=1000, n_positions=64)
        )
    elif name == "bert":
        model = transformers.BertForMaskedLM(
            transformers.BertConfig(
                num_hidden_layers=4, hidden_size=64, num_attention_heads=4, intermediate_size=128, vocab_size=1000
            )
        )
    else:
        model = transformers.LlamaForCausalLM(
            transformers.LlamaConfig(
                num_hidden_layers=4,
                hidden_size=64,
                num_attention_heads=4,
                num_key_value_heads=2,
                intermediate_size=128,
                vocab_size=1000,
            )
        )
    return model, torch.randint(0, 1000, (1, 16))


def _seconds_each(run: Callable[[], object], times: int) -> float:
    start = time.process_time()
    for _ in range(times):
        run()
    return (time.process_time() - start) / times


def worker(name: str, rounds: int) -> Dict[str, float]:
    """{modules, forward, call} (seconds) of `name` in this process's package."""
    import torch

    from tensorboard_modelviz import SummaryWriter

    model, x = tiny_hf_model(name)
    steps = iter(range(1 << 30))
    with tempfile.TemporaryDirectory() as logdir:
        writer = SummaryWriter(logdir)

        def forward() -> None:
            with torch.no_grad():
                model(x)  # type: ignore[operator]

        def call() -> None:
            writer.add_model_viz(model, x, next(steps))

        for _ in range(3):
            call()
        forwards, calls = [], []
        for _ in range(rounds):
            forwards.append(_seconds_each(forward, 20))
            calls.append(_seconds_each(call, 5))
        writer.close()
    modules = sum(1 for _ in model.modules())  # type: ignore[attr-defined]
    return {"modules": modules, "forward": statistics.median(forwards), "call": statistics.median(calls)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--models", nargs="+", choices=MODELS, default=list(MODELS))
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--worker", nargs=2, help=argparse.SUPPRESS)  # MODEL ROUNDS, in this process
    add_against_option(parser)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker[0], int(args.worker[1]))))
        return
    roots, labels = checkout_roots(parser, args.against)
    results: Dict[Tuple[str, str], Dict[str, float]] = {}
    for name in args.models:
        for root in roots:
            results[root, name] = run_worker(__file__, root, [name, str(args.rounds)])
    print("| package | model | modules | forward | steady call | call / forward | µs per module |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for root in roots:
        for name in args.models:
            r = results[root, name]
            per_module = (r["call"] - r["forward"]) / r["modules"] * 1e6
            row: List[str] = [labels[root], name, "%d" % r["modules"]]
            row += ["%.2f ms" % (r["forward"] * 1e3), "%.2f ms" % (r["call"] * 1e3)]
            row += ["%.2f×" % (r["call"] / r["forward"]), "%.1f" % per_module]
            print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
