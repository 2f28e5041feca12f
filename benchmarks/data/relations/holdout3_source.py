# Hand-written third held-out relation set (cutoff helper, issue 11), written on 2026-11-30
# BEFORE any change to the duplicate cutoff or the meaning constants of that step, and never
# tuned on. Domains not in the other sets: agriculture, legal case management, event
# ticketing, library, energy utility, telecom. Each duplicate written as a second team would
# write the same need; hard negatives use the same template with another object, channel,
# role or number, and negation.
# Run from this folder: python holdout3_source.py (writes holdout3_stories.jsonl, holdout3_pairs.jsonl).
from pairset import pair, st, write


# ---------------------------------------------------------------- duplicates
dups = [
 # agriculture
 ("As a farmer, I want to log which fertiliser I spread on each field, so that I can prove compliance.",
  "As a grower I want to record fertilizer applications per plot for the inspection.", "paraphrase", "en"),
 ("As a farm manager, I want to see soil moisture readings from the field sensors, so that I know when to irrigate.",
  "Soil humidity values from the in-field probes should be shown to the farm manager.", "passive", "en"),
 ("Register newborn calves",
  "As a dairy farmer, I want to add each calf that is born to the herd register, so that its ear tag is traceable.", "title-vs-narrative", "en"),
 ("As a farmer I want a weather forecast for my fields for the next seven days.",
  "As a grower, I want to see the week-ahead weather for my farm's location, so that I can plan spraying.", "paraphrase", "en"),
 ("Als Landwirt möchte ich die Ernteerträge je Schlag erfassen.",
  "Als Landwirtin will ich für jedes Feld eintragen, wie viel geerntet wurde, damit ich die Jahre vergleichen kann.", "paraphrase", "de"),
 ("Como agricultor, quiero registrar los tratamientos fitosanitarios de cada parcela.",
  "Como productor, quiero anotar qué pesticidas apliqué en cada campo para cumplir la normativa.", "paraphrase", "es"),
 # legal case management
 ("As a lawyer, I want to see all deadlines of my cases in one calendar, so that I never miss a court date.",
  "As an attorney I want a single calendar view with every filing deadline and hearing across my matters.", "paraphrase", "en"),
 ("As a paralegal, I want to upload documents to a case file.",
  "As a legal assistant, I want to attach scanned evidence and letters to the matter, so that the whole team can read them.", "paraphrase", "en"),
 ("Track billable hours per matter",
  "As a solicitor, I want to record the time I spend on each client matter, so that it can be invoiced.", "title-vs-narrative", "en"),
 ("As a partner, I want to run a conflict-of-interest check before we accept a new client.",
  "Before a new client is taken on, the firm must be able to search existing parties for conflicts of interest.", "passive", "en"),
 ("Als Anwalt möchte ich alle Fristen meiner Akten in einem Kalender sehen.",
  "Als Rechtsanwältin will ich eine Übersicht aller Fristen über alle meine Mandate hinweg, damit keine verpasst wird.", "paraphrase", "de"),
 ("En tant qu'avocat, je veux rechercher une affaire par le nom du client.",
  "En tant qu'avocate, je souhaite retrouver un dossier en tapant le nom de la partie cliente.", "paraphrase", "fr"),
 # event ticketing
 ("As a concertgoer, I want to choose my seat on a seating plan, so that I sit with my friends.",
  "As a ticket buyer I want to pick specific seats from a map of the venue when I book.", "paraphrase", "en"),
 ("As a visitor, I want my ticket as a QR code on my phone, so that I don't have to print it.",
  "Tickets should be delivered as a scannable mobile barcode instead of paper.", "passive", "en"),
 ("As a customer I want to resell a ticket I can no longer use.",
  "As a fan, I want to put my ticket back on sale through the official platform when I can't go, so that I get my money back.", "paraphrase", "en"),
 ("Scan tickets at the entrance",
  "As a door steward, I want to check each guest's ticket with a handheld scanner at the gate, so that fakes are refused.", "title-vs-narrative", "en"),
 ("As an organiser, I want to see how many tickets have been sold for my event.",
  "As an event promoter, I want a live count of sold tickets for my show, so that I can decide on extra marketing.", "paraphrase", "en"),
 ("Como asistente, quiero recibir mi entrada en el móvil.",
  "Como espectador, quiero tener el billete del evento en mi teléfono para no imprimirlo.", "paraphrase", "es"),
 # library
 ("As a library member, I want to renew my borrowed books online, so that I avoid late fees.",
  "As a patron I want to extend the loan period of items I have checked out from my account.", "paraphrase", "en"),
 ("As a member, I want to reserve a book that is currently on loan.",
  "As a reader, I want to place a hold on a title that someone else has borrowed, so that I get it next.", "paraphrase", "en"),
 ("As a librarian, I want to check in returned items by scanning their barcode.",
  "Returned books are checked back in when staff scan the barcode at the desk.", "passive", "en"),
 ("Search the catalogue by author",
  "As a library user, I want to find all books written by a given author in the online catalogue.", "title-vs-narrative", "en"),
 ("Als Leser möchte ich meine Ausleihen online verlängern.",
  "Als Bibliotheksnutzerin will ich die Leihfrist meiner Bücher im Konto verlängern können, damit keine Mahngebühr anfällt.", "paraphrase", "de"),
 ("En tant qu'usager, je veux réserver un livre déjà emprunté.",
  "En tant que lecteur, je souhaite mettre une réservation sur un ouvrage actuellement en prêt.", "paraphrase", "fr"),
 # energy utility
 ("As a customer, I want to submit my meter reading online, so that my bill is based on real usage.",
  "As a household customer I want to enter the electricity meter value on the website instead of an estimate.", "paraphrase", "en"),
 ("As a customer, I want to see my energy consumption per month in a chart.",
  "As a bill payer, I want a graph of how many kWh I used each month, so that I can spot high usage.", "paraphrase", "en"),
 ("Report a power outage",
  "As a resident, I want to tell the utility that the electricity is off in my street, so that a crew is sent.", "title-vs-narrative", "en"),
 ("As a customer, I want to change my monthly direct debit amount.",
  "Customers can adjust the fixed monthly instalment they pay by direct debit.", "passive", "en"),
 ("As a customer I want to be told about planned supply interruptions in advance.",
  "As a household, I want a notice before scheduled maintenance cuts off my power, so that I can prepare.", "paraphrase", "en"),
 ("Als Kunde möchte ich meinen Zählerstand online übermitteln.",
  "Als Stromkundin will ich den Zählerstand über das Kundenportal melden, damit die Abrechnung stimmt.", "paraphrase", "de"),
 # telecom
 ("As a subscriber, I want to see how much mobile data I have left this month.",
  "As a customer I want to check my remaining data allowance in the app, so that I don't exceed my plan.", "paraphrase", "en"),
 ("As a customer, I want to port my existing phone number to your network, so that my contacts can still reach me.",
  "As a new subscriber I want to keep my old mobile number when I switch from another operator.", "paraphrase", "en"),
 ("Upgrade my tariff online",
  "As a subscriber, I want to move to a bigger plan from my account page without calling support.", "title-vs-narrative", "en"),
 ("As a customer, I want to report a broadband fault online.",
  "Customers must be able to raise a ticket for an internet connection problem through the self-service portal.", "passive", "en"),
 ("As a traveller I want to activate roaming before I go abroad.",
  "As a subscriber, I want to switch on international roaming in the app, so that my phone works on holiday.", "paraphrase", "en"),
 ("Como cliente, quiero consultar cuántos datos móviles me quedan.",
  "Como abonado, quiero ver el saldo de datos restante de mi tarifa en la aplicación.", "paraphrase", "es"),
]
for n, (a, b, kind, lang) in enumerate(dups):
    st(f"d{n}-a", a)
    st(f"d{n}-b", b, "txt" if n % 3 == 0 else "md")
    pair(f"d{n}-a", f"d{n}-b", "duplicate", kind, lang)

# Narratives with criteria, restated by another team
st("cr0-a", """As a library member, I want to pay my overdue fines online, so that I can borrow again.

Acceptance criteria:
- The open fines are listed with the item and the days overdue
- Payment by card clears the fines immediately
- Borrowing is unblocked after payment""")
st("cr0-b", """As a patron I want to settle late fees in my account.

Acceptance criteria:
- I see each fine with its book and how many days late it was
- Paying with a card clears them at once
- I can borrow again once they are paid""")
pair("cr0-a", "cr0-b", "duplicate", "criteria-restated")
st("cr1-a", """As a subscriber, I want a PDF copy of my phone bill every month.

Acceptance criteria:
- The bill is emailed on the 1st of the month
- It lists calls, data and extra charges""")
st("cr1-b", """As a customer I want my monthly telephone invoice sent to me as a PDF.

Acceptance criteria:
- Sent by email on the first day of each month
- Shows call, data and additional charges""")
pair("cr1-a", "cr1-b", "duplicate", "criteria-restated")

# Gherkin scenario vs narrative
st("g0-a", """Feature: Ticket refunds
  Scenario: Event is cancelled
    Given I bought a ticket for a concert
    When the organiser cancels the concert
    Then I receive a full refund to my original payment method""", "feature")
st("g0-b", "As a ticket holder, I want my money back automatically on the card I paid with when the event is cancelled.")
pair("g0-a", "g0-b", "duplicate", "gherkin-vs-narrative")
st("g1-a", """Feature: Loans
  Scenario: Borrow a book at the self-service kiosk
    Given I am a library member
    When I scan my library card and the book at the kiosk
    Then the book is lent to me and a receipt with the due date is printed""", "feature")
st("g1-b", "As a library member, I want to check out books myself at the self-checkout machine and get a slip showing when they are due.")
pair("g1-a", "g1-b", "duplicate", "gherkin-vs-narrative")

# Jira-style one-liners
jira = [("Farmer can export field records to CSV", "Export of plot/field data as CSV file for growers"),
        ("Lawyer gets email reminder 3 days before a court deadline",
         "Send attorneys an e-mail reminder three days ahead of each court deadline"),
        ("Customer can download past energy bills", "Allow customers to download their previous electricity invoices")]
for n, (a, b) in enumerate(jira):
    st(f"j{n}-a", a, "txt")
    st(f"j{n}-b", b, "txt")
    pair(f"j{n}-a", f"j{n}-b", "duplicate", "jira-vs-jira")

# ---------------------------------------------------------------- siblings (related)
# channels
st("ch0", "As a library member, I want a reminder by email two days before my loan is due.")
st("ch1", "As a library member, I want a reminder by SMS two days before my loan is due.")
pair("ch0", "ch1", "related", "channel")
st("ch2", "As a customer, I want to get my electricity bill by post.")
st("ch3", "As a customer, I want to get my electricity bill in the app.")
pair("ch2", "ch3", "related", "channel")
st("ch4", "As a ticket buyer, I want my tickets sent to my email.")
st("ch5", "As a ticket buyer, I want my tickets added to my phone's wallet.")
pair("ch4", "ch5", "related", "channel")
st("ch6", "Als Landwirt möchte ich eine Frostwarnung per SMS erhalten.")
st("ch7", "Als Landwirt möchte ich eine Frostwarnung per Push-Nachricht in der App erhalten.")
pair("ch6", "ch7", "related", "channel", "de")
# roles
st("ro0", "As a lawyer, I want to see the documents of my cases.")
st("ro1", "As a client, I want to see the documents of my case.")
pair("ro0", "ro1", "related", "role")
st("ro2", "As an organiser, I want to see the list of attendees of my event.")
st("ro3", "As a door steward, I want to see the list of attendees of the event.")
pair("ro2", "ro3", "related", "role")
st("ro4", "As a subscriber, I want to see my call history.")
st("ro5", "As a support agent, I want to see a subscriber's call history.")
pair("ro4", "ro5", "related", "role")
st("ro6", "En tant que bibliothécaire, je veux voir les prêts en retard.")
st("ro7", "En tant que lecteur, je veux voir mes prêts en retard.")
pair("ro6", "ro7", "related", "role", "fr")
# same template, different object
objs = [
 ("As a farmer, I want to record the milk yield of each cow.", "As a farmer, I want to record the weight of each cow.", "object"),
 ("As a farmer, I want to see the soil moisture of each field.", "As a farmer, I want to see the soil temperature of each field.", "object"),
 ("As a lawyer, I want to search cases by client name.", "As a lawyer, I want to search cases by court reference number.", "object"),
 ("As a lawyer, I want to generate an engagement letter from a template.",
  "As a lawyer, I want to generate an invoice from a template.", "object"),
 ("As a visitor, I want to buy a ticket for the concert.", "As a visitor, I want to buy a parking pass for the concert.", "object"),
 ("As an organiser, I want to set a price for standing tickets.", "As an organiser, I want to set a price for VIP tickets.", "object"),
 ("As a member, I want to borrow e-books.", "As a member, I want to borrow audiobooks.", "object"),
 ("As a member, I want to book a study room in the library.", "As a member, I want to book a computer in the library.", "object"),
 ("As a customer, I want to submit my gas meter reading.", "As a customer, I want to submit my water meter reading.", "object"),
 ("As a customer, I want to see my electricity tariff.", "As a customer, I want to see my gas tariff.", "object"),
 ("As a subscriber, I want to buy an extra 5 GB data pack.", "As a subscriber, I want to buy an extra 20 GB data pack.", "number"),
 ("As a subscriber, I want to add a second SIM card to my plan.", "As a subscriber, I want to add a tablet to my plan.", "object"),
 ("Als Kunde möchte ich meinen Stromvertrag kündigen.", "Als Kunde möchte ich meinen Gasvertrag kündigen.", "object"),
 ("Como socio, quiero renovar mis libros en línea.", "Como socio, quiero renovar mi carné en línea.", "object"),
]
for n, (a, b, kind) in enumerate(objs):
    st(f"ob{n}-a", a)
    st(f"ob{n}-b", b)
    lang = "de" if a.startswith("Als") else "es" if a.startswith("Como") else "en"
    pair(f"ob{n}-a", f"ob{n}-b", "related", kind, lang)
# same object, different action
acts = [
 ("As a member, I want to reserve a book.", "As a member, I want to review a book I have read.", "action"),
 ("As a customer, I want to pay my energy bill online.", "As a customer, I want to dispute my energy bill online.", "action"),
 ("As a ticket buyer, I want to transfer my ticket to a friend.", "As a ticket buyer, I want to upgrade my ticket to a better seat.", "action"),
 ("As a lawyer, I want to open a new case.", "As a lawyer, I want to close a finished case and archive it.", "action"),
]
for n, (a, b, kind) in enumerate(acts):
    st(f"ac{n}-a", a)
    st(f"ac{n}-b", b)
    pair(f"ac{n}-a", f"ac{n}-b", "related", kind)

# ---------------------------------------------------------------- conflicts
conf = [
 ("As a member, I want to borrow up to 10 books at a time.", "As a member, I want to borrow up to 5 books at a time.", "number", "en"),
 ("As a ticket buyer, I want a refund if I cancel at least 48 hours before the event.",
  "As a ticket buyer, I want a refund if I cancel at least 7 days before the event.", "number", "en"),
 ("As a customer, I want my meter reading to be accepted without a photo.",
  "As a customer, I want my meter reading to be accepted only with a photo of the meter.", "behaviour", "en"),
 ("As a subscriber, I want data to stop when my allowance is used up.",
  "As a subscriber, I want data not to stop when my allowance is used up, and to be charged for the extra.", "negation", "en"),
 ("As a lawyer, I want closed cases to be deleted after 6 years.",
  "As a lawyer, I want closed cases to be deleted after 10 years.", "number", "en"),
 ("As a farmer, I want the irrigation to start automatically when the soil is dry.",
  "As a farmer, I want the irrigation never to start without my confirmation.", "negation", "en"),
]
for n, (a, b, kind, lang) in enumerate(conf):
    st(f"cf{n}-a", a)
    st(f"cf{n}-b", b)
    pair(f"cf{n}-a", f"cf{n}-b", "conflict", kind, lang)

# ---------------------------------------------------------------- overlaps
ov = [
 ("As a member, I want to renew my loans online.",
  "As a member, I want to renew my loans online and see my loan history.", "need-adds", "en"),
 ("As a subscriber, I want to see my bill.\n\nAcceptance criteria:\n- The total is shown",
  "As a subscriber, I want to see my bill.\n\nAcceptance criteria:\n- The total is shown\n- Each call is itemised\n- Roaming charges are listed separately", "criteria-superset", "en"),
 ("As an organiser, I want to create an event page.",
  "As an organiser, I want to create an event page with a ticket shop and a seating plan.", "need-adds", "en"),
]
for n, (a, b, kind, lang) in enumerate(ov):
    st(f"ov{n}-a", a)
    st(f"ov{n}-b", b)
    pair(f"ov{n}-a", f"ov{n}-b", "overlap", kind, lang)

# ---------------------------------------------------------------- unrelated (most share a domain)
unrel = [("d0-a", "d3-a"), ("d6-a", "d9-a"), ("d7-a", "d8-a"), ("d12-a", "d16-a"), ("d13-a", "d14-a"),
         ("d18-a", "d21-a"), ("d19-a", "d20-a"), ("d24-a", "d26-a"), ("d25-a", "d27-a"),
         ("d30-a", "d33-a"), ("d31-a", "d34-a"), ("ch0", "d18-a"), ("ob8-a", "d24-a"), ("d2-a", "d30-a")]
for a, b in unrel:
    pair(a, b, "unrelated", "same-domain")

if __name__ == "__main__":
    write("holdout3")
