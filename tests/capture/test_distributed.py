"""Two real processes on a gloo group: FSDP2-sharded parameters are counted at full size,
every rank takes part in the capture's collectives, and only rank 0 writes."""

import glob
import os

import pytest
import torch
import torch.distributed as dist
import torch.multiprocessing as mp
import torch.nn as nn
from ranks import end_rank, free_port
from tensorboard.backend.event_processing.event_file_loader import EventFileLoader

from tensorboard_modelviz.format import codec

pytest.importorskip("torch.distributed.fsdp")


def _worker(rank, world_size, port, logdir):
    os.environ.update(MASTER_ADDR="127.0.0.1", MASTER_PORT=str(port))
    dist.init_process_group("gloo", rank=rank, world_size=world_size)
    try:
        from torch.distributed.fsdp import fully_shard
        from torch.utils.tensorboard import SummaryWriter

        from tensorboard_modelviz import add_model_viz

        torch.manual_seed(0)
        model = nn.Sequential(nn.Linear(16, 32), nn.ReLU(), nn.Linear(32, 4))
        for layer in (model[0], model[2]):
            fully_shard(layer)
        fully_shard(model)
        writer = SummaryWriter(os.path.join(logdir, "rank%d" % rank))
        for step in range(3):
            add_model_viz(writer, model, torch.randn(3, 16), step)
        writer.close()
    except BaseException:
        dist.destroy_process_group()
        raise
    end_rank()


def _modelviz_records(run_dir):
    out = []
    for path in glob.glob(os.path.join(run_dir, "events.out.tfevents.*")):
        for event in EventFileLoader(path).Load():
            out.extend(
                (event.step, v.tag, list(v.tensor.string_val))
                for v in event.summary.value
                if v.tag.startswith("modelviz/")
            )
    return out


def test_fsdp2_two_ranks(tmp_path):
    mp.start_processes(_worker, args=(2, free_port(), str(tmp_path)), nprocs=2, join=True, start_method="spawn")
    assert _modelviz_records(str(tmp_path / "rank1")) == []
    records = _modelviz_records(str(tmp_path / "rank0"))
    # FSDP initialises lazily in the first forward (extra ops): the path taken at step 1
    # differs from step 0's, and from then on the structure is not written again.
    steps = [(s, t) for s, t, _ in records]
    assert steps[:2] == [(0, "modelviz/model/structure"), (0, "modelviz/model/step")]
    assert steps[-2:] == [(1, "modelviz/model/step"), (2, "modelviz/model/step")]
    structure = codec.decode_structure(records[0][2][0])
    full = 16 * 32 + 32 + 32 * 4 + 4  # each rank holds half of every parameter
    assert structure["totals"]["params"] == full
    assert "collective calls" in structure["backward"]["error"]  # no forward with gradients under FSDP2
    step = codec.decode_step(records[1][2][0])
    assert step["capture"]["complete"], step["capture"]["warnings"]
    assert step["params"]["0.weight"]["numel"] == 16 * 32
    assert step["updates"] == {}
    assert codec.decode_step(records[-1][2][0])["updates"]["0.weight"] == 0.0


# Both patterns of calling, on a model whose forward makes collective calls (FSDP2) and on
# one whose forward does not (DDP): "every" rank calls add_model_viz with its own
# tensorboard_modelviz.SummaryWriter on one shared run directory, or rank "zero" alone
# calls it (`if rank == 0: ...`). Each rank trains twice from the same seed, without and
# with the calls, and compares its final parameters.
PATTERNS = [("fsdp2", "every"), ("fsdp2", "zero"), ("ddp", "every"), ("ddp", "zero")]
CALL_STEPS = (0, 2)


def _built(kind):
    from torch.distributed.fsdp import fully_shard

    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(16, 32), nn.ReLU(), nn.Dropout(0.2), nn.Linear(32, 4))
    if kind == "fsdp2":
        for layer in (model[0], model[3]):
            fully_shard(layer)
        fully_shard(model)
        return model
    return nn.parallel.DistributedDataParallel(model)


def _train(kind, rank, writer, pattern, outcomes):
    """Three steps of training from the same seed; `outcomes` gets what each call gave,
    and whatever it changed (tests/model_invariance.py: the local shards' bits and
    storage, hooks, RNGs, the optimizer's state...)."""
    import model_invariance

    import tensorboard_modelviz

    model = _built(kind)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    probe = torch.randn(3, 16, generator=torch.Generator().manual_seed(9))
    for step in range(3):
        torch.manual_seed(100 * rank + step)
        loss = model(torch.randn(4, 16)).square().mean()
        if writer is not None and step in CALL_STEPS and (pattern == "every" or rank == 0):
            before = model_invariance.take(model, optimizer=optimizer, inputs=probe, outputs=loss)
            try:
                tensorboard_modelviz.add_model_viz(writer, model, probe, step)
                outcomes.append("recorded")
            except RuntimeError as e:
                outcomes.append("RuntimeError: %s" % e)
            outcomes += model_invariance.differences(
                before, model_invariance.take(model, optimizer=optimizer, inputs=probe, outputs=loss)
            )
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return [(p.to_local() if hasattr(p, "to_local") else p).detach().clone() for p in model.parameters()]


def _pattern_worker(rank, world_size, port, logdir, kind, pattern):
    import json

    os.environ.update(MASTER_ADDR="127.0.0.1", MASTER_PORT=str(port))
    dist.init_process_group("gloo", rank=rank, world_size=world_size)
    try:
        from tensorboard_modelviz import SummaryWriter
        from tensorboard_modelviz.capture import writer as writer_module

        writer_module.RANK_WAIT_SECONDS = 3.0  # rank 0 alone on FSDP2 waits this long, then raises
        without = _train(kind, rank, None, pattern, [])
        writer = SummaryWriter(logdir) if pattern == "every" or rank == 0 else None
        outcomes = []
        with_calls = _train(kind, rank, writer, pattern, outcomes)
        if writer is not None:
            writer.close()
        same = all(torch.equal(a, b) for a, b in zip(without, with_calls))
        with open(os.path.join(os.path.dirname(logdir), "rank%d.json" % rank), "w") as f:
            json.dump({"outcomes": outcomes, "identical": same}, f)
    except BaseException:
        dist.destroy_process_group()
        raise
    end_rank()


def _run_ranks(worker, args, timeout):
    """Run `worker` on 2 spawned ranks; fail (and kill them) if they take over `timeout` s."""
    import time

    context = mp.start_processes(worker, args=args, nprocs=2, join=False, start_method="spawn")
    deadline = time.monotonic() + timeout
    while not context.join(timeout=max(0.1, deadline - time.monotonic())):
        if time.monotonic() >= deadline:
            for process in context.processes:
                if process.is_alive():
                    process.kill()
            pytest.fail("the ranks did not finish within %d s: a hang" % timeout)


@pytest.mark.parametrize("kind, pattern", PATTERNS)
def test_calling_patterns_on_two_ranks(kind, pattern, tmp_path):
    import json

    logdir = tmp_path / "run"
    _run_ranks(_pattern_worker, (2, free_port(), str(logdir), kind, pattern), timeout=240)
    ranks = [json.loads((tmp_path / ("rank%d.json" % r)).read_text()) for r in range(2)]
    assert all(r["identical"] for r in ranks), "training with the calls differs from training without"
    records = _modelviz_records(str(logdir))
    event_files = glob.glob(os.path.join(str(logdir), "events.out.tfevents.*"))
    if kind == "fsdp2" and pattern == "zero":
        # Refused on rank 0 before any collective, clearly; training went on on both ranks.
        assert len(ranks[0]["outcomes"]) == len(CALL_STEPS)
        assert all(
            o.startswith("RuntimeError") and "every rank must call add_model_viz" in o for o in ranks[0]["outcomes"]
        ), ranks[0]["outcomes"]
        assert records == []
    else:
        assert ranks[0]["outcomes"] == ["recorded"] * len(CALL_STEPS)
        assert ranks[1]["outcomes"] == (["recorded"] * len(CALL_STEPS) if pattern == "every" else [])
        assert sorted({step for step, tag, _ in records if tag == "modelviz/model/step"}) == list(CALL_STEPS)
    # Rank 0's one event file: the other rank's writer opened none beside it.
    assert len(event_files) == 1, event_files
