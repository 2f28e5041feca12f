"""Two needs that do different things to one object (testers t24 F3, t26 F2-F3).

    why = other_main_actions(slots_a, slots_b, story_a, story_b)
    # "different main actions: 'order' vs 'collect'" or None

Similarity reads the object and the template, not the verb: "order an additional organic bin" /
"the organic bin to be collected every 2 weeks", "convert my miles into hotel points" / "earn
miles when I stay at a partner hotel", "swap a shift" / "see my colleagues' shifts" score as
high as a reworded duplicate. The slots know only the verbs of the action lexicon ("!view"),
so a need that starts from another verb ("order", "convert", "earn", "swap", "redeem", "bid")
had no action to compare. Here the *main verb* of each need is read as written:

- English: the verb after "to" ("I want to *order* ..."), or the participle of a passive need
  ("the bin to be *collected*");
- German / Dutch: the infinitive at the end ("eine Biotonne *bestellen*"), or the participle
  before an auxiliary ("wöchentlich *geleert* bekommen");
- French / Spanish / Italian / Portuguese: an infinitive first ("*publier* le planning").

Two main verbs that differ are two actions unless they are one action in other words: one
class of the action lexicon (see / view, book / reserve), one of the rewordings below (empty /
collect a bin, swap / exchange a shift), or one need naming the other's action, also as a noun
("collect" / "collection", "request a *return*"). A light verb ("get", "have", "manage") says
nothing. A need with no verb ("a live list of the staff on shift") is not compared: noun needs
reword verb needs often ("see live truck positions" / "a live map of the trucks").

Asked only of *soft* duplicates (decided on similarity or meaning, nothing in the slots vouched
for one need), by relate/sibling_guard.py.
"""

from __future__ import annotations

import re

# Verbs that say nothing of what is done: "get my miles back", "manage my bookings" (scope).
_LIGHT = frozenset("""get have make do use be want need manage handle allow let keep give go take
    receive obtain know able try start continue stay become
    bekommen erhalten haben machen tun nutzen benutzen verwenden verwalten wissen können lassen werden sein
    avoir faire obtenir recevoir gérer utiliser savoir pouvoir être aller
    tener hacer obtener recibir gestionar usar utilizar saber poder ser estar ir
    avere fare ottenere ricevere gestire usare utilizzare sapere potere essere andare
    ter fazer obter receber gerir usar saber poder ser estar ir
    hebben maken doen krijgen ontvangen beheren gebruiken weten kunnen zijn worden gaan
    made done got given taken
    pick choose select opt say tell specify indicate decide wählen auswählen aussuchen angeben festlegen
    choisir sélectionner indiquer préciser elegir seleccionar escoger indicar scegliere selezionare indicare
    escolher selecionar kiezen selecteren aangeven""".split())
# Choosing or saying is how another action is done ("*pick* a follow-up date" is booking it, "*say*
# which items may be replaced" is choosing substitutes): light verbs too (the examples corpus).
# Entering a value and changing it are one action when the value replaces one ("*enter* my new
# sort code" / "*change* the bank account"): the lexicon's create and edit classes never differ here.
_LOOSE = frozenset({"!create", "!edit"})

# One action in other words where the action lexicon has no class for it (the words of one
# line are one action; each has one meaning in backlogs).
_SAME_ACTION = [
    "empty collect pickup pick leeren abholen entleeren vider collecter ramasser vaciar recoger svuotare raccogliere",
    "swap exchange trade tauschen austauschen échanger intercambiar scambiare ruilen",
    "order request bestellen anfordern commander demander pedir solicitar ordinare richiedere bestellen",
    "publish release veröffentlichen freigeben publier publicar pubblicare publiceren",
    "convert transform umwandeln umrechnen convertir convertire omzetten",
    "earn collect accrue sammeln gagner cumuler ganar acumular guadagnare accumulare",
    # narrowing a list or going to one item is finding it ("narrow the list down to brands",
    # "jump straight to a ticket")
    "find narrow refine jump navigate eingrenzen springen affiner restreindre acotar refinar",
    "order buy purchase kaufen acheter comprar acquistare kopen",
    "record log track protokollieren consigner registrar",
    # checking an order before it goes out is verifying it ("verify a medication order before it is
    # dispensed" / "medication orders to be checked by me before they are dispensed", t23)
    "verify check validate prüfen überprüfen vérifier contrôler verificar comprobar verificare controllare controleren",
]
_SAME: dict[str, set[int]] = {}
for _n, _line in enumerate(_SAME_ACTION):
    for _w in _line.split():
        _SAME.setdefault(_w, set()).add(_n)

# A need named by an information thing alone asks to see it ("a live list of the staff on duty",
# "la liste en temps réel du personnel"): its main action is viewing.
_SHOWN = frozenset("""list overview dashboard map view report table calendar liste übersicht
    karte tabelle kalender aperçu tableau carte calendrier lista resumen tabla mapa calendario
    panoramica elenco tabella mappa overzicht lijst kaart""".split())

_EN_TO = re.compile(r"^\s*(?:to\s+|be able to\s+)?([a-z]+)\b", re.IGNORECASE)
_EN_PASSIVE = re.compile(r"\bto be ([a-z]+(?:ed|en|wn|ne|t))\b", re.IGNORECASE)
_ROMANCE_INF = {"fr": ("er", "ir", "re"), "es": ("ar", "er", "ir"), "it": ("are", "ere", "ire"),
                "pt": ("ar", "er", "ir")}
_DE_AUX = frozenset("bekommen werden lassen haben kriegen worden krijgen laten".split())
_WORD = re.compile(r"\w+")


def other_main_actions(a, b, story_a, story_b) -> str | None:
    """A reason ("different main actions: 'order' vs 'collect'") when both needs ``a`` / ``b``
    (relate.slots.Slots of ``story_a`` / ``story_b``) start from a main verb, the verbs differ,
    and neither is the other in other words or named in the other need; else None."""
    va, vb = main_verb(a, story_a), main_verb(b, story_b)
    if not va or not vb or va == vb or _light(va, a.lang) or _light(vb, b.lang) or {va, vb} <= _LOOSE:
        return None
    if same_action(va, vb) or same_action(_lemma_of(va, a.lang), _lemma_of(vb, b.lang)):
        return None  # (a passive need's participle is read as written: "checked" is "check")
    # The lexicon class hides the verb written ("checked" is "!view", as in "check my balance"):
    # the table is asked about the verbs as written too ("verify" / "to be checked").
    wa, wb = _written_verb(a, story_a, written=True), _written_verb(b, story_b, written=True)
    if wa and wb and same_action(_lemma_of(wa, a.lang), _lemma_of(wb, b.lang)):
        return None
    if a.lang != b.lang and _cognates(wa or _plain(va), wb or _plain(vb)):
        return None  # one verb in two languages ("transfer" / "transférer": translations.cognates)
    # (named in the other's need, or in its "so that": "pick a follow-up date ..., so that the
    # patient need not queue to *book*" / "book the follow-up appointment")
    if _named(va, b) or _named(vb, a) or _named(va, b, b.benefit) or _named(vb, a, a.benefit):
        return None
    # Reworded duplicates pick other verbs often ("order" / "buy" stickers, "record" / "log" an
    # inspection), mostly in another form (a system statement, a title) with no "so that";
    # two actions are two needs when each story also says another why (dev-measured).
    ba, bb = set(a.benefit.tokens), set(b.benefit.tokens)
    if not ba or not bb or ba & bb:
        return None
    return f"different main actions: '{_plain(va)}' vs '{_plain(vb)}'"


def same_action(x: str, y: str) -> bool:
    """``x`` and ``y`` (slot tokens: "!find", "empty", "collect") are one action in other words
    by this module's table (the action lexicon's classes already share one token)."""
    return bool(_SAME.get(_plain(x), set()) & _SAME.get(_plain(y), set()))


def main_verb(s, story) -> str:
    """The need's main verb as a slot token ("!view", "order", "collect"); "!view" for a need
    named by an information thing alone ("a live list of ..."); "" when the need names neither
    first ("a reminder before ...")."""
    verb = _written_verb(s, story)
    if not verb and not s.action and any(t in _SHOWN for t in s.need.tokens[:2]):
        return "!view"
    return verb


def _written_verb(s, story, written: bool = False) -> str:
    """The main verb's slot token; with ``written``, the word as the story writes it (when it
    became a need token)."""
    from storytransformer.relate.slots import need_text

    text, toks = need_text(story), s.need.tokens
    if not toks:
        return ""
    if s.action and not written:
        return s.action
    lang = s.lang
    if lang == "en":
        m = _EN_PASSIVE.search(text)
        if m:
            return _token_for(m.group(1), toks, lang, written)
        m = _EN_TO.match(text)
        if m and re.search(r"\bto\s+" + re.escape(m.group(1)) + r"\b", story.text, re.IGNORECASE):
            return _token_for(m.group(1), toks[:1], lang, written)
        return ""
    words = _WORD.findall(text)
    if lang in ("de", "nl") and words:
        last = words[-1]
        if last.casefold() in _DE_AUX and len(words) > 1 and words[-2][:1].islower():
            return _token_for(words[-2], toks[-2:], lang, written)
        if last[:1].islower() and last.endswith(("en", "rn", "ln")):
            return _token_for(last, toks[-1:], lang, written)
        return ""
    ends = _ROMANCE_INF.get(lang)
    if ends and words and words[0][:1].islower() and words[0].casefold().endswith(ends):
        return _token_for(words[0], toks[:1], lang, written)
    return ""


def _token_for(word: str, toks, lang: str, written: bool = False) -> str:
    """The need token that ``word`` became (its action token or lemma), "" when none did;
    with ``written``, ``word`` itself when it became one."""
    from storytransformer.relate.slots import _lemma

    low = word.casefold()
    lemma = _lemma(low, lang)
    for t in toks:
        if t.startswith("!") or t in (low, lemma) or low.startswith(t[:5]) and len(t) >= 4:
            return low if written else t
    return ""


def _cognates(x: str, y: str) -> bool:
    """Two words of two languages that start alike (translations.COGNATE letters, accents aside)."""
    from storytransformer.relate.translations import COGNATE
    from storytransformer.relate.translations import _plain as unaccented

    x, y = unaccented(x.casefold()), unaccented(y.casefold())
    return len(x) >= COGNATE and len(y) >= COGNATE and x[:COGNATE] == y[:COGNATE]


def _lemma_of(verb: str, lang: str) -> str:
    from storytransformer.relate.slots import _lemma

    return _lemma(_plain(verb).casefold(), lang)


def _plain(token: str) -> str:
    return token[1:] if token.startswith("!") else token


def _light(verb: str, lang: str) -> bool:
    """A light verb, also inflected ("made" is "make", "got" is "get": a passive need's participle)."""
    from storytransformer.relate.slots import _lemma

    plain = _plain(verb).casefold()
    return plain in _LIGHT or _lemma(plain, lang) in _LIGHT


def _named(verb: str, other, where=None) -> bool:
    """``other``'s need names ``verb``'s action: as a token, or a word of its stem
    ("collection" for "collect", "conversion" for "convert" is not caught: then the verbs
    decide)."""
    from storytransformer.relate.nominal import action_of

    plain = _plain(verb)
    stem = plain[: max(4, len(plain) - 2)]
    for t in (where if where is not None else other.need).tokens:
        w = _plain(t)
        if t == verb or w == plain or (len(stem) >= 4 and w.startswith(stem)):
            return True
        if verb.startswith("!") and action_of(w) and "!" + action_of(w) == verb:
            return True
    return False
