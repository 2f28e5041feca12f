"""Which rows of a tracker export are parents (Epic, Feature) and which epic each story gets.

Two shapes say it:

- a tree: Azure DevOps "tree of work items" queries put each row's title in ``Title 1``,
  ``Title 2``, ... by level, so a row's parent is the nearest row above it at a lower level;
- links: Jira's ``Parent`` / ``Epic Link`` (an issue id or key) and ``Parent summary``;
  Azure's flat ``Parent`` (a work item id).

A row is a parent when its type says so (Epic, Initiative, ...; a Feature when rows hang under
it, since Pivotal Tracker's stories are typed "feature"), or, in an export without a type
column, when other rows hang under it and it carries no story of its own (no narrative, no
description, no acceptance criteria). A story's epic is its nearest parent's
title; a link to a row that is not in the file falls back to the ``Parent summary`` cell, then
to the raw id. A file whose rows are all parents (a list of epics) is read as stories.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Types that are parents by name (Jira and Azure DevOps Epics and what sits above them).
EPIC_TYPES = {"epic", "initiative", "theme", "capability", "portfolio epic", "business epic",
              "program epic", "épica", "epica", "épico", "épopée", "initiatief"}
# "Feature" is a parent in Azure DevOps (Epic > Feature > User Story) but the story type of
# Pivotal Tracker (feature/bug/chore): a Feature row is a parent only when rows hang under it.
FEATURE_TYPES = {"feature", "característica", "caracteristica", "fonctionnalité", "funktion",
                 "funzionalità"}
PARENT_TYPES = EPIC_TYPES | FEATURE_TYPES


@dataclass
class Row:
    """What the planner needs to know about one data row."""

    title: str
    type: str = ""  # the work item / issue type cell, as written
    ids: tuple[str, ...] = ()  # every id this row is known by (key, issue id, work item id)
    level: int | None = None  # tree depth (Title N); None: not a tree export
    link: str = ""  # the parent / epic link cell (an id, a key, or a name)
    link_name: str = ""  # the parent's name when the export carries it (Parent summary)
    has_story: bool = False  # a description, narrative or criteria of its own


@dataclass
class Plan:
    parent: list[bool] = field(default_factory=list)  # per row: a parent, not a story
    epic: list[str | None] = field(default_factory=list)  # per row: its epic (stories)
    children: list[int] = field(default_factory=list)  # per row: stories it gave an epic to


def plan(rows: list[Row]) -> Plan:
    """Decide parents and epics for the rows of one file (order = file order)."""
    tree_parent = _tree_parents(rows)
    by_id = {i_d: i for i, row in enumerate(rows) for i_d in row.ids if i_d}
    link_parent = [by_id.get(row.link.strip()) if row.link.strip() else None for row in rows]
    has_children = [False] * len(rows)
    for p in tree_parent + link_parent:
        if p is not None:
            has_children[p] = True
    parent = [_is_parent(row, has_children[i]) for i, row in enumerate(rows)]
    if rows and all(parent):
        parent = [False] * len(rows)  # only epics in the file: they are the backlog
    out = Plan(parent=parent, epic=[None] * len(rows), children=[0] * len(rows))
    # A Parent summary on one row names that parent for every row linking to it.
    names = {row.link.strip(): row.link_name.strip() for row in rows
             if row.link.strip() and row.link_name.strip()}
    for i, row in enumerate(rows):
        if parent[i]:
            continue
        chain = _parent_chain(i, tree_parent, link_parent, parent)
        for up in chain:  # an Epic counts the stories under its Features too
            out.children[up] += 1
        if chain:
            out.epic[i] = rows[chain[0]].title or None
        elif tree_parent[i] is not None or link_parent[i] is not None:
            pass  # under another story (a task, a sub-task): that story's epic, set below
        else:
            link = row.link.strip()
            out.epic[i] = row.link_name.strip() or names.get(link) or link or None
    ups = [t if t is not None else link for t, link in zip(tree_parent, link_parent, strict=True)]
    for _ in range(2):  # a sub-task takes its story's epic (or, lacking one, its title)
        for i, up in enumerate(ups):
            if up is not None and not parent[i] and not parent[up] and out.epic[i] is None:
                out.epic[i] = out.epic[up] or rows[up].title or None
    return out


def _is_parent(row: Row, has_children: bool) -> bool:
    kind = " ".join(row.type.lower().split())
    if kind:
        return kind in EPIC_TYPES or (kind in FEATURE_TYPES and has_children)
    return has_children and not row.has_story


def _tree_parents(rows: list[Row]) -> list[int | None]:
    """Per row, the index of the nearest row above it at a lower level (tree exports)."""
    stack: list[tuple[int, int]] = []  # (level, index)
    out: list[int | None] = []
    for i, row in enumerate(rows):
        if row.level is None:
            out.append(None)
            continue
        while stack and stack[-1][0] >= row.level:
            stack.pop()
        out.append(stack[-1][1] if stack else None)
        stack.append((row.level, i))
    return out


def _parent_chain(i: int, tree_parent, link_parent, parent) -> list[int]:
    """The parent rows above row ``i``, nearest first (walking up the tree or the links)."""
    seen = {i}
    chain = []
    node: int | None = i
    while node is not None:
        up = tree_parent[node] if tree_parent[node] is not None else link_parent[node]
        if up is None or up in seen:
            break
        seen.add(up)
        if parent[up]:
            chain.append(up)
        node = up
    return chain
