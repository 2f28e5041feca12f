"""merged.md: the backlog a person reads or pastes into a wiki."""

from __future__ import annotations

from storytransformer.results import MergeRun, OutputStory


def _story_md(o: OutputStory, run: MergeRun) -> list[str]:
    title = o.title or (o.text.strip().splitlines()[0][:80] if o.text.strip() else o.id)
    lines = [f"## {o.id}: {title}", ""]
    status = o.decision + (" — needs review" if o.needs_review else "")
    lines.append(f"*{status}* · sources: {', '.join(o.sources)}"
                 + (f" · grounding {o.grounding:.2f}" if o.decision != "unchanged" else ""))
    lines.append("")
    if o.decision == "unchanged":
        lines.extend(o.text.strip().splitlines())
    else:
        lines.append(o.text)
        if o.acceptance_criteria:
            cites = o.criterion_sources if len(o.criterion_sources) == len(o.acceptance_criteria) else []
            lines += ["", "Acceptance criteria:"] + [f"- {c}" + (f" *({', '.join(cites[i])})*" if cites else "")
                                                     for i, c in enumerate(o.acceptance_criteria)]
    for flag in o.flags:
        lines += ["", f"> ⚠ {flag}"]
    lines += relates_md(o)
    if o.decision == "flagged":
        lines += ["", "Originals kept for review:"]
        for sid in o.sources:
            src = run.originals[sid]
            lines.append(f"- **{sid}** ({src.source}:{src.line}): " + " ".join(src.text.split()))
    lines.append("")
    return lines


def relates_md(o: OutputStory) -> list[str]:
    """The story's links: "- overlaps **X**: reason"."""
    from storytransformer.write.report_links import RELATION_WORDS

    if not o.relates_to:
        return []
    lines = ["", "Linked, not merged:"]
    for r in o.relates_to:
        other = r["story"] if r["story"] == r["id"] else f"{r['story']} (in {r['id']})"
        lines.append(f"- {RELATION_WORDS.get(r['relation'], r['relation'])} **{other}**"
                     + (f": {r['reason']}" if r.get("reason") else ""))
    return lines


def merged_markdown(run: MergeRun) -> str:
    c = run.metadata["counts"]
    lines = [
        "# Merged backlog",
        "",
        f"{c['stories_in']} stories in, {c['stories_out']} out: {c['merged']} merged, "
        f"{c['flagged']} flagged for review, {c['unchanged']} unchanged.",
        "",
    ]
    for o in run.stories:
        lines += _story_md(o, run)
    if run.links:
        lines += [f"## Links ({len(run.links)})", ""]
        lines += [f"- {l['source']} {l['relation']} {l['target']}" + (f": {l['reason']}" if l.get("reason") else "")
                  for l in run.links]
    return "\n".join(lines).rstrip() + "\n"
