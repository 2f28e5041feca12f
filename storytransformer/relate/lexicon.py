"""The small word lists the slot reader needs: function words per language, generic roles,
negations and classes of action words that backlogs use interchangeably.

Lemmas come from simplemma (a maintained, dependency-free lemmatizer for 50+ languages);
these lists only say which lemmas carry no need ("the", "want", "able") and which actions
mean the same thing to a product owner ("delete"/"remove"). They are deliberately short: a
word missing here is treated as content, which makes the decision stricter (related rather
than duplicate), never looser.
"""

from __future__ import annotations

# Function words (lemmas and surface forms), including the narrative's own markers, per
# language the slot reader detects. Used to find a story's language and to drop words that
# carry no need.
FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset("""a an the and or but nor of to in on at by for with from into onto via
        over under up down out off as than then that this these those there here it its
        it's i me my mine we us our you your he she they them their be is are was were been
        being am do does did done have has had having can could would should will shall may
        might must so such very too also just only any all each every some no not own same
        other another more most much many few own if when while where which who whom whose
        what how why again once able want wants wanted like need needs i'd i'm i'll we'd
        we're let get got using use through about after before during within without per
        please easily quickly sure e.g i.e etc eg ie""".split()),
    "de": frozenset("""der die das den dem des ein eine einen einem einer eines und oder aber
        zu zum zur in im an am auf aus bei mit nach von vom vor für über unter um durch als
        wie dass damit ich mich mir mein meine meinen meinem meiner wir uns unser unsere du
        dein sie er es ihr ihre ist sind war waren sein bin habe hat haben werden wird kann
        können möchte möchten will wollen muss müssen soll sollen so auch nur noch schon
        nicht kein keine alle jede jeder jedes diese dieser dieses gerne""".split()),
    "fr": frozenset("""le la les l un une des du de d au aux et ou mais à a en dans sur sous
        par pour avec sans que qu qui quoi dont où ce cet cette ces je j me m moi mon ma mes
        nous notre nos vous votre vos il elle ils elles leur leurs se s est sont être suis ai
        avoir a ont peux peut pouvoir veux veut vouloir voudrais souhaite dois doit afin tant
        ne pas plus tout tous toute toutes aussi très""".split()),
    "es": frozenset("""el la los las lo un una unos unas y o pero de del a al en con sin por
        para que quien como cuando donde yo me mi mis nosotros nuestro nuestra tu su sus es
        son ser estar está están he ha han puedo puede poder quiero quiere querer necesito
        gustaría no más muy también todo todos toda todas este esta estos estas ese esa""".split()),
    "nl": frozenset("""de het een en of maar van te in op aan bij met naar voor over onder om
        door als dat die dit deze ik mij me mijn wij we ons onze jij je jouw u uw hij zij ze
        is zijn was waren ben heb heeft hebben kan kunnen wil willen moet moeten zal zodat
        niet geen ook nog alle elk elke graag""".split()),
    "it": frozenset("""il lo la i gli le un uno una e o ma di del della dei delle a al alla
        in nel nella con su per tra fra da dal come che chi quando dove io mi mio mia miei
        noi nostro nostra tu tuo suo sua è sono essere ho ha hanno posso può potere voglio
        vuole vorrei volere devo non più molto anche tutto tutti""".split()),
    "pt": frozenset("""o a os as um uma uns umas e ou mas de do da dos das em no na nos nas
        com sem por para que quem como quando onde eu me meu minha meus nós nosso nossa você
        seu sua é são ser estar está posso pode poder quero quer querer gostaria preciso
        não mais muito também todo todos toda todas este esta""".split()),
}

# Gherkin step keywords (the parser keeps them in the step text) in the same languages.
STEP_KEYWORDS = frozenset("""given when then and but * gegeben angenommen wenn dann und aber
    soit etant étant quand lorsque alors et mais dado dada cuando entonces y pero gegeven stel
    als dan en maar dato data quando allora ma quando então mas""".split())

NEGATIONS = frozenset("""not no never cannot can't don't doesn't won't isn't aren't mustn't
    shouldn't without none nicht kein keine keinen nie niemals ne pas jamais aucun aucune
    nunca ningún ninguna niet geen nooit non mai nenhum nenhuma""".split())

# Roles that name "whoever uses the product": two stories differing only in these roles
# are not told apart by their role.
GENERIC_ROLES = frozenset("""user users customer customers client clients visitor visitors
    member members person people someone shopper buyer consumer end-user enduser end guest
    utilisateur utilisatrice client cliente benutzer benutzerin nutzer nutzerin kunde kundin
    anwender usuario usuaria gebruiker klant utente cliente usuário""".split())

# Actions a product owner treats as one action when the rest of the need is the same.
_ACTION_CLASSES = [
    "view see display show browse check read consult open access look",
    "delete remove erase discard drop clear",
    "create add make new register enter insert",
    "edit update change modify amend adjust correct alter rename set",
    "find search look filter locate query",
    "send notify alert inform",
    "pay purchase buy checkout",
    "download export save",
    "choose select pick",
    "book reserve schedule",
    "cancel abort revoke withdraw",
    "log sign login signin",
    "track follow monitor",
    "approve accept confirm validate",
    "reject decline refuse deny",
    "print print-out",
    "upload attach import",
    "ship dispatch deliver send",
    "reschedule move rebook postpone",
    "lock block freeze suspend",
    "unlock unblock unfreeze reactivate",
    "limit restrict cap",
    "request ask apply",
    "report flag",
    "share forward invite",
    "compare rank sort",
    "assign allocate delegate",
    "sync synchronise synchronize",
    "translate localise localize",
    "archive",
]
ACTION_CLASS: dict[str, str] = {}  # action lemma -> the first word of its class
for _words in _ACTION_CLASSES:
    for _w in _words.split():
        ACTION_CLASS.setdefault(_w, _words.split()[0])

# Words that name the same thing in backlogs (one spelling chosen per set).
SAME_THING = {
    "e-mail": "email", "mail": "email", "emails": "email", "sms": "text", "text-message": "text",
    "login": "log", "signin": "log", "sign-in": "log", "log-in": "log", "logon": "log",
    "password": "password", "passcode": "password", "pwd": "password",
    "app": "application", "past": "previous", "earlier": "previous", "prior": "previous",
    "fast": "quick", "rapid": "quick", "swift": "quick", "colleague": "employee", "staff": "employee", "worker": "employee",
    "shopper": "customer", "buyer": "customer", "client": "customer", "basket": "cart",
    "trolley": "cart", "doctor": "clinician", "gp": "clinician", "physician": "clinician",
    "administrator": "admin", "sysadmin": "admin", "operator": "admin", "developer": "engineer",
    "programmer": "engineer", "item": "product", "article": "product", "goods": "product",
}

# Numbers written as words: "five working days" and "5 working days" say the same.
NUMBER_WORDS = {w: str(n) for n, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())}
NUMBER_WORDS.update({"fifteen": "15", "twenty": "20", "thirty": "30", "forty": "40", "fifty": "50",
                     "sixty": "60", "hundred": "100", "half": "0.5",
                     "zwei": "2", "drei": "3", "fünf": "5", "zehn": "10", "deux": "2", "trois": "3",
                     "cinq": "5", "dix": "10", "dos": "2", "tres": "3", "cinco": "5", "diez": "10"})
