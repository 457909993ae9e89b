import { css } from 'lit';

export const catalogStyles = css`
  .catalogs {
    display: grid;
    gap: var(--atelier-space-l, 1.5rem);
  }
  .group {
    display: grid;
    gap: var(--atelier-space-s, 0.5rem);
  }
  h2 {
    font-size: 1.25rem;
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    gap: var(--atelier-space-m, 1rem);
    align-items: end;
  }
  .toolbar .field {
    display: grid;
    gap: var(--atelier-space-xs, 0.25rem);
  }
  .toolbar label {
    font-weight: 600;
  }
  .toolbar input,
  .toolbar select {
    min-height: 2.25rem;
    min-width: 14rem;
    padding: var(--atelier-space-xs, 0.25rem) var(--atelier-space-s, 0.5rem);
    border: 1px solid var(--atelier-color-border, #6b7280);
    border-radius: var(--atelier-radius-s, 0.25rem);
    background: var(--atelier-color-surface, #ffffff);
    color: var(--atelier-color-text, #1f2937);
    font: inherit;
  }
  #matches:empty {
    display: none;
  }
  ul {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(min(100%, var(--atelier-catalog-card-width, 18rem)), 1fr));
    gap: var(--atelier-space-m, 1rem);
    margin: 0;
    padding: 0;
    list-style: none;
  }
`;
