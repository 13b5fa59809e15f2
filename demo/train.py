"""Train two small models on scikit-learn's bundled digits and log them with add_model_viz.

    python demo/train.py                       # writes runs/cnn and runs/mlp
    tensorboard --logdir runs                  # then open the "Model Viz" tab

The digits (1,797 images of 8x8 pixels) ship inside scikit-learn, so nothing is
downloaded; they are scaled up to 28x28 so that the models have MNIST's shapes.
Every `--viz-every` steps the model's graph, layer table and activations are recorded,
after the optimizer step so that the gradients of that step are recorded too. The
activations are those of a fixed probe batch (the first `--probe-size` test images), the
same images at every logged step: the dashboard's step comparison (maps A, B and B - A)
and its trends then show the model changing, not the batch.
"""

import argparse
import os

import torch
import torch.nn as nn
import torch.nn.functional as F
from sklearn.datasets import load_digits

from tensorboard_modelviz import SummaryWriter


class SmallCNN(nn.Module):
    """The classic MNIST network: two 5x5 convolutions, then two linear layers."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 10, kernel_size=5)
        self.pool1 = nn.MaxPool2d(2)
        self.relu1 = nn.ReLU()
        self.conv2 = nn.Conv2d(10, 20, kernel_size=5)
        self.pool2 = nn.MaxPool2d(2)
        self.relu2 = nn.ReLU()
        self.flatten = nn.Flatten()
        self.fc1 = nn.Linear(320, 50)
        self.relu3 = nn.ReLU()
        self.fc2 = nn.Linear(50, 10)

    def forward(self, x):
        x = self.relu1(self.pool1(self.conv1(x)))
        x = self.relu2(self.pool2(self.conv2(x)))
        x = self.relu3(self.fc1(self.flatten(x)))
        return self.fc2(x)


class MLP(nn.Module):
    """A plain multi-layer perceptron on the flattened 28x28 image."""

    def __init__(self):
        super().__init__()
        self.flatten = nn.Flatten()
        self.fc1 = nn.Linear(784, 128)
        self.relu1 = nn.ReLU()
        self.fc2 = nn.Linear(128, 64)
        self.relu2 = nn.ReLU()
        self.fc3 = nn.Linear(64, 10)

    def forward(self, x):
        x = self.relu1(self.fc1(self.flatten(x)))
        x = self.relu2(self.fc2(x))
        return self.fc3(x)


MODELS = {"cnn": SmallCNN, "mlp": MLP}

# Test images the model is logged on: enough for each layer's statistics (a zero fraction
# to a few percent), fewer than a training batch.
PROBE_SIZE = 32


def load_data(test_size=297):
    """The digits as (N, 1, 28, 28) float tensors, standardised, split into train and test."""
    digits = load_digits()
    images = torch.tensor(digits.images, dtype=torch.float32).unsqueeze(1) / 16.0
    images = F.interpolate(images, size=(28, 28), mode="bilinear", align_corners=False)
    images = (images - images.mean()) / images.std()
    labels = torch.tensor(digits.target, dtype=torch.long)
    order = torch.randperm(len(labels), generator=torch.Generator().manual_seed(0))
    test, train = order[:test_size], order[test_size:]
    return (images[train], labels[train]), (images[test], labels[test])


def accuracy(model, images, labels):
    model.eval()
    with torch.no_grad():
        correct = (model(images).argmax(dim=1) == labels).float().mean().item()
    model.train()
    return correct


def train(model, data, writer, epochs=4, batch_size=64, viz_every=4, lr=0.05, seed=0, probe_size=PROBE_SIZE):
    """Train `model` with SGD, logging scalars every step and the model every `viz_every` steps.

    The model is logged on the first `probe_size` test images; `probe_size=0` logs each
    step's training batch instead (the benchmark measures both). `viz_every=0` turns the
    model logging off. Returns the number of optimizer steps taken.
    """
    (train_x, train_y), (test_x, test_y) = data
    probe = test_x[:probe_size] if probe_size else None
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    shuffle = torch.Generator().manual_seed(seed)
    step = 0
    for _epoch in range(epochs):
        order = torch.randperm(len(train_y), generator=shuffle)
        for start in range(0, len(order), batch_size):
            batch = order[start : start + batch_size]
            x, y = train_x[batch], train_y[batch]
            optimizer.zero_grad(set_to_none=True)
            loss = F.cross_entropy(model(x), y)
            loss.backward()
            optimizer.step()
            writer.add_scalar("loss/train", loss.item(), step)
            if viz_every and step % viz_every == 0:
                writer.add_model_viz(model, x if probe is None else probe, step)
            step += 1
        writer.add_scalar("accuracy/test", accuracy(model, test_x, test_y), step)
    writer.flush()
    return step


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--logdir", default="runs", help="parent folder of the runs (default: runs)")
    parser.add_argument("--models", nargs="+", choices=sorted(MODELS), default=sorted(MODELS))
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--viz-every", type=int, default=4, help="steps between add_model_viz calls")
    parser.add_argument(
        "--probe-size",
        type=int,
        default=PROBE_SIZE,
        help="test images the model is logged on (0: each step's training batch)",
    )
    parser.add_argument("--seed", type=int, default=0)
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    data = load_data()
    for name in args.models:
        torch.manual_seed(args.seed)
        model = MODELS[name]()
        run_dir = os.path.join(args.logdir, name)
        with SummaryWriter(run_dir) as writer:
            steps = train(
                model,
                data,
                writer,
                epochs=args.epochs,
                batch_size=args.batch_size,
                viz_every=args.viz_every,
                seed=args.seed,
                probe_size=args.probe_size,
            )
        print("%s: %d steps, test accuracy %.3f -> %s" % (name, steps, accuracy(model, *data[1]), run_dir))


if __name__ == "__main__":
    main()
