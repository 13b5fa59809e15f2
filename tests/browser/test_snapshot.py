"""A standalone HTML snapshot of a run (tensorboard_modelviz.server.snapshot), opened from disk
in chromium without TensorBoard: graph, layer table, activation maps and alerts, with no
request leaving the page."""

import os

import logdirs
import pytest
from dashboard import ARTIFACTS
from playwright.sync_api import expect

from tensorboard_modelviz.server import snapshot


@pytest.fixture(scope="module")
def snapshots(tmp_path_factory, chromium):
    logdir = tmp_path_factory.mktemp("snapshot-logdir")
    logdirs.write_cnn_run(str(logdir))
    logdirs.write_evil_run(str(logdir))
    out = tmp_path_factory.mktemp("snapshots")
    pages = {}
    for name, run in (("cnn", logdirs.CNN_RUN), ("evil", logdirs.EVIL_RUN)):
        path = str(out / (name + ".html"))
        assert snapshot.main(["--logdir", str(logdir), "--run", run, "-o", path]) == 0
        pages[name] = path
    return pages


def _open(browser, path):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    errors, requests = [], []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("dialog", lambda dialog: (errors.append("dialog " + dialog.message), dialog.dismiss()))
    page.on("request", lambda request: requests.append(request.url))
    page.goto("file://" + path)
    return context, page, errors, requests


def test_snapshot_opens_from_disk_with_everything_of_its_step(browser, snapshots):
    context, page, errors, requests = _open(browser, snapshots["cnn"])
    try:
        page.locator('[data-testid="model-summary"] .mv-model-type').wait_for()
        expect(page.locator('[data-testid="step-value"]')).to_have_text(str(logdirs.CNN_STEPS[-1]))
        # The graph is laid out by the embedded worker.
        page.locator('[data-testid="graph-view"][data-state="ready"]').wait_for()
        page.locator('[data-testid="graph-node"][data-key="conv1#0"]').wait_for()
        page.screenshot(path=os.path.join(ARTIFACTS, "views-snapshot-graph.png"))
        page.locator('[data-testid="tab-layers"]').click()
        expect(page.locator('[data-testid="layer-row"][data-key="fc#0"]')).to_be_visible()
        page.locator('[data-testid="tab-activations"]').click()
        canvas = page.locator('[data-testid="activation-canvas"]').first
        canvas.wait_for()
        colours = canvas.evaluate("""c => { const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                                           const s = new Set(); for (let i = 0; i < d.length; i += 4) s.add(d[i] << 16 | d[i+1] << 8 | d[i+2]); return s.size; }""")
        assert colours > 3
        page.screenshot(path=os.path.join(ARTIFACTS, "views-snapshot-activations.png"))
        # What needs every step says so, in words.
        page.locator('[data-testid="tab-trends"]').click()
        expect(page.locator('[data-testid="heatmap-message"]')).to_contain_text(
            "This snapshot holds one step of one run"
        )
        # Nothing was fetched: the page, its bundle and worker came from the file.
        assert all(url.startswith(("file:", "blob:", "data:")) for url in requests), requests
        assert errors == [], errors
    finally:
        context.close()


def test_snapshot_of_a_run_named_like_markup_keeps_it_text(browser, snapshots):
    with open(snapshots["evil"], encoding="utf-8") as f:
        html = f.read()
    assert "<img" not in html.split("<body>")[0]  # the title is escaped
    context, page, errors, requests = _open(browser, snapshots["evil"])
    try:
        page.locator('[data-testid="model-summary"] .mv-model-type').wait_for()
        options = page.locator('[data-testid="run-select"] option').all_inner_texts()
        assert options == [logdirs.EVIL]
        assert page.locator("img").count() == 0
        # Both models of the run are in the snapshot.
        tags = page.locator('[data-testid="tag-select"] option').all_inner_texts()
        assert sorted(tags) == ["encoder", "mlp"]
        assert errors == [], errors
    finally:
        context.close()


def test_an_estimated_statistic_stays_on_one_line(browser, snapshots):
    # conv1's output (43,264 values) is described from a subset: its figures read "≈ …".
    context, page, errors, requests = _open(browser, snapshots["cnn"] + "#view=activations&layer=conv1%230")
    try:
        values = page.locator('[data-testid="activation-stats"] .mv-stat-value')
        values.first.wait_for()
        estimated = [i for i in range(values.count()) if values.nth(i).inner_text().startswith("≈")]
        assert estimated, values.all_inner_texts()
        for i in estimated:
            value = values.nth(i)
            assert value.evaluate("e => e.getBoundingClientRect().height") < 24, value.inner_text()
            assert value.evaluate("e => e.scrollWidth <= e.clientWidth"), value.inner_text()
        page.screenshot(path=os.path.join(ARTIFACTS, "views-snapshot-estimated-stats.png"))
        assert errors == [], errors
    finally:
        context.close()


def test_embedded_answers_hold_no_markup_whatever_the_names():
    """A name holding "<!--<script" would put the page's parser in a script comment, where
    the closing tag no longer ends the answers' element and the bundle becomes text: no
    "<" appears in the embedded JSON, which still reads back the same."""
    import json

    answers = {"runs": {"runs": [{"run": "<!--<script></script>", "tags": ["</script><!--"]}]}}
    text = snapshot._script_json(answers)
    assert "<" not in text and json.loads(text) == answers
