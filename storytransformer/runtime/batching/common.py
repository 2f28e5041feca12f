"""What every batching strategy shares: the prepared request, cutting requests into batches,
the one left-pad, the generation config, and splitting a batch that runs out of memory."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Callable

from storytransformer.runtime.oom import free_accelerator_cache, is_out_of_memory
from storytransformer.runtime.types import GenerationRequest, GenerationResult

log = logging.getLogger(__name__)


@dataclass
class Prepared:
    """A request with its position in the call and its prompt's token ids (prefill included)."""

    index: int
    request: GenerationRequest
    ids: list[int]


def plan_batches(prepared: list[Prepared], max_tokens: int, max_rows: int) -> list[list[Prepared]]:
    """Group by (stop strings, max_new_tokens), sort by prompt length, and cut so that a batch's
    padded size (rows x (longest prompt + max_new_tokens)) stays under ``max_tokens`` and its
    rows under ``max_rows``; a single request that alone exceeds the budget is a batch of one."""
    groups: dict[tuple, list[Prepared]] = {}
    for p in prepared:
        groups.setdefault((tuple(p.request.stop), p.request.max_new_tokens), []).append(p)
    batches: list[list[Prepared]] = []
    for (_, max_new), items in groups.items():
        items.sort(key=lambda p: len(p.ids))
        batch: list[Prepared] = []
        longest = 0
        for p in items:
            new_longest = max(longest, len(p.ids))
            if batch and ((len(batch) + 1) * (new_longest + max_new) > max_tokens or len(batch) >= max_rows):
                batches.append(batch)
                batch, new_longest = [], len(p.ids)
            batch.append(p)
            longest = new_longest
        if batch:
            batches.append(batch)
    return batches


def left_pad(rows: list[list[int]], pad_id: int, total_rows: int | None = None):
    """(input_ids, attention_mask), both long [total_rows, width] on the CPU: each row's ids at
    the right end (the next token is generated right after them, in one column for all rows),
    pad and mask 0 to their left. ``total_rows`` > len(rows) adds dummy rows (a static shape
    bucket) holding one unmasked pad token each, so no row is fully masked."""
    import torch

    total = total_rows or len(rows)
    width = max(len(r) for r in rows)
    ids = torch.full((total, width), pad_id, dtype=torch.long)
    mask = torch.zeros((total, width), dtype=torch.long)
    for row, tokens in enumerate(rows):
        ids[row, width - len(tokens):] = torch.tensor(tokens, dtype=torch.long)
        mask[row, width - len(tokens):] = 1
    mask[len(rows):, -1] = 1
    return ids, mask


def generation_config(engine, max_new_tokens: int, stop: tuple[str, ...]):
    """transformers' GenerationConfig for greedy decoding with the engine's eos and pad ids."""
    from transformers import GenerationConfig

    return GenerationConfig(
        do_sample=False, num_beams=1, max_new_tokens=max_new_tokens,
        temperature=None, top_p=None, top_k=None,  # unset sampling knobs the model config may carry
        eos_token_id=sorted(engine.eos_ids) or None, pad_token_id=engine.pad_id,
        stop_strings=list(stop) or None,
    )


def split_on_oom(batch: list[Prepared], run: Callable[[list[Prepared]], list[GenerationResult]],
                 on_oom: Callable[[], None] = free_accelerator_cache) -> list[GenerationResult]:
    """Run a batch; on out-of-memory call ``on_oom`` (free what can be freed), split the batch
    in halves and retry, down to single requests, which then answer with finish_reason
    "error". Other errors propagate."""
    try:
        return run(batch)
    except Exception as err:
        if not is_out_of_memory(err):
            raise
        on_oom()
        if len(batch) == 1:
            p = batch[0]
            log.warning("request %s does not fit in memory (%d prompt tokens)", p.request.request_id, len(p.ids))
            return [GenerationResult(p.request.request_id, "", len(p.ids), 0, 0.0, "error",
                                     error=f"out of memory at {len(p.ids)} prompt tokens")]
        half = len(batch) // 2
        log.info("out of memory at batch %d; splitting", len(batch))
        return split_on_oom(batch[:half], run, on_oom) + split_on_oom(batch[half:], run, on_oom)
