"""The small outputs' copies go into a buffer that the model's next forward takes over
(statistics.CopyBuffer, tracer._Kept): the statistics, dead units and samples must be
those of copies taken one by one, whatever changed between the calls."""

import gc

import pytest
import torch
import torch.nn as nn

from tensorboard_modelviz.capture import tracer
from tensorboard_modelviz.capture.recording import CaptureOptions, capture_model
from tensorboard_modelviz.capture.statistics import CopyBuffer, PendingStats, exact_stats_many
from tensorboard_modelviz.capture.structure_key import KnownStructure


def _trace(model, x, options=None):
    """A finished steady-call Trace of `model` on `x` (hooks alone, no recording modes); run
    again where outputs whose description it put off changed after their hooks, as
    recording._record runs it (the model here keeps no state a forward changes)."""
    trace = _trace_once(model, x, options)
    if isinstance(trace.failure, tracer.OutputChangedAfterHook):
        trace = _trace_once(model, x, options)
    assert trace.failure is None
    return trace


def _trace_once(model, x, options=None):
    options = options or CaptureOptions()
    trace = tracer.Trace(model, options, options.selects, record_graph=False)
    trace.watch_relus = False
    handles = trace.attach()
    try:
        with torch.no_grad():
            model(x)
    finally:
        for handle in handles:
            handle.remove()
    trace.finish_stats()
    return trace


def _direct(t):
    """The statistics of `t` computed alone."""
    return exact_stats_many([t.detach().reshape(-1).double().numpy()])[0]


def _assert_close(stats, expected):
    for field in ("numel", "min", "max", "zeros", "nan", "inf"):
        assert stats[field] == expected[field], field
    assert stats["hist"]["counts"] == expected["hist"]["counts"]
    assert stats["mean"] == pytest.approx(expected["mean"], rel=1e-6, abs=1e-9)


def test_the_next_forward_takes_the_buffer_over_and_fills_it_in_order():
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(4, 6), nn.ReLU(), nn.Linear(6, 3))
    x = torch.randn(1, 4)
    first = _trace(model, x)
    assert first.pending_stats.layout == [(1, 6), (1, 6), (1, 3)]  # laid out for the next (the root: an alias)
    del first
    second = _trace(model, x)
    buffer = second.pending_stats.buffer
    assert buffer is not None and second.pending_stats.layout is None  # every copy in its slot
    outputs = [model[0](x), torch.relu(model[0](x)), model(x)]
    for key, out in zip(("0#0", "1#0", "2#0"), outputs):
        _assert_close(second.activation_stats[key], _direct(out))
    assert second.samples["2#0"][1].data_ptr() == buffer.slots[2].data_ptr()  # the sample is the copy
    del second
    third = _trace(model, x)
    assert third.pending_stats.buffer is buffer  # nothing held it: taken again


def test_a_buffer_still_held_is_not_written_again():
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(4, 6), nn.Tanh())
    x = torch.randn(1, 4)
    _trace(model, x)
    kept = _trace(model, x)  # alive: its samples are views of its buffer
    sample = kept.samples["1#0"][1].clone()
    again = _trace(model, -x)
    assert again.pending_stats.buffer is not kept.pending_stats.buffer
    assert torch.equal(kept.samples["1#0"][1], sample)
    sample_only = kept.samples["1#0"][1]
    del kept
    gc.collect()
    del again
    last = _trace(model, x)  # the first buffer is held by `sample_only` alone, the second by nobody
    assert last.pending_stats.buffer.flat.data_ptr() != sample_only.data_ptr()
    assert torch.equal(sample_only, sample)


def test_shapes_that_change_between_calls_are_copied_alone_then_laid_out_again():
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(4, 6), nn.ReLU(), nn.Linear(6, 3))
    _trace(model, torch.randn(2, 4))
    x = torch.randn(5, 4)
    changed = _trace(model, x)  # the buffer's slots are (2, 6)...: none fits
    assert changed.pending_stats.layout == [(5, 6), (5, 6), (5, 3)]
    _assert_close(changed.activation_stats["2#0"], _direct(model(x)))
    del changed
    steady = _trace(model, x)
    assert steady.pending_stats.layout is None
    _assert_close(steady.activation_stats["2#0"], _direct(model(x)))


def test_outputs_changed_in_place_after_they_return_are_described_as_returned():
    class Mutating(nn.Module):
        def __init__(self):
            super().__init__()
            self.a = nn.Linear(4, 4)
            self.act = nn.ReLU(inplace=True)

        def forward(self, x):
            y = self.a(x)
            seen = y.clone()
            self.act(y)  # y is changed in place after `a` returned it
            y.mul_(3.0)
            return y, seen

    torch.manual_seed(0)
    model = Mutating()
    x = torch.randn(3, 4)
    for _ in range(3):
        trace = _trace(model, x)
        with torch.no_grad():
            _, returned = model(x)
        _assert_close(trace.activation_stats["a#0"], _direct(returned))
        _assert_close(trace.activation_stats["act#0"], _direct(torch.relu(returned)))
        del trace


def test_a_dtype_or_layout_that_does_not_fit_a_slot_is_copied_alone():
    torch.manual_seed(0)
    model = nn.Sequential(nn.Conv2d(3, 4, 3), nn.ReLU())
    x = torch.randn(1, 3, 6, 6)
    _trace(model, x)
    model = model.to(memory_format=torch.channels_last)
    trace = _trace(model, x.to(memory_format=torch.channels_last))
    assert trace.pending_stats.layout is not None  # flattened copies, in memory order
    _assert_close(trace.activation_stats["0#0"], _direct(model[0](x)))
    half = nn.Sequential(nn.Linear(4, 4)).to(torch.float64)
    _trace(half, torch.randn(2, 4, dtype=torch.float64))
    again = _trace(half, torch.randn(2, 4, dtype=torch.float64))
    assert again.pending_stats.buffer is not None and again.pending_stats.layout is not None


def test_steady_calls_under_inference_mode_and_outside_share_one_buffer():
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(4, 5), nn.ReLU())
    known = KnownStructure()
    x = torch.randn(2, 4)
    results = []
    with torch.inference_mode():
        results.append(capture_model(model, x, known=known))
        results.append(capture_model(model, x, known=known))
    results.append(capture_model(model, x, known=known))
    results.append(capture_model(model, x, known=known))
    assert all(r.failure is None for r in results)
    assert len({str(r.step["activations"]) for r in results}) == 1


def test_a_buffer_is_laid_out_only_up_to_its_bound(monkeypatch):
    monkeypatch.setattr(tracer, "_MAX_KEPT_VALUES", 10)
    model = nn.Sequential(nn.Linear(4, 6))
    _trace(model, torch.randn(2, 4))  # 12 values: over the bound
    trace = _trace(model, torch.randn(2, 4))
    assert trace.pending_stats.buffer is None and trace.pending_stats.layout == [(2, 6)]


def test_pending_stats_given_a_buffer_describes_as_without_one():
    torch.manual_seed(0)
    tensors = [torch.randn(3, 5), torch.randn(7), torch.tensor(2.5), torch.zeros(2, 2)]
    buffer = CopyBuffer([tuple(t.shape) for t in tensors])
    with_buffer, alone = PendingStats(buffer), PendingStats()
    described = [(with_buffer.add(t), alone.add(t)) for t in tensors]
    with_buffer.finish()
    alone.finish()
    assert with_buffer.layout is None
    assert [a for a, _ in described] == [b for _, b in described]


def _slot_copies(shapes, taken_now=(), edge_values=True):
    """The buffer's values after a PendingStats laid out for `shapes` was given a tensor of
    each shape, those at `taken_now` copied at once (add_keeping_copy), the others put off
    (add_later) and copied by copy_due; and the values given."""
    torch.manual_seed(0)
    values = [torch.randn(shape) for shape in shapes]
    if edge_values:
        for t in values:
            if t.numel() >= 4:
                t.view(-1)[:4] = torch.tensor([float("nan"), float("inf"), -float("inf"), -0.0])
    buffer = CopyBuffer(shapes)
    pending = PendingStats(buffer)
    for index, t in enumerate(values):
        if index in taken_now:
            pending.add_keeping_copy(t)
        else:
            pending.add_later(t, t.shape)
    pending.copy_due()
    return buffer, values


@pytest.mark.parametrize(
    "shapes, taken_now",
    [
        ([(1, 16)] * 9, ()),  # one shape: one torch.cat
        ([(1, 8, 4, 4)] * 5, ()),
        ([(2, 3)] * 4 + [(1, 6)] * 3, ()),  # two shapes: copied a slot each
        ([(1, 16)] * 6, (2,)),  # a slot copied at once between those put off
        ([(1, 16)] * 6, (0,)),  # ... before them: the rest in one torch.cat
        ([(1, 16)] * 6, (5,)),  # ... after them
        ([()] * 4, ()),  # 0-d
        ([(0, 4)] * 3 + [(1, 0)] * 2, ()),  # empty
    ],
)
def test_slots_put_off_are_copied_exactly_however_they_lie(shapes, taken_now):
    buffer, values = _slot_copies(shapes, taken_now)
    for slot, t in zip(buffer.slots, values):
        assert slot.shape == t.shape
        assert torch.equal(slot.view(-1).view(torch.int32), t.reshape(-1).view(torch.int32))  # bits: NaN, -0.0


def test_slots_put_off_one_after_another_of_one_shape_take_one_join(monkeypatch):
    """The path copy_due takes for a stack's outputs (torch.cat into the slots' memory) is
    the one taken, and the slot-by-slot copy where they are not one run of one shape."""
    copied_each = []
    foreach = torch._foreach_copy_
    monkeypatch.setattr(
        torch, "_foreach_copy_", lambda slots, values: copied_each.append(len(slots)) or foreach(slots, values)
    )
    _slot_copies([(1, 16)] * 9)
    _slot_copies([(1, 16)] * 6, (0,))
    assert copied_each == []
    _slot_copies([(1, 16)] * 6, (2,))
    _slot_copies([(2, 3)] * 4 + [(1, 6)] * 3)
    assert copied_each == [5, 7]


def _fresh_facts(model, options):
    return {id(m): (name, type(m).__name__, options.selects(name, m)) for name, m in model.named_modules()}


def _facts(trace):
    return {key: value[:3] for key, value in trace.modules.items()}


def test_module_facts_are_made_again_wherever_the_model_or_the_selection_changed():
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(4, 4), nn.ReLU(), nn.Linear(4, 2))
    x = torch.randn(1, 4)
    include = ["0"]
    options = CaptureOptions(include=include)
    first = _trace(model, x, options)
    assert _facts(first) == _fresh_facts(model, options)
    assert _trace(model, x, CaptureOptions(include=include)).modules is first.modules  # nothing changed: kept

    model[2] = nn.Linear(4, 2)  # a module replaced
    replaced = _trace(model, x, options)
    assert _facts(replaced) == _fresh_facts(model, options) and replaced.modules is not first.modules
    model.add_module("3", nn.Tanh())  # a module added
    assert _facts(_trace(model, x, options)) == _fresh_facts(model, options)
    include.append("3")  # the caller's list changed in place: another selection
    assert _trace(model, x, options).modules[id(model[3])][2] is True
    assert _trace(model, x, CaptureOptions(exclude=["1"])).modules[id(model[1])][2] is False
    model[3].__class__ = nn.Sigmoid  # another type, same object
    assert _trace(model, x, options).modules[id(model[3])][1] == "Sigmoid"


def test_kept_facts_give_each_layer_key_and_see_a_module_that_takes_hooks_otherwise():
    """The facts kept between calls hold each module's first layer key, and the modules
    that attach hooks otherwise (TorchScript's, torch.compile's): one put in after the
    facts were kept is seen at the next call."""
    model = nn.Sequential(nn.Linear(4, 4), nn.ReLU())
    x = torch.randn(2, 4)
    first = _trace(model, x)
    assert [facts[4] for facts in first.modules.values()] == ["#0", "0#0", "1#0"]
    assert list(first.activation_stats) == ["0#0", "1#0", "#0"] and first.unusual == ()
    model[1] = torch.compile(nn.ReLU(), backend="eager")
    trace = tracer.Trace(model, CaptureOptions(), CaptureOptions().selects, record_graph=False)
    handles = trace.attach()
    try:  # every module hooked one by one, the global hooks not set
        assert trace.unusual == (2,) and len(handles) == 3 * 4
        assert not torch.nn.modules.module._global_forward_pre_hooks
    finally:
        for handle in handles:
            handle.remove()
    with pytest.warns(DeprecationWarning, match="jit.script"):
        model[1] = torch.jit.script(nn.ReLU())
    with pytest.raises(TypeError, match="TorchScript module"):
        tracer.Trace(model, CaptureOptions(), CaptureOptions().selects, record_graph=False).attach()
    assert not torch.nn.modules.module._global_forward_pre_hooks


def test_a_relu_whose_forward_is_replaced_on_the_instance_is_counted_by_the_watcher_then():
    model = nn.Sequential(nn.Linear(4, 4), nn.ReLU())
    x = torch.randn(2, 4)
    assert _trace(model, x).relu_modules == {id(model[1]): "own"}
    model[1].forward = lambda t: torch.relu(t)
    trace = _trace(model, x)
    assert trace.relu_modules == {} and trace.modules[id(model[1])][3] is None


def test_the_kept_state_does_not_keep_the_model_alive():
    model = nn.Sequential(nn.Linear(4, 4), nn.ReLU())
    _trace(model, torch.randn(1, 4))
    _trace(model, torch.randn(1, 4))
    alive = len(tracer._kept)
    del model
    gc.collect()
    assert len(tracer._kept) == alive - 1


def test_two_forwards_of_one_model_at_once_never_share_a_buffer():
    """A buffer is lent to one Trace at a time (taken at its start, given back by its
    finish_stats), whether or not the other has copied anything yet."""
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(4, 6), nn.ReLU())
    x = torch.randn(1, 4)
    _trace(model, x)
    options = CaptureOptions()
    first = tracer.Trace(model, options, options.selects, record_graph=False)
    second = tracer.Trace(model, options, options.selects, record_graph=False)
    assert first.pending_stats.buffer is not None and second.pending_stats.buffer is not None
    assert first.pending_stats.buffer is not second.pending_stats.buffer
    first.finish_stats()
    second.finish_stats()


class _Shapes(nn.Module):
    """Outputs of several shapes, twice each: a vector, a batch of two (over max_samples),
    maps kept whole and one over max_side."""

    def forward(self, x):
        outputs = []
        for _ in range(2):
            outputs += [x[0, 0, 0] * 1.0, x[:, 0, 0] * 2.0, x[:1] * 3.0, x[:1, :, :, :2] * 4.0]
        return outputs


class _Plus(nn.Module):
    def forward(self, x):
        return x + 1.0


class _Each(nn.Module):
    def __init__(self):
        super().__init__()
        self.parts = nn.ModuleList(_Plus() for _ in range(8))
        self.inner = _Shapes()

    def forward(self, x):
        return [part(out) for part, out in zip(self.parts, self.inner(x))]


def test_samples_given_again_for_a_shape_are_reduce_activations():
    torch.manual_seed(0)
    model = _Each()
    x = torch.randn(2, 3, 8, 40)
    options = CaptureOptions(max_side=32)
    for _ in range(2):
        trace = _trace(model, x, options)
        assert len(trace.whole_samples) == 1  # the [1, 3, 8, 2] maps: kept whole, the same layout
        for index, out in enumerate(part(out) for part, out in zip(model.parts, model.inner(x))):
            layout, values, shape = trace.samples["parts.%d#0" % index]
            expected = tracer.reduce_activation(out, *trace.sample_bounds, trace.pending_stats.copies, out.clone())
            assert layout == expected[0] and shape == list(out.shape)
            assert torch.equal(values, expected[1])
        del trace


class _Counting(nn.Module):
    """A module that returns no tensor."""

    def forward(self, x):
        return None if x.sum() > 1e9 else 3


class _Outer(nn.Module):
    def __init__(self):
        super().__init__()
        self.counting = _Counting()
        self.pair = _Pair()

    def forward(self, x):
        self.counting(x)
        return self.pair(x)


class _Pair(nn.Module):
    """A module whose first output is an integer tensor."""

    def __init__(self):
        super().__init__()
        self.linear = nn.Linear(4, 4)

    def forward(self, x):
        return x.argmax(1), self.linear(x)


def test_outputs_without_a_tensor_or_with_an_integer_one_first():
    torch.manual_seed(0)
    model = _Outer()
    x = torch.randn(2, 4)
    for _ in range(2):
        trace = _trace(model, x)
        assert "counting#0" not in trace.activation_stats
        _assert_close(trace.activation_stats["pair#0"], _direct(model.pair.linear(x)))
        del trace


def test_a_selection_of_the_callers_own_is_asked_at_every_call():
    model = nn.Sequential(nn.Linear(4, 4), nn.ReLU())
    asked = []

    def should_record(name, module):
        asked.append(name)
        return name == "1"

    for _ in range(2):
        trace = tracer.Trace(model, CaptureOptions(), should_record, record_graph=False)
        assert [facts[2] for facts in trace.modules.values()] == [False, False, True]
    assert asked == ["", "0", "1"] * 2
