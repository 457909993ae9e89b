import { css } from 'lit';

export const filesStyles = css`
  .files {
    display: grid;
    gap: var(--atelier-space-m, 1rem);
  }
`;
