import { html, nothing, type PropertyValues } from 'lit';
import type { FilesApi } from '../api/files-api.js';
import type { FileSpace, ShareDuration } from '../api/file-types.js';
import { AtelierElement } from '../internal/atelier-element.js';
import { formatDateTime, formatNumber, formatSize } from '../internal/localize.js';
import { baseStyles } from '../internal/styles.js';
import { entriesOf, inputFiles, pickedFiles, type Picked } from './dropped-files.js';
import type { Dialog, DialogHost } from './file-dialogs.js';
import { AtelierFileDownloadEvent, AtelierFileShareEvent, AtelierFileUploadEvent } from './files.events.js';
import { filesStyles } from './files.styles.js';
import { FolderListing, sortRows, type Row, type SortKey } from './folder-listing.js';
import type { Upload, UploadQueue } from './upload-queue.js';
import { renderUploads } from './upload-panel.js';
import { listCommand, selectionAfter, type SelectMode } from './list-keys.js';

/** Rows are 40 px high (files.styles.ts): the list renders only those in view. */
const ROW = 40;
const OVERSCAN = 8;
const KEYS: SortKey[] = ['name', 'size', 'modified'];
const nameOf = (path: string) => path.replace(/\/$/, '').split('/').pop() ?? '';

/** What the element needs only once the user acts (dialogs, uploads): loaded on demand, beside /atelier.js. */
const later = () => Promise.all([import('./file-dialogs.js'), import('./upload-queue.js')]);
type Later = Awaited<ReturnType<typeof later>>;

interface Ui {
  sortKey: SortKey;
  descending: boolean;
  /** Paths of the selected rows. */
  selected: ReadonlySet<string>;
  /** Index of the active row (keyboard focus) in the sorted rows. */
  active: number;
  /** The list's scroll offset, in pixels. */
  offset: number;
  dragging: boolean;
  dialog: Dialog | null;
  /** The last thing done ("Copied…", "3 deleted."), said in the status line. */
  notice: string;
  space: FileSpace | null;
}

/**
 * @summary The user's files in S3: breadcrumbs, a virtualized list (folders first, sortable,
 * keyboard and multi-select), uploads by button or drag and drop (files and folders)
 * straight to S3 with progress, cancel and retry, and the usual actions: new folder,
 * download, rename or move, copy the S3 URI, share a link, preview, delete, and code
 * examples. Signed out: a sign-in action, and no request.
 *
 * @event atelier-file-download - Before following a download link; cancelable.
 * @event atelier-file-upload - When a file is uploaded.
 * @event atelier-file-share - When a share link is made.
 * @slot header - Above the content.
 * @slot empty - Shown when the folder is empty.
 * @csspart breadcrumbs - The path from the root to the folder shown.
 * @csspart toolbar - Upload, new folder, open, download, rename, copy URI, share, delete, code.
 * @csspart columns - The sort buttons.
 * @csspart list - The rows (a listbox).
 * @csspart status - How many items, how many selected, the last notice.
 * @csspart empty - Around the empty slot.
 * @csspart error - The error alert.
 * @csspart uploads - The uploads under way.
 * @csspart dialog - The dialogs (new folder, rename, share, delete, code).
 * @csspart message - Loading and signed-out messages.
 * @csspart sign-in - The sign-in button (signed out).
 * @cssproperty --atelier-files-height - The height of the list (24rem).
 */
export class AtelierFiles extends AtelierElement {
  static override styles = [baseStyles, filesStyles];

  /** What the user sees and chose; changed through #set (no decorators: the bundle stays small). */
  #ui: Ui = { sortKey: 'name', descending: false, selected: new Set(), active: 0, offset: 0, dragging: false, dialog: null, notice: '', space: null };

  readonly #listing = new FolderListing(() => this.requestUpdate());
  #queue: UploadQueue | null = null;
  #later: Later | null = null;
  #files: FilesApi | undefined;
  #owner: string | null = null;
  #sorted = { version: -1, key: '', rows: [] as Row[] };
  #anchor = 0;
  /** The list had the focus when a folder was opened from it: it gets it back once the folder is shown. */
  #refocusList = false;

  /** The folder shown: '' for the root, else ending with `/`. */
  get path(): string {
    return this.#listing.path;
  }

  /** The uploads of this element (for tests and hosts). */
  get uploads(): readonly Upload[] {
    return this.#queue?.uploads ?? [];
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#listing.stop();
    this.#files = undefined;
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    const files = this.signedIn ? this.client?.files : undefined;
    const owner = this.identity.user?.username ?? null;
    if (files === this.#files && owner === this.#owner) return;
    this.#files = files;
    this.#owner = owner;
    this.#listing.stop();
    this.#queue?.cancelAll(); // signed out, or another user: nothing of theirs goes on
    this.#queue = null;
    Object.assign(this.#ui, { selected: new Set(), space: null, dialog: null, active: 0 });
    if (!files) return;
    void this.#load(files);
    this.#listing.open(files, '');
    files.space().then((space) => this.#set({ space }), () => undefined);
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const status = this.#listing.status;
    this.setStates({
      loading: status === 'loading',
      error: status === 'error',
      empty: status === 'complete' && this.#listing.rows.length === 0,
      dragging: this.#ui.dragging,
      uploading: this.#queue?.active ?? false,
    });
    const dialog = this.#dialogElement;
    if (this.#ui.dialog && dialog && !dialog.open) dialog.showModal();
    if (!this.#ui.dialog && dialog?.open) dialog.close();
    const viewport = this.#viewport;
    if (this.#refocusList && status !== 'loading' && viewport && !viewport.hidden) {
      this.#refocusList = false;
      viewport.focus();
    }
  }

  /** The parts loaded on demand, and this user's upload queue. */
  async #load(files: FilesApi): Promise<Later> {
    this.#later ??= await later();
    if (!this.#queue && this.#files === files) this.#queue = new this.#later[1].UploadQueue(files, (upload) => this.#uploadChanged(upload));
    this.requestUpdate();
    return this.#later;
  }

  get #viewport(): HTMLElement | null {
    return this.renderRoot.querySelector('.viewport');
  }

  get #dialogElement(): HTMLDialogElement | null {
    return this.renderRoot.querySelector('dialog');
  }

  #set(change: Partial<Ui>): void {
    Object.assign(this.#ui, change);
    this.requestUpdate();
  }

  get #rows(): Row[] {
    const key = `${this.#ui.sortKey}:${this.#ui.descending}:${this.locale}`;
    if (this.#sorted.version !== this.#listing.version || this.#sorted.key !== key) {
      this.#sorted = { version: this.#listing.version, key, rows: sortRows(this.#listing.rows, this.#ui.sortKey, this.#ui.descending, this.locale) };
    }
    return this.#sorted.rows;
  }

  protected override render() {
    const t = this.t;
    return html`<div class="files ${this.#ui.dragging ? 'dragging' : ''}" role="region" aria-label=${t.filesLabel}
        @dragover=${this.#dragOver} @dragleave=${this.#dragLeave} @drop=${this.#drop}>
      <slot name="header"></slot>
      ${this.unconfigured
        ? html`<p class="message" part="message">${t.unconfigured}</p>`
        : this.signedIn
          ? this.#renderBrowser()
          : html`<div class="message" part="message"><p>${t.filesSignedOut}</p>${this.renderSignIn()}</div>`}
      <div part="empty" ?hidden=${!(this.signedIn && this.#listing.status === 'complete' && this.#listing.rows.length === 0)}>
        <slot name="empty"><p class="message">${t.filesEmpty}</p></slot>
      </div>
    </div>`;
  }

  #renderBrowser() {
    const t = this.t;
    const rows = this.#rows;
    const chosen = rows.filter((row) => this.#ui.selected.has(row.path));
    const single = chosen.length === 1 ? chosen[0]! : null;
    const file = single?.kind === 'file' ? single : null;
    const listing = this.#listing;
    const count = formatNumber(rows.length, this.locale);
    const crumbs = [{ name: t.filesRoot, path: '' }, ...this.path.split('/').filter(Boolean).map((name, i, all) => ({ name, path: `${all.slice(0, i + 1).join('/')}/` }))];
    const button = (label: string, action: () => void, disabled = false, kind = '') =>
      html`<button type="button" class="button ${kind}" ?disabled=${disabled} @click=${action}>${label}</button>`;
    return html`<nav part="breadcrumbs" aria-label=${t.filesBreadcrumbs}>
        <ol>
          ${crumbs.map((crumb, i) => html`<li><button type="button" class="link" aria-current=${i === crumbs.length - 1 ? 'location' : nothing}
            @click=${() => this.#openFolder(crumb.path)}>${crumb.name}</button></li>`)}
        </ol>
      </nav>
      <div role="toolbar" part="toolbar" aria-label=${t.filesToolbar}>
        ${button(t.filesUpload, () => this.#choose(0), false, 'primary')} ${button(t.filesUploadFolder, () => this.#choose(1))}
        ${button(t.filesNewFolder, () => this.#set({ dialog: { kind: 'folder' } }))}
        ${button(t.filesOpen, () => single && this.#activate(single), !single)}
        ${button(t.filesDownload, () => file && this.#download(file.path), !file)}
        ${button(t.filesRename, () => single && this.#set({ dialog: { kind: 'rename', path: single.path } }), !single)}
        ${button(t.filesCopyUri, () => this.#copy(`${this.#ui.space?.uri ?? ''}${single?.path ?? this.path}`), !this.#ui.space)}
        ${button(t.filesShare, () => file && this.#set({ dialog: { kind: 'share', path: file.path, duration: 3600 } }), !file)}
        ${button(t.filesDelete, () => this.#confirmDelete(), chosen.length === 0, 'danger')}
        ${button(t.filesCode, () => this.#set({ dialog: { kind: 'code', snippet: 'cli' } }), !this.#ui.space)}
        <input type="file" multiple hidden @change=${this.#picked} /><input type="file" webkitdirectory hidden @change=${this.#picked} />
      </div>
      <div class="columns" part="columns">
        ${KEYS.map((key) => html`<button type="button" class="link" aria-label=${this.#ui.sortKey === key ? t.filesSortedBy(t.filesColumns[key]!, this.#ui.descending) : t.filesColumns[key]!}
          @click=${() => this.#sortBy(key)}>${t.filesColumns[key]}${this.#ui.sortKey === key ? (this.#ui.descending ? ' ▼' : ' ▲') : ''}</button>`)}
      </div>
      <div class="viewport" part="list" role="listbox" tabindex="0" aria-multiselectable="true" ?hidden=${rows.length === 0}
        aria-label=${t.filesListLabel(crumbs.at(-1)!.name)} aria-activedescendant=${rows.length > 0 ? `row-${this.#ui.active}` : nothing}
        @scroll=${this.#scrolled} @keydown=${this.#keydown}>
        <div class="rows" style="height: ${rows.length * ROW}px">${this.#renderRows(rows)}</div>
      </div>
      <p part="status" class="quiet" role="status">
        ${listing.status === 'loading' ? t.loading : listing.status === 'more' ? t.filesLoadingMore(count) : rows.length > 0 ? t.filesCount(count) : ''}
        ${chosen.length > 0 ? ` · ${t.filesSelected(chosen.length)}` : ''} ${this.#ui.notice}
      </p>
      ${listing.status === 'more' && this.#files && listing.hasMore
        ? button(t.filesLoadMore, () => this.#files && listing.loadMore(this.#files))
        : nothing}
      ${listing.status === 'error'
        ? html`<div class="alert" role="alert" part="error"><p>${t.filesError(this.describeError(listing.error))}</p>
            ${button(t.retry, () => this.#openFolder(this.path))}</div>`
        : nothing}
      ${renderUploads(this.#queue, t, this.locale, () => this.requestUpdate(), (error) => this.describeError(error))}
      <dialog part="dialog" aria-labelledby="dialog-title" @close=${() => this.#ui.dialog && !this.#dialogElement?.open && this.#set({ dialog: null })}>
        ${this.#ui.dialog && this.#later ? this.#later[0].renderDialog({ html, nothing }, this.#ui.dialog, this.#dialogHost(file?.path ?? null)) : nothing}
      </dialog>`;
  }

  #renderRows(rows: Row[]) {
    const height = this.#viewport?.clientHeight || 400;
    const first = Math.max(0, Math.floor(this.#ui.offset / ROW) - OVERSCAN);
    const last = Math.min(rows.length, Math.ceil((this.#ui.offset + height) / ROW) + OVERSCAN);
    // The active row is always rendered: aria-activedescendant must name an element.
    const shown = this.#ui.active >= 0 && this.#ui.active < rows.length && (this.#ui.active < first || this.#ui.active >= last) ? [this.#ui.active] : [];
    for (let i = first; i < last; i += 1) shown.push(i);
    const lang = this.locale;
    return shown.map((i) => {
      const row = rows[i]!;
      return html`<div role="option" id="row-${i}" class="${row.kind} ${i === this.#ui.active ? 'active' : ''}" style="transform: translateY(${i * ROW}px)"
          aria-selected=${this.#ui.selected.has(row.path) ? 'true' : 'false'} aria-setsize=${rows.length} aria-posinset=${i + 1}
          @click=${(event: MouseEvent) => this.#click(event, i)} @dblclick=${() => this.#activate(row)}>
        <span class="name">${row.name}</span>
        <span>${row.kind === 'file' ? formatSize(row.size, lang) : this.t.filesFolder}</span>
        <span>${row.kind === 'file' ? formatDateTime(row.lastModified, lang) : ''}</span>
      </div>`;
    });
  }

  #dialogHost(selectedFile: string | null): DialogHost {
    const files = this.#files!;
    const run = async (dialog: Dialog, action: () => Promise<unknown>, after?: () => void) => {
      this.#set({ dialog: { ...dialog, busy: true, error: undefined } as Dialog });
      try {
        await action();
        if (after) after();
        else this.#set({ dialog: null });
      } catch (error) {
        const conflict = dialog.kind === 'rename' && (error as { code?: string }).code === 'file_exists';
        this.#set({ dialog: conflict ? { ...dialog, busy: false, conflict: nameOf((error as Error).message.split('"')[1] ?? '') } : ({ ...dialog, busy: false, error: this.t.filesFailed(this.describeError(error)) } as Dialog) });
      }
    };
    const dialog = this.#ui.dialog!;
    return {
      t: this.t,
      formatDate: (date) => formatDateTime(date, this.locale),
      space: this.#ui.space,
      folder: this.path,
      selectedFile,
      close: () => this.#set({ dialog: null }),
      change: (next) => this.#set({ dialog: next }),
      deletePaths: (paths) => void run(dialog, async () => {
        const { deleted } = await files.delete(paths);
        this.#set({ notice: this.t.filesDeleted(deleted) });
        this.#refresh();
      }),
      move: (from, to, overwrite) => void run(dialog, async () => {
        await files.move({ from, to, overwrite });
        this.#refresh();
      }),
      createFolder: (name) => void run(dialog, async () => {
        await files.createFolder(`${this.path}${name}/`);
        this.#refresh();
      }),
      share: (path, duration: ShareDuration) => {
        let link: { url: string; expiresAt: string };
        void run(dialog, async () => (link = await files.shareLink(path, duration)), () => {
          this.#set({ dialog: { kind: 'share', path, duration, link } });
          this.dispatchEvent(new AtelierFileShareEvent(path, link.url, link.expiresAt));
        });
      },
      download: (path) => this.#download(path),
      copy: (text) => this.#copy(text),
    };
  }

  #openFolder(path: string): void {
    if (!this.#files) return;
    this.#refocusList = this.#viewport !== null && (this.renderRoot as ShadowRoot).activeElement === this.#viewport;
    this.#listing.open(this.#files, path);
    this.#set({ selected: new Set(), active: 0, offset: 0 });
    if (this.#viewport) this.#viewport.scrollTop = 0;
  }

  #refresh(): void {
    if (this.#files) this.#listing.open(this.#files, this.path);
    this.#set({ selected: new Set() });
  }

  #activate(row: Row): void {
    if (row.kind === 'folder') return this.#openFolder(row.path);
    const dialog: Dialog = { kind: 'preview', path: row.path };
    this.#set({ dialog });
    this.#files?.preview(row.path).then(
      (preview) => this.#ui.dialog === dialog && this.#set({ dialog: { ...dialog, preview } }),
      (error: unknown) => this.#ui.dialog === dialog && this.#set({ dialog: { ...dialog, error: this.t.filesFailed(this.describeError(error)) } }),
    );
  }

  async #download(path: string): Promise<void> {
    try {
      const { url } = await this.#files!.downloadLink(path);
      if (!this.dispatchEvent(new AtelierFileDownloadEvent(path, url))) return;
      // S3 answers the link as an attachment: the page stays where it is.
      const anchor = document.createElement('a');
      anchor.href = url;
      anchor.rel = 'noopener';
      anchor.click();
    } catch (error) {
      this.#set({ notice: this.t.filesFailed(this.describeError(error)) });
    }
  }

  async #copy(text: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(text);
      this.#set({ notice: this.t.filesCopied(text) });
    } catch {
      this.#set({ notice: this.t.filesCopyFailed(text) });
    }
  }

  #confirmDelete(): void {
    const paths = this.#rows.filter((row) => this.#ui.selected.has(row.path)).map((row) => row.path);
    if (paths.length > 0) this.#set({ dialog: { kind: 'delete', paths } });
  }

  #sortBy(key: SortKey): void {
    this.#set({ descending: this.#ui.sortKey === key ? !this.#ui.descending : false, sortKey: key });
  }

  #click(event: MouseEvent, index: number): void {
    this.#viewport?.focus();
    const command = event.ctrlKey || event.metaKey;
    this.#focusRow(index, event.shiftKey ? 'extend' : command ? 'keep' : 'only');
    if (command && !event.shiftKey) this.#toggle(this.#rows[index]!);
  }

  #toggle(row: Row): void {
    const selected = new Set(this.#ui.selected);
    if (!selected.delete(row.path)) selected.add(row.path);
    this.#set({ selected });
  }

  /** Makes `index` the active row, selecting as `mode` says, and scrolls it into view. */
  #focusRow(index: number, mode: SelectMode): void {
    const paths = this.#rows.map((row) => row.path);
    const { selected, anchor } = selectionAfter(paths, this.#ui.selected, this.#anchor, index, mode);
    this.#anchor = anchor;
    this.#set({ active: index, selected });
    const viewport = this.#viewport;
    if (!viewport) return;
    const top = index * ROW;
    if (top < viewport.scrollTop) viewport.scrollTop = top;
    else if (top + ROW > viewport.scrollTop + viewport.clientHeight) viewport.scrollTop = top + ROW - viewport.clientHeight;
    this.#set({ offset: viewport.scrollTop });
  }

  #keydown = (event: KeyboardEvent) => {
    const rows = this.#rows;
    const row = rows[this.#ui.active];
    const page = Math.max(1, Math.floor((this.#viewport?.clientHeight ?? 400) / ROW) - 1);
    const command = row ? listCommand(event, this.#ui.active, rows.length, page) : null;
    if (!row || !command) return;
    event.preventDefault();
    if ('move' in command) return this.#focusRow(command.move, command.mode);
    const actions = {
      toggle: () => this.#toggle(row),
      open: () => this.#activate(row),
      delete: () => this.#confirmDelete(),
      rename: () => this.#set({ dialog: { kind: 'rename', path: row.path } }),
      up: () => this.#openFolder(this.path.replace(/[^/]*\/$/, '')),
      all: () => this.#set({ selected: new Set(rows.map((each) => each.path)) }),
      clear: () => this.#set({ selected: new Set() }),
    };
    actions[command.action]();
  };

  #scrolled = (event: Event) => {
    this.#set({ offset: (event.target as HTMLElement).scrollTop });
  };

  #choose(which: number): void {
    this.renderRoot.querySelectorAll<HTMLInputElement>('input[type="file"]')[which]?.click();
  }

  #picked = (event: Event) => {
    const input = event.target as HTMLInputElement;
    void this.#upload(inputFiles(input.files ?? []));
    input.value = '';
  };

  async #upload(picked: Picked[]): Promise<void> {
    const folder = this.path;
    if (this.#files) await this.#load(this.#files);
    this.#queue?.add(picked.map(({ file, path }) => ({ file, path: folder + path })));
    this.requestUpdate();
  }

  #uploadChanged(upload: Upload): void {
    this.requestUpdate();
    if (upload.status !== 'done') return;
    this.#listing.upsert(upload.path, upload.file.size);
    this.dispatchEvent(new AtelierFileUploadEvent(upload.path, upload.file.size));
  }

  #dragOver = (event: DragEvent) => {
    if (!this.signedIn || !event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    this.#set({ dragging: true });
  };

  #dragLeave = (event: DragEvent) => {
    if (!(event.currentTarget as Element).contains(event.relatedTarget as Node | null)) this.#set({ dragging: false });
  };

  #drop = async (event: DragEvent) => {
    if (!this.signedIn || !event.dataTransfer) return;
    event.preventDefault();
    this.#set({ dragging: false });
    void this.#upload(await pickedFiles(entriesOf(event.dataTransfer)));
  };
}
