"""The forward's hook path of a steady call, for this checkout and others, in CPU time.

    python benchmarks/steady_hooks.py [--against DIR ...] [--batches 40]

On the MLP and conv stacks of per_module_cost.py, each package in a process of its own,
one after the other: a Trace as a steady call makes it (hooks alone, no recording mode),
attached, the forward, the hooks removed (µs per module beyond the plain forward), and
its finish_stats apart. Each figure is the least over `--batches` batches of 5 calls: on
shared cores other work only adds time, so the least is the figure least disturbed.
"""

import argparse
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def worker(batches: int) -> None:
    import torch
    from per_module_cost import conv_stack, mlp_stack

    from tensorboard_modelviz.capture import recording, tracer

    torch.set_num_threads(1)
    for label, make in (("mlp", mlp_stack), ("conv", conv_stack)):
        torch.manual_seed(0)
        model, x = make()
        modules = sum(1 for _ in model.modules()) - 1
        options = recording.CaptureOptions()
        forward, hooks, finish = [], [], []
        with torch.no_grad():
            for _ in range(batches):
                start = time.process_time()
                for _ in range(5):
                    model(x)
                forward.append((time.process_time() - start) / 5)
                hooked = finished = 0.0
                for _ in range(5):
                    start = time.process_time()
                    trace = tracer.Trace(model, options, options.selects, record_graph=False)
                    trace.watch_relus = False
                    handles = trace.attach()
                    model(x)
                    for handle in handles:
                        handle.remove()
                    middle = time.process_time()
                    trace.finish_stats()
                    hooked += middle - start
                    finished += time.process_time() - middle
                    assert trace.failure is None, trace.failure
                    del trace  # as after a call: its buffer is free for the next
                hooks.append(hooked / 5)
                finish.append(finished / 5)
        per_module = 1e6 / modules
        print(
            "%s\t%.2f\t%.2f\t%.2f"
            % (label, (min(hooks) - min(forward)) * per_module, min(finish) * per_module, min(forward) * per_module)
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--against", action="append", default=[], help="a directory holding another tensorboard_modelviz"
    )
    parser.add_argument("--batches", type=int, default=40)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.batches)
        return
    print("| package | stack | hooks beyond the forward | finish_stats | plain forward |")
    print("| --- | --- | ---: | ---: | ---: |")
    for package in [ROOT] + args.against:
        env = dict(os.environ, PYTHONPATH=os.pathsep.join([package, HERE]))
        command = [sys.executable, __file__, "--worker", "--batches", str(args.batches)]
        output = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout
        for line in output.splitlines():
            stack, hooks, finish, forward = line.split("\t")
            name = "this checkout" if package == ROOT else package
            print("| %s | %s | %s µs | %s µs | %s µs |" % (name, stack, hooks, finish, forward))


if __name__ == "__main__":
    main()
