"""What a steady forward's module hooks cost inside the forward, built up a part at a time.

    python benchmarks/hook_floor.py [--rounds 30] [--calls 5]

On the MLP and conv stacks of per_module_cost.py, without gradients, one process, the
variants taking turns round by round: CPU time per module beyond the plain forward,
the median of the rounds' means of `--calls` forwards, for

- `wrapped forwards`: no hooks; each module's `forward` replaced on the instance by an
  empty wrapper for the forward (set and removed around it): the dispatch a hook-free
  design would pay, for comparison (benchmarks/README.md, h27-hooks, says why the package
  does not see its calls so);
- `empty hooks`: two empty global module hooks (torch's dispatch alone);
- `lookup`: each hook looks its module up in a dict of the model's modules;
- `records`: and the pre-hook makes a tracer.ModuleCall and pushes it, the hook pops it;
- `shapes`: and both take their tensor's shape as a list (input and output shapes);
- `notes`: and the hook notes the output as a steady Trace puts it off (version,
  data_ptr, shape) and its dtype;
- `checks`: and the tests a steady Trace makes before it (one plain tensor, no mode on,
  a small float CPU strided tensor with a version) and the call counts and layer keys;
- `Trace`: a steady call's Trace (`record_graph=False`, made from the model's walk as a
  steady call makes it, attached as the checkout attaches it; the forward, removed; not
  the walk, describe_deferred nor finish_stats). From its second forward on it replays
  the module calls of the one before (tracer.Trace.replay), as steady calls do.

The variants are closures written here to find where the time goes, not the package's
code; `Trace` is the package's. Each row less the one above it is what its part costs
between the model's kernels.
"""

import argparse
import os
import statistics
import sys
import time
from typing import Any, Callable

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))

VARIANTS = (
    "wrapped forwards",
    "empty hooks",
    "lookup",
    "records",
    "shapes",
    "notes",
    "checks",
    "Trace",
)


def installers(model: Any, finishing: list) -> dict[str, Callable[[], Callable[[], None]]]:
    """variant -> a function that puts the variant on `model` and returns its removal
    (`Trace`'s removal puts the trace in `finishing`)."""
    import torch

    from tensorboard_modelviz.capture import recording, tracer
    from tensorboard_modelviz.capture.model_walk import _named_modules

    hooks = torch.nn.modules.module
    named = list(model.named_modules())
    walked = _named_modules(model)  # as a steady call's walk gives them to its Trace (the walk is not timed)
    facts = {id(module): (name, type(module).__name__, name + "#0") for name, module in named}
    plain, strided, limit = torch.Tensor, torch.strided, tracer.EXACT_LIMIT
    function_modes, dispatch_modes = torch._C._is_torch_function_mode_enabled, torch._C._len_torch_dispatch_stack

    def registered(pre: Callable, post: Callable) -> Callable[[], None]:
        handles = [hooks.register_module_forward_pre_hook(pre), hooks.register_module_forward_hook(post)]

        def remove() -> None:
            for handle in handles:
                handle.remove()

        return remove

    def wrapped() -> Callable[[], None]:
        modules = [module for _, module in named]
        for module in modules:
            forward = module.forward

            def wrapper(*args: Any, _forward: Callable = forward, **kwargs: Any) -> Any:
                return _forward(*args, **kwargs)

            module.__dict__["forward"] = wrapper

        def remove() -> None:
            for module in modules:
                del module.__dict__["forward"]

        return remove

    def empty() -> Callable[[], None]:
        return registered(lambda module, args: None, lambda module, args, output: None)

    def lookup() -> Callable[[], None]:
        def pre(module: Any, args: Any) -> None:
            if facts.get(id(module)) is None:
                return

        def post(module: Any, args: Any, output: Any) -> None:
            if id(module) not in facts:
                return

        return registered(pre, post)

    def with_calls(shapes: bool, notes: bool, checks: bool) -> Callable[[], Callable[[], None]]:
        def install() -> Callable[[], None]:
            stack: list = []
            calls: list = []
            deferred: list = []
            counts: dict[int, int] = {}

            def pre(module: Any, args: Any) -> None:
                fact = facts.get(id(module))
                if fact is None:
                    return
                if checks and not (
                    len(args) == 1 and type(args[0]) is plain and not (function_modes() or dispatch_modes())
                ):
                    return
                call = tracer.ModuleCall()
                index = 0
                if checks:
                    index = counts.get(id(module), 0)
                    counts[id(module)] = index + 1
                call.module_id, call.name, call.type, call.call = id(module), fact[0], fact[1], index
                call.key = fact[2] if index == 0 else "%s#%d" % (fact[0], index)
                call.depth, call.recorded, call.relu_input, call.dead_units_for = len(stack), True, None, None
                if shapes:
                    call.input_shapes = [[*args[0].shape]]
                calls.append(call)
                stack.append(call)

            def post(module: Any, args: Any, output: Any) -> None:
                if id(module) not in facts:
                    return
                if checks and not (type(output) is plain and not (function_modes() or dispatch_modes())):
                    return
                call = stack.pop()
                if shapes:
                    size = output.shape
                    dtype = output.dtype
                    call.output_shapes, call.output_dtypes = [[*size]], [dtype]
                    if notes and (
                        not checks
                        or (
                            dtype.is_floating_point
                            and output.is_cpu
                            and output.layout is strided
                            and size.numel() <= limit
                            and not output.is_inference()
                        )
                    ):
                        deferred.append((call, output, output._version, output.data_ptr(), size, None, None))

            return registered(pre, post)

        return install

    def trace() -> Callable[[], None]:
        """The Trace's hooks; the trace is put in `finishing`, finished after the timed part."""
        options = recording.CaptureOptions()
        made = tracer.Trace(model, options, options.selects, record_graph=False, named_modules=walked)
        made.watch_relus = False
        handles = made.attach()

        def remove() -> None:
            for handle in handles:
                handle.remove()
            finishing.append(made)

        return remove

    return {
        "wrapped forwards": wrapped,
        "empty hooks": empty,
        "lookup": lookup,
        "records": with_calls(False, False, False),
        "shapes": with_calls(True, False, False),
        "notes": with_calls(True, True, False),
        "checks": with_calls(True, True, True),
        "Trace": trace,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--calls", type=int, default=5)
    args = parser.parse_args()

    import torch
    from per_module_cost import conv_stack, mlp_stack

    torch.set_num_threads(1)
    print("| variant | MLP, µs a module beyond the plain forward | conv |")
    print("| --- | ---: | ---: |")
    found: dict[str, list[float]] = {}
    for make in (mlp_stack, conv_stack):
        torch.manual_seed(0)
        model, x = make()
        modules = sum(1 for _ in model.modules()) - 1
        finishing: list = []
        install = installers(model, finishing)
        times: dict[str, list[float]] = {variant: [] for variant in ("plain",) + VARIANTS}
        with torch.no_grad():
            for _ in range(args.rounds):
                for variant in times:
                    total = 0.0
                    for _ in range(args.calls):
                        start = time.process_time()
                        remove = install[variant]() if variant != "plain" else None
                        model(x)
                        if remove is not None:
                            remove()
                        total += time.process_time() - start
                        for made in finishing:  # outside the timed part: not the hooks' work
                            made.deferred = []
                            made.finish_stats()  # gives its buffer back, as a call does
                        finishing.clear()
                    times[variant].append(total / args.calls * 1e6 / modules)
        plain = statistics.median(times["plain"])
        for variant in VARIANTS:
            found.setdefault(variant, []).append(statistics.median(times[variant]) - plain)
    for variant in VARIANTS:
        print("| %s | %.2f | %.2f |" % (variant, *found[variant]), flush=True)


if __name__ == "__main__":
    main()
