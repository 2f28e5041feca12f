"""Two statements of one need that cannot both hold, in kinds the number and negation checks
miss: free against a price, forbidden against allowed, unlimited against a limit, and two ages
for one age limit.

    claims_clash(slots_a, slots_b)   # "one story says it is free, the other gives a price: ..."
    age_clash(slots_a, slots_b)      # "same need, different ages: '18' vs '17'"

Each reads the stories' slots (slots.Phrase tokens: lemmas, "#n" numbers, "no fee" read as a
negated "fee" by lexicon.PHRASES, "as many times as they like" read as "unlimited" by
frequency.py):

* **free / a price**: one statement says a thing costs nothing ("free", "kostenlos",
  "gratuit", "gratis", "gratuito", "at no cost": a negated "fee") and names no amount (not
  "free for orders above 50 euros"), the other gives it an amount of money with no bound
  before it ("costs 15 euros", "cuesta 15 euros");
* **forbidden / allowed**: one statement forbids an act ("forbidden", "prohibited", "verboten",
  "interdit", "prohibido", "vietato", "proibido", "verboden") and the other, not negated,
  states that act ("visitors may feed the goats" / "feeding any animal is forbidden");
* **unlimited / a limit**: "unlimited", "as often as they like", "beliebig oft" against "at
  most once a day", "up to 3 times";
* **ages**: one age limit stated with two values ("at least 18 years old" / "17-year-olds may
  donate"; "children under 12" / "aged 10 and over"): numbers of years after an age word
  ("aged", "Alter", "âge", "edad", "età") or before "old" / "alt", or after a kind of person.

The statements must be about one thing: they share content words (compared on their first
four letters, "feeding" / "feed"), most of the shorter one's. ``claims_clash`` runs only on
pairs already read as one need (decide.contradiction); ``age_clash`` also where two needs'
numbers were read as "about different things", with a shared word besides the people.
"""

from __future__ import annotations

from functools import lru_cache

PROHIBIT = frozenset("""prohibit forbid forbidden ban banned verbieten verboten untersagen untersagt interdire
    interdit prohiber prohibir prohibido vietare vietato proibir proibido verbieden verboden""".split())
UNLIMITED = frozenset("unlimited unbegrenzt unbeschränkt illimité ilimitado illimitato ilimitada onbeperkt".split())
CURRENCIES = frozenset("""euro eur usd dollar gbp pound chf franc sek nok dkk kr krone kronor zloty pln yen cent
    cents rappen""".split())
BOUNDS = frozenset({"atmost", "atleast"})
AGE_WORDS = frozenset("age aged alter âge edad età idade leeftijd".split())
OLD = frozenset("old alt oud jährig".split())
PERSONS = frozenset("""child kid minor adult teen teenager youth senior person people customer guest visitor
    player member donor applicant student pupil angler kind kinder jugendliche jugendlicher erwachsene enfant
    mineur adulte niño niña menor adulto joven bambino bambini ragazzo ragazzi minore adulto criança
    jovem adolescente kinderen jongere jongeren volwassene donatore donante donneur spender""".split())
SHARED = 0.5  # share of the shorter statement's words (first four letters) the other must say too
_TRIGGERS = PROHIBIT | UNLIMITED | {"fee", "free"}  # a statement without one states none of these
_AUX = frozenset("have be must avere essere tener ser haben sein avoir être hebben zijn ter dovere".split())
AGE_RATIO = 1.5  # two ages further apart are two groups ("children under 12" / "seniors over 65")


def _stem(t: str) -> str:
    return t.lstrip("!")[:4]


def _content(tokens, drop=frozenset()) -> set[str]:
    return {_stem(t) for t in tokens if t[0] not in "#@" and t not in BOUNDS and t not in drop}


def _about_one_thing(p, q, drop=frozenset()) -> bool:
    x, y = _content(p.tokens, drop), _content(q.tokens, drop)
    if not x or not y:
        return False
    shared = x & y
    return len(shared) >= 1 and len(shared) >= SHARED * min(len(x), len(y))


def _statements(s):
    return (s.need, *(step.phrase for step in s.criteria))


def _price(p) -> bool:
    """An amount of money with no bound before it ("costs 15 euros", "€15")."""
    toks = p.tokens
    for i, t in enumerate(toks):
        if t[0] != "#" or (i and toks[i - 1] in BOUNDS):
            continue
        if any(c in t for c in "€$£¥") or (i + 1 < len(toks) and toks[i + 1] in CURRENCIES):
            return True
    return False


def _free(p) -> bool:
    """Costs nothing: a negated "fee" (lexicon.PHRASES: "free of charge", "kostenlos", "gratis")
    or "free", and no amount at all."""
    free = (p.negated and "fee" in p.tokens[max(p.negated_at, 0):]) or ("free" in p.tokens and not p.negated)
    return free and not any(t[0] == "#" for t in p.tokens)


def claims_clash(a, b, needs_only: bool = False) -> str | None:
    """A reason when the stories state free / a price, forbidden / allowed or unlimited / a
    limit of one thing (see the module docstring); else None. ``needs_only``: compare the
    two needs alone (decide.py, before a one-word swap reads "free" / "costs 40 euros" as
    two details of two siblings), and only needs that name nothing the other does not."""
    for x, y in ((a, b), (b, a)):
        said = [p for p in ((x.need,) if needs_only else _statements(x)) if not p.words.isdisjoint(_TRIGGERS)]
        for p in said:  # (most stories say none of the words: nothing to compare)
            for q in ((y.need,) if needs_only else _statements(y)):
                found = _one_clash(p, q, strict=needs_only)
                if found:
                    return found
    return None


def _one_clash(p, q, strict: bool = False) -> str | None:
    if strict and _other_things(p, q):
        return None
    if _free(p) and not q.negated and _price(q) and _about_one_thing(p, q, {"fee", "free"}):
        return f"one story says it is free, the other gives a price: {_plain(p)} vs {_plain(q)}"
    if not p.negated and PROHIBIT & set(p.tokens) and not q.negated and not PROHIBIT & set(q.tokens) \
            and len(_content(p.tokens, PROHIBIT) & _content(q.tokens)) >= 2 and _about_one_thing(p, q, PROHIBIT):
        return f"one story forbids what the other allows: {_plain(p)} vs {_plain(q)}"
    if not p.negated and UNLIMITED & set(p.tokens) and not q.negated and _limit(q) \
            and _about_one_thing(p, q, UNLIMITED | {"time"}):
        return f"one story sets no limit, the other a limit: {_plain(p)} vs {_plain(q)}"
    return None


# Words of the claims themselves and of their amounts, left out when two statements are
# compared for what else they say
_CLAIM_WORDS = _TRIGGERS | CURRENCIES | {"every_" + u for u in "second minute hour day week month year".split()} | {
    "interval", "time", "day", "week", "month", "year", "hour", "minute",
                                         "allow", "allowed", "permit", "may", "can", "cost", "costs", "costar",
                                         "kosten", "coûter", "costare", "custar"}


def _other_things(p, q) -> bool:
    """One statement names something the other does not ("*premium* members get unlimited
    downloads" / "*free* members get at most 5"; "forbidden in hotel *rooms*" / "allowed on the
    hotel *terrace*"): maybe two siblings, two claims of two things; unless one says it of all
    ("feeding *any* animal is forbidden" covers "feed the goats"). Asked of two needs before
    anything read them as one need; two stories about to be merged are checked without it (a
    conflict shown to a person costs less than a contradiction merged)."""
    # (who does it is no other thing: "*visitors* may take photos" / "taking photos is forbidden")
    x, y = _content(p.tokens, _CLAIM_WORDS | PERSONS), _content(q.tokens, _CLAIM_WORDS | PERSONS)
    return (bool(x - y) or bool(y - x)) and not (p.universal or q.universal)


def _limit(p) -> bool:
    toks = p.tokens
    # ("at most 3", "at most twice a week": "atmost interval #84 hour")
    return any(t == "atmost" and any(u[0] == "#" for u in toks[i + 1:i + 3]) for i, t in enumerate(toks))


def ages(p) -> list[str]:
    """The "#n" age values a phrase states (see the module docstring)."""
    return list(_ages(p.tokens))


@lru_cache(maxsize=1 << 16)  # (a story's statements are read for each of its pairs)
def _ages(toks: tuple[str, ...]) -> tuple[str, ...]:
    if not any(t[0] == "#" for t in toks):
        return ()
    out = []
    for i, t in enumerate(toks):
        if t[0] != "#" or _value(t) is None:
            continue  # (an amount of money, "#£50", or a percentage is no age)
        unit = toks[i + 1] if i + 1 < len(toks) else ""
        before = [u for u in toks[max(0, i - 3):i] if u not in BOUNDS]
        old = unit == "year" and i + 2 < len(toks) and toks[i + 2] in OLD  # "18 years old"
        cue = bool(before) and before[-1] in AGE_WORDS  # "aged 10", "Alter 16"
        # "children under 12", "donors of at least 18 years", "ragazzi di 17 anni"
        person = bool(PERSONS & set(toks[max(0, i - 4):i])) and (unit == "year" or toks[i - 1] in BOUNDS)
        if old or cue or person:
            out.append(t)
    return tuple(out)


def age_clash(a, b) -> str | None:
    """A reason when each story states one age limit, the two differ (by at most
    ``AGE_RATIO``), and the stories share a word besides the ages; else None."""
    xa = {v for p in _statements(a) for v in _ages(p.tokens)}
    if len(xa) != 1:
        return None
    xb = {v for p in _statements(b) for v in _ages(p.tokens)}
    if len(xb) != 1 or xa == xb:
        return None
    va, vb = _value(next(iter(xa))), _value(next(iter(xb)))
    if va is None or vb is None or not (0 < min(va, vb) and max(va, vb) / min(va, vb) <= AGE_RATIO):
        return None
    drop = AGE_WORDS | OLD | {"year"}  # (a kind of person is the thing shared: "donors" / "donate")
    words_a = {w for p in _statements(a) for w in _content(p.tokens, drop)}
    words_b = {w for p in _statements(b) for w in _content(p.tokens, drop)}
    if not words_a & words_b:
        return None
    # each names a thing the other does not: two age limits of two things ("kayaks may be rented
    # from 18" / "guests of at least 16 may rent a bike"); people and "to have" aside
    own = {_stem(w) for w in PERSONS | _AUX}
    if (words_a - words_b) - own and (words_b - words_a) - own:
        return None
    return f"same need, different ages: '{next(iter(xa))[1:]}' vs '{next(iter(xb))[1:]}'"


def _value(token: str) -> float | None:
    """The value of a "#n" token; None for one that is no plain number ("#£50", "#10%", "#1.2.3")."""
    try:
        return float(token[1:].replace(",", "."))
    except ValueError:
        return None


def _plain(p) -> str:
    return "'" + " ".join(t.lstrip("#@!") for t in p.tokens[:8]) + "'"
