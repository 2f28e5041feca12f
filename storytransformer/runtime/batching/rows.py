"""One generated row, whatever the strategy: its stop rules (runtime/stops.py) fed live, and
the exact cut of its finished tokens into a GenerationResult.

The live check may look late (every few steps on a GPU) or not at all (continuous batching);
``finish`` replays the rules on the finished tokens, so a result is the same batched or alone,
padded, static or continuous."""

from __future__ import annotations

from storytransformer.runtime.stops import RowWatch, json_end
from storytransformer.runtime.types import GenerationRequest, GenerationResult


def watch(engine, req: GenerationRequest) -> RowWatch:
    """The request's stop rules; the repetition rule is off where a grammar constrains the row
    (the bounded schema closes a loop; a cut would leave broken JSON)."""
    from storytransformer.runtime.constrained import constrains

    return RowWatch(prefill=req.prefill, stop_at_json_end=req.stop_at_json_end,
                    stop_on_repetition=req.stop_on_repetition and not constrains(engine, req))


def piece(engine, token: int) -> str:
    """The token's text alone (cached on the engine), what the stop rules read."""
    text = engine._pieces.get(token)
    if text is None:
        text = engine._pieces[token] = engine.tokenizer.decode([token], skip_special_tokens=True)
    return text


def feed(engine, w: RowWatch, tokens: list[int]) -> bool:
    """Feed a row's new tokens; True when the row is done (a rule fired, or eos/pad seen:
    the row already ended and is padded)."""
    for t in tokens:
        if w.finished:
            break
        if t in engine.eos_ids or t == engine.pad_id:
            w.finished = True
            break
        w.push(piece(engine, t))
    return w.reason is not None


def decode_answer(engine, p, tokens: list[int]) -> str:
    """Generated text, after the prefill it continues. Decoded together with the last
    prompt tokens, so a tokenizer that drops a word's leading space at the start of a
    decode (SentencePiece) keeps it, then the prompt's part is taken off again."""
    tok = engine.tokenizer
    if not p.request.prefill:
        return tok.decode(tokens, skip_special_tokens=True)
    tail = p.ids[-8:]
    head = tok.decode(tail, skip_special_tokens=True)
    both = tok.decode(tail + tokens, skip_special_tokens=True)
    if both.startswith(head):
        return both[len(head):]
    return tok.decode(tokens, skip_special_tokens=True)


def _rules_cut(engine, req: GenerationRequest, tokens: list[int], n: int) -> tuple[int, str | None]:
    """Replay the stop rules over tokens[:n]: (tokens kept, the rule's finish reason or None)."""
    w = watch(engine, req)
    if w.active:
        for i in range(n):
            if w.push(piece(engine, tokens[i])):
                return i + 1, w.reason
    return n, None


def finish(engine, p, tokens: list[int], seconds: float, ttft: float | None) -> GenerationResult:
    """Cut a row of generated ids (``p``: common.Prepared) at eos / a stop rule / stop string;
    count and decode the rest."""
    req = p.request
    tokens = tokens[: req.max_new_tokens]
    finish_reason, n = "length", len(tokens)
    for i, t in enumerate(tokens):
        # Rows that stopped early are filled with pad; pad may also be the eos token.
        if t in engine.eos_ids or t == engine.pad_id:
            n, finish_reason = i, "stop"
            break
    n, ruled = _rules_cut(engine, req, tokens, n)
    finish_reason = ruled or finish_reason
    text = decode_answer(engine, p, tokens[:n])
    cut = min((k for k in (text.find(s) for s in req.stop if s) if k >= 0), default=-1)
    if cut >= 0:
        text, finish_reason = text[:cut], "stop"
    eos_counted = finish_reason == "stop" and cut < 0 and not ruled and n < len(tokens)
    counted = n + (1 if eos_counted else 0)  # the eos was generated too
    text = req.prefill + text
    if req.stop_at_json_end:
        end = json_end(text)
        if end is not None:
            text, finish_reason = text[:end], "stop"
    return GenerationResult(req.request_id, text, len(p.ids), counted, seconds, finish_reason, ttft)
