"""The models the benchmark runs, each with the input it is called with.

Every case builds a fresh, randomly initialised model (seeded) and its input: a tensor,
a tuple of positional tensors or a dict of keyword arguments. Nothing is downloaded:
the HuggingFace models are built from their default configs, which are GPT-2 small and
BERT-base.
"""

import functools
import importlib.util
import os
from collections import namedtuple

import torch
import torch.nn as nn

from tensorboard_modelviz.capture.recording import call_model  # noqa: F401  (the benchmark modules call models through it)

Case = namedtuple("Case", "name description input_description build")

_DEMO_TRAIN = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "demo", "train.py")


@functools.lru_cache(maxsize=None)
def load_demo():
    """demo/train.py as a module: the seed's MLP and CNN and the demo's training loop.

    Loaded once per process (it imports scikit-learn); loading it runs no tensor code.
    """
    spec = importlib.util.spec_from_file_location("modelviz_demo_train", _DEMO_TRAIN)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def positional(inputs):
    """The input as a tuple of positional arguments, for tools that take no keywords.

    The dict inputs here list their keys in the order of the model's forward signature.
    """
    if isinstance(inputs, dict):
        return tuple(inputs.values())
    if isinstance(inputs, (tuple, list)):
        return tuple(inputs)
    return (inputs,)


# ResNet-50 --------------------------------------------------------------------------


class Bottleneck(nn.Module):
    """ResNet's 1x1 -> 3x3 -> 1x1 block; one in-place ReLU module is called three times."""

    expansion = 4

    def __init__(self, in_channels, width, stride=1):
        super().__init__()
        out_channels = width * self.expansion
        self.conv1 = nn.Conv2d(in_channels, width, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(width)
        self.conv2 = nn.Conv2d(width, width, 3, stride=stride, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(width)
        self.conv3 = nn.Conv2d(width, out_channels, 1, bias=False)
        self.bn3 = nn.BatchNorm2d(out_channels)
        self.relu = nn.ReLU(inplace=True)
        self.downsample = None
        if stride != 1 or in_channels != out_channels:
            self.downsample = nn.Sequential(
                nn.Conv2d(in_channels, out_channels, 1, stride=stride, bias=False),
                nn.BatchNorm2d(out_channels),
            )

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.relu(self.bn2(self.conv2(out)))
        out = self.bn3(self.conv3(out))
        out += identity
        return self.relu(out)


class ResNet50(nn.Module):
    """ResNet-50's layout (stages of 3, 4, 6, 3 bottlenecks) for 1000 classes."""

    def __init__(self, blocks=(3, 4, 6, 3), num_classes=1000):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 64, 7, stride=2, padding=3, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(3, stride=2, padding=1)
        channels = 64
        stages = []
        for index, (count, width) in enumerate(zip(blocks, (64, 128, 256, 512))):
            stage = []
            for block in range(count):
                stride = 2 if index > 0 and block == 0 else 1
                stage.append(Bottleneck(channels, width, stride))
                channels = width * Bottleneck.expansion
            stages.append(nn.Sequential(*stage))
        self.layer1, self.layer2, self.layer3, self.layer4 = stages
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(channels, num_classes)

    def forward(self, x):
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
        return self.fc(torch.flatten(self.avgpool(x), 1))


# Small models with the shapes that break graph tools ----------------------------------


class EmbeddingLSTM(nn.Module):
    """A language model: embedding, a 2-layer LSTM, a linear head over the vocabulary."""

    def __init__(self, vocab=5000, embed=128, hidden=256):
        super().__init__()
        self.embedding = nn.Embedding(vocab, embed)
        self.lstm = nn.LSTM(embed, hidden, num_layers=2, batch_first=True)
        self.head = nn.Linear(hidden, vocab)

    def forward(self, tokens):
        out, _ = self.lstm(self.embedding(tokens))
        return self.head(out)


class DictOutputNet(nn.Module):
    """A conv backbone whose forward returns a dict (logits, embedding, attention map)."""

    def __init__(self):
        super().__init__()
        self.backbone = nn.Sequential(
            nn.Conv2d(3, 32, 3, padding=1),
            nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3, padding=1),
            nn.ReLU(),
        )
        self.attention = nn.Conv2d(64, 1, 1)
        self.classifier = nn.Linear(64, 10)

    def forward(self, images):
        features = self.backbone(images)
        attention = torch.sigmoid(self.attention(features))
        embedding = (features * attention).mean(dim=(2, 3))
        return {"logits": self.classifier(embedding), "embedding": embedding, "attention": attention}


class ControlFlowNet(nn.Module):
    """An MLP whose path depends on the data: a branch on the mean and a data-sized loop."""

    def __init__(self, width=256):
        super().__init__()
        self.encoder = nn.Linear(64, width)
        self.positive = nn.Sequential(nn.Linear(width, width), nn.ReLU())
        self.negative = nn.Sequential(nn.Linear(width, width), nn.Tanh())
        self.refine = nn.Linear(width, width)
        self.head = nn.Linear(width, 10)

    def forward(self, x):
        h = self.encoder(x)
        h = self.positive(h) if h.mean() > 0 else self.negative(h)
        for _ in range(1 + int(x.abs().mean().item() * 3) % 4):
            h = h + torch.relu(self.refine(h))
        return self.head(h)


class SiameseNet(nn.Module):
    """One encoder module called twice per forward, on two images."""

    def __init__(self):
        super().__init__()
        self.encoder = nn.Sequential(
            nn.Conv2d(1, 16, 3, padding=1),
            nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Conv2d(16, 32, 3, padding=1),
            nn.ReLU(),
            nn.AdaptiveAvgPool2d(4),
            nn.Flatten(),
        )
        self.head = nn.Linear(512, 1)

    def forward(self, left, right):
        return self.head(torch.abs(self.encoder(left) - self.encoder(right)))


# The cases ---------------------------------------------------------------------------


def _mlp():
    return load_demo().MLP(), torch.randn(64, 1, 28, 28)


def _cnn():
    return load_demo().SmallCNN(), torch.randn(64, 1, 28, 28)


def _resnet50(batch=1):
    return ResNet50(), torch.randn(batch, 3, 224, 224)


def _resnet50_channels_last():
    """The layout PyTorch's performance guides recommend for CNNs: channels innermost."""
    model, x = _resnet50()
    return model.to(memory_format=torch.channels_last), x.contiguous(memory_format=torch.channels_last)


def _to_bfloat16(model, inputs):
    return model.to(torch.bfloat16), inputs


def _gpt2(batch=1, tokens=128):
    from transformers import GPT2Config, GPT2LMHeadModel

    model = GPT2LMHeadModel(GPT2Config())
    return model, {"input_ids": torch.randint(0, model.config.vocab_size, (batch, tokens))}


def _bert():
    from transformers import BertConfig, BertModel

    model = BertModel(BertConfig())
    tokens = torch.randint(0, model.config.vocab_size, (1, 128))
    return model, {"input_ids": tokens, "attention_mask": torch.ones_like(tokens)}


def _lstm():
    return EmbeddingLSTM(), torch.randint(0, 5000, (8, 64))


def _dict_output():
    return DictOutputNet(), torch.randn(8, 3, 32, 32)


def _control_flow():
    return ControlFlowNet(), torch.randn(16, 64)


def _called_twice():
    return SiameseNet(), (torch.randn(16, 1, 28, 28), torch.randn(16, 1, 28, 28))


CASES = [
    Case("mlp", "the seed's MLP (784-128-64-10)", "64x1x28x28", _mlp),
    Case("cnn", "the seed's small CNN (2 conv, 2 linear)", "64x1x28x28", _cnn),
    Case("resnet50", "ResNet-50-shaped CNN, BatchNorm, in-place ReLU", "1x3x224x224", _resnet50),
    Case("resnet50_channels_last", "the same in channels_last", "1x3x224x224, channels_last", _resnet50_channels_last),
    Case("gpt2", "GPT-2 small (transformers, random init), LM head", "1x128 tokens", _gpt2),
    Case(
        "gpt2_bfloat16",
        "the same with bfloat16 weights, as language models are often loaded",
        "1x128 tokens",
        lambda: _to_bfloat16(*_gpt2()),
    ),
    # The same two at training-sized batches: the call's cost is mostly per layer and per
    # parameter, so it weighs less against a forward over a real batch.
    Case("resnet50_b16", "ResNet-50-shaped CNN at a training batch", "16x3x224x224", lambda: _resnet50(batch=16)),
    Case("gpt2_b4x256", "GPT-2 small at a training batch", "4x256 tokens", lambda: _gpt2(batch=4, tokens=256)),
    Case("bert", "BERT-base (transformers, random init)", "1x128 tokens + mask", _bert),
    Case("lstm", "embedding + 2-layer LSTM + vocabulary head", "8x64 tokens", _lstm),
    Case("dict_output", "conv net returning a dict", "8x3x32x32", _dict_output),
    Case("control_flow", "MLP with a data-dependent branch and loop", "16x64", _control_flow),
    Case("called_twice", "siamese net, one encoder called twice", "2 x 16x1x28x28", _called_twice),
]
CASES_BY_NAME = {case.name: case for case in CASES}


def build(name, seed=0):
    """A fresh (model in eval mode, inputs) pair for the case `name`, seeded."""
    if name not in CASES_BY_NAME:
        raise ValueError("unknown model %r; known: %s" % (name, ", ".join(CASES_BY_NAME)))
    torch.manual_seed(seed)
    model, inputs = CASES_BY_NAME[name].build()
    return model.eval(), inputs


def parameter_count(model):
    """Parameters counted once each, also where they are shared (GPT-2's tied embedding)."""
    return sum(p.numel() for p in {id(p): p for p in model.parameters()}.values())
