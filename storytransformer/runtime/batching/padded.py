"""Padded batching: transformers' ``generate`` on a left-padded batch.

transformers computes logits for the last position only on prefill (``logits_to_keep=1``),
so a 32k prompt never materializes a 32k x vocab logits tensor. Stop strings end generation
(transformers' ``stop_strings``). The rows' stop rules (rows.py) run as one StoppingCriteria
that feeds each row's new tokens to that row's watcher every ``watch_every`` steps; a row that
fires is marked done by transformers (it then only receives pad) and the batch ends when every
row is done. Answers with a JSON schema are constrained by xgrammar's token masks
(runtime/constrained.py) through ``logits_processor``.
"""

from __future__ import annotations

import time
import warnings

from storytransformer.runtime.attention import sdpa_priority
from storytransformer.runtime.batching import rows
from storytransformer.runtime.batching.common import Prepared, generation_config, left_pad
from storytransformer.runtime.types import GenerationResult


def _stop_rules(engine, batch: list[Prepared], width: int, first_token_at: list[float]):
    """The StoppingCriteria generate calls once per new token: progress, time to first token,
    and every ``every`` steps (and at the last) each row's new tokens fed to its stop rules."""
    import torch
    from transformers import StoppingCriteria

    watches = [rows.watch(engine, p.request) for p in batch]
    watching = any(w.active for w in watches)
    every = engine.watch_every or (8 if engine.device.type == "cuda" else 1)
    max_new = batch[0].request.max_new_tokens

    class _Watch(StoppingCriteria):
        def __init__(self):
            self.seen = width  # columns of input_ids already fed
            self.calls = 0

        def __call__(self, ids, scores, **kw):
            if not first_token_at:
                first_token_at.append(time.perf_counter())
            if engine.on_tokens is not None:
                engine.on_tokens(ids.shape[0])
            self.calls += 1
            if not watching or (self.calls % every and ids.shape[1] - width < max_new):
                return torch.zeros(ids.shape[0], dtype=torch.bool, device=ids.device)
            new = ids[:, self.seen:].tolist()
            self.seen = ids.shape[1]
            done = [rows.feed(engine, w, row) for w, row in zip(watches, new, strict=True)]
            return torch.tensor(done, dtype=torch.bool, device=ids.device)

    return _Watch()


def run(engine, batch: list[Prepared]) -> list[GenerationResult]:
    """One batch (same stop strings and max_new_tokens) through ``model.generate``."""
    import torch
    from transformers import StoppingCriteriaList

    from storytransformer.runtime.constrained import processors_for
    from storytransformer.runtime.kv_cache import generate_kwargs

    req0 = batch[0].request
    input_ids, mask = left_pad([p.ids for p in batch], engine.pad_id)
    width = input_ids.shape[1]
    input_ids, mask = input_ids.to(engine.device), mask.to(engine.device)
    # The grammars first: building them may find xgrammar unusable, which turns the rows'
    # repetition rule back on (rows.watch), live and in the replay alike.
    constrain = processors_for(engine, batch)  # JSON-schema token masks (runtime/constrained.py)
    first_token_at: list[float] = []
    criteria = StoppingCriteriaList([_stop_rules(engine, batch, width, first_token_at)])
    config = generation_config(engine, req0.max_new_tokens, tuple(req0.stop))
    kv = generate_kwargs(engine, config, width, req0.max_new_tokens)  # --kv-cache int8/fp8: its cache
    t0 = time.perf_counter()
    with torch.inference_mode(), sdpa_priority(engine.attention, engine.device.type), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # bnb's per-call cast notices would flood stderr
        out = engine.model.generate(
            input_ids=input_ids, attention_mask=mask,
            generation_config=config,
            tokenizer=engine.tokenizer if req0.stop else None,
            stopping_criteria=criteria, logits_processor=constrain, **kv,
        )
    if engine.device.type == "cuda":
        torch.cuda.synchronize(engine.device)
    elapsed = time.perf_counter() - t0
    ttft = (first_token_at[0] - t0) if first_token_at else None
    new = out[:, width:].tolist()
    return [rows.finish(engine, p, new[row], elapsed / len(batch), ttft) for row, p in enumerate(batch)]
