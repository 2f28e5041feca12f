"""A test double for runtime.types.Engine that answers merge prompts from a script.

It reads the stories out of the prompt (the [S1], [S2] blocks) and answers like a model
would, well or badly: the behaviour per request is a function of the request's content
only (never of call order or batching), so a killed-and-resumed run sees the same answers
as an uninterrupted one.

Behaviours ("modes"):
  good       one merged story built from the sources' own words, all labels as sources
  separate   one story per label (the model decides nothing is a duplicate)
  fenced     good, wrapped in ```json fences with chatter around it
  pythonic   good, but with single quotes and trailing commas
  drop       leaves the last label out
  invent     adds labels/ids that are not in the group
  repeat     two stories both claim S1
  fabricate  good, plus a number and a name no source contains
  negate     good, with its first acceptance criterion reversed ("can" -> "can not", else "not" added)
  cited      good, each criterion an object {"text", "sources"} naming the labels that state it
  invalid    prose, no JSON
  truncated  JSON cut off in the middle of the second story
  empty      nothing
  raise      the engine raises (the whole batch fails)
  surrogate  good, with half an emoji ("\ud83d") in the title and a criterion
  deep       good, followed in the stories list by a value nested 1,200 deep
  abyss      nothing but a value nested 1,200 deep

In-process tests pass it to merge_corpus(engine=...) or register it by name
(runtime.registry.register). Tests of the real CLI and of subprocesses serve the same answers
over HTTP instead (tests/scripted_server.py) and go through the real ``openai`` engine.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from typing import Callable, Sequence

from storytransformer.runtime.types import EngineInfo, GenerationRequest, GenerationResult

MODES = ("good", "separate", "fenced", "pythonic", "drop", "invent", "repeat", "fabricate",
         "invalid", "truncated", "empty", "raise", "surrogate", "deep", "abyss", "negate", "cited")

_BLOCK = re.compile(r"^\[(S\d+)\]\n(.*?)(?=\n\n\[S\d+\]\n|\Z)", re.S | re.M)
_STORY = re.compile(r"As an? (?P<role>[^,]+?),? I want (?P<goal>.+?)(?:,? so that (?P<benefit>[^.\n]+))?[.\n]", re.I | re.S)


class EngineCrash(RuntimeError):
    pass


def stories_in(request: GenerationRequest) -> list[tuple[str, str]]:
    user = next(m["content"] for m in request.messages if m["role"] == "user")
    return [(m.group(1), _untag(m.group(2).strip())) for m in _BLOCK.finditer(user)]


def _untag(text: str) -> str:
    """A story block's text without the <story> ... </story> delimiters around it."""
    if text.startswith("<story>\n") and text.endswith("\n</story>"):
        return text[len("<story>\n"):-len("\n</story>")]
    return text


def _good_story(blocks: list[tuple[str, str]]) -> dict:
    label, text = blocks[0]
    m = _STORY.search(text + "\n")
    first_line = text.strip().splitlines()[0].lstrip("# ") if text.strip() else label
    criteria = []
    for _, t in blocks:
        for line in t.splitlines():
            line = line.strip()
            if line.startswith(("- ", "* ")) and line[2:] not in criteria:
                criteria.append(line[2:])
    return {
        "title": " ".join(first_line.split()[:6]),
        "role": m.group("role").strip() if m else "",
        "goal": " ".join(m.group("goal").split()) if m else first_line,
        "benefit": (m.group("benefit") or "").strip() if m else "",
        "acceptance_criteria": criteria,
        "sources": [lbl for lbl, _ in blocks],
    }


def _pythonic(blocks):
    s = _good_story(blocks)
    crit = ", ".join(repr(c) for c in s["acceptance_criteria"])
    src = ", ".join(repr(x) for x in s["sources"])
    return (f"{{'stories': [{{'title': {s['title']!r}, 'role': {s['role']!r}, 'goal': {s['goal']!r}, "
            f"'benefit': {s['benefit']!r}, 'acceptance_criteria': [{crit},], 'sources': [{src},],}},]}}")


def _drop(blocks):
    return json.dumps({"stories": [_good_story(blocks[:-1] or blocks)]}) if len(blocks) > 1 else "{}"


def _invent(blocks):
    s = _good_story(blocks)
    s["sources"] = s["sources"] + ["S99", "JIRA-404"]
    return json.dumps({"stories": [s, {"title": "ghost", "goal": "x", "sources": ["S77"]}]})


def _fabricate(blocks):
    s = _good_story(blocks)
    s["acceptance_criteria"] = s["acceptance_criteria"] + ["Respond within 99 seconds via Zorblax"]
    return json.dumps({"stories": [s]})


def _cited(blocks):
    s = _good_story(blocks)
    s["acceptance_criteria"] = [
        {"text": c, "sources": [lbl for lbl, t in blocks if any(line.strip()[2:] == c for line in t.splitlines())]}
        for c in s["acceptance_criteria"]]
    return json.dumps({"stories": [s]})


def _title(blocks):
    """The good answer under a headline no source has (t23 finding 1)."""
    s = _good_story(blocks)
    s["title"] = "Delete all patient records nightly"
    return json.dumps({"stories": [s]})


def _miscite(blocks):
    """The cited answer with every criterion cited to the next story of the group (t23 finding 2)."""
    s = json.loads(_cited(blocks))["stories"][0]
    labels = [lbl for lbl, _ in blocks]
    for c in s["acceptance_criteria"]:
        c["sources"] = [labels[(labels.index(x) + 1) % len(labels)] for x in c["sources"]] or ["S99"]
    return json.dumps({"stories": [s]})


def _negate(blocks):
    s = _good_story(blocks)
    if s["acceptance_criteria"]:
        c = s["acceptance_criteria"][0]
        flipped = re.sub(r"\b(can|must|is|are|will)\b", r"\1 not", c, count=1)
        s["acceptance_criteria"][0] = flipped if flipped != c else "It is not true that " + c
    return json.dumps({"stories": [s]})


def _surrogate(blocks):
    s = _good_story(blocks)
    s["title"] += " \ud83d"
    s["acceptance_criteria"] = s["acceptance_criteria"] + ["cut \ud83d"]
    return json.dumps({"stories": [s]})  # ensure_ascii: spelled as the escape, as models do


def _truncated(blocks):
    full = json.dumps({"stories": [_good_story(blocks[:1]), _good_story(blocks[1:] or blocks)]})
    return full[: int(len(full) * 0.8)]


def _good_json(blocks) -> str:
    return json.dumps({"stories": [_good_story(blocks)]})


# One scripted answer per mode, each a function of the prompt's story blocks.
_ANSWERS: dict[str, Callable[[list[tuple[str, str]]], str]] = {
    "empty": lambda blocks: "",
    "invalid": lambda blocks: "I think these stories are about logging in. They could be merged.",
    "good": _good_json,
    "separate": lambda blocks: json.dumps({"stories": [_good_story([b]) for b in blocks]}),
    "fenced": lambda blocks: ("Sure! Here is the merge:\n```json\n"
                              + json.dumps({"stories": [_good_story(blocks)]}, indent=2) + "\n```\nLet me know."),
    "pythonic": _pythonic,
    "drop": _drop,
    "invent": _invent,
    "repeat": lambda blocks: json.dumps({"stories": [_good_story(blocks), _good_story(blocks[:1])]}),
    "fabricate": _fabricate,
    "cited": _cited,
    "negate": _negate,
    "title": _title,
    "miscite": _miscite,
    "surrogate": _surrogate,
    "deep": lambda blocks: _good_json(blocks)[:-2] + ", " + "[" * 1200 + "]" * 1200 + "]}",
    "abyss": lambda blocks: '{"stories": ' + "[" * 1200 + "]" * 1200 + "}",
    "truncated": _truncated,
}


def add_answer(mode: str, make: Callable[[list[tuple[str, str]]], str]) -> None:
    """Register a test's own answer (``make(blocks)`` -> the model's text) under ``mode``, for
    ScriptedEngine and ScriptedServer alike (a test of one kind of unfaithful answer)."""
    _ANSWERS[mode] = make


def answer(mode: str, blocks: list[tuple[str, str]]) -> str:
    if mode not in _ANSWERS:
        raise ValueError(f"unknown mode {mode}")
    return _ANSWERS[mode](blocks)


class ScriptedEngine:
    """Replays ``mode_for(request)`` answers; records every request it saw."""

    def __init__(
        self,
        modes: Sequence[str] | Callable[[GenerationRequest], str] = ("good",),
        *,
        repair_mode: str | None = None,
        delay: float = 0.0,
        context_length: int = 8192,
        seed: int = 0,
    ):
        self.modes = modes
        self.repair_mode = repair_mode
        self.delay = delay
        self.seed = seed
        self.info = EngineInfo(model="scripted", context_length=context_length, reasons=["test double"])
        self.requests: list[GenerationRequest] = []
        self.generate_calls = 0

    def mode_for(self, request: GenerationRequest) -> str:
        if self.repair_mode and len(request.messages) > 2:
            return self.repair_mode
        if callable(self.modes):
            return self.modes(request)
        key = hashlib.sha1(f"{self.seed}|{request.messages[1]['content']}".encode()).digest()
        return self.modes[int.from_bytes(key[:4], "big") % len(self.modes)]

    def count_tokens(self, text: str) -> int:
        return len(re.findall(r"\w+|[^\w\s]", text))

    def prompt_tokens(self, messages) -> int:
        return sum(self.count_tokens(m["content"]) + 4 for m in messages) + 2

    def generate(self, requests, on_result=None):
        self.generate_calls += 1
        self.requests.extend(requests)
        if any(self.mode_for(r) == "raise" for r in requests):
            raise EngineCrash("CUDA error: an illegal memory access was encountered (scripted)")
        results = []
        for r in requests:
            if self.delay:
                time.sleep(self.delay)
            text = answer(self.mode_for(r), stories_in(r))
            out_tokens = self.count_tokens(text)
            res = GenerationResult(
                r.request_id, text, self.prompt_tokens(r.messages), out_tokens, 0.01,
                "length" if self.mode_for(r) == "truncated" else "stop",
            )
            results.append(res)
            if on_result:
                on_result(res)
        return results

