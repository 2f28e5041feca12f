"""Positive evidence that two needs are one need: the gate every soft duplicate must pass.

    decided = sameness_gate(stories, units, decided, slots_of, embedder)

The decision rules (decide.py) say "duplicate" when nothing in the slots tells two stories
apart and their similarity is high. That is absence of evidence of a difference; across two
teams' wording it merges siblings ("see which tools are overdue" / "... need maintenance").
So a pair decided duplicate *without hard evidence* (``Decision.evidence`` False: on
similarity alone, in other words (reworded.py) or by meaning) stays one only when each
need's salient content words are all matched on the other side: by the same lemma or
lexicon class (slots.py already maps those to one token), anywhere in the other story, or
by a close MiniLM embedding of the word to one of the other need's words. What is left:

- unmatched words on **both** sides: each need names something the other does not -> related
  ("similar, but not shown to be the same need: 'overdue' vs 'maintenance'");
- unmatched words on one side only: one need says more; up to ``ONE_SIDE_ALLOWED`` words is
  taken as rewording (a qualifier another team adds), more -> related.

The gate only ever turns a soft duplicate into "related" (a link a person can review, with
``evidence`` False, so a judge may still look); hard evidence (same text, same need, same
Gherkin steps) and every other relation pass unchanged. Numbers are contradict.py's job and
ignored here. Words are embedded once per process (one batch per call, the embedder's own
SQLite cache below that).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

# Words that say *that* something is wanted, not *what*: never evidence of a difference.
GENERIC = frozenset("""want need like able allow let possibility possible option way feature function
functionality system app application tool platform page screen easily quickly easy quick also just
really please should must can could would may get have be make use do ensure help new current
möchten wollen können sollen müssen möglichkeit funktion vouloir pouvoir devoir souhaiter possibilité
fonction querer poder deber necesitar posibilidad función volere potere dovere possibilità funzione
""".split())
# Function words of every language slots.py knows, and what it leaves in (interrogatives,
# quantifiers, elided articles): a story's language is detected per story and can be wrong.
_EXTRA_FUNCTION = frozenset("""de del della delle dello degli dei il le la lo les el los las l d un una
cuánto cuanto cuándo cuando cada desde hasta sobre entre wanneer worden welke wat waar alle quanto
quando ogni ciascun tramite via pelo pela pelar ao ve onde cuál quel quelle quels combien chaque
depuis welche wann wieviel jeden jede jeder acceptance criterion criteria atmost atleast
different verschieden verschiedene différent différente diferente diverso diversi far bisher finora go
bis selbst self directly direkt directement directamente direttamente diretamente rechtstreeks zelf""".split())
# Verbs of looking at something: the object says what the need is ("view the list of X").
_LOOK = frozenset("""view see show display look check consult know sehen ansehen anzeigen einsehen
voir consulter afficher ver consultar mostrar vedere consultare visualizzare zien bekijken opzoeken
tonen inzien visualizar""".split())
# Cosine of two single words' MiniLM vectors at which they name one thing ("book" / "reserve").
# Tuned on dev..dev6 and the examples corpus (docs/grouping.md).
WORD_MATCH = 0.6
# Cosine of a word's vector and the other need's (as written) from which that need implies the
# word ("expect" in "see the boats arriving today"). One word against a sentence scores low, so
# this is low; on the dev sets 0.225 let siblings through (3 of 36 kept against 1), 0.25 kept
# 5 more reworded duplicates than 0.275: 0.275 leaves a margin.
IMPLIED = 0.275
# Unmatched salient words one need may add to the other and still be the same need.
ONE_SIDE_ALLOWED = 1
# The default gate (merge without --strict-duplicates) looks only at pairs whose needs have at
# most this many salient words each: there every word is what is asked ("see which tools are
# overdue" / "... need maintenance"). Longer needs are often another team's restatement, where
# an unmatched word is as often an explanation; only --strict-duplicates refuses those. Measured
# on dev..dev6 and the examples corpus (benchmarks/sameness_sweep.py, docs/grouping.md): 3 left
# dev4's and most of dev6's merged siblings; 5 took examples merge recall to 0.47 (bar 0.55).
SHORT_NEED: int | None = 4
# True: the default gate also skips stories with acceptance criteria (tried: dev precision fell
# 1.000 -> 0.950 at SHORT_NEED 4, one sibling pair with criteria merged again).
ONLY_WITHOUT_CRITERIA = False
# One unmatched word on each side, neither a known action: taken as one word reworded.
ONE_EACH_ALLOWED = False
# A refused pair with at most this many unmatched words in all ("'due' vs 'today'") is marked a
# possible duplicate for a person to review (write/possible_duplicates.py); more are siblings
# ("'list' vs 'assign', 'team'"). Measured on dev..dev7 and the examples (docs/grouping.md): at
# <= 3 words 15 of 24 labelled marked pairs were duplicates; at 4 and more 4 of 13.
POSSIBLE_UNMATCHED = 3


@dataclass(frozen=True)
class Unmatched:
    """Salient words of each need with no match on the other side."""

    a: tuple[str, ...]
    b: tuple[str, ...]

    def verdict(self) -> str | None:
        """None when the two needs are shown to be one; else what a person should look at."""
        if self.a and self.b:
            if ONE_EACH_ALLOWED and len(self.a) == len(self.b) == 1 and "!" not in self.a[0] + self.b[0]:
                return None
            return f"{_show(self.a)} vs {_show(self.b)}"
        extra = self.a or self.b
        if len(extra) > ONE_SIDE_ALLOWED:
            return f"one need adds {_show(extra)}"
        return None


def salient(slots, other) -> tuple[str, ...]:
    """The need's content words that carry what is wanted: no numbers, generic words or words
    of either story's role ("residents' parking permit")."""
    roles = slots.role | other.role
    out = []
    for t in slots.need.tokens:
        word = _bare(t)
        if t[0] == "#" or word in _IGNORED or t in roles or len(word) < 2:
            continue
        out.append(t)
    return tuple(dict.fromkeys(out))


def _bare(token: str) -> str:
    """The word of a token: no action mark, no elided article ("l'elenco" -> "elenco")."""
    word = token.lstrip("!")
    return word.split("'", 1)[1] if "'" in word[:3] and len(word) > 3 else word


def _ignored() -> frozenset[str]:
    from storytransformer.relate.lexicon import FUNCTION_WORDS

    return GENERIC | _EXTRA_FUNCTION | _LOOK | frozenset().union(*FUNCTION_WORDS.values())


_IGNORED = _ignored()


def soft(decision) -> bool:
    """Decided duplicate (or overlap) with no hard evidence: the gate's business."""
    return decision.relation in ("duplicate", "overlap") and (not decision.evidence or decision.by_meaning)


def in_default_scope(a, b) -> bool:
    """Two stories that are only their needs (no acceptance criteria or steps on either side),
    the needs of at most ``SHORT_NEED`` salient words each (None: any length): there nothing
    but the need's words can vouch for one need."""
    if ONLY_WITHOUT_CRITERIA and (a.criteria or b.criteria):
        return False
    from storytransformer.relate.sibling_cues import title_swap

    # (headings one template apart: "Cart assignment overview" / "Tug assignment overview")
    return short(a, b) or one_template(a, b) or title_swap(a, b) is not None


def short(a, b) -> bool:
    """Both needs have at most ``SHORT_NEED`` salient words (None: any length)."""
    return SHORT_NEED is None or max(len(salient(a, b)), len(salient(b, a))) <= SHORT_NEED


# Share of the shorter need's salient words the other need has too (as the same token) for two
# needs to be one template filled twice; with the same first word (the action) and the same
# person asking (or a longer run of words alike at the start: a story whose role slots.py
# cannot read, "Som hundägare vill jag köpa ..."). Such a pair is gated whatever its length: a
# long need skips the gate because another team's restatement explains in words of its own,
# but two needs in one mould are one person's template, and the words one has and the other
# lacks are what each asks for ("see the desk booking calendar on the website" / "... on the
# tablet at the entrance", "register a food parcel handed out to a household" / "register a
# household that comes for the first time"). Measured on dev..dev8 (docs/grouping.md, "dev8"):
# of the soft duplicates so shaped, 10 labelled siblings and 1 duplicate.
TEMPLATE_SHARE = 0.5
# Words alike at the start that make one mould where no role is read ("Som hundägare vill jag
# köpa ...", "Warehouse: scan inbound pallets" / "Warehouse: scan outbound pallets"); 2 and 3
# score the same on dev..dev8 and the examples.
TEMPLATE_LEAD = 2


def one_template(a, b) -> bool:
    """The two needs (Slots) are one template: they start alike (the same first token, and
    the same role read, or no role read on either side and ``TEMPLATE_LEAD`` leading tokens
    alike) and share at least ``TEMPLATE_SHARE`` of the shorter need's salient words, and at
    least two."""
    ta, tb = a.need.tokens, b.need.tokens
    if not ta or not tb:
        return False
    if ta[0] != tb[0]:
        # (two verbs leading the needs of one person are as often one action reworded,
        # "schedule interviews" / "book an interview slot", as two actions: not a template)
        return False
    if a.role or b.role:
        return a.role == b.role and _shares(a, b)
    # (no role read on either side: a run of words alike at the start is the mould; not where
    # roles were read, as the lexicon makes another team's "accept or reject holiday requests"
    # start like "approve or decline a leave request")
    lead = next((i for i, (x, y) in enumerate(zip(ta, tb, strict=False)) if x != y), min(len(ta), len(tb)))
    return lead >= TEMPLATE_LEAD and _shares(a, b)


def _shares(a, b) -> bool:
    """At least two salient words in common, and ``TEMPLATE_SHARE`` of the shorter need's."""
    wa, wb = set(salient(a, b)), set(salient(b, a))
    shared = len(wa & wb)
    return shared >= 2 and shared >= TEMPLATE_SHARE * min(len(wa), len(wb))


def sameness_gate(stories: Sequence, units: Sequence[Sequence[int]], decided: list, slots_of: Callable,
                  embedder=None, every: bool = True, vectors: bool = True) -> list:
    """``decided`` ((unit a, unit b, similarity, Decision) per pair) with every soft duplicate
    that the needs' words do not show to be one need turned into "related". ``slots_of(position)``
    gives a story's Slots; ``embedder`` (group/embed.py Embedder; default the bundled one) embeds
    the unmatched words, one batch. ``every`` False: only the pairs ``in_default_scope`` (the
    default gate); True: every soft duplicate (merge --strict-duplicates). ``vectors`` False:
    words match only by lemma, lexicon class, derivation or compound (no model loaded)."""
    from storytransformer.relate.decide import Decision
    from storytransformer.relate.slots import need_text

    todo = [n for n, t in enumerate(decided) if soft(t[3])]
    if not todo:
        return decided

    def side(unit: int):
        return slots_of(units[unit][0]), need_text(stories[units[unit][0]])

    def said_words(unit: int) -> frozenset[str]:
        story = stories[units[unit][0]]
        return text_words(story.text, slots_of(units[unit][0]).lang)

    if not every:
        todo = [n for n in todo if in_default_scope(side(decided[n][0])[0], side(decided[n][1])[0])]
        if not todo:
            return decided
    words = {n: pair_words(*side(decided[n][0]), *side(decided[n][1]),
                           said_a=said_words(decided[n][0]), said_b=said_words(decided[n][1])) for n in todo}
    if not every:  # long needs under the gate for their headings: the headings' words must match
        words = {n: _heading_words(w, side(decided[n][0])[0], side(decided[n][1])[0]) for n, w in words.items()}
    # Word vectors only ever match more words, so a pair the words alone show to be one need
    # needs none: only the others are embedded (the gate on 10,000 stories: most pairs)
    plain = {n: unmatched(words[n], _NO_VECTORS) for n in todo}
    doubtful = [n for n in todo if words[n].vectors and plain[n].verdict() is not None]
    close = closeness([words[n] for n in doubtful], embedder) if vectors and doubtful else _NO_VECTORS
    out = list(decided)
    for n in todo:
        a, b, score, d = decided[n]
        left = unmatched(words[n], close) if close is not _NO_VECTORS and words[n].vectors else plain[n]
        found = left.verdict()
        if found:
            # (the rule's own reason, "... no differing object ...", would contradict the
            # words just found: only the similarity is kept)
            out[n] = (a, b, score, Decision("related", f"similar, but not shown to be the same need: {found} "
                                                       f"(similarity {score:.2f})", evidence=False,
                                                       possible_duplicate=len(left.a) + len(left.b) <= POSSIBLE_UNMATCHED))
    return out


def _heading_words(words: "PairWords", a, b) -> "PairWords":
    """``words`` with the headings' differing words as the needs' words, for a pair of long needs
    (Slots ``a``, ``b``) that only their headings one template apart put under the gate
    (sibling_cues.title_swap): the heading names what the story is about where the long need
    hides it ("Cart" / "Tug" assignment overview)."""
    from dataclasses import replace

    from storytransformer.relate.sibling_cues import title_swap

    if short(a, b) or one_template(a, b):
        return words
    swap = title_swap(a, b)
    return replace(words, need_a=swap[0], need_b=swap[1]) if swap else words


@dataclass(frozen=True)
class PairWords:
    """What the gate compares of one pair: each need's salient words, every word of each story
    (need, benefit, criteria, role) and each need as written."""

    need_a: tuple[str, ...]
    need_b: tuple[str, ...]
    all_a: frozenset[str]
    all_b: frozenset[str]
    text_a: str
    text_b: str
    # False: word vectors may not vouch for a match (a story not read as English)
    vectors: bool = True


def pair_words(a, text_a: str, b, text_b: str, said_a: frozenset[str] = frozenset(),
               said_b: frozenset[str] = frozenset()) -> PairWords:
    """``a``/``b``: the two stories' Slots; ``text_a``/``text_b``: their needs as written;
    ``said_a``/``said_b``: words the story says outside its fields (``text_words``). Word
    vectors vouch only where both stories are read as English (``Slots.lang``): the bundled
    MiniLM is an English model, and on other languages' words it scores noise ("montaje" /
    "contratar el servicio de embalaje" 0.30, over ``IMPLIED``; "klippkort" / "månadskort" 0.54),
    so there only lemma, lexicon class, derivation or compound match."""
    return PairWords(salient(a, b), salient(b, a), a.all_words | a.role | said_a, b.all_words | b.role | said_b,
                     text_a[:400], text_b[:400], vectors=a.lang == b.lang == "en")


@lru_cache(maxsize=16384)
def text_words(text: str, lang: str) -> frozenset[str]:
    """Every content token of a story's raw text (its first 2,000 characters), once per story.
    A tracker's description lines ("The clinician starts the call; the patient joins from a
    link.") are in no field slots.py reads, yet they are the story saying that word: a word of
    the other need said there is matched, not a difference (examples: a video-consultation
    story and its Gherkin scenario "Join a video consultation from the reminder")."""
    from storytransformer.relate.slots import phrase

    return phrase(text[:2000], lang).words


def unmatched(p: PairWords, close) -> Unmatched:
    """The words of each need that nothing on the other side matches: not in the other story
    (lemma, lexicon class, a derivation or compound part), not embedded close to one of the
    other need's words, and not close to the other need as a whole."""
    close = close if p.vectors else _NO_VECTORS
    left_a = tuple(w for w in p.need_a if not _matched(w, p.need_b, p.all_b, p.text_b, close))
    left_b = tuple(w for w in p.need_b if not _matched(w, p.need_a, p.all_a, p.text_a, close))
    return Unmatched(left_a + _web(left_b, p.text_a), left_b + _web(left_a, p.text_b))


# Where a need is met on the web or in an app: slots.py drops these words (lexicon.FILLER) so
# another team's "in the portal" is no other object; against a channel the other need names
# ("track my parcel by SMS" / "... sur le site") they are the other channel.
_WEB = re.compile(r"\b(?:online|on-line|website|web|site|webseite|internet|portal|portail|app|application|"
                  r"aplicación|aplicativo|applicazione|en ligne|sitio|página|sito|webshop)\b", re.IGNORECASE)


def _web(other_left: tuple[str, ...], text: str) -> tuple[str, ...]:
    """("web",) when the other need's unmatched words name a channel (lexicon.CHANNELS) and
    ``text`` (this need as written) names the web or an app; else ()."""
    from storytransformer.relate.lexicon import CHANNELS

    if any(_bare(w) in CHANNELS for w in other_left) and _WEB.search(text):
        return ("web",)
    return ()


def _matched(word: str, need, everything, text: str, close) -> bool:
    """``word`` of one need is said by the other story (``need``: its salient need words,
    ``everything``: all its words, ``text``: its need as written)."""
    if _said(word, frozenset(everything)):
        return True
    if word[0] not in "#@" and _reworded_action(word, need):
        return True  # "empty" / "collect" a bin, "swap" / "exchange" a shift (relate/main_actions.py)
    if word[0] not in "#@" and _misspelt(word, frozenset(everything)):
        return True  # "hosptial" / "hospital" (relate/typos.py)
    if word[0] == "@" and _hyphen_parts(word, frozenset(everything)):
        return True  # "MP3-Episode" / "an MP3 episode" (tester t23)
    if word[0] == "@" or not close.row:
        return False  # a quoted string or identifier: only itself; (no vectors: nothing more)
    return any(close.words(word, v) for v in need if v[0] != "@") or (
        close.implied(word, text) and not _compound(word, everything))


@lru_cache(maxsize=65536)
def _reworded_action(word: str, need) -> bool:
    from storytransformer.relate.main_actions import same_action

    return any(v[0] not in "#@" and same_action(_participle(word), _participle(v)) for v in need)


def _misspelt(word: str, everything: frozenset[str]) -> bool:
    """``word`` is a misspelling of one of ``everything`` (the other story's words)."""
    from storytransformer.relate.typos import typo_of

    return typo_of(_bare(word), frozenset(_bare(v) for v in everything if v[0] not in "#@"))


def _hyphen_parts(word: str, everything: frozenset[str]) -> bool:
    """A hyphenated identifier whose parts the other story all says ("@mp3-episode" / "@mp3",
    "episode"), or an identifier that is a part of one of its hyphenated identifiers."""
    bare = word[1:]
    if "-" in bare:
        return all(f"@{part}" in everything or _said(part, everything) for part in bare.split("-") if part)
    return any(w[0] == "@" and "-" in w and bare in w[1:].split("-") for w in everything)


@lru_cache(maxsize=4096)
def _canons(everything: frozenset[str]) -> frozenset[str]:
    """Every word of a story as ``_canon`` reads it, once per story (not once per word asked)."""
    return frozenset(_canon(v) for v in everything)


@lru_cache(maxsize=65536)
def _said(word: str, everything: frozenset[str]) -> bool:
    """``word`` is among ``everything`` (a story's words) by lemma, lexicon class, derivation or
    compound part; once per (word, story): one story is in many pairs."""
    return _canon(word) in _canons(everything) or any(_stem_match(word, v, everything) for v in everything)


STEM = 5  # letters two words share at their start to be one word in two forms ("arrival" / "arrive")
PART = 4  # letters a word needs to count as part of a compound ("boat" in "sailboat")


def _stem_match(x: str, y: str, others=()) -> bool:
    """``x`` is ``y`` in another form, or a part of compound ``y``, or compound ``x`` is ``y`` plus
    a part that ``others`` (the other story's words) also name: the lemmatiser knows neither
    derivations ("occupancy" / "occupy") nor German and Dutch compounds ("Sperrmülltermin" /
    "Sperrmüll ... Termin"). A compound is not matched by its head alone: "sailboat" is not
    "motor boat"."""
    x, y = _participle(_bare(x)), _participle(_bare(y))
    if x[:1] in "#@" or y[:1] in "#@":
        return False
    if len(x) >= PART and x in y:
        return True
    if len(y) >= PART and y in x:
        rest = x.replace(y, "", 1).strip("-")
        return len(rest) < 3 or (x.startswith(y) and rest in _SUFFIXES) or any(_bare(o).startswith(rest) or (len(rest) >= PART and rest in _bare(o))
                                    or (len(rest) >= STEM and _bare(o)[:STEM] == rest[:STEM]) for o in others)
    return min(len(x), len(y)) >= STEM and x[:STEM] == y[:STEM]


def _participle(word: str) -> str:
    """A German or Dutch past participle without its "ge-" ("gefiltert" / "filtern", "geboekt" /
    "boeken"): the lemmatiser leaves most of them as they are."""
    return word[2:] if word.startswith("ge") and len(word) >= 8 and word[-1] in "tdne" else word


def _canon(token: str) -> str:
    """A known action verb as its class ("!reset"), also where the story used it as a noun
    ("einen Link zum Zurücksetzen") or a noun or adjective made from it ("revocable")."""
    from storytransformer.relate.lexicon import ACTION_CLASS

    from storytransformer.relate.nominal import action_of

    if token[0] in "!#@":
        return token
    if token in ACTION_CLASS:
        return "!" + ACTION_CLASS[token]
    made_from = action_of(token)  # "revocable" / "revoke", "cancellation" / "cancel"
    return "!" + made_from if made_from else token


# Endings that make another word of the same stem ("booking" / "book", "Buchung" / "buch").
# Adjectives of a noun too ("monatliche" / "Monat", "weekly" / "week").
_SUFFIXES = frozenset("""ing ings ion ions ation er ers ment ments ung ungen able ible al ed es s ly
    lich liche lichen licher lichem lichkeit ig ige igen iger isch ische""".split())


def _compound(word: str, others) -> bool:
    """``word`` and one of ``others`` are a compound and its part ("sailboat" / "boat"): the
    other story names a kind of it or its kind, which no embedding should vouch for."""
    x = _bare(word)
    return any(x != y and min(len(x), len(y)) >= PART and (x in y or y in x) for y in map(_bare, others))


class Closeness:
    """Word vectors (and the needs' vectors) of a batch of pairs, computed in one call: two
    words name one thing at cosine ``WORD_MATCH``; a word is implied by a need at ``IMPLIED``."""

    def __init__(self, vocab: list[str], texts: list[str], vectors):
        self.row = {w: i for i, w in enumerate(vocab)}
        self.text_row = {t: len(vocab) + i for i, t in enumerate(texts)}
        self.vectors = vectors
        self.memo: dict[tuple[str, str], float] = {}
        self.said: dict[tuple[str, str], bool] = {}  # words(x, y), asked for many pairs

    def _cosine(self, i: int | None, j: int | None) -> float:
        if i is None or j is None:
            return -1.0
        key = (i, j) if i < j else (j, i)
        if key not in self.memo:
            self.memo[key] = float(self.vectors[i] @ self.vectors[j])
        return self.memo[key]

    def words(self, x: str, y: str) -> bool:
        if (x, y) not in self.said:
            self.said[(x, y)] = self._words(_bare(x), _bare(y))
        return self.said[(x, y)]

    def _words(self, x: str, y: str) -> bool:
        if _compound(x, (y,)):
            return False  # a compound and its head ("sailboat" / "boat", 0.81): _stem_match decides
        return x == y or self._cosine(self.row.get(x), self.row.get(y)) >= WORD_MATCH

    def implied(self, word: str, other: str) -> bool:
        return self._cosine(self.row.get(_bare(word)), self.text_row.get(other)) >= IMPLIED


_NO_VECTORS = Closeness([], [], [])


def closeness(pairs, embedder=None) -> Closeness:
    """A Closeness over the words and needs of ``pairs`` (PairWords), embedded in one batch
    (``embedder``: group/embed.py Embedder; default the bundled MiniLM)."""
    pairs = list(pairs)
    pairs = [p for p in pairs if p.vectors]
    vocab = sorted({_bare(w) for p in pairs for w in p.need_a + p.need_b if w[0] not in "#@"})
    texts = sorted({t for p in pairs for t in (p.text_a, p.text_b)})
    if not vocab:
        return Closeness([], [], [])
    if embedder is None:
        from storytransformer.group.embed import default_embedder

        embedder = default_embedder()
    return Closeness(vocab, texts, embedder.encode(vocab + texts))


def _show(words) -> str:
    return ", ".join(f"'{w.lstrip('!')}'" for w in words)
