"""Three kinds of sibling that similarity alone called one need (tester t24, finding 2).

    decided = sibling_guard(stories, units, decided, slots_of)

Asked only of *soft* duplicates (nothing in the slots vouched for one need: ``Decision.evidence``
False; decided on similarity or meaning), after the other guards. Each kind turns the pair
"related" with a reason a person can read:

- **another means to one end**: both needs say what they are done *with* and the means differ
  ("clock in *with my badge*" / "clock in *with the app*", "Zeit erfassen *mit der Karte*" /
  "*über die App*"): two ways in, two stories (two things to build and test). Means are
  matched after "with / using / via / through / by" (de "mit / über / per", fr "avec / par /
  via", es "con / mediante / desde", it "con / tramite / dall'") on a short list of means in
  classes (a badge and a card are one; an app and a website are two); the slots drop "app" as a
  generic word, so the need is read as written;
- **the opposite direction**: an up- word against its down- word ("upgrade" / "downgrade",
  "upscale" / "downscale", "hochstufen" / "herabstufen", "surclasser" / "déclasser"): the
  same template asked the other way round (relate/sibling_cues.py has the other opposite pairs);
- **a narrower kind of the same thing**: one need is the other with one word put before its
  thing ("issue a refund for an invoice" / "issue a *partial* refund for an invoice", "book a
  room" / "book a *family* room"): a kind of it, another story. Only when nothing else differs:
  a word added elsewhere, or a second one, is left to the other rules.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

# Means, in classes: two words of one class are one means ("badge" / "card").
_MEANS_CLASSES = [
    "badge card cards karte ausweis carte tarjeta tessera badgeuse chip nfc transponder",
    "app apps appli anwendung aplicación applicazione",
    "website site web webseite portal portail portale browser",
    "kiosk terminal automat borne",
    "qr barcode",
    "fingerprint fingerabdruck empreinte huella impronta face gesicht",
    "pin password passwort",
    "paper papier papel cartaceo",
    "email e-mail courriel correo",
    "sms",
    "hotline telephone telefon téléphone teléfono telefono",
    "letter post brief lettre",
    "chat chatbot whatsapp messenger",
]
MEANS: dict[str, int] = {w: n for n, line in enumerate(_MEANS_CLASSES) for w in line.split()}
# What introduces a means, and the words between it and the means word it may skip.
_BY = re.compile(r"\b(?:with|using|via|through|by|per|mit|über|avec|par|con|mediante|desde|tramite|"
                 r"usando|utilizzando|dall|dalla|dal)\b((?:\W+\w+){1,3})", re.IGNORECASE)
# Up- and down- words of one stem: "upgrade" / "downgrade".
_DIRECTION = (("up", "down"), ("hoch", "herab"), ("hoch", "herunter"), ("sur", "dé"))
_WORD = re.compile(r"\w+")
# Leading verbs of sending and of receiving: "send messages to my adjuster" / "receive an SMS".
_SEND = frozenset("send write message submit senden schicken schreiben envoyer écrire enviar escribir "
                  "inviare scrivere mandare".split())
_RECEIVE = frozenset("receive get obtain empfangen erhalten bekommen recevoir obtenir recibir "
                     "ricevere".split())


def sibling_guard(stories: Sequence, units: Sequence[Sequence[int]], decided: list,
                  slots_of: Callable) -> list:
    """``decided`` ((unit a, unit b, similarity, Decision) per pair) with each soft duplicate
    that is another means, the opposite direction or a narrower kind turned "related"."""
    from storytransformer.relate.decide import Decision
    from storytransformer.relate.slots import need_text

    out = list(decided)
    for n, (a, b, score, d) in enumerate(decided):
        if d.relation != "duplicate" or d.evidence:
            continue
        na, nb = need_text(stories[units[a][0]]), need_text(stories[units[b][0]])
        why = other_means(na, nb) or opposite_direction(na, nb) or send_or_receive(na, nb) or narrower_kind(na, nb)
        if not why:  # "order an extra bin" / "the bin to be collected" (relate/main_actions.py)
            from storytransformer.relate.main_actions import other_main_actions

            sa, sb = units[a][0], units[b][0]
            why = other_main_actions(slots_of(sa), slots_of(sb), stories[sa], stories[sb])
        if why:
            out[n] = (a, b, score, Decision("related", f"similar stories ({score:.2f}), {why}", evidence=False))
    return out


def means(text: str) -> frozenset[int]:
    """The classes of the means ``text`` says it is done with (empty when it names none)."""
    found = set()
    for m in _BY.finditer(text[:400]):
        found |= {MEANS[w] for w in _WORD.findall(m.group(1).lower()) if w in MEANS}
    return frozenset(found)


def other_means(a: str, b: str) -> str | None:
    """Both needs (as written) name a means and no means is shared."""
    ma, mb = means(a), means(b)
    if ma and mb and not ma & mb:
        return f"another means: '{_means_word(a)}' vs '{_means_word(b)}'"
    return None


def _means_word(text: str) -> str:
    for m in _BY.finditer(text[:400]):
        for w in _WORD.findall(m.group(1).lower()):
            if w in MEANS:
                return w
    return ""


def opposite_direction(a: str, b: str) -> str | None:
    """One need says an up- word and the other its down- word (and not the up- word)."""
    wa, wb = set(_WORD.findall(a.lower())), set(_WORD.findall(b.lower()))
    for wx, wy in ((wa, wb), (wb, wa)):
        for up, down in _DIRECTION:
            for w in wx - wy:
                if w.startswith(up) and len(w) - len(up) >= 4 and down + w[len(up):] in wy - wx:
                    return f"the opposite direction: '{w}' vs '{down + w[len(up):]}'"
    return None


def narrower_kind(a: str, b: str) -> str | None:
    """One need as written is the other with one lower-case word put in after its first word
    ("issue a refund" / "issue a partial refund", "una camera" / "una camera doppia"); articles
    and possessives aside. A
    capitalised word (a name: "pay with Apple Pay"), a number or an -ing form is not a kind."""
    wa, wb = _plain(a[:400]), _plain(b[:400])
    for short, long in ((wa, wb), (wb, wa)):
        if len(long) != len(short) + 1 or len(short) < 2:
            continue
        for i, (word, written) in enumerate(long[1:], start=1):  # (the first word leads: a verb)
            if [w for w, _ in long[:i] + long[i + 1:]] == [w for w, _ in short] and written.islower() \
                    and written.isalpha() and len(word) >= 4 and not word.endswith("ing"):
                return f"a narrower kind: one need adds '{written}' to the other"
    return None


# Words a rewording adds or drops without changing the thing: articles, possessives, "all".
_FILLER = frozenset("""a an the my our your their his her its this that these those all every
    ein eine einen einem einer der die das den dem des mein meine meinen unser unsere un une le la
    les l du des mon ma mes notre nos el los las lo mi mis nuestro nuestra il gli i uno una mio mia
    miei nostro nostra de d""".split())


def _plain(text: str) -> list[tuple[str, str]]:
    """(casefolded, as written) words of ``text`` without fillers."""
    return [(w.casefold(), w) for w in _WORD.findall(text) if w.casefold() not in _FILLER]


def send_or_receive(a: str, b: str) -> str | None:
    """One need leads with sending and the other with receiving ("send messages to the person
    handling my claim" / "receive an SMS when my claim changes"): the asker is the sender in one,
    the receiver in the other. Only the leading verb: "the shop to send me an SMS" is received."""
    lead_a, lead_b = _lead(a), _lead(b)
    for x, y in ((lead_a, lead_b), (lead_b, lead_a)):
        if x in _SEND and y in _RECEIVE:
            return f"sending vs receiving: '{x}' vs '{y}'"
    return None


def _lead(text: str) -> str:
    """The need's leading verb: its first word, or a German infinitive at its end."""
    words = [w for w, _ in _plain(text[:200])]
    if words and words[-1] in _LAST:
        return words[-1]
    return words[0] if words else ""


# (German puts the infinitive last: "Nachrichten an den Sachbearbeiter schicken")
_LAST = frozenset("senden schicken schreiben empfangen erhalten bekommen".split())


def other_things(a, b) -> bool:
    """One known action on things that share no word ("report illegally dumped waste" / "report an
    overflowing litter bin"), each need naming two object words at least. Not a reason on its
    own: another team's words for one thing share none either ("hourly rainfall for a region" /
    "precipitation per hour for an area"), so assemble.py asks the needs' meaning (MiniLM) of
    such a pair, as of a duplicate on meaning alone."""
    from storytransformer.relate.reworded import _first_action, objects

    act = _first_action(a)
    if not act or act != _first_action(b):
        return False
    oa, ob = objects(a, b) - {act}, objects(b, a) - {act}
    return len(oa) >= 2 and len(ob) >= 2 and not oa & ob
