# Hand-written development relation set (recall helper, issue 11), second part: hard
# negatives (short stories of one role and one product area asking different things, which
# similarity alone merges) next to reworded duplicates of the same shape, in domains of their
# own (streaming, fitness, utilities, libraries, car sharing, events). May be tuned on.
# Run from this folder: python dev3_source.py.
from pairset import pair, st, write


# families: one role, one area; (sid, text)
areas = {
    "stream": ["As a viewer, I want to resume a film where I stopped.",
               "As a viewer, I want to rate a film after watching it.",
               "As a viewer, I want to hide films I have already seen.",
               "As a viewer, I want parental controls on my profile.",
               "As a viewer, I want to download films to watch on the train."],
    "fit": ["As a gym member, I want to book a spin class.",
            "As a gym member, I want to freeze my membership while I am injured.",
            "As a gym member, I want to see how busy the gym is right now.",
            "As a gym member, I want to log my workouts.",
            "As a gym member, I want to bring a friend for a free trial day."],
    "util": ["As a householder, I want to submit a meter reading.",
             "As a householder, I want to see my energy use per month.",
             "As a householder, I want to change my tariff.",
             "As a householder, I want to report a power cut.",
             "As a householder, I want to set up a payment plan for my bill."],
    "lib": ["As a borrower, I want to renew a loan.",
            "As a borrower, I want to reserve a book that is on loan.",
            "As a borrower, I want to pay a late fee.",
            "As a borrower, I want to see which branch has a book on the shelf.",
            "As a borrower, I want to suggest a book for the library to buy."],
    "car": ["As a driver, I want to find a shared car near me.",
            "As a driver, I want to unlock the car with my phone.",
            "As a driver, I want to report damage before I drive off.",
            "As a driver, I want to extend my trip while I am driving.",
            "As a driver, I want to see what a trip will cost before I book."],
    "event": ["As an attendee, I want to add a session to my agenda.",
              "As an attendee, I want to get my ticket as a QR code.",
              "As an attendee, I want to rate a talk after it ends.",
              "As an attendee, I want to find other attendees with my interests.",
              "As an attendee, I want to see the venue map."],
}
for area, texts in areas.items():
    for n, text in enumerate(texts):
        st(f"{area}{n}", text)
    for i in range(len(texts)):
        for j in range(i + 1, len(texts)):
            pair(f"{area}{i}", f"{area}{j}", "unrelated", "same-role-area")

# reworded duplicates of some of them, in another team's words
dups = {
    "stream0": "As a subscriber I want playback to continue from the point where I left off.",
    "stream4": "Offline viewing: save movies to my device so I can watch without a connection",
    "fit1": "Members can pause their membership for medical reasons.",
    "fit3": "As a member, I want to record each training session in the app.",
    "util0": "As a customer I want to send in my meter readings online.",
    "util3": "Report an outage in my street",
    "lib0": "As a library user, I want to extend the due date of a book I borrowed.",
    "lib1": "As a reader I want to place a hold on a title that someone else has checked out.",
    "car1": "Open the vehicle using the mobile app instead of a key card",
    "car3": "As a renter, I want to make my booking longer during the trip.",
    "event1": "As a visitor, I want my entry ticket as a QR code on my phone.",
    "event4": "As a guest, I want a floor plan of the conference venue.",
}
for sid, text in dups.items():
    st(f"{sid}p", text, "txt" if not text.startswith("As ") else "md")
    pair(sid, f"{sid}p", "duplicate", "reworded")

if __name__ == "__main__":
    write("dev3")
