// The services' events come from their cards: re-exported here for the element's users.
export { AtelierServiceDeleteEvent, AtelierServiceOpenEvent } from '../service-card/service-card.events.js';
