"""The capture and the writer against every model of the zoo.

Reference values come from outside the capture: parameter counts from
`model.parameters()`, layer shapes and per-layer parameter counts from torchinfo 1.8
(where it is right, see zoo.ZooModel), FLOPs from `torch.utils.flop_counter`. Each model
is captured once per test session (the capture is deterministic for these inputs) and
the documents are checked against docs/format.md.
"""

import contextlib
import functools
import glob
import json
import math
import os
import warnings

import numpy as np
import pytest
import torch
import torchinfo
import zoo
from tensorboard.backend.event_processing.event_file_loader import EventFileLoader
from torch.utils.flop_counter import FlopCounterMode

from tensorboard_modelviz import SummaryWriter
from tensorboard_modelviz.capture import parameter_stats, recording, statistics, tracer
from tensorboard_modelviz.capture.recording import CaptureOptions, capture_model
from tensorboard_modelviz.capture.statistics import EXACT_LIMIT, HISTOGRAM_SIZE
from tensorboard_modelviz.capture.structure_key import KnownStructure
from tensorboard_modelviz.format import codec, metadata

SAMPLE_LAYOUTS = {"chw": 4, "tf": 3, "vec": 2}


@functools.lru_cache(maxsize=None)
def captured(name):
    """(zoo record, capture result) for one zoo model, captured in the mode it was built in."""
    record = zoo.build(name)
    return record, capture_model(record.model, record.inputs)


def rows_by_key(structure):
    return {row["key"]: row for row in structure["layers"]}


def executed_rows(structure):
    return [row for row in structure["layers"] if row["calls"] > 0]


# --------------------------------------------------------------------------- basics


@pytest.mark.parametrize("name", zoo.NAMES)
def test_capture_succeeds(name):
    record, result = captured(name)
    assert result.failure is None, "%s: capture failed internally: %r" % (name, result.failure)
    assert result.step["capture"]["complete"] is True
    assert result.step["capture"]["warnings"] == []
    assert result.structure["format_version"] == codec.FORMAT_VERSION
    assert result.structure["model_type"] == type(record.unwrapped).__name__
    assert result.step["structure"] == result.structure["hash"]
    # Both documents survive their own encoding.
    assert codec.decode_structure(codec.encode_structure(result.structure)) == codec.json_safe(result.structure)
    assert codec.decode_step(codec.encode_step(result.step)) == codec.json_safe(zoo.as_version_1(result.step))
    assert codec.blob_version(result.blobs[0]) == codec.STEP_FORMAT_VERSION


@pytest.mark.parametrize("name", zoo.NAMES)
def test_parameter_totals_count_each_parameter_once(name):
    record, result = captured(name)
    params = list(record.model.parameters())  # unique by identity
    totals = result.structure["totals"]
    assert totals["params"] == sum(p.numel() for p in params)
    assert totals["trainable"] == sum(p.numel() for p in params if p.requires_grad)
    assert totals["frozen"] == sum(p.numel() for p in params if not p.requires_grad)
    expected_bytes = {}
    for p in params:
        dtype = str(p.dtype).replace("torch.", "")
        expected_bytes[dtype] = expected_bytes.get(dtype, 0) + p.numel() * p.element_size()
    assert totals["param_bytes"] == expected_bytes
    assert totals["buffer_bytes"] == sum(b.numel() * b.element_size() for b in record.model.buffers())
    assert totals["module_calls"] == len(executed_rows(result.structure))
    root = rows_by_key(result.structure)["#0"]
    assert root["params_total"] == totals["params"]


def test_zoo_covers_frozen_and_mixed_precision():
    """The totals test above is only meaningful if the zoo has frozen and non-float32 weights."""
    assert captured("frozen")[1].structure["totals"]["frozen"] > 0
    assert captured("frozen")[1].structure["totals"]["trainable"] > 0
    assert set(captured("half_float16")[1].structure["totals"]["param_bytes"]) == {"float16"}
    assert set(captured("half_bfloat16")[1].structure["totals"]["param_bytes"]) == {"bfloat16"}


# --------------------------------------------------------------------------- torchinfo


def torchinfo_reference(name):
    """torchinfo's summary of a fresh copy, plus which calls took/returned a single tensor.

    Returns (ModelStatistics, [(key, LayerInfo, first_arg_is_tensor, output_is_tensor)])
    for the calls that ran, in pre-order, keyed like the capture (`name#call`).
    """
    record = zoo.build(name)
    model = record.unwrapped
    names = {}
    for module_name, module in model.named_modules():
        names.setdefault(id(module), module_name)
    seen, stack, handles = [], [], []

    def pre_hook(module, args):
        stack.append(len(seen))
        seen.append([id(module), bool(args) and isinstance(args[0], torch.Tensor), None])

    def hook(module, args, output):
        seen[stack.pop()][2] = isinstance(output, torch.Tensor)

    for module in model.modules():
        handles.append(module.register_forward_pre_hook(pre_hook))
        handles.append(module.register_forward_hook(hook))
    inputs = [record.inputs] if isinstance(record.inputs, torch.Tensor) else record.inputs
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            summary = torchinfo.summary(model, input_data=inputs, verbose=0, mode="train" if model.training else "eval")
    finally:
        for handle in handles:
            handle.remove()
    infos = [info for info in summary.summary_list if info.executed]
    assert [info.layer_id for info in infos] == [module_id for module_id, _, _ in seen]
    counts, rows = {}, []
    for info, (module_id, arg_is_tensor, out_is_tensor) in zip(infos, seen):
        call = counts.get(module_id, 0)
        counts[module_id] = call + 1
        rows.append(("%s#%d" % (names[module_id], call), info, arg_is_tensor, out_is_tensor))
    return summary, rows


def _torchinfo_or_skip(name, flag):
    reason = getattr(zoo.describe(name), flag)
    if reason:
        pytest.skip(reason)
    return torchinfo_reference(name)


@pytest.mark.parametrize("name", zoo.NAMES)
def test_totals_match_torchinfo(name):
    summary, _ = _torchinfo_or_skip(name, "torchinfo_totals_wrong")
    totals = captured(name)[1].structure["totals"]
    assert totals["params"] == summary.total_params
    assert totals["trainable"] == summary.trainable_params
    assert totals["frozen"] == summary.total_params - summary.trainable_params


@pytest.mark.parametrize("name", zoo.NAMES)
def test_layers_match_torchinfo(name):
    """Same calls in the same order; same shapes where torchinfo sees a single tensor."""
    _, reference = _torchinfo_or_skip(name, "torchinfo_layers_wrong")
    structure = captured(name)[1].structure
    assert [row["key"] for row in executed_rows(structure)] == [key for key, _, _, _ in reference]
    rows = rows_by_key(structure)
    compared = 0
    for key, info, arg_is_tensor, out_is_tensor in reference:
        row = rows[key]
        assert row["params_total"] == info.num_params, key
        assert row["trainable"] == info.trainable_params, key
        if out_is_tensor:
            assert row["output_shapes"] == [info.output_size], key
            compared += 1
        if arg_is_tensor:
            assert row["input_shapes"][:1] == [info.input_size], key
    assert compared > 0


@pytest.mark.parametrize("name", zoo.names_where(lambda r: r.torchinfo_totals_wrong or r.torchinfo_layers_wrong))
def test_torchinfo_really_is_wrong_where_the_zoo_says_so(name):
    """Keeps the zoo honest: a model is excused from torchinfo checks only for a real bug."""
    record = zoo.build(name)
    truth = sum(p.numel() for p in record.model.parameters())
    try:
        summary, _ = torchinfo_reference(name)
    except Exception:
        return  # torchinfo cannot summarise the model at all
    assert record.torchinfo_totals_wrong and summary.total_params != truth


# --------------------------------------------------------------------------- FLOPs


def _rnn_layer_flops(input_shape, w_ih_shape, w_hh_shape, *args, **kwargs):
    """CPU LSTM layer kernel: 2 FLOPs per weight entry per token (bias and gates not counted)."""
    return 2 * input_shape[0] * input_shape[1] * (w_ih_shape[0] * w_ih_shape[1] + w_hh_shape[0] * w_hh_shape[1])


def _cpu_attention_flops(q_shape, k_shape, v_shape, *args, **kwargs):
    """Q·Kᵀ and the weighted sum of V: 2·b·h·Lq·Lk·(d + dv)."""
    b, h, lq, d = q_shape
    return 2 * b * h * lq * k_shape[-2] * (d + v_shape[-1])


# Kernels torch.utils.flop_counter has no formula for, which the capture must still count.
FUSED_KERNEL_FLOPS = {
    torch.ops.aten.mkldnn_rnn_layer: _rnn_layer_flops,
    torch.ops.aten._scaled_dot_product_flash_attention_for_cpu: _cpu_attention_flops,
}


def flop_counter_reference(name):
    """FlopCounterMode on a fresh copy, in the same mode and grad mode as the capture.

    Wrappers (compile, DDP, DataParallel) are run unwrapped: the capture records the
    module inside, and FlopCounterMode would prefix every name with the wrapper's.
    """
    record = zoo.build(name)
    with torch.no_grad(), FlopCounterMode(display=False, custom_mapping=FUSED_KERNEL_FLOPS) as counter:
        zoo.call(record.unwrapped, record.inputs)  # module names as the capture sees them
    return counter


@pytest.mark.parametrize("name", zoo.NAMES)
def test_flops_match_flop_counter(name):
    counter = flop_counter_reference(name)
    structure = captured(name)[1].structure
    root = rows_by_key(structure)["#0"]
    assert root["flops"] == counter.get_total_flops()
    assert structure["totals"]["flops"] == root["flops"]


@pytest.mark.parametrize("name", zoo.NAMES)
def test_per_module_flops_match_flop_counter(name):
    """Summed over a module's calls, its FLOPs equal FlopCounterMode's count for it."""
    counter = flop_counter_reference(name)
    record, result = captured(name)
    root_type = type(record.unwrapped).__name__
    by_module = {}
    for row in executed_rows(result.structure):
        by_module[row["name"]] = by_module.get(row["name"], 0) + row["flops"]
    expected = {}
    for module_name, ops in counter.get_flop_counts().items():
        if module_name == "Global":
            continue
        if module_name.startswith(root_type + ".") or module_name == root_type:
            expected[module_name[len(root_type) + 1 :]] = sum(ops.values())
    for module_name, flops in by_module.items():
        assert flops == expected.get(module_name, 0), module_name


@pytest.mark.parametrize("name", zoo.NAMES)
def test_flops_do_not_depend_on_the_mode(name):
    """Train and eval differ in dropout and normalisation, which count no FLOPs; attention
    that runs as a fused kernel in eval mode (SDPA on CPU) must still be counted."""
    flops = {}
    for training in (True, False):
        record = zoo.build(name)
        record.model.train(training)
        flops[training] = capture_model(record.model, record.inputs).structure["totals"]["flops"]
    assert flops[True] == flops[False]


@pytest.mark.parametrize("name", zoo.NAMES)
def test_op_flops_add_up_to_root(name):
    structure = captured(name)[1].structure
    op_flops = sum(node["flops"] for node in structure["nodes"] if node["kind"] == "op")
    assert op_flops == rows_by_key(structure)["#0"]["flops"]


# --------------------------------------------------------------------------- graph


@pytest.mark.parametrize("name", zoo.NAMES)
def test_graph_is_well_formed(name):
    structure = captured(name)[1].structure
    nodes = structure["nodes"]
    assert [node["id"] for node in nodes] == list(range(len(nodes)))
    root = nodes[0]
    assert (root["kind"], root.get("name"), root["parent"]) == ("module", "", None), "node 0 is not the root module"
    assert root["call"] == 0 and root["layer"] == "#0"
    kinds = {node["id"]: node["kind"] for node in nodes}
    for node in nodes[1:]:
        if node["kind"] in ("input", "output"):  # outside the root module (docs/format.md)
            assert node["parent"] is None, node
            continue
        assert kinds.get(node["parent"]) == "module", "node %d (%s) has parent %r" % (
            node["id"],
            node["kind"],
            node["parent"],
        )
    for edge in structure["edges"]:
        assert kinds.get(edge["src"]) in ("input", "op"), edge
        assert kinds.get(edge["dst"]) in ("op", "output"), edge
        assert isinstance(edge["shape"], list) and isinstance(edge["dtype"], str)
    for node in nodes:
        if node["kind"] == "op":
            assert isinstance(node["op"], str) and node["op"]
            assert isinstance(node["flops"], int) and node["flops"] >= 0
            assert isinstance(node["inplace"], bool)


@pytest.mark.parametrize("name", zoo.NAMES)
def test_module_nodes_and_layer_rows_agree(name):
    structure = captured(name)[1].structure
    nodes = structure["nodes"]
    rows = rows_by_key(structure)
    assert len(rows) == len(structure["layers"]), "layer keys must be unique"
    module_nodes = [node for node in nodes if node["kind"] == "module"]
    assert len(module_nodes) == len(executed_rows(structure))
    for node in module_nodes:
        row = rows[node["layer"]]
        assert row["node"] == node["id"]
        assert (row["name"], row["type"], row["call"]) == (node["name"], node["type"], node["call"])
        assert row["key"] == "%s#%d" % (node["name"], node["call"])
        parent_row = rows[row["parent"]] if row["parent"] is not None else None
        if row["key"] == "#0":
            assert parent_row is None and row["depth"] == 0 and node["parent"] is None
        else:
            assert parent_row["node"] == node["parent"]
            assert row["depth"] == parent_row["depth"] + 1


@pytest.mark.parametrize("name", zoo.NAMES)
def test_inputs_and_outputs_are_nodes(name):
    record, result = captured(name)
    structure = result.structure
    inputs = [node for node in structure["nodes"] if node["kind"] == "input"]
    outputs = [node for node in structure["nodes"] if node["kind"] == "output"]
    input_tensors = zoo.tensors_in(record.inputs)
    assert len(inputs) == len(input_tensors) == len(structure["inputs"])
    assert sorted(tuple(node["shape"]) for node in inputs) == sorted(tuple(t.shape) for t in input_tensors)
    output_tensors = zoo.tensors_in(zoo.call(zoo.build(name).model, record.inputs))
    assert len(outputs) == len(output_tensors) == len(structure["outputs"])
    assert [node["shape"] for node in outputs] == [list(t.shape) for t in output_tensors]
    assert [node["dtype"] for node in outputs] == [str(t.dtype).replace("torch.", "") for t in output_tensors]
    # Every output is reached by an edge from an op of the forward (or straight from an input).
    fed = {edge["dst"] for edge in structure["edges"]}
    for node in outputs:
        assert node["id"] in fed, node


def test_output_names_follow_the_returned_structure():
    names = lambda n: [node["name"] for node in captured(n)[1].structure["outputs"]]  # noqa: E731
    assert names("dict_io") == ["logits", "features"]
    assert names("dataclass_output") == ["logits", "hidden"]
    assert names("tuple_list_output") == ["[0]", "[1][0]", "[1][1]"]
    input_names = [node["name"] for node in captured("dict_io")[1].structure["inputs"]]
    assert input_names == ["image", "text", "mask"]
    assert [node["name"] for node in captured("siamese")[1].structure["inputs"]] == ["a", "b"]


@pytest.mark.parametrize("name", zoo.names_where(lambda r: r.reused))
def test_module_called_twice_gives_two_nodes(name):
    record, result = captured(name)
    for module_name, calls in record.reused.items():
        nodes = [n for n in result.structure["nodes"] if n["kind"] == "module" and n["name"] == module_name]
        assert [n["call"] for n in nodes] == list(range(calls)), module_name
        rows = [r for r in result.structure["layers"] if r["name"] == module_name]
        assert [r["call"] for r in rows] == list(range(calls))
        assert all(r["calls"] == calls for r in rows)
        assert all(r["key"] in result.step["activations"] for r in rows if r["output_shapes"])


def test_resnet_records_each_call_of_the_shared_inplace_relu():
    """The three calls of one in-place ReLU differ: each is reduced when it happens."""
    result = captured("resnet")[1]
    stats = [result.step["activations"]["layer1.0.relu#%d" % i] for i in range(3)]
    assert stats[0] != stats[1] != stats[2]
    assert all(s["min"] >= 0 for s in stats)
    assert sum(n["inplace"] for n in result.structure["nodes"] if n["kind"] == "op") >= 3


def test_inplace_ops_are_marked():
    nodes = captured("inplace_ops")[1].structure["nodes"]
    inplace = sorted(n["op"] for n in nodes if n["kind"] == "op" and n["inplace"])
    assert {"mul_", "add_", "relu_", "clamp_"} <= set(inplace)
    assert any(op in ("iadd", "add_") for op in inplace)


class _CountingMode(torch.overrides.TorchFunctionMode):
    def __init__(self):
        super().__init__()
        self.calls = 0

    def __torch_function__(self, func, types, args=(), kwargs=None):
        self.calls += 1
        return func(*args, **(kwargs or {}))


@pytest.mark.parametrize("name", ["seed_cnn", "resnet", "lstm", "dict_io", "inplace_ops"])
def test_the_recording_modes_see_the_models_calls_alone(name, monkeypatch):
    """Our hooks read shapes, sizes and values with torch function modes off: the op
    recorder sees exactly the torch functions the model itself calls (before, every
    .shape or .numel() of ours went through it too: 67 calls a forward of the seed CNN
    instead of its 10)."""
    record = zoo.build(name)
    with torch.no_grad(), _CountingMode() as alone:
        recording.call_model(record.model, record.inputs)
    seen = []
    real = tracer.OpRecorder.__torch_function__

    def counted(self, func, types, args=(), kwargs=None):
        seen.append(func)
        return real(self, func, types, args, kwargs)

    monkeypatch.setattr(tracer.OpRecorder, "__torch_function__", counted)
    assert capture_model(record.model, record.inputs).failure is None
    assert len(seen) == alone.calls > 0


@pytest.mark.parametrize("name", zoo.NAMES)
def test_every_module_has_a_row_and_unused_ones_say_so(name):
    record, result = captured(name)
    rows = result.structure["layers"]
    names = {module_name for module_name, _ in record.unwrapped.named_modules()}
    assert {row["name"] for row in rows} == names
    unused = {row["name"] for row in rows if row["calls"] == 0}
    assert unused == set(record.never_run)
    for row in rows:
        if row["calls"] == 0:
            assert row["node"] is None and row["key"] == row["name"] + "#0"
            assert row["output_shapes"] == [] and row["flops"] == 0
    # Unused rows come after every executed row.
    ran = [row["calls"] > 0 for row in rows]
    assert ran == sorted(ran, reverse=True)


def test_control_flow_records_the_path_taken():
    record, result = captured("control_flow")
    loops = zoo.control_flow_loops(record.model, record.inputs)
    rows = rows_by_key(result.structure)
    assert rows["pos#0"]["calls"] == 1 and rows["neg#0"]["calls"] == 0
    assert rows["step#0"]["calls"] == loops


# --------------------------------------------------------------------------- hash


@pytest.mark.parametrize("name", zoo.NAMES)
def test_hash_is_stable_for_an_unchanged_model(name):
    record, first = captured(name)
    again = capture_model(record.model, record.inputs)
    assert again.structure["hash"] == first.structure["hash"]
    assert again.structure == first.structure


def test_hash_ignores_weights_but_not_architecture():
    with torch.random.fork_rng():
        torch.manual_seed(0)
        a, b = zoo.SeedMLP(), zoo.SeedMLP()
    x = torch.randn(2, 1, 28, 28)
    hash_a = capture_model(a, x).structure["hash"]
    assert capture_model(b, x).structure["hash"] == hash_a  # other weights, same net

    wider = zoo.SeedMLP()
    wider.fc2 = torch.nn.Linear(128, 100)
    wider.fc3 = torch.nn.Linear(100, 10)
    assert capture_model(wider, x).structure["hash"] != hash_a

    deeper = zoo.SeedMLP()
    deeper.fc3 = torch.nn.Sequential(torch.nn.Linear(64, 64), torch.nn.ReLU(), torch.nn.Linear(64, 10))
    assert capture_model(deeper, x).structure["hash"] != hash_a

    assert capture_model(a, torch.randn(3, 1, 28, 28)).structure["hash"] != hash_a  # other batch size


def test_hash_follows_the_data_dependent_path():
    record = zoo.build("control_flow")
    positive = capture_model(record.model, record.inputs).structure
    negative = capture_model(record.model, -record.inputs).structure
    assert positive["hash"] != negative["hash"]
    assert rows_by_key(negative)["neg#0"]["calls"] == 1


# --------------------------------------------------------------------------- samples and statistics


def check_samples(result, max_bytes):
    directory = result.step["samples"]
    # A container returning its last child's output shares that child's blob.
    assert len({entry["blob"] for entry in directory.values()}) == len(result.samples)
    for key, entry in directory.items():
        if "source" in entry:  # an alias: same blob, layout and shape as its source's entry
            source = directory[entry["source"]]
            assert "source" not in source and key != entry["source"]
            assert {k: v for k, v in entry.items() if k != "source"} == source, key
    rows = rows_by_key(result.structure)
    total = 0
    for index, (header, values) in enumerate(result.samples, start=1):
        blob = codec.encode_sample(header, values)
        total += len(blob)
        decoded_header, decoded_values = codec.decode_sample(blob)
        assert decoded_values == bytes(values)
        key = decoded_header["key"]
        assert key in rows and key in result.step["activations"]
        assert directory[key]["blob"] == index
        assert directory[key]["layout"] == header["layout"]
        assert directory[key]["shape"] == header["shape"]
        layout = header["layout"]
        shape = header["shape"]
        assert len(shape) == SAMPLE_LAYOUTS[layout]
        assert len(values) == math.prod(shape)
        n = shape[0]
        expected_bounds_shape = [n, shape[1]] if layout == "chw" else [n]
        for bound in ("lo", "hi"):
            assert _shape_of(header[bound]) == expected_bounds_shape, (key, bound)
        assert all(lo <= hi for lo, hi in zip(_flat(header["lo"]), _flat(header["hi"])))
        assert header["source_shape"] in rows[key]["output_shapes"]
        assert n <= header["source_shape"][0]
    assert total <= max_bytes
    if result.samples:
        assert total + len(codec.encode_step(result.step)) <= max_bytes
    return total


def _shape_of(nested):
    shape = []
    while isinstance(nested, list):
        shape.append(len(nested))
        nested = nested[0] if nested else None
    return shape


def _flat(nested):
    if isinstance(nested, list):
        return [v for item in nested for v in _flat(item)]
    return [nested]


@pytest.mark.parametrize("name", zoo.NAMES)
def test_samples_decode_and_fit_the_default_budget(name):
    result = captured(name)[1]
    check_samples(result, CaptureOptions().max_bytes)
    floating_layers = [row for row in executed_rows(result.structure) if row["output_shapes"]]
    assert result.samples, "no activation sample at all for %s" % name
    assert len(result.step["activations"]) >= 1
    assert set(result.step["activations"]) <= {row["key"] for row in floating_layers}


@pytest.mark.parametrize("max_bytes", [0, 2000, 20000])
@pytest.mark.parametrize("name", ["seed_cnn", "resnet", "gpt_tied", "lstm", "half_bfloat16"])
def test_samples_fit_a_small_budget(name, max_bytes):
    record = zoo.build(name)
    result = capture_model(record.model, record.inputs, CaptureOptions(max_bytes=max_bytes))
    check_samples(result, max_bytes)
    if max_bytes == 0:
        assert result.samples == []


def test_sample_values_follow_the_activation():
    """A conv sample dequantised with lo/hi approximates the real activation map."""
    record = zoo.build("seed_cnn")
    result = capture_model(record.model, record.inputs, CaptureOptions(max_samples=1, max_channels=16, max_side=32))
    header, values = next((h, v) for h, v in result.samples if h["key"] == "conv1#0")
    assert header["layout"] == "chw" and header["shape"] == [1, 10, 24, 24]
    actual = record.model.conv1(record.inputs[:1])
    lo = torch.tensor(header["lo"]).view(1, 10, 1, 1)
    hi = torch.tensor(header["hi"]).view(1, 10, 1, 1)
    q = torch.tensor(list(values), dtype=torch.float32).view(1, 10, 24, 24)
    approx = lo + q / 255 * (hi - lo)
    assert torch.allclose(approx, actual, atol=float((hi - lo).max()) / 255 + 1e-5)


@pytest.mark.parametrize("name", ["seed_mlp", "frozen", "tied_linear", "half_bfloat16"])
def test_parameter_and_activation_statistics(name):
    record, result = captured(name)
    params = dict(record.unwrapped.named_parameters())
    assert set(result.step["params"]) == set(params)
    for param_name, stats in result.step["params"].items():
        p = params[param_name].detach().double()
        assert stats["numel"] == p.numel()
        assert sum(stats["hist"]["counts"]) == stats["hist"]["n"]
        if p.numel() <= EXACT_LIMIT:
            assert stats["mean"] == pytest.approx(p.mean().item(), rel=1e-3, abs=1e-3)
            if p.numel() <= HISTOGRAM_SIZE:
                assert "estimated" not in stats and stats["hist"]["n"] == p.numel()
            else:
                assert stats["estimated"] == ["hist"] and stats["hist"]["n"] <= HISTOGRAM_SIZE
            assert stats["min"] == pytest.approx(p.min().item(), rel=1e-3, abs=1e-3)
            assert stats["max"] == pytest.approx(p.max().item(), rel=1e-3, abs=1e-3)
            assert stats["norm"] == pytest.approx(p.norm().item(), rel=1e-3)
        else:  # estimated from a subset (docs/format.md)
            assert {"mean", "norm", "min", "max"} <= set(stats["estimated"])
            assert HISTOGRAM_SIZE // 3 <= stats["hist"]["n"] <= HISTOGRAM_SIZE
            assert p.min().item() <= stats["min"] <= stats["max"] <= p.max().item()
            assert stats["norm"] == pytest.approx(p.norm().item(), rel=0.05)
            assert stats["mean"] == pytest.approx(p.mean().item(), abs=0.05 * p.std().item())
    assert result.step["grads"] == {}  # nothing has run backward yet
    for stats in result.step["activations"].values():
        assert sum(stats["hist"]["counts"]) == stats["hist"]["n"] <= stats["numel"] - stats["nan"] - stats["inf"]


def test_gradient_statistics_appear_after_backward():
    record = zoo.build("frozen")
    zoo.loss_of(zoo.call(record.model, record.inputs)).backward()
    result = capture_model(record.model, record.inputs)
    expected = {n for n, p in record.model.named_parameters() if p.grad is not None}
    assert expected and set(result.step["grads"]) == expected


def test_a_sparse_embedding_gradient_is_described_with_the_rest():
    model = torch.nn.Sequential(torch.nn.Embedding(5000, 16, sparse=True), torch.nn.Linear(16, 3))
    tokens = torch.randint(0, 5000, (4, 20))
    model(tokens).sum().backward()
    result = capture_model(model, tokens)
    assert result.failure is None
    assert set(result.step["grads"]) == {"0.weight", "1.weight", "1.bias"}
    sparse = result.step["grads"]["0.weight"]
    assert sparse["numel"] == 5000 * 16 and sparse["zeros"] >= 1 - 80 / 5000


def test_a_parameter_whose_statistics_fail_leaves_the_others(monkeypatch):
    """The small parameters are described in one batch; should that fail, each is
    described alone, and one that fails then too is left out, not the others."""
    record = zoo.build("seed_cnn")
    broken = record.model.conv2.weight.detach().reshape(-1).numpy().copy()
    real_segments, real_alone = statistics.describe_segments, statistics.exact_stats_many

    def batch_of_parameters_fails(flat, sizes, bins, histogram_size, with_norm, exact):
        if with_norm:  # parameters and gradients; activations are described without norms
            raise RuntimeError("the batch failed")
        return real_segments(flat, sizes, bins, histogram_size, with_norm, exact)

    def failing_for_one(arrays, *args, **kwargs):
        if len(arrays) == 1 and arrays[0].size == broken.size and np.array_equal(arrays[0], broken):
            raise RuntimeError("this parameter cannot be described")
        return real_alone(arrays, *args, **kwargs)

    def columns_of_parameters_fail(flat, sizes, with_norm):
        raise RuntimeError("the batch failed")

    monkeypatch.setattr(parameter_stats, "describe_columns", columns_of_parameters_fail)
    monkeypatch.setattr(statistics, "describe_segments", batch_of_parameters_fails)
    monkeypatch.setattr(statistics, "exact_stats_many", failing_for_one)
    result = capture_model(record.model, record.inputs)
    assert "cannot be described" in str(result.failure) and not result.step["capture"]["complete"]
    assert set(result.step["params"]) == {n for n, _ in record.model.named_parameters()} - {"conv2.weight"}


@pytest.mark.parametrize(
    "option, value, selected",
    [
        ("include", ["conv*"], {"conv1#0", "conv2#0"}),
        ("exclude", ["conv*", ""], {"fc1#0", "fc2#0"}),
        ("module_types", [torch.nn.Linear], {"fc1#0", "fc2#0"}),
        ("module_types", ["Conv2d"], {"conv1#0", "conv2#0"}),
    ],
)
def test_selection_options_limit_recorded_activations(option, value, selected):
    record = zoo.build("seed_cnn")
    result = capture_model(record.model, record.inputs, CaptureOptions(**{option: value}))
    assert set(result.step["activations"]) == selected
    assert set(result.step["samples"]) <= selected
    assert len(executed_rows(result.structure)) == 5  # the table still covers everything


# --------------------------------------------------------------------------- writer round trip


def event_records(logdir):
    """{stored tag: [(step, number of blobs)]} over every event file in logdir."""
    found = {}
    for path in sorted(glob.glob(os.path.join(logdir, "events.out.tfevents.*"))):
        for event in EventFileLoader(path).Load():
            for value in event.summary.value:
                if value.metadata.plugin_data.plugin_name or value.tag.startswith(metadata.TAG_PREFIX):
                    found.setdefault(value.tag, []).append((event.step, len(value.tensor.string_val)))
    return found


@pytest.mark.parametrize("name", zoo.NAMES)
def test_writer_round_trip(name, tmp_path):
    from tensorboard_modelviz.server.reader import open_logdir

    record = zoo.build(name)
    logdir = str(tmp_path)
    writer = SummaryWriter(logdir)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)  # a capture failure warns
        for step in (0, 10, 20):
            writer.add_model_viz(record.model, record.inputs, step)
    writer.close()

    records = event_records(logdir)
    assert set(records) == {"modelviz/model/structure", "modelviz/model/step"}
    assert records["modelviz/model/structure"] == [(0, 1)]  # written once: unchanged model
    assert [step for step, _ in records["modelviz/model/step"]] == [0, 10, 20]

    expected = capture_model(record.model, record.inputs)
    assert all(blobs == 1 + len(expected.samples) for _, blobs in records["modelviz/model/step"])

    reader = open_logdir(logdir)
    [run] = reader.runs()
    assert run["tags"] == [{"tag": "model", "steps": [0, 10, 20]}]
    structure = reader.structure(run["run"], "model", 20)
    assert structure == codec.json_safe(expected.structure)
    step = reader.step(run["run"], "model", 10)
    assert step["structure"] == expected.structure["hash"]
    assert step["step"] == 10
    assert set(step["activations"]) == set(expected.step["activations"])
    assert step["params"] == codec.json_safe(expected.step["params"])
    samples = {header["key"]: (header, values) for header, values in expected.samples}
    for key in expected.step["samples"]:  # every layer the directory lists
        read_header, read_values = reader.sample(run["run"], "model", 20, key)
        header, values = samples[read_header["key"]]
        assert read_header == codec.json_safe(header)
        assert read_values == bytes(values)


def test_writer_stores_a_new_structure_when_the_graph_changes(tmp_path):
    from tensorboard_modelviz.server.reader import open_logdir

    record = zoo.build("control_flow")
    writer = SummaryWriter(str(tmp_path))
    writer.add_model_viz(record.model, record.inputs, 0)
    writer.add_model_viz(record.model, -record.inputs, 1)  # takes the other branch
    writer.add_model_viz(record.model, record.inputs, 2)  # back to a known structure
    writer.add_model_viz(record.model, record.inputs, 3, tag="second")
    writer.close()
    records = event_records(str(tmp_path))
    assert [step for step, _ in records["modelviz/model/structure"]] == [0, 1]
    assert [step for step, _ in records["modelviz/model/step"]] == [0, 1, 2]
    assert [step for step, _ in records["modelviz/second/structure"]] == [3]

    reader = open_logdir(str(tmp_path))
    [run] = reader.runs()
    hashes = [reader.structure(run["run"], "model", s)["hash"] for s in (0, 1, 2)]
    assert hashes[0] == hashes[2] != hashes[1]
    assert rows_by_key(reader.structure(run["run"], "model", 1))["neg#0"]["calls"] == 1


def test_writer_options_reach_the_capture(tmp_path):
    from tensorboard_modelviz.server.reader import open_logdir

    record = zoo.build("seed_cnn")
    writer = SummaryWriter(str(tmp_path))
    writer.add_model_viz(record.model, record.inputs, 5, tag="cnn", walltime=1234.5, include=["conv*"], max_bytes=4000)
    writer.close()
    reader = open_logdir(str(tmp_path))
    [run] = reader.runs()
    step = reader.step(run["run"], "cnn", 5)
    assert step["wall_time"] == 1234.5
    assert step["tag"] == "cnn"
    assert set(step["activations"]) == {"conv1#0", "conv2#0"}
    with pytest.raises(TypeError, match="unknown option"):
        writer.add_model_viz(record.model, record.inputs, 6, max_bites=1)


@pytest.mark.parametrize("name", ["resnet", "inplace_ops", "siamese", "gpt_tied", "lstm", "frozen"])
@pytest.mark.parametrize("context", ["inference_mode", "enable_grad", "autocast"])
def test_a_call_inside_the_callers_context_records_the_same(name, context):
    """Validation code often runs under torch.inference_mode, whose tensors have no version
    counter, so in-place changes to them cannot be seen: each module's output is described
    anew, and a container gets a sample of its own rather than pointing to its child's.
    Under enable_grad or autocast the call records what it records outside them."""
    record = zoo.build(name)
    expected = capture_model(record.model, record.inputs)
    contexts = {
        "inference_mode": torch.inference_mode,
        "enable_grad": torch.enable_grad,
        "autocast": lambda: torch.autocast("cpu", dtype=torch.bfloat16),
    }
    with contexts[context]():
        got = capture_model(record.model, record.inputs)
    assert got.failure is None and got.step["capture"]["complete"], got.step["capture"]
    if context == "autocast":  # other dtypes, other values: recorded all the same
        assert got.step["activations"].keys() == expected.step["activations"].keys()
        return
    assert got.structure == expected.structure
    if record.grad_changes_bits and context == "inference_mode":  # two forwards there, without gradients
        zoo.assert_documents_close(got.step["activations"], expected.step["activations"])
        return
    assert got.step["activations"] == expected.step["activations"]
    assert got.step["params"] == expected.step["params"]

    def pictures(result):
        by_key = {h["key"]: bytes(v) for h, v in result.samples}
        return {key: by_key[entry.get("source", key)] for key, entry in result.step["samples"].items()}

    assert pictures(got) == pictures(expected)


def test_tied_parameters_name_where_they_are_stored():
    """GPT-2's head is tied to the token embedding: the head's row says so (issue 25's item
    10), with a count that keeps a sum over siblings from passing the root's total."""
    record, result = captured("gpt_tied")
    rows = {row["name"]: row for row in result.structure["layers"] if row["call"] == 0}
    stored = dict(record.unwrapped.named_parameters())
    tied_rows = [row for row in rows.values() if "tied_params" in row]
    assert tied_rows, "the tied head is not marked"
    for row in tied_rows:
        for name, first in row["tied_params"].items():
            assert name in row["param_names"] and first in stored and name not in stored
        own = dict(record.unwrapped.get_submodule(row["name"]).named_parameters(recurse=False))
        assert row["params_tied"] == sum(own[n.rsplit(".", 1)[1]].numel() for n in row["tied_params"])
    untied = [row for row in rows.values() if "tied_params" not in row]
    assert all("params_tied" not in row for row in untied)
    root = rows[""]
    # The root's children in the call tree (a module called twice counted at its first call).
    children = [
        row
        for row in result.structure["layers"]
        if row["parent"] == root["key"] and row["node"] is not None and row["call"] == 0
    ]
    assert (
        sum(row["params_total"] - row.get("params_tied", 0) for row in children) + root["params"]
        <= root["params_total"]
    )


def _figures(result) -> str:
    """A call's statistics, dead units, gradient flow, samples and completeness as one comparable text."""
    step = result.step
    fields = {name: {k: dict(v) for k, v in step[name].items()} for name in ("activations", "params", "grads")}
    fields["updates"], fields["dead_units"] = step["updates"], step["dead_units"]
    fields["output_grads"] = step.get("output_grads")  # with grad_flow only
    samples = [(repr(header), bytes(values).hex()) for header, values in result.samples]
    return json.dumps([fields, samples, step["capture"]["complete"], step["capture"]["warnings"]], default=repr)


@pytest.mark.parametrize(
    "name, options",
    [
        ("seed_cnn", CaptureOptions()),
        ("resnet", CaptureOptions()),
        ("inplace_ops", CaptureOptions()),
        # The gradient flow's backward, several samples, every op traced, an LSTM's tuple.
        ("resnet", CaptureOptions(grad_flow=True, max_samples=3, trace_ops="always")),
        ("lstm", CaptureOptions(grad_flow=True, max_samples=3, trace_ops="always")),
    ],
    ids=["seed_cnn", "resnet", "inplace_ops", "resnet, grad_flow and samples", "lstm, grad_flow and samples"],
)
def test_a_default_device_of_the_callers_leaves_the_calls_figures_as_they_are(name, options):
    """The buffers and copies a call makes for itself are CPU tensors whatever default
    device the caller set (`with torch.device(...)`, torch.set_default_device): under
    another one (meta here, as CUDA would be) a first and two steady calls record what
    they record without it, every parameter's statistics, samples and dead units included."""
    figures = []
    for device in (None, "meta"):
        record = zoo.build(name)
        known = KnownStructure()
        calls = []
        for _ in range(3):
            with torch.device(device) if device else contextlib.nullcontext():
                calls.append(_figures(capture_model(record.model, record.inputs, options, known=known)))
        figures.append(calls)
    assert figures[0] == figures[1]
