"""merged.md: the backlog a person reads or pastes into a wiki.

Story text is data, not markup: raw HTML in a story (`<script>`, `<img onerror=…>`, an
`&lt;script&gt;` that ingest decoded) is escaped (&lt; &gt; &amp;), so a Markdown viewer shows
the characters and runs nothing."""

from __future__ import annotations

import html

from storytransformer.results import MergeRun, OutputStory


def md_text(text) -> str:
    """Story or model text for Markdown: HTML characters escaped, shown literally."""
    return html.escape("" if text is None else str(text), quote=False)


def _story_md(o: OutputStory, run: MergeRun) -> list[str]:
    title = o.title or (o.text.strip().splitlines()[0][:80] if o.text.strip() else o.id)
    lines = [f"## {md_text(o.id)}: {md_text(title)}", ""]
    status = o.decision + (" — needs review" if o.needs_review else "")
    lines.append(f"*{status}* · sources: {md_text(', '.join(o.sources))}"
                 + (f" · grounding {o.grounding:.2f}" if o.decision != "unchanged" else ""))
    lines.append("")
    if o.decision == "unchanged":
        lines.extend(md_text(ln) for ln in o.text.strip().splitlines())
    else:
        lines.append(md_text(o.text))
        if o.acceptance_criteria:
            cites = o.criterion_sources if len(o.criterion_sources) == len(o.acceptance_criteria) else []
            lines += ["", "Acceptance criteria:"] + [f"- {md_text(c)}" + (f" *({md_text(', '.join(cites[i]))})*" if cites else "")
                                                     for i, c in enumerate(o.acceptance_criteria)]
    for flag in o.flags:
        lines += ["", f"> ⚠ {md_text(flag)}"]
    lines += relates_md(o)
    if o.decision == "flagged":
        lines += ["", "Originals kept for review:"]
        for sid in o.sources:
            src = run.originals[sid]
            lines.append(f"- **{md_text(sid)}** ({md_text(src.source)}:{src.line}): " + md_text(" ".join(src.text.split())))
    lines.append("")
    return lines


def relates_md(o: OutputStory) -> list[str]:
    """The story's links: "- overlaps **X**: reason"."""
    from storytransformer.write.report_links import MAX_CARD_LINKS, RELATION_WORDS, most_telling

    if not o.relates_to:
        return []
    lines = ["", "Linked, not merged:"]
    for r in most_telling(o.relates_to, MAX_CARD_LINKS):
        other = r["story"] if r["story"] == r["id"] else f"{r['story']} (in {r['id']})"
        lines.append(f"- {RELATION_WORDS.get(r['relation'], r['relation'])} **{md_text(other)}**"
                     + (f": {md_text(r['reason'])}" if r.get("reason") else ""))
    if len(o.relates_to) > MAX_CARD_LINKS:
        lines.append(f"- and {len(o.relates_to) - MAX_CARD_LINKS} more (see Links at the end)")
    return lines


def merged_markdown(run: MergeRun) -> str:
    from storytransformer.write.headline import headline

    lines = ["# Merged backlog", "", headline(run), ""]
    for o in run.stories:
        lines += _story_md(o, run)
    if run.links:
        lines += [f"## Links ({len(run.links)})", ""]
        lines += [f"- {md_text(l['source'])} {l['relation']} {md_text(l['target'])}"
                  + (f": {md_text(l['reason'])}" if l.get("reason") else "")
                  for l in run.links]
    return "\n".join(lines).rstrip() + "\n"
