"""The parts of a story's prose that every text-bearing format shares: the "As a <role>,
I want <goal>, so that <benefit>" narrative, acceptance criteria, tracker keys and labels."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Role is short and sentence-internal; the goal runs to the benefit marker or the end.
# Whitespace is collapsed before matching, so a narrative may span line breaks.
_NARRATIVE = re.compile(
    r"\bas\s+(?:an?|the|one\s+of\s+the)\s+(?P<role>[^.;:!?]{1,100}?)\s*,?\s+"
    r"(?:I|we)\s*(?:want|wanna|would\s+like|'d\s+like|need|wish|should\s+be\s+able|can|must\s+be\s+able)"
    r"(?:\s+to)?\s+(?P<goal>.+?)"
    r"(?:\s*,?\s*\b(?:so\s+that|in\s+order\s+to|so\s+(?=(?:I|we|they|my|our|the|it|he|she|you)\b))"
    r"\s*(?P<benefit>.+?))?\s*$",
    re.I | re.S,
)
_SENTENCE_END = re.compile(r"(?<=[a-z0-9)\]%])[.!?](?=\s+[A-Z\"'(*]|\s*$)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|`)")
KEY = re.compile(r"^\s*\[?(?P<key>[A-Z][A-Z0-9]{1,14}-\d{1,7})\]?(?:\s*[:\-–—|.]\s*|\s+|$)")
# Markdown bullets and numbers, plus Jira wiki markup ("* a", "** nested", "# numbered").
_BULLET = re.compile(r"^\s*(?:[-+•]|\*{1,3}|#{1,3}|\d{1,3}[.)])\s+(?:\[[ xX]\]\s+)?")
_AC_HEADER = re.compile(
    r"^\s*(?:[-*+•]\s+)?(?:#{1,6}\s*|h[1-6]\.\s*)?(?:\*\*|__|\*)?\s*(?:acceptance\s+criteri(?:a|on)|acceptance\s+tests?|"
    r"definition\s+of\s+done|AC\b)\s*(?:\*\*|__|\*)?\s*:?\s*(?:\*\*|__|\*)?\s*(?P<rest>.*)$",
    re.I,
)
_NOTES_HEADER = re.compile(
    r"^\s*(?:#{1,6}\s*)?(?:\*\*|__)?\s*(?:notes?|details|context|background|technical\s+notes|"
    r"out\s+of\s+scope|open\s+questions|dependencies|design|assumptions|questions)"
    r"\s*(?:\*\*|__)?\s*:?\s*(?:\*\*|__)?\s*$", re.I)
_PROSE_HEADER = re.compile(r"^\s*#{1,6}\s+(?:description|user\s+story|story|narrative|summary)"
                           r"\s*:?\s*$", re.I)
_GWT = re.compile(r"^\s*(?:[-*+•]\s+)?(?:\*\*|__)?(given|when|then|and|but)\b(?:\*\*|__)?\s", re.I)
_META = re.compile(r"^\s*(?:[-*+•]\s+)?(?:\*\*|__)?(labels?|tags?|epic|feature|priority|points)"
                   r"(?:\*\*|__)?\s*:\s*(?:\*\*|__)?\s*(?P<value>.*)$", re.I)


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
    flat = clean(text)
    m = _NARRATIVE.search(flat)
    if not m:
        return Narrative()
    role = m.group("role").strip(" ,")
    goal = m.group("goal")
    benefit = m.group("benefit")
    # The unit may carry more prose after the narrative sentence; keep only that sentence.
    if benefit:
        benefit = _first_sentence(benefit)
        goal = goal.strip(" ,")
    else:
        goal = _first_sentence(goal)
    lead = flat[: m.start()].strip(" :-–—,")
    lead = re.sub(r"(?i)^(?:title|story|summary|name|user\s+story)\s*:\s*", "", lead)
    # Gherkin's other narrative order: "In order to <benefit> As a <role> I want <goal>".
    in_order = re.match(r"(?i)^in\s+order\s+to\s+(.+)$", lead)
    if in_order and not benefit:
        benefit, lead = in_order.group(1).strip(" ,."), ""
    return Narrative(role=role or None, goal=goal or None, benefit=benefit or None, lead=lead)


def has_narrative(text: str) -> bool:
    return _NARRATIVE.search(clean(text)) is not None


def _first_sentence(text: str) -> str:
    m = _SENTENCE_END.search(text)
    return (text[: m.start()] if m else text).strip(" .,")


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
