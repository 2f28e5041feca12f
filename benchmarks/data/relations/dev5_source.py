# Hand-written development relation set (sibling-trust helper, issue 11), fifth part: hard
# negatives in domains of their own (hospitality, insurance claims, fleet management, school
# administration, manufacturing, pharmacy): siblings whose differing words a synonym lexicon
# might wrongly equate (invoice/receipt, report/statement, booking/order, team/department,
# admin/manager), one action on related-but-different objects, list vs details pages,
# create vs edit vs view, own data vs someone else's, one-line Jira titles, German, French
# and Spanish siblings; plus reworded duplicates. Written before any rule change; may be
# tuned on. Run from this folder: python dev5_source.py.
from pairset import S, pair, st, write


def _fmt(text):
    return "md" if text[:3] in ("As ", "Als", "En ", "Com") else "txt"


def _lang(text):
    return ("de" if text.startswith("Als") or " ich " in text else "fr" if text.startswith("En ")
            else "es" if text.startswith("Como") else "en")


siblings = [
 # lexicon near-synonyms that are different documents or things
 ("As a hotel guest, I want to download the invoice for my stay.",
  "As a hotel guest, I want to download the receipt for my minibar purchase.", "invoice/receipt"),
 ("As a policyholder, I want to download my claim report.",
  "As a policyholder, I want to download my annual policy statement.", "report/statement"),
 ("As a guest, I want to cancel my room booking.",
  "As a guest, I want to cancel my room service order.", "booking/order"),
 ("As a fleet manager, I want to assign a vehicle to a team.",
  "As a fleet manager, I want to assign a vehicle to a department.", "team/department"),
 ("As an admin, I want to reset a driver's password.",
  "As a manager, I want to reset a driver's password.", "admin/manager"),
 ("As a pharmacist, I want to print the prescription label.",
  "As a pharmacist, I want to print the dispensing receipt.", "label/receipt"),
 ("As a school secretary, I want to export the attendance report.",
  "As a school secretary, I want to export the grade report.", "object"),
 ("As a claims handler, I want to upload photos of the damage.",
  "As a claims handler, I want to upload the police report.", "object"),
 ("As a plant supervisor, I want to see the production order.",
  "As a plant supervisor, I want to see the purchase order.", "qualifier"),
 ("As a fleet manager, I want to see each vehicle's fuel costs.",
  "As a fleet manager, I want to see each vehicle's maintenance costs.", "qualifier"),
 ("As a hotel manager, I want to see the occupancy rate per night.",
  "As a hotel manager, I want to see the average room rate per night.", "qualifier"),
 ("As a pharmacist, I want to check a prescription for drug interactions.",
  "As a pharmacist, I want to check a prescription for allergies of the patient.", "qualifier"),
 # list vs details
 ("As a fleet manager, I want a list of all vehicles.",
  "As a fleet manager, I want a details page for a single vehicle.", "list/details"),
 ("As a teacher, I want to see the list of students in my class.",
  "As a teacher, I want to see one student's profile with contact details.", "list/details"),
 ("As a claims handler, I want an overview of all open claims.",
  "As a claims handler, I want to see the full history of one claim.", "list/details"),
 # create vs edit vs view
 ("As a shift planner, I want to create a shift schedule.",
  "As a shift planner, I want to edit a shift schedule.", "create/edit"),
 ("As a shift planner, I want to edit a shift schedule.",
  "As a machine operator, I want to view my shift schedule.", "edit/view"),
 ("As a receptionist, I want to create a reservation for a walk-in guest.",
  "As a receptionist, I want to modify an existing reservation.", "create/edit"),
 ("As a pharmacist, I want to add a new medicine to the stock list.",
  "As a pharmacist, I want to view the stock level of a medicine.", "create/view"),
 # own vs someone else's
 ("As a driver, I want to see my own trip log.",
  "As a fleet manager, I want to see the trip log of every driver.", "own/others"),
 ("As a parent, I want to see my child's report card.",
  "As a teacher, I want to see the report cards of my whole class.", "own/others"),
 ("As a policyholder, I want to update my bank details.",
  "As a claims handler, I want to update a policyholder's bank details.", "own/others"),
 # Jira one-liners
 ("Export claims list to CSV", "Export claims list to PDF", "jira format"),
 ("Add filter by vehicle type on fleet overview", "Add filter by fuel type on fleet overview", "jira filter"),
 ("Show batch number on packing slip", "Show batch number on shipping label", "jira object"),
 ("Hotel: allow late checkout request", "Hotel: allow early check-in request", "jira qualifier"),
 ("Pharmacy: notify patient when prescription is ready", "Pharmacy: notify doctor when prescription is refused",
  "jira role"),
 ("School admin: bulk import students from CSV", "School admin: bulk import teachers from CSV", "jira object"),
 ("Manufacturing: record scrap quantity per machine", "Manufacturing: record downtime per machine", "jira object"),
 # German, French, Spanish
 ("Als Gast möchte ich die Rechnung für meinen Aufenthalt herunterladen.",
  "Als Gast möchte ich die Quittung für das Restaurant herunterladen.", "de invoice/receipt"),
 ("Als Fuhrparkleiter möchte ich ein Fahrzeug einem Team zuweisen.",
  "Als Fuhrparkleiter möchte ich ein Fahrzeug einer Abteilung zuweisen.", "de team/department"),
 ("Als Schulsekretärin möchte ich die Liste aller Schüler sehen.",
  "Als Schulsekretärin möchte ich die Liste aller Lehrer sehen.", "de object"),
 ("En tant qu'assuré, je veux déclarer un sinistre auto en ligne.",
  "En tant qu'assuré, je veux déclarer un sinistre habitation en ligne.", "fr qualifier"),
 ("En tant que pharmacien, je veux imprimer l'étiquette de l'ordonnance.",
  "En tant que pharmacien, je veux imprimer la facture du patient.", "fr object"),
 ("En tant que client de l'hôtel, je veux annuler ma réservation de chambre.",
  "En tant que client de l'hôtel, je veux annuler ma commande au restaurant.", "fr booking/order"),
 ("Como gestor de flota, quiero ver el consumo de combustible de cada vehículo.",
  "Como gestor de flota, quiero ver el kilometraje de cada vehículo.", "es qualifier"),
 ("Como director de escuela, quiero ver el informe de asistencia.",
  "Como director de escuela, quiero ver el informe de notas.", "es object"),
 ("Como farmacéutico, quiero registrar la entrada de un lote de medicamentos.",
  "Como farmacéutico, quiero registrar la devolución de un lote de medicamentos.", "es action"),
]
for n, (a, b, kind) in enumerate(siblings):
    st(f"s{n}-a", a, _fmt(a))
    st(f"s{n}-b", b, _fmt(b))
    pair(f"s{n}-a", f"s{n}-b", "related", kind, _lang(a))

# same-domain unrelated stories
unrelated = [
 ("As a hotel guest, I want to download the invoice for my stay.",
  "As a hotel manager, I want to set the room rates for next season.", "hospitality"),
 ("As a fleet manager, I want to see each vehicle's fuel costs.",
  "As a driver, I want to report a flat tyre from the road.", "fleet"),
 ("As a pharmacist, I want to print the prescription label.",
  "As a pharmacist, I want to order medicines from the wholesaler.", "pharmacy"),
 ("As a teacher, I want to see the list of students in my class.",
  "As a school secretary, I want to send the term calendar to all parents.", "school"),
 ("As a plant supervisor, I want to see the production order.",
  "As a quality inspector, I want to mark a batch as rejected.", "manufacturing"),
 ("As a policyholder, I want to download my claim report.",
  "As a claims handler, I want to assign a claim to a loss adjuster.", "insurance"),
 ("As a receptionist, I want to create a reservation for a walk-in guest.",
  "As a housekeeper, I want to mark a room as cleaned.", "hospitality"),
]
for n, (a, b, kind) in enumerate(unrelated):
    ia = next((k for k, v in S.items() if v[1].strip() == a), None) or f"u{n}-a"
    if ia == f"u{n}-a":
        st(ia, a, _fmt(a))
    st(f"u{n}-b", b, _fmt(b))
    pair(ia, f"u{n}-b", "unrelated", kind)

# reworded duplicates: (id of the sibling story reworded, rewording)
dups = [
 ("s0-a", "Guests should be able to get the invoice of their hotel stay as a PDF download."),
 ("s2-a", "As a hotel guest I want to call off my room reservation."),
 ("s3-a", "Fleet managers can allocate a car to a team."),
 ("s6-a", "As the school office, I want to download the attendance report as a file."),
 ("s9-a", "As a fleet manager, I want to know how much each vehicle spends on fuel."),
 ("s12-a", "As a fleet manager, I want an overview listing every vehicle in the fleet."),
 ("s13-a", "As a teacher I want a roster of all pupils in my class."),
 ("s15-a", "As a shift planner, I want to set up a new shift plan."),
 ("s20-a", "As a parent I want to view the report card of my child."),
 ("s22-a", "Claims list: CSV export"),
 ("s26-a", "Pharmacy: send the patient a notification once the prescription is ready for pickup"),
 ("s10-a", "As a hotel manager I want to know the occupancy rate for every night."),
 ("s29-a", "Als Gast möchte ich die Rechnung meines Hotelaufenthalts als PDF herunterladen können."),
 ("s32-a", "En tant qu'assuré, je veux déclarer en ligne un sinistre sur ma voiture."),
 ("s35-a", "Como gestor de flota, quiero consultar cuánto combustible consume cada vehículo."),
 ("s18-a", "As a pharmacist I want to register a new medicine in the stock list."),
]
for n, (src, b) in enumerate(dups):
    st(f"d{n}-b", b, _fmt(b))
    pair(src, f"d{n}-b", "duplicate", "reworded", _lang(b))

if __name__ == "__main__":
    write("dev5")
