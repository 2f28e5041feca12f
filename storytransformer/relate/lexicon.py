"""The small word lists the slot reader needs: function words per language, generic roles,
negations and classes of action words that backlogs use interchangeably.

Lemmas come from simplemma (a maintained, dependency-free lemmatizer for 50+ languages);
these lists only say which lemmas carry no need ("the", "want", "able") and which actions
mean the same thing to a product owner ("delete"/"remove"). They are deliberately short: a
word missing here is treated as content, which makes the decision stricter (related rather
than duplicate), never looser.
"""

from __future__ import annotations

from storytransformer.negation_words import CONTRACTIONS, FRENCH_NE, NOBODY, NONE, NOT, UNABLE, WITHOUT, every

# Function words (lemmas and surface forms), including the narrative's own markers, per
# language the slot reader detects. Used to find a story's language and to drop words that
# carry no need.
FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset("""a an the and or but nor of to in on at by for with from into onto via
        over under up down out off as than then that this these those there here it its
        it's i me my mine we us our you your he she they them their be is are was were been
        being am do does did done have has had having can could would should will shall may
        might must so such very too also just only any all each every some no not own same
        other another more most much many few own if when while where which who whom whose
        what how why again once able want wants wanted like need needs i'd i'm i'll we'd
        we're let get got using use through about after before during within without per
        please easily quickly sure e.g i.e etc eg ie across among between""".split()),
    "de": frozenset("""der die das den dem des ein eine einen einem einer eines und oder aber
        zu zum zur in im an am auf aus bei mit nach von vom vor für über unter um durch als
        wie dass damit ich mich mir mein meine meinen meinem meiner wir uns unser unsere du
        dein sie er es ihr ihre ist sind war waren sein bin habe hat haben werden wird kann
        können möchte möchten will wollen muss müssen soll sollen so auch nur noch schon
        nicht kein keine alle jede jeder jedes diese dieser dieses gerne wenn falls ob weil
        nachdem bevor sobald sich es""".split()),
    "fr": frozenset("""le la les l un une des du de d au aux et ou mais à a en dans sur sous
        par pour avec sans que qu qui quoi dont où ce cet cette ces je j me m moi mon ma mes
        nous notre nos vous votre vos il elle ils elles leur leurs se s est sont être suis ai
        avoir a ont peux peut pouvoir veux veut vouloir voudrais souhaite dois doit afin tant
        ne pas plus tout tous toute toutes aussi très quand lorsque si parce puis""".split()),
    "es": frozenset("""el la los las lo un una unos unas y o pero de del a al en con sin por
        para que quien como cuando donde yo me mi mis nosotros nuestro nuestra tu su sus es
        son ser estar está están he ha han puedo puede poder quiero quiere querer necesito
        gustaría no más muy también todo todos toda todas este esta estos estas ese esa si
        porque mientras""".split()),
    "nl": frozenset("""de het een en of maar van te in op aan bij met naar voor over onder om
        door als dat die dit deze ik mij me mijn wij we ons onze jij je jouw u uw hij zij ze
        is zijn was waren ben heb heeft hebben kan kunnen wil willen moet moeten zal zodat
        niet geen ook nog alle elk elke graag""".split()),
    "it": frozenset("""il lo la i gli le un uno una e o ma di del della dei delle a al alla
        in nel nella con su per tra fra da dal come che chi quando dove io mi mio mia miei
        noi nostro nostra tu tuo suo sua è sono essere ho ha hanno posso può potere voglio
        vuole vorrei volere devo non più molto anche tutto tutti""".split()),
    "pt": frozenset("""o a os as um uma uns umas e ou mas de do da dos das em no na nos nas
        com sem por para que quem como quando onde eu me meu minha meus nós nosso nossa você
        seu sua é são ser estar está posso pode poder quero quer querer gostaria preciso
        não mais muito também todo todos toda todas este esta""".split()),
}

# Gherkin step keywords (the parser keeps them in the step text) in the same languages.
STEP_KEYWORDS = frozenset("""given when then and but * gegeben angenommen wenn dann und aber
    soit etant étant quand lorsque alors et mais dado dada cuando entonces y pero gegeven stel
    als dan en maar dato data quando allora ma quando então mas""".split())

# Negations of every language (negation_words.py), "ne" and the English contractions with them.
NEGATIONS = every(NOT, NONE, NOBODY, WITHOUT) | UNABLE | CONTRACTIONS | FRENCH_NE

# Roles that name "whoever uses the product": two stories differing only in these roles
# are not told apart by their role.
GENERIC_ROLES = frozenset("""user users customer customers client clients visitor visitors
    member members person people someone shopper buyer consumer end-user enduser end guest
    utilisateur utilisatrice client cliente benutzer benutzerin nutzer nutzerin kunde kundin
    anwender usuario usuaria gebruiker klant utente cliente usuário""".split())

# Roles of people who run the service rather than use it: the same need asked by one of
# them and by a generic "user" is two stories ("a guest" / "a hotel manager" sees a booking).
STAFF_ROLES = frozenset("""manager admin agent moderator supervisor lead landlord recruiter
    dispatcher teacher clinician nurse pharmacist operator reviewer editor approver hr
    accountant auditor receptionist officer librarian clerk coordinator planner technician
    maintainer principal headteacher headmaster headmistress secretary registrar dean bursar caretaker
    adjuster underwriter assessor inspector caseworker dispatcher""".split())

# Who a need's sentence may start with when it has no "As a ..." ("Reception staff need to
# move ...", "The system shall send ..."): then the verb after them is the need's action.
SUBJECTS = GENERIC_ROLES | STAFF_ROLES | frozenset("""employee user customer patient student teacher
    citizen traveller tenant driver system reception team staff admin doctor
    sistema système systeme systeem systemet""".split())  # "Il sistema deve *stampare* ...", "Le système doit ..."

# Actions a product owner treats as one action when the rest of the need is the same: the
# common verbs of backlog needs (CRUD, viewing, searching, sending, paying, booking, account
# access, approval, files) with their usual synonyms in English, German, French and Spanish
# (infinitives: simplemma's lemmas). A verb in no class stays itself, which is stricter.
# Ambiguous verbs are left out on purpose, above all those that are also common nouns
# ("open" an account / a report; "mark" as read / a test; "file" a claim / a file; "drop",
# "record", "clear").
_ACTION_CLASSES = [
    "view see display show browse check read consult access look watch einsehen anschauen ansehen sehen "
    "anzeigen voir consulter afficher visualiser ver consultar mirar mostrar vedere visualizzare consultare "
    "visualizar bekijken zien tonen inzien raadplegen weergeven",
    "delete remove erase discard löschen entfernen supprimer effacer eliminar borrar eliminare cancellare rimuovere "
    "excluir remover verwijderen",
    "create add make register enter insert capture enrol enroll signup erstellen anlegen "
    "hinzufügen erfassen créer ajouter inscrire crear añadir agregar registrar inscribir apuntar anotar creare aggiungere "
    "registrare inserire criar adicionar cadastrar aanmaken toevoegen registreren",
    "edit update change modify amend adjust correct alter rename set ändern bearbeiten aktualisieren "
    "modifier changer éditer modificar cambiar editar actualizar modificare cambiare aggiornare alterar atualizar "
    "mudar wijzigen aanpassen bewerken veranderen",
    "find search look filter locate query lookup suchen finden durchsuchen chercher rechercher trouver "
    "buscar encontrar cercare trovare filtrare procurar pesquisar zoeken vinden filteren opzoeken",
    "send notify alert inform benachrichtigen informieren senden schicken envoyer notifier avertir "
    "enviar notificar avisar mandar inviare notificare avvisare sturen versturen verzenden",
    "pay purchase buy checkout zahlen bezahlen kaufen payer acheter pagar comprar pagare acquistare comprare "
    "saldare betalen kopen afrekenen",
    # (not "save": as often keeping something, "save my cart", "save to a wish list"; "save as
    # PDF" is read as downloading by relate/backlog_synonyms.py)
    "download export herunterladen exportieren télécharger exporter "
    "descargar exportar guardar bajar scaricare esportare salvare baixar downloaden exporteren opslaan",
    "choose select pick wählen auswählen choisir sélectionner elegir seleccionar escoger scegliere selezionare "
    "escolher selecionar kiezen selecteren",
    "book reserve schedule buchen reservieren réserver reservar agendar prenotare boeken reserveren",
    "cancel abort revoke withdraw stornieren kündigen absagen annuler cancelar anular annullare disdire annuleren "
    "opzeggen",
    "login signin logon anmelden einloggen connecter",
    "logout signout abmelden ausloggen déconnecter",
    "track follow monitor verfolgen suivre rastrear seguir",
    "approve accept confirm validate genehmigen freigeben bestätigen approuver valider confirmer "
    "aprobar confirmar validar approvare confermare aprovar goedkeuren bevestigen",
    "reject decline refuse deny ablehnen refuser rejeter rechazar rifiutare respingere rejeitar recusar afwijzen "
    "weigeren",
    "print print-out drucken ausdrucken imprimer imprimir stampare afdrukken printen",
    "upload attach import submit hochladen einreichen abgeben anhängen importieren soumettre déposer "
    "téléverser joindre importer subir entregar adjuntar importar caricare importare allegare carregar anexar "
    "uploaden importeren bijvoegen indienen",
    "ship dispatch deliver versenden liefern expédier livrer",
    "reschedule move rebook postpone verschieben umbuchen reporter déplacer reprogramar aplazar spostare rinviare "
    "remarcar adiar verplaatsen verzetten",
    "lock block freeze suspend pause sperren blockieren bloquer geler bloquear congelar",
    "unlock unblock unfreeze reactivate entsperren débloquer desbloquear",
    "limit restrict cap begrenzen beschränken limiter restreindre limitar restringir",
    "request ask apply beantragen anfordern demander solliciter solicitar pedir richiedere aanvragen",
    "report flag log melden signaler déclarer reportar denunciar segnalare",
    "share forward invite teilen einladen weiterleiten partager inviter transférer compartir invitar condividere "
    "invitare compartilhar convidar delen uitnodigen",
    "compare rank sort vergleichen sortieren comparer trier comparar ordenar",
    "assign allocate delegate zuweisen zuordnen vergeben attribuer assigner affecter asignar assegnare atribuir "
    "toewijzen",
    "sync synchronise synchronize synchronisieren synchroniser sincronizar",
    "translate localise localize übersetzen traduire traducir",
    "archive archivieren archiver archivar",
    "renew extend verlängern erneuern renouveler prolonger renovar prolongar rinnovare prolungare verlengen "
    "vernieuwen",
    "reset zurücksetzen réinitialiser restablecer",
    "revert rollback zurückrollen rétablir revertir",
    "return zurückgeben zurücksenden retourner renvoyer devolver",
    "enable activate aktivieren einschalten activer activar",
    "disable deactivate deaktivieren ausschalten désactiver desactivar",
    # (not French "noter": as often "note down", a record, as "grade")
    "grade score assess evaluate benoten bewerten évaluer calificar evaluar",
    # an umbrella over the others ("manage my bookings": create, change, cancel them): scope.py
    "manage administer maintain verwalten gérer gestionar administrar gestire gerenciar beheren",
]
ACTION_CLASS: dict[str, str] = {}  # action lemma -> the first word of its class
for _words in _ACTION_CLASSES:
    for _w in _words.split():
        ACTION_CLASS.setdefault(_w, _words.split()[0])

# Multi-word verbs and terms rewritten to one word before a phrase is read (regular
# expressions, case-insensitive, from a word boundary): "sign in" and "log on" are "login",
# "call off" is "cancel", "mot de passe" is "password", "up to 10" and "maximal 10" give the
# same bound ("atmost"), so only their numbers differ.
PHRASES: list[tuple[str, str]] = [
    (r"(?:sign|log)(?:s|ged|ging|ed)?[ -]?(?:in|on)(?:to)?\b", "login"),
    (r"(?:sign|log)(?:s|ged|ging|ed)?[ -]?(?:out|off)\b", "logout"),
    (r"sign(?:s|ed|ing)?[ -]up\b", "signup"),
    (r"check(?:s|ed|ing)?[ -]in\b", "checkin"),
    # (hyphenated only: "check out a book" is borrowing it; "check-out" lost its "out" and
    # read as "check", the same as "check-in")
    (r"check(?:s|ed|ing)?-out\b", "checkout"),
    (r"call(?:s|ed|ing)? off\b", "cancel"),
    (r"(?:send|sent|give|gave|bring|take)(?:s|ing)? back\b|(?:enviar|mandar) de vuelta\b", "return"),
    (r"(?:hand|send|sent|turn)(?:s|ed|ing)? in\b", "submit"),
    (r"set(?:s|ting)? up\b", "create"),
    (r"look(?:s|ed|ing)? up\b", "lookup"),
    (r"roll(?:s|ed|ing)?[ -]?back\b", "rollback"),
    (r"(?:turn|switch)(?:s|ed|ing)? on\b", "enable"),
    (r"(?:turn|switch)(?:s|ed|ing)? off\b", "disable"),
    (r"opt(?:s|ed|ing)?[ -]out\b", "unsubscribe"),
    (r"time off\b", "leave"),
    (r"(?:pull|merge) requests?\b", "pullrequest"),
    (r"power cuts?\b|power outages?\b", "outage"),
    (r"floor ?plans?\b|site plans?\b", "map"),
    # a one-line title "Support Apple Pay at checkout" asks to add it ("support agent" is a role)
    (r"^\s*support(?= (?!agents?\b|teams?\b|tickets?\b|staff\b|desk\b|cases?\b))", "add"),
    (r"fil(?:e|es|ed|ing) (?=(?:a|an|the|my|our|your|their)\s)", "submit "),  # the verb, not the noun
    (r"pay ?slips?\b|salary statements?\b|salary slips?\b|fiches? de paie\b|bulletins? de salaire\b|"
     r"recibos? de sueldo\b|recibos? de nómina\b", "payslip"),
    (r"wish[ -]list", "wishlist"),
    # a consultation, appointment, visit or call held over video is one thing, whichever noun a
    # team picks ("a video call" / "a video consultation" / "Videosprechstunde"); a phone or an
    # in-person one is another
    (r"video[ -]?(?:calls?|consultations?|appointments?|visits?|meetings?|chats?|sprechstunden?|anrufe?|termine?)\b|"
     r"t[ée]l[ée]consultations?\b|consultations? (?:par|en) vid[ée]o\b|videoconsultas?\b|videollamadas?\b|"
     r"videochiamat[ae]\b|videoconsult(?:en)?\b|consultas? (?:por|en) v[íi]deo\b", "videocall"),
    # a bill of lading (or of materials) is a document of its own, not a bill (an invoice)
    (r"bills? of lading\b", "billoflading"), (r"bills? of materials?\b", "billofmaterials"),
    # a debit card is another product than a credit card ("freeze my debit card" / "freeze my
    # credit card": siblings, never one story)
    (r"debit ?cards?\b|debit ?karten?\b|girocards?\b|ec-karten?\b|tarjetas? de débito\b|"
     r"cartes? de débit\b|carta di debito\b|carte di debito\b|cart(?:ão|ões) de débito\b|pinpas\b", "debitcard"),
    (r"credit ?cards?\b|kredit ?karten?\b|cartes? (?:bancaires?|de crédit)\b|tarjetas? de crédito\b|"
     r"carta di credito\b|carte di credito\b|cart(?:ão|ões) de crédito\b|creditcards?\b", "creditcard"),
    (r"in cash\b|bargeld\b|en (?:espèces|efectivo)\b|in contanti\b|em dinheiro\b|contant\b", "cash"),
    (r"bank ?transfers?\b|überweisung\b|virement\b|transferencia bancaria\b|bonifico\b|overschrijving\b",
     "banktransfer"),
    (r"credit[ -]?notes?\b|creditnota'?s?\b|nota di credito\b|note di credito\b|notas? de crédito\b|"
     r"notes? de crédit\b", "creditnote"),
    (r"dar(?:me|te|se|nos)? de baja\b|darse de baja\b|se désinscrire\b|se désabonner\b|uitschrijven\b|"
     r"disiscriver(?:e|si|mi)\b|cancelar (?:a )?inscrição\b", "unsubscribe"),
    (r"mots? de passe\b", "password"),
    (r"se (?:connecter|connecte)\b", "login"),
    (r"mettre à jour\b|bijwerken\b", "update"),
    (r"se (?:déconnecter|déconnecte)\b", "logout"),
    (r"iniciar sesión\b", "login"),
    (r"cerrar sesión\b", "logout"),
    (r"en (?:ligne|línea)\b", "online"),
    (r"push[ -]?(?:benachrichtigung|notification|notificación|nachricht|message)(?:en|s|es)?\b", "push"),
    (r"text messages?\b|sms\b", "sms"),
    # "free of charge", "at no cost", "kostenlos", "sans frais": no fee, so that "a fee of 2 EUR
    # is charged" / "no fee is charged" and "free ... up to 24 hours" / "at no cost until 48
    # hours" compare as one thing, said or refused
    (r"free of charge\b|at no (?:extra |additional )?(?:cost|charge)\b|without (?:any |a )?(?:charge|fee)\b|"
     r"for free\b|free\b(?= (?:until|up to|within|before|for)\b)|kostenlos\b|kostenfrei\b|gebührenfrei\b|"
     r"gratuit(?:e|ement)?\b|sans frais\b|gratis\b|sin (?:coste|costo|cargo)\b|gratuit[oa]\b", "no fee"),
    (r"(?:until|till|bis|jusqu'à|jusqu’à)(?=\s*\d)", "atmost"),
    (r"(?:at most|up to|no more than|not more than|a maximum of|maximum of|maximum|max\.?|maximal|"
     r"höchstens|bis zu|bis maximal|jusqu'à|jusqu’à|au plus|au maximum|como máximo|hasta|a lo sumo)"
     r"(?=\s)", "atmost"),
    (r"(?:at least|no less than|not less than|a minimum of|minimum of|minimum|min\.|mindestens|"
     r"au moins|au minimum|al menos|como mínimo)(?=\s)", "atleast"),
    # The same bounds in Italian, Portuguese and Dutch, before a number ("almeno 18 anni", "pelo
    # menos 3 dias", "minimaal 250 stuks"; conflict24)
    (r"(?:al massimo|al più|non più di|fino a|no máximo|até|maximaal|hoogstens|ten hoogste|niet meer dan)"
     r"(?=\s*[£$€¥]?\s?\d)", "atmost"),
    (r"(?:almeno|non meno di|pelo menos|no mínimo|minimaal|minstens|ten minste|niet minder dan)"
     r"(?=\s*[£$€¥]?\s?\d)", "atleast"),
    # Comparisons before a number are bounds too ("a payment over 500 EUR", "a balance below
    # 100 EUR"): the bound is part of what a number qualifies (contradict.py), so "below 100"
    # and "above 10,000" are two thresholds, not two values of one.
    (r"(?:below|under|less than|fewer than|lower than|unter|weniger als|unterhalb von|moins de|"
     r"en dessous de|inférieure? à|menos de|por debajo de)(?=\s*[£$€¥]?\s?\d)", "atmost"),
    (r"(?:over|above|more than|greater than|higher than|exceeding|exceeds?|über|mehr als|oberhalb von|"
     r"plus de|au-dessus de|supérieure? à|más de|por encima de)(?=\s*[£$€¥]?\s?\d)", "atleast"),
    # Number words inside terms are no quantities: a "one-time code" is not "1 time", "two-factor
    # authentication" not "2 factors" (other hyphenated compounds: slots._word).
    (r"one[ -]time\b|single[ -]use\b|à usage unique\b|de un solo uso\b", "onetime"),
    (r"(?:two|2)[ -](?:factor|step)\b|zwei[ -]?faktor(?:en)?\b|(?:à )?(?:deux|double) facteurs?\b|"
     r"(?:de )?(?:dos|doble) factor(?:es)?\b", "twofactor"),
    # One display setting under several names
    (r"(?:dark|night)[ -]?(?:colou?r[ -]?)?(?:mode|theme|design|scheme)\b|dunkel[ -]?modus\b|nacht[ -]?modus\b|dunkles design\b|"
     r"dunkler modus\b|mode (?:sombre|nuit)\b|thème sombre\b|modo (?:oscuro|nocturno)\b|tema oscuro\b",
     "darkmode"),
]

# Channels a notification, document or message goes through: two needs that differ only in
# the channel ("reminder by SMS" / "by email") are siblings, never one need.
# A second factor (SMS code / authenticator app) is a channel of its own too.
# Means of payment are channels too: "pay by credit card" / "pay in cash" are two stories.
CHANNELS = frozenset("""email sms push whatsapp telegram slack letter fax voicemail authenticator totp
    creditcard cash paypal banktransfer""".split())

# Words that say where or how readily a need is met, not what it is ("online", "on the
# website", "via the portal", "receive"): dropped, so another team's "in the portal" is not
# read as another object.
FILLER = frozenset("""online website site web portal internet webpage webseite webportal
    plattform plateforme platform sitio página app allow receive get obtain erhalten bekommen recevoir
    obtenir recibir obtener possible ricevere ottenere receber obter ontvangen krijgen""".split())

# Words that name the same thing in backlogs (one spelling chosen per set): common objects
# and roles of product backlogs, with their German, French and Spanish lemmas.
_SAME_THING_CLASSES = [
    "email e-mail mail emails courriel correo",
    "login signin sign-in log-in logon",
    "password passcode pwd passphrase passwort kennwort contraseña wachtwoord senha",
    "application app",
    "previous past earlier prior",
    "quick fast rapid swift",
    "employee colleague staff worker mitarbeiter mitarbeiterin employé employée empleado empleada "
    "trabajador trabajadora dipendente funcionário funcionária medewerker werknemer",
    "customer shopper buyer client kunde kundin cliente clienta comprador compradora acheteur",
    "cart basket trolley warenkorb panier carrito carrello carrinho winkelwagen",
    "clinician doctor gp physician arzt ärztin médecin médico médica medico huisarts",
    "admin administrator sysadmin operator administrateur administrador",
    "engineer developer programmer entwickler entwicklerin développeur développeuse desarrollador "
    "desarrolladora ingeniero ingeniera",
    "product item article goods artikel produkt produit artículo producto prodotto articolo produto artigo",
    "account konto compte cuenta conta",
    "picture photo image avatar bild foto imagen immagine imagem afbeelding",
    "document file datei dokument fichier archivo documento",
    "invoice bill rechnung facture factura fattura fatura factuur",
    "order bestellung commande pedido ordine encomenda bestelling",
    "parcel package shipment paket sendung colis paquete envío pacco pacote pakket",
    "appointment consultation termin rendez cita turno appuntamento afspraak",
    "payment zahlung paiement pago pagamento betaling",
    "refund reimbursement erstattung rückerstattung remboursement reembolso rimborso terugbetaling",
    "notification benachrichtigung notificación notifica notificação melding",
    "leave holiday vacation urlaub urlauben urlaubstag congé vacaciones",
    "assignment homework coursework hausaufgabe hausarbeit devoir tarea",
    "grade mark nota",
    "course module kurs cours curso",
    "student learner pupil schüler schülerin élève étudiant étudiante estudiante alumno alumna studente "
    "allievo aluno leerling",
    "teacher instructor tutor lecturer professor lehrer lehrerin enseignant enseignante professeur "
    "profesor profesora docente",
    "citizen resident bürger bürgerin citoyen citoyenne usager ciudadano ciudadana cittadino cidadão "
    "morador residente burger bewoner inwoner",
    "patient patientin patiente paciente paziente patiënt",
    "traveller traveler passenger voyageur voyageuse passager passagère viajero viajera pasajero "
    "reisender",
    "tenant renter mieter mieterin locataire inquilino inquilina",
    "flat apartment wohnung appartement logement apartamento piso",
    "repair maintenance reparatur réparation reparación",
    "booking reservation buchung réservation reserva prenotazione reservering boeking",
    "subtitle caption untertitel sous-titre subtítulo",
    "video film movie clip",
    "job vacancy stelle emploi empleo",
    "user member benutzer benutzerin nutzer nutzerin utilisateur utilisatrice usuario usuaria utente usuário "
    "gebruiker",
    "sms text",
    "statement kontoauszug relevé extracto",
    "message nachricht mensaje messaggio mensagem bericht",
    "vehicle car auto automobile motor fahrzeug voiture véhicule coche vehículo veicolo veículo voertuig",
    "insurance policy versicherung assurance seguro póliza",
    "problem issue fault defect breakdown outage incident disruption ausfall störung defekt panne problème problema avería",
    "payslip lohnabrechnung gehaltsabrechnung nómina",
    # general product vocabulary
    "settings preferences preference options configuration config einstellungen paramètres réglages "
    "preferencias configuración ajustes impostazioni configurações instellingen",
    "dashboard overview übersicht aperçu panel panneau tablero overzicht panoramica",
    "discount voucher coupon promo rabatt gutschein réduction remise descuento cupón sconto desconto korting",
    "subscription membership abonnement abo suscripción abbonamento assinatura",
    "shipping delivery lieferung versand livraison envío entrega spedizione consegna levering verzending",
    "fee cost price gebühr kosten preis frais coût prix tarifa precio costo costo prezzo tariffa preço custo "
    "prijs tarief",
    "comment remark kommentar commentaire comentario commento comentário opmerking",
    "organisation organization company firm unternehmen firma entreprise société empresa azienda bedrijf",
    "receipt quittung beleg reçu recibo ricevuta kwitantie",
    "deadline due-date frist échéance plazo",
    "calendar kalender calendrier calendario",
    "park parking stationnement parcheggio estacionamiento aparcamiento estacionamento parkeren parkplatz",
    "tomorrow demain lendemain morgen mañana domani amanhã",
    "chat conversation unterhaltung conversación",
    "location ort standort lieu emplacement ubicación lugar posizione luogo localização locatie",
    "inventory stock lagerbestand bestand inventaire existencias magazzino estoque voorraad",
    "role permission berechtigung rolle droit permiso",
    # a medical or lab finding is its result ("Laborbefunde" / "Laborergebnisse": slots.py
    # reads the head of a German compound)
    "ergebnis befund résultat resultado risultato resultaat uitslag",
]
SAME_THING: dict[str, str] = {}
for _words in _SAME_THING_CLASSES:
    for _w in _words.split():
        SAME_THING.setdefault(_w, _words.split()[0])

# Numbers written as words: "five working days" and "5 working days" say the same.
NUMBER_WORDS = {w: str(n) for n, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())}
NUMBER_WORDS.update({"fifteen": "15", "twenty": "20", "thirty": "30", "forty": "40", "fifty": "50",
                     "sixty": "60", "hundred": "100", "half": "0.5",
                     "zwei": "2", "drei": "3", "fünf": "5", "zehn": "10", "deux": "2", "trois": "3",
                     "cinq": "5", "dix": "10", "dos": "2", "tres": "3", "cinco": "5", "diez": "10"})


def _add_backlog_synonyms() -> None:
    """The words of relate/backlog_synonyms.py added to the classes above (an entry here wins)."""
    from storytransformer.relate import backlog_synonyms as more

    for head, words in more.ACTION_WORDS.items():
        for w in words.split():
            ACTION_CLASS.setdefault(w, head)
    for words in more.ACTION_CLASSES:
        for w in words.split():
            ACTION_CLASS.setdefault(w, words.split()[0])
    for head, words in more.THING_WORDS.items():
        for w in words.split():
            SAME_THING.setdefault(w, head)
    for words in more.THING_CLASSES:
        for w in words.split():
            SAME_THING.setdefault(w, words.split()[0])
    PHRASES.extend(more.PHRASES)
    for lang, words in more.FUNCTION_WORDS.items():
        FUNCTION_WORDS[lang] = FUNCTION_WORDS[lang] | frozenset(words.split())


_add_backlog_synonyms()
