"""The extractive merge: a merge of a duplicate group that needs no model and invents nothing.

Used when the model's answer for a group cannot be parsed or fails verification (the
fallback), and for every group with ``merge --merger extractive`` (no model at all).

    base     the most complete story of the group (a parsed role/goal/benefit first, then
             the most acceptance criteria, a title, the longest text; ties keep group order).
             Its title, role, goal, benefit and text (less its criteria) are taken verbatim.
    criteria the union of every story's acceptance criteria, base first, then group order,
             with near-duplicates removed (``near_duplicates``): the longer, more specific
             wording is kept and the criterion cites every story that stated it, the story
             whose words are used first.

Nothing is invented by construction: every field is a copy of a source's text. The result
is decision "flagged" (a person confirms that the group really is one story), its flags say
it is an extractive merge and why (the rejected model answer, or ``--merger extractive``).

The near-duplicate rule is deliberately strict (a product owner trusts a tool that merges
less but is right): two criteria are one when, after normalisation (case, markup,
punctuation, inflection, stop words), the content words of the shorter appear in the longer
*in the same order* and cover at least ``MIN_COVERAGE`` of it, and both state the same
numbers, negations, modal verbs and restrictions ("only", "unless"). So "Password has at
least 8 characters" and "...12 characters" stay apart, as do "must" / "should", "is sent" /
"is not sent", "export to CSV" / "export to PDF", and "A before B" / "B before A".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Sequence

from storytransformer.extractive_text import conserved_text
from storytransformer.negation_words import FRENCH_NE, NOBODY, NONE, NOT, WITHOUT, every
from storytransformer.results import OutputStory, merged_id
from storytransformer.stories import Story
from storytransformer.verify import find_conflicts, stem
from storytransformer.verify.alternatives import opposite_flags
from storytransformer.verify.conflicts import might_conflict

FLAG = "extractive merge"  # every extractive output's first flag starts with it
MIN_COVERAGE = 0.6  # shorter criterion's content words / longer's, for a subsumed wording

# Words that change what a criterion requires; two criteria differing in any of these are
# never one criterion. English first, then the languages backlogs we have seen are written in.
NEGATIONS = every(NOT, NONE, NOBODY, WITHOUT) | FRENCH_NE  # (negation_words.py)
MODALS = frozenset(
    """must should shall may might can could will would need needs required optional mandatory
    muss muessen müssen soll sollte sollen kann koennen können darf duerfen dürfen
    doit doivent devrait peut peuvent
    debe deben deberia debería puede pueden""".split()
)
# Words that turn a statement into its opposite when added ("Search by name" / "Search by
# name is disabled"): counted with the negations, by prefix so every inflection matches.
_NEGATIVE = re.compile(r"^(?:disabl|deactivat|den(?:y|ie)|reject|block|prevent|forbid|prohibit|hid(?:e|den|ing)"
                       r"|fail|unabl|disallow|refus|exclud|invalid|impossib|deaktiv|verbiet|verboten|verhinder"
                       r"|interdi|bloqu|prohib|impid|deshabilit|désactiv)")
RESTRICTIONS = frozenset("only unless except exclusively nur ausser außer seulement sauf solo excepto".split())
# Bounds on a number ("8 characters" / "at most 8 characters" / "8 or more characters"): a
# restriction too, as are the words that make a plain statement a permission or a duty.
BOUNDS = frozenset("""least most minimum maximum more less fewer over under above below exceed exceeds
    up mindestens höchstens maximal minimal moins plus""".split())
_DUTY = {"has": "must", "have": "must", "had": "must", "allowed": "can", "permitted": "can", "able": "can"}
# "and"/"or" joining a second actor or object ("Admins and managers can export"): counted, so a
# criterion naming two is never folded into one naming one of them.
CONJUNCTIONS = frozenset("and or und oder et ou".split())
_NUMBER_WORDS = {w: str(n) for n, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())}
_STOP = frozenset(
    """a an the and or of to in on at by for with from into as is are was were be been being it its
    this that these those there their they them he she his her we our you your i me my""".split()
)
_CONTRACTION = re.compile(r"(\w+)n['’]t\b", re.I)
_MARKUP = re.compile(r"^\s*(?:#+|>|[-*+•]|\d+[.)]|\[[ xX]?\])\s+|[*_`~]+")
_STEP = re.compile(r"^\s*(given|when|then|and|but)\b", re.I)
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:[-'’][^\W\d_]+)*", re.U)


@dataclass(frozen=True)
class CriterionKey:
    """What a criterion says, for comparison: content stems in order, and its guard words."""

    content: tuple[str, ...]
    numbers: tuple[str, ...]  # sorted
    negations: frozenset[str]
    modals: frozenset[str]
    restrictions: frozenset[str]
    exact: str  # normalised text: equal means the same wording
    links: tuple[str, ...] = ()  # "and"/"or" (sorted, repeated): how many things it joins

    @property
    def guards(self) -> tuple:
        return self.numbers, self.negations, self.modals, self.restrictions, self.links


def _words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text)
    text = _STEP.sub(" ", _MARKUP.sub(" ", text)).lower()  # "Then I see" says what "I see" says
    # "can't" -> "can not", "won't" -> "will not", "doesn't" -> "does not"
    text = text.replace("can't", "can not").replace("can’t", "can not").replace("cannot", "can not")
    text = text.replace("won't", "will not").replace("won’t", "will not")
    text = _CONTRACTION.sub(r"\1 not", text)
    out = []
    for tok in _TOKEN.findall(text):
        tok = tok.replace("’", "'")
        if tok[0].isdigit():
            t = tok.replace(",", "")
            out.append(t.rstrip("0").rstrip(".") if "." in t else t)
        else:
            out.append(_NUMBER_WORDS.get(tok, tok.replace("-", "")))  # e-mail == email
    return out


@lru_cache(maxsize=1 << 16)  # pure; backlogs repeat criteria and narrative parts a lot
def criterion_key(text: str) -> CriterionKey:
    """Normalise one criterion for near-duplicate comparison (pure, cheap)."""
    words = _words(text)
    content, numbers, neg, modal, restr = [], [], set(), set(), set()
    links: list[str] = []
    for i, w in enumerate(words):
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if w in _DUTY and (nxt == "to" or w != "has" and w != "have" and w != "had"):
            modal.add(_DUTY[w])  # "has to confirm" is a duty, "is allowed to export" a permission
        elif w in CONJUNCTIONS:
            links.append(w)
        elif w in BOUNDS:
            restr.add(w)
        elif w[0].isdigit():
            numbers.append(w)
        elif w in NEGATIONS:
            neg.add(w)
        elif _NEGATIVE.match(w):
            neg.add(stem(w))
        elif w in MODALS:
            modal.add(w)
        elif w in RESTRICTIONS:
            restr.add(w)
        elif w not in _STOP:
            content.append(stem(w))
    return CriterionKey(tuple(content), tuple(sorted(numbers)), frozenset(neg), frozenset(modal),
                        frozenset(restr), " ".join(words), tuple(sorted(links)))


def _in_order(short: Sequence[str], long: Sequence[str]) -> bool:
    it = iter(long)
    return all(any(w == x for x in it) for w in short)


def near_duplicates(a: CriterionKey, b: CriterionKey) -> bool:
    """True when two criteria state the same thing (see the module docstring for the rule)."""
    if a.exact == b.exact:
        return True
    if a.guards != b.guards or not a.content or not b.content:
        return False
    short, long = sorted((a.content, b.content), key=len)
    return len(short) / len(long) >= MIN_COVERAGE and _in_order(short, long)


def _more_specific(a: tuple[str, CriterionKey], b: tuple[str, CriterionKey]) -> bool:
    """True when wording ``b`` should replace ``a``: more content words, then longer text."""
    return (len(b[1].content), len(b[0])) > (len(a[1].content), len(a[0]))


@dataclass
class Criterion:
    text: str
    sources: list[str] = field(default_factory=list)  # the wording's story first
    key: CriterionKey | None = None
    step: bool = False  # a Gherkin step: its wording stays (it sits in a sequence)


def _is_scenario(story: Story) -> bool:
    """Gherkin steps are one sequence, not independent criteria."""
    crit = story.acceptance_criteria
    return bool(crit) and (story.format == "gherkin" or all(_STEP.match(c) for c in crit))


def _fold(kept: list[Criterion], text: str, key: CriterionKey, sid: str) -> bool:
    """Fold a criterion into a kept near-duplicate (True), or leave ``kept`` as is (False)."""
    same = next((c for c in kept if near_duplicates(c.key, key)), None)
    if same is None:
        return False
    if not same.step and _more_specific((same.text, same.key), (text, key)):
        same.text, same.key = text, key
        same.sources = [sid] + [s for s in same.sources if s != sid]
    elif sid not in same.sources:
        same.sources.append(sid)
    return True


def union_criteria(stories: Sequence[Story]) -> list[Criterion]:
    """Every acceptance criterion of ``stories`` once, in their order, near-duplicates folded
    into one entry (longer wording kept) that cites each story stating it.

    A Gherkin scenario's steps are a sequence: a scenario whose every step is already there
    only adds its citation; any other scenario's steps are all added, in their order."""
    kept: list[Criterion] = []
    scenarios: list[tuple[int, Story]] = []  # where each scenario's steps start, and whose
    for story in stories:
        items = [(t.strip(), criterion_key(t.strip())) for t in story.acceptance_criteria if t.strip()]
        if _is_scenario(story):
            if kept and all(any(near_duplicates(c.key, k) for c in kept) for _, k in items):
                for text, key in items:
                    _fold(kept, text, key, story.id)
            else:
                scenarios.append((len(kept), story))
                kept += [Criterion(text, [story.id], key, step=True) for text, key in items]
            continue
        for text, key in items:
            if not _fold(kept, text, key, story.id):
                kept.append(Criterion(text, [story.id], key))
    if len(scenarios) > 1:  # several scenarios' steps: each run of steps under its scenario's line
        for at, story in reversed(scenarios):
            line = scenario_line(story)
            kept.insert(at, Criterion(line, [story.id], criterion_key(line), step=True))
    return kept


def scenario_line(story: Story) -> str:
    """The line of a scenario's text that names it ("Scenario: Lock after 3 tries", in the
    file's own Gherkin language), stripped; its title when no line ends with it."""
    title = story.title.strip()
    for line in story.text.splitlines():
        head, colon, name = line.strip().partition(":")
        if colon and title and name.strip() == title and len(head.split()) <= 3:
            return line.strip()
    return title or story.id


def completeness(story: Story) -> tuple:
    """Sort key for the base story: more of the narrative parsed, more tracker facts, more
    criteria, a title, more text."""
    from storytransformer.merged_fields import tracker_richness

    narrative = sum(bool(x and x.strip()) for x in (story.role, story.goal, story.benefit))
    # Tracker facts before criteria (t26 finding 6): every source's criteria are kept anyway
    # (the union), but the base gives the merged row its summary and wording, and merged.csv is
    # imported into the tracker the export came from: a Jira row merged with a German
    # Markdown story stays the Jira story (its language, summary, epic), not the other way round.
    return (narrative, tracker_richness(story), len(story.acceptance_criteria), bool(story.title.strip()),
            len(story.text))


def pick_base(stories: Sequence[Story]) -> Story:
    """The most complete story that does not look like instructions to the model (``guard``:
    its text becomes the merged story's description, t24 finding 9); ties keep the first in
    group order, so reruns agree."""
    from storytransformer.guard import control_spans, suspicion

    return max(stories, key=lambda s: (not suspicion(s) and not control_spans(s.text), completeness(s)))


def _differences(base: Story, others: Sequence[Story]) -> list[str]:
    """Which other stories word role/goal/benefit differently from the base (not carried)."""
    out = []
    for s in others:
        fields = [name for name in ("role", "goal", "benefit")
                  if (getattr(s, name) or "").strip()
                  and criterion_key(getattr(s, name)).exact != criterion_key(getattr(base, name) or "").exact]
        if fields or not s.parsed:
            out.append(f"{s.id} ({', '.join(fields) or 'unstructured text'})")
    return out


_HEADING = re.compile(r"^\s*(?:h[1-6]\.|#{1,6})\s+\S.{0,60}$")  # "h3. Acceptance Criteria" (Jira), "### Kriterien"


def _emptied_label(raw: list[str], removed: list[bool], i: int) -> bool:
    """True for a label line ("Acceptance criteria:") whose whole list was removed."""
    if not (raw[i].rstrip().endswith(":") or _HEADING.match(raw[i])):
        return False
    j = i + 1
    while j < len(raw) and not raw[j].strip():
        j += 1
    if j == len(raw) or not removed[j]:
        return False
    while j < len(raw) and raw[j].strip():
        if not removed[j]:
            return False
        j += 1
    return True


def story_text(base: Story, shown: Sequence[str] = ()) -> str:
    """The base story's text as written, without its title line, its acceptance-criteria
    lines (and any line that is one of ``shown``, the merged criteria) and their emptied
    label (the merged story shows its title and the union of criteria separately). Not
    re-rendered from role/goal/benefit: a template ("As an ...") could add words the story
    does not have."""
    drop = {criterion_key(c).exact for c in (*base.acceptance_criteria, *shown)}
    if base.title.strip():
        drop.add(criterion_key(base.title).exact)
    raw = base.text.strip().splitlines()
    removed = [bool(line.strip()) and criterion_key(line).exact in drop for line in raw]
    kept = [line.rstrip() for i, line in enumerate(raw) if not removed[i] and not _emptied_label(raw, removed, i)]
    # Nothing left (a text that is only its title and criteria): the title and the criteria
    # list show it all; the whole text again would repeat them.
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()


def extractive_merge(stories: Sequence[Story], group_id: str, why: str) -> OutputStory:
    """One flagged output story for ``stories`` (2 or more, group order), built only from
    their text. ``why``: the reason an extractive merge was made (shown as a flag), e.g. the
    model's rejected answer. Its grounding is 1.0 by construction (every field is a source's
    text; tests check it with ``verify``), so the verifier's word-by-word pass, 70% of the time
    on 10,000 stories, is not repeated here; quantities the sources disagree on ("30 days" /
    "7 days") are flagged (``verify.find_conflicts``)."""
    if len(stories) < 2:
        raise ValueError("an extractive merge needs at least two stories")
    base = pick_base(stories)
    title = base.title.strip() or next((s.title.strip() for s in stories if s.title.strip()), "")
    criteria = union_criteria([base] + [s for s in stories if s.id != base.id])
    texts = tuple(c.text for c in criteria)
    role, goal, benefit = (base.role or "").strip(), (base.goal or "").strip(), (base.benefit or "").strip()
    others = [s for s in stories if s.id != base.id]
    text = conserved_text(story_text(base, texts), title, texts, others)
    # Only a story with a digit, a frequency word ("weekly") or a duty/option word ("Photo
    # required" / "Photo optional") can state a detail: the others need no tokenising.
    conflicts = find_conflicts([s for s in stories if might_conflict(s)])
    flags = [f"{FLAG}: {why}; the story is {base.id}'s, with every story's acceptance criteria"]
    worded = _differences(base, others)
    if worded:
        flags.append("worded differently in " + "; ".join(worded)
                     + ": their sentences it does not state are kept in the text, each story's after 'From' and its id")
    flags += conflicts
    flags += opposite_flags(stories)  # "upgrade" / "downgrade": both kept, and said (t24 finding 1)
    sources = tuple(s.id for s in stories)
    labels = tuple(dict.fromkeys(lbl for s in stories for lbl in s.labels))
    from storytransformer.merged_fields import merged_epic

    return OutputStory(
        id=merged_id(sources), decision="flagged", sources=sources, group_id=group_id,
        title=title, role=role, goal=goal, benefit=benefit, acceptance_criteria=texts, text=text,
        labels=labels, epic=merged_epic(stories),  # a tracker's epic over a file heading's
        grounding=1.0, conflicts=conflicts, flags=flags,
        criterion_sources=[list(c.sources) for c in criteria],
    )


def is_extractive(o: OutputStory) -> bool:
    return o.decision == "flagged" and bool(o.flags) and o.flags[0].startswith(FLAG + ":")
