"""Test helpers: modelviz event files and TensorBoard's two data paths.

Runs are written by the real writer (`write_model_run`: a small `Net` recorded by
`add_model_viz` at each step, with a training step between calls), and read back as
stored (`stored_steps`), without the server, for the values a test expects. Tests of
damaged or deliberately odd data build documents by hand (`structure_document`,
`step_document`, `EventLog`) and damage their bytes (`corrupted`, `from_newer_version`);
those documents follow docs/format.md closely enough for the server. Event files are
written through torch's `SummaryWriter.file_writer.add_summary`, the same call the real
writer makes, so the bytes on disk are what TensorBoard sees in practice.
"""

import contextlib
import glob
import hashlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

import torch
from document_types import problems
from tensorboard.compat.proto import summary_pb2, tensor_pb2, tensor_shape_pb2, types_pb2
from torch import nn

from tensorboard_modelviz.format import codec, documents, metadata

HIST_BINS = 32


# --- documents -------------------------------------------------------------------------


def stats(seed, numel=64):
    """A STATS object whose values depend on `seed`, so steps are told apart."""
    counts = [0] * HIST_BINS
    counts[seed % HIST_BINS] = numel
    return {
        "numel": numel,
        "mean": float(seed),
        "std": 1.0,
        "min": float(seed) - 2.0,
        "max": float(seed) + 2.0,
        "absmax": abs(float(seed)) + 2.0,
        "zeros": 0.0,
        "nan": 0,
        "inf": 0,
        "hist": {"lo": float(seed) - 2.0, "hi": float(seed) + 2.0, "n": numel, "counts": counts},
    }


def param_stats(seed):
    result = stats(seed)
    result["norm"] = float(seed) * 2.0
    return result


def structure_document(layer_names=("conv1", "relu", "fc"), model_type="Net"):
    """A structure document for a chain of leaf modules under one root."""
    nodes = [
        {
            "id": 0,
            "kind": "module",
            "parent": None,
            "label": model_type,
            "name": "",
            "type": model_type,
            "call": 0,
            "layer": "#0",
        }
    ]
    nodes.append(
        {"id": 1, "kind": "input", "parent": None, "label": "x", "name": "x", "shape": [1, 4], "dtype": "float32"}
    )
    edges = []
    layers = [_layer_row("", model_type, 0, None, node=0)]
    previous = 1
    for name in layer_names:
        module_id = len(nodes)
        nodes.append(
            {
                "id": module_id,
                "kind": "module",
                "parent": 0,
                "label": name,
                "name": name,
                "type": "Linear",
                "call": 0,
                "layer": name + "#0",
            }
        )
        op_id = len(nodes)
        nodes.append(
            {
                "id": op_id,
                "kind": "op",
                "parent": module_id,
                "label": "linear",
                "op": "linear",
                "flops": 32,
                "inplace": False,
            }
        )
        edges.append({"src": previous, "dst": op_id, "shape": [1, 4], "dtype": "float32"})
        layers.append(_layer_row(name, "Linear", 1, "#0", node=module_id))
        previous = op_id
    output_id = len(nodes)
    nodes.append(
        {
            "id": output_id,
            "kind": "output",
            "parent": None,
            "label": "output",
            "name": "output",
            "shape": [1, 4],
            "dtype": "float32",
        }
    )
    edges.append({"src": previous, "dst": output_id, "shape": [1, 4], "dtype": "float32"})
    document = {
        "format_version": codec.FORMAT_VERSION,
        "model_type": model_type,
        "inputs": [{"name": "x", "shape": [1, 4], "dtype": "float32"}],
        "outputs": [{"name": "output", "shape": [1, 4], "dtype": "float32"}],
        "nodes": nodes,
        "edges": edges,
        "layers": layers,
        "totals": {
            "params": 20 * len(layer_names),
            "trainable": 20 * len(layer_names),
            "frozen": 0,
            "param_bytes": {"float32": 80 * len(layer_names)},
            "buffer_bytes": 0,
            "flops": 32 * len(layer_names),
            "input_bytes": 16,
            "output_bytes": 16 * len(layer_names),
            "module_calls": len(layer_names) + 1,
        },
    }
    document["hash"] = hashlib.sha1(
        json.dumps(document, sort_keys=True, separators=(",", ":")).encode("utf-8")
    ).hexdigest()
    return document


def _layer_row(name, type_name, depth, parent, node):
    return {
        "key": name + "#0",
        "node": node,
        "name": name,
        "type": type_name,
        "depth": depth,
        "parent": parent,
        "call": 0,
        "calls": 1,
        "input_shapes": [[1, 4]],
        "output_shapes": [[1, 4]],
        "params": 20 if name else 0,
        "params_total": 20,
        "trainable": 20,
        "frozen": 0,
        "param_bytes": {"float32": 80},
        "param_names": [name + ".weight", name + ".bias"] if name else [],
        "flops": 32,
        "output_bytes": 16,
        "extra": "",
    }


def layer_keys(structure):
    return [row["key"] for row in structure["layers"]]


def sample(key, seed, n=1, features=8):
    """An activation sample (header, values) in the `vec` layout."""
    header = {
        "key": key,
        "layout": "vec",
        "shape": [n, features],
        "source_shape": [n, features],
        "lo": [-1.0] * n,
        "hi": [1.0] * n,
    }
    values = bytes((seed + i) % 256 for i in range(n * features))
    return header, values


def step_document(structure, step, sampled=None, tag=metadata.DEFAULT_TAG):
    """A step document for `structure` plus its samples: (document, [(header, values)]).

    Every statistic is derived from `step`, so a test can tell which record it got back.
    `sampled` lists the layer keys that get an activation sample (default: the first leaf).
    """
    keys = layer_keys(structure)
    if sampled is None:
        sampled = keys[1:2]
    samples = [sample(key, step) for key in sampled]
    params = {}
    for row in structure["layers"]:
        for name in row["param_names"]:
            params[name] = param_stats(step)
    document = {
        "format_version": codec.FORMAT_VERSION,
        "structure": structure["hash"],
        "tag": tag,
        "input_fingerprint": None,
        "activations": {key: stats(step) for key in keys},
        "params": params,
        "grads": {name: param_stats(-step) for name in params},
        "updates": {name: step / 1000.0 for name in params},
        "dead_units": {},
        "samples": {
            header["key"]: {"blob": i + 1, "layout": header["layout"], "shape": header["shape"]}
            for i, (header, _) in enumerate(samples)
        },
        "capture": {"seconds": 0.01, "complete": True, "warnings": []},
    }
    return document, samples


# --- runs written by the real writer --------------------------------------------------------


class Net(nn.Module):
    """The model of `write_model_run`: the layers conv1 (a Conv2d), relu and fc (a Linear),
    on inputs of shape NET_INPUT."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 2, 3)
        self.relu = nn.ReLU()
        self.fc = nn.Linear(2 * 2 * 2, 3)

    def forward(self, x):
        return self.fc(torch.flatten(self.relu(self.conv1(x)), 1))


class Bigger(Net):
    """`Net` with one more layer, fc2: a model that changed mid-run."""

    def __init__(self):
        super().__init__()
        self.fc2 = nn.Linear(3, 2)

    def forward(self, x):
        return self.fc2(super().forward(x))


NET_INPUT = (2, 1, 4, 4)


def net():
    """A `Net` with seeded weights."""
    torch.manual_seed(0)
    return Net()


def record_model(writer, steps, model=None, inputs=None, tag=metadata.DEFAULT_TAG, **options):
    """Records `model` (default: a fresh `net()`) with the real writer's add_model_viz at
    each of `steps` on one fixed input (`inputs`, default a seeded one of shape NET_INPUT),
    with one SGD step between calls, so that every step's statistics differ. `options` go
    to add_model_viz (`include=["conv1"]` keeps activation samples of conv1 only).
    Returns the model."""
    model = model if model is not None else net()
    x = inputs if inputs is not None else torch.randn(NET_INPUT, generator=torch.Generator().manual_seed(1))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    for step in steps:
        optimizer.zero_grad()
        model(x).square().mean().backward()
        writer.add_model_viz(model, x, step, tag=tag, **options)
        optimizer.step()
    return model


def write_model_run(logdir, run, steps, **kwargs):
    """Writes run `run` of `logdir` with a SummaryWriter of its own: record_model(writer,
    steps, **kwargs). Returns the model."""
    from tensorboard_modelviz import SummaryWriter

    with SummaryWriter(os.path.join(logdir, run)) as writer:
        return record_model(writer, steps, **kwargs)


def stored_steps(run_dir, tag=metadata.DEFAULT_TAG):
    """{step: (step document, [(sample header, values), ...])} as the event files of
    `run_dir` hold them (the last record of a step wins), decoded without the server."""
    from tensorboard.backend.event_processing.event_file_loader import EventFileLoader

    found = {}
    for path in event_files(run_dir):
        for event in EventFileLoader(path).Load():
            for value in event.summary.value:
                if value.tag == metadata.step_tag(tag):
                    blobs = list(value.tensor.string_val)
                    found[event.step] = (codec.decode_step(blobs[0]), [codec.decode_sample(b) for b in blobs[1:]])
    return found


# --- event files -------------------------------------------------------------------------


def blob_summary(full_tag, blobs):
    """A Summary holding `blobs` as a rank-1 DT_STRING tensor under the plugin's metadata."""
    tensor = tensor_pb2.TensorProto(
        dtype=types_pb2.DT_STRING,
        tensor_shape=tensor_shape_pb2.TensorShapeProto(dim=[tensor_shape_pb2.TensorShapeProto.Dim(size=len(blobs))]),
        string_val=list(blobs),
    )
    summary = summary_pb2.Summary()
    summary.value.add(tag=full_tag, metadata=metadata.create_summary_metadata(), tensor=tensor)
    return summary


class EventLog:
    """Writes modelviz records into one run directory through torch's SummaryWriter."""

    def __init__(self, run_dir, tag=metadata.DEFAULT_TAG, purge_step=None):
        from torch.utils.tensorboard import SummaryWriter

        self.tag = tag
        self._writer = SummaryWriter(log_dir=run_dir, purge_step=purge_step)
        self._hashes_written = set()

    def add(self, step, structure, document=None, samples=None, wall_time=None, checked=True):
        """Records one call: the structure when its hash is new, then the step blob sequence.
        The documents must be of documents.py's types, unless `checked` is False (a document
        made malformed on purpose; damaged bytes go through add_blobs)."""
        if document is None:
            document, samples = step_document(structure, step, tag=self.tag)
        found = (
            []
            if not checked
            else (
                problems(structure, documents.StructureDocument, "structure")
                + problems(document, documents.StepDocument, "step")
                + [p for header, _ in samples or [] for p in problems(header, documents.SampleHeader, "sample")]
            )
        )
        assert not found, "a hand-made document is not of its type: %s" % found[:5]
        if structure["hash"] not in self._hashes_written:
            self.add_blobs(metadata.structure_tag(self.tag), [codec.encode_structure(structure)], step, wall_time)
            self._hashes_written.add(structure["hash"])
        blobs = [codec.encode_step(document)]
        blobs.extend(codec.encode_sample(header, values) for header, values in samples or [])
        self.add_blobs(metadata.step_tag(self.tag), blobs, step, wall_time)

    def add_blobs(self, full_tag, blobs, step, wall_time=None):
        self._writer.file_writer.add_summary(blob_summary(full_tag, blobs), step, wall_time)

    def flush(self):
        self._writer.flush()

    def close(self):
        self._writer.close()


def event_files(run_dir):
    return sorted(glob.glob(os.path.join(run_dir, "events.out.tfevents.*")))


# --- TensorBoard's data paths -------------------------------------------------------------


class PythonLoader:
    """The `--load_fast=false` path: an EventMultiplexer behind MultiplexerDataProvider.

    `samples_per_plugin` is what `--samples_per_plugin` would hold ({} for TensorBoard's
    defaults); `reload()` picks up what was written since, as TensorBoard's reload loop does.
    """

    def __init__(self, logdir, samples_per_plugin=None):
        from tensorboard.backend.event_processing import data_ingester, plugin_event_multiplexer
        from tensorboard.backend.event_processing.data_provider import MultiplexerDataProvider

        guidance = dict(data_ingester.DEFAULT_TENSOR_SIZE_GUIDANCE)
        guidance.update({metadata.PLUGIN_NAME: 0} if samples_per_plugin is None else samples_per_plugin)
        self.logdir = logdir
        self.multiplexer = plugin_event_multiplexer.EventMultiplexer(
            size_guidance=data_ingester.DEFAULT_SIZE_GUIDANCE, tensor_size_guidance=guidance
        )
        self.provider = MultiplexerDataProvider(self.multiplexer, logdir)
        self.reload()

    def reload(self):
        self.multiplexer.AddRunsFromDirectory(self.logdir)
        self.multiplexer.Reload()


def python_provider(logdir, samples_per_plugin=None):
    return PythonLoader(logdir, samples_per_plugin).provider


class RustDataServer:
    """The default path: `tensorboard-data-server` as a subprocess, read through gRPC.

    Loads the logdir once (`--reload=once`) and is stopped by `close()`. The server answers
    before it has finished loading, so `start()` waits for its "load cycle" log line.
    """

    def __init__(self, logdir, samples_per_plugin="modelviz=all"):
        self.logdir = logdir
        self.samples_per_plugin = samples_per_plugin
        self._process = None
        self._tmpdir = None
        self.provider = None

    def start(self, timeout=30.0):
        import grpc
        from tensorboard.data import grpc_provider, server_ingester

        binary = server_ingester.get_server_binary()
        self._tmpdir = tempfile.mkdtemp(prefix="modelviz_data_server_")
        port_file = os.path.join(self._tmpdir, "port")
        self._log_path = os.path.join(self._tmpdir, "stderr")
        self._log = open(self._log_path, "wb")
        self._process = subprocess.Popen(
            [
                binary.path,
                "--logdir=%s" % self.logdir,
                "--reload=once",
                "--samples-per-plugin=%s" % self.samples_per_plugin,
                "--port=0",
                "--port-file=%s" % port_file,
                "--verbose",
            ],
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        port = None
        while port is None:
            self._check_alive(deadline)
            with contextlib.suppress(FileNotFoundError):
                with open(port_file) as f:
                    text = f.read()
                if text.endswith("\n"):
                    port = int(text)
            time.sleep(0.02)
        while b"finished load cycle" not in self.log().lower():
            self._check_alive(deadline)
            time.sleep(0.02)
        address = "localhost:%d" % port
        channel = grpc.insecure_channel(address, options=[("grpc.max_receive_message_length", 256 * 1024 * 1024)])
        self.provider = grpc_provider.GrpcDataProvider(address, grpc_provider.make_stub(channel))
        return self

    def log(self):
        with open(self._log_path, "rb") as f:
            return f.read()

    def _check_alive(self, deadline):
        if self._process.poll() is not None:
            raise RuntimeError("data server exited: %s" % self.log().decode(errors="replace"))
        if time.monotonic() > deadline:
            raise RuntimeError("data server did not load in time: %s" % self.log().decode(errors="replace"))

    def close(self):
        if self._process is not None:
            self._process.terminate()
            self._process.wait(timeout=10)
            self._log.close()
            self._process = None
        if self._tmpdir:
            shutil.rmtree(self._tmpdir, ignore_errors=True)
            self._tmpdir = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.close()


@contextlib.contextmanager
def rust_provider(logdir, samples_per_plugin="modelviz=all"):
    with RustDataServer(logdir, samples_per_plugin) as server:
        yield server.provider


# --- a training process ------------------------------------------------------------------

# A training loop in a process of its own: `python -c TRAINING_SCRIPT RUN_DIR INTERVAL
# DEADLINE INITIAL`. A small CNN takes an SGD step, `add_model_viz` and a flush, and the
# step is printed once it is on disk; the first INITIAL steps as fast as it can, then one
# every INTERVAL seconds until DEADLINE (epoch seconds).
TRAINING_SCRIPT = r"""
import sys, time
import torch
from torch import nn
from tensorboard_modelviz import SummaryWriter

run_dir, interval, deadline, initial = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
torch.manual_seed(0)
torch.set_num_threads(1)
model = nn.Sequential(nn.Conv2d(1, 8, 3), nn.ReLU(), nn.Conv2d(8, 16, 3), nn.ReLU(), nn.MaxPool2d(2),
                      nn.Flatten(), nn.Linear(16 * 12 * 12, 64), nn.ReLU(), nn.Linear(64, 10))
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
x = torch.randn(32, 1, 28, 28)
writer = SummaryWriter(run_dir)
step = 0
while step < initial or time.time() < deadline:
    started = time.monotonic()
    loss = model(x).square().mean()
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    writer.add_model_viz(model, x, step)
    writer.flush()
    print(step, flush=True)
    step += 1
    if step > initial:
        time.sleep(max(0.0, interval - (time.monotonic() - started)))
writer.close()
"""


def start_training(run_dir, interval, deadline, initial):
    """The training process of TRAINING_SCRIPT, its printed steps on `.stdout` (text)."""
    return subprocess.Popen(
        [sys.executable, "-c", TRAINING_SCRIPT, run_dir, str(interval), str(deadline), str(initial)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )


def _children(pid):
    """Process ids whose parent is `pid` (Linux /proc)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % entry) as f:
                if int(f.read().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry))
        except (OSError, ValueError, IndexError):
            continue  # the process ended while we looked
    return found


def tree_rss(pid):
    """Resident bytes of process `pid` and of its children (TensorBoard's data server)."""
    total = 0
    for each in [pid] + _children(pid):
        try:
            with open("/proc/%d/statm" % each) as f:
                total += int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except OSError:
            continue
    return total


# --- a real `tensorboard` process --------------------------------------------------------


class TensorBoardProcess:
    """`tensorboard --logdir ... --port 0` on 127.0.0.1, as a user would start it."""

    _ADDRESS = re.compile(rb"(http://127\.0\.0\.1:\d+)/")

    def __init__(self, logdir, *extra_flags, environment=None):
        self.logdir = logdir
        self.extra_flags = list(extra_flags)
        self.environment = environment  # variables set for the process beside this one's
        self.url = None
        self._process = None

    def start(self, timeout=60.0):
        self._log = tempfile.TemporaryFile()
        self._process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tensorboard.main",
                "--logdir",
                self.logdir,
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                *self.extra_flags,
            ],
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            env={**os.environ, **(self.environment or {})},
        )
        deadline = time.monotonic() + timeout
        while self.url is None:
            if self._process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("tensorboard did not start: %s" % self.output())
            match = self._ADDRESS.search(self.output().encode())
            if match:
                self.url = match.group(1).decode()
            time.sleep(0.05)
        return self

    def output(self):
        self._log.seek(0)
        return self._log.read().decode(errors="replace")

    def get(self, path):
        """GET `path` (starting with "/"); returns (status, content type, body bytes)."""
        try:
            with urllib.request.urlopen(self.url + path, timeout=30) as response:
                return response.status, response.headers.get("Content-Type"), response.read()
        except urllib.error.HTTPError as e:
            return e.code, e.headers.get("Content-Type"), e.read()

    def get_json(self, path):
        status, content_type, body = self.get(path)
        return status, json.loads(body)

    def raw_get(self, raw_path):
        """Sends `raw_path` byte for byte (no client-side normalisation of `..`)."""
        host, port = self.url[len("http://") :].split(":")
        with socket.create_connection((host, int(port)), timeout=30) as conn:
            conn.sendall(b"GET " + raw_path.encode() + b" HTTP/1.0\r\nHost: x\r\n\r\n")
            data = b""
            while True:
                chunk = conn.recv(65536)
                if not chunk:
                    break
                data += chunk
        status = int(data.split(b" ", 2)[1])
        return status, data.split(b"\r\n\r\n", 1)[1]

    def child_commands(self):
        """Command lines of the processes TensorBoard started (Linux /proc)."""
        commands = []
        for pid in _children(self._process.pid):
            try:
                with open("/proc/%d/cmdline" % pid, "rb") as f:
                    commands.append(f.read().replace(b"\0", b" ").decode(errors="replace"))
            except OSError:
                continue  # the process ended while we looked
        return commands

    def rss(self):
        """Resident bytes of the tensorboard process and the data server it started."""
        return tree_rss(self._process.pid)

    def wait_for(self, predicate, path, timeout=60.0):
        """Polls GET `path` until predicate(status, json) holds; returns the last json."""
        deadline = time.monotonic() + timeout
        while True:
            status, content_type, body = self.get(path)
            document = json.loads(body) if content_type and "json" in content_type else None
            if predicate(status, document):
                return document
            if time.monotonic() > deadline or self._process.poll() is not None:
                raise AssertionError("timed out waiting on %s: %s %r\n%s" % (path, status, body[:500], self.output()))
            time.sleep(0.2)

    def close(self):
        if self._process is not None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
            self._process = None
            self._log.close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.close()


# --- damaged data --------------------------------------------------------------------------


def from_newer_version(blob):
    """`blob` as a future tensorboard_modelviz would label it (format version + 1)."""
    return blob[:3] + bytes([codec.NEWEST_FORMAT_VERSION + 1]) + blob[4:]


def corrupted(blob):
    """`blob` with a valid header and a payload that is not zlib data."""
    return blob[:5] + b"\x00not zlib" + blob[5:]


def truncate_last_record(path, cut=7):
    """Cuts the last `cut` bytes off an event file, as a crash mid-write would."""
    size = os.path.getsize(path)
    with open(path, "r+b") as f:
        f.truncate(size - cut)
