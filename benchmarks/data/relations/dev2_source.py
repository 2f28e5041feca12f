# Hand-written development relation set (recall helper, issue 11): families of the kinds the
# blind set showed the relation stage getting wrong, in domains of their own (insurance,
# travel, HR, real estate, SaaS admin, retail, media). This set MAY be tuned on (unlike
# blind and holdout2). Run from this folder: python dev2_source.py.
from pairset import pair, st, write


dups = [
 ("As a policyholder, I want to file a claim online, so that I get my money faster.",
  "As an insured customer I want to submit an insurance claim through the website.", "paraphrase", "en"),
 ("As a policyholder I want to download my insurance certificate.",
  "Policyholders can get their proof of insurance as a PDF from their account.", "passive", "en"),
 ("Renew my car insurance online",
  "As a driver, I want to extend my motor policy on the website before it runs out, so that I stay covered.", "title-vs-narrative", "en"),
 ("As a traveller, I want to check in online for my flight, so that I skip the queue at the airport.",
  "As a passenger I want to do the flight check-in on the website before I get to the airport.", "paraphrase", "en"),
 ("As a traveller I want to pick my seat when booking.",
  "As a passenger, I want to choose where I sit on the plane during the booking, so that I can sit by the window.", "paraphrase", "en"),
 ("Cancel a hotel reservation",
  "As a guest, I want to call off my room booking from the app, so that I am not charged.", "title-vs-narrative", "en"),
 ("As an employee, I want to request time off in the HR portal, so that my manager can approve it.",
  "As a staff member I want to apply for annual leave online.", "paraphrase", "en"),
 ("As an employee I want to view my payslips.",
  "Employees can see their monthly salary statements in the self-service portal.", "passive", "en"),
 ("As a recruiter, I want to post a job opening on the careers page.",
  "As a hiring manager I want to publish a vacancy on our jobs site so that people can apply.", "paraphrase", "en"),
 ("As a tenant, I want to report a repair in my flat online.",
  "As a renter I want to log a maintenance request for my apartment through the app, so that it gets fixed.", "paraphrase", "en"),
 ("As a landlord I want to collect rent by direct debit.",
  "As a property owner, I want tenants' rent to be taken automatically from their bank account each month.", "paraphrase", "en"),
 ("As an admin, I want to invite a new user to the workspace by email.",
  "As a workspace owner I want to send an invitation e-mail so that a colleague can join our workspace.", "paraphrase", "en"),
 ("As an admin, I want to remove a member from the team.",
  "Team members can be deleted by administrators.", "passive", "en"),
 ("As a user I want to sign in with my Google account.",
  "As a customer, I want to log in using Google so that I don't need another password.", "paraphrase", "en"),
 ("As a shopper, I want to see my order history.",
  "As a customer I want a list of my previous purchases so that I can buy them again.", "paraphrase", "en"),
 ("As a customer, I want to return an item I bought online.",
  "As a buyer I want to send back a product and get a refund.", "paraphrase", "en"),
 ("Add a wishlist",
  "As a shopper, I want to save products to a wish list so that I can buy them later.", "title-vs-narrative", "en"),
 ("As a listener, I want to download episodes for offline listening.",
  "As a subscriber I want to save podcast episodes to my phone so that I can play them without internet.", "paraphrase", "en"),
 ("As a viewer I want subtitles on videos.",
  "As a viewer, I want to turn on captions for a film so that I can follow it with the sound off.", "paraphrase", "en"),
 ("As a user, I want to change my email address.",
  "As an account holder I want to update the e-mail linked to my account.", "paraphrase", "en"),
 ("As a user I want to reset my password when I forget it.",
  "Forgotten passwords can be reset by the user via an emailed link.", "passive", "en"),
 ("Als Versicherungsnehmer möchte ich einen Schaden online melden.",
  "Als Kunde will ich einen Versicherungsfall über das Portal einreichen, damit er schneller bearbeitet wird.", "paraphrase", "de"),
 ("Als Mitarbeiter möchte ich Urlaub im Portal beantragen.",
  "Als Mitarbeiterin will ich meine Urlaubstage online einreichen, damit meine Chefin sie genehmigen kann.", "paraphrase", "de"),
 ("Als Nutzer möchte ich mein Passwort zurücksetzen.",
  "Als Benutzer will ich ein neues Kennwort setzen, wenn ich das alte vergessen habe.", "paraphrase", "de"),
 ("En tant que voyageur, je veux m'enregistrer en ligne pour mon vol.",
  "En tant que passager, je souhaite faire l'enregistrement sur le site avant d'aller à l'aéroport.", "paraphrase", "fr"),
 ("En tant que locataire, je veux signaler une panne dans mon appartement.",
  "En tant que locataire, je souhaite déclarer un problème de réparation dans mon logement via l'application.", "paraphrase", "fr"),
 ("Como cliente, quiero devolver un producto comprado en línea.",
  "Como comprador, quiero enviar de vuelta un artículo y recibir el reembolso.", "paraphrase", "es"),
 ("Como empleado, quiero ver mis nóminas.",
  "Como trabajadora, quiero consultar mis recibos de sueldo en el portal.", "paraphrase", "es"),
]
for n, (a, b, kind, lang) in enumerate(dups):
    st(f"d{n}-a", a)
    st(f"d{n}-b", b, "txt" if n % 3 == 1 else "md")
    pair(f"d{n}-a", f"d{n}-b", "duplicate", kind, lang)

st("cr0-a", "As a guest, I want to get a booking confirmation.\n\nAcceptance criteria:\n- The confirmation is emailed right after booking\n- It shows the check-in date and the price")
st("cr0-b", "Acceptance criteria:\n- Guests receive a confirmation e-mail immediately after they book\n- The e-mail contains the check-in date and the total price")
pair("cr0-a", "cr0-b", "duplicate", "criteria-only")
st("g0-a", """Feature: Returns
  Scenario: Customer returns an item within 30 days
    Given I bought a jacket 10 days ago
    When I request a return
    Then I get a prepaid return label""", "feature")
st("g0-b", "As a customer, I want to request a return for something I bought in the last 30 days and get a prepaid return label.")
pair("g0-a", "g0-b", "duplicate", "gherkin-vs-narrative")
st("j0-a", "Add Apple Pay at checkout", "txt")
st("j0-b", "Support paying with Apple Pay in the checkout", "txt")
pair("j0-a", "j0-b", "duplicate", "jira-vs-jira")

# siblings: channels, roles, objects
chan = [("by SMS", "by email"), ("by email", "as a push notification"), ("by text message", "via WhatsApp")]
for n, (x, y) in enumerate(chan):
    st(f"ch{n}-a", f"As a traveller, I want to get my boarding pass {x}.")
    st(f"ch{n}-b", f"As a traveller, I want to get my boarding pass {y}.")
    pair(f"ch{n}-a", f"ch{n}-b", "related", "channel")
st("ch9-a", "As a policyholder I want to be notified by e-mail when my claim is approved.")
st("ch9-b", "As a policyholder I want to be notified by SMS when my claim is approved.")
pair("ch9-a", "ch9-b", "related", "channel")
st("ch8-a", "Als Mieter möchte ich per E-Mail benachrichtigt werden, wenn die Reparatur geplant ist.")
st("ch8-b", "Als Mieter möchte ich per SMS benachrichtigt werden, wenn die Reparatur geplant ist.")
pair("ch8-a", "ch8-b", "related", "channel", "de")
roles = [("employee", "manager", "see the team holiday calendar"), ("tenant", "landlord", "see the repair history of the flat"),
         ("guest", "hotel manager", "view the booking details"), ("student", "parent", "see the exam results")]
for n, (r1, r2, goal) in enumerate(roles):
    st(f"ro{n}-a", f"As a {r1}, I want to {goal}.")
    st(f"ro{n}-b", f"As a {r2}, I want to {goal}.")
    pair(f"ro{n}-a", f"ro{n}-b", "related", "role")
objs = [
 ("As a policyholder, I want to add a driver to my car policy.", "As a policyholder, I want to add a second car to my policy."),
 ("As a shopper, I want to sort products by price.", "As a shopper, I want to sort products by rating."),
 ("As an admin, I want to export the member list to CSV.", "As an admin, I want to export the invoice list to CSV."),
 ("As a traveller, I want to add extra luggage to my booking.", "As a traveller, I want to add travel insurance to my booking."),
 ("Als Mitarbeiter möchte ich Reisekosten abrechnen.", "Als Mitarbeiter möchte ich Überstunden abrechnen."),
 ("En tant que client, je veux suivre ma commande.", "En tant que client, je veux suivre mon remboursement."),
]
for n, (a, b) in enumerate(objs):
    st(f"ob{n}-a", a)
    st(f"ob{n}-b", b)
    pair(f"ob{n}-a", f"ob{n}-b", "related", "object")

# conflicts: numbers (with other bound words), negation with "do not want"
conf = [
 ("Als Kunde möchte ich maximal 3 Artikel pro Bestellung zurückgeben.", "Als Kunde möchte ich bis zu 5 Artikel pro Bestellung zurückgeben.", "number", "de"),
 ("As a shopper I want to return items within 14 days.", "As a shopper I want to return items within 30 days.", "number", "en"),
 ("As an employee, I want to carry over unused holiday to next year.", "As HR, I do not want employees to carry over unused holiday to the next year.", "negation", "en"),
 ("As a guest, I want to cancel free of charge up to 24 hours before arrival.", "As a guest, I want to cancel free of charge up to 48 hours before arrival.", "number", "en"),
 ("As a viewer, I want videos to autoplay the next episode.", "As a viewer, I don't want the next episode to play automatically.", "negation", "en"),
 ("En tant que client, je veux au plus 2 relances par e-mail.", "En tant que client, je veux jusqu'à 5 relances par e-mail.", "number", "fr"),
]
for n, (a, b, kind, lang) in enumerate(conf):
    st(f"cf{n}-a", a)
    st(f"cf{n}-b", b)
    pair(f"cf{n}-a", f"cf{n}-b", "conflict", kind, lang)

for a, b in (("d0-a", "d3-a"), ("d6-a", "d10-a"), ("d12-a", "d18-a"), ("d14-a", "d8-a"), ("ch0-a", "d4-a"),
             ("d19-a", "d21-a"), ("ro0-a", "d7-a")):
    pair(a, b, "unrelated", "cross-area")

if __name__ == "__main__":
    write("dev2")
