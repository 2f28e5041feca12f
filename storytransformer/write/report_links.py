"""report.html's relation parts: conflicts side by side for a person to decide, the run's
links ("Related"), and each story's links on its card. Everything from the corpus or the
model is HTML-escaped."""

from __future__ import annotations

import html

from storytransformer.results import MergeRun, OutputStory

CSS = """
.card.conflict{border-left-color:#c92a2a} .badge.conflict{background:#c92a2a}
.links{font-size:13px;margin:6px 0 0;padding-left:20px;color:#364fc7}
.rel{font-weight:600;text-transform:uppercase;font-size:11px;letter-spacing:.04em;color:#5b6675}
"""

# A backlog of thousands of stories has thousands of "related" links: the page shows the most
# telling ones (conflicts, overlaps, then by score) and says where the rest are (merged.json).
MAX_TABLE_LINKS = 300
_ORDER = {"conflict": 0, "overlap": 1, "duplicate": 2, "related": 3}

RELATION_WORDS = {"related": "related to", "overlap": "overlaps", "conflict": "conflicts with",
                  "duplicate": "possible duplicate of (not merged)"}


def _esc(text) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def _conflict_groups(run: MergeRun) -> list:
    return [g for g in run.groups if g.kind == "kept" and g.relation == "conflict"]


def nav_sections(run: MergeRun) -> list[tuple[str, str, int]]:
    """(anchor, label, count) of this module's sections that the page has, for the navigation."""
    out = []
    if _conflict_groups(run):
        out.append(("conflicts", "Conflicts to decide", len(_conflict_groups(run))))
    if run.links:
        out.append(("related", "Related", len(run.links)))
    return out


def conflict_story_ids(run: MergeRun) -> set[str]:
    """Output ids of the stories of kept conflict groups (shown in the Conflicts section)."""
    ids = {sid for g in run.groups if g.kind == "kept" and g.relation == "conflict" for sid in g.story_ids}
    return {o.id for o in run.stories if o.decision == "unchanged" and o.sources[0] in ids}


def relates_html(o: OutputStory, run: MergeRun | None = None) -> str:
    """The story's links, one line each: both stories (id, title, file:line; the other one a
    link to its card) in the link's order, the relation between them, the reason."""
    from storytransformer.write.link_text import end_text, link_parts

    if not o.relates_to:
        return ""
    run = run or MergeRun([o], {}, [], {})
    from storytransformer.write.link_budget import shown_links

    from storytransformer.write.link_budget import is_decision, related_ends

    items = []
    shown, more = shown_links(o.relates_to)  # every decision, the strongest few related
    for r in (r for r in shown if is_decision(r)):
        p = link_parts(r, run, o.id)
        ends = [end_text(e, _card_link(r["id"]) if e.id == r["story"] else _strong, _esc) for e in (p.first, p.second)]
        reason = f" — {_esc(p.reason)}" if p.reason else ""
        items.append(f'<li>{ends[0]} <span class="rel">{_esc(p.words)}</span> {ends[1]}{reason}</li>')
    related = [r for r in shown if not is_decision(r)]
    if related:  # neighbours, not decisions: one short line, so conflicts and possible duplicates stand out
        ends = [end_text(e, _card_link(r["id"]), _esc) for r, e in zip(related, related_ends(related, run, o.id), strict=True)]
        rest = f"; and {more} more related (relates_to in merged.json)" if more else ""
        items.append(f'<li><span class="rel">related to</span> (same area, different need) {", ".join(ends)}{rest}</li>')
    return '<ul class="links">' + "".join(items) + "</ul>"


def _strong(text: str) -> str:
    return f"<b>{text}</b>"


def _card_link(output_id: str):
    return lambda text: f'<a href="#{_esc(output_id)}"><b>{text}</b></a>'


def most_telling(links: list[dict], limit: int) -> list[dict]:
    """Conflicts first, then overlaps, duplicates, related; higher score first; at most ``limit``."""
    return sorted(links, key=lambda r: (_ORDER.get(r["relation"], 9), -float(r.get("score") or 0)))[:limit]


def rejected_html(o: OutputStory) -> str:
    """The model's merge that failed verification (kept beside its extractive replacement),
    with the words no source supports marked."""
    if not o.rejected:
        return ""
    from storytransformer.write.report import _merged_body

    r = o.rejected
    if "grounding" not in r:  # rejected whole (unparseable, a story left out): the answer as written
        return (f"<details><summary>the model's answer, rejected ({_esc('; '.join(r.get('reasons', [])))})"
                f"</summary>{_answers_html(r, '(no answer text was kept: the engine returned none)')}</details>")
    draft = OutputStory(o.id, "flagged", o.sources, o.group_id, title=r.get("title", ""), role=r.get("role", ""),
                        goal=r.get("goal", ""), benefit=r.get("benefit", ""),
                        acceptance_criteria=tuple(r.get("acceptance_criteria", ())), unsupported=r.get("unsupported", []))
    reasons = "; ".join(r.get("reasons", []))
    return (f'<details><summary>the model\'s merge, rejected (grounding {float(r.get("grounding", 0)):.2f}: '
            f"{_esc(reasons)})</summary>{_merged_body(draft)}{_answers_html(r)}</details>")


def _answers_html(r: dict, empty: str = "") -> str:
    """The model's raw answers (untrusted: escaped), long ones cut with a note; ``empty``
    where there is none (a merge of identical copies asks no model)."""
    from storytransformer.rejected_answer import shown_answers

    parts = [f'<div class="label">{_esc(head)}</div><pre class="src">{_esc(text)}</pre>'
             for head, text in shown_answers(r)]
    if r.get("note"):
        parts.append(f'<div class="meta">{_esc(r["note"])}</div>')
    return "".join(parts) or (f'<div class="meta">{_esc(empty)}</div>' if empty else "")



def cites_html(o: OutputStory, i: int) -> str:
    """The stories acceptance criterion ``i`` comes from (when known), after its text."""
    if len(o.criterion_sources) != len(o.acceptance_criteria) or not o.criterion_sources[i]:
        return ""
    return ' <span class="meta">(' + ", ".join(_esc(s) for s in o.criterion_sources[i]) + ")</span>"


def _source_box(sid: str, run: MergeRun) -> str:
    s = run.originals[sid]
    return (f'<div class="src" id="{_esc(sid)}"><span class="id">{_esc(sid)} · {_esc(s.source)}:{s.line}</span>'
            f"{_esc(s.text.strip())}</div>")


def conflicts_section(run: MergeRun) -> list[str]:
    """One card per kept conflict group: the stories side by side, the reasons above them."""
    groups = _conflict_groups(run)
    if not groups:
        return []
    parts = [f'<h2 id="conflicts">Conflicts to decide ({len(groups)})</h2>',
             "<p>Same need, contradicting details. Nothing was merged: both sides are kept as written.</p>"]
    for g in groups:
        members = set(g.story_ids)
        flags = [f"{l['source']} and {l['target']}: {l.get('reason') or 'they contradict each other'}"
                 for l in run.links if l["relation"] == "conflict" and {l["source"], l["target"]} <= members]
        parts.append(
            f'<div class="card conflict"><h3><span class="badge conflict">conflict</span>'
            f"{len(g.story_ids)} stories kept as written</h3>"
            f'<div class="meta">group {_esc(g.group_id)} · decide which holds, then edit the backlog</div>'
            + ('<ul class="flags">' + "".join(f"<li>{_esc(f)}</li>" for f in flags) + "</ul>" if flags else "")
            + '<div class="cols">' + "".join(_source_box(sid, run) for sid in g.story_ids) + "</div></div>"
        )
    return parts


def _link_rows(links: list[dict]) -> str:
    return "".join(
        f'<tr><td><a href="#{_esc(l["source_output"])}">{_esc(l["source"])}</a></td><td>{_esc(l["relation"])}{" (possible duplicate)" if l.get("possible_duplicate") else ""}</td>'
        f'<td><a href="#{_esc(l["target_output"])}">{_esc(l["target"])}</a></td><td>{float(l.get("score") or 0):.2f}</td>'
        f'<td>{_esc(l.get("reason"))}</td></tr>'
        for l in links)


_HEAD = "<tr><th>story</th><th>relation</th><th>story</th><th>score</th><th>reason</th></tr>"


def related_section(run: MergeRun) -> list[str]:
    """The run's links (merged.json's "links"): conflicts, overlaps and duplicates in a table
    (possible duplicates have their own section), plain related links (same area, different
    need: a tester's 30 KB backlog had 1,555) in a collapsed table, the strongest first."""
    from storytransformer.write.link_budget import MAX_LISTED_RELATED, is_decision

    if not run.links:
        return []
    decisions = most_telling([l for l in run.links if is_decision(l) and not l.get("possible_duplicate")],
                             MAX_TABLE_LINKS)
    related = [l for l in run.links if not is_decision(l)]
    parts = [f'<h2 id="related">Related ({len(run.links)})</h2>',
             "<p>Stories linked but not merged: conflicting, overlapping, or related (same area, different need). "
             "Possible duplicates are in their own section above; every link is in merged.json.</p>"]
    if decisions:
        parts.append(f"<table>{_HEAD}{_link_rows(decisions)}</table>")
    if related:
        shown = most_telling(related, MAX_LISTED_RELATED)
        note = f", the {len(shown)} strongest shown" if len(shown) < len(related) else ""
        parts.append(f"<details><summary>{len(related)} related links (same area, different need{note})</summary>"
                     f"<table>{_HEAD}{_link_rows(shown)}</table></details>")
    return parts
