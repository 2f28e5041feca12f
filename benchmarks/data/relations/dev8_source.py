# Hand-written development relation set (rel21 helper, issue 11), eighth part, written and
# committed before any relation-code change of that helper, as other product teams would write
# their backlogs, in ten domains no other set uses (parish administration, a beekeepers'
# association, a funeral home, a choir and orchestra, a craft brewery, a botanical garden, a ski
# resort, a removals company, a food bank, a dog daycare) and nine languages (en, de, fr, es, it,
# pt, nl, pl, sv; about 35% of the pairs not English). Styles mixed: "As a ... I want ... so
# that", Gherkin, terse ticket titles with a description line, "The system shall", narratives
# with bullet criteria. Mostly hard negatives: one template with another object; one object with
# another action; another role, same action; a parent feature against one of its parts
# (overlap); one need by another channel, time or amount (conflict where the two contradict);
# negation ("must not"); a notification for two different events; and chains (A duplicate of B,
# C a sibling of both) that a group builder must not close into one group. Next to them,
# duplicates reworded as another person would (synonyms, another word order, passive voice,
# criteria rephrased) so recall is measured too. May be tuned on.
# Run from this folder: python dev8_source.py.
from functools import partial

from pairset import two_texts, write

NARRATIVE_STARTS = ("As ", "Als ", "En tant", "Como ", "Come ", "Enquanto ", "Jako ", "Som ", "Given", "In order")
two = partial(two_texts, narrative_starts=NARRATIVE_STARTS)


# ------------------------------------------------------------------- parish administration
BAPTISM = ("As a parent, I want to request a date for my child's baptism online so that I don't have to "
           "call the parish office.")
INTENTION = "As a parishioner, I want to book a mass intention for a deceased relative."
two(BAPTISM, "Baptism request form\nParents can ask the parish for a christening date through the website "
    "instead of phoning.", "duplicate", "title + description, synonym")
two(INTENTION, "Parishioners should be able to order a mass to be said for a family member who has died.",
    "duplicate", "reworded")
two(BAPTISM, "As a couple, I want to request a date for our wedding in the parish church online.",
    "related", "other sacrament, other role")
two(INTENTION, "As a parishioner, I want to cancel a mass intention I booked.", "related", "same object, other action")
two("The system shall send the weekly parish bulletin by e-mail to every registered parishioner.",
    "The system shall send the weekly parish bulletin by post to parishioners without an e-mail address.",
    "related", "channel")
two("As a parish secretary, I want to be notified when a new baptism request arrives.",
    "As a parish secretary, I want to be notified when a funeral is registered.", "related", "notification, event")
two("As a treasurer, I want to record the amount of the Sunday collection.",
    "The Sunday offertory total is entered by the treasurer after each mass.", "duplicate", "passive, synonym")
two("As a donor, I want a tax receipt for my donation.\n\nAcceptance criteria:\n"
    "- Donations of more than 100 euros receive a tax receipt automatically",
    "As a donor, I want to get a receipt for the tax office.\n\nAcceptance criteria:\n"
    "- A receipt is issued automatically for gifts above 200 euros", "conflict", "criteria amount")
two("As a parish secretary, I want to manage the sacrament register: baptisms, first communions, "
    "confirmations and marriages.",
    "As a parish secretary, I want to record a confirmation in the sacrament register.", "overlap", "parent/part")
two("Visitors must be able to see the names of the deceased on the online prayer list.",
    "The names of deceased persons must not be shown to visitors on the online prayer list.", "conflict",
    "negation")
two("Feature: Parish hall booking\n  Scenario: Group leader books the hall\n    Given the parish hall is free on "
    "Friday evening\n    When the youth group leader books it\n    Then the hall is reserved for the youth group",
    "As a group leader, I want to reserve the parish hall for our meetings.", "duplicate", "gherkin")
two("As a group leader, I want to reserve the parish hall for our meetings.",
    "As a group leader, I want to reserve the church for a concert.", "related", "object")
two("Als Pfarrsekretärin möchte ich eine Taufbescheinigung als PDF ausstellen.",
    "Taufscheine sollen vom Pfarrbüro als PDF erzeugt werden können.", "duplicate", "passive", "de")
two("Als Gemeindemitglied möchte ich mich für den Blumendienst eintragen.",
    "Als Gemeindemitglied möchte ich mich für den Lektorendienst eintragen.", "related", "object", "de")
two("Jako parafianin chcę zamówić intencję mszalną przez internet.",
    "Parafianie powinni móc zamawiać msze w swoich intencjach online.", "duplicate", "reworded", "pl")
two("Jako ksiądz chcę zobaczyć listę chrztów w tym miesiącu.",
    "Jako ksiądz chcę zobaczyć listę pogrzebów w tym miesiącu.", "related", "object", "pl")
two("As a sacristan, I want to order candles when the stock is low.", BAPTISM, "unrelated", "parish")

# ------------------------------------------------------------------- beekeepers' association
INSPECT = "As a beekeeper, I want to log a hive inspection with the date, the queen seen and the brood frames."
VARROA = "As a beekeeper, I want to record the varroa mite count of a hive."
two(INSPECT, "Hive inspection log\nBeekeepers note for every inspection when it was done, whether the queen "
    "was spotted and how many frames have brood.", "duplicate", "title + description")
two(VARROA, "The number of varroa mites counted in a colony is recorded by the beekeeper.", "duplicate", "passive")
two(VARROA, "As a beekeeper, I want to record the varroa treatment given to a hive.", "related",
    "count vs treatment")
two(INSPECT, "As a beekeeper, I want to log the honey harvest of a hive with the date and the weight.",
    "related", "inspection vs harvest")
two("As a member, I want to be alerted when a swarm is reported near my apiary.",
    "As a member, I want to be alerted when a disease outbreak is reported near my apiary.", "related",
    "notification, event")
two("As a swarm collector, I want to see reported swarms on a map.",
    "As a member of the public, I want to report a swarm I have seen.", "related", "role, other action")
two("As a member, I want to borrow the association's honey extractor.\n\nAcceptance criteria:\n"
    "- A member can keep the extractor for at most 3 days",
    "As a member, I want to reserve the shared honey extractor.\n\nAcceptance criteria:\n"
    "- The extractor can be kept for up to one week", "conflict", "criteria duration")
two("As a beekeeper, I want to manage my apiaries: add an apiary, move hives between apiaries and "
    "close an apiary.", "As a beekeeper, I want to move a hive to another apiary.", "overlap", "parent/part")
two("En tant qu'apiculteur, je veux enregistrer la récolte de miel de chaque ruche.",
    "Les apiculteurs doivent pouvoir saisir la quantité de miel récoltée par ruche.", "duplicate", "synonym", "fr")
two("En tant qu'apiculteur, je veux déclarer mes ruches auprès des services vétérinaires.",
    "En tant qu'apiculteur, je veux déclarer une mortalité de mes abeilles auprès des services vétérinaires.",
    "related", "object", "fr")
two("Als imker wil ik een melding krijgen wanneer het te koud is om de kast te openen.",
    "Imkers willen gewaarschuwd worden als de temperatuur te laag is voor een inspectie van de kast.",
    "duplicate", "reworded", "nl")
two("Als imker wil ik mijn bijenkasten op een kaart zien.",
    "Als imker wil ik de drachtplanten in de buurt op een kaart zien.", "related", "object", "nl")
two("Members must be able to sell honey to other members through the association's web shop.",
    "Honey must not be sold between members through the association's web shop.", "conflict", "negation")
two("As a treasurer, I want to collect the yearly membership fee.",
    "As a member, I want to order foundation sheets from the association's stock.", "unrelated", "beekeeping")

# ------------------------------------------------------------------- funeral home
ARRANGE = "As a funeral director, I want to create a new funeral case when a family contacts us."
OBITUARY = "As a family member, I want to publish an obituary on the funeral home's website."
two(ARRANGE, "Open a funeral file for the deceased as soon as the relatives call.", "duplicate", "terse, synonym")
two(OBITUARY, "Relatives can put a death notice online on the funeral home's site.", "duplicate", "synonym")
two(OBITUARY, "As a family member, I want to print the obituary for the local newspaper.", "related",
    "channel")
two(OBITUARY, "As a visitor, I want to leave a condolence message under an obituary.", "related",
    "role, other action")
two("As a funeral director, I want to schedule the cremation.",
    "As a funeral director, I want to schedule the burial.", "related", "object")
two("As a family member, I want to choose a coffin from the catalogue.",
    "As a family member, I want to choose flowers from the catalogue.", "related", "object")
two("As a funeral director, I want to be notified when the death certificate is uploaded.",
    "As a funeral director, I want to be notified when the family signs the quote.", "related",
    "notification, event")
two("The system shall show the total cost of the funeral to the family before they sign.",
    "Before signing, the family is shown the complete price of the funeral arrangements.", "duplicate", "passive")
two("As a family member, I want to pay the funeral invoice in instalments.\n\nAcceptance criteria:\n"
    "- At most 6 monthly instalments",
    "As a family member, I want to spread the payment of the funeral over several months.\n\n"
    "Acceptance criteria:\n- Up to 12 monthly instalments are possible", "conflict", "criteria number")
two("Como director de funeraria, quiero asignar una sala de velatorio a un servicio.",
    "El director de la funeraria debe poder reservar una sala de velación para cada difunto.", "duplicate",
    "synonym", "es")
two("Como familiar, quiero ver el horario del velatorio.",
    "Como familiar, quiero ver el horario de la misa funeral.", "related", "object", "es")
two("Come impresario funebre, voglio gestire il trasporto della salma: prenotare il carro, scegliere "
    "l'orario e avvisare il cimitero.", "Come impresario funebre, voglio prenotare il carro funebre.", "overlap",
    "parent/part", "it")
two("Come familiare, voglio caricare le foto per il video commemorativo.",
    "I familiari possono inviare le fotografie da inserire nel filmato in ricordo del defunto.", "duplicate",
    "reworded", "it")
two("As a funeral director, I want to order the urn from the supplier.",
    "As an accountant, I want to see the revenue per month.", "unrelated", "funeral home")

# ------------------------------------------------------------------- choir and orchestra
REHEARSAL = "As a choir member, I want to see the rehearsal schedule for this season."
SCORE = "As a musician, I want to download the sheet music for the next concert."
two(REHEARSAL, "Singers need an overview of all rehearsal dates of the season.", "duplicate", "reworded")
two(SCORE, "Sheet music for the upcoming concert can be downloaded by the musicians.", "duplicate", "passive")
two(REHEARSAL, "As a choir member, I want to see the concert schedule for this season.", "related", "object")
two(SCORE, "As a musician, I want to upload my annotated sheet music for the next concert.", "related",
    "download vs upload")
two("As a choir member, I want to tell the conductor I will miss a rehearsal.",
    "Absence notice\nSingers let the conductor know in advance that they cannot come to a rehearsal.",
    "duplicate", "title + description")
two("As a choir member, I want to tell the conductor I will miss a rehearsal.",
    "As a choir member, I want to tell the conductor I will miss a concert.", "related", "event")
two("As a conductor, I want to see who is coming to the rehearsal, per voice.",
    "As a section leader, I want to see who is coming to the rehearsal in my voice.", "related",
    "role, scope")
two("As a librarian, I want to track which member has which copy of a score.",
    "As a librarian, I want to track which scores we own and in how many copies.", "related", "loans vs inventory")
two("As a member, I want to pay my yearly membership fee online.\n\nAcceptance criteria:\n"
    "- The fee is 120 euros per year",
    "As a member, I want to pay the annual contribution by card.\n\nAcceptance criteria:\n"
    "- The annual contribution is 150 euros", "conflict", "criteria amount")
two("Als Chormitglied möchte ich die Übungsaufnahmen meiner Stimme anhören.",
    "Sänger sollen die Probe-Audios für ihre Stimmlage abspielen können.", "duplicate", "synonym", "de")
two("Als Dirigent möchte ich die Sitzordnung des Orchesters planen.",
    "Als Dirigent möchte ich die Reihenfolge der Stücke im Konzert planen.", "related", "object", "de")
two("Som körmedlem vill jag se vilka stycken vi ska sjunga på nästa konsert.",
    "Körmedlemmar behöver en lista över repertoaren till den kommande konserten.", "duplicate", "reworded", "sv")
two("Som körmedlem vill jag anmäla mig till körresan.",
    "Som körmedlem vill jag anmäla mig till julkonserten.", "related", "object", "sv")
two("As a board member, I want to organise the concert season: book venues, set dates and sell tickets.",
    "As a board member, I want to book a venue for a concert.", "overlap", "parent/part")
two("Audience members must be able to buy concert tickets without creating an account.",
    "Concert tickets must not be sold to visitors who do not have an account.", "conflict", "negation")
two(REHEARSAL, "As a treasurer, I want to send the sponsorship letters.", "unrelated", "choir")

# ------------------------------------------------------------------- craft brewery
BATCH = "As a brewer, I want to start a new batch from a recipe so that the ingredients are reserved."
GRAVITY = "As a brewer, I want to record the gravity reading of a fermenting batch."
two(BATCH, "When a brew is started from a recipe, its ingredients are set aside in the stock.", "duplicate",
    "passive, reworded")
two(GRAVITY, "Brewers log the specific gravity measured in the fermenter each day.", "duplicate", "synonym")
two(GRAVITY, "As a brewer, I want to record the temperature of a fermenting batch.", "related", "attribute")
two(BATCH, "As a brewer, I want to copy a recipe to create a new variant.", "related", "recipe, other action")
two("As a brewery manager, I want to be alerted when a fermenter is too warm.",
    "As a brewery manager, I want to be alerted when the malt stock is low.", "related", "notification, event")
two("As a brewer, I want to plan the bottling of a batch.",
    "As a brewer, I want to plan the kegging of a batch.", "related", "object")
two("Brewery: excise duty report per month\nThe brewery manager exports the litres of beer that left the "
    "warehouse each month for the excise return.",
    "As a brewery manager, I want a monthly report of the beer volume released from the bonded warehouse "
    "for the duty declaration.", "duplicate", "title + description")
two("As a taproom customer, I want to see which beers are on tap today.",
    "As a taproom customer, I want to see which beers are sold out today.", "related", "state")
two("As a brewer, I want to mark a batch as ready.\n\nAcceptance criteria:\n"
    "- A batch is ready after at least 14 days of conditioning",
    "As a brewer, I want batches to become available for packaging.\n\nAcceptance criteria:\n"
    "- Conditioning takes at least 21 days before a batch can be packaged", "conflict", "criteria number")
two("Als brouwer wil ik de hopgift van een recept aanpassen.",
    "Brouwers moeten de hoeveelheid hop in een recept kunnen wijzigen.", "duplicate", "synonym", "nl")
two("Als brouwer wil ik de bitterheid van een recept berekenen.",
    "Als brouwer wil ik de kleur van een recept berekenen.", "related", "attribute", "nl")
two("Als Braumeister möchte ich die Chargen nach Biersorte filtern.",
    "Die Sude sollen vom Braumeister nach Bierstil gefiltert werden können.", "duplicate", "passive, synonym", "de")
two("Als Braumeister möchte ich eine Charge verwerfen.",
    "Als Braumeister möchte ich eine Charge umbenennen.", "related", "action", "de")
two("As a wholesale customer, I want to manage my orders: place an order, change it and track the delivery.",
    "As a wholesale customer, I want to track the delivery of my order.", "overlap", "parent/part")
two(GRAVITY, "As a sales rep, I want to print price lists for bars.", "unrelated", "brewery")

# ------------------------------------------------------------------- botanical garden
PLANT = "As a curator, I want to register a new plant accession with its origin and the date it arrived."
LABEL = "As a gardener, I want to print a label for a plant."
two(PLANT, "New accessions are entered by the curator, with where the plant came from and when it was received.",
    "duplicate", "passive")
two(LABEL, "Gardeners need to be able to produce a name tag for each specimen.", "duplicate", "synonym")
two(LABEL, "As a gardener, I want to print a map of the glasshouse.", "related", "object")
two(PLANT, "As a curator, I want to record the death of a plant accession.", "related", "same object, other action")
two("As a visitor, I want to see which plants are flowering this week.",
    "As a visitor, I want to see which plants are fruiting this week.", "related", "state")
two("As a visitor, I want to buy a day ticket online.",
    "As a visitor, I want to buy a year pass online.", "related", "object")
two("As a visitor, I want to buy a day ticket online.",
    "As a visitor, I want to buy a day ticket at the ticket machine at the entrance.", "related", "channel")
two("As a researcher, I want to request seeds from the seed bank.",
    "Scientists can ask the garden's seed bank to send them seed samples.", "duplicate", "synonym")
two("As a volunteer guide, I want to be notified when a tour is booked.",
    "As a volunteer guide, I want to be notified when a tour is cancelled.", "related", "notification, event")
two("As a visitor, I want to book a guided tour.\n\nAcceptance criteria:\n- A tour has at most 20 people",
    "As a visitor, I want to reserve a guided walk.\n\nAcceptance criteria:\n- Groups are limited to 25 visitors",
    "conflict", "criteria number")
two("En tant que jardinier, je veux noter l'arrosage de chaque serre.",
    "Les jardiniers doivent pouvoir enregistrer quand chaque serre a été arrosée.", "duplicate", "reworded", "fr")
two("En tant que visiteur, je veux voir le plan du jardin.",
    "En tant que visiteur, je veux voir le programme des expositions du jardin.", "related", "object", "fr")
two("Enquanto curador, quero exportar a lista de plantas ameaçadas.",
    "O curador deve poder descarregar a lista das espécies em perigo.", "duplicate", "synonym", "pt")
two("Enquanto jardineiro, quero registar uma praga numa planta.",
    "Enquanto jardineiro, quero registar uma poda numa planta.", "related", "object", "pt")
two("Plant positions must be shown to visitors on the public map.",
    "Plant positions of rare species must not be shown to visitors on the public map.", "conflict",
    "negation, scope")
two(LABEL, "As a shop manager, I want to restock postcards.", "unrelated", "botanical garden")

# ------------------------------------------------------------------- ski resort
PASS = "As a skier, I want to buy a lift pass online and load it onto my card."
REPORT = "As a skier, I want to see which slopes are open."
two(PASS, "Skiers can purchase a ski pass on the website and have it loaded on their key card.", "duplicate",
    "synonym")
two(REPORT, "Show the current open/closed status of every piste.", "duplicate", "terse")
two(PASS, "As a skier, I want to buy a lesson with a ski instructor online.", "related", "object")
two(REPORT, "As a skier, I want to see which lifts are open.", "related", "object")
two(REPORT, "As a skier, I want to see the snow depth on each slope.", "related", "attribute")
two("As a ski patroller, I want to close a slope.",
    "As a ski patroller, I want to report an accident on a slope.", "related", "action")
two("As a skier, I want a push message when a lift stops because of wind.",
    "As a skier, I want a push message when fresh snow has fallen overnight.", "related", "notification, event")
two("Feature: Lift pass refund\n  Scenario: Lifts closed for the whole day\n    Given I hold a day pass\n"
    "    And all lifts were closed that day\n    When I ask for a refund\n    Then the price of the day pass is "
    "refunded",
    "As a skier, I want my money back when the whole resort stays closed on a day I paid for.", "duplicate",
    "gherkin")
two("As a skier, I want to rent skis online.\n\nAcceptance criteria:\n"
    "- Skis must be returned by 17:00",
    "As a skier, I want to reserve rental skis before I arrive.\n\nAcceptance criteria:\n"
    "- Rental equipment is returned by 16:30 at the latest", "conflict", "criteria time")
two("Come sciatore, voglio acquistare lo skipass giornaliero online.",
    "Gli sciatori devono poter comprare il biglietto per gli impianti di un giorno via internet.", "duplicate",
    "synonym", "it")
two("Come maestro di sci, voglio vedere le mie lezioni di domani.",
    "Come maestro di sci, voglio vedere le mie ore lavorate del mese.", "related", "object", "it")
two("En tant que skieur, je veux consulter la météo de la station.",
    "Les skieurs veulent connaître les prévisions météo du domaine skiable.", "duplicate", "synonym", "fr")
two("Als Skifahrer möchte ich die Wartezeit an den Liften sehen.",
    "Als Skifahrer möchte ich die Öffnungszeiten der Lifte sehen.", "related", "attribute", "de")
two("As a resort manager, I want a dashboard of the resort: passes sold, lifts running, slopes open and "
    "staff on duty.", "As a resort manager, I want to see how many passes were sold today.", "overlap",
    "parent/part")
two(PASS, "As a maintenance worker, I want to log the grease service of a chairlift.", "unrelated", "ski resort")

# ------------------------------------------------------------------- removals company
QUOTE = "As a customer, I want to get a moving quote by listing the furniture I have."
SURVEY = "As an estimator, I want to schedule a home survey before a move."
two(QUOTE, "Customers can receive a price estimate for their removal by entering an inventory of their "
    "furniture.", "duplicate", "synonym")
two(SURVEY, "Estimators plan a visit to the customer's home ahead of the move.", "duplicate", "reworded")
two(QUOTE, "As a customer, I want to get a storage quote by listing the furniture I have.", "related",
    "service")
two(SURVEY, "As an estimator, I want to schedule a video survey before a move.", "related", "channel")
two("As a customer, I want to choose the moving date.",
    "As a customer, I want to change the moving date.", "related", "action")
two("As a dispatcher, I want to assign a truck to a move.",
    "As a dispatcher, I want to assign a crew to a move.", "related", "object")
two("As a customer, I want to be told when the crew is on the way.",
    "As a customer, I want to be told when the crew has finished unloading.", "related", "notification, event")
two("As a customer, I want to order packing boxes.",
    "Packing boxes can be ordered by the customer.", "duplicate", "passive")
two("The system shall include insurance for goods up to 5,000 euros in every quote.",
    "Every quote includes cover for belongings worth up to 10,000 euros.", "conflict", "amount")
two("Como cliente, quiero solicitar un presupuesto de mudanza por internet.",
    "Los clientes deben poder pedir una cotización para su traslado en la web.", "duplicate", "synonym", "es")
two("Como cliente, quiero contratar el servicio de embalaje.",
    "Como cliente, quiero contratar el servicio de montaje de muebles.", "related", "object", "es")
two("Jako klient chcę śledzić ciężarówkę z moimi meblami na mapie.",
    "Klienci powinni widzieć na mapie, gdzie jest samochód z ich rzeczami.", "duplicate", "reworded", "pl")
two("Jako dyspozytor chcę zaplanować przeprowadzkę.",
    "Jako dyspozytor chcę anulować przeprowadzkę.", "related", "action", "pl")
two("As a customer, I want to manage my move online: see the quote, pay the deposit and upload the "
    "inventory.", "As a customer, I want to pay the deposit for my move online.", "overlap", "parent/part")
two("Crews must be able to see the customer's phone number in the app.",
    "The customer's phone number must not be visible to the crew in the app.", "conflict", "negation")
two(QUOTE, "As a fleet manager, I want to book the annual truck inspection.", "unrelated", "removals")

# ------------------------------------------------------------------- food bank
PARCEL = "As a volunteer, I want to register a food parcel handed out to a household."
DONATE = "As a supermarket, I want to announce surplus food that can be collected."
two(PARCEL, "Each food parcel given to a family is recorded by the volunteer at the counter.", "duplicate",
    "passive")
two(DONATE, "Shops can offer their leftover products to the food bank for pickup.", "duplicate", "synonym")
two(PARCEL, "As a volunteer, I want to register a household that comes for the first time.", "related",
    "other object")
two(DONATE, "As a supermarket, I want to see when my surplus food was collected.", "related", "other action")
two("As a coordinator, I want to see the stock of canned food.",
    "As a coordinator, I want to see the stock of fresh vegetables.", "related", "object")
two("As a driver, I want to see my pickup route for today.",
    "As a coordinator, I want to see the pickup routes for today.", "related", "role, scope")
two("As a coordinator, I want an alert when products are near their expiry date.",
    "As a coordinator, I want an alert when a freezer breaks down.", "related", "notification, event")
two("As a household, I want to pick up a parcel every week.\n\nAcceptance criteria:\n"
    "- A household can receive one parcel per week",
    "As a household, I want to collect food regularly.\n\nAcceptance criteria:\n"
    "- A household can receive one parcel every two weeks", "conflict", "criteria frequency")
two("As a coordinator, I want to plan the volunteer shifts for the distribution day.",
    "Volunteer rota\nCoordinators schedule who works which shift on distribution days.", "duplicate",
    "title + description")
two("Enquanto voluntário, quero registar a entrega de um cabaz a uma família.",
    "Os voluntários devem poder anotar cada cabaz entregue a um agregado familiar.", "duplicate", "synonym", "pt")
two("Enquanto coordenador, quero ver o número de famílias atendidas este mês.",
    "Enquanto coordenador, quero ver o número de voluntários ativos este mês.", "related", "object", "pt")
two("Als vrijwilliger wil ik zien welke producten bijna over de datum zijn.",
    "Vrijwilligers willen een lijst van artikelen waarvan de houdbaarheid bijna verloopt.", "duplicate",
    "reworded", "nl")
two("Als coördinator wil ik een donateur bedanken.",
    "Als coördinator wil ik een donateur verwijderen.", "related", "action", "nl")
two("Households must be able to choose the products in their parcel.",
    "Households must not choose the products in their parcel; parcels are packed in advance.", "conflict",
    "negation")
two("As a coordinator, I want to run the distribution day: check in households, hand out parcels and "
    "count what is left.", "As a coordinator, I want to count the food left after the distribution.", "overlap",
    "parent/part")
two(DONATE, "As a board member, I want to publish the annual report.", "unrelated", "food bank")

# ------------------------------------------------------------------- dog daycare
DAYBOOK = "As a dog owner, I want to book a daycare day for my dog."
GROOM = "As a dog owner, I want to book a grooming appointment for my dog."
two(DAYBOOK, "Owners should be able to reserve a day at the daycare for their dog.", "duplicate", "synonym")
two(GROOM, "Grooming sessions can be booked by owners for their dogs.", "duplicate", "passive")
two(DAYBOOK, GROOM, "related", "object")
two(DAYBOOK, "As a dog owner, I want to book an overnight stay for my dog.", "related", "service, time")
two("As a dog owner, I want to upload my dog's vaccination record.",
    "As a dog owner, I want to upload my dog's insurance certificate.", "related", "document")
two("As a carer, I want to note what my dogs ate today.",
    "As a carer, I want to note which dogs were walked today.", "related", "attribute")
two("As a dog owner, I want a photo update of my dog during the day.",
    "Owners receive pictures of their pet while it is at daycare.", "duplicate", "reworded")
two("As a dog owner, I want to be notified when my dog is injured.",
    "As a dog owner, I want to be notified when my dog is ready to be picked up.", "related",
    "notification, event")
two("As a dog owner, I want to cancel a daycare day.\n\nAcceptance criteria:\n"
    "- Cancelling is free until 18:00 the day before",
    "As a dog owner, I want to call off a booked day.\n\nAcceptance criteria:\n"
    "- A booked day can be cancelled without cost until 12:00 the day before", "conflict", "criteria time")
two("Som hundägare vill jag se mitt saldo av förbetalda dagar.",
    "Hundägare vill veta hur många förbetalda dagar de har kvar.", "duplicate", "reworded", "sv")
two("Som hundägare vill jag köpa ett klippkort på tio dagar.",
    "Som hundägare vill jag köpa ett månadskort.", "related", "object", "sv")
two("Come proprietario, voglio indicare le allergie alimentari del mio cane.",
    "I proprietari devono poter segnalare a quali alimenti il loro cane è allergico.", "duplicate", "synonym",
    "it")
two("Como dueño, quiero ver la factura del mes.",
    "Como dueño, quiero ver el calendario del mes.", "related", "object", "es")
two("Dogs that are not neutered must not be admitted to the group play area.",
    "All dogs, neutered or not, must be admitted to the group play area.", "conflict", "negation")
two("As a dog owner, I want to manage my dog's profile: photo, breed, vaccinations and allergies.",
    "As a dog owner, I want to change my dog's photo.", "overlap", "parent/part")
two(GROOM, "As a manager, I want to order dog food from the wholesaler.", "unrelated", "dog daycare")

# ------------------------------------------------------------------- more languages and chains
# Chains: a duplicate pair and a third story that is a sibling of both; one merge group must not
# hold all three.
SEED_EN = "As a researcher, I want to request seeds of a species from the seed bank."
two(SEED_EN, "Scientists can order seed samples of a species from the garden's seed bank.", "duplicate", "synonym")
two(SEED_EN, "As a researcher, I want to request herbarium specimens of a species from the garden.", "related",
    "object, chain")
two("Scientists can order seed samples of a species from the garden's seed bank.",
    "As a researcher, I want to request herbarium specimens of a species from the garden.", "related",
    "object, chain")
TRUCK = "As a dispatcher, I want to see which trucks are free tomorrow."
two(TRUCK, "Dispatchers need an overview of the vehicles that are available tomorrow.", "duplicate", "synonym")
two(TRUCK, "As a dispatcher, I want to see which movers are free tomorrow.", "related", "object, chain")
two("Dispatchers need an overview of the vehicles that are available tomorrow.",
    "As a dispatcher, I want to see which movers are free tomorrow.", "related", "object, chain")
COLLAR = "Als Hundebesitzer möchte ich einen Tagesplatz für meinen Hund buchen."
two(COLLAR, "Hundehalter sollen einen Betreuungstag für ihren Hund reservieren können.", "duplicate",
    "synonym", "de")
two(COLLAR, "Als Hundebesitzer möchte ich einen Pflegetermin für meinen Hund buchen.", "related",
    "object, chain", "de")
two("Hundehalter sollen einen Betreuungstag für ihren Hund reservieren können.",
    "Als Hundebesitzer möchte ich einen Pflegetermin für meinen Hund buchen.", "related", "object, chain", "de")
two("En tant que brasseur, je veux enregistrer la densité d'un brassin en fermentation.",
    "Les brasseurs notent chaque jour la densité mesurée dans le fermenteur.", "duplicate", "reworded", "fr")
two("En tant que brasseur, je veux enregistrer la densité d'un brassin en fermentation.",
    "En tant que brasseur, je veux enregistrer le pH d'un brassin en fermentation.", "related", "attribute", "fr")
two("Como coordinador, quiero registrar una donación de un supermercado.",
    "Como coordinador, quiero registrar una donación de un particular.", "related", "donor type", "es")
two("Como esquiador, quiero alquilar un casco en la tienda de la estación.",
    "Los esquiadores pueden reservar un casco de alquiler en la tienda de la estación.", "duplicate", "synonym",
    "es")
two("Als koorlid wil ik mijn contactgegevens wijzigen.",
    "Koorleden moeten hun adres en telefoonnummer zelf kunnen aanpassen.", "duplicate", "reworded", "nl")
two("Als dirigent wil ik een repetitie verplaatsen.",
    "Als dirigent wil ik een repetitie afzeggen.", "related", "action", "nl")
two("Enquanto visitante, quero comprar um bilhete para a estufa tropical.",
    "Enquanto visitante, quero comprar um bilhete para o jardim japonês.", "related", "object", "pt")
two("Enquanto família, quero escolher as flores para o funeral.",
    "As famílias devem poder selecionar os arranjos florais da cerimónia fúnebre.", "duplicate", "synonym", "pt")
two("Jako pszczelarz chcę zapisać przegląd ula.",
    "Jako pszczelarz chcę zapisać miodobranie z ula.", "related", "object", "pl")
two("Jako pszczelarz chcę zapisać przegląd ula.",
    "Pszczelarze powinni móc notować każdą kontrolę swoich uli.", "duplicate", "reworded", "pl")
two("Som skidåkare vill jag se vilka backar som är öppna.",
    "Skidåkare vill veta vilka pister som är öppna just nu.", "duplicate", "synonym", "sv")
two("Som skidåkare vill jag se vilka liftar som är öppna.",
    "Som skidåkare vill jag se vilka backar som är öppna.", "related", "object", "sv")
two("Come volontario, voglio registrare un nuovo nucleo familiare.",
    "Come volontario, voglio registrare la consegna di un pacco alimentare.", "related", "object", "it")

two("Als Pfarrer möchte ich die Gottesdienstordnung für den Monat veröffentlichen.",
    "Die monatliche Gottesdienstordnung soll vom Pfarrer auf der Website bekanntgegeben werden können.",
    "duplicate", "passive", "de")
two("Als Pfarrer möchte ich die Gottesdienstordnung für den Monat veröffentlichen.",
    "Als Pfarrer möchte ich die Beichtzeiten für den Monat veröffentlichen.", "related", "object", "de")
two("En tant que famille, je veux choisir la musique de la cérémonie.",
    "En tant que famille, je veux choisir le faire-part de la cérémonie.", "related", "object", "fr")
two("En tant que déménageur, je veux voir l'adresse de départ et d'arrivée du déménagement.",
    "Les déménageurs doivent connaître l'adresse de chargement et l'adresse de livraison de chaque déménagement.",
    "duplicate", "synonym", "fr")
two("Como cervecero, quiero registrar la temperatura del fermentador.",
    "Como cervecero, quiero registrar la presión del fermentador.", "related", "attribute", "es")
two("Come apicoltore, voglio registrare il trattamento contro la varroa.",
    "Gli apicoltori devono poter annotare i trattamenti antivarroa fatti sugli alveari.", "duplicate", "synonym",
    "it")
two("Enquanto dono, quero reservar um dia de creche para o meu cão.",
    "Enquanto dono, quero reservar um banho e tosquia para o meu cão.", "related", "object", "pt")
two("Als hondeneigenaar wil ik een opvangdag annuleren.",
    "Hondenbezitters moeten een geboekte opvangdag kunnen afzeggen.", "duplicate", "synonym", "nl")
two("Jako wolontariusz chcę zobaczyć swój grafik dyżurów.",
    "Jako wolontariusz chcę zgłosić nieobecność na dyżurze.", "related", "action", "pl")
two("Som instruktör vill jag se mina lektioner i morgon.",
    "Skidlärare behöver en lista över morgondagens lektioner.", "duplicate", "reworded", "sv")
two("Som kassör vill jag se alla obetalda medlemsavgifter.",
    "Som kassör vill jag se alla betalda medlemsavgifter.", "related", "state", "sv")

if __name__ == "__main__":
    write("dev8")
