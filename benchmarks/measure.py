"""Small measuring helpers shared by the benchmark workers: clocks, medians, file sizes."""

import glob
import os
import statistics
import time

import torch
from models import call_model
from torch.utils._pytree import tree_map_only


def median(samples):
    return statistics.median(samples) if samples else None


def ratio(numerator, denominator):
    if numerator is None or not denominator:
        return None
    return numerator / denominator


def rotated(items, index):
    """`items` (a list) starting at position `index` (modulo its length) and wrapping round:
    variants timed in this order, shifted each round, all share the drift of a noisy
    machine's speed."""
    start = index % len(items)
    return items[start:] + items[:start]


def timed(function, *args, **kwargs):
    """(seconds, result) of one call, by the wall clock."""
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - start, result


def synchronized_seconds(function):
    """Seconds of one call of `function` on a GPU, between two torch.cuda.synchronize(): the
    GPU's work counts as well as the host's."""
    torch.cuda.synchronize()
    start = time.perf_counter()
    function()
    torch.cuda.synchronize()
    return time.perf_counter() - start


def to_cuda(value):
    """`value` with every tensor inside it (dicts, tuples, lists) moved to the GPU."""
    return tree_map_only(torch.Tensor, torch.Tensor.cuda, value)


def timed_both(function, *args, **kwargs):
    """(wall seconds, process CPU seconds, result) of one call.

    CPU time counts every thread of the process (torch's intra-op threads, the event
    writer's thread) and not the time other processes took the cores: on a busy shared
    machine it is the steadier figure, most of all with one torch thread (idle OpenMP
    threads spin and add CPU time of their own).
    """
    cpu_start, start = time.process_time(), time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - start, time.process_time() - cpu_start, result


def plain_forward(model, inputs):
    """One no-grad forward: the unit calls are measured against."""
    with torch.no_grad():
        call_model(model, inputs)


def forward_seconds(model, inputs, min_seconds=0.02, max_calls=200):
    """(wall, CPU) seconds of one plain no-grad forward.

    Tiny models run in microseconds, so the calls are repeated until they last
    `min_seconds` and averaged: that is one sample; callers take medians of samples.
    """
    with torch.no_grad():
        once, _ = timed(call_model, model, inputs)
        calls = max(1, min(max_calls, int(min_seconds / max(once, 1e-7))))

        def repeat():
            for _ in range(calls):
                call_model(model, inputs)

        wall, cpu, _ = timed_both(repeat)
        return wall / calls, cpu / calls


def event_bytes(run_dir):
    """Total size of the event files in a run directory."""
    return sum(os.path.getsize(path) for path in glob.glob(os.path.join(run_dir, "events.out.tfevents.*")))


def first_error_line(error, limit=160):
    """`Type: first line of the message`, cut at `limit` characters, as tables show a failure."""
    lines = str(error).strip().splitlines()
    text = "%s: %s" % (type(error).__name__, lines[0] if lines else "")
    return text if len(text) <= limit else text[: limit - 3] + "..."
