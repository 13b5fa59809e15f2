"""Whether a forward has the structure recorded before, told without recording its ops.

Recording the graph means seeing every op through two recording modes, which costs
about as much again as the forward itself. Yet a model's structure rarely changes
between two calls of a training loop. The structure document follows from:

- the module calls, in order, with their input and output shapes and output dtypes;
- the model's static facts: each module's type, `extra_repr` and mode, and each
  parameter's and buffer's shape, dtype and `requires_grad`;
- the shapes and dtypes of the inputs and outputs.

`structure_key` gathers those facts into one comparable value; a forward with module
hooks alone sees all of them. When the key of such a forward equals the key of the last fully recorded one,
that recording's structure stands, and only the statistics of the new forward are
needed. The one change it cannot see is a change of ops inside a module that leaves
the shapes of every module call as they were (a branch between two functional ops);
`trace_ops="always"` records every call in full.
"""

import dataclasses
from collections.abc import Iterable
from typing import Any, NamedTuple

import torch

from tensorboard_modelviz.capture.model_walk import ModelWalk

# A module's (qualified name, class name, training, extra_repr()).
ModuleFacts = tuple[str, str, bool, str]
# A parameter's (module name, attribute, shape, dtype, requires_grad).
ParameterFacts = tuple[str, str, torch.Size, torch.dtype, bool]
# A buffer's (module name, attribute, shape, dtype).
BufferFacts = tuple[str, str, torch.Size, torch.dtype]
# A module call's (name, class name, call, depth, input shapes, output shapes, output dtypes),
# the shapes and dtypes as the trace's own lists.
CallFacts = tuple[str, str, int, int, list[Any], list[Any], list[Any]]


class StructureKey(NamedTuple):
    """What the structure document follows from (the module docstring's list)."""

    modules: list[ModuleFacts]
    parameters: list[ParameterFacts]
    buffers: list[BufferFacts]
    calls: list[CallFacts]
    ends: tuple[tuple[str, tuple[int, ...], torch.dtype], ...]  # the inputs' and outputs' (name, shape, dtype)


def structure_key(
    walk: ModelWalk,
    calls: Iterable[Any],
    inputs: Iterable[tuple[str, torch.Tensor]],
    outputs: Iterable[tuple[str, torch.Tensor]],
) -> StructureKey:
    """The facts the structure document depends on, as one comparable value.

    `walk`: the model as the forward left it; `calls` are the trace's ModuleCalls
    (tracer.py; Any until it is annotated), `inputs` and `outputs` (name, tensor) pairs.
    The value is compared for equality only (KnownStructure.matches), never hashed.
    """
    modules = [(name, type(m).__name__, m.training, m.extra_repr()) for name, m in walk.named_modules]
    parameters = [(name, own, t.shape, t.dtype, t.requires_grad) for name, own, t in walk.parameters]
    buffers = [(name, own, t.shape, t.dtype) for name, own, t in walk.buffers]
    # The calls' own lists of shapes and dtypes, as they are: a key is only compared for
    # equality (lists compare as tuples do), and each trace makes lists of its own, which
    # nothing changes once its forward is over. Copied into tuples they cost a deep stack
    # of tiny layers about a microsecond per call.
    ran = [(c.name, c.type, c.call, c.depth, c.input_shapes, c.output_shapes, c.output_dtypes) for c in calls]
    ends = tuple((name, tuple(t.shape), t.dtype) for name, t in list(inputs) + list(outputs))
    return StructureKey(modules, parameters, buffers, ran, ends)


@dataclasses.dataclass
class KnownStructure:
    """The structure last recorded in full for one tag of one writer: its key, its hash,
    and the backward graph recorded with it (the structure document's "backward"), which
    a forward recorded again with the same key (trace_ops="always") reuses instead of
    taking another forward with gradients. `relu_calls`: whether that forward made a
    relu-family call that the module hooks do not count (capture/dead_units.py); later
    calls with the same key watch for them only then, since the watching mode costs every
    op of the forward."""

    key: StructureKey | None = None
    hash: str | None = None
    backward: dict[str, Any] | None = None  # the structure's "backward" (documents.BackwardGraph)
    relu_calls: bool = True

    def matches(self, key: StructureKey) -> bool:
        return self.hash is not None and key == self.key

    def forget(self) -> None:
        self.key = self.hash = self.backward = None
        self.relu_calls = True
