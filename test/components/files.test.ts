import { expect, html } from '@open-wc/testing';
import '../../components/files/files.js';
import type { AtelierFiles } from '../../components/files/files.element.js';
import { alice, deep, FakeApi, FakeIdentity, mount, settle, visibleText } from './fixtures.js';

describe('atelier-files', () => {
  it('signed out: offers to sign in, makes no request', async () => {
    const api = new FakeApi();
    const identity = new FakeIdentity();
    const el = await mount<AtelierFiles>(html`<atelier-files></atelier-files>`, { api, identity });
    expect(visibleText(el)).to.contain('Sign in to see your files.');
    expect(el.matches(':state(signed-out)')).to.be.true;
    await expect(el).to.be.accessible();
    deep<HTMLButtonElement>(el, 'button[part~="sign-in"]')!.click();
    await settle(el);
    expect(identity.signInCalls).to.equal(1);
    expect(visibleText(el)).to.contain('File storage arrives with S3 support');
    expect(api.calls).to.have.length(0);
  });

  it('signed in: says file storage arrives with S3 support, makes no request', async () => {
    const api = new FakeApi();
    const el = await mount<AtelierFiles>(html`<atelier-files></atelier-files>`, { api, identity: new FakeIdentity(alice) });
    expect(visibleText(el)).to.equal('File storage arrives with S3 support in a coming release.');
    expect(api.calls).to.have.length(0);
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
    await expect(el).to.be.accessible();
  });

  it('speaks French under lang="fr"', async () => {
    const el = await mount<AtelierFiles>(html`<atelier-files lang="fr"></atelier-files>`);
    expect(visibleText(el)).to.contain('Connectez-vous pour voir vos fichiers.');
    expect(visibleText(el)).to.contain('Se connecter');
  });
});
