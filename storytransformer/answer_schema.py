"""The JSON schema of a merge answer: what engines constrain decoding to, and what
``generate.validate`` reads.

    {"stories": [{"title": str, "role": str, "goal": str, "benefit": str,
                  "acceptance_criteria": [{"text": str, "sources": ["S1", ...]}, ...],
                  "sources": ["S1", "S2", ...]}]}

Every criterion names the story labels it comes from, so the verifier can check each claim
against the sentences it cites (not against a bag of words over the whole group). Engines
that can constrain output (an OpenAI-compatible server's ``response_format``, a grammar
library in-process) use ``answer_schema(labels)``, whose ``sources`` are an enum of the
group's labels: an answer can then only cite stories that exist. The lenient parser in
``generate.py`` still reads plain strings as criteria, for engines that cannot constrain.
"""

from __future__ import annotations

from typing import Any, Sequence

SCHEMA_NAME = "merged_stories"


# Bounds a grammar can enforce, so a constrained small model that loops inside a string or a
# list is closed by the grammar instead of running to the token limit (SmolLM2-135M repeated
# '{"text": "S2", "sources": ["S2", "S1"]}' until cut). Generous next to real stories.
MAX_SHORT = 200  # characters of a title or role
MAX_TEXT = 600  # characters of a goal, benefit or criterion
CRITERIA_PER_SOURCE = 4


def answer_schema(labels: Sequence[str] | None = None) -> dict[str, Any]:
    """JSON Schema (draft 2020-12 subset every server grammar compiler accepts: no $ref, no
    formats) for one answer. ``labels``: the group's story labels ("S1", ...); when given,
    ``sources`` may only name them, and arrays are bounded by the group's size."""
    short = {"type": "string", "maxLength": MAX_SHORT}
    text = {"type": "string", "maxLength": MAX_TEXT}
    label: dict[str, Any] = {"type": "string"}
    sources: dict[str, Any] = {"type": "array", "items": label, "minItems": 1}
    stories: dict[str, Any] = {"type": "array", "minItems": 1}
    criteria: dict[str, Any] = {"type": "array"}
    if labels:
        label = {"type": "string", "enum": list(labels)}
        # Bounded arrays: a grammar-constrained small model otherwise loops ("S1","S2","S1",...)
        # until the token limit and the answer is cut (seen with SmolLM2-135M on llama-cpp-python).
        sources = {"type": "array", "items": label, "minItems": 1, "maxItems": len(labels)}
        stories["maxItems"] = len(labels)  # at most one story per source
        criteria["maxItems"] = CRITERIA_PER_SOURCE * len(labels)
    criterion = {
        "type": "object",
        "properties": {"text": text, "sources": sources},
        "required": ["text", "sources"],
        "additionalProperties": False,
    }
    story = {
        "type": "object",
        "properties": {
            "title": short,
            "role": short,
            "goal": text,
            "benefit": text,
            "acceptance_criteria": {**criteria, "items": criterion},
            "sources": sources,
        },
        "required": ["title", "role", "goal", "benefit", "acceptance_criteria", "sources"],
        "additionalProperties": False,
    }
    return {
        "type": "object",
        "properties": {"stories": {**stories, "items": story}},
        "required": ["stories"],
        "additionalProperties": False,
    }


def response_format(labels: Sequence[str] | None = None) -> dict[str, Any]:
    """The OpenAI chat-completions ``response_format`` value for this schema."""
    return {"type": "json_schema",
            "json_schema": {"name": SCHEMA_NAME, "schema": answer_schema(labels), "strict": True}}
