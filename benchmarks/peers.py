"""What users would run instead of add_model_viz, each doing its part on the same model.

Each peer is called the way its documentation shows, with the model's natural input;
a failure is reported as the first line of its error, not worked around. A peer's first
call pays its imports, so it is timed apart and the figure is the median of the calls
after it (as add_model_viz's "first call" is timed after a cold one). Times are ratios
to a plain no-grad forward measured in the same process.
"""

import tempfile
import time

import torch
from measure import first_error_line, forward_seconds, median, ratio, timed
from models import build, call_model, positional


def _add_graph(model, inputs, logdir):
    """torch's SummaryWriter.add_graph (torch.jit.trace), written and flushed."""
    from torch.utils.tensorboard import SummaryWriter

    with SummaryWriter(logdir) as writer:
        writer.add_graph(model, positional(inputs))
        writer.flush()


def _torchinfo(model, inputs, logdir):
    import torchinfo

    torchinfo.summary(model, input_data=inputs, verbose=0)


def _torchview(model, inputs, logdir):
    """torchview.draw_graph builds the graphviz graph; rendering it needs no binary."""
    import torchview

    torchview.draw_graph(model, input_data=inputs, device="cpu")


def _torchviz(model, inputs, logdir):
    """torchviz.make_dot on the output of a forward with autograd (its graph is autograd's)."""
    import torchviz

    with torch.enable_grad():
        torchviz.make_dot(call_model(model, inputs), params=dict(model.named_parameters()))


def _torchlens(model, inputs, logdir):
    """torchlens.trace logs every operation and keeps every activation (its default)."""
    import torchlens

    if isinstance(inputs, dict):
        torchlens.trace(model, input_kwargs=inputs)
    else:
        torchlens.trace(model, input_args=list(positional(inputs)))


# torchlens last: it leaves torch's functions wrapped after its first call.
PEERS = [
    ("add_graph", "SummaryWriter.add_graph(model, args)", _add_graph),
    ("torchinfo", "torchinfo.summary(model, input_data=x)", _torchinfo),
    ("torchview", "torchview.draw_graph(model, input_data=x)", _torchview),
    ("torchviz", "torchviz.make_dot(model(x), params=...)", _torchviz),
    ("torchlens", "torchlens.trace(model, x)", _torchlens),
]
PEER_NAMES = [name for name, _, _ in PEERS]


def measure(model_name, repeats, report):
    """Calls `report(result)` as each peer finishes, so that a caller that kills a
    hanging peer still has the results of those before it."""
    model, inputs = build(model_name)
    for _ in range(3):
        forward_seconds(model, inputs)
    unit = median([forward_seconds(model, inputs)[0] for _ in range(5)])
    for name, _, peer in PEERS:
        try:
            with tempfile.TemporaryDirectory() as logdir:
                first, _ = timed(peer, model, inputs, logdir)  # includes its one-time imports
            seconds = []
            deadline = time.perf_counter() + 20.0
            while len(seconds) < repeats and time.perf_counter() < deadline:
                with tempfile.TemporaryDirectory() as logdir:
                    seconds.append(timed(peer, model, inputs, logdir)[0])
        except ImportError as error:
            result = {"ok": False, "error": "not installed (%s)" % first_error_line(error)}
        except Exception as error:  # the peer's failure is the measurement
            result = {"ok": False, "error": first_error_line(error)}
        else:
            typical = median(seconds) if seconds else first
            result = {
                "ok": True,
                "seconds": typical,
                "ratio": ratio(typical, unit),
                "first_call_seconds": first,
                "samples": seconds,
            }
        result.update(peer=name, forward_seconds=unit)
        report(result)
