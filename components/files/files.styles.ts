import { css } from 'lit';

export const filesStyles = css`
  .files {
    display: grid;
    gap: var(--atelier-space-s, 0.5rem);
    position: relative;
  }
  .dragging {
    outline: 2px dashed var(--atelier-color-brand-fill, #1d4ed8);
    outline-offset: 4px;
  }
  ol,
  ul {
    margin: 0;
    padding: 0;
    list-style: none;
  }
  nav ol {
    display: flex;
    flex-wrap: wrap;
    gap: var(--atelier-space-xs, 0.25rem);
  }
  nav li + li::before {
    content: '/';
    margin-right: var(--atelier-space-xs, 0.25rem);
  }
  .link {
    border: 0;
    background: none;
    padding: 0;
    font: inherit;
    color: var(--atelier-color-brand-fill, #1d4ed8);
    text-decoration: underline;
    cursor: pointer;
  }
  .link[aria-current] {
    color: inherit;
    text-decoration: none;
    font-weight: 600;
  }
  [role='toolbar'],
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--atelier-space-xs, 0.25rem);
  }
  .columns,
  [role='option'] {
    display: grid;
    grid-template-columns: minmax(0, 1fr) 7rem 11rem;
    gap: var(--atelier-space-s, 0.5rem);
    align-items: center;
    padding: 0 var(--atelier-space-s, 0.5rem);
  }
  .columns button {
    text-align: start;
    font-weight: 600;
  }
  .viewport {
    height: var(--atelier-files-height, 24rem);
    overflow: auto;
    border: 1px solid var(--atelier-color-border, #6b7280);
    border-radius: var(--atelier-radius-s, 0.25rem);
  }
  .rows {
    position: relative;
  }
  [role='option'] {
    position: absolute;
    left: 0;
    right: 0;
    height: 40px;
    cursor: default;
    user-select: none;
  }
  [role='option'] span {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  [role='option'][aria-selected='true'] {
    background: var(--atelier-color-brand-fill, #1d4ed8);
    color: var(--atelier-color-brand-on, #ffffff);
  }
  .viewport:focus-visible [role='option'].active {
    outline: var(--atelier-focus-ring, 2px solid #1d4ed8);
    outline-offset: -3px;
  }
  .folder .name::before {
    content: '▸ ';
  }
  .uploads li {
    display: grid;
    grid-template-columns: minmax(0, 1fr) auto;
    gap: var(--atelier-space-xs, 0.25rem) var(--atelier-space-s, 0.5rem);
    padding: var(--atelier-space-xs, 0.25rem) 0;
    align-items: center;
  }
  progress {
    grid-column: 1 / -1;
    width: 100%;
  }
  dialog {
    max-width: min(48rem, 95vw);
    border: 1px solid var(--atelier-color-border, #6b7280);
    border-radius: var(--atelier-radius-m, 0.5rem);
    color: inherit;
    background: var(--atelier-color-surface, #ffffff);
  }
  dialog form,
  dialog > div {
    display: grid;
    gap: var(--atelier-space-s, 0.5rem);
  }
  pre {
    max-height: 24rem;
    overflow: auto;
    margin: 0;
    padding: var(--atelier-space-s, 0.5rem);
    border: 1px solid var(--atelier-color-border, #6b7280);
    white-space: pre-wrap;
  }
  table {
    border-collapse: collapse;
  }
  th,
  td {
    border: 1px solid var(--atelier-color-border, #6b7280);
    padding: 0 var(--atelier-space-xs, 0.25rem);
    text-align: start;
  }
  .scroll {
    max-height: 24rem;
    overflow: auto;
  }
  img {
    max-width: 100%;
    max-height: 24rem;
  }
  input[type='text'],
  input[type='url'],
  select {
    font: inherit;
    padding: var(--atelier-space-xs, 0.25rem);
  }
`;
