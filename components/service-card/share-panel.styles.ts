import { css } from 'lit';

/** Beyond the panels' shared styles (panel.styles.ts). */
export const sharePanelStyles = css`
  li {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: var(--atelier-space-s, 0.5rem);
    overflow-wrap: anywhere;
  }
  form {
    display: grid;
    gap: var(--atelier-space-xs, 0.25rem);
  }
  input:not([type]) {
    min-height: 2.25rem;
    padding: var(--atelier-space-xs, 0.25rem) var(--atelier-space-s, 0.5rem);
    border: 1px solid var(--atelier-color-border, #6b7280);
    border-radius: var(--atelier-radius-s, 0.25rem);
    font: inherit;
  }
  input:focus-visible {
    outline: var(--atelier-focus-ring, 2px solid #2563eb);
    outline-offset: 2px;
  }
  fieldset {
    display: flex;
    flex-wrap: wrap;
    gap: var(--atelier-space-s, 0.5rem);
    margin: 0;
    padding: var(--atelier-space-xs, 0.25rem) var(--atelier-space-s, 0.5rem);
    border: 1px solid var(--atelier-color-border, #6b7280);
    border-radius: var(--atelier-radius-s, 0.25rem);
  }
  .hint {
    font-size: 0.875rem;
  }
  button[part='add'] {
    justify-self: end;
  }
`;
