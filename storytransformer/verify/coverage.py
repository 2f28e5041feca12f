"""Is every source's need in the merge? The check that nothing of a source is lost beyond
its criteria: its need (the "I want" clause: action + object), its benefit, and the
description sentences that state a requirement.

Per-claim checks (``check``) catch what a merge adds or changes, and ``story.dropped_criteria``
a source criterion left out. Neither notices a merge that keeps S1's goal and cites S2 while
S2's need ("reserve a book that is on loan") appears nowhere: the merged story's words are
all grounded and every criterion is carried. Here each source's need is read the way the
relation step reads it (``relate.slots``: the need's action as its class across synonyms and
languages, "reserve"/"place a hold on"/"vormerken"/"reservar" all one action, and its other
content lemmas), and looked for in the merge's goal, benefit and criteria:

- the action, when the action lexicon knows it, must be there: the same class used as a
  verb ("5 books" is no booking), or a word of the same stem ("reservation" for "reserve");
- with the action there, one of the need's other words (what it acts on: "a book currently
  checked out" for "a book that is on loan"); with a verb the lexicon does not know, or none,
  half of all its words; words meet by lemma, synonym class or 5-letter stem;
- a benefit: half of its words; a description sentence with a modal, a negation or a number
  ("The list must be sorted by date"): half of its words, as a criterion is carried.

Across languages (a German source merged into an English story) only the action can be
compared: nouns are not translated here, so the words are not asked for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from storytransformer.stories import Story
from storytransformer.verify.check import Problem
from storytransformer.verify.claims import Claim, control_sentences, source_sentences
from storytransformer.verify.directions import lost_directions
from storytransformer.verify.polarity import opposite_needs, polarity_lost, stances

NEED_AT = 0.5  # share of a need's (or benefit's, or requirement sentence's) words the merge must state
HEAD_OR_AT = 0.75  # share of its words that states a need whose head word the merge lacks
STEM = 5  # letters of the stem that derived words share ("reservation" / "reserve")
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
# Words before a noun that a verb lemma can also spell ("5 books", "several books"), beyond
# the articles, possessives and prepositions ``relate.slots`` knows.
_COUNT_WORDS = frozenset("several many few multiple more most both all some any no each every".split())


@dataclass(frozen=True)
class Need:
    """What one source asks for: ``text`` as written (for the reason), its ``action`` ("!book"
    for a verb the lexicon knows, "" otherwise), the written ``verbs`` of that action, and
    the content ``words`` (lemmas, synonym classes; the action left out when known)."""

    text: str
    lang: str
    action: str
    verbs: frozenset[str]
    words: frozenset[str]
    more: frozenset[str] = frozenset()  # actions joined on ("renew a loan *and reserve* the next one")
    head: str = ""  # the first word after the verb, what the need is about ("sms" in "get a text message ...")
    # English: the words of the noun phrase the verb acts on ("search *the exam calendar*",
    # "receive *email updates about the timetable*"), up to a qualifier ("that is on loan")
    thing: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def _lexicon():
    from storytransformer.relate import slots
    from storytransformer.relate.lexicon import ACTION_CLASS, NUMBER_WORDS

    return slots, ACTION_CLASS, NUMBER_WORDS


@lru_cache(maxsize=50_000)
def _phrase(text: str, lang: str):
    """``relate.slots.phrase`` cached: a criterion is read once as a source's and once as the
    merge's (its phrase rewriting is most of the check's time)."""
    return _lexicon()[0].phrase(text, lang)


@lru_cache(maxsize=20_000)
def _rewrite(text: str) -> str:
    """Multi-word paraphrases as one word ("place a hold on" -> "reserve"), as the relation
    step reads them."""
    slots, _, _ = _lexicon()
    return slots._PHRASES.sub(slots._phrase_word, text)


def _is_noun_use(prev: str, raw: str, lang: str, sentence_start: bool) -> bool:
    slots, _, number_words = _lexicon()
    if prev.isdigit() or prev in number_words or prev in _COUNT_WORDS:
        return True
    return slots._noun_use(raw, prev, lang, sentence_start)


@lru_cache(maxsize=20_000)
def forms(text: str, lang: str) -> frozenset[str]:
    """Every key a text can meet a need's word by: its relation-step tokens (synonym classes,
    "!" stripped), the lemma of each word, "~" + the lemma's first 5 letters (derived words),
    and "!class" for each word of the action lexicon used as a verb."""
    slots, action_class, _ = _lexicon()
    out: set[str] = {t.lstrip("!") for t in _phrase(text, lang).tokens}
    text = _rewrite(text)
    prev = ""
    for m in _WORD.finditer(text):
        raw = m.group()
        low = raw.casefold()
        lemma = slots._lemma(low, lang)
        out.add(lemma)
        if len(lemma) >= STEM:
            out.add("~" + lemma[:STEM])
        cls = action_class.get(lemma) or action_class.get(low)
        start = not prev or text[max(0, m.start() - 2):m.start()].strip() in (".", "!", "?", ":", ";")
        if cls and not _is_noun_use(prev, raw, lang, start):
            out.add("!" + cls)
        prev = low
    return frozenset(out)


def _word_forms(token: str) -> tuple[str, ...]:
    """The keys one need token may be met by: itself ("!" stripped) and its stem."""
    word = token.lstrip("!")
    return (word, "~" + word[:STEM]) if len(word) >= STEM else (word,)


def _met(token: str, merged: frozenset[str]) -> bool:
    return any(f in merged for f in _word_forms(token))


def _need_text(story: Story) -> str:
    """The need as written: the goal; a Gherkin scenario's or an unstructured story's title;
    else the first sentence of its text (at most 160 characters)."""
    if story.goal and story.format != "gherkin":
        return story.goal.strip()
    if not story.goal and story.format != "gherkin":  # a narrative ingest did not structure
        from storytransformer.ingest.narrative import parse_narrative

        goal = parse_narrative(story.text).goal
        if goal:
            return goal.strip()
    if story.title:
        return story.title.strip()
    first = next((s.text for s in source_sentences([story]) if s.part == "text"), story.text)
    return first[:160].strip()


@lru_cache(maxsize=50_000)
def need_of(story: Story) -> Need:
    """The need of one source story (cached: a story is checked once per draft)."""
    slots, action_class, _ = _lexicon()
    # The whole text: its narrative markers ("Als ... möchte ich", "Como ... quiero") tell the
    # language of a short need better than its own few words.
    lang = slots.detect_language(story.text[:600])
    text = _need_text(story)
    need = slots.phrase(text, lang, limit=slots.MAX_NEED_TOKENS)  # (it rewrites phrases itself)
    role = _phrase(story.role or "", lang).words
    reading = slots.Slots(lang, role, need, (), slots.Phrase())
    action = reading.action
    verbs = frozenset(_verbs(_rewrite(text), lang, action[1:])) if action else frozenset()
    words = [t for t in need.tokens if t not in role]
    if action:  # the action is checked on its own; its token may stand more than once
        words = [t for t in words if t != action]
    more = frozenset(_joined_actions(_rewrite(text), lang)) - {action}
    words = [t for t in words if t not in more]
    verb = slots._leading_verb(need, story, lang) if not action and story.goal else ""  # "order" in "order food for later": not what it is about
    head = next((t.lstrip("!") for t in words if t.lstrip("!") and t[0] != "#" and t not in _BOUNDS and t != verb), "")
    thing = _thing(_rewrite(text), lang, action, verbs, verb)  # (role words too: "the *school* calendar")
    return Need(text, lang, action, verbs, frozenset(t.lstrip("!") for t in words if t.lstrip("!")), more, head,
                frozenset(t.lstrip("!") for t in thing if t.lstrip("!")))


# Words that end the noun phrase a verb acts on: a relative clause, a participle or adverb of
# state, a preposition of manner, place, time or purpose ("of" and "about" stay inside it:
# "photos of the damage", "updates about the timetable").
_QUALIFIERS = frozenset("""that which who whose where when whenever while currently already still again
    with without from in on at by for via after before until within during so because if to into
    through using per as than instead and or""".split())


_IRREGULAR = frozenset("sent kept made shown given done paid built held brought bought found left lost told sold".split())


def _participle(word: str) -> bool:
    """A past participle after a noun opens a qualifier ("a reset link *sent* to my email",
    "my delivery address *saved*")."""
    low = word.casefold()
    return low in _IRREGULAR or (len(low) > 4 and low.endswith("ed"))


def _thing(text: str, lang: str, action: str, verbs: frozenset[str], verb: str) -> frozenset[str]:
    """The tokens of the noun phrase after the need's verb (English only; empty when there
    is no verb or no phrase): a prepositional verb keeps its preposition ("comment on")."""
    if lang != "en":
        return frozenset()
    slots, action_class, _ = _lexicon()
    words = [m.group() for m in _WORD.finditer(text)]
    at = next((i for i, w in enumerate(words) if (lem := slots._lemma(w.casefold(), lang)) in verbs
               or lem == verb or "!" + action_class.get(lem, "") == action), None) if action or verb else None
    # No verb found: a need that is a noun phrase ("email updates about the timetable"), read
    # from its start (after a leading "to")
    rest = words[at + 1:] if at is not None else [w for w in words if w.casefold() != "to"][:1] + words[1:]
    while rest and rest[0].casefold() in _QUALIFIERS:  # "comment on", "search for", "sign up for"
        rest = rest[1:]
    end = next((i for i, w in enumerate(rest) if w.casefold() in _QUALIFIERS or (i and _participle(w))), len(rest))
    return _phrase(" ".join(rest[:end]), lang).words


_BOUNDS = frozenset("atmost atleast".split())  # "up to 5", "at least 2": no object of their own


def _joined_actions(text: str, lang: str) -> list[str]:
    """"!class" of each known verb right after "and"/"or" (in the need's language): a second
    thing the story asks for, which the merge must state as well."""
    slots, action_class, _ = _lexicon()
    joins = slots._JOINS.get(lang, slots._JOINS["en"])
    out, prev = [], ""
    for m in _WORD.finditer(text):
        low = m.group().casefold()
        cls = action_class.get(slots._lemma(low, lang))
        if cls and prev in joins:
            out.append("!" + cls)
        prev = low
    return out


def _verbs(text: str, lang: str, cls: str) -> list[str]:
    """Lemmas of the words of ``text`` that state action class ``cls`` as a verb ("reserve"
    in "reserve a book", not "book")."""
    slots, action_class, _ = _lexicon()
    out, prev = [], ""
    for m in _WORD.finditer(text):
        low = m.group().casefold()
        lemma = slots._lemma(low, lang)
        if action_class.get(lemma) == cls and not _is_noun_use(prev, m.group(), lang, not prev):
            out.append(lemma)
        prev = low
    return out


def _merged_texts(claims: Sequence[Claim], fields: dict) -> list[str]:
    """The merge's goal, benefit, criteria and any other text field it has (an extractive
    merge's "text"); not its role or title: a title labels a story, it states no need."""
    extra = [v for k, v in fields.items() if k not in _FIELDS and isinstance(v, str) and v.strip()]
    return [c.text for c in claims if c.field != "role"] + extra


_FIELDS = frozenset("title role goal benefit acceptance_criteria sources".split())


def _merged_forms(texts: Sequence[str], lang: str) -> frozenset[str]:
    return frozenset().union(*(forms(t, lang) for t in texts))


def _action_met(need: Need, merged: frozenset[str]) -> bool:
    if need.action in merged:
        return True
    return any(f in merged for v in need.verbs for f in _word_forms(v))


def _share(words: frozenset[str], merged: frozenset[str]) -> float:
    return sum(_met(w, merged) for w in words) / len(words) if words else 1.0


def need_lost(need: Need, merged: frozenset[str], same_language: bool, what: frozenset[str] | None = None) -> bool:
    """True when the merge does not state ``need``: its known action missing, the thing it
    acts on not all in ``what`` (the merge's goal and criteria: its benefit says why, not
    what; default ``merged``), or (in the sources' language) fewer than half its words."""
    what = merged if what is None else what
    if need.action and not _action_met(need, merged):
        return True
    if not same_language:
        return False  # nouns are not translated: only the action can be compared
    if need.thing and not all(_met(w, what) for w in need.thing):
        return True  # the same action on another thing: "search the exam calendar" / "the school calendar"
    if need.action:  # the action stated: one of its words says on what ("a book currently checked out")
        return bool(need.words) and not any(_met(w, merged) for w in need.words)
    # With no known action, what the need is about must be there ("a text message the day
    # before my appointment" is not stated by "appointments ... 14 days"), or most of its words.
    share = _share(need.words, merged)
    return share < NEED_AT or (share < HEAD_OR_AT and bool(need.head) and not _met(need.head, merged))


_FIRST_SENTENCE = re.compile(r"(?<=[.!?])\s|\n|<\|")


def _benefit_lost(story: Story, lang: str, merged: frozenset[str]) -> bool:
    """Fewer than half the words of the benefit's first sentence in the merge (what follows
    it in the same line is no reason the story gives: an instruction to the model, a note)."""
    slots, _, _ = _lexicon()
    role = _phrase(story.role or "", lang).words
    benefit = _FIRST_SENTENCE.split(story.benefit or "", maxsplit=1)[0]
    words = frozenset(t.lstrip("!") for t in _phrase(benefit, lang).tokens
                      if t not in role and t.lstrip("!"))
    return bool(words) and _share(words, merged) < NEED_AT


def _requirement_sentences(story: Story) -> list[str]:
    """Sentences of a story's description that state a requirement (a modal, a negation or
    a number) and are no part the story's fields already give: not its narrative, title or
    a criterion, and no control text."""
    if story.format == "gherkin":  # steps are its criteria; a Background is shared context
        return []
    control = {s.text for s in control_sentences(story)}
    known = [p.strip() for p in (story.goal, story.title, story.benefit) if p and p.strip()]
    out = []
    for s in source_sentences([story]):
        if s.part != "text" or s.text in control or any(k in s.text for k in known):
            continue
        a = s.analysis
        if a.modals or a.negations or a.quantities:
            out.append(s.text)
    return out


def _contributed(story: Story, merged: frozenset[str], lang: str) -> bool:
    """Every criterion and description requirement of the source (it has one at least) and
    its benefit are in the merge: the source is there even where its goal is reworded past
    what words can tell ("add time to my parking" for "extend my parking session")."""
    items = [*story.acceptance_criteria, *_requirement_sentences(story)]
    if not items or any(_share(_keys(t, lang), merged) < NEED_AT for t in items):
        return False
    return not (story.benefit or "").strip() or not _benefit_lost(story, lang, merged)


def lost_needs(claims: Sequence[Claim], sources: Sequence[Story], fields: dict | None = None) -> list[Problem]:
    """Problems (kind "lost", field "source:<id>") for each source whose need or
    description requirements the merged claims do not state; [] for a one-source draft.

    A need whose words the merge does not state still counts as stated when everything else
    of its story is there (``_contributed``): its criteria, requirements and benefit."""
    if len(sources) < 2:
        return []
    slots, _, _ = _lexicon()
    texts = _merged_texts(claims, fields or {})
    whats = _merged_texts([c for c in claims if c.field != "benefit"], fields or {})
    lang = slots.detect_language(" ".join(texts))
    out = []
    for story in sources:
        need = need_of(story)
        same = need.lang == lang
        merged = _merged_forms(texts, need.lang)  # both sides read with one lemmatiser
        what = _merged_forms(whats, need.lang)
        # A second action joined on and missing is lost whatever else is carried: the source
        # asks for it in so many words ("... and cancel it").
        joined_lost = any(a not in merged for a in need.more)
        if need.text and (joined_lost or need_lost(need, merged, same, what) and not _contributed(story, merged, need.lang)):
            out.append(_lost(story, need.text, f"need of {story.id} not in the merge: '{need.text}'"))
        elif need.text:  # "be unable to delete" is not "delete": polarity.py
            why = polarity_lost(story, need.text, need.lang, forms, str((fields or {}).get("goal") or ""))
            if why:
                out.append(_lost(story, need.text, why))
        if not same:
            continue
        for text in _requirement_sentences(story):
            if _share(_keys(text, need.lang), merged) < NEED_AT:
                out.append(_lost(story, text, f"{story.id}'s requirement not in the merge: '{text}'"))
    needs = [(s, need_of(s).text) for s in sources]
    goal = str((fields or {}).get("goal") or "")
    benefits = [(s, _FIRST_SENTENCE.split(s.benefit.strip(), maxsplit=1)[0]) for s in sources if (s.benefit or "").strip()]
    benefit = str((fields or {}).get("benefit") or "")
    return (out + lost_directions(needs, whats, goal) + lost_directions(benefits, texts, benefit, benefit=True)
            + opposite_needs([_reading(s) for s in sources]))


def _reading(story: Story) -> tuple[Story, str, dict[str, set[bool]]]:
    """(story, need text, its actions with their polarities) for ``polarity.opposite_needs``."""
    need = need_of(story)
    return story, need.text, stances(need.text, need.lang, forms)


def _keys(text: str, lang: str) -> frozenset[str]:
    """A sentence's own content words (relation-step tokens, "!" stripped)."""
    slots, _, _ = _lexicon()
    return frozenset(t.lstrip("!") for t in _phrase(text, lang).tokens if t.lstrip("!"))


def _lost(story: Story, text: str, reason: str) -> Problem:
    return Problem(f"source:{story.id}", 0, len(text), text, "lost", f"lost: {reason}", f"{story.id}: {text}")
