"""The plugin's name, tag layout and summary metadata.

Kept free of torch and numpy imports: TensorBoard imports this module at start-up
through the plugin's entry point.
"""

from tensorboard.compat.proto import summary_pb2

PLUGIN_NAME = "modelviz"

# Bumped when the plugin_data content changes meaning. The blob payloads carry their
# own format version (see `schema.FORMAT_VERSION`).
PLUGIN_DATA_VERSION = 1

TAG_PREFIX = PLUGIN_NAME + "/"
STRUCTURE_SUFFIX = "/structure"
STEP_SUFFIX = "/step"
DEFAULT_TAG = "model"


def structure_tag(tag):
    """Tag of the blob sequence holding a model's structure (graph and layer table)."""
    return TAG_PREFIX + tag + STRUCTURE_SUFFIX


def step_tag(tag):
    """Tag of the blob sequence holding one call's statistics and activation samples."""
    return TAG_PREFIX + tag + STEP_SUFFIX


def parse_tag(full_tag):
    """Split a stored tag into (user tag, kind) with kind 'structure' or 'step'.

    Returns None for tags this plugin did not write.
    """
    if not full_tag.startswith(TAG_PREFIX):
        return None
    rest = full_tag[len(TAG_PREFIX):]
    for suffix, kind in ((STRUCTURE_SUFFIX, "structure"), (STEP_SUFFIX, "step")):
        if rest.endswith(suffix) and len(rest) > len(suffix):
            return rest[: -len(suffix)], kind
    return None


def create_summary_metadata(description=""):
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
