"""The stored documents as types: the structure, step and sample-header documents of
docs/format.md, one TypedDict per JSON object.

These are the one definition of what the writer builds and stores, what the reader and
the analysis read, and what the frontend's types in frontend/src/types.ts name
(tests/format/test_documents.py writes documents with the real writer and checks every key and
value against these types, both ways, and checks the frontend's field names against
them). A key marked `NotRequired` may be absent; every other key is always written.
Values are as JSON holds them: a non-finite float is stored as null, so a float field
that can be non-finite is `float | None`.

Typing only: no torch or numpy, and nothing runs at import but the class definitions.
"""

from typing import Literal, NotRequired, TypedDict, Union

Shape = list[int | None]  # None: a ragged size (a jagged nested tensor's), docs/format.md

# -- the structure document ------------------------------------------------------------


class TensorSpec(TypedDict):
    """One of the model's inputs or outputs (an argument name or a path such as `x[0]`)."""

    name: str
    shape: Shape
    dtype: str


class ModuleNode(TypedDict):
    """A module call: a group around the ops it ran (its children's among them)."""

    id: int
    kind: Literal["module"]
    parent: int | None
    label: str
    name: str  # qualified module name, "" for the root
    type: str  # class name
    call: int  # 0 for the module's first call in the pass, 1 for its second, ...
    layer: str  # key of the layer table row and of the step's statistics


class OpNode(TypedDict):
    """A tensor op the forward ran (`conv2d`, `add_`)."""

    id: int
    kind: Literal["op"]
    parent: int | None
    label: str
    op: str
    flops: int
    inplace: bool


class InputNode(TypedDict):
    id: int
    kind: Literal["input"]
    parent: int | None
    label: str
    name: str
    shape: Shape
    dtype: str


class OutputNode(TypedDict):
    id: int
    kind: Literal["output"]
    parent: int | None
    label: str
    name: str  # path in the returned structure, e.g. `logits`, `[0]`
    shape: Shape
    dtype: str


GraphNode = Union[ModuleNode, OpNode, InputNode, OutputNode]


class GraphEdge(TypedDict):
    """Data flowing from one node to another (between input, op and output nodes)."""

    src: int
    dst: int
    shape: Shape
    dtype: str


class LayerRow(TypedDict):
    """One row of the layer table: one call of one module, or a module that never ran
    (`calls` 0, `node` null)."""

    key: str  # `name#call`, `#0` the root
    node: int | None
    name: str
    type: str
    depth: int
    parent: str | None  # key of the enclosing call
    call: int
    calls: int
    input_shapes: list[Shape]
    output_shapes: list[Shape]
    params: int  # registered on this module itself
    params_total: int  # in its subtree, each shared parameter once
    trainable: int
    frozen: int
    param_bytes: dict[str, int]  # by dtype name
    param_names: list[str]
    # Own parameters that are the same tensor as one registered earlier: name -> earlier name.
    tied_params: NotRequired[dict[str, str]]
    params_tied: NotRequired[int]
    flops: int  # this call's, its children's included
    output_bytes: int
    kernel_size: NotRequired[int | list[int]]
    stride: NotRequired[int | list[int]]
    groups: NotRequired[int]
    extra: str  # extra_repr()


class Totals(TypedDict):
    params: int
    trainable: int
    frozen: int
    param_bytes: dict[str, int]
    buffer_bytes: int
    flops: int
    input_bytes: int
    output_bytes: int
    module_calls: int


class SavedTensor(TypedDict):
    """A tensor a backward function saved for the backward (its shape, never its values)."""

    name: str
    shape: Shape
    dtype: str


class BackwardOpNode(OpNode):
    """A backward function (`AddmmBackward0`); `flops` 0 and `inplace` false."""

    saved: list[SavedTensor]


class BackwardInputNode(InputNode):
    """A leaf of the autograd graph: a parameter (or another tensor that requires grad,
    named `tensor`); a parameter the scalar does not reach has `reachable` false and the
    reason."""

    parameter: bool
    reachable: bool
    reason: NotRequired[str | None]


BackwardNode = Union[ModuleNode, BackwardOpNode, BackwardInputNode, OutputNode]

UnreachableReason = Literal["detached", "no_grad", "non_differentiable", "unused", "not_on_path"]


class UnreachableParameter(TypedDict):
    """A parameter with requires_grad that the backward graph's scalar does not reach."""

    parameter: str
    module: str
    reason: UnreachableReason | None  # None: it could not be told
    op: str | None  # the op that cut the path
    at: str | None  # layer key where it ran, None outside every module call
    message: str


class BackwardGraph(TypedDict):
    """The autograd graph of one forward with gradients, walked from a scalar of the outputs."""

    scalar: str | None
    error: str | None  # why there is no graph (nodes and edges then empty)
    cut: bool  # over the node bound: the rest left out
    nodes: list[BackwardNode]
    edges: list[GraphEdge]
    unreachable: list[UnreachableParameter]


class StructureDocument(TypedDict):
    """Stored once per distinct structure under `modelviz/<tag>/structure`."""

    format_version: int
    hash: str  # sha1 of the canonical document without "hash"
    model_type: str
    inputs: list[TensorSpec]
    outputs: list[TensorSpec]
    nodes: list[GraphNode]
    edges: list[GraphEdge]
    layers: list[LayerRow]
    totals: Totals
    backward: NotRequired[BackwardGraph]  # absent: not recorded


# -- the step document -----------------------------------------------------------------


class Histogram(TypedDict):
    """Counts of `n` values in equal bins from `lo` to `hi` (the maximum in the last)."""

    lo: float
    hi: float
    n: int
    counts: list[int]


class TensorStats(TypedDict):
    """Statistics of one tensor (docs/format.md's STATS). `zeros` is a fraction, `nan` and
    `inf` are counts; the rest covers the finite values (null where there are none)."""

    numel: int
    mean: float | None
    std: float | None
    min: float | None
    max: float | None
    absmax: float | None
    zeros: float | None
    nan: int
    inf: int
    hist: Histogram
    estimated: NotRequired[list[str]]  # the fields estimated from a subset of the values


class ParameterStats(TensorStats):
    """A parameter's or a gradient's statistics: those of any tensor plus its L2 norm."""

    norm: float | None


class CaptureInfo(TypedDict):
    seconds: float  # spent recording (forward and statistics)
    complete: bool
    warnings: list[str]


SampleLayout = Literal["chw", "tf", "vec"]


class SampleEntry(TypedDict):
    """Where a layer's activation sample is: blob `blob` of the step's blob sequence."""

    blob: int
    layout: SampleLayout
    shape: Shape
    source: NotRequired[str]  # a container sharing its last child's sample: that child's key


class StepDocument(TypedDict):
    """Blob 0 of every call's `modelviz/<tag>/step` blob sequence, as codec.decode_step
    gives it (version 1's document, whichever version the blob is: version 2 stores
    "activations", "params" and "grads" as columns, format/step_columns.py)."""

    format_version: int
    structure: str | None  # hash of the structure document this step used; None: it could not be built
    tag: str
    input_fingerprint: str | None
    activations: dict[str, TensorStats]  # by layer key
    params: dict[str, ParameterStats]  # by parameter name
    grads: dict[str, ParameterStats]  # only where .grad was set
    updates: dict[str, float | None]  # ‖W(t) − W(t′)‖ / ‖W(t′)‖ since the previous call
    output_grads: NotRequired[dict[str, float | None]]  # grad_flow=True only, by layer key
    dead_units: dict[str, float | None]  # by layer key: fraction of units ≤ 0 for every item where they enter a relu
    capture: CaptureInfo
    samples: dict[str, SampleEntry]  # by layer key; written last (codec.StepEncoder)


class ServedStepDocument(StepDocument):
    """A step document as the reader hands it on: with the event's step and wall time."""

    step: int
    wall_time: float


# -- the activation sample -------------------------------------------------------------


class SampleHeader(TypedDict):
    """The JSON header of a sample blob; its uint8 values follow it, with
    `value = lo + q / 255 * (hi - lo)`. `lo` and `hi` are per item and channel ([n][C]) for
    the `chw` layout, per item ([n]) for `tf` and `vec`."""

    key: str
    layout: SampleLayout
    shape: Shape
    source_shape: Shape
    lo: list[float | None] | list[list[float | None]]
    hi: list[float | None] | list[list[float | None]]
