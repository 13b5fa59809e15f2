"""The document model (tensorboard_modelviz.format.documents) against what is really written
and what the frontend declares.

The real writer records a small zoo (an MLP, a conv net whose forward calls F.relu and
F.max_pool2d, a model of functional and in-place ops, a model called with a dict of
keyword arguments, tied parameters, unused parameters), the reader reads it back, and every
structure, step and sample header is checked against the TypedDicts both ways: no key
written that they do not declare, no required key missing, every value of its type, and
every key they declare written by some model of the zoo. Then frontend/src/types.ts's
document interfaces are checked to name the same fields.
"""

import os
import re
import types
import typing

import pytest
import torch
import zoo
from document_types import declared_keys, problems

from tensorboard_modelviz import SummaryWriter
from tensorboard_modelviz.format import documents
from tensorboard_modelviz.server import reader

# seed_cnn: conv, F.relu and F.max_pool2d; inplace_ops: functional and in-place ops;
# dict_io: keyword arguments and a dict output; tied_linear: tied_params; unused_module:
# parameters the backward graph does not reach.
ZOO = ("seed_mlp", "seed_cnn", "inplace_ops", "dict_io", "tied_linear", "unused_module")
TAG = "model"


def _train_step(model, inputs):
    """One backward, so that the parameters have gradients to describe."""
    model.zero_grad()
    zoo.loss_of(zoo.call(model, inputs)).backward()


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    """{zoo name: (structure, [served step documents], [sample headers])} as the reader reads them."""
    logdir = str(tmp_path_factory.mktemp("documents"))
    for name in ZOO:
        entry = zoo.build(name)
        model, inputs = entry.unwrapped, entry.inputs
        with SummaryWriter(os.path.join(logdir, name)) as writer:
            _train_step(model, inputs)
            writer.add_model_viz(model, inputs, 0)
            with torch.no_grad():
                for p in model.parameters():
                    p.mul_(0.9)
            _train_step(model, inputs)
            writer.add_model_viz(model, inputs, 1, grad_flow=True)
    read = reader.open_logdir(logdir)
    found = {}
    for name in ZOO:
        steps = [read.step(name, TAG, step) for step in (0, 1)]
        headers = [read.sample(name, TAG, 1, key)[0] for key in steps[1]["samples"]]
        found[name] = (read.structure(name, TAG, 1), steps, headers)
    return found


def _typed_problems(value, expected, seen):
    """problems() plus, in `seen`, the keys each TypedDict was found with."""
    found = problems(value, expected)
    _collect_keys(value, expected, seen)
    return found


def _collect_keys(value, expected, seen):
    if typing.is_typeddict(expected) and isinstance(value, dict):
        seen.setdefault(expected.__name__, set()).update(value)
        hints = typing.get_type_hints(expected)
        for key, hint in hints.items():
            if key in value:
                _collect_keys(value[key], hint, seen)
        return
    origin = typing.get_origin(expected)
    if origin is typing.Union or origin is types.UnionType:
        fitting = [m for m in typing.get_args(expected) if not problems(value, m)]
        if fitting:
            _collect_keys(value, fitting[0], seen)
    elif origin is list and isinstance(value, list):
        for item in value:
            _collect_keys(item, typing.get_args(expected)[0], seen)
    elif origin is dict and isinstance(value, dict):
        for item in value.values():
            _collect_keys(item, typing.get_args(expected)[1], seen)


def _stored(served):
    """A step document as stored: without the step and wall time the reader adds."""
    return {k: v for k, v in served.items() if k not in ("step", "wall_time")}


@pytest.mark.parametrize("name", ZOO)
def test_written_documents_match_their_types(written, name):
    structure, steps, headers = written[name]
    found = problems(structure, documents.StructureDocument, "structure")
    for step in steps:
        found += problems(step, documents.ServedStepDocument, "served step %d" % step["step"])
        found += problems(_stored(step), documents.StepDocument, "stored step %d" % step["step"])
    for header in headers:
        found += problems(header, documents.SampleHeader, "sample %s" % header.get("key"))
    assert not found, "\n".join(found[:40])
    assert headers, "the zoo model stored no activation sample"


def test_every_declared_key_is_written(written):
    """Every key the types declare, NotRequired ones included, is written by some model of
    the zoo: the types describe no field the writer has stopped writing."""
    seen = {}
    for structure, steps, headers in written.values():
        _typed_problems(structure, documents.StructureDocument, seen)
        for step in steps:
            _typed_problems(step, documents.ServedStepDocument, seen)
            _typed_problems(_stored(step), documents.StepDocument, seen)
        for header in headers:
            _typed_problems(header, documents.SampleHeader, seen)
    document_types = [
        value
        for value in vars(documents).values()
        if typing.is_typeddict(value) and value.__module__ == documents.__name__
    ]
    never = {t.__name__: sorted(declared_keys(t) - seen.get(t.__name__, set())) for t in document_types}
    never = {k: v for k, v in never.items() if v}
    assert not never, "declared but never written by the zoo: %s" % never


def test_checker_rejects_what_differs():
    """The checker finds an undeclared key, a missing key and a value of the wrong type."""
    histogram = {"lo": 0.0, "hi": 1.0, "n": 2, "counts": [1, 1]}
    assert problems(histogram, documents.Histogram) == []
    assert problems(dict(histogram, extra=1), documents.Histogram) == ["$: key 'extra' is not in Histogram"]
    assert problems({k: v for k, v in histogram.items() if k != "n"}, documents.Histogram) == [
        "$: required key 'n' of Histogram is missing"
    ]
    assert problems(dict(histogram, n=True), documents.Histogram) == ["$.n: True where int was expected"]
    assert problems(dict(histogram, counts=[1, "2"]), documents.Histogram) == [
        "$.counts[1]: '2' where int was expected"
    ]
    entry = {"blob": 1, "layout": "vec", "shape": [1, 8]}
    assert problems(entry, documents.SampleEntry) == []
    assert problems(dict(entry, layout="hwc"), documents.SampleEntry) == [
        "$.layout: 'hwc' is not one of ('chw', 'tf', 'vec')"
    ]


# -- the frontend's types -----------------------------------------------------------------

TYPES_TS = os.path.join(os.path.dirname(__file__), os.pardir, os.pardir, "frontend", "src", "types.ts")

# frontend interface -> the document types whose fields it declares (a node of any kind)
FRONTEND_DOCUMENTS = {
    "StructureDoc": [documents.StructureDocument],
    "TensorSpec": [documents.TensorSpec],
    "GraphNode": [
        documents.ModuleNode,
        documents.OpNode,
        documents.InputNode,
        documents.OutputNode,
        documents.BackwardOpNode,
        documents.BackwardInputNode,
    ],
    "GraphEdge": [documents.GraphEdge],
    "LayerRow": [documents.LayerRow],
    "Totals": [documents.Totals],
    "UnreachableParameter": [documents.UnreachableParameter],
    "BackwardGraph": [documents.BackwardGraph],
    "Histogram": [documents.Histogram],
    "Stats": [documents.ParameterStats],
    "SampleEntry": [documents.SampleEntry],
    "StepDoc": [documents.ServedStepDocument],
    "SampleResponse": [documents.SampleHeader],
}
# Fields the `activation` route adds to a sample header: its values, base64.
ROUTE_FIELDS = {"SampleResponse": {"data"}}
# Document fields the frontend's interfaces leave out today (the views that read them cast
# to their own narrower types, or do not read them). A field added to types.ts must be
# taken off this list, and a new document field must be added to types.ts or here.
FRONTEND_OMITS = {
    "GraphNode": {"saved", "parameter", "reachable", "reason"},
    "Histogram": {"n"},
    "SampleEntry": {"source"},
    "StepDoc": {"input_fingerprint", "dead_units"},
}


def _interfaces(source):
    """{interface name: {field names}} of the `export interface` blocks of a .ts file,
    with the fields of the interfaces each one extends."""
    source = re.sub(r"/\*.*?\*/", "", source, flags=re.S)
    source = re.sub(r"//[^\n]*", "", source)
    found, parents = {}, {}
    for match in re.finditer(r"export interface (\w+)(?: extends ([\w, ]+))?\s*\{(.*?)\n\}", source, re.S):
        name, extends, body = match.groups()
        found[name] = set(re.findall(r"^\s*(\w+)\??\s*:", body, re.M))
        parents[name] = [p.strip() for p in extends.split(",")] if extends else []
    for name in found:
        for parent in parents[name]:
            found[name] |= found.get(parent, set())
    return found


def test_frontend_types_name_the_document_fields():
    with open(TYPES_TS, encoding="utf-8") as f:
        declared = _interfaces(f.read())
    mismatches = []
    for interface, document_types in FRONTEND_DOCUMENTS.items():
        assert interface in declared, "frontend/src/types.ts has no interface %s" % interface
        fields = set().union(*(declared_keys(t) for t in document_types))
        frontend = declared[interface] - ROUTE_FIELDS.get(interface, set())
        if frontend - fields:
            mismatches.append("%s names %s, which the documents do not have" % (interface, sorted(frontend - fields)))
        if fields - frontend != FRONTEND_OMITS.get(interface, set()):
            mismatches.append(
                "%s leaves out %s; FRONTEND_OMITS lists %s"
                % (interface, sorted(fields - frontend), sorted(FRONTEND_OMITS.get(interface, ())))
            )
    assert not mismatches, "\n".join(mismatches)


def test_interface_parser():
    source = """
export interface A {
  /** doc: with a colon */
  a: number;
  b?: string | null; // c: not a field
  nested: { x?: number; y?: string[] };
}
export interface B extends A {
  d: Record<string, number>;
}
"""
    assert _interfaces(source) == {"A": {"a", "b", "nested"}, "B": {"a", "b", "nested", "d"}}
