"""Turn a capture into TensorBoard `Summary` protos: the writing half of the format.

Each value is a blob sequence (rank-1 DT_STRING tensor with DATA_CLASS_BLOB_SEQUENCE),
the one layout both TensorBoard loaders keep; see docs/format.md.
"""

from collections.abc import Sequence

from tensorboard.compat.proto import summary_pb2, tensor_pb2, tensor_shape_pb2, types_pb2

from tensorboard_modelviz.format import codec, metadata
from tensorboard_modelviz.format.documents import StructureDocument


def blob_sequence_summary(full_tag: str, blobs: Sequence[bytes]) -> summary_pb2.Summary:
    """A Summary holding `blobs` (a list of bytes) as one blob sequence under `full_tag`."""
    tensor = tensor_pb2.TensorProto(
        dtype=types_pb2.DT_STRING,
        tensor_shape=tensor_shape_pb2.TensorShapeProto(dim=[tensor_shape_pb2.TensorShapeProto.Dim(size=len(blobs))]),
        string_val=blobs,
    )
    value = summary_pb2.Summary.Value(tag=full_tag, metadata=metadata.create_summary_metadata(), tensor=tensor)
    return summary_pb2.Summary(value=[value])


def structure_summary(tag: str, structure: StructureDocument, json_text: str | None = None) -> summary_pb2.Summary:
    """The structure blob; `json_text` as for codec.encode_structure."""
    return blob_sequence_summary(metadata.structure_tag(tag), [codec.encode_structure(structure, json_text)])


def step_summary(tag: str, blobs: Sequence[bytes]) -> summary_pb2.Summary:
    """The step blob followed by its activation sample blobs (CaptureResult.blobs)."""
    return blob_sequence_summary(metadata.step_tag(tag), blobs)
