"""The parts of a story's prose that every text-bearing format shares: the "As a <role>,
I want <goal>, so that <benefit>" narrative, acceptance criteria, tracker keys and labels."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from storytransformer.ingest.narrative_langs import anchors

_EMPHASIS = re.compile(r"(\*\*|__|\*|`)")
KEY = re.compile(r"^\s*+\[?(?P<key>[A-Z][A-Z0-9]{1,14}-\d{1,7})\]?(?:\s*[:\-–—|.]\s*|\s+|$)")
# Markdown bullets and numbers, plus Jira wiki markup ("* a", "** nested", "# numbered").
_BULLET = re.compile(r"^\s*+(?:[-+•]|\*{1,3}|#{1,3}|\d{1,3}[.)])\s+(?:\[[ xX]\]\s+)?")
_AC_HEADER = re.compile(
    r"^\s*+(?:[-*+•]\s++)?(?:#{1,6}\s*+|h[1-6]\.\s*+)?(?:\*\*|__|\*)?\s*+(?:acceptance\s+criteri(?:a|on)|acceptance\s+tests?|"
    r"definition\s+of\s+done|AC\b)\s*+(?:\*\*|__|\*)?\s*+:?\s*+(?:\*\*|__|\*)?\s*+(?P<rest>.*)$",
    re.I,
)
_NOTES_HEADER = re.compile(
    r"^\s*+(?:#{1,6}\s*+)?(?:\*\*|__)?\s*+(?:notes?|details|context|background|technical\s+notes|"
    r"out\s+of\s+scope|open\s+questions|dependencies|design|assumptions|questions)"
    r"\s*+(?:\*\*|__)?\s*+:?\s*+(?:\*\*|__)?\s*+$", re.I)
_PROSE_HEADER = re.compile(r"^\s*+#{1,6}\s++(?:description|user\s+story|story|narrative|summary)"
                           r"\s*+:?\s*+$", re.I)
_GWT = re.compile(r"^\s*+(?:[-*+•]\s++)?(?:\*\*|__)?(given|when|then|and|but)\b(?:\*\*|__)?\s", re.I)
_META = re.compile(r"^\s*+(?:[-*+•]\s++)?(?:\*\*|__)?(labels?|tags?|epic|feature|priority|points)"
                   r"(?:\*\*|__)?\s*+:\s*+(?:\*\*|__)?\s*+(?P<value>.*)$", re.I)


@dataclass
class Narrative:
    role: str | None = None
    goal: str | None = None
    benefit: str | None = None
    lead: str = ""  # text before "As a" on the same unit, often a title ("Saved carts: As a ...")

    @property
    def found(self) -> bool:
        return self.goal is not None


def clean(text: str) -> str:
    return " ".join(_EMPHASIS.sub("", text).split())


def parse_narrative(text: str) -> Narrative:
    """The first narrative in ``text`` (any supported language), or an empty Narrative.

    Linear in len(text): the anchor search is bounded (see narrative_langs) and the goal and
    benefit are cut with one forward search each."""
    flat = clean(text)
    found = anchors(flat)
    if not found:
        return Narrative()
    start, end, m, lang = found[0]
    role = m.group("role").strip(" ,")
    rest = _GOAL_LEAD.sub("", flat[end:].lstrip(" ,"), count=1)
    # "I don't want to pay", "I only want to see": the modifier is part of what is wanted.
    mods = _MODIFIERS.findall(flat[m.end("role"):end])
    prefix = " ".join(dict.fromkeys("not" if w.lower() not in ("only", "never") else w.lower()
                                    for w in mods))
    stop = _sentence_end(rest)
    marker = lang.benefit.search(rest, 0, min(len(rest), stop + 40))
    benefit = None
    if marker is not None and marker.start() <= stop + 1:
        goal = rest[: marker.start()].strip(" ,.")
        benefit = _first_sentence(rest[marker.end():])
    else:
        goal = rest[:stop].strip(" ,.")
    if prefix and goal:
        goal = f"{prefix} {goal}"
    lead = flat[:start].strip(" :-–—,")
    lead = _LEAD_LABEL.sub("", lead)
    # Gherkin's other narrative order: "In order to <benefit> As a <role> I want <goal>".
    in_order = _IN_ORDER.match(lead)
    if in_order and not benefit:
        benefit, lead = in_order.group(1).strip(" ,."), ""
    return Narrative(role=role or None, goal=goal or None, benefit=benefit or None, lead=lead)


def has_narrative(text: str) -> bool:
    return bool(anchors(clean(text)))


def count_narratives(text: str) -> int:
    """How many stories' narratives ("As a … I want …", any language) the text holds: those
    that start a line or a sentence (not "shown as a table I want to sort")."""
    lines = [ln for ln in text.split("\n") if ln.strip()]
    count = 0
    for k, line in enumerate(lines):
        count += len(narrative_starts(line, "\n".join(lines[k + 1:k + 3])))
    return count


# What may stand before a narrative on the line that starts a story: nothing, a bullet or
# number, a tracker key or id ("US-12", "#G03#", "12."), or a title ending in ":" / "-" / ".".
_LEAD_END = set(":|-–—)]>#.!?*")
_ID_LEAD = re.compile(r"^[#\[(]?[A-Za-z]{0,10}[ #_-]?\d{1,7}[#\])]?$")


def starts_narrative(line: str, following: str = "") -> bool:
    """True when a narrative starts on ``line`` (it may run on into ``following``, the next
    lines of the same paragraph: "As a visitor\\nI want to ..."), at the start of the line
    or after a title/key, not in the middle of a sentence ("... acting as a proxy I need")."""
    # The line alone first: most story lines hold their whole "As a … I want" anchor.
    return bool(narrative_starts(line) or (following and narrative_starts(line, following)))


def narrative_starts(line: str, following: str = "") -> list[int]:
    """Offsets (in the cleaned line) of the narratives that start on ``line``: the first after
    nothing, a bullet, a key or a title; later ones after the end of a sentence."""
    head = clean(line)
    if not head:
        return []
    flat = clean(line + "\n" + following) if following else head
    out: list[int] = []
    prev_end = 0
    for start, end, _m, _lang in anchors(flat):
        if start >= len(head):
            break
        lead = flat[prev_end:start].strip()
        if not out:
            lead = clean(_BULLET.sub("", lead, count=1)).strip()
            key = KEY.match(lead)
            if key:
                lead = lead[key.end():].strip()
            ok = not lead or lead[-1] in _LEAD_END or _ID_LEAD.match(lead)
        else:
            ok = lead[-1:] in (".", "!", "?")
        if ok:
            out.append(start)
            prev_end = end
    return out


_LEAD_LABEL = re.compile(r"(?i)^(?:title|story|summary|name|user\s+story)\s*:\s*")
_IN_ORDER = re.compile(r"(?i)^in\s+order\s+to\s+(.+)$")
_MODIFIERS = re.compile(r"\b(?:only|never|not|cannot|no|não|non)\b|n['’]t\b", re.I)
_GOAL_LEAD = re.compile(r"^(?:to )?(?:be able to )?", re.I)
_ABBREVIATIONS = frozenset("eg ie etc vs approx incl excl min max no nr esp cf resp ca "
                           "z.b bzw usw ggf evtl p.ex".split())
_STOP = re.compile(r"(?<=[^\W_]|[)\]%])[.!?](?=$| [^\W\d_a-z]| [\"'(*“‘])")


def _sentence_end(text: str) -> int:
    """Index of the end of the first sentence of whitespace-collapsed text (len if none):
    a . ! or ? after a letter, digit or bracket and before an upper-case word or the end,
    not ending an abbreviation ("e.g.", "approx.")."""
    for m in _STOP.finditer(text):
        i = m.start()
        word = text[text.rfind(" ", 0, i) + 1:i].lstrip("(\"'").lower()
        if "." in word or word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
            continue
        return i
    return len(text)


def _first_sentence(text: str) -> str:
    return text[: _sentence_end(text)].strip(" .,")


def split_key(first_line: str) -> tuple[str | None, str]:
    """'PAY-12: Pay with Apple Pay' -> ('PAY-12', 'Pay with Apple Pay')."""
    body = _BULLET.sub("", first_line, count=1)
    m = KEY.match(body)
    if not m:
        return None, first_line
    return m.group("key"), body[m.end():]


def split_list(value: str) -> tuple[str, ...]:
    parts = re.split(r"[;,]", value)
    return tuple(p.strip(" #") for p in parts if p.strip(" #"))


@dataclass
class Body:
    """A story's text split into the narrative part and the structured trailer."""

    prose: list[str] = field(default_factory=list)
    criteria: list[str] = field(default_factory=list)
    labels: tuple[str, ...] = ()
    epic: str | None = None
    ac_header_seen: bool = False


def split_body(lines: list[str]) -> Body:
    """Separate prose from acceptance criteria (an "Acceptance criteria:" block, its bullets,
    Given/When/Then lines) and Labels:/Epic: lines."""
    body = Body()
    in_ac = False
    current: list[str] | None = None  # the criterion being built (continuation lines join it)

    def close():
        nonlocal current
        if current:
            crit = " ".join(" ".join(current).split())
            if crit:
                body.criteria.append(crit)
        current = None

    plain_ac = False  # "Acceptance criteria:" then plain lines: one criterion per line
    in_notes = False  # under a "Notes:" header bullets are notes, not criteria
    gwt_open = False  # the current criterion is a Given/When/Then scenario being continued
    for line in lines:
        if not line.strip():
            plain_ac = False
            continue
        meta = _META.match(line)
        if meta and meta.group(1).lower() in ("label", "labels", "tag", "tags"):
            close()
            body.labels += split_list(meta.group("value"))
            continue
        if meta and meta.group(1).lower() in ("epic", "feature"):
            close()
            body.epic = clean(meta.group("value")) or None
            continue
        if _NOTES_HEADER.match(line):
            close()
            in_ac, in_notes, plain_ac, gwt_open = False, True, False, False
            body.prose.append(line)
            continue
        header = _AC_HEADER.match(line)
        if header:
            in_notes = gwt_open = False
            close()
            in_ac = body.ac_header_seen = True
            rest = header.group("rest").strip()
            if rest and ";" in rest:  # "Acceptance criteria: a; b; c" on one line
                body.criteria += [c.strip(" .") for c in rest.split(";") if c.strip(" .")]
            elif rest:
                current = [_BULLET.sub("", rest)]
            continue
        if _PROSE_HEADER.match(line):  # "### Description" folded in from a sub-heading
            close()
            in_ac = in_notes = plain_ac = gwt_open = False
            body.prose.append(line)
            continue
        gwt = _GWT.match(line)
        word = gwt.group(1).lower() if gwt else ""
        # "Given" opens a scenario; When/Then continue it (or start one inside a criteria
        # block); And/But only continue. Prose that merely starts with "When"/"But" stays prose.
        if word == "given" or (word in ("when", "then") and (gwt_open or in_ac)) or \
                (word in ("and", "but") and gwt_open):
            step = _EMPHASIS.sub("", _BULLET.sub("", line)).strip()
            if word == "given" or not gwt_open:
                close()
                current = [step]
            else:
                current.append(step)
            in_ac = gwt_open = True
            continue
        gwt_open = False
        bullet = _BULLET.match(line)
        if bullet and body.prose and not in_ac and not in_notes:
            in_ac = True  # bullets under a narrative are its criteria, header or not
        if in_ac and bullet:
            close()
            current = [_EMPHASIS.sub("", line[bullet.end():]).strip()]
            continue
        if in_ac and current is not None and line[:1] in (" ", "\t"):
            current.append(line.strip())
            continue
        if in_ac and (plain_ac or (current is None and not body.criteria)):
            close()
            current = [line.strip()]
            plain_ac = True
            continue
        close()
        if in_ac and body.criteria and not bullet:
            in_ac = False  # prose after the criteria block: notes, kept in text only
        body.prose.append(line)
    close()
    body.criteria = [c for c in body.criteria if c]
    return body
