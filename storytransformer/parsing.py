"""Parsing of option values shared by the CLI and the library (needle, bench, cost).

Lives outside ``storytransformer.cli`` so library packages never import the CLI layer, and
stays import-light (no torch, no transformers) so ``--help`` and parse-time checks are instant.
"""

from __future__ import annotations

import re

from storytransformer.errors import OptionError

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kKmM]?)\s*$")

# Spellings other commands or older help texts used, mapped to the one spelling of
# runtime.attention.ATTN_CHOICES (bench wrote sdpa_cudnn; merge's help once listed "flash").
ATTN_ALIASES = {
    "flash": "flash_attention_2",
    "flash2": "flash_attention_2",
    "fa2": "flash_attention_2",
    "fa3": "flash_attention_3",
    "fa4": "flash_attention_4",
    "flex": "flex_attention",
    "sdpa_cudnn": "sdpa:cudnn",
    "sdpa_flash": "sdpa:flash",
    "sdpa_efficient": "sdpa:efficient",
    "sdpa_math": "sdpa:math",
}

_DEVICE = re.compile(r"^(auto|cpu|cuda(:\d+)?)$")


def parse_token_count(value: str | int) -> int:
    """'32k' -> 32768, '128K' -> 131072, '1m' -> 1048576, '32768' -> 32768.

    k means 1024 because context windows are powers of two (a "32k" model holds 32768).
    Raises ValueError for anything else."""
    if isinstance(value, int):
        return value
    m = _SIZE.match(str(value))
    if not m:
        raise ValueError(f"not a token count: {value!r} (use e.g. 8192, 8k, 128k)")
    number, unit = float(m.group(1)), m.group(2).lower()
    scale = {"": 1, "k": 1024, "m": 1024 * 1024}[unit]
    return int(number * scale)


def split_list(value: str) -> list[str]:
    """'a, b,,c' -> ['a', 'b', 'c']."""
    return [v.strip() for v in str(value).split(",") if v.strip()]


def attn_choices() -> tuple[str, ...]:
    """The --attn values every command accepts, in one spelling."""
    from storytransformer.runtime.attention import ATTN_CHOICES

    return ATTN_CHOICES


def quant_choices(extra: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The --quant values (bench adds int4-torchao, which only its random-weight models take)."""
    from storytransformer.runtime.quant import QUANT_CHOICES

    return QUANT_CHOICES + tuple(e for e in extra if e not in QUANT_CHOICES)


def normalize_attn(value: str) -> str:
    """One --attn value in its canonical spelling; raises OptionError naming the choices."""
    text = (value or "auto").strip().lower()
    text = ATTN_ALIASES.get(text, text)
    choices = attn_choices()
    if text not in choices:
        raise OptionError("--attn", f"unknown attention {value!r}; choose from {', '.join(choices)}")
    return text


def normalize_quant(value: str, extra: tuple[str, ...] = ()) -> str:
    text = (value or "auto").strip().lower()
    choices = quant_choices(extra)
    if text not in choices:
        raise OptionError("--quant", f"unknown quantization {value!r}; choose from {', '.join(choices)}")
    return text


def normalize_device(value: str) -> str:
    """auto, cpu, cuda or cuda:N (ROCm builds of torch also call their GPUs cuda)."""
    text = (value or "auto").strip().lower()
    if not _DEVICE.match(text):
        raise OptionError("--device", f"unknown device {value!r} (use auto, cpu, cuda or cuda:N)")
    return text


_NOT_FILE_ENCODINGS = {"idna", "punycode", "unicode-escape", "raw-unicode-escape", "undefined"}


def check_encoding(value: str | None) -> str | None:
    """A codec name Python knows (cp1252, latin-1, utf-16 ...), or None for auto-detection."""
    if value is None:
        return None
    import codecs

    try:
        info = codecs.lookup(value)
    except LookupError:
        raise OptionError("--encoding", f"unknown encoding {value!r} (e.g. utf-8, cp1252, latin-1)") from None
    # rot13, base64, hex, zlib are codecs but not the encoding of a text file (each file then
    # failed with "use codecs.decode()"); idna/punycode/unicode_escape encode names or literals.
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_FILE_ENCODINGS:
        raise OptionError("--encoding", f"{value!r} is not a text file encoding (e.g. utf-8, cp1252, latin-1, utf-16)")
    return info.name
