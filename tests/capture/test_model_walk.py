"""ModelWalk: one walk over the modules that gives what torch's own walks give."""

import pytest
import torch
import torch.nn as nn
import zoo

from tensorboard_modelviz.capture.model_walk import ModelWalk


def _shared() -> nn.Module:
    """A parameter held by two modules, a module held twice, a None bias and buffer."""
    first, second = nn.Linear(3, 3), nn.Linear(3, 3, bias=False)
    second.weight = first.weight
    norm = nn.BatchNorm1d(3)
    model = nn.Sequential(first, second, nn.Sequential(norm, norm), nn.Linear(3, 3))
    model[3].register_buffer("unset", None)
    model.register_parameter("scale", nn.Parameter(torch.ones(1)))
    return model


@pytest.mark.parametrize("factory", zoo.FACTORIES, ids=lambda f: f.__name__)
def test_the_walk_gives_what_torchs_walks_give(factory):
    model = factory().model
    walk = ModelWalk(model)
    assert walk.named_modules == list(model.named_modules())
    assert walk.modules == list(model.modules())
    assert walk.named_parameters() == list(model.named_parameters())
    assert [(m + "." if m else "") + own for m, own, _ in walk.buffers] == [
        n for n, _ in model.named_buffers(remove_duplicate=False)
    ]


def test_shared_parameters_and_modules_are_named_as_torch_names_them():
    model = _shared()
    walk = ModelWalk(model)
    assert walk.named_parameters() == list(model.named_parameters())
    assert [p is model[0].weight for _, _, p in walk.parameters].count(True) == 2  # under both holders
    assert walk.first_meta_tensor() is None


def test_the_first_meta_tensor_is_named_parameters_first():
    model = _shared()
    model[3].register_buffer("late", torch.ones(1, device="meta"))
    assert ModelWalk(model).first_meta_tensor() == "3.late"
    model[2][0].weight = nn.Parameter(torch.ones(3, device="meta"))
    assert ModelWalk(model).first_meta_tensor() == "2.0.weight"
