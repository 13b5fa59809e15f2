"""layer_info: each module's parameter totals, gathered from its children's where no
parameter is shared between them, equal those counted over its whole subtree."""

import pytest
import torch
import zoo
from torch import nn

from tensorboard_modelviz.capture import layer_info


def _direct(module: nn.Module) -> dict:
    """The totals of `module`'s subtree counted over its parameters, each once."""
    return layer_info._param_totals({id(p): p for p in module.parameters()}.values())


class _Mixed(nn.Module):
    """Parameters of several dtypes, frozen ones, one shared by two children and one
    registered twice under one module."""

    def __init__(self) -> None:
        super().__init__()
        self.half = nn.Linear(4, 4).to(torch.float16)
        self.frozen = nn.Linear(4, 4).requires_grad_(False)
        self.left = nn.Linear(4, 4)
        self.right = nn.Sequential(nn.Linear(4, 4, bias=False).to(torch.bfloat16), nn.Linear(4, 4))
        self.right[1].weight = self.left.weight  # tied across children
        self.scale = nn.Parameter(torch.ones(3, dtype=torch.float64))
        self.again = self.scale


@pytest.mark.parametrize("name", [*zoo.NAMES, "mixed"])
def test_subtree_totals_are_those_of_the_subtrees_parameters(name: str) -> None:
    model = _Mixed() if name == "mixed" else zoo.build(name).model
    facts = layer_info.ModuleFacts(model)
    for module_name, module, row in facts.by_id.values():
        direct = _direct(module)
        assert {key: row[key] for key in direct} == direct, module_name
        assert list(row["param_bytes"]) == list(direct["param_bytes"]), module_name  # the order the JSON keeps
