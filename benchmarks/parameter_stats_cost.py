"""CPU time of a steady call's parameter statistics and update ratios, for two packages.

    python benchmarks/parameter_stats_cost.py --against DIR [--workers 3] [--rounds 60]

What `describe_parameters` and `ParameterHistory.update_ratios` cost per module on the MLP
and conv stacks of per_module_cost.py (gradients set by one backward), timed alone with
the process's CPU clock: on a machine shared with other work, wall-clock times inside a
call (call_sections.py) move with the load by more than these functions take. Between
rounds every parameter is scaled, as an optimizer step would change it. Each package
(this checkout, and DIR's `tensorboard_modelviz`) runs `--workers` times in worker
processes of its own, alternately; the table gives the median over workers of each
worker's median over `--rounds` rounds, in µs per module.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def worker(which: str, rounds: int) -> dict:
    import gc

    import torch
    from per_module_cost import conv_stack, mlp_stack

    from tensorboard_modelviz.capture.model_walk import ModelWalk
    from tensorboard_modelviz.capture.parameter_stats import describe_parameters
    from tensorboard_modelviz.capture.update_ratio import ParameterHistory

    torch.set_num_threads(1)
    torch.manual_seed(0)
    model, x = (mlp_stack if which == "mlp" else conv_stack)()
    model(x).square().mean().backward()
    history = ParameterHistory()
    described_times, ratio_times = [], []
    gc.disable()  # as inside a call (gc_pause)
    for step in range(rounds + 3):
        named = ModelWalk(model).named_parameters()
        start = time.process_time()
        described = describe_parameters(named)
        middle = time.process_time()
        history.update_ratios(named, described.values, described.norms)
        end = time.process_time()
        if step >= 3:  # the first calls lay the parameters out
            described_times.append(middle - start)
            ratio_times.append(end - middle)
        del described
        gc.collect()
        with torch.no_grad():
            for p in model.parameters():
                p.mul_(1.0001)
    return {"describe_parameters": statistics.median(described_times), "update_ratios": statistics.median(ratio_times)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--against", required=True)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=60)
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        sys.path.insert(0, HERE)
        print(json.dumps(worker(args.worker, args.rounds)))
        return
    packages = [("this checkout", ROOT), (args.against, args.against)]
    print("load average %.2f at the start" % os.getloadavg()[0])
    print("| stack | package | describe_parameters | update_ratios | both |")
    print("| --- | --- | ---: | ---: | ---: |")
    for which, modules in (("mlp", 400), ("conv", 300)):
        found: dict = {name: [] for name, _ in packages}
        for repeat in range(args.workers):
            for name, path in packages if repeat % 2 == 0 else packages[::-1]:
                command = [sys.executable, __file__, "--against", args.against, "--worker", which]
                command += ["--rounds", str(args.rounds)]
                out = subprocess.run(
                    command, check=True, env=dict(os.environ, PYTHONPATH=path), capture_output=True, text=True
                ).stdout
                found[name].append(json.loads(out.strip().splitlines()[-1]))
        for name, _ in packages[::-1]:
            described = statistics.median(f["describe_parameters"] for f in found[name]) * 1e6 / modules
            ratios = statistics.median(f["update_ratios"] for f in found[name]) * 1e6 / modules
            print(
                "| %s (%d modules) | %s | %.2f | %.2f | %.2f |"
                % (which, modules, name, described, ratios, described + ratios)
            )
    print("load average %.2f at the end" % os.getloadavg()[0])


if __name__ == "__main__":
    main()
