"""The tensors of an op's arguments, as OpRecorder and the lineage read them for every op
of a first call: tracer._call_tensors gives what _first_tensors((args, kwargs)) gives."""

import collections
import dataclasses

import pytest
import torch

from tensorboard_modelviz.capture.tracer import _call_tensors, _first_tensors


class _Sub(torch.Tensor):
    pass


@dataclasses.dataclass
class _Held:
    tensor: torch.Tensor
    scale: float = 1.0


_Pair = collections.namedtuple("_Pair", "first second")


def _deep(depth, leaf):
    value = leaf
    for _ in range(depth):
        value = [value]
    return value


t = [torch.full((i + 1,), float(i)) for i in range(8)]
_CASES = {
    "convolution": ((t[0], torch.nn.Parameter(t[1]), None, (1, 1), (0, 0), (1, 1), 1), {}),
    "batch_norm": ((t[0], t[1], t[2], t[3], t[4], False, 0.1, 1e-5, True), {}),
    "keywords": ((t[0],), {"weight": t[1], "bias": None, "dim": (0, 1), "other": [t[2], (t[3],)]}),
    "nested": (([t[0], (t[1], [t[2]])], {"a": t[3], "b": {"c": t[4]}}, t[5]), {"d": (t[6],)}),
    "tuple of tensors": (((t[0], t[1]), t[2]), {}),
    "tuple of tuples": (((1, (t[0], 2)), ((t[1],),)), {}),
    "size and dtype": ((torch.Size([2, 3]), t[0], torch.float32, torch.device("cpu"), "mean"), {}),
    "subclass": ((t[0].as_subclass(_Sub), (t[1].as_subclass(_Sub),)), {"x": t[2].as_subclass(_Sub)}),
    "named tuple": ((_Pair(t[0], t[1]), t[2]), {}),
    "dataclass": ((_Held(t[0]), t[1]), {"held": _Held(t[2])}),
    "too deep": ((_deep(5, t[0]), _deep(7, t[1]), (_deep(3, t[2]),)), {"k": _deep(6, t[3])}),
    "empty": ((), {}),
    "no tensors": ((1, 2.0, (3, 4), None), {"eps": 1e-5}),
    "many": (tuple(t) + ((t[0],) * 5, [t[1]] * 5), {"rest": tuple(t)}),
}


@pytest.mark.parametrize("limit", [0, 1, 2, 3, 5, 8, 32, 512])
@pytest.mark.parametrize("case", list(_CASES))
def test_the_tensors_of_an_ops_arguments_are_those_the_general_walk_finds(case, limit):
    args, kwargs = _CASES[case]
    found = _call_tensors(args, kwargs, limit)
    expected = _first_tensors((args, kwargs), limit)
    assert len(found) == len(expected)
    assert all(a is b for a, b in zip(found, expected))


def test_arguments_that_are_not_a_tuple_and_a_dict_take_the_general_walk():
    args, kwargs = [t[0], (t[1],)], collections.OrderedDict(x=t[2])
    for limit in (1, 3, 32):
        assert [id(x) for x in _call_tensors(args, kwargs, limit)] == [
            id(x) for x in _first_tensors((args, kwargs), limit)
        ]
