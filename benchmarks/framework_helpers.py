"""What each framework helper costs per recorded step, as a ratio to a training step.

One process trains the same small BERT (random weights, a config, no download) on the
same random token batches through Lightning with its ModelVizCallback, the HF Trainer
with its ModelVizCallback, and a plain loop with `record_before_optimizer_step`, each
recording every `--every` steps on a fixed probe. Per framework it reports the median
training step without a record (timed by the framework's own step hooks, so the
framework's per-step overhead is in it), and the time spent inside the helper on the
first recorded step (which also records the graph) and on the later ones (median), each
over that median step. The frameworks run one after the other, in one process, on one
torch thread: the machines these run on are shared, so only the ratios carry.

    .venv/bin/python benchmarks/framework_helpers.py [--steps 36] [--every 6]
"""

import argparse
import json
import statistics
import tempfile
import time
import warnings

import torch

BATCH, TOKENS, VOCAB = 16, 64, 1000


def make_model() -> torch.nn.Module:
    from transformers import BertConfig, BertForSequenceClassification

    torch.manual_seed(0)
    config = BertConfig(
        vocab_size=VOCAB,
        hidden_size=128,
        num_hidden_layers=4,
        num_attention_heads=4,
        intermediate_size=512,
        max_position_embeddings=TOKENS,
        num_labels=2,
    )
    return BertForSequenceClassification(config)


def examples(steps: int) -> list:
    generator = torch.Generator().manual_seed(0)
    ids = torch.randint(5, VOCAB, (steps * BATCH, TOKENS), generator=generator)
    labels = torch.randint(0, 2, (steps * BATCH,), generator=generator)
    return [
        {"input_ids": ids[i], "attention_mask": torch.ones(TOKENS, dtype=torch.long), "labels": labels[i]}
        for i in range(len(ids))
    ]


def probe() -> dict:
    ids = torch.randint(5, VOCAB, (2, TOKENS), generator=torch.Generator().manual_seed(1))
    return {"input_ids": ids, "attention_mask": torch.ones(2, TOKENS, dtype=torch.long)}


class Clock:
    """Step durations, and the seconds spent in the helper during each step."""

    def __init__(self) -> None:
        self.steps: list[float] = []
        self.helper: list[float] = []  # per step: 0.0 when the helper did not record
        self._start = 0.0

    def begin(self) -> None:
        self.helper.append(0.0)
        self._start = time.perf_counter()

    def end(self) -> None:
        self.steps.append(time.perf_counter() - self._start)

    def add_helper_seconds(self, seconds: float) -> None:
        if self.helper:
            self.helper[-1] += seconds


class HelperTimer:
    """Wraps add_model_viz where the helpers call it; the seconds go to the current Clock."""

    def __init__(self) -> None:
        from tensorboard_modelviz.integrations import lightning, optimizer_hook, transformers

        self.clock = Clock()
        for module in (lightning, optimizer_hook, transformers):
            module.add_model_viz = self._timed(module.add_model_viz)

    def _timed(self, function):
        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.clock.add_helper_seconds(time.perf_counter() - start)

        return timed


def run_lightning(steps: int, every: int, logdir: str, clock: Clock) -> None:
    import lightning as L
    from lightning.pytorch.loggers import TensorBoardLogger

    from tensorboard_modelviz.integrations.lightning import ModelVizCallback

    class Module(L.LightningModule):
        def __init__(self) -> None:
            super().__init__()
            self.model = make_model()

        def training_step(self, batch: dict, index: int) -> torch.Tensor:
            return self.model(**batch).loss

        def configure_optimizers(self) -> torch.optim.Optimizer:
            return torch.optim.AdamW(self.parameters(), lr=1e-4)

    class StepClock(L.Callback):
        def on_train_batch_start(self, *args) -> None:
            clock.begin()

        def on_train_batch_end(self, *args) -> None:
            clock.end()

    trainer = L.Trainer(
        max_steps=steps,
        accelerator="cpu",
        devices=1,
        logger=TensorBoardLogger(logdir),
        callbacks=[StepClock(), ModelVizCallback(probe(), every_n_steps=every, submodule="model")],
        enable_checkpointing=False,
        enable_progress_bar=False,
        enable_model_summary=False,
        log_every_n_steps=every,
    )
    loader = torch.utils.data.DataLoader(examples(steps), batch_size=BATCH)
    trainer.fit(Module(), loader)


def run_transformers(steps: int, every: int, logdir: str, clock: Clock) -> None:
    from transformers import Trainer, TrainerCallback, TrainingArguments

    from tensorboard_modelviz.integrations.transformers import ModelVizCallback

    class StepClock(TrainerCallback):
        def on_step_begin(self, *args, **kwargs) -> None:
            clock.begin()

        def on_step_end(self, *args, **kwargs) -> None:
            clock.end()

    args = TrainingArguments(
        logdir,
        max_steps=steps,
        per_device_train_batch_size=BATCH,
        logging_steps=every,
        report_to=["tensorboard"],
        use_cpu=True,
        save_strategy="no",
        disable_tqdm=True,
        dataloader_num_workers=0,
        learning_rate=1e-4,
    )
    trainer = Trainer(model=make_model(), args=args, train_dataset=examples(steps), callbacks=[StepClock()])
    trainer.add_callback(ModelVizCallback(trainer, probe()))
    trainer.train()


def run_loop(steps: int, every: int, logdir: str, clock: Clock) -> None:
    from tensorboard_modelviz import SummaryWriter
    from tensorboard_modelviz.integrations.optimizer_hook import record_before_optimizer_step

    model = make_model()
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-4)
    with SummaryWriter(logdir) as writer:
        recorder = record_before_optimizer_step(optimizer, writer, model, probe(), every_n_steps=every)
        for batch in torch.utils.data.DataLoader(examples(steps), batch_size=BATCH):
            clock.begin()
            model(**batch).loss.backward()
            optimizer.step()
            optimizer.zero_grad()
            clock.end()
        recorder.remove()


def summary(clock: Clock) -> dict:
    plain = [s for s, h in zip(clock.steps, clock.helper) if h == 0.0]
    recorded = [h for h in clock.helper if h > 0.0]
    step = statistics.median(plain)
    steady = statistics.median(recorded[1:]) if len(recorded) > 1 else None
    return {
        "step_ms": step * 1e3,
        "recorded_steps": len(recorded),
        "first_ms": recorded[0] * 1e3,
        "steady_ms": steady * 1e3 if steady is not None else None,
        "first_ratio": recorded[0] / step,
        "steady_ratio": steady / step if steady is not None else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--steps", type=int, default=36)
    parser.add_argument("--every", type=int, default=6)
    parser.add_argument("--json", help="also write the results here")
    args = parser.parse_args()
    torch.set_num_threads(1)
    warnings.filterwarnings("ignore")
    results = {}
    timer = HelperTimer()
    for name, run in (("lightning", run_lightning), ("transformers", run_transformers), ("loop", run_loop)):
        timer.clock = Clock()
        with tempfile.TemporaryDirectory() as logdir:
            run(args.steps, args.every, logdir, timer.clock)
        results[name] = summary(timer.clock)
    print(
        "BERT 4x128, batch %dx%d tokens, probe 2x%d, a record every %d of %d steps, 1 thread"
        % (BATCH, TOKENS, TOKENS, args.every, args.steps)
    )
    print("%-13s %9s %9s %13s %13s" % ("helper", "step ms", "records", "first call", "later calls"))
    for name, r in results.items():
        steady = "-" if r["steady_ratio"] is None else "%.2fx" % r["steady_ratio"]
        print("%-13s %9.1f %9d %12.2fx %13s" % (name, r["step_ms"], r["recorded_steps"], r["first_ratio"], steady))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=2)


if __name__ == "__main__":
    main()
