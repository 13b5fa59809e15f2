"""format/deflate.py: the blobs' zlib streams (a step's by ISA-L or zlib, a sample's stored), read by zlib."""

import random
import zlib

import pytest

from tensorboard_modelviz.format import codec, deflate

_BYTES = random.Random(0)  # incompressible data, the same at every run

HEADS = {
    "empty": b"",
    "json": b'{"activations":{' + b'"fc#0":{"mean":0.125,"counts":[0,0,3]},' * 5000,
    "random, several blocks": _BYTES.randbytes(300_000),
}
TAILS = {"empty": b"", "directory": b'"samples":{"fc#0":{"blob":1}}}', "random": _BYTES.randbytes(70_000)}


@pytest.fixture(params=["installed", "zlib"])
def backend(request, monkeypatch):
    """Each way the streams are written: the module's choice (ISA-L where installed) and
    zlib, as on a platform without isal."""
    if request.param == "zlib":
        monkeypatch.setattr(deflate, "_compressor_module", zlib)
    return request.param


@pytest.mark.parametrize("head", list(HEADS), ids=list(HEADS))
def test_a_split_stream_inflates_to_its_head_and_each_tail_with_zlib(backend, head):
    stream = deflate.SplitStream(HEADS[head])
    for tail in TAILS.values():  # one head, several tails: as the byte budget's tries
        blob = stream.finish(tail)
        inflater = zlib.decompressobj()
        assert inflater.decompress(blob) == HEADS[head] + tail
        assert inflater.eof and inflater.unused_data == b""  # one stream, its Adler-32 checked
        assert zlib.decompress(deflate.compress(HEADS[head] + tail)) == HEADS[head] + tail


def test_a_split_stream_with_a_wrong_checksum_is_refused(backend):
    blob = bytearray(deflate.SplitStream(HEADS["json"]).finish(TAILS["directory"]))
    blob[-1] ^= 1
    with pytest.raises(zlib.error, match="incorrect data check"):
        zlib.decompress(bytes(blob))


def test_step_blobs_written_either_way_decode_to_the_same_document(backend):
    document = {"format_version": 1, "activations": {"a#%d" % i: {"mean": i / 7} for i in range(2000)}, "samples": {}}
    samples = {"a#0": {"blob": 1, "layout": "vec", "shape": [1, 8]}}
    blob = codec.StepEncoder(document).encode(samples)
    assert codec.decode_step(blob) == {**document, "samples": samples}
    assert codec.decode_step(codec.encode_step(document)) == document


def test_isal_writes_the_streams_where_it_is_installed():
    isal_zlib = pytest.importorskip("isal.isal_zlib")
    assert deflate._compressor_module is isal_zlib


def test_stored_zlib_streams_are_what_zlib_stores():
    """deflate.stored_zlib (the sample blobs' values): zlib.compress(data, 0)'s bytes for a
    sample of up to 64,000 values (zlib splits its blocks otherwise from about 65,532 bytes
    on), and a stream zlib inflates to the data for any size."""
    for size in (0, 1, 16, 64000, 65535, 65536, 3 * 65535 + 7):
        data = _BYTES.randbytes(size)
        stream = deflate.stored_zlib(data)
        assert zlib.decompress(stream) == data, size
        if size <= 64000:
            assert stream == zlib.compress(data, 0), size


@pytest.mark.parametrize("head", list(HEADS), ids=list(HEADS))
def test_a_compressed_tail_finishes_a_stream_as_its_bytes_do(backend, head):
    """A tail compressed once (a known structure's sample directory) ends any number of
    streams, whatever their heads (given as memoryviews, as codec.StepEncoder does)."""
    tails = [deflate.CompressedTail(tail) for tail in TAILS.values()]
    for _ in range(2):
        stream = deflate.SplitStream(memoryview(HEADS[head]))
        for tail in tails:
            assert zlib.decompress(stream.finish(tail)) == HEADS[head] + tail.data
            assert zlib.decompress(stream.finish(tail.data)) == HEADS[head] + tail.data


def test_adler32_is_zlibs():
    for data in (b"", b"a", _BYTES.randbytes(5553), _BYTES.randbytes(300_000)):
        assert deflate.adler32(data, 1) == zlib.adler32(data)
        assert deflate.adler32(memoryview(data), 7) == zlib.adler32(data, 7)


def test_a_stored_stream_starts_with_its_stored_prefix():
    for size in (0, 1, 16, 64000, 65535):
        data = _BYTES.randbytes(size)
        assert deflate.stored_zlib(data) == deflate.stored_prefix(size) + data + zlib.adler32(data).to_bytes(4, "big")


@pytest.mark.parametrize("head", list(HEADS), ids=list(HEADS))
def test_a_finished_streams_size_is_known_before_it_is_made(backend, head):
    stream = deflate.SplitStream(memoryview(HEADS[head]))
    for tail in TAILS.values():
        compressed = deflate.CompressedTail(tail)
        assert stream.finished_size(compressed) == len(stream.finish(compressed))
