"""The user-facing API: `SummaryWriter.add_model_viz` and `add_model_viz(writer, ...)`.

Works with torch's SummaryWriter, tensorboardX's and anything exposing either (such as
Lightning's TensorBoardLogger through `.experiment`, or the TensorBoardLogger among
`trainer.loggers`). The training loop is never broken
by our own code: a failure in the capture is reported once per writer as a warning and
whatever could be recorded is still written.
"""

import contextlib
import dataclasses
import functools
import os
import warnings
import weakref
from collections.abc import Callable
from typing import Any

import torch
import torch.utils.tensorboard
from tensorboard.compat.proto import event_pb2, summary_pb2
from torch.utils.tensorboard.writer import FileWriter

from tensorboard_modelviz.capture import fast_crc, fsdp_state, model_lock
from tensorboard_modelviz.capture.by_identity import WeakByIdentity
from tensorboard_modelviz.capture.model_walk import ModelWalk
from tensorboard_modelviz.capture.recording import CaptureOptions, CaptureResult, capture_model, unwrap_model
from tensorboard_modelviz.capture.structure_key import KnownStructure
from tensorboard_modelviz.capture.tracer import _with_modes_off_for
from tensorboard_modelviz.capture.update_ratio import ParameterHistory
from tensorboard_modelviz.format import metadata
from tensorboard_modelviz.format.summary import step_summary, structure_summary
from tensorboard_modelviz.gc_pause import collector_paused

_OPTION_NAMES = {f.name for f in dataclasses.fields(CaptureOptions)}

# TensorBoard stores steps as int64, and the dashboard reads them as JavaScript numbers,
# exact up to 2**53 - 1: a larger step would be shown and asked for rounded.
MAX_STEP = 2**53 - 1

fast_crc.install()


class _WriterState:
    """What one writer has written already, and whether it has warned."""

    def __init__(self) -> None:
        self.structures: set[tuple[str, str]] = set()  # (tag, hash) pairs already in this writer's event file
        self.last_step: dict[str, int] = {}  # tag -> last step written, for calls without a step
        self.warned = False
        # model (the module that runs) -> tag -> what is kept of its calls under the tag
        # (_ModelRecords): the model's, read and written under its lock (model_lock), so
        # that calls on two models under one tag (two threads) neither wait for each other
        # nor leave one model's key known with the other's hash, and a model's update
        # ratios compare it with its own previous call, not another model's.
        self.of_models: WeakByIdentity[dict[str, _ModelRecords]] = WeakByIdentity()

    def of_model(self, model: torch.nn.Module, tag: str) -> "_ModelRecords":
        """What is kept of `model`'s calls under `tag` (its lock held)."""
        of_model = self.of_models.get(model)
        if of_model is None:
            of_model = self.of_models[model] = {}
        kept = of_model.get(tag)
        if kept is None:
            kept = of_model[tag] = _ModelRecords()
        return kept


class _ModelRecords:
    """What a writer keeps of one model's calls under one tag: the structure last recorded
    (to skip recording it again) and the parameters' history (for update ratios)."""

    def __init__(self) -> None:
        self.known = KnownStructure()
        self.history = ParameterHistory()


_states: "weakref.WeakKeyDictionary[Any, _WriterState]" = weakref.WeakKeyDictionary()
# What a rank that does not write keeps between its calls on a sharded model (the
# parameter history for update ratios, which every rank computes alike).
_NON_WRITING_STATE = _WriterState()


def _state(writer: Any) -> _WriterState:
    try:
        state = _states.get(writer)
        if state is None:
            state = _states[writer] = _WriterState()
        return state
    except TypeError:  # not weak-referenceable: keep the state on the object
        state = getattr(writer, "_modelviz_state", None)
        if state is None:
            state = _WriterState()
            writer._modelviz_state = state
        return state


def _resolve_writer(writer: Any) -> Any:
    """The object with `_get_file_writer()` that `writer` stands for.

    That is the writer itself, a logger's `.experiment` (Lightning's or Fabric's
    TensorBoardLogger), or, given several loggers (a list such as Lightning's
    `trainer.loggers`, or an object holding one as `.loggers`: a Lightning Trainer or
    LightningModule, a Fabric), the first of them that writes TensorBoard event files.
    A Lightning `self.logger` is only the first logger of the Trainer, often a CSVLogger.
    """
    if hasattr(writer, "_get_file_writer"):
        return writer
    loggers = _loggers_of(writer)
    if loggers is not None:
        for logger in loggers:
            found = _experiment_writer(logger)
            if found is not None:
                return found
        raise TypeError(
            "none of the loggers (%s) writes TensorBoard event files: add a TensorBoardLogger"
            % (", ".join(type(logger).__name__ for logger in loggers) or "none")
        )
    found = _experiment_writer(writer)
    if found is not None:
        return found
    raise TypeError(
        "writer must be a SummaryWriter (torch.utils.tensorboard or tensorboardX), a logger with "
        "one as `.experiment`, or several loggers (Lightning's `trainer.loggers`, of which the "
        "TensorBoardLogger is taken); got %s" % type(writer).__name__
    )


def _loggers_of(writer: Any) -> list[Any] | None:
    """The loggers `writer` lists, or None when it is not a collection of loggers."""
    if isinstance(writer, (list, tuple)):
        return list(writer)
    if not hasattr(writer, "experiment"):
        loggers = getattr(writer, "loggers", None)
        if isinstance(loggers, (list, tuple)):
            return list(loggers)
    return None


def _experiment_writer(logger: Any) -> Any:
    experiment = getattr(logger, "experiment", None)
    return experiment if hasattr(experiment, "_get_file_writer") else None


def _add_summary(
    writer: Any,
    make_summary: Callable[[summary_pb2.Summary | None], summary_pb2.Summary],
    step: int,
    walltime: float | None,
) -> None:
    """Write the Summary that `make_summary(into)` makes (format.summary's functions:
    into an empty Summary given, else a new one) as an event at `step`."""
    file_writer = writer._get_file_writer()
    if type(file_writer) is FileWriter:
        # torch's: the summary made inside the event, which its add_summary would copy
        # into one, blobs and all (what it then does with an event: add_event).
        event = event_pb2.Event()
        make_summary(event.summary)
        file_writer.add_event(event, step, walltime)
        return
    summary = make_summary(None)
    if type(writer).__module__.startswith("tensorboardX"):
        # tensorboardX has its own proto classes; re-parsing keeps data_class byte for byte.
        from tensorboardX.proto import summary_pb2 as tbx_summary_pb2

        summary = tbx_summary_pb2.Summary.FromString(summary.SerializeToString())
    file_writer.add_summary(summary, step, walltime)


def _is_writing_rank(ranks: str) -> bool:
    if ranks not in ("zero", "all"):
        raise ValueError("ranks must be 'zero' or 'all', got %r" % (ranks,))
    if ranks == "all" or not fsdp_state.in_process_group():
        return True
    return torch.distributed.get_rank() == 0


# How long a rank waits for the others to call too, on a model whose forward makes
# collective calls (see _wait_for_every_rank).
RANK_WAIT_SECONDS = 60.0
_rank_rounds: dict[str, int] = {}  # tag -> calls this process made on such models


def _wait_for_every_rank(tag: str) -> None:
    """Return once every rank of the default group has reached its call of the same
    number under `tag`, or raise a RuntimeError after RANK_WAIT_SECONDS.

    The forward of a sharded model gathers parameters from every rank; called on rank 0
    alone (`if rank == 0: add_model_viz(...)`) it would wait in a collective that the
    other ranks never join, or meet their next training collective in its place (gloo
    aborts on the mismatch). So the ranks meet first through the process group's store,
    which makes no collective call: a rank that waits in vain raises before any, and the
    job goes on as if the call had not been made.
    """
    import datetime

    group = torch.distributed.distributed_c10d
    store, rank, size = group._get_default_store(), torch.distributed.get_rank(), torch.distributed.get_world_size()
    round_number = _rank_rounds.get(tag, 0) + 1
    prefix = "tensorboard_modelviz/%s/%d/" % (tag, round_number)
    store.set(prefix + str(rank), b"1")  # type: ignore[arg-type]  # bytes are taken too
    try:
        store.wait([prefix + str(r) for r in range(size)], datetime.timedelta(seconds=RANK_WAIT_SECONDS))
    except Exception as e:
        _delete_key(store, prefix + str(rank))  # a later round starts afresh under this number
        raise RuntimeError(
            "add_model_viz: this model's forward makes collective calls (FSDP/fully_shard, DTensor "
            "parameters or SyncBatchNorm), so every rank must call add_model_viz, not rank %d alone: "
            "call it on every rank (only rank 0 writes). "
            "No rank reached the call within %g s (%s); nothing was recorded and no collective was made"
            % (rank, RANK_WAIT_SECONDS, type(e).__name__)
        ) from None
    _rank_rounds[tag] = round_number
    if round_number > 1:  # every rank is past the previous round: its key is no longer read
        _delete_key(store, "tensorboard_modelviz/%s/%d/%d" % (tag, round_number - 1, rank))


def _delete_key(store: Any, key: str) -> None:
    try:
        store.delete_key(key)
    except Exception:  # a store without deletion keeps a few bytes per call
        pass


def _warn_if_run_unreadable(writer: Any) -> None:
    """One warning when the writer's directory holds a character that TensorBoard's default
    loader cannot fetch blobs by: a run named with it shows every record on
    `--load_fast=false` only (the server's answer says so too, but only once the dashboard
    is open, long after the run was started under that name)."""
    try:
        directory = writer.get_logdir()
    except Exception:  # a writer without a directory (a stand-in): nothing to check
        return
    character = metadata.unreadable_name(str(directory))
    if character is not None:
        warnings.warn(
            "add_model_viz: the run directory %r holds %r: TensorBoard's default loader cannot read "
            "data under a run name with a double quote, a backslash or a control character, so the "
            "Model Viz tab will show this run only with `tensorboard --load_fast=false`; rename the "
            "directory to see it on the default loader" % (str(directory)[:200], character),
            RuntimeWarning,
            stacklevel=3,
        )


def _materialised_walk(model: object) -> ModelWalk | None:
    """A walk of `model` (None for anything but a module, which capture_model refuses),
    and a ValueError for a model with parameters or buffers on the meta device: they hold
    no values to describe, and the forward cannot run on them as it would in training."""
    if not isinstance(model, torch.nn.Module):
        return None
    walk = ModelWalk.of(model)
    name = _with_modes_off_for((), walk.first_meta_tensor)  # unseen by a user's modes
    if name is not None:
        raise ValueError(
            "add_model_viz: %r is on the meta device (the model is not materialised): "
            "move the model to a real device, e.g. with model.to_empty(device=...) "
            "and its initialisation, before recording it" % name
        )
    return walk


def _write(
    writer: Any,
    state: _WriterState,
    result: CaptureResult,
    known: KnownStructure | None,
    tag: str,
    step: int,
    walltime: float | None,
) -> BaseException | None:
    """Write `result`'s structure (where this writer has not written it yet) and its step;
    the first failure of the capture or of the writing, or None."""
    failure = result.failure
    try:
        if result.structure is not None and (tag, result.structure["hash"]) not in state.structures:
            _add_summary(
                writer,
                functools.partial(structure_summary, tag, result.structure, result.structure_json),
                step,
                walltime,
            )
            state.structures.add((tag, result.structure["hash"]))
    except Exception as e:  # our writing failed: warn, never break the loop
        failure = failure or e
        if known is not None:
            known.forget()  # record and write it in full next time
    try:
        if result.blobs:  # none: the step document is over the format's bound (result.failure)
            _add_summary(writer, functools.partial(step_summary, tag, result.blobs), step, walltime)
            state.last_step[tag] = step
    except Exception as e:
        failure = failure or e
    return failure


def add_model_viz(
    writer: Any,
    model: torch.nn.Module,
    inputs: Any,
    global_step: int | None = None,
    tag: str = metadata.DEFAULT_TAG,
    walltime: float | None = None,
    ranks: str = "zero",
    **options: Any,
) -> None:
    """Record `model`'s graph, layer table and activations on `inputs` at `global_step`.

    `inputs` is what the model is called with: a tensor, a tuple/list (positional
    arguments) or a dict or other mapping (keyword arguments: a tokenizer's BatchEncoding
    as `model(**encoding)` takes it). Options (see CaptureOptions): `include`,
    `exclude` (module name globs), `module_types`, `max_samples`, `max_channels`,
    `max_side`, `max_tokens`, `max_features`, `max_bytes` (budget for the statistics and
    activation samples of one call), `param_stats`, `track_updates` (keep a CPU copy of
    the weights to log update ratios between calls), `mode`, `backward_graph` (record the
    autograd graph and the parameters it cannot reach with each new structure, default
    True), `loss_fn` (outputs -> scalar the backward starts from; default: the sum of
    the floating outputs' means), `grad_flow` (the gradient's norm at each module call's output, one
    extra forward and backward per call, default False). Under torch.distributed only
    rank 0 writes unless `ranks="all"`; a sharded model (FSDP2) is captured on every rank,
    since its forward gathers parameters, and still written by rank 0 only.
    """
    unknown = set(options) - _OPTION_NAMES
    if unknown:
        raise TypeError(
            "unknown option(s) %s; known: %s" % (", ".join(sorted(unknown)), ", ".join(sorted(_OPTION_NAMES)))
        )
    metadata.check_tag(tag)
    if global_step is not None and (
        isinstance(global_step, bool) or not isinstance(global_step, int) or not 0 <= global_step <= MAX_STEP
    ):
        raise ValueError(
            "global_step must be an int from 0 to 2**53 - 1 (the largest step the "
            "dashboard shows exactly) or None, got %r" % (global_step,)
        )
    if model_lock.inside_capture():
        # Called from inside a recorded forward on this thread (a hook of the model's that
        # records it runs again in the forward the call runs): that call writes this step.
        return
    if not isinstance(model, torch.nn.Module):  # capture_model says why
        _add_model_viz_held(writer, model, None, inputs, global_step, tag, walltime, ranks, options)
        return
    module = unwrap_model(model)
    held = model_lock.held(module)  # one call at a time per model (model_lock)
    try:
        held.take()
    except model_lock.NotTaken as e:  # inside a backward, while another thread's call holds the model
        if _is_writing_rank(ranks):
            _warn_once(_state(_resolve_writer(writer)), "recorded nothing at step %s: %s" % (global_step, e), 3)
        return
    try:
        _add_model_viz_held(writer, model, module, inputs, global_step, tag, walltime, ranks, options)
    finally:
        held.release()


def _add_model_viz_held(
    writer: Any,
    model: torch.nn.Module,
    module: torch.nn.Module | None,
    inputs: Any,
    global_step: int | None,
    tag: str,
    walltime: float | None,
    ranks: str,
    options: dict[str, Any],
) -> None:
    """add_model_viz's work, its arguments checked, the lock of `module` held (the module
    that runs, unwrap_model's; None where `model` is no module)."""
    walk = _materialised_walk(model)
    if walltime is not None and not isinstance(walltime, (int, float)):
        raise TypeError("walltime must be a number (seconds since the epoch), got %r" % (walltime,))
    writing = _is_writing_rank(ranks)
    sharded = fsdp_state.collective_forward(model, options.get("mode"))
    if not writing and not sharded:
        return
    # Only a writing rank needs the writer: on the others a logger's `.experiment` is a
    # stand-in (Lightning's) or absent (the HF Trainer's), so `writer` may be anything.
    if writing:
        writer = _resolve_writer(writer)
        state = _state(writer)
        if not state.structures:  # the writer's first record: check its run's name once
            _warn_if_run_unreadable(writer)
    else:
        state = _NON_WRITING_STATE
    step = global_step if global_step is not None else state.last_step.get(tag, -1) + 1
    if step < state.last_step.get(tag, step):
        warnings.warn(
            "add_model_viz: step %d is below step %d, written before under tag %r. TensorBoard's "
            "default loader takes a lower step as a restart and shows only the records written "
            "since (its Python loader, --load_fast=false, shows all of them)" % (step, state.last_step[tag], tag),
            RuntimeWarning,
            stacklevel=3,
        )
    capture_options = CaptureOptions(**options)
    records = state.of_model(module, tag) if module is not None else _ModelRecords()
    history = records.history if capture_options.track_updates else None
    # A sharded model is recorded in full on every call: skipping the graph depends on
    # each rank's own data, and the ranks must make the same collective calls.
    known = None if sharded or module is None else records.known
    if sharded:
        _wait_for_every_rank(tag)
    # The collector stays paused (capture_model pauses it for the capture) until the
    # call's documents are freed: re-enabled while they were alive, its next collection
    # walked every dict and list of them (0.6 ms a call on a stack of 400 tiny modules),
    # where freed first they leave its allocation count about as they found it.
    with collector_paused():
        with fsdp_state.units_resharded_as_before(model) if sharded else contextlib.nullcontext():
            result = capture_model(model, inputs, capture_options, tag=tag, history=history, known=known, walk=walk)
        failure = _write(writer, state, result, known, tag, step, walltime) if writing else None
        del result, walk  # the walk holds the parameters' names, made in the call
    if not writing:
        return  # a sharded model's other ranks only took part in the collectives
    if failure is not None:
        what = "could not record everything at step %d (%s: %s); what could be recorded was written"
        _warn_once(state, what % (step, type(failure).__name__, failure), 4)


def _warn_once(state: _WriterState, what: str, stacklevel: int) -> None:
    """The writer's one warning of our failures, saying `what` (at add_model_viz's caller,
    `stacklevel` frames up), if it has not given it yet."""
    if not state.warned:
        state.warned = True
        warnings.warn(
            "tensorboard_modelviz %s. Further failures of this writer are not reported." % what,
            RuntimeWarning,
            stacklevel=stacklevel,
        )


def _rank_of_process() -> int:
    """This process's rank: the default group's, or before the group is made, the RANK
    that torchrun (and Lightning, accelerate) put in the environment; 0 otherwise."""
    if fsdp_state.in_process_group():
        return torch.distributed.get_rank()
    try:
        return int(os.environ.get("RANK", "0"))
    except ValueError:
        return 0


class _NoFileWriter:
    """What a SummaryWriter of a rank that does not write holds in place of its FileWriter:
    it accepts every event and opens no file. An event file opened in rank 0's run
    directory, even empty, makes TensorBoard's Python loader (--load_fast=false, and every
    scheme:// logdir) stop reading the file that rank 0 writes."""

    def __init__(self, log_dir: str) -> None:
        self._log_dir = log_dir

    def get_logdir(self) -> str:
        return self._log_dir

    def add_event(self, *args: Any, **kwargs: Any) -> None:
        pass

    add_summary = add_graph = add_onnx_graph = add_event

    def flush(self) -> None:
        pass

    close = reopen = flush


class SummaryWriter(torch.utils.tensorboard.SummaryWriter):
    """torch's SummaryWriter with `add_model_viz`.

    Under torch.distributed, with `ranks="zero"` (the default) only rank 0 writes: the
    writer of any other rank opens no event file and drops what is added to it (scalars
    included), as Lightning's loggers do. With `ranks="all"` each rank writes its own run
    under `log_dir/rank_<r>`, and every rank records model visualisations.
    """

    def __init__(self, log_dir: str | None = None, *args: Any, ranks: str = "zero", **kwargs: Any) -> None:
        if ranks == "all" and fsdp_state.in_process_group():
            base = log_dir if log_dir is not None else "runs"
            log_dir = os.path.join(base, "rank_%d" % torch.distributed.get_rank())
        self._modelviz_ranks = ranks
        self._modelviz_silent = ranks == "zero" and _rank_of_process() != 0
        super().__init__(log_dir, *args, **kwargs)

    def _get_file_writer(self) -> Any:
        if not self._modelviz_silent:
            return super()._get_file_writer()
        if self.file_writer is None:  # torch's types allow only its FileWriter here
            self.file_writer = _NoFileWriter(self.log_dir)  # type: ignore[assignment]
            self.all_writers = {self.log_dir: self.file_writer}  # type: ignore[assignment]
        return self.file_writer

    def add_scalars(self, *args: Any, **kwargs: Any) -> None:
        """torch's add_scalars, which opens a FileWriter of its own per scalar: none on a
        rank that does not write."""
        if not self._modelviz_silent:
            super().add_scalars(*args, **kwargs)

    def add_model_viz(
        self,
        model: torch.nn.Module,
        inputs: Any,
        global_step: int | None = None,
        tag: str = metadata.DEFAULT_TAG,
        walltime: float | None = None,
        **options: Any,
    ) -> None:
        """Record the model's graph, layer table and activations; see `add_model_viz`."""
        options.setdefault("ranks", self._modelviz_ranks)
        add_model_viz(self, model, inputs, global_step, tag=tag, walltime=walltime, **options)
