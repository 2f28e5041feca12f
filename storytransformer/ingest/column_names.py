"""Column names of Jira and Azure DevOps CSV exports in the languages their UIs export in.

Jira and Azure DevOps write the CSV header in the exporting user's language ("Zusammenfassung",
"Résumé", "Resumen", "Titel"...). Without these, a German or Spanish export had no Summary or
Description column: every row was kept raw, unparsed. Names are matched after csv_export's
_norm (lower case, "_" as a space, whitespace collapsed), accents kept. They rank below the
English names of the same field, so an export that has both reads the English one.
"""

from __future__ import annotations

LOCALIZED: dict[str, list[str]] = {
    "key": ["vorgangsschlüssel", "schlüssel", "clé de ticket", "clé", "clave de incidencia",
            "clave", "chave do item", "chave da item", "chave", "sleutel", "chiave"],
    "title": ["zusammenfassung", "titel", "résumé", "titre", "resumen", "título", "resumo",
              "samenvatting", "riepilogo", "titolo", "sommario"],
    "description": ["beschreibung", "descripción", "descrição", "omschrijving", "beschrijving",
                    "descrizione", "user-story", "historia de usuario", "histoire utilisateur",
                    "história de usuário"],
    "criteria": ["akzeptanzkriterien", "critères d'acceptation", "criterios de aceptación",
                 "critérios de aceitação", "acceptatiecriteria", "criteri di accettazione"],
    "labels": ["stichwörter", "kennzeichnungen", "étiquettes", "balises", "etiquetas", "rótulos",
               "marcas", "etichette"],
    "epic": ["übergeordnet", "übergeordnetes element", "epic-link", "lien d'epic",
             "enlace a épica", "elemento principal", "link do épico", "bovenliggend"],
    "epic_name": ["epic-name", "nom de l'epic", "nombre de épica", "nome do épico"],
    "type": ["vorgangstyp", "arbeitsaufgabentyp", "type de ticket", "type d'élément de travail",
             "tipo de incidencia", "tipo de elemento de trabajo", "tipo de item",
             "tipo de item de trabalho", "issuetype", "tipo di ticket", "typ"],
}
# Columns that name a row (for Parent links), like the English "Issue key" / "ID".
LOCALIZED_IDS = {"vorgangsschlüssel", "schlüssel", "clé de ticket", "clé", "clave de incidencia",
                 "clave", "chave do item", "chave da item", "chave", "sleutel", "chiave"}


def with_localized(columns: dict[str, list[str]]) -> dict[str, list[str]]:
    """``columns`` (field -> English names, in preference order) with the localized names
    appended after the English ones; a name already present is not repeated."""
    out = {field: list(names) for field, names in columns.items()}
    for field, names in LOCALIZED.items():
        known = {n for ns in out.values() for n in ns}
        out.setdefault(field, []).extend(n for n in names if n not in known)
    return out


# Column names of other trackers' CSV exports, after the Jira/Azure names: Trello ("Card
# Name", "Card Description"), Asana ("Name", "Notes", "Parent task"), ClickUp ("Task Name",
# "Task Content"), Rally ("Formatted ID"), Linear ("Parent issue"), Aha! ("Feature name").
# Without them the title or description was not read (a "Task Name" column's text was not in
# the story at all).
OTHER_TOOLS: dict[str, list[str]] = {
    "key": ["formatted id", "card id", "task id", "item id", "ticket id",
            "#", "no.", "nr.", "ref", "ref."],  # a hand-made sheet's numbering column
    "title": ["card name", "task name", "feature name", "story name", "issue title",
              "item name"],
    "description": ["card description", "task content", "task description",
                    "feature description", "story description", "notes",
                    # a hand-made sheet: "User stories", "Stories", "Requirement"
                    "user stories", "stories", "story text", "requirement", "requirements"],
    "epic": ["parent issue", "parent task", "parent item"],
    "type": ["task type", "card type", "story type", "item type"],
}
OTHER_TOOL_IDS = {"formatted id", "card id", "task id", "item id", "ticket id"}


def with_other_tools(columns: dict[str, list[str]]) -> dict[str, list[str]]:
    """``columns`` with OTHER_TOOLS' names appended after the names already there."""
    out = {field: list(names) for field, names in columns.items()}
    for field, names in OTHER_TOOLS.items():
        known = {n for ns in out.values() for n in ns}
        out.setdefault(field, []).extend(n for n in names if n not in known)
    return out
