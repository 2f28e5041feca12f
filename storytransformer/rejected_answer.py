"""The model's answer a merge rejected, kept for the reviewer beside its extractive merge.

An answer that places no story, leaves one out or cannot be parsed was rejected with only a
flag ("left out of every story of the answer: S2"): the answer itself was only in the
journal. ``rejected_answer`` makes ``OutputStory.rejected`` for it (merged.json), which
report.html and merged.md show (``shown_answers``), and adds the answer's text to the
rejected merge of an answer that failed verification.

    {"reasons": ["..."],                      # why it was rejected, as the flag says
     "answers": [{"attempt": 1, "text": "...", "chars": 5210, "truncated": true}, ...],
     "note": "..."}                            # where the whole answer is, when cut

The text is the model's, untrusted: writers escape it. A long answer (a model that loops runs
to its token limit) is cut to its first ``HEAD`` and last ``TAIL`` characters around a line
that says how much was left out; the journal keeps ``JOURNAL_CHARS`` of each attempt.
"""

from __future__ import annotations

from typing import Any, Sequence

HEAD = 1500  # characters of an answer shown from its start
TAIL = 300  # and from its end: where a truncated JSON answer stopped
JOURNAL_CHARS = 4000  # merge._record journals this much of each attempt


def excerpt(text: str, head: int = HEAD, tail: int = TAIL) -> tuple[str, bool]:
    """``text`` whole when short, else its start and end around a line saying how many
    characters were left out. Returns (shown text, truncated)."""
    if len(text) <= head + tail + 80:
        return text, False
    left = len(text) - head - tail
    return f"{text[:head]}\n[... {left:,} characters left out ...]\n{text[-tail:]}", True


def rejected_answer(raw: Sequence[str], reasons: Sequence[str]) -> dict[str, Any]:
    """The record of a rejected answer: ``raw`` the model's answers, attempt by attempt (a
    repair prompt's answer second), ``reasons`` why the answer was rejected."""
    answers = []
    for i, text in enumerate(raw, 1):
        shown, cut = excerpt(text)
        answers.append({"attempt": i, "text": shown, "chars": len(text), "truncated": cut})
    note = ""
    if any(a["truncated"] for a in answers):
        note = (f"answers over {HEAD + TAIL:,} characters are shown cut; the journal (.merge-journal.jsonl, "
                f"the group's 'raw') keeps the first {JOURNAL_CHARS:,} characters of each")
    return {"reasons": list(reasons), "answers": answers, "note": note}


def shown_answers(rejected: dict[str, Any] | None) -> list[tuple[str, str]]:
    """(heading, text) per answer attempt to show, e.g. ("answer 1 of 2, 5,210 characters,
    cut", "{..."); [] when nothing was kept (a merge of copies, an older journal)."""
    answers = (rejected or {}).get("answers") or []
    out = []
    for a in answers:
        what = f"answer {a.get('attempt', 1)} of {len(answers)}" if len(answers) > 1 else "answer"
        size = f"{int(a.get('chars', len(a.get('text', '')))):,} characters" + (", cut" if a.get("truncated") else "")
        out.append((f"the model's {what} ({size})", str(a.get("text", ""))))
    return out
