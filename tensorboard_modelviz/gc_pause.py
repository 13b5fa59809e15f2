"""Python's cyclic garbage collector, paused around work that makes many containers.

A call records thousands of short-lived statistics and module calls; the plugin decodes
every step document of a run, hundreds of thousands of dicts and lists kept until the
over-time analysis is done. None of them is part of a reference cycle, yet counted by
the collector they set off its collections, and each full one walks every object alive:

- capture: over 40 ResNet-50 calls, 3.5 ms a call against 0.6 ms paused;
- plugin: reading and decoding 100 steps of a 150-layer model, 0.54 s against 0.28 s.

Imports only the standard library: the plugin server uses it.
"""

import contextlib
import gc
import threading
from collections.abc import Iterator

_lock = threading.Lock()
_depth = 0  # uses in progress, over every thread
_was_enabled = False


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """The collector off inside, and back as it was after. Nested and concurrent uses
    (the plugin answers requests on several threads) pause it once; the last to leave
    turns it back on if it was on before the first came in."""
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()
