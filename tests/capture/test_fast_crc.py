"""The C checksum gives TensorBoard's event files byte for byte what the Python one does."""

import os

from tensorboard.compat.tensorflow_stub.pywrap_tensorflow import masked_crc32c as python_masked_crc32c
from tensorboard.summary.writer import record_writer

from tensorboard_modelviz.capture import fast_crc


def test_installed_and_identical_to_tensorboards_own():
    assert fast_crc.install()  # google-crc32c is a dependency and has wheels for this platform
    assert record_writer.masked_crc32c is not python_masked_crc32c
    for size in (0, 1, 7, 4096, 100_003):
        data = os.urandom(size)
        assert record_writer.masked_crc32c(data) == python_masked_crc32c(data)


def test_event_file_records_carry_correct_checksums(tmp_path):
    import struct

    from torch.utils.tensorboard import SummaryWriter

    fast_crc.install()
    with SummaryWriter(str(tmp_path)) as writer:
        writer.add_scalar("x", 1.5, 3)
        writer.add_text("t", "a" * 5000, 4)
    (path,) = list(tmp_path.iterdir())
    data = path.read_bytes()
    offset = records = 0
    while offset < len(data):  # TFRecord framing: length, its CRC, payload, its CRC
        header = data[offset : offset + 8]
        (length,) = struct.unpack("<Q", header)
        (header_crc,) = struct.unpack("<I", data[offset + 8 : offset + 12])
        payload = data[offset + 12 : offset + 12 + length]
        (payload_crc,) = struct.unpack("<I", data[offset + 12 + length : offset + 16 + length])
        assert header_crc == python_masked_crc32c(header)
        assert payload_crc == python_masked_crc32c(payload)
        offset += 16 + length
        records += 1
    assert records == 3  # file version, scalar, text
