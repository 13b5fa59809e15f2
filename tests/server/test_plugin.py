"""The plugin's loader, its HTTP routes and a real `tensorboard` process on both loaders."""

import base64
import json
import math
import os
import subprocess
import sys

import pytest
import tb_helpers
from werkzeug import test as werkzeug_test

from tensorboard_modelviz.format import codec, metadata
from tensorboard_modelviz.server import plugin

LONG_STEPS = list(range(0, 130, 10))  # 13 steps: more than the 10 TensorBoard keeps by default
REAL_STEPS = list(range(12))


def _tiny_cnn():
    import torch
    from torch import nn

    torch.manual_seed(0)
    return nn.Sequential(nn.Conv2d(1, 4, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(4 * 3 * 3, 3))


@pytest.fixture(scope="module")
def logdir(tmp_path_factory):
    import torch

    root = str(tmp_path_factory.mktemp("logs"))
    # Activation samples of conv1 only: fc#0 is a layer without one.
    tb_helpers.write_model_run(root, "long", LONG_STEPS, include=["conv1"])
    # A tiny CNN (an nn.Sequential: a model other than long's) trained for a few steps.
    tb_helpers.write_model_run(root, "real", REAL_STEPS, model=_tiny_cnn(), inputs=torch.randn(4, 1, 8, 8))

    structure = tb_helpers.structure_document()
    damaged = tb_helpers.EventLog(os.path.join(root, "damaged"))
    damaged.add(0, structure)
    document, _ = tb_helpers.step_document(structure, 1, sampled=[])
    damaged.add_blobs(metadata.step_tag("model"), [tb_helpers.corrupted(codec.encode_step(document))], 1)
    document, _ = tb_helpers.step_document(structure, 2, sampled=[])
    damaged.add_blobs(metadata.step_tag("model"), [tb_helpers.from_newer_version(codec.encode_step(document))], 2)
    document, _ = tb_helpers.step_document(structure, 3, sampled=[])
    document["activations"]["fc#0"]["mean"] = float("nan")  # codec.encode_step stores null
    blob = codec.encode_step(document)
    damaged.add_blobs(metadata.step_tag("model"), [blob], 3)
    damaged.close()

    tb_helpers.write_model_run(root, "truncated", range(5))
    [events] = tb_helpers.event_files(os.path.join(root, "truncated"))
    tb_helpers.truncate_last_record(events)
    return root


# --- the loader and the entry module ------------------------------------------------------


def _configured_flags(*argv):
    from tensorboard import default, program

    board = program.TensorBoard(plugins=default.get_plugins())
    board.configure(("tensorboard", "--logdir", "/nonexistent") + argv)
    return board.flags


def test_entry_point_is_discovered_and_keeps_every_step():
    from tensorboard import default

    assert plugin.ModelVizLoader in default.get_dynamic_plugins()
    assert _configured_flags().samples_per_plugin[metadata.PLUGIN_NAME] == 0


def test_loader_keeps_a_value_the_user_passed():
    flags = _configured_flags("--samples_per_plugin", "modelviz=5,images=3")
    assert flags.samples_per_plugin == {"modelviz": 5, "images": 3}


def test_loader_fills_in_a_missing_flag():
    class Flags:
        samples_per_plugin = None

    flags = Flags()
    plugin.ModelVizLoader().fix_flags(flags)
    assert flags.samples_per_plugin == {"modelviz": 0}


def test_entry_module_does_not_import_torch():
    code = "import sys, tensorboard_modelviz.server.plugin; print('torch' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


# --- routes, through TensorBoard's own WSGI routing ----------------------------------------


@pytest.fixture
def static_dir(tmp_path):
    static = tmp_path / "static"
    (static / "sub").mkdir(parents=True)
    (static / "index.js").write_text("export function render() {}\n")
    (static / "layout_worker.js").write_text("self.onmessage = () => {};\n")
    (static / "style.css").write_text("body {}\n")
    (static / "sub" / "data.json").write_text("{}")
    (static / "sub" / "module.wasm").write_bytes(b"\0asm")
    (tmp_path / "secret.txt").write_text("outside the static folder")
    os.symlink(tmp_path / "secret.txt", static / "link.js")
    return str(static)


@pytest.fixture
def client(logdir, open_provider):
    """A werkzeug client on TensorBoard's WSGI app holding only the plugin."""
    from tensorboard.backend import application
    from tensorboard.plugins import base_plugin

    provider = open_provider(logdir)
    context = base_plugin.TBContext(data_provider=provider, logdir=logdir)
    app = application.TensorBoardWSGI([plugin.ModelVizPlugin(context)], data_provider=provider)
    return werkzeug_test.Client(app)


@pytest.fixture
def static_client(static_dir):
    """A werkzeug client on TensorBoard's WSGI app holding only the plugin, with no data."""
    from tensorboard.backend import application
    from tensorboard.plugins import base_plugin

    context = base_plugin.TBContext(data_provider=None)
    app = application.TensorBoardWSGI([plugin.ModelVizPlugin(context, static_dir=static_dir)])
    return werkzeug_test.Client(app)


def _get(client, route, **params):
    response = client.get("/data/plugin/modelviz/" + route, query_string=params)
    assert response.headers["Content-Type"].startswith("application/json")
    return response.status_code, json.loads(response.get_data())


def test_runs_route(client):
    status, answer = _get(client, "runs")
    assert status == 200
    runs = {entry["run"]: entry["tags"] for entry in answer["runs"]}
    assert list(runs) == ["damaged", "long", "real", "truncated"]
    assert runs["long"] == [{"tag": "model", "steps": LONG_STEPS}]
    assert runs["real"] == [{"tag": "model", "steps": REAL_STEPS}]
    assert runs["truncated"] == [{"tag": "model", "steps": [0, 1, 2, 3]}]


def test_real_writer_data_through_every_route(client):
    status, structure = _get(client, "structure", run="real", tag="model", step=11)
    assert status == 200
    keys = [row["key"] for row in structure["layers"]]
    assert keys[:2] == ["#0", "0#0"] and "4#0" in keys

    status, step = _get(client, "step", run="real", tag="model", step=11)
    assert status == 200 and step["step"] == 11 and step["structure"] == structure["hash"]
    assert "0.weight" in step["grads"]

    status, sample = _get(client, "activation", run="real", tag="model", step=11, layer="0#0")
    assert status == 200
    count = 1
    for dim in sample["shape"]:
        count *= dim
    assert sample["key"] == "0#0" and len(base64.b64decode(sample["data"])) == count

    # The layer over training (the Activations tab's chart): mean inside min..max at every step.
    status, trends = _get(client, "layer_trends", run="real", tag="model", layer="0#0")
    assert status == 200 and trends["steps"] == REAL_STEPS
    assert trends["statistics"]["update_ratio"][-1] > 0  # SGD moved the weights between calls
    over_steps = zip(*(trends["statistics"]["activation_" + name] for name in ("min", "mean", "max")))
    assert all(low <= mean <= high for low, mean, high in over_steps)


def _combined_norm(stats_by_name, names):
    return math.sqrt(sum(stats_by_name[name]["norm"] ** 2 for name in names))


def test_stat_matrix_route(client):
    status, structure = _get(client, "structure", run="real", tag="model", step=11)
    status, matrix = _get(client, "stat_matrix", run="real", tag="model", statistic="grad_norm")
    assert status == 200
    assert matrix["statistic"] == "grad_norm" and matrix["steps"] == REAL_STEPS
    assert [layer["key"] for layer in matrix["layers"]] == [row["key"] for row in structure["layers"]]
    assert matrix["structure"] == structure["hash"] and matrix["unreadable"] == []
    row = [layer["key"] for layer in matrix["layers"]].index("4#0")
    for step in (0, 5, 11):
        _, document = _get(client, "step", run="real", tag="model", step=step)
        expected = _combined_norm(document["grads"], ["4.weight", "4.bias"])
        assert matrix["values"][row][step] == pytest.approx(expected)
    finite = [v for values in matrix["values"] for v in values if v is not None]
    assert matrix["range"] == [min(finite), max(finite)]

    status, ratios = _get(client, "stat_matrix", run="real", tag="model", statistic="update_ratio")
    assert status == 200
    assert ratios["values"][row][0] is None  # nothing to compare the first logged call with
    assert all(value > 0 for value in ratios["values"][row][1:])  # SGD moved the weights


def test_layer_trends_route_is_one_row_of_each_matrix(client):
    status, trends = _get(client, "layer_trends", run="real", tag="model", layer="0#0")
    assert status == 200
    assert trends["layer"]["key"] == "0#0" and trends["layer"]["type"] == "Conv2d"
    assert trends["steps"] == REAL_STEPS
    for statistic in ("activation_std", "param_norm", "update_ratio"):
        _, matrix = _get(client, "stat_matrix", run="real", tag="model", statistic=statistic)
        row = [layer["key"] for layer in matrix["layers"]].index("0#0")
        assert trends["statistics"][statistic] == matrix["values"][row]
        assert trends["descriptions"][statistic] == matrix["description"]


def test_histograms_route_gives_each_steps_stored_histograms(client):
    status, answer = _get(client, "histograms", run="real", tag="model", layer="0#0")
    assert status == 200
    assert answer["layer"]["key"] == "0#0" and answer["steps"] == REAL_STEPS
    assert sorted(answer["params"]) == ["0.bias", "0.weight"]
    for index, step in enumerate(REAL_STEPS):
        _, document = _get(client, "step", run="real", tag="model", step=step)
        assert answer["activation"][index] == document["activations"]["0#0"]["hist"]
        assert answer["params"]["0.weight"][index] == document["params"]["0.weight"]["hist"]
        grad = document["grads"].get("0.weight")
        if grad is not None:
            assert answer["grads"]["0.weight"][index] == grad["hist"]
    assert answer["grads"], "the run trains: its gradients have histograms"
    status, answer = _get(client, "histograms", run="damaged", tag="model", layer="conv1#0")
    assert status == 200 and answer["steps"] == [0, 3]
    assert [entry["step"] for entry in answer["unreadable"]] == [1, 2]


def test_histograms_that_are_not_numbers_are_sent_as_missing():
    """The route sends histograms on to the dashboard, which draws them: one stored as
    anything but numbers counts as missing, as the step route refuses it."""
    from tensorboard_modelviz.server import histograms

    good = {"lo": 0.0, "hi": 1.0, "n": 2, "counts": [1, 1]}

    class Series:
        structure = {
            "layers": [{"key": "fc#0", "name": "fc", "type": "Linear", "depth": 1, "param_names": ["fc.weight"]}]
        }
        unreadable = []

        def documents(self):
            yield {"step": 0, "activations": {"fc#0": {"hist": good}}, "params": {"fc.weight": {"hist": "ab"}}}
            yield {
                "step": 1,
                "activations": {"fc#0": {"hist": dict(good, counts=["x"])}},
                "params": {"fc.weight": {"hist": good}},
                "grads": {"fc.weight": {"hist": {"lo": None}}},
            }

    answer = histograms.layer_histograms(Series(), "fc#0")
    assert answer["activation"] == [good, None] and answer["params"] == {"fc.weight": [None, good]}
    assert answer["grads"] == {}


def test_alerts_route_lists_unreadable_steps(client):
    status, answer = _get(client, "alerts", run="real", tag="model")
    assert status == 200 and answer["steps"] == REAL_STEPS and isinstance(answer["alerts"], list)
    status, answer = _get(client, "alerts", run="damaged", tag="model")
    assert status == 200
    assert answer["steps"] == [0, 3]
    assert [entry["step"] for entry in answer["unreadable"]] == [1, 2]
    assert "newer tensorboard_modelviz" in answer["unreadable"][1]["error"]


def test_step_diff_route(client):
    status, diff = _get(client, "step_diff", run="real", tag="model", step=0, step_b=11)
    assert status == 200 and diff["steps"] == [0, 11]
    _, first = _get(client, "step", run="real", tag="model", step=0)
    _, last = _get(client, "step", run="real", tag="model", step=11)
    assert diff["structures"] == [first["structure"], last["structure"]]
    [fc] = [entry for entry in diff["layers"] if entry["key"] == "4#0"]
    a = _combined_norm(first["params"], ["4.weight", "4.bias"])
    b = _combined_norm(last["params"], ["4.weight", "4.bias"])
    assert fc["a"]["param_norm"] == pytest.approx(a) and fc["b"]["param_norm"] == pytest.approx(b)
    assert fc["delta"]["param_norm"] == pytest.approx(b - a)
    assert fc["relative"]["param_norm"] == pytest.approx((b - a) / a)
    assert diff["only_in_a"] == [] and diff["only_in_b"] == []

    # The same step of two runs with different models.
    status, diff = _get(client, "step_diff", run="real", tag="model", step=0, run_b="long", step_b=0)
    assert status == 200
    assert "0#0" in diff["only_in_a"] and "conv1#0" in diff["only_in_b"]


def test_metrics_route_is_the_registry(client):
    from tensorboard_modelviz.format import metrics

    status, answer = _get(client, "metrics")
    assert status == 200
    assert [m["key"] for m in answer["metrics"]] == [m.key for m in metrics.METRICS]
    by_key = {m["key"]: m for m in answer["metrics"]}
    assert by_key["dead_units"]["thresholds"] == {"alert": metrics.DEAD_UNITS_FRACTION}
    assert by_key["flops"]["over_time"] is False and by_key["grad_norm"]["over_time"] is True
    assert by_key["subtree_grad_norm"]["module"] == "subtree" and by_key["grad_norm"]["module"] == "own"


def test_layer_values_route(client):
    status, answer = _get(client, "layer_values", run="real", tag="model", step=11)
    assert status == 200 and answer["step"] == 11
    _, structure = _get(client, "structure", run="real", tag="model", step=11)
    _, document = _get(client, "step", run="real", tag="model", step=11)
    assert answer["structure"] == structure["hash"]
    rows = {row["key"]: row for row in structure["layers"]}
    assert answer["values"]["flops"]["#0"] == rows["#0"]["flops"]
    assert answer["values"]["params"]["4#0"] == rows["4#0"]["params_total"]
    # The container (the Sequential, "#0") has no parameters of its own, and all of them inside it.
    assert "#0" not in answer["values"]["grad_norm"]
    assert answer["values"]["subtree_grad_norm"]["#0"] == pytest.approx(
        _combined_norm(document["grads"], list(document["grads"]))
    )
    assert answer["values"]["subtree_grad_norm"]["4#0"] == pytest.approx(answer["values"]["grad_norm"]["4#0"])
    # The ReLU after the conv: its dead units, measured on its input.
    assert 0.0 <= answer["values"]["dead_units"]["1#0"] <= 1.0
    op_flops = {str(node["id"]): node["flops"] for node in structure["nodes"] if node["kind"] == "op"}
    assert answer["ops"]["flops"] == op_flops
    status, missing = _get(client, "layer_values", run="real", tag="model", step=999)
    assert status == 404


@pytest.mark.parametrize(
    "metric", ["update_ratio", "subtree_update_ratio", "grad_norm", "dead_units", "activation_std"]
)
def test_overlay_trends_and_compare_show_the_same_numbers(client, metric):
    """One metric at one step is one number in every view: the graph overlay
    (layer_values), Trends (layer_trends, stat_matrix) and Compare (step_diff, as A and
    as B). The update ratio is the one that used to differ (weighed by other norms)."""
    step, layer = 11, "4#0" if metric != "dead_units" else "1#0"
    _, overlay = _get(client, "layer_values", run="real", tag="model", step=step)
    _, trends = _get(client, "layer_trends", run="real", tag="model", layer=layer)
    _, matrix = _get(client, "stat_matrix", run="real", tag="model", statistic=metric)
    _, compare_b = _get(client, "step_diff", run="real", tag="model", step=5, step_b=step)
    _, compare_a = _get(client, "step_diff", run="real", tag="model", step=step, step_b=0)
    [b] = [entry for entry in compare_b["layers"] if entry["key"] == layer]
    [a] = [entry for entry in compare_a["layers"] if entry["key"] == layer]
    row = [entry["key"] for entry in matrix["layers"]].index(layer)
    value = trends["statistics"][metric][REAL_STEPS.index(step)]
    assert value is not None
    assert overlay["values"][metric][layer] == value
    assert matrix["values"][row][REAL_STEPS.index(step)] == value
    assert b["b"][metric] == value and a["a"][metric] == value


def test_architecture_diff_route(client):
    status, diff = _get(client, "architecture_diff", run="real", tag="model", step=0, step_b=11)
    assert status == 200 and diff["identical"] is True
    assert diff["added"] == diff["removed"] == diff["changed"] == []

    status, diff = _get(
        client, "architecture_diff", run="real", tag="model", step=0, run_b="long", tag_b="model", step_b=0
    )
    assert status == 200 and diff["identical"] is False
    assert [entry["name"] for entry in diff["removed"]] == ["0", "1", "2", "3", "4"]
    assert [entry["name"] for entry in diff["added"]] == ["conv1", "relu", "fc"]
    assert diff["a"]["model_type"] == "Sequential" and diff["b"]["model_type"] == "Net"


@pytest.mark.parametrize(
    "route, params, message",
    [
        ("stat_matrix", {"run": "real", "tag": "model"}, "missing parameter 'statistic'"),
        ("stat_matrix", {"run": "real", "tag": "model", "statistic": "loss"}, "unknown statistic 'loss'; known: "),
        ("layer_trends", {"run": "real", "tag": "model"}, "missing parameter 'layer'"),
        ("histograms", {"run": "real", "tag": "model"}, "missing parameter 'layer'"),
        ("alerts", {"run": "real"}, "missing parameter 'tag'"),
        ("step_diff", {"run": "real", "tag": "model", "step": "0"}, "missing parameter 'step_b'"),
        ("step_diff", {"run": "real", "tag": "model", "step": "0", "step_b": "last"}, "'step_b' must be an integer"),
        ("architecture_diff", {"run": "real", "tag": "model", "step_b": "0"}, "missing parameter 'step'"),
    ],
)
def test_over_time_bad_parameters_are_400(client, route, params, message):
    status, answer = _get(client, route, **params)
    assert status == 400
    assert message in answer["error"]


@pytest.mark.parametrize(
    "route, params",
    [
        ("stat_matrix", {"run": "nope", "tag": "model", "statistic": "grad_norm"}),
        ("alerts", {"run": "real", "tag": "nope"}),
        ("layer_trends", {"run": "real", "tag": "model", "layer": "nope#0"}),
        ("histograms", {"run": "real", "tag": "model", "layer": "nope#0"}),
        ("histograms", {"run": "nope", "tag": "model", "layer": "0#0"}),
        ("step_diff", {"run": "real", "tag": "model", "step": "0", "run_b": "nope", "step_b": "0"}),
        ("step_diff", {"run": "real", "tag": "model", "step": "0", "step_b": "99"}),
        ("architecture_diff", {"run": "real", "tag": "model", "step": "0", "tag_b": "nope", "step_b": "0"}),
    ],
)
def test_over_time_unknown_names_are_404(client, route, params):
    status, answer = _get(client, route, **params)
    assert status == 404
    assert "nope" in answer["error"] or "99" in answer["error"]


def test_over_time_damaged_data_is_422_and_newer_data_409(client):
    status, answer = _get(client, "step_diff", run="damaged", tag="model", step=0, step_b=1)
    assert status == 422 and "corrupt step blob" in answer["error"]
    status, answer = _get(client, "architecture_diff", run="damaged", tag="model", step=0, step_b=2)
    assert status == 409 and "newer tensorboard_modelviz" in answer["error"]


@pytest.mark.parametrize(
    "params, message",
    [
        ({"tag": "model", "step": "0"}, "missing parameter 'run'"),
        ({"run": "long", "step": "0"}, "missing parameter 'tag'"),
        ({"run": "long", "tag": "model"}, "missing parameter 'step'"),
        ({"run": "long", "tag": "model", "step": "abc"}, "must be an integer"),
        ({"run": "long", "tag": "model", "step": "1.5"}, "must be an integer"),
        ({"run": "long", "tag": "model", "step": ""}, "must be an integer"),
        ({"run": "long", "tag": "model", "step": "1e3"}, "must be an integer"),
        ({"run": "long", "tag": "model", "step": "9" * 40}, "must be an integer"),
    ],
)
def test_bad_parameters_are_400(client, params, message):
    status, answer = _get(client, "step", **params)
    assert status == 400
    assert message in answer["error"]


@pytest.mark.parametrize(
    "route, params",
    [
        ("step", {"run": "nope", "tag": "model", "step": "0"}),
        ("structure", {"run": "long", "tag": "nope", "step": "0"}),
        ("step", {"run": "long", "tag": "model", "step": "5"}),
        ("activation", {"run": "long", "tag": "model", "step": "0", "layer": "nope#0"}),
        ("activation", {"run": "long", "tag": "model", "step": "0", "layer": "fc#0"}),
    ],
)
def test_unknown_names_are_404(client, route, params):
    status, answer = _get(client, route, **params)
    assert status == 404
    assert answer["error"]


def test_damaged_data_is_422_and_newer_data_409(client):
    status, answer = _get(client, "step", run="damaged", tag="model", step=1)
    assert status == 422 and "corrupt step blob" in answer["error"]
    status, answer = _get(client, "step", run="damaged", tag="model", step=2)
    assert status == 409 and "newer tensorboard_modelviz" in answer["error"]
    assert "upgrade" in answer["error"]


def test_answers_are_strict_json(client):
    status, answer = _get(client, "step", run="damaged", tag="model", step=3)
    assert status == 200 and answer["activations"]["fc#0"]["mean"] is None


def test_internal_errors_are_500_json_without_traceback():
    class BrokenProvider:
        def list_blob_sequences(self, *args, **kwargs):
            raise RuntimeError("secret internals")

    from tensorboard.plugins import base_plugin

    context = base_plugin.TBContext(data_provider=BrokenProvider())
    app = plugin.ModelVizPlugin(context).get_plugin_apps()["/runs"]
    response = werkzeug_test.Client(app).get("/data/plugin/modelviz/runs")
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert "internal error" in json.loads(body)["error"]
    assert "secret" not in body and "Traceback" not in body


@pytest.mark.parametrize(
    "path, content_type",
    [
        ("index.js", "text/javascript"),
        ("static/index.js", "text/javascript"),
        ("static/layout_worker.js", "text/javascript"),
        ("static/style.css", "text/css"),
        ("static/sub/data.json", "application/json"),
        ("static/sub/module.wasm", "application/wasm"),
    ],
)
def test_static_files_with_their_content_types(static_client, static_dir, path, content_type):
    response = static_client.get("/data/plugin/modelviz/" + path)
    assert response.status_code == 200
    assert response.headers["Content-Type"].split(";")[0] == content_type
    name = path.split("/", 1)[1] if path.startswith("static/") else path
    with open(os.path.join(static_dir, name), "rb") as f:
        assert response.get_data() == f.read()


@pytest.mark.parametrize(
    "path",
    [
        "static/../plugin.py",
        "static/%2e%2e/plugin.py",
        "static/sub/../../secret.txt",
        "static//etc/passwd",
        "static/%2Fetc%2Fpasswd",
        "static/..%5csecret.txt",
        "static/link.js",
        "static/sub",
        "static/missing.js",
    ],
)
def test_static_route_serves_nothing_outside_the_folder(static_client, path):
    response = static_client.get("/data/plugin/modelviz/" + path)
    assert response.status_code == 404
    assert "error" in json.loads(response.get_data())


# --- a real `tensorboard` process -------------------------------------------------------------


@pytest.fixture(scope="module", params=[(), ("--load_fast=false",)], ids=["default", "load_fast_false"])
def tensorboard(request, logdir):
    with tb_helpers.TensorBoardProcess(logdir, *request.param) as board:
        board.wait_for(lambda status, answer: status == 200 and len(answer["runs"]) == 4, "/data/plugin/modelviz/runs")
        yield board


def test_tab_is_listed(tensorboard):
    status, listing = tensorboard.get_json("/data/plugins_listing")
    assert status == 200
    entry = listing[metadata.PLUGIN_NAME]
    assert entry["enabled"] is True
    assert entry["tab_name"] == "Model Viz"
    assert entry["loading_mechanism"] == {"type": "IFRAME", "module_path": "/data/plugin/modelviz/index.js"}


def test_default_flags_use_the_data_server(tensorboard):
    uses_data_server = "--load_fast=false" not in tensorboard.extra_flags
    commands = tensorboard.child_commands()
    assert any("tensorboard_data_server" in command for command in commands) == uses_data_server


def test_every_step_is_served(tensorboard):
    status, answer = tensorboard.get_json("/data/plugin/modelviz/runs")
    runs = {entry["run"]: entry["tags"][0]["steps"] for entry in answer["runs"]}
    assert runs == {"damaged": [0, 1, 2, 3], "long": LONG_STEPS, "real": REAL_STEPS, "truncated": [0, 1, 2, 3]}


def test_real_run_over_http(tensorboard):
    status, structure = tensorboard.get_json("/data/plugin/modelviz/structure?run=real&tag=model&step=5")
    assert status == 200 and structure["layers"][0]["key"] == "#0"
    status, sample = tensorboard.get_json("/data/plugin/modelviz/activation?run=real&tag=model&step=5&layer=0%230")
    assert status == 200 and sample["layout"] == "chw"


def test_errors_over_http(tensorboard):
    base = "/data/plugin/modelviz/"
    status, answer = tensorboard.get_json(base + "step?run=nope&tag=model&step=0")
    assert status == 404 and "nope" in answer["error"]
    status, answer = tensorboard.get_json(base + "step?run=long&tag=model&step=abc")
    assert status == 400 and "integer" in answer["error"]
    status, answer = tensorboard.get_json(base + "step?run=damaged&tag=model&step=1")
    assert status == 422 and "corrupt" in answer["error"]
    status, answer = tensorboard.get_json(base + "step?run=damaged&tag=model&step=2")
    assert status == 409 and "newer tensorboard_modelviz" in answer["error"]
    for raw in ("static/../../../../etc/passwd", "static/%2e%2e/plugin.py", "static/..%2f..%2fsetup.py"):
        status, body = tensorboard.raw_get(base + raw)
        assert status == 404 and b"root:" not in body and b"import" not in body


def test_over_time_routes_over_http(tensorboard):
    base = "/data/plugin/modelviz/"
    status, matrix = tensorboard.get_json(base + "stat_matrix?run=real&tag=model&statistic=activation_std")
    assert status == 200 and matrix["steps"] == REAL_STEPS
    status, alerts = tensorboard.get_json(base + "alerts?run=long&tag=model")
    assert status == 200 and alerts["steps"] == LONG_STEPS
    status, trends = tensorboard.get_json(base + "layer_trends?run=real&tag=model&layer=4%230")
    assert (
        status == 200
        and trends["statistics"]["activation_std"]
        == matrix["values"][[layer["key"] for layer in matrix["layers"]].index("4#0")]
    )
    status, diff = tensorboard.get_json(base + "step_diff?run=real&tag=model&step=0&step_b=11")
    assert status == 200 and diff["steps"] == [0, 11]
    status, diff = tensorboard.get_json(base + "architecture_diff?run=real&tag=model&step=0&run_b=long&step_b=0")
    assert status == 200 and diff["identical"] is False


def test_frontend_entry_is_javascript_when_built(tensorboard):
    status, content_type, body = tensorboard.get("/data/plugin/modelviz/index.js")
    if os.path.isfile(os.path.join(plugin.STATIC_DIR, "index.js")):
        assert status == 200 and content_type.startswith("text/javascript")
        assert b"render" in body
    else:
        assert status == 404 and json.loads(body)["error"]
