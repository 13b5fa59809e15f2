"""The plugin's routes on a long run: a 150-row model logged 100 times.

    python benchmarks/long_run.py [--cold 3] [--warm 10]

The over-time routes (stat_matrix, layer_trends, alerts) need every step of a run: the
first of them reads, decodes and analyses them all, and the others are answered from
memory after it. The suite's runs have 6 steps each; this one has 100, written as the
browser tests write their heatmap run (`deep150`: hand-built step documents through
tests/tb_helpers, so writing takes seconds). Each route is timed as section_plugin times
it, on both loaders: cold on a fresh experiment (the first request of a view, plugin
caches empty), warm repeated. Prints a Markdown table of medians, cold / warm, in ms.
"""

import argparse
import os
import sys
import tempfile

from section_plugin import LOADERS, REPO, ROUTES, measure_loader

sys.path.insert(0, os.path.join(REPO, "tests", "browser"))
import logdirs  # noqa: E402


def table(results):
    lines = ["| loader | " + " | ".join(ROUTES) + " |", "| --- |" + " ---: |" * len(ROUTES)]
    for loader, result in results.items():
        cells = []
        for route in ROUTES:
            timing = result["routes"][route]
            cells.append(
                "failed" if "error" in timing else "%.0f / %.1f" % (timing["cold_median_ms"], timing["warm_median_ms"])
            )
        lines.append("| %s | %s |" % (loader, " | ".join(cells)))
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cold", type=int, default=3, help="cold requests per route (default 3)")
    parser.add_argument("--warm", type=int, default=10, help="warm requests per route (default 10)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as logdir:
        logdirs.write_deep_run(logdir)
        results = {loader: measure_loader(logdir, loader, args.cold, args.warm) for loader in LOADERS}
    print("%d layer rows, %d steps\n" % (results["rust"]["chosen"]["layer_rows"], results["rust"]["chosen"]["steps"]))
    print(table(results))
    failed = [
        (loader, route)
        for loader, result in results.items()
        for route, timing in result["routes"].items()
        if "error" in timing
    ]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
