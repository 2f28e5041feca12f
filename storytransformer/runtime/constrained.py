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

Only transformers' ``generate`` (padded batching) is constrained; static batching's own decode
loop and continuous batching are not yet (their answers go to the lenient parser, and
``EngineInfo.reasons`` says so). GPU: untested here (xgrammar applies its masks on CUDA
through Triton when installed); the speed claims above are CPU only.
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

    def __init__(self, tokenizer, vocab_size: int, stop_ids: Sequence[int] = ()):
        import xgrammar as xgr

        self.xgr = xgr
        self.stop_ids = sorted(stop_ids) or None  # the engine's end-of-turn ids end a finished answer
        self.info = xgr.TokenizerInfo.from_huggingface(tokenizer, vocab_size=vocab_size)
        self.compiler = xgr.GrammarCompiler(self.info, max_threads=1)
        self._compile = lru_cache(maxsize=256)(self._compile_uncached)

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

    def processor(self, requests: Sequence[Any]):
        """A transformers LogitsProcessor constraining row i to requests[i].json_schema; None
        when no request has a schema."""
        matchers = [self.matcher(r.json_schema, r.prefill) if r.json_schema else None for r in requests]
        if not any(m is not None for m in matchers):
            return None
        return _MaskProcessor(self.xgr, self.info.vocab_size, matchers)


class _MaskProcessor:
    """Called by ``generate`` once per step with every row's ids so far and next-token scores."""

    def __init__(self, xgr, vocab_size: int, matchers: list):
        self.xgr = xgr
        self.matchers = matchers
        self.bitmask = xgr.allocate_token_bitmask(len(matchers), vocab_size)
        self.width: int | None = None  # prompt width: the first call sees no generated token yet

    def __call__(self, input_ids, scores):
        if self.width is None:
            self.width = input_ids.shape[1]
        elif input_ids.shape[1] > self.width:
            for row, m in enumerate(self.matchers):
                if m is not None and not m.is_terminated():
                    if not m.accept_token(int(input_ids[row, -1])):
                        self.matchers[row] = None  # cannot happen under the mask; stop constraining
        rows = [row for row, m in enumerate(self.matchers) if m is not None and not m.is_terminated()]
        if not rows:
            return scores
        for row in rows:
            self.matchers[row].fill_next_token_bitmask(self.bitmask, row)
        mask = self.bitmask.to(scores.device) if scores.device.type != "cpu" else self.bitmask
        self.xgr.apply_token_bitmask_inplace(scores, mask, indices=rows)
        return scores


def constrains(engine, request) -> bool:
    """True when ``engine`` decodes ``request`` under its schema: then the repetition stop is
    off for it (the bounded schema closes a loop; a cut would leave broken JSON)."""
    return (bool(getattr(request, "json_schema", None)) and getattr(engine, "batching", "") == "padded"
            and not getattr(engine, "_schema_constraint_failed", False) and available() is None)


def processors_for(engine, batch) -> Any:
    """The ``logits_processor`` argument for ``generate`` on this batch of _Prepared rows (None:
    nothing to constrain, or xgrammar unusable). The engine's SchemaConstraint is built on
    first use and kept on the engine."""
    requests = [p.request for p in batch]
    if not any(getattr(r, "json_schema", None) for r in requests):
        return None
    constraint = getattr(engine, "_schema_constraint", None)
    if constraint is None:
        if getattr(engine, "_schema_constraint_failed", False) or available() is not None:
            return None
        try:
            vocab = int(getattr(engine.model.config, "vocab_size", 0) or len(engine.tokenizer))
            constraint = engine._schema_constraint = SchemaConstraint(engine.tokenizer, vocab,
                                                                      getattr(engine, "eos_ids", ()))
        except Exception as err:  # noqa: BLE001 - an unusual tokenizer: answers run free, said once
            engine._schema_constraint_failed = True
            engine.info.reasons.append(f"constrained decoding off: xgrammar could not read the tokenizer "
                                       f"({type(err).__name__}: {str(err)[:200]})")
            return None
    from transformers import LogitsProcessorList

    proc = constraint.processor(requests)
    return LogitsProcessorList([proc]) if proc is not None else None
