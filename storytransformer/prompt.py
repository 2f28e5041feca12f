"""Prompts for the merge: templates loaded from files, filled from one group of stories.

The system prompt and the instructions are the same for every call and the group's stories
come last, so an engine with a prefix/KV cache can reuse the shared part across calls.
Stories get short local labels (S1, S2, ...): small models copy those far more reliably than
tracker keys, and the labels are mapped back to real ids when the answer is validated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from storytransformer.errors import OptionError
from storytransformer.stories import Story

TEMPLATE_FILES = {"system": "merge_system.md", "user": "merge_user.md", "repair": "repair.md"}
_VERSION_LINE = re.compile(r"^\s*<!--\s*prompt:\s*(\S+)\s+version:\s*(\S+)\s*-->\s*$")


@dataclass(frozen=True)
class Templates:
    system: str
    user: str  # contains {{stories}}, at its end
    repair: str  # contains {{error}} and {{labels}}
    versions: dict[str, str]  # "merge_system" -> "1": recorded in outputs and the journal
    folder: str


def default_prompts_dir() -> Path:
    """storytransformer/prompts/, shipped as package data so a plain `pip install .` merges."""
    return Path(__file__).resolve().parent / "prompts"


def load_templates(folder: str | Path | None = None) -> Templates:
    folder = Path(folder) if folder else default_prompts_dir()
    texts: dict[str, str] = {}
    versions: dict[str, str] = {}
    for key, name in TEMPLATE_FILES.items():
        path = folder / name
        try:
            raw = path.read_text(encoding="utf-8")
        except OSError as err:
            raise OptionError("--prompts", f"cannot read {path}: {err.strerror or err}") from None
        first, _, rest = raw.partition("\n")
        m = _VERSION_LINE.match(first)
        if not m:
            raise OptionError(
                "--prompts", f"{path}:1: first line must be '<!-- prompt: NAME version: N -->'"
            )
        versions[m.group(1)] = m.group(2)
        texts[key] = rest.strip() + "\n"
    if "{{stories}}" not in texts["user"]:
        raise OptionError("--prompts", f"{folder / TEMPLATE_FILES['user']}: has no {{{{stories}}}} placeholder")
    return Templates(texts["system"], texts["user"], texts["repair"], versions, str(folder))


def labels_for(story_ids: Sequence[str]) -> dict[str, str]:
    """Local label -> real id, in the group's order."""
    return {f"S{i}": sid for i, sid in enumerate(story_ids, 1)}


# A story's own "<story>" or "</story>" is spelled "< story>": it cannot close its block early
# and make the rest of its text read as the prompt's own words.
_STORY_TAG = re.compile(r"<(/?)(\s*story\b)", re.I)


def render_story(label: str, story: Story) -> str:
    # The raw text is the ground truth the model must stay within; the title is added only
    # when the text does not already carry it (CSV rows keep Summary apart from Description).
    text = story.text.strip()
    if story.title and story.title.strip() and story.title.strip() not in text:
        text = f"{story.title.strip()}\n{text}"
    # Story text is data: it sits between <story> tags the system prompt calls data.
    text = _STORY_TAG.sub(r"<\1 \2", text)
    return f"[{label}]\n<story>\n{text}\n</story>"


def build_messages(templates: Templates, stories: Sequence[Story]) -> tuple[dict[str, str], ...]:
    labels = labels_for([s.id for s in stories])
    blocks = "\n\n".join(render_story(label, s) for label, s in zip(labels, stories, strict=True))
    return (
        {"role": "system", "content": templates.system},
        {"role": "user", "content": templates.user.replace("{{stories}}", blocks)},
    )


def build_repair_messages(
    templates: Templates,
    messages: Sequence[dict[str, str]],
    previous_answer: str,
    error: str,
    labels: Sequence[str],
    max_answer_chars: int = 600,
) -> tuple[dict[str, str], ...]:
    """The original conversation, the start of the model's bad answer, and what was wrong.
    Only the start: small models given their whole degenerate answer just repeat it."""
    answer = previous_answer if len(previous_answer) <= max_answer_chars else previous_answer[:max_answer_chars]
    repair = templates.repair.replace("{{error}}", error).replace("{{labels}}", ", ".join(labels))
    return (*messages, {"role": "assistant", "content": answer or "(empty)"}, {"role": "user", "content": repair})
