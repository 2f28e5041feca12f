"""The "As a <role>, I want <goal>, so that <benefit>" template in the languages teams write
backlogs in: English, French, German, Dutch, Spanish, Portuguese, Italian, Polish, Swedish,
Russian, Chinese, Japanese and Korean.

Each language is an *anchor* (intro word, role, subject and verb: where a narrative starts)
plus the markers that open its benefit. The goal and benefit are cut out in Python, not by
one big regex: a pattern like ``(?P<goal>.+?)(?:so that(?P<benefit>.+?))?$`` rescans the rest
of the text from every "as" it meets, which took 65 s on a 32 KB line (issue 17). Every
pattern here is matched on whitespace-collapsed text and only has bounded repetition
(a role is at most 100 characters), so a search is linear in the text's length.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# A role may hold an abbreviation's period ("Ph.D. student", "U.S. citizen") but not a
# sentence end (". I want" is two sentences) nor a table's "|".
_ROLE = r"(?P<role>(?:[^.;:!?|\n]|\.(?=\S| (?-i:[a-z]))){1,100}?)"
# Text is whitespace-collapsed: at most one space either side of a comma, or of the colon,
# semicolon or dash some teams write there ("As a user: I want", "As a user - I want").
_SEP = r" ?[,:;–—-]? ?"

# English. "As a/an/the <role>" or "As <role>" (no article, checked in _role_ok), then
# I/we, contractions ("I'd", "I'm"), up to four modifiers ("would", "only", "don't", "do
# not") and the verb ("want", "like", "need", "able", "can"...).
_EN_AUX = (r"(?: (?:would|should|must|shall|will|do|does|could|might|may|am|only|also|just|"
           r"really|still|always|never|not|don['’]?t|doesn['’]?t|won['’]?t|wouldn['’]?t|"
           r"cannot|can['’]?t|definitely|then|now|as\s+well)){0,4}")
# Apostrophe look-alikes ("don´t" typed with the acute accent European keyboards give, "don’t"
# from Word, "donʼt", "don`t", a prime) are folded to "'" before any pattern runs (fold(), one
# character for one, so offsets stay those of the text as written): a negation is read with
# its "not" whichever apostrophe it was typed with (issue 10).
APOSTROPHES = "’‘´ʼ`′＇ʹ"
_FOLD = str.maketrans({ch: "'" for ch in APOSTROPHES})


def fold(text: str) -> str:
    """``text`` with every apostrophe look-alike replaced by "'" (same length, same offsets)."""
    if text.isascii() and "`" not in text:
        return text  # the common case, checked in O(1) and one scan: nothing to fold
    return text.translate(_FOLD)


_EN_TAIL = (r"\b(?:I|we)(?: ?['’‘´`] ?(?:d|m|ll|ve))?" + _EN_AUX
            + r" (?:want|wanna|like|love|need|wish|prefer|expect|require|desire|hope|have to|"
              r"can['’]?t|cannot|won['’]?t|shouldn['’]?t|mustn['’]?t|"
              r"can|could|must|should|will|shall|may|be able|able|would like)\b(?!['’])")
_EN = r"\bas (?:(?P<art>an?|the|one of (?:the|our|my|many)|my|our) )?" + _ROLE + _SEP
_EN_BENEFIT = re.compile(
    r"\b(?:so that|so as (?:not )?to|in order (?:not )?(?:to|that|for)|so (?=(?:I|we|they|my|our|the|it|he|she|"
    r"you|that|there|customers?|users?)\b))|"
    # A purpose clause after the goal is the benefit: "follow my claim online, to avoid phoning
    # the call centre": after a comma, "to" + a lower-case verb ("export to CSV, to PDF" and
    # ", to the team" are places, not purposes). Without the comma it stays the goal: "I want
    # the app to prevent double bookings" is what the app does.
    r", (?:not )?to (?!(?:the|a|an|my|our|their|his|her|its|your|all|each|every|any|this|that|"
    r"these|those|me|us|them|him|it|you|and|or|be|do|which|whom)\b)(?=(?-i:[a-z]))", re.I)

# Nouns that end like an infinitive and follow "para"/"pour"/"per" as its object ("ropa para
# mujer", "un piso para alquiler", "filtrare i film per genere", "spedire per corriere"): no
# purpose clause after them; nor after a capitalised word, a name ("pour Pierre").
_OBJECT_NOUNS = {
    "es": "mujer alquiler hogar taller lugar bienestar mar par placer dólar militar familiar particular titular "
          "auxiliar celular carácter máster póster líder chófer chofer",
    "pt": "mulher lar colher bar par mar militar familiar particular titular auxiliar celular líder",
    "fr": "mémoire ordre loisir plaisir affaire avenir soir hiver cadre titre membre livre",
    "it": r"genere carattere mare piacere lettere \w+iere",  # (mestiere, corriere, cameriere)
}


def _no_object(*langs: str) -> str:
    """A lookahead that fails on an object noun of ``langs`` or a capitalised word."""
    nouns = "|".join(w for lang in langs for w in _OBJECT_NOUNS[lang].split())
    return rf"(?!(?:{nouns})\b)(?-i:(?![A-ZÀ-ÖØ-Þ]))"


_FR = r"\ben tant qu(?:e |['’] ?)" + _ROLE + _SEP
_FR_TAIL = (r"(?:\bje |\bj['’] ?|\bnous )(?:ne |n['’] ?)?(?:veux|voudrais|souhaite|souhaiterais|"
            r"aimerais|aimerai|dois|devrais|peux|pourrais|désire|ai besoin|voulons|souhaitons|"
            r"devons|pouvons|avons besoin|aimerions|voudrions)\b")
_FR_BENEFIT = re.compile(
    r"\b(?:afin (?:de|d['’]|que|qu['’])|pour qu(?:e|['’])|pour pouvoir|"
    r"de (?:sorte|façon|manière) (?:que|qu['’]|à)|dans le but de|(?-i:Pour)\b|"
    # "pour" + infinitive is a purpose clause ("je veux suivre ma commande pour savoir ...");
    # "pour le mois" is not.
    r"pour (?=(?:ne (?:pas |plus |jamais )?|n['’]|l['’]|les? |la |me |m['’]|se |s['’]|y |en |leur |lui )?"
    + _no_object("fr") + r"\w+(?:er|ir|re|oir)\b))", re.I)  # ("pour ne pas oublier")

# German and Dutch share the verb-second order: "Als <role> möchte ich" / "Als <role> wil ik".
_DE = r"\bals " + _ROLE + _SEP
_DE_TAIL = (r"\b(?:möchte|moechte|will|muss|kann|brauche|benötige|würde|wünsche|soll|möchten|"
            r"wollen|müssen|können|wil|wens|moet|kan|zou|wensen|willen|moeten|kunnen) "
            r"(?:ich|wir|ik|we|wij)\b")
# A capitalised "Um"/"Om"/"Para"/"Pour"/"Per" starts the benefit line of a Gherkin-style
# narrative (one part per line, no punctuation); lower-case it is too common to count.
_DE_BENEFIT = re.compile(r"\b(?:damit|sodass|so dass|zodat|opdat)\b|, ?(?:um|om) |(?-i:\b(?:Um|Om) )|"
                         # "um ... zu" / "om ... te" without the comma: the infinitive's "zu"
                         # (also inside a separable verb, "zuzuteilen") or "te" must follow
                         r"\bum (?=[^.,;]{0,80}?(?:\bzu |\w+zu\w*en\b))|\bom (?=[^.,;]{0,80}?\bte\b)",
                         re.I)

# Spanish and Portuguese share "Como <role>, (yo/eu) quiero/quero ...".
_ES = r"\bcomo (?:(?:un|una|el|la|um|uma|o|a) )?" + _ROLE + _SEP
_ES_TAIL = (r"(?:\b(?:yo|eu) )?(?:\b(?:no|não) )?\b(?:quiero|quisiera|necesito|deseo|puedo|"
            r"me gustar[ií]a|queremos|necesitamos|quero|gostaria|preciso|posso|desejo|queria)\b")
_ES_BENEFIT = re.compile(
    r"\b(?:para que|para poder|de (?:modo|forma|manera) que|con el fin de|a fin de|"
    r"afim de|de modo a|(?-i:Para))\b|"
    # "para" + infinitive is a purpose clause, the benefit ("quiero ver el mapa para asignar
    # el vehículo", "quero ver o estoque para repor"); "para el equipo" is not.
    # ("no"/"não" before it: "para no repetir"; "ir", the one infinitive of two letters; "-or"
    # only in Portuguese "pôr" and its kin, "repor": "acceso para administrador" is an object;
    # an accented infinitive under two clitics: "para enviármelo")
    r"\bpara (?=(?:no |não |nao |me |se |te |lhe |le |lo |la |los |las |nos )?" + _no_object("es", "pt")
    + r"(?:\w+[aeiíáé]r|\w*p[oô]r|ir)(?:se|me|te|lo|la|los|las|le|les|nos|lhe|lhes){0,2}\b)", re.I)

_IT = r"\bcome (?:(?:un|una|uno|il|la|lo|l['’]) ?)?" + _ROLE + _SEP
_IT_TAIL = (r"(?:\bio )?(?:\bnon )?\b(?:voglio|vorrei|desidero|devo|posso|ho bisogno|vogliamo|"
            r"vorremmo)\b")
_IT_BENEFIT = re.compile(r"\b(?:in modo (?:da|che)|in maniera (?:da|che)|di modo che|così (?:che|da)|"
                         r"cosicché|affinché|per poter|per far sì che|al fine di|allo scopo di|"
                         r"(?-i:Per))\b|"
                         # "così posso ..." / "così non perdo ...": "so I can", a purpose; "così
                         # dettagliato" (so detailed) is not
                         r"\bcosì (?=(?:non |io |noi )?(?:posso|possiamo|potrò|potremo|riesco|"
                         r"riusciamo|so|sappiamo|evito|evitiamo|ho|abbiamo|vedo|vediamo|trovo|"
                         r"troviamo|ricevo|riceviamo|risparmio|risparmiamo|sono|siamo|perdo|"
                         r"perdiamo|dimentico|dimentichiamo|devo|dobbiamo)\b)|"
                         # "per" + infinitive ("per completare l'acquisto"), not "per esempio"
                         r"\bper (?=(?:non )?" + _no_object("it")
                         + r"\w+(?:are|ere|ire|rre)(?:lo|la|li|le|ne|si|mi|ti|ci|vi)?\b)",
                         re.I)

# Polish: "Jako <role>, chcę <goal>, aby/żeby <benefit>".
_PL = r"\bjako " + _ROLE + _SEP
_PL_TAIL = (r"\b(?:(?:ja|my) )?(?:nie )?(?:chcę|chce|chciałbym|chciałabym|chcielibyśmy|chcemy|"
            r"potrzebuję|potrzebujemy|muszę|musimy|mogę|możemy|powinienem|powinnam)\b")
_PL_BENEFIT = re.compile(r"\b(?:aby|żeby|abym|abyśmy|bym|by|w celu|tak aby|tak żeby)\b", re.I)

# Swedish (verb-second like German): "Som <role> vill jag <goal>, så att <benefit>".
_SV = r"\bsom " + _ROLE + _SEP
_SV_TAIL = r"\b(?:vill|skulle vilja|behöver|måste|kan|önskar) (?:jag|vi)\b"
_SV_BENEFIT = re.compile(r"\b(?:så att|för att|så jag|så vi)\b", re.I)

# European Portuguese: "Enquanto <role>, quero <goal>, para <benefit>" (the tail and the
# benefit are Spanish/Portuguese's).
_PT = r"\benquanto (?:(?:um|uma|o|a) )?" + _ROLE + _SEP

# Russian: "Как <role>, я хочу <goal>, чтобы <benefit>" (also "В качестве <role> ...").
_RU = r"\b(?:как|в качестве) " + _ROLE + _SEP
_RU_TAIL = (r"\b(?:я|мы) (?:не )?(?:хочу|хотел бы|хотела бы|хотим|хотели бы|могу|можем|должен|должна|"
            r"должны|нуждаюсь|нуждаемся|желаю)\b")
_RU_BENEFIT = re.compile(r"\b(?:чтобы|для того,? чтобы|с тем,? чтобы|с целью)\b", re.I)

# Chinese: "作为<role>，我想要<goal>，以便<benefit>" -- no spaces and no word boundaries
# between CJK characters, so no \b here; full-width punctuation separates the parts.
_ZH_ROLE = r"(?P<role>[^。；;：:!！?？|\n，,]{1,40}?)"
_ZH = r"(?:作为|身为|作為)(?:一[个名位個])?" + _ZH_ROLE + r" ?[,，:：;；]? ?"
_ZH_TAIL = r"(?:我|我们|我們)(?:不)?(?:想要|想|希望|需要|要|能够|能夠|可以|期望)"
_ZH_BENEFIT = re.compile(r"(?:以便|以便于|从而|從而|这样|這樣|为了|為了)")

# Japanese: "<role>として、<goal>したい。それにより<benefit>。" -- the role comes BEFORE its
# intro word and the want-verb ends the goal, so the anchor is "<role>として、" (an optional
# "私は") and a bounded look-ahead asks for a want-ending in the same sentence: "結果として、
# 遅延が発生した" (as a result, ...) has none and is prose (t23 finding 8: a cp932 file of
# two such lines was one unparsed story).
_JA_WANT = r"(?=[^。！？!?]{1,160}?(?:たい|欲しい|ほしい|必要があ|必要だ|必要です|べき|望む|望みます))"
_JA_ROLE = r"(?P<role>[^。；;：:!！?？|\n，,、「」『』\s]{1,40}?)"
_JA = _JA_ROLE + r"として"
_JA_TAIL = (r"(?<=として)(?:は)? ?[,，、:：]? ?(?:(?:私|わたし|僕|我々|私たち|わたしたち)(?:は|が)[、，,]? ?)?"
)
# Only the markers that open the next sentence: "〜するために〜したい" puts its purpose BEFORE
# the goal, so a "ために" inside the goal's sentence is not where a benefit starts.
_JA_BENEFIT = re.compile(r"(?:それにより|それによって|これにより|これによって|そうすれば|そうすることで|"
                         r"なぜなら|それは)")
# Korean: "<role>로서, 나는 <goal>하고 싶다. 그래서 <benefit>." -- the role ends in the
# particle 로서/으로서 (written after the noun, no space), then the goal, then a want-ending
# in the same sentence.
_KO_WANT = (r"(?=[^.!?。]{1,200}?(?:싶다|싶습니다|싶어요|싶어|원한다|원합니다|원해요|바란다|바랍니다|"
            r"필요하다|필요합니다|필요해요|해야 한다|해야 합니다))")
_KO = r"(?P<role>[^.;:!?|\n,，]{1,40}?)(?:으로서|로서|으로써|로써)"
_KO_TAIL = r"(?<=로서|로써) ?[,，:]? ?(?:(?:나는|저는|우리는|내가|제가|우리가) )?"
# The want-ending each of them needs after the anchor (checked in role_ok: a look-ahead in
# the anchor itself would stop at the tail's end, where the search is bounded).
_WANT_AFTER = {"ja": re.compile(_JA_WANT), "ko": re.compile(_KO_WANT)}
_KO_BENEFIT = re.compile(r"(?:그래서|그러면|그래야|그렇게 하면|왜냐하면)")  # as Japanese: next sentence

# Words that follow "as"/"als"/"como" in ordinary prose ("as soon as I can", "as a result,
# we need", "Als ich kam"): a role never starts with them.
_NOT_A_ROLE = frozenset("""
soon long much many far well often good little few if though such usual expected before
always mentioned described said shown of for per part is are was were i we you it they he
she this that these those in on at to with when well-known follows follow seen needed
possible quickly fast early late ich wir er sie es man das dass ob wenn ik het dat
только можно будто правило всегда обычно i że
""".split())
# ... and after an article ("As a result, we can", "As a rule, I need").
_NOT_A_ROLE_NOUN = frozenset("""
result consequence rule whole matter reminder side example precaution bonus first second
last next final default fallback workaround general matter minimum maximum start
""".split())


@dataclass(frozen=True)
class Lang:
    """``tail`` finds the subject and verb ("I want", "je veux", "möchte ich"); ``anchor`` is
    the whole start of a narrative, tried only in the 130 characters before a tail, so text
    full of "as a ..." without a verb costs one scan (issue 17)."""

    name: str
    intro: str  # lower-case word every anchor of the language contains: a cheap first test
    tail: re.Pattern
    anchor: re.Pattern
    benefit: re.Pattern


def _lang(name: str, word: str, intro: str, tail: str, benefit: re.Pattern,
          flags: int = re.I) -> Lang:
    return Lang(name, word, re.compile(tail, flags), re.compile(intro + tail, flags), benefit)


LANGS = (
    # ASCII matching for English: its words are ASCII, and the regex engine is ~35% faster
    # (a word ending in a non-ASCII letter, "affinché", would need Unicode \b: not here).
    _lang("en", "as ", _EN, _EN_TAIL, _EN_BENEFIT, re.I | re.A),
    _lang("fr", "tant qu", _FR, _FR_TAIL, _FR_BENEFIT),
    _lang("de", "als ", _DE, _DE_TAIL, _DE_BENEFIT),
    _lang("es", "como ", _ES, _ES_TAIL, _ES_BENEFIT),
    _lang("it", "come ", _IT, _IT_TAIL, _IT_BENEFIT),
    _lang("pl", "jako ", _PL, _PL_TAIL, _PL_BENEFIT),
    _lang("pt", "enquanto ", _PT, _ES_TAIL, _ES_BENEFIT),
    _lang("sv", "som ", _SV, _SV_TAIL, _SV_BENEFIT),
    _lang("ru", "ка", _RU, _RU_TAIL, _RU_BENEFIT),
    _lang("zh", "为", _ZH, _ZH_TAIL, _ZH_BENEFIT),
    _lang("ja", "として", _JA, _JA_TAIL, _JA_BENEFIT),
    _lang("ko", "로", _KO, _KO_TAIL, _KO_BENEFIT),
)
_WINDOW = 130  # intro + article + role (<= 100) + separator


def role_ok(lang: Lang, match: re.Match, text: str) -> bool:
    """Reject prose that merely contains the intro word ("as soon as I can")."""
    want = _WANT_AFTER.get(lang.name)
    if want is not None:
        return want.match(text, match.end()) is not None
    words = match.group("role").lower().split(None, 6)
    article = match.group("art") if lang.name == "en" else None
    first = words[0].strip("'\"(") if words else ""
    if not first or first in _NOT_A_ROLE_NOUN or (not article and first in _NOT_A_ROLE):
        return False
    if lang.name == "en" and not article:
        # "As admin, I want": no article, so only at the start of a line, sentence or item,
        # and a short role.
        before = text[max(0, match.start() - 8): match.start()].rstrip()
        # A capital "As" after a word is a line that starts a narrative under a title line
        # ("Story 7: Export the report" / "As warehouse picker I would like ..."): the text
        # here is whitespace-collapsed, so that line break is gone.
        new_line = match.group(0)[:3] == "As "
        if len(words) > 5 or (before and not new_line and before[-1] not in ".!?:;|>)]*#-–—•\"'"
                              and not before[-1].isdigit()):
            return False
    return True


@lru_cache(maxsize=4096)
def anchors(flat: str) -> tuple[tuple[int, int, re.Match, Lang], ...]:
    """Every narrative anchor in whitespace-collapsed text: (start, end, match, language),
    sorted by start, overlaps removed (the earlier one wins); the matches are made on
    fold(flat), so their groups hold "'" for any apostrophe look-alike. Cached: readers ask about the
    same unit of text more than once."""
    found = []
    flat = fold(flat)  # the matches' groups read the folded text; offsets are the same
    low = flat.lower()
    for lang in LANGS:
        if lang.intro not in low:
            continue
        done = 0  # anchors never overlap: search windows start after the last one found
        for tail in lang.tail.finditer(flat):
            lo = max(done, tail.start() - _WINDOW)
            while (m := lang.anchor.search(flat, lo, tail.end())) is not None:
                if role_ok(lang, m, flat):
                    found.append((m.start(), m.end(), m, lang))
                    done = m.end()
                    break
                lo = m.start() + 1  # "as soon as possible, as a user I want": next word
    found.sort(key=lambda t: t[0])
    out, end = [], -1
    for item in found:
        if item[0] >= end:
            out.append(item)
            end = item[1]
    return tuple(out)
