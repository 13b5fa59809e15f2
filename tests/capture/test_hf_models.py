"""HuggingFace transformers models, built from configs (random weights, nothing downloaded).

GPT-2 small and BERT-base at their real sizes, since their parameter counts are well
known (GPT-2 small has 124,439,808 parameters with the LM head tied to the token
embedding; torchinfo 1.8 reports 163,037,184 because it counts the tied matrix twice).
A tiny T5 adds an encoder-decoder whose embedding is shared three ways, and every
architecture of the real zoo (tests/real_zoo.py: transformers and diffusers from tiny
configs) passes the checks every model must. Batch 1 and 32 tokens keep each model's tests
within about a minute on two cores; every model is built and captured once per module.
"""

import pytest
import real_zoo
import torch
from torch.utils.flop_counter import FlopCounterMode
from transformers import BertConfig, BertModel, GPT2Config, GPT2LMHeadModel

from tensorboard_modelviz.capture.recording import capture_model
from tensorboard_modelviz.format import codec

TOKENS = 32
GPT2_SMALL_PARAMS = 124_439_808


class Captured:
    """A model, its inputs, one capture and FlopCounterMode's view of the same forward."""

    def __init__(self, model, inputs, reference_grad=False):
        """`reference_grad`: run FlopCounterMode's forward with autograd on. Under no_grad its
        module tracker fails ("Expected gradient function to be set") on Mamba and on
        DeBERTa-v2 in eval mode (torch 2.13); the forward's FLOPs are the same."""
        self.model = model
        self.inputs = inputs
        self.result = capture_model(model, inputs)
        with torch.set_grad_enabled(reference_grad), FlopCounterMode(display=False) as counter:
            model(**inputs)
        self.flop_counter_total = counter.get_total_flops()
        self.flop_counter_ops = {str(op): n for op, n in counter.get_flop_counts()["Global"].items()}

    @property
    def structure(self):
        return self.result.structure

    def module_nodes(self, type_name):
        return [n for n in self.structure["nodes"] if n["kind"] == "module" and n["type"] == type_name]

    def root_flops(self):
        return next(row["flops"] for row in self.structure["layers"] if row["key"] == "#0")

    def output_names(self):
        return [n["name"] for n in self.structure["nodes"] if n["kind"] == "output"]


def _tokens(vocab, length, seed):
    generator = torch.Generator().manual_seed(seed)
    return torch.randint(0, vocab, (1, length), generator=generator)


@pytest.fixture(scope="module")
def gpt2():
    with torch.random.fork_rng():
        torch.manual_seed(0)
        model = GPT2LMHeadModel(GPT2Config())
    model.train()  # as in a training loop: dropout active
    return Captured(model, {"input_ids": _tokens(50257, TOKENS, 1)})


@pytest.fixture(scope="module")
def bert():
    with torch.random.fork_rng():
        torch.manual_seed(0)
        model = BertModel(BertConfig())
    model.eval()
    inputs = {"input_ids": _tokens(30522, TOKENS, 2), "attention_mask": torch.ones(1, TOKENS, dtype=torch.long)}
    return Captured(model, inputs)


@pytest.fixture(scope="module")
def t5():
    model = real_zoo.build("t5").model  # tiny, in train mode
    inputs = {"input_ids": _tokens(real_zoo.VOCAB, TOKENS, 3), "decoder_input_ids": _tokens(real_zoo.VOCAB, 8, 4)}
    return Captured(model, inputs)


def check_common(captured):
    """What every model must satisfy: complete capture, exact totals, a row per module."""
    result = captured.result
    assert result.failure is None, repr(result.failure)
    assert result.step["capture"]["complete"] is True
    params = list(captured.model.parameters())
    totals = captured.structure["totals"]
    assert totals["params"] == sum(p.numel() for p in params)
    assert totals["trainable"] == sum(p.numel() for p in params if p.requires_grad)
    assert totals["frozen"] == totals["params"] - totals["trainable"]
    rows = captured.structure["layers"]
    assert {row["name"] for row in rows} == {name for name, _ in captured.model.named_modules()}
    assert len({row["key"] for row in rows}) == len(rows)
    assert captured.root_flops() >= captured.flop_counter_total > 0
    assert totals["flops"] == captured.root_flops()
    # The documents survive their encoding (no NaN, no non-JSON values).
    assert codec.decode_structure(codec.encode_structure(captured.structure))["hash"] == captured.structure["hash"]
    codec.decode_step(codec.encode_step(result.step))


def attention_flops(layers, d_model, queries, keys):
    """FLOPs of QK^T and of (attention weights)V over all heads, per the matmul rule 2*m*n*k."""
    return layers * 2 * (2 * queries * keys * d_model)


def projection_flops(layers, d_model, d_ff, tokens):
    """FLOPs of one transformer stack's linear layers: Q, K, V, output and the two FFN matmuls."""
    return layers * 2 * tokens * (4 * d_model * d_model + 2 * d_model * d_ff)


def test_gpt2_small(gpt2):
    check_common(gpt2)
    totals = gpt2.structure["totals"]
    assert totals["params"] == GPT2_SMALL_PARAMS  # the LM head shares wte's weight
    blocks = gpt2.module_nodes("GPT2Block")
    assert len(blocks) == 12
    assert [n["name"] for n in blocks] == ["transformer.h.%d" % i for i in range(12)]  # in execution order
    rows = {row["key"]: row for row in gpt2.structure["layers"]}
    assert rows["lm_head#0"]["output_shapes"] == [[1, TOKENS, 50257]]
    assert rows["transformer.h.0#0"]["output_shapes"][0] == [1, TOKENS, 768]
    assert "logits" in gpt2.output_names()
    logits = next(n for n in gpt2.structure["nodes"] if n["kind"] == "output" and n["name"] == "logits")
    assert logits["shape"] == [1, TOKENS, 50257]


def test_gpt2_flops_include_attention(gpt2):
    """The linear layers (checked against FlopCounterMode) plus QK^T and AV of all 12 layers."""
    linear = projection_flops(12, 768, 3072, TOKENS) + 2 * TOKENS * 768 * 50257  # + LM head
    assert gpt2.flop_counter_ops["aten.addmm"] + gpt2.flop_counter_ops["aten.mm"] == linear
    assert gpt2.root_flops() >= linear + attention_flops(12, 768, TOKENS, TOKENS)
    per_block = [row["flops"] for row in gpt2.structure["layers"] if row["type"] == "GPT2Attention"]
    assert len(per_block) == 12
    own = projection_flops(1, 768, 0, TOKENS) + attention_flops(1, 768, TOKENS, TOKENS)
    assert all(flops >= own for flops in per_block)


def test_bert_base(bert):
    check_common(bert)
    assert bert.structure["totals"]["params"] == sum(p.numel() for p in bert.model.parameters()) == 109_482_240
    assert len(bert.module_nodes("BertLayer")) == 12
    assert bert.output_names() == ["last_hidden_state", "pooler_output"]
    shapes = {n["name"]: n["shape"] for n in bert.structure["outputs"]}
    assert shapes == {"last_hidden_state": [1, TOKENS, 768], "pooler_output": [1, 768]}
    assert [n["name"] for n in bert.structure["inputs"]] == ["input_ids", "attention_mask"]


def test_bert_flops_include_attention(bert):
    """In eval mode on CPU, attention runs as one fused SDPA kernel: its FLOPs still count."""
    linear = projection_flops(12, 768, 3072, TOKENS) + 2 * 768 * 768  # + the pooler on one token
    assert bert.flop_counter_ops["aten.addmm"] == linear
    assert bert.root_flops() >= linear + attention_flops(12, 768, TOKENS, TOKENS)
    per_block = [row["flops"] for row in bert.structure["layers"] if row["type"] == "BertAttention"]
    assert len(per_block) == 12
    own = projection_flops(1, 768, 0, TOKENS) + attention_flops(1, 768, TOKENS, TOKENS)
    assert all(flops >= own for flops in per_block)


def test_t5_encoder_decoder_with_shared_embedding(t5):
    check_common(t5)
    model = t5.model
    shared = model.shared.weight
    # One matrix used by four modules: the encoder's and decoder's embeddings and the LM head.
    assert model.encoder.embed_tokens.weight is shared and model.decoder.embed_tokens.weight is shared
    assert model.lm_head.weight is shared
    assert len(t5.module_nodes("T5Block")) == 4
    assert {"logits", "encoder_last_hidden_state"} <= set(t5.output_names())
    rows = {row["key"]: row for row in t5.structure["layers"]}
    assert rows["encoder#0"]["calls"] == 1 and rows["decoder#0"]["calls"] == 1
    assert rows["shared#0"]["calls"] == 0 and rows["shared#0"]["node"] is None  # only its weight is used
    for name in ("encoder.embed_tokens", "decoder.embed_tokens", "lm_head"):
        assert rows[name + "#0"]["params_total"] == shared.numel()
    assert rows["#0"]["params_total"] == t5.structure["totals"]["params"]


@pytest.mark.usefixtures("one_thread")
@pytest.mark.parametrize("name", real_zoo.ARCHITECTURE_NAMES)
def test_every_real_zoo_architecture_is_captured_completely(name):
    """In eval mode, so that the capture and FlopCounterMode see the same forward (LayerDrop
    skips layers at random in train mode). Whisper's positional embedding of its encoder
    is a frozen parameter."""
    record = real_zoo.build(name)
    check_common(Captured(record.model.eval(), record.probe, reference_grad=True))
