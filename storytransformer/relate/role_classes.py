"""Role words across languages as one class: "claimant" (English) and "asegurado" (Spanish)
are one kind of person asking one need, as "teacher" / "Lehrer" / "enseignant" are.

Without it, two stories of one need written in two languages read as "same need, different
roles: 'claimant' vs 'asegurado'" (t22 CLM-103/124). Only roles whose words mean one kind of
person in every language listed (en, de, fr, es, it, pt, nl) are here; a word with two
readings ("responsable", "expert", "lid") is left out, so it stays itself, which is stricter.
A class is never a reason to merge: it only stops two roles of one class from counting as
two kinds of person ("teacher" / "alumno" stay two)."""

from __future__ import annotations

_CLASSES = [
    # the insured person who claims on a policy
    "policyholder insured claimant asegurado asegurada tomador versicherter versicherte "
    "versicherungsnehmer versicherungsnehmerin anspruchsteller assuré assurée assicurato assicurata "
    "contraente segurado segurada verzekerde verzekeringnemer",
    "teacher lehrer lehrerin lehrkraft enseignant enseignante professeur profesor profesora "
    "insegnante docente professora leraar lerares docent dozent dozentin lecturer",
    "student pupil schüler schülerin élève étudiant étudiante alumno alumna estudiante studente "
    "studentessa alunno alunna aluno estudante leerling",
    "patient patientin paciente paziente patiënt",
    "doctor clinician physician arzt ärztin médecin médico medico dottore dokter",
    "nurse pflegekraft krankenschwester krankenpfleger infirmier infirmière enfermero enfermera "
    "infermiere infermiera enfermeiro enfermeira verpleegkundige verpleger",
    "parent elternteil eltern mutter vater padre madre genitore pai mãe ouder",
    "librarian bibliothekar bibliothekarin bibliothécaire bibliotecario bibliotecaria "
    "bibliotecária bibliothecaris",
    "passenger fahrgast passagier passagière passager pasajero pasajera passeggero passeggera "
    "passageiro passageira",
    "traveller traveler reisender reisende voyageur voyageuse viajero viajera viaggiatore "
    "viaggiatrice viajante reiziger",
    "tenant mieter mieterin locataire inquilino inquilina affittuario huurder",
    "landlord vermieter vermieterin bailleur arrendador arrendadora locatore senhorio verhuurder",
    "employee mitarbeiter mitarbeiterin angestellter angestellte employé employée salarié salariée "
    "empleado empleada dipendente impiegato impiegata funcionário funcionária empregado werknemer "
    "medewerker",
    "administrator admin administratorin administrateur administratrice administrador "
    "administradora amministratore beheerder",
    "pharmacist apotheker apothekerin pharmacien pharmacienne farmacéutico farmacéutica farmacista "
    "farmacêutico farmacêutica",
    "driver fahrer fahrerin conducteur conductrice conductor conductora autista motorista "
    "bestuurder chauffeur",
    "member mitglied membre miembro socio socia membro",
    "adjuster schadensregulierer regulador perito",
    "manager gerente gestionnaire gestore",
    # (recall24: occupations of other backlogs another team writes in its language; a class
    # also says two classes are two kinds of person, so roles a person takes on for one need
    # (applicant, subscriber, owner, volunteer, ...) are read across languages by
    # relate/translations.py instead)
    "coach trainer trainerin entraîneur entraîneuse entrenador entrenadora allenatore allenatrice "
    "treinador treinadora",
    "gardener gärtner gärtnerin jardinier jardinière jardinero jardinera giardiniere giardiniera "
    "jardineiro jardineira tuinier hovenier",
    "waiter waitress kellner kellnerin serveur serveuse camarero camarera cameriere cameriera garçom ober",
    "cook chef koch köchin cuisinier cuisinière cocinero cocinera cuoco cuoca cozinheiro cozinheira kok",
    "accountant buchhalter buchhalterin comptable contable contadora contabile contabilista boekhouder",
    "receptionist rezeptionist rezeptionistin réceptionniste recepcionista receptionist",
    "farmer landwirt landwirtin agriculteur agricultrice agricultor agricultora agricoltore boer",
    "organiser organizer veranstalter veranstalterin organisateur organisatrice organizador organizadora "
    "organizzatore organizzatrice organisator",
    "researcher scientist forscher forscherin wissenschaftler wissenschaftlerin chercheur chercheuse "
    "scientifique investigador investigadora científico científica ricercatore ricercatrice scienziato "
    "scienziata pesquisador pesquisadora investigador onderzoeker wetenschapper",
    "designer gestalter gestalterin concepteur conceptrice diseñador diseñadora progettista ontwerper",
    "analyst analytiker analytikerin analyste analista",
    "editor redakteur redakteurin rédacteur rédactrice redactor redactora redattore redattrice redator "
    "redatora redacteur",
    "courier kurier kurierin bote livreur livreuse coursier repartidor repartidora mensajero corriere fattorino "
    "estafeta entregador bezorger koerier",
    "mechanic mechaniker mechanikerin mécanicien mécanicienne mecánico mecánica meccanico mecânico monteur",
    "electrician elektriker elektrikerin électricien électricienne electricista elettricista eletricista "
    "elektricien",
    "plumber klempner installateur plombier fontanero fontanera idraulico canalizador encanador loodgieter",
    "cleaner reinigungskraft putzkraft nettoyeur limpiador limpiadora faxineiro schoonmaker",
    "guide reiseführer reiseleiter guide guía guida guia gids",
    "referee schiedsrichter schiedsrichterin arbitre árbitro árbitra arbitro scheidsrechter",
    "vet veterinarian tierarzt tierärztin vétérinaire veterinario veterinaria veterinário veterinária "
    "dierenarts",
    "angler fisherman fisher angler anglerin pêcheur pêcheuse pescador pescadora pescatore pescatrice visser",
    "hunter jäger jägerin chasseur chasseuse cazador cazadora cacciatore cacciatrice caçador caçadora jager",
    "pilot pilotin pilote piloto pilota piloot",
    "zookeeper keeper tierpfleger tierpflegerin soigneur soigneuse cuidador cuidadora guardiano verzorger "
    "dierenverzorger tratador",
    "citizen resident household haushalt foyer ménage hogar huishouden anwohner anwohnerin bürger "
    "bürgerin einwohner einwohnerin habitant habitante résident résidente vecino vecina residente cittadino cittadina inwoner bewoner "
    "morador moradora",
    "dispatcher disponent disponentin despachador despachadora dispatcheur",
    "trainee apprentice intern praktikant praktikantin auszubildender auszubildende azubi stagiaire "
    "auszubildend apprenti apprentie becario becaria aprendiz tirocinante apprendista stagista stagiair",
    "accountowner",
]

# Roles of two or more words that are one kind of person, matched on the role's words in any
# order, before single words ("billing admin" is the customer's account admin, not the
# service's administrator; "insured driver" the policyholder, not a driver class). Lemmas as
# the slots write them are listed too ("insured" -> "insure", "vehicle" for "car").
_PHRASES = {
    "insured customer": "policyholder", "insured person": "policyholder", "insured driver": "policyholder",
    "insured party": "policyholder", "insure customer": "policyholder", "insure person": "policyholder",
    "insure driver": "policyholder", "insure party": "policyholder",
    "fleet planner": "dispatcher", "route planner": "dispatcher", "transport planner": "dispatcher",
    "fleet dispatcher": "dispatcher", "fleet coordinator": "dispatcher",
    "account owner": "accountowner", "account admin": "accountowner", "account administrator": "accountowner",
    "billing admin": "accountowner", "billing administrator": "accountowner", "billing contact": "accountowner",
    "subscription owner": "accountowner", "workspace owner": "accountowner", "workspace admin": "accountowner",
}
# Words of a role that only say the person works there or belongs ("staff nurse" is a nurse,
# "team member" a member): they never make a role narrower than the other's.
_UMBRELLA = frozenset("employee staff member user mitarbeiter mitarbeiterin membre miembro".split())

CLASS_OF: dict[str, int] = {w: n for n, line in enumerate(_CLASSES) for w in line.split()}
# (slot tokens are lemmas: "insured" -> "insure", "residents" -> "citizen")
CLASS_OF.update({"insure": CLASS_OF["insured"]})
_PHRASE_CLASS = [(frozenset(k.split()), CLASS_OF[v]) for k, v in _PHRASES.items()]
_UMBRELLA_CLASSES = frozenset(CLASS_OF[w] for w in _UMBRELLA if w in CLASS_OF)


def role_classes(words: frozenset[str] | set[str]) -> frozenset[int]:
    """The classes (ints) of a role's tokens that are in one; empty when none is. A role of
    several words that is listed as one (``_PHRASES``) is that class, its words used up; a
    word that only says the person works there ("staff nurse") counts only when it is the
    role's only class."""
    words = {w.lower() for w in words}
    found: set[int] = set()
    for phrase, cls in _PHRASE_CLASS:
        if phrase <= words:
            found.add(cls)
            words -= phrase
    found |= {CLASS_OF[w] for w in words if w in CLASS_OF}
    return frozenset(found - _UMBRELLA_CLASSES) or frozenset(found)


def role_relation(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> str | None:
    """"same" when both roles name one kind of person (``same_role_class``), "different" when
    both name kinds and the kinds differ: two kinds ("nurse" / "doctor") or one a narrower kind
    of the other ("student nurse" / "nurse": the student is also a kind); None when a side
    names no known kind (then words and meaning decide). Used both ways: a class stops
    "different roles" between synonyms, and a class difference is a role difference even
    when the role words overlap."""
    ca, cb = role_classes(a), role_classes(b)
    if not ca or not cb:
        return None
    return "same" if ca == cb else "different"


def same_role_class(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> bool:
    """Both roles name one kind of person in two languages (or two wordings): a role word of
    each in one class, and no other class on either side ("school teacher" / "Lehrer" yes,
    "teacher" / "student" no, "parent student" / "padre" no)."""
    ca, cb = role_classes(a), role_classes(b)
    return bool(ca) and ca == cb
