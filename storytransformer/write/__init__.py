"""Writers for the merged backlog. Each file is written to a temporary name and moved into
place with os.replace, so a reader (or a killed run) never sees half a file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from storytransformer.results import MergeRun

OUTPUT_FILES = ("merged.md", "merged.json", "merged.csv", "traceability.csv", "report.html")


def atomic_write(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` via a temporary file; I/O failures (disk full,
    read-only, permissions) become one OutputError naming the path."""
    try:
        _atomic_write(Path(path), text)
    except OSError as err:
        from storytransformer.errors import OutputError
        from storytransformer.write.out_dir import describe_os_error

        raise OutputError(str(path), f"cannot write: {describe_os_error(err)}") from None


def _atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; outputs are ordinary files
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def write_all(run: MergeRun, out_dir: Path, *, csv_format: str = "jira",
              parent_field: str = "parent") -> dict[str, Path]:
    """Every output file into ``out_dir``. ``csv_format``: merged.csv for "jira" or "azure"
    (Azure DevOps), or "auto" (csv_choice.py: Azure when every CSV row is Azure's); ``parent_field``: Jira's "parent" (Cloud) or "epic-link" (Data Center)."""
    from storytransformer.write.csv_out import tracker_csv, traceability_csv
    from storytransformer.write.json_out import merged_json
    from storytransformer.write.markdown import merged_markdown
    from storytransformer.write.report import report_html

    from storytransformer.write.csv_choice import chosen_format

    csv_format, _ = chosen_format(csv_format, run.originals.values())  # "auto": by the input
    out_dir = Path(out_dir)
    renderers = {
        "merged.md": merged_markdown,
        "merged.json": merged_json,
        "merged.csv": lambda r: tracker_csv(r, csv_format, parent_field),
        "traceability.csv": traceability_csv,
        "report.html": report_html,
    }
    written = {}
    for name, render in renderers.items():
        atomic_write(out_dir / name, render(run))
        written[name] = out_dir / name
    from storytransformer.write.out_dir import write_manifest

    write_manifest(out_dir, written)  # marks the folder and these files as ours (see out_dir.py)
    return written
