"""results.json: the run's settings and one record per finished cell (rewritten atomically
after every cell, so a killed run loses at most the cell in flight and --resume continues)."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from storytransformer.errors import InputError, OptionError
from storytransformer.needle.grid import cell_key

RESULTS_FILE = "results.json"
FORMAT_VERSION = 1
# Settings that change what a cell's answer would be; --resume refuses to mix runs that differ.
FINGERPRINT_KEYS = ("model", "quantization", "attention", "mode", "needle", "haystack", "rope_scaling",
                    "system_prompt")


@dataclass
class CellResult:
    length: int
    depth: float
    score: float
    exact: bool
    substring: bool
    recall: float
    answer: str
    expected: list[str]
    prompt_tokens: int
    haystack_tokens: int
    needle_offsets: list[int]
    seconds: float
    time_to_first_token: float
    prefill_tokens: int
    output_tokens: int
    finish_reason: str
    distractor_hits: list[str] = field(default_factory=list)
    forbidden: list[str] = field(default_factory=list)
    story_id: str | None = None
    exact_length: bool = True

    @property
    def key(self) -> str:
        return cell_key(self.length, self.depth)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "CellResult":
        known = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in d.items() if k in known})


@dataclass
class Results:
    settings: dict[str, Any]
    cells: list[CellResult] = field(default_factory=list)

    def by_key(self) -> dict[str, CellResult]:
        return {c.key: c for c in self.cells}

    def summary(self) -> dict[str, Any]:
        if not self.cells:
            return {"cells": 0}
        # A cell that ran out of memory has no answer: it is counted apart, never as a 0 score.
        scored = [c for c in self.cells if c.finish_reason != "oom"] or [None]
        per_length: dict[int, list[float]] = {}
        for c in scored:
            if c is not None:
                per_length.setdefault(c.length, []).append(c.score)
        return {
            "cells": len(self.cells),
            "oom_cells": sum(c.finish_reason == "oom" for c in self.cells),
            "mean_score": round(sum(c.score for c in scored if c) / max(len([c for c in scored if c]), 1), 4),
            "per_length": {str(k): round(sum(v) / len(v), 4) for k, v in sorted(per_length.items())},
            "seconds": round(sum(c.seconds for c in self.cells), 3),
        }

    def to_dict(self) -> dict[str, Any]:
        cells = sorted(self.cells, key=lambda c: (c.length, c.depth))
        return {"version": FORMAT_VERSION, "settings": self.settings, "summary": self.summary(),
                "cells": [c.to_dict() for c in cells]}

    def write(self, out_dir: Path) -> Path:
        out_dir.mkdir(parents=True, exist_ok=True)
        path = out_dir / RESULTS_FILE
        tmp = path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        os.replace(tmp, path)
        return path


def read_results(path: Path) -> Results:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise InputError(str(path), f"not valid JSON ({err.msg}); delete it or use another --out",
                         err.lineno) from None
    if not isinstance(data, dict) or "cells" not in data or "settings" not in data:
        raise InputError(str(path), "not a needle results file; delete it or use another --out")
    try:
        cells = [CellResult.from_dict(c) for c in data["cells"]]
    except TypeError as err:
        raise InputError(str(path), f"a cell record is incomplete ({err})") from None
    return Results(data["settings"], cells)


def fingerprint(settings: dict[str, Any]) -> dict[str, Any]:
    return {k: settings.get(k) for k in FINGERPRINT_KEYS}


def check_resumable(previous: Results, settings: dict[str, Any], path: Path) -> None:
    old, new = fingerprint(previous.settings), fingerprint(settings)
    diff = [k for k in FINGERPRINT_KEYS if old.get(k) != new.get(k)]
    if diff:
        k = diff[0]
        raise OptionError("--resume", f"{path} was written with a different {k} "
                                      f"({_short(old.get(k))} vs now {_short(new.get(k))}); "
                                      "use another --out or drop --resume")


def _short(value: Any) -> str:
    text = json.dumps(value, default=str) if not isinstance(value, str) else value
    return text if len(text) <= 60 else text[:57] + "..."
