import { css } from 'lit';

export const serviceCardStyles = css`
  article {
    display: grid;
    gap: var(--atelier-space-s, 0.5rem);
    padding: var(--atelier-card-padding, var(--atelier-space-m, 1rem));
    border: 1px solid var(--atelier-color-border, #6b7280);
    border-radius: var(--atelier-card-radius, var(--atelier-radius-m, 0.5rem));
    background: var(--atelier-color-surface, #ffffff);
  }
  header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: var(--atelier-space-s, 0.5rem);
  }
  h3 {
    font-size: 1.125rem;
    overflow-wrap: anywhere;
  }
  .meta {
    font-size: 0.875rem;
  }
  .progress-block {
    display: grid;
    gap: var(--atelier-space-xs, 0.25rem);
    font-size: 0.875rem;
  }
  .actions,
  .confirm-actions {
    display: flex;
    flex-wrap: wrap;
    justify-content: flex-end;
    gap: var(--atelier-space-s, 0.5rem);
  }
  .confirm {
    display: grid;
    gap: var(--atelier-space-s, 0.5rem);
    padding: var(--atelier-space-s, 0.5rem);
    border-left: 4px solid var(--atelier-color-danger-fill, #b91c1c);
  }
`;
