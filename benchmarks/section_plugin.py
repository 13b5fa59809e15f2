"""Benchmark section: the plugin's server latency per route, on both TensorBoard loaders.

    python benchmarks/section_plugin.py cnn=RUN_DIR gpt2=RUN_DIR [--cold 5 --warm 20]

run.py calls `measure(logs)` with the runs its models wrote. For each run a real
`tensorboard --logdir RUN_DIR --host 127.0.0.1 --port 0` process is started twice: with
default flags (the Rust data server) and with `--load_fast=false` (the Python
multiplexer). Once every written step is listed, each route of docs/routes.md is asked:

- cold: the first request of that route with the plugin's caches empty. Each cold sample
  goes to a fresh experiment (`/experiment/<id>/data/plugin/...`): TensorBoard shares its
  loaded data between experiments, while the plugin keeps one reader, with its caches and
  over-time analyses, per experiment. That is what the first person to open a view after
  TensorBoard loaded the run waits for (less Python's one-time imports, paid earlier).
- warm: the same request repeated on one experiment.

Requests accept gzip as a browser's do, so compressing large answers is counted. Times
are from a client on the same machine: request sent to the last byte read.
"""

import argparse
import contextlib
import gzip
import json
import os
import statistics
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
if os.path.join(REPO, "tests") not in sys.path:
    sys.path.insert(0, os.path.join(REPO, "tests"))  # tb_helpers: the `tensorboard` process

import tb_helpers  # noqa: E402

from tensorboard_modelviz.format import metadata  # noqa: E402

ROUTES = (
    "runs",
    "structure",
    "step",
    "activation",
    "stat_matrix",
    "alerts",
    "layer_trends",
    "step_diff",
    "architecture_diff",
)
LOADERS = {"rust": (), "python": ("--load_fast=false",)}
LOADER_NAMES = {"rust": "Rust data server (default)", "python": "Python (--load_fast=false)"}
TARGET_MS = 100.0
STATISTIC = "activation_absmax"  # every statistic's matrix has the same size
PREFIX = "/data/plugin/" + metadata.PLUGIN_NAME + "/"


# --- a `tensorboard` process over one run ------------------------------------------------


def last_written_steps(logdir):
    """{(run, tag): last step written} of the modelviz step records under `logdir`.

    Run names are what TensorBoard calls them: the folder relative to the logdir ("."
    for event files directly in it).
    """
    from tensorboard.backend.event_processing.event_file_loader import EventFileLoader

    last = {}
    for directory, _, files in os.walk(logdir):
        run = os.path.relpath(directory, logdir)
        for name in sorted(files):
            if "tfevents" not in name:
                continue
            for event in EventFileLoader(os.path.join(directory, name)).Load():
                for value in event.summary.value:
                    parsed = metadata.parse_tag(value.tag)
                    if parsed is not None and parsed[1] == "step":
                        last[(run, parsed[0])] = event.step
    return last


def _lists_every_step(expected):
    def check(status, document):
        if status != 200 or not document:
            return False
        listed = {(entry["run"], tag["tag"]): tag["steps"] for entry in document["runs"] for tag in entry["tags"]}
        return all(step in listed.get(key, ()) for key, step in expected.items())

    return check


@contextlib.contextmanager
def served(logdir, loader="rust", timeout=300.0):
    """A `tensorboard` process over `logdir` that lists every step written there.

    Yields (process, seconds from start until the last step was listed).
    """
    expected = last_written_steps(logdir)
    if not expected:
        raise ValueError("no modelviz steps under %s" % logdir)
    started = time.perf_counter()
    with tb_helpers.TensorBoardProcess(logdir, *LOADERS[loader]) as board:
        board.wait_for(_lists_every_step(expected), PREFIX + "runs", timeout=timeout)
        yield board, time.perf_counter() - started


# --- timed requests ------------------------------------------------------------------------


class RouteError(RuntimeError):
    """A route answered something other than 200."""


def fetch(url, timeout=120.0):
    """(seconds, body as sent, Content-Encoding) of GET `url`, gzip accepted as a browser does."""
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip", "Accept": "application/json"})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
            encoding = response.headers.get("Content-Encoding")
    except urllib.error.HTTPError as error:
        text = error.read()
        if error.headers.get("Content-Encoding") == "gzip":
            text = gzip.decompress(text)
        raise RouteError("%s answered %d: %s" % (url, error.code, text[:300].decode(errors="replace"))) from None
    return time.perf_counter() - started, body, encoding


def fetch_json(url):
    _, body, encoding = fetch(url)
    return json.loads(gzip.decompress(body) if encoding == "gzip" else body)


def route_paths(base_url):
    """{route: path and query} for one run's steps, layers and samples, and what was chosen.

    The run and tag are the first listed; the steps its first and last; the sample the
    largest at the last step (the costliest `activation` answer); the layer for the
    trends a middle layer with parameters of its own.
    """
    listing = fetch_json(base_url + PREFIX + "runs")
    run, tag, steps = next(
        (entry["run"], tag["tag"], tag["steps"]) for entry in listing["runs"] for tag in entry["tags"] if tag["steps"]
    )
    first, last = steps[0], steps[-1]
    at_last = {"run": run, "tag": tag, "step": last}
    structure = fetch_json(base_url + PREFIX + "structure?" + urllib.parse.urlencode(at_last))
    step = fetch_json(base_url + PREFIX + "step?" + urllib.parse.urlencode(at_last))
    layers = [row for row in structure["layers"] if row["key"] in step["activations"]]
    with_params = [row for row in layers if row["params"]] or layers
    layer = with_params[len(with_params) // 2]["key"]
    sampled = max(step["samples"].items(), key=lambda item: _count(item[1]["shape"]))[0] if step["samples"] else None

    def path(route, **parameters):
        return PREFIX + route + ("?" + urllib.parse.urlencode(parameters) if parameters else "")

    series = {"run": run, "tag": tag}
    two_steps = dict(series, step=first, step_b=last)
    paths = {
        "runs": path("runs"),
        "structure": path("structure", **at_last),
        "step": path("step", **at_last),
        "activation": path("activation", layer=sampled, **at_last) if sampled else None,
        "stat_matrix": path("stat_matrix", statistic=STATISTIC, **series),
        "alerts": path("alerts", **series),
        "layer_trends": path("layer_trends", layer=layer, **series),
        "step_diff": path("step_diff", **two_steps),
        "architecture_diff": path("architecture_diff", **two_steps),
    }
    chosen = {
        "run": run,
        "tag": tag,
        "steps": len(steps),
        "first_step": first,
        "last_step": last,
        "layer_rows": len(structure["layers"]),
        "graph_nodes": len(structure["nodes"]),
        "samples_per_step": len(step["samples"]),
        "layer": layer,
        "sample": sampled,
        "statistic": STATISTIC,
    }
    return paths, chosen


def _count(shape):
    count = 1
    for size in shape:
        count *= size
    return count


def _median_ms(seconds):
    return round(statistics.median(seconds) * 1000, 2)


def measure_loader(logdir, loader, cold_repeats, warm_repeats):
    """Cold and warm latency of every route on one `tensorboard` process."""
    with served(logdir, loader) as (board, load_seconds):
        paths, chosen = route_paths(board.url)
        cold = {route: [] for route in ROUTES}
        errors = {}
        for _ in range(cold_repeats):  # rounds, so that a noisy moment hits every route alike
            for route in ROUTES:
                if paths[route] is None or route in errors:
                    continue
                fresh = "/experiment/cold-%s" % uuid.uuid4().hex
                try:
                    cold[route].append(fetch(board.url + fresh + paths[route])[0])
                except (RouteError, OSError) as error:
                    errors[route] = str(error)
        routes = {}
        for route in ROUTES:
            if paths[route] is None:
                routes[route] = {"error": "no activation sample at the last step"}
                continue
            if route in errors:
                routes[route] = {"error": errors[route]}
                continue
            url = board.url + paths[route]
            try:
                _, body, encoding = fetch(url)  # fills the caches of the default experiment
                warm = [fetch(url)[0] for _ in range(warm_repeats)]
            except (RouteError, OSError) as error:
                routes[route] = {"error": str(error)}
                continue
            routes[route] = {
                "path": paths[route],
                "cold_median_ms": _median_ms(cold[route]),
                "warm_median_ms": _median_ms(warm),
                "cold_ms": [round(s * 1000, 2) for s in cold[route]],
                "warm_ms": [round(s * 1000, 2) for s in warm],
                "bytes": len(body),
                "gzip": encoding == "gzip",
            }
    return {"load_seconds": round(load_seconds, 2), "chosen": chosen, "routes": routes}


# --- the section -------------------------------------------------------------------------------


def measure(logs, cold_repeats=5, warm_repeats=20, loaders=tuple(LOADERS)):
    """The section for run.py: `logs` maps each model to its run directory."""
    if cold_repeats < 1 or warm_repeats < 1:
        raise ValueError("cold_repeats and warm_repeats must be at least 1")
    unknown = [loader for loader in loaders if loader not in LOADERS]
    if unknown:
        raise ValueError("unknown loaders %s; known: %s" % (unknown, ", ".join(LOADERS)))
    models = {}
    for name, logdir in logs.items():
        models[name] = {}
        for loader in loaders:
            try:
                models[name][loader] = measure_loader(logdir, loader, cold_repeats, warm_repeats)
            except Exception as error:  # one model or loader failing keeps the others' figures
                models[name][loader] = {"error": "%s: %s" % (type(error).__name__, error)}
    results = {
        "target_ms": TARGET_MS,
        "settings": {
            "cold_repeats": cold_repeats,
            "warm_repeats": warm_repeats,
            "loaders": list(loaders),
            "client": "urllib on the same machine, Accept-Encoding: gzip, one connection per request",
        },
        "models": models,
        "misses": misses(models),
    }
    return {"title": "Plugin routes: server latency", "results": results, "markdown": markdown(results)}


def misses(models):
    """Every (model, loader, route) whose warm median is over the target, slowest first."""
    found = []
    for name, by_loader in models.items():
        for loader, entry in by_loader.items():
            for route, figures in entry.get("routes", {}).items():
                if figures.get("warm_median_ms", 0) > TARGET_MS:
                    found.append(
                        {"model": name, "loader": loader, "route": route, "warm_median_ms": figures["warm_median_ms"]}
                    )
    return sorted(found, key=lambda miss: -miss["warm_median_ms"])


def _ms(value):
    return "%.1f" % value if value < 100 else "%.0f" % value


def _size(count):
    return "%.1f KiB" % (count / 1024) if count >= 1024 else "%d B" % count


def _cell(text):
    return str(text).replace("|", "/").replace("\n", " ")


def markdown(results):
    """One row per model and loader, one column per route: cold / warm milliseconds."""
    settings = results["settings"]
    target = results["target_ms"]
    lines = [
        "Median milliseconds, cold / warm: cold is the first request with the plugin's caches empty "
        "(median of %d), warm the same request repeated (median of %d). Client on the same machine, "
        "gzip accepted. rust = TensorBoard's default loader, python = `--load_fast=false`; loaded = "
        "seconds from starting `tensorboard` until every step is listed. Target: warm <= %.0f ms."
        % (settings["cold_repeats"], settings["warm_repeats"], target),
        "",
        "| model | loader | loaded | " + " | ".join(ROUTES) + " |",
        "| --- | --- |" + " ---: |" * (len(ROUTES) + 1),
    ]
    notes = []
    for name, by_loader in results["models"].items():
        for loader in settings["loaders"]:
            entry = by_loader.get(loader, {"error": "not measured"})
            if "error" in entry:
                failure = _cell(entry["error"])[:120]
                lines.append("| %s | %s | failed: %s |%s" % (name, loader, failure, " |" * len(ROUTES)))
                continue
            cells = [name, loader, "%.1f s" % entry["load_seconds"]]
            for route in ROUTES:
                figures = entry["routes"][route]
                if "error" in figures:
                    cells.append("failed: %s" % _cell(figures["error"])[:80])
                    continue
                mark = " ✓" if figures["warm_median_ms"] <= target else " ✗"
                cells.append("%s / %s%s" % (_ms(figures["cold_median_ms"]), _ms(figures["warm_median_ms"]), mark))
            lines.append("| " + " | ".join(cells) + " |")
        measured = [entry for entry in by_loader.values() if "chosen" in entry]
        if measured:
            chosen, routes = measured[0]["chosen"], measured[0]["routes"]
            sizes = sorted((figures["bytes"], route) for route, figures in routes.items() if "bytes" in figures)
            largest = ", ".join("%s %s" % (route, _size(count)) for count, route in reversed(sizes[-2:]))
            notes.append(
                "- %s: run `%s`, %d steps, %d layer rows, %d graph nodes, %d samples per step; layer `%s`, "
                "sample `%s`, statistic `%s`; largest answers (as sent): %s"
                % (
                    name,
                    _cell(chosen["run"]),
                    chosen["steps"],
                    chosen["layer_rows"],
                    chosen["graph_nodes"],
                    chosen["samples_per_step"],
                    _cell(chosen["layer"]),
                    _cell(chosen["sample"]),
                    chosen["statistic"],
                    largest,
                )
            )
    lines += [""] + notes
    slow = results["misses"]
    lines.append("")
    if slow:
        lines.append(
            "Warm medians over %.0f ms: %s."
            % (
                target,
                "; ".join(
                    "%s, %s on %s (%s ms)" % (miss["route"], miss["model"], miss["loader"], _ms(miss["warm_median_ms"]))
                    for miss in slow
                ),
            )
        )
    else:
        lines.append("Every measured route's warm median is within %.0f ms." % target)
    return "\n".join(lines) + "\n"


def parse_logs(pairs):
    logs = {}
    for pair in pairs:
        name, separator, path = pair.partition("=")
        if not separator or not name or not os.path.isdir(path):
            raise argparse.ArgumentTypeError("expected MODEL=RUN_DIR with an existing folder, got %r" % pair)
        logs[name] = os.path.abspath(path)
    return logs


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("logs", nargs="+", metavar="MODEL=RUN_DIR")
    parser.add_argument("--cold", type=int, default=5, help="cold samples per route (default 5)")
    parser.add_argument("--warm", type=int, default=20, help="warm samples per route (default 20)")
    parser.add_argument("--loaders", nargs="+", choices=list(LOADERS), default=list(LOADERS))
    parser.add_argument("--json", help="also write the results here")
    args = parser.parse_args(argv)
    try:
        logs = parse_logs(args.logs)
    except argparse.ArgumentTypeError as error:
        parser.error(str(error))
    emit(measure(logs, args.cold, args.warm, tuple(args.loaders)), args.json)
    return 0


def emit(section, json_path=None):
    """What a section run on its own prints (and saves as JSON when asked)."""
    if json_path:
        with open(json_path, "w") as out:
            json.dump(section, out, indent=1)
    print(section["markdown"])


if __name__ == "__main__":
    sys.exit(main())
