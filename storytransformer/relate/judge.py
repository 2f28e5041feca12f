"""The optional last stage of relate: the model as a judge of the pairs the slots leave unsure.

    judge = Judge(load_engine, identity="openai:Qwen/Qwen2.5-7B-Instruct")
    relations = relate(stories, judge=judge)      # relate calls judge(stories, cand, decided, cutoffs)
    judge.summary()                               # counts and every judged pair, for merged.json / --dry-run

``merge --judge`` turns it on (off by default): a capable model served by vLLM, llama-server or
Ollama (``--base-url``), or a local one (``--model``). The bundled 135M model is no judge
(docs/grouping.md has its measured score); the no-model stage must stand on its own.

**Unsure, explicitly.** A pair is sent to the judge only when all of these hold:

1. it was decided *without slot evidence* (``Decision.evidence`` False): on the similarity or
   the MiniLM meaning alone, the slots (role, need, criteria, Gherkin steps) found nothing that
   makes the stories one or two stories;
2. it was decided "duplicate" or "related" (the two relations similarity alone gives);
3. its similarity lies within ``BAND`` of the duplicate cutoff (cutoff - BAND <= s < cutoff +
   BAND: where similarity cannot tell a reworded duplicate from a sibling), or it was decided
   on meaning (whole-story MiniLM cosine at or above the meaning cutoff).

Everything decided on evidence never reaches the model and the judge cannot change it: verbatim
copies, other numbers or a negation (conflict), one slot swapped in one template, other objects,
roles or actions (related), added scope (overlap), Gherkin steps. Stories the guard (guard.py)
marks as talking to the model are never sent. At most ``limit`` pairs are considered, the ones
decided on meaning first, then those nearest the cutoff.

**Control pairs first** (judge_controls.py): five pairs of known relation go in the first
batch; a judge with fewer than 4 right is distrusted and none of its answers is applied (they
are recorded, status "distrusted"). The bundled 135M model answers "duplicate" to everything
and is distrusted.

**What the answer can do.** A usable answer from a trusted judge replaces the decision, its reason saying "judged
by <model>: <the model's reason> (without the model: <relation>, <reason>)"; assembly then
treats it like any decision (complete linkage: a judged duplicate joins a group only if it is
a duplicate of every member). An unusable answer (unparseable, not one of the five relations)
or an engine error keeps the no-model decision, its reason saying so. Judgments are cached
(judge_cache.py): a resumed or repeated run does not ask again.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any, Callable, Sequence

from storytransformer.relate.judge_cache import JudgmentCache, judgment_key
from storytransformer.relate.judge_controls import CONTROLS, PASS
from storytransformer.relate.judge_prompt import judge_messages, judge_request, load_judge_templates, parse_judgment

# Half-width of the band around the duplicate cutoff where similarity alone is unsure: the
# relate stage's own related margin (assemble.RELATED_MARGIN), so the band below the cutoff is
# everything decided "related" on wording; above, the labelled duplicates and siblings still
# overlap up to about cutoff + 0.1 (docs/grouping.md).
BAND = 0.1
DEFAULT_LIMIT = 2000  # pairs considered per run: about 10 minutes for a 7B model on one GPU server


@dataclass
class JudgedPair:
    """One unsure pair and what became of it. ``status``: "judged" (a usable answer),
    "unusable" (answer not readable: no-model decision kept), "error" (the engine failed:
    kept), "not sent" (a story looks like instructions to the model: kept), "distrusted" (the
    judge failed its control pairs, judge_controls.py: kept). ``cached``: the
    answer came from an earlier run (judge_cache.py), not from the model now."""

    source: str
    target: str
    similarity: float
    before: str  # the no-model relation
    relation: str  # the relation decided now
    reason: str
    status: str
    model: str | None = None
    cached: bool = False
    answer: str | None = None  # the model's relation, applied or not (benchmarks score it)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def unsure(cand, decided: Sequence[tuple], cutoffs, band: float = BAND) -> list[int]:
    """Indices into ``decided`` of the unsure pairs (module docstring), in the order they are
    judged: decided on meaning first, then nearest the duplicate cutoff, then by index."""
    meaning = cand.meaning if cand.meaning is not None else [None] * len(decided)
    found = []
    for n, ((_, _, score, d), m) in enumerate(zip(decided, meaning, strict=True)):
        if d.evidence or d.relation not in ("duplicate", "related"):
            continue
        by_meaning = m is not None and m >= cutoffs.meaning
        if by_meaning or cutoffs.duplicate - band <= score < cutoffs.duplicate + band:
            found.append((not by_meaning, abs(score - cutoffs.duplicate), n))
    return [n for *_, n in sorted(found)]


class Judge:
    """The judge stage, called by ``relate`` as ``judge(stories, cand, decided, cutoffs)``.

    ``load_engine``: called once, only when some pair is not cached. ``identity``: what
    names the model in the cache key (engine and model; the caller knows it before
    loading). ``batch_size``: requests handed to the engine at once (default 8 for a CPU
    engine, 64 otherwise; a server keeps ``--concurrency`` in flight). ``controls``: ask the
    control pairs (judge_controls.py) and apply no answer of a judge that fails them. After a
    call, ``records`` holds every considered pair and ``engine`` the engine if it was loaded."""

    def __init__(self, load_engine: Callable[[], Any] | None, *, identity: str, model_name: str | None = None,
                 prompts: str | None = None, limit: int = DEFAULT_LIMIT, batch_size: int | None = None,
                 progress: bool = False, cache: JudgmentCache | None = None, engine: Any = None,
                 controls: bool = True):
        self.load_engine = load_engine
        self.identity = identity
        self.model_name = model_name or identity
        self.templates = load_judge_templates(prompts)
        self.limit = limit
        self.batch_size = batch_size
        self.progress = progress
        self.cache = cache or JudgmentCache()
        self.engine = engine
        self.use_controls = controls
        self.records: list[JudgedPair] = []
        self.controls: dict[str, Any] = {}
        self.unsure = 0
        self.over_limit = 0

    def __call__(self, stories, cand, decided, cutoffs) -> list[tuple]:
        from storytransformer.guard import suspicious

        todo = unsure(cand, decided, cutoffs)
        self.records, self.controls = [], {}  # one corpus per call
        self.unsure, self.over_limit = len(todo), max(0, len(todo) - self.limit)
        todo = todo[:self.limit]
        story = {str(n): (stories[cand.units[decided[n][0]][0]], stories[cand.units[decided[n][1]][0]])
                 for n in todo}
        flagged = suspicious({s.id: s for pair in story.values() for s in pair}.values())
        sent = [rid for rid, pair in story.items() if not any(s.id in flagged for s in pair)]
        if sent and self.use_controls:
            story.update({f"c{i}": (a, b) for i, (a, b, _) in enumerate(CONTROLS)})
            sent += [f"c{i}" for i in range(len(CONTROLS))]
        keys = {rid: judgment_key(self.identity, self.templates.versions, *_blocks(self._messages(story[rid])))
                for rid in sent}
        answers = self.cache.get_many(sorted(set(keys.values())))
        ask = [rid for rid in sent if keys[rid] not in answers]
        if ask:
            self._ask(ask, story, keys, answers)
        trusted = self._check_controls(answers, keys) if sent and self.use_controls else True
        out = list(decided)
        for n in todo:
            a, b, score, d = decided[n]
            bad = [s.id for s in story[str(n)] if s.id in flagged]
            answer = answers.get(keys[str(n)]) if not bad else None
            new, status = _apply(d, answer, bad, None if trusted else self.controls)
            out[n] = (a, b, score, new)
            self.records.append(JudgedPair(story[str(n)][0].id, story[str(n)][1].id, round(score, 4), d.relation,
                                           new.relation, new.reason, status, (answer or {}).get("model"),
                                           not bad and str(n) not in ask, (answer or {}).get("relation")))
        return out

    def _messages(self, pair):
        return judge_messages(self.templates, *pair)

    def _check_controls(self, answers, keys) -> bool:
        """Score the control pairs (self.controls); True when the judge may be trusted."""
        said = [(answers.get(keys[f"c{i}"]) or {}).get("relation") for i in range(len(CONTROLS))]
        right = sum(got == want for got, (_, _, want) in zip(said, CONTROLS, strict=True))
        self.controls = {"right": right, "of": len(CONTROLS), "pass": PASS, "trusted": right >= PASS,
                         "expected": [want for *_, want in CONTROLS], "answers": said}
        return right >= PASS

    def _ask(self, ask: list[str], story, keys, answers) -> None:
        """Every request id in ``ask`` through the engine in batches, each answer cached as it comes."""
        from storytransformer.console import task_bars
        from storytransformer.generate import _safe_generate

        if self.engine is None:
            if self.load_engine is None:
                raise ValueError("the judge has no engine to ask")
            self.engine = self.load_engine()
        model = getattr(self.engine.info, "model", None) or self.model_name
        self.model_name = model
        size = self.batch_size or (8 if str(getattr(self.engine.info, "device", "")).startswith("cpu") else 64)
        with task_bars(self.progress) as task:
            advance = task(f"Judging unsure pairs ({model})", len(ask))

            def on_result(result) -> None:
                answer = _answer(result, model)
                answers[keys[result.request_id]] = answer
                if answer["status"] != "error":  # an engine error is asked again by a later run
                    self.cache.put(keys[result.request_id], answer)
                if advance:
                    advance()

            # Controls go first (they are last in ``ask``): a distrusted judge is known early.
            ask = sorted(ask, key=lambda rid: not rid.startswith("c"))
            for start in range(0, len(ask), size):
                chunk = ask[start:start + size]
                # An engine crash reads as error results (generate._safe_generate, as for merge
                # answers): those pairs keep their no-model decision; a server gone still stops.
                requests = [judge_request(self._messages(story[rid]), rid) for rid in chunk]
                for result in _safe_generate(self.engine, requests, on_result):
                    if keys[result.request_id] not in answers:
                        on_result(result)

    def summary(self) -> dict[str, Any]:
        """Counts and every considered pair: merged.json's ``metadata.judge``, --dry-run's ``judge``."""
        count = {s.replace(" ", "_"): sum(r.status == s for r in self.records)
                 for s in ("judged", "distrusted", "unusable", "error", "not sent")}
        return {"model": self.model_name, "unsure_pairs": self.unsure, "limit": self.limit,
                "over_limit": self.over_limit, "asked": sum(not r.cached and r.status != "not sent" for r in
                                                            self.records),
                "cached": sum(r.cached for r in self.records), **count,
                "changed": sum(r.relation != r.before for r in self.records),
                "controls": self.controls or None,
                "pairs": [r.to_dict() for r in self.records]}


def _blocks(messages) -> tuple[str, str]:
    """What identifies a pair's question: the system prompt and the user message as sent."""
    return messages[0]["content"], messages[-1]["content"]


def _answer(result, model: str) -> dict[str, Any]:
    """A GenerationResult as the cache keeps it."""
    if result.finish_reason == "error":
        why = result.error or " ".join((result.text or "the engine failed").split())[:200]
        return {"model": model, "status": "error", "error": why, "raw": ""}
    parsed = parse_judgment(result.text)
    if isinstance(parsed, str):
        return {"model": model, "status": "unusable", "error": parsed, "raw": result.text[:2000]}
    return {"model": model, "status": "ok", "relation": parsed.relation, "reason": parsed.reason,
            "raw": result.text[:2000]}


def _apply(d, answer: dict[str, Any] | None, bad: list[str], distrust: dict[str, Any] | None):
    """(the decision now, the record's status) for one unsure pair; ``distrust``: the control
    results of a judge that failed them (its answer is then only reported)."""
    from storytransformer.relate.decide import Decision

    if bad:
        return replace(d, reason=f"{d.reason}; not sent to the judge ({', '.join(bad)} looks like "
                                 f"instructions to the model)"), "not sent"
    if not answer or answer.get("status") != "ok":
        why = (answer or {}).get("error") or "no answer"
        kind = "error" if (answer or {}).get("status") == "error" else "unusable"
        return replace(d, reason=f"{d.reason}; the judge's answer could not be used ({why}): kept the decision "
                                 f"made without the model"), kind
    if distrust:
        return replace(d, reason=f"{d.reason}; the judge ({answer['model']}) answered {answer['relation']!r}, not "
                                 f"used: it got {distrust['right']} of {distrust['of']} control pairs right "
                                 f"(needs {distrust['pass']})"), "distrusted"
    reason = (f"judged by {answer['model']}: {answer['reason']} (without the model: {d.relation}, {d.reason})")
    # evidence=True: a judged pair is decided, not a guess from similarity; a judged "related"
    # is linked even low in the band, and judged duplicates join groups before guessed ones.
    return Decision(answer["relation"], reason, evidence=True), "judged"


class CountUnsure:
    """A judge that asks nobody: it counts the unsure pairs (what ``merge --judge`` would ask
    about) and changes nothing; ``merge --dry-run`` without --judge reports the count."""

    def __init__(self):
        self.count = 0

    def __call__(self, stories, cand, decided, cutoffs) -> list[tuple]:
        self.count = len(unsure(cand, decided, cutoffs))
        return list(decided)


def judge_for(settings, load_engine: Callable[[], Any] | None, progress: bool = False) -> Judge | None:
    """The Judge a merge run with these settings uses (``settings.judge``), else None.
    ``load_engine.identity`` (set by the CLI's loader: engine and model) names the
    model in cached judgments before it is loaded."""
    if not getattr(settings, "judge", False):
        return None
    model = settings.model or "the bundled model"
    identity = getattr(load_engine, "identity", None) or f"hf:{settings.model or 'bundled'}"
    return Judge(load_engine, identity=identity, model_name=model, prompts=settings.prompts,
                 limit=getattr(settings, "judge_limit", DEFAULT_LIMIT), batch_size=settings.batch_size,
                 progress=progress)
