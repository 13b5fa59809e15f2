"""The Summary protos the writer hands to TensorBoard, built in place."""

from tensorboard.compat.proto import summary_pb2, tensor_pb2, tensor_shape_pb2, types_pb2

from tensorboard_modelviz.format import metadata
from tensorboard_modelviz.format.summary import blob_sequence_summary, step_summary


def _by_constructors(full_tag, blobs):
    """The same Summary made the plain way, by nested constructors (each copies)."""
    tensor = tensor_pb2.TensorProto(
        dtype=types_pb2.DT_STRING,
        tensor_shape=tensor_shape_pb2.TensorShapeProto(dim=[tensor_shape_pb2.TensorShapeProto.Dim(size=len(blobs))]),
        string_val=blobs,
    )
    value = summary_pb2.Summary.Value(tag=full_tag, metadata=metadata.create_summary_metadata(), tensor=tensor)
    return summary_pb2.Summary(value=[value])


def test_a_blob_sequence_is_serialised_as_the_constructors_make_it():
    for blobs in ([], [b""], [b"step", bytes(range(256)) * 40, b"\x00"]):
        made = blob_sequence_summary("modelviz/model/step", blobs)
        assert made.SerializeToString() == _by_constructors("modelviz/model/step", blobs).SerializeToString()
        assert list(made.value[0].tensor.string_val) == blobs
        assert made.value[0].metadata.data_class == summary_pb2.DATA_CLASS_BLOB_SEQUENCE


def test_the_step_summary_is_under_the_step_tag():
    summary = step_summary("model", [b"a", b"b"])
    assert summary.value[0].tag == metadata.step_tag("model")
    assert summary.value[0].tensor.tensor_shape.dim[0].size == 2


def test_a_summary_made_into_an_event_is_the_event_torch_would_make():
    from tensorboard.compat.proto import event_pb2

    blobs = [b"step", b"sample" * 100]
    event = event_pb2.Event()
    step_summary("model", blobs, into=event.summary)
    copied = event_pb2.Event(summary=step_summary("model", blobs))
    assert event.SerializeToString() == copied.SerializeToString()


def test_a_blob_sequence_made_again_from_its_kept_head_is_the_same():
    """The tag, metadata, dtype and shape are parsed from bytes kept per tag and count:
    every later summary of that tag and count, and those of other tags and counts, are
    still what the constructors make."""
    for _ in range(2):
        for tag in ("modelviz/a/step", "modelviz/b/structure"):
            for blobs in ([b"x"] * 3, [b"y"], [b"x"] * 3, []):
                made = blob_sequence_summary(tag, blobs)
                assert made.SerializeToString() == _by_constructors(tag, blobs).SerializeToString()
                assert made.value[0].tensor.tensor_shape.dim[0].size == len(blobs)
