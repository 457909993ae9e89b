import { css } from 'lit';

export const quotaGaugesStyles = css`
  section {
    display: grid;
    gap: var(--atelier-space-xs, 0.25rem);
  }
  h3 {
    font-size: 1rem;
  }
  .gauges {
    display: flex;
    flex-wrap: wrap;
    gap: var(--atelier-space-s, 0.5rem) var(--atelier-space-l, 1.5rem);
  }
  .gauge {
    display: grid;
    grid-template-columns: auto auto;
    align-items: center;
    gap: 0 var(--atelier-space-s, 0.5rem);
    font-size: 0.875rem;
  }
  label {
    font-weight: 600;
  }
  meter {
    grid-column: 1 / -1;
    width: var(--atelier-gauge-width, 10rem);
  }
`;
