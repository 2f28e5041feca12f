"""The slots of a story that tell duplicates from siblings: role, need (action + object +
qualifiers), criteria or Gherkin steps, each as a sequence of content lemmas.

    slots = story_slots(story)      # Slots(role=..., need=Phrase(...), criteria=(...), ...)

A ``Phrase`` keeps its content words in order (function words dropped, lemmatised with
simplemma in the story's language, actions a product owner treats as one mapped to one
token), so "upgrade the Slack plugin to React 16" and "upgrade the Jira plugin to React 16"
align word for word and differ in exactly one slot. Numbers become "#<value>" tokens and
quoted strings, `code`, identifiers (post.title, snake_case) and <placeholders> become
"@<text>" tokens: the details that make two stories of one template different stories.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache

from storytransformer.relate.backlog_synonyms import LANG_THINGS
from storytransformer.relate.translations import english
from storytransformer.relate.lexicon import (ACTION_CLASS, FILLER, FUNCTION_WORDS, NEGATIONS, NUMBER_WORDS,
                                             PHRASES, SAME_THING, STEP_KEYWORDS, SUBJECTS)
from storytransformer.relate.exception_clause import EXCEPT_WORDS, UNIVERSAL_WORDS
from storytransformer.relate.numerals import plain_numbers
from storytransformer.relate.units import DURATIONS, UNIT_TOKENS, canonical_quantities
from storytransformer.stories import Story

_LIST_COMMA = re.compile(r"\w,\s+\w")  # a comma between two words (not "1,5", not "," before "so that")
VERB_LAST = frozenset({"de", "nl"})  # languages whose need ends in its verb ("... buchen", "... boeken")
MAX_NEED_TOKENS = 60  # an unparsed story is compared on its first words only
_TOKEN = re.compile(
    r"`(?P<code>[^`\n]+)`"
    r"|\"(?P<quoted>[^\"\n]{1,80})\"|“(?P<curly>[^”\n]{1,80})”"
    r"|<(?P<placeholder>[\w .-]{1,40})>"
    r"|(?P<number>[£$€¥]?\d+(?:[.,:]\d+)*\s?%?)"
    r"|(?P<word>\w(?:[\w'’\-./]*\w)?)")
_IDENTIFIER = re.compile(r"\w[._/]\w|[a-z][A-Z]|_")
# "and" / "or" per language ("of" is Dutch "or", English "of"; "en" Dutch "and", French "in")
_JOINS = {"en": frozenset("and or plus".split()), "de": frozenset("und oder sowie".split()),
          "fr": frozenset("et ou".split()), "es": frozenset("y o e u".split()),
          "it": frozenset("e o oppure".split()), "pt": frozenset("e ou".split()), "nl": frozenset("en of".split())}
# Abbreviations with inner dots look like identifiers (post.title); they are function words
# ("e.g. 'blood test'" made 'e.g' the object that told two stories apart).
_ABBREVIATIONS = frozenset("e.g i.e z.b d.h u.a bzw p.ex p.e c.-à-d c.à.d b.v d.w.z o.a p.es ecc es. ad.es".split())
_STEP_KEYWORD = re.compile(r"^\s*(\w+|\*)\s")
# lexicon.PHRASES as one pass: group n (1-based) is rewritten to the n-th phrase's word.
_PHRASES = re.compile(r"(?<!\w)(?:" + "|".join(f"({pattern})" for pattern, _ in PHRASES) + ")", re.IGNORECASE)
_PHRASE_WORDS = [word for _, word in PHRASES]
# A need that is only a criteria heading ("Acceptance criteria:"): the story is its criteria.
_HEADING_ONLY = frozenset({"acceptance", "criterion", "criteria", "ac", "akzeptanzkriterium",
                           "critère", "criterio", "aceptación", "acceptation"})


# A role named by its department is the department's kind of person: "someone in accounts"
# asks what a "finance clerk" asks. Only the department's own words: an "account holder" or
# an "account manager" (singular) is no one from accounts.
_DEPARTMENT = re.compile(r"\baccounts\b(?! (?:holders?|owners?)\b)|\baccounting\b|\bbookkeep(?:ing|ers?)\b|"
                         r"\b(?:finanz)?buchhaltung\b|\bcomptabilité\b|\bcontabilidad\b|\bcontabilità\b|"
                         r"\bboekhouding\b", re.IGNORECASE)
_HUMAN_RESOURCES = re.compile(r"\bhuman resources\b|\bpersonalabteilung\b|\bressources humaines\b|"
                              r"\brecursos humanos\b|\brisorse umane\b", re.IGNORECASE)


@dataclass(frozen=True)
class Phrase:
    """Content of one piece of text: ``tokens`` in order (lemmas, "#n" numbers, "@x"
    specifics), ``negated`` when it says not/never/cannot, ``names`` the capitalised words
    inside a sentence (proper nouns: products, systems, places)."""

    tokens: tuple[str, ...] = ()
    negated: bool = False
    names: frozenset[str] = frozenset()
    joins: int = 0  # "and"/"or" (in the languages known): one more means one more thing asked
    # content tokens before the first negation (-1: none): 0 or 1 means the need itself is
    # negated ("I do not want ...", "not to be able to ..."), more a detail inside it
    negated_at: int = -1
    # content tokens before an exception clause ("except on weekends", "unless", "außer", "sauf",
    # "salvo", "tranne", "excepto"; -1: none), and whether the phrase speaks of every case ("every
    # day", "all", "any", "including", "jeden", "tous", "todos", "ogni"): relate/exception_clause.py
    excepted_at: int = -1
    universal: bool = False
    excepted_from: int = 0  # where the sentence with the exception clause starts (a token index)

    @cached_property
    def specifics(self) -> frozenset[str]:
        """Numbers, quoted strings, identifiers and names: what differs between siblings."""
        return frozenset(t for t in self.tokens if t[0] in "#@") | self.names

    @cached_property
    def words(self) -> frozenset[str]:
        return frozenset(self.tokens)


@dataclass(frozen=True)
class Step:
    """One Gherkin step (or criterion): its kind (given/when/then) and its content."""

    kind: str
    phrase: Phrase


@dataclass(frozen=True)
class Slots:
    """What the relation decision compares. ``need``: the goal ("I want ..."), else the
    title, else the first words of the raw text; ``scenario``: a Gherkin scenario, whose need
    is its title and whose steps are ``criteria`` (the Feature's narrative is shared)."""

    lang: str
    role: frozenset[str]
    need: Phrase
    criteria: tuple[Step, ...]
    benefit: Phrase
    scenario: bool = False
    # What the need reacts to: the words after "when", "once", "after", "before", "wenn",
    # "quand", "cuando", ... ("a reminder when *my invoice is overdue*"); empty when none.
    event: Phrase = Phrase()
    # The need's leading verb as its lemma ("order" in "to order room service"), known to the
    # action lexicon or not; "" when the need does not start with one (English goals only).
    verb: str = ""
    # What the need is sorted, filtered or grouped by: the words after its "by" ("filter
    # stations by *connector type*", "nach", "par", "por", "per"); empty when none (kinds.py).
    by: Phrase = Phrase()
    # The need says something cannot be done ("there is no way to export ..."): a bug report so
    # worded reports a missing capability, not a fault (relate/sibling_cues.py).
    unable: bool = False
    # The story's heading when it also has a goal (the need is the goal then): a tracker's title
    # names the story's object in a few words ("Cart assignment overview"); empty otherwise.
    title: Phrase = Phrase()
    # The need is labelled a bug report ("Bug: ...", "[Bug] ..."; relate/sibling_cues.py).
    bug: bool = False
    # The need's two ends when it converts or moves something from one to the other ("convert
    # miles *into* hotel points"): (source words, target words), or None (relate/directions.py).
    ends: tuple[frozenset[str], frozenset[str]] | None = None
    # The role's own words before any clause or phrase after its noun ("employee *who is
    # unwell*", "shopper *with a promo code*" -> "employee", "shopper"): the kind of person, where
    # the rest says their situation (relate/role_qualifiers.py compares these).
    role_core: frozenset[str] = frozenset()

    @cached_property
    def all_words(self) -> frozenset[str]:
        """Every content token of the story: need, benefit, criteria (and the need's names)."""
        words = set(self.need.words) | self.benefit.words | self.need.names
        for step in self.criteria:
            words |= step.phrase.words
        return frozenset(words)

    @cached_property  # (read 400,000 times for 10,000 stories on the 10k plan's decisions)
    def action(self) -> str:
        """The need's action ("!" + the first word of its class) when the need starts with a
        known action ("to delete my account" -> "!delete"), else "" ("an audit log of ...")."""
        first = self.need.tokens[0] if self.need.tokens else ""
        if not first.startswith("!") and self.lang in VERB_LAST:
            # German and Dutch put the infinitive last ("einen Mangel mit Foto *erfassen*");
            # their nouns are no actions (capitals, articles: _noun_use)
            return next((t for t in self.need.tokens if t.startswith("!")), "")
        if not first.startswith("!"):
            # a sentence with its subject first: "Reception staff need to *move* ...", "The
            # system shall *send* ..." (at most two subject words, each a kind of person)
            for k, t in enumerate(self.need.tokens[1:3], 1):
                if t.startswith("!"):
                    return t if all(u in SUBJECTS for u in self.need.tokens[:k]) else ""
        return first if first.startswith("!") else ""


def need_text(story: Story) -> str:
    """The need as written (not lemmatised): what ``Slots.need`` is built from."""
    if story.format == "gherkin":
        return story.title or story.goal or story.text
    return story.goal or story.title or story.text


def story_slots(story: Story) -> Slots:
    """Slots of one story. Never fails: a story with no narrative is compared on its text."""
    lang = story_language(story)
    scenario = story.format == "gherkin"
    need = phrase(need_text(story), lang, limit=MAX_NEED_TOKENS)
    if set(need.tokens) <= _HEADING_ONLY and story.acceptance_criteria:
        need = phrase(" ".join(story.acceptance_criteria), lang, limit=MAX_NEED_TOKENS)
    role = _as_nouns(phrase(_DEPARTMENT.sub("finance", _HUMAN_RESOURCES.sub("hr", story.role or "")), lang),
                     story.role or "", lang)
    criteria = _steps(story.acceptance_criteria, lang)
    trigger = TRIGGER.search(need_text(story)[:400])
    event = phrase(trigger.string[trigger.end():], lang) if trigger and trigger.start() > 0 else Phrase()
    by = _BY.search(need_text(story)[:400])
    from storytransformer.relate.directions import ends
    from storytransformer.relate.sibling_cues import bug_report, unable

    return Slots(lang, frozenset(role.tokens), need, criteria, phrase(story.benefit or "", lang),
                 scenario, event, _leading_verb(need, story, lang), phrase(by.group(1), lang) if by else Phrase(),
                 unable(need_text(story)[:400]),
                 phrase(story.title, lang) if story.title and story.goal and not scenario else Phrase(),
                 bug_report(need_text(story)[:200]), ends(need_text(story), lang),
                 _role_core(story.role or "", lang) if story.role else frozenset())


# What ends a role's noun phrase: a relative clause or a phrase after the noun (en/de/fr/es/it/nl/pt)
_ROLE_CLAUSE = re.compile(r"\s(?:who|that|which|whose|with|without|off|on|in|at|from|of|for|by|der|die|das|mit|"
                          r"ohne|im|qui|que|avec|sans|de|du|des|con|sin|del|che|senza|di|met|zonder|van|com|sem|"
                          r"do|da)\s.*$", re.IGNORECASE | re.DOTALL)


def _role_core(role: str, lang: str) -> frozenset[str]:
    """The role's tokens read as in ``story_slots``, from its words before any clause."""
    core = _ROLE_CLAUSE.sub("", role[:100])
    return frozenset(_as_nouns(phrase(_DEPARTMENT.sub("finance", _HUMAN_RESOURCES.sub("hr", core)), lang),
                               core, lang).tokens)


# Infinitive endings per language: a role word is a noun, and simplemma reads some as verbs
# ("capitano" -> "capitare", "Gärtner" -> "gärtnern", "tuinier" -> "tuinieren", "empregado" ->
# "empregar"), while the plural in another story ("I capitani") reads as the noun.
_INFINITIVE = {"it": ("are", "ere", "ire"), "es": ("ar", "er", "ir"), "pt": ("ar", "er", "ir"),
               "fr": ("er", "ir", "re"), "de": ("en", "ern", "eln"), "nl": ("en", "eren")}


def _as_nouns(role: Phrase, text: str, lang: str) -> Phrase:
    """``role`` with each token that is a verb lemma of a word of ``text`` (not a verb itself)
    read as that word, in its synonym class."""
    ends = _INFINITIVE.get(lang)
    if not ends or not role.tokens:
        return role
    words = {w.casefold() for w in re.findall(r"\w+", text[:200])}
    noun = {}
    for w in words:
        lemma = _lemma(w if lang != "de" else w.capitalize(), lang)
        if lemma != w and lemma.endswith(ends) and not w.endswith(ends):
            noun[lemma] = SAME_THING.get(w, w)
    if not noun.keys() & set(role.tokens):
        return role
    return Phrase(tuple(noun.get(t, t) for t in role.tokens), role.negated, role.names, role.joins)


# "filter stations by connector type (CCS, Type 2)", "Produkte nach Preis filtern": the words after
# the "by" up to the end of the clause.
_BY = re.compile(r"\b(?:by|nach|par|por|per|según|selon)\s+([^.;:\n]+)", re.IGNORECASE)


_LAST_WORD = re.compile(r"(\w+)\W*$")
_FIRST_WORD = re.compile(r"^\s*(?:to\s+|be able to\s+)?([a-z]+)\b", re.IGNORECASE)


def _leading_verb(need: Phrase, story: Story, lang: str) -> str:
    """The verb an English goal "to <verb> ..." starts with (a German or Dutch need ends with),
    as the need's token: its action token when the lexicon knows it ("!book"), else its lemma
    ("order", "donate", "zurückfordern")."""
    if lang in VERB_LAST and need.tokens:  # "meine Kaution online *zurückfordern*"
        m = _LAST_WORD.search(need_text(story))
        last = m.group(1) if m else ""
        ok = last[:1].islower() and last.endswith(("en", "rn", "ln")) and need.tokens[-1] in (last, _lemma(last, lang))
        return need.tokens[-1] if ok or need.tokens[-1].startswith("!") else ""
    m = _FIRST_WORD.match(need_text(story)) if lang == "en" and need.tokens else None
    if not m or not re.search(r"\bto\s+" + re.escape(m.group(1)) + r"\b", story.text, re.IGNORECASE):
        return ""  # "I want a reminder ...": no verb first
    first = need.tokens[0]
    return first if first.startswith("!") or first == _lemma(m.group(1).casefold(), lang) else ""


# The word that opens what a need reacts to ("notify me *when* ...", "*sobald* ..."); not at the
# start of the need (a Gherkin "When" step, "Als" of a Dutch narrative).
TRIGGER = re.compile(r"\b(?:when|whenever|once|as soon as|after|before|in case|wenn|sobald|nachdem|falls|bevor|"
                      r"quand|lorsque|dès que|après|avant|cuando|en cuanto|después de|antes de|quando|appena|dopo|"
                      r"prima|assim que|após|depois|antes|wanneer|zodra|nadat|voordat)\b", re.IGNORECASE)


def story_language(story: Story) -> str:
    """The language a story's slots are read in (FUNCTION_WORDS' keys)."""
    own_words = " ".join(filter(None, (story.goal, story.benefit, story.title)))
    lang = detect_language(own_words if len(own_words) > 30 else story.text[:400])
    if lang == "en" and (len(own_words) <= 80 or _MARKERS_ABROAD.match(story.text.lstrip("#* \n\t")[:200])):
        # A short need has too few function words to tell its language ("voglio pagare il
        # parcheggio in contanti" read as English): the story's own text (its narrative
        # markers "Come ..., voglio", "Como ..., quero") is counted with it.
        lang = detect_language(f"{own_words} {story.text[:400]}")
    return lang


# A narrative that opens with another language's markers ("Come ..., voglio", "Als ... möchte ich"):
# its own words, mostly nouns and English tech words ("i download per episodio"), may still look
# English; the whole text then decides (tester t23: an Italian story read as English).
_MARKERS_ABROAD = re.compile(r"(?:[^\n]*\n)?\s*(?:come|als|en tant que|como|als)\s+[^,\n]{1,60},\s*(?:voglio|vorrei|"
                             r"möchte|will|je veux|je voudrais|quiero|quisiera|quero|gostaria|wil|zou)\b",
                             re.IGNORECASE)


def _steps(criteria, lang: str) -> tuple[Step, ...]:
    kind = "given"
    out = []
    for text in criteria:
        m = _STEP_KEYWORD.match(text)
        word = m.group(1).casefold() if m else ""
        if word in ("given", "gegeben", "angenommen", "soit", "étant", "dado", "dada", "stel"):
            kind = "given"
        elif word in ("when", "wenn", "quand", "lorsque", "cuando", "als", "quando"):
            kind = "when"
        elif word in ("then", "dann", "alors", "entonces", "dan", "allora", "então"):
            kind = "then"
        out.append(Step(kind, phrase(text, lang)))
    return tuple(out)


def detect_language(text: str) -> str:
    """The language (of FUNCTION_WORDS' keys) whose function words the text uses most; "en"
    when none stands out. Cheap on purpose: counting words, no model."""
    words = re.findall(r"\w+", text.casefold())[:80]
    if not words:
        return "en"
    counts = dict.fromkeys(FUNCTION_WORDS, 0)
    for w in words:  # one pass: a word counts for every language it is a function word of
        for lang in _LANGS_OF.get(w, ()):
            counts[lang] += 1
    best, hits = "en", 0
    for lang, n in counts.items():  # (in FUNCTION_WORDS' order)
        # English wins ties and a margin of one (tech words are English); between two other
        # languages the one with more wins ("Le penali devono essere ...": "le" is French too)
        if n > hits + (1 if lang != "en" and best == "en" else 0):
            best, hits = lang, n
    return best


_LANGS_OF: dict[str, tuple[str, ...]] = {}
for _lang, _vocabulary in FUNCTION_WORDS.items():
    for _w in _vocabulary:
        _LANGS_OF[_w] = _LANGS_OF.get(_w, ()) + (_lang,)


def phrase(text: str, lang: str = "en", *, limit: int | None = None) -> Phrase:
    """Content tokens of ``text`` (see the module docstring)."""
    tokens: list[str] = []
    names: set[str] = set()
    negated = False
    negated_at = -1
    excepted_at, universal, excepted_from, clause_from = -1, False, 0, 0
    # "24 hours" and "1 day" are one value: units of time and data size are written canonically
    # ("50 000" in French, "50.000" in German and "50,000" in English are one number: numerals)
    text = _PHRASES.sub(_phrase_word, canonical_quantities(plain_numbers(unicodedata.normalize("NFKC", text), lang)))
    mostly_capitals = _mostly_capitals(text)
    sentence_start = True
    joins = 0
    pressing = False  # after a verb of pressing a control (and its "on"): a quoted label follows
    before = ""  # the word before this one (casefolded): "the report" is a thing, "to report" an action
    noun_phrase = False  # English: inside "the music lesson ...", where a verb is a noun's head
    phrase_end = 0  # where the last token ended (a comma after it ends a noun phrase)
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        raw = m.group(kind)
        if kind == "word" and raw.casefold() in _JOINS.get(lang, _JOINS["en"]):
            joins += 1
        if kind == "word":
            # "the music lesson *schedule*", "the after-school care *register*": a verb after a
            # noun of a noun phrase is that phrase's head noun, no action (tester t22); a comma
            # or a bracket ends the phrase ("my remaining holiday, booked days")
            noun_phrase = noun_phrase and not _PHRASE_BREAK.search(text, phrase_end, m.start())
            after = _IN_COMPOUND if noun_phrase and before not in _NOUN_BEFORE["en"] else before
            token, is_negation = _word(raw, lang, sentence_start, mostly_capitals, names, after)
            # (a noun phrase opens after an article or preposition, or with a verb's object:
            # "reject holiday *requests*")
            # (or after a filler verb: "allow *early check-in requests*")
            noun_phrase = lang == "en" and (raw.casefold() in _NOUN_BEFORE["en"] or raw.casefold() in FILLER or (
                (noun_phrase or before == _AFTER_ACTION) and bool(token) and token[0] not in "!#@"))
            if is_negation and not negated:
                negated_at = len(tokens)
            negated |= is_negation
            low = raw.casefold()
            if excepted_at < 0 and (low in EXCEPT_WORDS or (low, before) in (("than", "other"), ("from", "apart"))):
                excepted_at, excepted_from = len(tokens), clause_from
            universal = universal or low in UNIVERSAL_WORDS
        elif kind == "number":
            token = "#" + _number(raw)
        elif kind in ("quoted", "curly") and pressing:
            # a button's label (tap "freeze card", klicke auf "Speichern"): the action it names
            token = " ".join(phrase(raw, lang).tokens)
        else:
            token = "@" + raw.strip().casefold()
        sentence_start = _ends_sentence(text, m.end())
        if sentence_start:
            clause_from = len(tokens) + len((token or "").split(" ")) if token else len(tokens)
        before = raw.casefold() if kind == "word" else _AFTER_NUMBER if kind == "number" else ""
        pressing = before in _PRESS or (pressing and before in _ON)  # tap "X", click on "X"
        if token.startswith("!") and lang not in VERB_LAST and text[m.end():m.end() + 1] == " ":
            before = _AFTER_ACTION  # "reserve books", "rate books": the word after a verb is its object
        phrase_end = m.end()
        if token:
            tokens.extend(token.split(" "))
        if limit and len(tokens) >= limit:
            break
    if joins:  # "history, X-rays, allergies and ...": commas before an "and"/"or" are list items
        # (a comma before a clause is none: "zurücksetzen, wenn ich es vergessen habe")
        last = max(m.start() for m in re.finditer(r"\w+", text) if m.group().casefold() in _JOINS.get(lang, _JOINS["en"]))
        joins += len(_LIST_COMMA.findall(text[:last]))
    return Phrase(tuple(tokens), negated, frozenset(names), joins, negated_at, excepted_at, universal, excepted_from)


# Words after which a verb of lexicon.ACTION_CLASS is used as a noun ("the report", "my
# export", "a sort code", "at checkout", "le rapport", "el informe"): articles, possessives,
# demonstratives; in English also prepositions and a few adjectives of frequency. Not "a" in
# es/it/pt (a preposition before infinitives: "voy a pagar"), not "de"/"pour"/"para" (before
# infinitives too: "pour exporter").
_NOUN_BEFORE = {
    "en": frozenset("""a an the my your our their his her its this that these those each every any
        some no another of at in on for from with by per via into during before after until within
        without through about upon including daily weekly monthly yearly annual quarterly final full
        new last next first""".split()),
    "de": frozenset("""der die das den dem des ein eine einen einem einer eines mein meine meinen
        meinem meiner dein deine unser unsere ihr ihre kein keine zum zur beim im am vom""".split()),
    "fr": frozenset("le la les l un une des du au aux mon ma mes ton ta tes son sa ses notre nos votre vos "
                    "leur leurs ce cet cette ces".split()),
    "es": frozenset("el la los las un una unos unas mi mis tu tus su sus nuestro nuestra este esta estos "
                    "estas ese esa del al".split()),
    "it": frozenset("il lo la i gli le un uno una mio mia miei mie tuo tua suo sua nostro nostra del della "
                    "dei delle dello degli al alla ai alle questo questa".split()),
    "pt": frozenset("o os as um uma uns umas meu minha meus minhas seu sua do da dos das no na nos nas ao "
                    "este esta".split()),
    "nl": frozenset("de het een mijn jouw uw zijn haar onze ons hun deze dit die dat".split()),
}


# Verbs of pressing a control: the quoted text after them (or after their "on") is
# the label of a button, whose words say what it does.
_PRESS = frozenset("""tap taps tapped click clicks clicked press presses pressed hit hits select
    selects choose chooses push pushes klicke klicken tippe tippen drücke drücken
    wähle wählen clique cliquer appuie appuyer touche toucher pulso pulsar toco tocar pulsa toca
    clicca cliccare premi premere tocca toccare clico clicar klik klikken druk drukken""".split())
_ON = frozenset("on onto auf sur en su op".split())
_IN_COMPOUND = "\x00compound"  # ``before`` for the parts of a hyphenated word
_AFTER_ACTION = "\x00object"  # ``before`` for the word right after an action ("reserve *books*")
_PHRASE_BREAK = re.compile(r"[,;:()\[\]]")
_AFTER_NUMBER = "\x00number"  # ``before`` for the word after a number: "5 *books*" is no action


def _noun_use(raw: str, before: str, lang: str, sentence_start: bool) -> bool:
    """A verb of the action lexicon used as a noun: after an article, possessive or (English)
    preposition; in German also any capitalised word inside a sentence."""
    # (a German verb ends its clause after the number: "Noten von 1 bis 6 eingeben"; nouns
    # are capitalised there)
    after_number = before == _AFTER_NUMBER and not (lang == "de" and raw[:1].islower())
    if before in (_IN_COMPOUND, _AFTER_ACTION) or after_number or (lang == "de" and raw[:1].isupper() and not sentence_start):
        return True  # (a part of "follow-up", "drop-off" is no action either)
    return before in _NOUN_BEFORE.get(lang, _NOUN_BEFORE["en"])


def _phrase_word(m: re.Match) -> str:
    return _PHRASE_WORDS[m.lastindex - 1]


# An elided article or preposition glued to its word: French "l'", "d'", "qu'", Italian "all'",
# "dell'", "nell'", "un'" ("all'archivio" is "archivio"; simplemma strips only some of them)
_ELIDED = re.compile(r"^(?:l|d|j|m|t|s|n|c|qu|jusqu|lorsqu|puisqu|un|all|dall|dell|nell|sull|coll|quest|quell)['’]"
                     r"(?=\w{2})", re.IGNORECASE)


def _word(raw: str, lang: str, sentence_start: bool, mostly_capitals: bool,
          names: set[str], before: str = "") -> tuple[str, bool]:
    if lang in ("fr", "it") and ("'" in raw or "’" in raw):
        raw = _ELIDED.sub("", raw)
    low = raw.casefold().replace("’", "'")
    if low in NEGATIONS or low.endswith("n't"):
        return "", True
    if low in _ABBREVIATIONS:
        return "", False
    if low in UNIT_TOKENS:
        return low, False  # a canonical unit (units.py): no lemmatiser may change it
    if _IDENTIFIER.search(raw) and not raw.replace("-", "").isalpha():
        return "@" + low, False
    if low in NUMBER_WORDS:
        return "#" + NUMBER_WORDS[low], False
    if any(c.isdigit() for c in low) and any(c.isalpha() for c in low):
        return "@" + low, False  # P45, v2, ISO27001: a name, not a quantity
    if "-" in low and low.replace("-", "").isalpha() and low not in SAME_THING:
        # forgotten-password, PDF-Datei: the parts are the words (e-mail, sign-in stay one)
        # A number word in a compound is part of a term, no quantity ("one-off", "one-time",
        # "two-factor", "three-way"): kept as a word.
        # A duration stays one ("a one-hour slot", "a two-day trial").
        split = low.split("-")
        parts = [p if p in NUMBER_WORDS and not (i + 1 < len(split) and split[i + 1] in DURATIONS)
                 else _word(p, lang, False, True, names, _IN_COMPOUND)[0] for i, p in enumerate(split)]
        if len(split[0]) == 1 and split[0].isalpha() and parts[1:] and parts[1]:
            parts = [split[0] + parts[1].lstrip("!"), *parts[2:]]  # e-books, x-rays: one word ("ebooks")
        return " ".join(p for p in parts if p), False
    if low in STEP_KEYWORDS and sentence_start:
        return "", False
    stop = FUNCTION_WORDS.get(lang, FUNCTION_WORDS["en"])
    if low in stop or low in FUNCTION_WORDS["en"] or len(low) < 2:
        return "", False
    # A capitalised German word is lemmatised as written: lower-cased, simplemma reads many nouns
    # as verbs ("Bild" -> "bilden", "Mangel" -> "mangeln", "Räume" -> "räumen", "Ausgaben" ->
    # "ausgeben"), so "ein Bild" and "die Bilder" were two words
    lemma = _lemma(raw.replace("’", "'") if lang == "de" and raw[:1].isupper() and not raw.isupper() else low, lang)
    if lang == "de" and raw[:1].isupper() and len(lemma) >= COMPOUND_MIN:
        lemma = _compound(lemma)  # a noun (German capitalises them): maybe a compound
    if lemma in stop or lemma in FUNCTION_WORDS["en"]:
        return "", False
    return _content(raw, low, lemma, lang, sentence_start, mostly_capitals, names, before)


def _content(raw: str, low: str, lemma: str, lang: str, sentence_start: bool, mostly_capitals: bool,
             names: set[str], before: str) -> tuple[str, bool]:
    """A content word's token: its synonym class, a name (remembered in ``names``), an action
    ("!x") when used as a verb."""
    if lemma in LANG_THINGS.get(lang, ()):
        return LANG_THINGS[lang][lemma], False  # German "Note" is a grade (a thing, never "!grade")
    gloss = english(lemma, low, lang)  # "Heizung", "chauffage" = "heating" (relate/translations.py)
    if gloss:
        return ("" if gloss in FILLER else SAME_THING.get(gloss, gloss)), False
    if lang != "en" and low != lemma and low in SAME_THING and lemma in ACTION_CLASS:
        # a noun the lexicon knows as written, lemmatised to its verb: "endereço de entrega" is
        # a delivery address ("entregar" = submit), "una reserva" a booking
        return SAME_THING[low], False
    own = lemma  # before synonyms: "mark" (a grade) is a thing even though "grade" is also a verb
    lemma = SAME_THING.get(lemma, lemma)
    if lemma in FILLER or low in FILLER:
        return "", False
    if raw[0].isupper() and not sentence_start and not mostly_capitals and not raw.isupper() \
            and lang != "de":  # German capitalises every noun
        names.add(lemma)
    elif raw.isupper() and len(raw) > 1 and raw.isalpha():
        names.add(lemma)  # an acronym: SSO, PDF, CSV
    if lemma in ACTION_CLASS and own in ACTION_CLASS and not (low.endswith("ing") and lang == "en") \
            and not _noun_use(raw, before, lang, sentence_start):
        # a need's verb is an infinitive; "a meter reading", "my booking" are things
        return "!" + ACTION_CLASS[lemma], False
    if lemma in ACTION_CLASS:  # (a plural noun is its singular: "5 books" / "a book")
        return SAME_THING.get(low, lemma if low in (lemma + "s", lemma + "es") else low), False
    return lemma, False


@lru_cache(maxsize=200_000)
def _lemma(word: str, lang: str) -> str:
    import simplemma

    try:
        lemma = simplemma.lemmatize(word, lang=lang).casefold()
    except ValueError:  # a language simplemma does not know
        return word
    return lemma


COMPOUND_MIN = 8  # letters of a German noun read as modifier + head
COMPOUND_HEAD = 4  # letters of the shortest head ("Brief", "Rezept")


@lru_cache(maxsize=50_000)
def _compound(word: str) -> str:
    """A German compound noun with its head in its lemma and synonym class ("laborbefunde" ->
    "laborergebnis", "laborergebnisse" -> "laborergebnis"): simplemma knows few compounds,
    and two teams name one thing with two heads. The head is the longest known word the
    compound ends in; the modifier is kept, so "Röntgenbefund" stays another thing."""
    import simplemma

    if word in SAME_THING:
        return word  # a compound the lexicon knows whole ("gehaltsabrechnung")
    for i in range(3, len(word) - COMPOUND_HEAD + 1):
        tail = word[i:].capitalize()  # as a noun: "Tisch", not the verb "tischen"
        if simplemma.is_known(tail, lang="de"):
            head = simplemma.lemmatize(tail, lang="de").casefold()
            head = LANG_THINGS["de"].get(head, head)
            return word[:i] + SAME_THING.get(head, head)
    return word


def _number(raw: str) -> str:
    digits = re.sub(r"[£$€¥\s]", "", raw)
    unit = raw[0] if raw[0] in "£$€¥" else ""
    return unit + digits.replace(",", ".")


def _ends_sentence(text: str, end: int) -> bool:
    rest = text[end:end + 3].lstrip(" \t")
    return not rest or rest[0] in ".!?:;\n"


def _mostly_capitals(text: str) -> bool:
    """Title Case text ("Book An Appointment Online"): capitals say nothing about names."""
    words = re.findall(r"[^\W\d_]{3,}", text)
    return bool(words) and sum(w[0].isupper() for w in words) > 0.5 * len(words)
