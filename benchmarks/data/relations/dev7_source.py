# Hand-written development relation set (same20 helper, issue 11), seventh part, written before
# the sameness gate (relate/sameness.py) existed and before any rule change of that helper, as a
# different product team would write its backlog, in domains no other set uses (a library of
# things / tool lending, ferry booking, a solar installer's CRM, an esports league, a dental
# clinic, a driving school, allotment gardens, wedding planning) and five languages (en, de, fr,
# es, it). About 40% duplicates reworded heavily (another verb, a noun synonym, passive voice,
# "the system shall", a terse ticket title, a Gherkin scenario, a bug report of the missing
# capability), about 45% hard related pairs (one template with another object, attribute, state,
# role, event, period or channel; and siblings written in *other words* by two people, which
# share no differing slot a template would show), a few conflicts, overlaps and same-area
# unrelated pairs. May be tuned on, but the same20 helper looked at it only once, at the end.
# Run from this folder: python dev7_source.py.
from functools import partial

from pairset import two_texts, write

NARRATIVE_STARTS = ("As ", "Als ", "En tant", "Como ", "Come ", "Given", "In order")
two = partial(two_texts, narrative_starts=NARRATIVE_STARTS)


# ------------------------------------------------------------------- library of things
RESERVE = "As a member, I want to reserve a power drill for next weekend so that I can hang my shelves."
EXTEND = "As a member, I want to extend the loan period of a tool I already borrowed."
DAMAGE = "As a member, I want to report that a tool I borrowed is broken."
two(RESERVE, "Members should be able to book a tool in advance for a specific date.", "duplicate", "synonym")
two(EXTEND, "Borrower: renew my current tool loan for another week", "duplicate", "terse title")
two(DAMAGE, "As a borrower, I need a way to tell the library that an item I have is damaged.", "duplicate",
    "reworded")
two("As a volunteer, I want to check in a returned tool by scanning its barcode.",
    "Returned items are registered by the volunteer with the barcode scanner.", "duplicate", "passive")
two(RESERVE, EXTEND, "related", "another action, same loan")
two(RESERVE, "As a member, I want to join the waiting list for a tool that is currently lent out.",
    "related", "reserve vs waitlist")
two(DAMAGE, "As a member, I want to report that a tool is missing parts when I pick it up.", "related",
    "broken vs incomplete")
two("As a volunteer, I want to see which tools are overdue.",
    "As a volunteer, I want to see which tools need maintenance.", "related", "state")
two("As a member, I want to donate a tool to the library.",
    "Members should be able to suggest a tool the library should buy.", "related", "donate vs suggest")
two("Als Mitglied möchte ich eine Stichsäge für Samstag reservieren.",
    "Mitglieder können ein Werkzeug vorab für einen bestimmten Tag buchen.", "duplicate", "synonym", "de")
two("Als Mitglied möchte ich meine Mitgliedsgebühr online bezahlen.",
    "Als Mitglied möchte ich meine Kaution online zurückfordern.", "related", "fee vs deposit", "de")
two("As a member, I want to borrow up to 3 tools at the same time.\n\nAcceptance criteria:\n"
    "- A member can have at most 3 active loans",
    "As a member, I want to borrow several tools at once.\n\nAcceptance criteria:\n"
    "- A member can have at most 5 active loans", "conflict", "criteria number")
two(EXTEND, "As a volunteer, I want to print the opening hours poster.", "unrelated", "tool library")

# ------------------------------------------------------------------- ferry booking
FERRY = "As a traveller, I want to book a ferry crossing for my car and two passengers."
CABIN = "As a traveller, I want to add a cabin to my overnight crossing."
two(FERRY, "Passengers travelling with a vehicle can reserve a sailing for the car and everyone on board.",
    "duplicate", "reworded")
two(CABIN, "Overnight passengers should be able to upgrade their booking with a cabin.", "duplicate", "synonym")
two("As a traveller, I want to change the date of my ferry booking.",
    "Let customers move their sailing to another day.", "duplicate", "synonym")
two("As a traveller, I want my boarding pass on my phone.",
    "Feature: Mobile boarding pass\n  Scenario: Traveller opens the boarding pass on the phone\n"
    "    Given I have booked a crossing\n    When I open the app\n    Then I see my boarding pass",
    "duplicate", "gherkin")
two(FERRY, "As a traveller, I want to book a ferry crossing as a foot passenger with a bicycle.",
    "related", "vehicle vs bicycle")
two(CABIN, "As a traveller, I want to add a meal package to my overnight crossing.", "related", "add-on")
two("As a traveller, I want to change the date of my ferry booking.",
    "As a traveller, I want to change the vehicle registration on my ferry booking.", "related", "attribute")
two("As a traveller, I want to be told when my sailing is delayed.",
    "Travellers want a message when their sailing is cancelled because of the weather.", "related", "event")
two("As a port agent, I want to see how much deck space is left on a sailing.",
    "Port staff need to know how many cabins are still free on tonight's crossing.", "related",
    "deck vs cabins, reworded")
two("Como viajero, quiero reservar un billete de ferry para mi coche.",
    "Los pasajeros con vehículo pueden comprar un pasaje de barco para su automóvil.", "duplicate",
    "synonym", "es")
two("Como viajero, quiero cancelar mi reserva de ferry.",
    "Como viajero, quiero imprimir mi reserva de ferry.", "related", "action", "es")
two("As a traveller, I want to cancel my booking and get a refund up to 24 hours before departure.",
    "As a traveller, I want to cancel my booking and get a refund up to 48 hours before departure.",
    "conflict", "number")
two("As a traveller, I want to manage my booking: change the date, add a cabin and update passengers.",
    "As a traveller, I want to update the passengers on my booking.", "overlap", "parent/part")

# ------------------------------------------------------------------- solar installer CRM
SURVEY = "As a sales rep, I want to schedule a roof survey with a homeowner."
QUOTE = "As a sales rep, I want to create a quote for a solar installation from the survey data."
two(SURVEY, "Sales reps should be able to plan a site visit to inspect a customer's roof.", "duplicate",
    "synonym")
two(QUOTE, "Generate an installation offer automatically from the measurements taken during the roof "
    "inspection.", "duplicate", "reworded")
two("As an installer, I want to see my jobs for this week on a map.",
    "Installers: map view of the week's assigned installations", "duplicate", "terse title")
two("As a project manager, I want to upload the grid connection approval to the customer's file.",
    "The grid operator's approval letter can be attached to the customer record by the project manager.",
    "duplicate", "passive")
two(SURVEY, "As a sales rep, I want to schedule a follow-up call with a homeowner.", "related", "event type")
two(QUOTE, "As a sales rep, I want to send a signed contract to the homeowner.", "related", "document")
two("As a sales rep, I want to see all leads that came in this week.",
    "As a sales rep, I want to see all leads that I have not contacted yet.", "related", "filter")
two("As an installer, I want to record the serial numbers of the panels I installed.",
    "Installers need to photograph the inverter after mounting it.", "related", "reworded, other object")
two("As a service technician, I want to be alerted when a customer's system produces less than expected.",
    "As a customer, I want to be alerted when my system produces less than expected.", "related", "role")
two("Als Vertriebsmitarbeiter möchte ich ein Angebot für eine Wärmepumpe erstellen.",
    "Als Vertriebsmitarbeiter möchte ich ein Angebot für eine Solaranlage erstellen.", "related", "object", "de")
two("Als Monteur möchte ich die Fotos der Montage hochladen.",
    "Installationsbilder sollen vom Monteur in die Kundenakte geladen werden können.", "duplicate", "passive",
    "de")
two("As a sales rep, I want the quote to be valid for 30 days.",
    "As a sales rep, I want quotes to expire after 14 days.", "conflict", "number reworded")
two(SURVEY, "As an accountant, I want to export the monthly commission report.", "unrelated", "solar crm")

# ------------------------------------------------------------------- esports league
REGISTER = "As a team captain, I want to register my team for the spring season."
RESULT = "As a team captain, I want to submit the result of a match we played."
two(REGISTER, "Captains should be able to sign their squad up for the upcoming spring split.", "duplicate",
    "synonym")
two(RESULT, "Feature: Match results\n  Scenario: Captain reports the score\n    Given my team played a match\n"
    "    When I enter the final score\n    Then the result is saved and waits for the opponent's confirmation",
    "duplicate", "gherkin")
two("As a player, I want to see the league standings.",
    "Players want a table showing every team's rank and points in the league.", "duplicate", "reworded")
two("As an admin, I want to ban a player who cheated.",
    "Cheaters need to be excluded from the league by an administrator.", "duplicate", "passive")
two(REGISTER, "As a team captain, I want to withdraw my team from the spring season.", "related",
    "opposite action")
two(RESULT, "As a team captain, I want to dispute the result of a match.", "related", "submit vs dispute")
two("As a player, I want to see the league standings.",
    "As a player, I want to see the match schedule of the league.", "related", "standings vs schedule")
two("As a team captain, I want to add a substitute player to my roster.",
    "Captains need to be able to remove an inactive player from their team.", "related", "add vs remove, reworded")
two("As a caster, I want to see the live statistics of the current match.",
    "As a coach, I want to see the live statistics of the current match.", "related", "role")
two("Come capitano, voglio iscrivere la mia squadra al torneo estivo.",
    "I capitani devono poter registrare il proprio team per il torneo d'estate.", "duplicate", "synonym", "it")
two("Come giocatore, voglio ricevere una notifica prima della mia partita.",
    "Come giocatore, voglio ricevere una notifica quando la mia squadra viene eliminata.", "related", "event",
    "it")
two("As an admin, I want matches to be rescheduled only up to 2 times per season.",
    "As an admin, I want matches to be rescheduled at most 3 times per season.", "conflict", "number")
two("As a viewer, I want to watch past matches on demand.",
    "As a team captain, I want to upload our team logo.", "unrelated", "esports")

# ------------------------------------------------------------------- dental clinic
RECALL = "As a patient, I want a reminder when my six-month check-up is due."
XRAY = "As a dentist, I want to compare today's X-ray with the previous one side by side."
two(RECALL, "Send patients a notice when it is time for their routine dental examination.", "duplicate",
    "reworded")
two(XRAY, "Dentist: side-by-side view of current and earlier radiographs", "duplicate", "terse title")
two("As a patient, I want to fill in my medical history form before the appointment.",
    "Patients should be able to complete the health questionnaire online ahead of their visit.", "duplicate",
    "synonym")
two("As a receptionist, I want to see which patients did not show up today.",
    "Front desk needs a list of today's no-shows.", "duplicate", "terse")
two(RECALL, "As a patient, I want a reminder when my hygiene appointment is tomorrow.", "related",
    "due vs booked")
two(XRAY, "As a dentist, I want to annotate an X-ray with notes.", "related", "compare vs annotate")
two("As a patient, I want to pay my invoice online.",
    "Patients would like to see what their insurer reimbursed for a treatment.", "related",
    "pay vs reimbursement, reworded")
two("As a dentist, I want to record a filling on the tooth chart.",
    "As a dentist, I want to record an extraction on the tooth chart.", "related", "object")
two("As a receptionist, I want to book an appointment for a new patient.",
    "Reception staff need to move an existing patient's appointment to another time.", "related",
    "book vs reschedule, reworded")
two("En tant que patient, je veux prendre rendez-vous en ligne chez mon dentiste.",
    "Les patients doivent pouvoir réserver une consultation dentaire sur internet.", "duplicate", "synonym",
    "fr")
two("En tant que patient, je veux recevoir mon devis de traitement par e-mail.",
    "En tant que patient, je veux recevoir ma facture par e-mail.", "related", "document", "fr")
two("As a patient, I want to cancel an appointment free of charge up to 24 hours before.",
    "As a patient, I want to cancel an appointment free of charge up to 12 hours before.", "conflict", "number")
two("As a dentist, I want to see a patient's full record: history, X-rays, allergies and treatment plan.",
    "As a dentist, I want to see a patient's allergies.", "overlap", "parent/part")

# ------------------------------------------------------------------- driving school
LESSON = "As a learner driver, I want to book a driving lesson with my instructor."
TEST = "As a learner driver, I want to know when I am ready for the practical test."
two(LESSON, "Students can schedule a lesson slot in their instructor's calendar.", "duplicate", "synonym")
two(TEST, "Show learners whether their instructor considers them ready to take the driving exam.",
    "duplicate", "reworded")
two("As an instructor, I want to log the manoeuvres a student practised in a lesson.",
    "Instructors record which manoeuvres were covered during each lesson.", "duplicate", "reworded")
two("As a learner driver, I want to pay for a package of 10 lessons.",
    "Learners should be able to buy a bundle of ten lessons.", "duplicate", "number word")
two(LESSON, "As a learner driver, I want to book a theory class.", "related", "object")
two(TEST, "As a learner driver, I want to book my practical test.", "related", "know vs book")
two("As an instructor, I want to see my lessons for tomorrow.",
    "Instructors want to see how many hours each student has driven so far.", "related",
    "schedule vs progress, reworded")
two("As a learner driver, I want to practise theory questions on my phone.",
    "Learners would like mock exams for the theory test in the app.", "related",
    "practice questions vs mock exam")
two("As an office manager, I want to assign a car to an instructor.",
    "As an office manager, I want to assign a student to an instructor.", "related", "object")
two("Als Fahrschüler möchte ich eine Fahrstunde absagen.",
    "Fahrschüler sollen ihre gebuchte Fahrstunde stornieren können.", "duplicate", "synonym", "de")
two("Als Fahrlehrer möchte ich die Prüfungsergebnisse meiner Schüler sehen.",
    "Als Fahrlehrer möchte ich die Fehlstunden meiner Schüler sehen.", "related", "attribute", "de")
two("As a learner driver, I want to cancel a lesson without charge at least 48 hours before it starts.",
    "As a learner driver, I want to cancel a lesson without charge at least 24 hours before it starts.",
    "conflict", "number")
two(LESSON, "As an office manager, I want to update the school's price list.", "unrelated", "driving school")

# ------------------------------------------------------------------- allotment gardens
PLOT = "As a resident, I want to apply for an allotment plot."
WATER = "As a plot holder, I want to see my water consumption for this year."
two(PLOT, "Residents should be able to put their name down for a garden plot.", "duplicate", "idiom")
two(WATER, "Plot holders want to check how much water they have used this season.", "duplicate", "reworded")
two("As a plot holder, I want to report a broken water tap.",
    "Gardeners need to let the committee know when a tap is leaking or damaged.", "duplicate", "reworded")
two("As a committee member, I want to send a newsletter to all plot holders.",
    "The committee can email news to every gardener on the site.", "duplicate", "synonym")
two(PLOT, "As a plot holder, I want to give up my allotment plot.", "related", "apply vs give up")
two(WATER, "As a plot holder, I want to see my electricity consumption for this year.", "related", "attribute")
two("As a plot holder, I want to book the shared rotavator.",
    "Gardeners want to borrow the communal wheelbarrow.", "related", "object, reworded")
two("As a committee member, I want to see which plots are vacant.",
    "As a committee member, I want to see which plots are overgrown.", "related", "state")
two("As a plot holder, I want to swap my plot with a neighbour.",
    "Gardeners should be able to share their plot with a friend.", "related", "swap vs share")
two("En tant que jardinier, je veux payer ma cotisation annuelle en ligne.",
    "Les membres peuvent régler leur abonnement de l'année sur le site.", "duplicate", "synonym", "fr")
two("En tant que jardinier, je veux réserver la broyeuse partagée.",
    "En tant que jardinier, je veux signaler un vol dans mon abri.", "related", "other need", "fr")
two("As a plot holder, I want to see the site rules, the opening hours and the committee contacts.",
    "As a plot holder, I want to see the opening hours of the site.", "overlap", "parent/part")
two(WATER, "As a committee member, I want to plan the spring work day.", "unrelated", "allotments")

# ------------------------------------------------------------------- wedding planning
GUESTS = "As a couple, I want to import our guest list from a spreadsheet."
SEATING = "As a couple, I want to arrange our guests at tables on a seating plan."
two(GUESTS, "Couples should be able to upload their invitees from an Excel file.", "duplicate", "synonym")
two(SEATING, "Drag and drop wedding guests onto tables to build the seating chart.", "duplicate", "reworded")
two("As a guest, I want to RSVP online and tell the couple about my dietary needs.",
    "Invitees can confirm attendance on the website and mention food allergies or preferences.",
    "duplicate", "reworded")
two("As a planner, I want to keep track of payments to each vendor.",
    "Wedding planner: overview of what has been paid to every supplier", "duplicate", "terse title")
two(GUESTS, "As a couple, I want to export our guest list to a spreadsheet.", "related", "import/export")
two(SEATING, "As a couple, I want to arrange the order of speeches at the reception.", "related",
    "arrange other thing")
two("As a guest, I want to see the gift registry.",
    "Guests would like to know where to stay near the venue.", "related", "registry vs accommodation")
two("As a planner, I want to compare quotes from three photographers.",
    "As a planner, I want to compare quotes from three florists.", "related", "object")
two("As a couple, I want to share the wedding timeline with the photographer.",
    "As a couple, I want to share the wedding timeline with our guests.", "related", "audience")
two("Como pareja, quiero enviar las invitaciones por correo electrónico.",
    "Como pareja, quiero enviar los agradecimientos por correo electrónico.", "related", "object", "es")
two("Como organizador, quiero ver el presupuesto total de la boda.",
    "El planificador necesita una vista del coste total previsto de la boda.", "duplicate", "synonym", "es")
two("As a guest, I want to RSVP by 1 May.",
    "As a guest, I want to RSVP by 15 May.", "conflict", "date")
two(GUESTS, "As a planner, I want to check the weather forecast for the wedding day.", "unrelated", "wedding")

# ------------------------------------------------------------------- more languages (all domains)
two("Als Mitglied möchte ich sehen, welche Werkzeuge gerade verfügbar sind.",
    "Mitglieder wollen prüfen können, ob ein Gerät im Moment ausleihbar ist.", "duplicate", "reworded", "de")
two("Als Mitglied möchte ich eine Bohrmaschine ausleihen.",
    "Als Mitglied möchte ich eine Bohrmaschine spenden.", "related", "action", "de")
two("En tant que voyageur, je veux choisir ma place à bord du ferry.",
    "Les passagers peuvent sélectionner leur siège sur le bateau lors de la réservation.", "duplicate",
    "synonym", "fr")
two("En tant que voyageur, je veux ajouter un animal de compagnie à ma réservation.",
    "En tant que voyageur, je veux ajouter un vélo à ma réservation.", "related", "object", "fr")
two("Como comercial, quiero registrar un nuevo cliente potencial desde una llamada.",
    "Los comerciales deben poder dar de alta un lead que llamó por teléfono.", "duplicate", "synonym", "es")
two("Como instalador, quiero ver la lista de materiales de la instalación.",
    "Como instalador, quiero ver el plano del tejado de la instalación.", "related", "object", "es")
two("Come giocatore, voglio vedere le statistiche della mia squadra.",
    "I giocatori vogliono consultare i numeri del proprio team nella stagione.", "duplicate", "reworded", "it")
two("Come amministratore, voglio approvare il logo di una squadra.",
    "Come amministratore, voglio approvare il nome di una squadra.", "related", "attribute", "it")
two("Come paziente, voglio vedere i miei prossimi appuntamenti.",
    "I pazienti devono poter consultare le visite già prenotate.", "duplicate", "synonym", "it")
two("Come paziente, voglio scaricare le mie radiografie.",
    "Come paziente, voglio scaricare il mio piano di cura.", "related", "object", "it")
two("Als Fahrschüler möchte ich meine Theorieprüfung online üben.",
    "Als Fahrschüler möchte ich meine Theorieprüfung online buchen.", "related", "action", "de")
two("En tant que jardinier, je veux signaler une fuite d'eau sur ma parcelle.",
    "Les jardiniers doivent pouvoir prévenir le comité d'une fuite sur leur parcelle.", "duplicate",
    "reworded", "fr")
two("Como invitado, quiero confirmar mi asistencia a la boda.",
    "Como invitado, quiero consultar el menú de la boda.", "related", "action", "es")
two("Como invitado, quiero confirmar mi asistencia a la boda.",
    "Los invitados pueden responder a la invitación indicando si vendrán.", "duplicate", "reworded", "es")

if __name__ == "__main__":
    write("dev7")
