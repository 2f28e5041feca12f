"""Which of a story's links each output shows, so a reviewer finds the few decisions among
many neighbours. A tester's 30 KB backlog (267 one-line stories from one school) gave 1,555
"related" links: up to 39 Relates columns in a merged.csv row (Jira would create ~1,500 issue
links between siblings) and a 1.0 MB merged.md, with 144 possible duplicates and the
conflicts lost among them.

The relation step already keeps at most ``linking.MAX_RELATED`` related links per story (the
strongest; merged.json keeps every link the run wrote). Here, per output: every *decision*
link is shown (conflict, overlap, duplicate, and a related link marked possible duplicate),
and of the plain "related" links only the ``MAX_SHOWN_RELATED`` strongest per story, with a
count of the rest. A related link says "same area, different need": it helps a reviewer find
a neighbour, and three of them do that as well as forty.
"""

from __future__ import annotations

from typing import Any

# Plain related links per story in merged.csv's Relates columns and on each story in merged.md
# and report.html: the strongest three (by score). Why three: a Jira issue view lists links
# without scrolling up to about that many, and the strongest few name the story's closest
# siblings; the rest add an issue link each and read as noise (see the module docstring).
MAX_SHOWN_RELATED = 3
# Plain related links listed one by one (with their reasons) at the end of merged.md and in
# report.html's related table: the strongest hundred. A small backlog lists all of them; the
# tester's 1,555 listed in full were most of a 1.0 MB merged.md.
MAX_LISTED_RELATED = 100
_ORDER = {"conflict": 0, "overlap": 1, "duplicate": 2, "related": 3}


def is_decision(entry: dict[str, Any]) -> bool:
    """A link a person must act on: a conflict, overlap or duplicate, or a possible duplicate."""
    return entry.get("relation") != "related" or bool(entry.get("possible_duplicate"))


def _key(entry: dict[str, Any]) -> tuple:
    return (0 if entry.get("possible_duplicate") else 1, _ORDER.get(entry.get("relation"), 9),
            -float(entry.get("score") or 0))


def shown_links(entries: list[dict[str, Any]], limit: int = MAX_SHOWN_RELATED) -> tuple[list[dict[str, Any]], int]:
    """(the entries to show: every decision link, then the ``limit`` strongest plain related
    ones, most telling first; how many plain related ones are left out). ``entries``: an
    output story's ``relates_to`` dicts (or merged.json links)."""
    decisions = sorted((e for e in entries if is_decision(e)), key=_key)
    related = _one_per_story(sorted((e for e in entries if not is_decision(e)), key=_key))
    return decisions + related[:limit], max(len(related) - limit, 0)


def _one_per_story(related: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The strongest related link to each other story: a merge whose two sources are both
    related to a story named it twice on its card (tester t23: "**110** …, **110** …")."""
    seen: set = set()
    out = []
    for e in related:
        other = e.get("story") or e.get("id")
        if other is None or other not in seen:
            seen.add(other)
            out.append(e)
    return out


def csv_related_ids(entries: list[dict[str, Any]], limit: int = MAX_SHOWN_RELATED) -> list[str]:
    """The other outputs' ids a merged.csv row links to (Relates): every conflict, overlap and
    duplicate, then at most ``limit`` "related" ones, possible duplicates first, then the
    strongest; each id once. A Relates cell becomes a Jira issue link: a story of the tester's
    school backlog had 18 possible duplicates among its siblings (reviewed in report.html,
    where all are shown), and 21 Relates columns are not a backlog anyone reads."""
    entries = sorted((e for e in entries if isinstance(e, dict) and e.get("id")), key=_key)
    hard = [e for e in entries if e.get("relation") != "related"]
    soft = [e for e in entries if e.get("relation") == "related"][:limit]
    return list(dict.fromkeys(str(e["id"]) for e in hard + soft))


def related_ends(entries: list[dict[str, Any]], run, here: str) -> list:
    """The other story of each plain related link on ``here``'s card, as link_text.End without
    file:line: id, title and the output it is in, for one compact line ("related to: **A**
    “title”, **B** “title”"). A related link's reason ("similar stories (0.52), different
    objects") and both ends' file:line made each card's neighbours 370 characters a line, 260
    KB of a tester's merged.md; the decisions keep their full lines."""
    from dataclasses import replace

    from storytransformer.write.link_text import link_parts

    ends = []
    for r in entries:
        p = link_parts(r, run, here)
        other = p.second if p.second.id == r.get("story") else p.first
        ends.append(replace(other, where=""))
    return ends
