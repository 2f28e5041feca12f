# Hand-written blind relation set (relate2 helper). Not tuned on.
import json
S = {}   # id -> (fmt, text)
P = []   # (a, b, relation, kind, lang)
def st(i, text, fmt="md"): S[i] = (fmt, text.strip() + "\n")
def pair(a, b, rel, kind, lang="en"): P.append((a, b, rel, kind, lang))

# ---------------------------------------------------------------- duplicates
dups = [
 ("As a customer, I want to sign in with my email address and password, so that I can see my account.",
  "As a registered user I want to log in using my e-mail and a password so I can access my profile.", "paraphrase", "en"),
 ("As an admin, I want to remove inactive users, so that the licence count stays low.",
  "Inactive user accounts can be deleted by administrators to free up licences.", "passive", "en"),
 ("As a shopper I want to see my purchase history so that I can reorder items.",
  "As a customer, I want a list of my past orders, so that I can buy the same things again.", "paraphrase", "en"),
 ("As a user, I want to reset my password, so that I can get back into my account.\n\nAcceptance criteria:\n- A reset link is sent to my email address\n- The link stops working after 24 hours",
  "Acceptance criteria:\n- Users can request a password reset link by email\n- The reset link is valid for 24 hours", "criteria-only", "en"),
 ("Export invoices to PDF",
  "As an accountant, I want to download invoices as PDF files, so that I can archive them.", "title-vs-narrative", "en"),
 ("Als Kunde möchte ich mein Passwort ändern können, damit mein Konto sicher bleibt.",
  "Als Nutzer will ich mein Kennwort ändern, damit mein Zugang geschützt ist.", "paraphrase", "de"),
 ("En tant qu'utilisateur, je veux me déconnecter de l'application, afin de protéger mes données.",
  "En tant que client, je souhaite pouvoir me déconnecter, afin que personne d'autre n'accède à mon compte.", "paraphrase", "fr"),
 ("As a project manager I want to get an email notification when a task is overdue so that I can follow up.",
  "PMs should be notified by e-mail about tasks that are past their due date.", "passive", "en"),
 ("As a user I want to upload a profile picture.",
  "As a member, I want to set an avatar image on my profile so that others recognise me.", "paraphrase", "en"),
 ("As an editor, I want to schedule a blog post for later publication, so that it goes out on launch day.",
  "As a content writer I want to pick a future date and time when my article goes live.", "paraphrase", "en"),
 ("As a visitor I want to search products by name.",
  "As a shopper, I want a search box where I can type an item's title to find it.", "paraphrase", "en"),
 ("As a support agent I want to merge duplicate tickets so that we answer each problem once.",
  "Combine two tickets that describe the same problem into one (support team)", "title-vs-narrative", "en"),
 ("As a user, I want to delete my account, so that my data is gone.",
  "As a customer I want to close my account permanently and have all my personal data erased (GDPR).", "paraphrase", "en"),
 ("As an admin I want to export the user list to CSV.",
  "Download all users as a CSV file (admin)", "title-vs-narrative", "en"),
 ("As a user, I want a dark mode.",
  "As a user I want a dark colour theme so that the app is easier on my eyes at night.", "paraphrase", "en"),
 ("As a mobile user I want push notifications for new messages.",
  "When someone sends me a message, my phone should show a notification even if the app is closed.", "restated", "en"),
 ("As an operator, I want to throttle API clients that send too many requests, so that the service stays up.",
  "As an ops engineer I want rate limiting on the public API so that one client cannot overload the servers.", "paraphrase", "en"),
 ("Rechnungen als PDF herunterladen",
  "Als Buchhalter möchte ich Rechnungen als PDF-Datei herunterladen, damit ich sie ablegen kann.", "title-vs-narrative", "de"),
 ("En tant qu'administrateur, je veux supprimer un utilisateur.",
  "En tant qu'admin, je veux pouvoir effacer le compte d'un utilisateur afin de nettoyer la base.", "paraphrase", "fr"),
 ("As a customer I want to pay with PayPal.",
  "Support PayPal as a payment method at checkout", "title-vs-narrative", "en"),
 ("As a team lead I want to assign a task to a team member.",
  "As a manager, I want to give a ticket to someone in my team so that they know they own it.", "paraphrase", "en"),
 ("As a user, I want to filter the order list by status.",
  "Orders can be filtered by their status (open, shipped, cancelled).", "passive", "en"),
 ("As a reader, I want to bookmark articles to read later.",
  "As a subscriber I want to save a story to a reading list so that I can come back to it.", "paraphrase", "en"),
 ("As a user I want two-factor authentication.",
  "As an account holder I want to protect my login with a second factor (a code from an authenticator app), so that a stolen password is not enough.", "paraphrase", "en"),
 ("As an admin I want an audit log of permission changes.",
  "Every change to user roles must be recorded with who made it and when, for the auditors.", "passive", "en"),
 ("As a customer, I want to track my parcel.",
  "As a buyer I want to see where my shipment currently is.", "paraphrase", "en"),
 ("As a user I want to change the language of the interface.",
  "The UI language should be switchable (e.g. English or German) in the settings.", "passive", "en"),
 ("As a host, I want to cancel a booking.",
  "As a property owner I want to be able to call off a reservation.", "paraphrase", "en"),
 ("As a user I want to undo my last change.",
  "Pressing Ctrl+Z reverts the most recent edit.", "restated", "en"),
 ("As a customer I want to receive an invoice by email after my purchase.",
  "Send the receipt to the buyer's mailbox once the order is paid.", "restated", "en"),
 ("Als Administrator möchte ich Benutzer sperren können.",
  "Als Admin will ich ein Benutzerkonto deaktivieren, damit sich die Person nicht mehr anmelden kann.", "paraphrase", "de"),
 ("As a sales rep, I want to import contacts from a CSV file.",
  "As a salesperson I want to upload a spreadsheet of leads (CSV) into the CRM so I don't have to type them in.", "paraphrase", "en"),
 ("As a user, I want to see a preview of an attachment before downloading it.",
  "Show a thumbnail preview for attached files so users don't have to download them first", "title-vs-narrative", "en"),
 ("As an employee I want to share a document with a colleague.",
  "As a staff member I want to give a coworker access to one of my files.", "paraphrase", "en"),
 ("As an IT admin, I want users to log in with their company Okta account.",
  "Single sign-on via Okta for all staff", "title-vs-narrative", "en"),
 ("As a customer I want to unsubscribe from the newsletter.",
  "As a recipient I want to opt out of marketing emails with one click.", "paraphrase", "en"),
 ("Exporter le rapport mensuel en Excel",
  "En tant que contrôleur de gestion, je veux télécharger le rapport mensuel au format Excel afin de l'analyser.", "title-vs-narrative", "fr"),
 ("As a driver I want to see my delivery route on a map.",
  "Display the delivery route on a map for drivers", "title-vs-narrative", "en"),
 ("As a user, I want to be warned before my session expires.",
  "Show a warning dialog shortly before the user is logged out for inactivity.", "restated", "en"),
 ("As a teacher I want to grade assignments online.",
  "As an instructor, I want to give marks to submitted homework in the web app.", "paraphrase", "en"),
 ("As a user I want to sort search results by price.",
  "Results can be ordered by price (low to high, high to low).", "passive", "en"),
 ("As a patient I want to book an appointment online.",
  "As a patient I want to schedule a visit with my doctor through the website instead of calling the practice.", "paraphrase", "en"),
 ("As a customer I want to save my credit card for later purchases.",
  "Store payment card details (tokenised) so returning customers don't have to enter them again", "title-vs-narrative", "en"),
 ("Als Kunde möchte ich meine Lieferadresse ändern, damit das Paket richtig ankommt.",
  "Als Käufer will ich die Versandanschrift bearbeiten können.", "paraphrase", "de"),
]
for n, (a, b, kind, lang) in enumerate(dups):
    fa = "txt" if "\n" not in a and not a.lower().startswith(("as ", "als ", "en tant")) else "md"
    fb = "txt" if "\n" not in b and not b.lower().startswith(("as ", "als ", "en tant")) else "md"
    st(f"dup{n}-a", a, fa); st(f"dup{n}-b", b, fb); pair(f"dup{n}-a", f"dup{n}-b", "duplicate", kind, lang)

# Gherkin duplicates
st("gdup0-a", """Feature: Cart
  Scenario: Customer adds an item to the cart
    Given I am on a product page
    When I click "Add to cart"
    Then the cart shows 1 item""", "feature")
st("gdup0-b", "As a customer, I want to put a product into my shopping basket from its page, so that I can buy it later.")
pair("gdup0-a", "gdup0-b", "duplicate", "gherkin-vs-narrative")
st("gdup1-a", """Feature: Login
  Scenario: Login with a wrong password
    Given a registered user
    When they enter a wrong password
    Then an error message is shown""", "feature")
st("gdup1-b", """Feature: Authentication
  Scenario: Failed sign-in
    Given I have an account
    When I type an incorrect password
    Then I see an error""", "feature")
pair("gdup1-a", "gdup1-b", "duplicate", "gherkin-paraphrase")

# ---------------------------------------------------------------- siblings (related)
def family(prefix, texts, kind, lang="en", fmt="md"):
    ids = []
    for i, t in enumerate(texts):
        st(f"{prefix}{i}", t, fmt); ids.append(f"{prefix}{i}")
    for i in range(len(ids)):
        for j in range(i + 1, len(ids)):
            pair(ids[i], ids[j], "related", kind, lang)

family("sib-java", [
 "As a developer, I want to upgrade the Confluence connector to Java 17, so that we can remove the old runtime.\n\nAcceptance criteria:\n- The Confluence connector builds on Java 17\n- All connector tests pass",
 "As a developer, I want to upgrade the GitHub connector to Java 17, so that we can remove the old runtime.\n\nAcceptance criteria:\n- The GitHub connector builds on Java 17\n- All connector tests pass",
 "As a developer I want to move the Jenkins connector to Java 17 so that we can remove the old runtime."], "sibling-object")
family("sib-log", [
 "As an SRE, I want structured logging in the payment service, so that incidents can be traced.",
 "As an SRE, I want structured logging in the notification service, so that incidents can be traced.",
 "As an SRE I want the search gateway to write structured logs so incidents can be traced."], "sibling-object")
family("sib-fmt", [
 "As an analyst, I want to export the sales report as CSV.",
 "As an analyst, I want to export the sales report as PDF.",
 "As an analyst, I want to export the sales report as an XLSX workbook."], "sibling-qualifier")
family("sib-role", [
 "As a teacher, I want to see the class timetable on my phone.",
 "As a parent, I want to see my child's class timetable on my phone.",
 "As a student, I want to see my class timetable on my phone."], "sibling-role")
family("sib-filter", [
 "As a support agent, I want to filter tickets by priority.",
 "As a support agent, I want to filter tickets by assignee.",
 "As a support agent, I want to filter tickets by creation date."], "sibling-qualifier")
family("sib-chan", [
 "As a customer, I want to get an SMS when my order ships.",
 "As a customer, I want to get an email when my order ships.",
 "As a customer, I want a push notification in the app when my order ships."], "sibling-qualifier")
family("sib-gh", [
 """Feature: Email templates
  Scenario: Use the post.title variable
    Given a template containing {{post.title}}
    When the email is rendered
    Then the post's title is inserted""",
 """Feature: Email templates
  Scenario: Use the post.author variable
    Given a template containing {{post.author}}
    When the email is rendered
    Then the post's author name is inserted""",
 """Feature: Email templates
  Scenario: Use the post.url variable
    Given a template containing {{post.url}}
    When the email is rendered
    Then the link to the post is inserted"""], "sibling-gherkin", fmt="feature")
family("sib-de", [
 "Als Buchhalter möchte ich Rechnungen nach Datum sortieren, damit ich schneller suche.",
 "Als Buchhalter möchte ich Rechnungen nach Betrag sortieren, damit ich schneller suche.",
 "Als Buchhalter möchte ich Rechnungen nach Kunde sortieren, damit ich schneller suche."], "sibling-qualifier", "de")
family("sib-fr", [
 "En tant qu'administrateur, je veux ajouter un projet.",
 "En tant qu'administrateur, je veux archiver un projet.",
 "En tant qu'administrateur, je veux renommer un projet."], "sibling-action", "fr")
family("sib-act", [
 "As a workspace owner I want to create a channel.",
 "As a workspace owner I want to archive a channel.",
 "As a workspace owner I want to rename a channel."], "sibling-action")
family("sib-box", [
 "As a user, I want to see my unread messages in one list.",
 "As a user, I want to see my archived messages in one list.",
 "As a user, I want to see my starred messages in one list."], "sibling-qualifier")
family("sib-db", ["Migrate the orders table to PostgreSQL", "Migrate the customers table to PostgreSQL"], "sibling-title", fmt="txt")
family("sib-lang", ["As a marketing manager, I want the checkout page translated into Spanish.",
                    "As a marketing manager, I want the checkout page translated into Italian."], "sibling-qualifier")
family("sib-os", ["Add dark mode to the Android app", "Add dark mode to the iOS app"], "sibling-title", fmt="txt")
family("sib-alert", ["As an on-call engineer, I want alerts sent to Microsoft Teams.",
                     "As an on-call engineer, I want alerts sent to PagerDuty."], "sibling-object")

# ---------------------------------------------------------------- conflicts
conf = [
 ("As a user, I want my session to expire after 30 minutes of inactivity, so that my account is safe on shared computers.",
  "As a security officer, I want user sessions to time out after 15 minutes of inactivity.", "number", "en"),
 ("As an admin, I want passwords to have at least 8 characters.",
  "As an admin, I want passwords to have at least 12 characters.", "number", "en"),
 ("As a shop owner, I want free shipping on orders over 50 EUR.",
  "As a shop owner, I want free shipping for orders above 100 EUR.", "number", "en"),
 ("Als Nutzer möchte ich maximal 5 Dateien gleichzeitig hochladen.",
  "Als Nutzer möchte ich bis zu 10 Dateien gleichzeitig hochladen.", "number", "de"),
 ("En tant qu'administrateur, je veux que le mot de passe soit changé tous les 90 jours.",
  "En tant qu'administrateur, je veux que le mot de passe soit changé tous les 180 jours.", "number", "fr"),
 ("As a user I want to edit my comment within 5 minutes of posting it.",
  "As a moderator, I want comments to be locked so that users cannot edit them after posting.", "negation", "en"),
 ("As a manager, I want the weekly report emailed every Monday.",
  "As a manager, I want the weekly report emailed every Friday.", "value", "en"),
 ("As an admin, I want new accounts to be activated automatically.",
  "As an admin, I want new accounts to stay inactive until I approve them.", "behaviour", "en"),
 ("As a developer, I want API tokens to expire after 1 hour.",
  "As a developer, I want API tokens to expire after 24 hours.", "number", "en"),
 ("As a user, I want deleted files to stay in the trash for 30 days.",
  "As a user, I want deleted files to stay in the trash for 7 days.", "number", "en"),
 ("As a guest, I want to check out without creating an account.",
  "As a guest, I do not want to be able to check out without an account.", "negation", "en"),
]
for n, (a, b, kind, lang) in enumerate(conf):
    st(f"conf{n}-a", a); st(f"conf{n}-b", b); pair(f"conf{n}-a", f"conf{n}-b", "conflict", kind, lang)
st("gconf-a", """Feature: Shipping
  Scenario: Shipping cost for a 120 EUR cart
    Given my cart is worth 120 EUR
    When I go to checkout
    Then shipping is free""", "feature")
st("gconf-b", """Feature: Shipping
  Scenario: Shipping cost for a 120 EUR cart
    Given my cart is worth 120 EUR
    When I go to checkout
    Then shipping costs 4.95 EUR""", "feature")
pair("gconf-a", "gconf-b", "conflict", "gherkin-outcome")

# ---------------------------------------------------------------- overlaps
ov = [
 ("As a customer I want to edit my shipping address.",
  "As a customer I want to edit my shipping address and my billing address.", "need-adds", "en"),
 ("As a reader, I want to search articles by keyword.",
  "As a reader, I want to search articles by keyword, author and tag.", "need-adds", "en"),
 ("As an admin, I want to rename a product category.",
  "As an admin, I want to manage product categories: create, rename and delete them.", "subsumes", "en"),
 ("Als Kunde möchte ich meine Bestellung stornieren.",
  "Als Kunde möchte ich meine Bestellung stornieren und das Geld zurückerhalten.", "need-adds", "de"),
 ("As a user, I want to get notified about new comments on my posts.",
  "As a user, I want to get notified about new comments, mentions and likes on my posts.", "need-adds", "en"),
 ("As a traveller, I want to download my boarding pass.\n\nAcceptance criteria:\n- The boarding pass is a PDF\n- It shows the gate",
  "As a traveller, I want to download my boarding pass.\n\nAcceptance criteria:\n- The boarding pass is a PDF\n- It shows the gate\n- It can be added to Apple Wallet\n- It shows the seat number", "criteria-superset", "en"),
 ("En tant que client, je veux payer par carte.",
  "En tant que client, je veux payer par carte ou par virement.", "need-adds", "fr"),
 ("As a host I want to upload photos of my flat.\n\nAcceptance criteria:\n- JPEG and PNG are accepted",
  "As a host I want to upload photos of my flat.\n\nAcceptance criteria:\n- JPEG and PNG are accepted\n- I can reorder the photos\n- I can pick a cover photo", "criteria-superset", "en"),
]
for n, (a, b, kind, lang) in enumerate(ov):
    st(f"ov{n}-a", a); st(f"ov{n}-b", b); pair(f"ov{n}-a", f"ov{n}-b", "overlap", kind, lang)

# ---------------------------------------------------------------- unrelated (some share words)
unrel = [("dup0-a", "dup26-a"), ("dup1-a", "dup31-a"), ("dup2-a", "dup41-a"), ("dup4-a", "sib-alert0"),
         ("dup7-a", "sib-chan1"), ("dup10-a", "dup22-b"), ("dup13-b", "dup14-a"), ("dup15-b", "dup23-b"),
         ("dup19-a", "conf2-a"), ("dup20-a", "dup43-a"), ("sib-log0", "dup16-b"), ("sib-java0", "dup34-a"),
         ("sib-role0", "dup39-a"), ("sib-filter0", "dup29-a"), ("dup32-a", "sib-fmt0"), ("dup6-a", "conf3-a"),
         ("dup18-a", "dup42-a"), ("dup35-a", "ov3-a"), ("conf0-a", "dup37-a"), ("ov1-a", "dup25-a"),
         ("dup3-a", "ov5-a"), ("dup28-a", "conf8-a")]
for a, b in unrel:
    pair(a, b, "unrelated", "cross-area")

with open("blind_stories.jsonl", "w", encoding="utf-8") as f:
    for i, (fmt, text) in S.items():
        f.write(json.dumps({"id": i, "fmt": fmt, "text": text}, ensure_ascii=False) + "\n")
with open("blind_pairs.jsonl", "w", encoding="utf-8") as f:
    for a, b, rel, kind, lang in P:
        assert a in S and b in S, (a, b)
        f.write(json.dumps({"a": a, "b": b, "relation": rel, "kind": kind, "lang": lang, "split": "blind"}, ensure_ascii=False) + "\n")
from collections import Counter
print(len(S), len(P), Counter(p[2] for p in P))
