"""Two real processes on a gloo group: FSDP2-sharded parameters are counted at full size,
every rank takes part in the capture's collectives, and only rank 0 writes."""

import glob
import os
import socket

import pytest
import torch
import torch.distributed as dist
import torch.multiprocessing as mp
import torch.nn as nn
from tensorboard.backend.event_processing.event_file_loader import EventFileLoader

from tensorboard_modelviz import schema

pytest.importorskip("torch.distributed.fsdp")


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _worker(rank, world_size, port, logdir):
    os.environ.update(MASTER_ADDR="127.0.0.1", MASTER_PORT=str(port))
    dist.init_process_group("gloo", rank=rank, world_size=world_size)
    try:
        from torch.distributed.fsdp import fully_shard

        from tensorboard_modelviz import add_model_viz
        from torch.utils.tensorboard import SummaryWriter

        torch.manual_seed(0)
        model = nn.Sequential(nn.Linear(16, 32), nn.ReLU(), nn.Linear(32, 4))
        for layer in (model[0], model[2]):
            fully_shard(layer)
        fully_shard(model)
        writer = SummaryWriter(os.path.join(logdir, "rank%d" % rank))
        for step in range(3):
            add_model_viz(writer, model, torch.randn(3, 16), step)
        writer.close()
    finally:
        dist.destroy_process_group()


def _modelviz_records(run_dir):
    out = []
    for path in glob.glob(os.path.join(run_dir, "events.out.tfevents.*")):
        for event in EventFileLoader(path).Load():
            out.extend((event.step, v.tag, list(v.tensor.string_val)) for v in event.summary.value
                       if v.tag.startswith("modelviz/"))
    return out


def test_fsdp2_two_ranks(tmp_path):
    mp.start_processes(_worker, args=(2, _free_port(), str(tmp_path)), nprocs=2, join=True, start_method="spawn")
    assert _modelviz_records(str(tmp_path / "rank1")) == []
    records = _modelviz_records(str(tmp_path / "rank0"))
    # FSDP initialises lazily in the first forward (extra ops): the path taken at step 1
    # differs from step 0's, and from then on the structure is not written again.
    steps = [(s, t) for s, t, _ in records]
    assert steps[:2] == [(0, "modelviz/model/structure"), (0, "modelviz/model/step")]
    assert steps[-2:] == [(1, "modelviz/model/step"), (2, "modelviz/model/step")]
    structure = schema.decode_structure(records[0][2][0])
    full = 16 * 32 + 32 + 32 * 4 + 4  # each rank holds half of every parameter
    assert structure["totals"]["params"] == full
    assert "sharded" in structure["backward"]["error"]  # no forward with gradients under FSDP2
    step = schema.decode_step(records[1][2][0])
    assert step["capture"]["complete"], step["capture"]["warnings"]
    assert step["params"]["0.weight"]["numel"] == 16 * 32
    assert step["updates"] == {}
    assert schema.decode_step(records[-1][2][0])["updates"]["0.weight"] == 0.0
