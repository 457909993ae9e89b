import { css } from 'lit';

/** Compact buttons, beside a name or a value. */
export const smallButtonStyles = css`
  .button.small {
    min-height: 1.75rem;
    padding: 0 var(--atelier-space-s, 0.5rem);
    font-size: 0.875rem;
  }
`;

/** What the service card's panels share. */
export const panelStyles = css`
  section {
    display: grid;
    gap: var(--atelier-space-s, 0.5rem);
    padding-block-start: var(--atelier-space-s, 0.5rem);
    border-block-start: 1px solid var(--atelier-color-border, #6b7280);
  }
  h4 {
    margin: 0;
    font-size: 1rem;
  }
  pre {
    margin: 0;
    max-height: var(--atelier-log-height, 16rem);
    overflow: auto;
    padding: var(--atelier-space-s, 0.5rem);
    border: 1px solid var(--atelier-color-border, #6b7280);
    border-radius: var(--atelier-radius-s, 0.25rem);
    font-size: 0.8125rem;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  pre:focus-visible {
    outline: var(--atelier-focus-ring, 2px solid #1d4ed8);
    outline-offset: 2px;
  }
  ul,
  ol,
  dl {
    display: grid;
    gap: var(--atelier-space-xs, 0.25rem);
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--atelier-space-s, 0.5rem);
    overflow-wrap: anywhere;
  }
  .warning {
    border-left: 4px solid var(--atelier-color-warning-fill, #92400e);
    padding-left: var(--atelier-space-s, 0.5rem);
  }
  .check {
    display: inline-flex;
    align-items: center;
    gap: var(--atelier-space-xs, 0.25rem);
  }
  [role='status']:empty {
    display: none;
  }
`;
