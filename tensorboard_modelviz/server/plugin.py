"""The TensorBoard side of tensorboard_modelviz: the loader, the plugin and its HTTP routes.

TensorBoard imports this module at start-up through the `tensorboard_plugins` entry point,
and an ImportError here stops the whole `tensorboard` command. So it imports only
tensorboard, werkzeug, the standard library and this package's light modules: never torch
or numpy (analysis and analysis_cache are pure Python). The routes are described in
docs/routes.md.
"""

import base64
import functools
import json
import logging
import os
import re
import threading
from argparse import Namespace
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple, TypeAlias, cast
from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

from tensorboard import errors as tb_errors
from tensorboard import plugin_util
from tensorboard.backend import http_util
from tensorboard.plugins import base_plugin
from werkzeug import wrappers
from werkzeug.security import safe_join

from tensorboard_modelviz.format import codec, metadata, metrics
from tensorboard_modelviz.format.documents import ServedStepDocument, StructureDocument
from tensorboard_modelviz.server import analysis_cache, diffs, histograms, layer_values, reader

logger = logging.getLogger(__name__)

# The built frontend, in the package root (tensorboard_modelviz/static).
STATIC_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "static")

# Explicit types for what the frontend build contains; the `mimetypes` module depends on
# the machine (some map .js to text/plain, which browsers refuse for modules).
_CONTENT_TYPES = {
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".css": "text/css",
    ".html": "text/html",
    ".json": "application/json",
    ".map": "application/json",
    ".wasm": "application/wasm",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".woff2": "font/woff2",
    ".txt": "text/plain",
}

# A step is an int64 in TensorBoard's event files: 19 digits at most, range checked after.
_INTEGER = re.compile(r"-?[0-9]{1,19}\Z")
_INT64 = range(-(2**63), 2**63)

# Every route only reads; HEAD is answered as GET without a body (werkzeug does so).
_READ_METHODS = ("GET", "HEAD")


class BadRequestError(ValueError):
    """A request parameter is missing or malformed."""


_Method: TypeAlias = Callable[["ModelVizPlugin", wrappers.Request], wrappers.Response]
"""A method of the plugin that answers a request."""
_MethodApp: TypeAlias = Callable[["ModelVizPlugin", WSGIEnvironment, StartResponse], Iterable[bytes]]
"""A method of the plugin that is a WSGI app once bound."""
_Handler: TypeAlias = Callable[["ModelVizPlugin", wrappers.Request, reader.ModelVizReader], object]
"""A data route's handler: the JSON-ready answer to a request, read with the experiment's reader."""


def _request_method(method: _Method) -> _MethodApp:
    """`wrappers.Request.application` for a method: werkzeug passes the plugin on to it,
    though its types know only functions of the request alone."""
    function = cast(Callable[[wrappers.Request], WSGIApplication], method)
    return cast(_MethodApp, wrappers.Request.application(function))


def _status_of(error: Exception) -> int:
    """The HTTP status for an error raised while answering a request (see docs/routes.md)."""
    if isinstance(error, BadRequestError):
        return 400
    if isinstance(error, reader.DataNotFoundError):
        return 404
    if isinstance(error, codec.NewerFormatError):
        return 409
    if isinstance(error, codec.FormatError):
        return 422
    if isinstance(error, RecursionError):  # a document nested deeper than our checks allow
        return 422
    if isinstance(error, tb_errors.PublicError):
        return error.http_code
    return 500


def _json_response(
    request: wrappers.Request, document: object, code: int = 200, headers: list[tuple[str, str]] | None = None
) -> wrappers.Response:
    try:
        text = json.dumps(document, separators=(",", ":"), allow_nan=False)
    except ValueError:  # a NaN or infinity that came from an event file
        text = json.dumps(codec.json_safe(document), separators=(",", ":"), allow_nan=False)
    return http_util.Respond(request, text, "application/json", code=code, headers=headers)


def _method_not_allowed(request: wrappers.Request) -> wrappers.Response | None:
    """The JSON 405 for a method other than GET or HEAD, or None for those."""
    if request.method in _READ_METHODS:
        return None
    return _json_response(
        request,
        {"error": "method %s is not allowed: the Model Viz routes only read (GET)" % request.method[:20]},
        code=405,
        headers=[("Allow", ", ".join(_READ_METHODS))],
    )


def _json_route(handler: _Handler) -> _MethodApp:
    """Turns `handler(self, request, reader)` into a WSGI app that answers errors as JSON."""

    @functools.wraps(handler)
    @_request_method
    def app(self: "ModelVizPlugin", request: wrappers.Request) -> wrappers.Response:
        refused = _method_not_allowed(request)
        if refused is not None:
            return refused
        try:
            return _json_response(request, handler(self, request, self.reader_for(request)))
        except Exception as e:  # every failure becomes a JSON error, never a traceback
            code = _status_of(e)
            if code >= 500:
                logger.exception("modelviz: %s failed", request.path)
                message = "internal error in the Model Viz plugin; see the TensorBoard log"
            elif isinstance(e, RecursionError):
                message = "the data is nested too deeply to be a tensorboard_modelviz document"
            else:
                message = str(e)
            return _json_response(request, {"error": message}, code=code)

    return app


def _text_arg(request: wrappers.Request, name: str) -> str:
    value = request.args.get(name)
    if value is None:
        raise BadRequestError("missing parameter %r" % name)
    return value


def _step_arg(request: wrappers.Request, name: str = "step") -> int:
    value = _text_arg(request, name)
    if not _INTEGER.match(value) or int(value) not in _INT64:
        raise BadRequestError("parameter %r must be an integer (a 64-bit step), not %r" % (name, value[:40]))
    return int(value)


def _statistic_arg(request: wrappers.Request) -> str:
    value = _text_arg(request, "statistic")
    if value not in layer_values.STATISTICS:
        raise BadRequestError("unknown statistic %r; known: %s" % (value[:40], ", ".join(layer_values.STATISTICS)))
    return value


class StepAddress(NamedTuple):
    """Where a step document is: the reader's (run, tag, step) arguments."""

    run: str
    tag: str
    step: int


def _two_steps_args(request: wrappers.Request) -> tuple[StepAddress, StepAddress]:
    """Steps A and B: `run`, `tag`, `step` and `run_b`, `tag_b`, `step_b`; B's run and tag
    default to A's (two steps of one run)."""
    run, tag, step = _text_arg(request, "run"), _text_arg(request, "tag"), _step_arg(request)
    run_b = request.args.get("run_b", run)
    tag_b = request.args.get("tag_b", tag)
    return StepAddress(run, tag, step), StepAddress(run_b, tag_b, _step_arg(request, "step_b"))


class _Experiment(NamedTuple):
    """One experiment's reader and the caches of its over-time answers."""

    data: reader.ModelVizReader
    analyses: analysis_cache.AnalysisCache
    histogram_cache: histograms.HistogramCache


class ModelVizPlugin(base_plugin.TBPlugin):
    """Serves the Model Viz tab: its frontend files and the data routes of docs/routes.md."""

    plugin_name = metadata.PLUGIN_NAME

    def __init__(self, context: base_plugin.TBContext, static_dir: str = STATIC_DIR) -> None:
        self._data_provider = context.data_provider
        self._static_dir = os.path.realpath(static_dir)
        # experiment id -> its reader, analyses and histograms over time
        self._readers: dict[str, _Experiment] = {}
        self._readers_lock = threading.Lock()

    def get_plugin_apps(self) -> dict[str, WSGIApplication]:
        return {
            "/index.js": self._serve_index,
            "/static/*": self._serve_static,
            "/runs": self._serve_runs,
            "/structure": self._serve_structure,
            "/step": self._serve_step,
            "/activation": self._serve_activation,
            "/stat_matrix": self._serve_stat_matrix,
            "/layer_trends": self._serve_layer_trends,
            "/alerts": self._serve_alerts,
            "/histograms": self._serve_histograms,
            "/metrics": self._serve_metrics,
            "/layer_values": self._serve_layer_values,
            "/step_diff": self._serve_step_diff,
            "/architecture_diff": self._serve_architecture_diff,
        }

    def is_active(self) -> bool:
        # TensorBoard shows the tab when `data_plugin_names()` has data; this is the
        # fallback it asks on every listing request, so it must stay cheap.
        return False

    def data_plugin_names(self) -> tuple[str, ...]:
        return (metadata.PLUGIN_NAME,)

    def frontend_metadata(self) -> base_plugin.FrontendMetadata:
        return base_plugin.FrontendMetadata(es_module_path="/index.js", tab_name="Model Viz")

    def reader_for(self, request: wrappers.Request) -> reader.ModelVizReader:
        """The reader (and its caches) of the request's experiment."""
        return self._experiment(request).data

    def analyses_for(self, request: wrappers.Request) -> analysis_cache.AnalysisCache:
        """The over-time analyses of the request's experiment, computed once per series."""
        return self._experiment(request).analyses

    def _experiment(self, request: wrappers.Request) -> _Experiment:
        experiment_id: str = plugin_util.experiment_id(request.environ)
        with self._readers_lock:
            found = self._readers.get(experiment_id)
            if found is None:
                data = reader.ModelVizReader(self._data_provider, experiment_id)
                found = _Experiment(data, analysis_cache.AnalysisCache(data), histograms.HistogramCache(data))
                self._readers[experiment_id] = found
            return found

    # --- data routes ---------------------------------------------------------------------

    @_json_route
    def _serve_runs(self, request: wrappers.Request, data: reader.ModelVizReader) -> dict[str, Any]:
        return {"runs": data.runs(ctx=plugin_util.context(request.environ))}

    @_json_route
    def _serve_structure(self, request: wrappers.Request, data: reader.ModelVizReader) -> StructureDocument:
        return data.structure(
            _text_arg(request, "run"),
            _text_arg(request, "tag"),
            _step_arg(request),
            ctx=plugin_util.context(request.environ),
        )

    @_json_route
    def _serve_step(self, request: wrappers.Request, data: reader.ModelVizReader) -> ServedStepDocument:
        return data.step(
            _text_arg(request, "run"),
            _text_arg(request, "tag"),
            _step_arg(request),
            ctx=plugin_util.context(request.environ),
        )

    @_json_route
    def _serve_activation(self, request: wrappers.Request, data: reader.ModelVizReader) -> dict[str, Any]:
        header, values = data.sample(
            _text_arg(request, "run"),
            _text_arg(request, "tag"),
            _step_arg(request),
            _text_arg(request, "layer"),
            ctx=plugin_util.context(request.environ),
        )
        answer: dict[str, Any] = dict(header)
        answer["data"] = base64.b64encode(values).decode("ascii")
        return answer

    @_json_route
    def _serve_metrics(self, request: wrappers.Request, data: reader.ModelVizReader) -> dict[str, Any]:
        return metrics.registry()

    @_json_route
    def _serve_layer_values(self, request: wrappers.Request, data: reader.ModelVizReader) -> dict[str, Any]:
        ctx = plugin_util.context(request.environ)
        run, tag, step = _text_arg(request, "run"), _text_arg(request, "tag"), _step_arg(request)
        document = data.step(run, tag, step, ctx=ctx)
        if document["structure"] is None:
            raise reader.MissingStructureError(
                "run %r, tag %r has no structure at step %d (its capture could not build one)" % (run, tag, step)
            )
        answer = layer_values.values_at(
            data.structure(run, tag, step, ctx=ctx), document, data.previous_step(run, tag, step, ctx=ctx)
        )
        answer.update(step=step, structure=document["structure"])
        return answer

    # --- change over time ----------------------------------------------------------------

    def _run_analysis(self, request: wrappers.Request) -> analysis_cache.RunAnalysis:
        return self.analyses_for(request).get(
            _text_arg(request, "run"), _text_arg(request, "tag"), ctx=plugin_util.context(request.environ)
        )

    @_json_route
    def _serve_stat_matrix(self, request: wrappers.Request, data: reader.ModelVizReader) -> dict[str, Any]:
        statistic = _statistic_arg(request)
        return self._run_analysis(request).matrix(statistic)

    @_json_route
    def _serve_layer_trends(self, request: wrappers.Request, data: reader.ModelVizReader) -> dict[str, Any]:
        layer = _text_arg(request, "layer")
        return self._run_analysis(request).trends(layer)

    @_json_route
    def _serve_alerts(self, request: wrappers.Request, data: reader.ModelVizReader) -> dict[str, Any]:
        return self._run_analysis(request).alert_list()

    @_json_route
    def _serve_histograms(self, request: wrappers.Request, data: reader.ModelVizReader) -> dict[str, Any]:
        run, tag, layer = (_text_arg(request, name) for name in ("run", "tag", "layer"))
        return self._experiment(request).histogram_cache.get(run, tag, layer, ctx=plugin_util.context(request.environ))

    @_json_route
    def _serve_step_diff(self, request: wrappers.Request, data: reader.ModelVizReader) -> dict[str, Any]:
        ctx = plugin_util.context(request.environ)
        a, b = _two_steps_args(request)
        step_a, step_b = data.step(*a, ctx=ctx), data.step(*b, ctx=ctx)
        # A step whose capture could not build the structure is compared by its own keys.
        structure_a = data.structure(*a, ctx=ctx) if step_a["structure"] is not None else None
        structure_b = data.structure(*b, ctx=ctx) if step_b["structure"] is not None else None
        answer = diffs.step_diff(
            step_a, step_b, structure_a, structure_b, data.previous_step(*a, ctx=ctx), data.previous_step(*b, ctx=ctx)
        )
        answer["structures"] = [step_a["structure"], step_b["structure"]]
        return answer

    @_json_route
    def _serve_architecture_diff(self, request: wrappers.Request, data: reader.ModelVizReader) -> dict[str, Any]:
        ctx = plugin_util.context(request.environ)
        a, b = _two_steps_args(request)
        return diffs.architecture_diff(data.structure(*a, ctx=ctx), data.structure(*b, ctx=ctx))

    # --- frontend files ------------------------------------------------------------------

    @_request_method
    def _serve_index(self, request: wrappers.Request) -> wrappers.Response:
        return _method_not_allowed(request) or self._static_response(request, "index.js")

    @_request_method
    def _serve_static(self, request: wrappers.Request) -> wrappers.Response:
        return _method_not_allowed(request) or self._static_response(request, request.path.partition("/static/")[2])

    def _static_response(self, request: wrappers.Request, relative_path: str) -> wrappers.Response:
        """A file from the static folder, or a JSON 404 for anything outside it (or any
        name with a NUL, which no file has and os.path refuses)."""
        path = safe_join(self._static_dir, relative_path) if relative_path and "\0" not in relative_path else None
        if path is not None:
            path = os.path.realpath(path)
            if os.path.commonpath([path, self._static_dir]) != self._static_dir:
                path = None
        if path is None or not os.path.isfile(path):
            return _json_response(request, {"error": "no such file: %r" % relative_path[:200]}, 404)
        extension = os.path.splitext(path)[1].lower()
        content_type = _CONTENT_TYPES.get(extension, "application/octet-stream")
        with open(path, "rb") as f:
            content = f.read()
        return http_util.Respond(request, content, content_type)


class ModelVizLoader(base_plugin.TBLoader):
    """Makes TensorBoard keep every step of this plugin's data, then builds the plugin."""

    def fix_flags(self, flags: Namespace) -> None:
        # Without this both loaders keep 10 random steps per tag. 0 means "keep all" on
        # both paths (the data server gets it as `all`); a value the user passed is kept.
        samples_per_plugin = getattr(flags, "samples_per_plugin", None)
        if samples_per_plugin is None:
            samples_per_plugin = {}
            flags.samples_per_plugin = samples_per_plugin
        if isinstance(samples_per_plugin, dict):
            samples_per_plugin.setdefault(metadata.PLUGIN_NAME, 0)

    def load(self, context: base_plugin.TBContext) -> ModelVizPlugin:
        return ModelVizPlugin(context)
