"""Log directories for the browser tests, written with the real writer.

Three runs: a small CNN trained between recorded steps (so activations change), a run
whose name is an HTML injection attempt holding two models (tags), and a run written
by a "newer" tensorboard_modelviz, which the server must refuse with a readable error.
"""

import os

import tb_helpers
import torch
from torch import nn

from tensorboard_modelviz import SummaryWriter
from tensorboard_modelviz.format import codec, metadata

EVIL = "<img src=x onerror=alert(1)>"
CNN_RUN = "cnn"
EVIL_RUN = EVIL
NEWER_RUN = "from-the-future"
CNN_STEPS = [0, 10, 20]


class SmallCnn(nn.Module):
    """Conv stack with a Sequential block and a module whose name is markup."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 8, 3)
        self.relu = nn.ReLU()
        self.block = nn.Sequential(nn.Conv2d(8, 16, 3, stride=2), nn.BatchNorm2d(16), nn.ReLU())
        self.extras = nn.ModuleDict({EVIL: nn.Identity()})
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(16, 10)

    def forward(self, x):
        x = self.relu(self.conv1(x))
        x = self.block(x)
        x = self.extras[EVIL](x)
        return self.fc(self.pool(x).flatten(1))


def write_cnn_run(logdir, steps=CNN_STEPS, train_between=5):
    """Trains SmallCnn briefly between recorded steps; returns the model."""
    torch.manual_seed(0)
    model = SmallCnn()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.2)
    x = torch.randn(8, 1, 28, 28)  # conv1's output, 43,264 values, is described from a subset
    y = torch.randint(0, 10, (8,))
    writer = SummaryWriter(os.path.join(logdir, CNN_RUN))
    for step in steps:
        for _ in range(train_between):
            optimizer.zero_grad()
            nn.functional.cross_entropy(model(x), y).backward()
            optimizer.step()
        writer.add_model_viz(model, x, step)
    writer.close()
    return model


def write_evil_run(logdir):
    """A run named like markup with two models: an MLP and a transformer layer."""
    torch.manual_seed(1)
    writer = SummaryWriter(os.path.join(logdir, EVIL_RUN))
    mlp = nn.Sequential(nn.Linear(12, 24), nn.GELU(), nn.Linear(24, 4))
    writer.add_model_viz(mlp, torch.randn(4, 12), 0, tag="mlp")
    encoder = nn.TransformerEncoderLayer(16, 2, 32, batch_first=True)
    writer.add_model_viz(encoder, torch.randn(2, 6, 16), 0, tag="encoder")
    writer.close()


def write_newer_run(logdir):
    """One step whose structure blob claims a format version above ours."""
    structure = tb_helpers.structure_document()
    log = tb_helpers.EventLog(os.path.join(logdir, NEWER_RUN))
    log.add_blobs(
        metadata.structure_tag(metadata.DEFAULT_TAG),
        [tb_helpers.from_newer_version(codec.encode_structure(structure))],
        0,
    )
    document, samples = tb_helpers.step_document(structure, 0)
    log.add_blobs(
        metadata.step_tag(metadata.DEFAULT_TAG), [tb_helpers.from_newer_version(codec.encode_step(document))], 0
    )
    log.close()


# --- change over time -------------------------------------------------------------------

DEMO_SIGNALS = os.path.join(os.path.dirname(__file__), "..", "..", "demo", "signals.py")
SIGNAL_RUNS = ("healthy", "lr_too_high", "vanishing_sigmoid", "frozen_by_mistake")
SIGNAL_STEPS = 60  # optimizer steps per run: 7 logged steps, enough for every alert
SIGNAL_LOGGED = list(range(0, SIGNAL_STEPS, 10)) + [SIGNAL_STEPS - 1]
DEEP_RUN = "deep150"
DEEP_LAYERS = 149  # plus the root: 150 rows
DEEP_STEPS = [10 * i for i in range(100)]
PROBE_CHANGE_RUN = "probe_changed"
PROBE_CHANGE_STEPS = [0, 10, 20, 30, 40, 50]
PROBE_CHANGED_AT = 30


def write_signal_runs(logdir):
    """demo/signals.py's four runs, shortened: each has its planted problem."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("demo_signals", DEMO_SIGNALS)
    signals = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(signals)
    signals.main(["--logdir", logdir, "--steps", str(SIGNAL_STEPS), "--viz-every", "10", "--no-check"])


def write_probe_change_run(logdir):
    """A run of tb_helpers' Net whose fixed probe batch was replaced once, at PROBE_CHANGED_AT."""
    with SummaryWriter(os.path.join(logdir, PROBE_CHANGE_RUN)) as writer:
        model = tb_helpers.record_model(writer, [s for s in PROBE_CHANGE_STEPS if s < PROBE_CHANGED_AT])
        tb_helpers.record_model(
            writer,
            [s for s in PROBE_CHANGE_STEPS if s >= PROBE_CHANGED_AT],
            model=model,
            inputs=torch.ones(tb_helpers.NET_INPUT),
        )


def write_deep_run(logdir):
    """A 150-row model logged 100 times (hand-built documents: fast to write), whose
    output std falls with depth and grows with training, for the heatmap's timing; each
    step on other inputs, as a loop that logs its training batches."""
    names = ["block%d.layer%d" % (i // 3, i % 3) for i in range(DEEP_LAYERS)]
    structure = tb_helpers.structure_document(names, model_type="Deep150")
    log = tb_helpers.EventLog(os.path.join(logdir, DEEP_RUN))
    for index, step in enumerate(DEEP_STEPS):
        document, samples = tb_helpers.step_document(structure, step)
        for depth, key in enumerate(tb_helpers.layer_keys(structure)):
            document["activations"][key]["std"] = (1 + index / 20) * 0.97**depth
        document["input_fingerprint"] = "%016x" % step
        log.add(step, structure, document, samples)
    log.close()


# --- models at scale (issue 25) ---------------------------------------------------------

GPT_RUN = "gpt_deep"
GPT_RUN_B = "gpt_deep_b"
GPT_BLOCKS = 80
GPT_STEPS = [0, 5, 10]


class _Attention(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.c_attn = nn.Linear(width, 3 * width)
        self.c_proj = nn.Linear(width, width)
        self.attn_dropout = nn.Dropout(0.0)
        self.resid_dropout = nn.Dropout(0.0)

    def forward(self, x):
        q, k, v = self.c_attn(x).chunk(3, dim=-1)
        weights = self.attn_dropout(torch.softmax(q @ k.transpose(-1, -2) / q.shape[-1] ** 0.5, dim=-1))
        return self.resid_dropout(self.c_proj(weights @ v))


class _Mlp(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.c_fc = nn.Linear(width, 4 * width)
        self.act = nn.GELU()
        self.c_proj = nn.Linear(4 * width, width)
        self.dropout = nn.Dropout(0.0)

    def forward(self, x):
        return self.dropout(self.c_proj(self.act(self.c_fc(x))))


class _Block(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.ln_1 = nn.LayerNorm(width)
        self.attn = _Attention(width)
        self.ln_2 = nn.LayerNorm(width)
        self.mlp = _Mlp(width)

    def forward(self, x):
        x = x + self.attn(self.ln_1(x))
        return x + self.mlp(self.ln_2(x))


class GptShaped(nn.Module):
    """GPT-2's module names (`transformer.h.0.attn.resid_dropout`) at a tiny width: with
    80 blocks, 1,048 modules, built from a config with random weights."""

    def __init__(self, blocks=GPT_BLOCKS, width=8, vocab=32):
        super().__init__()
        self.transformer = nn.ModuleDict(
            {
                "wte": nn.Embedding(vocab, width),
                "h": nn.ModuleList(_Block(width) for _ in range(blocks)),
                "ln_f": nn.LayerNorm(width),
            }
        )
        self.lm_head = nn.Linear(width, vocab)

    def forward(self, tokens):
        x = self.transformer["wte"](tokens)
        for block in self.transformer["h"]:
            x = block(x)
        return self.lm_head(self.transformer["ln_f"](x))


def write_gpt_runs(logdir, runs=(GPT_RUN, GPT_RUN_B), blocks=GPT_BLOCKS, steps=GPT_STEPS):
    """GptShaped trained briefly between a few recorded steps, once per run (different
    seeds and learning rates, so that a layer's trend lines differ between runs)."""
    tokens = torch.arange(12).reshape(1, 12) % 32
    for index, run in enumerate(runs):
        torch.manual_seed(index)
        model = GptShaped(blocks)
        optimizer = torch.optim.SGD(model.parameters(), lr=0.05 * (1 + 4 * index))
        writer = SummaryWriter(os.path.join(logdir, run))
        for step in range(steps[-1] + 1):
            optimizer.zero_grad()
            logits = model(tokens)
            nn.functional.cross_entropy(logits[0, :-1], tokens[0, 1:]).backward()
            optimizer.step()
            if step in steps:
                writer.add_model_viz(model, tokens, step)
        writer.close()
