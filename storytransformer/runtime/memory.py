"""The memory planner: will this model, quantized this way, hold this context on this device?

Everything is computed from the model's config (no weights loaded), for decoder-only
transformers shaped like Llama / Mistral / Qwen2 (gated MLP, grouped-query attention):

  weights     per-layer Linear parameters at the quantized size, plus embeddings, lm_head
              and norms in 16-bit (bitsandbytes quantizes only the decoder's Linear layers)
  KV cache    layers x kv_heads x head_dim x 2 (K and V) x dtype bytes, per token, x ctx x batch
  activations prefill of ctx tokens: the MLP's three ctx x intermediate tensors dominate
              (act(gate), up, and their product are alive together); with flash/SDPA kernels
              there is no ctx x ctx score matrix; eager (and SDPA's math backend) materialize
              heads x ctx x ctx scores of one layer at a time
  mask        a padded batch (batch > 1) carries a batch x ctx x ctx boolean mask
Logits: generation keeps the last position only on prefill, so batch x vocab in float32.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

DTYPE_BYTES = {"float32": 4, "bfloat16": 2, "float16": 2}
GIB = 1024**3


def _text_config(config: dict) -> dict:
    return config.get("text_config") or config


def _get(cfg: dict, *names, default=None):
    for n in names:
        if cfg.get(n) is not None:
            return cfg[n]
    return default


@dataclass
class ModelShape:
    layers: int
    hidden: int
    intermediate: int
    heads: int
    kv_heads: int
    head_dim: int
    vocab: int
    tied_embeddings: bool
    context_length: int
    experts: int = 1  # MoE: experts per layer (all resident in memory)
    attention_bias: bool = False
    gated_mlp: bool = True

    @classmethod
    def from_config(cls, config: dict) -> "ModelShape":
        c = _text_config(config)
        hidden = int(_get(c, "hidden_size", "n_embd", "d_model"))
        heads = int(_get(c, "num_attention_heads", "n_head"))
        kv = int(_get(c, "num_key_value_heads", "num_kv_heads", default=heads) or heads)
        head_dim = int(_get(c, "head_dim", default=hidden // heads) or hidden // heads)
        inter = int(_get(c, "intermediate_size", "n_inner", "ffn_dim", default=4 * hidden) or 4 * hidden)
        act = str(_get(c, "hidden_act", "activation_function", default="silu"))
        model_type = str(c.get("model_type", ""))
        gated = model_type not in ("gpt2", "gpt_neox", "opt", "bloom", "falcon") and act in (
            "silu", "swiglu", "gelu_pytorch_tanh", "gelu")
        return cls(
            layers=int(_get(c, "num_hidden_layers", "n_layer", "num_layers")),
            hidden=hidden, intermediate=inter, heads=heads, kv_heads=kv, head_dim=head_dim,
            vocab=int(_get(c, "vocab_size")),
            tied_embeddings=bool(_get(c, "tie_word_embeddings", default=config.get("tie_word_embeddings", False))),
            context_length=int(_get(c, "max_position_embeddings", "n_positions", "max_sequence_length", default=0) or 0),
            experts=int(_get(c, "num_local_experts", "num_experts", default=1) or 1),
            attention_bias=bool(_get(c, "attention_bias", "qkv_bias", default=model_type.startswith("qwen2"))),
            gated_mlp=gated,
        )

    # parameter counts -------------------------------------------------------------------
    def linear_params_per_layer(self) -> int:
        """Weights of the Linear layers in one decoder layer (what bitsandbytes quantizes)."""
        h, d = self.hidden, self.head_dim
        attn = h * self.heads * d + 2 * h * self.kv_heads * d + self.heads * d * h
        mlp = (3 if self.gated_mlp else 2) * h * self.intermediate * self.experts
        router = h * self.experts if self.experts > 1 else 0
        return attn + mlp + router

    def linear_out_features_per_layer(self) -> int:
        """Output rows of one layer's Linear layers (8-bit keeps one float32 scale per row)."""
        d = self.head_dim
        attn = self.heads * d + 2 * self.kv_heads * d + self.hidden
        mlp = ((2 if self.gated_mlp else 1) * self.intermediate + self.hidden) * self.experts
        return attn + mlp

    def other_params_per_layer(self) -> int:
        """Norms and biases: never quantized."""
        bias = (self.heads + 2 * self.kv_heads) * self.head_dim if self.attention_bias else 0
        return 2 * self.hidden + bias

    def embedding_params(self) -> int:
        return self.vocab * self.hidden

    def lm_head_params(self) -> int:
        return 0 if self.tied_embeddings else self.vocab * self.hidden

    def total_params(self) -> int:
        return (self.layers * (self.linear_params_per_layer() + self.other_params_per_layer())
                + self.embedding_params() + self.lm_head_params() + self.hidden)


def bytes_per_quantized_weight(quant: str, double_quant: bool = True) -> float:
    """Bytes per Linear weight of a quantized format (its QuantMode): NF4 packs two weights per
    byte plus its block absmax. ValueError for an unquantized or unknown one."""
    from storytransformer.runtime.quant_modes import MODES

    if quant not in MODES:
        raise ValueError(quant)
    return MODES[quant].bytes_per_weight(double_quant)


def weight_bytes(shape: ModelShape, quant: str = "none", dtype: str = "bfloat16", double_quant: bool = True) -> int:
    """Resident weight bytes after loading with this quantization."""
    from storytransformer.runtime.quant_modes import quant_mode

    mode = quant_mode(quant)
    db = DTYPE_BYTES[dtype]
    linear = shape.layers * shape.linear_params_per_layer()
    rest = (shape.layers * shape.other_params_per_layer() + shape.embedding_params()
            + shape.lm_head_params() + shape.hidden)
    if not mode.quantized:
        return int((linear + rest) * db)
    q = linear * mode.bytes_per_weight(double_quant) + mode.scale_bytes(shape)
    # bitsandbytes and int4-gemlite (as load_engine runs it) keep embeddings, lm_head and norms
    # in the compute dtype (16-bit on GPUs).
    return int(q + rest * db)


def kv_bytes_per_token(config: dict | ModelShape, dtype_bytes: int = 2) -> int:
    """layers x kv_heads x head_dim x 2 (K and V) x dtype bytes."""
    s = config if isinstance(config, ModelShape) else ModelShape.from_config(config)
    return s.layers * s.kv_heads * s.head_dim * 2 * dtype_bytes


def kv_cache_bytes_per_token(shape: ModelShape, dtype: str, kv_cache: str = "auto") -> int:
    """KV bytes per token: the compute dtype for ``auto``; one byte per value plus one scale per
    token and head (2 bytes in a bf16 model, 4 in float32/float16: runtime/kv_quant.py) for int8/fp8."""
    from storytransformer.runtime.kv_quant import kv_bytes_per_token as quantized

    if kv_cache in ("auto", None, ""):
        return kv_bytes_per_token(shape, DTYPE_BYTES[dtype])
    return quantized(shape.layers, shape.kv_heads, shape.head_dim, kv_cache, 2 if dtype == "bfloat16" else 4)


def activation_bytes(shape: ModelShape, ctx: int, batch: int, dtype: str, *, materializes_scores: bool,
                     prefill_chunk: int | None = None) -> dict:
    """Peak transient bytes of one prefill forward pass over ctx tokens (batch sequences).

    ``prefill_chunk``: the prompt goes through in passes of that many tokens
    (runtime/long_context.py): activations of one chunk, plus one layer's cached K/V read back
    in 16-bit and expanded to every query head (flash kernels that take grouped heads skip that
    copy: this is the upper bound)."""
    db = DTYPE_BYTES[dtype]
    chunked = bool(prefill_chunk) and prefill_chunk < ctx
    q_len = prefill_chunk if chunked else ctx
    tokens = q_len * batch
    # MLP phase: residual + normed input + output (3 x hidden) and act(gate), up, product (3 x inter).
    mlp = tokens * db * (3 * shape.hidden + (3 if shape.gated_mlp else 2) * shape.intermediate)
    # Attention phase: q/k/v, their rotated copies, K/V expanded to all heads, output.
    qkv = (shape.heads + 2 * shape.kv_heads) * shape.head_dim
    attn = tokens * db * (3 * shape.hidden + 2 * qkv + 2 * shape.heads * shape.head_dim)
    scores = 0
    if materializes_scores:
        # eager, one layer at a time: scores in dtype, scores + mask (a new tensor), softmax in
        # float32, cast back. 3 x dtype + 4 bytes per score matched the H100's measured peak
        # within 3% at 1k-8k (8B-shaped model, 4-bit and bf16); 2 x dtype + 4 was 14% short.
        scores = batch * shape.heads * q_len * ctx * (3 * db + 4)
    mask = batch * ctx * ctx if batch > 1 and not chunked else 0  # boolean 4D mask of a padded batch
    if chunked:
        attn += batch * ctx * 2 * (shape.kv_heads + shape.heads) * shape.head_dim * db
    logits = batch * shape.vocab * 4 * 2  # last position only, float32, plus the processed copy
    return {"mlp": mlp, "attention": attn + scores, "scores": scores, "mask": mask, "logits": logits,
            "peak": max(mlp, attn + scores) + mask + logits}


@dataclass
class MemoryPlan:
    model: str
    quant: str
    dtype: str
    ctx: int
    batch: int
    params: int
    weights_bytes: int
    kv_bytes_per_token: int
    kv_bytes: int
    activation_bytes: int
    scores_bytes: int
    mask_bytes: int
    overhead_bytes: int
    total_bytes: int
    free_bytes: int | None
    fits: bool | None
    max_ctx: int | None  # largest context (at this batch) that fits free memory; None if unknown
    materializes_scores: bool
    notes: list[str] = field(default_factory=list)
    kv_cache: str = "auto"  # auto (the compute dtype), int8 or fp8
    prefill_chunk: int | None = None  # tokens per prefill pass; None: the whole prompt at once

    def to_dict(self) -> dict:
        d = asdict(self)
        d["total_gib"] = round(self.total_bytes / GIB, 3)
        d["weights_gib"] = round(self.weights_bytes / GIB, 3)
        d["kv_gib"] = round(self.kv_bytes / GIB, 3)
        d["activation_gib"] = round(self.activation_bytes / GIB, 3)
        d["free_gib"] = round(self.free_bytes / GIB, 3) if self.free_bytes is not None else None
        return d


def _total(shape, quant, dtype, ctx, batch, materializes, double_quant, kv_per_token, overhead, chunk=None):
    w = weight_bytes(shape, quant, dtype, double_quant)
    kv = kv_per_token * ctx * batch
    act = activation_bytes(shape, ctx, batch, dtype, materializes_scores=materializes, prefill_chunk=chunk)
    return w, kv, act, w + kv + act["peak"] + overhead


def plan_memory(config: dict, *, ctx: int, batch: int = 1, quant: str = "4bit", dtype: str = "bfloat16",
                double_quant: bool = True, materializes_scores: bool = False, free_bytes: int | None = None,
                overhead_bytes: int = 256 * 1024**2, margin: float = 0.05, model: str = "",
                kv_cache: str = "auto", prefill_chunk: int | None = None) -> MemoryPlan:
    """Plan weights + KV cache + prefill activations for ``ctx`` tokens x ``batch`` sequences.

    ``overhead_bytes`` covers allocator fragmentation and library workspaces (cuBLAS, bnb);
    ``margin`` is the fraction of free memory kept in reserve when deciding whether it fits.
    ``kv_cache``: auto, int8 or fp8 (kv_cache_bytes_per_token); ``prefill_chunk``: tokens per
    prefill pass (activation_bytes)."""
    shape = ModelShape.from_config(config)
    kv_db = kv_cache_bytes_per_token(shape, dtype, kv_cache)
    w, kv, act, total = _total(shape, quant, dtype, ctx, batch, materializes_scores, double_quant, kv_db,
                               overhead_bytes, prefill_chunk)
    fits = max_ctx = None
    notes: list[str] = []
    if free_bytes is not None:
        budget = free_bytes * (1 - margin)
        fits = total <= budget
        lo, hi = 0, 1
        while _total(shape, quant, dtype, hi, batch, materializes_scores, double_quant, kv_db, overhead_bytes,
                     prefill_chunk)[3] <= budget:
            lo, hi = hi, hi * 2
            if hi > 1 << 26:
                break
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if _total(shape, quant, dtype, mid, batch, materializes_scores, double_quant, kv_db, overhead_bytes,
                      prefill_chunk)[3] <= budget:
                lo = mid
            else:
                hi = mid
        max_ctx = lo
        if w + overhead_bytes > budget:
            notes.append("the weights alone do not fit: use 4-bit quantization or a smaller model")
    if shape.context_length and ctx > shape.context_length:
        notes.append(f"ctx {ctx} is beyond the model's trained context ({shape.context_length})")
    if materializes_scores:
        notes.append("eager attention materializes heads x ctx x ctx scores; use sdpa or flash attention")
    return MemoryPlan(
        model=model, quant=quant, dtype=dtype, ctx=ctx, batch=batch, params=shape.total_params(),
        weights_bytes=w, kv_bytes_per_token=kv_db, kv_bytes=kv,
        activation_bytes=act["peak"], scores_bytes=act["scores"], mask_bytes=act["mask"],
        overhead_bytes=overhead_bytes, total_bytes=total, free_bytes=free_bytes, fits=fits, max_ctx=max_ctx,
        materializes_scores=materializes_scores, notes=notes, kv_cache=kv_cache or "auto",
        prefill_chunk=prefill_chunk)
