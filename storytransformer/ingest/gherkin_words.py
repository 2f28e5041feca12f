"""Gherkin keywords of every language gherkin-official ships (its i18n dialects, 80 of them),
for Gherkin written inside Markdown and text files: "Scénario :", "Szenario:", "Escenario:",
"Сценарий:", "场景：" headers and their "Étant donné / Quand / Alors", "Angenommen / Wenn /
Dann"... steps (tester report 20, item 3).

Words like "Soit", "Donc", "Als", "En", "Dado", "I" are steps in some dialect and ordinary
prose in others, so a line counts as Gherkin only with structure around it:

- a step continues an open scenario only in a dialect that scenario was opened in
  (``follows``): Dutch "Als" (When) after "Gegeven", never after English "Given";
- a header or a first step opens a scenario only when the next non-blank line is a step of
  one of its dialects (``confirmed``); English "Given" opens one on its own, as it always did.

Matching is case-sensitive, as Cucumber's (English also in lower case, as the Markdown reader
always read it); a "* " step (every dialect's bullet) is left to the Markdown list reader."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from storytransformer.ingest.narrative_langs import fold

STEP_KINDS = ("given", "when", "then", "and", "but")
HEADER_KINDS = ("scenario", "scenarioOutline", "background", "examples", "rule")
# A bullet, a checkbox and bold/italic markers before the keyword ("- **Given** x").
_PREFIX = re.compile(r"^\s*+(?:[-*+•]\s++|\d{1,3}[.)]\s++)?(?:\[[ xX]\]\s++)?")
_EMPH = re.compile(r"\*\*|__")


@dataclass(frozen=True)
class Hit:
    kind: str  # a STEP_KINDS or HEADER_KINDS name
    dialects: frozenset[str]  # the dialects in which the line's keyword is this kind
    keyword: str  # as written on the line (without the trailing space)
    rest: str  # the text after the keyword (a header: after its colon)


@lru_cache(maxsize=1)
def _tables():
    """(steps, headers): first character -> [(keyword, kind, dialects)], longest first."""
    from gherkin.dialect import DIALECTS

    steps: dict[tuple[str, str], set[str]] = {}
    headers: dict[tuple[str, str], set[str]] = {}
    for name, spec in DIALECTS.items():
        for kind in STEP_KINDS:
            for kw in spec[kind]:
                if kw.strip() == "*":
                    continue
                kw = fold(kw)
                variants = {kw, kw.lower()} if name == "en" else {kw}
                for v in variants:
                    steps.setdefault((v, kind), set()).add(name)
        for kind in HEADER_KINDS:
            for kw in spec[kind]:
                kw = fold(kw.strip())
                variants = {kw, kw.lower()} if name == "en" else {kw}
                for v in variants:
                    headers.setdefault((v, kind), set()).add(name)
    return _index(steps), _index(headers)


def _index(table: dict[tuple[str, str], set[str]]):
    """Keywords by their first two characters, longest first; a one-character keyword (CJK)
    under both its character and every two-character start (so one lookup finds every
    keyword a line can start with: keyed on the first character alone, a line starting with
    'a' scanned ~100 keywords of 80 dialects)."""
    out: dict[str, list[tuple[str, str, frozenset[str]]]] = {}
    short = [(kw, kind, frozenset(names)) for (kw, kind), names in table.items() if len(kw) < 2]
    for (kw, kind), names in table.items():
        if len(kw) >= 2:
            out.setdefault(kw[:2], []).append((kw, kind, frozenset(names)))
    for entries in out.values():
        entries.extend(e for e in short if entries[0][0].startswith(e[0]))
        entries.sort(key=lambda e: -len(e[0]))
    for e in short:
        out.setdefault(e[0], []).append(e)
    return out


def _keywords(index, head: str):
    """The keywords of ``index`` that may start ``head``, longest first."""
    return index.get(head[:2]) or index.get(head[0], ())


def _bare(line: str) -> str:
    head = _PREFIX.sub("", line, count=1)
    if "**" in head[:40] or "__" in head[:40]:
        head = _EMPH.sub("", head[:40], count=2) + head[40:]
    return fold(head)


def step(line: str) -> Hit | None:
    """The step keyword ``line`` starts with, in every dialect that has it, or None."""
    head = _bare(line)
    if not head:
        return None
    steps, _ = _tables()
    found: dict[str, set[str]] = {}
    keyword = ""
    for kw, kind, names in _keywords(steps, head):
        if not head.startswith(kw):
            continue
        if _alphabetic(kw[-1]) and head[len(kw):len(kw) + 1].isalnum():
            continue  # "Andrew" is no "And" (keywords in scripts without spaces have no guard)
        if keyword and len(kw) < len(keyword):
            break  # a longer keyword matched: "Etant donné que" over "Etant donné"
        keyword = kw
        found.setdefault(kind, set()).update(names)
    if not found:
        return None
    rest = head[len(keyword):].strip()
    if not rest:
        return None  # a keyword alone on a line is no step
    kind = _priority(found)
    names = frozenset().union(*found.values())
    return Hit(kind, names, keyword.strip(), rest)


def _priority(found: dict[str, set[str]]) -> str:
    for kind in ("given", "when", "then", "and", "but"):
        if kind in found:
            return kind
    return next(iter(found))


def _alphabetic(ch: str) -> bool:
    """A Latin, Greek, Cyrillic or Armenian letter: a keyword ending in one must end a word."""
    return ch.isalpha() and ord(ch) < 0x0590


def header(line: str) -> Hit | None:
    """A "Scenario:" / "Scénario :" / "场景：" line (scenario, outline, background, examples
    or rule, in any dialect), or None. The colon may be full-width; a space may precede it."""
    head = _bare(line).rstrip()
    if not head:
        return None
    _, headers = _tables()
    for kw, kind, names in _keywords(headers, head):
        if not head.startswith(kw):
            continue
        after = head[len(kw):].lstrip(" \u00a0")
        if after[:1] in (":", "："):
            return Hit(kind, names, kw, after[1:].strip())
    return None


def follows(hit: Hit | None, dialects: frozenset[str]) -> bool:
    """Does the step ``hit`` continue a scenario open in ``dialects``?"""
    return hit is not None and bool(hit.dialects & dialects)


def confirmed(lines: list[str], k: int) -> Hit | None:
    """The header or step at lines[k] when it opens a scenario, else None: English "Given" on
    its own (as the Markdown reader always read it); a header when the next non-blank line is
    a step of one of its dialects (an Examples header: a table row); any other step when the
    next two non-blank lines are steps of its dialects ("Soit le fichier CSV, soit ..." /
    "Donc ..." is two lines of French prose, not a scenario)."""
    line = lines[k]
    hit = header(line) or step(line)
    if hit is None or (hit.kind in STEP_KINDS and _is_narrative(line)):
        return None
    if hit.kind == "given" and "en" in hit.dialects and hit.keyword.lower() == "given":
        return hit
    need = 1 if hit.kind in HEADER_KINDS else 2
    dialects = hit.dialects
    keywords = {hit.keyword}
    for nxt in lines[k + 1:k + 8]:
        text = nxt.strip()
        if not text or text.startswith("#"):
            continue
        if text.startswith("|"):
            return hit if hit.kind == "examples" else None
        nxt_hit = step(nxt)
        opens_again = nxt_hit is not None and nxt_hit.kind == "given" and hit.kind in STEP_KINDS
        if not follows(nxt_hit, dialects) or opens_again or _is_narrative(nxt):
            return None
        dialects = dialects & nxt_hit.dialects
        keywords.add(nxt_hit.keyword)
        need -= 1
        if not need:
            # Opened by steps alone, a scenario takes two keywords at least ("Étant donné ... /
            # Quand ... / Alors ..."): French bullets "- Le client ... / - Le système ..." are
            # Haitian Creole "Le" (When) three times over, a list, not a scenario.
            if hit.kind in STEP_KINDS and len(keywords) < 2:
                return None
            return Hit(hit.kind, dialects, hit.keyword, hit.rest)
    return None


def _is_narrative(line: str) -> bool:
    """Dutch "Als klant wil ik ..." starts a story, though "Als" is also Dutch "When"."""
    from storytransformer.ingest.narrative_langs import anchors

    return bool(anchors(" ".join(line.split())))


def continues(prev: str, line: str) -> bool:
    """Does ``line`` (a step, an Examples header or a table row) continue the scenario whose
    last line so far is ``prev`` (a header or step), in a dialect both share?"""
    before = header(prev) or step(prev)
    if before is None or _is_narrative(prev):
        return False
    if line.strip().startswith("|"):
        return True
    after = step(line) or header(line)
    return (after is not None and after.kind in STEP_KINDS + ("examples",)
            and follows(after, before.dialects) and not _is_narrative(line))


def line_kinds(lines: list[str]) -> list[Hit | None]:
    """For each line, its Gherkin role where it is one (a confirmed header or step, or a step
    continuing the open scenario in its dialects; table rows of an open scenario get kind
    "table"), else None. English steps outside any confirmed scenario are left to the
    caller's own reading (None here)."""
    out: list[Hit | None] = [None] * len(lines)
    open_in: frozenset[str] | None = None
    for k, line in enumerate(lines):
        text = line.strip()
        if not text:
            continue
        if open_in is not None:
            if text.startswith(("|", '"""', "```")):
                out[k] = Hit("table", open_in, "", text)
                continue
            hit = step(line) or header(line)
            after_blank = k > 0 and not lines[k - 1].strip()
            if (follows(hit, open_in) and (hit.kind == "examples" or hit.kind in STEP_KINDS
                                           and not after_blank and not _is_narrative(line))):
                out[k] = Hit(hit.kind, hit.dialects & open_in, hit.keyword, hit.rest)
                continue
        hit = confirmed(lines, k)
        if hit is not None:
            out[k] = hit
            open_in = hit.dialects
        else:
            open_in = None
    return out


def looks_like_feature(text: str) -> bool:
    """A feature file in any dialect, without its "# language:" line: the first line that is
    not a comment or tag is "<Feature keyword>:" of some dialect, and a scenario header of that
    dialect follows with a step under it (a Markdown note opening "Funktion: ..." is not)."""
    from gherkin.dialect import DIALECTS

    lines = text.split("\n")[:400]
    first = next((ln.strip() for ln in lines
                  if ln.strip() and not ln.strip().startswith(("#", "@"))), "")
    names = {name for name, spec in DIALECTS.items()
             if any(first.startswith(f"{kw}:") or first.startswith(f"{kw} :") for kw in spec["feature"])}
    if not names:
        return False
    kinds = line_kinds(lines)
    return any(h is not None and h.kind in ("scenario", "scenarioOutline") and h.dialects & names
               for h in kinds)
