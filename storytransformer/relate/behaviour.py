"""One action that one story says happens and the other says must not happen: a conflict.

    decided = behaviour_guard(stories, units, decided)
    behaviour_conflict(story_a, story_b)   # "the second story says 'cancel online' must not happen ..."

The rule guards before this one read a prohibition against a pair already read as one need
(polarity.py) or a negated detail inside one template (contradict.py). A behaviour rule of
another team is written as another story: "As a claims adjuster I want to correct a submitted
claim; AC: adjuster can edit the loss date" / "As a compliance officer I want submitted claims
read-only; AC: *nobody* must be able to edit a claim after it is submitted". The roles differ,
the needs' words differ, and the pair was linked "related" with "different roles" (a tester's
backlogs, t24: 7 of 41 planted conflicts, en/de: "prorated" / "no proration", "manager approves
the swap" / "no manager approval needed", "Konto löschen" / "Meldungen dürfen nicht gelöscht
werden").

Here a pair decided "related" (or a duplicate / overlap: never merged then) becomes a "conflict" when a sentence of one story (title, need or
a criterion; never the benefit: "so that typos do *not block* processing" is a reason) negates
an action ("must not be deleted", "cannot be published", "nobody ... edit", "no proration",
"nicht gelöscht", "ne doit pas être supprimé", "nadie puede cancelar", "nessuna approvazione")
and the other story states that action un-negated and nowhere negated, and the two share a word
besides the action (what it is done to: "claim", "online", "upgrades"). Not a prohibition:
a negation in a relative or reason clause ("report a bin *that was not* emptied", "told *why*
my bin was not emptied") says which things. When both stories name a role and the roles differ,
the negation must not be the story's own person ("I cannot ..."): a rule about everyone or
about the thing ("nobody", "customers must not", a passive) overrides another role's wish; one
role's own limit does not.

Words are compared by a crude stem (accents aside, German "ge-" participles, first 5 letters:
"prorated" / "proration", "gelöscht" / "löschen", "publishing" / "published").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

from storytransformer.negation_words import CONTRACTIONS, ENGLISH_HOMOGRAPHS, NOBODY, NONE, NOT, UNABLE, every
from storytransformer.relate.slots import story_language

_CUES = every(NOT, NONE, NOBODY, but=ENGLISH_HOMOGRAPHS | {"nor", "neither", "nada", "tampoco"}) | UNABLE | CONTRACTIONS
# A negation after one of these within a few words says which things ("a bin that was not
# emptied", "members who have not paid", "dass meine Tonne nicht geleert wurde"), not a rule.
_CLAUSE = frozenset("""that which who whom whose why whether if when where until unless because
    dass ob warum weil wenn wann bis qui que quand pourquoi si parce quien cuando porque donde
    aunque che chi quando perché cui""".split())
# Words a negation window skips to reach the action ("must not *be able to* edit").
_AUX = frozenset("""able allowed permitted being been must should shall would could need needed
    required have ever anymore given made done werden worden wird sein dürfen können müssen sollen darf
    kann muss soll mehr être doit doivent peut peuvent pouvoir plus debe deben puede pueden poder
    sean será ser deve devono essere può possono potere venire viene vengono più""".split())
# Short function words and the words of the story template, never "what it is done to".
_STOP = frozenset("""want wants with when from into that this they them their there then than
    also only after before about over under every each some such other like more most very same
    should must shall will would could able user users system story möchte möchten damit dass
    eine einen einem einer meine meinen meiner mein dass werden wird über nach oder sich nicht
    veux voudrais pour afin avec dans leur leurs sont être cette quiero para como sean esta este
    desde voglio perché come della delle dello degli sono essere questa questo""".split())
_BENEFIT = re.compile(r"\b(?:so that|so i can|in order to|damit|um zu|afin de|afin que|pour que|para que|"
                      r"de modo que|perché|affinché|in modo che|zodat)\b.*", re.IGNORECASE | re.DOTALL)
# "no later than 5 days", "not more than 3", "nicht mehr als", "pas plus de": a bound, not a
# negated action; "with no fraud flag", "mit keinem": which things (like "without").
_BOUND_AFTER = frozenset("""later more less fewer longer shorter earlier sooner than mehr weniger
    später länger plus moins más menos più meno""".split())
_WITH = frozenset("with mit avec con com met".split())
# ... unless the thing is an action ("with no proration", "mit keiner Genehmigung"): a manner.
_ACTION_NOUN = re.compile(r"(?:tion|sion|ment|al|ung|ing|ción|zione|ão)$")
# A negated action under a condition ("cannot be published *with* a rest under 11 hours"):
# the other story must state the condition's thing too, else it is the action in general.
_CONDITION = frozenset("""with under below above when if unless before after during while without
    unter über wenn falls vor nach während avec sous si quand avant après con bajo sobre cuando
    antes después se sotto sopra quando prima dopo""".split())
_NONE = every(NONE, NOBODY)
# A plain "not" is a rule only beside a modal verb ("must not", "dürfen ... nicht", "ne doit pas",
# "no debe", "non può"), before a passive ("cannot be published", "not be able to", "nicht
# gelöscht werden") or as "never": "users cannot cancel their appointment" is a bug report and
# "fatture non pagate" which invoices (dev6, dev9).
_MODALS = frozenset("""must shall should may might darf dürfen soll sollen muss müssen kann können
    doit doivent devrait devraient peut peuvent debe deben debería deberían puede pueden deve
    devono dovrebbe dovrebbero può possono devem pode podem mag mogen moet moeten zal zullen
    får ska skall""".split())
_PASSIVE = frozenset("be being werden worden être ser sea sean essere".split())
_NEVER = frozenset("never nie niemals jamais nunca jamás".split())
_FIRST_PERSON = frozenset("i ich je j yo io me mich".split())
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
WINDOW = 5  # words after a negation it may cover ("must not be able to edit")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A crude stem: lower case, accents aside, a German "ge-" participle's prefix off, the
    first 5 letters, a 5-letter plural's "s" off ("prorated" / "proration" -> "prora", "gelöscht" -> "losch")."""
    w = "".join(c for c in unicodedata.normalize("NFKD", word.casefold()) if not unicodedata.combining(c))
    if w.startswith("ge") and len(w) >= 7 and (w.endswith("t") or w.endswith("en")):
        w = w[2:]
    if len(w) == 5 and w.endswith("s"):
        w = w[:-1]  # "swaps" / "swap"
    return w[:5]


# Three-letter words that are no action or thing; other short words are ("see", "pay", "log").
_SHORT_STOP = frozenset("""the and for any you our its his her are was has had can may not but all
    per via who how why one two own too les des une par sur aux der die das und ein den dem del los
    las con por una che per non""".split())


def _content(word: str) -> bool:
    if len(word) < 3 or "'" in word or word in _STOP or word in _AUX:
        return False
    return len(word) >= 4 or word not in _SHORT_STOP


def _sentences(story) -> list[str]:
    """Title, need and criteria as written, each cut before its benefit ("so that ...")."""
    # (a scenario's goal is its feature's narrative, shared by every scenario of the file)
    goal = "" if story.format == "gherkin" else story.goal or ""
    parts = [story.title or "", goal, *story.acceptance_criteria]
    if not (story.goal or story.acceptance_criteria):
        parts.append(story.text or "")
    out = []
    for p in parts:
        for line in p.splitlines():
            line = _BENEFIT.sub("", line).strip()
            if line:
                out.append(line)
    return out


def _negations(words: list[str]) -> list[tuple[int, list[int]]]:
    """(cue index, indexes of the content words it covers) for each rule-like negation."""
    out = []
    for i, w in enumerate(words):
        if w not in _CUES and not w.endswith("n't"):
            continue
        if not _rule(words, i):
            continue
        if any(x in _CLAUSE for x in words[max(0, i - 4):i]) or (i and words[i - 1] in _WITH and not _ACTION_NOUN.search(words[min(i + 1, len(words) - 1)])):
            continue
        if any(x in _BOUND_AFTER for x in words[i + 1:i + 1 + WINDOW]):
            continue  # "no later than", "no night shift longer than 12 hours": a bound
        covered = []
        for j in range(i + 1, min(len(words), i + 1 + WINDOW)):
            if words[j] in _CONDITION or words[j] in _CLAUSE:
                break  # "must not be deleted | when the account is deleted"
            if _content(words[j]):
                covered.append(j)
        covered = covered[:3]
        if covered:
            out.append((i, covered))
    return out


def _rule(words: list[str], i: int) -> bool:
    """The negation at ``i`` states a rule: "no"/"nobody"-like, "never", beside a modal verb, or
    before a passive."""
    w = words[i]
    if w in _NONE or w in _NEVER:
        return True
    near = set(words[max(0, i - 4):i]) | set(words[i + 1:i + 2])
    if w.startswith("mustn") or w.startswith("shouldn") or near & _MODALS:
        return True
    return bool(set(words[i + 1:i + 1 + WINDOW]) & _PASSIVE)


class _Read:
    """One story's sentences as words, each negated action and every stem it states un-negated."""

    def __init__(self, story):
        self.role = frozenset((story.role or "").casefold().split())
        self.sentences = [[w.casefold() for w in _WORD.findall(s)] for s in _sentences(story)]
        if story_language(story) == "pt":  # "no treino": "in the", not "no"
            self.sentences = [[w if w != "no" else "_no" for w in words] for words in self.sentences]
        self.negated: list[tuple[int, int, list[int]]] = []  # (sentence, cue, covered word indexes)
        negated_stems: set[str] = set()
        said: set[str] = set()
        for n, words in enumerate(self.sentences):
            inside: set[int] = set()
            for cue, covered in _negations(words):
                self.negated.append((n, cue, covered))
                inside.update(range(cue, cue + 1 + WINDOW))
                negated_stems.update(stem(words[j]) for j in covered)
            said.update(stem(w) for j, w in enumerate(words) if j not in inside and _content(w))
        self.affirmed = said - negated_stems
        self.said = {stem(w) for words in self.sentences for w in words if _content(w)}
        self.stems = self.said - {stem(w) for w in self.role}  # (a shared role is no shared thing)


def behaviour_conflict(a, b) -> str | None:
    """A reason when one story (Story) negates an action the other states un-negated about the
    same thing; else None. Quoted in the pair's order. Two scenarios of one feature file are
    left to decide.py, which compares their steps ("No reminder for cancelled appointments" is
    an exception to the feature's "be reminded about my appointments")."""
    if a.format == "gherkin" and b.format == "gherkin" and a.source == b.source:
        return None
    return _conflict(_Read(a), _Read(b))


def _conflict(ra: _Read, rb: _Read) -> str | None:
    """``behaviour_conflict`` on two stories already read."""
    roles_differ = bool(ra.role and rb.role and ra.role != rb.role)
    for x, y, which in ((ra, rb, "first"), (rb, ra, "second")):
        for n, cue, covered in x.negated:
            words = x.sentences[n]
            if roles_differ and any(w in _FIRST_PERSON for w in words[max(0, cue - 3):cue]):
                continue  # one role's own limit ("I cannot see ..."), not a rule for another role
            stems = [stem(words[j]) for j in covered]
            hit = [s for s in stems if s in y.affirmed]
            if not hit or (stems[0] not in hit and len(hit) < 2):
                continue  # the action itself (the first word it covers), or two of its words
            if stems[0] not in hit and not any(
                    stem(words[j]) in hit and _ACTION_NOUN.search(words[j]) for j in covered):
                continue  # two things it covers, but no action ("no manager approval", "keine Genehmigung")
            rest = {stem(w) for w in words if _content(w)} - {hit[0]}
            if not rest & y.stems:
                continue  # the action on another thing ("nobody may delete an invoice" / "delete a draft")
            action = next(j for j in covered if stem(words[j]) == hit[0])
            things = {stem(words[j]) for j in covered if j > action}
            if things - y.said:
                continue  # "not see colleagues' absence reasons" / "see my colleagues' shifts"
            if not _condition_shared(words, covered[0], y):
                continue  # "cannot be published with a rest under 11 hours" / "publish the roster"
            if _other_actors(words, cue, covered[0], y, hit[0]):
                continue  # "users must not be able to delete comments" / "admins can delete comments"
            said = " ".join(words[cue:covered[-1] + 1])
            other = _quote(y, hit[0])
            first, second = (f"'{said}'", f"'{other}'") if which == "first" else (f"'{other}'", f"'{said}'")
            return f"one story says it must not happen, the other that it happens: {first} vs {second}"
    return None


# A permission's chain between who and the action ("admins *can* delete", "users must *not be
# able to* delete"), and subjects that mean everyone ("nobody must be able to edit").
_LINK = frozenset("""can could may might must shall should will would to be is are able allowed
    permitted not cannot darf dürfen kann können muss soll nicht peut peuvent doit ne pas puede
    pueden debe no può possono deve non""".split())
_ABLE = frozenset("able allowed permitted erlaubt autorisé autorisés permitido consentito".split())
_EVERYONE = frozenset("""nobody anyone anybody everyone everybody niemand jeder alle personne
    nadie nessuno todos tutti""".split())
_MAY = frozenset("can may darf dürfen kann können peut peuvent puede pueden può possono".split())


def _subject(words: list[str], at: int) -> tuple[str, bool]:
    """(the word before the permission chain that ends before ``at``, whether a modal of
    permission or ability is in that chain)."""
    j, may = at - 1, False
    while j >= 0 and (words[j] in _LINK or words[j] in _CUES):
        may = may or words[j] in _MAY
        j -= 1
    return (words[j] if j >= 0 else ""), may


def _other_actors(words: list[str], cue: int, action: int, other: _Read, hit: str) -> bool:
    """The negation denies an ability to someone ("users must not be able to delete") and every
    statement of the other story that grants it names someone else ("admins can delete"): two
    permissions of two kinds of person, not one rule against another. Everyone ("nobody", a
    passive "must not be deleted") or a story's own wish ("I want to cancel online") is no
    other person."""
    if not _ABLE & set(words[cue:action]) and "cannot" not in words[cue:action]:
        return False
    denied, _ = _subject(words, cue)
    if not _someone(denied) or denied in _EVERYONE:
        return False
    granted = [_subject(ws, j) for ws in other.sentences for j, w in enumerate(ws) if _content(w) and stem(w) == hit]
    return bool(granted) and all(may and _someone(who) and stem(who) != stem(denied) for who, may in granted)


def _someone(word: str) -> bool:
    """``word`` may name who acts ("users", "admins"): a word, not "I" nor a function word."""
    return len(word) >= 3 and word.isalpha() and word not in _FIRST_PERSON and word not in _SHORT_STOP


def _condition_shared(words: list[str], action: int, other: _Read) -> bool:
    """No condition after the negated action, or one whose words the other story states too."""
    at = next((j for j in range(action + 1, len(words)) if words[j] in _CONDITION), None)
    if at is None:
        return True
    condition = {stem(w) for w in words[at + 1:] if _content(w)}
    return not condition or bool(condition & other.stems)


def _quote(r: _Read, s: str) -> str:
    for words in r.sentences:
        for j, w in enumerate(words):
            if stem(w) == s and _content(w):
                return " ".join(words[max(0, j - 2):j + 3])
    return s


def behaviour_guard(stories: Sequence, units: Sequence[Sequence[int]], decided: list) -> list:
    """``decided`` ((unit a, unit b, similarity, Decision) per pair) with each related, duplicate
    or overlap pair of which one story negates an action the other states
    (``behaviour_conflict``) a "conflict": never merged, shown with both sides."""
    from storytransformer.relate.decide import Decision

    read: dict[int, _Read] = {}  # each story read once (10,000 stories: many pairs each)

    def of(unit: int) -> _Read:
        if unit not in read:
            read[unit] = _Read(stories[units[unit][0]])
        return read[unit]

    out = list(decided)
    for n, (a, b, score, d) in enumerate(decided):
        if d.relation not in ("related", "duplicate", "overlap"):
            continue
        sa, sb = stories[units[a][0]], stories[units[b][0]]
        if sa.format == "gherkin" and sb.format == "gherkin" and sa.source == sb.source:
            continue  # (two scenarios of one feature: behaviour_conflict)
        reason = _conflict(of(a), of(b))
        if reason:
            out[n] = (a, b, score, Decision("conflict", reason))
    return out
