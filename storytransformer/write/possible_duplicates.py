"""Possible duplicates: pairs that look like one need on similarity or meaning but that a soft
rule kept apart (the sameness gate, complete linkage; relate/decide.SOFT_KINDS and
assemble.NEED_MEANING_POSSIBLE add more, off by default: measured mostly siblings). They are never merged; every output surfaces them for a person to review:
report.html's own section (both stories side by side), merged.md's link lines, the headline,
and ``merge --dry-run``. Entries are merged.json links (dicts with "possible_duplicate")."""

from __future__ import annotations

import html

HEADING = "Possible duplicates — not merged, please review"
MAX_SHOWN = 200  # pairs drawn on report.html (all are in merged.json, "possible_duplicate": true)
CSS = """
.card.possible{border-left-color:#e67700} .badge.possible{background:#e67700}
"""


def possible_links(links) -> list[dict]:
    """The links marked possible duplicates, most similar first (ties: by ids, stable)."""
    marked = [l for l in links if l.get("possible_duplicate")]
    return sorted(marked, key=lambda l: (-float(l.get("score") or 0), l.get("source", ""), l.get("target", "")))


def count(links) -> int:
    return sum(1 for l in links if l.get("possible_duplicate"))


def _esc(text) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def _box(sid: str, output: str, run) -> str:
    s = run.originals.get(sid)
    where = f" · {_esc(s.source)}:{s.line}" if s is not None else ""
    place = f' · in <a href="#{_esc(output)}">{_esc(output)}</a>' if output and output != sid else ""
    text = _esc(s.text.strip()) if s is not None else "(not among this run's stories)"
    return f'<div class="src"><span class="id">{_esc(sid)}{where}{place}</span>{text}</div>'


def nav(run) -> list[tuple[str, str, int]]:
    n = count(run.links)
    return [("possible-duplicates", "Possible duplicates", n)] if n else []


def section(run) -> list[str]:
    """report.html's section: one card per marked pair, most similar first, the two stories
    side by side (id, file:line, the output each is in, the text) under the reason."""
    marked = possible_links(run.links)
    if not marked:
        return []
    shown = marked[:MAX_SHOWN]
    note = (f" The {len(shown)} most similar are shown; all {len(marked)} are in merged.json "
            '(links with "possible_duplicate": true).') if len(shown) < len(marked) else ""
    parts = [f'<h2 id="possible-duplicates">{_esc(HEADING)} ({len(marked)})</h2>',
             "<p>These pairs look like one need, but a check found something that may tell them apart, so "
             f"both were kept as written. Merge them by hand if they are the same story.{note}</p>"]
    for l in shown:
        parts.append(
            f'<div class="card possible"><h3><span class="badge possible">possible duplicate</span>'
            f'{_esc(l["source"])} and {_esc(l["target"])} · similarity {float(l.get("score") or 0):.2f}</h3>'
            f'<div class="meta">{_esc(l.get("reason"))}</div>'
            f'<div class="cols">{_box(l["source"], l.get("source_output", ""), run)}'
            f'{_box(l["target"], l.get("target_output", ""), run)}</div></div>')
    return parts


def headline_part(links) -> str:
    """"; 3 possible duplicates to review (not merged)" for the headline, "" when none."""
    n = count(links)
    if not n:
        return ""
    return f"; {n} possible duplicate{'' if n == 1 else 's'} to review (not merged)"


def plan_lines(links, top: int = 5, titles: dict[str, str] | None = None) -> list[str]:
    """merge --dry-run's lines: the count and the ``top`` most similar pairs with their reasons
    (``links``: the plan's link dicts; ``titles``: story id -> a short title to show beside it)."""
    titles = titles or {}

    def named(sid: str) -> str:
        title = " ".join(str(titles.get(sid) or "").split())
        return f"{sid} “{title[:60]}”" if title else sid

    marked = possible_links(links)
    if not marked:
        return []
    lines = [f"possible duplicates, not merged ({len(marked)}): please review (--json: links with "
             '"possible_duplicate": true; report.html after a merge)']
    for l in marked[:top]:
        lines.append(f"  {named(l['source'])} ~ {named(l['target'])} ({float(l.get('score') or 0):.2f}): "
                     f"{l.get('reason', '')}")
    if len(marked) > top:
        lines.append(f"  and {len(marked) - top} more")
    return lines
