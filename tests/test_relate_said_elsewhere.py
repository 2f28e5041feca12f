"""The sameness gate (relate/sameness.py) matches a need's word said anywhere in the other
story: in a tracker's description lines too (``sameness.text_words``), and a call, visit or
consultation held over video is one thing whichever noun a team picks (lexicon.PHRASES
"videocall"). Our own stories (a vet practice, a tutoring school, a language school; en, de,
es), the real reader and the bundled MiniLM; each with a sibling that must stay apart."""

from __future__ import annotations

import pytest

from relate_pair import pair_relation
from storytransformer.ingest import ingest_paths
from storytransformer.relate import sameness
from storytransformer.relate.slots import need_text, story_slots


def _verdict(tmp_path, a: str, b: str, said: bool = True) -> str | None:
    for n, text in enumerate((a, b)):
        (tmp_path / f"s{n}.md").write_text(text, encoding="utf-8")
    x, y = ingest_paths([str(tmp_path)]).stories
    sx, sy = story_slots(x), story_slots(y)
    extra = {"said_a": sameness.text_words(x.text, sx.lang), "said_b": sameness.text_words(y.text, sy.lang)} if said else {}
    words = sameness.pair_words(sx, need_text(x), sy, need_text(y), **extra)
    return sameness.unmatched(words, sameness.closeness([words])).verdict()


@pytest.mark.parametrize("a, b", [
    ("As a pet owner, I want a video consultation with the vet.",
     "As a pet owner, I want a video call with the vet."),
    ("Als Patientin möchte ich eine Videosprechstunde buchen.",
     "Als Patientin möchte ich einen Videotermin buchen."),
    ("Como alumno, quiero reservar una videollamada con mi tutor.",
     "Como alumno, quiero reservar una consulta por vídeo con mi tutor."),
])
def test_a_video_call_is_a_video_consultation(tmp_path, a, b):
    assert _verdict(tmp_path, a, b) is None


@pytest.mark.parametrize("a, b", [
    ("As a pet owner, I want a video consultation with the vet.",
     "As a pet owner, I want a phone consultation with the vet."),
    ("Como alumno, quiero reservar una videollamada con mi tutor.",
     "Como alumno, quiero reservar una clase presencial con mi tutor."),
])
def test_video_against_phone_or_in_person_stays_apart(tmp_path, a, b):
    assert _verdict(tmp_path, a, b) is not None
    (tmp_path / "rel").mkdir()
    assert pair_relation(tmp_path / "rel", a, b) != "duplicate"


# The word "rate" one need names is said by the other story only in its description line.
DESCRIBED = ("## Course feedback\nAs a student, I want to give feedback on my course.\n\n"
             "Students rate the course from 1 to 5 stars after the last lesson.\n")
ASKS_RATE = "## Rate the course\nAs a student, I want to rate my course feedback.\n"
# ... and a sibling whose description says something else: "rate" stays a difference.
DESCRIBED_OTHER = ("## Course feedback\nAs a student, I want to give feedback on my course.\n\n"
                   "Students write a comment after the last lesson.\n")


def test_a_word_said_in_the_description_is_matched(tmp_path):
    assert _verdict(tmp_path, DESCRIBED, ASKS_RATE, said=False) is not None  # the fields alone: a difference
    assert _verdict(tmp_path, DESCRIBED, ASKS_RATE) is None


def test_a_word_the_description_does_not_say_stays_a_difference(tmp_path):
    assert _verdict(tmp_path, DESCRIBED_OTHER, ASKS_RATE) is not None
