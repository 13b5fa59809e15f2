"""Turn a capture into TensorBoard `Summary` protos: the writing half of the format.

Each value is a blob sequence (rank-1 DT_STRING tensor with DATA_CLASS_BLOB_SEQUENCE),
the one layout both TensorBoard loaders keep; see docs/format.md.
"""

import functools
from collections.abc import Sequence

from tensorboard.compat.proto import summary_pb2, types_pb2

from tensorboard_modelviz.format import codec, metadata
from tensorboard_modelviz.format.documents import StructureDocument


def blob_sequence_summary(
    full_tag: str, blobs: Sequence[bytes], into: summary_pb2.Summary | None = None
) -> summary_pb2.Summary:
    """A Summary holding `blobs` (a list of bytes) as one blob sequence under `full_tag`:
    `into` (an empty Summary, such as an Event's), or a new one.

    Built in place: a message handed to another's constructor is copied, blobs and all
    (a steady call's step and its hundreds of sample blobs). Everything but the blobs is
    parsed from _value_head's bytes, made once per tag and count, rather than set field
    by field at every call (the tag, the metadata made and copied, the dtype, the shape:
    benchmarks/README.md, h26-out, has what each costs)."""
    summary = into if into is not None else summary_pb2.Summary()
    value = summary.value.add()
    value.MergeFromString(_value_head(full_tag, len(blobs)))
    value.tensor.string_val.extend(blobs)
    return summary


@functools.lru_cache(maxsize=64)  # a writer's few tags, a structure's few counts
def _value_head(full_tag: str, count: int) -> bytes:
    """A blob sequence's Summary.Value without its blobs, serialized: the tag, this
    plugin's metadata, and a string tensor's dtype and shape for `count` blobs."""
    value = summary_pb2.Summary.Value(tag=full_tag)
    value.metadata.CopyFrom(metadata.create_summary_metadata())
    value.tensor.dtype = types_pb2.DT_STRING
    value.tensor.tensor_shape.dim.add(size=count)
    return value.SerializeToString()


def structure_summary(
    tag: str,
    structure: StructureDocument,
    json_text: str | None = None,
    into: summary_pb2.Summary | None = None,
) -> summary_pb2.Summary:
    """The structure blob; `json_text` as for codec.encode_structure, `into` as for
    blob_sequence_summary."""
    return blob_sequence_summary(metadata.structure_tag(tag), [codec.encode_structure(structure, json_text)], into)


def step_summary(tag: str, blobs: Sequence[bytes], into: summary_pb2.Summary | None = None) -> summary_pb2.Summary:
    """The step blob followed by its activation sample blobs (CaptureResult.blobs); `into`
    as for blob_sequence_summary."""
    return blob_sequence_summary(metadata.step_tag(tag), blobs, into)
