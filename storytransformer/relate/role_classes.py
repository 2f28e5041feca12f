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
    # (recall24: roles of other backlogs another team writes in its language)
    "coach trainer trainerin entraîneur entraîneuse entrenador entrenadora allenatore allenatrice "
    "treinador treinadora",
    "gardener gärtner gärtnerin jardinier jardinière jardinero jardinera giardiniere giardiniera "
    "jardineiro jardineira tuinier hovenier",
    "volunteer freiwilliger freiwillige ehrenamtlicher ehrenamtliche bénévole voluntario voluntaria "
    "volontario volontaria voluntário voluntária vrijwilliger",
    "waiter waitress kellner kellnerin serveur serveuse camarero camarera cameriere cameriera garçom ober",
    "cook chef koch köchin cuisinier cuisinière cocinero cocinera cuoco cuoca cozinheiro cozinheira kok",
    "accountant buchhalter buchhalterin comptable contable contadora contabile contabilista boekhouder",
    "receptionist rezeptionist rezeptionistin réceptionniste recepcionista receptionist",
    "farmer landwirt landwirtin agriculteur agricultrice agricultor agricultora agricoltore boer",
    "player spieler spielerin joueur joueuse jugador jugadora giocatore giocatrice jogador jogadora speler",
    "organiser organizer veranstalter veranstalterin organisateur organisatrice organizador organizadora "
    "organizzatore organizzatrice organisator",
    "seller verkäufer verkäuferin vendeur vendeuse vendedor vendedora venditore venditrice verkoper",
    "owner besitzer besitzerin eigentümer eigentümerin propriétaire propietario propietaria proprietario "
    "proprietaria proprietário proprietária eigenaar",
]

CLASS_OF: dict[str, int] = {w: n for n, line in enumerate(_CLASSES) for w in line.split()}


def role_classes(words: frozenset[str] | set[str]) -> frozenset[int]:
    """The classes (ints) of a role's tokens that are in one; empty when none is."""
    return frozenset(CLASS_OF[w.lower()] for w in words if w.lower() in CLASS_OF)


def same_role_class(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> bool:
    """Both roles name one kind of person in two languages (or two wordings): a role word of
    each in one class, and no other class on either side ("school teacher" / "Lehrer" yes,
    "teacher" / "student" no, "parent student" / "padre" no)."""
    ca, cb = role_classes(a), role_classes(b)
    return bool(ca) and ca == cb
