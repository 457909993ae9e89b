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
    gap: var(--atelier-space-s, 0.5rem);
  }
  h3 {
    flex: 1 1 8rem;
    font-size: 1.125rem;
    overflow-wrap: anywhere;
  }
  .icon {
    width: 2rem;
    height: 2rem;
    object-fit: contain;
  }
  .meta {
    font-size: 0.875rem;
  }
  .progress-block {
    display: grid;
    gap: var(--atelier-space-xs, 0.25rem);
    font-size: 0.875rem;
  }
  .steps {
    display: flex;
    flex-wrap: wrap;
    gap: var(--atelier-space-xs, 0.25rem) var(--atelier-space-s, 0.5rem);
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .steps li::before {
    content: '○ ';
  }
  .steps .done::before {
    content: '✓ ';
  }
  .steps .current {
    font-weight: 600;
  }
  .steps .current::before {
    content: '● ';
  }
  .steps .todo {
    color: var(--atelier-color-text-quiet, #4b5563);
  }
  .rename {
    display: grid;
    gap: var(--atelier-space-xs, 0.25rem);
  }
  .rename input {
    min-height: 2.25rem;
    padding: var(--atelier-space-xs, 0.25rem) var(--atelier-space-s, 0.5rem);
    border: 1px solid var(--atelier-color-border, #6b7280);
    border-radius: var(--atelier-radius-s, 0.25rem);
    font: inherit;
  }
  .hint {
    font-size: 0.875rem;
  }
  .actions,
  .confirm-actions,
  .rename-actions {
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
