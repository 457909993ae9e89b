import { createContext } from '@lit/context';
import type { AtelierApi } from '../api/api.js';
import type { PublicConfig } from '../api/types.js';
import type { Identity } from './identity.js';

// Global symbols: two copies of the library on one page still understand each other.

/** The public configuration; undefined while it loads. */
export const configContext = createContext<PublicConfig | undefined>(Symbol.for('atelier.config'));
/** The user's identity: a new object on every change. */
export const identityContext = createContext<Identity>(Symbol.for('atelier.identity'));
/** The API client the elements use. */
export const apiContext = createContext<AtelierApi | undefined>(Symbol.for('atelier.api'));
