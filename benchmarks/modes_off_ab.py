"""A steady call with no mode on, with and without its own work switched off for a user's modes, A/B in one process.

    python benchmarks/modes_off_ab.py [--rounds 40] [--calls 5]

recording.OwnWork runs a call's own work (guards, fingerprint, structure key, parameter
statistics) unseen by a user's torch function and dispatch modes, and `_guarded` enters
no_grad and the guards through modes_off.entered_unseen. With no mode on, that is one
check per phase and an ExitStack: this measures what it costs. On a small MLP (4
modules) and the MLP and conv stacks of per_module_cost.py, steady calls of
`capture_model` (the structure known, no writer, no mode on), the variants taking turns
round by round: CPU µs a call, the median and the least of the rounds' means of
`--calls` calls, for

- `as before`: OwnWork runs the work as it comes, and no_grad and the guards are entered
  by a plain `with`;
- `modes off`: as this checkout does it.

The variant replaces OwnWork.__call__ and recording._guarded in this process only.
"""

import argparse
import contextlib
import os
import statistics
import sys
import time
from typing import Any, Callable

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))

VARIANTS = ("as before", "modes off")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--calls", type=int, default=5)
    args = parser.parse_args()

    import torch
    from per_module_cost import conv_stack, mlp_stack

    from tensorboard_modelviz.capture import recording
    from tensorboard_modelviz.capture.model_state import preserved_model_state
    from tensorboard_modelviz.capture.structure_key import KnownStructure

    torch.set_num_threads(1)
    own_call, guarded = recording.OwnWork.__call__, recording._guarded

    def as_it_comes(self: Any, work: Callable[..., Any], *a: Any, **k: Any) -> Any:
        return work(*a, **k)

    @contextlib.contextmanager
    def plain_guards(own: Any, model: Any, inputs: Any, walk: Any) -> Any:
        with torch.no_grad(), preserved_model_state(model, inputs, walk) as saved:
            yield saved

    def set_variant(variant: str) -> None:
        before = variant == "as before"
        recording.OwnWork.__call__ = as_it_comes if before else own_call  # type: ignore[method-assign]
        recording._guarded = plain_guards if before else guarded

    def small() -> tuple[torch.nn.Module, torch.Tensor]:
        return torch.nn.Sequential(torch.nn.Linear(8, 8), torch.nn.ReLU(), torch.nn.Linear(8, 2)), torch.randn(4, 8)

    stacks: list[tuple[str, Callable]] = [("small MLP", small), ("MLP", mlp_stack), ("conv", conv_stack)]
    print("| model | variant | µs a call, median of rounds | least |")
    print("| --- | --- | ---: | ---: |")
    for label, make in stacks:
        torch.manual_seed(0)
        model, x = make()
        known = KnownStructure()
        for _ in range(3):
            recording.capture_model(model, x, known=known)
        found: dict[str, list[float]] = {variant: [] for variant in VARIANTS}
        for _ in range(args.rounds):
            for variant in VARIANTS:
                set_variant(variant)
                start = time.process_time()
                for _ in range(args.calls):
                    result = recording.capture_model(model, x, known=known)
                found[variant].append((time.process_time() - start) / args.calls * 1e6)
                assert result.failure is None, result.failure
        set_variant("modes off")
        for variant in VARIANTS:
            times = found[variant]
            print("| %s | %s | %.1f | %.1f |" % (label, variant, statistics.median(times), min(times)), flush=True)


if __name__ == "__main__":
    main()
