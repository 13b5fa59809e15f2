"""The benchmark's plugin and browser sections still run, on a tiny log from the real writer.

Figures from one or two requests mean nothing; what is checked is that every route and
every field the report is made from is there and sane, so that the sections never rot.
Without /usr/bin/chromium the browser section's test is skipped, except under CI=true.
"""

import os
import sys

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCHMARKS = os.path.join(REPO, "benchmarks")
ROUTES = [
    "runs",
    "structure",
    "step",
    "activation",
    "stat_matrix",
    "alerts",
    "layer_trends",
    "step_diff",
    "architecture_diff",
]
STEPS = [0, 1, 2]


@pytest.fixture(scope="module")
def benchmarks():
    sys.path.insert(0, BENCHMARKS)
    try:
        import models
        import section_browser
        import section_plugin
    finally:
        sys.path.remove(BENCHMARKS)
    return {"models": models, "plugin": section_plugin, "browser": section_browser}


@pytest.fixture(scope="module")
def cnn_run(tmp_path_factory, benchmarks):
    """A run of the seed's CNN, logged at STEPS by the real writer."""
    from tensorboard_modelviz import SummaryWriter

    model, inputs = benchmarks["models"].build("cnn")
    run = tmp_path_factory.mktemp("cnn-run")
    with SummaryWriter(str(run)) as writer:
        for step in STEPS:
            writer.add_model_viz(model, inputs, step)
    return str(run)


def test_plugin_section_times_every_route_on_both_loaders(benchmarks, cnn_run):
    section = benchmarks["plugin"].measure({"cnn": cnn_run}, cold_repeats=1, warm_repeats=2)
    results = section["results"]
    assert section["title"] and results["settings"]["loaders"] == ["rust", "python"]
    for loader in ("rust", "python"):
        entry = results["models"]["cnn"][loader]
        assert "error" not in entry, entry
        assert entry["load_seconds"] > 0
        chosen = entry["chosen"]
        assert chosen["steps"] == len(STEPS) and (chosen["first_step"], chosen["last_step"]) == (0, 2)
        assert chosen["layer_rows"] > 1 and chosen["samples_per_step"] > 0 and chosen["layer"].endswith("#0")
        assert list(entry["routes"]) == ROUTES
        for route, figures in entry["routes"].items():
            assert "error" not in figures, (loader, route, figures)
            assert len(figures["cold_ms"]) == 1 and len(figures["warm_ms"]) == 2, route
            assert figures["cold_median_ms"] > 0 and figures["warm_median_ms"] > 0, route
            assert figures["bytes"] > 0 and figures["path"].startswith("/data/plugin/modelviz/" + route)
    # The misses are exactly the warm medians over the target.
    over = {
        (loader, route)
        for loader, entry in results["models"]["cnn"].items()
        for route, figures in entry["routes"].items()
        if figures["warm_median_ms"] > results["target_ms"]
    }
    assert {(miss["loader"], miss["route"]) for miss in results["misses"]} == over
    header = next(line for line in section["markdown"].splitlines() if line.startswith("| model |"))
    assert header.split(" | ")[3:] == ROUTES[:-1] + [ROUTES[-1] + " |"]
    assert "| cnn | rust |" in section["markdown"] and "| cnn | python |" in section["markdown"]


def test_plugin_section_reports_a_run_without_steps(benchmarks, tmp_path):
    section = benchmarks["plugin"].measure({"empty": str(tmp_path)}, cold_repeats=1, warm_repeats=1)
    for loader in ("rust", "python"):
        assert "no modelviz steps" in section["results"]["models"]["empty"][loader]["error"]
    assert "| empty | rust | failed: ValueError: no modelviz steps" in section["markdown"]


def test_browser_section_times_the_tab(benchmarks, cnn_run):
    chromium = benchmarks["browser"].CHROMIUM
    if not os.path.exists(chromium):
        if os.environ.get("CI") == "true":
            pytest.fail("%s is missing; install Debian's chromium" % chromium)
        pytest.skip("%s is missing" % chromium)
    section = benchmarks["browser"].measure({"cnn": cnn_run, "mlp": cnn_run}, rounds=1)
    results = section["results"]
    assert list(results["models"]) == ["cnn"], "only the CNN and GPT-2 are opened in the browser"
    entry = results["models"]["cnn"]
    assert "error" not in entry, entry
    for kind in ("first_open", "reopened"):
        summary = entry[kind]
        (load,) = summary["loads"]
        assert 0 < load["seconds"] < 90 and summary["median_seconds"] == load["seconds"]
        assert load["console_errors"] == []
        assert 0 <= load["frame_created_ms"] < load["seconds"] * 1000
        routes = [request["route"] for request in load["requests"]]
        assert {"index.js", "runs", "step", "structure"} <= set(routes), routes
        # The graph cannot be ready before its structure arrived.
        assert 0 < summary["graph_data_ms"] <= load["seconds"] * 1000
        assert summary["after_data_ms"] >= 0
    assert "| cnn |" in section["markdown"]


def test_browser_section_says_why_it_measured_nothing(benchmarks, cnn_run, tmp_path):
    section = benchmarks["browser"].measure({"mlp": cnn_run})
    assert "none of cnn, gpt2" in section["results"]["skipped"] and section["results"]["models"] == {}
    missing = str(tmp_path / "no-chromium")
    section = benchmarks["browser"].measure({"cnn": cnn_run}, chromium=missing)
    assert missing in section["results"]["skipped"] and "Not measured" in section["markdown"]
