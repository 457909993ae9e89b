import { css } from 'lit';

export const appStyles = css`
  :host {
    min-height: 100%;
    background: var(--atelier-color-surface, #ffffff);
  }
  header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--atelier-space-m, 1rem);
    padding: var(--atelier-space-m, 1rem) var(--atelier-space-xl, 2rem);
    border-bottom: 1px solid var(--atelier-color-border, #6b7280);
  }
  .logo {
    height: 2.5rem;
    width: auto;
  }
  h1 {
    margin: 0;
    font-size: 1.5rem;
    flex: 1;
  }
  .links ul {
    display: flex;
    flex-wrap: wrap;
    gap: var(--atelier-space-m, 1rem);
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .links a {
    color: var(--atelier-color-text, #1f2937);
    font-weight: 600;
  }
  .language {
    display: flex;
    align-items: center;
    gap: var(--atelier-space-xs, 0.25rem);
  }
  .language select {
    min-height: 2.25rem;
    padding: 0 var(--atelier-space-s, 0.5rem);
    border: 1px solid var(--atelier-color-border, #6b7280);
    border-radius: var(--atelier-radius-s, 0.25rem);
    background: var(--atelier-color-surface, #ffffff);
    color: var(--atelier-color-text, #1f2937);
    font: inherit;
  }
  footer {
    padding: var(--atelier-space-m, 1rem) var(--atelier-space-xl, 2rem);
    border-top: 1px solid var(--atelier-color-border, #6b7280);
  }
  summary {
    cursor: pointer;
    font-weight: 600;
  }
  summary:focus-visible {
    outline: var(--atelier-focus-ring, 2px solid #1d4ed8);
    outline-offset: 2px;
  }
  .user {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--atelier-space-s, 0.5rem);
  }
  main {
    display: grid;
    gap: var(--atelier-space-xl, 2rem);
    padding: var(--atelier-space-l, 1.5rem) var(--atelier-space-xl, 2rem);
  }
  .section {
    display: grid;
    gap: var(--atelier-space-m, 1rem);
  }
  .section > h2 {
    font-size: 1.375rem;
  }
  dialog {
    width: min(40rem, calc(100vw - 2 * var(--atelier-space-m, 1rem)));
    max-height: calc(100vh - 2 * var(--atelier-space-l, 1.5rem));
    padding: var(--atelier-space-l, 1.5rem);
    border: 1px solid var(--atelier-color-border, #6b7280);
    border-radius: var(--atelier-radius-m, 0.5rem);
    background: var(--atelier-color-surface, #ffffff);
    color: var(--atelier-color-text, #1f2937);
  }
  dialog::backdrop {
    background: rgb(0 0 0 / 0.45);
  }
  .dialog-header {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: var(--atelier-space-m, 1rem);
    margin-bottom: var(--atelier-space-m, 1rem);
  }
  .dialog-header h2 {
    font-size: 1.25rem;
  }
  atelier-launcher::part(title) {
    display: none;
  }
`;
