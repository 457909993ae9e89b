import type { html as litHtml, nothing as litNothing, TemplateResult } from 'lit';
import type { FilePreview, FileSpace, ShareDuration, SignedLink } from '../api/file-types.js';
import type { Messages } from '../internal/localize.js';
import { parseCsv } from './csv.js';
import { codeSnippets } from './snippets.js';

/**
 * The dialogs load on demand, as a chunk of their own beside /atelier.js: they import
 * nothing the elements share, and get Lit's `html` and `nothing` from the element.
 */
export interface Lit {
  html: typeof litHtml;
  nothing: typeof litNothing;
}

/** What the files element's one modal dialog shows. */
export type Dialog =
  | { kind: 'delete'; paths: string[]; busy?: boolean; error?: string }
  | { kind: 'rename'; path: string; busy?: boolean; error?: string; conflict?: string }
  | { kind: 'folder'; busy?: boolean; error?: string }
  | { kind: 'share'; path: string; duration: ShareDuration; link?: SignedLink; busy?: boolean; error?: string }
  | { kind: 'preview'; path: string; preview?: FilePreview; error?: string }
  | { kind: 'code'; snippet: string };

/** What the dialogs need from the element: its strings, its state, and its actions. */
export interface DialogHost {
  t: Messages;
  /** A date and time in the element's language. */
  formatDate(date: string): string;
  space: FileSpace | null;
  folder: string;
  /** The file the code examples read: the selected one, if any. */
  selectedFile: string | null;
  close(): void;
  change(dialog: Dialog): void;
  deletePaths(paths: string[]): void;
  move(from: string, to: string, overwrite: boolean): void;
  createFolder(name: string): void;
  share(path: string, duration: ShareDuration): void;
  download(path: string): void;
  copy(text: string): void;
}

const DURATIONS: ShareDuration[] = [3600, 86400, 604800];

export function nameOf(path: string): string {
  const trimmed = path.endsWith('/') ? path.slice(0, -1) : path;
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/** A path a user typed: relative, no empty, `.` or `..` part. */
export function validPath(path: string): boolean {
  return path !== '' && !path.startsWith('/') && path.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

export function renderDialog(lit: Lit, dialog: Dialog, host: DialogHost): TemplateResult {
  const { html, nothing } = lit;
  const t = host.t;
  const close = html`<button type="button" class="button" @click=${host.close}>${dialog.kind === 'preview' || dialog.kind === 'code' ? t.close : t.cancel}</button>`;
  const error = 'error' in dialog && dialog.error ? html`<p class="alert" role="alert">${dialog.error}</p>` : nothing;
  const busy = 'busy' in dialog && dialog.busy === true;
  const submit = (action: (form: HTMLFormElement) => void) => (event: SubmitEvent) => {
    event.preventDefault();
    action(event.target as HTMLFormElement);
  };
  switch (dialog.kind) {
    case 'delete': {
      const title = t.filesConfirmDelete(dialog.paths.length, nameOf(dialog.paths[0] ?? ''));
      return html`<div>
        <h2 id="dialog-title">${title}</h2>
        <p>${t.filesConfirmDeleteDetail}</p>
        ${error}
        <div class="actions">
          <button type="button" class="button danger" ?disabled=${busy} @click=${() => host.deletePaths(dialog.paths)}>${t.filesDelete}</button>${close}
        </div>
      </div>`;
    }
    case 'rename': {
      const folder = dialog.path.endsWith('/');
      const move = (form: HTMLFormElement, overwrite: boolean) => {
        const to = (form.elements.namedItem('to') as HTMLInputElement).value.trim().replace(/\/+$/, '');
        if (!validPath(to)) host.change({ ...dialog, error: t.filesBadName });
        else host.move(dialog.path, folder ? `${to}/` : to, overwrite);
      };
      return html`<form @submit=${submit((form) => move(form, false))}>
        <h2 id="dialog-title">${t.filesRename}: ${nameOf(dialog.path)}</h2>
        <label for="rename-to">${t.filesNewName}</label>
        <input id="rename-to" name="to" type="text" required .value=${folder ? dialog.path.slice(0, -1) : dialog.path} aria-describedby="rename-hint" />
        <p id="rename-hint" class="quiet">${t.filesNewNameHint}</p>
        ${dialog.conflict
          ? html`<p class="alert" role="alert">${t.filesConflict(dialog.conflict)}</p>
              <div class="actions">
                <button type="button" class="button danger" @click=${(event: Event) => move((event.target as HTMLElement).closest('form')!, true)}>${t.filesReplace}</button>
              </div>`
          : error}
        <div class="actions"><button class="button primary" ?disabled=${busy}>${t.filesRename}</button>${close}</div>
      </form>`;
    }
    case 'folder':
      return html`<form @submit=${submit((form) => {
        const name = (form.elements.namedItem('name') as HTMLInputElement).value.trim().replace(/\/+$/, '');
        if (validPath(name)) host.createFolder(name);
        else host.change({ ...dialog, error: t.filesBadName });
      })}>
        <h2 id="dialog-title">${t.filesNewFolder}</h2>
        <label for="folder-name">${t.filesFolderName}</label>
        <input id="folder-name" name="name" type="text" required />
        ${error}
        <div class="actions"><button class="button primary" ?disabled=${busy}>${t.filesCreate}</button>${close}</div>
      </form>`;
    case 'share':
      return html`<form @submit=${submit(() => host.share(dialog.path, dialog.duration))}>
        <h2 id="dialog-title">${t.filesShareTitle(nameOf(dialog.path))}</h2>
        <fieldset>
          <legend>${t.filesShareValidity}</legend>
          ${DURATIONS.map(
            (duration) => html`<label><input type="radio" name="duration" .checked=${dialog.duration === duration}
                @change=${() => host.change({ ...dialog, duration, link: undefined })} /> ${t.filesShareDurations[duration]}</label> `,
          )}
        </fieldset>
        <div class="actions"><button class="button primary" ?disabled=${busy}>${t.filesShareCreate}</button></div>
        ${dialog.link
          ? html`<label for="share-link">${t.filesShareLink}</label>
              <input id="share-link" type="url" readonly .value=${dialog.link.url} @focus=${(event: Event) => (event.target as HTMLInputElement).select()} />
              <p>${t.filesShareExpires(host.formatDate(dialog.link.expiresAt))}</p>
              <div class="actions"><button type="button" class="button" @click=${() => host.copy(dialog.link!.url)}>${t.filesCopy}</button></div>`
          : nothing}
        ${error}
        <div class="actions">${close}</div>
      </form>`;
    case 'preview':
      return html`<div>
        <h2 id="dialog-title">${nameOf(dialog.path)}</h2>
        ${dialog.preview ? renderPreview(lit, dialog.preview, dialog.path, host) : dialog.error ? error : html`<p role="status">${t.loading}</p>`}
        <div class="actions"><button type="button" class="button" @click=${() => host.download(dialog.path)}>${t.filesDownload}</button>${close}</div>
      </div>`;
    case 'code': {
      const snippets = host.space ? codeSnippets(host.space, host.folder, host.selectedFile) : [];
      const shown = snippets.find((snippet) => snippet.id === dialog.snippet) ?? snippets[0];
      return html`<div>
        <h2 id="dialog-title">${t.filesCodeTitle}</h2>
        <label for="code-language">${t.filesCodeLanguage}</label>
        <select id="code-language" @change=${(event: Event) => host.change({ kind: 'code', snippet: (event.target as HTMLSelectElement).value })}>
          ${snippets.map((snippet) => html`<option value=${snippet.id} ?selected=${snippet === shown}>${snippet.label}</option>`)}
        </select>
        <pre tabindex="0" aria-label=${shown?.label ?? ''}><code>${shown?.code ?? ''}</code></pre>
        <p class="quiet">${t.filesCodeHint}</p>
        <div class="actions"><button type="button" class="button" @click=${() => host.copy(shown?.code ?? '')}>${t.filesCopy}</button>${close}</div>
      </div>`;
    }
  }
}

function renderPreview({ html, nothing }: Lit, preview: FilePreview, path: string, host: DialogHost): TemplateResult {
  const t = host.t;
  const truncated = 'truncated' in preview && preview.truncated ? html`<p class="quiet">${t.filesPreviewTruncated}</p>` : nothing;
  switch (preview.kind) {
    case 'image':
      return html`<img src=${preview.url} alt=${nameOf(path)} />`;
    case 'csv': {
      const [head = [], ...rows] = parseCsv(preview.text, { truncated: preview.truncated });
      return html`<div class="scroll" tabindex="0" role="group" aria-label=${nameOf(path)}>
          <table>
            <thead><tr>${head.map((cell) => html`<th scope="col">${cell}</th>`)}</tr></thead>
            <tbody>${rows.map((row) => html`<tr>${row.map((cell) => html`<td>${cell}</td>`)}</tr>`)}</tbody>
          </table>
        </div>
        ${truncated}`;
    }
    case 'text':
      return html`<pre tabindex="0" aria-label=${nameOf(path)}>${preview.text}</pre>${truncated}`;
    default:
      return html`<p>${t.filesNoPreview}</p>`;
  }
}
