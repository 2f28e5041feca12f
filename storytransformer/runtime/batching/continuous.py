"""Continuous batching: transformers' ``generate_batch`` (paged KV cache, requests scheduled
in and out of one running batch by its own worker thread). Stop strings and the stop rules
are applied after the fact (rows.finish replays them): generate_batch takes neither."""

from __future__ import annotations

import time
import warnings

from storytransformer.runtime.batching import rows
from storytransformer.runtime.batching.common import Prepared, generation_config
from storytransformer.runtime.types import GenerationResult


def run(engine, batch: list[Prepared]) -> list[GenerationResult]:
    """One batch through ``model.generate_batch``; raises RuntimeError when its results do not
    line up with the batch (the API moves between transformers releases: the caller falls back)."""
    req0 = batch[0].request
    gen_cfg = generation_config(engine, req0.max_new_tokens, ())
    t0 = time.perf_counter()
    # No inference_mode here: the manager's worker thread updates tensors created in this
    # one, which inference_mode would make read-only to it. It runs under no_grad itself.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        outputs = engine.model.generate_batch(inputs=[p.ids for p in batch], generation_config=gen_cfg,
                                              progress_bar=False)
    elapsed = time.perf_counter() - t0
    ordered = sorted(outputs.values(), key=lambda o: int(str(o.request_id).rsplit("_", 1)[-1]))
    if len(ordered) != len(batch):
        raise RuntimeError(f"generate_batch returned {len(ordered)} results for {len(batch)} requests")
    if all(o.error for o in ordered):
        raise RuntimeError(f"every request failed: {ordered[0].error}")
    results = []
    for p, o in zip(batch, ordered, strict=True):
        if list(o.prompt_ids)[-len(p.ids):] != p.ids and list(o.prompt_ids) != p.ids:
            raise RuntimeError("generate_batch returned results out of order")
        if o.error:
            results.append(GenerationResult(p.request.request_id, "", len(p.ids), 0, elapsed / len(batch),
                                            "error", error=str(o.error)))
            continue
        ttft = (o.lifespan[0] - t0) if o.lifespan and o.lifespan[0] > 0 else None
        results.append(rows.finish(engine, p, list(o.generated_tokens), elapsed / len(batch), ttft))
    return results
