"""Run merge prompts through an Engine and turn its (untrusted) answers into validated drafts.

The model's text is parsed defensively (code fences, chatter around the JSON, single quotes,
trailing commas, truncation) and validated against the group: unknown ids are dropped, an id
claimed twice stays with its first claimant, ids nobody claimed are reported as missing so
the caller keeps those stories unchanged. A failed answer gets one retry with a repair
prompt that says what was wrong; the better of the two attempts is kept.
"""

from __future__ import annotations

import ast
import json
import logging
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

from storytransformer.answer_schema import answer_schema
from storytransformer.errors import EngineUnavailable
from storytransformer.jsonscan import complete_objects
from storytransformer.prompt import Templates, build_repair_messages, labels_for
from storytransformer.runtime.types import Engine, GenerationRequest, GenerationResult
from storytransformer.textsafe import safe

log = logging.getLogger(__name__)

# ---------------------------------------------------------------------------- parsing


@dataclass
class Parsed:
    items: list[Any]  # raw story objects found (dicts, or junk to be rejected by validate)
    error: str | None = None  # why nothing (or not everything) could be read
    salvaged: bool = False  # True: JSON was truncated/damaged and complete objects were rescued


_FENCE = re.compile(r"```[a-zA-Z0-9_-]*\s*\n?(.*?)(?:```|$)", re.S)
_TRAILING_COMMA = re.compile(r",\s*([}\]])")


def _loads_lenient(text: str) -> Any:
    """json.loads, then the repairs that cannot change meaning: trailing commas, and
    Python-style literals (single quotes, True/None) read with ast.literal_eval (no code runs)."""
    try:
        return json.loads(text)
    except (ValueError, RecursionError):  # RecursionError: nested ~1,000 deep
        pass
    fixed = _TRAILING_COMMA.sub(r"\1", text)
    for attempt in (text, fixed):
        try:  # strict=False: a raw line break or tab inside a string (models write them)
            return json.loads(attempt, strict=False)
        except (ValueError, RecursionError):
            pass
    pythonic = re.sub(r"\btrue\b", "True", re.sub(r"\bfalse\b", "False", re.sub(r"\bnull\b", "None", fixed)))
    try:
        return ast.literal_eval(pythonic)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        raise ValueError("not valid JSON") from None


def _as_items(obj: Any) -> list[Any] | None:
    if isinstance(obj, dict):
        stories = obj.get("stories")
        if isinstance(stories, list):
            return stories
        if "sources" in obj:  # a single story without the wrapper
            return [obj]
        # Another key ("story", "merged_stories", ...) holding a list of story objects.
        for value in obj.values():
            if isinstance(value, list) and value and all(isinstance(v, dict) and "sources" in v for v in value):
                return value
        return None
    if isinstance(obj, list):
        return obj
    return None


_THINK = re.compile(r"<(think|thinking|reasoning)>.*?</\1>", re.S | re.I)


def _final_answer(text: str) -> str:
    """A reasoning model's answer without its <think> blocks: drafts quoted while thinking
    must not count; the final answer after the block does. An unclosed block (the answer
    was cut while thinking) is kept, so its JSON can still be rescued."""
    stripped = _THINK.sub("", text)
    return stripped if stripped.strip() else text


def parse_answer(text: str) -> Parsed:
    """Find the merge JSON in a model answer; never raises."""
    if not text or not text.strip():
        return Parsed([], "the answer was empty")
    text = _final_answer(text)
    candidates = [m.group(1) for m in _FENCE.finditer(text)] + [text]
    for cand in candidates:
        for opener in ("{", "["):
            pos = cand.find(opener)
            if pos < 0:
                continue
            body = cand[pos:]
            end = max(body.rfind("}"), body.rfind("]"))
            for attempt in (body, body[: end + 1] if end >= 0 else body):
                try:
                    items = _as_items(_loads_lenient(attempt))
                except ValueError:
                    continue
                if items is not None:
                    return Parsed(items)
    # Truncated or damaged: rescue the complete story objects after "stories": [
    for cand in candidates:
        m = re.search(r"[\"']stories[\"']\s*:\s*\[", cand)
        begin = m.end() if m else cand.find("{")
        if begin < 0:
            continue
        rescued = []
        for chunk in complete_objects(cand, begin):
            try:
                obj = _loads_lenient(chunk)
            except ValueError:
                continue
            if isinstance(obj, dict) and "sources" in obj:
                rescued.append(obj)
        if rescued:
            return Parsed(rescued, "the JSON was incomplete; complete stories were kept", salvaged=True)
    return Parsed([], "no JSON object with a \"stories\" list was found")


# ---------------------------------------------------------------------------- validation


@dataclass
class Draft:
    """One merged story proposed by the model, its sources mapped to real ids."""

    title: str
    role: str
    goal: str
    benefit: str
    acceptance_criteria: tuple[str, ...]
    sources: tuple[str, ...]
    # Per criterion, the story ids the model says it comes from (() for a criterion given as
    # a plain string: the verifier then aligns it among all sources). Empty: none given.
    criterion_sources: tuple[tuple[str, ...], ...] = ()


@dataclass
class Validated:
    drafts: list[Draft]
    missing: list[str]  # group ids no draft claimed: kept unchanged by the caller
    problems: list[str]  # what was wrong, for flags and the repair prompt

    @property
    def ok(self) -> bool:
        return bool(self.drafts) and not self.missing and not self.problems


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return " ".join(_text(v) for v in value)
    if isinstance(value, dict):  # {"text": ...}: a criterion object where a string was expected
        return _text(value.get("text"))
    return safe(re.sub(r"\s*\n\s*", " ", str(value)).strip())  # a raw line break inside a field; "\ud83d": U+FFFD


def _criteria(value: Any) -> list[tuple[str, Any]]:
    """(text, raw sources) per criterion; sources are None for a plain string."""
    if value is None:
        return []
    if isinstance(value, str):
        return [(p.strip(" \t-*•"), None) for p in safe(value).splitlines()]
    if not isinstance(value, (list, tuple)):
        value = [value]
    return [(_text(v.get("text")), v.get("sources")) if isinstance(v, dict) else (_text(v), None) for v in value]


def _criteria_with_sources(value: Any, lookup: dict[str, str]) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """Criteria deduplicated (case-insensitive; a repeat's sources join the first), each
    with the real ids its known labels name (unknown labels are dropped here: the story's
    own ``sources`` are what the group check reads)."""
    texts: list[str] = []
    cited: list[list[str]] = []
    index: dict[str, int] = {}
    for text, raw in _criteria(value):
        if not text:
            continue
        # A label no story of the group has is kept as "?LABEL": the verifier rejects a
        # criterion citing it (verify/citations.py) instead of printing an empty citation.
        ids = [lookup.get(r.strip("[]()<>{} .:").lower(), "?" + r.strip()) for r in _source_refs(raw)
               if r.strip("[]()<>{} .:")]
        if text.lower() in index:
            at = cited[index[text.lower()]]
            at.extend(i for i in ids if i not in at)
            continue
        index[text.lower()] = len(texts)
        texts.append(text)
        cited.append(list(dict.fromkeys(ids)))
    return tuple(texts), tuple(tuple(c) for c in cited)


def _source_refs(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [v for v in re.split(r"[\s,;]+", value) if v]
    if isinstance(value, dict):  # {"id": "S1", ...}: small models nest the source story
        for key in ("id", "label", "source", "story_id", "key"):
            if isinstance(value.get(key), (str, int)):
                return [str(value[key]).strip()]
        return []
    if isinstance(value, (list, tuple)):
        return [ref for v in value for ref in _source_refs(v)]
    return [_text(value)]


def validate(items: Sequence[Any], group_ids: Sequence[str]) -> Validated:
    """Check a parsed answer against the group. Deterministic: the same answer always gives
    the same drafts (first claimant keeps a repeated id; order of the answer is kept)."""
    labels = labels_for(group_ids)
    lookup = {k.lower(): v for k, v in labels.items()} | {sid.lower(): sid for sid in group_ids}
    problems: list[str] = []
    claimed: set[str] = set()
    drafts: list[Draft] = []
    for n, item in enumerate(items, 1):
        if not isinstance(item, dict):
            problems.append(f"story {n} is not an object")
            continue
        sources: list[str] = []
        for ref in _source_refs(item.get("sources")):
            key = ref.strip("[]()<>{} .:").lower()
            sid = lookup.get(key)
            if sid is None:
                problems.append(f"story {n} names unknown source {ref!r} (dropped)")
            elif sid in claimed:
                if sid not in sources:
                    problems.append(f"{_label_of(sid, labels)} is claimed by more than one story (kept in the first)")
            elif sid not in sources:
                sources.append(sid)
        claimed.update(sources)
        if not sources:
            problems.append(f"story {n} has no valid sources (dropped)")
            continue
        criteria, cited = _criteria_with_sources(item.get("acceptance_criteria"), lookup)
        for ref in dict.fromkeys(r for c in cited for r in c if r.startswith("?")):
            problems.append(f"story {n}: a criterion names unknown source {ref[1:]!r}")
        drafts.append(
            Draft(
                title=_text(item.get("title")),
                role=_text(item.get("role")),
                goal=_text(item.get("goal")),
                benefit=_text(item.get("benefit")),
                acceptance_criteria=criteria,
                sources=tuple(sources),
                criterion_sources=cited if any(cited) else (),
            )
        )
    missing = [sid for sid in group_ids if sid not in claimed]
    if missing:
        problems.append("missing from every story: " + ", ".join(_label_of(s, labels) for s in missing))
    return Validated(drafts, missing, problems)


def _label_of(sid: str, labels: dict[str, str]) -> str:
    for label, real in labels.items():
        if real == sid:
            return label
    return sid


# ---------------------------------------------------------------------------- running


@dataclass
class GroupJob:
    group_id: str
    story_ids: tuple[str, ...]
    messages: tuple[dict[str, str], ...]
    max_new_tokens: int | None = None  # None: run_jobs' max_new_tokens


@dataclass
class GroupAnswer:
    group_id: str
    validated: Validated
    error: str | None  # parse/engine error of the kept attempt, if any
    calls: int = 0
    prompt_tokens: int = 0
    output_tokens: int = 0
    seconds: float = 0.0
    finish_reasons: list[str] = field(default_factory=list)
    raw: list[str] = field(default_factory=list)  # the model's answers, attempt by attempt


# The assistant turn starts inside the answer's JSON: small models that otherwise drift into
# prose or endless key lists then write the fields, and generation stops where the object
# closes (nothing after it is read anyway). Engines that ignore prefill return whole answers.
ANSWER_PREFILL = '{"stories": [{"title": "'


def _answer_request(messages, max_new_tokens: int, request_id: str, story_ids: Sequence[str] = ()) -> GenerationRequest:
    schema = answer_schema(list(labels_for(story_ids))) if story_ids else None  # engines that can, constrain to it
    return GenerationRequest(messages, max_new_tokens, (), request_id, prefill=ANSWER_PREFILL, stop_at_json_end=True,
                             json_schema=schema)


def _judge(result: GenerationResult, story_ids: Sequence[str]) -> tuple[Validated, str | None]:
    if result.finish_reason == "error":
        detail = getattr(result, "error", None) or result.text or "no detail"
        return Validated([], list(story_ids), ["the engine failed: " + detail]), "engine error"
    try:
        parsed = parse_answer(result.text)
        v = validate(parsed.items, story_ids)
    except Exception as err:  # noqa: BLE001 - one answer (nested 1,200 deep...) affects only its group
        why = f"the answer could not be read ({type(err).__name__})"
        return Validated([], list(story_ids), [why]), why
    if parsed.error:
        v.problems.insert(0, parsed.error)
    if result.finish_reason == "length":
        v.problems.insert(0, "the answer hit the output token limit")
    elif result.finish_reason == "repetition":
        v.problems.insert(0, "the answer degenerated into repetition and was cut")
    return v, parsed.error


def _quality(v: Validated) -> tuple[int, int]:
    covered = sum(len(d.sources) for d in v.drafts)
    return covered, -len(v.problems)


def _safe_generate(engine: Engine, requests: list[GenerationRequest], on_result) -> list[GenerationResult]:
    """An engine crash must not lose the batch: every request then reads as an error result."""
    try:
        results = engine.generate(requests, on_result)
    except EngineUnavailable:
        raise  # a server that is gone: stop, keep what is journaled, --resume later
    except Exception as err:  # noqa: BLE001 - any engine failure falls back to originals
        log.warning("engine failed on a batch of %d: %s", len(requests), err)
        msg = f"{type(err).__name__}: {err}"
        results = [GenerationResult(r.request_id, msg, 0, 0, 0.0, "error") for r in requests]
    if len(results) != len(requests):
        got = {r.request_id: r for r in results}
        results = [got.get(r.request_id) or GenerationResult(r.request_id, "no result", 0, 0, 0.0, "error") for r in requests]
    return results


def run_jobs(
    engine: Engine,
    jobs: Sequence[GroupJob],
    templates: Templates,
    *,
    max_new_tokens: int,
    on_answer: Callable[[GroupAnswer], None],
    batch_size: int = 64,
    repair: bool = True,
    prior: dict[str, GenerationResult] | None = None,
    on_attempt: Callable[[GroupJob, GenerationResult], None] | None = None,
) -> None:
    """Every job through the engine in batches; ``on_answer`` gets each group once, final.

    Groups whose first answer is fine are handed over as their result arrives (so the
    caller can journal them at once); the rest get one repair call after their batch.
    ``on_attempt`` sees each first answer that needs that repair, so the caller can journal
    it too; ``prior`` hands such answers back on resume (no second first call is made)."""
    prior = prior or {}
    expect = getattr(engine, "expect_output_tokens", None)  # optional: lets an engine plan for the whole job
    if expect is not None:
        expect(sum(j.max_new_tokens or max_new_tokens for j in jobs if j.group_id not in prior))
    for start in range(0, len(jobs), batch_size):
        batch = _Batch(list(jobs[start : start + batch_size]), max_new_tokens, on_answer, repair, on_attempt)
        batch.first_answers(engine, prior)
        batch.repair_answers(engine, templates)


class _Batch:
    """One batch of run_jobs: first answers (replayed from ``prior`` or generated), then one
    repair call for each group whose first answer was unusable; each group handed to
    ``on_answer`` once, final."""

    def __init__(self, jobs: list[GroupJob], max_new_tokens: int, on_answer: Callable[[GroupAnswer], None],
                 repair: bool, on_attempt: Callable[[GroupJob, GenerationResult], None] | None):
        self.jobs = jobs
        self.by_id = {j.group_id: j for j in jobs}
        self.max_new_tokens = max_new_tokens
        self.on_answer = on_answer
        self.repair = repair
        self.on_attempt = on_attempt
        self.first: dict[str, tuple[GenerationResult, Validated, str | None]] = {}
        self.done: set[str] = set()
        self.retry: dict[str, GroupJob] = {}

    def first_answers(self, engine: Engine, prior: dict[str, GenerationResult]) -> None:
        for job in self.jobs:
            if job.group_id in prior:
                self.on_first(prior[job.group_id], replayed=True)
        fresh = [j for j in self.jobs if j.group_id not in self.first]
        requests = [_answer_request(j.messages, j.max_new_tokens or self.max_new_tokens, j.group_id, j.story_ids)
                    for j in fresh]
        if requests:
            for result in _safe_generate(engine, requests, self.on_first):
                self.on_first(result)  # engines that do not call back; repeated calls are ignored

    def repair_answers(self, engine: Engine, templates: Templates) -> None:
        self.retry = {j.group_id: j for j in self.jobs if j.group_id not in self.done}
        repairs = []
        for job in self.retry.values():
            result, v, _ = self.first[job.group_id]
            error = "; ".join(v.problems) or "unusable answer"
            msgs = build_repair_messages(templates, job.messages, result.text, error, list(labels_for(job.story_ids)))
            repairs.append(_answer_request(msgs, job.max_new_tokens or self.max_new_tokens, job.group_id + ":repair",
                                           job.story_ids))
        if repairs:
            for second in _safe_generate(engine, repairs, self.on_second):
                self.on_second(second)

    def on_first(self, result: GenerationResult, replayed: bool = False) -> None:
        job = self.by_id.get(result.request_id)
        if job is None or job.group_id in self.first:
            return
        v, err = _judge(result, job.story_ids)
        self.first[job.group_id] = (result, v, err)
        if v.ok or not self.repair:
            self.finish(job, [result], v, err)
        elif self.on_attempt and not replayed:
            self.on_attempt(job, result)

    def on_second(self, second: GenerationResult) -> None:
        job = self.retry.get(second.request_id.removesuffix(":repair"))
        if job is None or job.group_id in self.done:
            return
        result, v1, err1 = self.first[job.group_id]
        v2, err2 = _judge(second, job.story_ids)
        # Keep the better attempt: more ids placed, then fewer problems; ties keep the first.
        v, err = (v2, err2) if _quality(v2) > _quality(v1) else (v1, err1)
        self.finish(job, [result, second], v, err)

    def finish(self, job: GroupJob, results: list[GenerationResult], v: Validated, err: str | None) -> None:
        self.done.add(job.group_id)
        self.on_answer(
            GroupAnswer(
                group_id=job.group_id,
                validated=v,
                error=err,
                calls=len(results),
                prompt_tokens=sum(r.prompt_tokens for r in results),
                output_tokens=sum(r.output_tokens for r in results),
                seconds=sum(r.seconds for r in results),
                finish_reasons=[r.finish_reason for r in results],
                raw=[safe(r.text) for r in results],
            )
        )
