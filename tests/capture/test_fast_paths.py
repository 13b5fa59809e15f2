"""The transformer encoder's nested-tensor fast path in a call's forward (fast_paths): taken
where the user's forward takes it, and only there, with what it computes recorded; and
attention's own fast path, which computes its slow path's values up to float rounding."""

import math
import threading
import types
import warnings
from typing import Any, Callable, Dict, Iterator, List, Tuple

import pytest
import torch
from torch import nn
from torch.overrides import TorchFunctionMode
from torch.utils._python_dispatch import TorchDispatchMode
from zoo import PaddedEncoder, SelfAttention

from tensorboard_modelviz.capture import fast_paths, flop_formulas, recording
from tensorboard_modelviz.capture.recording import CaptureOptions, capture_model
from tensorboard_modelviz.capture.structure_key import KnownStructure

pytestmark = [
    pytest.mark.usefixtures("one_thread"),
    pytest.mark.filterwarnings("ignore:The PyTorch API of nested tensors is in prototype stage:UserWarning"),
]

PADDING = torch.tensor([[False] * 6, [False] * 4 + [True] * 2, [False] * 2 + [True] * 4])


class PassThrough(TorchFunctionMode):
    """A user's torch function mode that changes nothing."""

    def __torch_function__(self, func: Callable, types: Any, args: Any = (), kwargs: Any = None) -> Any:
        return func(*args, **(kwargs or {}))


def model_and_batch(kind: type) -> Tuple[nn.Module, Tuple[torch.Tensor, torch.Tensor]]:
    torch.manual_seed(0)
    return kind().eval(), (torch.randn(3, 6, 8), PADDING)


def plain_outputs(model: nn.Module, batch: tuple, names: List[str]) -> Dict[str, torch.Tensor]:
    """The outputs of the named modules (neither of which checks hooks for its fast path)
    in a plain forward: the user's."""
    found: Dict[str, torch.Tensor] = {}
    modules = dict(model.named_modules())

    def keep(name: str) -> Callable:
        def hook(module: nn.Module, args: Any, output: Any) -> None:
            found[name] = (output[0] if isinstance(output, tuple) else output).detach().clone()

        return hook

    handles = [modules[name].register_forward_hook(keep(name)) for name in names]
    try:
        model(*batch)
    finally:
        for handle in handles:
            handle.remove()
    return found


def recorded_calls(model: nn.Module, batch: tuple) -> Iterator[Any]:
    """A first call's result, then a steady one's."""
    known = KnownStructure()
    first = capture_model(model, batch, known=known)
    assert first.structure is not None
    yield first
    steady = capture_model(model, batch, known=known)
    assert steady.structure is None
    yield steady


def assert_described_as(stats: Any, tensor: torch.Tensor, exact: bool) -> None:
    values = tensor.double()
    expected = {
        "numel": tensor.numel(),
        "min": values.min().item(),
        "max": values.max().item(),
        "mean": values.mean().item(),
        "zeros": (tensor == 0).double().mean().item(),
    }
    for field, value in expected.items():
        if field == "numel" or (exact and field in ("min", "max")):
            assert stats[field] == value, (field, stats[field], value)
        else:  # sums: in another order; or, not `exact`, from another kernel's last bits
            tolerance = 1e-12 if exact else 1e-5
            assert math.isclose(stats[field], value, rel_tol=tolerance, abs_tol=tolerance), (field, stats[field], value)


def test_an_encoder_on_its_fast_path_is_recorded_as_the_users_forward_runs_it() -> None:
    """In eval under no_grad the encoder packs the batch into a nested tensor and pads its
    output with zeros: the encoder's and the head's statistics are those of that output,
    bit for bit; the layers are recorded as called with nested tensors (no statistics),
    their submodules as not called (the fused kernel calls none), and the graph follows
    the data through the fused ops."""
    model, batch = model_and_batch(PaddedEncoder)
    structure = None
    with torch.no_grad():
        plain = plain_outputs(model, batch, ["encoder", "head"])
        assert (plain["encoder"][2, 2:] == 0).all()  # the fast path, in the user's forward
        for result in recorded_calls(model, batch):
            assert result.failure is None and result.step["capture"]["warnings"] == []
            activations = result.step["activations"]
            assert_described_as(activations["encoder#0"], plain["encoder"], exact=True)
            assert_described_as(activations["head#0"], plain["head"], exact=True)
            assert not any(key.startswith("encoder.layers") for key in activations)
            structure = result.structure or structure
    assert structure is not None
    rows = {row["name"]: row for row in structure["layers"]}
    tokens, squares = 6 + 4 + 2, 6 * 6 + 4 * 4 + 2 * 2  # the sequences without their padding
    weights = sum(
        p.numel() for name, p in model.encoder.layers[0].named_parameters() if name.endswith("weight") and p.dim() == 2
    )
    for index in range(2):
        layer = rows["encoder.layers.%d" % index]
        assert layer["calls"] == 1 and layer["input_shapes"] == layer["output_shapes"] == [[3, None, 8]]
        assert layer["flops"] == 2 * tokens * weights + 4 * squares * 8  # its fused kernel's (flop_formulas)
        assert all(row["calls"] == 0 for name, row in rows.items() if name.startswith(layer["name"] + "."))
    nodes, edges = structure["nodes"], structure["edges"]
    ops = [node["op"] for node in nodes if node["kind"] == "op"]
    assert ops.count("_transformer_encoder_layer_fwd") == 2 and "to_padded_tensor" in ops
    following = {(edge["src"], edge["dst"]) for edge in edges}
    reached = {next(node["id"] for node in nodes if node["kind"] == "input" and node["name"] == "x")}
    for _ in nodes:
        reached |= {dst for src, dst in following if src in reached}
    assert any(node["kind"] == "output" and node["id"] in reached for node in nodes), "x does not reach the output"


def test_an_encoder_in_eval_with_gradients_on_takes_its_slow_path_as_the_users_forward_does() -> None:
    """Called in eval mode without no_grad, the user's forward takes the slow path (its
    weights require gradients): so does the call's, which runs under no_grad otherwise."""
    model, batch = model_and_batch(PaddedEncoder)
    plain = plain_outputs(model, batch, ["encoder", "head"])
    assert not (plain["encoder"][2, 2:] == 0).all()
    for result in recorded_calls(model, batch):
        assert result.failure is None
        assert_described_as(result.step["activations"]["encoder#0"], plain["encoder"], exact=False)
        assert_described_as(result.step["activations"]["head#0"], plain["head"], exact=False)


def test_a_mode_of_the_users_keeps_the_encoder_on_its_slow_path_as_in_the_users_forward() -> None:
    model, batch = model_and_batch(PaddedEncoder)
    with torch.no_grad(), PassThrough():
        plain = plain_outputs(model, batch, ["encoder"])
        assert not (plain["encoder"][2, 2:] == 0).all()
        for result in recorded_calls(model, batch):
            assert result.failure is None
            assert_described_as(result.step["activations"]["encoder#0"], plain["encoder"], exact=False)


@pytest.mark.parametrize("grad_mode", [torch.no_grad, torch.inference_mode])
def test_attention_on_its_fast_path_is_described_as_the_users_forward_computes_it(grad_mode: Callable) -> None:
    """nn.MultiheadAttention's fast path (eval, need_weights=False, no gradients) computes
    what its slow path does, the padded positions included, up to float rounding: a call
    that takes the slow path (under our recording modes) describes it within that."""
    model, batch = model_and_batch(SelfAttention)
    with grad_mode():
        plain = plain_outputs(model, batch, ["attention", "head"])
        for result in recorded_calls(model, batch):
            assert result.failure is None
            assert_described_as(result.step["activations"]["attention#0"], plain["attention"], exact=False)
            assert_described_as(result.step["activations"]["head#0"], plain["head"], exact=False)


class Ours(TorchFunctionMode):
    """A recording mode of a trace's (fast_paths tells ours by their `trace`)."""

    def __init__(self, trace: Any) -> None:
        super().__init__()
        self.trace = trace

    def __torch_function__(self, func: Callable, types: Any, args: Any = (), kwargs: Any = None) -> Any:
        return func(*args, **(kwargs or {}))


def test_our_modes_are_back_on_after_an_encoder_call_that_raised_inside_the_forward() -> None:
    """A model that catches its encoder's error goes on under our modes, in our grad mode."""
    model, (x, padding) = model_and_batch(PaddedEncoder)
    trace = types.SimpleNamespace(unseen_ops=False)
    calls = fast_paths.FastPathCalls(trace, {id(model.encoder)}, caller_grad=True)
    handles = calls.attach()
    try:
        with torch.no_grad(), Ours(trace) as ours:
            with pytest.raises(RuntimeError):
                model.encoder(x, src_key_padding_mask=padding[:, :3])
            assert torch.overrides._get_current_function_mode() is ours and not torch.is_grad_enabled()
            assert not trace.unseen_ops
    finally:
        for handle in handles:
            handle.remove()


def test_an_error_of_the_encoder_reaches_the_user_with_the_modes_and_grad_mode_as_they_were() -> None:
    model, (x, padding) = model_and_batch(PaddedEncoder)
    for grad in (False, True):
        with torch.set_grad_enabled(grad), warnings.catch_warnings():
            warnings.simplefilter("error")  # no warning of torch's about a hook that raised
            with pytest.raises(Exception) as raised:
                capture_model(model, (x, padding[:, :3]))
            assert torch.is_grad_enabled() is grad and torch._C._len_torch_function_stack() == 0
        assert any("encoder" in note for note in getattr(raised.value, "__notes__", []))


def test_a_model_holding_an_encoder_that_may_take_its_fast_path_is_recorded_in_two_forwards() -> None:
    """The forward with gradients would take the slow path where the caller's, without
    gradients, takes the fast one: the statistics come from the forward without
    (fast_paths); with the caller's gradients on (the slow path sure) or in training mode
    the one forward stands."""
    model, (x, padding) = model_and_batch(PaddedEncoder)
    assert not recording._one_forward_possible(model, (x, padding), CaptureOptions(), False)
    assert recording._one_forward_possible(model, (x, padding), CaptureOptions(), True)
    assert recording._one_forward_possible(model.train(), (x, padding), CaptureOptions(), False)


class PadsItself(nn.Module):
    """Takes one tensor, its padding the rows of zeros (steady calls replay their calls)."""

    def __init__(self) -> None:
        super().__init__()
        self.inner = PaddedEncoder()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.inner.head(self.inner.encoder(x, src_key_padding_mask=(x == 0).all(-1)))


def test_steady_calls_of_an_encoder_on_its_fast_path_are_recorded_as_the_first() -> None:
    model, (x, padding) = model_and_batch(PadsItself)
    x = x.masked_fill(padding.unsqueeze(-1), 0.0)
    known = KnownStructure()
    with torch.no_grad():
        plain = plain_outputs(model, (x,), ["inner.encoder"])["inner.encoder"]
        for _ in range(4):
            result = capture_model(model, x, known=known)
            assert result.failure is None, result.failure
            assert_described_as(result.step["activations"]["inner.encoder#0"], plain, exact=True)


class SeesWeight(TorchFunctionMode):
    """A user's torch function mode that notes whether a function was given `weight`."""

    def __init__(self, weight: torch.Tensor) -> None:
        super().__init__()
        self.weight = weight
        self.seen = False

    def __torch_function__(self, func: Callable, types: Any, args: Any = (), kwargs: Any = None) -> Any:
        self.seen |= any(arg is self.weight for arg in args)
        return func(*args, **(kwargs or {}))


def test_a_mode_the_model_keeps_on_the_encoders_call_alone_is_off_when_it_returns() -> None:
    """A mode entered by a hook of the encoder and left by another (a tool's): our modes go
    back under it, so that its exit takes it off, not one of ours; the head after the
    encoder runs neither under it nor outside our recording."""
    model, batch = model_and_batch(PaddedEncoder)
    mode = SeesWeight(model.head.weight)
    model.encoder.register_forward_pre_hook(lambda module, args: [mode.__enter__(), None][1])
    model.encoder.register_forward_hook(lambda module, args, output: mode.__exit__(None, None, None))
    with torch.no_grad():
        result = capture_model(model, batch)
    assert result.failure is None and torch._C._len_torch_function_stack() == 0
    assert not mode.seen, "the user's mode saw the head's call"
    assert result.structure is not None
    assert "linear" in [node["op"] for node in result.structure["nodes"] if node["kind"] == "op"]


def test_an_interrupt_inside_the_encoder_reaches_the_user_with_the_modes_and_grad_mode_as_they_were() -> None:
    """A KeyboardInterrupt runs no always-called hook of torch's (it catches Exception
    alone): put_back puts our modes and the grad mode back, so that the interrupt reaches
    the user at once (no exit of a mode missing from the stack turns it into an error of
    ours, after which a forward without our recording would run on)."""
    model, batch = model_and_batch(PaddedEncoder)
    interrupts = []

    def interrupt(module: nn.Module, args: Any) -> None:
        interrupts.append(module)
        raise KeyboardInterrupt

    model.encoder.layers[1].register_forward_pre_hook(interrupt)
    for grad in (False, True):
        interrupts.clear()
        with torch.set_grad_enabled(grad):
            with pytest.raises(KeyboardInterrupt):
                capture_model(model, batch)
            assert torch.is_grad_enabled() is grad and torch._C._len_torch_function_stack() == 0
        assert len(interrupts) == 1, "the forward ran on after the interrupt"


def test_an_encoder_whose_fast_paths_torch_has_turned_off_runs_under_our_modes() -> None:
    """torch.backends.mha.set_fastpath_enabled(False): the user's forward takes the slow
    path, and so does the call's under our recording modes, as before (its layers' ops
    recorded as torch's functions, not as aten's ops)."""
    model, batch = model_and_batch(PaddedEncoder)
    enabled = torch.backends.mha.get_fastpath_enabled()
    torch.backends.mha.set_fastpath_enabled(False)
    try:
        assert not fast_paths.eval_ids([model.encoder], caller_grad=False)
        with torch.no_grad():
            result = capture_model(model, batch)
    finally:
        torch.backends.mha.set_fastpath_enabled(enabled)
    assert result.failure is None and result.structure is not None
    ops = [node["op"] for node in result.structure["nodes"] if node["kind"] == "op"]
    assert ops.count("linear") == 5 and "addmm" not in ops  # two a layer, the head's


def test_an_encoder_in_eval_with_gradients_on_runs_under_our_modes() -> None:
    """Gradients on and its first layer's weights requiring them: the user's forward takes
    the slow path whatever the modes, and the call's runs it under our recording modes as
    before: its ops torch's functions, its layers' functional relus' dead units counted."""
    model, batch = model_and_batch(PaddedEncoder)
    assert not fast_paths.eval_ids([model.encoder], caller_grad=True)
    assert fast_paths.eval_ids([model.encoder], caller_grad=False)
    result = capture_model(model, batch)
    assert result.failure is None and result.structure is not None
    ops = [node["op"] for node in result.structure["nodes"] if node["kind"] == "op"]
    assert ops.count("linear") == 5 and "addmm" not in ops  # two a layer, the head's
    assert {"encoder.layers.0.linear1#0", "encoder.layers.1.linear1#0"} <= set(result.step["dead_units"])


class FusedOps(TorchDispatchMode):
    """Keeps the FLOPs flop_formulas counts for each aten op run under it."""

    def __init__(self) -> None:
        super().__init__()
        self.flops: Dict[str, int] = {}

    def __torch_dispatch__(self, func: Callable, types: Any, args: Any = (), kwargs: Any = None) -> Any:
        out = func(*args, **(kwargs or {}))
        found = flop_formulas.formula(func._overloadpacket)
        if found is not None:
            name = func._overloadpacket.__name__
            self.flops[name] = self.flops.get(name, 0) + flop_formulas.count(found, args, kwargs or {}, out)
        return out


@pytest.mark.parametrize("kind", [SelfAttention, PaddedEncoder])
def test_a_fused_kernels_flops_are_those_its_slow_path_counts(kind: type) -> None:
    """Attention's and an encoder layer's fused kernels (no padding: every sequence whole)
    count what their slow paths' ops count (linear layers and attention, as
    torch.utils.flop_counter counts them)."""
    model, (x, padding) = model_and_batch(kind)
    whole = torch.zeros_like(padding)
    with torch.no_grad(), FusedOps() as fused:
        model(x, whole)
    fused_op = "_native_multi_head_attention" if kind is SelfAttention else "_transformer_encoder_layer_fwd"
    assert set(fused.flops) == {fused_op, "addmm"}  # the head's
    with FusedOps() as slow:
        model(x, whole)  # gradients on, the weights requiring them: the slow path
    assert fused_op not in slow.flops
    assert sum(slow.flops.values()) == sum(fused.flops.values())


def test_another_threads_call_of_the_encoder_runs_in_its_own_grad_mode() -> None:
    """The hooks are global: a call of the encoder in another thread (one the model starts,
    here from a hook of its head) is left as that thread makes it, gradients on (the call
    notes the other thread's use of the model as a failure of its recording: tracer)."""
    model, (x, padding) = model_and_batch(PaddedEncoder)
    found: List[bool] = []

    def in_a_thread() -> None:
        with torch.enable_grad():
            found.append(model.encoder(x, src_key_padding_mask=padding).requires_grad)

    def start(module: nn.Module, args: Any) -> None:
        worker = threading.Thread(target=in_a_thread)
        worker.start()
        worker.join()

    model.head.register_forward_pre_hook(start)
    with torch.no_grad():
        capture_model(model, (x, padding))
    assert found and all(found)
