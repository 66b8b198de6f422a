BUENOS AIRES, 30 de noviembre de 2018 — El presidente del Gobierno español llegó el jueves por la noche a Buenos Aires, procedente de Madrid, para participar en la cumbre del G20, que reúne este viernes y el sábado a los líderes de las principales economías del mundo por primera vez en Sudamérica.

España asiste como invitado permanente del grupo, del que no es miembro. El jefe del Ejecutivo mantuvo a su llegada un breve encuentro con el presidente argentino, anfitrión de la cita, y tiene previstas reuniones bilaterales con el primer ministro canadiense y con el presidente chileno, cuyo país acude también como invitado.

Las tensiones comerciales entre Estados Unidos y China, el cambio climático y la reforma de la Organización Mundial del Comercio dominan la agenda. Los negociadores trabajaban aún el viernes en un comunicado final que recoja el compromiso con el Acuerdo de París de todos los miembros salvo Washington.

Fuentes de la delegación española señalaron que el presidente abordará en sus contactos la situación en Venezuela, asunto en el que varios gobiernos latinoamericanos han coordinado posiciones a través del Grupo de Lima, del que España no forma parte.

Se trata de su segundo viaje a América Latina en apenas una semana: el pasado jueves visitó La Habana, en la primera visita oficial de un jefe del Gobierno español a Cuba desde 1986.

La próxima cumbre del G20 se celebrará en junio de 2019 en Osaka, en Japón, que asumirá la presidencia del grupo el 1 de diciembre.

El presidente tiene previsto regresar a Madrid el sábado por la noche, una vez concluida la sesión de clausura.
