"""Gherkin .feature files, read by the Cucumber project's own parser (``gherkin-official``),
so every language it knows (``# language: fr``, ``de``, ``es``... 70+), ``Rule:``, DocStrings,
data tables and tagged ``Examples:`` blocks mean exactly what Cucumber says they mean.

Mapping (ours, on top of the parser's AST):

- each Scenario / Scenario Outline / Example is a story; its steps (keyword + text, with the
  step's data table rows and DocString) are its acceptance criteria, and each ``Examples:``
  block is one more criterion;
- the scenario's own description, else its Rule's, else the Feature's, gives role, goal and
  benefit when it holds an "As a / I want / So that" narrative (in any language the shared
  narrative reader knows: "En tant que / Je veux / Afin de", "Als … möchte ich …, damit");
- the epic is the Rule's name, else the Feature's;
- tags come from the Feature, the Rule, the scenario and its own Examples blocks (never from
  a neighbour: the AST says which node a tag line belongs to). A tracker-key tag (@PAY-12) on
  the scenario itself, or on its Examples blocks, is its id; a key tag inherited from a Rule or
  Feature names the group, so it stays a label (it would otherwise be every scenario's id);
- the story text is the file's own lines: the Feature header, the Backgrounds that apply, and
  the scenario from its first tag to its last line.

A file the parser rejects gets one warning at the parser's first error location; the
scenarios before the error are still read, and the rest of the file is kept as one unparsed
story, so nothing is lost and the rest of the corpus is read."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from storytransformer.ingest.context import FileContext
from storytransformer.ingest.narrative import clean, parse_narrative

_TAG_KEY = re.compile(r"^@?([A-Z][A-Z0-9]{1,14}-\d{1,7})$")



@dataclass
class _Scope:
    """What a scenario inherits: the Feature's or the Rule's header lines, tags, narrative."""

    name: str
    tags: list[str]
    header: list[str]  # raw lines shown above the scenario in its story text
    description: str
    backgrounds: list[str] = field(default_factory=list)  # raw Background lines


def read_gherkin(text: str, ctx: FileContext) -> None:
    lines = text.split("\n")
    _read_features(lines, ctx)
    _declare_context(lines, ctx)


def _declare_context(lines: list[str], ctx: FileContext) -> None:
    """Lines outside every scenario's [line, end_line], for the conservation check: the
    header, Rule and Background lines (in the text of each scenario under them), tags
    (their scenario's text too) and comments."""
    inside = [False] * (len(lines) + 2)
    for story in ctx.stories:
        for n in range(story.line, (story.end_line or story.line) + 1):
            if n < len(inside):
                inside[n] = True
    for n, line in enumerate(lines, 1):
        stripped = line.strip()
        if not stripped or inside[n]:
            continue
        if stripped.startswith("#"):
            ctx.context(n, "Gherkin comment or language line")
        elif stripped.startswith("@"):
            ctx.context(n, "Gherkin tags (in the text and labels of the scenario below)")
        else:
            ctx.context(n, "Feature, Rule or Background (in the text of each scenario under it)")


def _read_features(lines: list[str], ctx: FileContext) -> None:
    from gherkin.errors import CompositeParserException, ParserError

    text = "\n".join(lines)
    try:
        doc = _parse(text)
    except (CompositeParserException, ParserError) as err:
        doc = _parse_implied_language(lines, text, ctx)
        if doc is not None:
            _read_document(doc, lines, ctx)
            return
        chunks = _feature_chunks(lines, _first_error(err)[0])
        if len(chunks) < 2:
            _read_broken(lines, ctx, err)
            return
        # Concatenated feature files: the parser stops at the second "Feature:"; read each.
        for n, (first, last) in enumerate(chunks):
            if n:
                ctx.warn(first + 1, "a second Feature in one file (Gherkin allows one); "
                                    "read as a new feature")
            _read_chunk(lines, first, last, ctx)
        return
    if not _count_steps(doc) and not _language_line(lines):
        # English parsed, but found no step: a dialect sharing "Feature:" (en-Scouse) may be
        # the file's language, its scenarios read as description text by English.
        doc = _parse_implied_language(lines, text, ctx) or doc
    _read_document(doc, lines, ctx)


def _read_chunk(lines: list[str], first: int, last: int, ctx: FileContext) -> None:
    """Read lines[first:last]; the lines before it are blanked so that every line number the
    parser reports is the file's own."""
    from gherkin.errors import CompositeParserException, ParserError

    chunk = [""] * first + lines[first:last]
    if first:
        chunk[0] = _language_line(lines)  # the file's language applies to every feature
    try:
        doc = _parse("\n".join(chunk))
    except (CompositeParserException, ParserError) as err:
        _read_broken(chunk, ctx, err, first)
        return
    _read_document(doc, chunk, ctx)


_LANGUAGE = re.compile(r"^\s*#\s*language\s*:\s*([a-zA-Z\-_]+)\s*$")


def _language_line(lines: list[str]) -> str:
    for line in lines[:50]:
        if _LANGUAGE.match(line):
            return line
    return ""


def _feature_chunks(lines: list[str], error_line: int | None) -> list[tuple[int, int]]:
    """(first, end) 0-based line ranges, one per Feature (with the tags and comments just
    above it), when the parser's first error is at the second Feature; else one range."""
    from gherkin.dialect import Dialect

    m = next((_LANGUAGE.match(ln) for ln in lines[:50] if _LANGUAGE.match(ln)), None)
    dialect = (Dialect.for_name(m.group(1)) if m else None) or Dialect.for_name("en")
    heads = tuple(f"{k}:" for k in dialect.feature_keywords)
    starts = [i for i, ln in enumerate(lines) if ln.lstrip().startswith(heads)]
    cuts = [0]
    for i in starts[1:]:
        while i > 0 and lines[i - 1].strip().startswith(("@", "#")):
            i -= 1  # the feature's tags belong to it
        cuts.append(i)
    # The error must be the second Feature itself (or its tags): a "Feature:" inside a
    # DocString of a broken file is no reason to split it.
    if len(cuts) < 2 or error_line is None or not cuts[1] < error_line <= starts[1] + 1:
        return [(0, len(lines))]
    return list(zip(cuts, cuts[1:] + [len(lines)], strict=True))


def _parse(text: str, language: str = "en"):
    from gherkin import Parser
    from gherkin.token_matcher import TokenMatcher

    return Parser().parse(text, TokenMatcher(language))


def _parse_implied_language(lines: list[str], text: str, ctx: FileContext):
    """A file in another language without its "# language: fr" line (the parser then reads
    English and rejects "Fonctionnalité:", and the whole file was one unparsed story): parsed
    in the language whose Feature keyword opens it, with a warning. None when no language
    fits (the caller reports the English parser's error) or the file names its language."""
    from gherkin.dialect import DIALECTS
    from gherkin.errors import CompositeParserException, ParserError

    if _language_line(lines):
        return None
    n, first = next(((n, ln.strip()) for n, ln in enumerate(lines, 1)
                     if ln.strip() and not ln.strip().startswith(("#", "@"))), (0, ""))
    english = first.startswith(tuple(f"{k}:" for k in DIALECTS["en"]["feature"]))
    # Several dialects share a Feature keyword ("Característica": Spanish, Galician, Catalan;
    # "Функционалност": Bulgarian, Serbian): the one whose parse finds the most steps is the
    # file's language (a wrong one parses too, reading the scenarios as description text).
    best = None
    for name, spec in DIALECTS.items():
        if name == "en" or not first.startswith(tuple(f"{k}:" for k in spec["feature"])):
            continue
        try:
            doc = _parse(text, name)
        except (CompositeParserException, ParserError):
            continue
        steps = _count_steps(doc)
        if steps and (best is None or steps > best[0]):
            best = (steps, name, doc)
    if best is None:
        return None  # no language fits: the English parser's error is the file's own
    _, name, doc = best
    ctx.warn(n, f"no '# language:' line; read as Gherkin '{name}' ({DIALECTS[name]['name']}), "
                f"the language of its keywords ('{first.split(':', 1)[0]}')"
             + (" (English did not parse)" if english else ""))
    return doc


def _count_steps(doc: dict) -> int:
    feature = doc.get("feature") or {}
    return sum(len(node.get("steps", [])) for kind, node, _ in _children(feature)
               if kind in ("scenario", "background"))


def _first_error(err) -> tuple[int | None, str]:
    errors = getattr(err, "errors", None) or [err]
    located = [e for e in errors if getattr(e, "location", None)]
    if not located:
        return None, str(err)
    first = min(located, key=lambda e: (e.location.get("line", 0), e.location.get("column", 0)))
    message = str(first)
    message = re.sub(r"^\(\d+:\d+\):\s*", "", message)  # the location is the warning's line
    return first.location.get("line"), message


def _read_broken(lines: list[str], ctx: FileContext, err, first: int = 0) -> None:
    """One warning at the first error; the scenarios before it read, the rest kept raw.
    ``lines`` is the file with the lines before ``first`` blanked (another feature's)."""
    line, message = _first_error(err)
    if line is not None:  # "unexpected end of file" is one line past the file's last
        line = min(line, _last_nonblank(lines))
    ctx.warn(line, f"not valid Gherkin ({message}); scenarios before this line are read, the "
                   "rest of the feature is kept as one unparsed story")
    cut = (line or 1) - 1  # 0-based index of the bad line
    doc = None
    if cut > first:
        try:
            doc = _parse("\n".join(lines[:cut]))
        except Exception:  # noqa: BLE001 - the prefix may be broken too: keep all raw
            doc = None
    rest_from = first
    if doc and doc.get("feature"):
        spans = _scenario_spans(doc["feature"], lines[:cut])
        if len(spans) > 1:  # else nothing complete before the error: the feature stays whole
            # The last scenario before the error may be cut short: it goes with the raw rest.
            last_start = spans[-1][1]
            _read_document(doc, lines[:cut], ctx, stop_before=last_start)
            rest_from = last_start - 1
    rest = "\n".join(lines[rest_from:]).strip("\n")
    if rest.strip():
        at = rest_from + next(i for i, ln in enumerate(lines[rest_from:]) if ln.strip()) + 1
        ctx.add(text=rest, line=at, parsed=False, end_line=_last_nonblank(lines))


def _last_nonblank(lines: list[str], upto: int | None = None) -> int:
    """1-based number of the last non-blank line at or before ``upto`` (1-based)."""
    i = len(lines) if upto is None else min(upto, len(lines))
    while i > 1 and not lines[i - 1].strip():
        i -= 1
    return i


def _start(node: dict) -> int:
    """First line of a node: its first tag line, else its keyword line."""
    return min([t["location"]["line"] for t in node.get("tags", [])] + [node["location"]["line"]])


def _children(feature: dict):
    """(kind, node, rule or None) for every child, rules flattened, in file order."""
    for child in feature.get("children", []):
        if "rule" in child:
            rule = child["rule"]
            yield "rule", rule, rule
            for inner in rule.get("children", []):
                kind = "scenario" if "scenario" in inner else "background"
                yield kind, inner[kind], rule
        elif "scenario" in child:
            yield "scenario", child["scenario"], None
        elif "background" in child:
            yield "background", child["background"], None


def _scenario_spans(feature: dict, lines: list[str]) -> list[tuple[dict, int, int, dict | None]]:
    """(scenario, first line, last line, rule) for each scenario: it runs to the line before
    the next child starts (blank and comment lines at its end trimmed)."""
    nodes = list(_children(feature))
    starts = [_start(node) for _, node, _ in nodes]
    spans = []
    for i, (kind, node, rule) in enumerate(nodes):
        if kind != "scenario":
            continue
        nxt = starts[i + 1] - 1 if i + 1 < len(starts) else len(lines)
        end = _last_nonblank(lines, nxt)
        while end > node["location"]["line"] and lines[end - 1].strip().startswith("#"):
            end = _last_nonblank(lines, end - 1)
        spans.append((node, starts[i], max(end, node["location"]["line"]), rule))
    return spans


def _tags(node: dict) -> list[str]:
    return [t["name"].lstrip("@") for t in node.get("tags", [])]


def _raw(lines: list[str], first: int, last: int) -> list[str]:
    return lines[first - 1: last]


def _header_end(lines: list[str], children: list[dict]) -> int:
    """Last line of a Feature/Rule header (keyword line + description): the line before its
    first child, or the file's last line."""
    if children:
        return _last_nonblank(lines, _start(children[0]) - 1)
    return _last_nonblank(lines)


def _read_document(doc: dict, lines: list[str], ctx: FileContext,
                   stop_before: int | None = None) -> None:
    feature = doc.get("feature")
    if not feature:
        ctx.warn(1, "no 'Feature:' line; not a Gherkin file we can read")
        if "\n".join(lines).strip():
            ctx.add(text="\n".join(lines).strip(), line=1, parsed=False,
                    end_line=_last_nonblank(lines))
        return
    kids = [next(iter(c.values())) for c in feature.get("children", [])]
    head_end = _header_end(lines, kids)
    top = _Scope(name=feature["name"], tags=_tags(feature),
                 header=_raw(lines, feature["location"]["line"], head_end),
                 description=feature.get("description", ""))
    scope, emitted = top, 0
    spans = {id(node): (first, last) for node, first, last, _ in _scenario_spans(feature, lines)}
    for kind, node, rule in _children(feature):
        if stop_before is not None and _start(node) >= stop_before:
            break
        if kind == "rule":
            scope = _rule_scope(node, top, lines)
            if not any("scenario" in c for c in node.get("children", [])):
                _emit_header_only(ctx, node, scope, lines, top, _rule_end(feature, node, lines))
            continue
        if kind == "background":
            target = scope if rule is not None else top
            end = _background_end(node, lines)
            target.backgrounds += _raw(lines, node["location"]["line"], end)
            continue
        if rule is None:
            scope = top
        first, last = spans[id(node)]
        _emit(ctx, node, scope, top, lines, first, last)
        emitted += 1
    if not emitted and not ctx.stories and stop_before is None:
        _emit_header_only(ctx, feature, top, lines, None, _last_nonblank(lines))


def _rule_end(feature: dict, rule: dict, lines: list[str]) -> int:
    """Last line of a Rule: the line before the next Rule (or the file's last line)."""
    starts = [_start(next(iter(c.values()))) for c in feature.get("children", [])]
    later = [n for n in starts if n > rule["location"]["line"]]
    return _last_nonblank(lines, min(later) - 1 if later else None)


def _background_end(node: dict, lines: list[str]) -> int:
    last = node["location"]["line"]
    for step in node.get("steps", []):
        last = max(last, _step_end(step))
    return last


def _step_end(step: dict) -> int:
    last = step["location"]["line"]
    table = step.get("dataTable")
    if table and table.get("rows"):
        last = max(last, table["rows"][-1]["location"]["line"])
    doc = step.get("docString")
    if doc:
        last = max(last, doc["location"]["line"] + doc["content"].count("\n") + 2)
    return last


def _rule_scope(rule: dict, top: _Scope, lines: list[str]) -> _Scope:
    kids = [next(iter(c.values())) for c in rule.get("children", [])]
    header = top.header + [""] + top.backgrounds + ([""] if top.backgrounds else []) + \
        _raw(lines, _start(rule), _header_end(lines, kids))
    description = rule.get("description", "")
    own = parse_narrative(description).found
    return _Scope(name=rule["name"], tags=top.tags + _tags(rule), header=header,
                  description=description if own else top.description)


def _split_tags(own: list[str], inherited: list[str]) -> tuple[str | None, tuple[str, ...]]:
    """The tracker key (from the node's own tags only) and the labels."""
    keys = [m.group(1) for m in (_TAG_KEY.match(t) for t in own) if m]
    key = keys[0] if keys else None
    labels = [t for t in inherited + own if t != key]
    return key, tuple(dict.fromkeys(labels))


def _step_text(step: dict) -> str:
    text = f"{step['keyword'].strip()} {step['text']}".strip()
    table = step.get("dataTable")
    if table:
        text += " " + " ".join(_row(r) for r in table.get("rows", []))
    doc = step.get("docString")
    if doc:
        delim = doc.get("delimiter", '"""')
        text += f"\n{delim}{doc.get('mediaType', '')}\n{doc['content']}\n{delim}"
    return text


def _row(row: dict) -> str:
    return "| " + " | ".join(c["value"] for c in row.get("cells", [])) + " |"


def _examples_text(ex: dict) -> str:
    rows = ([ex["tableHeader"]] if ex.get("tableHeader") else []) + ex.get("tableBody", [])
    name = f"{ex['name'].strip()} " if ex.get("name", "").strip() else ""
    return f"{ex['keyword'].strip()}: {name}" + " ".join(_row(r) for r in rows)


def _emit(ctx: FileContext, sc: dict, scope: _Scope, top: _Scope, lines: list[str],
          first: int, last: int) -> None:
    # A scenario may carry its own "As a … I want …" under its title; else the Feature's.
    narrative = parse_narrative(sc.get("description", ""))
    if not narrative.found:
        narrative = parse_narrative(scope.description)
    own = _tags(sc)
    key, labels = _split_tags(own, scope.tags)
    if key is None:  # a key on the outline's Examples names this outline, and only it
        ex_tags = [t for ex in sc.get("examples", []) for t in _tags(ex)]
        key, ex_labels = _split_tags(ex_tags, [])
    else:
        ex_labels = tuple(t for ex in sc.get("examples", []) for t in _tags(ex))
    labels = tuple(dict.fromkeys(labels + ex_labels))
    header = scope.header + ([""] + scope.backgrounds if scope.backgrounds else [])
    text = "\n".join(header).rstrip() + "\n\n" + "\n".join(_raw(lines, first, last))
    criteria = [_step_text(s) for s in sc.get("steps", [])]
    criteria += [_examples_text(ex) for ex in sc.get("examples", [])]
    parsed = bool(sc.get("steps"))
    line = sc["location"]["line"]
    if not parsed:
        ctx.warn(line, f"scenario {sc['name']!r} has no steps; kept as an unparsed story")
    ctx.add(text=text, line=line, key=key, title=clean(sc["name"]), role=narrative.role,
            goal=narrative.goal, benefit=narrative.benefit,
            acceptance_criteria=tuple(criteria), labels=labels,
            epic=clean(scope.name) or None, parsed=parsed, end_line=last)


def _emit_header_only(ctx: FileContext, node: dict, scope: _Scope, lines: list[str],
                      top: _Scope | None, end: int) -> None:
    """A Feature (or Rule) without scenarios is still a story: its narrative, if any."""
    narrative = parse_narrative(node.get("description", ""))
    line = node["location"]["line"]
    if not narrative.found:
        what = "rule" if top is not None else "feature"
        ctx.warn(line, f"{what} has no scenarios and no narrative; kept unparsed")
    key, labels = _split_tags(_tags(node), top.tags if top is not None else [])
    text = "\n".join(_raw(lines, _start(node), _last_nonblank(lines))).strip() \
        if top is None else "\n".join(scope.header).strip()
    epic = clean(top.name) if top is not None else None
    ctx.add(text=text, line=line, key=key, title=clean(node["name"]), role=narrative.role,
            goal=narrative.goal, benefit=narrative.benefit, labels=labels,
            epic=epic or None, parsed=narrative.found,
            end_line=end)
