"""Judgments kept on disk, so a resumed or repeated run never asks the model again.

One SQLite file beside the embedding cache (``$STORYTRANSFORMER_CACHE/judgments.sqlite``,
default ``~/.cache/storytransformer``). The key is the SHA-256 of the judge's identity (engine and
model name, not the server's URL), the prompt versions and the two story blocks exactly as sent, so
another model, another prompt version or an edited story is asked anew. Each answer is
committed as it arrives (a kill loses at most the answers in flight). Answers the model gave
but that could not be read are kept too (asked again they would read the same at temperature
0); an engine error (HTTP 500, out of memory) is not, so a later run asks again. An
unreadable or unwritable cache only costs model calls; it never stops a run.

To ask again on purpose: change the judge prompt's version, or delete the file.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path
from typing import Any

FILE_NAME = "judgments.sqlite"


def judgment_key(identity: str, versions: dict[str, str], block_a: str, block_b: str) -> str:
    payload = json.dumps([identity, sorted(versions.items()), block_a, block_b], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8", "replace")).hexdigest()


class JudgmentCache:
    """key -> {"model", "raw", "relation", "reason", "error"} (see judge.py)."""

    def __init__(self, folder: str | Path | None = None, enabled: bool = True):
        from storytransformer.group.embed import default_cache_dir

        self.path = Path(folder or default_cache_dir()) / FILE_NAME if enabled else None

    def _connect(self):
        if self.path is None:
            return None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            con = sqlite3.connect(self.path, timeout=30)
            con.execute("CREATE TABLE IF NOT EXISTS judgment (key TEXT PRIMARY KEY, value TEXT)")
            return con
        except (sqlite3.Error, OSError):
            return None

    def get_many(self, keys: list[str]) -> dict[str, dict[str, Any]]:
        con = self._connect()
        found: dict[str, dict[str, Any]] = {}
        if con is None:
            return found
        try:
            for start in range(0, len(keys), 500):
                chunk = keys[start:start + 500]
                for key, value in con.execute(
                        f"SELECT key, value FROM judgment WHERE key IN ({','.join('?' * len(chunk))})", chunk):
                    try:
                        found[key] = json.loads(value)
                    except ValueError:
                        continue  # a damaged row is asked again
        except sqlite3.Error:
            return {}
        finally:
            con.close()
        return found

    def put(self, key: str, value: dict[str, Any]) -> None:
        con = self._connect()
        if con is None:
            return
        try:
            with con:
                con.execute("INSERT OR REPLACE INTO judgment VALUES (?, ?)",
                            (key, json.dumps(value, ensure_ascii=False)))
        except sqlite3.Error:
            pass
        finally:
            con.close()
