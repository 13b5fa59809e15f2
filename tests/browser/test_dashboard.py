"""The Model Viz dashboard in a real TensorBoard, on data from the real writer."""

import csv
import time
import urllib.parse

import logdirs
import torch
from dashboard import start_tensorboard
from playwright.sync_api import expect

from tensorboard_modelviz import SummaryWriter


def structure(tensorboard, run, tag="model", step=None):
    """The structure document the server answers for a run's tag (latest step by default)."""
    if step is None:
        _, runs = tensorboard.get_json("/data/plugin/modelviz/runs")
        entry = next(r for r in runs["runs"] if r["run"] == run)
        step = next(t for t in entry["tags"] if t["tag"] == tag)["steps"][-1]
    query = urllib.parse.urlencode({"run": run, "tag": tag, "step": step})
    status, document = tensorboard.get_json("/data/plugin/modelviz/structure?" + query)
    assert status == 200, document
    return document


def test_tab_appears_and_lists_runs_as_text(dashboard):
    dashboard.open().wait_ready()
    options = dashboard.frame.locator('[data-testid="run-select"] option').all_inner_texts()
    assert options == sorted([logdirs.CNN_RUN, logdirs.EVIL_RUN, logdirs.NEWER_RUN])
    # The markup-named run is an option's text, not an element.
    assert dashboard.frame.locator("img").count() == 0
    dashboard.screenshot("graph-light")


def test_graph_shows_top_level_modules_and_expands_a_group(dashboard, tensorboard):
    doc = structure(tensorboard, logdirs.CNN_RUN)
    root = next(r for r in doc["layers"] if r["parent"] is None)
    top_level = sorted(r["key"] for r in doc["layers"] if r["parent"] == root["key"] and r["node"] is not None)
    assert "block#0" in top_level and "extras.%s#0" % logdirs.EVIL in top_level

    dashboard.open("#modelviz&p.modelviz.run=cnn").wait_ready()
    graph = dashboard.frame.locator('[data-testid="graph-view"][data-state="ready"]')
    graph.wait_for()
    nodes = dashboard.frame.locator('[data-testid="graph-node"][data-key]')
    shown = {nodes.nth(i).get_attribute("data-key") for i in range(nodes.count())}
    assert set(top_level) <= shown, "top-level modules missing from the graph: %s" % (set(top_level) - shown)
    drawn_top = [k for k in shown if k in top_level]
    assert len(drawn_top) == len(top_level)

    children = sorted(r["key"] for r in doc["layers"] if r["parent"] == "block#0")
    block = dashboard.frame.locator('[data-testid="graph-node"][data-key="block#0"]')
    if block.get_attribute("data-expanded") == "true":
        block.locator('[data-testid="graph-toggle"]').click()
        dashboard.frame.locator('[data-testid="graph-node"][data-key="block#0"][data-expanded="false"]').wait_for()
    for key in children:
        assert dashboard.frame.locator('[data-testid="graph-node"][data-key="%s"]' % key).count() == 0
    block.locator('[data-testid="graph-toggle"]').click()
    dashboard.frame.locator('[data-testid="graph-node"][data-key="block#0"][data-expanded="true"]').wait_for()
    graph.wait_for()
    for key in children:
        dashboard.frame.locator('[data-testid="graph-node"][data-key="%s"]' % key).wait_for()
    dashboard.screenshot("graph-expanded")


def test_graph_selection_is_shared_and_opens_activations(dashboard):
    dashboard.open("#modelviz&p.modelviz.run=cnn").wait_ready()
    dashboard.frame.locator('[data-testid="graph-view"][data-state="ready"]').wait_for()
    dashboard.frame.locator('[data-testid="graph-node"][data-key="conv1#0"]').click()
    # The side panel draws the layer's activation thumbnail through the dashboard.
    thumbnail = dashboard.frame.locator('[data-testid="graph-thumbnail"]')
    thumbnail.wait_for()
    deadline = time.monotonic() + 10
    while dashboard.canvas_pixels(thumbnail)[0] <= 8:
        assert time.monotonic() < deadline, "the graph thumbnail stayed (nearly) uniform"
        time.sleep(0.1)
    dashboard.screenshot("graph-selected")
    assert "p.modelviz.layer=conv1%230" in dashboard.page.evaluate("location.hash")

    dashboard.tab("layers")
    dashboard.frame.locator('[data-testid="layer-row"][data-key="conv1#0"].is-selected').wait_for()
    dashboard.tab("graph")
    dashboard.frame.locator('[data-testid="graph-open-activations"]').click()
    dashboard.frame.locator('[data-testid="tab-activations"][aria-selected="true"]').wait_for()
    assert dashboard.frame.locator('[data-testid="activation-layer-name"]').inner_text() == "conv1"


def test_graph_exports_svg(dashboard):
    dashboard.open("#modelviz&p.modelviz.run=cnn").wait_ready()
    dashboard.frame.locator('[data-testid="graph-view"][data-state="ready"]').wait_for()
    with dashboard.page.expect_download() as download:
        dashboard.frame.locator('[data-testid="export-svg"]').click()
    assert download.value.suggested_filename == "SmallCnn-graph.svg"
    with open(download.value.path(), encoding="utf-8") as f:
        svg = f.read()
    assert svg.lstrip().startswith(("<svg", "<?xml")) and "conv1" in svg
    # The markup-named module is escaped text inside the SVG, not an element.
    assert "<img" not in svg and "&lt;img src=x onerror=alert(1)&gt;" in svg


def test_layer_table_totals_match_the_writer(dashboard, tensorboard, logdir):
    doc = structure(tensorboard, logdirs.CNN_RUN)
    model = logdir["cnn_model"]
    assert doc["totals"]["params"] == sum(p.numel() for p in model.parameters())

    dashboard.open("#modelviz&p.modelviz.run=cnn").wait_ready()
    dashboard.tab("layers")
    totals = dashboard.frame.locator('[data-testid="totals-row"]')
    for column, field in (
        ("params", "params"),
        ("trainable", "trainable"),
        ("flops", "flops"),
        ("output_bytes", "output_bytes"),
    ):
        cell = totals.locator('[data-total="%s"]' % column)
        assert int(cell.get_attribute("data-exact")) == doc["totals"][field], column
        assert cell.inner_text().strip() not in ("", "–")
    assert totals.locator('[data-total="params"]').inner_text() == "%.2f k" % (doc["totals"]["params"] / 1000)

    dashboard.frame.get_by_role("button", name="Expand all").click()
    rows = dashboard.frame.locator('[data-testid="layer-row"]')
    keys = [rows.nth(i).get_attribute("data-key") for i in range(rows.count())]
    assert sorted(keys) == sorted(r["key"] for r in doc["layers"])
    dashboard.screenshot("layers")

    # Sorting by params puts the largest subtree first among the root's children.
    dashboard.frame.locator("th", has_text="Params").click()
    depth_one = dashboard.frame.locator('[data-testid="layer-row"][data-depth="1"]')
    first = depth_one.first.get_attribute("data-key")
    biggest = max((r for r in doc["layers"] if r["depth"] == 1), key=lambda r: r["params_total"])
    assert first == biggest["key"]

    with dashboard.page.expect_download() as download:
        dashboard.frame.locator('[data-testid="download-csv"]').click()
    with open(download.value.path(), encoding="utf-8", newline="") as f:
        table = list(csv.DictReader(f))
    by_key = {row["key"]: row for row in table}
    assert set(by_key) == {r["key"] for r in doc["layers"]} | {"total"}
    assert int(by_key["total"]["params"]) == doc["totals"]["params"]
    assert int(by_key["conv1#0"]["flops"]) == next(r for r in doc["layers"] if r["key"] == "conv1#0")["flops"]

    # Filtering keeps matches and their ancestors.
    dashboard.frame.locator('[data-testid="layer-filter"]').fill("batchnorm")
    keys = [rows.nth(i).get_attribute("data-key") for i in range(rows.count())]
    assert keys == ["#0", "block#0", "block.1#0"]


def test_activation_heatmap_changes_with_the_step(dashboard):
    dashboard.open("#modelviz&p.modelviz.run=cnn").wait_ready()
    dashboard.tab("layers")
    row = dashboard.frame.locator('[data-testid="layer-row"][data-key="conv1#0"]')
    row.hover()
    row.locator('[data-testid="open-activations"]').click()
    dashboard.frame.locator('[data-testid="tab-activations"][aria-selected="true"]').wait_for()
    assert dashboard.frame.locator('[data-testid="activation-layer-name"]').inner_text() == "conv1"
    canvas = dashboard.frame.locator('[data-testid="activation-canvas"]').first
    canvas.wait_for()
    colours, before = dashboard.canvas_pixels(canvas)
    assert colours > 8, "the heatmap is (nearly) uniform: %d colours" % colours
    stats_before = dashboard.frame.locator('[data-testid="activation-stats"]').inner_text()
    cells = dashboard.frame.locator('[data-testid="activation-stats"] .mv-stat')
    shown = {
        cells.nth(i).locator(".mv-stat-label").inner_text(): cells.nth(i).locator(".mv-stat-value").inner_text()
        for i in range(cells.count())
    }
    # conv1's output is large: its moments come from a subset and say so; its extremes are exact.
    assert shown["mean"].startswith("≈") and shown["std"].startswith("≈"), shown
    assert not shown["min"].startswith("≈") and not shown["NaN"].startswith("≈"), shown
    assert dashboard.step_value() == logdirs.CNN_STEPS[-1]
    # Over training: the mean through every step, in its std band and min-max range.
    history = dashboard.frame.locator(".mv-history")
    history.locator(".mv-line-mean").wait_for(state="attached")  # a flat line has no height
    assert history.locator(".mv-line-mean").get_attribute("d").count("L") == len(logdirs.CNN_STEPS) - 1
    expect(history.locator(".mv-band-std")).to_have_count(1)
    expect(history.locator(".mv-band-range")).to_have_count(1)
    dashboard.screenshot("activations-last-step")

    dashboard.frame.locator('[data-testid="step-slider"]').press("Home")
    dashboard.wait_step(logdirs.CNN_STEPS[0])
    dashboard.frame.locator('[data-testid="activation-stats"]').filter(has_not_text=stats_before).wait_for()
    deadline = time.monotonic() + 10
    while dashboard.canvas_pixels(dashboard.frame.locator('[data-testid="activation-canvas"]').first)[1] == before:
        assert time.monotonic() < deadline, "the heatmap did not change with the step"
        time.sleep(0.1)
    dashboard.screenshot("activations-first-step")

    # Play runs through the steps to the last one, then stops.
    dashboard.frame.locator('[data-testid="play-button"]').click()
    dashboard.wait_step(logdirs.CNN_STEPS[-1])
    dashboard.frame.locator('[data-testid="play-button"][aria-label="Play"]').wait_for()


def test_markup_names_are_shown_as_text(dashboard):
    dashboard.open("#modelviz&p.modelviz.run=cnn").wait_ready()
    dashboard.tab("layers")
    key = "extras.%s#0" % logdirs.EVIL
    row = dashboard.frame.locator('[data-testid="layer-row"][data-key="%s"]' % key.replace('"', '\\"'))
    assert logdirs.EVIL in row.locator(".mv-name-text").inner_text()
    dashboard.tab("graph")
    node = dashboard.frame.locator('[data-testid="graph-node"][data-key="%s"]' % key)
    node.wait_for()
    assert logdirs.EVIL in node.text_content()
    dashboard.frame.locator('[data-testid="run-select"]').select_option(logdirs.EVIL_RUN)
    dashboard.frame.locator('[data-testid="tag-select"]').wait_for()
    dashboard.wait_ready()
    assert dashboard.frame.locator("img").count() == 0
    assert dashboard.page.locator("img").count() == 0


def test_second_model_of_a_run_and_sequence_heatmap(dashboard):
    dashboard.open(
        "#modelviz&p.modelviz.run=%s&p.modelviz.tag=encoder&p.modelviz.view=activations"
        % urllib.parse.quote(logdirs.EVIL_RUN, safe="")
    ).wait_ready()
    assert dashboard.frame.locator('[data-testid="tag-select"]').input_value() == "encoder"
    tags = dashboard.frame.locator('[data-testid="tag-select"] option').all_inner_texts()
    assert sorted(tags) == ["encoder", "mlp"]
    canvas = dashboard.frame.locator('[data-testid="activation-canvas"]').first
    canvas.wait_for()
    assert dashboard.canvas_pixels(canvas)[0] > 8
    dashboard.screenshot("activations-sequence")


def test_the_url_reopens_the_same_view(dashboard):
    dashboard.open(
        "#modelviz&p.modelviz.run=cnn&p.modelviz.step=%d&p.modelviz.view=layers&p.modelviz.layer=%s"
        % (logdirs.CNN_STEPS[1], urllib.parse.quote("block.0#0", safe=""))
    ).wait_ready()
    assert dashboard.step_value() == logdirs.CNN_STEPS[1]
    assert dashboard.frame.locator('[data-testid="tab-layers"]').get_attribute("aria-selected") == "true"
    dashboard.frame.locator('[data-testid="layer-row"][data-key="block.0#0"].is-selected').wait_for()
    # Changing the view writes it back into TensorBoard's URL.
    dashboard.tab("activations")
    assert "p.modelviz.view=activations" in dashboard.page.evaluate("location.hash")


def test_dark_mode_follows_tensorboard(dashboard):
    dashboard.open("#modelviz&p.modelviz.run=cnn&p.modelviz.view=activations").wait_ready()
    dashboard.frame.locator('[data-testid="activation-canvas"]').first.wait_for()
    dashboard.page.evaluate("document.body.classList.add('dark-mode')")
    dashboard.frame.locator("html.mv-dark").wait_for(state="attached")
    dashboard.frame.locator('[data-testid="graph-view"][data-theme="dark"]').wait_for(state="attached")
    dashboard.screenshot("activations-dark")
    dashboard.tab("graph")
    dashboard.frame.locator('[data-testid="graph-view"][data-state="ready"]').wait_for()
    dashboard.screenshot("graph-dark")
    dashboard.page.evaluate("document.body.classList.remove('dark-mode')")
    dashboard.frame.locator("html:not(.mv-dark)").wait_for(state="attached")


def test_newer_data_shows_the_servers_message(dashboard):
    dashboard.allowed_statuses.add(409)
    dashboard.open("#modelviz&p.modelviz.run=%s" % logdirs.NEWER_RUN)
    message = dashboard.frame.locator('[data-testid="error-message"]')
    message.wait_for()
    assert "newer tensorboard_modelviz" in message.inner_text()
    dashboard.screenshot("error-newer-data")


def test_empty_state_then_tensorboard_reloads_bring_new_steps(new_page, tmp_path):
    """A run with scalars only: the tab explains what to add; TensorBoard's reload button
    then brings the first and later steps into the same page without reloading it."""
    writer = SummaryWriter(str(tmp_path / "live"))
    writer.add_scalar("loss", 1.0, 0)
    writer.flush()
    server = start_tensorboard(str(tmp_path), {})
    try:
        board = new_page(server.url)
        board.page.goto(server.url + "/")
        # Without modelviz data the tab sits in TensorBoard's "Inactive" menu.
        board.page.get_by_role("combobox", name="Inactive").click()
        board.page.get_by_role("option", name="Model Viz").click()
        board.frame.locator('[data-testid="empty-state"]').wait_for()
        code = board.frame.locator('[data-testid="empty-state-code"]').inner_text()
        assert "writer.add_model_viz(model, x, step)" in code
        board.screenshot("empty-state")
        plugin_frame = board.page.frame(url=lambda url: "plugin_entry.html" in url)
        plugin_frame.evaluate("window.__sameDocument = true")

        torch.manual_seed(0)
        model, x = logdirs.SmallCnn(), torch.randn(2, 1, 20, 20)
        for step in (0, 1):
            writer.add_model_viz(model, x, step)
            writer.flush()
            server.wait_for(
                lambda status, doc, step=step: (
                    status == 200 and doc["runs"] and doc["runs"][0]["tags"][0]["steps"][-1] == step
                ),
                "/data/plugin/modelviz/runs",
            )
            board.page.locator("button.reload-button").click()
            board.wait_step(step)
            board.wait_ready()
        assert plugin_frame.evaluate("window.__sameDocument") is True
        assert board.frame.locator('[data-testid="step-slider"]').get_attribute("max") == "1"
    finally:
        writer.close()
        server.close()
