import { css } from 'lit';

export const servicesStyles = css`
  .services {
    display: grid;
    gap: var(--atelier-space-m, 1rem);
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
