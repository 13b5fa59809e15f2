"""Browser check of the graph view on its dev page (headless Chromium, Python playwright).

Build first (`node build.mjs` in this folder), then run:
    /work/main/.venv/bin/python frontend/src/graph/dev/browser_check.py [--shots DIR] [--runs N]

It serves dev/out/ on a local port, drives the view through the dev page and its DOM hooks,
asserts the behaviour the dashboard relies on, prints timings as JSON and saves screenshots.
Exit status 0 when every check passed.
"""
import argparse
import functools
import http.server
import json
import os
import socketserver
import statistics
import sys
import threading

from playwright.sync_api import sync_playwright

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "out")
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
READY = '[data-testid=graph-view][data-state=ready]'


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve():
    handler = functools.partial(QuietHandler, directory=OUT)
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def open_fixture(page, base, fixture):
    page.goto(f"{base}/index.html?fixture={fixture}")
    page.wait_for_selector(READY, timeout=60000)
    page.wait_for_function("window.devApi.loadedIn !== null")
    return page.evaluate("window.devApi.loadedIn")


def wait_ready(page):
    page.wait_for_selector(READY, timeout=60000)


def node(page, selector):
    return page.locator(f'[data-testid=graph-node]{selector}')


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def check_cnn(page, base, shots):
    open_fixture(page, base, "cnn")
    repeat = node(page, '[data-kind=repeat][data-count="2"]')
    check(repeat.count() == 1, "layer1.0/layer1.1 fold into one x2 repeat")
    check(node(page, '[data-key="layer2.0#0"]').count() == 1, "layer2.0 (with downsample) is not folded")
    labels = page.eval_on_selector_all('[data-testid=graph-edge]', "es => es.map(e => e.getAttribute('data-label'))")
    check("8×16×32×32" in labels, f"edges carry shape labels, got {labels[:5]}")
    page.screenshot(path=os.path.join(shots, "cnn_default.png"))

    # Open the repeat with its +/- button; both blocks appear.
    repeat.locator('[data-testid=graph-toggle]').click()
    wait_ready(page)
    check(node(page, '[data-key="layer1.1#0"]').count() == 1, "opening the repeat shows its blocks")

    # Click a module: side panel, onSelect, thumbnail, statistics, open-activations.
    node(page, '[data-key="conv1#0"]').click()
    panel = page.locator('[data-testid=graph-panel]')
    check(panel.locator('[data-testid=graph-panel-title]').inner_text() == "conv1", "panel shows the module")
    check(["select", "conv1#0"] in page.evaluate("window.devApi.events"), "click calls onSelect")
    page.wait_for_selector('[data-testid=graph-thumbnail]')
    check(panel.locator('[data-testid=graph-histogram]').count() == 1, "panel shows step statistics")
    check("8×3×32×32" in panel.inner_text(), "panel shows input shapes")
    panel.locator('[data-testid=graph-open-activations]').click()
    check(["open", "conv1#0"] in page.evaluate("window.devApi.events"), "button calls onOpenActivations")
    page.screenshot(path=os.path.join(shots, "cnn_selected.png"))

    # Double-click collapses a frame's module box; toggling back is served from the cache.
    before = node(page, "").count()
    node(page, '[data-key="layer2#0"]').locator('[data-testid=graph-toggle]').first.click()
    wait_ready(page)
    check(node(page, "").count() < before, "collapsing layer2 hides its children")
    node(page, '[data-key="layer2#0"]').dblclick()
    wait_ready(page)
    check(node(page, "").count() == before, "double-click opens it again")

    # The same structure again (a new step of the same run) keeps the expansion state.
    page.evaluate("window.devApi.view.setStructure(window.devApi.fixtures.cnn())")
    wait_ready(page)
    check(node(page, "").count() == before, "same hash keeps the expansion")
    check(node(page, '[data-key="layer1.1#0"]').count() == 1, "same hash keeps the opened repeat")

    page.check("#dark")
    check(page.get_attribute('[data-testid=graph-view]', 'data-theme') == "dark", "dark mode follows the flag")
    page.screenshot(path=os.path.join(shots, "cnn_dark.png"))

    svg = page.evaluate("window.devApi.view.exportSVG()")
    check(svg.startswith("<svg") and "conv1" in svg and 'xmlns="http://www.w3.org/2000/svg"' in svg, "SVG export")
    png_size = page.evaluate("window.devApi.view.exportPNG().then(b => b.size)")
    check(png_size > 1000, f"PNG export ({png_size} bytes)")


def check_gpt2(page, base, shots):
    open_fixture(page, base, "gpt2")
    check(node(page, '[data-kind=repeat][data-count="12"]').count() == 1, "h.0..h.11 fold into x12")
    check(node(page, "").count() < 60, "default view is small")
    page.screenshot(path=os.path.join(shots, "gpt2_default.png"))

    # External select of a deep layer opens the groups around it (onSelect is not called back).
    events_before = len(page.evaluate("window.devApi.events"))
    page.evaluate("window.devApi.view.select('transformer.h.5.mlp.c_fc#0')")
    wait_ready(page)
    target = node(page, '[data-key="transformer.h.5.mlp.c_fc#0"]')
    check(target.count() == 1 and target.get_attribute("data-selected") is not None, "select() reveals and marks")
    check(len(page.evaluate("window.devApi.events")) == events_before, "select() does not call onSelect")
    page.screenshot(path=os.path.join(shots, "gpt2_select_deep.png"))

    # Search reveals and highlights.
    page.fill("#search", "softmax")
    wait_ready(page)
    page.wait_for_function("document.querySelector('[data-testid=graph-view]').dataset.matches === '12'")
    check(node(page, "[data-match]").count() >= 1, "matches are highlighted")
    page.screenshot(path=os.path.join(shots, "gpt2_search.png"))
    page.fill("#search", "")
    wait_ready(page)

    # Pan and zoom change the viewport transform.
    viewport = page.locator('[data-role=viewport]')
    before = viewport.get_attribute("transform")
    page.mouse.move(700, 500)
    page.mouse.wheel(0, -300)
    check(viewport.get_attribute("transform") != before, "wheel zooms")
    before = viewport.get_attribute("transform")
    page.mouse.move(300, 700)
    page.mouse.down()
    page.mouse.move(400, 650, steps=5)
    page.mouse.up()
    check(viewport.get_attribute("transform") != before, "drag pans")
    page.click('[data-testid=graph-fit]')
    page.screenshot(path=os.path.join(shots, "gpt2_fit.png"))


def check_hostile_names(page, base):
    """Names are shown as text: markup in a module name must not become elements."""
    page.goto(f"{base}/index.html")
    doc = {
        "format_version": 1, "hash": "hostile", "model_type": "<b>T</b>",
        "nodes": [
            {"id": 0, "kind": "module", "parent": None, "label": "", "name": "", "type": "<img src=x onerror=alert(1)>", "call": 0, "layer": "#0"},
            {"id": 1, "kind": "input", "parent": None, "label": "x", "name": "<script>x</script>", "shape": [1], "dtype": "float32"},
            {"id": 2, "kind": "op", "parent": 0, "label": "relu", "op": "<svg onload=alert(2)>", "flops": 1, "inplace": False},
        ],
        "edges": [{"src": 1, "dst": 2, "shape": [1], "dtype": "float32"}],
        "layers": [{"key": "#0", "node": 0, "name": "", "type": "<img src=x onerror=alert(1)>"}],
    }
    page.evaluate("doc => window.devApi.view.setStructure(doc)", doc)
    wait_ready(page)
    check(page.locator("#graph img, #graph script").count() == 0, "no element from a name")
    check("<script>x</script>" in page.locator("#graph").inner_text(), "names appear verbatim")
    node(page, '[data-key="#0"]').locator("text").first.click()
    check(page.locator("#graph img").count() == 0, "panel shows names as text")

    bad = page.evaluate("window.devApi.view.setStructure({nodes: [{id: 3}], edges: []}).then(() => 'resolved', e => e.message)")
    check("id 3" in bad, f"a bad document is refused with a clear message: {bad}")
    check(page.get_attribute('[data-testid=graph-view]', 'data-state') == "error", "error state")


def summary(values):
    return {"min": round(min(values)), "median": round(statistics.median(values)), "runs": len(values)}


def timings(page, base, runs):
    """Milliseconds from setStructure() to the drawn layout (data-state=ready).

    "cold": a fresh page that creates the view and calls setStructure at once, so the time
    includes starting the layout worker; "warm": a new structure for a view whose worker runs.
    """
    result = {}
    for fixture in ("cnn", "gpt2", "gpt2_24"):
        result[f"{fixture}_cold"] = summary([open_fixture(page, base, fixture) for _ in range(runs)])
    warm = []
    for _ in range(runs):
        page.evaluate("window.devApi.load('cnn')")
        warm.append(page.evaluate("window.devApi.load('gpt2')"))
    result["gpt2_warm"] = summary(warm)
    # The user's path into a block: open x12, open one block, open its attention.
    steps = []
    for selector in ('[data-kind=repeat]', '[data-key="transformer.h.0#0"]', '[data-key="transformer.h.0.attn#0"]'):
        started = page.evaluate("performance.now()")
        node(page, selector).locator('[data-testid=graph-toggle]').first.click()
        wait_ready(page)
        steps.append(round(page.evaluate("performance.now()") - started))
    result["gpt2_open_repeat_then_block_then_attn"] = steps
    result["gpt2_fully_expanded_layout"] = page.evaluate("window.devApi.layoutFullyExpanded('gpt2')")
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shots", default="/tmp/graph_shots")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--skip-timing", action="store_true")
    args = parser.parse_args()
    os.makedirs(args.shots, exist_ok=True)
    if not os.path.exists(os.path.join(OUT, "layout_worker.js")):
        sys.exit("Build the dev page first: node frontend/src/graph/dev/build.mjs")
    server = serve()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    errors = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("dialog", lambda dialog: (errors.append("dialog: " + dialog.message), dialog.dismiss()))
        check_cnn(page, base, args.shots)
        check_gpt2(page, base, args.shots)
        check_hostile_names(page, base)
        if not args.skip_timing:
            print(json.dumps(timings(page, base, args.runs), indent=1))
            print("load average (1, 5, 15 min):", os.getloadavg())
        browser.close()
    server.shutdown()
    if errors:
        sys.exit(f"page errors: {errors}")
    print("all graph view checks passed; screenshots in", args.shots)


if __name__ == "__main__":
    main()
