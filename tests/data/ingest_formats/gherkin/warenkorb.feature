# language: de
@shop
Funktionalität: Warenkorb
  Als Kunde möchte ich Artikel im Warenkorb speichern, damit ich später bestellen kann.

  Grundlage:
    Angenommen ich bin angemeldet

  @WK-1
  Szenario: Artikel speichern
    Wenn ich "Tee" in den Warenkorb lege
    Dann enthält der Warenkorb:
      | Artikel | Menge |
      | Tee     | 1     |

  Szenariogrundriss: Mengen begrenzen
    Wenn ich <menge> Stück bestelle
    Dann sehe ich "<meldung>"

    @WK-2
    Beispiele: erlaubt
      | menge | meldung |
      | 5     | OK      |

    @grenzfall
    Beispiele: zu viel
      | menge | meldung      |
      | 99    | Höchstens 10 |

  @WK-3
  Szenario: Warenkorb als JSON exportieren
    Wenn ich den Warenkorb exportiere
    Dann erhalte ich
      """json
      {"artikel": "Tee", "menge": 1}
      """
