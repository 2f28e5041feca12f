"""merged.md: the backlog a person reads or pastes into a wiki.

Story text is data, not markup: raw HTML in a story (`<script>`, `<img onerror=…>`, an
`&lt;script&gt;` that ingest decoded) is escaped (&lt; &gt; &amp;), so a Markdown viewer shows
the characters and runs nothing."""

from __future__ import annotations

import re

from storytransformer.results import MergeRun, OutputStory


def md_text(text) -> str:
    """Story or model text for Markdown: HTML characters escaped, shown literally; a Gherkin
    placeholder ("<n>") as a code span, so it reads as written (write/md_literal.py)."""
    from storytransformer.write.md_literal import md_inline

    return md_inline(text)


_BLOCK_START = re.compile(r"^(\s{0,3})(#{1,6}(?=\s|$)|=+\s*$|-{3,}\s*$)")


def _literal_line(line: str) -> str:
    """A line of a story's own text that Markdown would read as a heading or a rule ("## Reset
    PIN" from the source file, a "===" underline) shown as written instead: a heading there
    would end the story's card and start a section of its own."""
    return _BLOCK_START.sub(lambda m: m.group(1) + "\\" + m.group(2), line)


def _story_md(o: OutputStory, run: MergeRun) -> list[str]:
    from storytransformer.write.md_code import md_line, md_story_lines

    title = o.title or (o.text.strip().splitlines()[0][:80] if o.text.strip() else o.id)
    lines = [f"## {md_text(o.id)}: {md_text(title)}", ""]
    status = o.decision + (" — needs review" if o.needs_review else "")
    lines.append(f"*{status}* · sources: {md_text(', '.join(o.sources))}"
                 + (f" · grounding {o.grounding:.2f}" if o.decision != "unchanged" else ""))
    from storytransformer.write.group_why import group_reason

    why = group_reason(o, run) if len(o.sources) > 1 else ""
    if why:  # why these stories are one group (t26 finding 3)
        lines.append(f"*grouped because* {md_text(why)}")
    lines.append("")
    if o.decision == "unchanged" and _is_gherkin(o, run):
        from storytransformer.write.md_literal import fenced

        lines.extend(fenced(o.text))  # a scenario as written: layout and "<n>" kept
    elif o.decision == "unchanged":
        lines.extend(md_story_lines(o.text.strip(), lambda ln: _literal_line(md_line(ln))))
    else:
        lines.append("\n".join(md_story_lines(o.text)))
        if o.acceptance_criteria:
            cites = o.criterion_sources if len(o.criterion_sources) == len(o.acceptance_criteria) else []
            lines += ["", "Acceptance criteria:"] + [f"- {md_line(c)}" + (f" *({md_text(', '.join(cites[i]))})*" if cites else "")
                                                     for i, c in enumerate(o.acceptance_criteria)]
    for flag in o.flags:
        lines += ["", f"> ⚠ {md_text(flag)}"]
    lines += _fields_md(o, run)
    lines += rejected_md(o)
    lines += relates_md(o, run)
    if o.decision == "flagged":
        lines += ["", "Originals kept for review:"]
        for sid in o.sources:
            src = run.originals[sid]
            lines.append(f"- **{md_text(sid)}** ({md_text(src.source)}:{src.line}): " + md_text(" ".join(src.text.split())))
    lines.append("")
    return lines


def _fields_md(o: OutputStory, run: MergeRun) -> list[str]:
    """The tracker columns the sources disagree on ("Sprint: CLM Sprint 14 (CLM-101), CLM
    Sprint 15 (CLM-102)"): merged.csv leaves them empty, a person picks (source_fields.py)."""
    from storytransformer.write.source_fields import carried

    if len(o.sources) < 2:
        return []
    differ = carried(o, run.originals).differ
    return ["", "Sources differ in tracker fields (left empty in merged.csv):"] + [
        f"- {md_text(name)}: {md_text(said)}" for name, said in differ.items()] if differ else []


def _is_gherkin(o: OutputStory, run: MergeRun) -> bool:
    src = run.originals.get(o.sources[0]) if len(o.sources) == 1 else None
    return src is not None and src.format == "gherkin"


def rejected_md(o: OutputStory) -> list[str]:
    """The model's rejected answer, as written, in a code block (nothing in it is read as
    Markdown or HTML), with why it was rejected and where the rest is when it was cut."""
    from storytransformer.rejected_answer import shown_answers

    answers = shown_answers(o.rejected)
    if not answers:
        return []
    lines = ["", f"Rejected ({md_text('; '.join(o.rejected.get('reasons', [])))}):"]
    for head, text in answers:
        fence = "`" * max(3, 1 + max((len(m) for m in re.findall(r"`+", text)), default=0))
        lines += ["", f"{md_text(head)}:", "", fence + "text", text, fence]
    if o.rejected.get("note"):
        lines += ["", f"*{md_text(o.rejected['note'])}*"]
    return lines


def link_md(entry: dict, run: MergeRun, here: str | None = None) -> str:
    """'**A** “title” (file:line) conflicts with **B** “title” (file:line, in M-3): reason',
    both ends in the link's order (its reason's order); on the card of ``here``, its own end
    is only '**A** (file:line)'."""
    from storytransformer.write.link_text import end_text, link_parts

    p = link_parts(entry, run, here)
    def bold(s):
        return f"**{s}**"
    return (f"{end_text(p.first, bold, md_text)} {p.words} {end_text(p.second, bold, md_text)}"
            + (f": {md_text(p.reason)}" if p.reason else ""))


def relates_md(o: OutputStory, run: MergeRun) -> list[str]:
    """The story's links, each with both ends: "- **A** … overlaps **B** …: reason"."""
    from storytransformer.write.link_budget import is_decision, related_ends, shown_links
    from storytransformer.write.link_text import end_text

    if not o.relates_to:
        return []
    lines = ["", "Linked, not merged:"]
    shown, more = shown_links(o.relates_to)  # every decision, the strongest few related
    lines += ["- " + link_md(r, run, o.id) for r in shown if is_decision(r)]
    ends = related_ends([r for r in shown if not is_decision(r)], run, o.id)
    if ends:  # neighbours, not decisions: one short line
        lines.append("- related to (same area, different need): "
                     + ", ".join(end_text(e, lambda t: f"**{t}**", md_text) for e in ends)
                     + (f"; and {more} more related (relates_to in merged.json)" if more else ""))
    return lines


def merged_markdown(run: MergeRun) -> str:
    from storytransformer.write.headline import headline

    lines = ["# Merged backlog", "", headline(run), ""]
    for o in run.stories:
        lines += _story_md(o, run)
    from storytransformer.write.possible_duplicates import HEADING, possible_links

    marked = possible_links(run.links)  # a short list to review before the long one of every link
    if marked:
        lines += [f"## {HEADING} ({len(marked)})", ""] + ["- " + link_md(l, run) for l in marked] + [""]
    lines += _links_md(run)
    return "\n".join(lines).rstrip() + "\n"


def _links_md(run: MergeRun) -> list[str]:
    """The run's links at the end: conflicts, overlaps and duplicates one by one, then the
    ``MAX_LISTED_RELATED`` strongest plain related links and the count of the rest (a tester's
    1,555 listed in full made merged.md 1.0 MB): all are in merged.json."""
    from storytransformer.write.link_budget import MAX_LISTED_RELATED, is_decision

    if not run.links:
        return []
    decisions = [l for l in run.links if is_decision(l) and not l.get("possible_duplicate")]
    related = [l for l in run.links if not is_decision(l)]
    listed = sorted(related, key=lambda l: -float(l.get("score") or 0))[:MAX_LISTED_RELATED]
    lines = [f"## Links ({len(run.links)})", ""]
    lines += ["- " + link_md(l, run) for l in decisions + listed]
    if len(related) > len(listed):
        lines += ["", f"and {len(related) - len(listed)} more related links (same area, different need), weaker "
                      "than those above: each story above names its strongest few; all are in merged.json "
                      "(\"links\")."]
    return lines
