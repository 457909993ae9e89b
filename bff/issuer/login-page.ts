import type { Lang } from '../../components/api/types.js';
import { escapeHtml as escape } from '../http/html.js';
import type { DemoAccount } from './accounts.js';

const TEXT = {
  en: {
    title: 'Sign in',
    intro: (app: string) => `Sign in to ${app}.`,
    username: 'Username',
    password: 'Password',
    submit: 'Sign in',
    cancel: 'Cancel',
    wrong: 'Wrong username or password.',
    demoTitle: 'Demo accounts',
    demoIntro: 'This server runs in embedded mode, for trying Atelier. Its demo accounts are:',
  },
  fr: {
    title: 'Connexion',
    intro: (app: string) => `Connectez-vous à ${app}.`,
    username: 'Identifiant',
    password: 'Mot de passe',
    submit: 'Se connecter',
    cancel: 'Annuler',
    wrong: 'Identifiant ou mot de passe incorrect.',
    demoTitle: 'Comptes de démonstration',
    demoIntro: 'Ce serveur fonctionne en mode embarqué, pour essayer Atelier. Ses comptes de démonstration sont :',
  },
} satisfies Record<Lang, unknown>;

export interface LoginPageOptions {
  lang: Lang;
  appName: string;
  action: string;
  cancelAction: string;
  demoAccounts: DemoAccount[];
  username?: string;
  failed?: boolean;
}

/** The embedded issuer's sign-in page: a plain, accessible form, in English or French. */
export function renderLoginPage(options: LoginPageOptions): string {
  const t = TEXT[options.lang];
  const demo = options.demoAccounts
    .map((account) => `<li><code>${escape(account.username)}</code> / <code>${escape(account.password)}</code></li>`)
    .join('');
  return `<!doctype html>
<html lang="${options.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${t.title} — ${escape(options.appName)}</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; color: #1b1f24; background: #f4f5f7; margin: 0; display: grid; place-items: center; min-height: 100vh; }
  main { background: #fff; border: 1px solid #d0d4da; border-radius: 12px; padding: 2rem; width: min(24rem, 90vw); }
  h1 { margin-top: 0; font-size: 1.5rem; }
  label { display: block; margin-top: 1rem; font-weight: 600; }
  input { box-sizing: border-box; width: 100%; padding: .5rem; font: inherit; border: 1px solid #8a9099; border-radius: 6px; }
  .actions { display: flex; gap: .5rem; margin-top: 1.5rem; }
  button { font: inherit; padding: .5rem 1rem; border-radius: 6px; border: 1px solid #1d4ed8; background: #1d4ed8; color: #fff; cursor: pointer; }
  button.secondary { background: #fff; color: #1d4ed8; }
  :focus-visible { outline: 3px solid #f59e0b; outline-offset: 2px; }
  [role=alert] { color: #b42318; font-weight: 600; }
  aside { margin-top: 1.5rem; padding-top: 1rem; border-top: 1px solid #d0d4da; font-size: .9rem; }
</style>
</head>
<body>
<main>
  <h1>${t.title}</h1>
  <p>${t.intro(escape(options.appName))}</p>
  ${options.failed ? `<p role="alert">${t.wrong}</p>` : ''}
  <form method="post" action="${escape(options.action)}">
    <label for="username">${t.username}</label>
    <input id="username" name="username" autocomplete="username" required autofocus value="${escape(options.username ?? '')}">
    <label for="password">${t.password}</label>
    <input id="password" name="password" type="password" autocomplete="current-password" required>
    <div class="actions">
      <button type="submit">${t.submit}</button>
      <button type="submit" class="secondary" formaction="${escape(options.cancelAction)}" formnovalidate>${t.cancel}</button>
    </div>
  </form>
  ${demo ? `<aside><h2 style="font-size:1rem">${t.demoTitle}</h2><p>${t.demoIntro}</p><ul>${demo}</ul></aside>` : ''}
</main>
</body>
</html>`;
}
