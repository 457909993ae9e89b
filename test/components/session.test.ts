import { expect, fixture, html } from '@open-wc/testing';
import '../../components/files/files.js';
import '../../components/services/services.js';
import type { AtelierFiles } from '../../components/files/files.element.js';
import type { AtelierServices } from '../../components/services/services.element.js';
import { noIdentity } from '../../components/internal/identity.js';
import { defaultApiBase, registerSessionFactory, type AtelierSession, type ConfigState } from '../../components/internal/session.js';
import { Store } from '../../components/internal/store.js';
import { alice, FakeApi, FakeIdentity, settle, testConfig, visibleText } from './fixtures.js';

describe('standalone sessions (no provider above the element)', () => {
  afterEach(() => registerSessionFactory(undefined));

  it('shares one session per API base between the elements of a page', async () => {
    const built: string[] = [];
    const identity = new FakeIdentity();
    registerSessionFactory((base): AtelierSession => {
      built.push(base);
      return { base, api: new FakeApi(), config: new Store<ConfigState>({ config: testConfig }), identity };
    });
    const page = await fixture<HTMLDivElement>(html`<div>
      <atelier-files></atelier-files>
      <atelier-services></atelier-services>
      <atelier-files api="http://other.test/"></atelier-files>
    </div>`);
    const [files, services, other] = [...page.children] as [AtelierFiles, AtelierServices, AtelierFiles];
    await settle(files);
    expect(built).to.deep.equal([defaultApiBase, 'http://other.test']);
    expect(defaultApiBase).to.equal(window.location.origin);

    // One sign-in serves every element of that session.
    identity.setUser(alice);
    await settle(services);
    expect(visibleText(files)).to.contain('Upload files');
    expect(visibleText(other)).to.contain('Upload files');
    expect(visibleText(services)).not.to.contain('Sign in');
  });

  it('says so when no session can be built (no entry module, no provider)', async () => {
    registerSessionFactory(undefined);
    const el = await fixture<AtelierFiles>(html`<atelier-files></atelier-files>`);
    expect(visibleText(el)).to.contain('Atelier is not set up on this page.');
    await expect(el).to.be.accessible();
  });

  it('shows the sign-in action of an unconfigured identity without crashing', async () => {
    registerSessionFactory((base) => ({ base, api: new FakeApi(), config: new Store<ConfigState>({}), identity: new Store(noIdentity) }));
    const el = await fixture<AtelierFiles>(html`<atelier-files></atelier-files>`);
    expect(visibleText(el)).to.contain('Sign in');
  });
});
