"""The bundled filler text: plain-English essay prose the project generates itself.

The text in ``storytransformer/data/filler.txt`` is produced by :func:`generate` with a fixed
seed (``python -m storytransformer.needle.filler > storytransformer/data/filler.txt``), so it
is reproducible, free of anyone's copyright, and long enough (~60k tokens) for a 32k haystack
without repeating. It deliberately contains no passphrases or codes that look like a needle.
"""

from __future__ import annotations

import random
from importlib import resources

FILLER_RESOURCE = "filler.txt"

_TOPICS = {
    "gardening": {
        "things": ["raised bed", "compost heap", "tomato vine", "pear tree", "herb border", "rain barrel",
                   "seed tray", "hedge", "potato patch", "greenhouse"],
        "people": ["gardeners", "allotment holders", "growers", "beekeepers", "nursery staff"],
        "verbs": ["water", "prune", "mulch", "plant", "harvest", "weed", "stake", "feed"],
        "qualities": ["patient", "seasonal", "forgiving", "stubborn", "generous", "slow"],
    },
    "rivers": {
        "things": ["floodplain", "weir", "oxbow lake", "tow path", "estuary", "mill race", "ford",
                   "gravel bar", "reed bed", "lock gate"],
        "people": ["boat builders", "ferry crews", "anglers", "surveyors", "lock keepers"],
        "verbs": ["dredge", "map", "cross", "measure", "restore", "follow", "drain", "chart"],
        "qualities": ["restless", "muddy", "braided", "shallow", "tidal", "quiet"],
    },
    "cooking": {
        "things": ["sourdough starter", "stock pot", "cast iron pan", "spice rack", "bread oven",
                   "pantry shelf", "pickling jar", "chopping board", "soup kettle", "flour bin"],
        "people": ["cooks", "bakers", "market traders", "home chefs", "caterers"],
        "verbs": ["simmer", "knead", "season", "roast", "ferment", "taste", "braise", "preserve"],
        "qualities": ["hearty", "thrifty", "fragrant", "simple", "careful", "rustic"],
    },
    "railways": {
        "things": ["signal box", "branch line", "viaduct", "goods yard", "timetable", "level crossing",
                   "platform canopy", "turntable", "points lever", "ticket hall"],
        "people": ["signallers", "engine drivers", "guards", "track gangs", "station masters"],
        "verbs": ["inspect", "repair", "schedule", "couple", "switch", "maintain", "electrify", "reopen"],
        "qualities": ["punctual", "noisy", "reliable", "crowded", "remote", "busy"],
    },
    "weather": {
        "things": ["cold front", "sea fog", "rain gauge", "barometer", "thunderhead", "frost hollow",
                   "wind vane", "drizzle", "heat haze", "snow drift"],
        "people": ["forecasters", "sailors", "farmers", "hill walkers", "pilots"],
        "verbs": ["record", "predict", "watch", "shelter from", "measure", "describe", "track", "report"],
        "qualities": ["fickle", "mild", "bitter", "damp", "bright", "changeable"],
    },
    "libraries": {
        "things": ["reading room", "card catalogue", "map drawer", "reference desk", "archive box",
                   "periodical rack", "bookbinding press", "microfilm reader", "study carrel", "return slot"],
        "people": ["librarians", "archivists", "students", "local historians", "volunteers"],
        "verbs": ["catalogue", "lend", "repair", "shelve", "digitise", "index", "preserve", "consult"],
        "qualities": ["orderly", "hushed", "welcoming", "dusty", "well lit", "patient"],
    },
    "mountains": {
        "things": ["ridge path", "scree slope", "mountain hut", "cairn", "glacier snout", "pass",
                   "summit plateau", "boulder field", "waterfall", "pine forest"],
        "people": ["climbers", "shepherds", "rescue teams", "geologists", "walkers"],
        "verbs": ["climb", "survey", "descend", "cross", "shelter in", "photograph", "restore", "explore"],
        "qualities": ["steep", "windswept", "silent", "rugged", "treacherous", "ancient"],
    },
    "workshops": {
        "things": ["lathe", "workbench", "tool chest", "bandsaw", "glue pot", "vice", "dust extractor",
                   "timber rack", "spoke shave", "chisel roll"],
        "people": ["carpenters", "apprentices", "joiners", "furniture makers", "restorers"],
        "verbs": ["sharpen", "plane", "sand", "join", "measure", "finish", "varnish", "assemble"],
        "qualities": ["precise", "cluttered", "warm", "practical", "noisy", "tidy"],
    },
    "markets": {
        "things": ["fish stall", "cheese counter", "flower barrow", "covered hall", "weighing scale",
                   "fruit crate", "awning", "cash tin", "market cross", "loading bay"],
        "people": ["stallholders", "shoppers", "porters", "growers", "market inspectors"],
        "verbs": ["sell", "haggle over", "arrange", "weigh", "carry", "display", "price", "stock"],
        "qualities": ["lively", "early", "crowded", "colourful", "thrifty", "seasonal"],
    },
    "astronomy": {
        "things": ["telescope", "star chart", "observatory dome", "lunar eclipse", "meteor shower",
                   "comet tail", "spectroscope", "planisphere", "night sky", "eyepiece"],
        "people": ["astronomers", "amateur observers", "navigators", "students", "photographers"],
        "verbs": ["observe", "photograph", "chart", "calibrate", "record", "align", "track", "study"],
        "qualities": ["clear", "faint", "distant", "patient", "cold", "dark"],
    },
    "coastlines": {
        "things": ["harbour wall", "lighthouse", "sea cliff", "shingle beach", "rock pool", "breakwater",
                   "salt marsh", "dune", "slipway", "fishing fleet"],
        "people": ["fishermen", "coastguards", "birdwatchers", "lifeboat crews", "harbour masters"],
        "verbs": ["patrol", "repair", "walk", "protect", "survey", "watch", "moor at", "defend"],
        "qualities": ["exposed", "salty", "shifting", "rocky", "sheltered", "grey"],
    },
    "schools": {
        "things": ["classroom", "timetable", "science lab", "playground", "lesson plan", "school library",
                   "music room", "sports field", "exam hall", "art cupboard"],
        "people": ["teachers", "pupils", "parents", "governors", "caretakers"],
        "verbs": ["teach", "organise", "plan", "tidy", "mark", "repaint", "supervise", "improve"],
        "qualities": ["busy", "bright", "cheerful", "demanding", "noisy", "hopeful"],
    },
}

_OPENERS = [
    "Anyone who has spent time around a {thing} knows that it rewards attention.",
    "The history of the {thing} is longer and stranger than most people assume.",
    "It is easy to overlook the {thing}, yet {people} depend on it every day.",
    "Few subjects divide {people} as sharply as the question of the {thing}.",
    "Consider, for a moment, the ordinary {thing}.",
    "There is a particular kind of pleasure in learning how a {thing} really works.",
    "Ask a group of {people} about the {thing} and you will hear a dozen different stories.",
    "In many towns the {thing} was once the centre of daily life.",
]

_BODY = [
    "{People_cap} tend to {verb} the {thing} in the early morning, before the day becomes {quality}.",
    "A {quality} {thing} is not a failure of planning but a sign that conditions have changed.",
    "Older {people} often say that you cannot {verb} a {thing} in a hurry.",
    "The {thing2} and the {thing} are rarely discussed together, although they share a great deal.",
    "Most of the work is invisible: people {verb} the {thing2}, check it again, and then move on.",
    "When the season turns, the {thing} looks {quality} and a little neglected.",
    "It helps to keep notes, because the {thing} behaves differently from one year to the next.",
    "Some {people} insist on doing everything by hand, while others welcome any tool that saves time.",
    "The best advice is usually the simplest: {verb} the {thing} a little, and watch what happens.",
    "Nobody remembers exactly when the old {thing2} was built, only that it has always been there.",
    "Visitors are often surprised by how {quality} the whole place feels.",
    "A good {thing} lasts for decades if someone takes the trouble to {verb} it properly.",
    "In wet years the {thing2} needs more care, and the {people} grumble about the extra work.",
    "There are books on the subject, but most {people} learned from a neighbour or a parent.",
    "The {thing} is shared by everyone, which means that nobody feels entirely responsible for it.",
    "Small improvements add up, and after a few seasons the {thing2} is hardly recognisable.",
    "It is tempting to {verb} the {thing} all at once, yet patience usually gives a better result.",
    "Local councils have argued about the {thing2} for as long as anyone can remember.",
    "On a {quality} afternoon the {thing} is almost empty, and the silence is striking.",
    "Children who grow up near a {thing} tend to treat it as part of the family.",
    "Mistakes are common, but they are rarely expensive, and each one teaches something useful.",
    "The {people} who know the {thing2} best are seldom the ones who write about it.",
    "Fashions come and go, but the basic way to {verb} a {thing} has hardly changed in a century.",
    "Whatever the weather, someone has to {verb} the {thing2} before the end of the week.",
    "Photographs from fifty years ago show a {thing} that looks remarkably similar to today.",
    "Nothing about the {thing} is complicated, yet doing it well takes years of practice.",
    "A careful observer will notice that the {thing2} changes colour as the light moves.",
    "Not every plan works, and the {people} have learned to keep a second one ready.",
    "The cost of neglect shows up slowly, then all at once, usually at the worst possible moment.",
    "It is worth asking why the {thing} was placed exactly where it stands.",
    "Many {people} keep a small notebook in a coat pocket for exactly this purpose.",
    "The {thing2} was repaired twice in living memory, both times after a {quality} winter.",
    "Most people walk past the {thing} without a second glance.",
    "Those who {verb} the {thing2} for a living rarely complain about the hours.",
    "Even a {quality} {thing} has its admirers, and they are loyal ones.",
    "The work is repetitive, but there is comfort in repetition when the results are visible.",
]

_CLOSERS = [
    "In the end, the {thing} asks for little more than steady, unglamorous care.",
    "Perhaps that is why so many {people} return to it year after year.",
    "It is a modest subject, but it repays every hour spent on it.",
    "Seen this way, the {thing} is less a chore than a long conversation with a place.",
    "The lesson, if there is one, is that small habits outlast grand plans.",
    "Next time you pass a {thing}, it may be worth stopping for a minute to look.",
]


def _fill(rng: random.Random, topic: dict, template: str) -> str:
    """One sentence: `template` with a topic's things, people, verbs and qualities drawn by `rng`."""
    thing, thing2 = rng.sample(topic["things"], 2)
    people = rng.choice(topic["people"])
    return template.format(
        thing=thing, thing2=thing2, people=people, People_cap=people[:1].upper() + people[1:],
        verb=rng.choice(topic["verbs"]), quality=rng.choice(topic["qualities"]),
    )


def generate(seed: int = 20261122, paragraphs: int = 500) -> str:
    """Essay-like prose, one topic per paragraph, deterministic for a seed."""
    rng = random.Random(seed)
    topics = list(_TOPICS)
    out: list[str] = []
    for _ in range(paragraphs):
        topic = _TOPICS[rng.choice(topics)]
        sentences = [_fill(rng, topic, rng.choice(_OPENERS))]
        sentences += [_fill(rng, topic, t) for t in rng.sample(_BODY, rng.randint(3, 6))]
        if rng.random() < 0.6:
            sentences.append(_fill(rng, topic, rng.choice(_CLOSERS)))
        out.append(" ".join(sentences))
    return "\n\n".join(out) + "\n"


def load() -> str:
    """The bundled filler text (generated once, shipped as package data)."""
    return resources.files("storytransformer.data").joinpath(FILLER_RESOURCE).read_text(encoding="utf-8")


if __name__ == "__main__":
    import sys

    sys.stdout.write(generate())
