"""Schema-constrained decoding in-process: the HF engine's answers follow the request's JSON
schema (GenerationRequest.json_schema) by construction, through xgrammar's token masks.

Why xgrammar: measured on the 2-core build machine (CPU, load average ~10, SmolLM2's 49,152-
token vocabulary, the merge answer schema, an 85-token answer; /tmp script in
docs/runtime.md): building the mask and applying it to the logits took 0.81 ms per token
with xgrammar 0.2.9 and 10.9 ms with llguidance 1.9.1 (218 ms per token on its first,
cold pass); compiling one group's schema took 0.03-0.05 s with either. A decode step of the
135M model is tens of ms here, so xgrammar's cost is a few percent. (outlines and
lm-format-enforcer were not measured: xgrammar is what vLLM and SGLang use by default.)

How: one GrammarCompiler per engine (the tokenizer's vocabulary is read once, ~1 s); a schema
is compiled once per distinct label set (cached); each row of a batch gets its own matcher,
advanced over the request's prefill text first, then over every token generated. When the
JSON closes, only end-of-sequence is allowed, so generation stops there. Rows without a
schema, or whose prefill the grammar refuses, are left free (the lenient parser reads them).

Every batching strategy constrains: padded batches through a logits processor in transformers'
``generate``; static batches in their own decode loop (batching/refill.py: the rows' bitmask is
applied to the step's logits before the greedy pick, then each row's matcher accepts its
token, and a refilled slot gets the new request's matcher; this reads each step's tokens on the host, so on a GPU a constrained batch gives up the
stop rules' read-ahead window); continuous batching cannot (transformers' ``generate_batch``
builds its logits processors from the GenerationConfig alone and calls them on packed rows
without request ids), so a batch with a schema runs as a padded batch there, said in
``EngineInfo.reasons``. On an H200 (docs/benchmarks.md section 13; xgrammar applies its masks
on CUDA through Triton) a whole 880k-token merge in the static loop took the same engine time
constrained as free (234.7 vs 234.6 s).
"""

from __future__ import annotations

import json
import logging
from functools import lru_cache
from typing import Any, Sequence

log = logging.getLogger(__name__)

SEPARATORS = (", ", ": ")  # json.dumps' defaults, and the prefill's: '{"stories": [{"title": "'


@lru_cache(maxsize=1)
def available() -> str | None:
    """None when xgrammar can be used, else why not (one line)."""
    try:
        import xgrammar  # noqa: F401
    except Exception as err:  # noqa: BLE001 - ImportError or a broken native build
        return f"xgrammar is not usable ({type(err).__name__}: {err}); pip install xgrammar"
    return None


class SchemaConstraint:
    """Compiles JSON schemas for one tokenizer and hands out per-batch logits processors."""

    def __init__(self, tokenizer, vocab_size: int, stop_ids: Sequence[int] = (), banned_ids: Sequence[int] = ()):
        import xgrammar as xgr

        self.xgr = xgr
        self.stop_ids = sorted(stop_ids) or None  # the engine's end-of-turn ids end a finished answer
        self.info = xgr.TokenizerInfo.from_huggingface(tokenizer, vocab_size=vocab_size)
        self.compiler = xgr.GrammarCompiler(self.info, max_threads=1)
        self._compile = lru_cache(maxsize=256)(self._compile_uncached)
        self.banned = banned_tokens(self.info, tokenizer, stop_ids, banned_ids, vocab_size)

    def _compile_uncached(self, schema_json: str):
        return self.compiler.compile_json_schema(schema_json, any_whitespace=False, separators=SEPARATORS)

    def matcher(self, schema: dict, prefill: str = ""):
        """A fresh matcher for ``schema`` already past ``prefill``; None if the grammar refuses
        the prefill (that row then runs unconstrained)."""
        m = self.xgr.GrammarMatcher(self._compile(json.dumps(schema)),
                                    override_stop_tokens=self.stop_ids)
        if prefill and not m.accept_string(prefill):
            log.warning("the answer prefill %r does not fit the schema; that request runs unconstrained", prefill)
            return None
        return m

    def grammars(self, requests: Sequence[Any], total_rows: int | None = None) -> "RowGrammars | None":
        """Row i constrained to requests[i].json_schema (rows past len(requests), up to
        ``total_rows``, are dummies: free); None when no request has a schema."""
        matchers = [self.matcher(r.json_schema, r.prefill) if r.json_schema else None for r in requests]
        if not any(m is not None for m in matchers):
            return None
        matchers += [None] * ((total_rows or len(matchers)) - len(matchers))
        return self.rows(matchers)

    def rows(self, matchers: list) -> "RowGrammars":
        """RowGrammars over these matchers (None: a free row), with this tokenizer's banned ids."""
        return RowGrammars(self.xgr, self.info.vocab_size, matchers, self.banned)


def banned_tokens(info, tokenizer, stop_ids: Sequence[int], extra: Sequence[int], vocab_size: int) -> list[int]:
    """Ids a constrained row must never pick although the grammar may allow them: the
    tokenizer's special tokens (pad, unk, bos...) and ``extra`` (the engine's pad id), less the
    stop ids and what xgrammar already treats as special. xgrammar reads a vocabulary it cannot
    classify (VocabType.RAW: a word-level tokenizer) with '<pad>' as five characters of text, so
    the mask let pad into a JSON string, and the decode loop, which takes pad for a row's end,
    cut the answer there (2 of 5,711 answers on the H200, docs/benchmarks.md section 13)."""
    keep = set(stop_ids) | set(getattr(info, "special_token_ids", None) or ())
    ids = set(getattr(tokenizer, "all_special_ids", None) or ()) | {i for i in extra if i is not None}
    return sorted(i for i in ids if i not in keep and 0 <= i < vocab_size)


class RowGrammars:
    """The rows' grammar matchers and one token bitmask, for any decode loop: ``mask`` the next
    token's scores before the greedy pick, then ``accept`` the tokens picked. A row without a
    matcher (None: no schema, a dummy or empty slot, or one whose grammar gave up) runs free.
    ``rows`` (optional, both methods): which matcher each row of the scores/tokens belongs to
    (a refill prefills a few slots of many)."""

    def __init__(self, xgr, vocab_size: int, matchers: list, banned: Sequence[int] = ()):
        self.xgr = xgr
        self.matchers = matchers
        self.bitmask = xgr.allocate_token_bitmask(len(matchers), vocab_size)
        self.banned = list(banned)  # special ids never picked by a constrained row (banned_tokens)
        self._banned_on: dict = {}  # device -> the ids as a tensor there

    def _live(self, row: int) -> bool:
        m = self.matchers[row]
        return m is not None and not m.is_terminated()

    def accept(self, tokens: Sequence[int], rows: Sequence[int] | None = None) -> None:
        """Advance each constrained row by its new token (one per row)."""
        for i, row in enumerate(range(len(tokens)) if rows is None else rows):
            if self._live(row) and not self.matchers[row].accept_token(int(tokens[i])):
                self.matchers[row] = None  # cannot happen under the mask (or a row already done): stop constraining

    def mask(self, scores, rows: Sequence[int] | None = None):
        """Set to -inf, in place, every token a constrained row's grammar refuses next; returns scores."""
        rows = range(scores.shape[0]) if rows is None else rows
        live = [i for i, row in enumerate(rows) if self._live(row)]
        if not live:
            return scores
        for i in live:
            self.matchers[rows[i]].fill_next_token_bitmask(self.bitmask, i)
        bitmask = self.bitmask[:scores.shape[0]]
        bitmask = bitmask.to(scores.device) if scores.device.type != "cpu" else bitmask
        self.xgr.apply_token_bitmask_inplace(scores, bitmask, indices=live)
        if self.banned:
            import torch

            ban = self._banned_on.get(scores.device)
            if ban is None:
                ban = self._banned_on[scores.device] = torch.tensor(self.banned, device=scores.device)
            scores[torch.tensor(live, device=scores.device)[:, None], ban[None, :]] = float("-inf")
        return scores

    def greedy(self, rows: Sequence[int] | None = None):
        """A decoder's ``pick`` (logits [k, V] -> tokens [k]): the greedy token among those each
        row's grammar allows, on float32 scores as generate's logits processors see them (same
        ties, same tokens); the step's own logits buffer stays untouched."""
        import torch

        def pick(logits):
            return self.mask(logits.to(dtype=torch.float32, copy=True), rows).argmax(-1)

        return pick


class _MaskProcessor:
    """transformers' LogitsProcessor over RowGrammars: ``generate`` calls it once per step with
    every row's ids so far and the next-token scores."""

    def __init__(self, grammars: RowGrammars):
        self.grammars = grammars
        self.width: int | None = None  # prompt width: the first call sees no generated token yet

    def __call__(self, input_ids, scores):
        if self.width is None:
            self.width = input_ids.shape[1]
        elif input_ids.shape[1] > self.width:
            self.grammars.accept(input_ids[:, -1].tolist())
        return self.grammars.mask(scores)


def constrains(engine, request) -> bool:
    """True when ``engine`` decodes ``request`` under its schema (every batching: padded and
    static mask the logits themselves, continuous hands batches with a schema to padded): then
    the repetition stop is off for it (the bounded schema closes a loop; a cut would leave
    broken JSON)."""
    return (bool(getattr(request, "json_schema", None)) and not getattr(engine, "_schema_constraint_failed", False)
            and available() is None)


def constraint_for(engine) -> SchemaConstraint | None:
    """The engine's SchemaConstraint, built on first use and kept on the engine; None when
    xgrammar is unusable or cannot read the tokenizer (said once in EngineInfo.reasons)."""
    constraint = getattr(engine, "_schema_constraint", None)
    if constraint is not None or getattr(engine, "_schema_constraint_failed", False) or available() is not None:
        return constraint
    try:
        vocab = int(getattr(engine.model.config, "vocab_size", 0) or len(engine.tokenizer))
        constraint = engine._schema_constraint = SchemaConstraint(engine.tokenizer, vocab,
                                                                  getattr(engine, "eos_ids", ()),
                                                                  (getattr(engine, "pad_id", None),))
    except Exception as err:  # noqa: BLE001 - an unusual tokenizer: answers run free, said once
        engine._schema_constraint_failed = True
        engine.info.reasons.append(f"constrained decoding off: xgrammar could not read the tokenizer "
                                   f"({type(err).__name__}: {str(err)[:200]})")
        return None
    return constraint


def grammars_for(engine, batch, total_rows: int | None = None) -> RowGrammars | None:
    """The rows' grammars for this batch of Prepared rows (None: nothing to constrain, or
    xgrammar unusable); ``total_rows`` > len(batch) adds free rows (dummies, empty slots)."""
    requests = [p.request for p in batch]
    if not any(getattr(r, "json_schema", None) for r in requests):
        return None
    constraint = constraint_for(engine)
    return constraint.grammars(requests, total_rows) if constraint is not None else None


def processors_for(engine, batch) -> Any:
    """The ``logits_processor`` argument for ``generate`` on this batch (None: nothing to constrain)."""
    grammars = grammars_for(engine, batch)
    if grammars is None:
        return None
    from transformers import LogitsProcessorList

    return LogitsProcessorList([_MaskProcessor(grammars)])
