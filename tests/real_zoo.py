"""Real architectures, as people train them, built from tiny configs with random weights.

`tests/zoo.py` holds small models written for the tests, each exercising one thing a capture
must survive. This module holds the architectures users actually train, from transformers
and diffusers (nothing downloaded: every model is built from a config), each with what one
training step needs: a batch per step and the loss the model's own outputs give.

Configs are as small as the architecture allows (hidden size 32, 2 layers, 8-16 tokens,
16x16 images) so that the whole zoo trains in seconds on two cores, with every dropout the
config offers set above zero: in train mode the forward then draws from torch's generator
(and Wav2Vec2's SpecAugment from numpy's), which is what a call must not disturb.

timm is not here: it imports torchvision, and the only torchvision build on this index is a
CUDA build that does not import beside torch 2.13 CPU and breaks `import transformers` once
installed in the same environment (see `TIMM_MISSING`).
"""

import dataclasses
from typing import Any, Callable, Dict, List, Optional

import torch
import torch.nn.functional as F
import zoo
from torch import nn

STEPS = 3  # training steps a zoo run takes
BATCH = 2
TOKENS = 12
VOCAB = 128
DROPOUT = 0.1

TIMM_MISSING = (
    "timm imports torchvision, whose only build on this package index is a CUDA build: it does "
    "not import beside torch 2.13 CPU and breaks `import transformers` in the same environment"
)

Inputs = Any  # what the model is called with: a tensor, a tuple of arguments or a dict of keywords


@dataclasses.dataclass
class Trainable:
    """One architecture of the zoo with what a training loop needs to train it."""

    name: str
    library: str  # "transformers", "diffusers" or "zoo" (tests/zoo.py)
    model: nn.Module
    batches: List[Inputs]  # one per training step, labels included where the model takes them
    loss: Callable[[Any, Any], torch.Tensor]  # (the model's output, the step's target) -> scalar
    # What the loss compares the output with, per step, where it is not among the model's inputs.
    targets: Optional[List[Any]] = None
    # The forward draws from numpy's global generator in train mode (SpecAugment).
    draws_numpy: bool = False
    # The forward draws from Python's `random` in train mode (MusicGen's LayerDrop).
    draws_python: bool = False
    # The training loop runs the forward and the loss under torch.autocast(cpu, this dtype).
    autocast: Optional[torch.dtype] = None
    # The model that the capture records, where `model` wraps it (DataParallel, torch.compile).
    inner: Optional[nn.Module] = None

    @property
    def recorded(self) -> nn.Module:
        return self.inner if self.inner is not None else self.model

    @property
    def probe(self) -> Inputs:
        """What add_model_viz is given: a fixed batch, as the README recommends."""
        return self.batches[0]

    def target(self, step: int) -> Any:
        return None if self.targets is None else self.targets[step]


def own_loss(output: Any, target: None) -> torch.Tensor:
    """The loss a transformers model computes from the labels in its batch."""
    return output.loss


def _generator(seed: int) -> torch.Generator:
    return torch.Generator().manual_seed(seed)


def _tokens(seed: int, length: int = TOKENS, vocab: int = VOCAB) -> torch.Tensor:
    # Token 0 is left out: it is the padding or start token of several configs.
    return torch.randint(1, vocab, (BATCH, length), generator=_generator(seed))


def _causal_lm_batches(vocab: int = VOCAB) -> List[Inputs]:
    batches = []
    for step in range(STEPS):
        ids = _tokens(100 + step, vocab=vocab)
        batches.append({"input_ids": ids, "labels": ids})
    return batches


def _classification_batches(num_labels: int = 3) -> List[Inputs]:
    return [
        {
            "input_ids": _tokens(200 + step),
            "attention_mask": torch.ones(BATCH, TOKENS, dtype=torch.long),
            "labels": torch.randint(0, num_labels, (BATCH,), generator=_generator(300 + step)),
        }
        for step in range(STEPS)
    ]


def _image_batches(side: int = 16, num_labels: int = 3) -> List[Inputs]:
    return [
        {
            "pixel_values": torch.randn(BATCH, 3, side, side, generator=_generator(400 + step)),
            "labels": torch.randint(0, num_labels, (BATCH,), generator=_generator(500 + step)),
        }
        for step in range(STEPS)
    ]


def _seq2seq_batches() -> List[Inputs]:
    return [{"input_ids": _tokens(600 + step), "labels": _tokens(700 + step, length=8)} for step in range(STEPS)]


_BUILDERS: Dict[str, Callable[[], Trainable]] = {}


def _register(build: Callable[[], Trainable]) -> Callable[[], Trainable]:
    """Add a factory to the zoo; it builds under a fixed seed without touching the caller's RNG,
    and returns the model in train mode."""

    def factory() -> Trainable:
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(1234)
            record = build()
        record.model.train()  # as a training loop has it: dropout active
        return record

    factory.__name__ = build.__name__
    factory.__doc__ = build.__doc__
    _BUILDERS[build.__name__] = factory
    return factory


# --------------------------------------------------------------------------- decoder-only LMs

_DECODER = dict(
    vocab_size=VOCAB,
    hidden_size=32,
    intermediate_size=64,
    num_hidden_layers=2,
    num_attention_heads=4,
    num_key_value_heads=2,
    max_position_embeddings=64,
    attention_dropout=DROPOUT,
    pad_token_id=0,
)


def _causal_lm(name: str, model: nn.Module) -> Trainable:
    return Trainable(name, "transformers", model, _causal_lm_batches(), own_loss)


@_register
def llama() -> Trainable:
    from transformers import LlamaConfig, LlamaForCausalLM

    return _causal_lm("llama", LlamaForCausalLM(LlamaConfig(**_DECODER)))


@_register
def llama_checkpointed() -> Trainable:
    """Llama trained with gradient checkpointing (non-reentrant), as memory-bound fine-tuning
    does: the backward runs each layer's forward again, from the RNG state it saved."""
    from transformers import LlamaConfig, LlamaForCausalLM

    model = LlamaForCausalLM(LlamaConfig(**_DECODER))
    options = {"use_reentrant": False}
    if hasattr(model, "activation_checkpointing_enable"):  # its name from transformers 5.x on
        model.activation_checkpointing_enable(activation_checkpointing_kwargs=options)
    else:
        model.gradient_checkpointing_enable(gradient_checkpointing_kwargs=options)
    return _causal_lm("llama_checkpointed", model)


@_register
def llama_bf16_autocast() -> Trainable:
    """Llama trained in mixed precision, the forward under bfloat16 autocast (HF Trainer's
    `bf16=True` on the CPU); the call made after the forward is made inside it too."""
    from transformers import LlamaConfig, LlamaForCausalLM

    record = _causal_lm("llama_bf16_autocast", LlamaForCausalLM(LlamaConfig(**_DECODER)))
    record.autocast = torch.bfloat16
    return record


@_register
def mistral() -> Trainable:
    from transformers import MistralConfig, MistralForCausalLM

    return _causal_lm("mistral", MistralForCausalLM(MistralConfig(**_DECODER, sliding_window=8)))


@_register
def mixtral() -> Trainable:
    """A mixture of experts: the router's auxiliary loss is part of the loss."""
    from transformers import MixtralConfig, MixtralForCausalLM

    config = MixtralConfig(**_DECODER, num_local_experts=4, num_experts_per_tok=2, output_router_logits=True)
    return _causal_lm("mixtral", MixtralForCausalLM(config))


@_register
def qwen2_moe() -> Trainable:
    """A mixture of experts with a shared expert beside the routed ones."""
    from transformers import Qwen2MoeConfig, Qwen2MoeForCausalLM

    config = Qwen2MoeConfig(
        **_DECODER,
        num_experts=4,
        num_experts_per_tok=2,
        moe_intermediate_size=32,
        shared_expert_intermediate_size=32,
        output_router_logits=True,
    )
    return _causal_lm("qwen2_moe", Qwen2MoeForCausalLM(config))


@_register
def gemma() -> Trainable:
    from transformers import GemmaConfig, GemmaForCausalLM

    return _causal_lm("gemma", GemmaForCausalLM(GemmaConfig(**_DECODER, head_dim=8)))


@_register
def phi() -> Trainable:
    from transformers import PhiConfig, PhiForCausalLM

    config = PhiConfig(**_DECODER, partial_rotary_factor=0.5, resid_pdrop=DROPOUT, embd_pdrop=DROPOUT)
    return _causal_lm("phi", PhiForCausalLM(config))


@_register
def falcon() -> Trainable:
    from transformers import FalconConfig, FalconForCausalLM

    config = FalconConfig(
        vocab_size=VOCAB,
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=4,
        hidden_dropout=DROPOUT,
        attention_dropout=DROPOUT,
    )
    return _causal_lm("falcon", FalconForCausalLM(config))


@_register
def gpt_neox() -> Trainable:
    from transformers import GPTNeoXConfig, GPTNeoXForCausalLM

    config = GPTNeoXConfig(
        vocab_size=VOCAB,
        hidden_size=32,
        intermediate_size=64,
        num_hidden_layers=2,
        num_attention_heads=4,
        max_position_embeddings=64,
        rotary_pct=0.5,
        hidden_dropout=DROPOUT,
        attention_dropout=DROPOUT,
    )
    return _causal_lm("gpt_neox", GPTNeoXForCausalLM(config))


@_register
def bloom() -> Trainable:
    from transformers import BloomConfig, BloomForCausalLM

    config = BloomConfig(
        vocab_size=VOCAB, hidden_size=32, n_layer=2, n_head=4, hidden_dropout=DROPOUT, attention_dropout=DROPOUT
    )
    return _causal_lm("bloom", BloomForCausalLM(config))


@_register
def mamba() -> Trainable:
    """A state-space model (no attention); on the CPU its selective scan runs in plain torch."""
    from transformers import MambaConfig, MambaForCausalLM

    config = MambaConfig(vocab_size=VOCAB, hidden_size=32, state_size=8, num_hidden_layers=2, expand=2, conv_kernel=4)
    return _causal_lm("mamba", MambaForCausalLM(config))


# --------------------------------------------------------------------------- encoder-decoders


@_register
def t5() -> Trainable:
    from transformers import T5Config, T5ForConditionalGeneration

    config = T5Config(
        vocab_size=VOCAB,
        d_model=32,
        d_kv=8,
        d_ff=64,
        num_layers=2,
        num_decoder_layers=2,
        num_heads=4,
        dropout_rate=DROPOUT,
        decoder_start_token_id=0,
        pad_token_id=0,
    )
    return Trainable("t5", "transformers", T5ForConditionalGeneration(config), _seq2seq_batches(), own_loss)


@_register
def bart() -> Trainable:
    from transformers import BartConfig, BartForConditionalGeneration

    config = BartConfig(
        vocab_size=VOCAB,
        d_model=32,
        encoder_layers=2,
        decoder_layers=2,
        encoder_attention_heads=4,
        decoder_attention_heads=4,
        encoder_ffn_dim=64,
        decoder_ffn_dim=64,
        max_position_embeddings=64,
        dropout=DROPOUT,
        attention_dropout=DROPOUT,
        encoder_layerdrop=DROPOUT,
        decoder_layerdrop=DROPOUT,
    )
    return Trainable("bart", "transformers", BartForConditionalGeneration(config), _seq2seq_batches(), own_loss)


# --------------------------------------------------------------------------- audio

# With `apply_spec_augment=True` (and mask_time_prob > 0) Whisper's train-mode forward
# zeroes the masked frames of its `input_features` in place
# (WhisperModel._mask_input_features): the call's own forward writes to the caller's
# tensor, which the guard puts back (values and version counter).

MEL_BINS = 16
MEL_FRAMES = 32  # Whisper wants exactly 2 * max_source_positions frames


@_register
def whisper() -> Trainable:
    """Speech to text; in train mode LayerDrop skips layers by torch's generator and
    SpecAugment masks `input_features` in place, where numpy's generator chooses."""
    from transformers import WhisperConfig, WhisperForConditionalGeneration

    config = WhisperConfig(
        vocab_size=VOCAB,
        num_mel_bins=MEL_BINS,
        encoder_layers=2,
        decoder_layers=2,
        d_model=32,
        encoder_attention_heads=4,
        decoder_attention_heads=4,
        encoder_ffn_dim=64,
        decoder_ffn_dim=64,
        max_source_positions=MEL_FRAMES // 2,
        max_target_positions=32,
        dropout=DROPOUT,
        attention_dropout=DROPOUT,
        encoder_layerdrop=DROPOUT,
        decoder_layerdrop=DROPOUT,
        apply_spec_augment=True,  # see the note above MEL_BINS
        mask_time_prob=0.3,
        mask_time_length=2,
        mask_time_min_masks=1,
        pad_token_id=0,
        bos_token_id=1,
        eos_token_id=2,
        decoder_start_token_id=1,
    )
    batches = [
        {
            "input_features": torch.randn(BATCH, MEL_BINS, MEL_FRAMES, generator=_generator(800 + step)),
            "labels": _tokens(900 + step, length=8),
        }
        for step in range(STEPS)
    ]
    return Trainable(
        "whisper", "transformers", WhisperForConditionalGeneration(config), batches, own_loss, draws_numpy=True
    )  # SpecAugment's masks


@_register
def wav2vec2() -> Trainable:
    """CTC on raw audio. In train mode SpecAugment masks time steps chosen by numpy's global RNG."""
    from transformers import Wav2Vec2Config, Wav2Vec2ForCTC

    config = Wav2Vec2Config(
        vocab_size=16,
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=4,
        intermediate_size=64,
        conv_dim=(16, 16),
        conv_stride=(5, 2),
        conv_kernel=(10, 3),
        num_conv_pos_embeddings=8,
        num_conv_pos_embedding_groups=4,
        hidden_dropout=DROPOUT,
        attention_dropout=DROPOUT,
        activation_dropout=DROPOUT,
        feat_proj_dropout=DROPOUT,
        mask_time_prob=0.3,
        mask_time_length=2,
        pad_token_id=0,
        ctc_loss_reduction="mean",
    )
    batches = [
        {
            "input_values": torch.randn(BATCH, 400, generator=_generator(1000 + step)),  # 39 frames
            "labels": torch.randint(1, 16, (BATCH, 6), generator=_generator(1100 + step)),
        }
        for step in range(STEPS)
    ]
    return Trainable("wav2vec2", "transformers", Wav2Vec2ForCTC(config), batches, own_loss, draws_numpy=True)


@_register
def musicgen() -> Trainable:
    """MusicGen's decoder over two codebooks; in train mode its LayerDrop draws from Python's
    `random`."""
    from transformers import MusicgenDecoderConfig, MusicgenForCausalLM

    codebooks = 2
    config = MusicgenDecoderConfig(
        vocab_size=VOCAB,
        max_position_embeddings=64,
        hidden_size=32,
        num_hidden_layers=2,
        ffn_dim=64,
        num_attention_heads=4,
        num_codebooks=codebooks,
        dropout=DROPOUT,
        attention_dropout=DROPOUT,
        layerdrop=0.5,
        pad_token_id=0,
        bos_token_id=1,
    )
    batches = [
        {
            "input_ids": _tokens(1800 + step).repeat_interleave(codebooks, dim=0),  # (batch * codebooks, tokens)
            "labels": torch.randint(1, VOCAB, (BATCH, TOKENS, codebooks), generator=_generator(1900 + step)),
        }
        for step in range(STEPS)
    ]
    return Trainable("musicgen", "transformers", MusicgenForCausalLM(config), batches, own_loss, draws_python=True)


# --------------------------------------------------------------------------- encoders


@_register
def distilbert() -> Trainable:
    from transformers import DistilBertConfig, DistilBertForSequenceClassification

    config = DistilBertConfig(
        vocab_size=VOCAB,
        dim=32,
        n_layers=2,
        n_heads=4,
        hidden_dim=64,
        max_position_embeddings=64,
        dropout=DROPOUT,
        attention_dropout=DROPOUT,
        num_labels=3,
    )
    model = DistilBertForSequenceClassification(config)
    return Trainable("distilbert", "transformers", model, _classification_batches(), own_loss)


@_register
def deberta_v2() -> Trainable:
    """DeBERTa-v2/v3: disentangled attention over relative positions."""
    from transformers import DebertaV2Config, DebertaV2ForSequenceClassification

    config = DebertaV2Config(
        vocab_size=VOCAB,
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=4,
        intermediate_size=64,
        max_position_embeddings=64,
        relative_attention=True,
        position_buckets=8,
        pos_att_type=["p2c", "c2p"],
        hidden_dropout_prob=DROPOUT,
        attention_probs_dropout_prob=DROPOUT,
        num_labels=3,
    )
    model = DebertaV2ForSequenceClassification(config)
    return Trainable("deberta_v2", "transformers", model, _classification_batches(), own_loss)


# --------------------------------------------------------------------------- vision

_VIT = dict(
    image_size=16,
    num_channels=3,
    hidden_size=32,
    num_hidden_layers=2,
    num_attention_heads=4,
    intermediate_size=64,
)


@_register
def vit() -> Trainable:
    from transformers import ViTConfig, ViTForImageClassification

    config = ViTConfig(
        **_VIT, patch_size=4, hidden_dropout_prob=DROPOUT, attention_probs_dropout_prob=DROPOUT, num_labels=3
    )
    return Trainable("vit", "transformers", ViTForImageClassification(config), _image_batches(), own_loss)


@_register
def swin() -> Trainable:
    """Shifted windows, patch merging and stochastic depth (drop path draws from torch's RNG)."""
    from transformers import SwinConfig, SwinForImageClassification

    config = SwinConfig(
        image_size=16,
        patch_size=2,
        num_channels=3,
        embed_dim=16,
        depths=[2, 2],
        num_heads=[2, 4],
        window_size=4,
        hidden_dropout_prob=DROPOUT,
        attention_probs_dropout_prob=DROPOUT,
        drop_path_rate=DROPOUT,
        num_labels=3,
    )
    return Trainable("swin", "transformers", SwinForImageClassification(config), _image_batches(), own_loss)


@_register
def clip() -> Trainable:
    """Text and vision towers trained with the contrastive loss (`return_loss=True`)."""
    from transformers import CLIPConfig, CLIPModel

    text = dict(
        vocab_size=VOCAB,
        hidden_size=32,
        intermediate_size=64,
        num_hidden_layers=2,
        num_attention_heads=4,
        max_position_embeddings=TOKENS,
        attention_dropout=DROPOUT,
    )
    vision = dict(_VIT, patch_size=4, attention_dropout=DROPOUT)
    config = CLIPConfig(text_config=text, vision_config=vision, projection_dim=16)
    batches = [
        {
            "input_ids": _tokens(1200 + step),
            "pixel_values": torch.randn(BATCH, 3, 16, 16, generator=_generator(1300 + step)),
            "return_loss": True,
        }
        for step in range(STEPS)
    ]
    return Trainable("clip", "transformers", CLIPModel(config), batches, own_loss)


# --------------------------------------------------------------------------- diffusers

LATENT_SIDE = 8


def _sample_mse(output: Any, target: torch.Tensor) -> torch.Tensor:
    """diffusers models return `.sample`: the predicted noise or the reconstruction."""
    return F.mse_loss(output.sample, target)


@_register
def unet2d_condition() -> Trainable:
    """Stable Diffusion's denoiser: predicts the noise of a latent, conditioned by text states."""
    from diffusers import UNet2DConditionModel

    model = UNet2DConditionModel(
        sample_size=LATENT_SIDE,
        in_channels=4,
        out_channels=4,
        layers_per_block=1,
        block_out_channels=(8, 16),
        down_block_types=("CrossAttnDownBlock2D", "DownBlock2D"),
        up_block_types=("UpBlock2D", "CrossAttnUpBlock2D"),
        cross_attention_dim=16,
        attention_head_dim=4,
        norm_num_groups=4,
        dropout=DROPOUT,
    )
    batches, noises = [], []
    for step in range(STEPS):
        generator = _generator(1400 + step)
        batches.append(
            {
                "sample": torch.randn(BATCH, 4, LATENT_SIDE, LATENT_SIDE, generator=generator),
                "timestep": torch.randint(0, 1000, (BATCH,), generator=generator),
                "encoder_hidden_states": torch.randn(BATCH, 6, 16, generator=generator),
            }
        )
        noises.append(torch.randn(BATCH, 4, LATENT_SIDE, LATENT_SIDE, generator=generator))
    return Trainable("unet2d_condition", "diffusers", model, batches, _sample_mse, targets=noises)


@_register
def autoencoder_kl() -> Trainable:
    """Stable Diffusion's VAE, decoding a latent sampled from the posterior with the
    `generator=` its batch hands it: a generator among the inputs, which the call's forward
    draws from and the guard puts back."""
    from diffusers import AutoencoderKL

    model = AutoencoderKL(
        in_channels=3,
        out_channels=3,
        down_block_types=("DownEncoderBlock2D", "DownEncoderBlock2D"),
        up_block_types=("UpDecoderBlock2D", "UpDecoderBlock2D"),
        block_out_channels=(8, 16),
        layers_per_block=1,
        latent_channels=4,
        norm_num_groups=4,
        sample_size=8,
    )
    batches = [
        {
            "sample": torch.randn(BATCH, 3, 8, 8, generator=_generator(1500 + step)),
            "sample_posterior": True,
            "generator": _generator(1600 + step),
        }
        for step in range(STEPS)
    ]
    targets = [batch["sample"] for batch in batches]  # the reconstruction's
    return Trainable("autoencoder_kl", "diffusers", model, batches, _sample_mse, targets=targets)


# --------------------------------------------------------------------------- tests/zoo.py models


def from_small_zoo(name: str) -> Trainable:
    """A model of tests/zoo.py, trained on its one input with `zoo.loss_of` (every output summed)."""
    record = zoo.build(name)
    return Trainable(
        name,
        "zoo",
        record.model,
        [record.inputs] * STEPS,
        lambda output, target: zoo.loss_of(output),
        inner=record.inner,
    )


REAL_NAMES: List[str] = list(_BUILDERS)
# Architectures already in the zoo, trained another way: the same model for a cost table.
TRAINING_VARIANTS: List[str] = ["llama_checkpointed", "llama_bf16_autocast"]
ARCHITECTURE_NAMES: List[str] = [n for n in REAL_NAMES if n not in TRAINING_VARIANTS]


def build(name: str) -> Trainable:
    """A fresh, seeded instance of the zoo architecture `name` (a real one or one of tests/zoo.py)."""
    if name in _BUILDERS:
        return _BUILDERS[name]()
    return from_small_zoo(name)


TIMM_NAMES: List[str] = ["resnet18", "vit_tiny_patch16_224"]


def timm_model(name: str) -> Trainable:
    """A timm architecture with random weights on 32x32 images (needs timm, see TIMM_MISSING)."""
    import timm

    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(1234)
        options = {"img_size": 32} if name.startswith("vit") else {}
        model = timm.create_model(name, pretrained=False, num_classes=3, drop_rate=DROPOUT, **options).train()
    batches = [torch.randn(BATCH, 3, 32, 32, generator=_generator(1600 + step)) for step in range(STEPS)]
    labels = [torch.randint(0, 3, (BATCH,), generator=_generator(1700 + step)) for step in range(STEPS)]
    return Trainable(
        "timm " + name, "timm", model, batches, lambda output, target: F.cross_entropy(output, target), targets=labels
    )
