# Hand-written development relation set (relate20 helper, issue 11), sixth part, written before
# any rule change of that session, in domains no other set uses (veterinary practice,
# construction sites, parking garages, sports clubs, coworking spaces, freelance bookkeeping,
# marinas and boat rental, municipal waste collection, photo studios, crowdfunding) and seven
# languages (en, de, fr, es, it, pt, nl). Mostly hard: related pairs a similarity model merges
# (the same feature with another attribute, field, state, time, role, channel or object; a list
# against one item's details; create / edit / delete; import / export; a notification for
# another event; a report by another dimension; one UI element on two pages), overlaps (a parent
# feature and one of its parts), conflicts hidden in acceptance criteria and in units (24 hours
# vs 2 days), and duplicates reworded heavily (another verb, a noun synonym, passive voice, a
# terse title against a long story, with and without criteria, units converted: 60 minutes is
# 1 hour, 1 GB is 1024 MB). May be tuned on. Run from this folder: python dev6_source.py.
from functools import partial

from pairset import two_texts, write

NARRATIVE_STARTS = ("As ", "Als ", "En tant", "Como ", "Come ", "Enquanto ")
two = partial(two_texts, narrative_starts=NARRATIVE_STARTS)


# ------------------------------------------------------------------- veterinary practice
VAX = "As a pet owner, I want to book a vaccination appointment for my dog."
AGENDA = "As a vet, I want to see the list of today's appointments."
REMIND24 = "As a pet owner, I want appointment reminders sent 24 hours before the visit."
two(VAX, "As a pet owner, I want to book a dental cleaning appointment for my dog.", "related", "attribute")
two(AGENDA, "As a vet, I want to see the details of one appointment, including the pet's weight and "
    "medical notes.", "related", "list/detail")
two("As a receptionist, I want to register a new pet for an existing owner.",
    "As a receptionist, I want to update a pet's date of birth and breed.", "related", "create/edit")
two("As a pet owner, I want to receive a reminder when my cat's vaccination is due.",
    "As a pet owner, I want to receive a notification when my cat's lab results are available.",
    "related", "event")
two("As a clinic manager, I want a revenue report per veterinarian.",
    "As a clinic manager, I want a revenue report per treatment type.", "related", "report by")
two("Als Tierhalter möchte ich die Impfhistorie meines Hundes einsehen.",
    "Als Tierhalter möchte ich die Rechnungshistorie meines Hundes einsehen.", "related", "attribute", "de")
two("As a pet owner, I want to delete my pet's profile after it passed away.",
    "As a pet owner, I want to change the photo on my pet's profile.", "related", "delete/edit")
two("As a vet, I want to prescribe medication to a pet.",
    "As a vet, I want to prescribe a special diet to a pet.", "related", "object")
two("Als Tierarzt möchte ich den Impfpass eines Tieres drucken.",
    "Als Tierarzt möchte ich die Rechnung einer Behandlung drucken.", "related", "object", "de")
two(VAX, "Dog owners should be able to schedule their dog's shots online.", "duplicate", "synonym")
two(AGENDA, "Vet: daily agenda showing all appointments of the day", "duplicate", "terse title")
two(REMIND24, "Pet owners get a reminder one day before their appointment.", "duplicate", "units")
two(REMIND24, "As a pet owner, I want appointment reminders sent 2 days before the visit.", "conflict",
    "units")
two("As a vet, I want to record the vaccinations, weight and allergies of a pet.",
    "As a vet, I want to record the weight of a pet.", "overlap", "list item")
two(VAX, "As a clinic manager, I want to order surgical supplies from a supplier.", "unrelated", "vet")

# ------------------------------------------------------------------- construction sites
DEFECT_X = "As a site manager, I want to export the defect list to Excel."
MANGEL = "Als Bauleiter möchte ich einen Mangel mit Foto erfassen."
PLAN_WK = "Als uitvoerder wil ik de bouwplanning per week bekijken."
WEATHER = "As a site manager, I want to log the daily weather conditions on the construction site."
two(WEATHER, "As a site manager, I want to log the daily number of workers on the construction site.",
    "related", "field")
two(DEFECT_X, "As a site manager, I want to import the defect list from Excel.", "related", "import/export")
two("As a project manager, I want to see all open defects.",
    "As a project manager, I want to see all resolved defects.", "related", "state")
two("As a subcontractor, I want to upload photos of completed work.",
    "As a site manager, I want to upload photos of completed work.", "related", "role")
two(MANGEL, "Als Bauleiter möchte ich einen Mangel als behoben markieren.", "related", "create/state", "de")
two(PLAN_WK, "Als uitvoerder wil ik de bouwplanning per maand bekijken.", "related", "time", "nl")
two("As a site manager, I want to assign a defect to a subcontractor.",
    "As a site manager, I want to assign a delivery slot to a subcontractor.", "related", "object")
two(DEFECT_X, "Defect list: download as .xlsx spreadsheet", "duplicate", "terse title")
two(MANGEL, "Als Bauleiter will ich Baumängel samt Bild dokumentieren können.", "duplicate", "reworded", "de")
two(PLAN_WK, "Als uitvoerder wil ik een weekoverzicht van de bouwplanning zien.", "duplicate", "reworded", "nl")
two("As a site manager, I want the daily site report to be sent at 18:00.",
    "As a site manager, I want the daily site report to be sent at 07:00.", "conflict", "time")
two(WEATHER, "As a project manager, I want to approve a subcontractor invoice.", "unrelated", "construction")

# ------------------------------------------------------------------- parking garages
APP_PAY = "As a driver, I want to pay for parking with the mobile app before leaving."
CARTA = "Come automobilista, voglio pagare il parcheggio con la carta di credito."
RESERVE_FR = "En tant qu'automobiliste, je veux réserver une place de parking pour demain."
FREE60 = "As a driver I want free parking for up to 60 minutes."
FREE_SPACES = "As a driver, I want to see the number of free spaces on level 1."
two("As a driver, I want to pay for parking with my credit card at the exit.", APP_PAY, "related", "channel")
two(FREE_SPACES, "As a driver, I want to see the number of free spaces for electric cars.", "related",
    "qualifier")
two("As a garage operator, I want a report of occupancy by hour.",
    "As a garage operator, I want a report of occupancy by weekday.", "related", "report by")
two("As a monthly subscriber, I want to renew my parking subscription.",
    "As a monthly subscriber, I want to cancel my parking subscription.", "related", "action")
two(RESERVE_FR, "En tant qu'automobiliste, je veux prolonger ma réservation de place de parking.", "related",
    "create/edit", "fr")
two(CARTA, "Come automobilista, voglio pagare il parcheggio in contanti.", "related", "channel", "it")
two("Come gestore del parcheggio, voglio vedere l'elenco delle auto presenti.",
    "Come gestore del parcheggio, voglio vedere i dettagli di un singolo ingresso.", "related", "list/detail",
    "it")
two("As a driver, I want to get a receipt by email after paying for parking.",
    "As a driver, I want to get a receipt by email after topping up my parking card.", "related", "event")
two("Parking: show the map of free spaces on the start screen",
    "Parking: show the map of free spaces on the payment screen", "related", "ui element, page")
two(APP_PAY, "Drivers can settle the parking fee in the app before they drive out.", "duplicate", "reworded")
two(CARTA, "Come cliente del parcheggio voglio poter saldare la sosta tramite carta di credito.", "duplicate",
    "reworded", "it")
two(RESERVE_FR, "Réservation d'une place de stationnement pour le lendemain", "duplicate", "terse title", "fr")
two(FREE60, "As a driver, I want the first hour of parking to be free.", "duplicate", "units")
two(FREE60, "As a driver, I want free parking for up to 2 hours.", "conflict", "units")
two("As a garage operator, I want a report of occupancy by hour.", "Hourly occupancy report for garage operators",
    "duplicate", "terse title")
two("As a driver, I want to pay for parking by card, in the app or in cash.", APP_PAY, "overlap", "list item")
two(FREE_SPACES, "As a garage operator, I want to set the prices for night parking.", "unrelated", "parking")
two("""Feature: Leaving the garage
  Scenario: Driver leaves with a paid ticket
    Given a driver has paid the parking fee
    When the driver inserts the ticket at the exit
    Then the barrier opens""",
    """Feature: Exit barrier
  Scenario: Driver leaves with an unpaid ticket
    Given a driver has not paid the parking fee
    When the driver inserts the ticket at the exit
    Then the barrier stays closed and the fee is shown""", "related", "gherkin inputs")
two("""Feature: Exit with a paid ticket
  Scenario: Barrier opens for paid tickets
    Given a driver has paid the parking fee
    When the driver inserts the ticket at the exit
    Then the barrier opens""",
    "As a driver who has paid, I want the exit barrier to open when I insert my ticket.",
    "duplicate", "gherkin vs narrative")

# ------------------------------------------------------------------- sports club
TENNIS = "As a club member, I want to book a tennis court."
UNPAID = "As a club treasurer, I want to see which members have not paid their annual fee."
TORNEO = "Como socio del club, quiero inscribirme en un torneo."
QUADRA = "Como sócio do clube, quero reservar uma quadra de tênis."
CANCEL24 = "As a club member, I want to cancel a court booking free of charge up to 24 hours before."
two(TENNIS, "As a club member, I want to book a squash court.", "related", "object")
two("As a coach, I want to send a message to all players of my team.",
    "As a coach, I want to send a message to the parents of my players.", "related", "recipient")
two(UNPAID, "As a club treasurer, I want to see which members have paid their annual fee.", "related", "state")
two("As a member, I want to get notified when a training session is cancelled.",
    "As a member, I want to get notified when a training session is moved to another time.", "related", "event")
two(TORNEO, "Como socio del club, quiero darme de baja de un torneo.", "related", "action", "es")
two(QUADRA, "Como sócio do clube, quero reservar uma quadra de padel.", "related", "object", "pt")
two("Como treinador, quero ver a lista de presença do treino.",
    "Como treinador, quero registrar a presença dos atletas no treino.", "related", "view/record", "pt")
two("Como entrenador, quiero ver las estadísticas de cada jugador.",
    "Como entrenador, quiero ver las estadísticas del equipo.", "related", "one/all", "es")
two("Add a search bar to the member directory page", "Add a search bar to the events page", "related",
    "ui element, page")
two(TENNIS, "Members should be able to reserve a tennis court online.\n\nAcceptance criteria:\n"
    "- Courts can be reserved up to 7 days ahead\n- A reservation lasts 1 hour", "duplicate", "with criteria")
two(UNPAID, "Treasurer: list of members with outstanding yearly dues", "duplicate", "terse synonym")
two(TORNEO, "Como miembro, quiero apuntarme a un torneo desde la web del club.", "duplicate", "reworded", "es")
two(QUADRA, "Os sócios podem fazer a reserva de uma quadra de tênis pelo aplicativo.", "duplicate", "passive",
    "pt")
two(CANCEL24, "As a club member, I want to cancel a court booking free of charge up to 2 hours before.",
    "conflict", "number")
two(CANCEL24, "Members may cancel their court reservation without a fee until one day before.", "duplicate",
    "units")
two("As a club member, I want court bookings to last 1 hour.",
    "As a club member, I want court bookings to last 90 minutes.", "conflict", "units")
two("As a club admin, I want to manage members: add, edit and remove them.",
    "As a club admin, I want to add a new member.", "overlap", "parent/sub-feature")
two("As a coach, I want to send a message to all players of my team.", UNPAID, "unrelated", "sports")

# ------------------------------------------------------------------- coworking spaces
ROOM2H = "As a member, I want to book a meeting room for two hours."
SCHREIB = "Als Mitglied möchte ich einen Schreibtisch für morgen buchen."
VERGADER = "Als lid wil ik een vergaderruimte reserveren."
PARCEL = "As a member, I want to receive an email when a parcel arrives for me."
two("As a member, I want to book a desk for a full day.", ROOM2H, "related", "object")
two("As a member, I want to see the desk booking calendar on the website.",
    "As a member, I want to see the desk booking calendar on the tablet at the entrance.", "related",
    "ui element, place")
two("As a community manager, I want to invite a new company to the space.",
    "As a community manager, I want to remove a company from the space.", "related", "create/delete")
two(PARCEL, "As a member, I want to receive an email when a guest arrives for me.", "related", "event")
two(SCHREIB, "Als Mitglied möchte ich meine Schreibtischbuchung für morgen stornieren.", "related", "action", "de")
two("En tant que membre, je veux télécharger mes factures.",
    "En tant que membre, je veux mettre à jour mes coordonnées de facturation.", "related", "object", "fr")
two(VERGADER, "Als lid wil ik mijn reservering van een vergaderruimte annuleren.", "related", "action", "nl")
two("As a member, I want to filter the event calendar by category.",
    "As a member, I want to filter the event calendar by location.", "related", "filter by")
two(ROOM2H, "Members can reserve a conference room for a 120-minute slot.", "duplicate", "units, synonym")
two(SCHREIB, "Als Mitglied will ich für den nächsten Tag einen Arbeitsplatz reservieren.", "duplicate",
    "reworded", "de")
two(VERGADER, "Leden moeten online een vergaderzaal kunnen boeken.", "duplicate", "passive", "nl")
two(PARCEL, "Notify members by e-mail once a package has been delivered for them at reception.", "duplicate",
    "reworded")
two("As a member, I want to manage my bookings.", "As a member, I want to cancel one of my bookings.",
    "overlap", "parent/sub-feature")
two("As a member's guest, I want to enter the coworking space without a member accompanying me.",
    "As a member's guest, I want to enter the coworking space only when a member accompanies me.",
    "conflict", "negation")
two("As a member, I want to book a desk for a full day.",
    "As a community manager, I want to publish the events of the month.", "unrelated", "coworking")

# ------------------------------------------------------------------- freelance bookkeeping
IMPORT_BANK = "As a freelancer, I want to import bank transactions from a CSV file."
OVERDUE = "As a freelancer, I want a reminder when an invoice is overdue."
NONPAGATE = "Come libero professionista, voglio vedere le fatture non pagate."
AUSGABEN = "Als Freiberufler möchte ich meine Ausgaben nach Kategorie auswerten."
FACTUUR = "Als zzp'er wil ik een factuur maken voor een klant."
two("As a freelancer, I want to create an invoice for a client.",
    "As a freelancer, I want to create a credit note for a client.", "related", "document")
two("As a freelancer, I want to see my income per month.", "As a freelancer, I want to see my income per client.",
    "related", "report by")
two(IMPORT_BANK, "As a freelancer, I want to export bank transactions to a CSV file.", "related", "import/export")
two(OVERDUE, "As a freelancer, I want a reminder when my quarterly VAT return is due.", "related", "event")
two("As a freelancer, I want to edit a draft invoice.", "As a freelancer, I want to delete a draft invoice.",
    "related", "edit/delete")
two(NONPAGATE, "Come libero professionista, voglio vedere le fatture pagate.", "related", "state", "it")
two(AUSGABEN, "Als Freiberufler möchte ich meine Ausgaben nach Monat auswerten.", "related", "report by", "de")
two("Als zzp'er wil ik een offerte maken voor een klant.", FACTUUR, "related", "document", "nl")
two(IMPORT_BANK, "Bank statement upload (CSV) so that transactions do not have to be typed in by hand",
    "duplicate", "terse title")
two(OVERDUE, "Send me a notification if a client has not paid an invoice by its due date.", "duplicate",
    "reworded")
two(NONPAGATE, "Come freelance voglio un elenco delle fatture ancora da incassare.", "duplicate", "reworded", "it")
two(AUSGABEN, "Als Selbstständiger will ich sehen, wie viel ich pro Ausgabenkategorie ausgegeben habe.",
    "duplicate", "reworded", "de")
two(FACTUUR, "Als freelancer wil ik facturen voor mijn opdrachtgevers kunnen opstellen.", "duplicate",
    "reworded", "nl")
APPROVAL = ("As a freelancer, I want large expenses to need my accountant's approval.\n\nAcceptance criteria:\n"
            "- Expenses above {n} EUR need the accountant's approval\n- Approved expenses are booked automatically")
two(APPROVAL.format(n=500), APPROVAL.format(n=1000), "conflict", "criteria number")
two("As a freelancer, I want to manage my invoices: create, edit, send and delete them.",
    "As a freelancer, I want to send an invoice to a client.", "overlap", "parent/sub-feature")
two("As a freelancer, I want to see my income per month.",
    "As a freelancer, I want to set my company logo on invoices.", "unrelated", "bookkeeping")

# ------------------------------------------------------------------- marina and boat rental
ARRIVALS = "As a harbour master, I want to see the list of boats arriving today."
SKIPPER = "As a renter, I want to rent a sailing boat with a skipper."
LLEGADA = "Como capitán de puerto, quiero registrar la llegada de un barco."
PORT_PAY = "En tant que plaisancier, je veux payer ma place au port en ligne."
BERTH = "As a boat owner, I want to rent a berth for the summer season."
two(BERTH, "As a boat owner, I want to rent a berth for one night.", "related", "time")
two(ARRIVALS, "As a harbour master, I want to see the list of boats leaving today.", "related", "event")
two(SKIPPER, "As a renter, I want to rent a motor boat with a skipper.", "related", "object")
two(PORT_PAY, "En tant que plaisancier, je veux payer l'électricité consommée au ponton.", "related", "object", "fr")
two(LLEGADA, "Como capitán de puerto, quiero registrar la salida de un barco.", "related", "event", "es")
two("En tant que capitaine de port, je veux voir la liste des places libres.",
    "En tant que capitaine de port, je veux voir la fiche détaillée d'une place.", "related", "list/detail", "fr")
two(SKIPPER, "Customers can hire a sailboat together with a captain.", "duplicate", "synonym")
two(LLEGADA, "El capitán de puerto debe poder anotar cuándo entra una embarcación en el puerto.", "duplicate",
    "reworded", "es")
two(PORT_PAY, "Paiement en ligne de l'emplacement au port pour les plaisanciers", "duplicate", "terse title", "fr")
two(ARRIVALS, "Today's expected arrivals should be shown to the harbour master as a list.", "duplicate", "passive")
LENGTH = ("As a harbour master, I want the booking form to refuse boats that are too long for our berths."
          "\n\nAcceptance criteria:\n- Boats longer than {n} m are refused\n- The skipper sees why")
two(LENGTH.format(n=12), LENGTH.format(n=15), "conflict", "criteria number")
two(BERTH, "As a harbour master, I want to record the fuel sold at the fuel dock.", "unrelated", "marina")

# ------------------------------------------------------------------- municipal waste collection
BIN_REMIND = "As a resident, I want a reminder the evening before the bin collection."
SPERR = "Als Bürger möchte ich einen Sperrmülltermin buchen."
PLASTIC_NL = "Als bewoner wil ik de ophaalkalender voor plastic afval zien."
EXTRA_BIN = "As a resident, I want to order an extra bin."
PAPER = "As a resident, I want to see the collection calendar for paper waste."
BULKY48 = "As a resident, I want to book a bulky waste pickup up to 48 hours in advance."
two(PAPER, "As a resident, I want to see the collection calendar for garden waste.", "related", "object")
two(BIN_REMIND, "As a resident, I want a notice when the bin collection is delayed.", "related", "event")
two(EXTRA_BIN, "As a resident, I want to report a damaged bin.", "related", "action")
two(SPERR, "Als Bürger möchte ich meinen Sperrmülltermin verschieben.", "related", "create/edit", "de")
two(PLASTIC_NL, "Als bewoner wil ik de ophaalkalender voor restafval zien.", "related", "object", "nl")
two("Come cittadino, voglio prenotare il ritiro dei rifiuti ingombranti.",
    "Come cittadino, voglio annullare il ritiro dei rifiuti ingombranti.", "related", "action", "it")
two("As a resident, I want to download the waste calendar as a PDF.",
    "As a resident, I want to subscribe to the waste calendar in my phone's calendar app.", "related", "channel")
two("Como morador, quero saber quando o lixo reciclável é recolhido.",
    "Como morador, quero saber quando o lixo orgânico é recolhido.", "related", "object", "pt")
two(BIN_REMIND, "Residents get reminded on the evening before their waste is picked up.", "duplicate", "passive")
two(SPERR, "Bürgerinnen und Bürger können online einen Termin für die Abholung von Sperrmüll vereinbaren.",
    "duplicate", "reworded", "de")
two(PLASTIC_NL, "Bewoners willen kunnen opzoeken wanneer het plastic afval wordt opgehaald.", "duplicate",
    "reworded", "nl")
two(EXTRA_BIN, "Residents can request an additional waste container online.", "duplicate", "synonym")
two(BULKY48, "As a resident, I want to book a bulky waste pickup up to 2 days in advance.", "duplicate", "units")
two("As a resident, I want to book a bulky waste pickup at least 3 days in advance.",
    "As a resident, I want to book a bulky waste pickup at least 24 hours in advance.", "conflict", "units")
two("As a resident, I want the bin reminder to be sent at 19:00 on the evening before.",
    "As a resident, I want the bin reminder to be sent at 21:00 on the evening before.", "conflict", "time")
two("As a resident, I want to see the collection calendar for all waste types.", PAPER, "overlap", "parent/part")
two(EXTRA_BIN, "As a resident, I want to find the opening hours of the recycling centre.", "unrelated", "waste")

# ------------------------------------------------------------------- photo studio
FAVS = "As a client, I want to choose my favourite photos from the online gallery."
ALTA = "Como cliente, quero baixar as fotos em alta resolução."
ZIP1G = "As a client, I want to download my photo gallery as a ZIP file of up to 1 GB."
PRINTS = "As a client, I want to order prints of selected photos."
two(FAVS, "As a client, I want to share the online gallery with my family.", "related", "action")
two("As a photographer, I want to add a watermark to the photos in a gallery.",
    "As a photographer, I want to protect a gallery with a password.", "related", "attribute")
two(PRINTS, "As a client, I want to order a photo book of selected photos.", "related", "object")
two(ALTA, "Como cliente, quero baixar as fotos em baixa resolução para as redes sociais.", "related", "qualifier",
    "pt")
two(FAVS, "Let clients mark photos as favourites in their gallery.", "duplicate", "terse")
two(ALTA, "O cliente deve poder fazer o download das imagens na resolução máxima.", "duplicate", "reworded", "pt")
two(ZIP1G, "Clients can download their gallery as one ZIP archive (max. 1024 MB).", "duplicate", "units")
two("As a client, I want to download my photo gallery as a ZIP file of up to 2 GB.",
    "As a client, I want to download my photo gallery as a ZIP file of up to 500 MB.", "conflict", "units")
two("As a client, I want to order prints and a photo book of selected photos.", PRINTS, "overlap", "list item")
two(PRINTS, "As a photographer, I want to send the contract to the client for signature.", "unrelated", "photo")

# ------------------------------------------------------------------- crowdfunding
PLEDGE = "As a backer, I want to pledge money to a campaign."
GOAL = "As a backer, I want to be notified when a campaign I backed reaches its goal."
REFUND7 = "As a backer, I want my money refunded within 7 days when a campaign fails."
two(PLEDGE, "As a backer, I want to withdraw my pledge from a campaign.", "related", "action")
two("As a campaign creator, I want to see the list of my backers.",
    "As a campaign creator, I want to see the total amount raised so far.", "related", "field")
two("As a campaign creator, I want to post an update for my backers.",
    "As a backer, I want to comment on an update of a campaign.", "related", "role/action")
two(GOAL, "As a backer, I want to be notified when a campaign I backed fails.", "related", "event")
two("Como creador de campaña, quiero exportar la lista de mecenas a CSV.",
    "Como creador de campaña, quiero importar la lista de recompensas desde CSV.", "related", "import/export", "es")
two("Come sostenitore, voglio vedere le campagne in scadenza.",
    "Come sostenitore, voglio vedere le campagne appena lanciate.", "related", "state", "it")
two(PLEDGE, "Supporters should be able to back a project with a contribution of their choice.", "duplicate",
    "synonym")
two(GOAL, "Send backers an alert once a project they support is fully funded.", "duplicate", "reworded")
two(REFUND7, "Backers get their money back within one week if the campaign is unsuccessful.", "duplicate", "units")
PAYOUT_A = ("As a campaign creator, I want payouts to be sent to my bank account.\n\nAcceptance criteria:\n"
            "- Payouts are made within 14 days after the campaign ends\n- A fee of 5% is deducted")
PAYOUT_B = ("As a creator, I want to receive the money raised on my bank account.\n\nAcceptance criteria:\n"
            "- Payouts are made within 30 days after the campaign ends\n- A fee of 5% is deducted")
two(PAYOUT_A, PAYOUT_B, "conflict", "criteria number, need reworded")
two("As a campaign creator, I want to edit my campaign page, including its text, images and rewards.",
    "As a campaign creator, I want to change the rewards of my campaign.", "overlap", "parent/part")
two(PLEDGE, "As a campaign creator, I want to add a video to my campaign page.", "unrelated", "crowdfunding")

if __name__ == "__main__":
    write("dev6")
