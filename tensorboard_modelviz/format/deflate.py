"""The zlib streams of the blobs: a step's written by ISA-L where the `isal` package is
installed, a sample's values stored uncompressed.

Every call compresses its step document, hundreds of KB of JSON on a deep model, and
zlib's fastest level took a 200-layer MLP's call 2.1 ms of its 33 (400 KB of JSON);
ISA-L's level 1 takes 0.6 ms and writes a slightly smaller stream. Both write standard
zlib streams (RFC 1950, 1951), which the reader inflates with zlib: the documents they
hold are the same bytes whichever wrote them. Without isal (a platform it has no wheel
for), zlib's level 1 writes them.

A step blob is made in two parts (codec.StepEncoder): the statistics, compressed once,
and the sample directory, which the byte budget decides afterwards and may take more
than one try. zlib would copy its compressor's state after the first part; ISA-L's
compressor cannot be copied, so the first part ends with a sync flush (its deflate
blocks end on a byte boundary, none of them final) and each second part is a deflate
stream of its own appended to it, the stream's Adler-32 combined from both parts. A
second part that repeats call after call (a known structure's sample directory) is
compressed once, as a CompressedTail.

Adler-32 sums are ISA-L's where installed too: the same sums, six times faster than
zlib's (17 against 109 µs for a deep MLP's 400 KB of statistics).
"""

import struct
import types
import zlib
from collections.abc import Callable

Buffer = bytes | bytearray | memoryview

_isal_zlib: types.ModuleType | None
try:
    from isal import isal_zlib as _isal_zlib
except ImportError:  # no wheel for this platform: zlib writes the same format
    _isal_zlib = None

_compressor_module: types.ModuleType = _isal_zlib if _isal_zlib is not None else zlib
adler32: Callable[[Buffer, int], int] = _isal_zlib.adler32 if _isal_zlib is not None else zlib.adler32
_LEVEL = 1  # the fastest level that compresses, in both (ISA-L has levels 0-3)
_ZLIB_HEADER = b"\x78\x01"  # deflate with a 32 KiB window, "fastest" (RFC 1950)
_ADLER = struct.Struct(">I")  # a stream's last 4 bytes: the Adler-32 of its data, big-endian
# Stored (uncompressed) deflate blocks: at most 65,535 bytes each behind a 5-byte block
# header, the last one marked final (RFC 1951).
STORED_BLOCK = 0xFFFF
_BLOCK_HEADER = struct.Struct("<BHH")


def compress(data: Buffer) -> bytes:
    """A zlib stream of `data` at the fastest level."""
    return _compressor_module.compress(data, _LEVEL)


def _raw(data: Buffer, last: bool) -> bytes:
    """Deflate blocks (no zlib header or checksum) of `data`: the stream's last ones, or
    ending in a sync flush so that more blocks may follow."""
    module = _compressor_module
    compressor = module.compressobj(_LEVEL, module.DEFLATED, -module.MAX_WBITS)
    blocks = compressor.compress(data)
    return blocks + (compressor.flush() if last else compressor.flush(module.Z_SYNC_FLUSH))


class CompressedTail:
    """The last part of a SplitStream, compressed once: `data` and its final deflate blocks."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.blocks = _raw(data, last=True)


class SplitStream:
    """A zlib stream of `head` followed by a tail that is decided later, maybe more than
    once: `head` is compressed once, each `finish(tail)` gives a whole stream."""

    def __init__(self, head: Buffer) -> None:
        self._start = _ZLIB_HEADER + _raw(head, last=False)
        self._head_adler = adler32(head, 1)

    def finished_size(self, tail: CompressedTail) -> int:
        """len(self.finish(tail))."""
        return len(self._start) + len(tail.blocks) + _ADLER.size

    def finish(self, tail: bytes | CompressedTail) -> bytes:
        """The zlib stream of head + tail (bytes, or compressed already)."""
        data, blocks = (tail.data, tail.blocks) if isinstance(tail, CompressedTail) else (tail, _raw(tail, last=True))
        return b"".join((self._start, blocks, _ADLER.pack(adler32(data, self._head_adler))))


def stored_prefix(size: int) -> bytes:
    """What comes before `size` bytes (at most STORED_BLOCK) in stored_zlib's stream: the
    zlib header and one final stored block's header. After them come the bytes and their
    Adler-32, big-endian."""
    return _ZLIB_HEADER + _BLOCK_HEADER.pack(1, size, size ^ 0xFFFF)


def stored_zlib(data: Buffer) -> bytes:
    """A zlib stream that stores `data` as it is, as zlib.compress(data, 0) does (the same
    bytes for a sample of up to 64,000 values; zlib splits larger ones into blocks
    otherwise), for a fifth of its time on a small sample.
    zlib sets up its compressor's state (a few hundred KiB) for every stream, which costs
    more than a small sample's bytes: a call on a deep stack of tiny layers stores
    hundreds of them."""
    size = len(data)
    if size <= STORED_BLOCK:  # one block (an empty one for no data)
        return b"".join((stored_prefix(size), data, _ADLER.pack(adler32(data, 1))))
    parts: list[Buffer] = [_ZLIB_HEADER]
    for start in range(0, size, STORED_BLOCK):
        block = data[start : start + STORED_BLOCK]
        parts += (_BLOCK_HEADER.pack(start + STORED_BLOCK >= size, len(block), len(block) ^ 0xFFFF), block)
    parts.append(_ADLER.pack(adler32(data, 1)))
    return b"".join(parts)
