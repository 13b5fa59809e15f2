"""What a steady call's saved state, guards, walks and key checks cost, part by part, and
what the same passes cost with the caches warm and cold.

    python benchmarks/state_parts.py [--against DIR] [--workers 3] [--calls 200] [--repeats 60]

Two measurements on the MLP and conv stacks of per_module_cost.py (train mode, after one
backward, one torch thread):

- in the call: steady add_model_viz calls (flushed), each part timed by a process_time
  wrapper around its function (a wrapper costs about a microsecond; parts nest: the
  guard's entry holds the attribute scan, its exit the buffers' write-back), µs a call,
  the mean over `--calls` calls of a worker process, the median over `--workers` workers;
  with `--against DIR`, the workers of this checkout's package and of DIR's alternate;
- hot and cold, this checkout's package: the four passes over every module that a call makes at its start and
  after its forward (the walk rebuilt from its plan, its check, the modules' facts of
  the structure key, the guard's attribute scan), each timed alone right after itself
  (hot), after a no-grad forward, and after a pass over 32 MB of tensor and 200,000
  Python objects (what the statistics and the documents of a call do to the caches);
  medians of `--repeats`.

A call reads every module, attribute value and tensor it checks once per part, and pays
for the first touch of each object: the in-call figures lie between the hot and the cold
ones, and an alternative timed hot does not tell what it saves in the call.
"""

import argparse
import collections
import functools
import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Any, Callable, Dict, List, Tuple

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

# (label, owner path within the package, attribute): the parts timed inside the call.
_PARTS = [
    ("walk rebuilt from its plan (ModelWalk.of)", "model_walk.ModelWalk", "of"),
    ("meta-device check (first_meta_tensor)", "model_walk.ModelWalk", "first_meta_tensor"),
    ("parameter versions, before", "recording", "parameter_versions"),
    ("guard's entry (_SavedState.__init__)", "model_state._SavedState", "__init__"),
    ("  attribute scan (ModuleAttributes.of)", "model_state.ModuleAttributes", "of"),
    ("  generators among them (owned_generators)", "model_state", "owned_generators"),
    ("  RNG states read (rng_state)", "model_state", "rng_state"),
    ("  kept buffer layout (_guarded_layout)", "model_state", "_guarded_layout"),
    ("  buffers' snapshot (_Group.snapshot)", "model_state._Group", "snapshot"),
    ("walk's check after the forward (unchanged)", "model_walk.ModelWalk", "unchanged"),
    ("structure key (_key)", "recording", "_key"),
    ("  key: modules' facts (module_facts)", "structure_key", "module_facts"),
    ("  key: tensors' guards (KnownTensors.hold_for)", "structure_key.KnownTensors", "hold_for"),
    ("key compared (KnownStructure.matches)", "structure_key.KnownStructure", "matches"),
    ("parameter layout's guards (_Layout.fits)", "parameter_stats._Layout", "fits"),
    ("guard's exit (_SavedState.restore)", "model_state._SavedState", "restore"),
    ("  buffers written back (_Group.put_back)", "model_state._Group", "put_back"),
    ("  of which the copies (_copy_into)", "model_state", "_copy_into"),
    ("  buffers' facts (_facts_kept)", "model_state._SavedState", "_facts_kept"),
    ("  slots' check (_Slots.changed)", "model_state._Slots", "changed"),
    ("  version counters set back (_set_versions)", "model_state", "_set_versions"),
    ("  RNG states put back (restore_rng)", "model_state", "restore_rng"),
    ("parameter versions, after (changed_parameters)", "recording", "changed_parameters"),
]


def _owner(path: str) -> Any:
    """The module or class at `path` within tensorboard_modelviz.capture."""
    import importlib

    module_name, *attributes = path.split(".")
    owner: Any = importlib.import_module("tensorboard_modelviz.capture." + module_name)
    for attribute in attributes:
        owner = getattr(owner, attribute, None)
    return owner


def in_call(stack: str, calls: int) -> Tuple[float, Dict[str, float]]:
    """(µs a steady call, {part label: µs a call}) on `stack`, of the package this process
    imports."""
    from per_module_cost import trained_stack

    from tensorboard_modelviz import SummaryWriter

    spent: collections.Counter = collections.Counter()

    def wrap(owner: Any, name: str, label: str) -> None:
        function = owner.__dict__[name]
        inner = function.__func__ if isinstance(function, (classmethod, staticmethod)) else function

        @functools.wraps(inner)
        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.process_time()
            try:
                return inner(*args, **kwargs)
            finally:
                spent[label] += time.process_time() - start

        setattr(owner, name, classmethod(timed) if isinstance(function, classmethod) else timed)

    for label, path, name in _PARTS:
        owner = _owner(path)
        if owner is not None and name in vars(owner):  # a package without it: the part reads 0
            wrap(owner, name, label)
    model, x = trained_stack(stack)
    with tempfile.TemporaryDirectory() as logs:
        writer = SummaryWriter(logs)
        for step in range(5):
            writer.add_model_viz(model, x, step)
            writer.flush()
        spent.clear()
        start = time.process_time()
        for step in range(5, 5 + calls):
            writer.add_model_viz(model, x, step)
            writer.flush()
        call = (time.process_time() - start) / calls
        writer.close()
    return call * 1e6, {label: spent[label] / calls * 1e6 for label, _, _ in _PARTS}


def hot_and_cold(stack: str, repeats: int) -> Dict[str, Dict[str, float]]:
    """{pass: {condition: median µs}} of the four passes over every module."""
    import torch
    from per_module_cost import trained_stack

    from tensorboard_modelviz.capture import model_state, structure_key
    from tensorboard_modelviz.capture.model_walk import ModelWalk

    model, x = trained_stack(stack)
    walk = ModelWalk.of(model)
    structure_key.module_facts(walk)  # its facts kept for the walks of its plan
    walk = ModelWalk.of(model)
    tensor, objects = torch.zeros(8 << 20), [object() for _ in range(200_000)]

    def forward() -> None:
        with torch.no_grad():
            model(x)

    def sweep() -> None:
        tensor.add_(1)
        sum(map(id, objects))

    passes: Dict[str, Callable[[], Any]] = {
        "walk rebuilt from its plan": lambda: ModelWalk.of(model),
        "walk's check": walk.unchanged,
        "modules' facts": lambda: structure_key.module_facts(walk),
        "attribute scan + generators": lambda: model_state.owned_generators(
            model_state.ModuleAttributes.of(walk.modules)
        ),
    }
    conditions: Dict[str, Callable[[], None]] = {"hot": lambda: None, "after a forward": forward, "cold": sweep}
    found: Dict[str, Dict[str, float]] = {}
    gc.disable()
    try:
        for name, function in passes.items():
            found[name] = {}
            for condition, before in conditions.items():
                samples: List[float] = []
                for _ in range(repeats):
                    before()
                    start = time.process_time()
                    function()
                    samples.append(time.process_time() - start)
                found[name][condition] = statistics.median(samples) * 1e6
    finally:
        gc.enable()
    return found


def _in_workers(stack: str, roots: List[str], args: argparse.Namespace) -> Dict[str, Dict[str, float]]:
    """{package root: {"call" and each part label: median µs a call}} over the workers."""
    found: Dict[str, List[Dict[str, float]]] = {root: [] for root in roots}
    for worker in range(args.workers):
        for root in roots if worker % 2 == 0 else roots[::-1]:
            out = subprocess.run(
                [sys.executable, __file__, "--worker", stack, "--calls", str(args.calls)],
                check=True,
                cwd=root,
                env=dict(os.environ, PYTHONPATH=os.pathsep.join([root, HERE])),
                capture_output=True,
                text=True,
            ).stdout
            found[root].append(json.loads(out.strip().splitlines()[-1]))
    return {
        root: {label: statistics.median(w[label] for w in rows) for label in rows[0]} for root, rows in found.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--against", help="another checkout whose package is measured in the same run")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=60)
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        call, parts = in_call(args.worker, args.calls)
        print(json.dumps(dict(parts, call=call)))
        return
    roots = [ROOT] + ([os.path.abspath(args.against)] if args.against else [])
    names = ["this checkout"] + roots[1:]
    sys.path[:0] = [ROOT, HERE]  # this checkout's package for the hot and cold passes, in this process
    print("load average %.2f at the start" % os.getloadavg()[0])
    for stack, modules in (("mlp", 400), ("conv", 300)):
        figures = _in_workers(stack, roots, args)
        print(
            "\n%s stack (%d modules), µs a steady call (CPU time; µs a module in brackets), median of %d workers"
            % (stack, modules, args.workers)
        )
        print("| part | %s |\n| --- |%s" % (" | ".join(names[::-1]), " ---: |" * len(roots)))
        for label in ["call"] + [label for label, _, _ in _PARTS]:
            cells = ["%.0f (%.2f)" % (figures[root][label], figures[root][label] / modules) for root in roots[::-1]]
            print("| %s | %s |" % (label, " | ".join(cells)))
        print("\n| pass, this checkout (µs, median of %d) | hot | after a forward | cold |" % args.repeats)
        print("| --- | ---: | ---: | ---: |")
        for name, by_condition in hot_and_cold(stack, args.repeats).items():
            print("| %s | %s |" % (name, " | ".join("%.0f" % v for v in by_condition.values())))
    print("\nload average %.2f at the end" % os.getloadavg()[0])


if __name__ == "__main__":
    main()
