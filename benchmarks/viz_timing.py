"""add_model_viz's cost on one model, as ratios to a plain forward measured alongside.

Three kinds of call are timed, each including `writer.flush()` so that the bytes are
on disk (torch's writer serialises and checksums on its own thread; flush waits for it):
- first, cold: the first call in this process (lazy imports and caches included);
- first: the first call on a new writer, so the structure (graph and table) is written;
- steady: later calls on one writer whose model did not change: no structure bytes;
and, to split the cost, `capture_model` alone (the recorded forward, no encoding of
summaries, no writing). Forwards and the calls are interleaved round by round, so a
noisy neighbour slows them alike; medians are reported, by the wall clock and by
process CPU time (see measure.timed_both).
"""

import os
import warnings

from measure import event_bytes, forward_seconds, median, ratio, timed_both
from models import build, parameter_count
from tensorboard.backend.event_processing.event_file_loader import EventFileLoader

from tensorboard_modelviz import SummaryWriter
from tensorboard_modelviz.capture.recording import capture_model
from tensorboard_modelviz.format import codec, metadata


def _viz_call(writer, model, inputs, step):
    """(wall s, CPU s, bytes added, warnings) of one add_model_viz call, flushed."""
    run_dir = writer.get_logdir()
    writer.flush()
    size_before = event_bytes(run_dir)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        wall, cpu, _ = timed_both(lambda: (writer.add_model_viz(model, inputs, step), writer.flush()))
    return wall, cpu, event_bytes(run_dir) - size_before, [str(w.message) for w in caught]


def _last_step_document(run_dir):
    """The step document of the last add_model_viz call in a run, to report its own view."""
    tag = metadata.step_tag(metadata.DEFAULT_TAG)
    last = None
    for name in sorted(os.listdir(run_dir)):
        for event in EventFileLoader(os.path.join(run_dir, name)).Load():
            for value in event.summary.value:
                if value.tag == tag:
                    last = value.tensor.string_val
    if last is None:
        return None, 0
    return codec.decode_step(last[0]), len(last) - 1


def measure(model_name, repeats, logs_dir):
    """Timings of one model. The steady run is left in `logs_dir/<model>` for other sections."""
    model, inputs = build(model_name)
    for _ in range(3):  # warm-up: allocator, oneDNN primitives
        forward_seconds(model, inputs)

    wall = {"forward": [], "first": [], "steady": [], "capture_only": []}
    cpu = {kind: [] for kind in wall}
    written = {"first": [], "steady": []}
    messages = []

    def record(kind, seconds, cpu_seconds, size=None, caught=()):
        wall[kind].append(seconds)
        cpu[kind].append(cpu_seconds)
        if size is not None:
            written[kind].append(size)
        messages.extend(caught)

    with SummaryWriter(os.path.join(logs_dir, "first-cold", model_name)) as writer:
        first_cold, first_cold_cpu, first_cold_bytes, caught = _viz_call(writer, model, inputs, 0)
    messages += caught
    steady_writer = SummaryWriter(os.path.join(logs_dir, model_name))
    messages += _viz_call(steady_writer, model, inputs, 0)[3]

    for round_index in range(1, repeats + 1):
        record("forward", *forward_seconds(model, inputs))
        record("steady", *_viz_call(steady_writer, model, inputs, round_index))
        record("forward", *forward_seconds(model, inputs))
        with SummaryWriter(os.path.join(logs_dir, "first", model_name, str(round_index))) as writer:
            record("first", *_viz_call(writer, model, inputs, 0))
        record("capture_only", *timed_both(capture_model, model, inputs)[:2])
    steady_writer.close()

    step_document, sample_count = _last_step_document(os.path.join(logs_dir, model_name))
    capture = (step_document or {}).get("capture", {})
    unit, cpu_unit = median(wall["forward"]), median(cpu["forward"])
    result = {
        "parameters": parameter_count(model),
        "forward_seconds": unit,
        "forward_cpu_seconds": cpu_unit,
        "first_cold_seconds": first_cold,
        "first_cold_ratio": ratio(first_cold, unit),
        "first_cold_cpu_ratio": ratio(first_cold_cpu, cpu_unit),
        "first_cold_bytes": first_cold_bytes,
    }
    for kind in ("first", "steady", "capture_only"):
        result[kind + "_seconds"] = median(wall[kind])
        result[kind + "_ratio"] = ratio(median(wall[kind]), unit)
        result[kind + "_cpu_ratio"] = ratio(median(cpu[kind]), cpu_unit)
    result.update(
        {
            "first_bytes": median(written["first"]),
            "steady_bytes": median(written["steady"]),
            "steady_bytes_max": max(written["steady"]),
            "recorded_layers": len((step_document or {}).get("activations", {})),
            "activation_samples": sample_count,
            "complete": capture.get("complete"),
            "capture_warnings": capture.get("warnings", []),
            "warnings": sorted(set(messages)),
            "samples": {"wall": wall, "cpu": cpu, "bytes": written},
        }
    )
    return result
