"""Give TensorBoard's event writer a CRC-32C in C instead of pure Python.

Without TensorFlow, every record torch's (and TensorBoard's) SummaryWriter writes is
checksummed by a pure-Python CRC-32C: about 0.2 s per MiB on these machines, under the
GIL, so a 400 KiB call costs more than a ResNet-50 forward on that alone. google-crc32c
computes the same checksum in microseconds. `install` swaps it in for the writer's
checksum function after checking on a few inputs that both agree, so event files stay
byte for byte what they would have been; without the C extension nothing changes.
"""

import os

_MASK = 0xFFFFFFFF
_installed = False


def _masked(crc: int) -> int:
    """TFRecord's masking of a CRC, as tensorboard.compat's `masked_crc32c` does it."""
    return ((((crc >> 15) | (crc << 17)) & _MASK) + 0xA282EAD8) & _MASK


def install() -> bool:
    """Use google-crc32c for the event writer's checksums; returns whether it is in use."""
    global _installed
    if _installed:
        return True
    try:
        import google_crc32c
        from tensorboard.summary.writer import record_writer
    except ImportError:
        return False
    if getattr(google_crc32c, "implementation", None) != "c":
        return False  # its pure-Python fallback is no faster

    def masked_crc32c(data: bytes) -> int:
        return _masked(google_crc32c.value(bytes(data)))

    reference = record_writer.masked_crc32c
    samples = [b"", b"\x00", b"tensorboard_modelviz", os.urandom(1000)]
    if any(masked_crc32c(s) != reference(s) for s in samples):
        return False
    record_writer.masked_crc32c = masked_crc32c
    _installed = True
    return True
