"""Peak memory of one forward, or of one add_model_viz call, in a fresh process.

tracemalloc does not see torch's allocations, and torch has no CPU allocator statistics,
so this measures the process's resident set. On Linux the kernel's peak (VmHWM) is reset
through /proc/self/clear_refs after the model is built, so what is reported is the
growth of the peak over the resident size just before the measured call. Elsewhere it
is the growth of the process's lifetime peak (getrusage's ru_maxrss), a lower bound.
Each measurement runs in its own process (the caller's job), because an allocator that
already grew for an earlier call would hide the next call's peak; before it the same
kind of call runs once on a tiny model, so that one-time costs (lazy imports, oneDNN
set-up) are not counted as the model's.
"""

import gc
import resource
import sys
import tempfile

import torch
from measure import plain_forward
from models import build


def _status_kib(field):
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise KeyError(field)


def _reset_peak():
    """Resets the kernel's peak-RSS counter; False where that is not possible."""
    try:
        with open("/proc/self/clear_refs", "w") as clear_refs:
            clear_refs.write("5")
        return True
    except OSError:
        return False


def _process_peak_bytes():
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024  # bytes on macOS, KiB elsewhere


class _PeakGrowth:
    """How far the resident set's peak rose above its level at construction."""

    def __init__(self):
        gc.collect()
        self.exact = _reset_peak()
        self.start = _status_kib("VmRSS") * 1024 if self.exact else _process_peak_bytes()

    def bytes(self):
        peak = _status_kib("VmHWM") * 1024 if self.exact else _process_peak_bytes()
        return peak - self.start

    @property
    def method(self):
        return "VmHWM reset via /proc/self/clear_refs" if self.exact else "ru_maxrss growth (a lower bound)"


def _warm_up(what):
    """Runs the measured kind of call once on a tiny model, so that one-time costs
    (lazy imports, oneDNN set-up) do not count as the real model's peak."""
    tiny = torch.nn.Sequential(torch.nn.Conv2d(1, 2, 3), torch.nn.Flatten(), torch.nn.Linear(8, 2)).eval()
    x = torch.randn(1, 1, 4, 4)
    if what == "forward":
        with torch.no_grad():
            tiny(x)
        return
    from tensorboard_modelviz import SummaryWriter

    with tempfile.TemporaryDirectory() as logdir, SummaryWriter(logdir) as writer:
        writer.add_model_viz(tiny, x, 0)
        writer.flush()


def measure(model_name, what):
    """Peak resident growth over one call: what is 'forward' or 'viz' (first add_model_viz)."""
    if what not in ("forward", "viz"):
        raise ValueError("what must be 'forward' or 'viz', got %r" % (what,))
    _warm_up(what)
    model, inputs = build(model_name)
    with tempfile.TemporaryDirectory() as logdir:
        if what == "viz":
            from tensorboard_modelviz import SummaryWriter

            writer = SummaryWriter(logdir)
        growth = _PeakGrowth()
        if what == "forward":
            plain_forward(model, inputs)
        else:
            writer.add_model_viz(model, inputs, 0)
            writer.flush()
        result = {"peak_growth_bytes": growth.bytes(), "method": growth.method}
        if what == "viz":
            writer.close()
    return result
