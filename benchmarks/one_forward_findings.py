"""Why the recorded forward of a structure's first call cannot simply run with gradients
and give the backward graph itself (as the prototype in benchmarks/autograd_cost.md
tried): two reproducers of the documents it would change. Run: .venv/bin/python benchmarks/one_forward_findings.py

1. A TorchDispatchMode (capture's FlopRecorder is one) changes the autograd graph a
   forward builds: nn.MultiheadAttention in train mode (dropout: the math attention,
   whose matmuls reshape their expanded operands) reshapes with _reshape_alias
   (ReshapeAliasBackward0) without a mode and with view (ViewBackward0) under one.
2. A 2-layer nn.LSTM on the CPU gives other values (last bits) in a forward with
   gradients than under torch.no_grad, so the first call's activation statistics change.
"""

import collections

import torch
from torch.utils._python_dispatch import TorchDispatchMode


class Passthrough(TorchDispatchMode):
    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        return func(*args, **(kwargs or {}))


def names(root):
    seen, order = set(), [root]
    while order:
        node = order.pop()
        if node is None or node in seen:
            continue
        seen.add(node)
        order.extend(f for f, _ in node.next_functions)
    return collections.Counter(type(n).__name__ for n in seen)


def main():
    torch.manual_seed(0)
    mha = torch.nn.MultiheadAttention(32, 4, dropout=0.1, batch_first=True).train()
    x = torch.randn(2, 5, 32)
    torch.manual_seed(1)
    plain = names(mha(x, x, x, need_weights=False)[0].grad_fn)
    torch.manual_seed(1)
    with Passthrough():
        moded = names(mha(x, x, x, need_weights=False)[0].grad_fn)
    print("1. backward nodes without a dispatch mode only:", dict(plain - moded))
    print("   backward nodes under a dispatch mode only:   ", dict(moded - plain))

    torch.manual_seed(0)
    lstm = torch.nn.LSTM(16, 24, num_layers=2, batch_first=True).eval()
    t = torch.randn(3, 7, 16)
    with torch.no_grad():
        a = lstm(t)[0]
    b = lstm(t)[0].detach()
    print("2. 2-layer LSTM, no_grad vs grad: equal =", torch.equal(a, b), " max |diff| =", (a - b).abs().max().item())


if __name__ == "__main__":
    main()
