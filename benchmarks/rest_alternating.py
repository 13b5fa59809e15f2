"""The plans of a steady call's rest against what they replace, alternating call by call.

    python benchmarks/rest_alternating.py --against DIR [--calls 240]

Steady add_model_viz calls on the MLP and conv stacks of per_module_cost.py (train mode,
after one backward, one torch thread), every other call with the alternative:

- walk: `ModelWalk.of` rebuilding the walk from the plan of the last one, against a new
  walk each call; timed: the walk before the call, its check after the forward, the
  parameters' names and their version counters;
- key: this checkout's remembered layer texts (`structure_key._extra_repr`) against
  DIR's (its `tensorboard_modelviz/capture/structure_key.py`, loaded from its file);
  timed: the structure key;
- tensors: the known key's facts of the parameters and buffers taken while its plan and
  tensor guards hold (`structure_key.KnownTensors`), against read each call; timed: the
  structure key;
- fingerprint: CPython's own SHA-1 (`input_fingerprint._sha1`) against hashlib's;
  timed: the input fingerprint's start and finish.

By the main thread's CPU time (the writer's own thread does the event file's work), the
figures medians over the calls of each, in µs a call. Both alternatives run inside the
same calls' conditions (caches, the machine's load), which whole-call figures on a
loaded machine cannot give for differences of a few percent.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

HERE = os.path.dirname(os.path.abspath(__file__))


def measure(stack: str, calls: int, timed: list[tuple[Any, str]], switch: Callable[[str], None]) -> dict[str, float]:
    """Median µs a call of the functions `timed` ((namespace, name) pairs), with
    `switch("this")` and `switch("other")` in turn before each call."""
    from per_module_cost import trained_stack

    from tensorboard_modelviz import SummaryWriter

    model, x = trained_stack(stack)
    writer = SummaryWriter(tempfile.mkdtemp())
    spent = [0.0]
    originals = []
    for space, name in timed:
        function = getattr(space, name)
        originals.append((space, name, function))

        def wrapper(*args: Any, _function: Callable = function, **kwargs: Any) -> Any:
            start = time.thread_time()
            try:
                return _function(*args, **kwargs)
            finally:
                spent[0] += time.thread_time() - start

        setattr(space, name, wrapper)
    found: dict[str, list[float]] = {"this": [], "other": []}
    try:
        for step in range(4):
            writer.add_model_viz(model, x, step)
        for step in range(4, 4 + calls):
            which = "this" if step % 2 else "other"
            switch(which)
            spent[0] = 0.0
            writer.add_model_viz(model, x, step)
            found[which].append(spent[0])
            writer.flush()
    finally:
        for space, name, function in originals:
            setattr(space, name, function)
        switch("this")
        writer.close()
    return {which: statistics.median(times) * 1e6 for which, times in found.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--against", required=True, help="a folder holding another tensorboard_modelviz")
    parser.add_argument("--calls", type=int, default=240)
    args = parser.parse_args()
    sys.path.insert(0, HERE)
    from tensorboard_modelviz.capture import model_walk, recording, structure_key
    from tensorboard_modelviz.capture import writer as writer_module

    walk_class = model_walk.ModelWalk
    planned = walk_class.__dict__["of"]

    def walk_switch(which: str) -> None:
        walk_class.of = planned if which == "this" else classmethod(lambda cls, model: cls(model))  # type: ignore

    from per_module_cost import module_of

    other = module_of(args.against, "tensorboard_modelviz/capture/structure_key.py")
    this_texts, other_texts = structure_key._extra_repr, other._extra_repr

    def key_switch(which: str) -> None:
        structure_key._extra_repr = this_texts if which == "this" else other_texts

    held = structure_key.KnownTensors.hold_for

    def tensors_switch(which: str) -> None:
        structure_key.KnownTensors.hold_for = held if which == "this" else lambda self, walk: False  # type: ignore

    import hashlib

    from tensorboard_modelviz.capture import input_fingerprint

    builtin = input_fingerprint._sha1

    def fingerprint_switch(which: str) -> None:
        input_fingerprint._sha1 = builtin if which == "this" else hashlib.sha1

    walk_parts = [
        (writer_module, "_materialised_walk"),
        (recording, "_walk_now"),
        (walk_class, "named_parameters"),
        (recording, "parameter_versions"),
    ]
    print(
        "load average %.2f at the start; thread CPU time, medians of %d calls each"
        % (os.getloadavg()[0], args.calls // 2)
    )
    print("| part | stack | the alternative | this checkout |")
    print("| --- | --- | ---: | ---: |")
    for stack, label in (("mlp", "MLP, 400 modules"), ("conv", "conv, 300 modules")):
        walk = measure(stack, args.calls, walk_parts, walk_switch)
        print(
            "| walk, names, versions (a new walk each call) | %s | %.0f µs | %.0f µs |"
            % (label, walk["other"], walk["this"])
        )
        key = measure(stack, args.calls, [(recording, "_key")], key_switch)
        print(
            "| structure key (%s's texts) | %s | %.0f µs | %.0f µs |" % (args.against, label, key["other"], key["this"])
        )
        key = measure(stack, args.calls, [(recording, "_key")], tensors_switch)
        print(
            "| structure key (the tensors' facts read) | %s | %.0f µs | %.0f µs |" % (label, key["other"], key["this"])
        )
        fingerprint = measure(
            stack, args.calls, [(input_fingerprint, "start"), (input_fingerprint, "finish")], fingerprint_switch
        )
        print(
            "| input fingerprint (hashlib's SHA-1) | %s | %.0f µs | %.0f µs |"
            % (label, fingerprint["other"], fingerprint["this"])
        )


if __name__ == "__main__":
    main()
