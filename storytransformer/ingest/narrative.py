"""The parts of a story's prose that every text-bearing format shares: the "As a <role>,
I want <goal>, so that <benefit>" narrative, acceptance criteria, tracker keys and labels."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from storytransformer.ingest.narrative_langs import anchors

# A backtick between two letters is an apostrophe ("don`t", "I`d"), not code: kept.
_EMPHASIS = re.compile(r"(\*\*|__|\*|(?<![^\W\d_])`|`(?![^\W\d_]))")
# Whitespace other than a plain space (what str.split() splits on, as one character class).
_ODD_SPACE = re.compile("[\t\n\v\f\r\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029"
                        "\u202f\u205f\u3000]")
KEY = re.compile(r"^\s*+\[?(?P<key>[A-Z][A-Z0-9]{1,14}-\d{1,7})\]?(?:\s*[:\-–—|.]\s*|\s+|$)")
# Markdown bullets and numbers, plus Jira wiki markup ("* a", "** nested", "# numbered").
_BULLET = re.compile(r"^\s*+(?:[-+•]|\*{1,3}|#{1,3}|\d{1,3}[.)])\s+(?:\[[ xX]\]\s+)?")
_AC_HEADER = re.compile(
    r"^\s*+(?:[-*+•]\s++)?(?:#{1,6}\s*+|h[1-6]\.\s*+)?(?:\*\*|__|\*)?\s*+(?:acceptance\s+criteri(?:a|on)|acceptance\s+tests?|"
    r"definition\s+of\s+done|akzeptanzkriterien|abnahmekriterien|acceptatiecriteria|"
    r"crit[eè]res?\s+d['’]acceptation|crit[eé]rios?\s+de\s+aceita[cç][aã]o|"
    r"criterios?\s+de\s+aceptaci[oó]n|criteri\s+di\s+accettazione|kryteria\s+akceptacji|"
    r"критерии\s+при[её]мки|验收标准|验收条件|受け入れ基準|受入基準|受け入れ条件|受入条件|"
    r"인수\s*조건|인수\s*기준|수락\s*기준|AC(?=\s*+(?:\*\*|__|\*)?\s*+(?:[:\-–—]|$)))\s*+(?:\*\*|__|\*)?\s*+[:：]?\s*+(?:\*\*|__|\*)?\s*+(?P<rest>.*)$",
    re.I,
)
# Cheap substrings every _AC_HEADER match holds (lower-cased line): most lines are skipped
# without running the regex.
_AC_STEMS = ("ac", "definition", "krit", "crit", "kryt", "крит", "验收", "受け入れ", "受入", "인수", "수락")


def ac_header(line: str) -> re.Match | None:
    """The "Acceptance criteria:" header match of ``line`` (any supported language), or None."""
    low = line.lower()
    return _AC_HEADER.match(line) if any(stem in low for stem in _AC_STEMS) else None


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
    """Text without Markdown emphasis and with whitespace collapsed to single spaces."""
    if "*" in text or "__" in text or "`" in text:
        text = _EMPHASIS.sub("", text)
    if "  " in text or _ODD_SPACE.search(text) or text[:1] == " " or text[-1:] == " ":
        return " ".join(text.split())
    return text  # the common case, a line of plain prose: nothing to do (3x faster)


def parse_narrative(text: str) -> Narrative:
    """The first narrative in ``text`` (any supported language), or an empty Narrative.

    Linear in len(text): the anchor search is bounded (see narrative_langs) and the goal and
    benefit are cut with one forward search each."""
    flat = clean(text)
    found = anchors(flat)
    if not found:
        return Narrative()
    start, end, m, lang = found[0]
    role = flat[m.start("role"):m.end("role")].strip(" ,")  # as written, not folded
    rest = _GOAL_LEAD.sub("", flat[end:].lstrip(" ,"), count=1)
    stop = _sentence_end(rest)
    marker = lang.benefit.search(rest, 0, min(len(rest), stop + 40))
    benefit = None
    # the marker may open the next sentence ("…したい。それにより…", "…싶다. 그래서 …")
    if marker is not None and (marker.start() <= stop + 1 or not rest[stop + 1:marker.start()].strip()):
        goal = rest[: marker.start()].strip(_GOAL_STRIP)
        # the benefit ends where the sentence does, unless the marker opened the next one
        benefit = (rest[marker.end():stop].strip(_GOAL_STRIP) if marker.end() <= stop
                   else _first_sentence(rest[marker.end():]))
    else:
        goal = rest[:stop].strip(_GOAL_STRIP)
    goal = _with_modifiers(m.string[m.end("role"):end], goal)  # apostrophes folded
    lead = ""
    if start:
        lead = _LEAD_LABEL.sub("", _LEAD_MARKUP.sub("", flat[:start]).strip(" :-–—,"))
        if not any(ch.isalnum() for ch in lead):  # "> As a …", "* As a …": markup is no title
            lead = ""
        # Gherkin's other narrative order: "In order to <benefit> As a <role> I want <goal>".
        in_order = _IN_ORDER.match(lead)
        if in_order and not benefit:
            benefit, lead = in_order.group(1).strip(" ,."), ""
    return Narrative(role=role or None, goal=goal or None, benefit=benefit or None, lead=lead)


def _with_modifiers(anchor_tail: str, goal: str) -> str:
    """"I don't want to pay", "I only want to see": the modifier is part of what is wanted.
    ``anchor_tail`` has its apostrophes folded to "'"; "dont", "cant" (typed without one) count."""
    if not goal:
        return goal
    mods = _MODIFIERS.findall(anchor_tail)
    prefix = " ".join(dict.fromkeys("not" if w.lower() not in ("only", "never") else w.lower()
                                    for w in mods))
    return f"{prefix} {goal}" if prefix else goal


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
_LEAD_END = set(":|-–—)]>#.!?*\"'“‘«")
_ID_LEAD = re.compile(r"^[#\[(]?[A-Za-z]{0,10}[ #_-]?\d{1,7}[#\])]?[,;]?$")


def starts_narrative(line: str, following: str = "") -> bool:
    """True when a narrative starts on ``line`` (it may run on into ``following``, the next
    lines of the same paragraph: "As a visitor\\nI want to ..."), at the start of the line
    or after a title/key, not in the middle of a sentence ("... acting as a proxy I need")."""
    # The line alone first: most story lines hold their whole "As a … I want" anchor.
    return bool(narrative_starts(line) or (following and narrative_starts(line, following)))


def narrative_starts(line: str, following: str = "") -> list[int]:
    """Offsets (in the cleaned line) of the narratives that start on ``line``: the first after
    nothing, a bullet, a key or a title; later ones after the end of a sentence.

    Linear in the line's length: each anchor's lead is judged from its last character and, for
    the first, a bounded look at its start (a lead may be the whole line so far; slicing it
    for every anchor was quadratic: 232 KB of "Foo. bar as a user I want x." took 9 s)."""
    head = clean(line)
    if not head:
        return []
    flat = clean(line + "\n" + following) if following else head
    out: list[int] = []
    prev_end = 0
    alnum = NextAlnum(flat)
    for start, end, _m, _lang in anchors(flat):
        if start >= len(head):
            break
        if start == 0:  # the common case: the line starts with the narrative
            out.append(start)
            prev_end = end
            continue
        ok = (lead_starts_story(flat, prev_end, start, alnum) if not out
              else last_char(flat, prev_end, start) in (".", "!", "?"))
        if ok:
            out.append(start)
            prev_end = end
    return out


def last_char(flat: str, lo: int, hi: int) -> str:
    """The last character of flat[lo:hi].strip() ("" if none): flat is whitespace-collapsed,
    so at most one space is skipped."""
    k = hi - 1
    if k >= lo and flat[k] == " ":
        k -= 1
    return flat[k] if k >= lo else ""


class NextAlnum:
    """The offset of the first letter or digit at or after an offset of ``flat`` (len(flat)
    if none); offsets asked in increasing order reuse the last answer, so a line's anchors
    cost one pass together."""

    def __init__(self, flat: str):
        self.flat, self.at, self.asked = flat, -1, -1

    def __call__(self, pos: int) -> int:
        if not (self.asked <= pos <= self.at):
            m = _ALNUM.search(self.flat, pos)
            self.at = m.start() if m else len(self.flat)
        self.asked = pos
        return self.at


_ALNUM = re.compile(r"[^\W_]")
_LONG_LEAD = 200  # past this, only a lead's start (bullet, key) and last character matter


def lead_starts_story(flat: str, lo: int, start: int, alnum: NextAlnum | None = None) -> bool:
    """May the first narrative of a line start at ``start`` after the text flat[lo:start]
    (whitespace-collapsed)? Yes after nothing, a bullet or number, a tracker key or id
    ("US-12", "#G03#", "12."), a title ending in ":" / "-" / "." (_LEAD_END), or text with no
    letter or digit ("→", "☐"). Bounded work for any length of lead."""
    if start - lo <= _LONG_LEAD:
        lead = clean(_BULLET.sub("", flat[lo:start].strip(), count=1)).strip()
        key = KEY.match(lead)
        if key:
            lead = lead[key.end():].strip()
        return (not lead or lead[-1] in _LEAD_END or _ID_LEAD.match(lead) is not None
                or not any(ch.isalnum() for ch in lead))
    if last_char(flat, lo, start) in _LEAD_END:
        return True
    # No letter or digit after the bullet and key (both within the lead's first 64 characters).
    head = flat[lo:lo + 64].lstrip()
    skip = len(flat[lo:lo + 64]) - len(head)
    bare = _BULLET.sub("", head, count=1)
    skip += len(head) - len(bare)
    key = KEY.match(bare)
    if key and key.end() < len(bare):  # (a key cut by the window's end is not one)
        skip += key.end()
    return (alnum or NextAlnum(flat))(lo + skip) >= start


_GOAL_STRIP = " ,.\"'”’»，。；：、"
# Blockquote and bullet markers before a narrative ("> As a user", "> * As a user").
_LEAD_MARKUP = re.compile(r"^\s*(?:[>|]\s*)+(?:[*+•-]\s+)?")
_LEAD_LABEL = re.compile(r"(?i)^(?:title|story|summary|name|user\s+story)\s*:\s*")
_IN_ORDER = re.compile(r"(?i)^in\s+order\s+to\s+(.+)$")
_MODIFIERS = re.compile(r"\b(?:only|never|not|cannot|no|não|non)\b|n't\b|"
                        r"\b(?:do|does|did|wo|would|could|should|must|ca|is|are)n'?t\b", re.I)
_GOAL_LEAD = re.compile(r"^(?:to )?(?:be able to )?", re.I)
_ABBREVIATIONS = frozenset("eg ie etc vs approx incl excl min max no nr esp cf resp ca "
                           "z.b bzw usw ggf evtl p.ex".split())
_PUNCT = re.compile(r"[.!?。！？]")
_FULL_STOPS = "。！？"  # CJK sentence ends: no space or capital follows them


def _sentence_end(text: str) -> int:
    """Index of the end of the first sentence of whitespace-collapsed text (len if none):
    a . ! or ? after a letter, digit or bracket and before an upper-case word or the end,
    not ending an abbreviation ("e.g.", "approx."). The candidates are found with a
    one-character class (fast in the regex engine); the rest is checked here."""
    for m in _PUNCT.finditer(text):
        i = m.start()
        if m.group(0) in _FULL_STOPS:
            return i
        prev = text[i - 1] if i else ""
        if not (prev.isalnum() or prev in ")]%"):
            continue
        after = text[i + 1:i + 3]
        # a sentence starts with a capital, or a letter of a script without case (Hangul)
        if after and not (len(after) == 2 and after[0] == " "
                          and (after[1].isupper() or after[1] in "\"'(*“‘"
                               or (after[1].isalpha() and after[1].lower() == after[1].upper()))):
            continue
        word = text[text.rfind(" ", 0, i) + 1:i].lstrip("(\"'").lower()
        if "." in word or word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
            continue
        return i
    return len(text)


def _first_sentence(text: str) -> str:
    return text[: _sentence_end(text)].strip(" .,、，")


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


def split_body(lines: list[str]) -> Body:
    """Separate prose from acceptance criteria (an "Acceptance criteria:" block, its bullets,
    Given/When/Then lines) and Labels:/Epic: lines."""
    splitter = _BodySplitter()
    hints = _gherkin_hints(lines)
    for k, line in enumerate(lines):
        hint = hints[k] if hints is not None else None
        if hint is None or not splitter.gherkin(line, hint):
            splitter.feed(line)
    splitter.close()
    body = splitter.body
    body.criteria = [c for c in body.criteria if c]
    return body


def _gherkin_hints(lines: list[str]):
    """Each line's Gherkin role in any dialect (gherkin_words.line_kinds), or None when the
    body holds no scenario header and no step other than an English one: English steps keep
    this splitter's own reading (Given opens a criterion on its own, as it always did)."""
    from storytransformer.ingest.gherkin_words import header, line_kinds, step

    if not any(header(ln) or (step(ln) is not None and not _GWT.match(ln)) for ln in lines):
        return None  # English steps only (or none): the splitter's own reading, as before
    return line_kinds(lines)


class _BodySplitter:
    """The line-by-line state of split_body. Each pattern is tried only on lines that can
    match it (a ":" for Labels:, "ac"/"definition" for a criteria header...): a 40,000-line
    list costs one cheap test per line, not six regex calls."""

    def __init__(self) -> None:
        self.body = Body()
        self.in_ac = False
        self.current: list[str] | None = None  # the criterion being built
        self.plain_ac = False  # "Acceptance criteria:" then plain lines: one criterion per line
        self.in_notes = False  # under a "Notes:" header bullets are notes, not criteria
        self.gwt_open = False  # the current criterion is a Given/When/Then scenario
        self.header_only = False  # the current criterion is a "Scenario:" line, no step yet

    def close(self) -> None:
        if self.current:
            crit = " ".join(" ".join(self.current).split())
            if crit:
                self.body.criteria.append(crit)
        self.current = None

    def feed(self, line: str) -> None:
        if not line.strip():
            self.plain_ac = False
            return
        if self._meta(line) or self._header(line) or self._gwt(line):
            return
        self._plain(line)

    def _meta(self, line: str) -> bool:
        meta = _META.match(line) if ":" in line else None
        if meta is None:
            return False
        kind = meta.group(1).lower()
        if kind in ("label", "labels", "tag", "tags"):
            self.close()
            self.body.labels += split_list(meta.group("value"))
            return True
        if kind in ("epic", "feature"):
            self.close()
            self.body.epic = clean(meta.group("value")) or None
            return True
        return False

    def _header(self, line: str) -> bool:
        if len(line) < 60 and _NOTES_HEADER.match(line):
            self.close()
            self.in_ac, self.in_notes, self.plain_ac, self.gwt_open = False, True, False, False
            self.body.prose.append(line)
            return True
        header = ac_header(line)
        if header:
            self.in_notes = self.gwt_open = False
            self.close()
            self.in_ac = True
            rest = header.group("rest").strip()
            if rest and ";" in rest:  # "Acceptance criteria: a; b; c" on one line
                self.body.criteria += [c.strip(" .") for c in rest.split(";") if c.strip(" .")]
            elif rest:
                self.current = [_BULLET.sub("", rest)]
            return True
        if "#" in line and _PROSE_HEADER.match(line):  # "### Description" from a sub-heading
            self.close()
            self.in_ac = self.in_notes = self.plain_ac = self.gwt_open = False
            self.body.prose.append(line)
            return True
        return False

    def gherkin(self, line: str, hint) -> bool:
        """Take ``line`` as a Gherkin header, step or table row of any dialect (``hint``, a
        gherkin_words.Hit); one scenario is one criterion: "Szenario: Senden Angenommen …
        Wenn … Dann …". False when the hint does not apply here (the line is read as usual)."""
        text = _EMPHASIS.sub("", _BULLET.sub("", line)).strip()
        kind = hint.kind
        if kind in ("scenario", "scenarioOutline", "background", "rule"):
            self.close()
            self.current, self.header_only = [text], True
        elif kind in ("examples", "table"):
            if self.current is None or not self.gwt_open:
                return False
            if not line.lstrip().startswith(("```", "~~~")):  # a fence is no part of a step
                self.current.append(text)
        elif (kind == "given" and not self.header_only) or self.current is None \
                or not self.gwt_open:
            self.close()
            self.current = [text]
            self.header_only = False
        else:
            self.current.append(text)
            self.header_only = False
        self.in_ac = self.gwt_open = True
        self.in_notes = self.plain_ac = False
        return True

    def _gwt(self, line: str) -> bool:
        gwt = _GWT.match(line)
        word = gwt.group(1).lower() if gwt else ""
        # "Given" opens a scenario; When/Then continue it (or start one inside a criteria
        # block); And/But only continue. Prose that merely starts with "When"/"But" stays prose.
        if not (word == "given" or (word in ("when", "then") and (self.gwt_open or self.in_ac))
                or (word in ("and", "but") and self.gwt_open)):
            self.gwt_open = False
            return False
        step = _EMPHASIS.sub("", _BULLET.sub("", line)).strip()
        if word == "given" or not self.gwt_open or self.current is None:
            self.close()
            self.current = [step]
        else:
            self.current.append(step)
        self.in_ac = self.gwt_open = True
        return True

    def _plain(self, line: str) -> None:
        bullet = _BULLET.match(line)
        if bullet and self.body.prose and not self.in_ac and not self.in_notes:
            self.in_ac = True  # bullets under a narrative are its criteria, header or not
        if self.in_ac and bullet:
            self.close()
            self.current = [_EMPHASIS.sub("", line[bullet.end():]).strip()]
            return
        if self.in_ac and self.current is not None and line[:1] in (" ", "\t"):
            self.current.append(line.strip())
            return
        if self.in_ac and (self.plain_ac or (self.current is None and not self.body.criteria)):
            self.close()
            self.current = [line.strip()]
            self.plain_ac = True
            return
        self.close()
        if self.in_ac and self.body.criteria and not bullet:
            self.in_ac = False  # prose after the criteria block: notes, kept in text only
        self.body.prose.append(line)
