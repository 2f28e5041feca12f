"""The merge's other written fields, grounded like its criteria: the title, and a
"description" or "notes" field when an answer carries one.

The title is what a tracker shows first (Jira's Summary, the headline of merged.md): an
invented one ("Delete all patient records nightly" over two stories about dose display) is
the most visible fabrication there is (t23 finding 1). A title is checked as a claim against
the sources' titles and sentences: its words must be stated (by lemma, synonym class) in one
of them, with the same polarity. A title that fails rejects the whole answer, which then
becomes the flagged extractive merge (whose title is a source's own), rather than the merge
being kept with a source title swapped in: a model that invents its headline has shown it
does not stick to its sources, and the reviewer should see that, not a repaired answer that
looks clean.
"""

from __future__ import annotations

from typing import Sequence

from storytransformer.stories import Story
from storytransformer.verify.check import Problem, Similarity, check_claim
from storytransformer.verify.claims import Claim, SourceSentence, _text_sentences, source_sentences
from storytransformer.verify.cues import analyse

# Free-text fields an answer may carry beyond the narrative and criteria; each sentence of
# them is a claim checked against every source sentence.
EXTRA_FIELDS = ("description", "notes")


def _titles(sources: Sequence[Story]) -> list[SourceSentence]:
    return [SourceSentence(s.id, "title", 0, s.title.strip(), analyse(s.title.strip()))
            for s in sources if (s.title or "").strip()]


def field_claims(fields: dict) -> list[Claim]:
    """The title, and each sentence of a description or notes field, as claims."""
    out = []
    title = str(fields.get("title") or "")
    if title.strip():
        out.append(Claim("title", title, (), analyse(title)))
    for name in EXTRA_FIELDS:
        value = fields.get(name)
        if isinstance(value, (list, tuple)):
            value = "\n".join(str(v) for v in value)
        for sentence in _text_sentences(str(value or "")):
            out.append(Claim(name, sentence, (), analyse(sentence)))
    return out


def field_problems(fields: dict, sources: Sequence[Story], similar: Similarity | None = None) -> list[Problem]:
    """Problems of the title and extra text fields; [] when each is stated by a source.
    A title is aligned among the sources' titles and all their sentences; a description
    sentence among all sentences. Problems are field "title" / "description" / "notes",
    their spans inside that claim's text (for a description: inside the sentence)."""
    sentences = source_sentences(sources)
    titles = _titles(sources) + _parts(sentences)
    context = frozenset().union(*(s.analysis.content for s in titles + sentences)) if sentences else frozenset()
    out = []
    for claim in field_claims(fields):
        if claim.field != "title":
            out += check_claim(claim, sentences, context, similar)
            continue
        for p in check_claim(claim, titles, context, similar):
            if p.kind in TITLE_KINDS:  # (the reason reads "title: invented: ...")
                out.append(p)
    return out


# What a title is checked for: stated (half its words in one source title or sentence) and
# with the same polarity. A title is a label, a rewording of a source title's words ("Deposit
# refund once the tenant moves out" for "Refund security deposit"), so its word-by-word
# differences are not asked; a word no source has at all still fails the story through
# ``verify._unexplained`` (the grounding), so an invented headline cannot pass.
TITLE_KINDS = ("invented", "negation")


def _parts(sentences: Sequence[SourceSentence]) -> list[SourceSentence]:
    """A title is compared with the sources' goals, benefits, roles and criteria, not their
    raw text lines, where the narrative and its reason stand in one sentence ("I want to
    freeze my membership so that I do not pay": a negation that is no part of the need);
    a story with no structured part gives its text sentences."""
    structured = {s.story_id for s in sentences if s.part != "text"}
    return [s for s in sentences if s.part != "text" or s.story_id not in structured]
