import { render, type TemplateResult } from 'lit';
import type { User } from '../components/api/types.js';
import type { Identity } from '../components/internal/identity.js';
import { provideAtelier } from '../components/internal/provide.js';
import { FakeAtelierApi, type Scenario } from './fake-api.js';
import { demoConfig, demoUser } from './sample-data.js';

/** What a story puts behind its element: the fake datalab's state, and whether the user is signed in. */
export interface StageParameters extends Scenario {
  /** Signed in as the demo user (default), or signed out: Sign in then signs in at once. */
  signedIn?: boolean;
}

/**
 * A wrapper providing the contexts (a `FakeAtelierApi` for the scenario, its config, a demo
 * identity) to the template rendered inside it, in the given language. The stories'
 * decorator and the accessibility tests both stage elements with it.
 */
export function stage(template: TemplateResult, parameters: StageParameters = {}, lang = 'en'): HTMLDivElement {
  const wrapper = document.createElement('div');
  wrapper.lang = lang;
  wrapper.className = 'atelier-stage';
  // What a page in the theme does: its surface and text colours behind the elements.
  Object.assign(wrapper.style, { background: 'var(--atelier-color-surface, #fff)', color: 'var(--atelier-color-text, #1f2937)', padding: '1rem' });
  const providers = provideAtelier(wrapper, { api: new FakeAtelierApi(parameters), config: parameters.config ?? demoConfig });
  const identify = (user: User | null): void => providers.set({ identity: demoIdentity(user, identify) });
  identify(parameters.signedIn === false ? null : demoUser);
  render(template, wrapper);
  return wrapper;
}

/** An identity whose sign-in succeeds at once (no popup); a new object on every change, as the real one. */
function demoIdentity(user: User | null, change: (user: User | null) => void): Identity {
  return {
    user,
    signingIn: false,
    signIn: async () => change(demoUser),
    signOut: () => change(null),
    getToken: async () => (user ? 'demo-token' : null),
  };
}
