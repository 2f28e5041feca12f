"""Gherkin scenarios written in a Markdown or text file, in any dialect ("Scénario :",
"Szenario:", "Escenario:", "Сценарий:", "场景："), where no narrative owns them: each scenario
is a story of its own, read as the .feature reader reads one (title from the header, each
step a criterion, an Examples block one more), never glued to the next scenario (tester
report 20, item 3: two French scenarios became one unparsed story)."""

from __future__ import annotations

from storytransformer.ingest.blocks import Unit
from storytransformer.ingest.context import FileContext
from storytransformer.ingest.gherkin_words import STEP_KINDS, Hit, line_kinds
from storytransformer.ingest.narrative import _BULLET, _EMPHASIS, clean, split_key

_OPENERS = ("scenario", "scenarioOutline")


def _head(lines: list[str]) -> int:
    """Index of the first line after a ``` fence or a "# language:" line that open a unit."""
    k = 0
    while k < len(lines) and k < 2 and lines[k].lstrip().startswith(("```", "~~~", "#")):
        k += 1
    return k


def _opener(unit: Unit) -> Hit | None:
    """The confirmed scenario header that opens ``unit``, or None."""
    lines = [ln for _, ln in unit.lines[:10]]
    k = _head(lines)
    hit = line_kinds(lines[k:])[0] if k < len(lines) else None
    return hit if hit is not None and hit.kind in _OPENERS else None


def scenario_units(units: list[Unit]) -> int:
    """How many units open with a confirmed scenario header."""
    return sum(_opener(u) is not None for u in units)


def gherkin_unit(unit: Unit) -> bool:
    """Does ``unit`` open with Gherkin (a confirmed header or step, any dialect)?"""
    lines = [ln for _, ln in unit.lines[:10]]
    k = _head(lines)
    return k < len(lines) and line_kinds(lines[k:])[0] is not None


def stories_from_scenarios(ctx: FileContext, units: list[Unit], epic: str | None) -> None:
    """One story per scenario; the units after one that continue it (an Examples block, steps
    after a blank line) are its own; text before the first scenario is the section's
    introduction; any other unit is kept as an unparsed story, with a warning."""
    from storytransformer.ingest.markdown import _unparsed

    groups: list[list[Unit]] = []
    for unit in units:
        if _opener(unit) is not None:
            groups.append([unit])
        elif groups and groups[-1] and gherkin_unit(unit) and _opener(groups[-1][0]):
            groups[-1].append(unit)
        elif not groups:
            for lineno, _ in unit.lines:
                ctx.context(lineno, "introduction before the first scenario")
        else:
            groups.append([unit])
    for group in groups:
        pairs = [pair for u in group for pair in u.lines]
        if _opener(group[0]) is None:
            _unparsed(ctx, pairs, epic=epic)
        else:
            _scenario_story(ctx, pairs, epic)


def _scenario_story(ctx: FileContext, pairs: list[tuple[int, str]], epic: str | None) -> None:
    lines = [ln for _, ln in pairs]
    first = _head(lines)
    kinds = line_kinds(lines[first:])
    head = kinds[0]
    criteria: list[str] = []
    for line, hit in zip(lines[first + 1:], kinds[1:], strict=True):
        text = _EMPHASIS.sub("", _BULLET.sub("", line)).strip()
        if hit is None or line.lstrip().startswith(("```", "~~~")):
            continue  # the scenario's description, a fence: in its text only
        if hit.kind in STEP_KINDS or (hit.kind == "examples" and not criteria):
            criteria.append(text)
        elif hit.kind == "examples":
            criteria.append(text)
        elif criteria:  # a table row or DocString line: part of the step or Examples above
            criteria[-1] += " " + text
    key, title = split_key(head.rest)
    steps = any(h is not None and h.kind in STEP_KINDS for h in kinds)
    if not steps:
        ctx.warn(pairs[0][0], f"scenario {clean(title)!r} has no steps; kept as an unparsed story")
    ctx.add(text="\n".join(lines), line=pairs[0][0], end_line=pairs[-1][0], key=key,
            title=clean(title), acceptance_criteria=tuple(criteria), epic=epic, parsed=steps)
