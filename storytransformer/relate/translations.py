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
    "richiesta" lemmatises to the verb "richiedere"), or None."""
    table = _tables().get(lang)
    if not table:
        return None
    return table.get(lemma) or table.get(low)
