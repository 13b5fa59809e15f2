"""The framework helpers end to end: Lightning, the HF Trainer, plain loops, accelerate, Fabric.

Each trains a tiny model (lightning_nets: Dropout and BatchNorm in train mode) on the CPU through its framework with the
helper and without it: the final weights must be bit-identical, every recorded step must
carry the gradient statistics of every trainable parameter, numbered as the framework
numbers its scalars, in the run's one event file. The README's snippets run here as they
are written there.
"""

import glob
import os
import re
import warnings
from typing import Optional

import model_invariance
import pytest
import tb_helpers
import torch

from tensorboard_modelviz.format import metadata
from tensorboard_modelviz.server.reader import open_logdir

L = pytest.importorskip("lightning")
transformers = pytest.importorskip("transformers")
pytest.importorskip("accelerate")

from lightning.pytorch.loggers import CSVLogger, TensorBoardLogger  # noqa: E402
from lightning_nets import LitNet, small_net  # noqa: E402

from tensorboard_modelviz.integrations import lightning as lightning_helper  # noqa: E402
from tensorboard_modelviz.integrations import optimizer_hook  # noqa: E402
from tensorboard_modelviz.integrations import transformers as transformers_helper  # noqa: E402

README = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "README.md")


# --- what the runs are made of -----------------------------------------------------------


def dataset(n: int = 48) -> torch.utils.data.TensorDataset:
    generator = torch.Generator().manual_seed(0)
    return torch.utils.data.TensorDataset(
        torch.randn(n, 8, generator=generator), torch.randint(0, 3, (n,), generator=generator)
    )


def loader(n: int = 48, batch_size: int = 8) -> torch.utils.data.DataLoader:
    return torch.utils.data.DataLoader(dataset(n), batch_size=batch_size)


def assert_same_weights(a: torch.nn.Module, b: torch.nn.Module) -> None:
    state_a, state_b = a.state_dict(), b.state_dict()
    assert list(state_a) == list(state_b)
    for name in state_a:
        assert torch.equal(state_a[name], state_b[name]), name


def recorded(logdir: str) -> dict:
    """{run: {step: step document}} of the model tag, read back through the project's reader."""
    reader = open_logdir(logdir)
    result = {}
    for entry in reader.runs():
        for tag in entry["tags"]:
            assert tag["tag"] == metadata.DEFAULT_TAG
            result[entry["run"]] = {step: reader.step(entry["run"], tag["tag"], step) for step in tag["steps"]}
    return result


def assert_gradients_everywhere(documents: dict, model: torch.nn.Module) -> None:
    trainable = {name for name, p in model.named_parameters() if p.requires_grad}
    assert documents
    for step, document in documents.items():
        assert set(document["grads"]) == trainable, step
        for name, stats in document["grads"].items():
            assert stats["numel"] > 0 and stats["norm"] > 0, (step, name)


def scalar_steps(run_dir: str, tag_pattern: str) -> list:
    from tensorboard.backend.event_processing import event_accumulator

    accumulator = event_accumulator.EventAccumulator(run_dir)
    accumulator.Reload()
    tags = [t for t in accumulator.Tags()["scalars"] if re.fullmatch(tag_pattern, t)]
    assert tags, accumulator.Tags()["scalars"]
    return sorted({event.step for event in accumulator.Scalars(tags[0])})


def checked_each_call(callback, hook: str, model_and_optimizer, calls: Optional[list] = None) -> list:
    """Wraps the callback's `hook` so that each of its calls is checked with
    model_invariance (tensors with their storage flags and version counters, gradients,
    hooks, modes, RNGs, optimizer state): returns the list the calls are counted in."""
    original = getattr(callback, hook)
    calls = [] if calls is None else calls

    def checked(*args, **kwargs):
        model, optimizer = model_and_optimizer(*args, **kwargs)
        before = model_invariance.take(model, optimizer=optimizer)
        original(*args, **kwargs)
        model_invariance.assert_same(before, model_invariance.take(model, optimizer=optimizer))
        calls.append(before)

    setattr(callback, hook, checked)
    return calls


# --- Lightning -----------------------------------------------------------------------------


def lightning_fit(
    root: str, callbacks: list, loggers=None, max_steps: int = 6, accumulate: int = 1, precision: str = "32-true"
) -> LitNet:
    L.seed_everything(0, verbose=False)
    model = LitNet()
    if loggers is None:
        loggers = [TensorBoardLogger(root, name="tb", version=0)]
    trainer = L.Trainer(
        max_steps=max_steps,
        accelerator="cpu",
        devices=1,
        logger=loggers,
        callbacks=callbacks,
        enable_checkpointing=False,
        enable_progress_bar=False,
        enable_model_summary=False,
        log_every_n_steps=2,
        accumulate_grad_batches=accumulate,
        precision=precision,
    )
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*(num_workers|LeafSpec).*")
        trainer.fit(model, loader())
    return model


def test_lightning_callback_leaves_training_bit_identical_and_records_gradients(tmp_path, one_thread):
    probe = dataset().tensors[0][:4]
    callback = lightning_helper.ModelVizCallback(probe, every_n_steps=2)
    calls = checked_each_call(
        callback, "on_before_optimizer_step", lambda trainer, module, optimizer: (module, optimizer)
    )
    with_helper = lightning_fit(str(tmp_path / "with"), [callback])
    without = lightning_fit(str(tmp_path / "without"), [])
    assert_same_weights(with_helper, without)
    assert len(calls) == 6

    documents = recorded(str(tmp_path / "with"))
    assert list(documents) == ["tb/version_0"]
    steps = documents["tb/version_0"]
    # trainer.global_step of 6 steps: the first, and those whose scalars Lightning logs
    # (log_every_n_steps=2: 1, 3, 5), at the step numbers of those scalars.
    assert sorted(steps) == [0, 1, 3, 5]
    run_dir = str(tmp_path / "with" / "tb" / "version_0")
    assert scalar_steps(run_dir, "train_loss") == [1, 3, 5]
    assert_gradients_everywhere(steps, with_helper)
    assert len(tb_helpers.event_files(run_dir)) == 1


def test_lightning_callback_with_gradient_accumulation_records_whole_steps(tmp_path, one_thread):
    probe = dataset().tensors[0][:4]
    callback = lightning_helper.ModelVizCallback(probe, every_n_steps=1, param_stats=True)
    model = lightning_fit(str(tmp_path), [callback], max_steps=3, accumulate=2)
    steps = recorded(str(tmp_path))["tb/version_0"]
    assert sorted(steps) == [0, 1, 2]  # optimizer steps, not micro-batches
    assert_gradients_everywhere(steps, model)


def test_lightning_callback_runs_the_probe_in_the_trainers_precision(tmp_path, one_thread):
    """bfloat16 weights: the float32 probe goes through the precision plugin, as batches do."""
    probe = dataset().tensors[0][:4]
    with_helper = lightning_fit(
        str(tmp_path / "with"),
        [lightning_helper.ModelVizCallback(probe, every_n_steps=2)],
        max_steps=4,
        precision="bf16-true",
    )
    assert with_helper.net[0].weight.dtype == torch.bfloat16
    assert_same_weights(with_helper, lightning_fit(str(tmp_path / "without"), [], max_steps=4, precision="bf16-true"))
    steps = recorded(str(tmp_path / "with"))["tb/version_0"]
    assert sorted(steps) == [0, 1, 3]
    assert_gradients_everywhere(steps, with_helper)
    assert all(document["capture"]["complete"] for document in steps.values())


def test_lightning_callback_finds_tensorboard_after_a_csv_logger(tmp_path, one_thread):
    probe = dataset().tensors[0][:4]
    loggers = [CSVLogger(str(tmp_path), name="csv"), TensorBoardLogger(str(tmp_path), name="tb", version=0)]
    callback = lightning_helper.ModelVizCallback(probe, every_n_steps=3, submodule="net")
    model = lightning_fit(str(tmp_path), [callback], loggers=loggers)
    steps = recorded(str(tmp_path))["tb/version_0"]
    assert sorted(steps) == [0, 2, 5]
    assert_gradients_everywhere(steps, model.net)  # the submodule recorded: its own names


def test_lightning_callback_without_tensorboard_warns_once_and_harms_nothing(tmp_path, one_thread):
    probe = dataset().tensors[0][:4]
    with pytest.warns(
        RuntimeWarning, match="no TensorBoardLogger among the Trainer's loggers \\(CSVLogger\\)"
    ) as caught:
        with_helper = lightning_fit(
            str(tmp_path / "with"),
            [lightning_helper.ModelVizCallback(probe, every_n_steps=1)],
            loggers=[CSVLogger(str(tmp_path / "with"))],
        )
    assert len([w for w in caught if "TensorBoardLogger" in str(w.message)]) == 1
    without = lightning_fit(str(tmp_path / "without"), [], loggers=[CSVLogger(str(tmp_path / "without"))])
    assert_same_weights(with_helper, without)
    assert glob.glob(str(tmp_path / "with" / "**" / "events.out.tfevents.*"), recursive=True) == []


def test_lightning_callback_checks_its_options_up_front():
    with pytest.raises(TypeError, match="unexpected keyword|max_bites"):
        lightning_helper.ModelVizCallback(torch.zeros(1, 8), max_bites=10)
    with pytest.raises(ValueError, match="every_n_steps"):
        lightning_helper.ModelVizCallback(torch.zeros(1, 8), every_n_steps=0)
    # A tag the writer would refuse mid-training is refused here, as add_model_viz does.
    with pytest.raises(ValueError, match="default loader cannot read"):
        lightning_helper.ModelVizCallback(torch.zeros(1, 8), tag='loss"model')


def test_add_model_viz_finds_the_tensorboard_logger_among_loggers(tmp_path, one_thread):
    import tensorboard_modelviz

    csv = CSVLogger(str(tmp_path), name="csv")
    tensorboard = TensorBoardLogger(str(tmp_path), name="tb", version=0)
    model = small_net()
    tensorboard_modelviz.add_model_viz([csv, tensorboard], model, torch.randn(2, 8), 0)
    trainer = L.Trainer(
        logger=[csv, tensorboard],
        accelerator="cpu",
        enable_progress_bar=False,
        enable_model_summary=False,
        enable_checkpointing=False,
    )
    tensorboard_modelviz.add_model_viz(trainer, model, torch.randn(2, 8), 2)  # an object holding `.loggers`
    with pytest.raises(TypeError, match="none of the loggers \\(CSVLogger\\) writes TensorBoard"):
        tensorboard_modelviz.add_model_viz([csv], model, torch.randn(2, 8), 1)
    with pytest.raises(TypeError, match="got CSVLogger"):
        tensorboard_modelviz.add_model_viz(csv, model, torch.randn(2, 8), 1)
    tensorboard.experiment.flush()
    assert sorted(recorded(str(tmp_path))["tb/version_0"]) == [0, 2]


# --- HF Trainer --------------------------------------------------------------------------


def tiny_bert():
    config = transformers.BertConfig(
        vocab_size=64,
        hidden_size=16,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=32,
        max_position_embeddings=32,
        num_labels=2,
    )
    torch.manual_seed(0)
    return transformers.BertForSequenceClassification(config)


def token_dataset(n: int = 16, length: int = 10) -> list:
    generator = torch.Generator().manual_seed(0)
    ids = torch.randint(5, 64, (n, length), generator=generator)
    labels = torch.randint(0, 2, (n,), generator=generator)
    return [
        {"input_ids": ids[i], "attention_mask": torch.ones(length, dtype=torch.long), "labels": labels[i]}
        for i in range(n)
    ]


def hf_train(
    output_dir: str, helper_options=None, report_to=("tensorboard",), accumulate: int = 1, calls: Optional[list] = None
):
    model = tiny_bert()
    args = transformers.TrainingArguments(
        output_dir,
        max_steps=4,
        per_device_train_batch_size=4,
        logging_steps=2,
        report_to=list(report_to),
        use_cpu=True,
        save_strategy="no",
        seed=0,
        disable_tqdm=True,
        dataloader_num_workers=0,
        gradient_accumulation_steps=accumulate,
    )
    trainer = transformers.Trainer(model=model, args=args, train_dataset=token_dataset())
    if helper_options is not None:
        probe = {
            "input_ids": torch.randint(5, 64, (2, 10), generator=torch.Generator().manual_seed(1)),
            "attention_mask": torch.ones(2, 10, dtype=torch.long),
        }
        callback = transformers_helper.ModelVizCallback(trainer, probe, **helper_options)
        if calls is not None:
            checked_each_call(
                callback, "on_pre_optimizer_step", lambda *args, model, optimizer, **kwargs: (model, optimizer), calls
            )
        trainer.add_callback(callback)
    trainer.train()
    return model


def test_hf_trainer_callback_leaves_training_bit_identical_and_records_gradients(tmp_path, one_thread):
    calls = []
    with_helper = hf_train(str(tmp_path / "with"), {}, calls=calls)
    without = hf_train(str(tmp_path / "without"))
    assert_same_weights(with_helper, without)
    assert len(calls) == 4

    documents = recorded(str(tmp_path / "with"))
    ((run, steps),) = documents.items()
    # The first step and the Trainer's logging steps, numbered as its scalars are.
    assert sorted(steps) == [1, 2, 4]
    run_dir = str(tmp_path / "with" / run)
    assert set(scalar_steps(run_dir, "train/loss")) == {2, 4} <= set(steps)
    assert_gradients_everywhere(steps, with_helper)
    assert len(tb_helpers.event_files(run_dir)) == 1


def test_hf_trainer_callback_with_gradient_accumulation(tmp_path, one_thread):
    model = hf_train(str(tmp_path), {"every_n_steps": 1}, accumulate=2)
    ((run, steps),) = recorded(str(tmp_path)).items()
    assert sorted(steps) == [1, 2, 3, 4]
    assert_gradients_everywhere(steps, model)


def test_hf_trainer_callback_without_tensorboard_warns_once(tmp_path, one_thread):
    with pytest.warns(RuntimeWarning, match="no TensorBoardCallback") as caught:
        with_helper = hf_train(str(tmp_path / "with"), {"every_n_steps": 1}, report_to=())
    assert len([w for w in caught if "TensorBoardCallback" in str(w.message)]) == 1
    assert_same_weights(with_helper, hf_train(str(tmp_path / "without"), report_to=()))
    assert glob.glob(str(tmp_path / "with" / "**" / "events.out.tfevents.*"), recursive=True) == []


# --- plain loops, accelerate, Fabric -------------------------------------------------------


def plain_training(model: torch.nn.Module, optimizer: torch.optim.Optimizer, steps: int, backward=None) -> None:
    batches = iter(loader(n=8 * steps))
    for _ in range(steps):
        x, y = next(batches)
        loss = torch.nn.functional.cross_entropy(model(x), y)
        if backward is None:
            loss.backward()
        else:
            backward(loss)
        optimizer.step()
        optimizer.zero_grad()


def fixed_probe() -> torch.Tensor:
    """Drawn from its own generator: the global one must advance as in the run without the helper."""
    return torch.randn(4, 8, generator=torch.Generator().manual_seed(1))


def seeded_net_and_optimizer():
    torch.manual_seed(0)
    model = small_net()
    return model, torch.optim.Adam(model.parameters(), lr=0.01)


def test_optimizer_hook_leaves_training_bit_identical_and_is_removable(tmp_path, one_thread):
    from tensorboard_modelviz import SummaryWriter

    model, optimizer = seeded_net_and_optimizer()
    writer = SummaryWriter(str(tmp_path / "run"))
    recorder = optimizer_hook.record_before_optimizer_step(optimizer, writer, model, fixed_probe(), every_n_steps=2)
    plain_training(model, optimizer, 5)
    recorder.remove()
    plain_training(model, optimizer, 3)  # no more records once removed
    writer.close()
    reference, reference_optimizer = seeded_net_and_optimizer()
    plain_training(reference, reference_optimizer, 5)
    plain_training(reference, reference_optimizer, 3)
    assert_same_weights(model, reference)
    steps = recorded(str(tmp_path))["run"]
    assert sorted(steps) == [0, 2, 4]
    assert_gradients_everywhere(steps, model)


def test_optimizer_hook_numbers_steps_by_the_callers_counter(tmp_path, one_thread):
    from tensorboard_modelviz import SummaryWriter

    model, optimizer = seeded_net_and_optimizer()
    writer = SummaryWriter(str(tmp_path / "run"))
    counter = {"step": 10}
    optimizer_hook.record_before_optimizer_step(
        optimizer, writer, model, fixed_probe(), every_n_steps=4, global_step=lambda: counter["step"]
    )
    for _ in range(6):
        plain_training(model, optimizer, 1)
        counter["step"] += 1
    writer.close()
    assert sorted(recorded(str(tmp_path))["run"]) == [10, 12]  # its first step, then multiples of 4


def test_optimizer_hook_through_accelerate_with_gradient_accumulation(tmp_path, one_thread):
    from accelerate import Accelerator

    from tensorboard_modelviz import SummaryWriter

    model, optimizer = seeded_net_and_optimizer()
    accelerator = Accelerator(cpu=True, gradient_accumulation_steps=2)
    prepared_model, prepared_optimizer = accelerator.prepare(model, optimizer)
    writer = SummaryWriter(str(tmp_path / "run"))
    optimizer_hook.record_before_optimizer_step(prepared_optimizer, writer, model, fixed_probe(), every_n_steps=1)
    for x, y in loader(n=48):  # 6 micro-batches: 3 optimizer steps
        with accelerator.accumulate(prepared_model):
            loss = torch.nn.functional.cross_entropy(prepared_model(x), y)
            accelerator.backward(loss)
            prepared_optimizer.step()
            prepared_optimizer.zero_grad()
    writer.close()
    steps = recorded(str(tmp_path))["run"]
    assert sorted(steps) == [0, 1, 2]
    assert_gradients_everywhere(steps, model)


def test_optimizer_hook_refuses_what_is_no_optimizer():
    with pytest.raises(TypeError, match="expected a torch.optim.Optimizer"):
        optimizer_hook.record_before_optimizer_step(object(), None, small_net(), torch.zeros(1, 8))
    model, optimizer = seeded_net_and_optimizer()
    with pytest.raises(ValueError, match="every_n_steps"):
        optimizer_hook.record_before_optimizer_step(optimizer, None, model, torch.zeros(1, 8), every_n_steps=None)
    with pytest.raises(ValueError, match="default loader cannot read"):
        optimizer_hook.record_before_optimizer_step(optimizer, None, model, torch.zeros(1, 8), tag="a\\b")


def test_no_framework_is_imported_by_the_package():
    """The helpers' frameworks are optional: the writer and the plugin import none of them."""
    import subprocess
    import sys

    code = (
        "import sys, tensorboard_modelviz, tensorboard_modelviz.capture.writer, tensorboard_modelviz.server.plugin; "
        "print(sorted(m for m in ('lightning', 'pytorch_lightning', 'transformers', 'accelerate') "
        "if m in sys.modules))"
    )
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert output.strip() == "[]"


# --- the README's snippets ---------------------------------------------------------------


def readme_snippet(name: str) -> str:
    """The python block after `<!-- tested: name -->` in README.md."""
    with open(README, encoding="utf-8") as f:
        text = f.read()
    match = re.search(r"<!-- tested: %s -->\n```python\n(.*?)```" % re.escape(name), text, re.S)
    assert match, "README.md has no snippet marked %r" % name
    return match.group(1)


def test_readme_lightning_snippet(tmp_path, monkeypatch, one_thread):
    monkeypatch.chdir(tmp_path)
    L.seed_everything(0, verbose=False)
    namespace = {"model": LitNet(), "train_loader": loader(n=400), "val_loader": loader(n=32)}
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*(num_workers|LeafSpec).*")
        exec(readme_snippet("lightning"), namespace)
    ((run, steps),) = recorded(str(tmp_path / "runs")).items()
    assert sorted(steps) == [0, 99]  # 3 epochs of 50 steps
    assert_gradients_everywhere(steps, namespace["model"])


def write_vocabulary(path) -> str:
    words = [
        "[PAD]",
        "[UNK]",
        "[CLS]",
        "[SEP]",
        "[MASK]",
        "the",
        "film",
        "was",
        "wonderful",
        "plot",
        "made",
        "no",
        "sense",
        ".",
    ]
    path.write_text("\n".join(words) + "\n")
    return str(path)


def test_readme_transformers_snippet(tmp_path, monkeypatch, one_thread):
    monkeypatch.chdir(tmp_path)
    tokenizer = transformers.BertTokenizerFast(vocab_file=write_vocabulary(tmp_path / "vocab.txt"))
    namespace = {"model": tiny_bert(), "train_dataset": token_dataset(), "tokenizer": tokenizer}
    exec(readme_snippet("transformers"), namespace)
    ((run, steps),) = recorded(str(tmp_path / "out")).items()
    assert sorted(steps) == [1]  # 16 examples, batches of 8, 3 epochs: 6 steps, logging every 50
    assert_gradients_everywhere(steps, namespace["model"])
    assert len(tb_helpers.event_files(str(tmp_path / "out" / run))) == 1


def loop_namespace() -> dict:
    model, optimizer = seeded_net_and_optimizer()
    return {
        "torch": torch,
        "model": model,
        "optimizer": optimizer,
        "probe": fixed_probe(),
        "train_loader": loader(n=400),
    }


def test_readme_loop_snippet(tmp_path, monkeypatch, one_thread):
    monkeypatch.chdir(tmp_path)
    namespace = loop_namespace()
    exec(readme_snippet("loop"), namespace)
    namespace["writer"].close()
    steps = recorded(str(tmp_path / "runs"))["exp1"]
    assert sorted(steps) == [0, 100]  # 3 epochs of 50 steps
    assert_gradients_everywhere(steps, namespace["model"])


@pytest.mark.parametrize("framework", ["accelerate", "fabric"])
def test_readme_accelerate_and_fabric_snippets(framework, tmp_path, monkeypatch, one_thread):
    monkeypatch.chdir(tmp_path)
    namespace = loop_namespace()
    namespace["record_before_optimizer_step"] = optimizer_hook.record_before_optimizer_step
    exec(readme_snippet(framework), namespace)
    prepared_model, prepared_optimizer = namespace["prepared_model"], namespace["prepared_optimizer"]
    backward = namespace["accelerator"].backward if framework == "accelerate" else namespace["fabric"].backward
    plain_training(prepared_model, prepared_optimizer, 3, backward=backward)
    if framework == "accelerate":
        namespace["accelerator"].end_training()
    else:
        namespace["fabric"].loggers[0].finalize("success")
    ((run, steps),) = recorded(str(tmp_path / "runs")).items()
    assert sorted(steps) == [0]
    assert_gradients_everywhere(steps, namespace["model"])
