import { css } from 'lit';

export const launchButtonStyles = css`
  :host {
    display: inline-block;
  }
  .base {
    display: inline-flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--atelier-space-s, 0.5rem);
  }
  .progress {
    width: 8rem;
  }
  .alert {
    flex-basis: 100%;
  }
`;
