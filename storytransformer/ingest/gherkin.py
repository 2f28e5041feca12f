"""Gherkin .feature files: each Scenario / Scenario Outline is a story, its steps are the
acceptance criteria, and the Feature's "As a / I want / So that" narrative (when present)
gives role, goal and benefit. A tag like @PAY-12 on the scenario is its tracker key."""

from __future__ import annotations

import re

from storytransformer.ingest.context import FileContext
from storytransformer.ingest.narrative import clean, parse_narrative

_KEYWORD = re.compile(
    r"^\s*(?P<kw>Feature|Ability|Business Need|Rule|Background|Scenario Outline|Scenario Template"
    r"|Scenario|Example|Examples|Scenarios)\s*:\s*(?P<name>.*)$", re.I)
_STEP = re.compile(r"^\s*(?:Given|When|Then|And|But|\*)\s", re.I)
_TAG_KEY = re.compile(r"^@?([A-Z][A-Z0-9]{1,14}-\d{1,7})$")


def read_gherkin(text: str, ctx: FileContext) -> None:
    lines = text.split("\n")
    feature, feature_line, rule = "", 0, ""
    narrative_lines: list[str] = []
    feature_tags: list[str] = []
    pending_tags: list[str] = []
    scenario: dict | None = None
    saw_feature = False
    in_docstring = False
    in_examples = False
    in_description = False  # free text right under "Feature:" is its narrative
    background: list[str] | None = None  # steps of the Background being read
    feature_bg: list[str] = []
    rule_bg: list[str] = []

    def finish():
        nonlocal scenario
        if scenario is not None:
            _emit(ctx, scenario, feature, rule, lines, narrative_lines, feature_tags,
                  feature_bg + rule_bg)
        scenario = None

    for i, line in enumerate(lines, 1):
        stripped = line.strip()
        if stripped.startswith(('"""', "```")):
            in_docstring = not in_docstring
            if scenario is not None:
                scenario["end"] = i
            continue
        if in_docstring:
            if scenario is not None:
                scenario["end"] = i
            continue
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("@"):
            pending_tags += [t.lstrip("@") for t in stripped.split() if t.startswith("@")]
            continue
        m = _KEYWORD.match(line)
        if m:
            kw = m.group("kw").lower()
            if kw in ("feature", "ability", "business need"):
                finish()
                if saw_feature:
                    ctx.warn(i, "a second Feature in one file; read as a new feature")
                saw_feature = True
                feature, feature_line, narrative_lines = m.group("name").strip(), i, []
                feature_tags, pending_tags, rule = pending_tags, [], ""
                in_description, background, feature_bg, rule_bg = True, None, [], []
                continue
            in_description = False
            if kw == "rule":
                finish()
                rule, pending_tags, background, rule_bg = m.group("name").strip(), [], None, []
                continue
            if kw == "background":
                finish()
                in_examples = False
                pending_tags = []
                # Shared preconditions: kept in the text of every scenario they apply to.
                background = rule_bg if rule else feature_bg
                background.append(stripped)
                continue
            if kw in ("examples", "scenarios"):
                in_examples = True
                if scenario is not None:
                    scenario["end"] = i
                continue
            finish()
            in_examples = False
            background = None
            scenario = {"name": m.group("name").strip(), "line": i, "end": i, "steps": [],
                        "tags": pending_tags, "examples": []}
            pending_tags = []
            continue
        if scenario is not None:
            scenario["end"] = i
            if _STEP.match(line):
                scenario["steps"].append(stripped)
            elif stripped.startswith("|"):
                if scenario["steps"] and not in_examples:
                    scenario["steps"][-1] += " " + stripped  # a data table belongs to its step
                else:
                    scenario["examples"].append(stripped)
            continue
        if background is not None:
            background.append(stripped)
        elif in_description and not _STEP.match(line):
            narrative_lines.append(stripped)  # the feature's free-text description
        elif not saw_feature:
            ctx.warn(i, "text before 'Feature:' is not Gherkin; ignored as a comment")
    finish()
    if not ctx.stories and saw_feature:
        # A feature with a narrative but no scenarios is still a story.
        narrative = parse_narrative("\n".join(narrative_lines))
        if not narrative.found:
            ctx.warn(feature_line, "feature has no scenarios and no narrative; kept unparsed")
        ctx.add(text="\n".join(lines[feature_line - 1:]).strip(), line=feature_line,
                key=_key(feature_tags), title=clean(feature), role=narrative.role,
                goal=narrative.goal, benefit=narrative.benefit, labels=_labels(feature_tags),
                parsed=narrative.found)
    elif not saw_feature:
        ctx.warn(1, "no 'Feature:' line; not a Gherkin file we can read")


def _key(tags: list[str]) -> str | None:
    for tag in tags:
        m = _TAG_KEY.match(tag)
        if m:
            return m.group(1)
    return None


def _labels(tags: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(t for t in tags if not _TAG_KEY.match(t)))


def _emit(ctx, sc, feature, rule, lines, narrative_lines, feature_tags, background) -> None:
    narrative = parse_narrative("\n".join(narrative_lines))
    block = "\n".join(lines[sc["line"] - 1: sc["end"]]).strip("\n")
    header = [f"Feature: {feature}"] + [f"  {ln}" for ln in narrative_lines]
    if background:
        header += [""] + [f"  {ln}" if ln.startswith("Background") else f"    {ln}"
                          for ln in background]
    text = "\n".join(header) + "\n\n" + block
    criteria = list(sc["steps"])
    if sc["examples"]:
        criteria.append("Examples: " + " ".join(sc["examples"]))
    tags = sc["tags"]
    parsed = bool(criteria)
    if not parsed:
        ctx.warn(sc["line"], f"scenario {sc['name']!r} has no steps; kept as an unparsed story")
    ctx.add(text=text, line=sc["line"], key=_key(tags), title=clean(sc["name"]),
            role=narrative.role, goal=narrative.goal, benefit=narrative.benefit,
            acceptance_criteria=tuple(criteria), labels=_labels(feature_tags + tags),
            epic=clean(rule or feature) or None, parsed=parsed)
