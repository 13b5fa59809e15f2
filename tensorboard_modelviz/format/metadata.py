"""The plugin's name, tag layout and summary metadata.

Kept free of torch and numpy imports: TensorBoard imports this module at start-up
through the plugin's entry point.
"""

from tensorboard.compat.proto import summary_pb2

PLUGIN_NAME = "modelviz"

# Bumped when the plugin_data content changes meaning. The blob payloads carry their
# own format version (see `codec.FORMAT_VERSION`).
PLUGIN_DATA_VERSION = 1

TAG_PREFIX = PLUGIN_NAME + "/"
STRUCTURE_SUFFIX = "/structure"
STEP_SUFFIX = "/step"
DEFAULT_TAG = "model"


# TensorBoard's default loader (its Rust data server) fetches a blob by a key that is JSON
# holding the run and tag unescaped: a double quote, a backslash or a control character in
# either makes every blob of that run or tag unreadable there ("failed to parse blob key"),
# while the Python loader reads them. (tensorboard-data-server 0.7.2.)
_UNREADABLE_BY_DATA_SERVER = frozenset('"\\') | frozenset(map(chr, range(32)))


def unreadable_name(name: str) -> str | None:
    """The first character of a run or tag name that TensorBoard's default loader cannot
    fetch blobs by, or None. The writer refuses such tags; run directories are the user's."""
    return next((c for c in name if c in _UNREADABLE_BY_DATA_SERVER), None)


def check_tag(tag: object) -> None:
    """ValueError unless `tag` can name a model's records: a non-empty string that
    TensorBoard's default loader can read data under (see unreadable_name)."""
    if not isinstance(tag, str) or not tag or not tag.strip("/"):
        raise ValueError("tag must be a non-empty string, got %r" % (tag,))
    unreadable = unreadable_name(tag)
    if unreadable is not None:
        raise ValueError(
            "tag %r holds %r: TensorBoard's default loader cannot read data under a tag "
            "with a double quote, a backslash or a control character" % (tag, unreadable)
        )


def structure_tag(tag: str) -> str:
    """Tag of the blob sequence holding a model's structure (graph and layer table)."""
    return TAG_PREFIX + tag + STRUCTURE_SUFFIX


def step_tag(tag: str) -> str:
    """Tag of the blob sequence holding one call's statistics and activation samples."""
    return TAG_PREFIX + tag + STEP_SUFFIX


def parse_tag(full_tag: str) -> tuple[str, str] | None:
    """Split a stored tag into (user tag, kind) with kind 'structure' or 'step'.

    Returns None for tags this plugin did not write.
    """
    if not full_tag.startswith(TAG_PREFIX):
        return None
    rest = full_tag[len(TAG_PREFIX) :]
    for suffix, kind in ((STRUCTURE_SUFFIX, "structure"), (STEP_SUFFIX, "step")):
        if rest.endswith(suffix) and len(rest) > len(suffix):
            return rest[: -len(suffix)], kind
    return None


def create_summary_metadata(description: str = "") -> summary_pb2.SummaryMetadata:
    """Metadata for every value this plugin writes: a blob sequence.

    `data_class` must be explicit: with DATA_CLASS_UNKNOWN both of TensorBoard's loaders
    hide the data from `list_blob_sequences`.
    """
    return summary_pb2.SummaryMetadata(
        summary_description=description,
        plugin_data=summary_pb2.SummaryMetadata.PluginData(
            plugin_name=PLUGIN_NAME,
            content=str(PLUGIN_DATA_VERSION).encode("ascii"),
        ),
        data_class=summary_pb2.DATA_CLASS_BLOB_SEQUENCE,
    )
