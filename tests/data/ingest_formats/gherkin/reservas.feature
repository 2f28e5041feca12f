# language: es
Característica: Reservas de mesa
  Como cliente del restaurante
  Quiero reservar una mesa en línea
  Para no tener que llamar por teléfono

  @mesas @RES-10
  Regla: Solo se reservan mesas libres

    Antecedentes:
      Dado que el restaurante tiene 3 mesas libres

    Ejemplo: Reserva aceptada
      Cuando reservo una mesa para 2 personas
      Entonces la reserva queda confirmada

    Ejemplo: Sin mesas libres
      Dado que todas las mesas están ocupadas
      Cuando reservo una mesa
      Entonces veo "No hay mesas libres"

  Regla: Las reservas se pueden cancelar
    Escenario: Cancelar
      Cuando cancelo mi reserva
      Entonces la mesa queda libre
