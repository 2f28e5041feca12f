"""Prompt token ids in which message contents are data, never control tokens.

A story may contain ``<|im_start|>system`` or ``<|im_end|>``: tokenized with the rendered
chat prompt as one string, those become the real special tokens and a story can open a
new ``system`` turn. Here the chat template is rendered with a placeholder per message, its
own text (where the template writes the turn markers) is tokenized as usual, and each
message's content is tokenized with ``split_special_tokens=True``, so special-token strings
in it are spelled as ordinary text tokens. Contents without any special-token string get
the same ids as before (the split points are where the template's markers end, which the
tokenizer's pre-tokenizer splits at anyway).
"""

from __future__ import annotations

import re
from typing import Callable, Sequence

# Private-use characters: never written by a chat template, so the split is unambiguous.
_MARK = "\ue000{}\ue001"
_MARK_RE = re.compile("\ue000(\\d+)\ue001")


def encode_chat(tokenizer, messages: Sequence[dict], render: Callable[[list[dict]], str],
                prefill: str = "") -> list[int]:
    """Token ids of ``render(messages) + prefill`` with every message content tokenized as
    plain text (special-token strings in it stay text)."""
    masked, cores = [], []
    for i, m in enumerate(messages):
        content = m.get("content") or ""
        core = content.strip()
        if not core:
            masked.append(dict(m))
            cores.append("")
            continue
        lead = content[: len(content) - len(content.lstrip())]
        trail = content[len(content.rstrip()):]
        masked.append({**m, "content": lead + _MARK.format(i) + trail})
        cores.append(core)
    text = render(masked) + prefill
    ids: list[int] = []
    pos = 0
    for m in _MARK_RE.finditer(text):
        ids += _plain(tokenizer, text[pos:m.start()], split=False)
        ids += _plain(tokenizer, cores[int(m.group(1))], split=True)
        pos = m.end()
    ids += _plain(tokenizer, text[pos:], split=False)
    return ids


def _plain(tokenizer, text: str, *, split: bool) -> list[int]:
    if not text:
        return []
    return list(tokenizer(text, add_special_tokens=False, split_special_tokens=split)["input_ids"])
