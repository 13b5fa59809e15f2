"""capture/sample_plan.py: a call's sample blobs from a plan, byte for byte those of
quantise and codec.encode_sample, and a plan used only for what it was made for."""

import collections
import zlib

import numpy as np
import pytest
import torch
from test_activation_samples import _sample_zoo
from test_deferred_outputs import _SeenCalls, _SeenOps

from tensorboard_modelviz.capture import recording, sample_plan, tracer
from tensorboard_modelviz.capture.activation_samples import Grouping, quantise, quantise_grouped
from tensorboard_modelviz.capture.recording import CaptureOptions, capture_model
from tensorboard_modelviz.capture.structure_key import KnownStructure
from tensorboard_modelviz.format import codec, deflate


def _plan_for(samples, source_shapes, aliases):
    """sample_plan.plan_for for key -> (layout, copy)."""
    layouts, copies = zip(*samples.values())
    return sample_plan.plan_for(list(samples), layouts, copies, tuple(source_shapes), aliases)


def _expected_blobs(samples, source_shapes):
    """The blobs as _attach_samples made them before plans: quantise, a header dict and
    encode_sample per sample."""
    blobs = []
    for (key, (layout, t)), source, (values, lo, hi) in zip(
        samples.items(), source_shapes, quantise(list(samples.values()))
    ):
        header = {"key": key, "layout": layout, "shape": list(t.shape), "source_shape": source, "lo": lo, "hi": hi}
        blobs.append(codec.encode_sample(header, values))
    return blobs


@pytest.mark.parametrize("dtype", [torch.float32, torch.float16, torch.float64])
@pytest.mark.parametrize("with_orjson", [True, False])
def test_a_plans_blobs_are_encode_samples(monkeypatch, dtype, with_orjson):
    """Every layout, kinds interleaved (so blob order is not kind order), samples of more
    than one item, non-finite, constant and exploding rows: the same bytes."""
    if not with_orjson:
        monkeypatch.setattr(codec, "orjson", None)
    copies = _sample_zoo(dtype)
    for order in (copies, copies[::-1]):
        samples = {"layer%d#0" % i: copy for i, copy in enumerate(order)}
        shapes = [[7, *t.shape[1:]] for _, t in samples.values()]
        layouts, copies = zip(*samples.values())
        plan = sample_plan.SamplePlan(
            (list(samples), layouts, [t.shape for t in copies], [t.dtype for t in copies], tuple(shapes), {})
        )
        with np.errstate(all="ignore"):
            assert plan.encode([t for _, t in samples.values()]) == _expected_blobs(samples, shapes)


def test_a_plans_directory_holds_each_blob_and_the_aliases():
    samples = {"a#0": ("vec", torch.randn(1, 4)), "b#0": ("chw", torch.randn(1, 2, 4, 4))}
    aliases = {"": "b#0", "c": "missing#0"}
    plan = _plan_for(samples, [[1, 4], [1, 2, 8, 8]], aliases)
    assert plan.directory.document() == {
        "a#0": {"blob": 1, "layout": "vec", "shape": [1, 4]},
        "b#0": {"blob": 2, "layout": "chw", "shape": [1, 2, 4, 4]},
        "": {"blob": 2, "layout": "chw", "shape": [1, 2, 4, 4], "source": "b#0"},
    }
    assert plan.values == 4 + 32 and plan.header_allowance == 160 + 26 + 160 + 26 * 2


@pytest.mark.parametrize("size", [1, 16, 63, 64, 65, 512, 1023, 1024, 1025, 5553, 65535, 65536, 70000])
def test_stored_streams_are_deflates(size):
    values = np.random.default_rng(size).integers(0, 256, (3, size), dtype=np.uint8)
    values[1] = 255  # the largest sums
    streams = sample_plan._stored_streams(values)
    assert streams == [deflate.stored_zlib(row.tobytes()) for row in values]
    assert [zlib.decompress(s) for s in streams] == [row.tobytes() for row in values]
    assert sample_plan._adler32_of_rows(values).tolist() == [zlib.adler32(row.tobytes()) for row in values]


def test_a_plan_is_reused_only_for_what_it_was_made_for():
    def samples(width=16, layout="vec", dtype=torch.float32, keys=("a#0", "b#0")):
        return {key: (layout, torch.randn(1, width, dtype=dtype)) for key in keys}

    shapes = [[1, 16], [1, 16]]
    plan = _plan_for(samples(), shapes, {})
    assert _plan_for(samples(), [[1, 16], [1, 16]], {}) is plan  # new tensors, same samples
    others = [
        (samples(width=8), shapes, {}),
        (samples(layout="tf"), shapes, {}),
        (samples(dtype=torch.float64), shapes, {}),
        (samples(keys=("b#0", "a#0")), shapes, {}),
        (samples(keys=("a#0", "c#0")), shapes, {}),
        (samples(), [[1, 16], [2, 16]], {}),
        (samples(), shapes, {"": "b#0"}),
    ]
    made = [_plan_for(*other) for other in others]
    assert all(other is not plan for other in made) and len({id(p) for p in made}) == len(made)
    aliases = {"": "b#0"}
    again = _plan_for(samples(), shapes, aliases)
    assert again is made[-1]
    aliases["x"] = "a#0"  # a later change to the caller's dict does not change the plan's
    assert _plan_for(samples(), shapes, aliases) is not again
    shapes[1].append(1)  # nor one to a source shape
    assert _plan_for(samples(), shapes, {"": "b#0"}) is not again
    assert again.directory.document().keys() == {"a#0", "b#0", ""}


def test_a_plan_for_the_same_copies_is_still_made_for_what_else_it_is_asked():
    """The copies plan_for was last asked for, asked for again (a known structure's slots):
    their shapes and dtypes are not read again, everything else still is."""
    copies = [torch.randn(1, 16), torch.randn(1, 16)]
    keys, layouts, sources = ["a#0", "b#0"], ("vec", "vec"), ([1, 16], [1, 16])
    plan = sample_plan.plan_for(keys, layouts, copies, sources, {})
    assert sample_plan.plan_for(list(keys), layouts, copies, sources, {}) is plan
    assert sample_plan._latest_for(list(keys), layouts, copies, sources, {}) is plan  # told by identity
    others = [
        (["a#0", "c#0"], layouts, copies, sources, {}),
        (keys, ("vec", "tf"), copies, sources, {}),
        (keys, layouts, copies, ([1, 16], [2, 16]), {}),
        (keys, layouts, copies, sources, {"": "b#0"}),
        (keys, layouts, [copies[0], copies[1].double()], sources, {}),
    ]
    for other in others:
        assert sample_plan.plan_for(*other) is not plan
        assert sample_plan.plan_for(keys, layouts, copies, sources, {}) is plan  # the full comparison again
    held = [torch.randn(1, 16), torch.randn(1, 16)]
    assert sample_plan.plan_for(keys, layouts, held, sources, {}) is plan
    del held  # the plan keeps no copy alive: other tensors (perhaps at their addresses) are read
    assert sample_plan._latest_for(keys, layouts, [torch.randn(1, 16), torch.randn(1, 16)], sources, {}) is None
    assert sample_plan.plan_for(keys, layouts, [torch.randn(1, 8), torch.randn(1, 8)], sources, {}) is not plan


def _headers(result):
    return [(header["key"], header["shape"], header["source_shape"]) for header, _ in result.samples]


def test_steady_calls_write_what_a_fresh_process_would_when_the_model_changes():
    """Steady calls reuse a plan; a model whose layers change width, an input of another
    batch size and another max_samples each get the blobs and directory of their own,
    as a first call of each would (no plan kept)."""
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(8, 16), torch.nn.ReLU(), torch.nn.Linear(16, 4))
    known = KnownStructure()
    x = torch.randn(2, 8)
    runs = [(x, None), (x, None), (torch.randn(3, 8), None), (x, CaptureOptions(max_samples=2))]
    for step, (inputs, options) in enumerate(runs + [(x, None)]):
        if step == 4:
            model[2] = torch.nn.Linear(16, 6)  # another width, same keys
        result = capture_model(model, inputs, options, known=known)
        sample_plan._plans.clear()
        fresh = capture_model(model, inputs, options)
        assert result.blobs[1:] == fresh.blobs[1:], step
        assert result.step["samples"] == fresh.step["samples"]
        assert codec.decode_step(result.blobs[0])["samples"] == result.step["samples"]
        assert _headers(result) == _headers(fresh)
    assert _headers(result)[-1] == ("2#0", [1, 6], [2, 6])
    assert result.step["samples"]["#0"] == {"blob": 3, "layout": "vec", "shape": [1, 6], "source": "2#0"}


def test_a_copy_over_a_samples_bound_is_fitted_not_refused():
    """max_channels and max_side have no upper bound: a copy may hold more values than a
    sample blob may (codec.MAX_SAMPLE_VALUES). The byte budget shrinks it first, as it
    did before plans; only what is encoded is held to the bound."""
    big = torch.zeros(1, 2, 2900, 2900)  # 16.8 M values, over the 16 Mi a blob may hold
    assert big.numel() > codec.MAX_SAMPLE_VALUES
    raw = {"big": ("chw", big, [1, 2, 2900, 2900]), "small": ("vec", torch.ones(1, 8), [1, 8])}
    step = {"capture": {"warnings": []}, "samples": {}}
    samples, blobs = recording._attach_samples(step, raw, {}, 512 * 1024)
    assert [header["key"] for header, _ in samples] == ["big", "small"]
    assert samples[0][0]["shape"][2] < 2900 and sum(map(len, blobs)) <= 512 * 1024
    assert step["samples"]["big"]["blob"] == 1 and not step["capture"]["warnings"]
    with pytest.raises(codec.TooLargeError):  # a budget that keeps it whole: refused, as encode_sample refuses it
        recording._attach_samples({"capture": {"warnings": []}, "samples": {}}, raw, {}, 64 << 20)


def test_steady_calls_share_their_plans_directory_and_a_new_plan_makes_its_own():
    """The step's "samples" is made once per plan: steady calls hand out the same dict,
    what their step blobs hold; a model whose shapes change, or an input that changes the
    layouts, gets a directory of its own, and the earlier one stays as it was."""
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(8, 16), torch.nn.ReLU(), torch.nn.Linear(16, 4))
    known, x = KnownStructure(), torch.randn(2, 8)
    first, second = (capture_model(model, x, known=known) for _ in range(2))
    assert second.step["samples"] is first.step["samples"]
    assert codec.decode_step(second.blobs[0])["samples"] == second.step["samples"]
    model[2] = torch.nn.Linear(16, 6)
    changed = capture_model(model, x, known=known)
    assert changed.step["samples"] is not first.step["samples"]
    assert changed.step["samples"]["2#0"]["shape"] == [1, 6] and first.step["samples"]["2#0"]["shape"] == [1, 4]
    assert codec.decode_step(changed.blobs[0])["samples"] == changed.step["samples"]
    tokens = capture_model(model, torch.randn(2, 3, 8), known=known)  # the same keys, another layout
    assert tokens.step["samples"] is not changed.step["samples"]
    assert {entry["layout"] for entry in tokens.step["samples"].values()} == {"tf"}
    assert codec.decode_step(tokens.blobs[0])["samples"] == tokens.step["samples"]
    assert first.step["samples"]["2#0"] == {"blob": 3, "layout": "vec", "shape": [1, 4]}  # left as it was


@pytest.mark.parametrize("size", [1, 16, 512, 1024])
def test_adler32_of_many_rows_at_once_is_zlibs(size):
    """Many rows in one matrix product (the sums exact however it is blocked), the
    largest and smallest bytes among them."""
    values = np.random.default_rng(size).integers(0, 256, (700, size), dtype=np.uint8)
    values[::7] = 255
    values[3::7] = 0
    assert sample_plan._adler32_of_rows(values).tolist() == [zlib.adler32(row.tobytes()) for row in values]


def _slots(count, shape, dtype=torch.float32, gap=0, start=5):
    """`count` copies of `shape` laid end to end in one flat tensor from its value `start`
    on (as a CopyBuffer's slots are, after other slots), `gap` values between each two;
    and that flat tensor."""
    numel = int(np.prod(shape))
    flat = torch.randn(start + count * (numel + gap)).to(dtype)
    return [
        flat[start + at * (numel + gap) : start + at * (numel + gap) + numel].view(shape) for at in range(count)
    ], flat


def _quantised_bytes(grouping, copies):
    return [(q.tobytes(), lo.tobytes(), hi.tobytes()) for q, lo, hi in quantise_grouped(grouping, copies)]


@pytest.mark.parametrize("shape", [(1, 16), (1, 8, 4, 4), (2, 3, 5)])
@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_copies_end_to_end_are_quantised_from_their_memory_as_their_join(shape, dtype):
    copies, flat = _slots(7, shape, dtype)
    flat[8] = float("nan")  # edge values too
    flat[-1], flat[-2] = float("inf"), -0.0
    kinds = [(("vec" if len(shape) == 2 else "chw" if len(shape) == 4 else "tf"), torch.Size(shape), dtype)] * 7
    expected = _quantised_bytes(Grouping(kinds), [copy.clone() for copy in copies])  # joined by torch.cat
    grouping = Grouping(kinds)
    assert _quantised_bytes(grouping, copies) == expected
    assert len(grouping._end_to_end[0]) == 7  # told end to end
    before = flat.clone()
    assert _quantised_bytes(grouping, copies) == expected  # the kept answer: same bytes
    assert torch.equal(flat.nan_to_num(), before.nan_to_num())  # their memory not written
    flat.mul_(2)  # the next call's values, in the same copies
    assert _quantised_bytes(grouping, copies) == _quantised_bytes(Grouping(kinds), [c.clone() for c in copies])


_square_kinds = [("vec", torch.Size([4, 4]), torch.float32)] * 5


def test_copies_not_end_to_end_are_joined():
    shape, kinds = (1, 16), [("vec", torch.Size([1, 16]), torch.float32)] * 5
    copies, _ = _slots(5, shape, gap=3)  # gaps between them
    reordered, _ = _slots(5, shape)
    reordered = reordered[::-1]  # out of order
    other = [torch.randn(shape) for _ in range(5)]  # storages of their own
    square, _ = _slots(5, (4, 4))
    square[2] = square[2].t()  # where its slot lies, but transposed
    for case, case_kinds in ((copies, kinds), (reordered, kinds), (other, kinds), (square, _square_kinds)):
        grouping = Grouping(case_kinds)
        assert _quantised_bytes(grouping, case) == _quantised_bytes(Grouping(case_kinds), [c.clone() for c in case])
        assert 0 not in grouping._end_to_end
    grouping = Grouping([("vec", torch.Size([1, 16]), torch.float32)] * 5)
    ends, _ = _slots(5, shape)
    assert _quantised_bytes(grouping, ends) and 0 in grouping._end_to_end
    # Other copies at the next call (another buffer, or none lying end to end): read again.
    for case in (other, reordered, _slots(5, shape)[0]):
        assert _quantised_bytes(grouping, case) == _quantised_bytes(Grouping(kinds), [c.clone() for c in case])


def test_steady_calls_with_samples_take_their_copy_buffer_again():
    torch.manual_seed(0)
    model = torch.nn.Sequential(*[torch.nn.Linear(8, 8) if i % 2 == 0 else torch.nn.ReLU() for i in range(8)])
    x = torch.randn(1, 8)
    known = KnownStructure()
    results = [capture_model(model, x, known=known) for _ in range(3)]
    assert all(result.failure is None and result.blobs for result in results)
    kept = tracer._kept_for(model)
    buffer = kept.spare[0]
    capture_model(model, x, known=known)
    assert kept.spare[0] is buffer  # the samples' joined view kept none of its memory


def test_steady_calls_on_their_slots_write_what_a_fresh_call_would_when_anything_changes(monkeypatch):
    """Samples kept whole (a batch of one) are the CopyBuffer's slots, the same tensors call
    after call: the plan handed back for the very same copies (_latest_for) and their join
    read from the slots' memory (Grouping.joined) must still give each call the blobs of a
    first call, whatever changed between calls: the values (NaN, ±Inf, -0.0, a weight
    changed in place), the options (exclude, include, max_samples, a tight max_bytes), the
    input's shape, a layer replaced by one of another width, the dtype."""
    taken = {"latest": 0, "view": 0}
    latest_for, joined = sample_plan._latest_for, Grouping.joined

    def counted_latest(*args):
        plan = latest_for(*args)
        taken["latest"] += plan is not None
        return plan

    def counted_joined(self, kind, copies):
        result = joined(self, kind, copies)
        taken["view"] += not result[1]
        return result

    monkeypatch.setattr(sample_plan, "_latest_for", counted_latest)
    monkeypatch.setattr(Grouping, "joined", counted_joined)
    torch.manual_seed(0)
    model = torch.nn.Sequential(*[torch.nn.Linear(8, 8) if i % 2 == 0 else torch.nn.Tanh() for i in range(10)])
    x = torch.randn(1, 8)
    edge = x.clone()
    edge[0, :4] = torch.tensor([float("nan"), float("inf"), -float("inf"), -0.0])

    def flip() -> None:
        with torch.no_grad():
            model[0].weight.neg_()

    def widen() -> None:
        model[4] = torch.nn.Sequential(torch.nn.Linear(8, 8))

    calls = [
        (x, None, None),
        (x, None, None),
        (edge, None, None),
        (x, None, flip),
        (-torch.zeros(1, 8), None, None),
        (torch.randn(2, 8), None, None),
        (x, None, None),
        (x, CaptureOptions(exclude=["*3*"]), None),
        (x, CaptureOptions(include=["*2*", "*4*"]), None),
        (x, CaptureOptions(max_samples=0), None),
        (x, CaptureOptions(max_bytes=3000), None),
        (x, None, None),
        (x, None, widen),
        (x, None, None),
        (x.double(), None, model.double),
        (x.double(), None, None),
    ]
    known = KnownStructure()
    for step, (inputs, options, change) in enumerate(calls):
        if change is not None:
            change()
        result = capture_model(model, inputs, options, known=known)
        sample_plan._plans.clear()
        fresh = capture_model(model, inputs, options)
        assert result.failure is None and fresh.failure is None, step
        assert result.blobs[1:] == fresh.blobs[1:], step
        assert result.step["samples"] == fresh.step["samples"], step
        assert _headers(result) == _headers(fresh), step
    assert taken["latest"] >= 4 and taken["view"] >= 4  # the paths under test were taken


@pytest.mark.parametrize("mode", [_SeenOps, _SeenCalls])
@pytest.mark.parametrize("batch", [1, 2])  # the samples whole (their slots, joined in place) or reduced
def test_a_users_modes_see_nothing_of_the_samples_quantised(mode, batch):
    """A user's torch function or dispatch mode on around a steady call sees what it sees
    of a call that stores no samples: the samples' fit, join and quantisation after the
    forward are ours, as the hooks' work is, and run with the modes off."""

    def seen(options: CaptureOptions) -> collections.Counter:
        torch.manual_seed(0)
        model = torch.nn.Sequential(*[torch.nn.Linear(8, 8) for _ in range(6)])
        x, known = torch.randn(batch, 8), KnownStructure()
        for _ in range(2):
            capture_model(model, x, options, known=known)
        with mode() as user_mode:
            result = capture_model(model, x, options, known=known)
        assert result.failure is None
        return collections.Counter(user_mode.ops)

    assert seen(CaptureOptions()) == seen(CaptureOptions(max_samples=0))
