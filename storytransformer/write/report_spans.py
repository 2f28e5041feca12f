"""report.html's marked spans: a merged field's text with the words the verifier flagged
wrapped in <mark>, and, under it, each flag's reason beside the source sentence it was
compared with ("negation flipped ... | S1: Shopper can edit the saved address").

Spans are ``verify.Span.to_dict()`` records: field, start, end, text, kind, reason, source.
Kind "unsupported" (words no source story has) is marked plainly; every other kind (negation,
modality, scope, quantity, actor, object, role, benefit, invented) carries its reason as the
mark's tooltip and in the list below the text. Everything is HTML-escaped."""

from __future__ import annotations

import html

CSS = """
mark.claim{background:#ffc9c9}
.why{list-style:none;margin:2px 0 6px;padding:0 0 0 6px;border-left:3px solid #ffc9c9;font-size:12.5px;color:#5b6675}
.why .kind{font-weight:600;color:#c92a2a;text-transform:uppercase;font-size:11px;letter-spacing:.04em;margin-right:4px}
.why .said{color:#364fc7}
"""


def _esc(text) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def _is_claim(span: dict) -> bool:
    return bool(span.get("kind")) and span.get("kind") != "unsupported" and bool(span.get("reason"))


def _open(span: dict) -> str:
    if not _is_claim(span):
        return "<mark>"
    return f'<mark class="claim" title="{_esc(span["reason"])}">'


def marked(text: str, spans: list[dict]) -> str:
    """``text`` with the spans wrapped in <mark> (overlaps: the earlier span wins), then the
    reasons of the claim spans, each beside its source sentence."""
    out, pos = [], 0
    for s in sorted(spans, key=lambda s: s["start"]):
        start, end = max(s["start"], pos), min(s["end"], len(text))
        if start >= end:
            continue
        out += [_esc(text[pos:start]), _open(s), _esc(text[start:end]), "</mark>"]
        pos = end
    out.append(_esc(text[pos:]))
    return "".join(out) + why(spans)


def why(spans: list[dict]) -> str:
    """The reasons of the claim spans, one line each, with the source sentence compared."""
    items = []
    for s in spans:
        if not _is_claim(s):
            continue
        kind, _, reason = s["reason"].partition(": ")
        if not reason or kind != s["kind"]:
            kind, reason = s["kind"], s["reason"]
        source = f' <span class="said">| {_esc(s["source"])}</span>' if s.get("source") else ""
        items.append(f'<li><span class="kind">{_esc(kind)}</span>{_esc(reason)}{source}</li>')
    return f'<ul class="why">{"".join(dict.fromkeys(items))}</ul>' if items else ""


def source_text(story_id: str, text: str, spans: list[dict]) -> str:
    """A source story's text with what the merge lost from it marked: a criterion no merged
    criterion carries, a need fused with another (spans whose field is "source:<story id>",
    found in ``text`` by their words), each reason listed under the text."""
    mine = [s for s in spans if s.get("field") == f"source:{story_id}" and s.get("text")]
    found = []
    for s in mine:
        at = text.find(s["text"])
        if at >= 0:
            found.append({**s, "start": at, "end": at + len(s["text"])})
    return marked(text, found) if found else _esc(text) + why(mine)
