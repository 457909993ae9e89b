import { css } from 'lit';

export const catalogCardStyles = css`
  :host {
    height: 100%;
  }
  article {
    display: grid;
    grid-template-columns: auto 1fr;
    grid-template-rows: auto 1fr auto;
    gap: var(--atelier-space-s, 0.5rem) var(--atelier-space-m, 1rem);
    height: 100%;
    padding: var(--atelier-card-padding, var(--atelier-space-m, 1rem));
    border: 1px solid var(--atelier-color-border, #6b7280);
    border-radius: var(--atelier-card-radius, var(--atelier-radius-m, 0.5rem));
    background: var(--atelier-color-surface, #ffffff);
  }
  .icon {
    width: 3rem;
    height: 3rem;
    border-radius: var(--atelier-radius-s, 0.25rem);
    object-fit: contain;
  }
  .icon.placeholder {
    display: grid;
    place-items: center;
    background: var(--atelier-color-brand-fill, #1d4ed8);
    color: var(--atelier-color-brand-on, #ffffff);
    font-weight: 700;
    font-size: 1.25rem;
  }
  .heading {
    display: grid;
    gap: var(--atelier-space-xs, 0.25rem);
    align-content: start;
  }
  h3 {
    font-size: 1.125rem;
    line-height: 1.3;
  }
  .meta {
    display: flex;
    flex-wrap: wrap;
    gap: var(--atelier-space-xs, 0.25rem) var(--atelier-space-m, 1rem);
    font-size: 0.875rem;
  }
  .body {
    grid-column: 1 / -1;
    display: grid;
    gap: var(--atelier-space-s, 0.5rem);
    align-content: start;
  }
  .actions {
    grid-column: 1 / -1;
    display: flex;
    justify-content: flex-end;
    align-items: center;
    gap: var(--atelier-space-s, 0.5rem);
  }
  .featured {
    padding: 0 var(--atelier-space-xs, 0.25rem);
    border-radius: var(--atelier-radius-s, 0.25rem);
    background: var(--atelier-color-brand-fill, #1d4ed8);
    color: var(--atelier-color-brand-on, #ffffff);
    font-weight: 600;
  }
  mark {
    background: var(--atelier-color-warning-fill, #92400e);
    color: var(--atelier-color-warning-on, #ffffff);
    border-radius: 2px;
  }
  select {
    min-height: 2.25rem;
    border: 1px solid var(--atelier-color-border, #6b7280);
    border-radius: var(--atelier-radius-s, 0.25rem);
    background: var(--atelier-color-surface, #ffffff);
    color: var(--atelier-color-text, #1f2937);
    font: inherit;
  }
`;
