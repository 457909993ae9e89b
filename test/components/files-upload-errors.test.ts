import { expect, html, waitUntil } from '@open-wc/testing';
import '../../components/files/files.js';
import type { UploadPlan } from '../../components/api/file-types.js';
import type { FilesApi } from '../../components/api/files-api.js';
import type { AtelierFiles } from '../../components/files/files.element.js';
import { EmptyFilesApi } from './files-fixtures.js';
import { alice, deep, deepAll, FakeApi, FakeIdentity, mount, visibleText } from './fixtures.js';

/** A space whose presigned URLs point at a port nothing listens on: the storage cannot be reached. */
function unreachableStorage(): FilesApi {
  const plan: UploadPlan = { kind: 'single', url: 'http://127.0.0.1:9/bucket/file', headers: {}, expiresAt: new Date(Date.now() + 60_000).toISOString() };
  return Object.assign(new EmptyFilesApi(), { startUpload: async () => plan }) as FilesApi;
}

describe('atelier-files upload errors', () => {
  it('says in the user’s language that the storage could not be reached', async () => {
    const api = new FakeApi();
    api.files = unreachableStorage();
    const el = await mount<AtelierFiles>(html`<atelier-files></atelier-files>`, { api, identity: new FakeIdentity(alice), lang: 'fr' });
    await waitUntil(() => el.matches(':state(empty)'), 'the empty space is listed');
    const input = deepAll<HTMLInputElement>(el, 'input[type="file"]')[0]!;
    const transfer = new DataTransfer();
    transfer.items.add(new File(['hello'], 'hello.txt', { type: 'text/plain' }));
    input.files = transfer.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
    const uploads = () => visibleText(deep(el, '[part~="uploads"]') ?? document.createElement('div'));
    await waitUntil(() => /Échec/.test(uploads()), 'the upload failed', { timeout: 4000 });
    expect(uploads()).to.contain('Le stockage des fichiers est injoignable');
    expect(uploads()).not.to.contain('could not be reached');
  });
});
