"""Load test: many dashboard clients on a real `tensorboard` while training appends steps.

    python benchmarks/load_test.py [--clients 50] [--duration 60] [--loaders rust python]
                                   [--append-every 0.5] [--out load_test.json]

For each loader (the Rust data server TensorBoard uses by default, and the Python one of
`--load_fast=false`) a fresh logdir gets a training process (a small CNN and its
optimizer, `add_model_viz` and a flush every `--append-every` seconds, for as long as the
clients run), `tensorboard --logdir ... --host 127.0.0.1 --port 0 --reload_interval 1` is
started on it, and `--clients` threads ask the routes of docs/routes.md in turn for
`--duration` seconds, about steps the server lists (the listing is refreshed by the
clients' own `runs` requests, so new steps are asked for as they appear). Reported per
loader: the requests and errors (any answer but 200, or no answer within 60 s) per route,
their p50/p99/max latency, the server's resident memory (the tensorboard process and the
data server it starts; sampled every 0.25 s) before the clients start, at its peak and at
the end, and how many steps were listed before and after.

Everything runs on the loopback interface; clients, duration and appends are bounded
(200 clients, 600 s). Times are from the clients, on the same machine as the server:
on a shared machine they include the wait for a core.
"""

import argparse
import json
import os
import random
import shutil
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from section_plugin import LOADERS, PREFIX, ROUTES, tb_helpers  # noqa: E402  (same routes, loaders)

RUN = "train"
MAX_CLIENTS = 200
MAX_DURATION = 600.0
REQUEST_TIMEOUT = 60.0


def _percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


class _Listing:
    """What the server lists of the training run, shared by the clients."""

    def __init__(self):
        self.lock = threading.Lock()
        self.steps = []
        self.layers = []  # layer keys with an activation sample

    def update(self, answer):
        for run in answer.get("runs", []):
            if run["run"] == RUN and run["tags"]:
                with self.lock:
                    self.steps = run["tags"][0]["steps"]


def _request(board, route, params):
    url = board.url + PREFIX + route + ("?" + urllib.parse.urlencode(params) if params else "")
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT) as response:
            body = response.read()
            status = response.status
            gzipped = response.headers.get("Content-Encoding") == "gzip"
    except urllib.error.HTTPError as e:
        body, status, gzipped = e.read(), e.code, False
    except OSError as e:  # no answer: refused, reset or timed out
        return time.perf_counter() - started, None, repr(e)[:200]
    elapsed = time.perf_counter() - started
    if route == "runs" and status == 200:
        import gzip

        return elapsed, status, json.loads(gzip.decompress(body) if gzipped else body)
    return elapsed, status, body[:200] if status != 200 else None


def _params(route, listing, rng):
    with listing.lock:
        steps, layers = listing.steps, listing.layers
    step, other = rng.choice(steps), rng.choice(steps)
    layer = rng.choice(layers)
    base = {"run": RUN, "tag": "model"}
    return {
        "runs": {},
        "structure": dict(base, step=step),
        "step": dict(base, step=step),
        "activation": dict(base, step=step, layer=layer),
        "stat_matrix": dict(base, statistic=rng.choice(("activation_std", "grad_norm", "update_ratio"))),
        "alerts": base,
        "layer_trends": dict(base, layer=layer),
        "step_diff": dict(base, step=other, step_b=step),
        "architecture_diff": dict(base, step=other, step_b=step),
    }[route]


def _client(board, listing, deadline, seed, results):
    rng = random.Random(seed)
    index = seed
    while time.monotonic() < deadline:
        route = ROUTES[index % len(ROUTES)]
        index += 1
        elapsed, status, detail = _request(board, route, _params(route, listing, rng))
        if route == "runs" and status == 200:
            listing.update(detail)
            detail = None
        results.append((route, elapsed, status, detail))


def _wait_for_steps(board, count, timeout=120.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        _, status, answer = _request(board, "runs", {})
        if status == 200:
            for run in answer["runs"]:
                if run["run"] == RUN and len(run["tags"][0]["steps"]) >= count:
                    return answer
        time.sleep(0.2)
    raise RuntimeError("tensorboard did not list %d steps in time:\n%s" % (count, board.output()[-2000:]))


def measure_loader(loader, clients, duration, append_every, initial_steps):
    """One loader's figures (see the module docstring)."""
    logdir = tempfile.mkdtemp(prefix="modelviz_load_")
    training = None
    try:
        # The training process runs through the whole measurement (plus start-up margin).
        deadline = time.time() + duration + 120.0
        training = tb_helpers.start_training(os.path.join(logdir, RUN), append_every, deadline, initial_steps)
        written = []
        for line in training.stdout:  # the initial steps, written as fast as it can
            written.append(int(line))
            if len(written) >= initial_steps:
                break
        threading.Thread(target=lambda: written.extend(int(line) for line in training.stdout), daemon=True).start()
        with tb_helpers.TensorBoardProcess(logdir, "--reload_interval", "1", *LOADERS[loader]) as board:
            answer = _wait_for_steps(board, initial_steps)
            listing = _Listing()
            listing.update(answer)
            first = json.loads(
                urllib.request.urlopen(
                    board.url
                    + PREFIX
                    + "step?"
                    + urllib.parse.urlencode({"run": RUN, "tag": "model", "step": listing.steps[0]})
                ).read()
            )
            listing.layers = sorted(first["samples"])
            steps_before = len(listing.steps)

            rss = {"before": board.rss()}
            samples = []
            sampling = threading.Event()

            def sample_rss():
                while not sampling.is_set():
                    samples.append(board.rss())
                    sampling.wait(0.25)

            sampler = threading.Thread(target=sample_rss, daemon=True)
            sampler.start()
            results = []
            stop = time.monotonic() + duration
            threads = [
                threading.Thread(target=_client, args=(board, listing, stop, i, results)) for i in range(clients)
            ]
            started = time.monotonic()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            wall = time.monotonic() - started
            sampling.set()
            sampler.join()
            rss["peak"] = max(samples + [rss["before"]])
            rss["end"] = board.rss()
            _, status, answer = _request(board, "runs", {})
            listing.update(answer)
            steps_after = len(listing.steps)
    finally:
        if training is not None:
            training.kill()
            training.wait()
            training.stdout.close()
        shutil.rmtree(logdir, ignore_errors=True)

    routes = {}
    for route in ROUTES:
        times = [elapsed for name, elapsed, _, _ in results if name == route]
        failed = [(status, detail) for name, _, status, detail in results if name == route and status != 200]
        routes[route] = {
            "requests": len(times),
            "errors": len(failed),
            "error_examples": [{"status": s, "detail": str(d)[:200]} for s, d in failed[:3]],
            "p50_s": _percentile(times, 0.5) if times else None,
            "p99_s": _percentile(times, 0.99) if times else None,
            "max_s": max(times) if times else None,
        }
    return {
        "loader": loader,
        "clients": clients,
        "duration_s": round(wall, 1),
        "requests": len(results),
        "errors": sum(r["errors"] for r in routes.values()),
        "requests_per_s": round(len(results) / wall, 1),
        "steps_listed": [steps_before, steps_after],
        "steps_written": len(written),
        "rss_bytes": rss,
        "routes": routes,
    }


def render(report):
    lines = []
    for result in report["loaders"]:
        rss = result["rss_bytes"]
        lines.append(
            "%s: %d clients for %.0f s, %d requests (%.0f/s), %d errors; steps listed %d -> %d; "
            "server RSS %.0f MiB before, %.0f MiB peak, %.0f MiB at the end"
            % (
                result["loader"],
                result["clients"],
                result["duration_s"],
                result["requests"],
                result["requests_per_s"],
                result["errors"],
                result["steps_listed"][0],
                result["steps_listed"][1],
                rss["before"] / 2**20,
                rss["peak"] / 2**20,
                rss["end"] / 2**20,
            )
        )
        lines.append("  %-18s %8s %7s %9s %9s %9s" % ("route", "requests", "errors", "p50 ms", "p99 ms", "max ms"))
        for route, figures in result["routes"].items():
            if figures["requests"]:
                lines.append(
                    "  %-18s %8d %7d %9.1f %9.1f %9.1f"
                    % (
                        route,
                        figures["requests"],
                        figures["errors"],
                        figures["p50_s"] * 1e3,
                        figures["p99_s"] * 1e3,
                        figures["max_s"] * 1e3,
                    )
                )
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load per loader")
    parser.add_argument("--loaders", nargs="+", choices=sorted(LOADERS), default=["rust", "python"])
    parser.add_argument("--append-every", type=float, default=0.5, help="seconds between training's calls")
    parser.add_argument("--initial-steps", type=int, default=20)
    parser.add_argument("--out", help="write the figures as JSON here")
    args = parser.parse_args(argv)
    if not 1 <= args.clients <= MAX_CLIENTS:
        parser.error("--clients must be from 1 to %d" % MAX_CLIENTS)
    if not 0 < args.duration <= MAX_DURATION:
        parser.error("--duration must be above 0 and at most %d seconds" % MAX_DURATION)
    report = {
        "command": " ".join([os.path.basename(sys.argv[0])] + (argv if argv is not None else sys.argv[1:])),
        "load_average_before": os.getloadavg(),
        "cpus": os.cpu_count(),
        "loaders": [],
    }
    for loader in args.loaders:
        report["loaders"].append(
            measure_loader(loader, args.clients, args.duration, args.append_every, args.initial_steps)
        )
    report["load_average_after"] = os.getloadavg()
    print(render(report))
    print(
        "load average %.2f before, %.2f after (1 min), %d CPUs"
        % (report["load_average_before"][0], report["load_average_after"][0], report["cpus"])
    )
    if args.out:
        with open(args.out, "w") as f:
            json.dump(report, f, indent=1)
    return report


if __name__ == "__main__":
    main()
