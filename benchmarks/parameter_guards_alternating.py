"""A kept parameter layout checked by torch's tensor guards against the signature read
again, alternating call by call inside steady add_model_viz calls.

    python benchmarks/parameter_guards_alternating.py [--calls 240]

Steady calls on the MLP and conv stacks of per_module_cost.py (train mode, after one
backward, one torch thread); before every other call the kept layouts' guards are set
aside, so that `_Layout.fits` reads the signature again (parameter_stats' path where torch
has no guards). Timed by the main thread's CPU time (rest_alternating.measure): the
parameters' statistics (`recording.describe_parameters`) and the whole call
(`writer.add_model_viz`, the event file's work on the writer's own thread aside), medians
over the calls of each, in µs a module. Both run in the same calls' conditions (caches,
the machine's load): a global cost of the guards, were there one, would show in the whole
call, which separate processes on a loaded machine cannot tell within a few percent.
"""

import argparse
import os
import sys
from typing import Any, Dict

HERE = os.path.dirname(os.path.abspath(__file__))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=240)
    args = parser.parse_args()
    sys.path.insert(0, HERE)
    from rest_alternating import measure

    from tensorboard_modelviz.capture import parameter_stats, recording
    from tensorboard_modelviz.capture import writer as writer_module

    set_aside: Dict[int, Any] = {}

    def guards_switch(which: str) -> None:
        for layout in parameter_stats._LAYOUTS.__dict__.get("layouts", {}).values():
            if which == "other" and layout.guards is not None:
                set_aside[id(layout)] = layout.guards
                layout.guards = None  # guards_tried stays True: the signature is read
            elif which == "this" and id(layout) in set_aside:
                layout.guards = set_aside.pop(id(layout))

    print(
        "load average %.2f at the start; thread CPU time, medians of %d calls each, µs a module"
        % (os.getloadavg()[0], args.calls // 2)
    )
    print("| stack | part | the signature read again | torch's tensor guards |")
    print("| --- | --- | ---: | ---: |")
    for stack, label, modules in (("mlp", "MLP, 400 modules", 400), ("conv", "conv, 300 modules", 300)):
        for space, name, part in (
            (recording, "describe_parameters", "describe_parameters"),
            (writer_module, "add_model_viz", "the call"),
        ):
            found = measure(stack, args.calls, [(space, name)], guards_switch)
            print("| %s | %s | %.2f | %.2f |" % (label, part, found["other"] / modules, found["this"] / modules))
    print("load average %.2f at the end" % os.getloadavg()[0])


if __name__ == "__main__":
    main()
