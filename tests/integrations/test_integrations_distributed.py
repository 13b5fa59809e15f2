"""The optimizer step hook under FSDP2 on two gloo processes, as accelerate and Fabric run it.

Every rank installs the hook; rank 0 alone has a writer (the others pass None, as the HF
Trainer's non-main processes hold no `tb_writer`). Each rank takes part in the recorded
forward of the sharded model, only rank 0 writes, into its one event file, and the
training ends bit-identical to the same run without the hook.
"""

import datetime
import glob
import json
import os

import pytest
import torch
import torch.distributed as dist
import torch.multiprocessing as mp
from ranks import end_rank, free_port

from tensorboard_modelviz.server.reader import open_logdir

pytest.importorskip("torch.distributed.fsdp")


def _train(rank: int, logdir: str, with_hook: bool) -> dict:
    from torch.distributed.fsdp import fully_shard

    from tensorboard_modelviz import SummaryWriter
    from tensorboard_modelviz.integrations.optimizer_hook import record_before_optimizer_step

    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(8, 16), torch.nn.ReLU(), torch.nn.Linear(16, 3))
    for layer in (model[0], model[2]):
        fully_shard(layer)
    fully_shard(model)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    writer = SummaryWriter(logdir) if with_hook and rank == 0 else None
    if with_hook:
        probe = torch.randn(4, 8, generator=torch.Generator().manual_seed(1))
        record_before_optimizer_step(optimizer, writer, model, probe, every_n_steps=2)
    batches = torch.Generator().manual_seed(rank)
    for _ in range(3):
        x, y = torch.randn(4, 8, generator=batches), torch.randint(0, 3, (4,), generator=batches)
        torch.nn.functional.cross_entropy(model(x), y).backward()
        optimizer.step()
        optimizer.zero_grad()
    if writer is not None:
        writer.close()
    return {name: p.full_tensor() for name, p in model.named_parameters()}


def _worker(rank: int, world_size: int, port: int, logdir: str) -> None:
    os.environ.update(MASTER_ADDR="127.0.0.1", MASTER_PORT=str(port))
    dist.init_process_group("gloo", rank=rank, world_size=world_size, timeout=datetime.timedelta(seconds=120))
    with_hook = _train(rank, os.path.join(logdir, "run"), with_hook=True)
    without = _train(rank, os.path.join(logdir, "unused"), with_hook=False)
    same = sorted(name for name in with_hook if torch.equal(with_hook[name], without[name]))
    with open(os.path.join(logdir, "rank%d.json" % rank), "w") as f:
        json.dump({"same": same, "names": sorted(with_hook)}, f)
    end_rank()


def test_optimizer_hook_under_fsdp2_every_rank_calls_rank_zero_writes(tmp_path):
    mp.start_processes(_worker, args=(2, free_port(), str(tmp_path)), nprocs=2, join=True, start_method="spawn")
    for rank in (0, 1):
        with open(tmp_path / ("rank%d.json" % rank)) as f:
            result = json.load(f)
        assert result["same"] == result["names"] and result["names"], rank
    run_dir = str(tmp_path / "run")
    assert len(glob.glob(os.path.join(run_dir, "events.out.tfevents.*"))) == 1
    reader = open_logdir(run_dir)
    (entry,) = reader.runs()
    assert entry["tags"] == [{"tag": "model", "steps": [0, 2]}]
    for step in (0, 2):
        grads = reader.step(entry["run"], "model", step)["grads"]
        assert sorted(grads) == ["0.bias", "0.weight", "2.bias", "2.weight"]
        assert all(stats["norm"] > 0 for stats in grads.values())


def _lightning_worker(rank: int, world_size: int, port: int, root: str, strategy_name: str) -> None:
    """One rank of a Lightning run whose processes are started outside Lightning (LOCAL_RANK
    set: Lightning launches nothing), with and without the callback."""
    os.environ.update(
        MASTER_ADDR="127.0.0.1",
        MASTER_PORT=str(port),
        WORLD_SIZE=str(world_size),
        NODE_RANK="0",
        LOCAL_RANK=str(rank),
        RANK=str(rank),
    )
    import warnings

    import lightning as L
    from lightning.pytorch.loggers import CSVLogger, TensorBoardLogger
    from lightning.pytorch.strategies import ModelParallelStrategy
    from lightning_nets import LitNet

    from tensorboard_modelviz.integrations.lightning import ModelVizCallback

    sharded = strategy_name == "fsdp2"

    class Net(LitNet):
        def configure_model(self) -> None:
            if sharded:
                from torch.distributed.fsdp import fully_shard

                mesh = self.device_mesh["data_parallel"]
                for layer in (self.net[0], self.net[4]):
                    fully_shard(layer, mesh=mesh)
                fully_shard(self.net, mesh=mesh)

    generator = torch.Generator().manual_seed(0)
    data = torch.utils.data.TensorDataset(
        torch.randn(48, 8, generator=generator), torch.randint(0, 3, (48,), generator=generator)
    )

    def fit(callbacks: list, version: int) -> dict:
        L.seed_everything(0, verbose=False)
        model = Net()
        strategy = ModelParallelStrategy(data_parallel_size=world_size, tensor_parallel_size=1) if sharded else "ddp"
        trainer = L.Trainer(
            accelerator="cpu",
            devices=world_size,
            strategy=strategy,
            max_steps=3,
            logger=[CSVLogger(root, name="csv"), TensorBoardLogger(root, name="tb", version=version)],
            callbacks=callbacks,
            log_every_n_steps=2,
            enable_checkpointing=False,
            enable_progress_bar=False,
            enable_model_summary=False,
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            trainer.fit(model, torch.utils.data.DataLoader(data, batch_size=4))
        distributed_parameters.append(all(hasattr(p, "full_tensor") for p in model.parameters()))
        return {
            name: (p.full_tensor() if hasattr(p, "full_tensor") else p).detach().clone()
            for name, p in model.named_parameters()
        }

    distributed_parameters = []  # per fit: whether every parameter was a DTensor (sharded)

    probe = torch.randn(4, 8, generator=torch.Generator().manual_seed(1))
    with_callback = fit([ModelVizCallback(probe, every_n_steps=2)], version=0)
    without = fit([], version=1)
    same = sorted(name for name in with_callback if torch.equal(with_callback[name], without[name]))
    with open(os.path.join(root, "rank%d.json" % rank), "w") as f:
        json.dump({"same": same, "names": sorted(with_callback), "sharded": distributed_parameters}, f)
    end_rank()


@pytest.mark.parametrize("strategy_name", ["ddp", "fsdp2"])
def test_lightning_callback_on_two_ranks(strategy_name, tmp_path):
    pytest.importorskip("lightning")
    mp.start_processes(
        _lightning_worker,
        args=(2, free_port(), str(tmp_path), strategy_name),
        nprocs=2,
        join=True,
        start_method="spawn",
    )
    for rank in (0, 1):
        with open(tmp_path / ("rank%d.json" % rank)) as f:
            result = json.load(f)
        assert result["same"] == result["names"] and result["names"], rank
        assert result["sharded"] == [strategy_name == "fsdp2"] * 2
    run_dir = str(tmp_path / "tb" / "version_0")
    assert len(glob.glob(os.path.join(run_dir, "events.out.tfevents.*"))) == 1
    reader = open_logdir(run_dir)
    (entry,) = reader.runs()
    assert entry["tags"] == [{"tag": "model", "steps": [0, 1]}]  # the first step; Lightning logs at 1
    for step in (0, 1):
        grads = reader.step(entry["run"], "model", step)["grads"]
        assert sorted(grads) == ["net.%d.%s" % (i, kind) for i in (0, 1, 4) for kind in ("bias", "weight")]


def _hf_trainer_worker(rank: int, world_size: int, port: int, root: str) -> None:
    """One rank of an HF Trainer run started as torchrun starts it (RANK, WORLD_SIZE,
    LOCAL_RANK in the environment: the Trainer makes a gloo DDP group on the CPU), with
    and without the callback."""
    os.environ.update(
        MASTER_ADDR="127.0.0.1",
        MASTER_PORT=str(port),
        WORLD_SIZE=str(world_size),
        RANK=str(rank),
        LOCAL_RANK=str(rank),
        LOCAL_WORLD_SIZE=str(world_size),
    )
    import test_integrations

    with_callback = test_integrations.hf_train(os.path.join(root, "with"), {})
    without = test_integrations.hf_train(os.path.join(root, "without"))
    state_with, state_without = with_callback.state_dict(), without.state_dict()
    same = sorted(name for name in state_with if torch.equal(state_with[name], state_without[name]))
    with open(os.path.join(root, "rank%d.json" % rank), "w") as f:
        json.dump(
            {
                "same": same,
                "names": sorted(state_with),
                "world_size": dist.get_world_size() if dist.is_initialized() else 1,
            },
            f,
        )
    end_rank()


def test_hf_trainer_callback_on_two_ranks(tmp_path):
    pytest.importorskip("transformers")
    pytest.importorskip("lightning")  # test_integrations, whose Trainer runs this reuses, needs it
    mp.start_processes(
        _hf_trainer_worker, args=(2, free_port(), str(tmp_path)), nprocs=2, join=True, start_method="spawn"
    )
    for rank in (0, 1):
        with open(tmp_path / ("rank%d.json" % rank)) as f:
            result = json.load(f)
        assert result["world_size"] == 2, rank
        assert result["same"] == result["names"] and result["names"], rank
    # Rank 0 alone writes, into the Trainer's own run directory and its one event file.
    runs = glob.glob(str(tmp_path / "with" / "runs" / "*"))
    assert len(runs) == 1, runs
    assert len(glob.glob(os.path.join(runs[0], "events.out.tfevents.*"))) == 1
    reader = open_logdir(runs[0])
    (entry,) = reader.runs()
    assert entry["tags"] == [{"tag": "model", "steps": [1, 2, 4]}]
    for step in (1, 2, 4):
        grads = reader.step(entry["run"], "model", step)["grads"]
        assert grads and all(stats["norm"] > 0 for stats in grads.values())
