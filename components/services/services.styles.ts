import { css } from 'lit';

export const servicesStyles = css`
  .services {
    display: grid;
    gap: var(--atelier-space-m, 1rem);
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    align-items: end;
    justify-content: space-between;
    gap: var(--atelier-space-m, 1rem);
  }
  .bulk {
    display: grid;
    justify-items: end;
    gap: var(--atelier-space-xs, 0.25rem);
    margin-inline-start: auto;
  }
  [role='status']:empty {
    display: none;
  }
  dialog {
    max-width: min(32rem, calc(100vw - 2rem));
    padding: var(--atelier-space-l, 1.5rem);
    border: 1px solid var(--atelier-color-border, #6b7280);
    border-radius: var(--atelier-radius-m, 0.5rem);
    background: var(--atelier-color-surface, #ffffff);
    color: var(--atelier-color-text, #1f2937);
  }
  dialog h3 {
    font-size: 1.125rem;
    margin-block-end: var(--atelier-space-s, 0.5rem);
  }
  .dialog-actions {
    display: flex;
    justify-content: flex-end;
    gap: var(--atelier-space-s, 0.5rem);
    margin-block-start: var(--atelier-space-m, 1rem);
  }
  ul {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(min(100%, var(--atelier-service-card-width, 20rem)), 1fr));
    gap: var(--atelier-space-m, 1rem);
    margin: 0;
    padding: 0;
    list-style: none;
  }
`;
