"""One story per line in Japanese, Korean and Chinese (t23 finding 8: two Japanese stories on
two lines of a cp932 file were ONE unparsed story: no Japanese narrative was recognised, so
nothing told the lines apart). Real files in the encodings such teams save them in, read
through the real CLI."""

import json
import subprocess
import sys

from storytransformer.ingest import ingest_paths
from storytransformer.ingest.narrative import parse_narrative

JA = ["ポッドキャスターとして、各エピソードの自動文字起こしが欲しい。それにより、聴覚障害のあるリスナーも内容を理解できる。",
      "店長として、私は在庫を毎日確認したい。それは欠品を防ぐためだ。",
      "会計担当者として、請求書をPDFで出力したい。"]
KO = ["사용자로서, 나는 비밀번호를 재설정하고 싶다. 그래서 계정에 다시 접근할 수 있다.",
      "매장 관리자로서 재고를 매일 확인하고 싶습니다.",
      "고객으로서 주문을 취소하고 싶어요. 그러면 환불을 받을 수 있다."]
ZH = ["作为编辑，我想要预约发布文章。这样读者可以在早上看到。",
      "作为读者，我希望收藏文章。"]


def _cli_ingest(path):
    out = subprocess.run([sys.executable, "-m", "storytransformer", "ingest", str(path), "--json"],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_japanese_cp932_one_story_per_line_through_the_cli(tmp_path):
    path = tmp_path / "backlog_ja.txt"
    path.write_bytes(("\r\n".join(JA) + "\r\n").encode("cp932"))
    summary = _cli_ingest(path)
    assert summary["stories"] == 3 and summary["unparsed"] == 0
    assert summary["conservation"]["lines_not_read_unexplained"] == 0
    stories = ingest_paths([path]).stories
    assert [s.role for s in stories] == ["ポッドキャスター", "店長", "会計担当者"]
    assert stories[0].goal == "各エピソードの自動文字起こしが欲しい"
    assert stories[0].benefit == "聴覚障害のあるリスナーも内容を理解できる"
    assert stories[1].goal == "在庫を毎日確認したい" and stories[1].benefit == "欠品を防ぐためだ"
    assert stories[2].benefit is None or stories[2].benefit == ""


def test_korean_and_chinese_one_story_per_line(tmp_path):
    (tmp_path / "ko.txt").write_bytes(("\n".join(KO) + "\n").encode("utf-16"))
    (tmp_path / "zh.md").write_text("\n".join(ZH) + "\n", encoding="gb18030")
    stories = {s.id: s for s in ingest_paths([tmp_path]).stories}
    assert len(stories) == 5 and all(s.parsed for s in stories.values())
    assert stories["ko.txt#1"].goal == "비밀번호를 재설정하고 싶다"
    assert stories["ko.txt#1"].benefit == "계정에 다시 접근할 수 있다"
    assert stories["ko.txt#2"].role == "매장 관리자" and not stories["ko.txt#2"].benefit
    assert stories["ko.txt#3"].benefit == "환불을 받을 수 있다"
    # the benefit opens the next sentence after a full-width stop
    assert stories["zh.md#1"].goal == "预约发布文章" and stories["zh.md#1"].benefit == "读者可以在早上看到"


def test_purpose_before_the_goal_stays_in_the_goal():
    # Japanese puts "in order to" BEFORE the goal: it is not the benefit
    n = parse_narrative("店長として、欠品を防ぐために在庫を毎日確認したい。")
    assert n.goal == "欠品を防ぐために在庫を毎日確認したい" and not n.benefit


def test_cjk_prose_with_the_intro_word_is_not_a_narrative():
    for prose in ["結果として、遅延が発生した。", "결과로서 지연이 발생했다.", "原則として月末に締める。"]:
        assert parse_narrative(prose).goal is None, prose


def test_requirement_lines_without_a_narrative_are_not_glued(tmp_path):
    # no "as a" template, but each line is a requirement with a modal: one story each
    path = tmp_path / "req_zh.txt"
    path.write_text("系统必须支持导出为PDF。\n系统应该记录每次登录。\nシステムは監査ログを保存するべき。\n",
                    encoding="utf-8")
    corpus = ingest_paths([path])
    assert len(corpus.stories) == 3
    assert [s.line for s in corpus.stories] == [1, 2, 3]


def test_one_sentence_per_line_in_scripts_without_a_narrative_template(tmp_path):
    # Hindi, Arabic, Thai-less Japanese wants, Greek: no template the reader knows, but every
    # line is a whole sentence: one story each, never one glued story
    files = {
        "hi.txt": ["उपयोगकर्ता के रूप में मैं अपना पासवर्ड बदलना चाहता हूँ।",
                   "प्रशासक के रूप में मैं खाते बंद करना चाहता हूँ।"],
        "ar.txt": ["بصفتي مستخدمًا، أريد تغيير كلمة المرور حتى أحمي حسابي.",
                   "بصفتي مديرًا، أريد إغلاق الحسابات المخالفة؟"],
        "el.txt": ["Ως χρήστης θέλω να αλλάξω τον κωδικό μου.",
                   "Ως διαχειριστής θέλω να κλειδώνω λογαριασμούς."],
        "ja_want.txt": ["エピソードを検索したい。", "再生速度を変えたい。"],
    }
    for name, lines in files.items():
        (tmp_path / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    corpus = ingest_paths([tmp_path])
    by_file: dict[str, list[int]] = {}
    for s in corpus.stories:
        by_file.setdefault(s.source.rsplit("/", 1)[-1], []).append(s.line)
    assert by_file == {name: [1, 2] for name in files}
    summary = _cli_ingest(tmp_path)  # every line in a story: the conservation check agrees
    assert summary["conservation"]["lines_in_stories"] == summary["conservation"]["lines"] == 8


def test_a_wrapped_latin_paragraph_stays_one_story(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("The export runs at night and the report\nis mailed to the finance team.\n", encoding="utf-8")
    assert len(ingest_paths([path]).stories) == 1


def test_japanese_and_korean_criteria_headers(tmp_path):
    (tmp_path / "ja.md").write_text(
        "## 文字起こし\nポッドキャスターとして、自動文字起こしが欲しい。\n\n受け入れ基準：\n"
        "- アップロード後2時間以内に完成する\n- 話者ごとに区切られる\n", encoding="utf-8")
    (tmp_path / "ko.md").write_text(
        "## 비밀번호\n사용자로서 비밀번호를 재설정하고 싶다.\n\n인수 조건:\n- 링크는 24시간 동안 유효하다\n",
        encoding="utf-8")
    stories = {s.source.rsplit("/", 1)[-1]: s for s in ingest_paths([tmp_path]).stories}
    assert stories["ja.md"].acceptance_criteria == ("アップロード後2時間以内に完成する", "話者ごとに区切られる")
    assert stories["ko.md"].acceptance_criteria == ("링크는 24시간 동안 유효하다",)


def test_latin_lines_of_one_unknown_template_are_not_glued(tmp_path):
    # Indonesian, Turkish, Vietnamese narratives (no template the reader knows): each line a
    # story; prose notes that only share their first word stay one paragraph
    files = {
        "id.txt": "Sebagai pengguna, saya ingin mengatur ulang kata sandi, agar saya bisa masuk lagi.\n"
                  "Sebagai admin, saya ingin mengunci akun, agar penyalahgunaan berhenti.\n",
        "tr.txt": "Bir kullanıcı olarak şifremi sıfırlamak istiyorum, böylece tekrar giriş yapabilirim.\n"
                  "Bir yönetici olarak hesapları kilitlemek istiyorum, böylece kötüye kullanım durur.\n",
        "vi.txt": "Là người dùng, tôi muốn đặt lại mật khẩu để có thể đăng nhập lại.\n"
                  "Là quản trị viên, tôi muốn khóa tài khoản để ngăn lạm dụng.\n",
        "notes.txt": "The export runs at night.\nThe report is mailed to the finance team.\n",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    lines: dict[str, list[int]] = {}
    for s in ingest_paths([tmp_path]).stories:
        lines.setdefault(s.source.rsplit("/", 1)[-1], []).append(s.line)
    assert lines == {"id.txt": [1, 2], "tr.txt": [1, 2], "vi.txt": [1, 2], "notes.txt": [1]}
