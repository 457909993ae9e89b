import { expect, html, waitUntil } from '@open-wc/testing';
import '../../components/files/files.js';
import type { FileListing } from '../../components/api/file-types.js';
import type { AtelierFiles } from '../../components/files/files.element.js';
import { alice, deep, deepAll, FakeApi, FakeIdentity, mount, settle, visibleText } from './fixtures.js';
import { EmptyFilesApi } from './files-fixtures.js';

/** A folder of `count` files served in pages of `limit`, as the BFF pages S3's listing. */
class LargeFolderApi extends EmptyFilesApi {
  readonly pages: { cursor: string | null; limit: number | undefined }[] = [];
  constructor(private readonly count: number) {
    super();
  }
  override async list(path: string, options: { cursor?: string | null; limit?: number } = {}): Promise<FileListing> {
    this.pages.push({ cursor: options.cursor ?? null, limit: options.limit });
    const start = Number(options.cursor ?? 0);
    const end = Math.min(this.count, start + (options.limit ?? 1000));
    const files = Array.from({ length: end - start }, (_, i) => {
      const n = String(start + i).padStart(5, '0');
      return { name: `file-${n}.csv`, path: `file-${n}.csv`, size: start + i, lastModified: new Date(Date.UTC(2024, 0, 1) + (start + i) * 60_000).toISOString() };
    });
    return { path, folders: start === 0 ? [{ name: 'zz-folder', path: 'zz-folder/' }] : [], files, cursor: end < this.count ? String(end) : null };
  }
}

describe('atelier-files, without storage', () => {
  it('signed out: offers to sign in, makes no request', async () => {
    const api = new FakeApi();
    const identity = new FakeIdentity();
    const el = await mount<AtelierFiles>(html`<atelier-files></atelier-files>`, { api, identity });
    expect(visibleText(el)).to.contain('Sign in to see your files.');
    expect(el.matches(':state(signed-out)')).to.be.true;
    await expect(el).to.be.accessible();
    expect((api.files as EmptyFilesApi).calls).to.deep.equal([]);
    expect(api.calls).to.have.length(0);
    deep<HTMLButtonElement>(el, 'button[part~="sign-in"]')!.click();
    await settle(el);
    expect(identity.signInCalls).to.equal(1);
    expect((api.files as EmptyFilesApi).calls).to.include('list');
  });

  it('signed in to an empty space: the empty state, accessible', async () => {
    const el = await mount<AtelierFiles>(html`<atelier-files></atelier-files>`, { identity: new FakeIdentity(alice) });
    await waitUntil(() => el.matches(':state(empty)'), 'the empty state');
    expect(visibleText(el)).to.contain('This folder is empty. Drop files or folders here, or use Upload files.');
    expect(deep(el, '[role="listbox"]')!.hidden).to.be.true;
    await expect(el).to.be.accessible();
  });

  it('shows a readable message when the sign-in popup is blocked', async () => {
    const identity = new FakeIdentity();
    const { SignInError } = await import('../../components/internal/identity.js');
    identity.onSignIn = () => Promise.reject(new SignInError('popup-blocked', 'blocked'));
    const el = await mount<AtelierFiles>(html`<atelier-files></atelier-files>`, { identity });
    deep<HTMLButtonElement>(el, 'button[part~="sign-in"]')!.click();
    await settle(el);
    expect(deep(el, '[role="alert"]')!.textContent).to.contain('The sign-in window was blocked by the browser.');
  });

  it('speaks French under lang="fr"', async () => {
    const el = await mount<AtelierFiles>(html`<atelier-files lang="fr"></atelier-files>`);
    expect(visibleText(el)).to.contain('Connectez-vous pour voir vos fichiers.');
    const signedIn = await mount<AtelierFiles>(html`<atelier-files lang="fr"></atelier-files>`, { identity: new FakeIdentity(alice) });
    await waitUntil(() => signedIn.matches(':state(empty)'));
    expect(visibleText(signedIn)).to.contain('Téléverser des fichiers');
    expect(visibleText(signedIn)).to.contain('Ce dossier est vide.');
  });

  it('says why the listing failed, and tries again', async () => {
    const api = new FakeApi();
    let fail = true;
    const files = new EmptyFilesApi();
    const list = files.list.bind(files);
    files.list = async (path) => {
      if (fail) throw new Error('the storage is down');
      return list(path);
    };
    api.files = files;
    const el = await mount<AtelierFiles>(html`<atelier-files></atelier-files>`, { api, identity: new FakeIdentity(alice) });
    await waitUntil(() => el.matches(':state(error)'));
    expect(deep(el, '[part~="error"]')!.textContent).to.contain('Your files could not be loaded: the storage is down');
    await expect(el).to.be.accessible();
    fail = false;
    deep<HTMLButtonElement>(el, '[part~="error"] button')!.click();
    await waitUntil(() => el.matches(':state(empty)'));
  });

  it('10 000 objects: paged 1000 at a time, a few dozen rows in the DOM, every one reachable', async () => {
    const api = new FakeApi();
    const files = new LargeFolderApi(10_000);
    api.files = files;
    const el = await mount<AtelierFiles>(html`<atelier-files></atelier-files>`, { api, identity: new FakeIdentity(alice) });
    await waitUntil(() => visibleText(deep(el, '[part~="status"]')!).startsWith('10,001 items'), 'all pages loaded', { timeout: 4000 });
    expect(files.pages.map((page) => page.limit)).to.deep.equal(Array(10).fill(1000));
    expect(files.pages.map((page) => page.cursor)).to.deep.equal([null, '1000', '2000', '3000', '4000', '5000', '6000', '7000', '8000', '9000']);
    const options = () => deepAll(el, '[role="option"]');
    expect(options().length).to.be.below(60);
    expect(options()[0]!.textContent).to.contain('zz-folder', 'folders first');

    const list = deep<HTMLElement>(el, '[role="listbox"]')!;
    list.focus();
    list.dispatchEvent(new KeyboardEvent('keydown', { key: 'End', bubbles: true }));
    await settle(el);
    const last = deep(el, '[role="option"][aria-posinset="10001"]')!;
    expect(last.textContent).to.contain('file-09999.csv');
    expect(last.getAttribute('aria-selected')).to.equal('true');
    expect(list.getAttribute('aria-activedescendant')).to.equal(last.id);
    expect(options().length).to.be.below(60);
    await expect(el).to.be.accessible();

    // Sorting by size, descending, keeps folders first and orders all 10 000 files.
    const bySize = deepAll<HTMLButtonElement>(el, '[part~="columns"] button')[1]!;
    bySize.click();
    await settle(el);
    bySize.click();
    await settle(el);
    expect(bySize.getAttribute('aria-label')).to.equal('Size, sorted descending');
    list.dispatchEvent(new KeyboardEvent('keydown', { key: 'Home', bubbles: true }));
    await settle(el);
    list.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
    await settle(el);
    expect(deep(el, '[role="option"][aria-posinset="2"]')!.textContent).to.contain('file-09999.csv');
  });
});

describe('files: previews and code examples', () => {
  it('reads the first rows of a CSV: quotes, delimiters, a cut last row left out', async () => {
    const { parseCsv } = await import('../../components/files/csv.js');
    expect(parseCsv('a,b\n"x, ""y""",2\r\n3,4')).to.deep.equal([['a', 'b'], ['x, "y"', '2'], ['3', '4']]);
    expect(parseCsv('a;b\n1;2\n3;', { truncated: true })).to.deep.equal([['a', 'b'], ['1', '2']]);
    expect(parseCsv('a\tb\n1\t2\n')).to.deep.equal([['a', 'b'], ['1', '2']]);
    expect(parseCsv(Array.from({ length: 50 }, (_, i) => `${i}`).join('\n'), { maxRows: 20 })).to.have.length(20);
  });

  it('fills the endpoint and bucket in every example, for http and https endpoints', async () => {
    const { codeSnippets } = await import('../../components/files/snippets.js');
    const space = { bucket: 'atelier', prefix: 'alice/', uri: 's3://atelier/alice/', endpoint: 'https://s3.example.org', region: 'eu-west-3' };
    const snippets = codeSnippets(space, 'data/', 'data/2024.csv');
    expect(snippets.map((snippet) => snippet.id)).to.deep.equal(['cli', 'boto3', 's3fs', 'pandas', 'arrow', 'aws.s3', 'duckdb']);
    for (const snippet of snippets) expect(snippet.code).to.contain('atelier');
    expect(snippets[0]!.code).to.contain('aws s3 ls s3://atelier/alice/data/ --endpoint-url https://s3.example.org');
    expect(snippets[3]!.code).to.contain('pd.read_csv("s3://atelier/alice/data/2024.csv"');
    expect(snippets[4]!.code).to.contain('endpoint_override = "s3.example.org", scheme = "https"');
    expect(snippets[5]!.code).to.contain('use_https = TRUE');
    expect(snippets[6]!.code).to.contain("USE_SSL true, REGION 'eu-west-3'");
  });
});
