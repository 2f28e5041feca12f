"""Is a line that starts in lower case the wrap of the story above, or a story of its own?

In a backlog kept one story per line, terse lines sit between the narratives: "find nearby
chargers on map", "login with Google", "view past charging sessions". Read as wraps they were
glued onto the story above (tester report 21: 48 lines gave 41 stories, "login with Google"
inside "Dark mode"). In hard-wrapped text a lower-case line is the rest of a sentence
("As a shopper I want to save my cart" / "items for later"). The line alone cannot tell;
the paragraph's own shape and the line's first word can:

- a line whose first word only carries a sentence on ("and", "that", "to", "the", "with",
  "are"; "und", "eine", "mit"; "et", "pour", "de"...) continues it, whatever the shape;
- a line under a narrative that has no goal yet ("As the data user, I only" / "want to
  print labels") is its goal;
- a line with a benefit clause ("so that", "in order to", "damit", "afin de"...) under a
  narrative that has none yet completes that narrative;
- in a paragraph where the lines mostly end a sentence with punctuation, a lower-case line
  under one that does not continues it (the sentence is still open);
- otherwise, a lower-case line is a story of its own when most of the paragraph's lines read
  as stories on their own (a narrative, a requirement, a title): one story per line; and a
  wrap when they do not (hard-wrapped text, where every story spans lines).

Before the rule, a structural continuation (criteria, Given/When/Then, labels, indentation, a
line above cut mid-phrase) is decided in blocks.py; a line above that ends on a word a phrase
can end with ("... a reminder 24 hours before") holds the next line only when that line
carries the phrase on or the paragraph is not one story per line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storytransformer.ingest.narrative import parse_narrative
from storytransformer.ingest.narrative_langs import LANGS

# First words that only carry on a sentence begun on the line above: conjunctions,
# prepositions, articles, relative pronouns and auxiliaries (en, de, fr, es, pt, it, nl). A
# terse story title starts with a verb or a noun ("add", "login", "dark mode"), never these.
_JOINING = re.compile(
    r"^(?:and|or|but|nor|so|to|the|a|an|of|for|with|in|on|at|by|from|into|onto|about|as|than|"
    r"then|that|which|who|whom|whose|where|when|while|if|because|since|until|unless|though|"
    r"although|is|are|was|were|be|been|being|has|have|had|do|does|did|can|could|will|would|"
    r"should|shall|may|might|must|not|also|only|even|just|plus|via|per|without|within|across|"
    r"between|after|before|during|over|under|through|including|instead|rather|etc|"
    r"und|oder|aber|sowie|der|die|das|den|dem|des|ein|eine|einen|einem|einer|eines|mit|für|"
    r"zu|zum|zur|um|von|vom|bei|nach|vor|aus|auf|im|ins|am|dass|damit|sodass|wenn|weil|ob|als|"
    r"wie|werden|wird|ist|sind|sein|kann|können|soll|sollen|muss|müssen|nicht|auch|"
    r"et|ou|mais|du|le|la|les|l['’]|un|une|d['’]|à|au|aux|avec|pour|par|sur|dans|en|que|qui|"
    r"qu['’]|afin|est|sont|être|peut|doit|ne|pas|puis|sans|ainsi|"
    r"y|e|pero|del|el|los|las|con|para|por|al|um|uma|com|do|da|dos|das|no|na|em|il|lo|gli|di|"
    r"della|che|het|een|met|voor|van|op|om|te|zodat|dat)(?=\s|$|[,;:])", re.I)
_SENTENCE_END = re.compile(r"[.!?。]\s*+[\"'”’)]?\s*+$")


def joins(text: str) -> bool:
    """Does ``text`` (stripped) start, in lower case, with a word that only carries on a
    sentence? ("As a ...", "The system ..." with a capital start sentences.)"""
    return text[:1].islower() and _JOINING.match(text) is not None


def _no_goal_yet(unit) -> bool:
    """A narrative cut before its goal: "As the data user, I only" / "want to print"."""
    return unit.narrative and len((parse_narrative(unit.text).goal or "").split()) < 2


def _benefit_across(prev: str, text: str) -> bool:
    """A benefit marker cut by the line break: "... print labels in" / "order to ...",
    "so" / "that ...", "afin" / "de ..."."""
    words = prev.split()
    return bool(words) and has_benefit(words[-1] + " " + text[:40]) and not has_benefit(text[:40])


def after_phrase_end(prev: str, text: str, unit, shape: "Shape") -> bool:
    """Does ``text`` continue ``unit`` whose last line ``prev`` ends on a word a phrase can
    end with ("... a reminder 24 hours before")? Only when it carries the phrase on, or the
    paragraph is not one story per line."""
    return (joins(text) or not shape.one_per_line or _no_goal_yet(unit)
            or _benefit_across(prev, text))


# Last words after which a phrase can be complete ("a reminder 24 hours before", "stations
# nearby... on", "cost 5 each"), unlike "the", "to", "of", "per", "my" that always need more.
_CAN_END = frozenset("before after over under in on off about all more less also only then "
                     "each any some not first too".split())


def ends_phrase(word: str) -> bool:
    """Can a phrase end with ``word`` (the last word of a line cut where it may be open)?"""
    return word.lower() in _CAN_END


def has_benefit(text: str) -> bool:
    """Does ``text`` hold a benefit clause ("so that", "afin de", "damit"...)?"""
    return any(lang.benefit.search(text) for lang in LANGS)


SAMPLE_LINES = 5000  # lines of a body its shape is judged on


@dataclass(slots=True)
class Shape:
    """How a section body's lines are laid out: ``one_per_line`` when the lines that plainly
    stand alone (a narrative, a requirement, a title) outnumber twice those that plainly carry
    a sentence on (a joining first word, a line above cut mid-phrase, a benefit clause in lower
    case); ``punctuated`` when most standalone lines end a sentence with punctuation."""

    one_per_line: bool
    punctuated: bool


def shape_of(paras: list, starts: list, structural, open_end) -> Shape:
    """The shape of a body: ``paras`` its paragraphs ((line number, text) pairs), ``starts``
    for each the lines that start a narrative (None: a table, skipped); ``structural(line)``:
    a criteria, Given/When/Then, label or notes line (neither a story nor a wrap);
    ``open_end(line)``: the line is cut mid-phrase. A lower-case line after a complete one
    with no sign either way ("find nearby chargers on map") is not counted: it is the line
    to decide. Judged on the first paragraphs, up to about SAMPLE_LINES lines."""
    standalone = wraps = ended = 0
    seen = 0
    for para, st in zip(paras, starts, strict=True):
        if st is None:
            continue
        if seen > SAMPLE_LINES:
            break  # the shape of a body is clear long before its end (bounded work)
        seen += len(para)
        prev, block = "", False  # block: inside criteria or steps, until the next narrative
        for (_, line), start in zip(para[:SAMPLE_LINES], st, strict=False):
            text = line.strip()
            if start:
                standalone += 1
                ended += _SENTENCE_END.search(text) is not None
                block = False
            elif block or line[:1] in " \t" or structural(line):
                block = block or structural(line)
            elif (prev and open_end(prev)) or text[:1] in ",;)" or joins(text):
                wraps += 1
            elif not text[:1].islower():
                standalone += 1
                ended += _SENTENCE_END.search(text) is not None
            elif has_benefit(text):
                wraps += 1
            prev = line
    return Shape(one_per_line=standalone > 2 * wraps,
                 punctuated=standalone > 0 and ended * 3 >= standalone * 2)


def lower_line_continues(prev: str, text: str, unit, shape: Shape) -> bool:
    """Does ``text`` (a stripped line starting in lower case, with no narrative) continue
    ``unit`` (blocks.Unit: the unit above, whose last line is ``prev``)?"""
    if not shape.one_per_line or joins(text):
        return True
    if shape.punctuated and _SENTENCE_END.search(prev.strip()) is None:
        return True  # a file written in sentences: the one above is still open
    # "As an engineer, I need to download the raw" / "data in order to avoid errors."
    return (_benefit_across(prev, text) or _no_goal_yet(unit)
            or (has_benefit(text) and unit.has_narrative() and not has_benefit(unit.text)))
