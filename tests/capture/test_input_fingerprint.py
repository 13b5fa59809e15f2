"""The step document's input fingerprint tells steps that ran on the same inputs from those
that did not (what the Compare view's B − A needs to know)."""

import pytest
import torch
import torch.nn as nn

from tensorboard_modelviz.capture import input_fingerprint
from tensorboard_modelviz.capture.recording import capture_model
from tensorboard_modelviz.capture.statistics import SUBSET_RUN, SUBSET_SIZE


def fingerprint(*named):
    return input_fingerprint.finish(input_fingerprint.start(named))


class AddsInPlace(nn.Module):
    """Changes its input in place, as some models do to a buffer they are given."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 3)

    def forward(self, x):
        x.add_(1.0)
        return self.fc(x)


def test_equal_inputs_share_a_fingerprint_and_others_do_not():
    x = torch.randn(8, 4)
    base = fingerprint(("x", x))
    assert base == fingerprint(("x", x.clone())) and len(base) == 16
    changed = x.clone()
    changed[3, 2] += 1e-6
    others = [("x", changed), ("x", x.double()), ("x", x.reshape(4, 8)), ("input", x)]
    assert base not in {fingerprint(named) for named in others}
    assert fingerprint(("a", x), ("b", x)) != fingerprint(("a", x), ("b", changed))


def test_a_large_input_is_fingerprinted_on_its_subset():
    x = torch.randn(4, 3, 64, 64)
    assert x.numel() > SUBSET_SIZE
    base = fingerprint(("x", x))
    inside, outside = x.clone(), x.clone()
    inside.view(-1)[1] += 1.0  # the first run of the subset starts at the first value
    outside.view(-1)[SUBSET_RUN] += 1.0  # just past it
    assert fingerprint(("x", inside)) != base
    assert fingerprint(("x", outside)) == base  # the documented limit: the subset alone
    assert fingerprint(("x", torch.randn(4, 3, 64, 64))) != base


@pytest.mark.parametrize("dtype", [torch.bfloat16, torch.float16, torch.int64, torch.bool, torch.complex64])
def test_any_dtype_is_fingerprinted_from_its_own_bytes(dtype):
    x = torch.randint(-3, 4, (2, 50), generator=torch.Generator().manual_seed(0)).to(dtype)
    assert fingerprint(("x", x)) == fingerprint(("x", x.clone()))
    assert fingerprint(("x", x)) != fingerprint(("x", torch.roll(x, 1, dims=1)))


def test_the_step_document_carries_the_fingerprint_of_the_inputs_as_passed():
    torch.manual_seed(0)
    model, x = AddsInPlace(), torch.randn(2, 4)
    before = x.clone()
    result = capture_model(model, x)
    assert result.failure is None and torch.equal(x, before)  # the guard put it back
    assert result.step["input_fingerprint"] == fingerprint(("x", before))  # taken before the forward
    tokens = {"input_ids": torch.randint(0, 10, (1, 6)), "attention_mask": torch.ones(1, 6, dtype=torch.long)}

    class Embed(nn.Module):
        def __init__(self):
            super().__init__()
            self.embedding = nn.Embedding(10, 4)

        def forward(self, input_ids, attention_mask):
            return self.embedding(input_ids) * attention_mask[..., None]

    first, again = capture_model(Embed(), tokens), capture_model(Embed(), {k: v.clone() for k, v in tokens.items()})
    assert first.step["input_fingerprint"] == again.step["input_fingerprint"] is not None


def test_a_failing_fingerprint_loses_nothing_else(monkeypatch):
    def broken(started):
        raise RuntimeError("fingerprint broke")

    monkeypatch.setattr(input_fingerprint, "finish", broken)
    result = capture_model(nn.Sequential(nn.Linear(4, 3), nn.ReLU()), torch.randn(2, 4))
    assert result.step["input_fingerprint"] is None
    assert isinstance(result.failure, RuntimeError)
    assert any("fingerprint broke" in w for w in result.step["capture"]["warnings"])
    assert set(result.step["activations"]) == {"#0", "0#0", "1#0"} and result.step["params"]


class SparseInput(nn.Module):
    def __init__(self):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(5, 3))

    def forward(self, a):
        return torch.sparse.mm(a, self.weight)


def test_a_sparse_input_has_no_fingerprint_and_no_warning():
    result = capture_model(SparseInput(), torch.randn(4, 5).relu().to_sparse())
    assert result.failure is None and not result.step["capture"]["warnings"]
    assert result.step["input_fingerprint"] is None and result.step["activations"]


def test_the_fingerprint_is_the_sha1_of_the_named_bytes(monkeypatch):
    """CPython's own SHA-1 (taken where it was built) gives hashlib's digest: the
    fingerprint of an input is the same whichever makes it, and the fallback is hashlib's."""
    import hashlib

    x = torch.randn(3, 5)
    inner = hashlib.sha1(repr(("x", (3, 5), "torch.float32")).encode("utf-8"))
    inner.update(x.numpy().tobytes())
    expected = hashlib.sha1(inner.digest()).hexdigest()[:16]
    assert fingerprint(("x", x)) == expected
    monkeypatch.setattr(input_fingerprint, "_sha1", hashlib.sha1)  # a Python without _sha1
    assert fingerprint(("x", x)) == expected
