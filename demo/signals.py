"""Four small training runs, each showing one signal of the "change over time" views.

    python demo/signals.py                    # writes runs/healthy, runs/lr_too_high, ...
    tensorboard --logdir runs                 # then open the "Model Viz" tab

| run | what is wrong | what shows it |
| --- | --- | --- |
| healthy | nothing | no alerts; update ratios fall from about 0.2 to 0.02 per 10 steps |
| lr_too_high | SGD with a learning rate 30× too high | update ratios of 1 to 10 per 10 steps, then most ReLUs die and fc2's output blows up |
| vanishing_sigmoid | ten sigmoid layers in a row | the first layer's gradients are about 1e8 times smaller than the last's |
| frozen_by_mistake | the optimizer is never given `fc2`'s parameters | `fc2`'s update ratio is 0 at every step though it has gradients |

The models train on scikit-learn's bundled digits (1,797 images of 8x8 pixels, nothing
is downloaded). The model is logged right after `loss.backward()`, so the gradients of
that step are in the record, every `--viz-every` steps, on a fixed probe batch (the first
64 images) so that its activations compare from step to step. After training, each run
is read back and its health alerts are printed (`--no-check` skips that).
"""

import argparse
import os
import time

import torch
import torch.nn as nn
import torch.nn.functional as F
from sklearn.datasets import load_digits

from tensorboard_modelviz import SummaryWriter


class MLP(nn.Module):
    """64 pixels -> 128 -> 64 -> 10 classes with ReLUs."""

    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(64, 128)
        self.relu1 = nn.ReLU()
        self.fc2 = nn.Linear(128, 64)
        self.relu2 = nn.ReLU()
        self.fc3 = nn.Linear(64, 10)

    def forward(self, x):
        return self.fc3(self.relu2(self.fc2(self.relu1(self.fc1(x)))))


class DeepSigmoid(nn.Module):
    """`depth` Linear + Sigmoid blocks, then a classifier: the textbook vanishing gradient.

    Each sigmoid scales the gradient by at most 1/4 on its way back, so the first
    layer's gradient is orders of magnitude smaller than the last's.
    """

    def __init__(self, depth=10, width=64):
        super().__init__()
        blocks = [nn.Sequential(nn.Linear(64 if i == 0 else width, width), nn.Sigmoid()) for i in range(depth)]
        self.blocks = nn.Sequential(*blocks)
        self.head = nn.Linear(width, 10)

    def forward(self, x):
        return self.head(self.blocks(x))


def _sgd(parameters, lr):
    return torch.optim.SGD(parameters, lr=lr, momentum=0.9)


def healthy(model):
    return _sgd(model.parameters(), lr=0.02)


def lr_too_high(model):
    return _sgd(model.parameters(), lr=0.6)


def frozen_by_mistake(model):
    # The bug: the optimizer is built from a hand-written list that forgot fc2. Its
    # parameters still require grad and receive gradients, but never change.
    return _sgd(list(model.fc1.parameters()) + list(model.fc3.parameters()), lr=0.02)


def vanishing_sigmoid(model):
    return _sgd(model.parameters(), lr=0.02)


# run name -> (model class, optimizer factory)
RUNS = {
    "healthy": (MLP, healthy),
    "lr_too_high": (MLP, lr_too_high),
    "vanishing_sigmoid": (DeepSigmoid, vanishing_sigmoid),
    "frozen_by_mistake": (MLP, frozen_by_mistake),
}


def load_data():
    """The digits as (N, 64) standardised float vectors and their labels."""
    digits = load_digits()
    images = torch.tensor(digits.data, dtype=torch.float32)
    images = (images - images.mean()) / images.std()
    return images, torch.tensor(digits.target, dtype=torch.long)


def train(model, optimizer, data, writer, steps, batch_size=64, viz_every=10, seed=0):
    """`steps` optimizer steps on random batches; the model is logged after backward, on
    the same probe images every time."""
    images, labels = data
    probe = images[:batch_size]
    batches = torch.Generator().manual_seed(seed)
    for step in range(steps):
        batch = torch.randint(len(labels), (batch_size,), generator=batches)
        x, y = images[batch], labels[batch]
        optimizer.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        writer.add_scalar("loss/train", loss.item(), step)
        if step % viz_every == 0 or step == steps - 1:
            writer.add_model_viz(model, probe, step)
        optimizer.step()


def print_alerts(logdir, names):
    """Read the runs back as the dashboard does and print what the alerts say."""
    from tensorboard_modelviz.server import analysis, reader

    logs = reader.open_logdir(logdir)
    for entry in logs.runs():
        if entry["run"] not in names:
            continue
        for tag in entry["tags"]:
            steps = [logs.step(entry["run"], tag["tag"], s) for s in tag["steps"]]
            structure = logs.structure(entry["run"], tag["tag"], tag["steps"][-1])
            alerts = analysis.health_alerts(steps, structure)
            print("%s: %s" % (entry["run"], "no alerts" if not alerts else "%d alert(s)" % len(alerts)))
            for alert in alerts:
                print("  [%s] %s" % (alert["kind"], alert["message"]))


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--logdir", default="runs", help="parent folder of the runs (default: runs)")
    parser.add_argument("--runs", nargs="+", choices=list(RUNS), default=list(RUNS))
    parser.add_argument("--steps", type=int, default=300, help="optimizer steps per run")
    parser.add_argument("--viz-every", type=int, default=10, help="steps between add_model_viz calls")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--threads", type=int, default=1, help="torch CPU threads (default 1: faster than more for models this small)"
    )
    parser.add_argument(
        "--no-check", dest="check", action="store_false", help="do not read the runs back and print their health alerts"
    )
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    data = load_data()
    threads = torch.get_num_threads()
    torch.set_num_threads(args.threads)
    try:
        for name in args.runs:
            started = time.perf_counter()
            model_class, make_optimizer = RUNS[name]
            torch.manual_seed(args.seed)
            model = model_class()
            run_dir = os.path.join(args.logdir, name)
            with SummaryWriter(run_dir) as writer:
                train(model, make_optimizer(model), data, writer, args.steps, viz_every=args.viz_every, seed=args.seed)
            print("%s: %d steps in %.1f s -> %s" % (name, args.steps, time.perf_counter() - started, run_dir))
    finally:
        torch.set_num_threads(threads)
    if args.check:
        print_alerts(args.logdir, set(args.runs))


if __name__ == "__main__":
    main()
