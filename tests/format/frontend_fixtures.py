"""The structure documents the frontend's unit tests load (frontend/test/fixtures/*.json).

Each model is recorded by the real writer (`add_model_viz` into a temporary logdir) and
read back with the server's reader, so the tests see exactly what the dashboard is served.
Models are seeded and their weights never enter a structure document, so the files are
the same on every run; tests/format/test_frontend_fixtures.py checks that the committed
files are what this writes. The autograd graph (`backward`) is not recorded: no frontend
unit test reads it, and it would double the files.

    .venv/bin/python tests/format/frontend_fixtures.py     # rewrites frontend/test/fixtures/
"""

from __future__ import annotations

import functools
import json
import os
import sys
import tempfile
from collections.abc import Callable
from typing import Any

import torch
from torch import nn

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURES = os.path.join(ROOT, "frontend", "test", "fixtures")
GPT2_BLOCKS = (3, 24)  # a run of blocks small enough to lay out open, and one as deep as GPT-2 medium


class BasicBlock(nn.Module):
    """ResNet's basic block; a downsample path where the stride or the width changes."""

    def __init__(self, cin: int, cout: int, stride: int) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.relu = nn.ReLU(inplace=True)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.downsample = (
            nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))
            if stride != 1 or cin != cout
            else None
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = self.bn2(self.conv2(self.relu(self.bn1(self.conv1(x)))))
        identity = x if self.downsample is None else self.downsample(x)
        return self.relu(out + identity)


class SmallResNet(nn.Module):
    """A stem, two stages of two basic blocks (the first stage's are alike, the second
    stage's first has a downsample), a pooled linear head."""

    def __init__(self) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(3, 8, 3, 1, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(8)
        self.relu = nn.ReLU(inplace=True)
        self.layer1 = nn.Sequential(BasicBlock(8, 8, 1), BasicBlock(8, 8, 1))
        self.layer2 = nn.Sequential(BasicBlock(8, 16, 2), BasicBlock(16, 16, 1))
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(16, 10)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.layer2(self.layer1(self.relu(self.bn1(self.conv1(x)))))
        return self.fc(torch.flatten(self.avgpool(x), 1))


def _gpt2(blocks: int) -> tuple[nn.Module, Any]:
    """A GPT-2 with HuggingFace's module names, `blocks` blocks of width 16, 8 tokens."""
    import transformers

    config = transformers.GPT2Config(
        n_layer=blocks, n_embd=16, n_head=2, vocab_size=64, n_positions=16, bos_token_id=0, eos_token_id=0
    )
    return transformers.GPT2LMHeadModel(config).eval(), {"input_ids": torch.randint(0, 64, (1, 8))}


def _small_cnn() -> tuple[nn.Module, Any]:
    return SmallResNet().eval(), torch.randn(2, 3, 16, 16)


def models() -> dict[str, Callable[[], tuple[nn.Module, Any]]]:
    """File name (without .json) -> builder of (model, inputs)."""
    built: dict[str, Callable[[], tuple[nn.Module, Any]]] = {"small_cnn": _small_cnn}
    for blocks in GPT2_BLOCKS:
        built["gpt2_%d" % blocks] = functools.partial(_gpt2, blocks)
    return built


def record(build: Callable[[], tuple[nn.Module, Any]]) -> dict[str, Any]:
    """The structure document of the model `build` makes, as the reader serves it."""
    from tensorboard_modelviz import SummaryWriter
    from tensorboard_modelviz.server.reader import open_logdir

    torch.manual_seed(0)
    model, inputs = build()
    with tempfile.TemporaryDirectory() as logdir:
        with SummaryWriter(os.path.join(logdir, "run")) as writer:
            writer.add_model_viz(model, inputs, 0, backward_graph=False)
        return dict(open_logdir(logdir).structure("run", "model", 0))


def encode(document: dict[str, Any]) -> str:
    """Compact JSON, one document per file, with a final newline."""
    return json.dumps(document, separators=(",", ":"), sort_keys=True) + "\n"


def generate() -> dict[str, str]:
    """File name -> text of every fixture."""
    return {name + ".json": encode(record(build)) for name, build in models().items()}


def main() -> None:
    torch.set_num_threads(1)
    os.makedirs(FIXTURES, exist_ok=True)
    for name, text in generate().items():
        with open(os.path.join(FIXTURES, name), "w", encoding="utf-8") as file:
            file.write(text)
        print("%s: %d bytes" % (name, len(text.encode())), file=sys.stderr)


if __name__ == "__main__":
    main()
