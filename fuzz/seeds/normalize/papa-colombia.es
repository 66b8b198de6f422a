BOGOTÁ, 7 de septiembre de 2017 — El papa llegó el miércoles por la tarde a Bogotá, procedente de Roma, para iniciar una visita de cinco días a Colombia centrada en la reconciliación tras el acuerdo de paz firmado el año pasado entre el Gobierno y la antigua guerrilla de las FARC.

Este jueves fue recibido por el presidente en la Casa de Nariño, donde se reunió también con representantes de la sociedad civil, y por la tarde celebró una misa multitudinaria en el parque Simón Bolívar, en el centro de la capital.

El viernes viajará a Villavicencio, en los llanos orientales, una de las regiones más golpeadas por el conflicto armado, donde presidirá un encuentro de oración con víctimas y antiguos combatientes. El sábado se trasladará a Medellín, en Antioquia, para oficiar una misa y visitar un hogar de acogida para niños.

La gira terminará el domingo en Cartagena, la ciudad amurallada de la costa caribe, donde el pontífice rendirá homenaje a san Pedro Claver, el jesuita que atendió a los esclavos africanos en el siglo XVII. Desde allí emprenderá el vuelo de regreso a Roma, adonde llegará el lunes.

Fuentes de la Santa Sede indicaron que durante la visita el papa podría referirse a la situación en Venezuela, cuyos obispos han pedido reunirse con él en Bogotá, aunque el país vecino no figura en el programa.

Se trata del primer viaje del papa a Sudamérica desde julio de 2015, cuando recorrió Ecuador, Bolivia y Paraguay. Más de un millón de personas asistieron a su llegada a lo largo del trayecto entre el aeropuerto y la nunciatura, según cálculos de la alcaldía.
