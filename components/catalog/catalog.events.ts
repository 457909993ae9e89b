// The catalog's only event comes from its cards: re-exported here for the catalog's users.
export { AtelierServiceSelectEvent } from '../catalog-card/catalog-card.events.js';
