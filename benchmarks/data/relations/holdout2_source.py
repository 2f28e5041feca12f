# Hand-written second held-out relation set (recall helper, issue 11), written on
# 2026-11-30 BEFORE any change to the relation code of that session, and never tuned on.
# Domains not in the other sets: health, logistics, banking, education, government forms,
# developer tooling. Each pair written on its own, the way two teams would write one need.
# Run from this folder: python holdout2_source.py (writes holdout2_stories.jsonl, holdout2_pairs.jsonl).
from pairset import pair, st, write


# ---------------------------------------------------------------- duplicates
dups = [
 # health
 ("As a patient, I want to book an appointment with my GP online, so that I don't have to phone the practice.",
  "As a patient I want to schedule a visit with my family doctor through the website.", "paraphrase", "en"),
 ("As a patient, I want to see my lab results in the portal, so that I don't wait for a letter.",
  "Blood test results should be viewable by patients in their online account.", "passive", "en"),
 ("Request a repeat prescription online",
  "As a patient on long-term medication, I want to order a repeat prescription from the app, so that I do not run out of my tablets.", "title-vs-narrative", "en"),
 ("As a nurse, I want to record a patient's vital signs on a tablet, so that the chart is always current.",
  "As a ward nurse I want to enter blood pressure, pulse and temperature at the bedside on a mobile device.", "paraphrase", "en"),
 ("As a patient I want to cancel my appointment online.",
  "As a patient, I want to call off a booked consultation from my account so that the slot can go to someone else.", "paraphrase", "en"),
 ("As a clinician, I want to see a patient's allergies before prescribing, so that I avoid harmful drugs.",
  "Allergy information must be displayed to the prescriber before a medication is ordered.", "passive", "en"),
 ("Als Patient möchte ich meine Impfungen online einsehen, damit ich weiß, wann die nächste fällig ist.",
  "Als Patientin will ich meinen Impfstatus im Portal anschauen können.", "paraphrase", "de"),
 ("En tant que patient, je veux prendre rendez-vous en ligne avec un spécialiste.",
  "En tant que patiente, je souhaite réserver une consultation chez un spécialiste sur le site, afin d'éviter d'appeler.", "paraphrase", "fr"),
 # logistics
 ("As a customer, I want to track my shipment, so that I know when it arrives.",
  "As a recipient I want to follow where my parcel is in real time.", "paraphrase", "en"),
 ("As a dispatcher, I want to assign deliveries to drivers, so that every route is covered.",
  "Dispatchers can allocate delivery jobs to individual drivers.", "passive", "en"),
 ("Print shipping labels in bulk",
  "As a warehouse clerk, I want to print the labels for many parcels at once, so that packing goes faster.", "title-vs-narrative", "en"),
 ("As a driver I want to capture the recipient's signature on my phone as proof of delivery.",
  "As a courier, I want customers to sign on the handheld when I hand over the package, so that we have proof it was delivered.", "paraphrase", "en"),
 ("As a warehouse manager, I want to see current stock levels per warehouse.",
  "As a warehouse manager I want an overview of how much inventory is on hand in each depot.", "paraphrase", "en"),
 ("As a customer I want to change my delivery address after ordering.",
  "As a buyer, I want to update where my order is shipped to once it has been placed, so that it reaches me after I move.", "paraphrase", "en"),
 ("Como cliente, quiero rastrear mi paquete para saber cuándo llega.",
  "Como destinatario, quiero seguir el envío en tiempo real.", "paraphrase", "es"),
 ("Als Disponent möchte ich Lieferungen den Fahrern zuweisen.",
  "Als Disponentin will ich Touren an Fahrer vergeben, damit jede Lieferung jemanden hat.", "paraphrase", "de"),
 # banking
 ("As an account holder, I want to transfer money to another account, so that I can pay people.",
  "As a bank customer I want to send funds to someone else's account from the app.", "paraphrase", "en"),
 ("As a customer, I want to freeze my card when I lose it, so that nobody can use it.",
  "As a cardholder I want to block my debit card in the app if it is lost or stolen.", "paraphrase", "en"),
 ("Download monthly account statements as PDF",
  "As a customer, I want to get my bank statement for each month as a PDF file, so that I can file it for taxes.", "title-vs-narrative", "en"),
 ("As a customer, I want to set up a standing order, so that my rent is paid automatically.",
  "Customers can create recurring payments that go out on a fixed day every month.", "passive", "en"),
 ("As a customer, I want to see my recent transactions.",
  "As an account holder I want a list of the latest payments in and out of my account.", "paraphrase", "en"),
 ("As a user I want to sign in to online banking with my fingerprint.",
  "As a customer, I want to log into the banking app using biometric authentication (Touch ID / fingerprint), so that I don't have to type my PIN.", "paraphrase", "en"),
 ("Als Kunde möchte ich meine Karte sperren, wenn sie gestohlen wurde.",
  "Als Kontoinhaber will ich meine Bankkarte bei Diebstahl in der App blockieren können.", "paraphrase", "de"),
 ("En tant que client, je veux faire un virement vers un autre compte.",
  "En tant que titulaire d'un compte, je souhaite envoyer de l'argent à un bénéficiaire depuis l'application.", "paraphrase", "fr"),
 ("Como cliente, quiero descargar mis extractos bancarios en PDF.",
  "Como titular de la cuenta, quiero bajar el extracto mensual como archivo PDF para guardarlo.", "paraphrase", "es"),
 # education
 ("As a student, I want to submit my assignment online, so that I don't have to print it.",
  "As a learner I want to upload my homework to the course page before the deadline.", "paraphrase", "en"),
 ("As a teacher, I want to grade submissions in the browser.",
  "As an instructor, I want to mark students' handed-in work online, so that I don't need paper copies.", "paraphrase", "en"),
 ("Enrol in a course",
  "As a student, I want to sign up for a course from the catalogue, so that I can attend it this term.", "title-vs-narrative", "en"),
 ("As a student I want to see my timetable for the week.",
  "As a pupil, I want to view my class schedule for the current week on my phone.", "paraphrase", "en"),
 ("As a teacher, I want to take attendance on my tablet.",
  "Teachers can record which students are present at the start of each lesson using a tablet.", "passive", "en"),
 ("As a student, I want to see my grades for each course.",
  "As a student I want an overview of my marks per module so that I know where I stand.", "paraphrase", "en"),
 ("Als Schüler möchte ich meine Hausaufgaben online abgeben.",
  "Als Schülerin will ich meine Hausarbeit über die Lernplattform einreichen, damit ich sie nicht ausdrucken muss.", "paraphrase", "de"),
 ("En tant qu'enseignant, je veux noter les devoirs en ligne.",
  "En tant que professeur, je souhaite corriger et évaluer les copies des élèves sur la plateforme.", "paraphrase", "fr"),
 # government forms
 ("As a citizen, I want to apply for a passport online, so that I don't have to go to the office.",
  "As a resident I want to submit my passport application through the government website.", "paraphrase", "en"),
 ("As a citizen I want to save a half-filled form and continue later.",
  "As an applicant, I want my answers kept as a draft so that I can come back and finish the application another day.", "paraphrase", "en"),
 ("Pay a parking fine online",
  "As a driver, I want to pay my parking ticket on the council website, so that I don't have to send a cheque.", "title-vs-narrative", "en"),
 ("As a citizen, I want to check the status of my application.",
  "As an applicant I want to see how far my request has got in the process.", "paraphrase", "en"),
 ("As a resident, I want to register a change of address with the city.",
  "Residents can notify the municipality that they have moved to a new address online.", "passive", "en"),
 ("As a business owner, I want to renew my trading licence online.",
  "As a shop owner I want to extend my business licence through the portal before it expires.", "paraphrase", "en"),
 ("Als Bürger möchte ich einen Personalausweis online beantragen.",
  "Als Bürgerin will ich den Antrag für meinen neuen Ausweis über das Portal stellen, damit ich nicht aufs Amt muss.", "paraphrase", "de"),
 ("En tant que citoyen, je veux déclarer un changement d'adresse en ligne.",
  "En tant qu'usager, je souhaite signaler mon déménagement à la mairie via le site.", "paraphrase", "fr"),
 ("Como ciudadano, quiero pedir una cita previa en línea.",
  "Como ciudadana, quiero reservar un turno en la oficina desde la web para no hacer cola.", "paraphrase", "es"),
 # developer tooling
 ("As a developer, I want the CI pipeline to run the tests on every pull request, so that broken code is not merged.",
  "As an engineer I want automated tests to execute for each PR before it can be merged.", "paraphrase", "en"),
 ("As a developer I want to roll back a deployment to the previous version.",
  "As an SRE, I want to revert a release to the last good build quickly, so that an outage is short.", "paraphrase", "en"),
 ("Cache dependencies between CI runs",
  "As a developer, I want the build pipeline to reuse downloaded packages from the last run, so that builds are faster.", "title-vs-narrative", "en"),
 ("As a maintainer, I want to be notified when a build fails.",
  "Maintainers should get an alert whenever the main branch build breaks.", "passive", "en"),
 ("As a developer, I want to search the logs of a service by request id.",
  "As an engineer, I want to look up all log lines for one request ID across the service.", "paraphrase", "en"),
 ("As a developer I want to generate an API key for my account.",
  "As an integrator, I want to create an access token in the developer portal so that my scripts can call the API.", "paraphrase", "en"),
 ("As a team lead, I want to require a code review before merging.",
  "Pull requests must be approved by at least one reviewer before they can be merged (team leads want this).", "passive", "en"),
 ("Als Entwickler möchte ich ein Deployment auf die vorherige Version zurücksetzen.",
  "Als Entwicklerin will ich einen Release schnell zurückrollen können, wenn er fehlerhaft ist.", "paraphrase", "de"),
 ("Como desarrollador, quiero que las pruebas se ejecuten en cada pull request.",
  "Como ingeniera, quiero que el pipeline de CI lance los tests automáticamente para cada PR.", "paraphrase", "es"),
 # accounts, everywhere
 ("As a user, I want to change my password.",
  "As a member I want to update the passphrase I use to log on.", "paraphrase", "en"),
 ("As a user, I want to log out of all devices, so that a lost phone cannot access my account.",
  "As an account owner I want to sign out everywhere at once.", "paraphrase", "en"),
 ("As a user I want to delete my profile picture.",
  "As a user, I want to remove my avatar.", "paraphrase", "en"),
]
for n, (a, b, kind, lang) in enumerate(dups):
    st(f"d{n}-a", a)
    st(f"d{n}-b", b, "txt" if n % 3 == 0 else "md")
    pair(f"d{n}-a", f"d{n}-b", "duplicate", kind, lang)

# Criteria-only restatements and narratives with criteria
crit = [
 ("As a patient, I want to get a reminder before my appointment.\n\nAcceptance criteria:\n- A reminder is sent 24 hours before the appointment\n- The reminder includes the clinic address",
  "Acceptance criteria:\n- Patients receive an appointment reminder 24 hours in advance\n- The reminder shows the address of the clinic"),
 ("As a customer, I want to dispute a card transaction.\n\nAcceptance criteria:\n- I can pick a transaction from the last 60 days\n- I must give a reason\n- I get a case number",
  "Acceptance criteria:\n- A customer can open a dispute on any card payment from the last 60 days\n- A reason is mandatory\n- A case number is shown after submitting"),
]
for n, (a, b) in enumerate(crit):
    st(f"cr{n}-a", a)
    st(f"cr{n}-b", b)
    pair(f"cr{n}-a", f"cr{n}-b", "duplicate", "criteria-only")

# Gherkin scenario vs narrative
st("g0-a", """Feature: Appointments
  Scenario: Patient cancels an appointment online
    Given I am logged in to the patient portal
    And I have an appointment next week
    When I cancel the appointment
    Then the slot is released
    And I receive a cancellation confirmation""", "feature")
st("g0-b", "As a patient, I want to cancel an upcoming appointment in the portal and get a confirmation, so that the slot is freed for others.")
pair("g0-a", "g0-b", "duplicate", "gherkin-vs-narrative")
st("g1-a", """Feature: Transfers
  Scenario: Customer transfers money between own accounts
    Given I have a current account and a savings account
    When I move 100 EUR from current to savings
    Then both balances are updated immediately""", "feature")
st("g1-b", "As a customer, I want to move money between my own accounts (current to savings) and see both balances update right away.")
pair("g1-a", "g1-b", "duplicate", "gherkin-vs-narrative")
st("g2-a", """Feature: Pipeline
  Scenario: A failing test blocks the merge
    Given a pull request with a failing unit test
    When the CI pipeline finishes
    Then the merge button is disabled""", "feature")
st("g2-b", "As a maintainer, I want pull requests with failing tests to be blocked from merging, so that main stays green.")
pair("g2-a", "g2-b", "duplicate", "gherkin-vs-narrative")

# Jira-style one-liners against each other
jira = [
 ("Add SSO login via Azure AD", "Support single sign-on with Azure Active Directory"),
 ("Export gradebook to Excel", "Download the grade book as an .xlsx spreadsheet"),
 ("Allow drivers to report a failed delivery", "Driver can mark a delivery as failed (nobody home, wrong address)"),
]
for n, (a, b) in enumerate(jira):
    st(f"j{n}-a", a, "txt")
    st(f"j{n}-b", b, "txt")
    pair(f"j{n}-a", f"j{n}-b", "duplicate", "jira-vs-jira")

# ---------------------------------------------------------------- siblings (related)
# notification channels
st("ch0", "As a patient, I want to get my appointment reminder by SMS.")
st("ch1", "As a patient, I want to get my appointment reminder by email.")
st("ch2", "As a patient, I want to get my appointment reminder as a push notification in the app.")
pair("ch0", "ch1", "related", "channel")
pair("ch0", "ch2", "related", "channel")
pair("ch1", "ch2", "related", "channel")
st("ch3", "As a customer, I want a text message when my parcel is out for delivery.")
st("ch4", "As a customer, I want an e-mail when my parcel is out for delivery.")
pair("ch3", "ch4", "related", "channel")
st("ch5", "Als Kunde möchte ich bei jeder Kartenzahlung eine Push-Benachrichtigung bekommen.")
st("ch6", "Als Kunde möchte ich bei jeder Kartenzahlung eine SMS bekommen.")
pair("ch5", "ch6", "related", "channel", "de")
# roles
st("ro0", "As a teacher, I want to see the weekly timetable.")
st("ro1", "As a parent, I want to see the weekly timetable.")
pair("ro0", "ro1", "related", "role")
st("ro2", "As a patient, I want to view my medication list.")
st("ro3", "As a pharmacist, I want to view the patient's medication list.")
pair("ro2", "ro3", "related", "role")
st("ro4", "As a driver, I want to see today's delivery route on a map.")
st("ro5", "As a dispatcher, I want to see today's delivery routes on a map.")
pair("ro4", "ro5", "related", "role")
st("ro6", "En tant qu'élève, je veux consulter mes notes.")
st("ro7", "En tant que parent, je veux consulter les notes de mon enfant.")
pair("ro6", "ro7", "related", "role", "fr")
# same template, different object
objs = [
 ("As a customer, I want to download my statement as PDF.", "As a customer, I want to download my statement as CSV.", "format"),
 ("As a developer, I want to deploy the billing service to staging.", "As a developer, I want to deploy the search service to staging.", "object"),
 ("As a citizen, I want to apply for a building permit online.", "As a citizen, I want to apply for a fishing licence online.", "object"),
 ("As a student, I want to borrow a library book online.", "As a student, I want to borrow a laptop from the IT desk online.", "object"),
 ("As a nurse, I want to record a patient's temperature.", "As a nurse, I want to record a patient's fluid intake.", "object"),
 ("As a customer, I want to open a savings account online.", "As a customer, I want to open a joint account online.", "qualifier"),
 ("As a dispatcher, I want to filter deliveries by driver.", "As a dispatcher, I want to filter deliveries by postcode.", "qualifier"),
 ("As a developer, I want to upgrade the payments service to Java 21.", "As a developer, I want to upgrade the reporting service to Java 21.", "object"),
 ("Add dark mode to the patient app", "Add dark mode to the clinician dashboard", "object"),
 ("Als Bürger möchte ich eine Geburtsurkunde online beantragen.", "Als Bürger möchte ich eine Heiratsurkunde online beantragen.", "object"),
 ("Como cliente, quiero pagar con tarjeta de crédito.", "Como cliente, quiero pagar con transferencia bancaria.", "object"),
 ("En tant qu'enseignant, je veux exporter les notes en PDF.", "En tant qu'enseignant, je veux exporter les absences en PDF.", "object"),
 ("As a customer, I want to see my pending transactions.", "As a customer, I want to see my scheduled transactions.", "qualifier"),
 ("As a warehouse clerk, I want to scan incoming pallets.", "As a warehouse clerk, I want to scan outgoing pallets.", "qualifier"),
]
for n, (a, b, kind) in enumerate(objs):
    st(f"ob{n}-a", a, "txt" if a[:2] not in ("As", "Al", "Co", "En") else "md")
    st(f"ob{n}-b", b, "txt" if b[:2] not in ("As", "Al", "Co", "En") else "md")
    lang = "de" if a.startswith("Als") else "es" if a.startswith("Como") else "fr" if a.startswith("En ") else "en"
    pair(f"ob{n}-a", f"ob{n}-b", "related", kind, lang)
# different action, same object
acts = [
 ("As an admin, I want to create user accounts for new staff.", "As an admin, I want to deactivate user accounts of leavers."),
 ("As a customer, I want to add a payee.", "As a customer, I want to delete a payee."),
 ("As a teacher, I want to publish the exam results.", "As a teacher, I want to hide the exam results until the review meeting."),
]
for n, (a, b) in enumerate(acts):
    st(f"ac{n}-a", a)
    st(f"ac{n}-b", b)
    pair(f"ac{n}-a", f"ac{n}-b", "related", "action")
# Gherkin siblings: other inputs
st("gs0", """Feature: Loan calculator
  Scenario: Monthly rate for a 10,000 EUR loan
    Given a loan of 10000 EUR over 36 months
    When I calculate the monthly rate
    Then the rate is shown""", "feature")
st("gs1", """Feature: Loan calculator
  Scenario: Monthly rate for a 25,000 EUR loan
    Given a loan of 25000 EUR over 60 months
    When I calculate the monthly rate
    Then the rate is shown""", "feature")
pair("gs0", "gs1", "related", "gherkin-inputs")

# ---------------------------------------------------------------- conflicts
conf = [
 ("As a patient, I want a reminder 24 hours before my appointment.",
  "As a patient, I want a reminder 2 hours before my appointment.", "number", "en"),
 ("As a customer, I want to withdraw up to 500 EUR a day at ATMs.",
  "As a customer, I want to withdraw up to 1000 EUR a day at ATMs.", "number", "en"),
 ("As a student, I want to resubmit an assignment until the deadline.",
  "As a student, I do not want to be able to resubmit an assignment once it is handed in.", "negation", "en"),
 ("As a driver, I want to skip a stop on my route.",
  "As a dispatcher, I don't want drivers to skip any stop on their route.", "negation", "en"),
 ("Als Antragsteller möchte ich höchstens 3 Dokumente hochladen.",
  "Als Antragsteller möchte ich bis zu 8 Dokumente hochladen.", "number", "de"),
 ("En tant que client, je veux que ma session expire après 5 minutes d'inactivité.",
  "En tant que client, je veux que ma session expire après 30 minutes d'inactivité.", "number", "fr"),
 ("Como estudiante, quiero ver mis notas como máximo 2 días después del examen.",
  "Como estudiante, quiero ver mis notas como máximo 7 días después del examen.", "number", "es"),
 ("As a developer, I want build logs to be kept for 30 days.",
  "As a developer, I want build logs to be kept for 1 year.", "number", "en"),
 ("As a citizen, I want to pay the fee by card when I submit the form.",
  "As a citizen, I want to submit the form without paying any fee.", "negation", "en"),
 ("As an admin, I want new patient registrations to be approved automatically.",
  "As an admin, I want every new patient registration to be checked manually before it is approved.", "behaviour", "en"),
 ("As a user, I want the password to have at least 10 characters.",
  "As a user, I want the password to have at least 6 characters.", "number", "en"),
]
for n, (a, b, kind, lang) in enumerate(conf):
    st(f"cf{n}-a", a)
    st(f"cf{n}-b", b)
    pair(f"cf{n}-a", f"cf{n}-b", "conflict", kind, lang)
st("gc0-a", """Feature: Overdraft
  Scenario: Payment larger than the balance
    Given my balance is 50 EUR
    When I pay 80 EUR by card
    Then the payment is declined""", "feature")
st("gc0-b", """Feature: Overdraft
  Scenario: Payment larger than the balance
    Given my balance is 50 EUR
    When I pay 80 EUR by card
    Then the payment is approved and my balance is -30 EUR""", "feature")
pair("gc0-a", "gc0-b", "conflict", "gherkin-outcome")

# ---------------------------------------------------------------- overlaps
ov = [
 ("As a patient, I want to download my lab results.",
  "As a patient, I want to download my lab results and my discharge letters.", "need-adds", "en"),
 ("As a customer, I want to pay by card.\n\nAcceptance criteria:\n- Visa and Mastercard are accepted",
  "As a customer, I want to pay by card.\n\nAcceptance criteria:\n- Visa and Mastercard are accepted\n- 3-D Secure is required\n- A receipt is emailed", "criteria-superset", "en"),
 ("As a dispatcher, I want to see where the vans are.",
  "As a dispatcher, I want to see where the vans are, how full they are and when they will be back.", "need-adds", "en"),
 ("Como estudiante, quiero descargar mi certificado.",
  "Como estudiante, quiero descargar mi certificado y mi expediente académico.", "need-adds", "es"),
]
for n, (a, b, kind, lang) in enumerate(ov):
    st(f"ov{n}-a", a)
    st(f"ov{n}-b", b)
    pair(f"ov{n}-a", f"ov{n}-b", "overlap", kind, lang)

# ---------------------------------------------------------------- unrelated (many share a domain)
unrel = [("d1-a", "d5-a"), ("d8-a", "d13-a"), ("d9-a", "d12-a"), ("d16-a", "d18-a"),
         ("d17-a", "d20-a"), ("d25-a", "d29-a"), ("d33-a", "d36-a"), ("d34-a", "d37-a"),
         ("d42-a", "d46-a"), ("d43-a", "d47-a"), ("d51-a", "d53-a"), ("ch0", "d0-a"),
         ("cf0-a", "d4-a"), ("ob1-a", "d46-a"), ("d21-a", "d39-a"), ("d2-a", "d10-a")]
for a, b in unrel:
    pair(a, b, "unrelated", "same-domain")
# same area, another need: linked at most, never merged
for a, b, kind in (("d0-a", "d4-a", "action"), ("d26-a", "d30-a", "role"), ("ro0", "d28-a", "role")):
    pair(a, b, "related", kind)

if __name__ == "__main__":
    write("holdout2")
