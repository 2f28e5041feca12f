"""The lines `merge` prints when it finishes, through the real CLI (no model: --merger
extractive): the input's warnings are printed, not only written to report.html, with the
corpus's own text never read as markup; a run with no model call says so instead of
"0 model calls for 0 groups, 0 prompt + 0 output tokens"."""

import subprocess
import sys

BACKLOG = (
    "Issue key,Summary,Description\n"
    'K-1,Export report,"As an admin, I want to export the report to CSV, so that I can audit it."\n'
    'K-1,Dark mode,"As a user, I want a dark mode, so that my eyes rest."\n'
    'K-3,Return within 30 days,"As a customer, I want to return an item within 30 days, so that I can change my mind."\n'
    'K-4,Return within 14 days,"As a customer, I want to return an item within 14 days, so that I can change my mind."\n'
)


def test_warnings_are_printed_and_no_model_calls_are_said_plainly(tmp_path):
    name = "[draft] backlog.csv"  # rich markup would eat "[draft]"
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / name).write_text(BACKLOG, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "storytransformer", "merge", str(tmp_path / "in"), "--out",
                           str(tmp_path / "out"), "--merger", "extractive", "--group-method", "lexical"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    warning = f"warning: {tmp_path / 'in' / name}:3: duplicate id K-1 (first at {tmp_path / 'in' / name}:2); " \
              "this one is kept as K-1~2"
    assert warning in done.stderr.splitlines(), done.stderr
    calls = done.stdout.splitlines()[1]
    assert calls.startswith("no model calls (none needed for 1 group kept unmerged and 2 singletons), "), calls
    assert "(1 conflict for a person to decide)" in done.stdout, done.stdout
    assert "0 prompt" not in calls and "0 model calls" not in done.stdout
