"""The plans of a steady call's rest against what they replace, alternating call by call.

    python benchmarks/rest_alternating.py --against DIR [--calls 240]

Steady add_model_viz calls on the MLP and conv stacks of per_module_cost.py (train mode,
after one backward, one torch thread), every other call with the alternative:

- walk: `ModelWalk.of` rebuilding the walk from the plan of the last one, against a new
  walk each call; timed: the walk before the call, its check after the forward, the
  parameters' names and their version counters;
- key: this checkout's facts of the modules (`structure_key.module_facts`) against
  those read module by module with DIR's layer texts (`_extra_repr` of its
  `tensorboard_modelviz/capture/structure_key.py`, loaded from its file, where it
  remembers some; each module's `extra_repr()` where DIR has none: a package with the kept
  facts); timed: the structure key;
- tensors: the known key's facts of the parameters and buffers taken while its plan and
  tensor guards hold (`structure_key.KnownTensors`), against read each call; timed: the
  structure key;
- fingerprint: CPython's own SHA-1 (`input_fingerprint._sha1`) against hashlib's;
  timed: the input fingerprint's start and finish;
- ratios: a steady call's update ratios with the segments kept and the names taken from
  the described values, against DIR's `ParameterHistory.update_ratios`; timed: it;
- tensors named: a walk rebuilt from its plan naming its parameters and buffers only when
  asked, its readers taking the tensors alone, against every walk named at once and read
  through the names (the walk, its check, the versions and the structure key timed);
- named parameters: a rebuilt walk's named parameters as two lists (`NamedParameters`),
  which describe_parameters takes as they are, against a list of pairs made of them
  (timed: the walk's rebuild, `_gradients` and the update ratios).

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


class Dispatch:
    """Functions (namespace, name) replaced by ones calling `chosen[name]`, so that the
    timed wrappers of `measure` stay in place while a switch chooses what they call."""

    def __init__(self, functions: list[tuple[Any, str]]) -> None:
        self.functions = functions
        self.chosen: dict[str, Callable] = {}
        self.originals = [(space, name, space.__dict__[name]) for space, name in functions]

    def __enter__(self) -> "Dispatch":
        for space, name, _ in self.originals:
            setattr(space, name, lambda *args, _name=name, **kwargs: self.chosen[_name](*args, **kwargs))
        return self

    def __exit__(self, *exc: object) -> None:
        for space, name, original in self.originals:
            setattr(space, name, original)


def _eager_alternatives() -> dict[str, Callable]:
    """The walk rebuilt from its plan with its tensors named at once, and its readers
    reading them through the names, as before `parameter_tensors`."""
    import itertools
    import operator

    from tensorboard_modelviz.capture import model_state, model_walk

    tensor = operator.itemgetter(2)
    rebuilt, first_meta = model_walk._WalkPlan.walk, model_walk.ModelWalk.first_meta_tensor

    def named_at_once(plan: Any, model: Any) -> Any:
        walk = rebuilt(plan, model)
        if walk is not None:
            walk.parameters, walk.buffers  # noqa: B018  # named now
        return walk

    def meta_through_names(walk: Any) -> Any:
        if not any(map(model_walk._IS_META, map(tensor, itertools.chain(walk.parameters, walk.buffers)))):
            return None
        return first_meta(walk)

    def versions_through_names(walk: Any) -> Any:
        parameters = [p for _, _, p in walk.parameters]
        return model_state.ParameterVersions(parameters, list(map(model_state._VERSION, parameters)))

    def held_through_names(walk: Any) -> Any:
        return list(map(tensor, walk.parameters)) + list(map(tensor, walk.buffers))

    return {
        "walk": named_at_once,
        "first_meta_tensor": meta_through_names,
        "parameter_versions": versions_through_names,
        "_held_tensors": held_through_names,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--against", required=True, help="a folder holding another tensorboard_modelviz")
    parser.add_argument("--calls", type=int, default=240)
    args = parser.parse_args()
    # This checkout's package, not the one installed (an editable install of another
    # worktree): the script's own folder comes first on sys.path, not the working one.
    sys.path[:0] = [HERE, os.path.dirname(HERE)]
    from tensorboard_modelviz.capture import model_walk, recording, structure_key
    from tensorboard_modelviz.capture import writer as writer_module

    walk_class = model_walk.ModelWalk
    planned = walk_class.__dict__["of"]

    def walk_switch(which: str) -> None:
        walk_class.of = planned if which == "this" else classmethod(lambda cls, model: cls(model))  # type: ignore

    from per_module_cost import module_of

    other = module_of(args.against, "tensorboard_modelviz/capture/structure_key.py")
    this_facts = structure_key.module_facts

    # DIR's layer texts where it has them (before the kept facts), else each module's own.
    other_text = getattr(other, "_extra_repr", None) or (lambda module: module.extra_repr())

    def other_facts(walk: Any) -> list:
        return [(name, type(m).__name__, m.training, other_text(m)) for name, m in walk.named_modules]

    def key_switch(which: str) -> None:
        structure_key.module_facts = this_facts if which == "this" else other_facts

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
        ratios = _ratio_rows(stack, args)
        print("| update ratios (%s's) | %s | %.0f µs | %.0f µs |" % (args.against, label, *ratios))
        named = _named_rows(stack, args, walk_parts)
        print("| walk, versions, key (tensors named at once) | %s | %.0f µs | %.0f µs |" % (label, *named))
        pairs = _pair_rows(stack, args)
        print("| walk, gradients, ratios (named parameters as pairs) | %s | %.0f µs | %.0f µs |" % (label, *pairs))


def _pair_rows(stack: str, args: argparse.Namespace) -> tuple[float, float]:
    from tensorboard_modelviz.capture import model_walk, parameter_stats, update_ratio

    rebuilt = model_walk._WalkPlan.walk

    def as_pairs(plan: Any, model: Any) -> Any:
        walk = rebuilt(plan, model)
        if walk is not None:
            named = walk._named_parameters
            walk._named_parameters = list(zip(named.names, named.parameters))
        return walk

    choices = {"this": {"walk": rebuilt}, "other": {"walk": as_pairs}}
    with Dispatch([(model_walk._WalkPlan, "walk")]) as dispatch:
        dispatch.chosen.update(choices["this"])
        timed = dispatch.functions + [
            (parameter_stats, "_gradients"),
            (update_ratio.ParameterHistory, "update_ratios"),
        ]
        found = measure(stack, args.calls, timed, lambda which: dispatch.chosen.update(choices[which]))
    return found["other"], found["this"]


def _ratio_rows(stack: str, args: argparse.Namespace) -> tuple[float, float]:
    from per_module_cost import module_of

    from tensorboard_modelviz.capture import update_ratio

    history = update_ratio.ParameterHistory
    other = module_of(args.against, "tensorboard_modelviz/capture/update_ratio.py").ParameterHistory
    pairs = {"this": {"update_ratios": history.update_ratios}, "other": {"update_ratios": other.update_ratios}}
    with Dispatch([(history, "update_ratios")]) as dispatch:
        dispatch.chosen.update(pairs["this"])
        found = measure(stack, args.calls, dispatch.functions, lambda which: dispatch.chosen.update(pairs[which]))
    return found["other"], found["this"]


def _named_rows(stack: str, args: argparse.Namespace, walk_parts: list[tuple[Any, str]]) -> tuple[float, float]:
    from tensorboard_modelviz.capture import model_state, model_walk, recording, structure_key

    eager = _eager_alternatives()
    this = {
        "walk": model_walk._WalkPlan.walk,
        "first_meta_tensor": model_walk.ModelWalk.first_meta_tensor,
        "parameter_versions": model_state.parameter_versions,
        "_held_tensors": structure_key._held_tensors,
    }
    replaced = [
        (model_walk._WalkPlan, "walk"),
        (model_walk.ModelWalk, "first_meta_tensor"),
        (recording, "parameter_versions"),
        (structure_key, "_held_tensors"),
    ]
    with Dispatch(replaced) as dispatch:
        dispatch.chosen.update(this)
        timed = walk_parts + [(recording, "_key")]
        found = measure(
            stack, args.calls, timed, lambda which: dispatch.chosen.update(this if which == "this" else eager)
        )
    return found["other"], found["this"]


if __name__ == "__main__":
    main()
