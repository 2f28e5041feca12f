"""A UTF-8 file with some lines in a legacy code page (a line pasted from an old Windows tool):
each such line is decoded with the best single-byte guess, using the letters the rest of the
file uses, with a warning naming file:line and the encoding; no U+FFFD (tester report 20,
item 5: "Geb\\ufffdhren", and the story was left unparsed)."""

from __future__ import annotations

from storytransformer.ingest import ingest_paths
from storytransformer.ingest.decode import decode_file


def _write(path, parts):
    """``parts``: (text, encoding) per line."""
    path.write_bytes(b"".join(t.encode(enc) + b"\n" for t, enc in parts))


def _no_replacement(corpus):
    assert all("\ufffd" not in s.text for s in corpus.stories)
    assert not any("U+FFFD" in w.message for w in corpus.warnings)


def test_one_cp1252_german_line_in_a_utf8_markdown_list(tmp_path):
    _write(tmp_path / "mixed_enc.md", [
        ("- As a member, I want to pay fees with Café-Karte, so that it is easy.", "utf-8"),
        ("- Als Mitglied möchte ich Gebühren bar zahlen, damit es einfach ist.", "cp1252"),
        ("- As a member, I want a naïve résumé export, so that 😀 works.", "utf-8"),
    ])
    corpus = ingest_paths([tmp_path])
    _no_replacement(corpus)
    second = corpus.stories[1]
    assert second.parsed and second.goal == "Gebühren bar zahlen" and second.role == "Mitglied"
    assert corpus.stories[2].goal == "a naïve résumé export"
    (w,) = [w for w in corpus.warnings if "cp1252" in w.message]
    assert w.line == 2 and w.path.endswith("mixed_enc.md")


def test_polish_and_russian_lines_get_their_own_code_pages(tmp_path):
    _write(tmp_path / "pl.txt", [
        ("Jako kierowca, chcę widzieć trasę, aby się nie zgubić.", "utf-8"),
        ("Jako klient, chcę zapłacić kartą, aby szybko kupić bilet.", "cp1250"),
        ("Jako administrator chcę blokować konta, żeby zatrzymać nadużycia.", "utf-8"),
    ])
    _write(tmp_path / "ru.txt", [
        ("Как покупатель, я хочу видеть историю заказов, чтобы повторить заказ.", "utf-8"),
        ("Как покупатель, я хочу оплатить картой, чтобы быстро купить билет.", "cp1251"),
    ])
    corpus = ingest_paths([tmp_path])
    _no_replacement(corpus)
    goals = {s.id: s.goal for s in corpus.stories}
    assert goals["pl.txt#2"] == "zapłacić kartą" and goals["ru.txt#2"] == "оплатить картой"
    found = {(w.path.rsplit("/", 1)[-1], w.line): w.message for w in corpus.warnings}
    assert "cp1250" in found[("pl.txt", 2)] and "cp1251" in found[("ru.txt", 2)]


def test_a_csv_row_pasted_from_excel_in_cp1252(tmp_path):
    _write(tmp_path / "export.csv", [
        ("Issue key,Summary,Description", "utf-8"),
        ("POS-1,Reçu imprimé,\"En tant que caissier, je veux imprimer un reçu, afin que le client l'ait.\"", "utf-8"),
        ("POS-2,Reçu par e-mail,\"En tant que caissier, je veux envoyer le reçu par e-mail, afin d’économiser du papier.\"", "cp1252"),
    ])
    corpus = ingest_paths([tmp_path])
    _no_replacement(corpus)
    pos2 = next(s for s in corpus.stories if s.id == "POS-2")
    assert pos2.title == "Reçu par e-mail" and pos2.benefit == "économiser du papier"
    assert any(w.line == 3 and "cp1252" in w.message for w in corpus.warnings)


def test_a_line_holding_utf8_and_a_pasted_word_quote():
    # "é" in UTF-8 and a Word apostrophe (0x92 in cp1252) on the same line: each read right
    first = "As a chef, I want the crème brûlée recipe, so that I cook it.\n"
    data = (first + "As a café owner, I want ").encode() + b"today\x92s menu" + \
        ", so that guests choose.\n".encode()
    decoded = decode_file(data)
    assert decoded.text == first + "As a café owner, I want today’s menu, so that guests choose.\n"
    assert decoded.legacy_lines == ((2, "cp1252"),)


def test_a_pasted_block_of_legacy_lines_is_read_and_the_warnings_stay_short(tmp_path):
    lines = [(f"As a member, I want the café menu {n}, so that I choose a crème brûlée.", "utf-8")
             for n in range(20)]
    lines[5:5] = [(f"Als Mitglied möchte ich Gebühr {n} zahlen, damit es einfach ist.", "cp1252")
                  for n in range(8)]
    _write(tmp_path / "many.md", lines)
    corpus = ingest_paths([tmp_path])
    _no_replacement(corpus)
    assert len(corpus.stories) == 28 and all(s.parsed for s in corpus.stories)
    assert corpus.stories[12].goal == "Gebühr 7 zahlen"
    assert corpus.stories[13].goal == "the café menu 5"
    enc = [w for w in corpus.warnings if "cp1252" in w.message]
    assert len(enc) == 6 and enc[0].line == 6 and "8 such lines" in enc[-1].message


def test_a_legacy_multibyte_file_is_not_taken_for_mixed_utf8():
    text = "As a user, I want 日本語のテキストを読みたい, so that I can read it.\n" * 3
    decoded = decode_file(text.encode("shift_jis"))
    assert decoded.text == text and not decoded.legacy_lines
