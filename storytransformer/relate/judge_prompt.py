"""What the judge asks the model, and how its (untrusted) answer is read.

    templates = load_judge_templates(None)                 # storytransformer/prompts/judge_*.md
    messages = judge_messages(templates, story_a, story_b) # system + user, stories as data blocks
    request = judge_request(messages, "p17")               # GenerationRequest, schema-constrained
    parse_judgment('{"relation": "duplicate", "reason": "same export"}')
        -> Judgment("duplicate", "same export")            # or a str saying why it is unusable

The answer is constrained to ``judge_schema()`` where the engine can (a server's
``response_format``, xgrammar in-process), exactly like the merge answers; the rest is read by
the same lenient JSON reader as merge answers (code fences, chatter, single quotes, trailing
commas, <think> blocks), then by a last-resort search for ``"relation": "<word>"`` in a cut or
damaged answer. Anything else is unusable and the caller keeps the no-model decision.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storytransformer.errors import OptionError
from storytransformer.prompt import _VERSION_LINE, default_prompts_dir, render_story
from storytransformer.runtime.types import GenerationRequest
from storytransformer.stories import RELATIONS, Story
from storytransformer.textsafe import safe

JUDGE_FILES = {"system": "judge_system.md", "user": "judge_user.md"}
MAX_REASON = 300  # characters of the model's reason kept (and allowed by the schema)
MAX_STORY_CHARS = 4000  # of each story in the prompt: two stories and the instructions fit 4k tokens
MAX_NEW_TOKENS = 160  # a relation and one sentence
PREFILL = '{"relation": "'  # steers a small in-process model into the JSON (servers ignore it)
# Words models use for our relations (plural, or the field's other names).
_ALIASES = {"duplicates": "duplicate", "same": "duplicate", "overlaps": "overlap", "subsumes": "overlap",
            "contains": "overlap", "conflicts": "conflict", "contradiction": "conflict",
            "contradicts": "conflict", "relates": "related", "none": "unrelated", "different": "unrelated"}
_RELATION_FIELD = re.compile(r"""["']?relation["']?\s*[:=]\s*["']?([A-Za-z_-]{2,20})""", re.I)
_REASON_FIELD = re.compile(r"""["']reason["']\s*:\s*["']([^"']{1,600})""", re.I)


@dataclass(frozen=True)
class JudgeTemplates:
    system: str
    user: str  # contains {{stories}}
    versions: dict[str, str]  # "judge_system" -> "1": part of every cached judgment's key


@dataclass(frozen=True)
class Judgment:
    relation: str  # one of stories.RELATIONS
    reason: str  # the model's words, cleaned and cut to MAX_REASON


def judge_schema() -> dict[str, Any]:
    """JSON Schema of one judgment: {"relation": one of the five, "reason": str}."""
    return {
        "type": "object",
        "properties": {"relation": {"type": "string", "enum": list(RELATIONS)},
                       "reason": {"type": "string", "maxLength": MAX_REASON}},
        "required": ["relation", "reason"],
        "additionalProperties": False,
    }


def load_judge_templates(folder: str | Path | None = None) -> JudgeTemplates:
    """The judge prompts from ``folder`` (merge --prompts), each file falling back to the
    bundled one when the folder has none (a --prompts folder made before the judge existed).
    Raises OptionError naming --prompts for a file without its version line or placeholder."""
    texts, versions = {}, {}
    for key, name in JUDGE_FILES.items():
        path = Path(folder) / name if folder and (Path(folder) / name).is_file() else default_prompts_dir() / name
        try:
            raw = path.read_text(encoding="utf-8")
        except OSError as err:
            raise OptionError("--prompts", f"cannot read {path}: {err.strerror or err}") from None
        first, _, rest = raw.partition("\n")
        m = _VERSION_LINE.match(first)
        if not m:
            raise OptionError("--prompts", f"{path}:1: first line must be '<!-- prompt: NAME version: N -->'")
        versions[m.group(1)] = m.group(2)
        texts[key] = rest.strip() + "\n"
    if "{{stories}}" not in texts["user"]:
        raise OptionError("--prompts", f"{JUDGE_FILES['user']}: has no {{{{stories}}}} placeholder")
    return JudgeTemplates(texts["system"], texts["user"], versions)


def story_block(label: str, story: Story) -> str:
    """One story as a delimited data block (prompt.render_story: its own <story> tags defused),
    cut to MAX_STORY_CHARS so any two fit a small context."""
    block = render_story(label, story)
    if len(block) <= MAX_STORY_CHARS:
        return block
    return block[:MAX_STORY_CHARS - 30].rstrip() + "\n[... cut]\n</story>"


def judge_messages(templates: JudgeTemplates, a: Story, b: Story) -> tuple[dict[str, str], ...]:
    blocks = f"{story_block('A', a)}\n\n{story_block('B', b)}"
    return ({"role": "system", "content": templates.system},
            {"role": "user", "content": templates.user.replace("{{stories}}", blocks)})


def judge_request(messages, request_id: str) -> GenerationRequest:
    return GenerationRequest(tuple(messages), MAX_NEW_TOKENS, (), request_id, prefill=PREFILL,
                             stop_at_json_end=True, json_schema=judge_schema())


def parse_judgment(text: str) -> Judgment | str:
    """The judgment in a model answer, or why there is none (a str). Never raises."""
    from storytransformer.generate import _FENCE, _final_answer, _loads_lenient

    if not text or not text.strip():
        return "the answer was empty"
    body = _final_answer(text)
    obj: Any = None
    for cand in [m.group(1) for m in _FENCE.finditer(body)] + [body]:
        start, end = cand.find("{"), cand.rfind("}")
        if 0 <= start < end:
            try:
                obj = _loads_lenient(cand[start:end + 1])
                break
            except ValueError:
                continue
    if isinstance(obj, dict):
        relation, reason = obj.get("relation"), obj.get("reason")
    else:  # cut or damaged: the relation field alone still says what the model decided
        m = _RELATION_FIELD.search(body)
        if not m:
            return f"no relation in the answer ({_snippet(body)})"
        relation, found = m.group(1), _REASON_FIELD.search(body)
        reason = (found.group(1) + " [cut]") if found else ""
    name = _relation_name(relation)
    if name is None:
        return f"the relation {_snippet(str(relation))} is none of {', '.join(RELATIONS)}"
    reason = " ".join(safe(str(reason or "")).split())
    reason = reason if len(reason) <= MAX_REASON else reason[:MAX_REASON - 1] + "…"
    return Judgment(name, reason or "(no reason given)")


def _relation_name(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    word = value.strip().lower().replace("_", " ").replace("-", " ")
    word = _ALIASES.get(word, word)
    return word if word in RELATIONS else None


def _snippet(text: str) -> str:
    one = " ".join(safe(text).split())
    return repr(one[:60] + ("…" if len(one) > 60 else ""))
