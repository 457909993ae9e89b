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
  .actions.start {
    justify-content: flex-start;
  }
  .with-button,
  .slider-row {
    display: flex;
    gap: var(--atelier-space-s, 0.5rem);
    align-items: center;
  }
  .with-button > input {
    flex: 1;
  }
  .slider-row > input[type='range'] {
    flex: 1;
    min-height: auto;
    padding: 0;
    border: 0;
    accent-color: var(--atelier-color-brand-fill, #1d4ed8);
  }
  output {
    min-width: 5rem;
    font-variant-numeric: tabular-nums;
    text-align: end;
  }
  .range-half {
    display: grid;
    gap: var(--atelier-space-xs, 0.25rem);
  }
  .code {
    font-family: var(--atelier-font-mono, ui-monospace, SFMono-Regular, Menlo, monospace);
    font-size: 0.875rem;
  }
  .items {
    display: grid;
    gap: var(--atelier-space-s, 0.5rem);
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .item {
    display: grid;
    grid-template-columns: 1fr auto;
    gap: var(--atelier-space-s, 0.5rem);
    align-items: end;
  }
  .field.inline {
    grid-template-columns: auto auto;
    justify-content: start;
    align-items: center;
    column-gap: var(--atelier-space-s, 0.5rem);
  }
  .share,
  .configurations {
    display: grid;
    gap: var(--atelier-space-s, 0.5rem);
    margin-top: var(--atelier-space-l, 1.5rem);
    padding-top: var(--atelier-space-m, 1rem);
    border-top: 1px solid var(--atelier-color-border, #6b7280);
  }
  h3 {
    margin: 0;
    font-size: 1rem;
  }
  .save-row {
    display: flex;
    flex-wrap: wrap;
    gap: var(--atelier-space-s, 0.5rem);
    align-items: center;
  }
  .save-row > input {
    flex: 1;
    min-width: 10rem;
  }
  .saved {
    display: grid;
    gap: var(--atelier-space-xs, 0.25rem);
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .saved-item {
    display: flex;
    flex-wrap: wrap;
    gap: var(--atelier-space-s, 0.5rem);
    align-items: center;
    justify-content: space-between;
  }
  .saved-name {
    font-weight: 600;
  }
  .saved-actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--atelier-space-xs, 0.25rem);
  }
  [role='status']:empty,
  [role='alert'].field-error:empty {
    display: none;
  }
`;
