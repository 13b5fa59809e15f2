"""numpy's global generator after a call: put back where the forward drew from it, left
alone (no 35 µs set_state) where it did not, told by the bytes of its MT19937 state and
whether it held a cached Gaussian (model_state._numpy_words)."""

import numpy as np
import pytest
import torch

from tensorboard_modelviz import SummaryWriter
from tensorboard_modelviz.capture import model_state


class _Draws(torch.nn.Module):
    """Draws from numpy's global generator in its forward as `draw` says: nothing,
    uniform values, or legacy normal ones (which cache a second Gaussian)."""

    def __init__(self, draw: str = "nothing") -> None:
        super().__init__()
        self.linear = torch.nn.Linear(4, 4)
        self.draw = draw

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.draw == "uniform":
            x = x + float(np.random.rand())
        elif self.draw == "normal":
            x = x + float(np.random.standard_normal())
        return self.linear(x)


@pytest.fixture
def set_states(monkeypatch):
    """The number of np.random.set_state calls made since the test began."""
    calls = []
    original = np.random.set_state

    def counted(state):
        calls.append(1)
        return original(state)

    monkeypatch.setattr(np.random, "set_state", counted)
    return calls


def _same_state(before, after) -> bool:
    return before[0] == after[0] and np.array_equal(before[1], after[1]) and before[2:] == after[2:]


def _calls(model: torch.nn.Module, tmp_path, count: int = 3) -> None:
    writer = SummaryWriter(str(tmp_path))
    x = torch.randn(2, 4)
    for step in range(count):
        writer.add_model_viz(model, x, step)
    writer.close()


def test_a_forward_that_does_not_draw_leaves_the_state_without_setting_it(tmp_path, set_states):
    np.random.seed(3)
    before = np.random.get_state()
    _calls(_Draws("nothing"), tmp_path)
    assert _same_state(before, np.random.get_state())
    assert set_states == []  # told unchanged by its bytes


@pytest.mark.parametrize("draw", ["uniform", "normal"])
def test_a_forward_that_draws_has_the_state_put_back(tmp_path, set_states, draw):
    np.random.seed(5)
    before = np.random.get_state()
    expected = np.random.rand(3)
    np.random.set_state(before)
    _calls(_Draws(draw), tmp_path)
    assert _same_state(before, np.random.get_state())
    assert np.array_equal(np.random.rand(3), expected)
    assert set_states  # the fast path was not taken


def test_a_cached_gaussian_the_forward_takes_is_put_back(tmp_path, set_states):
    """A legacy normal draw caches a second value: a forward's normal draw then takes it
    without moving the generator's words, which the bytes alone would not tell."""
    np.random.seed(7)
    np.random.standard_normal()  # two made, one cached
    before = np.random.get_state()
    assert before[3] == 1
    expected = np.random.standard_normal(3)
    np.random.set_state(before)
    model = _Draws("normal")
    _calls(model, tmp_path)
    after = np.random.get_state()
    assert _same_state(before, after)
    assert np.array_equal(np.random.standard_normal(3), expected)


def test_the_words_are_the_state_numpy_gives():
    np.random.seed(11)
    np.random.rand(5)
    generator, words = model_state._numpy_words()
    assert generator is np.random.mtrand._rand._bit_generator
    state = generator.state["state"]
    assert words == state["key"].astype("<u4").tobytes() + int(state["pos"]).to_bytes(4, "little", signed=True)
    np.random.rand()
    assert model_state._numpy_words() != (generator, words)


def test_the_state_memory_is_read_only_where_it_is_the_state():
    """A generator whose state does not lie as this numpy's does is not read."""
    generator = np.random.MT19937(3)
    kept = model_state._state_memory(generator)
    assert kept is not None and kept[0] is generator
    assert model_state._state_memory(np.random.PCG64(3)) is None
    words, state = kept[1].raw, generator.state["state"]
    assert model_state._is_state(words, state)
    assert not model_state._is_state(words[4:] + words[:4], state)  # the words elsewhere
    assert not model_state._is_state(words[:-4] + b"\xff" * 4, state)  # another position


@pytest.mark.filterwarnings("ignore:get_state and legacy can only be used with the MT19937")
def test_another_bit_generator_is_set_back_through_numpy(tmp_path, set_states):
    """numpy's global generator on another bit generator (np.random.set_bit_generator):
    no words are taken, and its state is set back by numpy as before."""
    original = np.random.get_bit_generator()
    np.random.set_bit_generator(np.random.PCG64(2))
    try:
        assert model_state._numpy_words() is None
        before = np.random.get_state(legacy=False)
        _calls(_Draws("uniform"), tmp_path)
        assert np.random.get_state(legacy=False) == before
        assert set_states
    finally:
        np.random.set_bit_generator(original)


def test_restore_rng_puts_back_a_state_changed_after_it_was_taken():
    np.random.seed(13)
    state = model_state.rng_state()
    assert state["numpy_words"] is not None
    expected = np.random.rand(4)
    np.random.rand(100)
    model_state.restore_rng(state)
    assert np.array_equal(np.random.rand(4), expected)
    model_state.restore_rng(state)  # twice, as a call that runs a forward again does
    assert np.array_equal(np.random.rand(4), expected)


def test_a_numpy_keeping_its_global_generator_elsewhere_gives_no_words(monkeypatch):
    class Elsewhere:  # numpy's global RandomState without the bit generator attribute
        pass

    monkeypatch.setattr(np.random.mtrand, "_rand", Elsewhere())
    assert model_state._numpy_words() is None
