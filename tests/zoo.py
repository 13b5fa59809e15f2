"""A zoo of small PyTorch models that exercise what a capture has to survive.

Every model here is written for these tests (no torchvision, no downloaded weights) and is
small enough to run in well under a second on a CPU. Each factory returns a `ZooModel`: the
model, an example input, and the facts a test needs to know about it (which modules run
more than once or never, where torchinfo's answers are wrong and why). Factories are
deterministic: they seed a private RNG fork, so two calls give identical weights and inputs.

The `ddp` factory sets up a one-process gloo group; tests that build it call
`release_process_group()` afterwards (see the autouse fixtures) so that no other test runs
under torch.distributed.

Inputs follow the capture convention: a tensor is the single positional argument, a tuple
or list is the positional arguments, a dict is keyword arguments.
"""

import dataclasses
import importlib.util
import math
import os
import tempfile
import warnings
from collections.abc import Mapping
from typing import Callable, Dict, List, Optional, Tuple

import torch
import torch.nn.functional as F
from torch import nn

from tensorboard_modelviz.capture.recording import call_model


@dataclasses.dataclass
class ZooModel:
    """One model of the zoo plus what the tests need to know about it."""

    name: str
    model: nn.Module
    inputs: object
    # Module name -> number of calls in one forward, for modules called more than once.
    reused: Dict[str, int] = dataclasses.field(default_factory=dict)
    # Modules that are registered but never called as modules in a forward.
    never_run: Tuple[str, ...] = ()
    # Why torchinfo 1.8's parameter totals are wrong for this model ("" when they are right).
    torchinfo_totals_wrong: str = ""
    # Why torchinfo 1.8 cannot be compared layer by layer ("" when it can).
    torchinfo_layers_wrong: str = ""
    # The forward draws random numbers in train mode (dropout).
    uses_dropout: bool = False
    # The model wraps another one (compile, DDP, DataParallel); the capture shows the inner one.
    inner: Optional[nn.Module] = None
    # Why its forward with gradients (a structure's first call) gives other last bits than
    # one without (a steady call), "" when the two are equal.
    grad_changes_bits: str = ""

    @property
    def unwrapped(self):
        return self.inner if self.inner is not None else self.model


call = call_model  # run `model` on `inputs` with the capture's argument convention


def tensors_in(value):
    """Every tensor inside an output: nested tuples, lists, dicts and dataclasses."""
    if isinstance(value, torch.Tensor):
        return [value]
    if isinstance(value, dict):
        return [t for v in value.values() for t in tensors_in(v)]
    if isinstance(value, (tuple, list)):
        return [t for v in value for t in tensors_in(v)]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [t for f in dataclasses.fields(value) for t in tensors_in(getattr(value, f.name))]
    return []


def as_version_1(step):
    """A capture's step document (format version 2, its statistics StatColumns) as plain
    dicts, as version 1 stores it: what the reader gives for its blob."""
    plain = dict(step, format_version=1)
    for name in ("activations", "params", "grads"):
        plain[name] = {key: dict(stats) for key, stats in step[name].items()}
    return plain


def assert_documents_close(a, b, path=""):
    """`a` equals `b` but for floats, which may differ in the last bits (relative 1e-5):
    the documents of a model whose kernels round otherwise with gradients on
    (ZooModel.grad_changes_bits)."""
    if isinstance(a, float) and isinstance(b, float):
        assert math.isclose(a, b, rel_tol=1e-5, abs_tol=1e-7) or (math.isnan(a) and math.isnan(b)), (path, a, b)
    elif isinstance(a, Mapping) and isinstance(b, Mapping):  # dicts, and a capture's statistics (StatColumns)
        assert a.keys() == b.keys(), path
        for k in a:
            assert_documents_close(a[k], b[k], "%s.%s" % (path, k))
    elif isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        assert len(a) == len(b), path
        for i, (x, y) in enumerate(zip(a, b)):
            assert_documents_close(x, y, "%s[%d]" % (path, i))
    else:
        assert a == b, (path, a, b)


def loss_of(output):
    """A scalar that depends on every floating-point tensor of an output, for backward()."""
    parts = [t.float().sum() for t in tensors_in(output) if t.is_floating_point() and t.requires_grad]
    if not parts:
        raise ValueError("output has no differentiable tensor")
    return torch.stack(parts).sum()


def _seeded(build: Callable[[], ZooModel]) -> Callable[[], ZooModel]:
    """Build under a fixed seed without touching the caller's RNG state."""

    def factory():
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(1234)
            return build()

    factory.__name__ = build.__name__
    factory.__doc__ = build.__doc__
    return factory


# --------------------------------------------------------------------------- models


def _load_demo():
    """demo/train.py as a module: its MLP is the seed's, so demo and tests share one definition."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "demo", "train.py")
    spec = importlib.util.spec_from_file_location("modelviz_demo_train", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SeedMLP = _load_demo().MLP


class SeedCNN(nn.Module):
    """The classic MNIST net; pooling and ReLU are functional, so they are ops, not modules."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 10, kernel_size=5)
        self.conv2 = nn.Conv2d(10, 20, kernel_size=5)
        self.fc1 = nn.Linear(320, 50)
        self.fc2 = nn.Linear(50, 10)

    def forward(self, x):
        x = F.relu(F.max_pool2d(self.conv1(x), 2))
        x = F.relu(F.max_pool2d(self.conv2(x), 2))
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        return F.log_softmax(self.fc2(x), dim=1)


class Bottleneck(nn.Module):
    """torchvision-style bottleneck: one in-place ReLU module used three times, `out += identity`."""

    def __init__(self, inplanes, planes, stride=1):
        super().__init__()
        width = planes
        self.conv1 = nn.Conv2d(inplanes, width, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(width)
        self.conv2 = nn.Conv2d(width, width, 3, stride=stride, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(width)
        self.conv3 = nn.Conv2d(width, planes * 4, 1, bias=False)
        self.bn3 = nn.BatchNorm2d(planes * 4)
        self.relu = nn.ReLU(inplace=True)
        self.downsample = None
        if stride != 1 or inplanes != planes * 4:
            self.downsample = nn.Sequential(
                nn.Conv2d(inplanes, planes * 4, 1, stride=stride, bias=False),
                nn.BatchNorm2d(planes * 4),
            )

    def forward(self, x):
        identity = x
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.relu(self.bn2(self.conv2(out)))
        out = self.bn3(self.conv3(out))
        if self.downsample is not None:
            identity = self.downsample(x)
        out += identity
        return self.relu(out)


class TinyResNet(nn.Module):
    def __init__(self, num_classes=10):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 16, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(16)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(2)
        self.layer1 = nn.Sequential(Bottleneck(16, 8), Bottleneck(32, 8))
        self.layer2 = nn.Sequential(Bottleneck(32, 16, stride=2))
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(64, num_classes)

    def forward(self, x):
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        x = self.layer2(self.layer1(x))
        return self.fc(torch.flatten(self.avgpool(x), 1))


class TransformerClassifier(nn.Module):
    def __init__(self, vocab=50, d_model=32, heads=4, layers=2):
        super().__init__()
        self.embed = nn.Embedding(vocab, d_model)
        layer = nn.TransformerEncoderLayer(d_model, heads, dim_feedforward=64, dropout=0.1, batch_first=True)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the nested-tensor advisory
            self.encoder = nn.TransformerEncoder(layer, layers, enable_nested_tensor=False)
        self.head = nn.Linear(d_model, 3)

    def forward(self, tokens):
        return self.head(self.encoder(self.embed(tokens)).mean(dim=1))


class CausalSelfAttention(nn.Module):
    def __init__(self, d_model, heads):
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(d_model, 3 * d_model)
        self.proj = nn.Linear(d_model, d_model)
        self.drop = nn.Dropout(0.1)

    def forward(self, x):
        b, t, c = x.shape
        q, k, v = self.qkv(x).split(c, dim=2)
        q, k, v = (z.view(b, t, self.heads, c // self.heads).transpose(1, 2) for z in (q, k, v))
        scores = (q @ k.transpose(-2, -1)) / (c // self.heads) ** 0.5
        mask = torch.ones(t, t, dtype=torch.bool, device=x.device).tril()
        scores = scores.masked_fill(~mask, float("-inf"))
        y = self.drop(scores.softmax(dim=-1)) @ v
        return self.proj(y.transpose(1, 2).reshape(b, t, c))


class GPTBlock(nn.Module):
    def __init__(self, d_model, heads):
        super().__init__()
        self.ln1 = nn.LayerNorm(d_model)
        self.attn = CausalSelfAttention(d_model, heads)
        self.ln2 = nn.LayerNorm(d_model)
        self.mlp = nn.Sequential(nn.Linear(d_model, 4 * d_model), nn.GELU(), nn.Linear(4 * d_model, d_model))

    def forward(self, x):
        x = x + self.attn(self.ln1(x))
        return x + self.mlp(self.ln2(x))


class TinyGPT(nn.Module):
    """Decoder-only LM whose output projection shares its weight with the token embedding."""

    def __init__(self, vocab=64, block=16, d_model=32, heads=4, layers=2):
        super().__init__()
        self.tok_emb = nn.Embedding(vocab, d_model)
        self.pos_emb = nn.Parameter(torch.zeros(1, block, d_model))
        self.blocks = nn.ModuleList(GPTBlock(d_model, heads) for _ in range(layers))
        self.ln_f = nn.LayerNorm(d_model)
        self.lm_head = nn.Linear(d_model, vocab, bias=False)
        self.lm_head.weight = self.tok_emb.weight

    def forward(self, idx):
        x = self.tok_emb(idx) + self.pos_emb[:, : idx.shape[1]]
        for block in self.blocks:
            x = block(x)
        return self.lm_head(self.ln_f(x))


class PaddedEncoder(nn.Module):
    """A transformer encoder given a padding mask: in eval without gradients it takes torch's
    nested-tensor fast path (zeros at the padded positions)."""

    def __init__(self) -> None:
        super().__init__()
        layer = nn.TransformerEncoderLayer(8, 2, dim_feedforward=16, dropout=0.1, batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, 2, enable_nested_tensor=True)
        self.head = nn.Linear(8, 2)

    def forward(self, x: torch.Tensor, padding: torch.Tensor) -> torch.Tensor:
        return self.head(self.encoder(x, src_key_padding_mask=padding))


class SelfAttention(nn.Module):
    """Attention given a padding mask, without its weights: in eval without gradients it
    takes MultiheadAttention's own fast path."""

    def __init__(self) -> None:
        super().__init__()
        self.attention = nn.MultiheadAttention(8, 2, batch_first=True)
        self.head = nn.Linear(8, 2)

    def forward(self, x: torch.Tensor, padding: torch.Tensor) -> torch.Tensor:
        out, _ = self.attention(x, x, x, key_padding_mask=padding, need_weights=False)
        return self.head(out)


class RNNTagger(nn.Module):
    def __init__(self, cell, vocab=40, emb=16, hidden=24, tags=5):
        super().__init__()
        self.embed = nn.Embedding(vocab, emb)
        self.rnn = cell(emb, hidden, num_layers=2, batch_first=True)
        self.out = nn.Linear(hidden, tags)

    def forward(self, tokens):
        seq, _state = self.rnn(self.embed(tokens))
        return self.out(seq)


class DictInOut(nn.Module):
    """Takes keyword arguments, returns a dict."""

    def __init__(self):
        super().__init__()
        self.image_enc = nn.Sequential(nn.Conv2d(3, 4, 3), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten())
        self.text_enc = nn.Linear(12, 4)
        self.fuse = nn.Linear(8, 2)

    def forward(self, image, text, mask=None):
        feats = torch.cat([self.image_enc(image), self.text_enc(text)], dim=1)
        if mask is not None:
            feats = feats * mask
        return {"logits": self.fuse(feats), "features": feats}


@dataclasses.dataclass
class EncoderOutput:
    logits: torch.Tensor
    hidden: torch.Tensor
    note: str = "dataclass output"


class DataclassOut(nn.Module):
    def __init__(self):
        super().__init__()
        self.enc = nn.Linear(10, 16)
        self.act = nn.Tanh()
        self.cls = nn.Linear(16, 4)

    def forward(self, x):
        hidden = self.act(self.enc(x))
        return EncoderOutput(logits=self.cls(hidden), hidden=hidden)


class ControlFlow(nn.Module):
    """Branches on the data and loops a data-dependent number of times."""

    def __init__(self):
        super().__init__()
        self.pos = nn.Linear(8, 8)
        self.neg = nn.Linear(8, 8)
        self.step = nn.Linear(8, 8)
        self.out = nn.Linear(8, 2)

    def forward(self, x):
        x = self.pos(x) if x.sum() > 0 else self.neg(x)
        for _ in range(1 + int(x.abs().mean() * 10) % 3):
            x = torch.tanh(self.step(x))
        return self.out(x)


def control_flow_loops(model, x):
    """How many times ControlFlow.step runs for input x (the model's own rule)."""
    with torch.no_grad():
        h = model.pos(x) if x.sum() > 0 else model.neg(x)
        return 1 + int(h.abs().mean() * 10) % 3


class Siamese(nn.Module):
    def __init__(self):
        super().__init__()
        self.tower = nn.Sequential(nn.Linear(6, 12), nn.ReLU(), nn.Linear(12, 8))
        self.head = nn.Linear(1, 1)

    def forward(self, a, b):
        distance = (self.tower(a) - self.tower(b)).pow(2).sum(dim=1, keepdim=True)
        return self.head(distance)


class InplaceOps(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(8, 8)
        self.fc2 = nn.Linear(8, 8)

    def forward(self, x):
        h = self.fc1(x)
        h.mul_(2.0).add_(1.0)
        h.relu_()
        g = self.fc2(h)
        g += h
        g.clamp_(min=-1.0, max=1.0)
        return g


class FrozenBackbone(nn.Module):
    """A frozen feature extractor kept in eval mode under a trainable head."""

    def __init__(self):
        super().__init__()
        self.backbone = nn.Sequential(nn.Linear(10, 20), nn.BatchNorm1d(20), nn.ReLU(), nn.Linear(20, 20))
        self.head = nn.Sequential(nn.Linear(20, 20), nn.Dropout(0.2), nn.Linear(20, 3))
        for p in self.backbone.parameters():
            p.requires_grad_(False)
        self.head[0].bias.requires_grad_(False)

    def forward(self, x):
        return self.head(self.backbone(x))


class SelfAttentionMHA(nn.Module):
    def __init__(self):
        super().__init__()
        self.proj_in = nn.Linear(12, 16)
        self.mha = nn.MultiheadAttention(16, 4, batch_first=True)
        self.norm = nn.LayerNorm(16)

    def forward(self, x):
        h = self.proj_in(x)
        attended, _weights = self.mha(h, h, h, need_weights=True)
        return self.norm(h + attended)


class SmallMLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(16, 32)
        self.act = nn.ReLU()
        self.fc2 = nn.Linear(32, 4)

    def forward(self, x):
        return self.fc2(self.act(self.fc1(x)))


class HalfNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 6, 3, padding=1)
        self.norm = nn.BatchNorm2d(6)
        self.act = nn.ReLU()
        self.pool = nn.AdaptiveAvgPool2d(2)
        self.fc = nn.Linear(24, 5)

    def forward(self, x):
        return self.fc(torch.flatten(self.pool(self.act(self.norm(self.conv(x)))), 1))


class KeywordOnly(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(6, 6)
        self.gate = nn.Linear(6, 6)

    def forward(self, x, *, scale, gate_input=None):
        h = self.fc(x) * scale
        if gate_input is not None:
            h = h * torch.sigmoid(self.gate(gate_input))
        return h


class TupleListOut(nn.Module):
    """Returns (tensor, [tensor, tensor]) like a model with auxiliary heads."""

    def __init__(self):
        super().__init__()
        self.trunk = nn.Linear(8, 16)
        self.aux = nn.ModuleList([nn.Linear(16, 3), nn.Linear(16, 2)])
        self.main = nn.Linear(16, 4)

    def forward(self, x):
        h = torch.relu(self.trunk(x))
        return self.main(h), [head(h) for head in self.aux]


class UnusedModule(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 4)
        self.aux_head = nn.Linear(8, 7)  # registered, never called
        self.spare = nn.Sequential(nn.Linear(4, 4), nn.ReLU())  # never called either

    def forward(self, x):
        return self.fc(x)


class Conv1DNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv1d(2, 8, kernel_size=5, padding=2)
        self.depthwise = nn.Conv1d(8, 8, kernel_size=3, padding=1, groups=8)
        self.pool = nn.MaxPool1d(2)
        self.act = nn.ReLU()
        self.fc = nn.Linear(8 * 16, 4)

    def forward(self, x):
        x = self.pool(self.act(self.conv1(x)))
        x = self.act(self.depthwise(x))
        return self.fc(torch.flatten(x, 1))


class BufferMutation(nn.Module):
    """BatchNorm in train mode updates running stats; a counter buffer is bumped in place."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(6, 10)
        self.bn = nn.BatchNorm1d(10)
        self.out = nn.Linear(10, 2)
        self.register_buffer("forward_count", torch.zeros((), dtype=torch.long))

    def forward(self, x):
        self.forward_count += 1
        return self.out(torch.relu(self.bn(self.fc(x))))


class TiedLinear(nn.Module):
    """Two Linear layers sharing one weight (an autoencoder with a transposed copy would differ)."""

    def __init__(self):
        super().__init__()
        self.a = nn.Linear(12, 12)
        self.b = nn.Linear(12, 12)
        self.b.weight = self.a.weight
        self.out = nn.Linear(12, 3)

    def forward(self, x):
        return self.out(torch.relu(self.b(torch.relu(self.a(x)))))


class RootParams(nn.Module):
    """No submodules: parameters live on the root and are used through functional calls."""

    def __init__(self):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(5, 9) * 0.1)
        self.bias = nn.Parameter(torch.zeros(5))
        self.register_buffer("scale", torch.full((5,), 0.5))

    def forward(self, x):
        return F.linear(x, self.weight, self.bias) * self.scale


class DropoutMLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(
            nn.Linear(10, 32),
            nn.ReLU(),
            nn.Dropout(0.5),
            nn.Linear(32, 32),
            nn.ReLU(),
            nn.Dropout(0.5),
            nn.Linear(32, 2),
        )

    def forward(self, x):
        return self.net(x)


class WideConvNet(nn.Module):
    """Activations over 32,768 values (statistics.EXACT_LIMIT: a full pass and a subset each),
    BatchNorm, in-place ReLU, dropout. Not in the zoo's list: the tests that need large
    activations build it, with an input, through `wide_conv`."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 16, 3, padding=1)
        self.bn = nn.BatchNorm2d(16)
        self.relu = nn.ReLU(inplace=True)
        self.drop = nn.Dropout(0.2)
        self.head = nn.Linear(16 * 48 * 48, 10)

    def forward(self, x):
        return self.head(self.drop(self.relu(self.bn(self.conv(x)))).flatten(1))


def wide_conv(variant="float32"):
    """A WideConvNet in eval mode and an input for it, seeded, as "float32",
    "channels_last" or "bfloat16" (weights and input alike)."""
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(0)
        model, x = WideConvNet().eval(), torch.randn(2, 3, 48, 48)
    if variant == "channels_last":
        return model.to(memory_format=torch.channels_last), x.contiguous(memory_format=torch.channels_last)
    if variant == "bfloat16":
        return model.to(torch.bfloat16), x.to(torch.bfloat16)
    assert variant == "float32", variant
    return model, x


class Autoencoder(nn.Module):
    """Transposed convolution and upsampling on the decoder side."""

    def __init__(self):
        super().__init__()
        self.encoder = nn.Sequential(
            nn.Conv2d(1, 4, 3, stride=2, padding=1), nn.ReLU(), nn.Conv2d(4, 8, 3, stride=2, padding=1)
        )
        self.decoder = nn.Sequential(
            nn.ConvTranspose2d(8, 4, 2, stride=2),
            nn.ReLU(),
            nn.Upsample(scale_factor=2),
            nn.Conv2d(4, 1, 3, padding=1),
            nn.Sigmoid(),
        )

    def forward(self, x):
        return self.decoder(self.encoder(x))


# --------------------------------------------------------------------------- factories

TIED_REASON = "torchinfo 1.8 counts a parameter shared by two modules once per module"
DATACLASS_REASON = "torchinfo 1.8 raises TypeError on a dataclass output (unsupported output type)"


@_seeded
def seed_mlp():
    return ZooModel("seed_mlp", SeedMLP(), torch.randn(4, 1, 28, 28))


@_seeded
def seed_cnn():
    return ZooModel("seed_cnn", SeedCNN(), torch.randn(4, 1, 28, 28))


@_seeded
def resnet():
    model = TinyResNet()
    reused = {block: 3 for block in ("layer1.0.relu", "layer1.1.relu", "layer2.0.relu")}
    return ZooModel("resnet", model, torch.randn(2, 3, 16, 16), reused=reused)


@_seeded
def transformer_encoder():
    model = TransformerClassifier()
    never = ("encoder.layers",) + tuple("encoder.layers.%d.self_attn.out_proj" % i for i in range(2))
    return ZooModel("transformer_encoder", model, torch.randint(0, 50, (2, 10)), never_run=never, uses_dropout=True)


@_seeded
def gpt_tied():
    model = TinyGPT()
    return ZooModel(
        "gpt_tied",
        model,
        torch.randint(0, 64, (2, 16)),
        never_run=("blocks",),
        torchinfo_totals_wrong=TIED_REASON,
        uses_dropout=True,
    )


@_seeded
def lstm():
    return ZooModel(
        "lstm",
        RNNTagger(nn.LSTM),
        torch.randint(0, 40, (3, 7)),
        grad_changes_bits="CPU LSTMs (mkldnn) compute otherwise with gradients on",
    )


@_seeded
def gru():
    return ZooModel("gru", RNNTagger(nn.GRU), torch.randint(0, 40, (3, 7)))


@_seeded
def dict_io():
    inputs = {"image": torch.randn(2, 3, 8, 8), "text": torch.randn(2, 12), "mask": torch.ones(2, 8)}
    return ZooModel("dict_io", DictInOut(), inputs)


@_seeded
def dataclass_output():
    return ZooModel(
        "dataclass_output",
        DataclassOut(),
        torch.randn(3, 10),
        torchinfo_totals_wrong=DATACLASS_REASON,
        torchinfo_layers_wrong=DATACLASS_REASON,
    )


@_seeded
def control_flow():
    model = ControlFlow()
    x = torch.randn(4, 8).abs()  # positive: takes the `pos` branch
    loops = control_flow_loops(model, x)
    reused = {"step": loops} if loops > 1 else {}
    return ZooModel("control_flow", model, x, reused=reused, never_run=("neg",))


@_seeded
def siamese():
    model = Siamese()
    reused = {"tower": 2, "tower.0": 2, "tower.1": 2, "tower.2": 2}
    return ZooModel("siamese", model, (torch.randn(3, 6), torch.randn(3, 6)), reused=reused)


@_seeded
def inplace_ops():
    return ZooModel("inplace_ops", InplaceOps(), torch.randn(4, 8))


@_seeded
def frozen():
    model = FrozenBackbone()
    model.backbone.eval()
    return ZooModel("frozen", model, torch.randn(4, 10), uses_dropout=True)


@_seeded
def multihead_attention():
    return ZooModel("multihead_attention", SelfAttentionMHA(), torch.randn(2, 5, 12), never_run=("mha.out_proj",))


@_seeded
def compiled():
    inner = SmallMLP()
    return ZooModel("compiled", torch.compile(inner, backend="eager"), torch.randn(3, 16), inner=inner)


_PROCESS_GROUP_FILE = None  # set while a process group created here exists


def _ensure_single_process_group():
    """A world-size-1 gloo group for DDP, unless the process already has one."""
    global _PROCESS_GROUP_FILE
    import torch.distributed as dist

    if not dist.is_initialized():
        handle, path = tempfile.mkstemp(prefix="modelviz-gloo-")
        os.close(handle)
        os.unlink(path)
        dist.init_process_group("gloo", store=dist.FileStore(path, 1), rank=0, world_size=1)
        _PROCESS_GROUP_FILE = path


def release_process_group():
    """Destroy the group `ddp()` created, so that no other test sees torch.distributed set up.

    (The writer behaves differently under torch.distributed: rank checks, per-rank runs.)
    """
    global _PROCESS_GROUP_FILE
    import torch.distributed as dist

    if _PROCESS_GROUP_FILE is None:
        return
    if dist.is_initialized():
        dist.destroy_process_group()
    if os.path.exists(_PROCESS_GROUP_FILE):
        os.unlink(_PROCESS_GROUP_FILE)
    _PROCESS_GROUP_FILE = None


@_seeded
def ddp():
    _ensure_single_process_group()
    inner = SmallMLP()
    model = nn.parallel.DistributedDataParallel(inner)
    return ZooModel("ddp", model, torch.randn(3, 16), inner=inner)


@_seeded
def data_parallel():
    inner = SmallMLP()
    return ZooModel("data_parallel", nn.DataParallel(inner), torch.randn(3, 16), inner=inner)


@_seeded
def half_float16():
    return ZooModel("half_float16", HalfNet().half(), torch.randn(2, 3, 8, 8).half())


@_seeded
def half_bfloat16():
    return ZooModel("half_bfloat16", HalfNet().to(torch.bfloat16), torch.randn(2, 3, 8, 8).to(torch.bfloat16))


@_seeded
def keyword_only():
    inputs = {"x": torch.randn(2, 6), "scale": 0.5, "gate_input": torch.randn(2, 6)}
    return ZooModel("keyword_only", KeywordOnly(), inputs)


@_seeded
def tuple_list_output():
    return ZooModel("tuple_list_output", TupleListOut(), torch.randn(3, 8), never_run=("aux",))


@_seeded
def unused_module():
    never = ("aux_head", "spare", "spare.0", "spare.1")
    return ZooModel("unused_module", UnusedModule(), torch.randn(2, 8), never_run=never)


@_seeded
def conv1d():
    return ZooModel("conv1d", Conv1DNet(), torch.randn(2, 2, 32))


@_seeded
def buffer_mutation():
    return ZooModel("buffer_mutation", BufferMutation(), torch.randn(5, 6))


@_seeded
def tied_linear():
    return ZooModel("tied_linear", TiedLinear(), torch.randn(3, 12), torchinfo_totals_wrong=TIED_REASON)


@_seeded
def root_params():
    return ZooModel("root_params", RootParams(), torch.randn(3, 9))


@_seeded
def dropout_mlp():
    return ZooModel("dropout_mlp", DropoutMLP(), torch.randn(4, 10), uses_dropout=True)


@_seeded
def autoencoder():
    return ZooModel("autoencoder", Autoencoder(), torch.rand(2, 1, 16, 16))


FACTORIES: List[Callable[[], ZooModel]] = [
    seed_mlp,
    seed_cnn,
    resnet,
    transformer_encoder,
    gpt_tied,
    lstm,
    gru,
    dict_io,
    dataclass_output,
    control_flow,
    siamese,
    inplace_ops,
    frozen,
    multihead_attention,
    compiled,
    ddp,
    data_parallel,
    half_float16,
    half_bfloat16,
    keyword_only,
    tuple_list_output,
    unused_module,
    conv1d,
    buffer_mutation,
    tied_linear,
    root_params,
    dropout_mlp,
    autoencoder,
]

BY_NAME = {factory.__name__: factory for factory in FACTORIES}
NAMES = list(BY_NAME)


def build(name):
    """A fresh instance of the zoo model called `name`."""
    return BY_NAME[name]()


_DESCRIPTIONS = {}


def describe(name):
    """One shared instance of `name`, for reading its facts only (never run it)."""
    if name not in _DESCRIPTIONS:
        _DESCRIPTIONS[name] = build(name)
        release_process_group()  # called at collection time: leave no global state behind
    return _DESCRIPTIONS[name]


def names_where(predicate):
    """Zoo names whose record satisfies `predicate`, for parametrizing tests."""
    return [name for name in NAMES if predicate(describe(name))]


# --------------------------------------------------------------------------- failing model


class ExplodingLayer(nn.Module):
    def forward(self, x):
        if x.shape[-1] != 3:
            raise ValueError("ExplodingLayer wants 3 features, got %d" % x.shape[-1])
        return x


class ExplodingModel(nn.Module):
    """Fails inside `body.explode`, two levels down, the way a shape bug does."""

    def __init__(self):
        super().__init__()
        self.stem = nn.Linear(4, 5)
        self.body = nn.Sequential(nn.ReLU(), ExplodingLayer())

    def forward(self, x):
        return self.body(self.stem(x))


EXPLODING_PATH = "body.1"
