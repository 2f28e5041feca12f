"""The merge journal: one JSON line per finished group, so a killed run can resume.

Each line is written, flushed and fsync'd before the next group is reported done, so after
a kill -9 the journal holds every group that finished, plus at most one torn last line
(ignored on read). The first line is a header with a fingerprint of the corpus and the
settings; resuming against a different corpus or different settings is refused.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict
from pathlib import Path
from typing import Any, Iterable

from storytransformer.errors import OptionError
from storytransformer.results import GroupRecord
from storytransformer.runtime.types import GenerationResult
from storytransformer.stories import Story
from storytransformer.textsafe import safe

JOURNAL_NAME = ".merge-journal.jsonl"
FORMAT = 1


def fingerprint(stories: Iterable[Story], settings: dict[str, Any]) -> str:
    h = hashlib.sha256()
    for s in sorted(stories, key=lambda s: s.id):
        h.update(s.id.encode() + b"\0" + hashlib.sha1(s.text.encode()).digest())
    h.update(json.dumps(settings, sort_keys=True, default=str).encode())
    return h.hexdigest()[:20]


class Journal:
    def __init__(self, path: Path, fp: str):
        self.path = Path(path)
        self.fingerprint = fp
        self._fh = None
        self.engine_info: dict[str, Any] | None = None  # the last engine a run used (for reports)

    @classmethod
    def in_dir(cls, out_dir: Path, fp: str) -> "Journal":
        return cls(Path(out_dir) / JOURNAL_NAME, fp)

    def load(self) -> tuple[dict[str, GroupRecord], dict[str, GenerationResult]]:
        """From an earlier run with the same fingerprint (for --resume): finished groups, and
        first answers of unfinished groups that were waiting for their repair call."""
        done: dict[str, GroupRecord] = {}
        attempts: dict[str, GenerationResult] = {}
        if not self.path.exists():
            return done, attempts
        with open(self.path, encoding="utf-8") as fh:
            lines = fh.read().split("\n")
        try:
            header = json.loads(lines[0])
        except (ValueError, IndexError):
            return done, attempts  # killed before the header reached the disk: nothing finished
        if header.get("fingerprint") != self.fingerprint:
            raise OptionError(
                "--resume",
                f"{self.path} belongs to a run with different stories or settings "
                "(add --force instead of --resume to start over, deleting it, or use another --out)",
            )
        for line in lines[1:]:
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
                if obj.get("kind") == "engine":
                    self.engine_info = obj["info"]
                elif obj.get("kind") == "attempt":
                    attempts[obj["group_id"]] = GenerationResult(**obj["result"])
                else:
                    rec = GroupRecord.from_dict(obj)
                    done[rec.group_id] = rec
            except (ValueError, KeyError, TypeError, AttributeError):
                continue  # the torn last line of a killed run
        return done, attempts

    def open(self, resume: bool) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if resume and self.path.exists():
            self._truncate_torn_tail()
            self._fh = open(self.path, "a", encoding="utf-8")
            if self.path.stat().st_size == 0:
                self._write({"journal": FORMAT, "fingerprint": self.fingerprint})
        else:
            self._fh = open(self.path, "w", encoding="utf-8")
            self._write({"journal": FORMAT, "fingerprint": self.fingerprint})

    def _truncate_torn_tail(self) -> None:
        # A torn line without its newline would glue onto the next record; cut it off.
        data = self.path.read_bytes()
        keep = data.rfind(b"\n") + 1
        if keep != len(data):
            with open(self.path, "r+b") as fh:
                fh.truncate(keep)

    def append(self, record: GroupRecord) -> None:
        self._write(record.to_dict())

    def append_engine(self, info: dict[str, Any]) -> None:
        self._write({"kind": "engine", "info": info})

    def append_attempt(self, group_id: str, result: GenerationResult) -> None:
        """A first answer that needs a repair call: kept so a resume does not ask again."""
        self._write({"kind": "attempt", "group_id": group_id, "result": asdict(result)})

    def _write(self, obj: dict[str, Any]) -> None:
        assert self._fh is not None, "journal not open"
        # A lone surrogate (half an emoji in a model answer) cannot be encoded as UTF-8: it
        # becomes U+FFFD here, so one answer can never make the journal write fail.
        try:
            self._fh.write(safe(json.dumps(obj, ensure_ascii=False, default=str)) + "\n")
            self._fh.flush()
            os.fsync(self._fh.fileno())
        except OSError as err:  # disk full mid-run: one line naming the journal; what is on disk resumes
            from storytransformer.errors import OutputError
            from storytransformer.write.out_dir import describe_os_error

            raise OutputError(str(self.path), f"cannot save progress: {describe_os_error(err)} "
                                              "(free some space, then add --resume)") from None

    def close(self) -> None:
        if self._fh:
            self._fh.close()
            self._fh = None
