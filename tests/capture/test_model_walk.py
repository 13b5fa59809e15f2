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


def _changes():
    """(what, change) pairs: each changes what a walk of _shared() gives."""

    def add_module(m):
        m[2].add_module("extra", nn.ReLU())

    def remove_module(m):
        del m[1]

    def replace_module(m):
        m[3] = nn.Linear(3, 3)

    def register_parameter(m):
        m[0].register_parameter("extra", nn.Parameter(torch.ones(1)))

    def rebind_parameter(m):
        m[0].bias = nn.Parameter(m[0].bias.detach().clone())

    def parameter_to_none(m):
        m[0].bias = None

    def register_buffer(m):
        m[0].register_buffer("extra", torch.ones(1))

    def rebind_buffer(m):
        m[2][0].running_mean = torch.zeros(3)

    def buffer_set_from_none(m):
        m[3].unset = torch.zeros(1)

    def rename_parameter(m):
        weight = m[3]._parameters.pop("weight")
        m[3]._parameters["renamed"] = weight

    def move_parameter(m):
        m[0].register_parameter("bias_of_3", m[3]._parameters.pop("bias"))

    def replace_dict(m):
        m[3]._parameters = {"weight": m[3].weight, "bias": nn.Parameter(torch.zeros(3))}

    return [
        (f.__name__, f)
        for f in (
            add_module,
            remove_module,
            replace_module,
            register_parameter,
            rebind_parameter,
            parameter_to_none,
            register_buffer,
            rebind_buffer,
            buffer_set_from_none,
            rename_parameter,
            move_parameter,
            replace_dict,
        )
    ]


def _walked(walk: ModelWalk):
    return (
        [(n, id(m)) for n, m in walk.named_modules],
        [(n, o, id(t)) for n, o, t in walk.parameters],
        [(n, o, id(t)) for n, o, t in walk.buffers],
    )


def test_an_unchanged_model_keeps_its_walk():
    model = _shared()
    walk = ModelWalk(model)
    model(torch.randn(2, 3))  # a forward changes values, not what the model holds
    with torch.no_grad():
        model[0].weight.add_(1)
    model[0].weight.data = torch.zeros(3, 3)  # the same tensor, other values and storage
    model.eval()
    assert walk.unchanged()
    assert walk.named_parameters() is walk.named_parameters()  # named once per walk


@pytest.mark.parametrize("what,change", _changes(), ids=[what for what, _ in _changes()])
def test_each_change_of_what_the_model_holds_is_told(what, change):
    model = _shared()
    walk = ModelWalk(model)
    change(model)
    assert not walk.unchanged(), what
    assert _walked(ModelWalk(model)) != _walked(walk)  # each change is one a walk sees


def test_a_torchscript_submodule_is_walked_again_each_time():
    scripted = torch.jit.script(nn.Sequential(nn.Linear(2, 2)))
    assert not ModelWalk(nn.Sequential(nn.Linear(2, 2), scripted)).unchanged()


def test_a_parameter_moved_to_the_next_module_in_place_is_told():
    """The same names and objects laid end to end, in the same dicts: their lengths tell."""
    first, second = nn.Module(), nn.Module()
    first.a, first.b = nn.Parameter(torch.ones(1)), nn.Parameter(torch.ones(1))
    second.c = nn.Parameter(torch.ones(1))
    model = nn.Sequential(first, second)
    walk = ModelWalk(model)
    moved, last = first._parameters.pop("b"), second._parameters.pop("c")
    second._parameters["b"] = moved
    second._parameters["c"] = last
    assert not walk.unchanged()


def _walks_alike(kept: ModelWalk, fresh: ModelWalk) -> None:
    for walk in (kept, fresh):  # the tensors alone, read before the named ones are made
        assert [id(t) for t in walk.parameter_tensors] == [id(t) for _, _, t in fresh.parameters]
        assert [id(t) for t in walk.buffer_tensors] == [id(t) for _, _, t in fresh.buffers]
    assert _walked(kept) == _walked(fresh)
    assert [id(m) for m in kept.modules] == [id(m) for m in fresh.modules]
    assert [id(m) for m in kept.buffer_holders] == [id(m) for m in fresh.buffer_holders]
    assert [(n, id(p)) for n, p in kept.named_parameters()] == [(n, id(p)) for n, p in fresh.named_parameters()]
    assert kept.unchanged() and fresh.unchanged()


@pytest.mark.parametrize("factory", zoo.FACTORIES, ids=lambda f: f.__name__)
def test_a_walk_rebuilt_from_its_plan_is_the_walk_of_the_model(factory):
    model = factory().model
    first = ModelWalk.of(model)
    again = ModelWalk.of(model)
    _walks_alike(again, ModelWalk(model))
    assert again is not first and again.model is model


@pytest.mark.parametrize("what,change", _changes(), ids=[what for what, _ in _changes()])
def test_a_model_changed_between_calls_is_walked_again(what, change):
    """Each change of what the model holds, made between two calls, is in the next walk."""
    model = _shared()
    before = ModelWalk.of(model)
    change(model)
    after = ModelWalk.of(model)
    _walks_alike(after, ModelWalk(model))
    assert _walked(after) != _walked(before), what
    _walks_alike(ModelWalk.of(model), ModelWalk(model))  # and its plan follows the change


def test_changes_a_walk_does_not_hold_leave_the_plan_standing_and_read_through_it():
    model = _shared()
    ModelWalk.of(model)
    model[0].weight.requires_grad_(False)
    model[0].weight.data = torch.zeros(5, 3)  # the same parameter: other shape and storage
    model.eval()
    walk = ModelWalk.of(model)
    _walks_alike(walk, ModelWalk(model))
    weight = dict(walk.named_parameters())["0.weight"]
    assert weight is model[0].weight and weight.shape == (5, 3) and not weight.requires_grad


def test_a_parameter_gone_and_its_slot_set_to_none_is_told():
    """A weak reference whose tensor is gone gives None, as a slot set to None holds."""
    model = nn.Sequential(nn.Linear(2, 2))
    ModelWalk.of(model)
    model[0].bias = None  # the old bias, referenced nowhere else, is gone
    walk = ModelWalk.of(model)
    _walks_alike(walk, ModelWalk(model))
    assert [n for n, _ in walk.named_parameters()] == ["0.weight"]


def test_a_kept_plan_keeps_nothing_of_the_model_alive():
    import gc
    import weakref

    from tensorboard_modelviz.capture import model_walk

    model = _shared()
    ModelWalk.of(model)
    assert id(model) in model_walk._plans
    held = [weakref.ref(model), weakref.ref(model[0].weight), weakref.ref(model[2][0].running_mean)]
    key = id(model)
    del model
    gc.collect()
    assert all(ref() is None for ref in held)
    assert key not in model_walk._plans


def test_a_model_whose_walk_takes_no_plan_is_walked_each_time():
    from tensorboard_modelviz.capture import model_walk

    scripted = nn.Sequential(nn.Linear(2, 2), torch.jit.script(nn.Sequential(nn.Linear(2, 2))))

    walk = ModelWalk.of(scripted)
    assert id(scripted) not in model_walk._plans
    assert walk.named_modules == ModelWalk(scripted).named_modules


def test_a_kept_plan_leaves_the_models_parameters_swappable():
    """torch swaps a parameter's contents in place (torch.utils.swap_tensors) in
    `model.to()`, `.double()` and the like where the swap_module_params_on_conversion
    future is on, and always for parameters of tensor subclasses (DTensor): it refuses a
    tensor that has a weak reference. A plan takes none of a tensor, and the next walk
    is rebuilt from it (the same parameters, their contents swapped)."""
    model = _shared()
    ModelWalk.of(model)
    previous = torch.__future__.get_swap_module_params_on_conversion()
    torch.__future__.set_swap_module_params_on_conversion(True)
    try:
        model.double()
    finally:
        torch.__future__.set_swap_module_params_on_conversion(previous)
    walk = ModelWalk.of(model)
    assert walk.plan is not None and model[0].weight.dtype == torch.float64
    _walks_alike(walk, ModelWalk(model))


def test_a_walk_rebuilt_from_its_plan_names_its_tensors_only_when_asked():
    """A steady call reads a rebuilt walk's tensors, not their names: those are made from
    the plan when first asked, the same as a walk's."""
    model = _shared()
    ModelWalk.of(model)
    walk = ModelWalk.of(model)
    assert walk.plan is not None and walk._parameters is None and walk._buffers is None
    fresh = ModelWalk(model)
    assert walk.parameters == fresh.parameters and walk.buffers == fresh.buffers
    assert walk.parameters is walk.parameters  # made once


def test_named_parameters_read_as_the_list_of_their_pairs():
    model = _shared()
    walk = ModelWalk(model)
    named, pairs = walk.named_parameters(), list(model.named_parameters())
    assert named == pairs and pairs == named and named == tuple(pairs) and named != pairs[1:]
    assert len(named) == len(pairs) and list(named) == pairs and dict(named) == dict(pairs)
    assert named[0] == pairs[0] and named[-1] == pairs[-1] and named[1:3] == pairs[1:3]
    assert [n for n, _ in named] == named.names and [id(p) for _, p in named] == list(map(id, named.parameters))


def test_parameters_described_from_a_walks_lists_are_those_described_from_their_pairs():
    """describe_parameters takes a walk's two lists as they are: the same columns, values
    and norms as from the pairs."""
    from tensorboard_modelviz.capture.parameter_stats import describe_parameters

    model = _shared()
    for p in model.parameters():
        p.grad = torch.randn_like(p)
    ModelWalk.of(model)
    named = ModelWalk.of(model).named_parameters()  # rebuilt from the plan
    for _ in range(2):  # a layout made, then used again

        def taken(described):  # copied at once: the values may be the layout's buffer
            assert described.failure is None
            fields = {
                field: {k: dict(v) for k, v in getattr(described, field).items()} for field in ("params", "grads")
            }
            return fields, list(described.values.names), described.values.flat.copy(), described.values.norms.copy()

        from_lists = taken(describe_parameters(named))
        from_pairs = taken(describe_parameters(list(named)))
        assert from_lists[0] == from_pairs[0] and list(from_lists[0]["params"]) == named.names
        assert from_lists[1] == from_pairs[1] == named.names
        assert from_lists[2].tobytes() == from_pairs[2].tobytes()
        assert from_lists[3].tobytes() == from_pairs[3].tobytes()
