"""The benchmark suite still runs: the two smallest models, one round each.

The figures of such a short run mean nothing; what is checked is that every field the
README's table is made from is there and sane, so that the suite never rots.
"""

import json
import os
import re
import shutil
import subprocess
import sys

import pytest

from tensorboard_modelviz.format import deflate

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCHMARKS = os.path.join(REPO, "benchmarks")
PEERS = ["add_graph", "torchinfo", "torchview", "torchviz", "torchlens"]


def _benchmark(script: str, *args: str, timeout: int) -> subprocess.CompletedProcess:
    """benchmarks/`script` run with `args` from the benchmarks folder, its output captured."""
    return subprocess.run(
        [sys.executable, script, *args], cwd=BENCHMARKS, capture_output=True, text=True, timeout=timeout
    )


def _table_rows(text: str) -> list[list[str]]:
    """The cells of every markdown table row in `text`, its header row first, separators left out."""
    return [line.strip("|").split("|") for line in text.splitlines() if line.startswith("| ") and "---" not in line]


def _package_copy(tmp_path):
    """A copy of this checkout's package, for a benchmark's --against."""
    other = tmp_path / "other"
    shutil.copytree(os.path.join(REPO, "tensorboard_modelviz"), other / "tensorboard_modelviz")
    return other


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    out = tmp_path_factory.mktemp("bench") / "results.json"
    command = [
        sys.executable,
        os.path.join(BENCHMARKS, "run.py"),
        "--models",
        "mlp",
        "cnn",
        "--repeats",
        "1",
        "--peer-repeats",
        "1",
        "--threads",
        "1",
        "--training-steps",
        "30",
        "--training-viz-every",
        "10",
        "--training-repeats",
        "1",
        "--out",
        str(out),
    ]
    finished = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=600)
    assert finished.returncode == 0, finished.stderr[-3000:]
    document = json.loads(out.read_text())
    document["_markdown"] = (out.parent / "results.md").read_text()
    document["_stdout"] = finished.stdout
    document["_rendered_again"] = subprocess.run(
        [sys.executable, os.path.join(BENCHMARKS, "report.py"), str(out)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return document


def test_machine_is_described(results):
    machine = results["machine"]
    assert machine["cpu"] and machine["cores"] >= 1 and machine["torch_threads"] == 1
    assert machine["versions"]["torch"] and machine["versions"]["tensorboard_modelviz"]


@pytest.mark.parametrize("model", ["mlp", "cnn"])
def test_add_model_viz_figures_are_sane(results, model):
    timing = results["models"][model]["timing"]
    assert "error" not in timing, timing
    for field in ("forward_seconds", "first_cold_seconds", "first_seconds", "steady_seconds", "capture_only_seconds"):
        assert timing[field] > 0, field
    for field in ("first_ratio", "steady_ratio", "first_cold_ratio"):
        assert timing[field] == pytest.approx(timing[field.replace("ratio", "seconds")] / timing["forward_seconds"])
    assert timing["steady_bytes"] > 0
    # The first call also writes the structure; steady calls of an unchanged model do not.
    assert timing["first_bytes"] > timing["steady_bytes"]
    assert timing["recorded_layers"] > 0 and timing["activation_samples"] > 0
    assert timing["complete"] is True and not timing["warnings"], timing["warnings"]

    memory = results["models"][model]["memory"]
    assert memory["forward"]["peak_growth_bytes"] >= 0
    assert memory["viz"]["peak_growth_bytes"] > 0
    assert memory["viz"]["method"]


@pytest.mark.parametrize("model", ["mlp", "cnn"])
def test_every_peer_has_a_figure_or_an_error(results, model):
    peers = results["models"][model]["peers"]
    assert sorted(peers) == sorted(PEERS)
    for name, outcome in peers.items():
        if outcome["ok"]:
            assert outcome["ratio"] > 0 and outcome["seconds"] > 0, name
        else:
            assert outcome["error"].strip(), name
    # Plain tensor-in, tensor-out models: the established peers succeed on them.
    assert peers["add_graph"]["ok"] and peers["torchinfo"]["ok"]


def test_training_loop_is_compared(results):
    loop = results["training_loop"]
    assert "error" not in loop, loop
    assert loop["steps"] >= 30 and loop["viz_calls"] == len(range(0, loop["steps"], 10))
    assert loop["without_seconds"] > 0 and loop["probe_size"] > 0
    # The demo's way (a fixed probe) and each step's training batch, each against the same loop.
    for figures in (loop, loop["training_batch"]):
        assert figures["with_seconds"] > 0 and figures["viz_seconds"] > 0
        assert 0 < figures["accounted_overhead"] < 10
        # Per call interval: this loop's figure spread over viz_every steps per call.
        assert figures["accounted_overhead"] == pytest.approx(
            figures["accounted_overhead_this_loop"] * loop["steps"] / (loop["viz_every"] * loop["viz_calls"])
        )
        assert isinstance(figures["overhead"], float) and isinstance(figures["cpu_overhead"], float)
    assert all(seconds == 0 for seconds in loop["samples"]["viz"]["without"])


def test_report_has_the_tables(results):
    assert [peer["name"] for peer in results["peers"]] == PEERS
    for text in (results["_markdown"], results["_stdout"]):
        assert "| mlp |" in text and "| cnn |" in text
        assert "### Peers" in text and "### Training loop" in text
        assert "a fixed probe of" in text and "each step's training batch" in text
    # The report is made from the results file alone, so it can be rendered again.
    assert results["_rendered_again"] == results["_markdown"]


def test_sections_hook_collects_other_measurements(tmp_path):
    sys.path.insert(0, BENCHMARKS)
    try:
        import run
    finally:
        sys.path.remove(BENCHMARKS)
    (tmp_path / "section_routes.py").write_text(
        "def measure(logs):\n    return {'title': 'Routes', 'results': sorted(logs), 'markdown': 'ok'}\n"
    )
    (tmp_path / "section_broken.py").write_text("def measure(logs):\n    raise RuntimeError('no server')\n")
    sections = run.run_sections({"mlp": "/somewhere/mlp"}, directory=str(tmp_path))
    assert [section["name"] for section in sections] == ["section_broken", "section_routes"]
    assert sections[0]["results"] == {"error": "RuntimeError: no server"}
    assert sections[1]["results"] == ["mlp"] and sections[1]["markdown"] == "ok"


def test_the_gpu_timing_script_imports_and_says_when_there_is_no_gpu():
    """benchmarks/cuda_timing.py runs only on a GPU (scripts/gpu_check.sh); here, where CI
    has none, it must at least import everything it uses and stop with a clear reason."""
    import torch

    if torch.cuda.is_available():
        pytest.skip("a GPU is present: scripts/gpu_check.sh runs the script for real")
    finished = _benchmark("cuda_timing.py", "--models", "cnn", timeout=120)
    assert finished.returncode == 1 and finished.stderr.strip() == "no CUDA device", finished.stderr[-2000:]


def test_the_cost_by_part_script_times_every_variant():
    """benchmarks/cost_by_part.py (what the README's cost-by-part figures come from) runs,
    and reports a ratio for every variant: one round on the small CNN."""
    finished = _benchmark("cost_by_part.py", "cnn", "--rounds", "1", "--threads", "1", timeout=300)
    assert finished.returncode == 0, finished.stderr[-2000:]
    rows = _table_rows(finished.stdout)
    assert rows[0] == [" recorded ", " cnn "]
    assert [name.strip() for name, _ in rows[1:]] == [
        "everything",
        "no activation samples",
        "no parameter statistics",
        "no activations",
        "nothing recorded",
        "activation statistics alone",
        "the extremes pass alone",
    ]
    assert all(float(ratio.strip().rstrip("×")) > 0 for _, ratio in rows[1:])


def test_the_floor_row_takes_the_extremes_pass_and_nothing_else(monkeypatch):
    """Under the floor row's patch a large output gets its extremes pass
    (statistics._extremes: numpy's min and max or torch.aminmax) and no statistics; once
    the row's call is over, PendingStats.add_keeping_copy is the package's own again."""
    import torch

    from tensorboard_modelviz.capture import statistics
    from tensorboard_modelviz.capture.recording import CaptureOptions, capture_model
    from tensorboard_modelviz.capture.statistics import EXACT_LIMIT, PendingStats

    monkeypatch.syspath_prepend(BENCHMARKS)
    import cost_by_part

    model = torch.nn.Sequential(
        torch.nn.Linear(8, 2 * EXACT_LIMIT), torch.nn.ReLU(), torch.nn.Linear(2 * EXACT_LIMIT, 3)
    )
    passes = []
    extremes = statistics._extremes  # the full pass, by numpy or torch.aminmax
    monkeypatch.setattr(statistics, "_extremes", lambda t, view=None: passes.append(t.numel()) or extremes(t, view))
    own = PendingStats.add_keeping_copy
    with cost_by_part._extremes_only():
        floor = capture_model(
            model, torch.randn(1, 8), CaptureOptions(**cost_by_part.VARIANTS["the extremes pass alone"])
        )
    assert PendingStats.add_keeping_copy is own
    assert passes == [2 * EXACT_LIMIT] * 2  # the first Linear's output and the ReLU's; the last is small
    assert len(floor.step["activations"]) == 4 and not any(floor.step["activations"].values())
    assert floor.samples == [] and floor.step["params"] == {}
    passes.clear()
    described = capture_model(model, torch.randn(1, 8)).step["activations"]
    assert passes and all("max" in stats for stats in described.values())


def test_the_cost_by_part_script_says_when_there_is_no_gpu_for_cuda():
    import torch

    if torch.cuda.is_available():
        pytest.skip("a GPU is present: the script runs there for real")
    finished = _benchmark("cost_by_part.py", "cnn", "--cuda", timeout=120)
    assert finished.returncode == 2 and finished.stderr.strip().endswith("--cuda: no CUDA device"), finished.stderr


def test_the_long_run_script_times_every_route_on_both_loaders():
    """benchmarks/long_run.py (the README's long-run figures) runs: one cold and one warm
    request per route, on the 150-row, 100-step run."""
    finished = _benchmark("long_run.py", "--cold", "1", "--warm", "1", timeout=600)
    assert finished.returncode == 0, finished.stdout[-2000:] + finished.stderr[-2000:]
    assert "150 layer rows, 100 steps" in finished.stdout
    rows = _table_rows(finished.stdout)
    assert [row[0].strip() for row in rows[1:]] == ["rust", "python"]
    assert all(float(cell.split("/")[0]) > 0 for row in rows[1:] for cell in row[1:])


def test_the_zoo_cost_script_reports_each_model_and_writes_its_section(tmp_path):
    """benchmarks/zoo_cost.py (the real-architecture zoo's cost table) runs: one round on two
    zoo models, its section put in place of an older one, the sections around it kept."""
    report = tmp_path / "results.md"
    report.write_text(
        "## Benchmarks\n\n### add_model_viz on the real-architecture zoo\n\nold table\n\n### Later\n\nkept\n"
    )
    finished = _benchmark(
        "zoo_cost.py",
        "vit",
        "autoencoder_kl",
        "--rounds",
        "1",
        "--threads",
        "1",
        "--write-section",
        str(report),
        timeout=300,
    )
    assert finished.returncode == 0, finished.stderr[-2000:]
    rows = _table_rows(finished.stdout)
    assert [row[0].strip() for row in rows[1:]] == ["vit", "autoencoder_kl"]
    assert all(float(row[5].strip().rstrip("×")) > 0 for row in rows[1:])  # the steady call's ratio
    written = report.read_text()
    assert "old table" not in written and written.count("real-architecture zoo") == 1
    assert written.startswith("## Benchmarks\n\n### add_model_viz on the real-architecture zoo\n\nCommand: ")
    assert "| autoencoder_kl | diffusers |" in written and written.endswith("\n\n### Later\n\nkept\n")


def test_graph_scale_serves_another_bundle_and_always_puts_the_committed_one_back(tmp_path, monkeypatch):
    """benchmarks/graph_scale.py measures a before/after pair by copying a bundle over
    tensorboard_modelviz/static; here on a copy of that folder, with an error inside."""
    sys.path.insert(0, BENCHMARKS)
    try:
        import graph_scale
    finally:
        sys.path.remove(BENCHMARKS)
    static = tmp_path / "static"
    other = tmp_path / "other"
    static.mkdir()
    other.mkdir()
    for name in graph_scale.BUNDLE_FILES:
        (static / name).write_text("committed " + name)
        (other / name).write_text("other " + name)
    monkeypatch.setattr(graph_scale, "STATIC", str(static))
    with pytest.raises(RuntimeError):
        with graph_scale.bundle_in_place(str(other)):
            assert all((static / n).read_text() == "other " + n for n in graph_scale.BUNDLE_FILES)
            raise RuntimeError("a measurement failed")
    assert all((static / n).read_text() == "committed " + n for n in graph_scale.BUNDLE_FILES)


def test_the_autograd_cost_script_times_every_variant():
    """benchmarks/autograd_cost.py (the backward graph's and the gradient flow's figures)
    runs and prints a ratio for each of its four calls: one round on the small CNN."""
    finished = _benchmark("autograd_cost.py", "cnn", "--rounds", "1", "--threads", "1", timeout=300)
    assert finished.returncode == 0, finished.stderr[-2000:]
    for label in (
        "first call, no backward graph",
        "first call, backward graph",
        "steady call",
        "steady call, grad_flow=True",
    ):
        line = next(line for line in finished.stdout.splitlines() if line.strip().startswith(label + " "))
        wall, cpu = re.search(r"\s(\d+\.\d+)x\s+\(rounds .*CPU time (\d+\.\d+)x\)", line).groups()
        assert float(wall) > 0 and float(cpu) > 0, line
    assert "the backward graph adds" in finished.stdout


def test_the_forward_under_hooks_script_reports_both_stacks():
    """benchmarks/forward_under_hooks.py (the forward's share of issue 22's µs per module)
    runs: one round on each stack, a positive figure for each."""
    finished = _benchmark("forward_under_hooks.py", "--rounds", "1", timeout=300)
    assert finished.returncode == 0, finished.stderr[-2000:]
    figures = re.findall(r"^(mlp|conv) .*: ([0-9.]+) µs per module$", finished.stdout, re.MULTILINE)
    assert [name for name, _ in figures] == ["mlp", "conv"] and all(float(f) > 0 for _, f in figures)


def test_the_step_blob_script_times_each_compressor_on_a_real_step_document():
    """benchmarks/step_blob.py (the step blob's compression, issue 22) runs: zlib and the
    codec's own compressor each time a stream that inflates to the document (the script
    checks it), in a row of positive figures."""
    finished = _benchmark("step_blob.py", "--rounds", "2", timeout=300)
    assert finished.returncode == 0, finished.stderr[-2000:]
    rows = _table_rows(finished.stdout)[1:]
    names = [row[0].strip() for row in rows]
    assert names[:2] == ["zlib, level 1", "format/deflate.py (%s)" % deflate._compressor_module.__name__], names
    for row in rows:
        assert float(row[1].split()[0]) > 0 and int(row[2].split()[0]) > 10_000, row


def test_the_per_module_cost_script_reports_both_stacks_for_each_package(tmp_path):
    """benchmarks/per_module_cost.py (issue 22's µs per module) runs: one round, measured on
    this checkout and, through --against, on a copy of its package, each in its own worker."""
    other = _package_copy(tmp_path)
    finished = _benchmark("per_module_cost.py", "--rounds", "1", "--against", str(other), timeout=600)
    assert finished.returncode == 0, finished.stderr[-2000:]
    rows = _table_rows(finished.stdout)[1:]
    assert [(row[0].strip(), row[2].strip()) for row in rows] == [
        ("this checkout", "400"),
        ("this checkout", "300"),
        (str(other), "400"),
        (str(other), "300"),
    ]
    assert all(float(row[6]) > 0 and float(row[8]) > 0 for row in rows)  # µs per module, wall and CPU


def test_the_batch1_ratios_script_reports_ratios_and_peaks_for_each_package(tmp_path):
    """benchmarks/batch1_ratios.py (issue 22's batch-1 ratios) runs on a small model of the
    suite: one round, this checkout and a copy of its package, each in its own worker."""
    other = _package_copy(tmp_path)
    finished = _benchmark(
        "batch1_ratios.py", "--rounds", "1", "--models", "dict_output", "--against", str(other), timeout=600
    )
    assert finished.returncode == 0, finished.stderr[-2000:]
    rows = _table_rows(finished.stdout)[1:]
    assert [(row[0].strip(), row[1].strip()) for row in rows] == [
        ("this checkout", "dict_output"),
        (str(other), "dict_output"),
    ]
    for row in rows:
        assert all(float(cell.strip().rstrip("×").split()[0]) > 0 for cell in row[2:7]), row  # times and ratios
        assert all(cell.strip().endswith("MiB") for cell in row[7:10]), row


def test_the_samples_cost_script_times_each_part_and_the_single_reduction():
    """benchmarks/samples_cost.py (the samples' path, issue 22) runs: each part of the MLP's
    samples timed in a steady call, and the single reduction measured on ResNet-50 with the
    samples it changes counted."""
    finished = _benchmark("samples_cost.py", "--calls", "1", "--models", "mlp", timeout=300)
    assert finished.returncode == 0, finished.stderr[-2000:]
    parts = dict(re.findall(r"^  (\w+) +([0-9.]+) ms a call$", finished.stdout, re.MULTILINE))
    # fit_to_budget runs only where the samples do not all fit whole (not the MLP's).
    expected = {"reduce_activation", "plan_for", "quantise_grouped", "range_texts", "_stored_streams", "encode"}
    assert expected | {"_attach_samples"} <= set(parts) <= expected | {"_attach_samples", "fit_to_budget"}
    assert float(parts["_attach_samples"]) > float(parts["quantise_grouped"]) > 0, finished.stdout
    finished = _benchmark("samples_cost.py", "--single-reduction", "--calls", "1", timeout=600)
    assert finished.returncode == 0, finished.stderr[-2000:]
    assert finished.stdout.count("steady call") == 2 and "not comparable" not in finished.stdout, finished.stdout
    changed = re.search(r"^samples: (\d+) of (\d+) uint8 values changed", finished.stdout, re.MULTILINE)
    assert changed and int(changed.group(2)) > 100_000 and int(changed.group(1)) < int(changed.group(2)) // 1000


def test_the_call_sections_script_splits_each_stacks_call_into_parts(tmp_path):
    """benchmarks/call_sections.py (where a steady call's time goes, issue 22) runs: one worker
    per package and stack, each call split into parts that are positive where this package
    has the function, and whose sum with the rest is the call."""
    other = _package_copy(tmp_path)
    finished = _benchmark("call_sections.py", "--repeats", "1", "--calls", "2", "--against", str(other), timeout=600)
    assert finished.returncode == 0, finished.stderr[-2000:]
    tables = re.findall(r"^(mlp|conv) \((\d+) modules\)", finished.stdout, re.MULTILINE)
    assert tables == [("mlp", "400"), ("conv", "300")], finished.stdout
    rows = {row[0].strip(): row for row in _table_rows(finished.stdout) if row[0].strip() != "part"}
    for label in (
        "forward under the hooks (beyond finish_stats)",
        "parameters and gradients (describe_parameters)",
        "call",
    ):
        assert float(rows[label][1]) > 0 and float(rows[label][2]) > 0, rows[label]


@pytest.mark.parametrize("call", ["steady", "first"])
def test_the_batch1_sections_script_splits_a_call_by_function(call):
    """benchmarks/batch1_sections.py (where a batch-1 call goes, issue 22) runs on a small
    model: the call's ratio to a forward, and each timed function's positive share."""
    finished = _benchmark("batch1_sections.py", "--model", "cnn", "--call", call, "--calls", "2", timeout=300)
    assert finished.returncode == 0, finished.stderr[-2000:]
    assert re.search(r"cnn, %s call: forward [\d.]+ ms, call [\d.]+ ms" % call, finished.stdout), finished.stdout
    rows = {row[0].strip(): row for row in _table_rows(finished.stdout)[1:]}
    wanted = "_record_in_one_forward" if call == "first" else "_run_forward"
    assert wanted in rows and float(rows[wanted][1]) > 0, finished.stdout
    assert ("backward_document" in rows) == (call == "first"), finished.stdout


def test_the_parameter_stats_script_times_both_functions_for_both_packages(tmp_path):
    """benchmarks/parameter_stats_cost.py (the parameters' part of a steady call, issue 22)
    runs: a row per stack and package, each with positive times whose sum is the last column."""
    other = _package_copy(tmp_path)
    finished = _benchmark(
        "parameter_stats_cost.py", "--workers", "1", "--rounds", "2", "--against", str(other), timeout=600
    )
    assert finished.returncode == 0, finished.stderr[-2000:]
    rows = [row for row in _table_rows(finished.stdout) if row[0].strip().startswith(("mlp", "conv"))]
    assert [(row[0].split()[0], row[1].strip() == str(other)) for row in rows] == [
        ("mlp", True),
        ("mlp", False),
        ("conv", True),
        ("conv", False),
    ], finished.stdout
    for row in rows:
        described, ratios, both = (float(cell) for cell in row[2:5])
        assert described > 0 and ratios > 0 and both == pytest.approx(described + ratios, abs=0.011), row


def test_the_steady_hooks_script_times_both_stacks():
    """benchmarks/steady_hooks.py (the hook path's figures of issue 22) runs: one batch each."""
    finished = _benchmark("steady_hooks.py", "--batches", "1", timeout=300)
    assert finished.returncode == 0, finished.stderr
    rows = [line for line in finished.stdout.splitlines() if line.startswith("| this checkout")]
    assert [row.split(" | ")[1] for row in rows] == ["mlp", "conv"]
    assert all(float(row.split(" | ")[3].split()[0]) > 0 for row in rows)  # finish_stats takes time


def test_the_guard_cost_script_times_both_guards_on_both_stacks(tmp_path):
    """benchmarks/guard_cost.py runs: a few steady calls per stack, the guard of this
    checkout and of a copy of its package taking turns."""
    other = _package_copy(tmp_path)
    finished = _benchmark("guard_cost.py", "--calls", "6", "--against", str(other), timeout=600)
    assert finished.returncode == 0, finished.stderr[-2000:]
    rows = _table_rows(finished.stdout)[1:]
    assert [row[0].strip() for row in rows] == ["MLP, 400 modules", "conv, 300 modules"]
    assert all(float(cell.strip().split()[0]) > 0 for row in rows for cell in row[1:])


def test_the_first_call_ops_script_gives_the_recordings_cost_an_op():
    """benchmarks/first_call_ops.py (the README's cost an op of a first call's recording)
    runs and reports the forward with gradients, with the recording, and their difference."""
    finished = _benchmark("first_call_ops.py", "--ops", "40", "--rounds", "1", timeout=300)
    assert finished.returncode == 0, finished.stderr[-2000:]
    rows = _table_rows(finished.stdout)
    assert rows[0] == [" 40 ops ", " µs an op "] and len(rows) == 4
    gradients, recorded, recording = (float(value) for _, value in rows[1:])
    assert gradients > 0 and recorded > 0 and abs(recorded - gradients - recording) < 0.02


def test_the_rest_alternating_script_times_both_plans_on_both_stacks(tmp_path):
    """benchmarks/rest_alternating.py runs: a few steady calls per stack, the walk's plan
    against a new walk, the layer texts against a copy of the package's, the key's kept
    facts of the tensors against read, the fingerprint's SHA-1 against hashlib's, the RNG
    states and update ratios against the copy's, the walk's tensors named at once against
    when asked, its named parameters as pairs against two lists, taking turns."""
    other = _package_copy(tmp_path)
    finished = _benchmark("rest_alternating.py", "--calls", "6", "--against", str(other), timeout=600)
    assert finished.returncode == 0, finished.stderr[-2000:]
    rows = _table_rows(finished.stdout)[1:]
    assert [row[1].strip() for row in rows] == ["MLP, 400 modules"] * 7 + ["conv, 300 modules"] * 7
    assert all(float(cell.strip().split()[0]) > 0 for row in rows for cell in row[2:])


def test_the_first_call_layers_script_times_every_layer():
    """benchmarks/first_call_layers.py (the README's first-call layers) runs and reports a
    ratio for every layer: one round on the small CNN."""
    finished = _benchmark("first_call_layers.py", "--model", "cnn", "--rounds", "1", timeout=300)
    assert finished.returncode == 0, finished.stderr[-2000:]
    rows = _table_rows(finished.stdout)
    assert rows[0] == [" layers ", " of a forward "] and len(rows) == 7
    assert all(float(ratio) > 0 for _, ratio in rows[1:])


def test_the_out_path_script_times_each_part_inside_calls_and_alternates_two_packages(tmp_path):
    """benchmarks/out_path.py (what a steady call writes, issue 22) runs: every part of the
    writing timed inside the MLP's steady calls, the event file's thread among them, and
    two packages' writing alternated call by call."""
    finished = _benchmark("out_path.py", "--calls", "2", "--models", "mlp", timeout=300)
    assert finished.returncode == 0, finished.stderr[-2000:]
    parts = {row[0].strip(): float(row[1]) for row in _table_rows(finished.stdout)[1:]}
    assert len(parts) == 10 and all(micros > 0 for micros in parts.values()), finished.stdout
    assert parts["samples and step blob (_attach_samples)"] > parts["step blob (StepEncoder)"]
    other = _package_copy(tmp_path)
    finished = _benchmark("out_path.py", "--calls", "2", "--models", "mlp", "--against", str(other), timeout=300)
    assert finished.returncode == 0, finished.stderr[-2000:]
    rows = _table_rows(finished.stdout)[1:]
    assert [row[0].strip() for row in rows] == [str(other), "this checkout"], finished.stdout
    assert all(float(cell) > 0 for row in rows for cell in row[1:]), finished.stdout


def test_the_deferred_outputs_script_times_each_variant_on_both_stacks():
    """benchmarks/deferred_ab.py (h26-defer's in-process A/B) runs: one round of one call,
    each variant on each stack, positive figures."""
    finished = _benchmark("deferred_ab.py", "--rounds", "1", "--calls", "1", timeout=300)
    assert finished.returncode == 0, finished.stderr[-2000:]
    rows = _table_rows(finished.stdout)[1:]
    assert [(row[0].strip(), row[1].strip()) for row in rows] == [
        (stack, variant) for stack in ("MLP", "conv") for variant in ("in hooks", "deferred, copy each", "deferred")
    ]
    assert all(float(row[2]) > 0 and float(row[3]) > 0 for row in rows)


def test_the_modes_off_script_times_both_variants_on_each_model():
    """benchmarks/modes_off_ab.py (h27-modes' in-process A/B) runs: one round of one call,
    each variant on each model, positive figures."""
    finished = _benchmark("modes_off_ab.py", "--rounds", "1", "--calls", "1", timeout=300)
    assert finished.returncode == 0, finished.stderr[-2000:]
    rows = _table_rows(finished.stdout)[1:]
    assert [(row[0].strip(), row[1].strip()) for row in rows] == [
        (model, variant) for model in ("small MLP", "MLP", "conv") for variant in ("as before", "modes off")
    ]
    assert all(float(row[2]) > 0 and float(row[3]) > 0 for row in rows)


def test_the_after_forward_script_alternates_two_versions_of_swapped_functions(tmp_path):
    """benchmarks/after_forward_ab.py (h27-after's in-process A/B) runs: a method and a
    function imported by name swapped with another copy's, every part timed on the MLP
    for both versions."""
    other = _package_copy(tmp_path)
    finished = _benchmark(
        "after_forward_ab.py",
        "--against",
        str(other),
        "--swap",
        "tensorboard_modelviz/capture/tracer.py:Trace._describe_deferred",
        "--swap",
        "tensorboard_modelviz/capture/activation_samples.py:quantise_grouped@tensorboard_modelviz.capture.sample_plan",
        "--calls",
        "2",
        "--models",
        "mlp",
        timeout=300,
    )
    assert finished.returncode == 0, finished.stderr[-2000:]
    rows = _table_rows(finished.stdout)[1:]
    assert [row[0].strip() for row in rows] == ["mlp"] * 13, finished.stdout
    parts = {row[1].strip(): (float(row[2]), float(row[3])) for row in rows}
    assert all(theirs > 0 and ours > 0 for theirs, ours in parts.values()), finished.stdout
    assert parts["call"][1] > parts["finish_stats"][1] > parts["deferred description"][1]


def test_the_hooks_ab_script_alternates_both_tracers_on_both_stacks():
    """benchmarks/hooks_ab.py (h27-hooks' in-process A/B of two tracers) runs: one round of
    one call, the committed tracer against this checkout's, positive figures."""
    finished = _benchmark("hooks_ab.py", "--base", "HEAD", "--rounds", "1", "--calls", "1", timeout=300)
    assert finished.returncode == 0, finished.stderr[-2000:]
    rows = _table_rows(finished.stdout)[1:]
    assert [(row[0].strip(), row[1].strip()) for row in rows] == [
        (stack, tracer) for stack in ("MLP", "conv") for tracer in ("base HEAD", "this checkout")
    ]
    assert all(float(cell) > 0 for row in rows for cell in row[2:])


def test_the_hook_floor_script_times_every_part_on_both_stacks():
    """benchmarks/hook_floor.py (the hook path built up a part at a time) runs: one round of
    one forward, a figure for every variant on each stack (a difference: any sign)."""
    finished = _benchmark("hook_floor.py", "--rounds", "1", "--calls", "1", timeout=300)
    assert finished.returncode == 0, finished.stderr[-2000:]
    rows = _table_rows(finished.stdout)[1:]
    assert [row[0].strip() for row in rows] == [
        "wrapped forwards",
        "empty hooks",
        "lookup",
        "records",
        "shapes",
        "notes",
        "checks",
        "Trace",
    ]
    assert all(len(row) == 3 and [float(cell) for cell in row[1:]] for row in rows)


def test_the_after_forward_alone_script_times_each_part_of_a_steady_calls_samples_and_blob():
    """benchmarks/after_forward_alone.py (issue 22, h29-after) runs: each part after the
    forward's statistics timed alone on the MLP's steady call, every part positive and the
    step encoder's and the sample plan's parts each under their whole."""
    finished = _benchmark("after_forward_alone.py", "--models", "mlp", "--batches", "1", "--repeat", "1", timeout=300)
    assert finished.returncode == 0, finished.stderr[-2000:]
    rows = dict(re.findall(r"^\| ( *[^|]+?) \| ([0-9.]+) \| [0-9.]+ \|$", finished.stdout, re.MULTILINE))
    assert {"_fit_samples", "StepEncoder", "plan_for", "SamplePlan.encode"} <= set(rows), finished.stdout
    assert all(float(v) > 0 for v in rows.values()), finished.stdout
    assert float(rows["StepEncoder"]) > float(rows["  deflate of the integer columns"])
    assert float(rows["SamplePlan.encode"]) > float(rows["  quantise_grouped"])


def test_the_segment_passes_script_times_each_buffer_of_both_stacks():
    """benchmarks/segment_passes.py (issue 22, h29-stats) runs: describe_columns timed on
    the four buffers a steady call of each stack hands it, each a positive figure."""
    finished = _benchmark("segment_passes.py", "--batches", "1", "--calls", "2", timeout=300)
    assert finished.returncode == 0, finished.stderr[-2000:]
    rows = re.findall(
        r"^\| (mlp|conv) (activations|parameters) \((\d+) values, (\d+) segments\) \| ([0-9.]+) ",
        finished.stdout,
        re.MULTILINE,
    )
    assert {(stack, kind) for stack, kind, *_ in rows} == {
        (stack, kind) for stack in ("mlp", "conv") for kind in ("activations", "parameters")
    }, finished.stdout
    assert all(int(values) >= int(segments) > 0 and float(us) > 0 for *_, values, segments, us in rows)


def test_the_state_parts_script_times_each_part_and_each_pass_on_both_stacks(tmp_path):
    """benchmarks/state_parts.py runs: a few steady calls per stack in one worker of this
    checkout's package and one of a copy's, each part of the state and key checks timed,
    and the four passes over every module timed hot, after a forward and cold."""
    other = _package_copy(tmp_path)
    finished = _benchmark(
        "state_parts.py", "--workers", "1", "--calls", "3", "--repeats", "3", "--against", str(other), timeout=600
    )
    assert finished.returncode == 0, finished.stderr[-2000:]
    rows = _table_rows(finished.stdout)
    parts = [row for row in rows if len(row) == 3 and "(" in row[1]]
    passes = [row for row in rows if len(row) == 4 and not row[0].startswith(" pass")]
    assert len(parts) == 2 * 24 and len(passes) == 2 * 4
    calls = [row for row in parts if row[0].strip() == "call"]
    assert len(calls) == 2 and all(float(cell.split()[0]) > 0 for row in calls for cell in row[1:])
    assert all(float(cell) > 0 for row in passes for cell in row[1:])


def test_the_paired_in_call_script_times_both_ways_inside_the_same_calls():
    """benchmarks/paired_in_call.py (h30-passes) runs: on the MLP's steady calls, the
    package's segment runs against runs of another length, then the update ratios' norms
    against whole arrays, each way a positive median over the calls it ran first in; and
    too few calls to count is said, not a traceback."""
    for way in (["--runs", "16384"], ["--norms"]):
        finished = _benchmark("paired_in_call.py", *way, "--models", "mlp", "--calls", "24", timeout=300)
        assert finished.returncode == 0, finished.stderr[-2000:]
        medians = re.findall(r"(?:package|runs of 16384|whole arrays) ([0-9]+) \(", finished.stdout)
        assert len(medians) == 2 and all(int(m) > 0 for m in medians), finished.stdout
    too_few = _benchmark("paired_in_call.py", "--norms", "--models", "mlp", "--calls", "6", timeout=300)
    assert too_few.returncode == 1 and "more --calls" in too_few.stderr and "Traceback" not in too_few.stderr


def test_the_tiny_hf_cost_script_gives_each_packages_cost_per_module(tmp_path):
    """benchmarks/tiny_hf_cost.py runs: a tiny GPT-2's forward and steady call in this
    checkout's package and a copy's, each with its cost per module."""
    pytest.importorskip("transformers")
    other = _package_copy(tmp_path)
    finished = _benchmark("tiny_hf_cost.py", "--models", "gpt2", "--rounds", "1", "--against", str(other), timeout=300)
    assert finished.returncode == 0, finished.stderr[-2000:]
    rows = [row for row in _table_rows(finished.stdout)[1:]]
    assert [row[1].strip() for row in rows] == ["gpt2", "gpt2"], finished.stdout
    assert all(int(row[2]) > 0 and float(row[3].split()[0]) > 0 and float(row[4].split()[0]) > 0 for row in rows)
