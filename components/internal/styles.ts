import { css } from 'lit';

/**
 * Styles every Atelier element shares. They read the theme tokens of `themes/*.css`
 * with fallbacks equal to the light theme, so an element looks right without a theme.
 */
export const baseStyles = css`
  :host {
    display: block;
    box-sizing: border-box;
    font-family: var(--atelier-font-sans, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    font-size: 1rem;
    line-height: 1.5;
    color: var(--atelier-color-text, #1f2937);
  }
  :host([hidden]),
  [hidden] {
    display: none !important;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  h2,
  h3,
  p {
    margin: 0;
  }
  .quiet {
    color: var(--atelier-color-text-quiet, #4b5563);
  }
  .button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: var(--atelier-space-xs, 0.25rem);
    min-height: 2.25rem;
    padding: var(--atelier-space-xs, 0.25rem) var(--atelier-space-m, 1rem);
    border: 1px solid var(--atelier-color-border, #6b7280);
    border-radius: var(--atelier-radius-s, 0.25rem);
    background: var(--atelier-color-surface, #ffffff);
    color: var(--atelier-color-text, #1f2937);
    font: inherit;
    font-weight: 600;
    text-decoration: none;
    cursor: pointer;
  }
  .button.primary {
    border-color: var(--atelier-color-brand-fill, #1d4ed8);
    background: var(--atelier-color-brand-fill, #1d4ed8);
    color: var(--atelier-color-brand-on, #ffffff);
  }
  .button.danger {
    border-color: var(--atelier-color-danger-fill, #b91c1c);
    background: var(--atelier-color-danger-fill, #b91c1c);
    color: var(--atelier-color-danger-on, #ffffff);
  }
  .button:disabled,
  .button[aria-disabled='true'] {
    border-style: dashed;
    border-color: var(--atelier-color-border, #6b7280);
    background: var(--atelier-color-surface, #ffffff);
    color: var(--atelier-color-text-quiet, #4b5563);
    cursor: not-allowed;
  }
  .button:focus-visible,
  a:focus-visible,
  input:focus-visible,
  select:focus-visible,
  textarea:focus-visible,
  [tabindex]:focus-visible {
    outline: var(--atelier-focus-ring, 2px solid #1d4ed8);
    outline-offset: 2px;
  }
  .message {
    padding: var(--atelier-space-m, 1rem);
    border: 1px dashed var(--atelier-color-border, #6b7280);
    border-radius: var(--atelier-radius-m, 0.5rem);
    color: var(--atelier-color-text-quiet, #4b5563);
  }
  .message .button {
    margin-top: var(--atelier-space-s, 0.5rem);
  }
  .alert {
    padding: var(--atelier-space-s, 0.5rem) var(--atelier-space-m, 1rem);
    border-left: 4px solid var(--atelier-color-danger-fill, #b91c1c);
    border-radius: var(--atelier-radius-s, 0.25rem);
    background: var(--atelier-color-surface, #ffffff);
    color: var(--atelier-color-text, #1f2937);
  }
  .alert:empty {
    display: none;
  }
  .notice {
    padding: var(--atelier-space-s, 0.5rem) var(--atelier-space-m, 1rem);
    border-left: 4px solid var(--atelier-color-warning-fill, #92400e);
    border-radius: var(--atelier-radius-s, 0.25rem);
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;

/** A status badge: a colored dot and the status in words (never color alone). */
export const statusStyles = css`
  .status {
    display: inline-flex;
    align-items: center;
    gap: var(--atelier-space-xs, 0.25rem);
    padding: 0 var(--atelier-space-s, 0.5rem);
    border-radius: var(--atelier-radius-s, 0.25rem);
    font-size: 0.875rem;
    font-weight: 600;
    background: var(--atelier-color-surface, #ffffff);
    border: 1px solid var(--atelier-color-border, #6b7280);
    color: var(--atelier-color-text, #1f2937);
  }
  .status::before {
    content: '';
    width: 0.6em;
    height: 0.6em;
    border-radius: 50%;
    background: var(--atelier-color-text-quiet, #4b5563);
  }
  .status.starting {
    background: var(--atelier-color-warning-fill, #92400e);
    border-color: var(--atelier-color-warning-fill, #92400e);
    color: var(--atelier-color-warning-on, #ffffff);
  }
  .status.running {
    background: var(--atelier-color-success-fill, #166534);
    border-color: var(--atelier-color-success-fill, #166534);
    color: var(--atelier-color-success-on, #ffffff);
  }
  .status.failed {
    background: var(--atelier-color-danger-fill, #b91c1c);
    border-color: var(--atelier-color-danger-fill, #b91c1c);
    color: var(--atelier-color-danger-on, #ffffff);
  }
  .status.starting::before,
  .status.running::before,
  .status.failed::before {
    background: currentColor;
  }
  .progress {
    height: 0.5rem;
    border-radius: var(--atelier-radius-s, 0.25rem);
    border: 1px solid var(--atelier-color-border, #6b7280);
    overflow: hidden;
  }
  .progress > div {
    height: 100%;
    background: var(--atelier-color-brand-fill, #1d4ed8);
    transition: width 0.3s ease;
  }
`;
