"""Prompt templates: loaded from files with versions, shared prefix, stories last."""

import pytest

from storytransformer.errors import OptionError
from storytransformer.prompt import build_messages, build_repair_messages, labels_for, load_templates
from storytransformer.stories import Story

A = Story("FC-1", "As a shopper, I want to pay by card.", "a.csv", 2, "csv", title="Card payments")
B = Story("notes.md#3", "As a shopper I want card payments.", "notes.md", 9, "markdown")
C = Story("FC-9", "As an admin, I want to export users.", "a.csv", 10, "csv")


def test_bundled_templates_have_versions():
    t = load_templates()
    assert t.versions == {"merge_system": "2", "merge_user": "3", "repair": "3"}
    assert "<!--" not in t.system and "{{stories}}" in t.user


def test_shared_prefix_and_stories_last():
    t = load_templates()
    m1, m2 = build_messages(t, [A, B]), build_messages(t, [C])
    assert m1[0] == m2[0]  # identical system prompt
    head = t.user.split("{{stories}}")[0]
    assert m1[1]["content"].startswith(head) and m2[1]["content"].startswith(head)
    user = m1[1]["content"]
    assert user.index("[S1]") < user.index("[S2]") and user.rstrip().endswith(f"<story>\n{B.text}\n</story>")
    assert "Card payments" in user  # the title travels when the text lacks it
    assert labels_for([A.id, B.id]) == {"S1": "FC-1", "S2": "notes.md#3"}


def test_repair_keeps_the_conversation_and_names_the_error():
    t = load_templates()
    msgs = build_messages(t, [A, B])
    rep = build_repair_messages(t, msgs, "x" * 5000, "missing from every story: S2", ["S1", "S2"])
    assert rep[:2] == msgs and rep[2]["role"] == "assistant" and len(rep[2]["content"]) == 600
    assert "missing from every story: S2" in rep[3]["content"] and "S1, S2" in rep[3]["content"]


def test_custom_folder_errors_name_the_option_and_file(tmp_path):
    with pytest.raises(OptionError, match="--prompts.*merge_system.md"):
        load_templates(tmp_path)
    for name in ("merge_system.md", "merge_user.md", "repair.md"):
        (tmp_path / name).write_text("<!-- prompt: x version: 7 -->\nhello {{stories}}\n", encoding="utf-8")
    assert load_templates(tmp_path).versions == {"x": "7"}
    (tmp_path / "repair.md").write_text("no version line\n", encoding="utf-8")
    with pytest.raises(OptionError, match="repair.md:1"):
        load_templates(tmp_path)
