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


class _SharedBlock(nn.Module):
    """One block under two parents, no parameter tied: the subtrees share it all the same."""

    def __init__(self) -> None:
        super().__init__()
        block = nn.Sequential(nn.Linear(4, 4), nn.ReLU())
        self.first = nn.Sequential(block, nn.Linear(4, 2))
        self.second = nn.Sequential(nn.Linear(2, 4), block)


class _TwiceInOneParent(nn.Module):
    """One layer under two names of one parent: still a tree, its parameters counted once."""

    def __init__(self) -> None:
        super().__init__()
        self.first = nn.Linear(4, 4)
        self.again = self.first
        self.half = nn.Linear(4, 2, bias=False).to(torch.float16)


class _HeldByParentAndChild(nn.Module):
    """A parent that holds its child's weight as a parameter of its own."""

    def __init__(self) -> None:
        super().__init__()
        self.inner = nn.Sequential(nn.Linear(4, 4), nn.Linear(4, 4))
        self.weight = self.inner[1].weight


_BUILT = {
    "mixed": _Mixed,
    "shared block": _SharedBlock,
    "twice in one parent": _TwiceInOneParent,
    "held by parent and child": _HeldByParentAndChild,
}


@pytest.mark.parametrize("name", [*zoo.NAMES, *_BUILT])
def test_subtree_totals_are_those_of_the_subtrees_parameters(name: str) -> None:
    model = _BUILT[name]() if name in _BUILT else zoo.build(name).model
    facts = layer_info.ModuleFacts(model)
    for module_name, module, row in facts.by_id.values():
        direct = _direct(module)
        assert {key: row[key] for key in direct} == direct, module_name
        assert list(row["param_bytes"]) == list(direct["param_bytes"]), module_name  # the order the JSON keeps


class _WithProperty(nn.Module):
    @property
    def stride(self) -> tuple[int, int]:
        return (2, 2)


class _WithGetattr(nn.Module):
    def __getattr__(self, name: str) -> object:
        if name == "groups":
            return 4
        return super().__getattr__(name)


class _NamedLikeAField(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.groups = nn.Linear(2, 2)  # a submodule under a kernel field's name
        self.register_buffer("stride", torch.ones(2))


@pytest.mark.parametrize(
    "module",
    [
        nn.Conv2d(3, 4, 3, stride=2, groups=1),
        nn.MaxPool2d(2),
        nn.BatchNorm2d(3),
        _WithProperty(),
        _WithGetattr(),
        _NamedLikeAField(),
    ],
    ids=lambda module: type(module).__name__,
)
def test_a_kernel_field_is_what_getattr_finds(module: nn.Module) -> None:
    """Every number or tuple getattr finds (a parameter, buffer or submodule of that name
    is none, and is not kept)."""

    def kept(value: object) -> object:
        return value if isinstance(value, (int, tuple)) and not isinstance(value, bool) else None

    for field in layer_info._KERNEL_FIELDS:
        assert kept(layer_info._kernel_field(module, field)) == kept(getattr(module, field, None))
    assert any(kept(getattr(module, field, None)) is not None for field in layer_info._KERNEL_FIELDS) == (
        type(module).__name__ in ("Conv2d", "MaxPool2d", "_WithProperty", "_WithGetattr")
    )


@pytest.mark.parametrize("name", zoo.NAMES)
def test_model_totals_from_the_facts_are_those_counted_again(name: str) -> None:
    model = zoo.build(name).model
    facts = layer_info.ModuleFacts(model)
    assert layer_info.model_totals(model, [], 0, facts) == layer_info.model_totals(model, [], 0)
    assert list(layer_info.model_totals(model, [], 0, facts)) == list(layer_info.model_totals(model, [], 0))


@pytest.mark.parametrize(
    "model, disjoint",
    [
        (nn.Sequential(nn.Linear(2, 2), nn.Sequential(nn.Linear(2, 2), nn.ReLU())), True),
        (_Mixed(), False),  # a weight tied across children
        (_SharedBlock(), False),  # a module under two parents
        (_TwiceInOneParent(), True),  # one link from its parent, under two names
        (_HeldByParentAndChild(), False),  # a parameter with two holders, one above the other
    ],
    ids=["tree", "tied weight", "shared block", "twice in one parent", "held by parent and child"],
)
def test_totals_skip_the_subtrees_sets_only_where_nothing_is_shared(model: nn.Module, disjoint: bool) -> None:
    named = list(model.named_modules())
    owns = {id(module): layer_info._own_parameters(module) for _, module in named}
    assert layer_info._disjoint(named, owns) is disjoint
