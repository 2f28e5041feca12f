"""Evidence that two needs are one need in other words, and the kinds of sibling that
rewording must not hide: another notification channel, another kind of person.

    same_need_reworded(a, b)   # ("!login", "google") shared, or None
    channel_difference(a, b)   # "'sms' vs 'email'" or None
    role_difference(a, b)      # "'teacher' vs 'parent'" or None

Needs are compared on their slot tokens (lemmas, synonyms and multi-word verbs already
mapped to one word by ``lexicon``): actions ("!x" tokens) must agree, and at least half of
the shorter need's object words must be in the other. Words of the other story's role are
not counted as different: a passive restatement names the person inside its sentence
("Inactive accounts can be deleted by administrators").
"""

from __future__ import annotations

from storytransformer.relate.lexicon import CHANNELS, GENERIC_ROLES, STAFF_ROLES
from storytransformer.relate.role_classes import role_relation
from storytransformer.relate.role_qualifiers import qualifier_difference
from storytransformer.relate.slots import Slots

# Share of the shorter need's object words found in the other need for "one need", and of
# all their object words (one shared word among many is a shared topic, not one need).
REWORDED_CONTAINMENT = 0.5
REWORDED_JACCARD = 0.3
# Object words (each side at most) for "same action, different objects" without one template.
DISJOINT_MAX_WORDS = 2


def need_words(s: Slots, other: Slots) -> frozenset[str]:
    """The need's content tokens without the other story's role words (and without this
    story's own role words: "employees can see their payslips")."""
    return s.need.words - other.role - s.role


def same_need_reworded(a: Slots, b: Slots) -> tuple[str, ...] | None:
    """The shared need words when the two needs say one thing in other words: the same
    known action (lexicon.ACTION_CLASS) first, and at least REWORDED_CONTAINMENT of the shorter
    need's objects shared and REWORDED_JACCARD of all (two words at least, unless both needs
    name at most two objects). None otherwise."""
    return _agree(a, b, strict=True)


def objects(s: Slots, other: Slots) -> frozenset[str]:
    """The need's object words: content tokens that are not actions, numbers or specifics,
    role words aside."""
    return frozenset(t for t in need_words(s, other) if t[0] not in "!#@")


def disjoint_objects(a: Slots, b: Slots) -> bool:
    """The same first action on objects that share no word: "buy a single ticket" / "buy a
    monthly pass" (a two-word swap a one-slot template check does not take)."""
    act = _first_action(a) or a.verb  # (a verb the lexicon does not know: "rate audiobooks")
    if not act or act != (_first_action(b) or b.verb):
        return False
    oa, ob = objects(a, b) - {act}, objects(b, a) - {act}
    # Only short needs: longer rewordings can share no word and still be one need ("keep my
    # progress" / "resume at the point I left off").
    if not (oa and ob and not oa & ob and max(len(oa), len(ob)) <= DISJOINT_MAX_WORDS):
        return False
    from storytransformer.relate.typos import typo_of

    # "update my adress" / "... my address": one word misspelt, not two objects
    return not any(typo_of(x, ob) for x in oa) and not any(typo_of(y, oa) for y in ob)


def other_actions(a: Slots, b: Slots) -> bool:
    """Both needs start from a known action, different ones, and neither need names the
    other's at all: "see the booking details" / "call off my room booking"."""
    act_a, act_b = _first_action(a), _first_action(b)
    # (the other need may name the action as a noun: "request a *return*")
    return bool(act_a and act_b and act_a != act_b and act_a not in b.need.words
                and act_b not in a.need.words and act_a[1:] not in b.need.words
                and act_b[1:] not in a.need.words)


def _agree(a: Slots, b: Slots, strict: bool) -> tuple[str, ...] | None:
    wa, wb = need_words(a, b), need_words(b, a)
    # The main verb is the need's first known action ("buy extra days" / "see my payslip
    # days before salary is paid": 'pay' vs 'view'); numbers and names are evidence of their
    # own (decide.py), not shared objects.
    act_a, act_b = _first_action(a), _first_action(b)
    objs_a = {t for t in wa if t[0] not in "!#@"}
    objs_b = {t for t in wb if t[0] not in "!#@"}
    common = objs_a & objs_b
    if act_a != act_b or not act_a:
        # Another action, or no known action ("load the van"): not shown to be one need;
        # except a need named by its objects alone ("subtitles on videos") that the other
        # need, with an action, contains whole ("turn on subtitles for a video").
        # Two needs named by objects alone are one need when the shorter is all in the other.
        bare = objs_a if not act_a else objs_b if not act_b else set()
        if not act_a and not act_b:
            bare = min(objs_a, objs_b, key=len)
        if not (bare and len(bare) >= 2 and bare <= common):
            return None
    # One shared object word is enough only between two short needs ("request leave" /
    # "apply for annual leave"); in longer ones it is a shared topic ("order history" /
    # "repair history of the flat").
    if not common or (strict and len(common) < 2 and max(len(objs_a), len(objs_b)) > 2):
        return None
    smaller = min(len(objs_a), len(objs_b))
    if len(common) < REWORDED_CONTAINMENT * smaller or len(common) < REWORDED_JACCARD * len(objs_a | objs_b):
        return None
    return tuple(sorted(common | ({act_a, act_b} - {""})))


def _first_action(s: Slots) -> str:
    return next((t for t in s.need.tokens if t[0] == "!"), "")


def channel_difference(a: Slots, b: Slots) -> str | None:
    """Both needs name a channel (email, SMS, push, ...) and no channel is shared."""
    ca, cb = a.need.words & CHANNELS, b.need.words & CHANNELS
    if ca and cb and not ca & cb:
        return f"'{' '.join(sorted(ca))}' vs '{' '.join(sorted(cb))}'"
    return None


def role_difference(a: Slots, b: Slots, staff_only: bool = False, staff: bool = False) -> str | None:
    """Two kinds of person: both roles specific (not a generic "user") and sharing no word,
    or one a generic user and the other someone who runs the service (a manager, an admin, a
    teacher): the same need asked by each is two stories. ``staff_only``: only the latter;
    ``staff``: both specific only when one of them is staff ("nurse" / "hospital manager",
    not "policyholder" / "insured customer")."""
    ra, rb = a.role - GENERIC_ROLES, b.role - GENERIC_ROLES
    kinds = role_relation(a.role, b.role)
    # (a Gherkin scenario's role is its Feature's narrative, the audience of every scenario,
    # not the one who acts in it: "As a new patient of the practice" over "Scenario: A parent
    # books for a child" / "As a parent, I want to book for my children" is one need)
    if kinds == "different" and not staff_only and not (a.scenario or b.scenario):
        # two known kinds, even when the words overlap: "student nurse" / "nurse"
        return f"'{' '.join(sorted(a.role))}' vs '{' '.join(sorted(b.role))}'"
    # (the words before the role's noun only: "employee who is unwell" / "employee off sick" is
    # one kind of person in two situations, "Gold member" / "Platinum member" two kinds)
    qualifiers = None if staff_only or a.scenario or b.scenario else qualifier_difference(a.role_core, b.role_core)
    if qualifiers:  # "Gold member" / "Platinum member": two kinds of one role (tester t26)
        return qualifiers
    if a.role & b.role or not a.role or not b.role or kinds == "same":
        return None  # one kind of person, maybe in two languages ("claimant" / "asegurado")
    both = ra and rb and not staff_only and (not staff or (ra | rb) & STAFF_ROLES)
    if both or (ra & STAFF_ROLES and not rb) or (rb & STAFF_ROLES and not ra):
        return f"'{' '.join(sorted(a.role))}' vs '{' '.join(sorted(b.role))}'"
    return None
