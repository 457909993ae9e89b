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
  ul {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(min(100%, var(--atelier-catalog-card-width, 18rem)), 1fr));
    gap: var(--atelier-space-m, 1rem);
    margin: 0;
    padding: 0;
    list-style: none;
  }
`;
