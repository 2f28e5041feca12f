"""Common backlog nouns and adjectives of six languages read as their English word.

    english("heizung", "heizung", "de")       # "heating"
    english("richiedere", "richiesta", "it")  # "request" (the word as written)
    english("rechnung", "rechnung", "de")     # None: lexicon.SAME_THING has it (invoice)

Another team writes the same need in French, German or Italian ("signaler un chauffage en
panne" / "report a broken heater"), or in its own language with the English loanword ("la
mia squadra" / "il proprio team"). MiniLM is an English model, so only the slots can connect
them; these words give them one token. Per language, so a word that is another word elsewhere
stays itself (French "car" is "because", Dutch "weer" is "again"). Each word here has one
meaning in backlogs; words with two are left out on purpose ("Karte": a card, a map or a
ticket; "carta"; "pièce": a room or a part; "turno": a shift or an appointment; "ora": an
hour or "now"; "Laden": a shop or loading; "camera" stays out of Italian rooms: "fotocamera").
A word missing here stays itself, which is stricter, never looser. The English column holds
only spelling and regional variants of one thing ("elevator" / "lift").
"""

from __future__ import annotations

from functools import lru_cache

# english | de | fr | es | it | nl | pt  (lemmas, lower case; "-" none; a space separates
# words of one cell). The English head is the word the other stories' tokens use.
_TABLE = """
address | adresse anschrift | adresse | dirección | indirizzo | adres | endereço
phone | telefon handy smartphone mobiltelefon | téléphone smartphone | teléfono celular smartphone | telefono cellulare smartphone | telefoon gsm smartphone | telefone telemóvel celular smartphone
number | nummer | numéro | número | numero | nummer | número
name | name | nom | nombre | nome | naam | nome
list | liste | liste | lista | elenco lista | lijst | lista
history | verlauf historie | historique | historial | cronologia storico | geschiedenis historie | histórico
report | bericht | rapport | informe | rapporto | rapport verslag | relatório
request | antrag anfrage | demande | solicitud petición | richiesta | aanvraag verzoek | solicitação requerimento
complaint | beschwerde reklamation | plainte réclamation | queja reclamación | reclamo lamentela | klacht | reclamação queixa
contract | vertrag | contrat | contrato | contratto | contract | contrato
meeting | besprechung sitzung | réunion | reunión | riunione | vergadering | reunião
room | raum zimmer | salle chambre | sala habitación | stanza sala | kamer ruimte zaal | sala
ticket | fahrkarte eintrittskarte ticket | billet ticket | billete ticket | biglietto | kaartje ticket | bilhete ingresso
train | zug | train | tren | treno | trein | comboio trem
bus | bus | bus autobus | autobús | autobus | bus | autocarro ônibus
trip | reise fahrt | voyage | viaje | viaggio | reis | viagem
route | route strecke | itinéraire trajet parcours | ruta trayecto | percorso | route | rota
stay | aufenthalt | séjour | estancia estadía | soggiorno | verblijf | estadia
medication | medikament arzneimittel | médicament | medicamento | farmaco medicinale | medicijn geneesmiddel | medicamento
child | kind | enfant | niño | bambino | kind | criança
class | klasse | classe | clase | classe | klas | turma
lesson | lektion unterrichtsstunde | leçon | lección | lezione | les | aula lição
exam | prüfung klausur | examen | examen | esame | examen tentamen | exame
team | mannschaft | équipe | equipo | squadra | ploeg | equipa equipe
player | spieler | joueur | jugador | giocatore | speler | jogador
match | spiel | match | partido | partita | wedstrijd | jogo partida
score | punktzahl punktestand | score | puntuación | punteggio | score | pontuação
season | saison | saison | temporada | stagione | seizoen | temporada
tournament | turnier | tournoi | torneo | torneo | toernooi | torneio
summer | sommer | estival | verano estival | estate estivo | zomer | verão estival
winter | winter | hiver hivernal | invierno invernal | inverno invernale | winter | inverno
week | woche | semaine | semana | settimana | week | semana
weekly | wöchentlich | hebdomadaire | semanal | settimanale | wekelijks | semanal
month | monat | mois | mes | mese | maand | mês
monthly | monatlich | mensuel | mensual | mensile | maandelijks | mensal
year | jahr | année | año | anno | jaar | ano
yearly annual | jährlich | annuel | anual | annuale | jaarlijks | anual
day | tag | jour journée | día | giorno giornata | dag | dia
daily | täglich | quotidien journalier | diario | giornaliero quotidiano | dagelijks | diário
today | heute | aujourd'hui | hoy | oggi | vandaag | hoje
money | geld | argent | dinero | soldi denaro | geld | dinheiro
balance | kontostand saldo guthaben | solde | saldo | saldo | saldo | saldo
transfer | überweisung | virement | transferencia | bonifico | overschrijving | transferência
salary | gehalt lohn | salaire | salario sueldo | stipendio | salaris loon | salário
expense | ausgabe | dépense | gasto | spesa | uitgave | despesa
tax | steuer | impôt taxe | impuesto | tassa imposta | belasting | imposto
supplier vendor | lieferant | fournisseur | proveedor | fornitore | leverancier | fornecedor
schedule timetable rota | stundenplan fahrplan dienstplan zeitplan | horaire planning | horario | orario | rooster dienstrooster | horário
task | aufgabe | tâche | - | - | taak | tarefa
project | projekt | projet | proyecto | progetto | project | projeto
owner | besitzer eigentümer inhaber | propriétaire | propietario dueño | proprietario | eigenaar | proprietário dono
dog | hund | chien | perro | cane | hond | cão cachorro
bike bicycle | fahrrad | vélo | bicicleta bici | bicicletta bici | fiets | bicicleta
key | schlüssel | clé clef | llave | chiave | sleutel | chave
door | tür | porte | puerta | porta | deur | porta
heating heater | heizung | chauffage | calefacción | riscaldamento | verwarming | aquecimento
lift elevator | aufzug fahrstuhl | ascenseur | ascensor | ascensore | lift | elevador
leak | leck | fuite | fuga | - | lek | vazamento fuga
water | wasser | eau | agua | acqua | water | água
electricity | strom | électricité | electricidad | elettricità | stroom elektriciteit | eletricidade
meter | zähler | compteur | contador | contatore | meter | contador
waste trash garbage rubbish | müll abfall | déchet | basura residuo | rifiuto | afval | lixo resíduo
street | straße | rue | calle | strada | straat | rua
city | stadt | ville | ciudad | città | stad | cidade
map | - | - | mapa | mappa | - | mapa
weather | wetter | météo | - | meteo | - | -
forecast | vorhersage prognose | prévision | previsión pronóstico | previsione | voorspelling | previsão
temperature | temperatur | température | temperatura | temperatura | temperatuur | temperatura
error | fehler | erreur | error | errore | fout | erro
device | gerät | appareil | dispositivo | dispositivo | apparaat | dispositivo
printer | drucker | imprimante | impresora | stampante | printer | impressora
label | etikett | étiquette | etiqueta | etichetta | etiket | etiqueta
plant | pflanze | plante | planta | pianta | plant | planta
tree | baum | arbre | árbol | albero | boom | árvore
garden | garten | jardin | jardín | giardino | tuin | jardim
harvest | ernte | récolte | cosecha | raccolto | oogst | colheita
book | buch | livre | libro | libro | boek | livro
loan | ausleihe | prêt | préstamo | prestito | uitlening lening | empréstimo
library | bibliothek bücherei | bibliothèque | biblioteca | biblioteca | bibliotheek | biblioteca
shop | geschäft | magasin boutique | tienda | negozio | winkel | loja
menu | speisekarte menü | menu | menú | menu | menu | cardápio ementa
meal | mahlzeit | repas | - | pasto | maaltijd | refeição
allergy | allergie | allergie | alergia | allergia | allergie | alergia
newsletter | newsletter | - | boletín | newsletter | nieuwsbrief | boletim
event | veranstaltung ereignis | événement évènement | evento | evento | evenement | evento
concert | konzert | concert | concierto | concerto | concert | concerto
gallery | galerie | galerie | galería | galleria | galerij | galeria
favourite favorite | favorit | favori | favorito | preferito | favoriet | favorito
language | sprache | langue | idioma lengua | lingua | taal | idioma língua
country | land | pays | país | paese | land | país
currency | währung | devise monnaie | moneda | valuta | valuta | moeda
size | größe | taille | talla tamaño | taglia dimensione | maat grootte | tamanho
colour color | farbe | couleur | color | colore | kleur | cor
free | kostenlos gratis frei | gratuit libre | gratis gratuito libre | gratuito gratis libero | gratis vrij | grátis gratuito livre
available | verfügbar | disponible | disponible | disponibile | beschikbaar | disponível
absent | abwesend | absent | ausente | assente | afwezig | ausente
new | neu | nouveau | nuevo | nuovo | nieuw | novo
next | nächst | prochain | próximo | prossimo | volgend | próximo
open | geöffnet offen | ouvert | abierto | aperto | open | aberto
closed | geschlossen | fermé | cerrado | chiuso | gesloten | fechado
status | status zustand | statut état | estado | stato | status | estado
profile | profil | profil | perfil | profilo | profiel | perfil
attachment | anhang | - | adjunto | allegato | bijlage | anexo
link | link | lien | enlace | link collegamento | link koppeling | link
code | code | code | código | codice | code | código
group | gruppe | groupe | grupo | gruppo | groep | grupo
category | kategorie | catégorie | categoría | categoria | categorie | categoria
question | frage | question | pregunta | domanda | vraag | pergunta
answer | antwort | réponse | respuesta | risposta | antwoord | resposta
reminder | erinnerung | rappel | recordatorio | promemoria | herinnering | lembrete
delay | verspätung verzögerung | retard | retraso | ritardo | vertraging | atraso
visit | besuch | visite | visita | visita | bezoek | visita
vaccination | impfung | vaccination | vacunación | vaccinazione | vaccinatie | vacinação
hospital | krankenhaus klinik | hôpital clinique | hospital clínica | ospedale clinica | ziekenhuis | hospital
pharmacy | apotheke | pharmacie | farmacia | farmacia | apotheek | farmácia
claim | schadensmeldung | sinistre | siniestro | sinistro | schadeclaim | sinistro
truck | lkw lastwagen | camion | camión | camion | vrachtwagen | camião caminhão
driver | fahrer | chauffeur conducteur | conductor | autista conducente | chauffeur bestuurder | motorista condutor
donation | spende | don | donación donativo | donazione | donatie | doação
volunteer | freiwillige ehrenamtliche | bénévole | voluntario | volontario | vrijwilliger | voluntário
table | tisch | table | mesa | tavolo | tafel | mesa
access | zugang zugriff | accès | acceso | accesso | toegang | acesso
archive | archiv | archive | archivo | archivio | archief | arquivo
data | daten | données | datos | dati | gegevens | dados
raw | roh | brut | bruto | grezzo | ruw | bruto
activity | aktivität tätigkeit | activité | actividad | attività | activiteit | atividade
item | gegenstand | - | objeto | oggetto | voorwerp | objeto
sale | verkauf | vente | venta | vendita | verkoop | venda
defect | mangel | défaut | defecto | difetto | gebrek mankement | defeito
chimney | kamin schornstein | cheminée | chimenea | camino | schoorsteen | chaminé
photo | - | - | - | fotografia | - | fotografia
machine | maschine automat | machine | máquina | macchina | machine | máquina
battery | batterie akku | batterie | batería | batteria | batterij accu | bateria
sensor | sensor fühler | capteur | sensor | sensore | sensor | sensor
station | station messstation | station | estación | stazione | station | estação
charge | ladung ladezustand | charge | carga | carica | lading | carga
warning | warnung | avertissement | advertencia | avvertimento | waarschuwing | aviso
frost | frost | gel | helada | gelo | vorst | geada
field | feld acker | champ | campo | campo | veld akker | campo
image | - | - | - | - | beeld | -
camera | kamera | caméra | cámara | telecamera | camera | câmara
video | - | vidéo | vídeo | - | - | vídeo
live | live | direct | directo | diretta | live | direto
drone | drohne | drone | dron | drone | drone | drone
pilot | pilot | pilote télépilote | piloto | pilota | piloot | piloto
holiday | ferien | vacances | - | ferie | vakantie | férias
queue | warteschlange schlange | file queue | cola fila | coda fila | wachtrij rij | fila
wash | wäsche waschgang | lavage | lavado | lavaggio | wasbeurt | lavagem
pawn | pfand | gage | empeño | pegno | pand | penhor
shop | laden | - | - | - | - | -
loan | darlehen kredit | emprunt | - | finanziamento | - | -
debt | schuld schulden | dette | deuda | debito | schuld | dívida
tourist | tourist | touriste | turista | turista | toerist | turista
reception | rezeption empfang | réception | recepción | reception accoglienza | receptie | receção recepção
gate | tor schranke | portail barrière | barrera | cancello sbarra | poort slagboom | portão cancela
pitch | stellplatz | emplacement | - | piazzola | standplaats | -
caravan | wohnwagen | caravane | caravana | roulotte | caravan | caravana
permit | genehmigung erlaubnis | permis | permiso | permesso | vergunning | autorização
show | vorführung | spectacle | espectáculo | spettacolo | voorstelling | espetáculo
school | schule | école | escuela colegio | scuola | school | escola
material | material | matériel | material | materiale | materiaal | material
educational | pädagogisch | pédagogique éducatif | educativo pedagógico | educativo didattico | educatief | educativo pedagógico
vote | - | vote | voto | voto | - | voto
ballot | stimmzettel | - | papeleta | - | stembiljet | -
election | - | élection | elección | elezione | verkiezing | eleição
envelope | umschlag briefumschlag | enveloppe | - | busta | envelop | envelope
animal | tier | animal | animal | animale | dier | animal
weight | gewicht | poids | peso | peso | gewicht | peso
enclosure | gehege | enclos | recinto | recinto | - | recinto
gift | geschenk | cadeau | regalo | regalo | cadeau | presente
sponsorship | patenschaft | - | apadrinamiento | adozione | adoptie | apadrinhamento
treatment | behandlung | traitement | tratamiento | trattamento | behandeling | tratamento
care | pflege betreuung | soin | cuidado | - | zorg verzorging | cuidado
health | gesundheit | santé | salud | salute | gezondheid | saúde
insurance | - | - | - | assicurazione | verzekering | -
bank | bank | banque | banco | banca | bank | banco
transaction | transaktion | transaction | transacción | transazione | transactie | transação
security | sicherheit | sécurité | seguridad | sicurezza | beveiliging veiligheid | segurança
backup | sicherung backup | sauvegarde | - | backup | back-up | -
server | server | serveur | servidor | server | server | servidor
log | protokoll | - | - | log | logboek | -
version | version | version | versión | versione | versie | versão
update | aktualisierung | - | actualización | aggiornamento | update | atualização
release | - | - | lanzamiento | rilascio | release | lançamento
feedback | rückmeldung feedback | - | opinión | feedback | feedback terugkoppeling | feedback
survey | umfrage | sondage enquête | encuesta | sondaggio | enquête | inquérito pesquisa
rating | bewertung | - | valoración | valutazione | beoordeling | avaliação
warehouse | lager | entrepôt | almacén | magazzino | magazijn | armazém
unpaid | unbezahlt | impayé | impagado | - | onbetaald | -
paid | bezahlt | payé | pagado | pagato | betaald | pago
late | verspätet | - | - | - | - | -
morning | - | matin | - | mattina mattino | ochtend | manhã
evening | abend | soir soirée | - | sera | avond | -
night | nacht | nuit | noche | notte | nacht | noite
weekend | wochenende | week-end weekend | - | - | weekend | -
repair | - | - | - | riparazione | reparatie | reparação conserto
applicant | antragsteller antragstellerin bewerber bewerberin | candidat candidate demandeur demandeuse | solicitante | richiedente | aanvrager | requerente
subscriber | abonnent abonnentin | abonné abonnée | abonado abonada suscriptor suscriptora | abbonato abbonata | abonnee | assinante
reader | leser leserin | lecteur lectrice | lector lectora | lettore lettrice | lezer | leitor leitora
voter | wähler wählerin | électeur électrice | elector electora votante | elettore elettrice | kiezer | eleitor eleitora
spectator | zuschauer zuschauerin | spectateur spectatrice | espectador espectadora | spettatore spettatrice | toeschouwer | espectador espectadora
cyclist | radfahrer radfahrerin | cycliste | ciclista | ciclista | fietser | ciclista
neighbour neighbor | nachbar nachbarin | voisin voisine | vecino vecina | vicino vicina | buur | vizinho vizinha
seller | verkäufer verkäuferin | vendeur vendeuse | vendedor vendedora | venditore venditrice | verkoper | vendedor vendedora
player | spielerin | joueuse | jugadora | giocatrice | - | jogadora
owner | besitzerin eigentümerin | - | propietaria | proprietaria | - | proprietária dona
volunteer | freiwilliger ehrenamtlicher | - | voluntaria | volontaria | - | voluntária
rent | miete | loyer | alquiler renta | affitto canone | huur | renda aluguel
fine penalty | bußgeld strafe | amende | multa | multa sanzione | boete | multa coima
nearby | nähe | proximité | cerca | vicino | dichtbij | perto
last | letzt | dernier | último | ultimo | laatst | último
member | mitglied | membre | miembro socio | membro socio | lid | membro sócio
"""
_LANGS = ("de", "fr", "es", "it", "nl", "pt")


@lru_cache(maxsize=1)
def _tables() -> dict[str, dict[str, str]]:
    """{language: {word: English head}}; English variants under "en". Words the lexicon already
    classes (lexicon.SAME_THING) are left to it. Only the words as written (lemmas) and, for
    German, the lemma of the capitalised noun: lower-cased, simplemma reads many of these words
    as verbs ("richiesta" -> "richiedere", "verão" -> "ver"), and a verb must not become a noun."""
    import simplemma

    from storytransformer.relate.lexicon import ACTION_CLASS, SAME_THING

    out: dict[str, dict[str, str]] = {lang: {} for lang in ("en", *_LANGS)}
    for line in _TABLE.strip().splitlines():
        cells = [c.split() for c in line.split("|")]
        head, *variants = cells[0]
        out["en"].update({v: head for v in variants})
        for lang, words in zip(_LANGS, cells[1:], strict=True):
            for w in words:
                if w == "-" or w in SAME_THING:
                    continue
                out[lang].setdefault(w, head)
                if lang == "de":  # a story's German noun is lemmatised capitalised (slots._word)
                    lemma = simplemma.lemmatize(w.capitalize(), lang="de").casefold()
                    if lemma not in SAME_THING and lemma not in ACTION_CLASS:
                        out[lang].setdefault(lemma, head)
    return out


def english(lemma: str, low: str, lang: str) -> str | None:
    """The English head of a word of ``lang`` (its ``lemma``, else its lower-cased form ``low``:
    "richiesta" lemmatises to the verb "richiedere"), or None. A story read in another language
    than English may be read in the wrong one (short Spanish needs read as French, "alquilar un
    casco en la tienda"): a word no table of ``lang`` has is looked up in the other languages'
    tables, and taken when they agree. Never for a story read as English ("kind of" is no
    child)."""
    tables = _tables()
    table = tables.get(lang)
    if not table:
        return None
    found = table.get(lemma) or table.get(low)
    if found or lang == "en":
        return found
    heads = {t.get(lemma) or t.get(low) for other, t in tables.items() if other not in ("en", lang)} - {None}
    return heads.pop() if len(heads) == 1 else None


@lru_cache(maxsize=1)
def _heads() -> frozenset[str]:
    """Every English head a word of another language is read as (here and lexicon.SAME_THING)."""
    from storytransformer.relate.lexicon import SAME_THING

    return frozenset(h for t in _tables().values() for h in t.values()) | frozenset(SAME_THING.values())


def known_swap(a, b) -> str | None:
    """Between two stories read in two languages (``Slots``), the object words each need has and
    the other lacks, when a story not read as English names one that was read as a known thing
    ("archivio dei dati meteo" = "weather data archive" against "traffic data archive"): another
    object, as a one-word swap is in one language; a word left in its language ("recinto") says
    nothing. "'weather' vs 'traffic'", or None."""
    from storytransformer.relate.reworded import objects

    if a.lang == b.lang:
        return None
    oa, ob = objects(a, b), objects(b, a)
    only_a, only_b = sorted(oa - ob), sorted(ob - oa)
    if not only_a or not only_b:
        return None
    heads = _heads()
    known = [w for w, s in ((w, a) for w in only_a) if s.lang != "en" and w in heads] + \
        [w for w, s in ((w, b) for w in only_b) if s.lang != "en" and w in heads]
    if not known:
        return None
    return f"'{' '.join(only_a)}' vs '{' '.join(only_b)}'"


COGNATE = 5  # letters two words of two languages share at their start to be one word ("invit-ation" / "invit-o")


def _plain(word: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def cognates(a, b):
    """``a``, ``b`` (``Slots`` of two stories read in two languages) with each need word of one
    that starts like a need word of the other (COGNATE letters, accents aside, both words
    longer: "invito" / "invitation", "vaccinazione" / "vaccination") written as the other's:
    a word no table translates is still the same word, as the sameness gate already reads it
    (sameness.STEM). One language: unchanged ("production" / "product" stay two)."""
    from dataclasses import replace

    if a.lang == b.lang:
        return a, b
    start = {}
    for t in b.need.tokens:
        if t[0] not in "!#@" and len(t) > COGNATE:
            start.setdefault(_plain(t)[:COGNATE], t)
    if not start:
        return a, b
    mine = set(a.need.tokens)
    tokens = tuple(t if t[0] in "!#@" or len(t) <= COGNATE or t in b.need.tokens
                   else start.get(_plain(t)[:COGNATE], t) if start.get(_plain(t)[:COGNATE]) not in mine else t
                   for t in a.need.tokens)
    if tokens == a.need.tokens:
        return a, b
    return replace(a, need=replace(a.need, tokens=tokens)), b
