"""Activation samples: the first batch items of a layer's output, small enough to store.

Two stages. Inside the forward hook `reduce_activation` keeps a bounded float copy (first
samples, first channels, pooled to a maximum side), because the live tensor may be
overwritten later in the same forward. After the forward `fit_to_budget` shrinks all
copies together so that the call stays within its byte budget, and `quantise` turns each
into uint8 with its value ranges.
"""

import math

import torch
import torch.nn.functional as F

# Smallest sizes worth storing: below these a map tells nothing.
_MIN_SIDE = 4
_MIN_LENGTH = 8


def reduce_activation(tensor, max_samples, max_channels, max_side, max_tokens, max_features):
    """Bounded float32 CPU copy of `tensor`'s first samples, with its layout.

    Returns (layout, copy) with layout 'chw' ([n, C, H, W]), 'tf' ([n, T, F]) or
    'vec' ([n, F]); None for tensors that make no picture (scalars, >5-D, integers).
    """
    if not (tensor.is_floating_point() or tensor.is_complex()) or tensor.numel() == 0:
        return None
    t = tensor.detach()
    if t.is_complex():
        t = t.abs()
    if t.dim() == 1:
        t = t.unsqueeze(0)
    if t.dim() == 5:  # volumetric conv output: the middle depth slice
        t = t[:, :, t.shape[2] // 2]
    if t.dim() == 4:
        t = t[:max_samples, :max_channels].float()
        h, w = t.shape[-2:]
        scale = min(1.0, max_side / max(h, w))
        if scale < 1.0:
            t = F.adaptive_avg_pool2d(t, (max(1, round(h * scale)), max(1, round(w * scale))))
        return "chw", t.cpu().clone()
    if t.dim() == 3:
        t = t[:max_samples, :max_tokens].float()
        if t.shape[-1] > max_features:
            t = F.adaptive_avg_pool1d(t, max_features)
        return "tf", t.cpu().clone()
    if t.dim() == 2:
        t = t[:max_samples].float()
        if t.shape[-1] > max_features:
            t = F.adaptive_avg_pool1d(t.unsqueeze(1), max_features).squeeze(1)
        return "vec", t.cpu().clone()
    return None


def _fit(layout, t, budget):
    """`t` made to hold at most `budget` values, or None if that would say nothing.

    Sizes are chosen in one go, in order of what matters least: resolution first (down to
    `_MIN_SIDE` x 2 or `_MIN_LENGTH` features), then channels or tokens, then samples.
    """
    if t.numel() <= budget:
        return t
    if layout == "chw":
        n, c, h, w = t.shape
        scale = math.sqrt(budget / t.numel())
        h2 = max(math.floor(h * scale), min(h, 2 * _MIN_SIDE))
        w2 = max(math.floor(w * scale), min(w, 2 * _MIN_SIDE))
        c2 = min(c, budget // (n * h2 * w2))
        n2 = n if c2 >= 1 else budget // (h2 * w2)
        if n2 < 1:
            return None
        t = t[:n2, :max(c2, 1)]
        return F.adaptive_avg_pool2d(t, (h2, w2)) if (h2, w2) != (h, w) else t
    if layout == "tf":
        n, tokens, feats = t.shape
        feats2 = max(min(feats, budget // (n * tokens)), min(feats, _MIN_LENGTH))
        tokens2 = max(min(tokens, budget // (n * feats2)), min(tokens, _MIN_LENGTH))
        n2 = min(n, budget // (tokens2 * feats2))
        if n2 < 1:
            return None
        t = t[:n2, :tokens2]
        return F.adaptive_avg_pool1d(t, feats2) if feats2 != feats else t
    n, feats = t.shape
    feats2 = max(min(feats, budget // n), min(feats, _MIN_LENGTH))
    n2 = min(n, budget // feats2)
    if n2 < 1:
        return None
    t = t[:n2]
    return F.adaptive_avg_pool1d(t.unsqueeze(1), feats2).squeeze(1) if feats2 != feats else t


def fit_to_budget(samples, budget):
    """Shrink the copies so that their uint8 sizes sum to at most `budget` bytes.

    `samples` maps key -> (layout, copy). Small copies keep their size and leave their
    unused share to larger ones; a copy that cannot be made small enough is dropped.
    Returns the fitted mapping in the same key order.
    """
    order = sorted(samples, key=lambda k: samples[k][1].numel())
    fitted = {}
    left = budget
    for i, key in enumerate(order):
        share = left // (len(order) - i)
        layout, t = samples[key]
        t = _fit(layout, t, share)
        if t is not None:
            fitted[key] = (layout, t)
            left -= t.numel()
    return {k: fitted[k] for k in samples if k in fitted}


def quantise(layout, t):
    """uint8 values and their per-channel (chw) or per-sample (tf, vec) ranges."""
    flat = t.flatten(2) if layout == "chw" else t.flatten(1)
    lo, hi = torch.aminmax(flat, dim=-1)
    if not (torch.isfinite(lo).all() and torch.isfinite(hi).all()):
        flat = torch.nan_to_num(flat, nan=0.0, posinf=0.0, neginf=0.0)
        lo, hi = torch.aminmax(flat, dim=-1)
    scale = 255.0 / (hi - lo).clamp_min(1e-12)
    q = ((flat - lo.unsqueeze(-1)) * scale.unsqueeze(-1)).round_().clamp_(0, 255)
    values = q.to(torch.uint8).reshape(t.shape).numpy().tobytes()
    return values, _short(lo.tolist()), _short(hi.tolist())


def _short(values):
    """Ranges to 6 significant digits: uint8 values carry less precision than that."""
    return [_short(v) if isinstance(v, list) else float("%.6g" % v) for v in values]
