import { LitElement } from 'lit';
import type { Lang } from '../api/types.js';
import { langOf, messagesFor, onLocaleRegistered, type Messages } from './localize.js';
import { baseStyles } from './styles.js';

const connected = new Set<LocalizedElement>();
let observer: MutationObserver | undefined;

/** Re-renders every connected element when any `lang` attribute of the document changes, or a language is registered. */
function watchLang(): void {
  if (observer) return;
  const rerender = () => {
    for (const element of connected) element.requestUpdate();
  };
  onLocaleRegistered(rerender);
  observer = new MutationObserver(rerender);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'], subtree: true });
}

/**
 * The base of every Atelier element: shared styles, localized strings for the element's
 * language (its own `lang`, else the closest ancestor's, else `<html lang>`), and custom
 * states through ElementInternals (`:state(loading)`, `:state(error)`, …).
 */
export class LocalizedElement extends LitElement {
  static override styles = [baseStyles];

  static override get observedAttributes(): string[] {
    return [...super.observedAttributes, 'lang'];
  }

  protected readonly internals: ElementInternals = this.attachInternals();

  /**
   * The element's language, as resolved now. Typed as the built-in languages; a language a
   * page registered (`registerLocale`) is another tag at run time, which Intl and the
   * BFF's `?lang=` take as well (unknown to the BFF, it answers in English).
   */
  get locale(): Lang {
    return langOf(this) as Lang;
  }

  /** The element's strings. */
  protected get t(): Messages {
    return messagesFor(this.locale);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    connected.add(this);
    watchLang();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    connected.delete(this);
  }

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    super.attributeChangedCallback(name, old, value);
    if (name === 'lang' && old !== value) this.requestUpdate();
  }

  /** Turns custom states on and off: `this.setStates({ loading: true, error: false })`. */
  protected setStates(states: Record<string, boolean>): void {
    for (const [state, on] of Object.entries(states)) {
      if (on) this.internals.states.add(state);
      else this.internals.states.delete(state);
    }
  }

  /** Whether a custom state is on (for tests and hosts: `el.hasState('loading')`). */
  hasState(state: string): boolean {
    return this.internals.states.has(state);
  }
}
