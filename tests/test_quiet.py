"""Libraries' plain tqdm bars stay off the user's screen (transformers converts the bundled GGUF
with one: 67 bar updates in the first merge's log), and come back with -vv."""

import subprocess
import sys

BAR = ("import sys; from storytransformer.quiet import silence_libraries; silence_libraries(int(sys.argv[1]));"
       "from tqdm.auto import tqdm; [None for _ in tqdm(range(50), desc='Converting and de-quantizing')]")


def _stderr(verbose: int) -> str:
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": ":".join(p for p in sys.path if p)}
    return subprocess.run([sys.executable, "-c", BAR, str(verbose)], capture_output=True, text=True,
                          env=env, timeout=60).stderr


def test_library_tqdm_bars_are_silenced_and_back_with_vv():
    assert "Converting" not in _stderr(0)
    assert "Converting" in _stderr(2)


def test_tqdm_is_not_imported_before_the_cli_silences_it():
    """tqdm reads TQDM_DISABLE when imported: the CLI must set it before any library loads tqdm."""
    code = "import sys; import storytransformer.cli; print('tqdm' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60).stdout
    assert out.strip() == "False"
