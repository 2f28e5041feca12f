# Hand-written development relation set (recall helper, issue 11), third part: siblings
# written loosely (not one template with one word swapped), by channel, role, object,
# platform and scope, plus a few reworded duplicates, in domains of their own (hospitals,
# payroll, farming, hotels, public transport, open-source projects). May be tuned on.
# Run from this folder: python dev4_source.py.
from pairset import pair, st, write


siblings = [
 ("As a nurse, I want to see the bed occupancy of my ward.",
  "As a hospital manager I want a view of bed occupancy across all wards.", "role"),
 ("Send the payslip to employees by email", "Post the payslip to employees as a paper letter", "channel"),
 ("As a farmer, I want an SMS alert when frost is forecast for my fields.",
  "As a farmer I want an email warning when frost is expected on my land.", "channel"),
 ("As a passenger, I want to buy a single ticket in the app.",
  "As a passenger, I want to buy a monthly pass in the app.", "object"),
 ("As a passenger I want to see live departures for my bus stop.",
  "As a passenger I want to see live departures for my train station.", "object"),
 ("As a maintainer, I want CI to run on Linux.", "As a maintainer, I want CI to run on Windows too.", "platform"),
 ("As a hotel guest, I want to order room service from my phone.",
  "As a hotel guest I want to book a spa treatment from my phone.", "object"),
 ("As a receptionist, I want to check a guest in.", "As a guest, I want to check in at a kiosk without the desk.", "role"),
 ("As an employee, I want to see my payslip.", "As a payroll officer, I want to see every employee's payslip.", "role"),
 ("Als Landwirt möchte ich eine SMS bei Frostwarnung bekommen.",
  "Als Landwirt möchte ich eine E-Mail bei Frostwarnung bekommen.", "channel"),
 ("En tant que voyageur, je veux acheter un billet simple dans l'application.",
  "En tant que voyageur, je veux acheter un abonnement mensuel dans l'application.", "object"),
 ("Como paciente, quiero recibir el recordatorio de la cita por SMS.",
  "Como paciente, quiero recibir el recordatorio de la cita por correo electrónico.", "channel"),
 ("As a contributor, I want to sign the CLA online before my first pull request.",
  "As a maintainer I want to see which contributors have not signed the CLA yet.", "role"),
 ("As a patient, I want to see my discharge letter.", "As a GP, I want to receive the patient's discharge letter.", "role"),
 ("As a passenger, I want to be told about delays by push notification.",
  "As a passenger, I want to be told about delays on the station display.", "channel"),
 ("As a farmer I want to record which field each tractor worked on.",
  "As a farmer I want to record how much fuel each tractor used.", "object"),
]
for n, (a, b, kind) in enumerate(siblings):
    st(f"s{n}-a", a, "txt" if not a[:2] in ("As", "Al", "En", "Co") else "md")
    st(f"s{n}-b", b, "txt" if not b[:2] in ("As", "Al", "En", "Co") else "md")
    lang = "de" if a.startswith("Als") else "fr" if a.startswith("En ") else "es" if a.startswith("Como") else "en"
    pair(f"s{n}-a", f"s{n}-b", "related", kind, lang)

dups = [
 ("As a nurse, I want to see the bed occupancy of my ward.",
  "Ward nurses need a live count of occupied and free beds on their ward."),
 ("As a passenger, I want to buy a single ticket in the app.",
  "As a traveller, I want to purchase a one-way ticket on my phone."),
 ("As a farmer, I want an SMS alert when frost is forecast for my fields.",
  "Frost warning by text message to the farmer when a frost night is forecast"),
 ("As a maintainer, I want CI to run on Linux.",
  "Set up a Linux build in the continuous integration pipeline"),
 ("As an employee, I want to see my payslip.",
  "As a staff member I want to view my monthly salary slip online."),
]
for n, (_a, b) in enumerate(dups):  # a: the sibling story it rewords (src below)
    st(f"d{n}-b", b, "txt" if not b.startswith("As ") else "md")
src = {0: "s0-a", 1: "s3-a", 2: "s2-a", 3: "s5-a", 4: "s8-a"}
for n in range(len(dups)):
    pair(src[n], f"d{n}-b", "duplicate", "reworded")

conf = [
 ("As a passenger I want to get a refund if my train is more than 30 minutes late.",
  "As a passenger I want to get a refund if my train is more than 60 minutes late.", "number"),
 ("As a maintainer, I want pull requests to be merged only with 2 approvals.",
  "As a maintainer, I want pull requests to be merged with at most 1 approval.", "number"),
 ("As a hotel guest, I want housekeeping to clean my room every day.",
  "As a hotel guest, I do not want housekeeping to clean my room every day.", "negation"),
]
for n, (a, b, kind) in enumerate(conf):
    st(f"c{n}-a", a)
    st(f"c{n}-b", b)
    pair(f"c{n}-a", f"c{n}-b", "conflict", kind)

if __name__ == "__main__":
    write("dev4")
