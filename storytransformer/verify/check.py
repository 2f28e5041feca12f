"""Check one claim against the source sentence(s) it is aligned to.

A claim is supported only when a source sentence states it with the same polarity, modality,
quantifiers, quantities, actor and object. Every difference becomes a ``Problem``: the span
of the claim that differs, the kind of difference and a reason naming the source sentence.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Sequence

from storytransformer.verify.claims import Claim, SourceSentence
from storytransformer.verify.cues import MODAL_RANK, Word, amount, analyse

# Nouns that name who acts: an unsupported one is an invented or changed actor. Written as
# words; compared by their keys (``actor_keys``: "staff" is keyed "staf", "administrator" "admin").
ACTOR_WORDS = frozenset(
    """team staff department manager admin administrator user customer agent operator support
    clerk owner member officer reviewer approver auditor accountant employee supervisor lead
    group partner vendor supplier courier driver shopper buyer seller guest visitor client
    patient doctor nurse teacher student parent editor author moderator developer tester
    analyst planner dispatcher everyone everybody anyone someone people person landlord tenant
    pharmacist mechanic technician recruiter candidate applicant donor volunteer passenger
    traveller traveler subscriber resident citizen merchant cashier librarian borrower inspector
    lawyer accountant caregiver carer""".split()
)


@lru_cache(maxsize=1)
def actor_keys() -> frozenset[str]:
    """ACTOR_WORDS as ``cues`` keys them (lazy: lemmas load a dictionary)."""
    return frozenset(x.key for w in ACTOR_WORDS for x in analyse(w).words if x.kind == "content")


MIN_COVERAGE = 0.5  # below this share of its content words, no source sentence states the claim


@dataclass
class Problem:
    field: str  # the claim's field: "goal", "acceptance_criteria[2]", ...
    start: int  # character span inside that field's text
    end: int
    text: str
    kind: str  # negation | modality | scope | quantity | actor | object | role | benefit | invented | dropped | lost | fused | injection
    reason: str
    source: str = ""  # "story id: sentence" the claim was compared with ("" when none)

    def to_dict(self) -> dict:
        return {"field": self.field, "start": self.start, "end": self.end, "text": self.text,
                "kind": self.kind, "reason": self.reason, "source": self.source}


# (claim text, sentence text) -> cosine similarity of their sentence embeddings (MiniLM);
# None: lexical alignment alone.
Similarity = Callable[[str, str], float]


def _rank(claim: Claim, s: SourceSentence, similar: Similarity | None = None) -> tuple:
    a, b = claim.analysis, s.analysis
    same_part = (s.part == "criterion") == claim.is_criterion or s.part == claim.field
    meaning = similar(claim.text, s.text) if similar else 0.0
    return (len(a.content & b.content), same_part, a.denies == b.denies,
            a.modality() == b.modality(), -len(b.content - a.content), meaning)


MAX_JOINED = 4  # sentences one claim may join: a Gherkin Given/When/Then written as one criterion


def align(claim: Claim, candidates: Sequence[SourceSentence],
          similar: Similarity | None = None) -> tuple[list[SourceSentence], frozenset[str]]:
    """The best sentence for the claim, plus more when the claim joins several ("prefilled
    and editable"; "Given a saved card, when I pay, then the order is placed"). Each joined
    sentence must give 2+ of the claim's words: a clause of its own, not a stray word picked
    from a benefit. Returns the sentences and the claim's keys they cover. Ranked by shared
    words, then same part (criterion for a criterion), same polarity and modality, fewest
    extra words; ``similar`` (embeddings) breaks the ties that remain."""
    content = claim.analysis.content
    best = max(candidates, key=lambda s: _rank(claim, s, similar))
    chosen, covered = [best], content & best.analysis.content
    while len(chosen) < MAX_JOINED and covered != content:
        rest = content - covered
        nxt = max((s for s in candidates if s not in chosen), key=lambda s: len(rest & s.analysis.content), default=None)
        if nxt is None or len(rest & nxt.analysis.content) < 2:
            break
        chosen.append(nxt)
        covered |= rest & nxt.analysis.content
    return chosen, covered


def _span(claim: Claim, words: Sequence[Word]) -> tuple[int, int, str]:
    if not words:
        return 0, len(claim.text), claim.text
    start, end = min(w.start for w in words), max(w.end for w in words)
    return start, end, claim.text[start:end]


def _problem(claim: Claim, words: Sequence[Word], kind: str, reason: str, chosen: Sequence[SourceSentence]) -> Problem:
    start, end, text = _span(claim, words)
    return Problem(claim.field, start, end, text, kind, reason, "; ".join(s.cite() for s in chosen))


def _runs(claim: Claim, keys: set[str]) -> list[list[Word]]:
    """Adjacent unsupported words grouped (stop words inside a run do not break it)."""
    runs: list[list[Word]] = []
    current: list[Word] = []
    for w in claim.analysis.words:
        if w.kind in ("content",) and w.key in keys:
            current.append(w)
        elif w.kind in ("content", "number", "neg", "modal", "quant") and current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def _source_words(s: SourceSentence, keys: frozenset[str] | set[str]) -> str:
    seen = dict.fromkeys(w.text for w in s.analysis.words if w.kind == "content" and w.key in keys)
    return " ".join(seen)


def _quantified_run(claim: Claim, run: list[Word]) -> bool:
    """The run follows "all/any/every" ("Any staff member", "all users"): a widened scope, not
    only another actor ("Staff can end the pause at any time" names another actor)."""
    words = claim.analysis.words
    i = words.index(run[0])
    for w in reversed(words[:i]):
        if w.kind == "quant":
            return w.key == "all"
        if w.kind != "stop":
            return False
    return False


def _word_kind(claim: Claim, run: list[Word], replaced: str) -> str:
    if claim.field in ("role", "benefit"):
        return claim.field
    if any(w.key in actor_keys() for w in run):
        return "scope" if _quantified_run(claim, run) else "actor"
    return "object" if replaced else "invented"


def word_problems(claim: Claim, chosen: list[SourceSentence], covered: frozenset[str],
                  context: frozenset[str]) -> list[Problem]:
    """Content words the aligned sentence does not state. A word found elsewhere in the cited
    stories (their role, goal, another criterion) is tolerated once per four words: merged
    criteria name the actor or object the story's narrative gives ("the saved address")."""
    a = claim.analysis
    unmatched = {k for k in a.content - covered if not k[0].isdigit()}
    left_out = chosen[0].analysis.content - a.content
    tolerated = {k for k in unmatched & context if k not in actor_keys() or claim.field != "role"}
    # Only an addition is tolerated: where the sentence's own word is missing, the context
    # word replaced it ("scheduled payment" for "scheduled transfer": a changed object).
    if len(tolerated) <= max(1, len(a.content) // 4) and not {k for k in left_out if not k[0].isdigit()}:
        unmatched -= tolerated
    if not unmatched:
        return []
    replaced = _source_words(chosen[0], left_out)
    out = []
    for run in _runs(claim, unmatched):
        kind = _word_kind(claim, run, replaced)
        words = " ".join(w.text for w in run)
        if kind in ("object", "actor", "role", "scope") and replaced:
            reason = f"'{words}' where the source says '{replaced}'"
        else:
            reason = f"'{words}': no cited source sentence states this"
        out.append(_problem(claim, run, kind, f"{kind}: {reason}", chosen))
    return out


def polarity_problems(claim: Claim, chosen: list[SourceSentence]) -> list[Problem]:
    source_denies = sum(s.analysis.negations for s in chosen) % 2 == 1
    if claim.analysis.denies == source_denies:
        if not claim.analysis.negations and not any(s.analysis.negations for s in chosen):
            return []
        # Same parity, but two negations removed or one moved: compared clause by clause
        from storytransformer.verify.clause_negation import clause_problems

        out = []
        for clause, why in clause_problems(claim.text, [s.text for s in chosen]):
            at = claim.text.find(clause)
            words = [w for w in claim.analysis.words if at <= w.start < at + len(clause)] if at >= 0 else []
            out.append(_problem(claim, [w for w in words if w.kind == "neg"][:1] or words, "negation", why, chosen))
        return out
    negs = [w for w in claim.analysis.words if w.kind == "neg"]
    what = "adds a negation the source does not have" if claim.analysis.denies else "drops the source's negation"
    return [_problem(claim, negs[:1], "negation", f"negation flipped: {what}", chosen)]


def _modal_word(words: Sequence[Word]) -> list[Word]:
    return [w for w in words if w.kind == "modal"][:1]


def _scenario(claim: Claim) -> bool:
    """A Gherkin criterion ("Given ..., when the member ends the pause, then it ends"): it
    states an ability ("The member can end the pause") by showing it used, in the plain
    present; a "must" or "may" in it is still compared."""
    words = [w.text.lower() for w in claim.analysis.words]
    return bool(words) and words[0] in ("given", "when") and "then" in words


def modality_problems(claim: Claim, chosen: list[SourceSentence]) -> list[Problem]:
    mine = claim.analysis.modality()
    theirs = {s.analysis.modality() for s in chosen}
    if not claim.is_criterion:  # "I want to be able to edit" == "I want to edit"
        mine, theirs = ("" if mine == "can" else mine), {"" if m == "can" else m for m in theirs}
    if mine in theirs or (mine == "" and "can" in theirs and _scenario(claim)):
        return []
    source = max(theirs, key=MODAL_RANK.__getitem__)
    said = next((w.text for s in chosen for w in _modal_word(s.analysis.words)), "a plain statement")
    how = "weakened" if MODAL_RANK[mine] < MODAL_RANK[source] else "strengthened"
    mine_text = _modal_word(claim.analysis.words)
    shown = mine_text[0].text if mine_text else "a plain statement"
    return [_problem(claim, mine_text, "modality", f"modality {how}: '{shown}' where the source says '{said}'", chosen)]


def _quantified(words: Sequence[Word], i: int) -> set[str]:
    """Keys of the noun phrase after the quantifier at ``i``: "all friends" -> {friend},
    "each delivery slot is" -> {delivery, slot} (ends at a stop word, after the plural head
    of "all", before a verb in -s after "each"/"every")."""
    out: set[str] = set()
    plural_head = words[i].text.lower() == "all"
    for w in words[i + 1 : i + 5]:
        if w.kind != "content":
            break
        ends_s = _plural(w)
        if ends_s and not plural_head and out:
            break
        out.add(w.key)
        if ends_s and plural_head:
            break
    return out


def _generic_plural(claim: Claim, chosen: list[SourceSentence]) -> bool:
    """"Each delivery slot is 15 minutes" restates "Delivery slots are 15 minutes": a bare
    plural in the source already speaks of all of them. True when the noun after the
    claim's all/every/each stands in the source in the plural."""
    words = claim.analysis.words
    nouns = set().union(*(_quantified(words, i) for i, w in enumerate(words) if w.kind == "quant" and w.key == "all"))
    return any(w.key in nouns and _plural(w) for s in chosen for w in s.analysis.words if w.kind == "content")


def _plural(w: Word) -> bool:
    """A noun written in the plural: "vehicles", not the possessive "vehicle's"."""
    low = w.text.lower().replace("’", "'")
    return low.endswith("s") and low != w.key and not low.endswith("'s")


def scope_problems(claim: Claim, chosen: list[SourceSentence]) -> list[Problem]:
    mine = claim.analysis.quantifiers
    theirs = frozenset().union(*(s.analysis.quantifiers for s in chosen))
    quant = [w for w in claim.analysis.words if w.kind == "quant"]
    out = []
    if "all" in mine and "all" not in theirs and not _generic_plural(claim, chosen):
        words = [w for w in quant if w.key == "all"]
        out.append(_problem(claim, words, "scope", f"scope widened: '{words[0].text}' where the source names no such range", chosen))
    for limit in ("only", "own"):  # "only admins", "their own orders"
        if limit in theirs and limit not in mine:
            out.append(_problem(claim, [], "scope", f"scope widened: the source says '{limit}'", chosen))
        if limit in mine and limit not in theirs:
            words = [w for w in quant if w.key == limit]
            out.append(_problem(claim, words, "scope", f"scope narrowed: '{limit}' is not in the source", chosen))
    return out


def _amount(value: str, unit: str) -> str:
    """A quantity as a person reads it: ("15", "minute") -> "15 minutes"."""
    if not unit:
        return value
    return f"{value} {unit}" if value == "1" or unit.endswith("s") or unit in ("percent", "mb", "gb", "kb", "tb", "usd", "eur", "gbp") else f"{value} {unit}s"


def quantity_problems(claim: Claim, chosen: list[SourceSentence]) -> list[Problem]:
    theirs = [q for s in chosen for q in s.analysis.quantities]
    values = {v for v, _ in theirs}
    same = {amount(v, u) for v, u in theirs}  # "2 days" states "48 hours"
    numbers = [w for w in claim.analysis.words if w.kind == "number"]
    out = []
    for (value, unit), word in zip(claim.analysis.quantities, numbers, strict=True):
        if (value, unit) in theirs or (value in values and not unit) or amount(value, unit) in same:
            continue
        shown = ", ".join(f"'{_amount(v, u)}'" for v, u in theirs) or "no number"
        what = "unit changed" if value in values else "number changed" if theirs else "number in no source"
        out.append(_problem(claim, [word], "quantity", f"{what}: '{_amount(value, unit)}' where the source says {shown}", chosen))
    mine = set(claim.analysis.quantities)
    mine_same = {amount(v, u) for v, u in mine}
    if claim.is_criterion and len(chosen) == 1:
        for value, unit in theirs:
            if (value, unit) not in mine and value not in {v for v, _ in mine} and amount(value, unit) not in mine_same:
                out.append(_problem(claim, [], "quantity", f"quantity dropped: the source says '{_amount(value, unit)}'", chosen))
    return out


_BE = frozenset("""is are was were be been being am get gets got
    être été est sont ser es son sido fue wird werden wurde worden essere è sono stato stata é são foi""".split())  # + passive auxiliaries of fr/es/de/it/pt


def _positions(words: Sequence[Word]) -> dict[str, int]:
    """Content key -> index of its first word."""
    out: dict[str, int] = {}
    for i, w in enumerate(words):
        if w.kind == "content":
            out.setdefault(w.key, i)
    return out


def _passive(words: Sequence[Word], i: int) -> bool:
    """The word at ``i`` is a verb in the passive: a form of "be" among the three words before
    it ("is shown", "must be approved", "cannot be assigned")."""
    return any(w.text.lower() in _BE for w in words[max(0, i - 3) : i])


def _swapped(a: Sequence[Word], b: Sequence[Word]) -> tuple[str, str, str] | None:
    """(pivot, x, y) when the words x and y stand on opposite sides of a shared word in a and
    b, x moving right and y left across it ("The driver notifies the mechanic" / "The mechanic
    notifies the driver"), with the pivot in the same voice in both. A phrase moved to the
    front ("Before submitting, the employee ...") crosses the pivot one way only; the passive
    ("... is approved by the pharmacist") swaps by design."""
    pa, pb = _positions(a), _positions(b)
    shared = [k for k in pa if k in pb and not k[0].isdigit()]
    if sorted(shared, key=pa.__getitem__) == sorted(shared, key=pb.__getitem__):
        return None  # the shared words in one order: nothing crossed (most claims)
    for v in shared:
        if _passive(a, pa[v]) != _passive(b, pb[v]):
            continue
        right = [k for k in shared if pa[k] < pa[v] and pb[k] > pb[v] and k not in _NO_ROLE]
        left = [k for k in shared if pa[k] > pa[v] and pb[k] < pb[v] and k not in _NO_ROLE]
        for x in right:
            for y in left:
                # A real swap trades the words' roles, prepositions included ("sends the report
                # to the mechanic" / "to the driver"); "The customer is not shown notes" /
                # "Notes are not shown to the customer" moves a recipient, no swap.
                if _mark(a, pa[x]) == _mark(b, pb[y]) and _mark(a, pa[y]) == _mark(b, pb[x]):
                    return v, x, y
    return None


_PREPOSITIONS = frozenset("to by for from with of".split())
# Content words that play no role in who does what to whom: time and bound words, which a
# phrase moved to the front carries along ("Within 30 minutes of placing an order, the shopper
# can cancel it" swaps nothing).
_NO_ROLE = frozenset("before after within until during since over under above below min max gt lt".split())


def _mark(words: Sequence[Word], i: int) -> str:
    """The preposition that introduces the word at ``i`` ("to the customer" -> "to"), "" when none."""
    for w in reversed(words[:i]):
        if w.kind == "content":
            return ""
        if w.text.lower() in _PREPOSITIONS:
            return w.text.lower()
    return ""


def order_problems(claim: Claim, chosen: list[SourceSentence]) -> list[Problem]:
    """Who does what to whom: the same words with the actor and the object swapped."""
    if len(chosen) != 1:
        return []
    swap = _swapped(chosen[0].analysis.words, claim.analysis.words)
    if swap is None:
        return []
    v, x, y = swap
    words = [w for w in claim.analysis.words if w.kind == "content" and w.key in (x, y)]
    shown = [w.text for w in words]
    return [_problem(claim, words, "object", f"roles swapped: '{' / '.join(dict.fromkeys(shown))}' stand on the "
                     f"other side of '{v}' than in the source", chosen)]


def check_claim(claim: Claim, candidates: Sequence[SourceSentence], context: frozenset[str],
                similar: Similarity | None = None) -> list[Problem]:
    """Every way ``claim`` differs from its best-aligned source sentence(s); [] = supported."""
    a = claim.analysis
    if not a.content or not candidates:
        return [] if not a.content else [_problem(claim, [], "invented", "no source to check against", [])]
    chosen, covered = align(claim, candidates, similar)
    if len(covered) < MIN_COVERAGE * len(a.content):
        if claim.field in ("role", "benefit"):
            said = "; ".join(dict.fromkeys(f"'{s.text}'" for s in candidates if s.part == claim.field)) or "nothing"
            what = "changed role: no source has this role" if claim.field == "role" else "invented benefit: no source gives it"
            return [_problem(claim, [], claim.field, f"{what} (the sources say {said})", chosen)]
        kind = "invented"
        actors = [w for w in a.words if w.kind == "content" and w.key in actor_keys() - covered]
        if kind == "invented" and actors:  # "The security team approves every reset"
            who = " ".join(w.text for w in actors)
            return [_problem(claim, [], kind, f"invented: no source sentence states this (nor its actor '{who}')", chosen)]
        return [_problem(claim, [], kind, f"{kind}: no source sentence states this", chosen)]
    return (word_problems(claim, chosen, covered, context) + polarity_problems(claim, chosen)
            + modality_problems(claim, chosen) + scope_problems(claim, chosen) + quantity_problems(claim, chosen)
            + order_problems(claim, chosen))
