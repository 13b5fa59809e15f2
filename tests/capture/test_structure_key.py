"""Calls whose structure is known skip recording the graph, and any structure change is caught."""

import unittest.mock

import pytest
import torch
import torch.nn as nn
import zoo

from tensorboard_modelviz.capture import recording
from tensorboard_modelviz.capture.model_walk import ModelWalk
from tensorboard_modelviz.capture.recording import CaptureOptions, capture_model
from tensorboard_modelviz.capture.structure_key import KnownStructure, KnownTensors, module_facts


def _without_timing(step):
    step = dict(step)
    step["capture"] = dict(step["capture"], seconds=None)
    return step


def _pair(record, mutate=None, inputs=None):
    """(first call, second call) with one KnownStructure; `mutate` runs in between."""
    known = KnownStructure()
    first = capture_model(record.model, record.inputs, known=known)
    if mutate is not None:
        mutate(record.model)
    second = capture_model(record.model, record.inputs if inputs is None else inputs, known=known)
    return first, second, known


def _count_full_recordings(monkeypatch):
    calls = []
    build = recording._build_structure

    def counting(*args, **kwargs):
        calls.append(1)
        return build(*args, **kwargs)

    monkeypatch.setattr(recording, "_build_structure", counting)
    return calls


@pytest.mark.parametrize(
    "name",
    [
        "seed_cnn",
        "resnet",
        "control_flow",
        "siamese",
        "lstm",
        "dict_io",
        "dropout_mlp",
        "buffer_mutation",
        "inplace_ops",
    ],
)
def test_a_known_structure_gives_the_same_step_document(name, monkeypatch):
    record = zoo.build(name)
    full = capture_model(record.model, record.inputs)
    recordings = _count_full_recordings(monkeypatch)
    first, second, known = _pair(record)
    assert len(recordings) == 1  # the second call reused the structure
    assert second.structure is None and known.hash == full.structure["hash"]
    assert _without_timing(first.step) == _without_timing(full.step)
    if record.grad_changes_bits:  # a first call's forward runs with gradients, a steady call's without
        zoo.assert_documents_close(_without_timing(second.step), _without_timing(first.step))
        return
    assert _without_timing(second.step) == _without_timing(first.step)
    assert [h for h, _ in second.samples] == [h for h, _ in full.samples]


def _freeze_first(model):
    next(model.parameters()).requires_grad_(False)


def _to_eval(model):
    model.eval()


def _wrap_last_layer(model):
    model.fc2 = nn.Sequential(model.fc2)


@pytest.mark.parametrize("mutate", [_freeze_first, _to_eval, _wrap_last_layer])
def test_a_changed_model_is_recorded_in_full(mutate, monkeypatch):
    record = zoo.build("seed_cnn")
    recordings = _count_full_recordings(monkeypatch)
    first, second, known = _pair(record, mutate)
    assert len(recordings) == 2
    assert second.structure is not None
    assert second.step["structure"] == second.structure["hash"] == known.hash
    assert capture_model(record.model, record.inputs).structure == second.structure
    if mutate is not _to_eval:  # the mode is in the key; the graph is the same in both here
        assert second.structure["hash"] != first.structure["hash"]


def test_other_inputs_and_other_branches_are_recorded_in_full(monkeypatch):
    record = zoo.build("seed_cnn")
    recordings = _count_full_recordings(monkeypatch)
    _, second, _ = _pair(record, inputs=record.inputs[:1])
    assert len(recordings) == 2 and second.structure["inputs"][0]["shape"][0] == 1

    record = zoo.build("control_flow")  # positive inputs take `pos`, negative ones `neg`
    first, second, _ = _pair(record, inputs=-record.inputs)
    assert second.structure is not None and second.structure["hash"] != first.structure["hash"]
    ran = {row["name"] for row in second.structure["layers"] if row["calls"]}
    assert "neg" in ran and "pos" not in ran
    assert second.structure == capture_model(record.model, -record.inputs).structure


def test_the_second_forward_starts_from_the_models_own_state():
    """A changed structure runs the forward twice: the model must not notice."""
    torch.manual_seed(0)
    model = nn.Sequential(nn.Conv2d(3, 4, 3), nn.BatchNorm2d(4), nn.Dropout(0.5), nn.Flatten(), nn.LazyLinear(2))
    model(torch.randn(2, 3, 8, 8))
    known = KnownStructure()
    capture_model(model, torch.randn(2, 3, 8, 8), known=known)
    stats = [b.clone() for b in model.buffers()]
    x = torch.randn(4, 3, 8, 8)  # another batch size: the key differs, the forward runs again
    rng = torch.get_rng_state()
    expected = capture_model(model, x)
    torch.set_rng_state(rng)
    again = capture_model(model, x, known=known)
    assert again.structure == expected.structure
    assert _without_timing(again.step) == _without_timing(expected.step)  # same dropout draws
    assert all(torch.equal(a, b) for a, b in zip(stats, model.buffers()))
    assert torch.equal(torch.get_rng_state(), rng)


def test_trace_ops_always_records_every_call(monkeypatch):
    record = zoo.build("seed_mlp")
    recordings = _count_full_recordings(monkeypatch)
    known = KnownStructure()
    for _ in range(3):
        result = capture_model(record.model, record.inputs, CaptureOptions(trace_ops="always"), known=known)
        assert result.structure is not None
    assert len(recordings) == 3
    with pytest.raises(ValueError, match="trace_ops"):
        capture_model(record.model, record.inputs, CaptureOptions(trace_ops="sometimes"))


class _Picky(nn.Module):
    def forward(self, x):
        if x.mean() > 100:
            raise ValueError("_Picky wants small values")
        return x


def test_the_models_error_names_its_module_on_the_light_path():
    model = nn.Sequential(nn.Identity(), nn.Sequential(nn.Identity(), _Picky()))
    known = KnownStructure()
    capture_model(model, torch.zeros(2, 4), known=known)
    with pytest.raises(ValueError, match="small values") as info:
        capture_model(model, torch.full((2, 4), 1e6), known=known)  # same shapes: the light path
    assert "raised in module '1.1'" in "\n".join(info.value.__notes__)


def test_a_structure_the_writer_failed_to_write_is_recorded_again(tmp_path, monkeypatch):
    import warnings

    from test_writer import _records

    from tensorboard_modelviz import SummaryWriter
    from tensorboard_modelviz.capture import writer as writer_module
    from tensorboard_modelviz.format import codec

    record = zoo.build("seed_mlp")
    real = writer_module.structure_summary
    failures = [RuntimeError("disk full, once")]

    def flaky(*args, **kwargs):
        if failures:
            raise failures.pop()
        return real(*args, **kwargs)

    monkeypatch.setattr(writer_module, "structure_summary", flaky)
    with SummaryWriter(str(tmp_path)) as w, warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        for step in range(3):
            w.add_model_viz(record.model, record.inputs, step)
    records = _records(str(tmp_path))
    structures = [(r[0], codec.decode_structure(r[2][0])["hash"]) for r in records if r[1].endswith("/structure")]
    steps = [(r[0], codec.decode_step(r[2][0])["structure"]) for r in records if r[1].endswith("/step")]
    assert [s for s, _ in structures] == [1]  # the failed write was made good at the next call
    assert [s for s, _ in steps] == [0, 1, 2] and {h for _, h in steps} == {structures[0][1]}


def _conv_net():
    torch.manual_seed(0)
    return nn.Sequential(nn.Conv2d(3, 4, 3), nn.BatchNorm2d(4), nn.ReLU(), nn.Conv2d(4, 4, 1))


def _new_momentum(model):
    model[1].momentum = 0.2  # the forward's shapes stay; the layer table's text does not


def _bias_removed(model):
    model[3].bias = None


@pytest.mark.parametrize("mutate", [_new_momentum, _bias_removed])
def test_a_kept_layer_text_is_made_again_when_its_module_changes(mutate, monkeypatch):
    """Conv and BatchNorm texts (extra_repr) are kept between calls
    (structure_key.KnownModules); a changed attribute or bias is seen."""
    model, x = _conv_net(), torch.randn(2, 3, 8, 8)
    known = KnownStructure()
    first = capture_model(model, x, known=known)
    mutate(model)
    second = capture_model(model, x, known=known)
    assert second.structure is not None and second.structure["hash"] != first.structure["hash"]
    assert second.structure == capture_model(model, x).structure


def _texts(model: nn.Module) -> list[str]:
    """The layer texts of `model`'s modules as the structure key takes them: from a walk
    rebuilt from its plan where the model's own dicts are as they were (the second and
    later walks), so that the facts kept for that plan are what is checked."""

    return [text for *_, text in module_facts(ModelWalk.of(model))]


def _read(model: nn.Module) -> list[str]:
    return [m.extra_repr() for m in model.modules()]


def test_layer_texts_follow_every_change_of_what_they_read(monkeypatch):
    conv, norm = nn.Conv2d(2, 2, 3), nn.BatchNorm1d(3)
    model = nn.Sequential(conv, norm)
    assert _texts(model) == _texts(model) == _read(model)  # the second: kept
    conv.stride = (2, 2)
    assert _texts(model) == _read(model) and "stride=(2, 2)" in _texts(model)[1]
    norm.eps = 1  # equal to 1.0, printed apart: compared by identity
    norm.eps = 1.0
    _texts(model)
    norm.eps = 1
    assert _texts(model) == _read(model) and "eps=1," in norm.extra_repr()
    conv.stride = [1, 1]  # a list may change in place: its module's text is read each time
    assert _texts(model) == _read(model)
    conv.stride[0] = 3
    assert _texts(model) == _read(model) and "stride=[3, 1]" in _texts(model)[1]
    conv.register_parameter("bias", None)
    assert _texts(model) == _read(model) and "bias=False" in _texts(model)[1]
    moved = nn.Conv2d(2, 2, 3)
    del moved.bias
    moved.register_buffer("bias", torch.zeros(2))  # found past __dict__ among the buffers
    holder = nn.Sequential(moved)
    assert _texts(holder) == _texts(holder) == _read(holder) and "bias=False" not in moved.extra_repr()
    moved.bias = None  # the buffer unset: the same attributes and parameters
    assert _texts(holder) == _read(holder) and "bias=False" in moved.extra_repr()
    monkeypatch.setattr(nn.BatchNorm1d, "extra_repr", lambda self: "patched")
    assert _texts(model)[2] == "patched"
    norm.extra_repr = lambda: "own"  # an instance's own function
    assert _texts(model)[2] == "own"


def test_kept_module_facts_go_with_their_model():
    """The facts kept for a walk's plan hold none of the model's tensors, and go with the
    model (with its plan)."""
    import gc
    import weakref

    from tensorboard_modelviz.capture import structure_key

    model = nn.Sequential(nn.Conv2d(2, 2, 3))
    _texts(model)
    replaced = weakref.ref(model[0].weight)
    model[0].weight = nn.Parameter(torch.zeros(2, 2, 3, 3))  # no tensor of the module is kept
    gc.collect()
    assert replaced() is None and _texts(model) == _read(model)
    plan = weakref.ref(ModelWalk.of(model).plan)
    assert plan() in structure_key._known_modules
    del model
    gc.collect()
    assert plan() is None  # and its facts with it (a weak key)


def test_a_module_without_an_extra_repr_of_its_own_has_none():
    container = nn.Sequential(nn.Sequential(nn.Identity()))
    assert _texts(container) == _texts(container) == ["", "", ""] == _read(container)
    container[0].extra_repr = lambda: "its own"  # on the instance
    assert _texts(container) == ["", "its own", ""]


class _Scaled(nn.Module):
    """A layer of the user's whose text reads its parameter's value: read at every call."""

    def __init__(self) -> None:
        super().__init__()
        self.scale = nn.Parameter(torch.ones(()))

    def extra_repr(self) -> str:
        return "scale=%g" % self.scale.item()


def _scale_written(m: nn.Module) -> None:
    with torch.no_grad():
        m[3].scale.fill_(2.0)


def _in_features_rebound(m: nn.Module) -> None:
    m[0].in_features = 5


def _inplace_set(m: nn.Module) -> None:
    m[2].inplace = True


def _dropout_p(m: nn.Module) -> None:
    m[4].p = 0.25


def _training_flag(m: nn.Module) -> None:
    m[1].eval()


def _class_swapped(m: nn.Module) -> None:
    class Wider(nn.Linear):
        pass

    m[0].__class__ = Wider


def _class_renamed(m: nn.Module) -> None:
    type(m[3]).__name__ = "Renamed"


def _linear_text_patched(m: nn.Module) -> None:
    nn.Linear.extra_repr = lambda self: "patched"


def _attribute_added(m: nn.Module) -> None:
    m[5].extra_repr = lambda: "own"  # an instance's own function on a container


@pytest.mark.parametrize(
    "change",
    [
        _scale_written,
        _in_features_rebound,
        _inplace_set,
        _dropout_p,
        _training_flag,
        _class_swapped,
        _class_renamed,
        _linear_text_patched,
        _attribute_added,
    ],
)
def test_the_module_facts_of_a_rebuilt_walk_follow_every_change(change, monkeypatch):
    """Facts of the modules kept for a walk's plan are taken for a later walk of that
    plan only where each of its checks holds; each change between two walks (none of
    which changes the plan) gives the facts read in full."""

    monkeypatch.setattr(nn.Linear, "extra_repr", nn.Linear.extra_repr)  # put back after _linear_text_patched
    scaled = type("Scaled", (_Scaled,), {})()  # a class of this test's own, which _class_renamed renames
    model = nn.Sequential(nn.Linear(3, 3), nn.BatchNorm1d(3), nn.ReLU(), scaled, nn.Dropout(), nn.Sequential())

    def read() -> list:
        return [(name, type(m).__name__, m.training, m.extra_repr()) for name, m in model.named_modules()]

    ModelWalk.of(model)
    first = module_facts(ModelWalk.of(model))
    assert first == read() and module_facts(ModelWalk.of(model)) is first  # kept, and taken as it is
    plan = ModelWalk.of(model).plan
    change(model)
    walk = ModelWalk.of(model)
    assert walk.plan is plan  # the same plan: the kept facts' own checks tell
    assert module_facts(walk) == read() != first


def _steady_keys(model, inputs, calls, known):
    """The structure keys of `calls` calls of `model` on `inputs` (the first recorded in
    full), each captured with `known`."""
    keys = []
    key = recording._key

    def keeping(*args, **kwargs):
        keys.append(key(*args, **kwargs))
        return keys[-1]

    with unittest.mock.patch.object(recording, "_key", keeping):
        for _ in range(calls):
            capture_model(model, inputs, known=known)
    return keys


def test_a_steady_keys_module_facts_are_the_known_keys_own():
    """A steady call's key takes the known key's facts of the modules as they are (one
    comparison of the two lists where they are the same list)."""
    torch.manual_seed(0)
    model, x = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Dropout()).train(), torch.randn(2, 3)
    known = KnownStructure()
    keys = _steady_keys(model, x, 3, known)
    assert known.key is not None and keys[-1].modules is known.key.modules


def test_a_steady_key_that_matches_becomes_the_known_key():
    """A matching key is kept as the known key: the next steady call replays this one's
    module calls, whose facts are then the very objects the known key holds (compared
    by identity, not list by list)."""
    torch.manual_seed(0)
    model, x = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.ReLU()).train(), torch.randn(2, 3)
    known = KnownStructure()
    keys = _steady_keys(model, x, 4, known)
    assert known.key is keys[-1]
    # The third and fourth forwards replayed the calls of the one before: their records,
    # and the facts read of them, are the known key's own.
    assert keys[-1].calls is keys[-2].calls is keys[-3].calls is not keys[-4].calls
    assert keys[-1].calls == keys[-4].calls


def test_a_structure_changed_after_steady_calls_is_recorded_in_full(monkeypatch):
    """After the known key became a steady call's, a call on inputs of another shape, on
    a model in another mode, or down another branch with inputs of the same shape, is
    still told apart and recorded in full, as a first call would record it."""
    torch.manual_seed(0)
    model, x = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.ReLU()).train(), torch.randn(2, 3)
    known = KnownStructure()
    _steady_keys(model, x, 3, known)
    recordings = _count_full_recordings(monkeypatch)
    other = torch.randn(5, 3)
    changed = capture_model(model, other, known=known)
    assert len(recordings) == 1 and changed.structure == capture_model(model, other).structure
    capture_model(model, other, known=known)
    model.eval()
    assert capture_model(model, other, known=known).structure is not None and len(recordings) == 3

    record = zoo.build("control_flow")  # positive inputs take `pos`, negative ones `neg`, shapes alike
    known = KnownStructure()
    _steady_keys(record.model, record.inputs, 3, known)
    branched = capture_model(record.model, -record.inputs, known=known)
    assert branched.structure == capture_model(record.model, -record.inputs).structure
    ran = {row["name"] for row in branched.structure["layers"] if row["calls"]}
    assert "neg" in ran and "pos" not in ran


class _TwoWays(nn.Module):
    """As many module calls whichever way its input goes, every input and output of the
    same shape and the model's own outputs of the same dtype: a positive input takes
    `pos`, a negative one `neg`; a 0 first value runs `act` in float64."""

    def __init__(self) -> None:
        super().__init__()
        self.pos, self.neg, self.act, self.out = nn.Linear(4, 4), nn.Linear(4, 4), nn.Tanh(), nn.Linear(4, 2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = self.pos(x) if x.sum() > 0 else self.neg(x)
        h = self.act(h.double()).float() if x[0, 0] == 0 else self.act(h)
        return self.out(h)


@pytest.mark.parametrize(
    "changed",
    [lambda x: -x, lambda x: torch.cat([torch.zeros(1, 4), x[1:]])],
    ids=["other branch", "other dtype inside"],
)
def test_a_replay_that_differs_in_one_call_is_told_apart_with_as_many_calls(changed):
    """A steady forward whose replay of the last one's calls ends midway, where only a
    call's module or output dtype tells it apart (as many calls, the same shapes, the
    same inputs and outputs of the model): its calls are no longer the known key's
    records, and the structure is recorded in full, as a first call records it."""
    torch.manual_seed(0)
    model, x = _TwoWays(), torch.rand(3, 4) + 0.5
    known = KnownStructure()
    keys = _steady_keys(model, x, 3, known)
    assert keys[-1].calls is keys[-2].calls  # the last call replayed: its facts the known key's own
    steady_hash, other = known.hash, changed(x)
    result = capture_model(model, other, known=known)
    assert result.structure is not None and result.structure == capture_model(model, other).structure
    assert result.structure["hash"] != steady_hash


def _facts_changes():
    """(what, change): each changes one fact of the model that the key holds."""

    def parameter_shape(m):
        m[0].weight.data = torch.zeros(5, 3)

    def parameter_dtype(m):
        m[0].bias.data = torch.zeros(4, dtype=torch.float64)

    def requires_grad(m):
        m[2].weight.requires_grad_(False)

    def buffer_shape(m):
        m[1].running_mean.data = torch.zeros(5)

    def buffer_dtype(m):
        m[1].num_batches_tracked.data = torch.tensor(0, dtype=torch.int32)

    def parameter_renamed(m):
        m[1]._parameters["renamed"] = m[1]._parameters.pop("weight")

    def module_class(m):
        m[3] = nn.Tanh()

    def mode(m):
        m[1].eval()

    def layer_text(m):
        m[1].eps = 1e-3

    return [
        (f.__name__, f)
        for f in (
            parameter_shape,
            parameter_dtype,
            requires_grad,
            buffer_shape,
            buffer_dtype,
            parameter_renamed,
            module_class,
            mode,
            layer_text,
        )
    ]


@pytest.mark.parametrize("what,change", _facts_changes(), ids=[what for what, _ in _facts_changes()])
def test_the_key_changes_with_each_fact_it_holds(what, change):
    from tensorboard_modelviz.capture.structure_key import structure_key

    def model():
        torch.manual_seed(0)
        return nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.Linear(4, 2), nn.ReLU()).train()

    assert structure_key(ModelWalk(model()), [], [], []) == structure_key(ModelWalk(model()), [], [], [])
    changed = model()
    key = structure_key(ModelWalk(changed), [], [], [])
    change(changed)
    assert structure_key(ModelWalk(changed), [], [], []) != key, what


def test_kept_facts_follow_an_attribute_rebound_deleted_or_set_and_its_bias():
    conv = nn.Conv1d(4, 3, 1)
    model = nn.Sequential(conv)
    assert _texts(model) == _texts(model) == _read(model)
    conv.in_channels = 4.0  # equal, printed apart: compared by identity
    assert _texts(model) == _read(model) and _texts(model)[1].startswith("4.0,")
    conv.bias = None
    assert _texts(model) == _read(model) and "bias=False" in _texts(model)[1]
    del conv.out_channels  # one attribute gone and another set: as many as before
    conv.other = 1
    with pytest.raises(KeyError):  # read again: Conv's extra_repr() formats its __dict__
        _texts(model)
    conv.out_channels = 7
    del conv.other
    assert _texts(model) == _read(model) and "4.0, 7," in _texts(model)[1]


def test_kept_module_facts_keep_nothing_of_a_module_whose_hook_holds_it():
    """The module's hooks (a closure over the module itself) are not among what is kept."""
    import gc
    import weakref

    from tensorboard_modelviz.capture import structure_key

    model = nn.Sequential(nn.Conv2d(2, 2, 3))
    model[0].register_forward_hook(lambda module, args, output, held=model: held[0].weight.sum())
    _texts(model)
    plan, gone = weakref.ref(ModelWalk.of(model).plan), weakref.ref(model)
    assert plan() in structure_key._known_modules
    del model
    gc.collect()
    assert gone() is None and plan() is None


def test_kept_module_facts_keep_nothing_of_a_model_its_own_class_holds():
    """A class made for one model (torch.fx makes one for each GraphModule) that holds
    the model: what is kept of the modules' classes does not keep them alive."""
    import gc
    import weakref

    own = type("OwnLinear", (nn.Linear,), {"extra_repr": lambda self: "its own"})
    model = nn.Sequential(own(2, 2))
    own.model = model
    _texts(model)
    assert _texts(model) == ["", "its own"]
    plan, gone = weakref.ref(ModelWalk.of(model).plan), weakref.ref(model)
    del model, own
    gc.collect()
    assert gone() is None and plan() is None


def _kernel_size(m: nn.Module) -> None:
    m[0].kernel_size = (1, 1)


def _padding_mode(m: nn.Module) -> None:
    m[0].padding_mode = "reflect"


def _padding_same(m: nn.Module) -> None:
    m[0].padding = "same"


def _layer_norm_bias(m: nn.Module) -> None:
    m[1].bias = None


def _group_norm_bias_to_buffer(m: nn.Module) -> None:
    del m[2].bias
    m[2].register_buffer("bias", None)


def _embedding_padding(m: nn.Module) -> None:
    m[3].padding_idx = 0


def _pool_stride(m: nn.Module) -> None:
    m[4].stride = 1


def _flatten_dim(m: nn.Module) -> None:
    m[5].start_dim = 0


def _leaky_slope(m: nn.Module) -> None:
    m[6].negative_slope = 0.5


def _gelu_approximate(m: nn.Module) -> None:
    m[7].approximate = "tanh"


@pytest.mark.parametrize(
    "change",
    [
        _kernel_size,
        _padding_mode,
        _padding_same,
        _layer_norm_bias,
        _group_norm_bias_to_buffer,
        _embedding_padding,
        _pool_stride,
        _flatten_dim,
        _leaky_slope,
        _gelu_approximate,
    ],
)
def test_kept_facts_follow_each_attribute_a_plain_text_reads(change):
    """Each class of structure_key._PLAIN_REPRS met here, after a change of one attribute
    its text prints, made between two walks of one plan: the text extra_repr() gives now."""
    model = nn.Sequential(
        nn.Conv2d(2, 2, 3),
        nn.LayerNorm(4),
        nn.GroupNorm(1, 2),
        nn.Embedding(5, 2),
        nn.MaxPool2d(2),
        nn.Flatten(),
        nn.LeakyReLU(),
        nn.GELU(),
    )
    before = _texts(model)
    assert before == _texts(model) == _read(model)
    change(model)
    assert _texts(model) == _read(model) != before


def _tensor_changes():
    """(what, change): _facts_changes, and changes that leave the tensors' facts alike
    but not the walk's plan (a tensor replaced, a module renamed) or that the tensors'
    guards see beyond the facts (strides, every dtype at once)."""

    def parameter_replaced_alike(m):
        m[0].weight = nn.Parameter(m[0].weight.detach().clone())

    def module_renamed(m):
        m._modules["renamed"] = m._modules.pop("2")

    def parameter_strides(m):
        m[0].weight.data = torch.zeros(3, 4).t()

    def half(m):
        m.half()

    extra = [parameter_replaced_alike, module_renamed, parameter_strides, half]
    return _facts_changes() + [(f.__name__, f) for f in extra]


@pytest.mark.parametrize("what,change", _tensor_changes(), ids=[what for what, _ in _tensor_changes()])
def test_a_known_keys_facts_of_the_tensors_are_taken_only_while_they_hold(what, change):
    """A key compared with a known one takes that key's facts of the parameters and
    buffers (not read again) where the walk comes from the same plan and torch's guards
    pass on its tensors; any change between calls gives the key read in full."""
    from tensorboard_modelviz.capture.structure_key import structure_key

    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.Linear(4, 2), nn.ReLU()).train()
    walk = ModelWalk.of(model)
    key = structure_key(walk, [], [], [])
    known = KnownStructure(hash="h")
    known.learn(key, KnownTensors.of(walk, key))
    again = structure_key(ModelWalk.of(model), [], [], [], known)
    assert again == key and again.parameters is key.parameters and again.buffers is key.buffers  # taken
    change(model)
    walk = ModelWalk.of(model)
    assert structure_key(walk, [], [], [], known) == structure_key(walk, [], [], []), what


def test_a_steady_call_keeps_the_tensors_facts_of_a_model_that_holds_other_tensors_alike():
    """A steady call whose key matched with the tensors' facts read (another parameter of
    the same facts) keeps them for the next call, which takes them."""
    torch.manual_seed(0)
    model, x = nn.Sequential(nn.Linear(3, 4), nn.ReLU()), torch.randn(2, 3)
    known = KnownStructure()
    for _ in range(2):
        capture_model(model, x, known=known)
    assert known.tensors is not None
    model[0].weight = nn.Parameter(model[0].weight.detach().clone())
    result = capture_model(model, x, known=known)
    assert result.structure is None and known.tensors is not None  # steady, its facts kept again

    assert known.tensors.hold_for(ModelWalk.of(model))
    known.forget()
    assert known.tensors is None


def test_a_known_keys_kept_facts_of_the_tensors_keep_no_tensor_alive():
    """What a known structure keeps of its tensors (their facts, the walk's plan, torch's
    guards) outlives the model in a writer's state, and holds none of its tensors."""
    import gc
    import weakref

    torch.manual_seed(0)
    model, x = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4)).train(), torch.randn(4, 3)
    known = KnownStructure()
    for _ in range(2):
        capture_model(model, x, known=known)
    assert known.tensors is not None
    weight, buffer, gone = weakref.ref(model[0].weight), weakref.ref(model[1].running_mean), weakref.ref(model)
    model[0].weight = nn.Parameter(torch.zeros(4, 3))
    model[1].running_mean = torch.zeros(4)
    gc.collect()
    assert weight() is None and buffer() is None
    del model
    gc.collect()
    assert gone() is None and known.tensors is not None


class _TiedWeights(nn.Module):
    """An embedding whose weight the output layer holds too (as language models do)."""

    def __init__(self) -> None:
        super().__init__()
        self.embedding = nn.Embedding(10, 4)
        self.norm = nn.BatchNorm1d(4)
        self.out = nn.Linear(4, 10, bias=False)
        self.out.weight = self.embedding.weight

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.out(self.norm(self.embedding(x)))


def _tied_changes():
    def tied_weight_resized(m):
        m.embedding.weight.data = torch.zeros(11, 4)

    def tied_weight_frozen(m):
        m.embedding.weight.requires_grad_(False)

    def tied_weight_half(m):
        m.embedding.half()

    return [tied_weight_resized, tied_weight_frozen, tied_weight_half]


def test_a_model_holding_a_tensor_twice_keeps_its_known_tensors_between_steady_calls():
    """torch's guards fail on a tensor given twice (they check that their tensors are
    distinct): a model that ties weights still has its tensors' facts taken, by guards of
    each tensor once, and a steady call does not make them again."""

    torch.manual_seed(0)
    model, x = _TiedWeights().train(), torch.tensor([1, 2, 3])
    known = KnownStructure()
    for _ in range(2):
        capture_model(model, x, known=known)
    kept = known.tensors
    assert kept is not None and kept.hold_for(ModelWalk.of(model))
    assert capture_model(model, x, known=known).structure is None and known.tensors is kept


@pytest.mark.parametrize("change", _tied_changes(), ids=lambda change: change.__name__)
def test_a_tied_tensors_change_gives_the_key_read_in_full(change):
    from tensorboard_modelviz.capture.structure_key import structure_key

    torch.manual_seed(0)
    model = _TiedWeights().train()
    walk = ModelWalk.of(model)
    known = KnownStructure(hash="h")
    key = structure_key(walk, [], [], [])
    known.learn(key, KnownTensors.of(walk, key))
    assert known.tensors is not None and known.tensors.hold_for(ModelWalk.of(model))
    change(model)
    walk = ModelWalk.of(model)
    assert structure_key(walk, [], [], [], known) == structure_key(walk, [], [], []) != known.key


class _GrowsUnderGradOrLargeInputs(nn.Module):
    """Resizes its buffer in place where gradients are enabled or its input is large:
    the recorded forward (no gradients) and the gradient pass's leave it different."""

    def __init__(self) -> None:
        super().__init__()
        self.linear = nn.Linear(3, 3)
        self.register_buffer("cache", torch.zeros(2))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if torch.is_grad_enabled() or bool(x[0, 0] > 100):
            self.cache.resize_(3)
        return self.linear(x)


def test_a_learned_keys_tensor_guards_describe_the_tensors_as_the_key_read_them():
    """The guards of a learned key's tensors are made when its facts are read, not after
    the gradient pass's forward (grad_flow without the backward graph runs one more): a
    later forward that leaves the model as that pass did must not take the key's facts
    (the structure is recorded again, as it is where every fact is read)."""
    torch.manual_seed(0)
    model, options, known = (
        _GrowsUnderGradOrLargeInputs(),
        CaptureOptions(backward_graph=False, grad_flow=True),
        KnownStructure(),
    )
    first = capture_model(model, torch.zeros(2, 3), options, known=known)
    assert first.structure is not None and known.key is not None and known.key.buffers[0][2] == (2,)
    assert tuple(model.cache.shape) == (2,)  # put back
    again = capture_model(model, torch.full((2, 3), 1000.0), options, known=known)  # leaves the cache (3,)
    assert again.failure is None and again.structure is not None
    assert known.key.buffers[0][2] == (3,)


class _Noted(nn.Module):
    """A layer of the user's with an attribute of its own and nn.Module's text (none)."""

    def __init__(self) -> None:
        super().__init__()
        self.note = 1


def _own_text_for_a_note(m: nn.Module) -> None:
    del m[0].note
    m[0].extra_repr = lambda: "own"


def _own_text_for_a_modules_attribute(m: nn.Module) -> None:
    del m[1]._forward_hooks_always_called  # one of nn.Module's own, which no text reads
    m[1].extra_repr = lambda: "own"


def _bias_shadowed(m: nn.Module) -> None:
    del m[2]._forward_hooks_always_called
    m[2].__dict__["bias"] = None  # found before the bias among its parameters


@pytest.mark.parametrize("change", [_own_text_for_a_note, _own_text_for_a_modules_attribute, _bias_shadowed])
def test_kept_facts_follow_a_name_that_a_text_reads_set_in_place_of_another(change):
    """An attribute deleted and another set leaves a module with as many attributes: where
    the one set is a name its text reads past the kept attributes (an extra_repr of the
    instance's own, a bias in its __dict__), the text is read again."""
    model = nn.Sequential(_Noted(), nn.ReLU(), nn.Linear(2, 2))
    plan = ModelWalk.of(model).plan
    assert _texts(model) == _texts(model) == _read(model)
    change(model)
    assert ModelWalk.of(model).plan is plan and _texts(model) == _read(model)


class _EqualClasses(type):
    """A metaclass whose classes all compare equal."""

    def __eq__(cls, other: object) -> bool:
        return True

    def __hash__(cls) -> int:
        return 0


def test_kept_facts_tell_a_class_swapped_for_one_that_compares_equal():
    first = _EqualClasses("First", (nn.Module,), {})
    second = _EqualClasses("Second", (nn.Module,), {"extra_repr": lambda self: "second"})
    model = nn.Sequential(first())
    assert _texts(model) == _texts(model) == _read(model)
    model[0].__class__ = second
    assert module_facts(ModelWalk.of(model)) == [
        (name, type(m).__name__, m.training, m.extra_repr()) for name, m in model.named_modules()
    ]


def test_a_torch_class_whose_extra_repr_was_replaced_before_the_import_is_read_each_time():
    """_PLAIN_REPRS takes a class's function only where torch defined it: one replaced
    before this package was imported may read anything."""
    import pathlib
    import subprocess
    import sys

    script = (
        "import torch\n"
        "state = {'n': 0}\n"
        "torch.nn.ReLU.extra_repr = lambda self: 'n=%d' % state['n']\n"
        "from tensorboard_modelviz.capture.model_walk import ModelWalk\n"
        "from tensorboard_modelviz.capture.structure_key import module_facts\n"
        "model = torch.nn.Sequential(torch.nn.ReLU())\n"
        "module_facts(ModelWalk.of(model)), module_facts(ModelWalk.of(model))\n"
        "state['n'] = 1\n"
        "print(module_facts(ModelWalk.of(model))[1][3])\n"
    )
    root = pathlib.Path(__file__).resolve().parents[2]  # this checkout's package first
    done = subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "n=1"


def test_kept_facts_follow_an_attribute_added_to_a_text_that_formats_them_all():
    """BatchNorm's text formats its whole __dict__, and a use_bias of its own besides: one
    added to its attributes is seen (its text read again gives the error it gives read
    from scratch)."""
    norm = nn.BatchNorm1d(2)
    model = nn.Sequential(norm)
    assert _texts(model) == _texts(model) == _read(model)
    norm.use_bias = True
    with pytest.raises(TypeError, match="use_bias"):
        _read(model)
    with pytest.raises(TypeError, match="use_bias"):
        _texts(model)
