"""Whether this checkout writes the same documents as another one, byte for byte.

    .venv/bin/python scripts/compare_documents.py DIR

DIR holds another checkout's `tensorboard_modelviz` (e.g. `mkdir DIR && git archive main
| tar -x -C DIR`). Each package, in a process of its own, captures the same models (those
of this checkout's tests/zoo.py but ddp, benchmarks/per_module_cost.py's two deep stacks,
the dead-unit models of tests/capture/test_dead_units.py, and a model with forward hooks
and pre-hooks of its own), each with three option sets (the defaults,
trace_ops="always", an include pattern without samples): a first call, steady calls (one
of them under no_grad) and one under inference_mode, all with one KnownStructure. Compared
per call: the structure's JSON, the step document (its capture seconds left out), the
samples' headers and values, what the blobs hold (inflated by zlib and parsed by the
standard library's json, not by the codec that wrote them) and our own failure, exactly
(`exact`: every float by its bits, so -0.0 is not 0.0, an int not the float of its value,
keys in their order, where `==` would take them for the same). Prints each difference; exits 1 if
there is one. For changes meant to leave the documents as they are (speed-ups).

A step blob of format version 2 (statistics as columns) is compared as the version 1
document it stands for: its columns turned into version 1's dicts here, from
docs/format.md's description (`_version_1`), not by the package's reader; so is a
captured step document, whose statistics read as version 1's dicts (format_version 1).
"""

import argparse
import contextlib
import json
import os
import pickle
import struct
import subprocess
import sys
import tempfile
import warnings
from typing import Any, Dict, Iterator, List, Tuple

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TESTS = os.path.join(ROOT, "tests")

Case = Tuple[str, str]  # (model, option set)
Call = Tuple[Any, Any, Any, Any, Any]  # (structure JSON, step, samples, blobs' contents, failure)


_STATS_FIELDS = ("activations", "params", "grads")


def exact(value: Any) -> Any:
    """`value` in a form whose `==` is exact: each float as its bits, each number tagged
    with its type, each dict as its items in order."""
    if type(value) is float:
        return ("float", struct.pack("<d", value))
    if type(value) is int or type(value) is bool:
        return (type(value).__name__, value)
    if isinstance(value, dict):
        return ("dict", tuple((exact(key), exact(item)) for key, item in value.items()))
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, tuple(map(exact, value)))
    return value


def _version_1(blob: bytes) -> Dict[str, Any]:
    """The version 1 document a version 2 step blob stands for, read following
    docs/format.md alone: the JSON's zlib stream, then a zlib stream of the integer
    columns (int32) and the float columns (float64), little-endian, field after field,
    a row for each key not in the field's dicts, in the order of its keys."""
    import math
    import zlib

    inflater = zlib.decompressobj()
    document = json.loads(inflater.decompress(blob[5:]))
    inflater_of_integers = zlib.decompressobj()
    integers = inflater_of_integers.decompress(inflater.unused_data)
    floats = inflater_of_integers.unused_data
    document["format_version"] = 1
    at_integers = at_floats = 0
    for name in _STATS_FIELDS:
        head = document[name]
        keys, bins = head["keys"], head["bins"]
        rows = len(keys) - len(head["dicts"])
        columns: Dict[str, Any] = {}
        for column, count in (("numel", rows), ("n", rows), ("counts", rows * bins)):
            columns[column] = list(struct.unpack_from("<%di" % count, integers, at_integers))
            at_integers += 4 * count
        figures = ("mean", "std", "min", "max", "absmax", "zeros") + (("norm",) if name != "activations" else ())
        for column in figures:
            values = struct.unpack_from("<%dd" % rows, floats, at_floats)
            columns[column] = [value if math.isfinite(value) else None for value in values]  # JSON's null
            at_floats += 8 * rows
        described = {}
        row = -1
        for key in keys:
            if key in head["dicts"]:
                described[key] = head["dicts"][key]
                continue
            row += 1
            stats = {"numel": columns["numel"][row], "nan": 0, "inf": 0}
            for figure in ("mean", "std", "min", "max", "absmax", "zeros"):
                stats[figure] = columns[figure][row]
            stats["hist"] = {
                "lo": stats["min"],
                "hi": stats["max"],
                "n": columns["n"][row],
                "counts": columns["counts"][row * bins : (row + 1) * bins],
            }
            if name != "activations":
                stats["norm"] = columns["norm"][row]
            if row in head["estimated"]:
                stats["estimated"] = ["hist"]
            described[key] = stats
        document[name] = described
    assert at_integers == len(integers) and at_floats == len(floats), "columns left over"
    return document


def _plain_step(step: Any) -> Dict[str, Any]:
    """A captured step document as plain dicts (its statistics as they read), version 1's
    format_version where it is version 2's, capture seconds left out."""
    plain = dict(step, capture=dict(step["capture"], seconds=None))
    if plain.get("format_version") == 2:
        plain["format_version"] = 1
        for name in _STATS_FIELDS:
            plain[name] = {key: dict(stats) for key, stats in step[name].items()}
    return plain


def _blob_contents(blobs: List[bytes]) -> List[Any]:
    """What each blob of a call holds, read without the codec: the step blob's document
    (capture seconds left out), each sample blob's header and values."""
    import zlib

    contents: List[Any] = []
    for index, blob in enumerate(blobs):
        if index == 0:
            # Version 2: statistics as columns after the JSON.
            document = _version_1(blob) if blob[3] == 2 else json.loads(zlib.decompress(blob[5:]))
            contents.append(dict(document, capture=dict(document["capture"], seconds=None)))
        else:
            (length,) = struct.unpack_from("<I", blob, 5)
            contents.append((blob[:5], json.loads(blob[9 : 9 + length]), zlib.decompress(blob[9 + length :])))
    return contents


def _models() -> Iterator[Tuple[str, Any, List[Any]]]:
    """(name, model, the inputs of its calls), built the same way in every process."""
    import torch
    import torch.nn as nn

    sys.path[:0] = [TESTS, os.path.join(TESTS, "capture"), os.path.join(ROOT, "benchmarks")]
    import test_dead_units
    import zoo
    from per_module_cost import conv_stack, mlp_stack

    for name in zoo.NAMES:
        if name != "ddp":  # a process group of its own
            record = zoo.build(name)
            yield name, record.model, [record.inputs] * 3
    for name, build in (("mlp_stack", mlp_stack), ("conv_stack", conv_stack)):
        torch.manual_seed(0)
        model, x = build()
        yield name, model, [x, x]
    torch.manual_seed(0)
    yield "every_relu_path", test_dead_units.EveryPath(), [(torch.randn(3, 2, 4), torch.randn(2, 3, 48, 48))] * 3
    torch.manual_seed(0)
    yield "functional_relus", test_dead_units.FunctionalInside(), [torch.randn(4, 8) for _ in range(3)]
    torch.manual_seed(0)
    hooked = nn.Sequential(
        nn.Linear(6, 8),
        nn.ReLU(inplace=True),
        nn.Hardtanh(0, 2),
        nn.Linear(8, 4),
        nn.Sequential(nn.ReLU(), nn.Linear(4, 4)),
    )
    hooked[0].register_forward_hook(lambda module, args, output: output * 2)
    hooked[3].register_forward_pre_hook(lambda module, args: (args[0] + 1,))
    yield "own_hooks", hooked, [torch.randn(5, 6)] * 3


def capture_all() -> Dict[Case, List[Call]]:
    """Every call's documents, in this process (whose tensorboard_modelviz is the one compared)."""
    import torch

    from tensorboard_modelviz.capture.recording import CaptureOptions, capture_model
    from tensorboard_modelviz.capture.structure_key import KnownStructure

    option_sets = {
        "defaults": None,
        "trace_ops=always": CaptureOptions(trace_ops="always"),
        "include *1*, no samples": CaptureOptions(include=["*1*"], max_samples=0),
    }
    found: Dict[Case, List[Call]] = {}
    warnings.simplefilter("ignore")
    for name, model, inputs in _models():
        for label, options in option_sets.items():
            known = KnownStructure()
            calls = []
            for i, x in enumerate(inputs + [inputs[0]]):
                torch.manual_seed(1)
                if i == len(inputs):
                    context: Any = torch.inference_mode()
                elif i == 2:
                    context = torch.no_grad()
                else:
                    context = contextlib.nullcontext()
                with context:
                    result = capture_model(model, x, options=options, known=known)
                step = _plain_step(result.step)
                samples = [(header, bytes(values)) for header, values in result.samples]
                failure = None if result.failure is None else repr(result.failure)
                calls.append((result.structure_json, step, samples, _blob_contents(result.blobs), failure))
            found[(name, label)] = calls
    return found


def _captured_by(package_root: str) -> Dict[Case, List[Call]]:
    with tempfile.TemporaryDirectory() as scratch:
        out = os.path.join(scratch, "documents.pickle")
        environment = dict(os.environ, PYTHONPATH=package_root)
        subprocess.run([sys.executable, os.path.abspath(__file__), "--worker", out], env=environment, check=True)
        with open(out, "rb") as f:
            return pickle.load(f)  # our own worker's file


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("other", nargs="?", help="directory holding the other checkout's tensorboard_modelviz")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        with open(args.worker, "wb") as f:
            pickle.dump(capture_all(), f)
        return 0
    if not args.other or not os.path.isdir(os.path.join(args.other, "tensorboard_modelviz")):
        parser.error("give a directory that holds a tensorboard_modelviz package")
    ours, theirs = _captured_by(ROOT), _captured_by(os.path.abspath(args.other))
    differences = 0
    for case in sorted(set(ours) | set(theirs)):
        for i, (mine, other) in enumerate(zip(ours.get(case, []), theirs.get(case, []))):
            for part, a, b in zip(("structure", "step", "samples", "blobs' contents", "failure"), mine, other):
                if exact(a) != exact(b):
                    differences += 1
                    print("%s, %s, call %d: the %s differs" % (case[0], case[1], i, part))
        if len(ours.get(case, [])) != len(theirs.get(case, [])):
            differences += 1
            print("%s, %s: captured by one package only" % case)
    calls = sum(len(v) for v in ours.values())
    failed = sum(1 for v in ours.values() for call in v if call[-1] is not None)
    print(
        "%d models × option sets, %d calls (%d with a failure of ours), %d differences"
        % (len(ours), calls, failed, differences)
    )
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
