"""Stories nested inside a JSON item: an epic that holds its stories
({"name": "Checkout", "stories": [{...}, {...}]}), a board with {"epics": [...]}, a story
with its sub-tasks. The item reader takes an item's own fields only, so nested stories were
lost without a word (an epic with "children" became one story titled "Checkout").

    walk(ctx, item, offset, raw, text, line_at, read_item)

reads ``item`` and every story nested in it, depth first, in file order:
- an item with story content of its own (a description, criteria, a narrative) is a story,
  and its nested stories take its epic (a sub-task takes its story's epic, as in CSV exports);
- an item without (an epic: a name and its stories) is a parent (Corpus.parents) and gives
  its title as the epic of the stories under it.
Nested items are located in the text (their line numbers are their own) by decoding from the
"{" before their first string; depth is bounded.
"""

from __future__ import annotations

import json
from typing import Any, Callable

from storytransformer.stories import ParentItem

CHILD_KEYS = ("stories", "userstories", "user_stories", "children", "issues", "items",
              "subtasks", "sub_tasks", "tasks", "features", "epics")
_MAX_DEPTH = 12  # epic > feature > story > sub-task is 4; deeper is said, not followed
_DECODER = json.JSONDecoder()


def nested_stories(obj: Any) -> tuple[str, list] | None:
    """(key, list) of the stories nested in ``obj``, or None: a list of objects under one of
    CHILD_KEYS, at least one of which names a story (title/summary/name/description...)."""
    if not isinstance(obj, dict):
        return None
    for name, value in obj.items():
        if name.lower() in CHILD_KEYS and isinstance(value, list) and value and \
                all(isinstance(c, dict) for c in value) and any(_named(c) for c in value):
            return name, value
    return None


def _named(obj: dict) -> bool:
    keys = {k.lower() for k in obj}
    return bool(keys & {"summary", "title", "name", "description", "story", "text", "desc"}) or \
        nested_stories(obj) is not None


def walk(ctx, item: Any, offset: int, raw: str, text: str, line_at: Callable[[int], int],
         read_item: Callable, depth: int = 0) -> None:
    """Read ``item`` (found at ``offset`` of ``text``) and the stories nested in it."""
    found = nested_stories(item)
    if found is None:
        read_item(ctx, item, line_at(offset), raw)
        return
    if depth >= _MAX_DEPTH:  # kept whole, as its JSON text, so nothing under it is lost
        line = line_at(offset)
        ctx.warn(line, f"stories nested more than {_MAX_DEPTH} levels deep under "
                       f"'{found[0]}'; this item is kept whole as an unparsed story")
        ctx.add(text=raw, line=line, parsed=False, end_line=line + raw.count("\n"))
        return
    key_name, children = found
    own = {k: v for k, v in item.items() if k != key_name}
    from storytransformer.ingest.json_docs import PARENT_ITEM, _fields, _text, has_story_content

    flat = _fields(own)
    title = " ".join(_text(flat.get("title")).split())
    if has_story_content(flat, title):
        read_item(ctx, own, line_at(offset), raw)
        inherited = " ".join(_text(flat.get("epic")).split()) or None
    else:
        key = flat.get("key")
        key = str(key) if isinstance(key, (str, int)) and str(key).strip() else None
        kind = " ".join(_text(flat.get("type")).split()) or "parent"
        first = line_at(offset)
        ctx.parents.append(ParentItem(ctx.display, first, key, title, kind, 0))
        ctx.context_span(first, first + raw.count("\n"), PARENT_ITEM)  # its stories are in it
        inherited = title or None
    cursor = offset + 1
    for child in children:
        at, child_raw, cursor = _locate(child, text, cursor)
        if inherited and not _fields(child).get("epic"):
            child = {**child, "epic": inherited}
        walk(ctx, child, at, child_raw, text, line_at, read_item, depth + 1)


def _locate(child: dict, text: str, cursor: int) -> tuple[int, str, int]:
    """(offset, raw text, new cursor) of a nested object: decoded from the "{" before its
    first string after ``cursor``; the cursor stays put when it cannot be placed."""
    needle = _first_string(child)
    pos = text.find(json.dumps(needle, ensure_ascii=False)[1:-1], cursor) if needle else -1
    if pos < 0:
        return cursor, json.dumps(child, ensure_ascii=False), cursor
    brace = text.rfind("{", cursor, pos)
    while brace >= cursor:
        try:
            value, end = _DECODER.raw_decode(text, brace)
        except json.JSONDecodeError:
            value, end = None, brace
        if value == child:
            return brace, text[brace:end], end
        brace = text.rfind("{", cursor, brace)
    return pos, json.dumps(child, ensure_ascii=False), pos + 1


def _first_string(value: Any) -> str | None:
    if isinstance(value, str):
        return value or None
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
    for v in items:
        found = _first_string(v)
        if found:
            return found
    return None
