"""report.html: one self-contained page a person reviews the merge with.

Stories that need a human come first; each merged story sits beside its sources with the
words no source supports marked. Everything from the corpus or the model is HTML-escaped."""

from __future__ import annotations

import html
from collections import defaultdict
from typing import Sequence

from storytransformer.extractive_text import added_part
from storytransformer.results import MergeRun, OutputStory
from storytransformer.write import possible_duplicates, report_links, report_spans
from storytransformer.write.group_why import group_reason
from storytransformer.write.headline import classify, headline, outcome_counts

CSS = """
body{font:15px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1d2430;background:#f4f5f7}
header{background:#1d2430;color:#fff;padding:18px 28px}
header h1{margin:0 0 4px;font-size:22px} header p{margin:0;color:#c5ccd6}
main{max-width:1180px;margin:0 auto;padding:18px 28px 60px}
.stats{display:flex;flex-wrap:wrap;gap:10px;margin:14px 0 8px}
.stat{background:#fff;border-radius:8px;padding:10px 14px;min-width:110px;box-shadow:0 1px 2px #0002}
.stat b{display:block;font-size:20px} .stat span{color:#5b6675;font-size:12px;text-transform:uppercase;letter-spacing:.04em}
h2{margin:28px 0 10px;font-size:18px;border-bottom:2px solid #d9dde3;padding-bottom:4px}
.card{background:#fff;border-radius:8px;box-shadow:0 1px 2px #0002;margin:12px 0;padding:14px 16px;border-left:5px solid #2f9e44}
.card.flagged{border-left-color:#e8590c} .card.review{border-left-color:#f59f00} .card.unchanged{border-left-color:#adb5bd}
.row{display:grid;grid-template-columns:1fr 1fr;gap:18px}
.cols{display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:0 12px}
.card h3{margin:0 0 6px;font-size:16px} .meta{color:#5b6675;font-size:12.5px;margin-bottom:8px}
.badge{display:inline-block;border-radius:10px;padding:1px 8px;font-size:11.5px;font-weight:600;margin-right:6px;color:#fff;background:#2f9e44}
.badge.flagged{background:#e8590c} .badge.unchanged{background:#868e96} .badge.review{background:#f59f00}
.flags{background:#fff4e6;border-radius:6px;padding:6px 10px 6px 26px;margin:8px 0;font-size:13.5px}
.src{background:#f8f9fa;border-radius:6px;padding:8px 10px;margin:0 0 8px;font-size:13.5px;white-space:pre-wrap}
.src .id{font-weight:600;display:block;white-space:normal;color:#364fc7}
.label{color:#5b6675;font-size:12px;text-transform:uppercase;letter-spacing:.04em;margin:8px 0 2px}
mark{background:#ffd8a8;padding:0 1px;border-radius:2px}
ul.ac{margin:2px 0;padding-left:20px}
table{border-collapse:collapse;background:#fff;font-size:13px;width:100%} td,th{border:1px solid #dee2e6;padding:4px 8px;text-align:left;vertical-align:top}
details{margin:8px 0} summary{cursor:pointer;color:#364fc7}
.headline{font-size:16px;margin:14px 0 4px} nav.toc{margin:4px 0 8px} nav.toc a{color:#364fc7}
"""


def esc(text) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def _marked(text: str, spans: list[dict]) -> str:
    """``text`` with the given character spans wrapped in <mark>, everything escaped; the
    verifier's reasons beside their source sentences (write/report_spans.py)."""
    return report_spans.marked(text, spans)


def _merged_body(o: OutputStory, sources: Sequence[str] = ()) -> str:
    """The merged story's fields under their narrative words; ``sources``: the input stories'
    texts, which decide "I want to" or "I want" as they wrote it (narrative_text.takes_to)."""
    from storytransformer.narrative_text import indefinite_article, takes_to

    spans = defaultdict(list)
    for s in o.unsupported:
        spans[s["field"]].append(s)
    parts = []
    want = "I want to" if o.goal and not o.goal.lower().startswith("to ") and takes_to(o.goal, sources) else "I want"
    for name, label in (("role", f"As {indefinite_article(o.role)}"), ("goal", want), ("benefit", "so that")):
        value = getattr(o, name)
        if value:
            parts.append(f'<div><span class="label">{label}</span> {_marked(value, spans[name])}</div>')
    if o.goal and added_part(o.text, o.sources):  # the other stories' sentences an extractive merge keeps
        parts.append(f'<div class="src">{esc(added_part(o.text, o.sources))}</div>')
    if o.acceptance_criteria:
        items = "".join(
            f"<li>{_marked(c, spans[f'acceptance_criteria[{i}]'])}{report_links.cites_html(o, i)}</li>"
            for i, c in enumerate(o.acceptance_criteria)
        )
        parts.append(f'<div class="label">Acceptance criteria</div><ul class="ac">{items}</ul>')
    if not o.goal and o.text:  # an extractive merge on an unstructured story: its text as written
        parts.insert(0, f'<div class="src">{_marked(o.text, spans["text"])}</div>')

    return "".join(parts) or "<em>(no content)</em>"


def _sources(o: OutputStory, run: MergeRun) -> str:
    out = []
    # What the (possibly rejected) merge lost from each source, marked in the source's text.
    lost = [*o.unsupported, *((o.rejected or {}).get("unsupported") or [])]
    for sid in o.sources:
        s = run.originals[sid]
        body = report_spans.source_text(sid, s.text.strip(), lost)
        out.append(f'<div class="src"><span class="id">{esc(sid)} · {esc(s.source)}:{s.line}</span>{body}</div>')
    return "".join(out)


def _card(o: OutputStory, run: MergeRun) -> str:
    kind = o.decision if o.decision != "merged" or not o.flags else "review"
    if o.decision == "unchanged" and o.flags:
        kind = "review"
    badge = f'<span class="badge {esc(o.decision)}">{esc(o.decision)}</span>'
    if o.needs_review and o.decision != "flagged":
        badge += '<span class="badge review">review</span>'
    title = _marked(o.title, [s for s in o.unsupported if s["field"] == "title"]) if o.title else esc(o.id)
    meta = f"{esc(o.id)} · {len(o.sources)} source{'s' if len(o.sources) != 1 else ''}"
    if o.decision != "unchanged":
        meta += f" · grounding {o.grounding:.2f}"
    why = group_reason(o, run) if len(o.sources) > 1 else ""
    if why:  # why these stories are one group (t26 finding 3)
        meta += f'</div><div class="meta">grouped because {esc(why)}'
    flags = ""
    if o.flags:
        flags = '<ul class="flags">' + "".join(f"<li>{esc(f)}</li>" for f in o.flags) + "</ul>"
    flags += report_links.relates_html(o, run)
    from storytransformer.write.source_fields import differ_html

    flags += differ_html(o, run.originals)  # "Sprint: Sprint 1 (CLM-101), Sprint 2 (CLM-102)"
    if o.decision == "unchanged":
        body = f"{_sources(o, run)}"
        return f'<div class="card {kind}" id="{esc(o.id)}"><h3>{badge}{title}</h3><div class="meta">{meta}</div>{flags}{body}</div>'
    return (
        f'<div class="card {kind}" id="{esc(o.id)}"><h3>{badge}{title}</h3><div class="meta">{meta}</div>{flags}'
        f'<div class="row"><div><div class="label">Merged story</div>{_merged_body(o, [run.originals[i].text for i in o.sources if i in run.originals])}{report_links.rejected_html(o)}</div>'
        f'<div><div class="label">Sources</div>{_sources(o, run)}</div></div></div>'
    )


def _review_cards(review: list[OutputStory], run: MergeRun) -> list[str]:
    """Flagged merges one by one; stories the model failed to place, together with the rest
    of their candidate group, so the reviewer sees what was meant to be merged."""
    cards, seen = [], set()
    kept = defaultdict(list)
    for o in review:
        if o.decision == "unchanged" and o.flags:
            kept[o.group_id].append(o)
    for o in review:
        if o.decision == "unchanged" and o.flags:
            if o.group_id in seen:
                continue
            seen.add(o.group_id)
            members = kept[o.group_id]
            if len(members) == 1:
                cards.append(_card(o, run))
                continue
            flags = list(dict.fromkeys(f.replace("left this story out", "left these stories out")
                                       for m in members for f in m.flags))
            sources = "".join(_sources(m, run) for m in members)
            cards.append(
                f'<div class="card review"><h3><span class="badge unchanged">unchanged</span>'
                f'<span class="badge review">review</span>{len(members)} candidates kept as they were</h3>'
                f'<div class="meta">group {esc(o.group_id)} · merge them by hand if they are duplicates</div>'
                + (f'<div class="meta">grouped because {esc(group_reason(o, run))}</div>' if group_reason(o, run) else "") +
                '<ul class="flags">' + "".join(f"<li>{esc(f)}</li>" for f in flags) + "</ul>"
                f'<div class="cols">{sources}</div></div>'
            )
        else:
            cards.append(_card(o, run))
    return cards


def _review_note(outcome, review: list[OutputStory], conflicts: set[str]) -> str:
    """What the section holds, in the headline's words, so its count can be checked against it."""
    extractive = sum(o in outcome.buckets["extractive"] for o in review)
    parts = [f"{extractive} extractive merge{'s' if extractive != 1 else ''}" if extractive else "",
             f"{len(review) - extractive} other stor{'ies' if len(review) - extractive != 1 else 'y'} to review"
             if len(review) - extractive else ""]
    text = " and ".join(p for p in parts if p) or "nothing"
    if conflicts:
        text += (f"; the {len(conflicts)} stories of conflicts are under "
                 '<a href="#conflicts">Conflicts to decide</a>')
    return f'<p class="meta">{text}.</p>'


def _nav(sections: list[tuple[str, str, int]]) -> str:
    """Links to the sections, with the same counts as their headings."""
    links = " · ".join(f'<a href="#{a}">{esc(label)} ({n})</a>' for a, label, n in sections)
    return f'<nav class="toc">{links}</nav>'


def time_tiles(t: dict) -> list[tuple[str, str]]:
    """Model time and wall time over one scope. After --resume the wall time is this run's, so
    the model time beside it is this run's too, and both runs' model time is named as such
    (t25: "62.8 s model time" of both runs stood beside "43.5 s wall time" of this one)."""
    if not t.get("resumed_groups"):
        return [("model time", f"{t.get('model_seconds', 0):.1f} s"), ("wall time", f"{t.get('wall_seconds', 0):.1f} s")]
    this = t.get("model_seconds_this_run", t.get("model_seconds", 0))
    return [("model time, this run", f"{this:.1f} s"), ("wall time, this run", f"{t.get('wall_seconds', 0):.1f} s"),
            ("model time, all runs", f"{t.get('model_seconds', 0):.1f} s")]


def report_html(run: MergeRun) -> str:
    md = run.metadata
    c = md["counts"]
    t = md.get("timing", {})
    oc = outcome_counts(run)  # the headline's buckets: tiles that disagreed with it confused readers
    stats = [
        ("stories in", c["stories_in"]), ("stories out", c["stories_out"]), ("merged by the model", oc["model"]),
        ("identical copies", oc["copies"]), ("extractive merges", oc["extractive"]), ("to review", oc["review"]),
        ("unchanged", oc["unchanged"]),
        ("groups to model", c["model_groups"]), ("singletons", c["singletons"]), ("model calls", c["model_calls"]),
        ("prompt tokens", f"{c['prompt_tokens']:,}"), ("output tokens", f"{c['output_tokens']:,}"),
        *time_tiles(t),
    ]
    conflicts = report_links.conflict_story_ids(run)  # shown side by side in their own section
    outcome = classify(run)  # one bucket per story, so every count below adds up (headline.py)
    review = [o for o in outcome.buckets["extractive"] + outcome.buckets["review"] if o.id not in conflicts]
    by_model, copies = outcome.buckets["model"], outcome.buckets["copies"]
    unchanged = [o for o in outcome.buckets["unchanged"] if o.id not in conflicts]
    from storytransformer.write.run_header import model_used, prompts_used

    model_line = esc(model_used(md))  # "no model (extractive merge)" when none was loaded
    prompts = prompts_used(md)
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width,initial-scale=1'>",
        f"<title>Merge report · {c['stories_in']} → {c['stories_out']} stories</title><style>{CSS}{report_links.CSS}{report_spans.CSS}{possible_duplicates.CSS}</style></head><body>",
        f"<header><h1>Merge report</h1><p>{model_line}{' · prompts ' + esc(prompts) if prompts else ''} · {esc(t.get('started_utc', ''))}</p></header><main>",
        f'<p class="headline"><b>{esc(headline(run))}</b></p>',
        _nav([("merged", "Merged by the model", len(by_model)), ("copies", "Identical copies", len(copies)),
              ("review", "Needs review", len(review)), ("unchanged", "Unchanged", len(unchanged))]
             + possible_duplicates.nav(run) + report_links.nav_sections(run)),
        '<div class="stats">' + "".join(f'<div class="stat"><b>{esc(v)}</b><span>{esc(k)}</span></div>' for k, v in stats) + "</div>",
        "<p>Every input story is in exactly one story below. <mark>Marked</mark> words appear in no source story or differ from the source sentence they come from (the reason beside them).</p>",
    ]
    parts.append(f'<h2 id="merged">Merged by the model ({len(by_model)})</h2>')
    parts += [_card(o, run) for o in by_model] or ["<p>No verified merges by the model.</p>"]
    parts.append(f'<h2 id="copies">Identical copies merged without a model ({len(copies)})</h2>')
    parts += [_card(o, run) for o in copies] or ["<p>No identical copies.</p>"]
    parts += report_links.conflicts_section(run)
    parts += possible_duplicates.section(run)  # pairs kept apart by a soft rule: a person decides
    parts += [f'<h2 id="review">Needs review ({len(review)})</h2>', _review_note(outcome, review, conflicts)]
    parts += _review_cards(review, run) or ["<p>Nothing to review.</p>"]
    parts.append(f'<h2 id="unchanged">Unchanged ({len(unchanged)})</h2><details><summary>show {len(unchanged)} unchanged stories</summary>')
    parts += [_card(o, run) for o in unchanged]
    parts.append("</details>")
    parts += report_links.related_section(run)
    if run.warnings:
        parts.append(f"<h2>Input warnings ({len(run.warnings)})</h2><ul>")
        parts += [f"<li>{esc(w)}</li>" for w in run.warnings]
        parts.append("</ul>")
    from storytransformer.merge import _with_story_ids  # "S2" is the prompt's label: name the story

    problems = [(g.group_id, _with_story_ids(p, g.story_ids)) for g in run.groups for p in g.problems]
    if problems:
        parts.append(f"<h2>Model answer problems ({len(problems)})</h2><table><tr><th>group</th><th>problem</th></tr>")
        parts += [f"<tr><td>{esc(gid)}</td><td>{esc(p)}</td></tr>" for gid, p in problems]
        parts.append("</table>")
    parts.append("</main></body></html>\n")
    return "".join(parts)
