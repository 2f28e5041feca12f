"""Two needs about different *kinds* of thing that a similarity score cannot tell apart:
a list of items against one item's details page ("a list of all vehicles" / "a details page
for one vehicle"), and two different business documents ("my claim report" / "my policy
statement", "the invoice" / "the receipt"), creating a record against changing one ("create a
reservation" / "modify an existing reservation"; not when the creating side enters a *new*
one: "enter my new account number" changes it), and needs that name two different people ("notify
the patient" / "notify the doctor"). Used only where a duplicate would otherwise be
decided on similarity alone (no hard evidence either way), so it never overrides a slot
rule; the result is "related" without evidence (a judge may still look)."""

from __future__ import annotations

from functools import lru_cache

from storytransformer.relate.lexicon import STAFF_ROLES
from storytransformer.relate.reworded import objects, other_actions
from storytransformer.relate.slots import TRIGGER, Slots
from storytransformer.relate.units import UNIT_TOKENS

# Words (after lemmatising and the lexicon's synonyms) that make a need about many items.
COLLECTION = frozenset("""list dashboard roster catalogue catalog index table liste tabelle übersicht
    tableau lista listado tabla elenco tabella lijst tabel""".split())
# Words that make a need about one item's own page ("one" and "single" are not among them:
# "in one tap", "a single screen showing all appointments"; nor "history": a purchase
# history is a list).
ONE_ITEM = frozenset("""detail details profile detailseite profil détail détails fiche detalle
    detalles perfil ficha dettaglio dettagli scheda profilo detalhe detalhes detailpagina
    detailweergave profiel""".split())
# Business documents that are different things, however close their wording.
DOCUMENTS = frozenset("""invoice receipt statement report label slip certificate contract quote
    quotation voucher rechnung quittung beleg bericht etikett zertifikat vertrag angebot facture
    reçu relevé rapport étiquette certificat contrat devis factura recibo extracto informe
    etiqueta certificado contrato presupuesto creditnote gutschrift avoir ricevuta rapporto contratto
    preventivo etichetta certificato relatório orçamento factuur bon verslag offerte etiket certificaat
    contract""".split())

# People a need may name (as whom it is for or who is told): staff roles and the usual
# served roles; generic ones ("user", "customer") are left out, they name anybody.
PEOPLE = STAFF_ROLES | frozenset("""patient student pupil parent driver passenger employee
    policyholder dentist tenant applicant candidate supplier vendor contractor patient patientin
    schüler eltern fahrer mitarbeiter élève parent conducteur alumno padre conductor
    paciente paziente studente genitore genitori autista conducente dipendente aluno pai mãe motorista
    funcionário leerling ouder ouders chauffeur werknemer""".split())

# "Enter my new bank details" is how people say "change my bank details".
NEW = frozenset("new neu neue neuen neuer nouveau nouvelle nuevo nueva".split())


def _create_vs_edit(a: Slots, b: Slots) -> str | None:
    x, y = a.action, b.action
    if {x, y} != {"!create", "!edit"} or y in a.need.words or x in b.need.words:
        return None
    creating = a if x == "!create" else b
    if set(creating.need.words) & NEW or {t.lstrip("!") for t in creating.need.tokens} & NEW:
        return None
    return "creating vs changing a record"


def _other_things_done(a: Slots, b: Slots) -> str | None:
    """Two verbs (known actions or a goal's leading verb), neither need naming the other's, on things that share at most one
    word and each name something the other story never mentions ("confirm my attendance at
    the wedding" / "look at the wedding menu")."""
    known = other_actions(a, b)
    va, vb = a.action or a.verb, b.action or b.verb
    if not (known or (va and vb and va.lstrip("!") != vb.lstrip("!") and va not in b.need.words
                      and vb not in a.need.words)):
        return None
    oa, ob = objects(a, b) - {a.verb}, objects(b, a) - {b.verb}
    only_a, only_b = oa - _all(b), ob - _all(a)
    # A verb the lexicon does not know may be another team's word for the same action ("split
    # the bill" / "pay with two cards"): then the things must share nothing at all.
    if only_a and only_b and len(oa & ob) <= (1 if known else 0):
        return f"different actions on different things: '{' '.join(sorted(only_a))}' vs '{' '.join(sorted(only_b))}'"
    return None


# Actions that change a thing: "cancel my booking" is not "my booking confirmation", whereas a
# need that only names a thing ("a booking confirmation by SMS", "receive" and "get" are filler)
# asks to see, find, get or be sent it: those actions are no difference from a bare thing.
CHANGES = frozenset("""cancel delete pay book edit create reset upload approve reject lock unlock enable
    disable archive assign renew reschedule return revert translate""".split())


@lru_cache(maxsize=64)
def _lemmas_of(action: str) -> tuple[str, ...]:
    from storytransformer.relate.lexicon import ACTION_CLASS

    return tuple(w for w, c in ACTION_CLASS.items() if c == action and len(w) >= 3)


def _says_action(action: str, words) -> bool:
    """One of ``words`` is the action or its noun, in any word of its class ("cancellation",
    "Stornierung", "deletion", "payment")."""
    stems = {w[:max(4, len(w) - 1)] for w in (action, *_lemmas_of(action))}
    return any(w.lstrip("!").startswith(stem) for w in words for stem in stems)


def _action_vs_thing(a: Slots, b: Slots) -> str | None:
    """One need changes a thing ("cancel my booking"), the other only names a thing with no
    verb ("receive my booking confirmation by SMS": 'receive' is filler) that the first story
    never names, and the second story never says the first's action in any form: two needs
    that share at most one word (the thing they are both about)."""
    for x, y in ((a, b), (b, a)):
        act = x.action[1:]
        if act not in CHANGES or y.action or y.verb or _says_action(act, _all(y)):
            continue
        ox = {t for t in x.need.tokens if t[0] not in "#@!"}
        oy = {t for t in y.need.tokens if t[0] not in "#@!"}
        only_y = oy - _all(x)
        # (a compound counts as one thing where the other need is a notice about it: "my meter
        # reading reminder"; not in a passive restatement, "a food parcel given ... is recorded")
        shared = _things_shared(x.need.tokens, y.need.tokens, ox & oy) if only_y & NOTICES else len(ox & oy)
        if only_y and shared <= 1:
            shown_x = " ".join([act, *sorted(ox)])
            first, second = (shown_x, " ".join(sorted(only_y)))
            if x is b:
                first, second = second, first
            return f"different actions on different things: '{first}' vs '{second}'"
    return None


def _things_shared(x: tuple[str, ...], y: tuple[str, ...], shared: set[str]) -> int:
    """How many things the ``shared`` words of two needs name: words side by side in both
    needs are one compound ("my *meter reading* appointment" / "my *meter reading* reminder":
    one thing, not two words). Read only where one need is a notice (NOTICES)."""
    pairs_y = set(zip(y, y[1:], strict=False))
    joined = sum(1 for p in zip(x, x[1:], strict=False) if p[0] in shared and p[1] in shared and p in pairs_y)
    return len(shared) - joined


# Ways of being told, one thing for _cue: "a reminder when ..." and "a notification when ..."
NOTICES = frozenset("""reminder notification alert message notice email sms push remind notify tell inform
    erinnerung nachricht benachrichtigung hinweis rappel notification avis recordatorio aviso
    notifica promemoria avviso lembrete aviso notificação herinnering melding bericht""".split())


def _cue(s: Slots, other: Slots) -> frozenset[str]:
    """The need's words before what it reacts to, role words aside, ways of being told as one."""
    cut = len(s.need.tokens) - len(s.event.tokens)
    words = {t.lstrip("!") for t in s.need.tokens[:max(0, cut)] if t[0] not in "#@" and not TRIGGER.fullmatch(t)}
    words -= s.role | other.role
    return frozenset("notice" if w in NOTICES or "!" + w == "!send" else w for w in words)


def _other_events(a: Slots, b: Slots) -> str | None:
    """Both needs react to something ("a reminder when my check-up is due" / "... when my
    appointment is tomorrow") and each event names what the other story never mentions: one
    notification for two events."""
    ea = {t.lstrip("!") for t in a.event.tokens if t[0] not in "#@"}
    eb = {t.lstrip("!") for t in b.event.tokens if t[0] not in "#@"}
    if not ea or not eb or _cue(a, b) != _cue(b, a):
        return None  # another way to be told ("an alert" / "be paged") is another wording
    only_a, only_b = ea - _all(b), eb - _all(a)
    if only_a and only_b:
        return f"reacting to different events: '{' '.join(sorted(only_a))}' vs '{' '.join(sorted(only_b))}'"
    return None


def _notice_vs_event(a: Slots, b: Slots) -> str | None:
    """One need is to be told when something happens ("be notified when a passenger rates the
    ride"), the other story never speaks of being told ("Passenger rates the driver"): the
    notice and the event it reports are two stories."""
    for x, y in ((a, b), (b, a)):
        if not x.event.tokens or "notice" not in _cue(x, y) or y.event.tokens:
            continue
        if _all(y) & NOTICES or "!send" in y.need.words:
            continue
        told = " ".join(t.lstrip("!") for t in x.event.tokens if t[0] not in "#@")
        said = " ".join(sorted(_words(y)))
        first, second = (f"a notice when {told}", said) if x is a else (said, f"a notice when {told}")
        return f"a notice of an event vs the thing itself: '{first}' vs '{second}'"
    return None


def _other_responses(a: Slots, b: Slots) -> str | None:
    """Both needs react to one event ("... once charging is complete" / "... when charging is
    complete") with responses that share no word, each naming what the other story never
    mentions ("idle fees are charged to drivers" / "send an email"): two things done at one
    moment, two stories."""
    ea = {t.lstrip("!") for t in a.event.tokens if t[0] not in "#@"}
    eb = {t.lstrip("!") for t in b.event.tokens if t[0] not in "#@"}
    if not ea or ea != eb:
        return None
    ca, cb = _cue(a, b), _cue(b, a)
    if not ca or not cb or ca & cb:
        return None
    only_a, only_b = ca - _all(b) - {"notice"}, cb - _all(a) - {"notice"}
    if (only_a or "notice" in ca) and (only_b or "notice" in cb) and (only_a or only_b):
        return f"different responses to one event: '{' '.join(sorted(ca))}' vs '{' '.join(sorted(cb))}'"
    return None


def _words(s: Slots) -> set[str]:
    return {t.lstrip("!") for t in s.need.tokens}


def distinct_things(a: Slots, b: Slots) -> str | None:
    """A reason when one need is about a list and the other about one item's details, or
    when each names a business document the other does not; None otherwise."""
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return None
    ca, cb, ia, ib = wa & COLLECTION, wb & COLLECTION, wa & ONE_ITEM, wb & ONE_ITEM
    if (ca and ib and not cb and not ia) or (cb and ia and not ca and not ib):
        many, one = (ca or cb), (ib or ia)
        return f"a list vs one item's details: '{' '.join(sorted(many))}' vs '{' '.join(sorted(one))}'"
    made = _create_vs_edit(a, b) or _other_things_done(a, b) or _action_vs_thing(a, b) or _other_events(a, b) \
        or _other_responses(a, b) or _notice_vs_event(a, b)
    if made:
        return made
    for kind, words in (("documents", DOCUMENTS), ("people", PEOPLE)):
        xa, xb = (wa & words) - _all(b), (wb & words) - _all(a)
        if xa and xb:
            return f"different {kind}: '{' '.join(sorted(xa))}' vs '{' '.join(sorted(xb))}'"
    return None


def _all(s: Slots) -> set[str]:
    """Every word of a story (role, need, criteria, benefit), without action marks."""
    words = set(s.role) | _words(s) | {t.lstrip("!") for t in s.benefit.tokens}
    return words | {t.lstrip("!") for step in s.criteria for t in step.phrase.tokens}


# The word that opens what a need is sorted, filtered or grouped by ("filter stations *by*
# connector type", "Produkte *nach* Preis filtern", "trier *par* prix", "ordenar *por* precio").
BY = frozenset("by nach par por per según selon op".split())


def other_criteria(a: Slots, b: Slots) -> str | None:
    """A reason when two needs are the same but for what comes after "by" ("filter stations by
    connector type" / "by charging power"), and neither story names the other's criterion:
    one action, other attributes, two stories."""
    qa, qb = set(a.by.tokens), set(b.by.tokens)
    own_a, own_b = qa - qb, qb - qa
    if bool(qa) != bool(qb):  # "filter stations by charging power" / "find stations near me on a map"
        x, y = (a, b) if qa else (b, a)
        own_x, own_y = set(x.by.tokens) - y.need.words, set(y.need.tokens) - x.need.words
        own_a, own_b = (own_x, own_y) if x is a else (own_y, own_x)
    if not own_a or not own_b or set(a.need.tokens) - own_a != set(b.need.tokens) - own_b:
        return None
    numeric_a, numeric_b = ({t for t in own if t[0] == "#" or t in UNIT_TOKENS} for own in (own_a, own_b))
    if own_a & _all(b) or own_b & _all(a) or (numeric_a and numeric_b) or numeric_a == own_a or numeric_b == own_b:
        return None  # (other numbers, "por SMS 24 horas antes" / "48 horas": contradict.py's business)
    return (f"same need by other criteria: '{' '.join(t.lstrip('#@!') for t in (a.by if a.by.tokens else a.need).tokens if t in own_a)}' "
            f"vs '{' '.join(t.lstrip('#@!') for t in (b.by if b.by.tokens else b.need).tokens if t in own_b)}'")
