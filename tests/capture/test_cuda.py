"""The capture on a CUDA device.

- The documents equal those of the same model on the CPU (statistics within float
  tolerance: TF32 is off here, so the two devices differ by rounding alone).
- The model is left as it was, the CUDA random number generators included.
- Nothing is read from the GPU inside the forward: the hooks run under torch's sync
  debug mode set to "error", which raises on any wait for the device.
- Memory: a call needs little more GPU memory than a plain forward.

Skipped where no GPU is present, as in CI; on a GPU machine: `pytest tests/capture/test_cuda.py`.
tests/capture/test_host_copies.py runs the deferred-copy logic on the CPU everywhere.
"""

import math
import warnings

import pytest
import torch
import zoo
from test_model_unharmed import Snapshot
from torch import nn
from torch.utils._pytree import tree_map_only

from tensorboard_modelviz import SummaryWriter
from tensorboard_modelviz.capture.host_copies import HostCopies
from tensorboard_modelviz.capture.recording import capture_model
from tensorboard_modelviz.capture.statistics import EXACT_LIMIT
from tensorboard_modelviz.capture.structure_key import KnownStructure
from tensorboard_modelviz.capture.update_ratio import ParameterHistory
from tensorboard_modelviz.format import codec

pytestmark = [
    pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device"),
    pytest.mark.filterwarnings("ignore:For backward hooks to be called:UserWarning"),
]

# ddp: its one-process group is gloo's on the CPU; DDP's CUDA path is NCCL's, not ours.
NAMES = [name for name in zoo.NAMES if name != "ddp"]


@pytest.fixture(autouse=True)
def _exact_float32():
    """TF32 off (convolutions use it by default on CUDA), so that the devices agree to rounding."""
    saved = torch.backends.cudnn.allow_tf32, torch.backends.cuda.matmul.allow_tf32
    torch.backends.cudnn.allow_tf32 = torch.backends.cuda.matmul.allow_tf32 = False
    yield
    torch.backends.cudnn.allow_tf32, torch.backends.cuda.matmul.allow_tf32 = saved


def to_cuda(value):
    return tree_map_only(torch.Tensor, torch.Tensor.cuda, value)


def _diff(a, b, path=""):
    """The first place where two documents differ, or None."""
    if isinstance(a, dict) and isinstance(b, dict):
        if set(a) != set(b):
            return "%s: keys differ: %s" % (path, sorted(set(a) ^ set(b)))
        return next((d for d in (_diff(a[k], b[k], "%s.%s" % (path, k)) for k in a) if d), None)
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return "%s: length %d vs %d" % (path, len(a), len(b))
        return next((d for d in (_diff(x, y, "%s[%d]" % (path, i)) for i, (x, y) in enumerate(zip(a, b))) if d), None)
    return None if a == b else "%s: %r vs %r" % (path, a, b)


def assert_statistics_close(got, expected, key, rounding=1e-3):
    """Counts and what was estimated equal; values equal to `rounding` at the tensor's scale
    (its largest magnitude; for the norm, that times the square root of its size)."""
    for field in ("numel", "nan", "inf", "estimated"):
        assert got.get(field) == expected.get(field), (key, field)
    scale = max(abs(expected["min"] or 0.0), abs(expected["max"] or 0.0), 1e-3)
    for field in ("mean", "std", "min", "max", "absmax", "norm"):
        if field in expected:
            tolerance = rounding * scale * (math.sqrt(expected["numel"]) if field == "norm" else 1.0)
            assert got[field] == pytest.approx(expected[field], abs=tolerance, rel=1e-5), (key, field)
    assert got["hist"]["n"] == expected["hist"]["n"], key
    if expected["absmax"] < 1e-5 or expected["max"] - expected["min"] <= 0.05 * scale:
        return  # rounding noise (the gradient of a layer that hardly matters): no shape to compare
    # Values at zero may fall either way (a gradient exactly 0 on one device, 1e-9 on the other),
    # and so may values at a bin edge.
    assert got["zeros"] == pytest.approx(expected["zeros"], abs=max(0.02, 3 / expected["numel"])), key
    moved = sum(abs(x - y) for x, y in zip(got["hist"]["counts"], expected["hist"]["counts"]))
    assert moved <= 20 * rounding * expected["hist"]["n"] + 2, key


def _pair(name):
    """(CPU result, CUDA result) of capturing zoo model `name` in eval mode (dropout would
    draw different numbers on the two devices), after a backward in the mode it was built in."""
    results = []
    for device in ("cpu", "cuda"):
        record = zoo.build(name)
        # DataParallel built where a GPU exists runs on cuda:0 only: the CPU twin is its module.
        model = (record.unwrapped if name == "data_parallel" and device == "cpu" else record.model).to(device)
        inputs = to_cuda(record.inputs) if device == "cuda" else record.inputs
        if record.uses_dropout:
            model.eval()
        if any(p.requires_grad for p in model.parameters()):
            zoo.loss_of(zoo.call(model, inputs)).backward()  # cuDNN's RNNs differentiate in train mode only
        results.append(capture_model(model.eval(), inputs))
    return results


@pytest.mark.parametrize("name", NAMES)
def test_the_documents_equal_the_cpu_ones(name):
    cpu, gpu = _pair(name)
    assert gpu.failure is None and gpu.step["capture"]["complete"]
    assert _diff(gpu.structure, cpu.structure) is None, _diff(gpu.structure, cpu.structure)
    assert gpu.step["input_fingerprint"] == cpu.step["input_fingerprint"]  # the same bytes
    # Gradients of float16 and bfloat16 models are rounded too differently on the two devices.
    for kind in ("activations", "params") if name.startswith("half_") else ("activations", "params", "grads"):
        assert set(gpu.step[kind]) == set(cpu.step[kind]), kind
        for key, expected in cpu.step[kind].items():
            # bfloat16 and float16 convolutions round differently on the two devices.
            assert_statistics_close(gpu.step[kind][key], expected, key, 1e-2 if name.startswith("half_") else 1e-3)
    assert [h["key"] for h, _ in gpu.samples] == [h["key"] for h, _ in cpu.samples]
    for (h_gpu, v_gpu), (h_cpu, v_cpu) in zip(gpu.samples, cpu.samples):
        assert h_gpu["shape"] == h_cpu["shape"] and h_gpu["layout"] == h_cpu["layout"]
        levels = torch.tensor(list(v_gpu), dtype=torch.int16) - torch.tensor(list(v_cpu), dtype=torch.int16)
        assert levels.abs().max().item() <= (8 if name.startswith("half_") else 2), h_gpu["key"]  # rounding only


@pytest.mark.parametrize("variant", ["float32", "channels_last", "bfloat16"])
def test_large_activations_match_too(variant):
    """The zoo's activations are small; these take the full pass and the subset on the GPU,
    in the layout and dtype they have (statistics.flat_in_memory_order, _float)."""
    model, x = zoo.wide_conv(variant)
    cpu = capture_model(model, x)
    gpu = capture_model(model.cuda(), x.cuda())
    big = [k for k, s in cpu.step["activations"].items() if s["numel"] > EXACT_LIMIT]
    assert big and gpu.failure is None
    rounding = 1e-2 if variant == "bfloat16" else 1e-4
    for key in big:
        s, g = cpu.step["activations"][key], gpu.step["activations"][key]
        assert g["estimated"] == s["estimated"] and g["numel"] == s["numel"]
        for field in ("min", "max", "mean", "std"):
            assert g[field] == pytest.approx(s[field], rel=rounding, abs=10 * rounding * s["std"]), (key, field)


def test_nan_and_inf_on_the_gpu():
    class Breaks(nn.Module):
        def forward(self, x):
            y = x.clone()
            y[0, ::10] = math.nan
            y[1, 5] = math.inf
            return y

    model = nn.Sequential(nn.Identity(), Breaks())
    for x in (torch.randn(2, 3 * EXACT_LIMIT), torch.randn(2, 100)):  # large: from the subset; small: exact
        cpu = capture_model(model, x).step["activations"]["1#0"]
        gpu = capture_model(model, x.cuda()).step["activations"]["1#0"]
        if x.numel() > EXACT_LIMIT:
            assert gpu["nan"] == pytest.approx(cpu["nan"], rel=0.1) and gpu["inf"] >= 1
            assert {"nan", "inf", "mean"} <= set(gpu["estimated"])
            assert gpu["mean"] == pytest.approx(cpu["mean"], abs=0.05)
        else:
            assert gpu == cpu


class SyncForbidden(nn.Module):
    """Runs the wrapped model with torch's CUDA sync debug mode at "error": any wait for the
    GPU inside its forward (our hooks included) raises."""

    def __init__(self, inner):
        super().__init__()
        self.inner = inner

    def forward(self, *args, **kwargs):
        torch.cuda.set_sync_debug_mode("error")
        try:
            return self.inner(*args, **kwargs)
        finally:
            torch.cuda.set_sync_debug_mode("default")


@pytest.mark.parametrize(
    "name", ["resnet", "seed_cnn", "gpt_tied", "lstm", "half_bfloat16", "wide", "wide_channels_last", "wide_bfloat16"]
)
def test_nothing_is_read_from_the_gpu_inside_the_forward(name):
    if name.startswith("wide"):
        inner, inputs = zoo.wide_conv(name[len("wide_") :] if "_" in name else "float32")
        inner.train()  # BatchNorm's buffers and dropout: the restore path too
    else:
        record = zoo.build(name)
        inner, inputs = record.model, record.inputs
    inner, inputs = inner.cuda(), to_cuda(inputs)
    zoo.call(inner, inputs)  # the model's own first-call work (cuDNN, lazy init) outside the check
    model = SyncForbidden(inner)
    known = KnownStructure()
    first = capture_model(model, inputs, known=known)
    steady = capture_model(model, inputs, known=known)
    assert first.failure is None and first.structure is not None, first.failure
    assert steady.failure is None and steady.structure is None, steady.failure
    assert torch.cuda.get_sync_debug_mode() == 0


def test_the_copies_come_over_in_one_pinned_transfer_per_dtype():
    copies = HostCopies()
    tensors = [
        torch.arange(1000.0, device="cuda")[::3].clone(),
        torch.tensor(2.0, device="cuda"),
        torch.arange(5, dtype=torch.float64, device="cuda"),
    ]
    started = [copies.start(t) for t in tensors]
    copies.wait()
    for copy, t in zip(started, tensors):
        assert copy.value.device.type == "cpu" and copy.value.is_pinned() and torch.equal(copy.value, t.cpu())
    assert started[0].value.untyped_storage().data_ptr() == started[1].value.untyped_storage().data_ptr()


def test_tensors_made_on_another_stream_are_copied_after_it():
    """A layer may run on a stream of its own; the transfer runs on the current one."""
    copies, side = HostCopies(), torch.cuda.Stream()
    x = torch.ones(1 << 20, device="cuda")
    side.wait_stream(torch.cuda.current_stream())
    with torch.cuda.stream(side):
        torch.cuda._sleep(100_000_000)  # the side stream lags far behind the current one
        copy = copies.start(x * 3)
    copies.wait()
    assert torch.equal(copy.value, torch.full((1 << 20,), 3.0))


@pytest.mark.parametrize("mode", ["train", "eval"])
def test_the_model_is_left_as_it_was(mode, tmp_path):
    torch.manual_seed(0)
    model, x = zoo.WideConvNet().cuda(), torch.randn(2, 3, 48, 48, device="cuda")
    model.train(mode == "train")
    model(x).sum().backward()
    snapshot = Snapshot(model, x)
    cuda_rng = torch.cuda.get_rng_state_all()
    with SummaryWriter(str(tmp_path)) as writer, warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)  # our failure warning would fail the test
        writer.add_model_viz(model, x, 0)
        writer.add_model_viz(model, x, 1)
    snapshot.assert_unchanged(model, x)
    assert all(torch.equal(a, b) for a, b in zip(torch.cuda.get_rng_state_all(), cuda_rng)), "CUDA RNG advanced"


def test_update_ratios_match_the_cpu():
    ratios = []
    for device in ("cpu", "cuda"):
        torch.manual_seed(0)
        model, x = zoo.WideConvNet().to(device), torch.randn(2, 3, 48, 48).to(device)
        optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
        history = ParameterHistory()
        capture_model(model.eval(), x, history=history)
        model(x).square().mean().backward()
        optimizer.step()
        ratios.append(capture_model(model, x, history=history).step["updates"])
    assert set(ratios[1]) == set(ratios[0]) and all(r is None or r > 0 for r in ratios[0].values())
    for name, ratio in ratios[0].items():  # None: from zero (BatchNorm's bias starts at 0)
        assert ratios[1][name] == (None if ratio is None else pytest.approx(ratio, rel=1e-3)), name


def test_autocast_activations_are_described():
    torch.manual_seed(0)
    model, x = zoo.WideConvNet().cuda().eval(), torch.randn(2, 3, 48, 48, device="cuda")
    with torch.autocast("cuda", dtype=torch.bfloat16):
        result = capture_model(model, x)
    assert result.failure is None
    assert '"bfloat16"' in codec.to_json(result.structure)
    for key, s in result.step["activations"].items():
        assert s["nan"] == 0 and math.isfinite(s["mean"]), key


def test_a_call_needs_little_more_gpu_memory_than_a_forward():
    torch.manual_seed(0)
    model, x = zoo.WideConvNet().cuda().eval(), torch.randn(16, 3, 48, 48, device="cuda")
    known = KnownStructure()
    capture_model(model, x, known=known)  # the first call records the graph; measure steady ones
    torch.cuda.synchronize()
    base = torch.cuda.memory_allocated()

    def peak(function):
        torch.cuda.reset_peak_memory_stats()
        with torch.no_grad():
            function()
        torch.cuda.synchronize()
        return torch.cuda.max_memory_allocated() - base

    forward = peak(lambda: model(x))
    call = peak(lambda: capture_model(model, x, known=known))
    assert call <= 1.25 * forward + (4 << 20), (call, forward)
