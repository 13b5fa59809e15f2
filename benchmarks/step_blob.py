"""What compressing a steady call's step document costs, by each compressor at hand.

    python benchmarks/step_blob.py [--rounds 30]

The step document of a steady call on the 200-layer MLP of per_module_cost.py (statistics
of 400 outputs, 400 parameters and their gradients: about 400 KB of JSON), compressed by
zlib at level 1 (what the codec used before format/deflate.py), by format/deflate.py as
the codec writes it (ISA-L where `isal` is installed), and by zlib-ng where `zlib_ng` is
installed (not a dependency: measured as the alternative). Medians of `--rounds` by the
process's CPU time; every stream is checked to inflate, with zlib, to the document. The
document is version 1's JSON (read back from the step blob): format version 2 compresses
only its column heads and integer columns, the float columns are stored as they are.
"""

import argparse
import statistics
import sys
import time
import zlib
from typing import Callable, Dict, List, Optional

import torch
from per_module_cost import mlp_stack

from tensorboard_modelviz.capture.recording import capture_model
from tensorboard_modelviz.capture.structure_key import KnownStructure
from tensorboard_modelviz.capture.update_ratio import ParameterHistory
from tensorboard_modelviz.format import codec, deflate


def step_json() -> bytes:
    """The JSON of a steady call's step document on the MLP (after one backward), as
    format version 1 stores it."""
    torch.manual_seed(0)
    model, x = mlp_stack()
    model.train()
    model(x).square().mean().backward()
    history, known = ParameterHistory(), KnownStructure()
    capture_model(model, x, history=history, known=known)
    blob = capture_model(model, x, history=history, known=known).blobs[0]
    return codec.to_json_bytes(codec.decode_step(blob))


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
    data = step_json()
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
