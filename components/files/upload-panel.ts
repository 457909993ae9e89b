import { html, nothing } from 'lit';
import { formatPercent, type Messages } from '../internal/localize.js';
import type { UploadQueue } from './upload-queue.js';

/** The uploads of a files element: each with its status, progress, and what can be done with it. */
export function renderUploads(queue: UploadQueue | null, t: Messages, lang: string, rerender: () => void, describe: (error: unknown) => string) {
  if (!queue || queue.uploads.length === 0) return nothing;
  return html`<section class="uploads" part="uploads" aria-label=${t.filesUploads}>
    <ul>
      ${queue.uploads.map((upload) => {
        const percent = Math.floor((upload.loaded / (upload.file.size || 1)) * 100);
        const running = upload.status === 'uploading' || upload.status === 'queued';
        const action = (label: string, act: () => void, kind = '') =>
          html`<button type="button" class="button ${kind}" aria-label="${label}: ${upload.path}" @click=${act}>${label}</button>`;
        return html`<li>
          <span>${upload.status === 'conflict' ? t.filesConflict(upload.path) : `${upload.path} — ${t.filesUploadStatus[upload.status]}${running ? ` ${formatPercent(percent, lang)}` : ''}${upload.error ? `: ${describe(upload.error)}` : ''}`}</span>
          <span class="actions">
            ${running ? action(t.cancel, () => queue.cancel(upload.id)) : nothing}
            ${upload.status === 'failed' || upload.status === 'cancelled' ? action(t.retry, () => queue.retry(upload.id)) : nothing}
            ${upload.status === 'conflict'
              ? html`${action(t.filesReplace, () => queue.resolveConflict(upload.id, true), 'danger')}${action(t.filesSkip, () => queue.resolveConflict(upload.id, false))}`
              : nothing}
          </span>
          ${running ? html`<progress max=${upload.file.size || 1} .value=${upload.loaded} aria-label=${t.filesUploading(upload.path)}></progress>` : nothing}
        </li>`;
      })}
    </ul>
    ${queue.uploads.some((upload) => upload.status === 'done' || upload.status === 'cancelled')
      ? html`<button type="button" class="link" @click=${() => {
          queue.clearFinished();
          rerender();
        }}>${t.filesClearFinished}</button>`
      : nothing}
  </section>`;
}
