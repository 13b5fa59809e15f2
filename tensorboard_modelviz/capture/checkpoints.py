"""Log a series of saved checkpoints into a run, so they compare like live training steps.

    log_checkpoints(model, x, [("ckpt_100.pt", 100), ("ckpt_200.pt", 200)], "runs/ckpt")

    python -m tensorboard_modelviz.capture.checkpoints --model mypkg.models:make_net \\
        --input-shape 1,1,28,28 --logdir runs/ckpt ckpt_100.pt ckpt_200.pt

Each checkpoint is a `state_dict` file (or a training checkpoint holding one under
"state_dict", "model_state_dict" or "model"), loaded with `torch.load(weights_only=True)`:
a file that needs anything but tensors and plain containers is refused, never unpickled.
The weights go into a deep copy of the model, so the caller's instance is never touched;
each one is then recorded with `add_model_viz` at its step, in step order, so update
ratios are the change from one checkpoint to the next.
"""

import argparse
import copy
import importlib
import os
import pickle
import re
import sys
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import torch

from tensorboard_modelviz.capture.model_state import preserved_model_state
from tensorboard_modelviz.capture.recording import _check_inputs, call_model
from tensorboard_modelviz.capture.writer import SummaryWriter, add_model_viz
from tensorboard_modelviz.format import metadata

# Keys under which training scripts commonly nest the model's state_dict.
NESTED_STATE_KEYS = ("state_dict", "model_state_dict", "model")


StateDict = dict[str, torch.Tensor]
PathLike = str | os.PathLike[str]


class CheckpointError(ValueError):
    """A checkpoint cannot be loaded into the model; the message says which and why."""


def _unpickler_reason(error: BaseException) -> str:
    """The one informative sentence of torch's long weights_only error."""
    text = re.sub(r"\x1b\[[0-9;]*m", "", str(error))
    found = re.search(r"WeightsUnpickler error:\s*(.+?)(?:\. |\n|$)", text)
    return found.group(1).strip() if found else text.splitlines()[0]


def _is_state_dict(value: object) -> bool:
    return (
        isinstance(value, dict)
        and bool(value)
        and all(isinstance(k, str) and isinstance(v, torch.Tensor) for k, v in value.items())
    )


def load_state_dict_file(path: str) -> StateDict:
    """The state_dict in `path`, loaded with weights_only=True onto the CPU.

    Files in torch's zip format (every torch.save since 1.6) are memory-mapped, so a
    large checkpoint costs no memory until its tensors are copied into the model.
    """
    if not os.path.isfile(path):
        raise CheckpointError("checkpoint %s: no such file" % path)
    try:
        loaded = torch.load(path, weights_only=True, map_location="cpu", mmap=zipfile.is_zipfile(path))
    except pickle.UnpicklingError as e:
        reason = _unpickler_reason(e)
        if reason.startswith("Unsupported global"):
            raise CheckpointError(
                "checkpoint %s cannot be loaded with weights_only=True: it holds Python objects "
                "other than tensors and plain containers (%s), which are never unpickled here. "
                "Save the model's state_dict() alone." % (path, reason)
            ) from None
        raise CheckpointError("checkpoint %s cannot be loaded with weights_only=True: %s" % (path, reason)) from None
    except (RuntimeError, EOFError, OSError) as e:
        raise CheckpointError("checkpoint %s is not a readable torch file: %s" % (path, e)) from None
    if _is_state_dict(loaded):
        return loaded
    if isinstance(loaded, dict):
        for key in NESTED_STATE_KEYS:
            if _is_state_dict(loaded.get(key)):
                return loaded[key]
        keys = ", ".join(repr(k) for k in list(loaded)[:8])
        raise CheckpointError(
            "checkpoint %s holds no state_dict: its top-level keys are %s (expected parameter "
            "names, or a state_dict under one of %s)" % (path, keys or "none", ", ".join(NESTED_STATE_KEYS))
        )
    raise CheckpointError("checkpoint %s holds a %s, not a state_dict" % (path, type(loaded).__name__))


def _strip_wrapper_prefix(state: StateDict, expected: Mapping[str, torch.Tensor]) -> StateDict:
    """Drop the `module.` (DataParallel/DDP) or `_orig_mod.` (torch.compile) prefix when
    every checkpoint key has it and the model's keys do not."""
    for prefix in ("module.", "_orig_mod."):
        if all(k.startswith(prefix) for k in state) and not any(k.startswith(prefix) for k in expected):
            return {k[len(prefix) :]: v for k, v in state.items()}
    return state


def _preview(names: Iterable[str], limit: int = 5) -> str:
    names = sorted(names)
    more = " and %d more" % (len(names) - limit) if len(names) > limit else ""
    return ", ".join(names[:limit]) + more


def check_state_dict(state: StateDict, model: torch.nn.Module, path: str) -> StateDict:
    """The checkpoint's state adapted to `model`, or a CheckpointError naming the keys and
    shapes that do not match."""
    expected = model.state_dict()
    state = _strip_wrapper_prefix(state, expected)
    missing = set(expected) - set(state)
    unexpected = set(state) - set(expected)
    if missing or unexpected:
        parts = []
        if missing:
            parts.append("missing from the checkpoint: %s" % _preview(missing))
        if unexpected:
            parts.append("not in the model: %s" % _preview(unexpected))
        raise CheckpointError("checkpoint %s does not match the model's keys (%s)" % (path, "; ".join(parts)))
    mismatched = [
        "%s is %s in the checkpoint but %s in the model" % (k, list(state[k].shape), list(expected[k].shape))
        for k in expected
        if state[k].shape != expected[k].shape
    ]
    if mismatched:
        raise CheckpointError("checkpoint %s has tensors of other shapes: %s" % (path, "; ".join(mismatched[:5])))
    return state


def _checked_series(checkpoints: Iterable[tuple[PathLike, int]]) -> list[tuple[str, int]]:
    """[(path, step)] sorted by step; each step non-negative and used once."""
    series = []
    for entry in checkpoints:
        if not isinstance(entry, (tuple, list)) or len(entry) != 2:
            raise ValueError("checkpoints must be (path, step) pairs, got %r" % (entry,))
        path, step = entry
        if not isinstance(path, (str, os.PathLike)):
            raise TypeError("checkpoint path must be a str or os.PathLike, got %r" % (path,))
        if isinstance(step, bool) or not isinstance(step, int) or step < 0:
            raise ValueError("checkpoint %s: step must be a non-negative int, got %r" % (path, step))
        series.append((os.fspath(path), step))
    if not series:
        raise ValueError("no checkpoints given")
    steps = [step for _, step in series]
    repeated = sorted({s for s in steps if steps.count(s) > 1})
    if repeated:
        raise ValueError("more than one checkpoint for step(s) %s" % ", ".join(map(str, repeated)))
    for path, _ in series:
        if not os.path.isfile(path):
            raise CheckpointError("checkpoint %s: no such file" % path)
    return sorted(series, key=lambda item: item[1])


def _check_forward(model: torch.nn.Module, inputs: Any, mode: str | None) -> None:
    """Run the model once on `inputs`, leaving it as it was, so that inputs the model
    rejects fail before a log directory is created."""
    _check_inputs(inputs)
    with torch.no_grad(), preserved_model_state(model):
        if mode is not None:
            model.train(mode == "train")
        call_model(model, inputs)


def log_checkpoints(
    model: torch.nn.Module,
    inputs: Any,
    checkpoints: Iterable[tuple[PathLike, int]],
    logdir_or_writer: Any,
    tag: str = metadata.DEFAULT_TAG,
    **options: Any,
) -> list[int]:
    """Record each checkpoint of `model` with `add_model_viz` at its step; returns the steps.

    `checkpoints`: (path, step) pairs, logged in step order. `logdir_or_writer`: a log
    directory (a SummaryWriter is opened and closed there) or an open writer (torch's,
    tensorboardX's, or a logger with one as `.experiment`). `inputs` is what the model
    is called with, on the model's device. `options` go to `add_model_viz` (for example
    `mode="eval"`). Update ratios are taken against the previous call with the same
    writer and tag: give checkpoints a tag (or run) of their own when the writer also
    logs live training. Every file is loaded and checked before anything is written, so a bad
    checkpoint leaves no half-logged series (and is loaded again when its turn comes, so
    that only one checkpoint is held at a time).
    """
    if not isinstance(model, torch.nn.Module):
        raise TypeError("model must be a torch.nn.Module, got %s" % type(model).__name__)
    series = _checked_series(checkpoints)
    try:
        replica = copy.deepcopy(model)
    except Exception as e:
        raise TypeError(
            "the model cannot be deep-copied (%s: %s); log_checkpoints never loads "
            "weights into the caller's instance" % (type(e).__name__, e)
        ) from None
    for parameter in replica.parameters():
        parameter.grad = None  # the copy must not show the live model's gradients

    def load(path: str) -> StateDict:
        return check_state_dict(load_state_dict_file(path), replica, path)

    for path, _ in series:
        load(path)
    replica.load_state_dict(load(series[0][0]), strict=True)
    _check_forward(replica, inputs, options.get("mode"))

    own_writer = isinstance(logdir_or_writer, (str, os.PathLike))
    writer = SummaryWriter(os.fspath(logdir_or_writer)) if own_writer else logdir_or_writer
    try:
        for path, step in series:
            replica.load_state_dict(load(path), strict=True)
            add_model_viz(writer, replica, inputs, step, tag=tag, **options)
    finally:
        if own_writer:
            writer.close()
        else:
            writer.flush()
    return [step for _, step in series]


# --- command line ----------------------------------------------------------------------


def step_from_name(path: str) -> int:
    """The last number in the file's name: ckpt_100.pt -> 100, epoch=3-step=1500.ckpt -> 1500."""
    numbers = re.findall(r"\d+", os.path.splitext(os.path.basename(path))[0])
    if not numbers:
        raise CheckpointError("cannot tell the step of %s from its name; pass --steps" % path)
    return int(numbers[-1])


def load_factory(spec: str) -> torch.nn.Module:
    """The model from 'package.module:attribute' (a class or a function returning a model)."""
    module_name, sep, attribute = spec.partition(":")
    if not sep or not module_name or not attribute:
        raise ValueError("--model must be 'module:factory', e.g. 'mypkg.models:make_net', got %r" % spec)
    if os.getcwd() not in sys.path:
        sys.path.insert(0, os.getcwd())  # as `python -m` does, so local modules are found
    try:
        module = importlib.import_module(module_name)
    except ImportError as e:
        raise ValueError("--model %s: cannot import %s (%s)" % (spec, module_name, e)) from None
    target: Any = module
    for part in attribute.split("."):
        if not hasattr(target, part):
            raise ValueError("--model %s: module %s has no attribute %r" % (spec, module_name, attribute))
        target = getattr(target, part)
    if not callable(target):
        raise ValueError("%s is not callable" % spec)
    model = target()
    if not isinstance(model, torch.nn.Module):
        raise ValueError("%s returned a %s, not a torch.nn.Module" % (spec, type(model).__name__))
    return model


def parse_shape(text: str) -> list[int]:
    try:
        shape = [int(part) for part in text.split(",")]
    except ValueError:
        shape = []
    if not shape or any(n <= 0 for n in shape):
        raise ValueError("--input-shape must be positive integers separated by commas, e.g. 1,1,28,28; got %r" % text)
    return shape


def load_inputs(path: str) -> Any:
    """Inputs saved with torch.save: a tensor, a tuple/list of them or a dict (weights_only)."""
    if not os.path.isfile(path):
        raise ValueError("--input %s: no such file" % path)
    try:
        return torch.load(path, weights_only=True, map_location="cpu")
    except pickle.UnpicklingError as e:
        raise ValueError(
            "--input %s cannot be loaded with weights_only=True: %s" % (path, _unpickler_reason(e))
        ) from None


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m tensorboard_modelviz.capture.checkpoints",
        description="Log saved state_dict checkpoints of a model into a TensorBoard run, one "
        "model viz step per checkpoint.",
    )
    parser.add_argument("checkpoints", nargs="+", help="state_dict files (torch.save)")
    parser.add_argument(
        "--model",
        required=True,
        help="'module:factory': a class or function returning the model, e.g. "
        "mypkg.models:Net (the current directory is importable)",
    )
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--input-shape", help="shape of a random normal input, e.g. 1,1,28,28")
    source.add_argument("--input", help="a torch.save'd input tensor (or tuple/dict of them)")
    parser.add_argument("--logdir", required=True, help="run directory to write to")
    parser.add_argument(
        "--steps", help="comma-separated steps, one per checkpoint (default: the last number in each file name)"
    )
    parser.add_argument("--tag", default=metadata.DEFAULT_TAG)
    parser.add_argument(
        "--mode", choices=("eval", "train"), default="eval", help="module mode for the recorded forward (default: eval)"
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of the random input")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        for path in args.checkpoints:
            if not os.path.isfile(path):
                raise CheckpointError("checkpoint %s: no such file" % path)
        if args.steps is not None:
            steps = [int(s) for s in args.steps.split(",")] if args.steps.strip() else []
            if len(steps) != len(args.checkpoints):
                raise ValueError("--steps gives %d steps for %d checkpoints" % (len(steps), len(args.checkpoints)))
        else:
            steps = [step_from_name(path) for path in args.checkpoints]
        if args.input is not None:
            inputs = load_inputs(args.input)
        else:
            generator = torch.Generator().manual_seed(args.seed)
            inputs = torch.randn(parse_shape(args.input_shape), generator=generator)
        model = load_factory(args.model)
        logged = log_checkpoints(
            model, inputs, list(zip(args.checkpoints, steps)), args.logdir, tag=args.tag, mode=args.mode
        )
    except (ValueError, TypeError) as e:
        print("error: %s" % e, file=sys.stderr)
        return 2
    except RuntimeError as e:  # the model's own failure on these inputs
        print("error: the model failed on the given input: %s" % e, file=sys.stderr)
        return 1
    print(
        "logged %d checkpoint(s) at step(s) %s into %s (tag %r)"
        % (len(logged), ", ".join(map(str, logged)), args.logdir, args.tag)
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
