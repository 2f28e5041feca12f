"""Needs that go in opposite directions: "upgrade my plan" and "downgrade my plan" share every
word but one, and are two needs.

``coverage`` meets a need by its action class and its words, so a merge that kept "upgrade
my plan from Starter to Pro" stated "downgrade my plan from Pro to Starter" as far as words
go (plan, Starter, Pro), and the downgrade story vanished from the outputs (t24 finding 1).
Here each need is read for the directions it asks for (a pair of opposite verbs, in the
languages the corpora come in: upgrade/downgrade, import/export, enable/disable, add/remove,
subscribe/unsubscribe, lock/unlock, check in/check out, ...), and a source's direction is
lost when the merge's goal and criteria never state it while the other direction is there
(in the merge, or in another source's need): one of two opposite needs was kept.

A need whose direction the merge states in a synonym the table does not know ("turn on"
for "enable" is in it; "switch to a bigger plan" for "upgrade" is not) is only reported
when the opposite direction is stated, so a near-twin faithful merge ("enable dark mode" /
"turn on dark mode" -> "enable dark mode") passes.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Sequence

from storytransformer.stories import Story
from storytransformer.verify.check import Problem

_S = r"(?:s|es|ed|d|ing)?"  # English verb endings after a stem written whole
_IN = r"(?:s|ed|ing)?[- ]?(?:in|on)\b"
_OUT = r"(?:s|ed|ing)?[- ]?(?:out|off)\b"

# (name, one direction, the other): regexes over lower-cased text, word-initial.
_PAIRS: tuple[tuple[str, str, str], ...] = (
    ("upgrade", r"upgrad\w*|hochstuf\w*|stuf\w* hoch|surclass\w*", r"downgrad\w*|herabstuf\w*|herunterstuf\w*|stuf\w* herab|stuf\w* zurück|rétrograd\w*|déclass\w*"),
    ("import", r"import(?:s|ed|ing|er|ez|ieren|iert|ar|are|a|o)?\b", r"export(?:s|ed|ing|er|ez|ieren|iert|ar)?\b|esport(?:are|a|o)\b"),
    ("upload", r"upload\w*|hochlad\w*|lad\w* hoch|télévers\w*", r"download\w*|herunterlad\w*|lad\w* herunter|descarg\w*|scaric\w*"),
    ("enable", r"enabl\w*|activat\w*|turn" + _S + r" on\b|switch" + _S + r" on\b|aktivier\w*|einschalt\w*|schalt\w* ein\b|activer|activ[eé]\w*|activar\w*|attivar\w*|attiv[aio]\b",
     r"disabl\w*|deactivat\w*|turn" + _S + r" off\b|switch" + _S + r" off\b|deaktivier\w*|ausschalt\w*|schalt\w* aus\b|désactiv\w*|desactiv\w*|disattiv\w*"),
    ("add", r"add" + _S + r"\b|hinzufüg\w*|füg\w* hinzu|ajout\w*|añad\w*|agreg\w*|aggiung\w*",
     r"remov\w*|delet\w*|entfern\w*|lösch\w*|supprim\w*|retir\w*|elimin\w*|borr\w*|quit[ae]\w*|rimuov\w*"),
    ("subscribe", r"subscrib\w*|opt" + _IN + r"|abonnier\w*|s'abonn\w*|abonner|suscrib\w*|iscriv\w*",
     r"unsubscrib\w*|opt" + _OUT + r"|abbestell\w*|deabonnier\w*|désabonn\w*|desuscrib\w*|darse de baja|disiscriv\w*"),
    ("lock", r"lock\w*|sperr\w*|verriegel\w*|verrouill\w*|bloque\w*|bloquear|blocc\w*",
     r"unlock\w*|entsperr\w*|entriegel\w*|déverrouill\w*|desbloque\w*|desbloquear|sblocc\w*"),
    ("block", r"block\w*|bloqu\w*", r"unblock\w*|débloqu\w*"),
    ("follow", r"follow\w*|folg\w*", r"unfollow\w*|entfolg\w*"),
    ("mute", r"mut(?:e|es|ed|ing)\b|stummschalt\w*", r"unmut\w*"),
    ("archive", r"archiv\w*", r"unarchiv\w*|désarchiv\w*|dearchiv\w*"),
    ("publish", r"publish\w*|veröffentlich\w*|publier|publi[ée]\w*|publicar\w*|pubblica\w*", r"unpublish\w*|depublish\w*|dépubli\w*"),
    ("install", r"install\w*", r"uninstall\w*|deinstall\w*|désinstall\w*|desinstal\w*|disinstall\w*"),
    ("connect", r"connect\w*|verbind\w*|connecter|conect\w*|collega\w*", r"disconnect\w*|trenn\w*|déconnect\w*|desconect\w*|scollega\w*"),
    ("increase", r"increas\w*|erhöh\w*|augment\w*|aument\w*", r"decreas\w*|reduc\w*|verringer\w*|senk\w*|diminu\w*|reduz\w*|ridu\w*"),
    ("approve", r"approv\w*|genehmig\w*|approuv\w*|aprob\w*", r"reject\w*|declin\w*|ablehn\w*|lehn\w* ab\b|rejet\w*|rechaz\w*|rifiut\w*"),
    ("grant", r"grant\w*|gewähr\w*|accord\w*|conced\w*", r"revok\w*|entzieh\w*|révoqu\w*|revoc\w*|revoca\w*"),
    ("deposit", r"deposit\w*|einzahl\w*|zahl\w* ein\b|dépos\w*|deposit\w*", r"withdr[ae]w\w*|abheb\w*|heb\w* ab\b|retir\w*|preliev\w*"),
    ("check in", r"check" + _IN + r"|clock" + _IN + r"|sign" + _IN + r"|log" + _IN + r"|einstempel\w*|einchecken|anmeld\w*",
     r"check" + _OUT + r"|clock" + _OUT + r"|sign" + _OUT + r"|log" + _OUT + r"|ausstempel\w*|auschecken|abmeld\w*"),
    ("encrypt", r"encrypt\w*|verschlüssel\w*|chiffr\w*|cifr\w*", r"decrypt\w*|entschlüssel\w*|déchiffr\w*|descifr\w*|decifr\w*"),
)


# A benefit's direction ("so that I pay less" / "so that I get more seats"): read in benefits
# only, where "more"/"less" says which way the story wants a thing to move.
_BENEFIT_PAIRS: tuple[tuple[str, str, str], ...] = (
    ("more", r"more\b|higher\b|faster\b|bigger\b|larger\b|mehr\b|höher\w*|schneller\w*|más\b|mayor\w*|più\b|maggior\w*",
     r"less\b|lower\b|fewer\b|slower\b|smaller\b|weniger\b|niedriger\w*|moins\b|menos\b|menor\w*|meno\b|minor[ei]\b"),
)


@lru_cache(maxsize=2)
def _compiled(benefit: bool = False) -> tuple[tuple[str, re.Pattern, re.Pattern], ...]:
    # (?<![\w'-]) : word-initial, so "lock" is not found in "unlock" or "block", "add" not in "address"
    pairs = _PAIRS + _BENEFIT_PAIRS if benefit else _PAIRS
    return tuple((name, re.compile(r"(?<![\w-])(?:" + up + ")", re.I), re.compile(r"(?<![\w-])(?:" + down + ")", re.I))
                 for name, up, down in pairs)


@lru_cache(maxsize=20_000)
def directions(text: str, benefit: bool = False) -> frozenset[tuple[str, int]]:
    """(pair name, +1 or -1) for each direction ``text`` states: "downgrade my plan" ->
    {("upgrade", -1)}; a text naming both ("upgrade or downgrade") has both. ``benefit``:
    also more/less, faster/slower (read in a benefit)."""
    out = set()
    for name, up, down in _compiled(benefit):
        if up.search(text):
            out.add((name, 1))
        if down.search(text):
            out.add((name, -1))
    return frozenset(out)


def _says(texts: Sequence[str], benefit: bool = False) -> frozenset[tuple[str, int]]:
    return frozenset().union(*(directions(t, benefit) for t in texts)) if texts else frozenset()


def lost_directions(needs: Sequence[tuple[Story, str]], merged: Sequence[str], goal: str,
                    benefit: bool = False) -> list[Problem]:
    """``needs``: per source, (story, its need as written; with ``benefit``, its benefit);
    ``merged``: the merge's goal and criteria texts (with ``benefit``, its benefit too);
    ``goal``: its goal (its benefit). A Problem (kind "lost") for each source whose need asks
    for a direction the merge never states while it, or another source's need, states the
    opposite one."""
    said = _says(merged, benefit)
    turned = directions(goal, benefit)
    what = "benefit" if benefit else "need"
    out = []
    for story, text in needs:
        others = _says([t for s, t in needs if s.id != story.id], benefit)
        mine = directions(text, benefit)
        for name, way in sorted(mine):
            if (name, way) in said or (name, -way) in mine:
                continue
            if (name, -way) in others or (name, -way) in turned or (name, -way) in said:
                word = _word(text, name, way, benefit)
                out.append(Problem(f"source:{story.id}", 0, len(text), text, "lost",
                                   f"lost: {what} of {story.id} not in the merge: '{text}' (it says '{word}'; "
                                   "the merge states only the opposite direction)", f"{story.id}: {text}"))
                break
    return out


def _word(text: str, name: str, way: int, benefit: bool = False) -> str:
    for n, up, down in _compiled(benefit):
        if n == name:
            m = (up if way > 0 else down).search(text)
            return m.group(0) if m else name
    return name


def opposite_pairs(needs: Sequence[tuple[Story, str]]) -> list[tuple[Story, Story, str]]:
    """(a, b, pair name) for two sources whose needs go in opposite directions of one pair
    and not both ways each: "upgrade my plan" / "downgrade my plan"."""
    out = []
    for i, (a, ta) in enumerate(needs):
        da = directions(ta)
        for b, tb in needs[i + 1:]:
            db = directions(tb)
            for name, way in sorted(da):
                if (name, -way) in db and (name, -way) not in da and (name, way) not in db:
                    out.append((a, b, name))
                    break
    return out
