"""JSON and JSON Lines: a list of story objects, or {"stories"/"issues"/"items": [...]},
with the key names trackers and hand-written files use (Jira REST's {"key", "fields": {...}}
included). Items are decoded one by one so each gets its own line number, and a truncated
file still yields every complete item before the break."""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import replace
from typing import Any

from storytransformer.ingest.context import FileContext
from storytransformer.ingest.description import read_description
from storytransformer.ingest.html_text import html_to_text, literal_breaks
from storytransformer.ingest.json_limits import load_json
from storytransformer.ingest.json_nested import walk
from storytransformer.ingest.line_runs import iter_nonblank
from storytransformer.ingest.narrative import clean, parse_narrative, split_body, split_list
from storytransformer.ingest.json_other_fields import json_other_fields
from storytransformer.ingest.tracker_tree import EPIC_TYPES
from storytransformer.stories import ParentItem

_LIST_KEYS = ("stories", "issues", "items", "userStories", "user_stories", "backlog",
              "workItems", "work_items", "value", "data", "results",
              "cards", "tickets", "tasks", "requirements",  # cards: a Trello board export
              "epics", "features")  # lists of parents holding their stories (json_nested.py)
KEYS = {
    # "number": the id people see on GitHub issues (#12) and ServiceNow stories (STRY001).
    "key": ["key", "issue_key", "issuekey", "number", "id", "story_id", "storyid", "ticket"],
    "title": ["summary", "title", "name", "headline", "system.title"],  # Azure DevOps REST
    "description": ["description", "story", "user_story", "userstory", "text", "body",
                    "narrative", "details", "system.description", "desc"],  # desc: Trello
    "role": ["role", "as_a", "asa", "persona", "user"],
    "goal": ["goal", "i_want", "iwant", "want", "action"],
    "benefit": ["benefit", "so_that", "sothat", "reason", "value_statement"],
    "criteria": ["acceptance_criteria", "acceptancecriteria", "acceptance", "criteria", "ac",
                 "microsoft.vsts.common.acceptancecriteria"],
    "labels": ["labels", "tags", "system.tags"],
    "epic": ["epic", "epic_link", "epiclink", "epic_name", "parent", "feature",
             "system.parent"],  # Azure DevOps REST: the parent work item's id
    "type": ["issuetype", "issue_type", "work_item_type", "workitemtype",
             "system.workitemtype"],
    # Kept on the story so merged.csv gives them back (write/tracker_fields.py).
    # Azure's State only: Jira's status and GitHub's "open" are other trackers' words, which an
    # Azure import would refuse as a State.
    "state": ["system.state"],
    "area": ["area_path", "areapath", "system.areapath"],
}
_KEY_OF = {name: f for f, names in KEYS.items() for name in names}
_DECODER = json.JSONDecoder()
_WS = re.compile(r"[\s,]*")


_RAW_KEY = re.compile(r'"(?:key|issue_?key|id)"\s*:\s*"?([A-Za-z0-9][A-Za-z0-9_.\-]{0,40})"?\s*[,}]', re.I)


def _raw_key(raw: str) -> str | None:
    """The id of an item that is not valid JSON, when it is plainly written at its start."""
    m = _RAW_KEY.search(raw[:300])
    return m.group(1) if m else None


class _Lines:
    """Offset -> line number, in O(log n): one big export holds 100k items, and counting
    newlines from the start for each would be quadratic."""

    def __init__(self, text: str):
        self.newlines = [i for i, ch in enumerate(text) if ch == "\n"] if len(text) < 4096 \
            else [m.start() for m in re.finditer("\n", text)]

    def __call__(self, offset: int) -> int:
        return bisect.bisect_left(self.newlines, offset) + 1


def read_json(text: str, ctx: FileContext) -> None:
    loaded = load_json(text, ctx)  # depth/integer limits, duplicate keys (json_limits.py)
    text, doc = loaded.text, loaded.doc
    if loaded.error is not None:
        _salvage(text, ctx, loaded.error)
        return
    items, start = _find_items(doc, text)
    if items is None:
        if isinstance(doc, dict) and _looks_like_story(doc):
            _item(ctx, doc, 1, text.strip())
            return
        ctx.warn(1, "JSON holds no list of stories (expected a list or an object with "
                    f"one of {', '.join(_LIST_KEYS[:3])}); kept as an unparsed story")
        ctx.add(text=text.strip(), line=1, parsed=False, end_line=text.count("\n") + 1)
        return
    line_at = _Lines(text)
    _other_lists(ctx, doc, items, text, line_at)
    read = _named_fields(doc, _item)
    for item, offset, raw in _located(ctx, items, text, start):
        walk(ctx, item, offset, raw, text, line_at, read)  # with the stories nested in it
    _count_children(ctx)


def _located(ctx: FileContext, items: list, text: str, start: int):
    """Yield (item, offset, raw text) for each item of the list of stories, in order, and
    let go of each item once it is read (``items[k] = None``): the decoded document shrinks
    as the stories grow, instead of both being held in full (a 52 MB JSON array took 11x its
    size). Items are found by decoding the array from its "[" (``start``); where that fails
    (the same key nested elsewhere, odd escaping) the rest are placed at the first line after
    the previous one naming their first string value, where an editor would find them, and
    the file's line check is off (their lines are approximate)."""
    pos = 0
    walked = _walk_array(text, start, len(items)) if start >= 0 else iter(())
    for k in range(len(items)):
        item = items[k]
        found = next(walked, None)
        if found is not None and found[0] == item:
            items[k] = None
            pos = found[1]
            yield found
            continue
        walked = iter(())  # lost the array: place this item and the rest by their text
        ctx.line_check = False
        needle = _first_string(item)
        at = text.find(json.dumps(needle)[1:-1], pos) if needle else -1
        pos = at if at >= 0 else pos
        items[k] = None
        yield item, pos, json.dumps(item, ensure_ascii=False)


PARENT_ITEM = "parent item (Epic/Feature): the epic of the stories under it"


def _other_lists(ctx: FileContext, doc: Any, items: list, text: str, line_at) -> None:
    """A second list of story objects beside the one read ({"stories": [...], "archived":
    [...]}) is not read: said in one line, so its stories are not lost without a word."""
    if not isinstance(doc, dict):
        return
    for name, value in doc.items():
        if value is items or not isinstance(value, list):
            continue
        storied = sum(1 for v in value if isinstance(v, dict) and _looks_like_story(v))
        if storied:
            at = text.find(json.dumps(name, ensure_ascii=False))
            ctx.warn(line_at(at) if at >= 0 else None, f"key {name!r} holds {storied:,} more item(s) with story fields "
                           "(title, summary, description…); not read — only the first list of "
                           "stories is read (split the file to read both)")


def _named_fields(doc: Any, read_item):
    """A Jira REST search saved with ``expand=names`` carries {"names": {"customfield_10035":
    "Acceptance Criteria", ...}}: each item's custom fields are read under those names too,
    so its acceptance criteria (and epic link) are read, not dropped with the unknown keys."""
    names = doc.get("names") if isinstance(doc, dict) else None
    if not isinstance(names, dict):
        return read_item
    names = {k: v for k, v in names.items() if isinstance(v, str) and k.startswith("customfield_")}

    def read(ctx, obj, line, raw):
        fields = obj.get("fields") if isinstance(obj, dict) else None
        if isinstance(fields, dict) and names:
            named = {names[k]: v for k, v in fields.items() if k in names and names[k] not in fields}
            obj = {**obj, "fields": {**fields, **named}}
        read_item(ctx, obj, line, raw)
    return read


def _first_string(value: Any) -> str | None:
    if isinstance(value, str):
        return value or None
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        for v in value:
            found = _first_string(v)
            if found:
                return found
    return None


def read_jsonl(text: str, ctx: FileContext) -> None:
    for lineno, line in iter_nonblank(text):  # a chunk of lines at a time, not all at once
        loaded = load_json(line, ctx, lineno)
        line, obj, err = loaded.text, loaded.doc, loaded.error
        if err is not None:
            ctx.warn(lineno, f"not valid JSON ({err.msg} at column {err.colno}); "
                             "line kept as an unparsed story")
            ctx.add(text=line.strip(), line=lineno, parsed=False, key=_raw_key(line),
                    end_line=lineno)
            continue
        walk(ctx, obj, 0, line.strip(), line, lambda _offset, n=lineno: n, _item)  # and nested stories
    _count_children(ctx)


def _find_items(doc: Any, text: str, depth: int = 0) -> tuple[list | None, int]:
    """The list of stories in a document and the offset of its '[' (-1: not located)."""
    if isinstance(doc, list):
        return doc, text.index("[")
    if isinstance(doc, dict) and depth < 3:
        lowered = {k.lower(): k for k in doc}
        for name in _LIST_KEYS:
            real = lowered.get(name.lower())
            if real is not None and _story_list(doc[real]):
                m = re.search(r'"%s"\s*:\s*\[' % re.escape(real), text)
                return doc[real], (m.end() - 1) if m else -1
        for value in doc.values():  # {"data": {"stories": [...]}}, {"project": {...}}
            if isinstance(value, dict):
                found, _ = _find_items(value, text, depth + 1)
                if found is not None:
                    return found, -1
    return None, -1


def _story_list(value: Any) -> bool:
    return isinstance(value, list) and (not value or any(isinstance(v, (dict, str)) for v in value))


def _walk_array(text: str, start: int, count: int):
    """Yield (item, offset, raw text) for each element of the array opening at ``start``."""
    pos = start + 1
    for _ in range(count):
        pos = _WS.match(text, pos).end()
        try:
            item, end = _DECODER.raw_decode(text, pos)
        except json.JSONDecodeError:
            return
        yield item, pos, text[pos:end]
        pos = end


def _salvage(text: str, ctx: FileContext, err: json.JSONDecodeError) -> None:
    """A truncated or broken file: keep every complete item before the break, and the rest raw."""
    m = re.match(r'\s*(\[|\{\s*"[^"]+"\s*:\s*\[)', text)
    pos = m.end() if m else 0
    good = 0
    line_at = _Lines(text)
    if m:
        while True:
            pos = _WS.match(text, pos).end()
            if pos >= len(text) or text[pos] in "]}":
                break
            try:
                item, end = _DECODER.raw_decode(text, pos)
            except json.JSONDecodeError:
                break
            _item(ctx, item, line_at(pos), text[pos:end])
            good += 1
            pos = end
    rest = text[pos:].strip()
    line = line_at(pos) if m else err.lineno
    ctx.warn(err.lineno, f"invalid JSON ({err.msg}, column {err.colno}); read {good} complete "
                         "item(s) before it" + ("; the rest is kept as an unparsed story"
                                                if rest.strip("]} \n") else ""))
    if rest.strip("]} \n"):
        ctx.add(text=rest, line=line, parsed=False, key=_raw_key(rest),
                end_line=line_at(pos) + rest.count("\n") if m else text.count("\n") + 1)


def _looks_like_story(obj: dict) -> bool:
    names = {k.lower() for k in obj}
    if isinstance(obj.get("fields"), dict):
        names |= {k.lower() for k in obj["fields"]}
    return bool(names & {"summary", "title", "description", "story", "goal", "text"})


def _text(value: Any) -> str:
    """Plain text from a string, a list of strings, or Atlassian Document Format."""
    if value is None:
        return ""
    if isinstance(value, str):
        return html_to_text(literal_breaks(value))
    if isinstance(value, list):
        return "\n".join(t for t in (_text(v) for v in value) if t)
    if isinstance(value, dict):
        if value.get("type") in _ADF_TYPES:
            return _adf(value)
        if "text" in value and isinstance(value["text"], str):
            return value["text"]
        if isinstance(value.get("fields"), dict) and value["fields"].get("summary"):
            return str(value["fields"]["summary"])  # a Jira parent/epic: its name, not its key
        if "content" in value:  # ADF-like without a type we know: its text, in order
            return "\n\n".join(t for t in (_text(c) for c in value["content"]) if t)
        for name in ("name", "value", "key", "summary", "title"):
            if isinstance(value.get(name), str):
                return value[name]
    return str(value)


_ADF_TYPES = {"doc", "paragraph", "text", "heading", "bulletList", "orderedList", "listItem",
              "codeBlock", "hardBreak", "blockquote", "panel", "rule", "mention", "emoji",
              "inlineCard", "table", "tableRow", "tableHeader", "tableCell", "expand",
              "taskList", "taskItem", "status", "date", "mediaSingle", "media"}


def _adf(node: dict) -> str:
    """Atlassian Document Format (Jira Cloud descriptions) as Markdown-like text: headings
    as "###", bold as "**", inline code in backticks, code blocks fenced, list items "- ",
    so the description reader finds its sections."""
    kind = node.get("type")
    kids = [c for c in node.get("content", []) if isinstance(c, dict)]
    if kind == "text":
        return _marked(str(node.get("text", "")), node.get("marks") or [])
    if kind == "hardBreak":
        return "\n"
    attrs = node.get("attrs") if isinstance(node.get("attrs"), dict) else {}
    if kind in ("mention", "emoji", "inlineCard", "status", "date"):
        return str(attrs.get("text") or attrs.get("shortName") or attrs.get("url") or "")
    # Children are rendered once per node: rendering them for every branch doubled the work
    # per level (2^depth: a 100-deep document never finished).
    inner_inline = "".join(_adf(c) for c in kids) if kind in ("heading", "paragraph", "codeBlock") else ""
    if kind == "heading":
        level = attrs.get("level", 3) if isinstance(attrs.get("level"), int) else 3
        return "#" * max(1, min(level, 6)) + " " + inner_inline
    if kind == "paragraph":
        return inner_inline
    if kind == "codeBlock":
        return "```\n" + inner_inline + "\n```"
    if kind in ("listItem", "taskItem"):
        return "- " + "\n  ".join(_adf(c) for c in kids)
    if kind in ("bulletList", "orderedList", "taskList", "tableRow"):
        return ("\n" if kind != "tableRow" else " | ").join(_adf(c) for c in kids)
    return "\n\n".join(t for t in (_adf(c) for c in kids) if t)


def _marked(text: str, marks: list) -> str:
    kinds = {m.get("type") for m in marks if isinstance(m, dict)}
    if "code" in kinds:
        return f"`{text}`"
    if "strong" in kinds and text.strip():
        return f"**{text}**"
    return text


def _fields(obj: dict) -> dict[str, Any]:
    """Known fields by preference order; top-level keys win over Jira's nested "fields"."""
    def lowered(d):
        return {k.lower().replace("-", "_").replace(" ", "_"): v for k, v in d.items()}

    sources = [lowered(obj)]
    if isinstance(obj.get("fields"), dict):
        sources.append(lowered(obj["fields"]))
    flat: dict[str, Any] = {}
    for field, names in KEYS.items():
        for name in names:
            hit = next((src[name] for src in sources
                        if src.get(name) not in (None, "", [], {})), None)
            if hit is not None:
                flat[field] = hit
                break
    return flat


def _parent(ctx: FileContext, flat: dict, key: str | None, title: str, line: int) -> bool:
    """An Epic (by its issue type) is a parent, not a story: reported in ctx.parents; its
    children are counted once the file is read (_count_children)."""
    kind = " ".join(_text(flat.get("type")).split())
    if kind.lower() not in EPIC_TYPES:
        return False
    ctx.parents.append(ParentItem(ctx.display, line, key, title, kind, 0))
    return True


def _count_children(ctx: FileContext) -> None:
    """A story linked to a parent by key gets the parent's title as its epic (as in CSV
    exports); each parent counts the stories whose epic it is."""
    if not ctx.parents:
        return
    titles = {p.key: p.title for p in ctx.parents if p.key and p.title}
    counts: dict[str, int] = {}
    for i, story in enumerate(ctx.stories):
        if story.epic in titles:
            story = ctx.stories[i] = replace(story, epic=titles[story.epic])
        if story.epic:
            counts[story.epic] = counts.get(story.epic, 0) + 1
    ctx.parents[:] = [replace(p, children=counts.get(p.title, 0)) for p in ctx.parents]


def has_story_content(flat: dict, title: str) -> bool:
    """Whether an item says more than a name: a description, criteria, a goal or a narrative
    in its title (an epic that only names its stories does not)."""
    return bool(flat.get("description") or flat.get("criteria") or flat.get("goal")
                or (title and parse_narrative(title).found))


def _item(ctx: FileContext, obj: Any, line: int, raw: str) -> None:
    """One story from one JSON item found at ``line``; ``raw`` is its source text (so its
    last line is line + the newlines in raw)."""
    end_line = line + raw.count("\n")
    if isinstance(obj, str):
        narrative = parse_narrative(obj)
        if not narrative.found:
            ctx.warn(line, "string item with no 'As a … I want …' narrative; kept unparsed")
        ctx.add(text=obj, line=line, title=narrative.lead[:120], role=narrative.role,
                goal=narrative.goal, benefit=narrative.benefit, parsed=narrative.found,
                end_line=end_line)
        return
    if not isinstance(obj, dict):
        ctx.warn(line, f"item is a JSON {type(obj).__name__}, not an object; kept unparsed")
        ctx.add(text=raw, line=line, parsed=False, end_line=end_line)
        return
    flat = _fields(obj)
    key = flat.get("key")
    key = str(key) if isinstance(key, (str, int)) and str(key).strip() else None
    refs = obj.get("references")
    if isinstance(refs, dict) and isinstance(refs.get("full"), str) and refs["full"].strip() \
            and not any(name in obj for name in ("key", "issue_key", "issuekey")):
        key = refs["full"].strip()  # GitLab: "group/project#41", what its users write
    title = " ".join(_text(flat.get("title")).split())  # tracker titles are plain text
    if _parent(ctx, flat, key, title, line):
        ctx.context_span(line, end_line, PARENT_ITEM)
        return
    description = _text(flat.get("description"))
    body = read_description(description)
    narrative = parse_narrative("\n".join(body.prose))
    if not narrative.found and title:
        narrative = parse_narrative(title)
    role = clean(_text(flat.get("role"))) or narrative.role
    # A structured "i_want" often keeps the "to" of the sentence it was cut from.
    goal = re.sub(r"(?i)^(?:I\s+want\s+)?to\s+", "", clean(_text(flat.get("goal")))) \
        or narrative.goal
    benefit = clean(_text(flat.get("benefit"))) or narrative.benefit
    crit_value = flat.get("criteria")
    if isinstance(crit_value, list):
        criteria = [clean(_text(c)) for c in crit_value if clean(_text(c))]
    elif crit_value:
        criteria = split_body(["Acceptance criteria:"] + _text(crit_value).split("\n")).criteria
    else:
        criteria = []
    criteria += [c for c in body.criteria if c not in criteria]
    labels_value = flat.get("labels")
    if isinstance(labels_value, str):
        labels = split_list(labels_value)
    elif isinstance(labels_value, list):
        labels = tuple(_text(v) for v in labels_value if _text(v))
    else:
        labels = ()
    epic = clean(_text(flat.get("epic"))) or body.epic
    parts = [p for p in (title, description) if p]
    if not description and flat.get("goal"):
        # Structured role/goal/benefit fields: the narrative they spell, in their own words.
        parts.append(f"As a {clean(_text(flat.get('role'))) or role}, I want "
                     f"{clean(_text(flat['goal']))}"
                     + (f", so that {clean(_text(flat.get('benefit')))}" if flat.get("benefit")
                        else ""))
    if crit_value:  # criteria held apart from the description belong in the text too
        parts.append("Acceptance criteria:\n" + "\n".join(
            f"- {c}" for c in criteria if c not in body.criteria))
    text = "\n\n".join(parts) or raw
    # A tracker item with only a summary is still a structured item (a title).
    parsed = bool(goal or title)
    if not parsed:
        ctx.warn(line, "object has no title/summary or narrative we recognise "
                       f"(keys: {', '.join(list(obj)[:8])}); kept as an unparsed story")
    ctx.add(text=text, line=line, key=key, title=title, role=role or None, goal=goal or None,
            benefit=benefit or None, acceptance_criteria=tuple(criteria),
            labels=tuple(dict.fromkeys(labels + body.labels)), epic=epic or None, parsed=parsed,
            end_line=end_line, **_tracker_fields(flat),
            source_fields=json_other_fields(obj))  # status, priority, sprint...: json_other_fields.py


def _tracker_fields(flat: dict) -> dict[str, str]:
    """Story's item_type, state and area_path: one line each, as the tracker wrote them."""
    return {attr: " ".join(_text(flat.get(field)).split())
            for attr, field in (("item_type", "type"), ("state", "state"), ("area_path", "area"))}
