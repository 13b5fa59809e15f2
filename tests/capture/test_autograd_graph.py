"""The backward graph recorded with the structure, the unreachable parameters it names,
and the gradient flow (tensorboard_modelviz/capture/autograd_graph.py)."""

import collections
import collections.abc
import gc
import re
import weakref

import pytest
import torch
import zoo
from torch import nn

from tensorboard_modelviz.capture import autograd_graph, profiled_flops
from tensorboard_modelviz.capture.recording import CaptureOptions, call_model, capture_model
from tensorboard_modelviz.server.analysis import health_alerts

# torchviz 0.0.3 compares versions with distutils' LooseVersion.
pytestmark = pytest.mark.filterwarnings("ignore:distutils Version classes are deprecated:DeprecationWarning")


def backward_of(model, inputs, **options):
    result = capture_model(model, inputs, CaptureOptions(**options))
    assert result.failure is None, result.failure
    return result.structure["backward"]


# --- against torchviz ---------------------------------------------------------------------

_NODE = re.compile(r'^\s*(\d+) \[label="?(.*?)"?( fillcolor=(\w+))?\]\s*$', re.DOTALL)
_EDGE = re.compile(r"^\s*(\d+) -> (\d+)")


def torchviz_graph(model, inputs):
    """(backward function labels, parameter names, edges between functions) of torchviz's
    make_dot(y.mean(), params=...) for the same model and scalar; its dot text, no binary."""
    torchviz = pytest.importorskip("torchviz")
    y = call_model(model, inputs)
    dot = torchviz.make_dot(y.mean(), params=dict(model.named_parameters()))
    functions, parameters, kinds = collections.Counter(), set(), {}
    edges = []
    for line in dot.body:
        edge = _EDGE.match(line)
        if edge:
            edges.append((edge.group(1), edge.group(2)))
            continue
        node = _NODE.match(line)
        if not node:
            continue
        label = node.group(2)
        if node.group(4) == "lightblue":
            kinds[node.group(1)] = "parameter"
            parameters.add(label.split("\n")[0])
        elif node.group(4) is None:
            kinds[node.group(1)] = label
            functions[label] += 1
        else:
            kinds[node.group(1)] = "output"
    # Parameter -> AccumulateGrad edges are one node in our document; the output's edge is
    # the scalar's.
    between = [
        e
        for e in edges
        if kinds.get(e[0]) not in ("parameter", "output") and kinds.get(e[1]) not in ("parameter", "output")
    ]
    return functions, parameters, between


@pytest.mark.parametrize("name", ["seed_mlp", "seed_cnn"])
def test_backward_graph_has_torchviz_nodes_for_the_seed_models(name):
    record = zoo.build(name)
    backward = backward_of(record.model, record.inputs)
    functions, parameters, edges = torchviz_graph(record.model, record.inputs)
    ours = collections.Counter(n["op"] for n in backward["nodes"] if n["kind"] == "op")
    leaves = [n for n in backward["nodes"] if n["kind"] == "input"]
    assert functions.pop("AccumulateGrad") == len(leaves)
    assert ours == functions
    assert {n["name"] for n in leaves} == parameters == {n for n, _ in record.model.named_parameters()}
    assert all(n["parameter"] and n["reachable"] for n in leaves)
    # Every edge between backward nodes, plus one into the scalar.
    assert len(backward["edges"]) == len(edges) + 1
    assert backward["unreachable"] == [] and backward["error"] is None


def test_backward_nodes_belong_to_the_module_call_that_made_them():
    record = zoo.build("seed_cnn")
    backward = backward_of(record.model, record.inputs)
    nodes = backward["nodes"]
    layer_of = {n["id"]: n["layer"] for n in nodes if n["kind"] == "module"}
    where = collections.defaultdict(list)
    for n in nodes:
        if n["kind"] == "op":
            where[layer_of.get(n["parent"])].append(n["op"])
    conv_layers = [key for key, ops in where.items() if "ConvolutionBackward0" in ops]
    assert conv_layers and all(key.startswith("conv") for key in conv_layers)
    assert where[None] == ["MeanBackward0"]  # the scalar's own node, made after the forward
    # Parameters sit in the module that registers them; saved tensors' shapes are noted.
    for n in nodes:
        if n["kind"] == "input":
            assert layer_of[n["parent"]] == n["name"].rpartition(".")[0] + "#0"
    conv = next(n for n in nodes if n["kind"] == "op" and n["op"] == "ConvolutionBackward0")
    assert {s["name"] for s in conv["saved"]} >= {"input", "weight"}
    assert all(isinstance(s["shape"], list) for s in conv["saved"])


class _HookedBlocks(nn.Module):
    """Modules with forward (pre-)hooks of their own that compute on the tensors they pass."""

    def __init__(self):
        super().__init__()
        self.first = nn.Linear(3, 3)
        self.second = nn.Linear(3, 3)
        self.third = nn.Linear(3, 2)
        self.first.register_forward_hook(lambda module, args, output: output * 3)
        self.second.register_forward_pre_hook(lambda module, args: (args[0].exp(),))
        self.outside = [nn.Linear(3, 3)]  # called, but no module of the model's

    def forward(self, x):
        return self.third(self.outside[0](self.second(self.first(x))))


@pytest.mark.parametrize("in_one_forward", [True, False])
def test_what_a_modules_own_hooks_compute_belongs_to_its_call(in_one_forward, monkeypatch):
    """The module hooks of GradForward run after a module's own hooks (on that module
    alone; the others share two global hooks), as they did on every module: the nodes its
    own hooks make fold where they did, in the one forward and in the two forwards alike;
    no hook of ours is left."""
    if not in_one_forward:
        monkeypatch.setattr(profiled_flops, "available", lambda: False)
    global_hooks = (
        dict(torch.nn.modules.module._global_forward_pre_hooks),
        dict(torch.nn.modules.module._global_forward_hooks),
    )
    model = _HookedBlocks()
    nodes = backward_of(model, torch.randn(2, 3))["nodes"]
    layer_of = {n["id"]: n["layer"] for n in nodes if n["kind"] == "module"}
    where = collections.defaultdict(list)
    for n in nodes:
        if n["kind"] == "op":
            where[layer_of.get(n["parent"])].append(n["op"])
    # A forward hook's work comes within the call, a pre-hook's before it (its parent's).
    assert "MulBackward0" in where["first#0"] and "ExpBackward0" in where["#0"]
    assert sum(ops.count("AddmmBackward0") for key, ops in where.items() if key in (None, "#0")) == 1  # outside[0]
    assert global_hooks == (
        dict(torch.nn.modules.module._global_forward_pre_hooks),
        dict(torch.nn.modules.module._global_forward_hooks),
    )
    assert all(not m._forward_hooks or len(m._forward_hooks) == 1 for m in model.modules())
    assert not model.third._forward_hooks and not model.third._forward_pre_hooks


def test_edges_carry_the_forward_tensor_shapes():
    model = nn.Sequential(nn.Linear(5, 7), nn.Tanh(), nn.Linear(7, 2))
    backward = backward_of(model, torch.randn(3, 5))
    by_id = {n["id"]: n for n in backward["nodes"]}
    into_tanh = [e for e in backward["edges"] if by_id[e["dst"]].get("op") == "TanhBackward0"]
    assert [e["shape"] for e in into_tanh] == [[3, 7]]
    assert by_id[backward["edges"][-1]["dst"]]["kind"] == "output"


# --- reachability -------------------------------------------------------------------------


class Planted(nn.Module):
    """One trainable path and one parameter cut off in each way the alert can name."""

    def __init__(self):
        super().__init__()
        self.body = nn.Linear(6, 6)
        self.detached = nn.Linear(6, 6)
        self.frozen_region = nn.Linear(6, 6)
        self.chooser = nn.Linear(6, 6)
        self.caster = nn.Linear(6, 6)
        self.spare = nn.Linear(6, 6)
        self.frozen = nn.Linear(6, 6)
        self.frozen.requires_grad_(False)

    def forward(self, x):
        h = self.body(x) + self.detached(x).detach() + self.frozen(x)
        with torch.no_grad():
            cut = self.frozen_region(x)
        picked = self.chooser(x).argmax(-1, keepdim=True).float()
        counts = self.caster(x).long().float()
        return h + cut + picked + counts


def test_each_cut_parameter_is_named_with_its_reason():
    backward = backward_of(Planted(), torch.randn(4, 6))
    found = {u["parameter"]: u for u in backward["unreachable"]}
    expected = {
        "detached": "detached",
        "frozen_region": "no_grad",
        "chooser": "non_differentiable",
        "caster": "non_differentiable",
        "spare": "unused",
    }
    assert set(found) == {"%s.%s" % (m, p) for m in expected for p in ("weight", "bias")}
    for module, reason in expected.items():
        item = found[module + ".weight"]
        assert item["module"] == module and item["reason"] == reason, item
    assert found["chooser.weight"]["op"] == "argmax"
    assert found["caster.weight"]["op"] == "long"
    assert found["detached.weight"]["op"] == "detach"
    assert found["frozen_region.weight"]["at"] == "frozen_region#0"
    assert "never used" in found["spare.weight"]["message"]
    # Unreachable parameters are nodes of the backward graph too, marked, with no edge.
    marked = {n["name"]: n for n in backward["nodes"] if n["kind"] == "input" and not n["reachable"]}
    assert set(marked) == set(found)
    ends = {e["src"] for e in backward["edges"]} | {e["dst"] for e in backward["edges"]}
    assert not ends & {n["id"] for n in marked.values()}


def test_a_branch_that_never_reaches_the_scalar():
    class SideBranch(nn.Module):
        def __init__(self):
            super().__init__()
            self.main = nn.Linear(3, 3)
            self.side = nn.Linear(3, 3)

        def forward(self, x):
            self.side(x)  # computed, result dropped
            return self.main(x)

    found = {u["parameter"]: u["reason"] for u in backward_of(SideBranch(), torch.randn(2, 3))["unreachable"]}
    assert found == {"side.weight": "not_on_path", "side.bias": "not_on_path"}


def test_an_origin_holds_every_parameter_upstream_of_it():
    """_Origin: names gathered through shared parents (a diamond), and along a chain of
    origins longer than Python's recursion limit."""
    Origin = autograd_graph._Origin
    a, b = Origin(("a",), ()), Origin(("b",), ())
    left, right = Origin((), (a,)), Origin(("c",), (a, b))
    assert Origin(("d",), (left, right)).names() == {"a", "b", "c", "d"}
    chain = Origin(("first",), ())
    for i in range(5000):
        chain = Origin(("p%d" % i,) if i % 1000 == 0 else (), (chain,))
    assert chain.names() == {"first", "p0", "p1000", "p2000", "p3000", "p4000"}


class MergedThenCut(nn.Module):
    """Two branches, each through layers of its own, merged and then detached: every
    parameter upstream of the cut is named with it."""

    def __init__(self):
        super().__init__()
        self.left = nn.Sequential(nn.Linear(4, 4), nn.ReLU(), nn.Linear(4, 4))
        self.right = nn.Linear(4, 4)
        self.after = nn.Linear(4, 4)
        self.head = nn.Linear(4, 2)

    def forward(self, x):
        merged = self.left(x) + self.right(x) * 2
        cut = self.after(merged).detach()
        return self.head(cut)


def test_a_cut_after_merged_branches_names_every_parameter_upstream():
    found = {u["parameter"]: u for u in backward_of(MergedThenCut(), torch.randn(3, 4))["unreachable"]}
    upstream = ["left.0", "left.2", "right", "after"]
    assert set(found) == {"%s.%s" % (m, p) for m in upstream for p in ("weight", "bias")}
    assert {(u["reason"], u["op"], u["at"]) for u in found.values()} == {("detached", "detach", "#0")}  # the root call


class SavingGelu(torch.autograd.Function):
    """A tanh GeLU whose backward needs its input, as transformers' Bloom has in training
    (GeLUFunction): its forward saves the tensor with ctx.save_for_backward."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x * 0.5 * (1.0 + torch.tanh(0.79788456 * x * (1 + 0.044715 * x * x)))

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        t = torch.tanh(0.79788456 * x * (1 + 0.044715 * x * x))
        return grad * (0.5 * (1 + t) + 0.5 * x * (1 - t * t) * 0.79788456 * (1 + 3 * 0.044715 * x * x))


class ThroughSavingGelu(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(5, 5)

    def forward(self, x):
        return SavingGelu.apply(self.fc(x))


def test_the_lineage_never_sees_our_saved_tensor_hook(monkeypatch):
    """A custom Function saves its tensors while the lineage mode is on: our saved-tensor
    hook's detach must not pass through the mode (it would be taken for a cut of the
    model's), and the backward graph holds the model's nodes alone."""
    seen = []
    original = autograd_graph._Lineage.after  # each op with a parameter upstream, as a mode or not

    def spy(self, func, *rest):
        seen.append(autograd_graph._op_name(func))
        return original(self, func, *rest)

    monkeypatch.setattr(autograd_graph._Lineage, "after", spy)
    model, inputs = ThroughSavingGelu(), torch.randn(3, 5)
    backward = backward_of(model, inputs)
    assert "tanh" in seen and "detach" not in seen  # the mode ran, and saw no op of ours
    assert backward["unreachable"] == []
    plain, _ = autograd_graph._walk(model(inputs).mean().grad_fn)[:2]
    expected = collections.Counter(type(n).__name__ for n in plain if type(n).__name__ != "AccumulateGrad")
    assert collections.Counter(n["op"] for n in backward["nodes"] if n["kind"] == "op") == expected
    assert "SavingGeluBackward" in expected


class Rounded(torch.autograd.Function):
    """Rounds, and says its output has no gradient (ctx.mark_non_differentiable); its
    forward is wrapped (torch.amp.custom_fwd), so that apply calls the wrapper."""

    @staticmethod
    @torch.amp.custom_fwd(device_type="cpu")
    def forward(ctx, x):
        out = x.round()
        ctx.mark_non_differentiable(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        return None


class CutAfterSavingGelu(nn.Module):
    """Parameters whose values pass through a custom Function (whose forward runs with
    gradients off) before their path is cut: by an argmax, by a no-grad block after the
    Function, by a no-grad block around the Function's apply, and by a Function whose
    output is marked non-differentiable."""

    def __init__(self):
        super().__init__()
        self.body = nn.Linear(5, 5)
        self.chooser = nn.Linear(5, 5)
        self.frozen_after = nn.Linear(5, 5)
        self.frozen_around = nn.Linear(5, 5)
        self.rounder = nn.Linear(5, 5)

    def forward(self, x):
        picked = SavingGelu.apply(self.chooser(x)).argmax(-1, keepdim=True).float()
        rounded = Rounded.apply(self.rounder(x))
        after = SavingGelu.apply(self.frozen_after(x))
        before = self.frozen_around(x)
        with torch.no_grad():
            after = after * 2
            around = SavingGelu.apply(before)
            rounded = rounded * 2  # cut before, by Rounded: not this no-grad block
        return SavingGelu.apply(self.body(x)) + picked + after + around + rounded


def test_a_custom_function_is_no_cut_of_its_own():
    """Ops inside a custom Function's forward run with gradients off, yet the Function's
    output is differentiable: the cut is named where it is (the argmax; the user's no-grad
    blocks, after the Function or around it), never at an op inside the Function."""
    found = {u["parameter"]: u for u in backward_of(CutAfterSavingGelu(), torch.randn(3, 5))["unreachable"]}
    assert set(found) == {
        "%s.%s" % (m, p) for m in ("chooser", "frozen_after", "frozen_around", "rounder") for p in ("weight", "bias")
    }
    reasons = {name.split(".")[0]: (u["reason"], u["op"], u["at"]) for name, u in found.items()}
    assert reasons == {
        "chooser": ("non_differentiable", "argmax", "#0"),
        "frozen_after": ("no_grad", "mul", "#0"),
        "frozen_around": ("no_grad", "SavingGelu", "#0"),
        "rounder": ("non_differentiable", "Rounded", "#0"),
    }
    assert "'SavingGelu' in the model's own forward" in found["frozen_around.weight"]["message"]


def test_the_alert_names_unreachable_parameters(tmp_path):
    result = capture_model(Planted(), torch.randn(4, 6))
    step = dict(result.step, step=3)
    alerts = [a for a in health_alerts([step], result.structure) if a["kind"] == "no_gradient"]
    by_layer = {a["layer"]: a for a in alerts}
    assert set(by_layer) == {"detached#0", "frozen_region#0", "chooser#0", "caster#0", "spare#0"}
    assert all(a["step"] == 3 for a in alerts)
    assert "argmax" in by_layer["chooser#0"]["message"] and "chooser.weight" in by_layer["chooser#0"]["message"]
    assert "never used" in by_layer["spare#0"]["message"]


@pytest.mark.parametrize("name", zoo.NAMES)
def test_no_false_alert_on_the_zoo(name):
    """The parameters named are exactly those a real backward from the same scalar leaves
    without a gradient, all of modules that never ran (the zoo's unused modules and the
    branch its control-flow model does not take), and never used."""
    record = zoo.build(name)
    result = capture_model(record.model, record.inputs)
    backward = result.structure["backward"]
    assert backward["error"] is None
    twin = zoo.build(name)
    output = zoo.call(twin.model, twin.inputs)
    sum(t.mean() for t in zoo.tensors_in(output) if t.is_floating_point() and t.requires_grad).backward()
    no_grad = {n for n, p in twin.unwrapped.named_parameters() if p.requires_grad and p.grad is None}
    assert {u["parameter"] for u in backward["unreachable"]} == no_grad
    never_ran = {row["name"] for row in result.structure["layers"] if row["calls"] == 0}
    assert {(u["module"], u["reason"]) for u in backward["unreachable"]} <= {(m, "unused") for m in never_ran}


# --- what cannot be differentiated --------------------------------------------------------


def test_a_model_without_a_differentiable_output_says_why():
    class Classes(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = nn.Linear(4, 3)

        def forward(self, x):
            return self.fc(x).argmax(-1)

    result = capture_model(Classes(), torch.randn(2, 4))
    assert result.failure is None
    assert "no floating output" in result.structure["backward"]["error"]
    assert result.structure["layers"] and result.step["activations"]  # the rest is recorded
    frozen = nn.Linear(3, 3).requires_grad_(False)
    assert "no parameter that requires grad" in capture_model(frozen, torch.randn(2, 3)).structure["backward"]["error"]


def test_loss_fn_chooses_the_scalar():
    model = zoo.build("dict_io")
    backward = backward_of(model.model, model.inputs, loss_fn=lambda out: out["logits"].pow(2).sum())
    assert backward["scalar"] == "loss_fn(outputs)"
    ops = [n["op"] for n in backward["nodes"] if n["kind"] == "op"]
    assert "SumBackward0" in ops and "MeanBackward0" not in ops
    bad = capture_model(model.model, model.inputs, CaptureOptions(loss_fn=lambda out: out["logits"]))
    assert "one value" in bad.structure["backward"]["error"]
    with pytest.raises(TypeError, match="loss_fn"):
        capture_model(model.model, model.inputs, CaptureOptions(loss_fn=3))
    raising = capture_model(model.model, model.inputs, CaptureOptions(loss_fn=lambda out: out["missing"]))
    assert isinstance(raising.failure, KeyError)  # the writer warns once
    assert "KeyError" in raising.structure["backward"]["error"] and raising.step["activations"]


def test_the_backward_graph_is_recorded_with_the_structure_only():
    from tensorboard_modelviz.capture.structure_key import KnownStructure

    record = zoo.build("seed_mlp")
    known = KnownStructure()
    first = capture_model(record.model, record.inputs, known=known)
    second = capture_model(record.model, record.inputs, known=known)
    assert first.structure["backward"]["nodes"] and second.structure is None
    off = capture_model(record.model, record.inputs, CaptureOptions(backward_graph=False))
    assert "backward" not in off.structure


def test_a_structure_recorded_again_reuses_its_backward_graph(monkeypatch):
    """trace_ops="always" records every call's ops, but a forward with the known
    structure's key keeps that structure's backward graph (the same document, the same
    hash) and runs no forward with gradients for it."""
    from tensorboard_modelviz.capture.structure_key import KnownStructure

    runs = []
    original = autograd_graph.GradForward.run
    monkeypatch.setattr(autograd_graph.GradForward, "run", lambda self, *a: runs.append(1) or original(self, *a))
    record = zoo.build("seed_mlp")
    known = KnownStructure()
    results = [
        capture_model(record.model, record.inputs, CaptureOptions(trace_ops="always"), known=known) for _ in range(3)
    ]
    assert len(runs) == 1
    assert len({r.structure_json for r in results}) == 1 and results[0].structure["backward"]["nodes"]


def test_a_model_whose_forward_makes_collective_calls_takes_no_forward_with_gradients(monkeypatch):
    """FSDP1's flat parameters, root-only FSDP2 and SyncBatchNorm give plain parameters,
    yet a forward with gradients of ours would disturb them or start collectives: every
    model the writer records on every rank takes no gradient pass, and says why."""
    from tensorboard_modelviz.capture import fsdp_state

    monkeypatch.setattr(fsdp_state, "collective_forward", lambda model, mode=None: True)
    record = zoo.build("seed_mlp")
    result = capture_model(record.model, record.inputs, CaptureOptions(grad_flow=True))
    assert result.failure is None
    assert "collective calls" in result.structure["backward"]["error"] and not result.structure["backward"]["nodes"]
    assert any("gradient flow not taken" in w for w in result.step["capture"]["warnings"])


def test_a_call_under_inference_mode_records_the_same_backward_graph():
    record = zoo.build("seed_cnn")
    expected = backward_of(record.model, record.inputs)
    with torch.inference_mode():
        inputs = record.inputs.clone()
        assert backward_of(record.model, inputs) == expected


# --- transformers, folded by block --------------------------------------------------------


def _blocks(backward, type_name):
    """{block layer key: Counter of the backward ops inside it (at any depth)}."""
    nodes = backward["nodes"]
    found = {}
    for n in nodes:
        if n["kind"] != "op":
            continue
        parent = n["parent"]
        while parent is not None:
            if nodes[parent]["type"] == type_name:
                found.setdefault(nodes[parent]["layer"], collections.Counter())[n["op"]] += 1
                break
            parent = nodes[parent]["parent"]
    return found


@pytest.mark.parametrize("family", ["gpt2", "bert"])
def test_transformers_from_configs_fold_by_block(family):
    transformers = pytest.importorskip("transformers")
    torch.manual_seed(0)
    if family == "gpt2":
        model = transformers.GPT2LMHeadModel(transformers.GPT2Config(n_layer=4, n_embd=64, n_head=4, vocab_size=256))
        block = "GPT2Block"
    else:
        model = transformers.BertModel(
            transformers.BertConfig(
                num_hidden_layers=4, hidden_size=64, num_attention_heads=4, intermediate_size=128, vocab_size=256
            )
        )
        block = "BertLayer"
    inputs = {"input_ids": torch.randint(0, 256, (1, 16)), "attention_mask": torch.ones(1, 16, dtype=torch.long)}
    backward = backward_of(model, inputs)
    blocks = _blocks(backward, block)
    assert len(blocks) == 4
    first = next(iter(blocks.values()))
    assert first["AddmmBackward0"] >= 4 and all(ops == first for ops in blocks.values())
    ops = [n for n in backward["nodes"] if n["kind"] == "op"]
    # Outside every module call: only the scalar, a mean per floating output, summed.
    outside = collections.Counter(n["op"] for n in ops if n["parent"] is None)
    outputs = 1 if family == "gpt2" else 2  # logits; last_hidden_state and pooler_output
    assert (
        outside == collections.Counter({"MeanBackward0": outputs, "AddBackward0": outputs - 1}) - collections.Counter()
    )
    names = {n["name"] for n in backward["nodes"] if n["kind"] == "input" and n["reachable"]}
    unreachable = {u["parameter"] for u in backward["unreachable"]}
    assert names | unreachable == {n for n, p in model.named_parameters()}
    if family == "gpt2":
        assert not unreachable


# --- gradient flow ------------------------------------------------------------------------


class VanishingStack(nn.Module):
    def __init__(self, depth=6):
        super().__init__()
        self.layers = nn.ModuleList(nn.Linear(8, 8) for _ in range(depth))
        for layer in self.layers:
            nn.init.normal_(layer.weight, std=0.05)

    def forward(self, x):
        for layer in self.layers:
            x = torch.sigmoid(layer(x))
        return x


def test_gradient_flow_matches_autograd_grad():
    torch.manual_seed(0)
    model = VanishingStack()
    x = torch.randn(5, 8)  # the same model and inputs, taken directly below
    result = capture_model(model, x, CaptureOptions(grad_flow=True))
    flow = result.step["output_grads"]
    outputs = []
    hooks = [layer.register_forward_hook(lambda m, a, out: outputs.append(out)) for layer in model.layers]
    y = model(x)
    for h in hooks:
        h.remove()
    direct = torch.autograd.grad(y.mean(), outputs)
    expected = [g.norm().item() for g in direct]
    got = [flow["layers.%d#0" % i] for i in range(len(model.layers))]
    assert got == pytest.approx(expected, rel=1e-5)
    assert got[0] < got[-1] * 1e-3  # it vanishes towards the input
    assert all(p.grad is None for p in model.parameters())


def test_gradient_flow_measures_outputs_before_later_in_place_ops():
    class InPlace(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = nn.Linear(4, 4)
            self.act = nn.ReLU(inplace=True)

        def forward(self, x):
            return self.act(self.fc(x)) * 3

    torch.manual_seed(1)
    model, x = InPlace(), torch.randn(6, 4)
    flow = capture_model(model, x, CaptureOptions(grad_flow=True)).step["output_grads"]
    h = model.fc(x)
    a = torch.relu(h)
    g_h, g_a = torch.autograd.grad((a * 3).mean(), [h, a])
    assert flow["fc#0"] == pytest.approx(g_h.norm().item(), rel=1e-5)
    assert flow["act#0"] == pytest.approx(g_a.norm().item(), rel=1e-5)


def test_gradient_flow_reaches_the_trends():
    from tensorboard_modelviz.server.analysis import stat_matrix

    model = VanishingStack(3)
    structure, steps = None, []
    for step in range(2):
        result = capture_model(model, torch.randn(2, 8), CaptureOptions(grad_flow=True))
        structure = structure or result.structure
        steps.append(dict(result.step, step=step))
    matrix = stat_matrix(steps, structure, "output_grad_norm")
    rows = {layer["key"]: values for layer, values in zip(matrix["layers"], matrix["values"])}
    for i in range(3):
        assert rows["layers.%d#0" % i] == [steps[s]["output_grads"]["layers.%d#0" % i] for s in range(2)]
    assert rows["#0"][0] is not None


def test_gradient_flow_is_off_by_default_and_skips_backward_hooks():
    model = VanishingStack(2)
    assert "output_grads" not in capture_model(model, torch.randn(2, 8)).step
    model.layers[0].register_full_backward_hook(lambda *a: None)
    result = capture_model(model, torch.randn(2, 8), CaptureOptions(grad_flow=True))
    assert "output_grads" not in result.step
    assert any("backward hooks" in w for w in result.step["capture"]["warnings"])


# --- stored and read back -----------------------------------------------------------------


def test_the_reader_checks_the_new_fields_and_reads_documents_without_them():
    from tensorboard_modelviz.format import codec
    from tensorboard_modelviz.server import reader

    structure = capture_model(Planted(), torch.randn(2, 6)).structure
    decoded = codec.decode_structure(codec.encode_structure(structure))
    assert reader._check_structure_document(decoded)["backward"] == structure["backward"]
    old = {k: v for k, v in decoded.items() if k != "backward"}
    assert "backward" not in reader._check_structure_document(old)
    for broken in ("nodes", "edges", "unreachable"):
        bad = dict(decoded, backward=dict(decoded["backward"], **{broken: {}}))
        with pytest.raises(codec.FormatError, match="backward.%s" % broken):
            reader._check_structure_document(bad)
    with pytest.raises(codec.FormatError, match="'backward'"):
        reader._check_structure_document(dict(decoded, backward=[]))
    step = {"structure": "0" * 40, "output_grads": []}
    with pytest.raises(codec.FormatError, match="output_grads"):
        reader._check_step_document(step)
    # The step route sends documents on checked: their gradient norms too.
    step = reader._check_step_document({"structure": "0" * 40, "output_grads": {"fc#0": "x"}})
    with pytest.raises(codec.FormatError, match="output_grads. values are not numbers"):
        reader._check_statistics(step)


class _NotesItsGradientOutput(nn.Module):
    """Keeps a weak reference to each output its forward makes with gradients."""

    def __init__(self):
        super().__init__()
        self.a = nn.Linear(8, 8)
        self.b = nn.Linear(8, 8)
        self.outputs = []

    def forward(self, x):
        y = self.b(torch.relu(self.a(x)))
        if torch.is_grad_enabled():
            self.outputs.append(weakref.ref(y))
        return y


@pytest.mark.parametrize("grad_flow", [False, True])
def test_the_gradient_pass_frees_its_graph_when_the_call_returns(grad_flow):
    """Without the garbage collector: the pass's forward and its lineage refer to each
    other, and that cycle must not hold the output, its graph and saved tensors."""
    model = _NotesItsGradientOutput()
    enabled = gc.isenabled()
    gc.disable()
    try:
        result = capture_model(model, torch.randn(4, 8), CaptureOptions(grad_flow=grad_flow))
        assert result.structure["backward"]["error"] is None
        assert len(model.outputs) == 1
        assert model.outputs[0]() is None
    finally:
        if enabled:
            gc.enable()


@pytest.mark.parametrize("name", ["seed_cnn", "resnet", "transformer_encoder", "lstm"])
def test_the_sequence_counter_and_the_probe_nodes_fold_alike(name, monkeypatch):
    """Module calls' spans read from torch's sequence counter, or (without that binding)
    from a node made at each hook: the same backward graph, node for node."""
    record = zoo.build(name)
    counted = capture_model(record.model, record.inputs).structure["backward"]
    monkeypatch.setattr(autograd_graph, "_NEXT_SEQUENCE_NR", None)
    probed = capture_model(record.model, record.inputs).structure["backward"]
    assert counted["nodes"] and counted == probed


def test_saved_values_asked_for_on_a_thread_without_python_frames_are_noted(monkeypatch):
    """The autograd engine runs a CUDA graph's backward (a model's autograd.grad inside its
    forward) on a device thread of its own, which calls the unpack hook with no Python
    frame above it. Asked for there, a saved tensor kept as its shape is still noted as
    values needed (the call takes the two forwards), and raises the hook's own error."""
    import _thread
    import sys
    import threading

    forward = autograd_graph.GradForward(nn.Linear(3, 3), lineage=False, edges=False, saved_values=False)
    saved = autograd_graph._SavedShape(torch.Size([3]), torch.float32)
    raised = []
    done = threading.Event()

    def unraisable(report):
        raised.append(report.exc_value)
        done.set()

    monkeypatch.setattr(sys, "unraisablehook", unraisable)
    _thread.start_new_thread(forward._unpack_shape, (saved,))  # called from C, as the engine calls it
    assert done.wait(10)
    assert forward.values_needed
    assert isinstance(raised[0], RuntimeError) and "keeps no values" in str(raised[0])


@pytest.mark.parametrize("model", [Planted, MergedThenCut, ThroughSavingGelu])
def test_the_lineage_followed_by_the_op_recorder_finds_what_its_own_mode_finds(model, monkeypatch):
    """A first call's one forward follows the lineage inside tracer.OpRecorder, the two
    forwards' GradForward as a torch function mode of its own: the same cuts."""
    torch.manual_seed(0)
    built = model()
    x = torch.randn(4, 6) if model is Planted else torch.randn(4, 4) if model is MergedThenCut else torch.randn(3, 5)
    one = backward_of(built, x)
    monkeypatch.setattr(profiled_flops, "available", lambda: False)
    assert backward_of(built, x) == one


def test_saved_shapes_leave_out_numbers_read_once_and_stay_the_same(monkeypatch):
    """An attribute found to hold numbers (a convolution's stride, an epsilon) is not read
    again on later nodes of its class; what the nodes saved is described as before."""
    monkeypatch.setattr(autograd_graph, "_SAVED_ATTRIBUTES", {})
    x, weight = torch.randn(1, 2, 5, 5), torch.randn(3, 2, 3, 3, requires_grad=True)
    node = torch.conv2d(x, weight, stride=2).grad_fn
    normed = torch.nn.functional.layer_norm(torch.randn(2, 4, requires_grad=True), (4,)).grad_fn
    every = [a for a in dir(node) if a.startswith("_saved_") and not a.endswith(("_sym_sizes", "_sym_strides"))]
    first = autograd_graph._saved_shapes(node)
    assert autograd_graph._saved_shapes(node) == first and {s["name"] for s in first} >= {"input", "weight"}
    kept = autograd_graph._SAVED_ATTRIBUTES[type(node)]
    assert "_saved_stride" in every and "_saved_stride" not in kept and {"_saved_input", "_saved_weight"} <= set(kept)
    assert autograd_graph._saved_shapes(normed) == autograd_graph._saved_shapes(normed)
    for dtype in (torch.float32, torch.bfloat16, torch.int64, torch.complex64, torch.bool):
        assert autograd_graph.dtype_name(dtype) == str(dtype).replace("torch.", "")


class _SavedScale(torch.autograd.Function):
    """A Function of the model's whose context holds a `_saved_` attribute of its own: a
    number in one call, a tensor in another (no generated code types it)."""

    @staticmethod
    def forward(ctx, x, scale):
        ctx._saved_scale = scale
        return x * scale

    @staticmethod
    def backward(ctx, grad):
        return grad * ctx._saved_scale, None


def test_saved_shapes_of_a_custom_functions_node_are_read_on_every_node(monkeypatch):
    monkeypatch.setattr(autograd_graph, "_SAVED_ATTRIBUTES", {})
    x = torch.randn(3, requires_grad=True)
    by_number = _SavedScale.apply(x, 2.0).grad_fn
    by_tensor = _SavedScale.apply(x, torch.full((3,), 2.0)).grad_fn
    assert autograd_graph._saved_shapes(by_number) == []
    assert autograd_graph._saved_shapes(by_tensor) == [{"name": "scale", "shape": [3], "dtype": "float32"}]


class _FallsBack(nn.Module):
    """A parameter taken only by an op that raises, which the model catches."""

    def __init__(self):
        super().__init__()
        self.linear = nn.Linear(4, 4)
        self.unmatched = nn.Parameter(torch.randn(5, 5))

    def forward(self, x):
        y = self.linear(x)
        try:
            y = y @ self.unmatched
        except RuntimeError:
            pass
        return y


@pytest.mark.parametrize("in_one_forward", [True, False])
def test_a_parameter_only_an_op_that_raised_took_is_unused(in_one_forward, monkeypatch):
    if not in_one_forward:
        monkeypatch.setattr(profiled_flops, "available", lambda: False)
    result = capture_model(_FallsBack(), torch.randn(3, 4), CaptureOptions())
    unreachable = {u["parameter"]: u["reason"] for u in result.structure["backward"]["unreachable"]}
    assert result.failure is None and unreachable == {"unmatched": "unused"}


class _Odd(nn.Module):
    """Modules shared under two names, a frozen parameter and a parameter held twice."""

    def __init__(self):
        super().__init__()
        self.a = nn.Linear(3, 3)
        self.b = self.a  # the same module under a second name
        self.frozen = nn.Linear(3, 3)
        self.frozen.weight.requires_grad_(False)
        self.twice = nn.Parameter(torch.ones(3))
        self.register_parameter("again", self.twice)

    def forward(self, x):
        return self.b(self.frozen(x)) * self.twice


@pytest.mark.parametrize("build", [_Odd, lambda: zoo.build("resnet").model])
def test_a_walk_given_to_grad_forward_names_what_the_model_walked_by_torch_names(build):
    """GradForward takes the caller's ModelWalk for its modules and parameters: the same
    names, in the same order, as torch's own walks give."""
    from tensorboard_modelviz.capture.model_walk import ModelWalk

    model = build()
    walked = autograd_graph.GradForward(model, lineage=True, edges=False, walk=ModelWalk(model))
    own = autograd_graph.GradForward(model, lineage=True, edges=False)
    assert walked.names == own.names
    assert list(walked.parameters.items()) == list(own.parameters.items())
    assert walked.parameters_by_name == own.parameters_by_name


def test_a_leaf_that_is_no_trainable_parameter_is_named_by_the_model():
    """The backward document names an AccumulateGrad's variable by the trainable
    parameters; only a leaf they do not hold sends it to the model's own names."""

    class Leafy(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = nn.Linear(3, 3)
            self.extra = nn.Parameter(torch.ones(3), requires_grad=False)

        def forward(self, x):
            self.extra.requires_grad_(True)  # trainable only once the forward runs
            try:
                return self.fc(x) * self.extra
            finally:
                self.extra.requires_grad_(False)

    model = Leafy()
    forward = autograd_graph.GradForward(model, lineage=False, edges=False)
    forward.run(call_model, torch.randn(2, 3))
    document = autograd_graph.backward_document(forward, forward.scalar(), "loss")
    forward.release()
    leaves = sorted(n["name"] for n in document["nodes"] if n["kind"] == "input")
    assert leaves == ["extra", "fc.bias", "fc.weight"]


class _ReadsAnEncoding(nn.Module):
    """A model called with a tokenizer's BatchEncoding (a UserDict, no dict) as an argument."""

    def __init__(self):
        super().__init__()
        self.embed = nn.Linear(4, 3)

    def forward(self, x, encoding):
        return self.embed(encoding["input_ids"]) + x


@pytest.mark.parametrize("x_made_in", ["inference_mode", "grad_mode"])
def test_a_batch_encoding_made_under_inference_mode_keeps_the_backward_graph(x_made_in):
    """Its tensors are cloned for the forward with gradients, as a dict's are (else that
    forward raises "Inference tensors cannot be saved for backward" and the graph is lost);
    the model still receives a BatchEncoding. Both paths: an inference tensor the trace
    names (two forwards) and none (one forward)."""
    transformers = pytest.importorskip("transformers")
    torch.manual_seed(0)
    model = _ReadsAnEncoding()
    with torch.inference_mode():
        encoding = transformers.BatchEncoding({"input_ids": torch.randn(2, 4)})
    with torch.inference_mode() if x_made_in == "inference_mode" else torch.no_grad():
        x = torch.randn(2, 3)
    expected = backward_of(model, (x.clone(), {"input_ids": encoding["input_ids"].clone()}))
    seen = []
    model.register_forward_pre_hook(lambda module, args: seen.append(type(args[1])))
    backward = backward_of(model, (x, encoding))
    assert backward["error"] is None
    assert backward == expected
    assert seen and all(kind is transformers.BatchEncoding for kind in seen)


def test_outside_inference_rebuilds_a_mapping_as_its_own_type():
    """A UserDict holding an inference tensor comes back as a copy of its own type, the
    original untouched; one holding none comes back as it is."""
    with torch.inference_mode():
        made = torch.ones(2)
    plain = torch.zeros(2)
    holder = collections.UserDict(a=made, b=plain)
    rebuilt = autograd_graph._outside_inference(holder)
    assert type(rebuilt) is collections.UserDict and rebuilt is not holder
    assert not rebuilt["a"].is_inference() and rebuilt["b"] is plain
    assert holder["a"] is made
    untouched = collections.UserDict(b=plain)
    assert autograd_graph._outside_inference(untouched) is untouched


class _Arguments(collections.abc.MutableMapping):
    """A mutable mapping keeping its items in a dict of its own (no dict, no UserDict):
    a shallow copy of it shares that dict."""

    def __init__(self, **items):
        self.items_held = dict(items)

    def __getitem__(self, key):
        return self.items_held[key]

    def __setitem__(self, key, value):
        self.items_held[key] = value

    def __delitem__(self, key):
        del self.items_held[key]

    def __iter__(self):
        return iter(self.items_held)

    def __len__(self):
        return len(self.items_held)


def test_a_mapping_whose_copy_shares_its_items_is_passed_as_it_is():
    """The user's mapping keeps its own tensors: a copy of a mapping that is no dict or
    UserDict may share its items (a shallow copy of its attributes), and writing the clones
    into that copy would write them into the user's mapping."""
    with torch.inference_mode():
        made = torch.randn(2, 4)
    holder = _Arguments(input_ids=made)
    capture_model(_ReadsAnEncoding(), (torch.randn(2, 3), holder))
    assert holder["input_ids"] is made and made.is_inference()
    assert autograd_graph._outside_inference(holder) is holder
