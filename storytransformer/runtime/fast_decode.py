"""Greedy decoding loops for a transformers causal LM: the plain one and a fast one.

Both split generation into `prefill` (the whole prompt in one forward pass, logits for the
last position only) and `decode` (one token per step), so bench can time them apart.

- `PlainDecoder`: what `model.generate` does underneath — a DynamicCache that grows by
  concatenation and one eager forward per step. At batch 1 an 8B model spends most of each
  step launching ~1,000 small kernels from Python, not reading weights.
- `FastDecoder` (the gpt-fast recipe on top of transformers): prefill exactly like the plain
  loop (the causal flash/cuDNN SDPA path, which is already near the hardware), then copy the
  KV into a StaticCache whose tensors never move, and run each decode step through
  `torch.compile(mode="reduce-overhead")`, i.e. fused kernels replayed as one CUDA graph.
  On CPU there are no CUDA graphs; it still runs (static cache, no compile) so the path is
  tested everywhere.

The same loop also serves real, ragged batches (HFEngine's `batching="static"`):
`prefill_padded` takes left-padded prompts with their attention mask and per-row positions
(real tokens only, as `generate` counts them), writes their KV straight into a pooled static
cache, and each `decode_step` passes the rows' positions and a [batch, cache] mask that hides
the padding. Shapes are bucketed by the caller (`static_shape`), so a long run compiles a
handful of graphs, and every cache of one shape keeps the same tensors (CUDA graphs replay
with fixed addresses).

Continuous refill (HFEngine's static batching, runtime/refill.py) uses the slot API instead:
`open_slots(rows, cache_len)` makes one fixed-shape cache whose rows each have their own write
column, position and mask ([rows, 1, 1, cache_len], passed to the model as a ready 4-D mask),
`fill_slots` prefills waiting prompts into whichever rows are free (their KV goes straight into
those rows; the other rows' state is untouched), and `step_slots` advances every row by one
token. A row whose request finished is refilled at once by the next request, so the batch never
waits for its longest answer, and the step keeps one shape (one compile) for the whole run.

transformers 5.x (5.17 and 5.23 alike) take no `cache_position`: a static layer counts its
own slots (`cumulative_length`) and the causal mask reads its query offset from there. Older
releases that still take `cache_position` are detected from the model's forward signature;
the bench loop passes it to them, the ragged loop refuses them (NotImplementedError).
"""

from __future__ import annotations

import inspect
import logging
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass

log = logging.getLogger(__name__)

# A step shape's first call (torch.compile's tracing, or a CUDA graph capture) runs one at a
# time in the process: several engine replicas (runtime/replicas.py, one thread per GPU) that
# traced at once broke dynamo ("using FX to symbolically trace a dynamo-optimized function",
# H200 x2, torch 2.11). Replays take no lock.
_FIRST_CALLS = threading.Lock()

ENGINES = ("plain", "fast")


GQA_DECODE = "st_sdpa_gqa_decode"


def sdpa_gqa_decode(module, query, key, value, attention_mask, dropout=0.0, scaling=None, **kwargs):
    """transformers' SDPA attention, except for one-token decode steps over a grouped-query
    KV cache with a mask (the static cache always has one).

    There transformers' SDPA path first copies K and V to every query head (repeat_kv: 4x the
    cache for Llama-3-8B), because PyTorch's masked SDPA kernels take no grouped heads; at
    batch 64 x 1k tokens that copy moves ~40 GB per step and dominates decode. Here each KV
    head's query group attends to it directly: the cache is read once. Prefill (q_len > 1)
    goes to the regular SDPA path unchanged."""
    import torch
    from transformers.integrations.sdpa_attention import sdpa_attention_forward

    batch, heads, q_len, dim = query.shape
    kv_heads = key.shape[1]
    if q_len != 1 or kv_heads == heads:
        return sdpa_attention_forward(module, query, key, value, attention_mask, dropout=dropout,
                                      scaling=scaling, **kwargs)
    q = query.reshape(batch, kv_heads, heads // kv_heads, dim)  # repeat_kv's head order
    scale = scaling if scaling is not None else dim ** -0.5
    scores = torch.matmul(q, key.transpose(-1, -2)).float() * scale  # batch, kv_heads, group, kv_len
    if attention_mask is not None:
        mask = attention_mask[:, :, -1:, :]  # batch, 1, 1, kv_len: broadcasts over heads
        if mask.dtype == torch.bool:
            scores = scores.masked_fill(~mask, float("-inf"))
        else:
            scores = scores + mask
    probs = torch.softmax(scores, dim=-1).to(value.dtype)
    out = torch.matmul(probs, value)  # batch, kv_heads, group, dim
    return out.reshape(batch, heads, 1, dim).transpose(1, 2).contiguous(), None


def register_gqa_decode() -> str:
    from transformers import AttentionInterface
    from transformers.masking_utils import ALL_MASK_ATTENTION_FUNCTIONS, sdpa_mask

    AttentionInterface.register(GQA_DECODE, sdpa_gqa_decode)
    ALL_MASK_ATTENTION_FUNCTIONS.register(GQA_DECODE, sdpa_mask)
    return GQA_DECODE


def _set_impl(model, impl: str) -> None:
    setter = getattr(model, "set_attn_implementation", None)
    try:
        if setter is None:
            raise AttributeError
        setter(impl)
    except Exception:  # noqa: BLE001 - older transformers validate names; the config attribute is what layers read
        model.config._attn_implementation = impl


def _wants_cache_position(model) -> bool:
    base = getattr(model, "model", model)
    return "cache_position" in inspect.signature(base.forward).parameters


class PlainDecoder:
    name = "plain"

    def __init__(self, model):
        self.model = model
        self.cache = None
        self._pos = 0

    def prefill(self, input_ids):
        import torch
        from transformers import DynamicCache

        self.cache = DynamicCache(config=self.model.config)
        with torch.no_grad():
            out = self.model(input_ids=input_ids, past_key_values=self.cache, use_cache=True, logits_to_keep=1)
        self._pos = input_ids.shape[1]
        return out.logits[:, -1].argmax(-1)

    def decode(self, next_tokens, steps: int):
        import torch

        produced = [next_tokens]
        with torch.no_grad():
            for _ in range(steps):
                out = self.model(input_ids=produced[-1][:, None], past_key_values=self.cache, use_cache=True)
                produced.append(out.logits[:, -1].argmax(-1))
                self._pos += 1
        return torch.stack(produced[1:], dim=1)

    def forced_logits(self, tokens):
        import torch

        outs = []
        with torch.no_grad():
            for i in range(tokens.shape[1]):
                out = self.model(input_ids=tokens[:, i:i + 1], past_key_values=self.cache, use_cache=True)
                outs.append(out.logits[:, -1].float())
        self._pos += tokens.shape[1]
        return torch.stack(outs, dim=1)

    def release(self):
        self.cache = None


RECOMPILE_LIMIT = 64  # compiled graphs one step function may hold (dynamo's default is 8)


def static_shape(rows: int, tokens: int, *, len_step: int = 512, pad_rows: bool = True,
                 max_rows: int = 64, max_tokens: int | None = None) -> tuple[int, int]:
    """(rows, cache length) of the static cache for a batch of `rows` prompts needing `tokens`
    slots each (longest prompt + max_new_tokens).

    Each distinct shape costs one compile + CUDA graph capture (tens of seconds on an 8B model),
    so shapes are bucketed: the cache length up to a multiple of `len_step`, the rows up to a
    power of two (or `max_rows`; the extra rows are dummies whose output is dropped). Rows are
    not padded where that would exceed `max_tokens` (the engine's KV budget) by more than the
    length rounding alone."""
    cache_len = max(len_step, -(-tokens // len_step) * len_step)
    if not pad_rows:
        return rows, cache_len
    bucket = 1
    while bucket < rows:
        bucket *= 2
    bucket = min(bucket, max(max_rows, rows))
    if max_tokens is not None and bucket * cache_len > max(max_tokens, rows * cache_len):
        bucket = rows
    return bucket, cache_len


@dataclass
class _Slot:
    """One cache shape: its StaticCache (views into the shared per-layer storage) and its decode mask."""

    cache: object
    mask: object  # bool [rows, cache_len]: False on each row's left padding


def _bind_static_layer(layer, keys, values) -> None:
    """Make a transformers 5.x StaticLayer use the given tensors, as its lazy_initialization
    would with tensors it allocated itself."""
    import torch

    if type(layer).__name__ != "StaticLayer" or not isinstance(getattr(layer, "cumulative_length", None), torch.Tensor):
        raise NotImplementedError(f"static batching needs full-attention static cache layers (transformers 5.x), "
                                  f"not {type(layer).__name__}")
    layer.dtype, layer.device = keys.dtype, keys.device
    layer.batch_size, layer.num_heads = keys.shape[0], keys.shape[1]
    layer.k_head_dim, layer.v_head_dim = keys.shape[-1], values.shape[-1]
    layer.keys, layer.values = keys, values
    layer.cumulative_length = layer.cumulative_length.to(keys.device)
    for t in (keys, values, layer.cumulative_length):
        torch._dynamo.mark_static_address(t)  # unguarded: a changed address re-records, never recompiles
    layer.is_initialized = True


def _write_through(config, static):
    """A cache for the prefill only: each layer's new K/V go straight into `static`'s slots
    0..W-1, and attention sees just them, as with an empty DynamicCache. So the prefill runs
    exactly as `generate`'s does (same mask sizes, SDPA's fast paths) and the KV is never held
    twice."""
    from transformers import DynamicCache

    class WriteThrough(DynamicCache):
        def update(self, key_states, value_states, layer_idx, *args, **kwargs):
            layer = static.layers[layer_idx]
            if key_states.dtype != layer.keys.dtype:
                raise TypeError(f"KV dtype {key_states.dtype} != static cache dtype {layer.keys.dtype}")
            n = key_states.shape[-2]
            layer.keys[:, :, :n].copy_(key_states)
            layer.values[:, :, :n].copy_(value_states)
            return key_states, value_states

    return WriteThrough(config=config)


@dataclass
class _Slots:
    """The refill loop's fixed-shape state: per-layer K/V views [rows, kv_heads, cache_len, dim]
    and, per row, the column its next token is written to, its next position and its mask."""

    rows: int
    cache_len: int
    cache: object  # _row_cache over the K/V views
    write: object  # long [rows]: the column the next decode step writes
    pos: object  # long [rows, 1]: the next token's position (real tokens only)
    mask: object  # bool [rows, 1, 1, cache_len]: the slots each row may attend to
    keys: list
    values: list
    host_write: list  # `write` as the host knows it (no sync): sizes the attended span


SPAN_STEP_CUDA, SPAN_STEP_CPU = 256, 32  # the attended span is rounded up to this many slots


def _row_cache(config, keys, values, write):
    """A cache for one decode step of the slot loop: each row's new K/V go to its own column
    `write[row]` (rows started at different times sit at different columns), and attention sees
    the storage's first `cache.span` columns (all rows' written slots) under the slot mask."""
    from transformers import DynamicCache

    import torch

    rows = torch.arange(keys[0].shape[0], device=keys[0].device)
    torch._dynamo.mark_static_address(rows)

    class RowCache(DynamicCache):
        span = keys[0].shape[2]

        def update(self, key_states, value_states, layer_idx, *args, **kwargs):
            k, v = keys[layer_idx], values[layer_idx]
            if key_states.dtype != k.dtype:
                raise TypeError(f"KV dtype {key_states.dtype} != slot cache dtype {k.dtype}")
            k[rows, :, write] = key_states[:, :, -1]
            v[rows, :, write] = value_states[:, :, -1]
            return k[:, :, :self.span], v[:, :, :self.span]

    return RowCache(config=config)


def _fill_through(config, keys, values, index):
    """A cache for a refill prefill: the new prompts' K/V (left-padded, width W) go straight into
    columns 0..W-1 of rows `index`, and attention sees just them, as with an empty DynamicCache."""
    from transformers import DynamicCache

    class FillThrough(DynamicCache):
        def update(self, key_states, value_states, layer_idx, *args, **kwargs):
            n = key_states.shape[-2]
            keys[layer_idx][index, :, :n] = key_states
            values[layer_idx][index, :, :n] = value_states
            return key_states, value_states

    return FillThrough(config=config)


def raise_recompile_limit(limit: int = RECOMPILE_LIMIT) -> None:
    """Past dynamo's recompile limit (8 per function) new shapes run eager, silently."""
    import torch._dynamo

    cfg = torch._dynamo.config
    for name in ("recompile_limit", "cache_size_limit"):  # the newer name, then the older
        if hasattr(cfg, name) and getattr(cfg, name) < limit:
            setattr(cfg, name, limit)


class _CapturedStep:
    """The eager decode step recorded into a CUDA graph once per input shape, then replayed:
    no inductor compile (tens of seconds to minutes on an 8B model), a capture of about a
    second. Kernels are not fused, so a step runs more (smaller) kernels than the compiled one:
    worth it where compile time matters more than the last percent of a step (the engine's
    static batching, which pays one compile per run).

    Each call copies its tensor inputs into the graph's own input buffers and replays; the
    output is the graph's buffer, overwritten by the next replay (as with inductor's CUDA
    graphs). The step must be idempotent for its inputs: it is run twice to warm up before the
    capture (kernel selection, lazy inits) with the cache's slot counters put back after."""

    def __init__(self, owner):
        self.owner = owner
        self.graphs: dict = {}

    def _key(self, args) -> tuple:
        owner = self.owner
        storage = owner._slabs[0][0].data_ptr() if owner._slabs else None
        shapes = tuple(None if a is None else (tuple(a.shape), a.dtype) for a in args)
        return shapes, id(owner.cache), storage

    def __call__(self, *args):
        key = self._key(args)
        entry = self.graphs.get(key)
        if entry is None:
            entry = self.graphs[key] = self._capture(args)
        static_args, graph, out = entry
        for dst, src in zip(static_args, args, strict=True):
            if dst is not None:
                dst.copy_(src)
        graph.replay()
        return out

    def _capture(self, args):
        import torch

        owner = self.owner
        static_args = [None if a is None else a.clone() for a in args]
        saved = owner._counters()
        # On the model's GPU: torch.cuda.graph's own default capture stream is made once per
        # process, on whichever GPU was current then (a second replica's GPU failed to capture).
        stream = torch.cuda.Stream(device=owner.device)
        stream.wait_stream(torch.cuda.current_stream())
        with torch.cuda.stream(stream):
            for _ in range(2):
                owner._step_eager(*static_args)
        torch.cuda.current_stream().wait_stream(stream)
        for layer, value in saved:
            layer.cumulative_length.copy_(value)
        graph = torch.cuda.CUDAGraph()
        # thread_local: only this thread's unsafe CUDA calls are errors while it captures. The
        # default ("global") failed another replica's work on its own GPU meanwhile ("operation
        # not permitted when stream is capturing", H200 x2).
        with torch.cuda.graph(graph, stream=stream, capture_error_mode="thread_local"):
            out = owner._step_eager(*static_args)
        return static_args, graph, out

    def clear(self) -> None:
        self.graphs.clear()


class FastDecoder:
    """Static KV cache + compiled decode step (CUDA graphs on CUDA).

    `compile`: None = on CUDA only. The compiled step is specialised per shape (batch size,
    cache length, with or without a mask); a new shape recompiles once (dynamic=False keeps
    each graph simple and fast), a shape seen before reuses its graph.

    `graphs`: "inductor" (default: torch.compile(mode="reduce-overhead"), fused kernels in CUDA
    graphs; the fastest step, a compile of a minute or more per shape on an 8B model) or
    "capture" (the eager step recorded into a CUDA graph: about a second per shape, unfused
    kernels; inductor stays the fallback if a capture fails). CUDA only; ignored elsewhere.

    `attention`: the attention implementation the decoder runs under (default: the grouped-query
    decode attention where the model uses SDPA, else the model's own). `hold_attention=True`
    (bench) switches the model to it until `release`; HFEngine passes False and wraps each
    batch in `using_attention()`, so the model keeps its own implementation in between."""

    name = "fast"

    def __init__(self, model, *, max_len: int = 0, compile: bool | None = None, fullgraph: bool = True,
                 gqa_decode: bool = True, attention: str | None = None, hold_attention: bool = True,
                 backend: str = "inductor", graphs: str = "inductor"):
        import torch

        self.model = model
        current = getattr(model.config, "_attn_implementation", None)
        # Grouped-query decode attention replaces SDPA only where SDPA runs; an explicit other
        # kernel (eager, flash-attn) is left alone so bench measures what it says.
        if attention is None:
            attention = register_gqa_decode() if gqa_decode and current == "sdpa" else current
        elif attention == GQA_DECODE:
            register_gqa_decode()
        self.attention = attention
        self._restore_impl = None
        if hold_attention and attention != current:
            self._restore_impl = current
            _set_impl(model, attention)
        self.max_len = max_len
        self.device = next(model.parameters()).device
        self.compile = (self.device.type == "cuda") if compile is None else compile
        self.fullgraph = fullgraph
        self._with_cache_position = _wants_cache_position(model)
        self.cache = None
        self._batch = None
        self._pos = 0
        # ragged batches: one cache per shape, all sharing one storage per layer (_slabs)
        self._pool: dict[tuple[int, int], _Slot] = {}
        self._slabs: list | None = None
        self._slab_numel = 0
        self._mask = None
        self._next_pos = None
        self._ragged_len = 0
        self._slot_states: dict[tuple[int, int], _Slots] = {}  # the refill loop's caches, by shape
        self._slots: _Slots | None = None
        # Fallbacks, best first: some quantized layers (bitsandbytes) may not trace as one
        # graph; then graph breaks are allowed; then the static cache alone, uncompiled.
        self._candidates = [("none", self._step_eager)]
        if self.compile:
            raise_recompile_limit()
            opts = {"mode": "reduce-overhead"} if backend == "inductor" else {"backend": backend}
            label = "reduce-overhead" if backend == "inductor" else backend
            self._candidates = [
                (f"{label}, fullgraph", torch.compile(self._step_eager, fullgraph=True, dynamic=False, **opts)),
                (label, torch.compile(self._step_eager, fullgraph=False, dynamic=False, **opts)),
                ("none", self._step_eager),
            ][0 if fullgraph else 1:]
        self._captured = None
        if self.compile and graphs == "capture" and self.device.type == "cuda":
            self._captured = _CapturedStep(self)
            self._candidates.insert(0, ("cuda graph capture", self._captured))
        self._graphs = self.compile and backend == "inductor" and self.device.type == "cuda"
        self.compile_mode, self._step = self._candidates[0]
        self.fallback_reasons: list[str] = []
        self._proven: set = set()  # step input shapes that ran with the current candidate
        self.first_call_seconds: dict[str, float] = {}  # step shape -> its first call (compile, capture)

    @contextmanager
    def using_attention(self):
        """Run the enclosed calls under the decoder's attention implementation, then restore the model's."""
        before = getattr(self.model.config, "_attn_implementation", None)
        if before != self.attention:
            _set_impl(self.model, self.attention)
        try:
            yield
        finally:
            if before != self.attention:
                _set_impl(self.model, before)

    def _new_cache(self, batch: int):
        from transformers import StaticCache

        self.cache = StaticCache(config=self.model.config, max_cache_len=self.max_len)
        self._batch = batch

    def _step_eager(self, tokens, position_ids, cache_position, attention_mask=None):
        kwargs = {"cache_position": cache_position} if self._with_cache_position else {}
        if attention_mask is not None:
            kwargs["attention_mask"] = attention_mask
        out = self.model(input_ids=tokens, position_ids=position_ids, past_key_values=self.cache,
                         use_cache=True, **kwargs)
        return out.logits[:, -1]

    # -- uniform batches (bench): every row the same prompt length, no mask ------------------

    def prefill(self, input_ids):
        import torch
        from transformers import DynamicCache

        batch, length = input_ids.shape
        if length >= self.max_len:
            raise ValueError(f"prompt of {length} tokens does not fit a cache of {self.max_len}")
        if self.cache is None or self._batch != batch or self._mask is not None:
            self._new_cache(batch)
            self._mask = None
        else:
            self.cache.reset()
        # Prefill through the dynamic cache: it keeps SDPA on its is_causal fast path (no
        # materialized mask over the static cache's full length), then the KV moves once.
        dyn = DynamicCache(config=self.model.config)
        with torch.no_grad():
            out = self.model(input_ids=input_ids, past_key_values=dyn, use_cache=True, logits_to_keep=1)
            positions = torch.arange(length, device=self.device)
            for idx, layer in enumerate(dyn.layers):
                self.cache.update(layer.keys, layer.values, idx, {"cache_position": positions})
                layer.keys = layer.values = None  # free as we go: never two full copies of the KV
        del dyn
        self._pos = length
        return out.logits[:, -1].argmax(-1)

    def decode(self, next_tokens, steps: int):
        import torch

        batch = next_tokens.shape[0]
        if self._pos + steps > self.max_len:
            raise ValueError(f"{self._pos} + {steps} tokens exceed the static cache ({self.max_len})")
        positions = torch.arange(self._pos, self._pos + steps, device=self.device)
        produced = []
        token = next_tokens
        with torch.no_grad():
            for i in range(steps):
                pos = positions[i:i + 1]
                logits = self._call_step(token[:, None], pos[None, :].expand(batch, 1), pos)
                # The logits live in the CUDA graph's pool and are overwritten by the next replay;
                # argmax makes a new tensor before that happens.
                token = logits.argmax(-1)
                produced.append(token)
        self._pos += steps
        return torch.stack(produced, dim=1)

    def forced_logits(self, tokens):
        """Feed `tokens` [B, n] one step at a time (teacher forcing) after a prefill and return
        the float logits of each step [B, n, V]: compares engines on identical inputs."""
        import torch

        batch, steps = tokens.shape
        positions = torch.arange(self._pos, self._pos + steps, device=self.device)
        outs = []
        with torch.no_grad():
            for i in range(steps):
                pos = positions[i:i + 1]
                outs.append(self._call_step(tokens[:, i:i + 1], pos[None, :].expand(batch, 1), pos).float().clone())
        self._pos += steps
        return torch.stack(outs, dim=1)

    # -- ragged batches (HFEngine): left-padded prompts with a mask --------------------------

    def _slot(self, batch: int, cache_len: int) -> _Slot:
        """The cache for this shape. Caches of all shapes are views into one storage per layer
        and K/V, so a shape seen again finds its tensors (and its CUDA graph's addresses)
        unchanged; the storage grows when a shape needs more, and then every shape re-records
        its graph once."""
        import torch
        from transformers import StaticCache

        slot = self._pool.get((batch, cache_len))
        if slot is not None:
            return slot
        config = self.model.config
        heads, dim = self._kv_dims()
        need = batch * heads * cache_len * dim
        cache = StaticCache(config=config, max_cache_len=cache_len)
        self._storage(need, len(cache.layers))
        if len(cache.layers) != len(self._slabs):
            raise NotImplementedError(f"static cache has {len(cache.layers)} layers, storage {len(self._slabs)}")
        shape = (batch, heads, cache_len, dim)
        for layer, (k, v) in zip(cache.layers, self._slabs, strict=True):
            _bind_static_layer(layer, k[:need].view(shape), v[:need].view(shape))
        mask = torch.ones(batch, cache_len, dtype=torch.bool, device=self.device)
        torch._dynamo.mark_static_address(mask)
        slot = self._pool[(batch, cache_len)] = _Slot(cache, mask)
        return slot

    def _kv_dims(self) -> tuple[int, int]:
        from storytransformer.runtime.memory import ModelShape

        dims = ModelShape.from_config(self.model.config.to_dict())  # the planner's reading of KV heads and head dim
        return dims.kv_heads, dims.head_dim

    def _storage(self, need: int, layers: int) -> None:
        """At least `need` elements of K and of V storage per layer. Growing drops every cache
        shape built on the old storage (the old storage goes before the new comes)."""
        import torch

        if need <= self._slab_numel:
            return
        self._pool.clear()
        self._slot_states.clear()
        if self._captured is not None:
            self._captured.clear()
        self.cache = self._slabs = self._mask = self._slots = None
        dtype = self.model.get_input_embeddings().weight.dtype  # the compute dtype, also when quantized
        self._slabs = [(torch.zeros(need, dtype=dtype, device=self.device),
                        torch.zeros(need, dtype=dtype, device=self.device)) for _ in range(layers)]
        self._slab_numel = need

    def prefill_padded(self, input_ids, attention_mask, cache_len: int):
        """Left-padded prompts [B, W] and their 0/1 mask -> each row's first new token [B].

        Positions count real tokens only (cumsum(mask) - 1, pads at 0), as `generate` does, and
        the prefill runs exactly as `generate`'s, writing its KV into slots 0..W-1 of the static
        cache. The decode mask (one preallocated [B, cache_len] buffer per shape, updated in
        place) hides each row's padding; slots after the prompt are left open, causality keeps
        a step from seeing the ones not yet written."""
        import torch

        batch, width = input_ids.shape
        if width >= cache_len:
            raise ValueError(f"prompt of {width} tokens does not fit a cache of {cache_len}")
        if self._with_cache_position:
            raise NotImplementedError("static batching needs transformers 5.x (layers without cache_position)")
        slot = self._slot(batch, cache_len)
        self.cache, self._mask = slot.cache, slot.mask
        mask = attention_mask.to(self.device)
        slot.mask[:, :width].copy_(mask.bool())
        slot.mask[:, width:] = True
        positions = (mask.long().cumsum(-1) - 1).masked_fill(mask == 0, 0)
        with torch.no_grad():
            out = self.model(input_ids=input_ids, attention_mask=mask, position_ids=positions,
                             past_key_values=_write_through(self.model.config, slot.cache), use_cache=True,
                             logits_to_keep=1)
        for layer in slot.cache.layers:
            layer.cumulative_length.fill_(width)  # the next token goes to slot W
        self._next_pos = mask.long().sum(-1, keepdim=True)
        self._pos, self._ragged_len = width, cache_len
        return out.logits[:, -1].argmax(-1)

    def decode_step(self, tokens):
        """Feed each row's last token [B]; return each row's next (greedy) token [B]."""
        import torch

        if self._pos >= self._ragged_len:
            raise ValueError(f"the static cache ({self._ragged_len}) is full")
        with torch.no_grad():
            logits = self._call_step(tokens[:, None], self._next_pos, None, self._mask)
            token = logits.argmax(-1)  # before the next replay overwrites the logits
        self._next_pos = self._next_pos + 1
        self._pos += 1
        return token

    # -- slots (continuous refill): rows start and end independently ------------------------

    def open_slots(self, rows: int, cache_len: int) -> _Slots:
        """Make (or find again: same tensors, same CUDA graph) the slot cache of this shape; every
        row starts empty. Rows are then filled by `fill_slots` and advanced by `step_slots`."""
        import torch

        if self._with_cache_position:
            raise NotImplementedError("static batching needs transformers 5.x (layers without cache_position)")
        state = self._slot_states.get((rows, cache_len))
        if state is None:
            from transformers import StaticCache

            # The slot mask is full attention: refuse what a static cache would not build as such
            # (sliding-window or other layer kinds), as the ragged loop does.
            kinds = {type(layer).__name__ for layer in StaticCache(config=self.model.config, max_cache_len=8).layers}
            if kinds != {"StaticLayer"}:
                raise NotImplementedError(f"slot batching needs full-attention layers, not {', '.join(sorted(kinds))}")
            heads, dim = self._kv_dims()
            need = rows * heads * cache_len * dim
            layers = self.model.config.num_hidden_layers
            self._storage(need, layers)
            shape = (rows, heads, cache_len, dim)
            keys = [k[:need].view(shape) for k, _ in self._slabs]
            values = [v[:need].view(shape) for _, v in self._slabs]
            write = torch.zeros(rows, dtype=torch.long, device=self.device)
            pos = torch.zeros(rows, 1, dtype=torch.long, device=self.device)
            mask = torch.zeros(rows, 1, 1, cache_len, dtype=torch.bool, device=self.device)
            for t in (*keys, *values, write, pos, mask):
                torch._dynamo.mark_static_address(t)
            cache = _row_cache(self.model.config, keys, values, write)
            state = self._slot_states[(rows, cache_len)] = _Slots(rows, cache_len, cache, write, pos, mask,
                                                                  keys, values, [0] * rows)
        # Empty rows attend to slot 0 only (never a fully masked row: softmax over nothing is NaN).
        state.mask.zero_()
        state.mask[:, :, :, 0] = True
        state.write.zero_()
        state.pos.zero_()
        state.host_write[:] = [0] * rows
        self._slots = state
        return state

    def park_slots(self, slots) -> None:
        """Rows whose request ended and that wait for a new one: back to slot 0 only, so their
        idle steps do not widen the attended span."""
        import torch

        state = self._slots
        index = torch.as_tensor(slots, dtype=torch.long).to(self.device)
        state.mask[index] = False
        state.mask[index, :, :, 0] = True
        state.write[index] = 0
        state.pos[index] = 0
        for row in index.tolist():
            state.host_write[row] = 0

    def fill_slots(self, slots, input_ids, attention_mask, pick=None):
        """Prefill left-padded prompts [k, W] (0/1 mask [k, W]) into rows `slots` (k row indices,
        long tensor or list) of the open slot cache; returns each prompt's first token [k].

        Exactly `prefill_padded` for those rows (positions count real tokens, the prefill runs as
        `generate`'s); the other rows keep their state, so they go on decoding afterwards."""
        import torch

        state = self._slots
        if state is None:
            raise RuntimeError("fill_slots before open_slots")
        width = input_ids.shape[1]
        if width >= state.cache_len:
            raise ValueError(f"prompt of {width} tokens does not fit a cache of {state.cache_len}")
        index = torch.as_tensor(slots, dtype=torch.long).to(self.device)
        mask = attention_mask.to(self.device)
        positions = (mask.long().cumsum(-1) - 1).masked_fill(mask == 0, 0)
        with torch.no_grad():
            out = self.model(input_ids=input_ids.to(self.device), attention_mask=mask, position_ids=positions,
                             past_key_values=_fill_through(self.model.config, state.keys, state.values, index),
                             use_cache=True, logits_to_keep=1)
        row_mask = torch.zeros(len(index), state.cache_len, dtype=torch.bool, device=self.device)
        row_mask[:, :width] = mask.bool()
        state.mask[index] = row_mask[:, None, None, :]
        state.write[index] = width
        state.pos[index] = mask.long().sum(-1, keepdim=True)
        for row in index.tolist():
            state.host_write[row] = width
        return pick(out.logits[:, -1]) if pick is not None else out.logits[:, -1].argmax(-1)

    def step_slots(self, tokens, pick=None):
        """Feed each row's last token [rows]; return each row's next token [rows]: greedy, or
        ``pick``'s (logits [rows, V] -> tokens [rows], e.g. a grammar's masked greedy).
        Empty or finished rows step too (their output is ignored); their write column stops at
        the cache's last slot, which a refilled row overwrites before it ever attends to it."""
        import torch

        state = self._slots
        state.mask.view(state.rows, state.cache_len).scatter_(1, state.write[:, None], True)  # its own slot
        mask = state.mask
        if self.compile_mode in ("none", "cuda graph capture"):
            # Attend to the written slots only (rounded up: one graph per span): the rows' longest
            # prompt + answer so far, not the whole cache. (Inductor would recompile per span.)
            step = SPAN_STEP_CUDA if self.device.type == "cuda" else SPAN_STEP_CPU
            span = min(state.cache_len, -(-(max(state.host_write) + 1) // step) * step)
            state.cache.span = span
            mask = mask[..., :span]
        if self.attention == "eager":  # eager attention adds its mask: 0 where seen, min where hidden
            dtype = self.model.get_input_embeddings().weight.dtype
            mask = torch.zeros(mask.shape, dtype=dtype, device=self.device).masked_fill(~mask, torch.finfo(dtype).min)
        with torch.no_grad():
            self.cache = state.cache
            logits = self._call_step(tokens[:, None], state.pos, None, mask)
            # Picked before the next replay overwrites the logits (a CUDA graph's output buffer).
            token = pick(logits) if pick is not None else logits.argmax(-1)
        state.write.add_(1).clamp_(max=state.cache_len - 1)
        state.pos.add_(1)
        state.host_write[:] = [min(w + 1, state.cache_len - 1) for w in state.host_write]
        return token

    # -- the step and its fallbacks -----------------------------------------------------------

    def _counters(self):
        import torch

        layers = getattr(self.cache, "layers", None) or []
        return [(layer, layer.cumulative_length.clone()) for layer in layers
                if isinstance(getattr(layer, "cumulative_length", None), torch.Tensor)]

    def _call_step(self, tokens, position_ids, cache_position, attention_mask=None):
        import torch

        shape = (tuple(tokens.shape), None if attention_mask is None else tuple(attention_mask.shape))
        while True:
            proven = shape in self._proven
            # A first call may fail after the cache's slot counters moved (a CUDA graph warm-up
            # runs the step for real): put them back before the next candidate retries.
            saved = None if proven else self._counters()
            try:
                if self._graphs and self.compile_mode not in ("none", "cuda graph capture"):
                    torch.compiler.cudagraph_mark_step_begin()  # each call is a new iteration
                t0 = None if proven else time.perf_counter()
                if proven:
                    out = self._step(tokens, position_ids, cache_position, attention_mask)
                else:
                    with _FIRST_CALLS:
                        out = self._step(tokens, position_ids, cache_position, attention_mask)
                if t0 is not None:  # compile + graph capture (host time; the queue is synced by then)
                    self.first_call_seconds[str(shape)] = round(time.perf_counter() - t0, 2)
                self._proven.add(shape)
                return out
            except torch.OutOfMemoryError:
                raise
            except Exception as err:  # noqa: BLE001 - compile failures vary by torch version
                if proven or len(self._candidates) == 1:
                    raise
                for layer, value in saved or []:
                    layer.cumulative_length.copy_(value)
                failed, _ = self._candidates.pop(0)
                self.fallback_reasons.append(f"{failed}: {type(err).__name__}: {str(err).splitlines()[0][:200]}")
                log.warning("compiled decode step (%s) failed, falling back: %s", failed, self.fallback_reasons[-1])
                self.compile_mode, self._step = self._candidates[0]
                self._proven = set()

    def release_storage(self):
        """Drop the ragged batches' caches and their storage (after an out-of-memory); the
        compiled graphs stay, and the next shape regrows the storage to what it needs."""
        self._pool.clear()
        self._slot_states.clear()
        self.cache = self._slots = None
        self._slabs, self._slab_numel, self._mask = None, 0, None
        if self._captured is not None:
            self._captured.clear()  # their graphs point into the storage just dropped

    def release(self):
        self.release_storage()
        self._batch = None
        if self._restore_impl:
            _set_impl(self.model, self._restore_impl)
            self._restore_impl = None
        if self.compile:
            import torch

            # Graphs are specialised to this decoder's caches; a later decoder compiles its own.
            # Without the reset, dynamo's per-function recompile limit would eventually send
            # later shapes silently back to eager.
            torch._dynamo.reset()


def make_decoder(engine: str, model, *, max_len: int):
    if engine == "plain":
        return PlainDecoder(model)
    if engine == "fast":
        return FastDecoder(model, max_len=max_len)
    if engine == "fast-nogqa":  # the fast loop with transformers' own SDPA decode (for comparison)
        return FastDecoder(model, max_len=max_len, gqa_decode=False)
    from storytransformer.errors import OptionError

    raise OptionError("--engine", f"unknown engine {engine!r}; choose from {', '.join(ENGINES)}")
