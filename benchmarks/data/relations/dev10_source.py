# Hand-written development relation set (data24 helper, issue 11), tenth part, written and
# committed before anyone tuned on it, as other product teams would write their backlogs, in ten
# domains no other set uses (election administration, a zoo's animal care, a weather-station
# network, a drone-survey company, a car-wash subscription, a chimney-sweep service, a pawn shop,
# a campsite, fishing licences, a planetarium) and ten languages (en, de, fr, es, it, pt, nl, pl,
# sv, da). Recall-focused: about half the pairs are duplicates that are hard to find (heavy
# rewording, other vocabulary for the same thing: postal ballot / vote by mail, pitch / site,
# licence plate recognised / ANPR; a one-line title against a long story with acceptance
# criteria; a terse ticket title against a narrative; one side in English and the other not,
# kind "cross-language", lang "en-xx"; units that agree: 30 °C / 86 °F, one hour / 60 minutes,
# 50% / half), next to related hard negatives of the same templates (another object, attribute,
# time, event, channel, state; the opposite action; import vs export; list vs details; a bug in
# a feature against its story), overlaps (a parent feature or a list against one part) and
# conflicts (numbers, also across units; behaviour). Labels were decided while writing, never by
# running the tool. May be tuned on. Run from this folder: python dev10_source.py.
from functools import partial

from pairset import two_texts, write

NARRATIVE_STARTS = ("As ", "Als ", "En tant", "Como ", "Come ", "Jako ", "Som ", "Given", "In order")
two = partial(two_texts, narrative_starts=NARRATIVE_STARTS)


# ------------------------------------------------------------------- election administration
two("As a voter, I want to check online which polling station I am assigned to, so that I go to the right "
    "place on election day.\n\nAcceptance criteria:\n- The voter enters their postcode and house number\n"
    "- The address and opening hours of the assigned polling station are shown\n- A link to a map is shown",
    "Polling place lookup by address", "duplicate", "title only vs long story")
two("As a voter living abroad, I want to request a postal ballot.", "Overseas electors can apply to vote by mail.",
    "duplicate", "vocabulary (postal ballot / vote by mail, living abroad / overseas)")
two("As an election official, I want to enter the vote count of my polling station on election night.",
    "Precinct results are keyed in by poll workers after the polls close.", "duplicate", "vocabulary, passive")
two("As a candidate, I want to submit my nomination papers online.", "Online filing of candidacy documents",
    "duplicate", "title only, vocabulary")
two("As a voter, I want to see whether my postal ballot has been received.",
    "Als Wähler möchte ich nachsehen können, ob mein Briefwahlumschlag angekommen ist.", "duplicate",
    "cross-language", "en-de")
two("Als kiezer wil ik een volmacht geven aan iemand anders.",
    "Een stemgerechtigde moet een ander kunnen machtigen om namens hem te stemmen.", "duplicate", "vocabulary",
    "nl")
two("Poll workers need training before election day\nSend each poll worker a link to the online course and track "
    "who finished it.", "As an election coordinator, I want to assign the online training to every poll worker "
    "and see who has completed it.", "duplicate", "title + description vs narrative")
two("As a voter with a visual impairment, I want an audio version of the ballot.",
    "Ballots must be available as spoken audio for blind and partially sighted electors.", "duplicate",
    "vocabulary")
two("As a voter, I want to find out whether I am registered to vote.", "Electoral roll self-check", "duplicate",
    "title only, vocabulary")
two("As a voter, I want to request a postal ballot for the municipal election.",
    "As a voter, I want to request a postal ballot for the European election.", "related", "event")
two("As an election official, I want to enter the number of valid votes.",
    "As an election official, I want to enter the number of spoilt ballots.", "related", "field")
two("As a poll worker, I want to sign up for the early shift.",
    "As a poll worker, I want to sign up for the counting shift.", "related", "time")
two("As a voter, I want to register to vote online.",
    "Als Wähler möchte ich mich online aus dem Wählerverzeichnis austragen.", "related",
    "opposite action, cross-language", "en-de")
two("As a clerk, I want to print the voter list for a polling station.",
    "As a clerk, I want to print the ballot papers for a polling station.", "related", "object")
two("As an election coordinator, I want to prepare a polling station: assign staff, deliver the ballot box and "
    "print the voter list.", "Ballot boxes are delivered to every polling station before opening.", "overlap",
    "parent/part")
two("Postal ballots must arrive by election day to be counted.",
    "Postal ballots postmarked by election day are counted if they arrive within 7 days after it.", "conflict",
    "behaviour")
two("As an election official, I want to report a broken voting machine.",
    "Les assesseurs doivent pouvoir signaler une panne de la machine à voter.", "duplicate", "cross-language",
    "en-fr")

# ------------------------------------------------------------------- zoo animal care
two("As a keeper, I want to record what each animal ate today so that the vet can spot a loss of appetite.\n\n"
    "Acceptance criteria:\n- Food offered and food left over are recorded per animal\n- Weights are entered in "
    "grams\n- The vet sees a warning after two days of low intake", "Daily feeding log per animal", "duplicate",
    "title only vs long story")
two("As a keeper, I want to weigh an animal and keep its weight history.",
    "Body mass measurements of each specimen are stored over time.", "duplicate", "vocabulary, passive")
two("As a vet, I want to schedule vaccinations for the big cats.", "Vaccination calendar for the felids",
    "duplicate", "title only, vocabulary (big cats / felids)")
two("As a curator, I want to register an animal transfer from another zoo.",
    "Log incoming animals sent to us by partner institutions.", "duplicate", "vocabulary")
two("As a visitor, I want to see the feeding times of the day in the app.",
    "Show today's public feedings in the mobile app", "duplicate", "vocabulary, title")
two("En tant que soigneur, je veux signaler un animal malade au vétérinaire.",
    "Le personnel animalier doit pouvoir alerter le service vétérinaire quand une bête semble souffrante.",
    "duplicate", "vocabulary", "fr")
two("As a keeper, I want to note the enrichment activities of each enclosure.",
    "Como cuidador, quiero anotar las actividades de enriquecimiento de cada recinto.", "duplicate",
    "cross-language", "en-es")
two("The reptile house must raise an alarm when the temperature goes above 30 °C.",
    "Alert the keepers if the reptile house gets hotter than 86 °F.", "duplicate", "units agree (30 °C / 86 °F)")
two("As a keeper, I want to see which animals need medication today.",
    "Today's treatment list for the animal care team", "duplicate", "vocabulary, title")
two("As a visitor, I want to sponsor an animal as a gift.", "Symbolische Tierpatenschaft als Geschenk anbieten",
    "duplicate", "cross-language", "en-de")
two("As a keeper, I want to record the birth of an animal.", "As a keeper, I want to record the death of an animal.",
    "related", "event")
two("As a visitor, I want to buy a day ticket online.", "As a visitor, I want to buy an annual pass online.",
    "related", "object")
two("As a vet, I want to see the medical history of an animal.",
    "As a vet, I want to see the list of animals under treatment.", "related", "list vs details")
two("Como veterinario, quiero registrar una anestesia.", "Como veterinario, quiero registrar una vacunación.",
    "related", "object", "es")
two("As a keeper, I want to order hay for the giraffes.", "As a keeper, I want to order frozen fish for the "
    "penguins.", "related", "object")
two("As a curator, I want to keep each animal's record: identity, parents, transfers, medical history and diet.",
    "As a curator, I want to keep the parents of each animal on record.", "overlap", "parent/part")
two("Visitors may feed the goats in the petting zoo with food bought at the kiosk.",
    "Feeding any animal, the petting zoo included, is forbidden to visitors.", "conflict", "behaviour")

# ------------------------------------------------------------------- weather-station network
two("As a station operator, I want to be alerted when a station has sent no data for an hour.",
    "Flag sensors that went silent for 60 minutes", "duplicate", "title, units agree (an hour / 60 minutes)")
two("As a meteorologist, I want to download hourly rainfall for a region as CSV.",
    "Export precipitation totals per hour for an area to a spreadsheet file", "duplicate", "vocabulary")
two("As a network manager, I want to plan sensor calibration visits, so that measurements stay accurate.\n\n"
    "Acceptance criteria:\n- Every sensor has a calibration due date\n- Stations with a sensor due within 30 days "
    "appear on the plan\n- A technician can be assigned to each visit", "Calibration schedule for sensors",
    "duplicate", "title only vs long story")
two("As a farmer, I want a frost warning by SMS for my fields.",
    "Send growers a text when temperatures near their plots are forecast below zero.", "duplicate", "vocabulary")
two("Als Techniker möchte ich den Batteriestand jeder Station sehen.",
    "Die Ladung der Akkus aller Messstationen soll für das Wartungspersonal sichtbar sein.", "duplicate",
    "vocabulary, passive", "de")
two("Come meteorologo, voglio confrontare le temperature di due stazioni in un grafico.",
    "Grafico comparativo delle temperature tra due stazioni di misura", "duplicate", "title", "it")
two("As a researcher, I want to request access to the raw data archive.",
    "Come ricercatore, voglio chiedere l'accesso all'archivio dei dati grezzi.", "duplicate", "cross-language",
    "en-it")
two("The public map shows wind speed in m/s.",
    "Visitors see on the public map how fast the wind blows, in metres per second.", "duplicate", "vocabulary")
two("Real-time lightning map", "Come utente, voglio vedere su una mappa i fulmini caduti negli ultimi minuti.",
    "duplicate", "cross-language", "en-it")
two("As a meteorologist, I want to download hourly temperature for a region as CSV.",
    "As a meteorologist, I want to download daily temperature for a region as CSV.", "related", "time")
two("As a station operator, I want to add a new station to the network.",
    "As a station operator, I want to decommission a station.", "related", "create vs delete")
two("As a farmer, I want a hail warning for my fields.", "As a farmer, I want a drought warning for my fields.",
    "related", "event")
two("Als Meteorologe möchte ich die Luftfeuchtigkeit einer Station anzeigen.",
    "Als Meteorologe möchte ich den Luftdruck einer Station anzeigen.", "related", "attribute", "de")
two("As an operator, I want to import station metadata from a CSV file.",
    "As an operator, I want to export station metadata to a CSV file.", "related", "import vs export")
two("As a visitor, I want the station page to show temperature, humidity, wind, rain and pressure.",
    "As a visitor, I want the station page to show the humidity.", "overlap", "list contains other")
two("Measurements are stored every 10 minutes.", "Each station reports a reading every 5 minutes, and every "
    "reading is kept.", "conflict", "number")

# ------------------------------------------------------------------- drone surveying
two("As a pilot, I want to check no-fly zones before planning a flight.", "Show restricted airspace on the mission "
    "planner", "duplicate", "vocabulary, title")
two("As a client, I want to download the orthophoto of my site.",
    "Customers retrieve the stitched aerial map of their property.", "duplicate", "vocabulary")
two("As a survey manager, I want to log every flight for the aviation authority.\n\nAcceptance criteria:\n"
    "- Date, pilot, drone serial number and flight duration are recorded\n- Take-off and landing positions are "
    "stored\n- The log can be exported as PDF for an audit", "Flight logbook", "duplicate",
    "title only vs long story")
two("As a pilot, I want to be warned when the battery is below 20%.", "Low-battery alert at one fifth charge",
    "duplicate", "title, units agree (20% / one fifth)")
two("As a client, I want to measure the volume of a stockpile from the survey.",
    "Stockpile volume calculation\nCompute the cubic metres of material in a heap from the 3D model.",
    "duplicate", "title + description, vocabulary")
two("En tant que pilote, je veux consulter la météo avant un vol.",
    "Le télépilote doit pouvoir vérifier les conditions météorologiques avant de décoller.", "duplicate",
    "vocabulary", "fr")
two("Como cliente, quero receber um alerta quando os dados do meu levantamento estiverem prontos.",
    "O cliente é notificado assim que o processamento das imagens do voo termina.", "duplicate",
    "vocabulary, passive", "pt")
two("As a pilot, I want to register my drone with its serial number.",
    "En tant que pilote, je veux enregistrer mon drone avec son numéro de série.", "duplicate", "cross-language",
    "en-fr")
two("As a pilot, I want to share the live drone video with the client.",
    "Transmitir em direto para o cliente as imagens da câmara do drone", "duplicate", "cross-language", "en-pt")
two("As a client, I want to download the elevation model of my site.",
    "As a client, I want to download the point cloud of my site.", "related", "object")
two("As a pilot, I want to plan a grid flight over an area.",
    "As a pilot, I want to plan an orbit flight around a building.", "related", "object")
two("As a survey manager, I want to assign a pilot to a job.", "As a survey manager, I want to assign a drone to a "
    "job.", "related", "object")
two("En tant que pilote, je veux déclarer un incident de vol.",
    "En tant que pilote, je veux déclarer une maintenance du drone.", "related", "object", "fr")
two("Bug: the flight log shows the duration in seconds instead of minutes",
    "As a pilot, I want the flight log to show each flight's duration.", "related",
    "bug in a feature vs the feature")
two("As a client, I want a survey report with the orthophoto, the contour lines and the volume figures.",
    "As a client, I want the survey report to include contour lines.", "overlap", "list contains other")
two("Drones must not fly higher than 120 m.", "Pilots may plan flights up to 150 metres above ground.", "conflict",
    "number")

# ------------------------------------------------------------------- car-wash subscription
two("As a member, I want the gate to open when my licence plate is recognised.", "ANPR entry for subscribers",
    "duplicate", "title, vocabulary (licence plate recognised / ANPR)")
two("As a customer, I want to buy an unlimited monthly wash plan.",
    "Offer a flat-rate monthly membership with as many washes as you like", "duplicate", "vocabulary")
two("As a member, I want to add a second car to my subscription at a reduced price, so that the whole family can "
    "use it.\n\nAcceptance criteria:\n- Up to 3 extra vehicles per subscription\n- Each extra vehicle costs 50% "
    "of the base plan\n- Each vehicle is identified by its plate", "Family plan: extra vehicles at half price",
    "duplicate", "title only vs long story, units agree (50% / half)")
two("As a site manager, I want to know when the wax runs low.",
    "Notify the manager when the chemical tank for wax is nearly empty", "duplicate", "vocabulary")
two("As a customer, I want to report that my car was damaged in the wash.",
    "Damage claim form for vehicles harmed during washing", "duplicate", "title, vocabulary")
two("Como cliente, quiero pausar mi suscripción durante las vacaciones.",
    "El abonado puede congelar su plan mientras está de viaje.", "duplicate", "vocabulary", "es")
two("Als klant wil ik zien hoe druk het is bij de wasstraat.",
    "Toon de actuele wachtrij van de autowasserette in de app.", "duplicate", "vocabulary", "nl")
two("As a member, I want to update the card my subscription is charged to.",
    "Als lid wil ik de betaalkaart voor mijn abonnement wijzigen.", "duplicate", "cross-language", "en-nl")
two("As a member, I want a receipt for every wash.",
    "Subscribers receive proof of each car cleaning for their expense claims.", "duplicate", "vocabulary")
two("As a customer, I want to buy a single basic wash.", "As a customer, I want to buy a single premium wash.",
    "related", "object")
two("As a member, I want to cancel my subscription.", "As a member, I want to upgrade my subscription.",
    "related", "other action")
two("As a site manager, I want to see the number of washes per day.",
    "As a site manager, I want to see the revenue per day.", "related", "attribute")
two("Como gerente, quiero ver las suscripciones activas.", "Como gerente, quiero ver las suscripciones canceladas.",
    "related", "state", "es")
two("As a member, I want to manage my vehicles: add one, remove one and change a licence plate.",
    "As a member, I want to remove a vehicle from my subscription.", "overlap", "parent/part")
two("A member can wash each registered car at most once a day.",
    "Unlimited members may wash their car as many times a day as they like.", "conflict", "number, behaviour")

# ------------------------------------------------------------------- chimney-sweep service
two("As a homeowner, I want to book the yearly chimney sweep visit online.",
    "Annual flue cleaning appointment via website", "duplicate", "vocabulary, title")
two("As a sweep, I want to issue the inspection certificate on my tablet after the visit.",
    "Sweeps hand out the safety certificate digitally at the end of the job.", "duplicate", "vocabulary")
two("As a homeowner, I want to be reminded when my next sweep is due, so that I stay compliant with the fire "
    "regulations.\n\nAcceptance criteria:\n- The reminder is sent 4 weeks before the due date\n- It is sent by "
    "e-mail and by letter\n- It has a link to book a visit", "Due-date reminder for the next sweep", "duplicate",
    "title only vs long story")
two("As an office clerk, I want to plan the sweeps' routes by district.",
    "Group the day's appointments geographically for each sweep", "duplicate", "vocabulary")
two("Als Kaminkehrer möchte ich die Messwerte der Abgasmessung erfassen.",
    "Die Ergebnisse der Emissionsprüfung am Heizkessel werden vom Schornsteinfeger eingetragen.", "duplicate",
    "vocabulary, passive", "de")
two("Als Hausbesitzer möchte ich meinen Feuerstättenbescheid online einsehen.",
    "Eigentümer sollen den Bescheid über ihre Feuerstätten im Kundenportal abrufen können.", "duplicate",
    "reworded", "de")
two("Jako właściciel domu chcę zamówić czyszczenie komina.",
    "Klient może zlecić przez stronę wyczyszczenie przewodu kominowego.", "duplicate", "vocabulary", "pl")
two("As a sweep, I want to record a defect found in a chimney with a photo.",
    "Als Schornsteinfeger möchte ich einen Mangel am Kamin mit Foto festhalten.", "duplicate", "cross-language",
    "en-de")
two("Sweep visit confirmation by text the day before",
    "Jako klient chcę dostać SMS dzień przed wizytą kominiarza.", "duplicate", "cross-language", "en-pl")
two("As a homeowner, I want to book a sweep for my wood stove.",
    "As a homeowner, I want to book a sweep for my gas boiler.", "related", "object")
two("As a sweep, I want to see today's appointments.", "As a sweep, I want to see tomorrow's appointments.",
    "related", "time")
two("As an office clerk, I want to send the invoice by e-mail.", "As an office clerk, I want to send the invoice "
    "by post.", "related", "channel")
two("Als Kaminkehrer möchte ich einen Termin bestätigen.", "Als Kaminkehrer möchte ich einen Termin absagen.",
    "related", "opposite action", "de")
two("As a sweep, I want to complete the visit report: cleaning done, emissions measured, defects found and next "
    "due date.", "As a sweep, I want to record the next due date in the visit report.", "overlap", "parent/part")
two("Wood stoves must be swept twice a year.", "A wood stove needs sweeping once every 12 months.", "conflict",
    "number across units")

# ------------------------------------------------------------------- pawn shop
two("As a clerk, I want to record an item brought in as collateral for a loan.",
    "Log a pledged article against a new pawn loan", "duplicate", "vocabulary")
two("As a customer, I want to extend my loan by paying only the interest.",
    "Renew a pawn ticket with an interest-only payment", "duplicate", "vocabulary, title")
two("As a compliance officer, I want every purchase of second-hand goods to be reported to the police database "
    "within 24 hours, so that stolen goods can be traced.\n\nAcceptance criteria:\n- Item description, serial "
    "number and photo are sent\n- The seller's ID is attached\n- A failed upload is retried and shown to the "
    "manager", "Daily police reporting of bought items", "duplicate", "title only vs long story")
two("As an appraiser, I want to look up the current gold price when valuing jewellery.",
    "Show today's price per gram of gold on the valuation screen", "duplicate", "vocabulary")
two("As a customer, I want to be reminded before my loan expires.",
    "Send a notice to the borrower ahead of the pawn ticket's maturity date", "duplicate", "vocabulary")
two("Come cliente, voglio riscattare il mio oggetto pagando il prestito.",
    "Il cliente riottiene il bene dato in pegno saldando quanto dovuto.", "duplicate", "vocabulary", "it")
two("Como avaliador, quero fotografar cada artigo recebido.",
    "Cada peça que entra na loja deve ser fotografada pelo avaliador.", "duplicate", "passive", "pt")
two("As a manager, I want to list unredeemed items for sale in the shop.",
    "Come gestore, voglio mettere in vendita in negozio gli oggetti non riscattati.", "duplicate",
    "cross-language", "en-it")
two("As a customer, I want to see my loan balance in the app.",
    "O cliente consulta na aplicação quanto ainda deve do empréstimo.", "duplicate", "cross-language", "en-pt")
two("As an appraiser, I want to value a watch.", "As an appraiser, I want to value a guitar.", "related", "object")
two("As a clerk, I want to print the pawn ticket.", "As a clerk, I want to reprint a lost pawn ticket.", "related",
    "other action")
two("As a customer, I want to see my open loans.", "As a customer, I want to see my repaid loans.", "related",
    "state")
two("Como cliente, quero vender um objeto à loja.", "Como cliente, quero penhorar um objeto na loja.", "related",
    "other action", "pt")
two("As a manager, I want a daily report with new loans, redemptions, renewals and forfeited items.",
    "As a manager, I want a daily report of forfeited items.", "overlap", "list contains other")
two("The loan term is 30 days.", "Pawn loans run for 3 months before the item is forfeited.", "conflict",
    "number across units")

# ------------------------------------------------------------------- campsite
two("As a guest, I want to reserve a pitch with electricity for my caravan.", "Book a powered site for a trailer",
    "duplicate", "vocabulary (pitch / site, caravan / trailer, electricity / powered)")
two("As a guest, I want to check in at the gate without queueing at reception.", "Self check-in at the barrier",
    "duplicate", "title")
two("As a guest, I want to rent a mobile home for a week, so that I don't need my own tent.\n\n"
    "Acceptance criteria:\n- Mobile homes are rented from Saturday to Saturday in July and August\n- Bed linen "
    "can be added\n- The deposit is paid on arrival", "Mobile home weekly rental", "duplicate",
    "title only vs long story")
two("As a warden, I want to see which pitches are free tonight.",
    "Show the warden tonight's vacant plots on the site plan.", "duplicate", "vocabulary")
two("As a guest, I want to buy fresh bread for tomorrow morning in the app.",
    "Order breakfast rolls the evening before via the app", "duplicate", "vocabulary")
two("En tant que campeur, je veux réserver un emplacement pour ma tente.",
    "Le client peut louer une parcelle pour planter sa tente.", "duplicate", "vocabulary", "fr")
two("Als gast wil ik zien wanneer het zwembad open is.", "Openingstijden van het zwembad tonen aan campinggasten",
    "duplicate", "title", "nl")
two("As a guest, I want to pay the tourist tax online in advance.",
    "Als Gast möchte ich die Kurtaxe vorab online bezahlen.", "duplicate", "cross-language", "en-de")
two("As a camper, I want to report a problem with the showers.", "Als gast wil ik een defect aan de douches melden.",
    "duplicate", "cross-language", "en-nl")
two("As a guest, I want to reserve a pitch for a tent.", "As a guest, I want to reserve a pitch for a motorhome.",
    "related", "object")
two("As a guest, I want to book a bike rental.", "As a guest, I want to book a kayak rental.", "related", "object")
two("As a warden, I want to see the list of arrivals today.", "As a warden, I want to see the list of departures "
    "today.", "related", "event")
two("En tant que campeur, je veux prolonger mon séjour.", "En tant que campeur, je veux écourter mon séjour.",
    "related", "opposite action", "fr")
two("As a guest, I want to choose extras for my booking: electricity, a second car, a dog and a fridge.",
    "As a guest, I want to add a dog to my booking.", "overlap", "list contains other")
two("Quiet hours on the campsite run from 22:00 to 07:00.", "Quiet hours start at 23:00 and end at 8:00.",
    "conflict", "number")

# ------------------------------------------------------------------- fishing licences
two("As an angler, I want to buy a fishing licence online.", "Online purchase of a rod permit", "duplicate",
    "vocabulary, title")
two("As an angler, I want to report my catch at the end of the day.", "Catch returns: anglers submit what they "
    "landed", "duplicate", "vocabulary")
two("As a fisheries officer, I want to check a licence in the field with my phone, so that I can verify anglers "
    "without calling the office.\n\nAcceptance criteria:\n- Scanning the QR code shows the licence holder, the "
    "waters and the validity\n- It works offline with data synced in the morning\n- An expired licence is shown "
    "in red", "Field verification of permits by wardens", "duplicate", "title only vs long story")
two("As an angler, I want a licence for one day.", "24-hour permit", "duplicate", "title, units agree")
two("Som fiskare vill jag köpa ett fiskekort för en sjö.",
    "Sportfiskare ska kunna lösa fiskekort till en enskild sjö via webben.", "duplicate", "reworded", "sv")
two("Som lystfisker vil jeg se fredningstiderne for hver art.",
    "Lystfiskere skal kunne se, hvornår de enkelte fiskearter er fredet.", "duplicate", "reworded", "da")
two("Como pescador, quiero ver el tamaño mínimo de cada especie.", "Mostrar la talla mínima legal de captura por "
    "especie", "duplicate", "title", "es")
two("As an angler, I want to download my licence as a PDF.", "Como pescador, quiero descargar mi licencia en PDF.",
    "duplicate", "cross-language", "en-es")
two("As an angler, I want to buy a licence for salmon.", "As an angler, I want to buy a licence for trout.",
    "related", "object")
two("As an angler, I want to buy a yearly licence.", "As an angler, I want to buy a weekly licence.", "related",
    "time")
two("As an officer, I want to record a warning given to an angler.",
    "As an officer, I want to record a fine given to an angler.", "related", "object")
two("Som fiskare vill jag se fångstrapporterna för en sjö.", "Som fiskare vill jag se fiskereglerna för en sjö.",
    "related", "object", "sv")
two("As an angler, I want to see the rules for a water: season, bag limit, minimum sizes and allowed baits.",
    "As an angler, I want to see the bag limit for a water.", "overlap", "list contains other")
two("Children under 12 do not need a fishing licence.", "Anglers aged 10 and over need a licence.", "conflict", "number")

# ------------------------------------------------------------------- planetarium
two("As a visitor, I want to buy a ticket for a dome show.", "Online seats for fulldome screenings", "duplicate",
    "vocabulary, title")
two("As a teacher, I want to book a show for my class with the school discount.",
    "Group reservation for pupils at the reduced school rate", "duplicate", "vocabulary")
two("As a visitor, I want to join a night at the telescope when the sky is clear, so that I can see the planets "
    "myself.\n\nAcceptance criteria:\n- Observation evenings are held only when the forecast is clear\n"
    "- Registered visitors are told by 16:00 whether it goes ahead\n- At most 25 visitors per evening",
    "Stargazing evenings with a weather go/no-go", "duplicate", "title only vs long story")
two("As a show producer, I want to upload a new show file to the projector system.",
    "Deploy fulldome content to the projection server", "duplicate", "vocabulary")
two("As a visitor, I want to see which shows are suitable for children under 6.",
    "Mark the shows that are fine for preschoolers", "duplicate", "vocabulary")
two("Come visitatore, voglio sapere quali spettacoli sono in lingua inglese.",
    "Indicare gli spettacoli proiettati in inglese nel programma", "duplicate", "title", "it")
two("En tant qu'enseignant, je veux télécharger un dossier pédagogique pour le spectacle.",
    "Les professeurs peuvent récupérer le matériel éducatif lié à chaque séance.", "duplicate", "vocabulary", "fr")
two("As a visitor, I want to buy a gift voucher for the planetarium.",
    "Als Besucher möchte ich einen Geschenkgutschein für das Planetarium kaufen.", "duplicate", "cross-language",
    "en-de")
two("As a visitor, I want to buy a ticket for the 14:00 show.", "As a visitor, I want to buy a ticket for the "
    "16:00 show.", "related", "time")
two("As a teacher, I want to book a show for my class.", "As a teacher, I want to book a workshop for my class.",
    "related", "object")
two("As a manager, I want to see ticket sales per show.", "As a manager, I want to see ticket sales per day.",
    "related", "report by")
two("Come tecnico, voglio accendere il proiettore.", "Come tecnico, voglio spegnere il proiettore.", "related",
    "opposite action", "it")
two("As a visitor, I want a combined ticket for the dome show, the exhibition and the telescope.",
    "As a visitor, I want a combined ticket to include the exhibition.", "overlap", "list contains other")
two("Latecomers are let in during the first 10 minutes of a show.",
    "Nobody may enter the dome once a show has started.", "conflict", "behaviour")

# ------------------------------------------------------------------- same-area unrelated
two("As a voter, I want to see the results of my district.", "As a poll worker, I want to claim my travel costs.",
    "unrelated", "elections")
two("As a keeper, I want to log the cleaning of an enclosure.", "As a visitor, I want to find the nearest toilets.",
    "unrelated", "zoo")
two("As a guest, I want to see the campsite map.", "As a warden, I want to record the gas bottle stock.",
    "unrelated", "campsite")
two("As an angler, I want to see the water level of a river.", "As an officer, I want to plan my patrols.",
    "unrelated", "fishing")

if __name__ == "__main__":
    write("dev10")
