import { expect, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../components/files/files.js';
import type { FilesApi } from '../../components/api/files-api.js';
import { pickedFiles, type DroppedEntry } from '../../components/files/dropped-files.js';
import type { AtelierFiles } from '../../components/files/files.element.js';
import { alice, deep, deepAll, FakeApi, FakeIdentity, mount, settle, visibleText } from './fixtures.js';
import { pendingUploads, realFilesApi, realFilesBackend, type FilesBackend } from './files-fixtures.js';

const MiB = 1024 * 1024;

/** A user of their own for each test: a fresh, empty space in the real embedded S3 server. */
async function mountFiles(_backend?: FilesBackend) {
  const username = `u${Math.random().toString(36).slice(2, 10)}`;
  const backend = await realFilesBackend([username]);
  const api = new FakeApi();
  const files: FilesApi = realFilesApi(backend, username);
  api.files = files;
  const el = await mount<AtelierFiles>(html`<atelier-files></atelier-files>`, { api, identity: new FakeIdentity({ ...alice, username }) });
  await waitUntil(() => el.matches(':state(empty)'), 'the empty space is listed', { timeout: 4000 });
  return { el, files, username, bucket: `user-${username}` };
}

function choose(el: AtelierFiles, files: File[], which = 0) {
  const input = deepAll<HTMLInputElement>(el, 'input[type="file"]')[which]!;
  const transfer = new DataTransfer();
  files.forEach((file) => transfer.items.add(file));
  input.files = transfer.files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

const row = (el: AtelierFiles, name: string) => deepAll(el, '[role="option"]').find((option) => option.querySelector('.name')?.textContent === name);
const button = (el: AtelierFiles, label: string, scope = '') => deepAll<HTMLButtonElement>(el, `${scope} button`).find((b) => b.textContent?.trim() === label || b.getAttribute('aria-label') === label)!;
const dialog = (el: AtelierFiles) => deep<HTMLDialogElement>(el, 'dialog')!;
const uploadsText = (el: AtelierFiles) => visibleText(deep(el, '[part~="uploads"]') ?? document.createElement('div'));
const key = (el: AtelierFiles, key: string, init: KeyboardEventInit = {}) =>
  deep(el, '[role="listbox"]')!.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, ...init }));

/** Records the URLs the page sends bytes to (every PUT goes through XMLHttpRequest). */
function recordPuts(): { urls: string[]; restore(): void } {
  const urls: string[] = [];
  const open = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (this: XMLHttpRequest, method: string, url: string | URL, ...rest: unknown[]) {
    if (method === 'PUT') urls.push(String(url));
    return (open as (...args: unknown[]) => void).call(this, method, url, ...rest);
  } as typeof open;
  return { urls, restore: () => (XMLHttpRequest.prototype.open = open) };
}

describe('atelier-files against the real embedded S3 server', function () {
  this.timeout(20_000);
  let backend: FilesBackend;
  before(async function () {
    this.timeout(60_000);
    backend = await realFilesBackend();
  });

  it('uploads files by button straight to S3, with progress, and lists them', async () => {
    const { el } = await mountFiles(backend);
    const puts = recordPuts();
    try {
      const uploaded = oneEvent(el, 'atelier-file-upload');
      choose(el, [new File(['hello, world'], 'hello.txt', { type: 'text/plain' }), new File(['a,b\n1,2\n'], 'table.csv', { type: 'text/csv' })]);
      expect((await uploaded).detail.path).to.match(/^(hello\.txt|table\.csv)$/);
      await waitUntil(() => row(el, 'hello.txt') && row(el, 'table.csv'), 'both are listed');
      await waitUntil(() => (uploadsText(el).match(/Uploaded/g) ?? []).length === 2);
      expect(puts.urls).to.have.length(2);
      for (const url of puts.urls) expect(new URL(url).origin).to.equal(backend.s3Url, 'the bytes go to S3, not to the BFF');
      expect(row(el, 'hello.txt')!.textContent).to.contain('12 byte');
      await expect(el).to.be.accessible();
    } finally {
      puts.restore();
    }
  });

  it('sends a large file as parallel parts, shows its progress, and leaves no multipart upload behind', async () => {
    const { el, bucket } = await mountFiles(backend);
    const puts = recordPuts();
    try {
      const big = new File([new Uint8Array(12 * MiB + 5).fill(7)], 'big.bin');
      choose(el, [big]);
      await waitUntil(() => deep(el, 'progress'), 'a progress bar');
      expect(deep(el, 'progress')!.getAttribute('aria-label')).to.equal('Uploading big.bin');
      await waitUntil(() => row(el, 'big.bin'), 'listed when done', { timeout: 15_000 });
      const parts = puts.urls.filter((url) => /partNumber=\d/.test(url));
      expect(parts.map((url) => new URL(url).searchParams.get('partNumber')).sort()).to.deep.equal(['1', '2', '3']);
      expect(row(el, 'big.bin')!.textContent).to.contain('12.6 MB');
      expect(await pendingUploads(bucket)).to.deep.equal([]);
    } finally {
      puts.restore();
    }
  });

  it('a cancelled upload leaves no object and no multipart upload; retry finishes it', async () => {
    const { el, bucket } = await mountFiles(backend);
    choose(el, [new File([new Uint8Array(40 * MiB)], 'cancel-me.bin')]);
    await waitUntil(() => el.uploads[0]?.status === 'uploading' && el.uploads[0].loaded > 0, 'bytes are on their way');
    button(el, 'Cancel: cancel-me.bin').click();
    await waitUntil(() => el.uploads[0]?.status === 'cancelled');
    expect(uploadsText(el)).to.contain('cancel-me.bin — Cancelled');
    await waitUntil(async () => (await pendingUploads(bucket)).length === 0, 'the multipart upload is aborted');
    expect(row(el, 'cancel-me.bin')).to.equal(undefined);

    button(el, 'Try again: cancel-me.bin').click();
    await waitUntil(() => row(el, 'cancel-me.bin'), 'listed once retried', { timeout: 15_000 });
    expect(await pendingUploads(bucket)).to.deep.equal([]);
  });

  it('asks before replacing an existing file: Replace sends it, Skip leaves it', async () => {
    const { el, files } = await mountFiles(backend);
    choose(el, [new File(['v1'], 'notes.txt', { type: 'text/plain' })]);
    await waitUntil(() => row(el, 'notes.txt'));
    choose(el, [new File(['version 2'], 'notes.txt', { type: 'text/plain' })]);
    await waitUntil(() => uploadsText(el).includes('notes.txt exists already. Replace it?'));
    await expect(el).to.be.accessible();
    button(el, 'Replace: notes.txt').click();
    await waitUntil(() => el.uploads.at(-1)?.status === 'done');
    expect(((await files.preview('notes.txt')) as { text: string }).text).to.equal('version 2');

    choose(el, [new File(['version 3'], 'notes.txt', { type: 'text/plain' })]);
    await waitUntil(() => el.uploads.at(-1)?.status === 'conflict');
    button(el, 'Skip: notes.txt').click();
    await waitUntil(() => el.uploads.at(-1)?.status === 'cancelled');
    expect(((await files.preview('notes.txt')) as { text: string }).text).to.equal('version 2');
  });

  it('uploads what is dropped on it, into the folder shown', async () => {
    const { el } = await mountFiles(backend);
    const transfer = new DataTransfer();
    transfer.items.add(new File(['dropped'], 'dropped.txt', { type: 'text/plain' }));
    const region = deep(el, '[role="region"]')!;
    region.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    await settle(el);
    expect(el.matches(':state(dragging)')).to.be.true;
    region.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    await waitUntil(() => row(el, 'dropped.txt'));
    expect(el.matches(':state(dragging)')).to.be.false;
  });

  it('a dropped folder keeps its tree (the entries a drop gives, walked)', async () => {
    const file = (name: string): DroppedEntry => ({ name, isFile: true, isDirectory: false, file: (ok) => ok(new File([name], name)) });
    const folder = (name: string, children: DroppedEntry[]): DroppedEntry => {
      const batches = [children.slice(0, 2), children.slice(2), []];
      return { name, isFile: false, isDirectory: true, createReader: () => ({ readEntries: (ok) => ok(batches.shift() ?? []) }) };
    };
    const picked = await pickedFiles([folder('data', [file('a.csv'), folder('2024', [file('b.csv')]), file('c.csv')]), file('top.txt')]);
    expect(picked.map((each) => each.path)).to.deep.equal(['data/a.csv', 'data/2024/b.csv', 'data/c.csv', 'top.txt']);
  });

  it('creates folders, opens them with the keyboard, and walks back with the breadcrumbs', async () => {
    const { el } = await mountFiles(backend);
    button(el, 'New folder').click();
    await settle(el);
    expect(dialog(el).open).to.be.true;
    const name = deep<HTMLInputElement>(el, '#folder-name')!;
    name.value = 'reports';
    deep<HTMLFormElement>(el, 'dialog form')!.requestSubmit();
    await waitUntil(() => row(el, 'reports'));
    expect(dialog(el).open).to.be.false;
    expect(row(el, 'reports')!.textContent).to.contain('Folder');

    deep<HTMLElement>(el, '[role="listbox"]')!.focus();
    key(el, 'Home');
    key(el, 'Enter');
    await waitUntil(() => el.path === 'reports/' && el.matches(':state(empty)'));
    const crumbs = deepAll(el, '[part~="breadcrumbs"] button');
    expect(crumbs.map((crumb) => crumb.textContent?.trim())).to.deep.equal(['My files', 'reports']);
    expect(crumbs[1]!.getAttribute('aria-current')).to.equal('location');
    choose(el, [new File(['x'], 'inside.txt')]);
    await waitUntil(() => row(el, 'inside.txt'));
    await expect(el).to.be.accessible();
    (crumbs[0] as HTMLButtonElement).click();
    await waitUntil(() => el.path === '' && row(el, 'reports'));
  });

  it('keyboard: arrows move, Shift extends, Ctrl+A selects all; Delete asks, then deletes', async () => {
    const { el } = await mountFiles(backend);
    choose(el, ['a.txt', 'b.txt', 'c.txt'].map((name) => new File([name], name)));
    await waitUntil(() => deepAll(el, '[role="option"]').length === 3);
    const list = deep<HTMLElement>(el, '[role="listbox"]')!;
    list.focus();
    key(el, 'ArrowDown');
    await settle(el);
    const selected = () => deepAll(el, '[role="option"][aria-selected="true"]').map((option) => option.querySelector('.name')!.textContent);
    expect(selected()).to.deep.equal(['b.txt']);
    key(el, 'ArrowDown', { shiftKey: true });
    await settle(el);
    expect(selected()).to.deep.equal(['b.txt', 'c.txt']);
    expect(visibleText(deep(el, '[part~="status"]')!)).to.contain('2 selected');
    key(el, 'a', { ctrlKey: true });
    await settle(el);
    expect(selected()).to.deep.equal(['a.txt', 'b.txt', 'c.txt']);
    key(el, 'Escape');
    key(el, 'Home');
    key(el, 'ArrowDown', { shiftKey: true });
    key(el, 'Delete');
    await settle(el);
    expect(dialog(el).open).to.be.true;
    expect(visibleText(dialog(el))).to.contain('Delete these 2 items?');
    await expect(el).to.be.accessible();
    button(el, 'Delete', 'dialog').click();
    await waitUntil(() => deepAll(el, '[role="option"]').length === 1);
    expect(row(el, 'c.txt')).to.exist;
    expect(visibleText(deep(el, '[part~="status"]')!)).to.contain('2 deleted.');
  });

  it('sorts by name, size or date, folders always first', async () => {
    const { el } = await mountFiles(backend);
    button(el, 'New folder').click();
    await settle(el);
    deep<HTMLInputElement>(el, '#folder-name')!.value = 'zeta';
    deep<HTMLFormElement>(el, 'dialog form')!.requestSubmit();
    await waitUntil(() => row(el, 'zeta'));
    choose(el, [new File(['xxx'], 'file10.txt'), new File(['x'], 'file2.txt'), new File(['xx'], 'File1.txt')]);
    await waitUntil(() => el.uploads.every((upload) => upload.status === 'done') && deepAll(el, '[role="option"]').length === 4);
    const names = () => deepAll(el, '[role="option"]').sort((a, b) => Number(a.getAttribute('aria-posinset')) - Number(b.getAttribute('aria-posinset'))).map((o) => o.querySelector('.name')!.textContent);
    expect(names()).to.deep.equal(['zeta', 'File1.txt', 'file2.txt', 'file10.txt'], 'as people read numbers');
    const columns = deepAll<HTMLButtonElement>(el, '[part~="columns"] button');
    columns[1]!.click();
    await settle(el);
    expect(names()).to.deep.equal(['zeta', 'file2.txt', 'File1.txt', 'file10.txt']);
    columns[1]!.click();
    await settle(el);
    expect(names()).to.deep.equal(['zeta', 'file10.txt', 'File1.txt', 'file2.txt']);
    expect(columns[1]!.getAttribute('aria-label')).to.equal('Size, sorted descending');
  });

  it('renames and moves with F2, asking before it replaces', async () => {
    const { el } = await mountFiles(backend);
    choose(el, [new File(['one'], 'one.txt'), new File(['two'], 'two.txt')]);
    await waitUntil(() => deepAll(el, '[role="option"]').length === 2);
    deep<HTMLElement>(el, '[role="listbox"]')!.focus();
    key(el, 'Home');
    key(el, 'F2');
    await settle(el);
    const input = deep<HTMLInputElement>(el, '#rename-to')!;
    expect(input.value).to.equal('one.txt');
    input.value = 'archive/uno.txt';
    deep<HTMLFormElement>(el, 'dialog form')!.requestSubmit();
    await waitUntil(() => row(el, 'archive') && !row(el, 'one.txt'));

    key(el, 'End');
    key(el, 'F2');
    await settle(el);
    deep<HTMLInputElement>(el, '#rename-to')!.value = 'archive/uno.txt';
    deep<HTMLFormElement>(el, 'dialog form')!.requestSubmit();
    await waitUntil(() => visibleText(dialog(el)).includes('uno.txt exists already. Replace it?'));
    button(el, 'Replace', 'dialog').click();
    await waitUntil(() => !row(el, 'two.txt'));
  });

  it('copies the S3 URI of the selection', async () => {
    const { el, bucket } = await mountFiles(backend);
    choose(el, [new File(['x'], 'data.csv')]);
    await waitUntil(() => row(el, 'data.csv'));
    row(el, 'data.csv')!.click();
    await settle(el);
    button(el, 'Copy S3 URI').click();
    await waitUntil(() => visibleText(deep(el, '[part~="status"]')!).includes(`s3://${bucket}/data.csv`));
  });

  it('shares a link for 1 hour, 1 day or 1 week; it opens without signing in', async () => {
    const { el } = await mountFiles(backend);
    choose(el, [new File(['shared content'], 'shared.txt', { type: 'text/plain' })]);
    await waitUntil(() => row(el, 'shared.txt'));
    row(el, 'shared.txt')!.click();
    await settle(el);
    button(el, 'Share').click();
    await settle(el);
    expect(visibleText(dialog(el))).to.contain('Share shared.txt');
    const day = deepAll<HTMLInputElement>(el, 'dialog input[type="radio"]')[1]!;
    day.click();
    await settle(el);
    const shared = oneEvent(el, 'atelier-file-share');
    button(el, 'Create the link', 'dialog').click();
    const { detail } = await shared;
    await settle(el);
    const link = deep<HTMLInputElement>(el, '#share-link')!;
    expect(link.value).to.equal(detail.url);
    expect(new URL(detail.url).searchParams.get('X-Amz-Expires')).to.equal('86400');
    expect(visibleText(dialog(el))).to.contain('Anyone with this link can open the file, without signing in, until');
    const response = await fetch(detail.url, { credentials: 'omit' });
    expect(await response.text()).to.equal('shared content');
    await expect(el).to.be.accessible();
  });

  it('downloads through a short-lived link that S3 serves as an attachment', async () => {
    const { el } = await mountFiles(backend);
    choose(el, [new File(['download me'], 'report.txt', { type: 'text/plain' })]);
    await waitUntil(() => row(el, 'report.txt'));
    row(el, 'report.txt')!.click();
    await settle(el);
    const downloading = oneEvent(el, 'atelier-file-download');
    el.addEventListener('atelier-file-download', (event) => event.preventDefault(), { once: true });
    button(el, 'Download').click();
    const { detail } = await downloading;
    expect(detail.path).to.equal('report.txt');
    const response = await fetch(detail.url);
    expect(await response.text()).to.equal('download me');
    // The page cannot read Content-Disposition across origins; S3 sends what the link asks for.
    expect(new URL(detail.url).searchParams.get('response-content-disposition')).to.match(/^attachment; filename="report.txt"/);
  });

  it('previews text, CSV as a table, and images; other files offer to download', async () => {
    const { el } = await mountFiles(backend);
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = 8;
    const png = await new Promise<Blob>((resolve) => canvas.toBlob((blob) => resolve(blob!), 'image/png'));
    choose(el, [
      new File(['just text'], 'readme.txt', { type: 'text/plain' }),
      new File(['name;age\n"Ada; L.";36\nAlan;41\n'], 'people.csv', { type: 'text/csv' }),
      new File([png], 'dot.png', { type: 'image/png' }),
      new File([new Uint8Array([0, 1, 2])], 'blob.bin'),
    ]);
    await waitUntil(() => el.uploads.length === 4 && el.uploads.every((upload) => upload.status === 'done'));
    await waitUntil(() => deepAll(el, '[role="option"]').length === 4);
    const open = async (name: string) => {
      row(el, name)!.dispatchEvent(new MouseEvent('dblclick', { bubbles: true }));
      await settle(el);
      await waitUntil(() => dialog(el).open && !visibleText(dialog(el)).includes('Loading'), `the preview of ${name}`);
    };
    await open('readme.txt');
    expect(deep(el, 'dialog pre')!.textContent).to.equal('just text');
    button(el, 'Close', 'dialog').click();
    await open('people.csv');
    expect(deepAll(el, 'dialog th').map((cell) => cell.textContent)).to.deep.equal(['name', 'age']);
    expect(deepAll(el, 'dialog td').map((cell) => cell.textContent)).to.deep.equal(['Ada; L.', '36', 'Alan', '41']);
    await expect(el).to.be.accessible();
    button(el, 'Close', 'dialog').click();
    await open('dot.png');
    const image = deep<HTMLImageElement>(el, 'dialog img')!;
    await waitUntil(() => image.complete && image.naturalWidth === 8, 'the image loads from S3');
    expect(image.alt).to.equal('dot.png');
    button(el, 'Close', 'dialog').click();
    await open('blob.bin');
    expect(visibleText(dialog(el))).to.contain('This type of file has no preview.');
    expect(button(el, 'Download', 'dialog')).to.exist;
  });

  it('"Use from code" fills in the endpoint and bucket for each language', async () => {
    const { el, bucket } = await mountFiles(backend);
    await waitUntil(() => !button(el, 'Use from code').disabled);
    button(el, 'Use from code').click();
    await settle(el);
    const select = deep<HTMLSelectElement>(el, '#code-language')!;
    expect([...select.options].map((option) => option.textContent)).to.deep.equal(['AWS CLI', 'Python: boto3', 'Python: s3fs', 'Python: pandas', 'R: arrow', 'R: aws.s3', 'DuckDB']);
    expect(deep(el, 'dialog pre')!.textContent).to.contain(`aws s3 ls s3://${bucket}/ --endpoint-url ${backend.s3Url}`);
    select.value = 'duckdb';
    select.dispatchEvent(new Event('change'));
    await settle(el);
    const code = deep(el, 'dialog pre')!.textContent!;
    expect(code).to.contain(`ENDPOINT '${new URL(backend.s3Url).host}'`);
    expect(code).to.contain(`s3://${bucket}/data.csv`);
    await expect(el).to.be.accessible();
  });
});
