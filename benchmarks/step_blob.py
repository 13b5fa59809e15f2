"""What compressing a steady call's step document costs, by each compressor at hand.

    python benchmarks/step_blob.py [--rounds 30]

The step document of a steady call on the 200-layer MLP of per_module_cost.py (statistics
of 400 outputs, 400 parameters and their gradients: about 400 KB of JSON), compressed by
zlib at level 1 (what the codec used before format/deflate.py), by format/deflate.py as
the codec writes it (ISA-L where `isal` is installed), and by zlib-ng where `zlib_ng` is
installed (not a dependency: measured as the alternative). Medians of `--rounds` by the
process's CPU time; every stream is checked to inflate, with zlib, to the document. The
document is version 1's JSON (read back from the step blob): format version 2 compresses
only its column heads and integer columns, the float columns are stored as they are; the
last row times the step blob as the capture writes it (run with PYTHONPATH=DIR for
another checkout's).
"""

import argparse
import statistics
import sys
import time
import zlib
from typing import Any, Callable, Dict, List, Optional

import torch
from per_module_cost import mlp_stack

from tensorboard_modelviz.capture.recording import capture_model
from tensorboard_modelviz.capture.structure_key import KnownStructure
from tensorboard_modelviz.capture.update_ratio import ParameterHistory
from tensorboard_modelviz.format import codec, deflate


def steady_step() -> Any:
    """A steady call's step document on the MLP (after one backward), as the capture
    makes it."""
    torch.manual_seed(0)
    model, x = mlp_stack()
    model.train()
    model(x).square().mean().backward()
    history, known = ParameterHistory(), KnownStructure()
    capture_model(model, x, history=history, known=known)
    return capture_model(model, x, history=history, known=known).step


def _median_ms(function: Callable[[], Any], rounds: int) -> float:
    seconds = []
    for _ in range(rounds):
        start = time.process_time()
        function()
        seconds.append(time.process_time() - start)
    return statistics.median(seconds) * 1e3


def compressors() -> Dict[str, Callable[[bytes], bytes]]:
    found: Dict[str, Callable[[bytes], bytes]] = {
        "zlib, level 1": lambda data: zlib.compress(data, 1),
        "format/deflate.py (%s)" % deflate._compressor_module.__name__: deflate.compress,
    }
    try:
        from zlib_ng import zlib_ng
    except ImportError:
        pass
    else:
        for level in (1, 2):
            found["zlib-ng, level %d" % level] = lambda data, level=level: zlib_ng.compress(data, level)
    return found


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args(argv)
    step = steady_step()
    blob = codec.StepEncoder(step).encode(step["samples"])
    data = codec.to_json_bytes(codec.decode_step(blob))  # version 1's JSON of it
    print("step document: %d bytes of JSON; CPU time, median of %d" % (len(data), args.rounds))
    print("| compressor | time | stream |")
    print("| --- | ---: | ---: |")
    for name, compress in compressors().items():
        seconds = []
        for _ in range(args.rounds):
            start = time.process_time()
            stream = compress(data)
            seconds.append(time.process_time() - start)
        if zlib.decompress(stream) != data:
            raise SystemExit("%s: the stream does not inflate to the document" % name)
        print("| %s | %.2f ms | %d bytes |" % (name, statistics.median(seconds) * 1e3, len(stream)))
    encoding = _median_ms(lambda: codec.StepEncoder(step).encode(step["samples"]), args.rounds)
    print(
        "| the step blob as the capture writes it (codec.StepEncoder, format version %d) | %.2f ms | %d bytes |"
        % (blob[3], encoding, len(blob))
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
