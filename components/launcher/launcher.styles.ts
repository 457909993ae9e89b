import { css } from 'lit';

export const launcherStyles = css`
  form {
    display: grid;
    gap: var(--atelier-space-m, 1rem);
  }
  .header {
    display: grid;
    gap: var(--atelier-space-xs, 0.25rem);
  }
  h2 {
    font-size: 1.25rem;
  }
  fieldset {
    display: grid;
    gap: var(--atelier-space-m, 1rem);
    margin: 0;
    padding: var(--atelier-space-m, 1rem);
    border: 1px solid var(--atelier-color-border, #6b7280);
    border-radius: var(--atelier-radius-m, 0.5rem);
  }
  legend {
    padding: 0 var(--atelier-space-xs, 0.25rem);
    font-weight: 600;
  }
  .field {
    display: grid;
    gap: var(--atelier-space-xs, 0.25rem);
  }
  .field.checkbox {
    grid-template-columns: auto 1fr;
    align-items: center;
    column-gap: var(--atelier-space-s, 0.5rem);
  }
  .field.checkbox > :not(input):not(label) {
    grid-column: 2;
  }
  label,
  .label {
    font-weight: 600;
  }
  input:not([type='checkbox']),
  select,
  textarea {
    width: 100%;
    min-height: 2.25rem;
    padding: var(--atelier-space-xs, 0.25rem) var(--atelier-space-s, 0.5rem);
    border: 1px solid var(--atelier-color-border, #6b7280);
    border-radius: var(--atelier-radius-s, 0.25rem);
    background: var(--atelier-color-surface, #ffffff);
    color: var(--atelier-color-text, #1f2937);
    font: inherit;
  }
  input[type='checkbox'] {
    width: 1.125rem;
    height: 1.125rem;
    accent-color: var(--atelier-color-brand-fill, #1d4ed8);
  }
  [aria-invalid='true'] {
    border-color: var(--atelier-color-danger-fill, #b91c1c);
    border-width: 2px;
  }
  .description {
    font-size: 0.875rem;
  }
  .field-error {
    color: var(--atelier-color-danger-fill, #b91c1c);
    font-size: 0.875rem;
    font-weight: 600;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    justify-content: flex-end;
    gap: var(--atelier-space-s, 0.5rem);
  }
  .launched:empty {
    display: none;
  }
`;
