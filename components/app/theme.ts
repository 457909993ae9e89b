/**
 * How `<atelier-app>` applies a theme: the theme's stylesheet (`<base>/themes/<name>.css`)
 * is linked in the document once, and the host carries `data-atelier-theme="<name>"`, so
 * the theme's tokens apply to it and everything inside (custom properties inherit through
 * shadow roots). The light default is neither linked nor forced: the elements' fallbacks
 * are the light theme, and the page's own stylesheets (light.css follows the reader's dark
 * preference) apply.
 */
export const THEME_NAME = /^[a-z0-9-]+$/;

const LINK_MARK = 'data-atelier-theme-link';

/** Links `<base>/themes/<name>.css` in the document head unless a stylesheet of that URL is there. */
export function linkTheme(document: Document, href: string): void {
  const already = [...document.querySelectorAll<HTMLLinkElement>('link[rel="stylesheet"]')].some((link) => link.href === href);
  if (already) return;
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = href;
  link.setAttribute(LINK_MARK, '');
  document.head.append(link);
}

/**
 * Applies `forced` (a page's `theme` attribute) or else the configured default to `host`;
 * `light`, the default, is left to the page unless forced. `resolve` turns
 * `/themes/<name>.css` into a URL of the BFF. An invalid name is ignored.
 */
export function applyTheme(host: HTMLElement, forced: string | null, configured: string | undefined, resolve: (path: string) => string): void {
  const name = forced || configured || 'light';
  if (!THEME_NAME.test(name)) return;
  if (!forced && name === 'light') {
    host.removeAttribute('data-atelier-theme');
    return;
  }
  linkTheme(host.ownerDocument, resolve(`/themes/${name}.css`));
  host.setAttribute('data-atelier-theme', name);
}
