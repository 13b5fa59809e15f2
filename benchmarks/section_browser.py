"""Benchmark section: from opening the Model Viz tab to an interactive graph, in Chromium.

    python benchmarks/section_browser.py cnn=RUN_DIR gpt2=RUN_DIR [--rounds 3]

run.py calls `measure(logs)`; the CNN and GPT-2 runs are measured, other models skipped.
Each round starts a fresh `tensorboard` (default flags) over the run and opens two pages
in headless Chromium (Debian's /usr/bin/chromium through Playwright, each page in a new
browser context, so with an empty HTTP cache):

- first open: the plugin's server caches are empty, as for the first person to open the
  tab after TensorBoard loaded the run;
- reopened: the same server again, its caches filled by the first page.

A page loads TensorBoard on another dashboard (`#scalars`), because TensorBoard opens the
only active dashboard by itself; when its tab bar shows "Model Viz", the tab is clicked.
The time measured runs from the click, as the page sees it, to the first animation frame
after the graph view's root has `data-state="ready"` (drawn and answering input). Both
ends are taken inside the browser by a script added to every page, so Playwright's own
round trips are not counted. The plugin's requests, from the iframe's resource timings,
split that time up.
"""

import argparse
import os
import statistics
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

import section_plugin  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1400, "height": 900}
MODELS = ("cnn", "gpt2")
TARGET_SECONDS = 2.0
TAB_LABEL = "Model Viz"
OTHER_DASHBOARD = "scalars"
FRAME = 'iframe[src*="plugin_entry.html?name=modelviz"]'
SETTLED = '[data-testid="graph-view"][data-state="ready"], [data-testid="graph-view"][data-state="error"]'
ROUTE_PREFIX = section_plugin.PREFIX

# Added to every document before its own scripts. In TensorBoard's page it notes when a
# click is dispatched; in the plugin's iframe, when the graph view first settles (ready or
# error) and the animation frame that follows. Times are epoch milliseconds
# (timeOrigin + now), comparable between the page and its iframe.
MARKS_SCRIPT = """
(() => {
  const mark = (name) => {
    if (window['__modelvizBench_' + name] === undefined)
      window['__modelvizBench_' + name] = performance.timeOrigin + performance.now();
  };
  if (window === window.top) {
    document.addEventListener('click', () => mark('clicked'), true);
    return;
  }
  if (!location.pathname.endsWith('plugin_entry.html')) return;
  new MutationObserver(() => {
    if (window.__modelvizBench_settled !== undefined) return;
    const view = document.querySelector('[data-testid="graph-view"]');
    const state = view && view.getAttribute('data-state');
    if (state === 'ready' || state === 'error') {
      mark('settled');
      requestAnimationFrame(() => mark('painted'));
    }
  }).observe(document, {subtree: true, childList: true, attributes: true, attributeFilter: ['data-state']});
})();
"""

# Read in the iframe once the graph has settled: its time origin and the resource timings
# of the plugin's routes and files.
RESOURCES_SCRIPT = """
prefix => ({
  origin: performance.timeOrigin,
  resources: performance.getEntriesByType('resource')
    .filter(entry => new URL(entry.name).pathname.includes(prefix))
    .map(entry => ({
      route: new URL(entry.name).pathname.split(prefix)[1],
      start: entry.startTime, end: entry.responseEnd, bytes: entry.transferSize,
    })),
})
"""


class ChromiumMissing(RuntimeError):
    pass


def launch(playwright, chromium=CHROMIUM):
    if not os.path.exists(chromium):
        raise ChromiumMissing("%s is missing; install Debian's chromium (apt-get install chromium)" % chromium)
    return playwright.chromium.launch(executable_path=chromium, args=LAUNCH_ARGS)


def open_tab(browser, url, timeout_seconds=90.0):
    """Opens TensorBoard in a new context, clicks the Model Viz tab, waits for the graph.

    Returns the load's figures: seconds from click to the graph drawn, the plugin's
    requests in milliseconds after the click, console errors.
    """
    timeout_ms = timeout_seconds * 1000
    context = browser.new_context(viewport=VIEWPORT)
    try:
        context.add_init_script(MARKS_SCRIPT)
        page = context.new_page()
        console_errors = []
        page.on("console", lambda message: console_errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: console_errors.append("uncaught: %s" % error))
        started = time.perf_counter()
        page.goto(url + "/#" + OTHER_DASHBOARD)
        tab = page.get_by_text(TAB_LABEL, exact=True).first
        tab.wait_for(timeout=timeout_ms)
        tab_shown = time.perf_counter() - started
        if page.locator(FRAME).count():
            raise RuntimeError("the Model Viz tab opened before it was clicked")
        clicked = time.perf_counter()
        tab.click(timeout=timeout_ms)
        frame = page.wait_for_selector(FRAME, state="attached", timeout=timeout_ms).content_frame()
        view = page.frame_locator(FRAME).locator(SETTLED)
        view.wait_for(timeout=timeout_ms)
        wall = time.perf_counter() - clicked
        state = view.get_attribute("data-state")
        if state != "ready":
            status = page.frame_locator(FRAME).locator('[data-testid="graph-status"]').inner_text()
            raise RuntimeError("the graph view shows an error: %s" % status)
        frame.wait_for_function("() => window.__modelvizBench_painted !== undefined", timeout=timeout_ms)
        painted = frame.evaluate("window.__modelvizBench_painted")
        click_at = page.evaluate("window.__modelvizBench_clicked")
        inside = frame.evaluate(RESOURCES_SCRIPT, ROUTE_PREFIX)
    finally:
        context.close()

    def after_click(frame_time):
        return round(inside["origin"] + frame_time - click_at, 1)

    requests = [
        {
            "route": entry["route"],
            "start_ms": after_click(entry["start"]),
            "end_ms": after_click(entry["end"]) if entry["end"] else None,
            "bytes": entry["bytes"],
        }
        for entry in inside["resources"]
    ]
    return {
        "seconds": round((painted - click_at) / 1000, 3),
        "wall_seconds": round(wall, 3),
        "tab_shown_seconds": round(tab_shown, 3),
        "frame_created_ms": round(inside["origin"] - click_at, 1),
        "requests": sorted(requests, key=lambda request: request["start_ms"]),
        "console_errors": console_errors,
    }


def _graph_data_at(load):
    """Milliseconds after the click when the last structure or step answer arrived."""
    ends = [
        request["end_ms"]
        for request in load["requests"]
        if request["route"] in ("structure", "step")
        and request["end_ms"] is not None
        and request["end_ms"] <= load["seconds"] * 1000
    ]
    return max(ends) if ends else None


def summarize(loads):
    """Medians of a list of loads, with the split of the time (milliseconds after click)."""
    split = [(load["seconds"] * 1000, _graph_data_at(load)) for load in loads]
    data_at = [at for _, at in split if at is not None]
    after_data = [total - at for total, at in split if at is not None]
    return {
        "median_seconds": round(statistics.median(load["seconds"] for load in loads), 3),
        "frame_created_ms": round(statistics.median(load["frame_created_ms"] for load in loads), 1),
        "graph_data_ms": round(statistics.median(data_at), 1) if data_at else None,
        "after_data_ms": round(statistics.median(after_data), 1) if after_data else None,
    }


def measure_model(browser, logdir, rounds, timeout_seconds):
    first, again = [], []
    for _ in range(rounds):
        with section_plugin.served(logdir, "rust") as (board, load_seconds):
            first_open = open_tab(browser, board.url, timeout_seconds)
            first.append(dict(first_open, server_load_seconds=round(load_seconds, 2)))
            again.append(open_tab(browser, board.url, timeout_seconds))
    return {"first_open": dict(summarize(first), loads=first), "reopened": dict(summarize(again), loads=again)}


def measure(logs, rounds=3, models=MODELS, chromium=CHROMIUM, timeout_seconds=90.0):
    """The section for run.py: `logs` maps each model to its run directory."""
    if rounds < 1:
        raise ValueError("rounds must be at least 1")
    chosen = [name for name in models if name in logs]
    results = {
        "target_seconds": TARGET_SECONDS,
        "settings": {
            "rounds": rounds,
            "chromium": chromium,
            "launch_args": LAUNCH_ARGS,
            "viewport": VIEWPORT,
            "loader": "rust (default flags)",
        },
        "models": {},
    }
    title = "Dashboard: opening the Model Viz tab to an interactive graph"
    if not chosen:
        results["skipped"] = "none of %s was benchmarked" % ", ".join(models)
        return {"title": title, "results": results, "markdown": "Not measured: %s.\n" % results["skipped"]}
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        results["skipped"] = "playwright is not installed"
        return {"title": title, "results": results, "markdown": "Not measured: %s.\n" % results["skipped"]}

    def in_browser():
        with sync_playwright() as playwright:
            try:
                browser = launch(playwright, chromium)
            except ChromiumMissing as missing:
                results["skipped"] = str(missing)
                return {"title": title, "results": results, "markdown": "Not measured: %s.\n" % missing}
            try:
                results["settings"]["chromium_version"] = browser.version
                for name in chosen:
                    try:
                        results["models"][name] = measure_model(browser, logs[name], rounds, timeout_seconds)
                    except Exception as error:  # one model failing keeps the others' figures
                        results["models"][name] = {
                            "error": "%s: %s" % (type(error).__name__, str(error).splitlines()[0])
                        }
            finally:
                browser.close()
        return {"title": title, "results": results, "markdown": markdown(results)}

    return _on_own_thread(in_browser)


def _on_own_thread(function):
    """Run `function` on a new thread and return its result (or raise its error).

    Playwright's sync API refuses to start where an asyncio loop is already running on
    the thread (a test session that drives its own browser, a notebook); a fresh thread
    has no loop.
    """
    outcome = {}

    def target():
        try:
            outcome["value"] = function()
        except BaseException as error:  # handed to the caller's thread below
            outcome["error"] = error

    thread = threading.Thread(target=target, name="section_browser")
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def _seconds(value, target=None):
    text = "%.2f s" % value
    if target is not None:
        text += " ✓" if value <= target else " ✗"
    return text


def _ms(value):
    return "-" if value is None else "%.0f ms" % value


def markdown(results):
    settings = results["settings"]
    lines = [
        "Seconds from clicking the tab to the first frame drawn with the graph ready, median of %d rounds; "
        "each round a fresh `tensorboard` (default loader), then a first open (plugin caches empty) and a "
        "reopen (caches filled), each in a new browser context. Headless Chromium %s, %dx%d. Target: GPT-2 <= %.0f s."
        % (
            settings["rounds"],
            settings.get("chromium_version", "?"),
            settings["viewport"]["width"],
            settings["viewport"]["height"],
            results["target_seconds"],
        ),
        "",
        "| model | first open | reopened | iframe created | structure and step answered | layout and draw after them "
        "| TensorBoard page until the tab shows |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, entry in results["models"].items():
        if "error" in entry:
            lines.append("| %s | failed: %s |%s" % (name, str(entry["error"]).replace("|", "/"), " |" * 5))
            continue
        first, again = entry["first_open"], entry["reopened"]
        shown = statistics.median(load["tab_shown_seconds"] for load in first["loads"] + again["loads"])
        lines.append(
            "| %s | %s | %s | %s | %s | %s | %s |"
            % (
                name,
                _seconds(first["median_seconds"], results["target_seconds"]),
                _seconds(again["median_seconds"], results["target_seconds"]),
                _ms(first["frame_created_ms"]),
                _ms(first["graph_data_ms"]),
                _ms(first["after_data_ms"]),
                _seconds(shown),
            )
        )
    lines += [
        "",
        "The split (first open, medians) is in milliseconds after the click; every request of each "
        "load, with its start and end, is in the results file.",
    ]
    errors = sorted(
        {
            text
            for entry in results["models"].values()
            if "error" not in entry
            for kind in ("first_open", "reopened")
            for load in entry[kind]["loads"]
            for text in load["console_errors"]
        }
    )
    if errors:
        lines += ["", "Browser console errors: " + "; ".join(e.replace("|", "/") for e in errors)]
    return "\n".join(lines) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("logs", nargs="+", metavar="MODEL=RUN_DIR")
    parser.add_argument("--rounds", type=int, default=3, help="fresh TensorBoards per model (default 3)")
    parser.add_argument("--chromium", default=CHROMIUM)
    parser.add_argument("--json", help="also write the results here")
    args = parser.parse_args(argv)
    try:
        logs = section_plugin.parse_logs(args.logs)
    except argparse.ArgumentTypeError as error:
        parser.error(str(error))
    section_plugin.emit(measure(logs, args.rounds, models=tuple(logs), chromium=args.chromium), args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
