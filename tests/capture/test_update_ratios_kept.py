"""What a steady call's update ratios keep between calls: the segments of a layout's values
(update_ratio._Pieces, kept while their sizes stay) and the names of the
parameters described (FlatValues.described), each against the ratios computed anew; and
what the history must not keep (the parameters themselves)."""

import math

import numpy as np
import pytest
import torch

from tensorboard_modelviz.capture import update_ratio
from tensorboard_modelviz.capture.parameter_stats import describe_parameters
from tensorboard_modelviz.capture.statistics import described_values
from tensorboard_modelviz.capture.update_ratio import ParameterHistory


def _direct_ratio(before: np.ndarray, now: np.ndarray) -> float | None:
    base = math.sqrt(np.square(before.astype(np.float64)).sum())
    change = math.sqrt(np.square((now - before).astype(np.float64)).sum())
    if base > 0:
        ratio = change / base
        return ratio if math.isfinite(ratio) else None
    return 0.0 if change == 0 else None


def _whole_norms(flat: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """Each segment's norm from one np.add.reduceat over all the squares (the pieces' sums must be these, bit for bit)."""
    norms = np.zeros(sizes.size)
    filled = sizes > 0
    if filled.any():
        squares = np.square(flat, dtype=np.float64)
        norms[filled] = np.sqrt(np.add.reduceat(squares, (np.cumsum(sizes) - sizes)[filled]))
    return norms


_SIZES = {
    "inner empty": [3, 0, 5],
    "all empty": [0, 0],
    "one": [4],
    "none": [],
    "edges": [0, 7, 0, 0, 1],
    # With pieces of 16 values: segments across the windows' edges, one ending on an edge,
    # one longer than a piece (alone), empties between pieces, a piece of one value.
    "across pieces": [5, 9, 2, 16, 0, 40, 0, 3, 13, 1, 0, 200, 1],
}


@pytest.mark.parametrize("sizes", list(_SIZES.values()), ids=list(_SIZES))
@pytest.mark.parametrize("piece", [16, update_ratio._PIECE_VALUES], ids=["pieces of 16", "default pieces"])
def test_norms_summed_in_pieces_are_those_summed_whole(sizes, piece, monkeypatch):
    monkeypatch.setattr(update_ratio, "_PIECE_VALUES", piece)
    sizes = np.array(sizes, dtype=np.int64)
    rng = np.random.default_rng(1)
    flat = rng.standard_normal(int(sizes.sum())).astype(np.float32) * np.float32(1e3)
    flat[:1] = -0.0
    before = (flat + rng.standard_normal(flat.size).astype(np.float32)).astype(np.float32)
    pieces = update_ratio._Pieces(sizes)
    if piece == 16 and sizes.size > 5:
        assert len(pieces.pieces) > 4  # several pieces, one segment longer than a piece
    assert pieces.norms(flat).tobytes() == _whole_norms(flat, sizes).tobytes()
    changes = pieces.norms(flat, before)
    assert changes.tobytes() == _whole_norms(flat - before, sizes).tobytes()
    assert pieces.norms(flat, before).tobytes() == changes.tobytes()  # its buffers used again
    expected = [math.sqrt(np.square(part.astype(np.float64)).sum()) for part in np.split(flat, np.cumsum(sizes)[:-1])]
    assert pieces.norms(flat).tolist() == pytest.approx(expected if sizes.size else [], rel=1e-12)


def test_difference_norms_take_the_difference_in_the_values_dtype():
    """float64 values after float32 ones (a model made double): the difference, and so its norm, in float64."""
    sizes = np.array([3, 70000, 2], dtype=np.int64)  # pieces of 65,536 values: the long segment alone
    pieces = update_ratio._Pieces(sizes)
    rng = np.random.default_rng(2)
    now32, before32 = (rng.standard_normal(int(sizes.sum())).astype(np.float32) for _ in range(2))
    assert pieces.norms(now32, before32).tobytes() == _whole_norms(now32 - before32, sizes).tobytes()
    now64 = now32.astype(np.float64) + 1e-12
    before64 = before32.astype(np.float64)
    assert pieces.norms(now64, before64).tobytes() == _whole_norms(now64 - before64, sizes).tobytes()


def _step(model: torch.nn.Module, g: torch.Generator, scale: float = 0.1) -> None:
    with torch.no_grad():
        for p in model.parameters():
            p.add_(torch.randn(p.shape, generator=g).to(p.dtype) * scale)


def test_kept_segments_follow_a_layout_replaced_by_one_of_other_sizes():
    """A model whose parameters change size between calls: the segments kept for the old
    layout are not those of the new one, and every ratio is the direct one."""
    g = torch.Generator().manual_seed(3)
    model = torch.nn.Sequential(torch.nn.Linear(6, 4), torch.nn.ReLU(), torch.nn.Linear(4, 2))
    history = ParameterHistory()
    before: dict[str, np.ndarray] = {}
    layouts = []
    for step in range(8):
        if step == 4:  # other sizes, other layout: its segments are made anew
            model[2] = torch.nn.Linear(4, 9)
        _step(model, g)
        named = list(model.named_parameters())
        described = describe_parameters(named)
        layouts.append(described.values.layout)
        ratios = history.update_ratios(named, described.values, described.norms)
        now = {name: np.asarray(described_values(p)).copy() for name, p in named}
        for name, ratio in ratios.items():
            assert ratio == pytest.approx(_direct_ratio(before[name], now[name]), rel=1e-6), (step, name)
        if step in (1, 2, 3, 6, 7):  # steady: every parameter compared
            assert set(ratios) == set(now), step
        before = now
    assert layouts[3] is layouts[2] and layouts[6] is layouts[7] and layouts[6] is not layouts[3]
    assert history._pieces is not None
    starts = [begin + start for _, _, begin, _, starts in history._pieces.pieces for start in starts.tolist()]
    assert starts == [0, 24, 28, 64]  # the segments of the new sizes


def test_values_described_from_other_parameters_of_other_names_are_taken_by_name():
    """FlatValues handed with a (name, parameter) sequence other than the one described:
    laid out only where the names are the same, else each taken by its name."""
    g = torch.Generator().manual_seed(5)
    model = torch.nn.Sequential(torch.nn.Linear(3, 3), torch.nn.Linear(3, 3))
    history, by_name = ParameterHistory(), ParameterHistory()
    for _ in range(3):
        _step(model, g)
        named = list(model.named_parameters())
        described = describe_parameters(named)
        assert described.values.described is named
        same_names = list(named)  # another sequence of the same names: still laid out
        ratios = history.update_ratios(same_names, described.values, described.norms)
        expected = by_name.update_ratios(named, {name: np.asarray(described_values(p)) for name, p in named})
        assert ratios == pytest.approx(expected, rel=1e-6)
    # Names that differ: each value taken by its name from the FlatValues, one missing.
    renamed = [("x." + name, p) for name, p in named[:3]]
    ratios = history.update_ratios(renamed, described.values, described.norms)
    assert ratios == {}  # none of these names was tracked before
    _step(model, g)
    again = [("x." + name, p) for name, p in list(model.named_parameters())[:3]]
    before = {name: history._previous.values(name).copy() for name, _ in renamed}
    ratios = history.update_ratios(again, None, None)
    for name, p in again:
        assert ratios[name] == pytest.approx(_direct_ratio(before[name], np.asarray(described_values(p))), rel=1e-6)


class _UnreadableGradient(torch.nn.Parameter):
    """A parameter whose gradient cannot be read: describe_parameters leaves it out of
    the values it lays out."""

    @property
    def grad(self):
        raise RuntimeError("this gradient cannot be read")


def test_a_parameter_left_out_of_the_described_values_still_gets_its_ratio():
    """The very sequence described, one of its parameters left out of the FlatValues (its
    gradient unreadable): its ratio is still given, as for the same parameters handed as
    another sequence (the values not described taken from the parameter itself)."""
    g = torch.Generator().manual_seed(7)
    model = torch.nn.Sequential(torch.nn.Linear(3, 3), torch.nn.Linear(3, 3))
    model[0].weight = _UnreadableGradient(model[0].weight.detach().clone())
    history, by_name = ParameterHistory(), ParameterHistory()
    for step in range(3):
        _step(model, g)
        named = list(model.named_parameters())
        described = describe_parameters(named)
        assert described.failure is not None and "0.weight" not in list(described.values)
        ratios = history.update_ratios(named, described.values, described.norms)
        expected = by_name.update_ratios(named, {name: np.asarray(described_values(p)) for name, p in named})
        assert set(ratios) == set(expected) == (set() if step == 0 else {name for name, _ in named}), step
        assert ratios == pytest.approx(expected, rel=1e-6)


def test_the_history_keeps_no_parameter_of_a_deleted_model_alive(tmp_path):
    """A writer's update-ratio history holds copies of the values, not the parameters: a
    model deleted between calls (a sweep of models on one writer) is freed at once, and
    what the writer kept of it (its history and known structure) with it."""
    import gc
    import weakref

    from tensorboard_modelviz import SummaryWriter
    from tensorboard_modelviz.capture import writer as writer_module

    writer = SummaryWriter(str(tmp_path))
    model = torch.nn.Sequential(torch.nn.Linear(4, 4), torch.nn.ReLU(), torch.nn.Linear(4, 2))
    x = torch.randn(3, 4)
    for step in range(3):  # the layout kept from the second call
        model(x).sum().backward()
        writer.add_model_viz(model, x, step)
    weight = weakref.ref(model[0].weight)
    del model
    gc.collect()
    try:
        assert weight() is None
        assert len(writer_module._state(writer).of_models) == 0
    finally:
        writer.close()
